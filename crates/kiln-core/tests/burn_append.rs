//! Multisession append through the burn engine on the emulated drive: session 1 left open,
//! session 2 imported and added on top (new files, a replaced file, a new file in an old
//! folder), then the last session read back by independent readers (xorriso/osirrox,
//! isoinfo) and by `kiln inspect`, with the new session's block count checked exactly. And
//! the refusals: a closed disc, a last session that is not ISO 9660, more data than room.

mod burn_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use burn_support::*;
use kiln_core::data::{ConflictPolicy, DataOptions};
use kiln_core::inspect;
use kiln_core::transport::emulated::{EmulatedDrive, MediumKind};
use kiln_core::{DiscMaster, Error, Format, RecordOptions};

const EPOCH: i64 = 1_700_000_000;

fn noise(n: usize, seed: u32) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

/// Session 1: a big file, a folder with two files, a deep folder, a file to be replaced.
fn first_tree(dir: &Path) -> PathBuf {
    let src = dir.join("one");
    std::fs::create_dir_all(src.join("docs/deep")).unwrap();
    std::fs::write(src.join("big.bin"), noise(900_000, 1)).unwrap();
    std::fs::write(src.join("docs/a.txt"), b"first session\n").unwrap();
    std::fs::write(src.join("docs/deep/b.bin"), noise(70_001, 2)).unwrap();
    std::fs::write(src.join("replace-me.txt"), b"old contents\n").unwrap();
    std::fs::write(src.join("empty"), b"").unwrap();
    src
}

/// Session 2: new files, the replaced file, a new file in an old folder, a new folder.
/// Returns the tree and the bytes of its file data in blocks.
fn second_tree(dir: &Path) -> (PathBuf, u64) {
    let src = dir.join("two");
    std::fs::create_dir_all(src.join("docs")).unwrap();
    std::fs::create_dir_all(src.join("new/inner")).unwrap();
    let files: [(&str, Vec<u8>); 4] = [
        (
            "replace-me.txt",
            b"new contents, longer than before\n".to_vec(),
        ),
        ("docs/c.bin", noise(5_000, 3)),
        ("new/inner/d.txt", b"second session\n".to_vec()),
        ("added.bin", noise(40_960, 4)),
    ];
    let mut blocks = 0;
    for (name, data) in &files {
        std::fs::write(src.join(name), data).unwrap();
        blocks += (data.len() as u64).div_ceil(2048);
    }
    (src, blocks)
}

/// Copies `from` over `to` (what the disc should hold after both sessions).
fn overlay(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            overlay(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Every file under `root` by relative path, with its bytes (folders with `None`).
fn snapshot(root: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if e.file_type().unwrap().is_dir() {
                out.insert(rel, None);
                stack.push(e.path());
            } else {
                out.insert(rel, Some(std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out
}

fn master(drive: &Shared) -> DiscMaster {
    let rec = recorder("emu", drive);
    let id = rec.info().id;
    let mut m = DiscMaster::with_recorders(vec![rec]);
    m.open().unwrap();
    m.set_active_format(Format::Data).unwrap();
    m.set_data_options(DataOptions {
        source_date_epoch: Some(EPOCH),
        conflict: ConflictPolicy::Replace,
        ..DataOptions::default()
    })
    .unwrap();
    m.set_active_recorder(&id).unwrap();
    m
}

fn appendable() -> RecordOptions {
    RecordOptions {
        multisession: true,
        ..RecordOptions::default()
    }
}

fn run_bytes(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn run(cmd: &mut Command) -> String {
    String::from_utf8_lossy(&run_bytes(cmd)).into_owned()
}

#[test]
fn a_second_session_keeps_the_first_and_adds_only_its_own_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let one = first_tree(dir.path());
    let (two, new_data_blocks) = second_tree(dir.path());
    let expected = dir.path().join("expected");
    std::fs::create_dir_all(&expected).unwrap();
    overlay(&one, &expected);
    overlay(&two, &expected);
    let want = snapshot(&expected);
    let union_blocks = {
        let mut m = data_master(Box::new(kiln_core::recorder::ImageFileRecorder), &expected);
        m.data_stats().unwrap().used
    };
    // big.bin, docs/a.txt, docs/deep/b.bin (replace-me.txt is replaced, empty has no data).
    let kept_blocks = 900_000u64.div_ceil(2048) + 1 + 70_001u64.div_ceil(2048);
    for kind in [
        MediumKind::DvdPlusR,
        MediumKind::CdR,
        MediumKind::BdR,
        MediumKind::DvdR,
    ] {
        let backing = dir.path().join(format!("{kind:?}.disc"));
        let drive = shared(kind, Some(&backing));

        // Session 1, left open. On a blank disc there is nothing to import.
        let mut m = master(&drive);
        assert_eq!(m.append_to_disc(false).unwrap(), None, "{kind:?}");
        m.add_data(&one, "/").unwrap();
        m.record_disc(&appendable())
            .unwrap_or_else(|e| panic!("{kind:?} session 1: {e}"));
        let (end_one, nwa_expected) = {
            let d = drive.lock().unwrap();
            let medium = d.medium().unwrap();
            assert_eq!(medium.closed_sessions, 1, "{kind:?}");
            let next = medium.tracks.last().unwrap().start;
            (medium.recorded_end(), next)
        };

        // Session 2: import, add on top, record (open again).
        let mut m = master(&drive);
        let point = m
            .append_to_disc(false)
            .unwrap()
            .unwrap_or_else(|| panic!("{kind:?}: the disc should be appendable"));
        assert_eq!(point.last_session_start, 0, "{kind:?}");
        assert_eq!(point.next_writable, nwa_expected, "{kind:?}");
        assert_eq!(point.sessions, 1, "{kind:?}");
        if kind == MediumKind::CdR {
            // Lead-out, lead-in and pregap of the first session: 11,400 blocks (MMC-NOTES (k)).
            assert_eq!(point.next_writable, end_one + 11_400);
        } else {
            assert_eq!(point.next_writable, end_one, "{kind:?}");
        }
        let imported = m.data_stats().unwrap();
        assert_eq!(imported.total, point.free_blocks, "{kind:?}");
        m.add_data(&two, "/").unwrap();
        let stats = m.data_stats().unwrap();
        // The new session: system area, 3 descriptors, 4 path tables of one block, the
        // folders (root, docs, docs/deep, new, new/inner: ISO and Joliet, one block each, and
        // the root's Rock Ridge continuation area), the new files' data and the 150 blocks of
        // padding. Nothing of the old files' data.
        let dirs = 5 * 2 + 1;
        assert_eq!(
            stats.used,
            16 + 3 + 4 + dirs + new_data_blocks + 150,
            "{kind:?}"
        );
        // The same as a fresh disc of both sessions' union, less the old files kept in place.
        assert_eq!(stats.used, union_blocks - kept_blocks, "{kind:?}");
        let writes_before = log(&drive).iter().filter(|c| c[0] == 0x2A).count();
        m.record_disc(&appendable())
            .unwrap_or_else(|e| panic!("{kind:?} session 2: {e}"));
        assert_unlocked(&drive);
        let (written, sessions) = {
            let d = drive.lock().unwrap();
            let medium = d.medium().unwrap();
            let t = medium
                .tracks
                .iter()
                .find(|t| t.start == point.next_writable)
                .unwrap();
            (u64::from(t.recorded), medium.closed_sessions)
        };
        assert_eq!(sessions, 2, "{kind:?}");
        let info = master(&drive).medium_info().unwrap();
        assert_eq!(
            info.session_starts,
            vec![0, point.next_writable],
            "{kind:?}"
        );
        let unit = match kind {
            MediumKind::DvdPlusR | MediumKind::DvdR => 16,
            MediumKind::BdR => 32,
            _ => 1,
        };
        let expected_written = if kind == MediumKind::CdR {
            stats.used.max(300)
        } else {
            stats.used.div_ceil(unit) * unit
        };
        assert_eq!(written, expected_written, "{kind:?}");
        let first_write = log(&drive)
            .into_iter()
            .filter(|c| c[0] == 0x2A)
            .nth(writes_before)
            .unwrap();
        assert_eq!(
            u32::from_be_bytes(first_write[2..6].try_into().unwrap()),
            point.next_writable,
            "{kind:?}: the session starts at the NWA"
        );

        check_last_session(&backing, point.next_writable, &want, kind);

        // Session 3 on top of session 2 (whose tree points into session 1), finalizing.
        let mut m = master(&drive);
        let third = m.append_to_disc(false).unwrap().unwrap();
        assert_eq!(third.last_session_start, point.next_writable, "{kind:?}");
        assert_eq!(third.sessions, 2, "{kind:?}");
        let extra = dir.path().join(format!("three-{kind:?}"));
        std::fs::create_dir_all(extra.join("docs/deep")).unwrap();
        std::fs::write(extra.join("docs/deep/third.txt"), b"third session\n").unwrap();
        m.add_data(&extra, "/").unwrap();
        m.record_disc(&RecordOptions::default())
            .unwrap_or_else(|e| panic!("{kind:?} session 3: {e}"));
        assert!(
            drive.lock().unwrap().medium().unwrap().finalized,
            "{kind:?}"
        );
        let mut want3 = want.clone();
        want3.insert(
            "docs/deep/third.txt".into(),
            Some(b"third session\n".to_vec()),
        );
        check_last_session(&backing, third.next_writable, &want3, kind);
        match master(&drive).append_to_disc(false) {
            Err(Error::DiscClosed { .. }) => {}
            other => panic!("{kind:?}: {other:?}"),
        }
    }
}

/// The last session of the disc image, read by xorriso/osirrox, isoinfo and kiln inspect.
fn check_last_session(
    disc: &Path,
    start: u32,
    want: &BTreeMap<String, Option<Vec<u8>>>,
    kind: MediumKind,
) {
    let out = tempfile::tempdir().unwrap();
    let extracted = out.path().join("x");
    run(Command::new("xorriso")
        .args(["-osirrox", "on", "-indev"])
        .arg(disc)
        .args(["-load", "sbsector", &start.to_string()])
        .args(["-extract", "/"])
        .arg(&extracted));
    let got = snapshot(&extracted);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "{kind:?}: xorriso's tree"
    );
    for (k, v) in want {
        assert!(got[k] == *v, "{kind:?}: {k} differs after extraction");
    }
    // isoinfo reads the session from its descriptors at -T's block + 16.
    let listing = run(Command::new("isoinfo")
        .args(["-R", "-f", "-T", &start.to_string(), "-i"])
        .arg(disc));
    for path in want.keys() {
        assert!(
            listing.lines().any(|l| l == format!("/{path}")),
            "{kind:?}: isoinfo -R does not list /{path}:\n{listing}"
        );
    }
    let joliet = run(Command::new("isoinfo")
        .args(["-J", "-f", "-T", &start.to_string(), "-i"])
        .arg(disc));
    // Kiln's Joliet names keep the ";1" version, as mkisofs' do.
    let joliet: Vec<&str> = joliet.lines().map(|l| l.trim_end_matches(";1")).collect();
    for path in want.keys() {
        assert!(
            joliet.contains(&format!("/{path}").as_str()),
            "{kind:?}: isoinfo -J does not list /{path}: {joliet:?}"
        );
    }
    // A file of session 1, through session 2's directories.
    let extracted_old = run_bytes(
        Command::new("isoinfo")
            .args(["-R", "-T", &start.to_string(), "-x", "/big.bin", "-i"])
            .arg(disc),
    );
    assert!(
        Some(&extracted_old) == want["big.bin"].as_ref(),
        "{kind:?}: isoinfo -x /big.bin differs"
    );
    // kiln inspect, at the session's offset.
    let file = std::fs::File::open(disc).unwrap();
    let len = file.metadata().unwrap().len();
    let report = inspect::inspect_session(std::io::BufReader::new(file), len, u64::from(start));
    assert!(
        report.is_clean(),
        "{kind:?}: {:#?}",
        report.errors().collect::<Vec<_>>()
    );
    assert!(report.rock_ridge);
}

/// DVD+RW and BD-RE: the ISO volume grows as with growisofs -M: the new session is written
/// at the volume size rounded to the write unit, then its descriptors replace those at block
/// 16, where every reader looks.
#[test]
fn an_overwritable_disc_grows_its_volume_like_growisofs() {
    let dir = tempfile::tempdir().unwrap();
    let one = first_tree(dir.path());
    let (two, new_data_blocks) = second_tree(dir.path());
    let expected = dir.path().join("expected");
    std::fs::create_dir_all(&expected).unwrap();
    overlay(&one, &expected);
    overlay(&two, &expected);
    let want = snapshot(&expected);
    for (kind, unit) in [(MediumKind::DvdPlusRw, 16), (MediumKind::BdRe, 32)] {
        let backing = dir.path().join(format!("{kind:?}.disc"));
        let drive = shared(kind, Some(&backing));
        let mut m = master(&drive);
        assert_eq!(m.append_to_disc(true).unwrap(), None, "{kind:?}: blank");
        m.add_data(&one, "/").unwrap();
        m.record_disc(&RecordOptions::default()).unwrap();
        let volume = {
            let img = std::fs::read(&backing).unwrap();
            let pvd = &img[16 * 2048..17 * 2048];
            u64::from(u32::from_le_bytes(pvd[80..84].try_into().unwrap()))
        };
        // Without asking for it, an overwritable disc is left to be written over.
        assert_eq!(master(&drive).append_to_disc(false).unwrap(), None);
        let mut m = master(&drive);
        let point = m.append_to_disc(true).unwrap().unwrap();
        assert!(point.overwritable, "{kind:?}");
        assert_eq!(u64::from(point.next_writable), volume.div_ceil(unit) * unit);
        m.add_data(&two, "/").unwrap();
        let stats = m.data_stats().unwrap();
        assert_eq!(
            stats.used,
            16 + 3 + 4 + 11 + new_data_blocks + 150,
            "{kind:?}"
        );
        m.record_disc(&RecordOptions::default())
            .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        // Readers look at block 16 only: the tree there is the union.
        check_last_session(&backing, 0, &want, kind);
        // isovfy (which reads only from block 16, so cannot check a session of a sequential
        // disc) checks the grown volume as a whole. It always exits 0: its verdict is printed.
        let verdict = run(Command::new("isovfy").arg(&backing));
        assert!(verdict.contains("No errors found"), "{kind:?}: {verdict}");
        let img = std::fs::read(&backing).unwrap();
        let pvd = &img[16 * 2048..17 * 2048];
        assert_eq!(
            u64::from(u32::from_le_bytes(pvd[80..84].try_into().unwrap())),
            u64::from(point.next_writable) + stats.used,
            "{kind:?}: the volume now ends with the new session"
        );
        // And it grows again.
        let mut m = master(&drive);
        let again = m.append_to_disc(true).unwrap().unwrap();
        assert!(again.next_writable > point.next_writable, "{kind:?}");
    }
}

/// The window's order: the new files are staged first, the disc's last session is imported
/// under them when the burn starts (staged files win, folders merge).
#[test]
fn importing_after_staging_keeps_what_was_staged() {
    let dir = tempfile::tempdir().unwrap();
    let one = first_tree(dir.path());
    let (two, _) = second_tree(dir.path());
    let expected = dir.path().join("expected");
    std::fs::create_dir_all(&expected).unwrap();
    overlay(&one, &expected);
    overlay(&two, &expected);
    let backing = dir.path().join("disc");
    let drive = shared(MediumKind::BdR, Some(&backing));
    let mut m = master(&drive);
    m.add_data(&one, "/").unwrap();
    m.record_disc(&appendable()).unwrap();
    let mut m = master(&drive);
    m.add_data(&two, "/").unwrap();
    let before = m.data_stats().unwrap().used;
    let point = m.append_to_disc(false).unwrap().unwrap();
    assert_eq!(
        m.append_to_disc(false).unwrap(),
        Some(point),
        "imported once"
    );
    // Only folders were added: docs/deep of the old session (ISO and Joliet extents).
    assert_eq!(m.data_stats().unwrap().used, before + 2);
    m.record_disc(&appendable()).unwrap();
    check_last_session(
        &backing,
        point.next_writable,
        &snapshot(&expected),
        MediumKind::BdR,
    );
}

#[test]
fn a_closed_disc_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let one = first_tree(dir.path());
    let drive = shared(MediumKind::DvdPlusR, None);
    let mut m = master(&drive);
    m.add_data(&one, "/").unwrap();
    m.record_disc(&RecordOptions::default()).unwrap();
    let before = drive.lock().unwrap().medium().cloned();
    let mut m = master(&drive);
    match m.append_to_disc(false) {
        Err(Error::DiscClosed { recorder }) => assert!(recorder.contains("emu")),
        other => panic!("{other:?}"),
    }
    assert_eq!(drive.lock().unwrap().medium().cloned(), before);
    assert!(m.append_point().is_none());
}

#[test]
fn a_last_session_that_is_not_iso_9660_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let drive = shared(MediumKind::DvdPlusR, None);
    // A session of raw blocks (no volume descriptors), left open.
    let mut rec = recorder("emu", &drive);
    let raw = noise(64 * 2048, 9);
    rec.record_data(
        &mut std::io::Cursor::new(raw),
        64,
        &appendable(),
        &mut kiln_core::progress::Silent,
    )
    .unwrap();
    let before = drive.lock().unwrap().medium().cloned();
    let writes = log(&drive).iter().filter(|c| c[0] == 0x2A).count();
    let mut m = master(&drive);
    match m.append_to_disc(false) {
        Err(Error::LastSessionUnreadable {
            session_start,
            reason,
            ..
        }) => {
            assert_eq!(session_start, 0);
            assert!(reason.contains("ISO 9660"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(drive.lock().unwrap().medium().cloned(), before);
    assert_eq!(log(&drive).iter().filter(|c| c[0] == 0x2A).count(), writes);
    let _ = dir;
}

#[test]
fn more_data_than_the_free_blocks_is_refused_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let one = first_tree(dir.path());
    // A small disc: about 1,000 blocks free after session 1.
    let drive: Shared = std::sync::Arc::new(std::sync::Mutex::new(
        EmulatedDrive::new(MediumKind::DvdPlusR).with_capacity(1_700),
    ));
    let mut m = master(&drive);
    m.add_data(&one, "/").unwrap();
    m.record_disc(&appendable()).unwrap();
    let before = drive.lock().unwrap().medium().cloned();
    let mut m = master(&drive);
    let point = m.append_to_disc(false).unwrap().unwrap();
    assert!(point.free_blocks < 1_100, "{point:?}");
    let big = dir.path().join("big");
    std::fs::create_dir_all(&big).unwrap();
    std::fs::write(big.join("too-much.bin"), noise(3_000_000, 5)).unwrap();
    match m.add_data(&big, "/") {
        Err(Error::DiscFull { missing_blocks, .. }) => assert!(missing_blocks > 300),
        other => panic!("{other:?}"),
    }
    // The imported tree is still staged; nothing reached the disc.
    assert!(m.data_stats().unwrap().used < 300);
    assert_eq!(drive.lock().unwrap().medium().cloned(), before);
}
