//! Failures mid-burn: mapped errors, the tray unlocked on every way out, cancellation, verify
//! catching a drive that drops writes silently, and retries of a busy drive.

mod burn_support;

use burn_support::*;
use kiln_core::transport::emulated::{EmulatedDrive, Fault, FaultTrigger, MediumKind};
use kiln_core::{Error, RecordOptions};
use std::sync::{Arc, Mutex};

fn write_failed_at(drive: &Shared, lba: u32) -> bool {
    log(drive).iter().any(|c| {
        c[0] == 0x2A && {
            let start = u32::from_be_bytes([c[2], c[3], c[4], c[5]]);
            let n = u32::from(u16::from_be_bytes([c[7], c[8]]));
            (start..start + n).contains(&lba)
        }
    })
}

#[test]
fn a_write_error_mid_burn_is_mapped_and_the_tray_ends_unlocked() {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    for kind in [MediumKind::DvdPlusR, MediumKind::CdR, MediumKind::BdR] {
        let drive = shared(kind, None);
        drive
            .lock()
            .unwrap()
            .inject(Fault::new(FaultTrigger::WriteAt(300), 3, 0x0C, 0x00));
        let mut m = data_master(recorder("emu", &drive), &src);
        let err = m.record_disc(&RecordOptions::default()).unwrap_err();
        match &err {
            Error::MediumInvalid { recorder, reason } => {
                assert!(recorder.contains("emu"), "{recorder}");
                assert!(reason.contains("writing block"), "{reason}");
                assert!(reason.contains("another disc"), "{reason}");
            }
            other => panic!("{kind:?}: {other}"),
        }
        assert!(write_failed_at(&drive, 300));
        // After the failed WRITE: no more writes, no close, and ALLOW MEDIUM REMOVAL.
        let log = log(&drive);
        let failed = log.iter().rposition(|c| c[0] == 0x2A).unwrap();
        let after: Vec<u8> = log[failed + 1..].iter().map(|c| c[0]).collect();
        assert_eq!(after, [0x1E], "{kind:?}: {log:02X?}");
        assert_unlocked(&drive);
        // The staging stays, so the user can try again.
        assert!(m.data_stats().unwrap().used > 0);
    }
}

#[test]
fn loss_of_streaming_and_a_failing_close_are_mapped() {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    let drive = shared(MediumKind::DvdR, None);
    drive
        .lock()
        .unwrap()
        .inject(Fault::new(FaultTrigger::WriteAt(100), 3, 0x0C, 0x09));
    let mut m = data_master(recorder("emu", &drive), &src);
    let err = m.record_disc(&RecordOptions::default()).unwrap_err();
    assert!(
        matches!(&err, Error::LossOfStreaming { recorder } if recorder.contains("emu")),
        "{err}"
    );
    assert_unlocked(&drive);

    let drive = shared(MediumKind::DvdPlusR, None);
    drive
        .lock()
        .unwrap()
        .inject(Fault::new(FaultTrigger::Command(0x5B), 5, 0x72, 0x03).times(1));
    let mut m = data_master(recorder("emu", &drive), &src);
    let err = m.record_disc(&RecordOptions::default()).unwrap_err();
    assert!(
        matches!(&err, Error::DeviceNotAccessible { reason, .. } if reason.contains("closing")),
        "{err}"
    );
    assert_unlocked(&drive);
}

#[test]
fn cancel_mid_burn_stops_writing_and_unlocks() {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    let drive = shared(MediumKind::BdR, None);
    let events = Events::cancelling_after(1);
    let mut m = data_master(recorder("emu", &drive), &src);
    m.subscribe(Box::new(events.clone()));
    let err = m.record_disc(&RecordOptions::default()).unwrap_err();
    assert!(matches!(err, Error::UserAbort), "{err}");
    let log = log(&drive);
    let written: u32 = log
        .iter()
        .filter(|c| c[0] == 0x2A)
        .map(|c| u32::from(u16::from_be_bytes([c[7], c[8]])))
        .sum();
    let total = m.data_stats().unwrap().used;
    assert!(u64::from(written) < total, "{written} of {total} written");
    assert!(
        !log.iter().any(|c| c[0] == 0x5B),
        "a cancelled burn is not closed"
    );
    assert_unlocked(&drive);
    assert!(events.names().iter().any(|n| n == "BurnComplete"));
}

#[test]
fn verify_catches_a_drive_that_silently_drops_writes() {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    for kind in [MediumKind::DvdPlusR, MediumKind::CdR, MediumKind::BdRe] {
        let drive = shared(kind, None);
        drive.lock().unwrap().silently_drop_writes_from(200);
        let mut m = data_master(recorder("emu", &drive), &src);
        let err = m.record_disc(&RecordOptions::default()).unwrap_err();
        match &err {
            Error::VerifyFailed { recorder, reason } => {
                assert!(recorder.contains("emu"));
                assert!(reason.contains("blank"), "{reason}");
                assert!(
                    reason.contains("block 200 on"),
                    "where it went blank: {reason}"
                );
            }
            other => panic!("{kind:?}: {other}"),
        }
        assert_unlocked(&drive);
    }
    // Without verify the lie goes unnoticed: that is what the option costs.
    let drive = shared(MediumKind::DvdPlusR, None);
    drive.lock().unwrap().silently_drop_writes_from(200);
    let mut m = data_master(recorder("emu", &drive), &src);
    m.record_disc(&RecordOptions {
        verify: false,
        ..RecordOptions::default()
    })
    .unwrap();
}

#[test]
fn a_disc_that_reads_back_short_fails_verify() {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    let drive = shared(MediumKind::DvdPlusR, None);
    drive
        .lock()
        .unwrap()
        .inject(Fault::new(FaultTrigger::ReadAt(400), 3, 0x11, 0x00));
    let mut m = data_master(recorder("emu", &drive), &src);
    let err = m.record_disc(&RecordOptions::default()).unwrap_err();
    assert!(
        matches!(&err, Error::VerifyFailed { reason, .. } if reason.contains("short")),
        "{err}"
    );
    assert_unlocked(&drive);
}

#[test]
fn a_busy_drive_is_waited_for() {
    let dir = tempfile::tempdir().unwrap();
    let src = source_tree(dir.path());
    let backing = dir.path().join("d.disc");
    let iso = iso_of(dir.path(), &src);
    let mut d = EmulatedDrive::new(MediumKind::DvdPlusRw)
        .with_backing_file(&backing)
        .unwrap()
        .with_immediate_polls(3)
        .with_power_on_attention();
    d.inject(Fault::new(FaultTrigger::WriteAt(64), 2, 0x04, 0x08).times(2));
    let drive = Arc::new(Mutex::new(d));
    let mut m = data_master(recorder("emu", &drive), &src);
    m.record_disc(&RecordOptions::default()).unwrap();
    assert_user_data(&std::fs::read(&backing).unwrap(), &iso, "DVD+RW");
    let log = log(&drive);
    // FORMAT UNIT 26h (background formatting), then writes from LBA 0.
    assert!(log.iter().any(|c| c[0] == 0x04));
    assert!(log.iter().filter(|c| c[0] == 0x2A && c[5] == 64).count() >= 3);
    assert_unlocked(&drive);
}
