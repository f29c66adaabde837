//! Drive hot-plug and media-change watching: a fake sysfs tree of real files in a temporary
//! directory stands for `/sys/class/block`, and the strict emulated drive answers GET EVENT
//! STATUS NOTIFICATION as a real drive would when a disc is taken out or put in.
#![cfg(target_os = "linux")]

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use kiln_core::progress::{ProgressEvent, ProgressObserver};
use kiln_core::transport::emulated::{EmulatedDrive, MediumKind};
use kiln_core::watch::sysfs::{sg_io_probe, SysfsDrives};
use kiln_core::watch::{medium_state, DriveWatch, MediumState, Poller};

/// Writes `root/NAME/device/{type,vendor,model,rev}` as the kernel lays them out.
fn add_drive(root: &Path, name: &str, peripheral_type: u8) {
    let dev = root.join(name).join("device");
    fs::create_dir_all(&dev).unwrap();
    fs::write(dev.join("type"), format!("{peripheral_type}\n")).unwrap();
    fs::write(dev.join("vendor"), "HL-DT-ST\n").unwrap();
    fs::write(dev.join("model"), "DVDRAM GH24NSD1 \n").unwrap();
    fs::write(dev.join("rev"), "LG00\n").unwrap();
}

fn remove_drive(root: &Path, name: &str) {
    fs::remove_dir_all(root.join(name)).unwrap();
}

/// Short names for the events, so whole sequences compare exactly.
fn names(events: &[ProgressEvent]) -> Vec<String> {
    events
        .iter()
        .map(|e| match e {
            ProgressEvent::RecorderArrived { id } => format!("arrived {id}"),
            ProgressEvent::RecorderRemoved { id } => format!("removed {id}"),
            ProgressEvent::MediaChanged { id, present } => format!("media {id} {present}"),
            other => format!("unexpected {other:?}"),
        })
        .collect()
}

type Drives = Arc<Mutex<HashMap<PathBuf, EmulatedDrive>>>;

/// A probe that sends GET EVENT STATUS NOTIFICATION to the emulated drive behind each path.
fn emulated_probe(drives: &Drives) -> impl FnMut(&Path) -> Option<MediumState> + Send + 'static {
    let drives = Arc::clone(drives);
    move |path| {
        let mut map = drives.lock().unwrap();
        medium_state(map.get_mut(path)?)
    }
}

#[test]
fn arrivals_and_removals_follow_the_sysfs_tree() {
    let sys = tempfile::tempdir().unwrap();
    let root = sys.path();
    add_drive(root, "sr0", 5);
    let source = SysfsDrives::new(root, Path::new("/dev")).with_probe(|_| None);
    let mut poller = Poller::new(source);

    // The first look learns what is there without reporting it.
    assert_eq!(names(&poller.poll()), Vec::<String>::new());
    assert_eq!(names(&poller.poll()), Vec::<String>::new());

    add_drive(root, "sr1", 5);
    add_drive(root, "sr2", 0); // a disk behind an sr name: not a recorder
    fs::create_dir_all(root.join("sda")).unwrap();
    assert_eq!(names(&poller.poll()), ["arrived /dev/sr1"]);
    assert_eq!(names(&poller.poll()), Vec::<String>::new());

    remove_drive(root, "sr0");
    add_drive(root, "sr10", 5);
    assert_eq!(
        names(&poller.poll()),
        ["removed /dev/sr0", "arrived /dev/sr10"]
    );

    // Every drive unplugged at once.
    remove_drive(root, "sr1");
    remove_drive(root, "sr10");
    assert_eq!(
        names(&poller.poll()),
        ["removed /dev/sr1", "removed /dev/sr10"]
    );
    // Coming back is an arrival again.
    add_drive(root, "sr1", 5);
    assert_eq!(names(&poller.poll()), ["arrived /dev/sr1"]);
}

#[test]
fn media_changes_come_from_get_event_status_notification() {
    let sys = tempfile::tempdir().unwrap();
    let root = sys.path();
    add_drive(root, "sr0", 5);
    add_drive(root, "sr1", 5);
    let drives: Drives = Arc::default();
    {
        let mut map = drives.lock().unwrap();
        map.insert("/dev/sr0".into(), EmulatedDrive::new(MediumKind::DvdPlusR));
        map.insert("/dev/sr1".into(), EmulatedDrive::empty());
    }
    let source = SysfsDrives::new(root, Path::new("/dev")).with_probe(emulated_probe(&drives));
    let mut poller = Poller::new(source);
    assert_eq!(names(&poller.poll()), Vec::<String>::new());

    // Take the disc out of sr0, put one into sr1.
    {
        let mut map = drives.lock().unwrap();
        map.get_mut(Path::new("/dev/sr0")).unwrap().remove_medium();
        map.get_mut(Path::new("/dev/sr1"))
            .unwrap()
            .insert_medium(MediumKind::CdR);
    }
    assert_eq!(
        names(&poller.poll()),
        ["media /dev/sr0 false", "media /dev/sr1 true"]
    );
    // Nothing happened since: nothing is reported (the drive's event was consumed).
    assert_eq!(names(&poller.poll()), Vec::<String>::new());

    // A disc swapped between two polls: present before and after, but the drive says "new
    // media".
    {
        let mut map = drives.lock().unwrap();
        let sr1 = map.get_mut(Path::new("/dev/sr1")).unwrap();
        sr1.remove_medium();
        sr1.insert_medium(MediumKind::BdR);
    }
    assert_eq!(names(&poller.poll()), ["media /dev/sr1 true"]);
    assert_eq!(names(&poller.poll()), Vec::<String>::new());

    // A drive that stops answering keeps its last state: no invented change.
    drives.lock().unwrap().remove(Path::new("/dev/sr1"));
    assert_eq!(names(&poller.poll()), Vec::<String>::new());
}

#[test]
fn medium_state_reads_the_emulated_drives_answer() {
    let mut drive = EmulatedDrive::new(MediumKind::CdRw);
    assert_eq!(
        medium_state(&mut drive),
        Some(MediumState {
            present: true,
            changed: false
        })
    );
    drive.remove_medium();
    assert_eq!(
        medium_state(&mut drive),
        Some(MediumState {
            present: false,
            changed: true
        })
    );
    assert_eq!(
        medium_state(&mut drive),
        Some(MediumState {
            present: false,
            changed: false
        })
    );
}

#[test]
fn probing_something_that_is_not_a_drive_is_no_answer_not_a_crash() {
    let t = tempfile::NamedTempFile::new().unwrap();
    assert_eq!(sg_io_probe(t.path()), None);
    assert_eq!(sg_io_probe(Path::new("/nonexistent/sr9")), None);
}

struct Forward(mpsc::Sender<ProgressEvent>);

impl ProgressObserver for Forward {
    fn on_event(&mut self, event: &ProgressEvent) {
        let _ = self.0.send(event.clone());
    }
}

#[test]
fn the_background_watch_reports_and_stops_promptly() {
    let sys = tempfile::tempdir().unwrap();
    let root = sys.path().to_path_buf();
    add_drive(&root, "sr0", 5);
    let (tx, rx) = mpsc::channel();
    let source = SysfsDrives::new(&root, Path::new("/dev")).with_probe(|_| None);
    // A long interval after the first look would make the test slow; 20 ms keeps it quick.
    let watch = DriveWatch::spawn(
        source,
        Duration::from_millis(20),
        vec![Box::new(Forward(tx))],
    )
    .unwrap();
    // Let the first (silent) look happen before the tree changes.
    std::thread::sleep(Duration::from_millis(100));
    add_drive(&root, "sr3", 5);
    let event = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("an arrival");
    assert_eq!(names(&[event]), ["arrived /dev/sr3"]);
    remove_drive(&root, "sr3");
    let event = rx.recv_timeout(Duration::from_secs(10)).expect("a removal");
    assert_eq!(names(&[event]), ["removed /dev/sr3"]);

    // Stopping does not wait out the interval: a watch with a one-hour interval stops at once.
    let slow = DriveWatch::spawn(
        SysfsDrives::new(&root, Path::new("/dev")).with_probe(|_| None),
        Duration::from_secs(3600),
        Vec::new(),
    )
    .unwrap();
    let start = Instant::now();
    drop(slow);
    watch.stop();
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    // The observer went away with the thread.
    assert!(matches!(
        rx.recv_timeout(Duration::from_millis(50)),
        Err(mpsc::RecvTimeoutError::Disconnected)
    ));
}
