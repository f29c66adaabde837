//! DVD-RW through the burn engine on the emulated drive: a sequential disc is written like a
//! DVD-R unless the burn asks for overwrite, which quick-formats a blank one (FORMAT UNIT 15h,
//! the descriptor READ FORMAT CAPACITIES offered) and writes it in place, closing the session
//! afterwards; a disc already in restricted overwrite mode is simply written over.

mod burn_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use burn_support::*;
use kiln_core::mmc::burn::DriveRecorder;
use kiln_core::recorder::Recorder;
use kiln_core::transport::emulated::{EmulatedDrive, MediumKind};
use kiln_core::transport::{CommandOutcome, DataDirection, ScsiTransport, TransportError};
use kiln_core::{Error, Format, RecordOptions, RecorderInfo, RecorderKind};

type Formats = Arc<Mutex<Vec<Vec<u8>>>>;

/// The shared emulated drive, keeping the parameter lists of FORMAT UNIT on the way.
struct Recording {
    drive: Shared,
    formats: Formats,
}

impl ScsiTransport for Recording {
    fn execute(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
        timeout: Duration,
    ) -> Result<CommandOutcome, TransportError> {
        if let (0x04, DataDirection::ToDevice(data)) = (cdb[0], &dir) {
            self.formats.lock().unwrap().push(data.to_vec());
        }
        self.drive.execute(cdb, dir, timeout)
    }
}

fn dvd_rw_recorder(drive: &Shared) -> (Box<dyn Recorder>, Formats) {
    let formats = Formats::default();
    let (drive, kept) = (drive.clone(), formats.clone());
    let info = RecorderInfo {
        id: "emu".into(),
        kind: RecorderKind::Emulated,
        name: "Test drive".into(),
        formats: vec![Format::Data],
    };
    let rec = DriveRecorder::new(info, move |_: &RecordOptions| {
        Ok(Recording {
            drive: drive.clone(),
            formats: kept.clone(),
        })
    })
    .with_poll_interval(Duration::from_millis(1));
    (Box::new(rec), formats)
}

fn overwrite() -> RecordOptions {
    RecordOptions {
        dvd_rw_overwrite: true,
        ..RecordOptions::default()
    }
}

/// CLOSE TRACK/SESSION (5Bh) commands sent, as (function, track number).
fn closes(drive: &Shared) -> Vec<(u8, u16)> {
    log(drive)
        .iter()
        .filter(|c| c[0] == 0x5B)
        .map(|c| (c[2] & 0x07, u16::from_be_bytes([c[4], c[5]])))
        .collect()
}

#[test]
fn a_sequential_dvd_rw_is_written_like_a_dvd_r_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    let iso = iso_of(dir.path(), &src);
    let backing = dir.path().join("dvd-rw.disc");
    let drive = shared(MediumKind::DvdRw, Some(&backing));
    let (rec, formats) = dvd_rw_recorder(&drive);
    data_master(rec, &src)
        .record_disc(&RecordOptions::default())
        .unwrap();
    assert!(formats.lock().unwrap().is_empty(), "nothing is formatted");
    assert!(log(&drive).iter().any(|c| c[0] == 0x55), "page 05h is sent");
    assert_eq!(
        closes(&drive),
        [(1, 1), (2, 0)],
        "CLOSE TRACK 1, then CLOSE SESSION"
    );
    let m = drive.lock().unwrap().medium().unwrap().clone();
    assert_eq!(m.kind, MediumKind::DvdRw);
    assert!(m.finalized);
    assert_user_data(&std::fs::read(&backing).unwrap(), &iso, "DVD-RW sequential");
}

#[test]
fn asked_to_overwrite_a_blank_sequential_dvd_rw_quick_formats_it_first() {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    let iso = iso_of(dir.path(), &src);
    let backing = dir.path().join("dvd-rw.disc");
    let drive = shared(MediumKind::DvdRw, Some(&backing));
    let (rec, formats) = dvd_rw_recorder(&drive);
    data_master(rec, &src).record_disc(&overwrite()).unwrap();

    // FORMAT UNIT 04 11 00 00 00 00 with FOV + Immed, the 15h descriptor as offered:
    // 2,297,888 blocks (0023 1020h), type 15h << 2 = 54h, ECC block length 16.
    let log = log(&drive);
    let format_at = log
        .iter()
        .position(|c| c[..6] == [0x04, 0x11, 0, 0, 0, 0])
        .expect("FORMAT UNIT was sent");
    assert_eq!(
        *formats.lock().unwrap(),
        [vec![
            0x00, 0x82, 0x00, 0x08, 0x00, 0x23, 0x10, 0x20, 0x54, 0x00, 0x00, 0x10
        ]]
    );
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
    let first_write = log.iter().position(|c| c[0] == 0x2A).unwrap();
    assert!(format_at < first_write, "formatted before writing");
    assert_eq!(writes[0].0, 0, "written from LBA 0");
    assert!(
        writes.iter().all(|(lba, n)| lba % 16 == 0 && n % 16 == 0),
        "whole ECC blocks: {writes:?}"
    );
    assert!(
        !log.iter().any(|c| c[0] == 0x55),
        "no page 05h in restricted overwrite"
    );
    // No track to close; CLOSE SESSION 5B 01 02 00 00 00 (Immed) ends the quick format.
    assert_eq!(closes(&drive), [(2, 0)]);
    let close = log.iter().find(|c| c[0] == 0x5B).unwrap();
    assert_eq!(close[..6], [0x5B, 0x01, 0x02, 0x00, 0x00, 0x00]);
    let m = drive.lock().unwrap().medium().unwrap().clone();
    assert_eq!(m.kind, MediumKind::DvdRwRestricted);
    assert!(!m.needs_close);
    assert_user_data(
        &std::fs::read(&backing).unwrap(),
        &iso,
        "DVD-RW restricted overwrite",
    );
    assert!(log.iter().any(|c| c[0] == 0x28), "verified by reading back");
}

#[test]
fn a_restricted_overwrite_dvd_rw_is_written_over_without_erasing() {
    let dir = tempfile::tempdir().unwrap();
    let small = tiny_tree(dir.path());
    let big = source_tree(dir.path());
    let iso = iso_of(dir.path(), &big);
    let backing = dir.path().join("dvd-rw.disc");
    let drive = shared(MediumKind::DvdRwRestricted, Some(&backing));
    for (src, options) in [(&small, RecordOptions::default()), (&big, overwrite())] {
        let (rec, formats) = dvd_rw_recorder(&drive);
        data_master(rec, src).record_disc(&options).unwrap();
        assert!(formats.lock().unwrap().is_empty(), "already formatted");
    }
    assert!(
        closes(&drive).is_empty(),
        "no session to close: {:?}",
        closes(&drive)
    );
    assert_user_data(&std::fs::read(&backing).unwrap(), &iso, "second burn");
}

#[test]
fn overwrite_formatting_is_not_simulated() {
    let dir = tempfile::tempdir().unwrap();
    let src = tiny_tree(dir.path());
    let drive = shared(MediumKind::DvdRw, None);
    let (rec, formats) = dvd_rw_recorder(&drive);
    let options = RecordOptions {
        simulate: true,
        ..overwrite()
    };
    match data_master(rec, &src).record_disc(&options) {
        Err(Error::MediumInvalid { reason, .. }) => {
            assert!(reason.contains("simulation"), "{reason}")
        }
        other => panic!("simulated overwrite: {other:?}"),
    }
    assert!(formats.lock().unwrap().is_empty());
    assert_eq!(
        drive.lock().unwrap().medium().unwrap().kind,
        MediumKind::DvdRw
    );
}

#[test]
fn an_image_too_big_is_refused_before_formatting() {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    let drive: Shared = Arc::new(Mutex::new(
        EmulatedDrive::new(MediumKind::DvdRw).with_capacity(32),
    ));
    let (rec, formats) = dvd_rw_recorder(&drive);
    match data_master(rec, &src).record_disc(&overwrite()) {
        Err(Error::DiscFull { medium, .. }) => assert!(medium.contains("DVD-RW"), "{medium}"),
        other => panic!("too big: {other:?}"),
    }
    assert!(
        formats.lock().unwrap().is_empty(),
        "the disc was formatted for nothing"
    );
    assert_eq!(
        drive.lock().unwrap().medium().unwrap().kind,
        MediumKind::DvdRw
    );
}
