//! Drives that come and go between two listings (`DiscMaster::rescan_drives`, what an
//! application calls when the drive watch reports an arrival or a removal): new drives are
//! listed, the active recorder stays chosen while it is there, and its loss is reported.

use std::sync::{Arc, Mutex};

use kiln_core::mmc::burn::DriveRecorder;
use kiln_core::recorder::{ImageFileRecorder, Recorder};
use kiln_core::transport::emulated::{EmulatedDrive, MediumKind};
use kiln_core::{DiscMaster, Format, RecordOptions, RecorderInfo, RecorderKind};

/// A disc master whose drives are the ids in `plugged` at each listing.
fn master(plugged: &Arc<Mutex<Vec<&'static str>>>) -> DiscMaster {
    let plugged = plugged.clone();
    let find = move || {
        plugged
            .lock()
            .unwrap()
            .iter()
            .map(|id| {
                let drive = Arc::new(Mutex::new(EmulatedDrive::new(MediumKind::CdR)));
                let info = RecorderInfo {
                    id: (*id).into(),
                    kind: RecorderKind::Drive,
                    name: format!("ACME {id}"),
                    formats: vec![Format::Data, Format::Audio],
                };
                Box::new(DriveRecorder::new(info, move |_: &RecordOptions| {
                    Ok(drive.clone())
                })) as Box<dyn Recorder>
            })
            .collect()
    };
    let mut m = DiscMaster::with_recorders(vec![Box::new(ImageFileRecorder)])
        .with_drive_finder(Box::new(find));
    m.open().unwrap();
    m.set_active_format(Format::Data).unwrap();
    m
}

fn ids(m: &DiscMaster) -> Vec<String> {
    m.recorders().unwrap().into_iter().map(|r| r.id).collect()
}

#[test]
fn arrivals_are_listed_and_the_active_recorder_stays_chosen() {
    let plugged = Arc::new(Mutex::new(vec!["/dev/sr0"]));
    let mut m = master(&plugged);
    assert_eq!(ids(&m), ["image", "/dev/sr0"]);
    m.set_active_recorder("/dev/sr0").unwrap();
    // Nothing changed: nothing lost.
    assert_eq!(m.rescan_drives().unwrap(), None);
    plugged.lock().unwrap().insert(0, "/dev/sr1");
    assert_eq!(m.rescan_drives().unwrap(), None);
    assert_eq!(ids(&m), ["image", "/dev/sr1", "/dev/sr0"]);
    // Still /dev/sr0, though it moved in the list.
    assert_eq!(m.active_recorder().unwrap().id, "/dev/sr0");
}

#[test]
fn a_removed_active_recorder_is_reported_and_unchosen() {
    let plugged = Arc::new(Mutex::new(vec!["/dev/sr0", "/dev/sr1"]));
    let mut m = master(&plugged);
    m.set_active_recorder("/dev/sr1").unwrap();
    plugged.lock().unwrap().retain(|id| *id != "/dev/sr1");
    assert_eq!(m.rescan_drives().unwrap().as_deref(), Some("/dev/sr1"));
    assert_eq!(ids(&m), ["image", "/dev/sr0"]);
    assert!(m.active_recorder().is_none());
    // The image file and the other drive are still there to choose.
    m.set_active_recorder("image").unwrap();
    plugged.lock().unwrap().clear();
    assert_eq!(m.rescan_drives().unwrap(), None);
    assert_eq!(m.active_recorder().unwrap().id, "image");
}

#[test]
fn a_fixed_list_is_kept() {
    let mut m = DiscMaster::with_recorders(vec![Box::new(ImageFileRecorder)]);
    m.open().unwrap();
    m.set_active_format(Format::Data).unwrap();
    m.set_active_recorder("image").unwrap();
    assert_eq!(m.rescan_drives().unwrap(), None);
    assert_eq!(ids(&m), ["image"]);
}
