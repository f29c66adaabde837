//! Audio CDs through the burn engine (CD SAO on the emulated drive) and CD-RW erasing.

mod burn_support;

use burn_support::*;
use kiln_core::mmc::burn::{VirtualMedium, VirtualRecorder};
use kiln_core::recorder::{ImageFileRecorder, Recorder};
use kiln_core::transport::emulated::MediumKind;
use kiln_core::{DiscMaster, Error, Format, RecordOptions};

const BLOCK: usize = 2352;

fn blocks(n: usize, seed: u8) -> Vec<u8> {
    (0..n * BLOCK)
        .map(|i| ((i as u32).wrapping_mul(2_654_435_761) >> 13) as u8 ^ seed)
        .collect()
}

/// Three tracks: 2 s pregap default, a gapless one, a 1 s pregap.
fn audio_master(recorder: Box<dyn Recorder>) -> DiscMaster {
    let id = recorder.info().id;
    let mut m = DiscMaster::with_recorders(vec![recorder]);
    m.open().unwrap();
    m.set_active_format(Format::Audio).unwrap();
    m.set_active_recorder(&id).unwrap();
    for (n, seed, pregap) in [(400, 1, None), (320, 2, Some(0)), (350, 3, Some(75))] {
        m.create_audio_track_with(n as u64, Default::default(), pregap)
            .unwrap();
        m.add_audio_track_blocks(&blocks(n, seed)).unwrap();
        m.close_audio_track().unwrap();
    }
    m
}

fn reference_bin(dir: &std::path::Path) -> Vec<u8> {
    let cue = dir.join("ref.cue");
    let mut m = audio_master(Box::new(ImageFileRecorder));
    m.record_disc(&RecordOptions {
        image_path: Some(cue),
        ..RecordOptions::default()
    })
    .unwrap();
    std::fs::read(dir.join("ref.bin")).unwrap()
}

#[test]
fn cd_sao_audio_equals_the_image_files_bin() {
    let dir = tempfile::tempdir().unwrap();
    let bin = reference_bin(dir.path());
    let drive = shared(MediumKind::CdR, None);
    let events = Events::default();
    let mut m = audio_master(recorder("emu", &drive));
    m.subscribe(Box::new(events.clone()));
    m.record_disc(&RecordOptions::default()).unwrap();
    let d = drive.lock().unwrap();
    let mut disc = Vec::new();
    for lba in 0..(bin.len() / BLOCK) as u32 {
        disc.extend_from_slice(d.audio_block(lba).unwrap_or(&[0; BLOCK]));
    }
    assert!(disc == bin, "the disc's audio differs from the BIN");
    assert!(d.medium().unwrap().finalized);
    let log = d.commands().to_vec();
    drop(d);
    // Page 05h says SAO, then the cue sheet, then WRITEs from LBA −150, SYNC, no CLOSE.
    let page = log.iter().position(|c| c[0] == 0x55).unwrap();
    let cue = log.iter().position(|c| c[0] == 0x5D).unwrap();
    let first_write = log.iter().position(|c| c[0] == 0x2A).unwrap();
    assert!(page < cue && cue < first_write);
    assert_eq!(log[first_write][2..6], [0xFF, 0xFF, 0xFF, 0x6A]);
    assert!(!log.iter().any(|c| c[0] == 0x5B));
    assert!(log.iter().any(|c| c[0] == 0xBE), "verified with READ CD");
    assert_unlocked(&drive);
    let names = events.names();
    assert_eq!(
        names.iter().filter(|n| *n == "TrackProgress").count(),
        3,
        "{names:?}"
    );
}

#[test]
fn the_virtual_cd_r_saves_the_same_bin() {
    let dir = tempfile::tempdir().unwrap();
    let bin = reference_bin(dir.path());
    let out = dir.path().join("virtual.bin");
    let mut m = audio_master(Box::new(VirtualRecorder::new(VirtualMedium::CdR)));
    m.record_disc(&RecordOptions {
        image_path: Some(out.clone()),
        ..RecordOptions::default()
    })
    .unwrap();
    assert!(std::fs::read(&out).unwrap() == bin);
}

#[test]
fn audio_needs_a_blank_cd() {
    let dir = tempfile::tempdir().unwrap();
    let src = tiny_tree(dir.path());
    let dvd = shared(MediumKind::DvdPlusR, None);
    let mut m = audio_master(recorder("emu", &dvd));
    let err = m.record_disc(&RecordOptions::default()).unwrap_err();
    assert!(
        matches!(&err, Error::MediumInvalid { reason, .. } if reason.contains("CD-R")),
        "{err}"
    );
    assert_unlocked(&dvd);
    // A CD-R with a data session on it.
    let cd = shared(MediumKind::CdR, None);
    data_master(recorder("emu", &cd), &src)
        .record_disc(&RecordOptions {
            multisession: true,
            ..RecordOptions::default()
        })
        .unwrap();
    let mut m = audio_master(recorder("emu", &cd));
    let err = m.record_disc(&RecordOptions::default()).unwrap_err();
    assert!(matches!(err, Error::MediumInvalid { .. }), "{err}");
    assert_unlocked(&cd);
}

#[test]
fn a_cd_rw_is_erased_and_can_be_burned_again() {
    let dir = tempfile::tempdir().unwrap();
    let src = tiny_tree(dir.path());
    let drive = shared(MediumKind::CdRw, None);
    audio_master(recorder("emu", &drive))
        .record_disc(&RecordOptions::default())
        .unwrap();
    let mut m = data_master(recorder("emu", &drive), &src);
    let err = m.record_disc(&RecordOptions::default()).unwrap_err();
    assert!(
        matches!(&err, Error::MediumInvalid { reason, .. } if reason.contains("erase")),
        "{err}"
    );
    let events = Events::default();
    m.subscribe(Box::new(events.clone()));
    m.erase(true).unwrap();
    assert!(events.names().iter().any(|n| n == "EraseComplete"));
    assert!(drive.lock().unwrap().medium().unwrap().is_blank());
    let blank = log(&drive).into_iter().find(|c| c[0] == 0xA1).unwrap();
    assert_eq!(blank[1], 0x11, "Immed + minimal");
    m.record_disc(&RecordOptions::default()).unwrap();
    m.erase(false).unwrap();
    assert_unlocked(&drive);

    // A CD-R cannot be erased; the event still says how it ended.
    let cdr = shared(MediumKind::CdR, None);
    let mut m = data_master(recorder("emu", &cdr), &src);
    let events = Events::default();
    m.subscribe(Box::new(events.clone()));
    assert!(matches!(m.erase(true), Err(Error::MediumInvalid { .. })));
    assert!(events.names().iter().any(|n| n == "EraseComplete"));
    assert_unlocked(&cdr);
    // The image-file recorder has no disc.
    let mut m = data_master(Box::new(ImageFileRecorder), &src);
    assert!(matches!(
        m.erase(true),
        Err(Error::DeviceNotAccessible { .. })
    ));
}

#[test]
fn disc_master_lists_virtual_recorders() {
    let mut m = DiscMaster::new();
    m.open().unwrap();
    m.set_active_format(Format::Audio).unwrap();
    let ids: Vec<String> = m.recorders().unwrap().into_iter().map(|r| r.id).collect();
    assert!(ids.contains(&"virtual-cd-r".to_string()), "{ids:?}");
    assert!(
        !ids.contains(&"virtual-dvd+r".to_string()),
        "a DVD cannot be an audio CD"
    );
    m.set_active_format(Format::Data).unwrap();
    let ids: Vec<String> = m.recorders().unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(ids[0], "image");
    for id in [
        "virtual-cd-r",
        "virtual-dvd+r",
        "virtual-bd-r",
        "virtual-bd-re",
    ] {
        assert!(ids.contains(&id.to_string()), "{ids:?}");
    }
}
