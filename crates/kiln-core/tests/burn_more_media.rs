//! The burn engine on the media added after the first seven, end to end on the emulated drive:
//! DVD±R DL, DVD-RW blanked back to sequential (and written disc at once after a minimal
//! blank), unformatted DVD-RAM and BD-RE (formatted first, with progress), BD-R with
//! pseudo-overwrite and BD-R RRM. Each recorded disc holds the image-file recorder's image
//! and passes the independent readers (xorriso, isoinfo, 7z, bsdtar).

mod burn_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use burn_support::*;
use kiln_core::mmc::burn::DriveRecorder;
use kiln_core::progress::{ProgressEvent, Silent};
use kiln_core::recorder::Recorder;
use kiln_core::transport::emulated::{EmulatedDrive, Fault, FaultTrigger, MediumKind};
use kiln_core::transport::{CommandOutcome, DataDirection, ScsiTransport, TransportError};
use kiln_core::{Error, Format, RecordOptions, RecorderInfo, RecorderKind};

/// Burns the test tree on a fresh `kind`, checks the recorded user data against the image
/// file and runs the readers on it. Returns the drive.
fn burn_and_validate(kind: MediumKind, options: &RecordOptions) -> Shared {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    let iso = iso_of(dir.path(), &src);
    let backing = dir.path().join("disc");
    let drive = shared(kind, Some(&backing));
    data_master(recorder("emu", &drive), &src)
        .record_disc(options)
        .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
    assert_user_data(
        &std::fs::read(&backing).unwrap(),
        &iso,
        &format!("{kind:?}"),
    );
    assert_unlocked(&drive);
    let image = cut_image(&backing, iso.len() / 2048, &dir.path().join("recorded.iso"));
    validate_iso(&image, "big.bin");
    drive
}

/// FORMAT UNIT parameter lists sent (after a `04 11 00 00 00 00` CDB).
fn format_lists(drive: &Recording) -> Vec<Vec<u8>> {
    parameter_lists(drive, 0x04)
}

/// Parameter lists sent with operation `op`.
fn parameter_lists(drive: &Recording, op: u8) -> Vec<Vec<u8>> {
    drive
        .lists
        .lock()
        .unwrap()
        .iter()
        .filter(|(o, _)| *o == op)
        .map(|(_, l)| l.clone())
        .collect()
}

/// Parameter lists sent, with their operation code.
type Lists = Arc<Mutex<Vec<(u8, Vec<u8>)>>>;

/// The shared emulated drive, keeping FORMAT UNIT parameter lists and optionally hiding the
/// progress of TEST UNIT READY's sense (as the hp dvd100i does, per growisofs).
#[derive(Clone)]
struct Recording {
    drive: Shared,
    lists: Lists,
    hide_tur_progress: bool,
}

impl ScsiTransport for Recording {
    fn execute(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
        timeout: Duration,
    ) -> Result<CommandOutcome, TransportError> {
        if let (0x04 | 0xBF, DataDirection::ToDevice(data)) = (cdb[0], &dir) {
            self.lists.lock().unwrap().push((cdb[0], data.to_vec()));
        }
        let mut out = self.drive.execute(cdb, dir, timeout)?;
        if self.hide_tur_progress && cdb[0] == 0x00 && out.sense.len() >= 18 {
            // Clear SKSV and the progress bytes.
            out.sense[15] = 0;
            out.sense[16] = 0;
            out.sense[17] = 0;
        }
        Ok(out)
    }
}

fn recording(drive: &Shared, hide_tur_progress: bool) -> (Box<dyn Recorder>, Recording) {
    let r = Recording {
        drive: drive.clone(),
        lists: Default::default(),
        hide_tur_progress,
    };
    let inner = r.clone();
    let info = RecorderInfo {
        id: "emu".into(),
        kind: RecorderKind::Emulated,
        name: "Test drive".into(),
        formats: vec![Format::Data],
    };
    let rec = DriveRecorder::new(info, move |_: &RecordOptions| Ok(inner.clone()))
        .with_poll_interval(Duration::from_millis(1));
    (Box::new(rec), r)
}

fn writes(drive: &Shared) -> usize {
    log(drive).iter().filter(|c| c[0] == 0x2A).count()
}

#[test]
fn a_dvd_plus_r_dl_is_finalized_with_close_function_101b() {
    let drive = burn_and_validate(MediumKind::DvdPlusRDl, &RecordOptions::default());
    // CLOSE TRACK 1 (5B 01 01 00 00 01), then finalize with minimal radius (5B 01 05): the
    // function growisofs uses for DL discs, as the drive refuses 110b (HP dvd520n).
    assert_eq!(closes(&drive), [(1, 1), (5, 0)]);
    let log = log(&drive);
    let close: Vec<&Vec<u8>> = log.iter().filter(|c| c[0] == 0x5B).collect();
    assert_eq!(close[0][..10], [0x5B, 0x01, 0x01, 0, 0, 0x01, 0, 0, 0, 0]);
    assert_eq!(close[1][..10], [0x5B, 0x01, 0x05, 0, 0, 0, 0, 0, 0, 0]);
    // No page 05h on DVD+R (MMC-NOTES 1.6); NWA from track FFh: 52 01 00 00 00 FF.
    assert!(!log.iter().any(|c| c[0] == 0x55));
    assert!(log
        .iter()
        .any(|c| c[0] == 0x52 && c[1] == 0x01 && c[2..6] == [0, 0, 0, 0xFF]));
    let d = drive.lock().unwrap();
    let m = d.medium().unwrap();
    assert!(m.finalized);
    assert_eq!(m.raw_capacity, 4_173_824);
}

#[test]
fn a_dvd_plus_r_dl_can_be_left_appendable() {
    let drive = burn_and_validate(
        MediumKind::DvdPlusRDl,
        &RecordOptions {
            multisession: true,
            ..RecordOptions::default()
        },
    );
    assert_eq!(closes(&drive), [(1, 1), (2, 0)]);
    let d = drive.lock().unwrap();
    let m = d.medium().unwrap();
    assert!(!m.finalized);
    assert_eq!(m.closed_sessions, 1);
}

#[test]
fn a_dvd_r_dl_is_written_incrementally_and_refuses_multisession() {
    let drive = burn_and_validate(MediumKind::DvdRDl, &RecordOptions::default());
    assert_eq!(closes(&drive), [(1, 1), (2, 0)]);
    assert!(drive.lock().unwrap().medium().unwrap().finalized);
    assert_eq!(MediumKind::DvdRDl.capacity(), 4_171_712);

    let dir = tempfile::tempdir().unwrap();
    let src = tiny_tree(dir.path());
    let drive = shared(MediumKind::DvdRDl, None);
    let err = data_master(recorder("emu", &drive), &src)
        .record_disc(&RecordOptions {
            multisession: true,
            ..RecordOptions::default()
        })
        .unwrap_err();
    let Error::MediumInvalid { recorder, reason } = &err else {
        panic!("{err}")
    };
    assert_eq!(recorder, "Test drive (emu)");
    assert!(reason.contains("DVD-R DL") && reason.contains("no multisession"));
    assert!(reason.contains("still blank"), "{reason}");
    assert_eq!(writes(&drive), 0, "nothing is written");
    assert_unlocked(&drive);
}

#[test]
fn erasing_a_dvd_rw_makes_it_sequential_and_a_minimal_blank_is_written_disc_at_once() {
    // Restricted overwrite → full blank: A1 10 (Immed, type 000b) → sequential 0014h.
    let drive = shared(MediumKind::DvdRwRestricted, None);
    let mut rec = recorder("emu", &drive);
    rec.erase(false, &mut Silent).unwrap();
    let blanks: Vec<Vec<u8>> = log(&drive).into_iter().filter(|c| c[0] == 0xA1).collect();
    assert_eq!(blanks, [vec![0xA1, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]);
    assert_eq!(
        drive.lock().unwrap().medium().unwrap().kind,
        MediumKind::DvdRw
    );
    assert_unlocked(&drive);

    // A sequential one, minimal blank: A1 11.
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    let iso = iso_of(dir.path(), &src);
    let backing = dir.path().join("disc");
    let drive = shared(MediumKind::DvdRw, Some(&backing));
    let mut rec = recorder("emu", &drive);
    rec.erase(true, &mut Silent).unwrap();
    assert!(log(&drive)
        .iter()
        .any(|c| c[..2] == [0xA1, 0x11] && c[2..].iter().all(|b| *b == 0)));
    let m = drive.lock().unwrap().medium().unwrap().clone();
    assert_eq!(m.kind, MediumKind::DvdRw);
    assert!(m.incremental_lost);

    // Incremental recording is gone: the burn goes disc at once (page 05h write type 2,
    // RESERVE TRACK of the whole padded image, no CLOSE).
    data_master(recorder("emu", &drive), &src)
        .record_disc(&RecordOptions::default())
        .unwrap();
    let log = log(&drive);
    let page = log
        .iter()
        .rposition(|c| c[0] == 0x55)
        .expect("page 05h was sent");
    let blocks = (iso.len() / 2048).div_ceil(16) * 16;
    let reserve = log
        .iter()
        .position(|c| c[0] == 0x53)
        .expect("RESERVE TRACK was sent");
    assert_eq!(
        log[reserve][..10],
        [
            0x53,
            0,
            0,
            0,
            0,
            (blocks >> 24) as u8,
            (blocks >> 16) as u8,
            (blocks >> 8) as u8,
            blocks as u8,
            0
        ]
    );
    assert!(page < reserve);
    let first_write = log.iter().position(|c| c[0] == 0x2A).unwrap();
    assert!(reserve < first_write);
    assert!(
        !log[first_write..].iter().any(|c| c[0] == 0x5B),
        "disc at once has no CLOSE"
    );
    let m = drive.lock().unwrap().medium().unwrap().clone();
    assert!(m.finalized, "the disc at once track closes the disc");
    assert_user_data(&std::fs::read(&backing).unwrap(), &iso, "DVD-RW DAO");
    let image = cut_image(&backing, iso.len() / 2048, &dir.path().join("rec.iso"));
    validate_iso(&image, "big.bin");

    // Multisession is refused on it, before writing, saying how to get it back.
    let drive = shared(MediumKind::DvdRw, None);
    recorder("emu", &drive).erase(true, &mut Silent).unwrap();
    let err = data_master(recorder("emu", &drive), &tiny_tree(dir.path()))
        .record_disc(&RecordOptions {
            multisession: true,
            ..RecordOptions::default()
        })
        .unwrap_err();
    assert!(err.to_string().contains("kiln erase --full"), "{err}");
    // Simulation too: RESERVE TRACK has no test mode.
    let err = data_master(recorder("emu", &drive), &tiny_tree(dir.path()))
        .record_disc(&RecordOptions {
            simulate: true,
            ..RecordOptions::default()
        })
        .unwrap_err();
    assert!(err.to_string().contains("does not simulate"), "{err}");
    assert_eq!(writes(&drive), 0);
    assert!(
        !burn_support::log(&drive).iter().any(|c| c[0] == 0x53),
        "nothing reserved"
    );
}

#[test]
fn a_full_erase_brings_back_incremental_recording() {
    let drive = shared(MediumKind::DvdRw, None);
    let mut rec = recorder("emu", &drive);
    rec.erase(true, &mut Silent).unwrap();
    rec.erase(false, &mut Silent).unwrap();
    assert!(!drive.lock().unwrap().medium().unwrap().incremental_lost);
    let dir = tempfile::tempdir().unwrap();
    data_master(recorder("emu", &drive), &tiny_tree(dir.path()))
        .record_disc(&RecordOptions::default())
        .unwrap();
    assert!(
        !burn_support::log(&drive).iter().any(|c| c[0] == 0x53),
        "no RESERVE TRACK"
    );
    assert_eq!(closes(&drive), [(1, 1), (2, 0)]);
}

#[test]
fn other_media_are_not_erased() {
    let drive = shared(MediumKind::DvdPlusR, None);
    let err = recorder("emu", &drive)
        .erase(true, &mut Silent)
        .unwrap_err();
    assert!(err.to_string().contains("CD-RW and DVD-RW"), "{err}");
    assert!(!log(&drive).iter().any(|c| c[0] == 0xA1));
}

#[test]
fn an_unformatted_dvd_ram_is_formatted_with_type_00h_and_progress() {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    let iso = iso_of(dir.path(), &src);
    let backing = dir.path().join("disc");
    let drive = Arc::new(Mutex::new(
        EmulatedDrive::new(MediumKind::DvdRam)
            .with_backing_file(&backing)
            .unwrap()
            .with_immediate_polls(4),
    ));
    let (rec, recording) = recording(&drive, false);
    let events = Events::default();
    let mut m = data_master(rec, &src);
    m.subscribe(Box::new(events.clone()));
    m.record_disc(&RecordOptions::default()).unwrap();
    // FORMAT UNIT 04 11 00 00 00 00; list: FOV + Immed, length 8; 2,236,704 blocks
    // (0022 2120h), type 00h, block length 800h as offered.
    assert!(log(&drive)
        .iter()
        .any(|c| c[..6] == [0x04, 0x11, 0, 0, 0, 0]));
    assert_eq!(
        format_lists(&recording),
        [vec![
            0x00, 0x82, 0x00, 0x08, 0x00, 0x22, 0x21, 0x20, 0x00, 0x00, 0x08, 0x00
        ]]
    );
    let estimates = events
        .list
        .lock()
        .unwrap()
        .iter()
        .filter(|e| matches!(e, ProgressEvent::PreparingBurn { .. }))
        .count();
    assert!(
        estimates >= 3,
        "progress while formatting: {:?}",
        events.names()
    );
    assert_user_data(&std::fs::read(&backing).unwrap(), &iso, "DVD-RAM");
    validate_iso(
        &cut_image(&backing, iso.len() / 2048, &dir.path().join("r.iso")),
        "big.bin",
    );
}

#[test]
fn format_progress_comes_from_request_sense_when_test_unit_ready_has_none() {
    let dir = tempfile::tempdir().unwrap();
    let drive = Arc::new(Mutex::new(
        EmulatedDrive::new(MediumKind::BdRe).with_immediate_polls(3),
    ));
    let (rec, _) = recording(&drive, true);
    let events = Events::default();
    let mut m = data_master(rec, &tiny_tree(dir.path()));
    m.subscribe(Box::new(events.clone()));
    m.record_disc(&RecordOptions::default()).unwrap();
    let log = log(&drive);
    let format = log.iter().position(|c| c[0] == 0x04).unwrap();
    let first_write = log.iter().position(|c| c[0] == 0x2A).unwrap();
    assert!(
        log[format..first_write]
            .iter()
            .any(|c| c[..6] == [0x03, 0, 0, 0, 18, 0]),
        "REQUEST SENSE 03 00 00 00 12 00 asked for the progress"
    );
    let prep = events
        .list
        .lock()
        .unwrap()
        .iter()
        .filter(|e| matches!(e, ProgressEvent::PreparingBurn { .. }))
        .count();
    assert!(prep >= 2, "{:?}", events.names());
}

#[test]
fn a_bd_re_is_formatted_without_spares_unless_defect_management_is_asked_for() {
    for (defect_management, list) in [
        // 31h subtype 01b (C5h): 12,219,392 blocks (00BA 7400h), no spares, block length 800h.
        (
            false,
            [
                0x00, 0x82, 0x00, 0x08, 0x00, 0xBA, 0x74, 0x00, 0xC5, 0x00, 0x08, 0x00,
            ],
        ),
        // 00h: the drive's default format with spares, 11,826,176 blocks (00B4 7400h).
        (
            true,
            [
                0x00, 0x82, 0x00, 0x08, 0x00, 0xB4, 0x74, 0x00, 0x00, 0x00, 0x30, 0x00,
            ],
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let src = source_tree(dir.path());
        let iso = iso_of(dir.path(), &src);
        let backing = dir.path().join("disc");
        let drive = shared(MediumKind::BdRe, Some(&backing));
        let (rec, recording) = recording(&drive, false);
        data_master(rec, &src)
            .record_disc(&RecordOptions {
                defect_management,
                ..RecordOptions::default()
            })
            .unwrap();
        assert_eq!(format_lists(&recording), [list.to_vec()]);
        assert_eq!(closes(&drive), [], "a BD-RE is not closed");
        assert_user_data(&std::fs::read(&backing).unwrap(), &iso, "BD-RE");
        validate_iso(
            &cut_image(&backing, iso.len() / 2048, &dir.path().join("r.iso")),
            "big.bin",
        );
    }
}

#[test]
fn a_pseudo_overwrite_bd_r_closes_only_its_track() {
    for multisession in [false, true] {
        let drive = burn_and_validate(
            MediumKind::BdRPow,
            &RecordOptions {
                multisession,
                ..RecordOptions::default()
            },
        );
        // CLOSE TRACK 1 only: CLOSE SESSION would fail with 5/24/00 on this disc.
        assert_eq!(closes(&drive), [(1, 1)], "multisession {multisession}");
        let d = drive.lock().unwrap();
        assert!(!d.medium().unwrap().finalized);
    }
}

#[test]
fn a_bd_r_in_random_recording_mode_is_written_in_place_once() {
    let drive = burn_and_validate(MediumKind::BdRRrm, &RecordOptions::default());
    assert_eq!(closes(&drive), []);
    let writes: Vec<u32> = log(&drive)
        .iter()
        .filter(|c| c[0] == 0x2A)
        .map(|c| u32::from_be_bytes([c[2], c[3], c[4], c[5]]))
        .collect();
    assert_eq!(writes[0], 0);
    assert!(
        !log(&drive).iter().any(|c| c[0] == 0x04),
        "already formatted"
    );

    // A second burn on the same disc is refused before writing.
    let dir = tempfile::tempdir().unwrap();
    let before = log(&drive).len();
    let err = data_master(recorder("emu", &drive), &tiny_tree(dir.path()))
        .record_disc(&RecordOptions::default())
        .unwrap_err();
    assert!(err.to_string().contains("random recording mode"), "{err}");
    assert!(!log(&drive)[before..].iter().any(|c| c[0] == 0x2A));
    assert_unlocked(&drive);
}

#[test]
fn a_dvd_plus_r_dl_recording_longer_than_layer_0_is_split_in_the_middle() {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    let iso = iso_of(dir.path(), &src);
    let blocks = iso.len() / 2048;
    // A disc shrunk so that the recording does not fit layer 0 (half the disc).
    let capacity = (blocks as u32 * 3 / 2) & !15;
    let backing = dir.path().join("disc");
    let drive = Arc::new(Mutex::new(
        EmulatedDrive::new(MediumKind::DvdPlusRDl)
            .with_capacity(capacity)
            .with_backing_file(&backing)
            .unwrap(),
    ));
    let (rec, recording) = recording(&drive, false);
    data_master(rec, &src)
        .record_disc(&RecordOptions::default())
        .unwrap();
    let cdbs = log(&drive);
    // READ DISC STRUCTURE format 20h, 12 bytes: AD 00 00 00 00 00 00 20 00 0C 00 00, then
    // SEND DISC STRUCTURE format 20h with 12 bytes, before the first WRITE.
    let read = cdbs
        .iter()
        .position(|c| c[0] == 0xAD)
        .expect("READ DISC STRUCTURE");
    assert_eq!(
        cdbs[read][..12],
        [0xAD, 0, 0, 0, 0, 0, 0, 0x20, 0, 12, 0, 0]
    );
    let send = cdbs
        .iter()
        .position(|c| c[0] == 0xBF)
        .expect("SEND DISC STRUCTURE");
    assert_eq!(
        cdbs[send][..12],
        [0xBF, 0, 0, 0, 0, 0, 0, 0x20, 0, 12, 0, 0]
    );
    assert!(read < send && send < cdbs.iter().position(|c| c[0] == 0x2A).unwrap());
    let split = (blocks.div_ceil(16).div_ceil(2) * 16) as u32;
    let mut list = vec![0u8, 10, 0, 0, 0, 0, 0, 0];
    list.extend(split.to_be_bytes());
    assert_eq!(parameter_lists(&recording, 0xBF), [list]);
    assert_eq!(
        drive.lock().unwrap().medium().unwrap().layer0_fixed,
        Some(split)
    );
    assert_eq!(closes(&drive), [(1, 1), (5, 0)]);
    assert_user_data(&std::fs::read(&backing).unwrap(), &iso, "DVD+R DL split");
    validate_iso(
        &cut_image(&backing, blocks, &dir.path().join("r.iso")),
        "big.bin",
    );

    // A recording that fits layer 0 is not split; an appendable one is not asked at all.
    let drive = shared(MediumKind::DvdPlusRDl, None);
    data_master(recorder("emu", &drive), &tiny_tree(dir.path()))
        .record_disc(&RecordOptions::default())
        .unwrap();
    assert!(log(&drive).iter().any(|c| c[0] == 0xAD));
    assert!(!log(&drive).iter().any(|c| c[0] == 0xBF));
    let drive = shared(MediumKind::DvdPlusRDl, None);
    data_master(recorder("emu", &drive), &tiny_tree(dir.path()))
        .record_disc(&RecordOptions {
            multisession: true,
            ..RecordOptions::default()
        })
        .unwrap();
    assert!(!log(&drive).iter().any(|c| c[0] == 0xAD || c[0] == 0xBF));
}

#[test]
fn a_failed_format_says_the_disc_needs_formatting_again_and_unlocks_the_tray() {
    let dir = tempfile::tempdir().unwrap();
    let drive = shared(MediumKind::BdRe, None);
    // 3/31/01 FORMAT COMMAND FAILED (SPC-3).
    drive
        .lock()
        .unwrap()
        .inject(Fault::new(FaultTrigger::Command(0x04), 3, 0x31, 0x01));
    let err = data_master(recorder("emu", &drive), &tiny_tree(dir.path()))
        .record_disc(&RecordOptions::default())
        .unwrap_err();
    let Error::MediumInvalid { recorder, reason } = &err else {
        panic!("{err}")
    };
    assert_eq!(recorder, "Test drive (emu)");
    assert!(reason.starts_with("formatting the disc: "), "{reason}");
    assert!(reason.contains("formatted again"), "{reason}");
    assert_eq!(writes(&drive), 0);
    assert_unlocked(&drive);
}

#[test]
fn erasing_reports_the_drives_progress() {
    let drive = Arc::new(Mutex::new(
        EmulatedDrive::new(MediumKind::DvdRwRestricted).with_immediate_polls(4),
    ));
    let dir = tempfile::tempdir().unwrap();
    let events = Events::default();
    let mut m = data_master(recorder("emu", &drive), &tiny_tree(dir.path()));
    m.subscribe(Box::new(events.clone()));
    m.erase(false).unwrap();
    assert!(events.names().iter().any(|n| n == "EraseComplete"));
    let estimates = events
        .list
        .lock()
        .unwrap()
        .iter()
        .filter(|e| matches!(e, ProgressEvent::PreparingBurn { .. }))
        .count();
    // The first estimate before BLANK, then one per progress figure while blanking.
    assert!(estimates >= 4, "{:?}", events.names());
    assert_eq!(
        drive.lock().unwrap().medium().unwrap().kind,
        MediumKind::DvdRw
    );
    assert_unlocked(&drive);
}
