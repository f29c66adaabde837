//! Asking a drive about its disc (`kiln media`) and reading a disc back against an image file
//! (`kiln verify`), on the emulated drive; a reader (a drive that lists no writable disc type)
//! is refused as the recorder of a burn with a message that says so.

mod burn_support;

use burn_support::*;
use kiln_core::mmc::burn::{self, DriveRecorder};
use kiln_core::mmc::parse::DiscStatus;
use kiln_core::mmc::Profile;
use kiln_core::recorder::ImageFileRecorder;
use kiln_core::transport::emulated::MediumKind;
use kiln_core::{DiscMaster, Error, Format, RecordOptions, RecorderInfo, RecorderKind};

#[test]
fn a_blank_dvd_plus_r_reports_a_writer_with_a_blank_disc() {
    let drive = shared(MediumKind::DvdPlusR, None);
    let report = burn::probe(drive.clone(), "emu").unwrap();
    assert!(report.is_writer());
    assert_eq!(report.current, Profile::DvdPlusR);
    assert!(report.profiles.contains(&Profile::DvdPlusR), "{report:?}");
    assert_eq!(report.status, Some(DiscStatus::Blank));
    assert!(burn::lists_writable_media(drive.clone(), "emu").unwrap());
    // Probing writes nothing and leaves the tray alone.
    let log = log(&drive);
    assert!(
        log.iter()
            .all(|c| ![0x2A, 0x1E, 0x5B, 0x35].contains(&c[0])),
        "{log:02X?}"
    );
}

#[test]
fn verify_reads_the_burned_disc_back_and_finds_a_single_changed_byte() {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    let iso = iso_of(dir.path(), &src);
    let iso_path = dir.path().join("reference.iso");
    let drive = shared(MediumKind::DvdPlusR, None);
    let mut m = data_master(recorder("emu", &drive), &src);

    // Nothing burned yet: a blank disc is not a disc that matches.
    match m.verify_disc("emu", &iso_path) {
        Err(Error::VerifyFailed { reason, .. }) => assert!(reason.contains("blank"), "{reason}"),
        other => panic!("blank disc: {other:?}"),
    }

    m.record_disc(&RecordOptions::default()).unwrap();
    let report = m.drive_report("emu").unwrap();
    assert_eq!(report.status, Some(DiscStatus::Complete));
    m.verify_disc("emu", &iso_path).unwrap();

    let mut altered = iso.clone();
    let last = altered.len() - 1;
    altered[last] ^= 0x01;
    let altered_path = dir.path().join("altered.iso");
    std::fs::write(&altered_path, &altered).unwrap();
    let blocks = iso.len() / 2048;
    match m.verify_disc("emu", &altered_path) {
        Err(Error::VerifyFailed { reason, .. }) => assert!(
            reason.contains(&format!("to {}", blocks - 1)),
            "the difference is in the last block {}: {reason}",
            blocks - 1
        ),
        other => panic!("altered image: {other:?}"),
    }

    let odd_path = dir.path().join("odd.iso");
    std::fs::write(&odd_path, &iso[..iso.len() - 1]).unwrap();
    match m.verify_disc("emu", &odd_path) {
        Err(Error::VerifyFailed { reason, .. }) => {
            assert!(reason.contains("2048-byte blocks"), "{reason}")
        }
        other => panic!("odd-sized image: {other:?}"),
    }
    match m.verify_disc("emu", &dir.path().join("missing.iso")) {
        Err(e) => assert!(e.to_string().contains("missing.iso"), "{e}"),
        Ok(()) => panic!("a missing image verified"),
    }
}

#[test]
fn a_reader_is_listed_apart_and_refused_as_a_recorder() {
    let drive = shared(MediumKind::DvdPlusR, None);
    let shared_drive = drive.clone();
    let reader = DriveRecorder::new(
        RecorderInfo {
            id: "/dev/sr9".into(),
            kind: RecorderKind::Reader,
            name: "ACME DVD-ROM".into(),
            formats: Vec::new(),
        },
        move |_: &RecordOptions| Ok(shared_drive.clone()),
    );
    let mut m = DiscMaster::with_recorders(vec![Box::new(ImageFileRecorder), Box::new(reader)]);
    m.open().unwrap();
    m.set_active_format(Format::Data).unwrap();
    let ids = |v: Vec<RecorderInfo>| v.into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(m.recorders().unwrap()), ["image"]);
    assert_eq!(ids(m.readers().unwrap()), ["/dev/sr9"]);
    match m.set_active_recorder("/dev/sr9") {
        Err(Error::DeviceNotAccessible { recorder, reason }) => {
            assert_eq!(recorder, "/dev/sr9");
            assert!(reason.contains("cannot record"), "{reason}");
        }
        other => panic!("reader as recorder: {other:?}"),
    }
    assert!(matches!(
        m.set_active_recorder("/dev/sr8"),
        Err(Error::UnknownRecorder { .. })
    ));
    // Readers still answer questions about their disc.
    assert_eq!(
        m.drive_report("/dev/sr9").unwrap().current,
        Profile::DvdPlusR
    );
    // The image-file recorder is no drive.
    assert!(matches!(
        m.drive_report("image"),
        Err(Error::DeviceNotAccessible { .. })
    ));
}
