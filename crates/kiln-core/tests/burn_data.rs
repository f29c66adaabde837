//! Data discs through the burn engine on the emulated drive: the same staged disc recorded by
//! the image-file recorder and on each emulated medium gives identical user data; the DVD+R
//! recipe's command sequence; capacity, blank-disc, simulation and multisession rules.

mod burn_support;

use burn_support::*;
use kiln_core::mmc::burn::{VirtualMedium, VirtualRecorder};
use kiln_core::transport::emulated::{EmulatedDrive, MediumKind};
use kiln_core::{Error, RecordOptions};
use std::sync::{Arc, Mutex};

#[test]
fn every_medium_holds_the_same_user_data_as_the_image_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    let iso = iso_of(dir.path(), &src);
    for kind in [
        MediumKind::DvdPlusR,
        MediumKind::BdR,
        MediumKind::CdR,
        MediumKind::DvdR,
        MediumKind::DvdPlusRw,
        MediumKind::BdRe,
        MediumKind::CdRw,
    ] {
        let backing = dir.path().join(format!("{kind:?}.disc"));
        let drive = shared(kind, Some(&backing));
        let events = Events::default();
        let mut m = data_master(recorder("emu", &drive), &src);
        m.subscribe(Box::new(events.clone()));
        m.record_disc(&RecordOptions::default())
            .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert_user_data(
            &std::fs::read(&backing).unwrap(),
            &iso,
            &format!("{kind:?}"),
        );
        assert_unlocked(&drive);
        let names = events.names();
        for e in [
            "PreparingBurn",
            "BlockProgress",
            "ClosingDisc",
            "Verifying",
            "BurnComplete",
        ] {
            assert!(
                names.iter().any(|n| n == e),
                "{kind:?}: no {e} in {names:?}"
            );
        }
        // The phases in order: the disc is closed before it is read back.
        let at = |e: &str| names.iter().position(|n| n == e).unwrap();
        assert!(
            at("ClosingDisc") < at("Verifying") && at("Verifying") < at("BurnComplete"),
            "{kind:?}: {names:?}"
        );
        let d = drive.lock().unwrap();
        let medium = d.medium().unwrap();
        if !kind.is_random() {
            assert!(medium.finalized, "{kind:?} was not finalized");
        }
        // Verify read back exactly the image's blocks.
        let read: u64 = d
            .commands()
            .iter()
            .filter(|c| c[0] == 0x28)
            .map(|c| u64::from(u16::from_be_bytes([c[7], c[8]])))
            .sum();
        assert_eq!(read * 2048, iso.len() as u64, "{kind:?}");
    }
}

#[test]
fn virtual_recorders_save_the_image_itself() {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    let iso = iso_of(dir.path(), &src);
    for medium in [
        VirtualMedium::DvdPlusR,
        VirtualMedium::BdR,
        VirtualMedium::CdR,
    ] {
        let out = dir.path().join(format!("{}.iso", medium.id()));
        let mut m = data_master(Box::new(VirtualRecorder::new(medium)), &src);
        m.record_disc(&RecordOptions {
            image_path: Some(out.clone()),
            ..RecordOptions::default()
        })
        .unwrap();
        assert!(std::fs::read(&out).unwrap() == iso, "{}", medium.id());
        let part = dir.path().join(format!(".{}.iso.part", medium.id()));
        assert!(!part.exists());
    }
}

#[test]
fn dvd_plus_r_command_sequence_follows_the_recipe() {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    let iso = iso_of(dir.path(), &src);
    let blocks = (iso.len() / 2048) as u32;
    let drive = shared(MediumKind::DvdPlusR, None);
    let mut m = data_master(recorder("emu", &drive), &src);
    m.record_disc(&RecordOptions::default()).unwrap();
    let log = log(&drive);
    // READ BUFFER CAPACITY is asked for the progress display, on a timer: at least once,
    // after the first chunk, and never as part of the recipe.
    assert!(
        log.iter()
            .any(|c| c[..] == [0x5C, 0, 0, 0, 0, 0, 0, 0, 12, 0]),
        "{log:02X?}"
    );
    let mut ops: Vec<u8> = log.iter().map(|c| c[0]).filter(|o| *o != 0x5C).collect();
    ops.dedup();
    assert_eq!(
        ops,
        [
            0x12, // INQUIRY
            0x00, // TEST UNIT READY
            0x1E, // PREVENT MEDIUM REMOVAL
            0x46, // GET CONFIGURATION (header, then all)
            0x51, // READ DISC INFORMATION
            0x52, // READ TRACK INFORMATION (invisible track)
            0xAC, // GET PERFORMANCE (write speeds)
            0xB6, // SET STREAMING (the fastest)
            0x2A, // WRITE(10) ...
            0x35, // SYNCHRONIZE CACHE (Immed)
            0x00, // ... until ready
            0x5B, // CLOSE TRACK
            0x00, 0x5B, // finalize
            0x00, 0x28, // verify: READ(10) ...
            0x1E, // ALLOW MEDIUM REMOVAL
        ],
        "{log:02X?}"
    );
    // No write parameters page on DVD+R; the invisible track is asked for.
    assert!(!log.iter().any(|c| c[0] == 0x55));
    let rti = log.iter().find(|c| c[0] == 0x52).unwrap();
    assert_eq!(&rti[1..6], &[1, 0, 0, 0, 0xFF]);
    // 32 KiB writes from LBA 0, contiguous, the last one padded to the ECC block.
    let writes: Vec<(u32, u16)> = log
        .iter()
        .filter(|c| c[0] == 0x2A)
        .map(|c| {
            (
                u32::from_be_bytes([c[2], c[3], c[4], c[5]]),
                u16::from_be_bytes([c[7], c[8]]),
            )
        })
        .collect();
    let mut next = 0;
    for (lba, n) in &writes {
        assert_eq!((*lba, *n), (next, 16));
        next += u32::from(*n);
    }
    assert_eq!(next, blocks.div_ceil(16) * 16);
    assert_eq!(
        log.iter().find(|c| c[0] == 0x35).unwrap()[..2],
        [0x35, 0x02]
    );
    let closes: Vec<&Vec<u8>> = log.iter().filter(|c| c[0] == 0x5B).collect();
    assert_eq!(closes[0][..6], [0x5B, 0x01, 0x01, 0x00, 0x00, 0x01]); // Immed, track 1
    assert_eq!(closes[1][..6], [0x5B, 0x01, 0x05, 0x00, 0x00, 0x00]); // finalize (101b)
    assert_eq!(log.last().unwrap()[..6], [0x1E, 0, 0, 0, 0, 0]);
}

#[test]
fn cd_tao_sets_page_05_pads_to_300_blocks_and_closes_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let src = tiny_tree(dir.path());
    let iso = iso_of(dir.path(), &src);
    assert!(iso.len() / 2048 < 300);
    let backing = dir.path().join("cd.disc");
    let drive = shared(MediumKind::CdR, Some(&backing));
    let mut m = data_master(recorder("emu", &drive), &src);
    m.record_disc(&RecordOptions::default()).unwrap();
    assert_user_data(&std::fs::read(&backing).unwrap(), &iso, "CD-R");
    let log = log(&drive);
    let page = log.iter().position(|c| c[0] == 0x55).unwrap();
    let first_write = log.iter().position(|c| c[0] == 0x2A).unwrap();
    assert!(page < first_write);
    assert_eq!(log[page][1], 0x10, "MODE SELECT with PF");
    let d = drive.lock().unwrap();
    let track = &d.medium().unwrap().tracks[0];
    assert_eq!(track.recorded, 300);
    assert!(d.medium().unwrap().finalized);
    // No CLOSE TRACK on CD TAO, one CLOSE SESSION.
    let closes: Vec<&Vec<u8>> = log.iter().filter(|c| c[0] == 0x5B).collect();
    assert_eq!(closes.len(), 1);
    assert_eq!(closes[0][2], 0x02);
}

#[test]
fn multisession_leaves_the_disc_appendable_and_a_used_disc_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let src = tiny_tree(dir.path());
    for kind in [
        MediumKind::DvdPlusR,
        MediumKind::BdR,
        MediumKind::CdR,
        MediumKind::DvdR,
    ] {
        let drive = shared(kind, None);
        let mut m = data_master(recorder("emu", &drive), &src);
        m.record_disc(&RecordOptions {
            multisession: true,
            ..RecordOptions::default()
        })
        .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        {
            let d = drive.lock().unwrap();
            let medium = d.medium().unwrap();
            assert!(!medium.finalized && medium.closed_sessions == 1, "{kind:?}");
        }
        let mut m = data_master(recorder("emu", &drive), &src);
        match m.record_disc(&RecordOptions::default()) {
            Err(Error::MediumInvalid { recorder, reason }) => {
                assert!(recorder.contains("emu"), "{recorder}");
                assert!(reason.contains("blank disc"), "{reason}");
            }
            other => panic!("{kind:?}: {other:?}"),
        }
        assert_unlocked(&drive);
    }
}

#[test]
fn simulation_is_a_test_write_where_the_medium_has_one() {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    for kind in [MediumKind::CdR, MediumKind::DvdR] {
        let drive = shared(kind, None);
        let mut m = data_master(recorder("emu", &drive), &src);
        m.record_disc(&RecordOptions {
            simulate: true,
            ..RecordOptions::default()
        })
        .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        let d = drive.lock().unwrap();
        assert!(d.medium().unwrap().is_blank(), "{kind:?} was written");
        let select = d.commands().iter().find(|c| c[0] == 0x55).is_some();
        assert!(select);
        assert!(!d.commands().iter().any(|c| c[0] == 0x28), "no verify");
    }
    for kind in [MediumKind::DvdPlusR, MediumKind::BdR, MediumKind::BdRe] {
        let drive = shared(kind, None);
        let mut m = data_master(recorder("emu", &drive), &src);
        let err = m
            .record_disc(&RecordOptions {
                simulate: true,
                ..RecordOptions::default()
            })
            .unwrap_err();
        assert!(
            matches!(&err, Error::MediumInvalid { reason, .. } if reason.contains("simulation")),
            "{err}"
        );
        assert!(!log(&drive).iter().any(|c| c[0] == 0x2A));
        assert_unlocked(&drive);
    }
}

#[test]
fn a_full_disc_and_a_missing_disc_are_refused_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    let drive = Arc::new(Mutex::new(
        EmulatedDrive::new(MediumKind::DvdPlusR).with_capacity(200),
    ));
    let mut m = data_master(recorder("emu", &drive), &src);
    let err = m.record_disc(&RecordOptions::default()).unwrap_err();
    assert!(
        matches!(err, Error::DiscFull { missing_blocks, .. } if missing_blocks > 300),
        "{err}"
    );
    assert!(!log(&drive).iter().any(|c| c[0] == 0x2A));
    assert_unlocked(&drive);

    let empty = Arc::new(Mutex::new(EmulatedDrive::empty()));
    let mut m = data_master(recorder("emu", &empty), &src);
    let err = m.record_disc(&RecordOptions::default()).unwrap_err();
    assert!(
        matches!(&err, Error::MediumNotPresent { recorder } if recorder.contains("emu")),
        "{err}"
    );

    // A hard disk behind the same transport is never written.
    let disk = Arc::new(Mutex::new(
        EmulatedDrive::new(MediumKind::DvdPlusR).with_peripheral_type(0),
    ));
    let mut m = data_master(recorder("emu", &disk), &src);
    let err = m.record_disc(&RecordOptions::default()).unwrap_err();
    assert!(matches!(err, Error::DeviceNotAccessible { .. }), "{err}");
    assert!(!log(&disk).iter().any(|c| c[0] == 0x2A || c[0] == 0x1E));
}

#[test]
fn eject_after_a_successful_burn_opens_the_tray() {
    let dir = tempfile::tempdir().unwrap();
    let src = tiny_tree(dir.path());
    let drive = shared(MediumKind::DvdPlusR, None);
    let mut m = data_master(recorder("emu", &drive), &src);
    m.record_disc(&RecordOptions {
        eject: true,
        ..RecordOptions::default()
    })
    .unwrap();
    let log = log(&drive);
    let n = log.len();
    assert_eq!(log[n - 2][..5], [0x1E, 0, 0, 0, 0], "unlocked first");
    assert_eq!(log[n - 1][0], 0x1B);
    assert_eq!(log[n - 1][4], 0x02, "LoEj");
    assert!(drive.lock().unwrap().medium().is_none(), "the disc is out");
}

#[test]
fn the_write_speed_listed_is_the_one_chosen() {
    // DiscMaster::write_speeds (what the window lists) is the drive's own list, and a speed
    // picked from it is the one sent (SET CD SPEED on a CD, SET STREAMING on a DVD).
    let dir = tempfile::tempdir().unwrap();
    let src = tiny_tree(dir.path());
    for (kind, opcode) in [(MediumKind::CdR, 0xBB), (MediumKind::DvdPlusR, 0xB6)] {
        let drive = shared(kind, None);
        let mut m = data_master(recorder("emu", &drive), &src);
        let speeds = m.write_speeds().unwrap();
        assert!(speeds.len() >= 2, "{kind:?}: {speeds:?}");
        assert!(
            speeds.windows(2).all(|w| w[0].kbps > w[1].kbps),
            "fastest first"
        );
        let listed: Vec<u32> = m
            .medium_info()
            .unwrap()
            .write_speeds
            .iter()
            .map(|s| s.kbps)
            .collect();
        assert_eq!(speeds.iter().map(|s| s.kbps).collect::<Vec<_>>(), listed);
        let pick = speeds[1];
        let drive = shared(kind, None);
        let mut m = data_master(recorder("emu", &drive), &src);
        m.record_disc(&RecordOptions {
            speed: Some(pick.x),
            ..RecordOptions::default()
        })
        .unwrap();
        let sent: Vec<Vec<u8>> = log(&drive).into_iter().filter(|c| c[0] == opcode).collect();
        assert_eq!(sent.len(), 1, "{kind:?}");
        if opcode == 0xBB {
            // SET CD SPEED: read speed (bytes 2-3) at the maximum, write speed in bytes 4-5
            // (a few kB/s above the listed speed, as drives round down).
            assert_eq!(sent[0][2..4], [0xFF, 0xFF]);
            let w = u32::from(u16::from_be_bytes([sent[0][4], sent[0][5]]));
            assert!((pick.kbps..=pick.kbps + 2).contains(&w), "{w} for {pick:?}");
        }
        assert_unlocked(&drive);
    }
    // The image-file recorder has no speeds.
    let mut m = data_master(Box::new(kiln_core::recorder::ImageFileRecorder), &src);
    assert!(m.write_speeds().unwrap().is_empty());
}

#[test]
fn a_data_cd_written_session_at_once_holds_the_image_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    let iso = iso_of(dir.path(), &src);
    let backing = dir.path().join("sao.disc");
    let drive = shared(MediumKind::CdR, Some(&backing));
    let mut m = data_master(recorder("emu", &drive), &src);
    let sao = RecordOptions {
        cd_sao: true,
        ..RecordOptions::default()
    };
    m.record_disc(&sao).unwrap();
    assert_user_data(&std::fs::read(&backing).unwrap(), &iso, "CD-R SAO");
    assert_unlocked(&drive);
    let commands = log(&drive);
    // SEND CUE SHEET of four 8-byte entries (lead-in, pregap, track, lead-out).
    let cue: Vec<&Vec<u8>> = commands.iter().filter(|c| c[0] == 0x5D).collect();
    assert_eq!(cue.len(), 1);
    assert_eq!(&cue[0][6..9], [0, 0, 32]);
    // The first WRITE(10) is the pregap: 150 blocks from LBA −150.
    let first_write = commands.iter().find(|c| c[0] == 0x2A).unwrap();
    assert_eq!(&first_write[2..6], (-150i32).to_be_bytes());
    assert_eq!(&first_write[7..9], 150u16.to_be_bytes());
    // Session at once closes nothing: the lead-out is written with the cache flush.
    assert_eq!(closes(&drive), []);
    assert!(drive.lock().unwrap().medium().unwrap().finalized);
    // The recorded disc, as readers see it.
    let blocks = iso.len() / 2048;
    let cut = cut_image(&backing, blocks, &dir.path().join("sao.iso"));
    validate_iso(&cut, "deep");

    // Session at once needs a blank disc: an appendable one is refused before any write.
    let open = shared(MediumKind::CdR, None);
    let mut first = data_master(recorder("emu", &open), &src);
    first
        .record_disc(&RecordOptions {
            multisession: true,
            ..RecordOptions::default()
        })
        .unwrap();
    let writes_before = log(&open).iter().filter(|c| c[0] == 0x2A).count();
    let mut second = data_master(recorder("emu", &open), &src);
    let e = second.record_disc(&sao).unwrap_err();
    assert!(
        matches!(&e, Error::MediumInvalid { reason, .. } if reason.contains("session at once")),
        "{e:?}"
    );
    assert_eq!(
        log(&open).iter().filter(|c| c[0] == 0x2A).count(),
        writes_before
    );
}
