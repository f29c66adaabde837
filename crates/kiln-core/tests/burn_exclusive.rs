//! The shape Windows drives are opened with (`transport::spti`): a burn opens the drive through
//! a [`WriteGuarded`] transport and takes the drive from the system at once; media information,
//! reports and verifying open it for reading and take nothing. Here the guard is a token that
//! logs when it is taken and released, over the emulated drive.

mod burn_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use burn_support::*;
use kiln_core::mmc::burn::DriveRecorder;
use kiln_core::progress::Silent;
use kiln_core::recorder::Recorder;
use kiln_core::transport::emulated::MediumKind;
use kiln_core::transport::write_guard::WriteGuarded;
use kiln_core::transport::TransportError;
use kiln_core::{Error, Format, RecordOptions, RecorderInfo, RecorderKind};

type Log = Arc<Mutex<Vec<String>>>;

/// Logs its release (the real one unlocks the volume and the device).
struct Token(Log);

impl Drop for Token {
    fn drop(&mut self) {
        self.0.lock().unwrap().push("released".into());
    }
}

fn info() -> RecorderInfo {
    RecorderInfo {
        id: "E:".into(),
        kind: RecorderKind::Drive,
        name: "Test drive (E:)".into(),
        formats: vec![Format::Data, Format::Audio],
    }
}

/// A recorder over `drive` opened the way Windows drives are: a guarded transport, taken at
/// once by the burn opener and lazily by the reader; `refuse` makes taking fail as a drive
/// with an Explorer window open on it does.
fn windows_like(
    drive: &Shared,
    log: &Log,
    refuse: bool,
) -> DriveRecorder<WriteGuarded<Shared, Token>> {
    let guarded = {
        let (drive, log) = (drive.clone(), log.clone());
        move || {
            let log = log.clone();
            WriteGuarded::new(drive.clone(), move |_: &mut Shared| {
                log.lock().unwrap().push("taken".into());
                if refuse {
                    return Err(TransportError::Busy {
                        device: "drive E:".into(),
                        hint: "files on the disc in E: are open: close them".into(),
                    });
                }
                Ok(Token(log.clone()))
            })
        }
    };
    let for_reading = guarded.clone();
    DriveRecorder::new(info(), move |_: &RecordOptions| {
        let mut t = guarded();
        t.take_now().map_err(|e| Error::DeviceNotAccessible {
            recorder: "Test drive (E:)".into(),
            reason: e.to_string(),
        })?;
        Ok(t)
    })
    .with_reader(move || Ok(for_reading()))
    .with_poll_interval(Duration::from_millis(1))
}

fn entries(log: &Log) -> Vec<String> {
    log.lock().unwrap().clone()
}

#[test]
fn a_burn_takes_the_drive_first_and_gives_it_back_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let src = tiny_tree(dir.path());
    let drive = shared(MediumKind::DvdPlusR, None);
    let taken: Log = Arc::default();
    let mut m = data_master(Box::new(windows_like(&drive, &taken, false)), &src);
    m.record_disc(&RecordOptions::default()).unwrap();
    assert_eq!(entries(&taken), ["taken", "released"]);
    assert_unlocked(&drive);
}

#[test]
fn reading_the_disc_takes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let drive = shared(MediumKind::DvdPlusR, None);
    let taken: Log = Arc::default();
    let mut rec = windows_like(&drive, &taken, false);
    let info = rec.medium_info().unwrap();
    assert_eq!(info.profile, kiln_core::mmc::Profile::DvdPlusR);
    rec.drive_report().unwrap();
    let iso = dir.path().join("x.iso");
    std::fs::write(&iso, vec![0u8; 2048 * 16]).unwrap();
    // A blank disc does not verify, but reading it must not take the drive either.
    assert!(rec.verify_image(&iso, &mut Silent).is_err());
    assert_eq!(entries(&taken), Vec::<String>::new());
    // Nothing that writes reached the drive.
    assert!(log(&drive)
        .iter()
        .all(|c| ![0x2A, 0x5B, 0xA1, 0x04, 0x53].contains(&c[0])));
}

#[test]
fn a_drive_that_cannot_be_taken_stops_the_burn_before_any_command() {
    let dir = tempfile::tempdir().unwrap();
    let src = tiny_tree(dir.path());
    let drive = shared(MediumKind::DvdPlusR, None);
    let taken: Log = Arc::default();
    let mut m = data_master(Box::new(windows_like(&drive, &taken, true)), &src);
    match m.record_disc(&RecordOptions::default()) {
        Err(Error::DeviceNotAccessible { recorder, reason }) => {
            assert_eq!(recorder, "Test drive (E:)");
            assert!(
                reason.contains("drive E: is in use") && reason.contains("close them"),
                "{reason}"
            );
        }
        other => panic!("busy drive: {other:?}"),
    }
    assert_eq!(entries(&taken), ["taken"]);
    assert!(
        log(&drive).is_empty(),
        "commands were sent: {:02X?}",
        log(&drive)
    );
}
