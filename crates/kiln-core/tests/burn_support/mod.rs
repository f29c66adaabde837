//! Shared helpers of the burn tests: a reproducible source tree, disc masters over one recorder,
//! the emulated drive shared with the test (to read its command log), and an event recorder
//! that can cancel.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use kiln_core::data::DataOptions;
use kiln_core::mmc::burn::DriveRecorder;
use kiln_core::progress::{ProgressEvent, ProgressObserver};
use kiln_core::recorder::{ImageFileRecorder, Recorder};
use kiln_core::transport::emulated::{EmulatedDrive, MediumKind};
use kiln_core::{DiscMaster, Format, RecordOptions, RecorderInfo, RecorderKind};

pub type Shared = Arc<Mutex<EmulatedDrive>>;

/// A tree of about 1.2 MB: pseudo-random files and a few small ones.
pub fn source_tree(dir: &Path) -> PathBuf {
    let src = dir.join("src");
    std::fs::create_dir_all(src.join("docs/deep")).unwrap();
    let mut x = 0x9E37_79B9_u32;
    let mut noise = |n: usize| -> Vec<u8> {
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect()
    };
    std::fs::write(src.join("big.bin"), noise(900_000)).unwrap();
    std::fs::write(src.join("docs/medium.bin"), noise(300_001)).unwrap();
    std::fs::write(src.join("docs/deep/small.txt"), b"hello, disc\n").unwrap();
    std::fs::write(src.join("readme.txt"), b"Kiln burn test\n").unwrap();
    src
}

/// A tiny tree (a few blocks).
pub fn tiny_tree(dir: &Path) -> PathBuf {
    let src = dir.join("tiny");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("a.txt"), b"tiny").unwrap();
    src
}

/// A disc master over one recorder, data format, the tree staged reproducibly.
pub fn data_master(recorder: Box<dyn Recorder>, src: &Path) -> DiscMaster {
    let id = recorder.info().id;
    let mut m = DiscMaster::with_recorders(vec![recorder]);
    m.open().unwrap();
    m.set_active_format(Format::Data).unwrap();
    m.set_data_options(DataOptions {
        source_date_epoch: Some(1_700_000_000),
        ..DataOptions::default()
    })
    .unwrap();
    m.set_active_recorder(&id).unwrap();
    m.add_data(src, "/").unwrap();
    m
}

/// The image the image-file recorder writes for the tree.
pub fn iso_of(dir: &Path, src: &Path) -> Vec<u8> {
    let path = dir.join("reference.iso");
    let mut m = data_master(Box::new(ImageFileRecorder), src);
    m.record_disc(&RecordOptions {
        image_path: Some(path.clone()),
        ..RecordOptions::default()
    })
    .unwrap();
    std::fs::read(path).unwrap()
}

/// An emulated drive with a blank medium, shared with the test.
pub fn shared(kind: MediumKind, backing: Option<&Path>) -> Shared {
    let mut d = EmulatedDrive::new(kind);
    if let Some(p) = backing {
        d = d.with_backing_file(p).unwrap();
    }
    Arc::new(Mutex::new(d))
}

/// A drive recorder over the shared emulated drive.
pub fn recorder(id: &str, drive: &Shared) -> Box<dyn Recorder> {
    let drive = drive.clone();
    let info = RecorderInfo {
        id: id.into(),
        kind: RecorderKind::Emulated,
        name: "Test drive".into(),
        formats: vec![Format::Data, Format::Audio],
    };
    Box::new(
        DriveRecorder::new(info, move |_: &RecordOptions| Ok(drive.clone()))
            .with_poll_interval(std::time::Duration::from_millis(1)),
    )
}

/// The CDBs the drive received.
pub fn log(drive: &Shared) -> Vec<Vec<u8>> {
    drive.lock().unwrap().commands().to_vec()
}

/// The tray is unlocked at the end: the last PREVENT ALLOW MEDIUM REMOVAL had prevent = 0, and
/// there was a lock before it.
pub fn assert_unlocked(drive: &Shared) {
    let log = log(drive);
    let locks: Vec<u8> = log.iter().filter(|c| c[0] == 0x1E).map(|c| c[4]).collect();
    assert!(
        locks.first() == Some(&1),
        "the tray was never locked: {locks:?}"
    );
    assert_eq!(
        locks.last(),
        Some(&0),
        "the tray was left locked: {locks:?}"
    );
}

/// Records events; cancels once `cancel_after_blocks` blocks were reported written.
#[derive(Clone, Default)]
pub struct Events {
    pub list: Arc<Mutex<Vec<ProgressEvent>>>,
    pub cancel_after_blocks: Option<u64>,
    seen_blocks: Arc<Mutex<u64>>,
}

impl Events {
    pub fn cancelling_after(blocks: u64) -> Self {
        Events {
            cancel_after_blocks: Some(blocks),
            ..Events::default()
        }
    }

    pub fn names(&self) -> Vec<String> {
        self.list
            .lock()
            .unwrap()
            .iter()
            .map(|e| {
                format!("{e:?}")
                    .split([' ', '(', '{'])
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    }
}

impl ProgressObserver for Events {
    fn on_event(&mut self, event: &ProgressEvent) {
        if let ProgressEvent::BlockProgress { completed, .. } = event {
            *self.seen_blocks.lock().unwrap() = *completed;
        }
        self.list.lock().unwrap().push(event.clone());
    }

    fn query_cancel(&mut self) -> bool {
        self.cancel_after_blocks
            .is_some_and(|n| *self.seen_blocks.lock().unwrap() >= n)
    }
}

/// Asserts `data` starts with `prefix` and is zero after it.
pub fn assert_user_data(data: &[u8], prefix: &[u8], what: &str) {
    assert!(
        data.len() >= prefix.len(),
        "{what}: {} bytes < {}",
        data.len(),
        prefix.len()
    );
    assert!(data[..prefix.len()] == *prefix, "{what}: user data differs");
    assert!(
        data[prefix.len()..].iter().all(|b| *b == 0),
        "{what}: non-zero padding"
    );
}

/// Whether `tool` runs here; a missing tool skips the check with a message, except under
/// `CI=true`, where it fails the test (as `inspect_images.rs` does).
pub fn have_tool(tool: &str) -> bool {
    let ok = std::process::Command::new(tool)
        .arg(if tool == "7z" { "i" } else { "--version" })
        .output()
        .is_ok();
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{tool} is needed for this test under CI but cannot be run");
        }
        eprintln!("skipping the {tool} check: {tool} is not installed");
    }
    ok
}

/// The first `blocks` blocks of a recorded disc (the emulated drive's backing file), written to
/// `out` as an image file for the readers.
pub fn cut_image(disc: &Path, blocks: usize, out: &Path) -> PathBuf {
    let data = std::fs::read(disc).unwrap();
    std::fs::write(out, &data[..blocks * 2048]).unwrap();
    out.to_path_buf()
}

/// Runs the independent readers on a recorded data disc image: xorriso loads it and finds
/// `expect_file`, isoinfo reads its primary volume descriptor with the right size, 7z and
/// bsdtar list `expect_file`. Each reader that is missing is skipped (see [`have_tool`]).
pub fn validate_iso(iso: &Path, expect_file: &str) {
    let blocks = std::fs::metadata(iso).unwrap().len() / 2048;
    let run = |tool: &str, args: &[&str]| -> String {
        let out = std::process::Command::new(tool)
            .args(args)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{tool} {args:?} failed:\n{text}");
        text
    };
    let path = iso.to_str().unwrap();
    if have_tool("xorriso") {
        let t = run("xorriso", &["-indev", path, "-find", "/", "-type", "f"]);
        assert!(
            t.contains(expect_file),
            "xorriso does not list {expect_file}:\n{t}"
        );
    }
    if have_tool("isoinfo") {
        let t = run("isoinfo", &["-d", "-i", path]);
        assert!(
            t.contains(&format!("Volume size is: {blocks}")),
            "isoinfo reads another volume size than {blocks}:\n{t}"
        );
    }
    if have_tool("7z") {
        let t = run("7z", &["l", path]);
        assert!(
            t.contains(expect_file),
            "7z does not list {expect_file}:\n{t}"
        );
    }
    if have_tool("bsdtar") {
        let t = run("bsdtar", &["tf", path]);
        assert!(
            t.contains(expect_file),
            "bsdtar does not list {expect_file}:\n{t}"
        );
    }
}

/// CLOSE TRACK/SESSION (5Bh) commands sent, as (function, track number).
pub fn closes(drive: &Shared) -> Vec<(u8, u16)> {
    log(drive)
        .iter()
        .filter(|c| c[0] == 0x5B)
        .map(|c| (c[2] & 0x07, u16::from_be_bytes([c[4], c[5]])))
        .collect()
}
