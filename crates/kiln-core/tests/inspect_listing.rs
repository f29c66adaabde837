//! Listing a session for import ([`kiln_core::inspect::list_session`]) on images other tools
//! made: xorriso and genisoimage with Rock Ridge (names, modes, owners, times, symbolic links,
//! deep folders relocated to RR_MOVED), Joliet-only images, and a session xorriso appended to
//! an image of its own. Skipped with a message when a tool is missing (failed under CI=true).

use std::collections::BTreeMap;
use std::io::Cursor;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use kiln_core::inspect::{list_session, ListedKind, SessionListing};

fn have(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{tool} is needed for this test under CI but cannot be run");
        }
        eprintln!("skipped: {tool} is not installed");
    }
    ok
}

fn make_tree(root: &Path) {
    let mut deep = root.join("deep");
    for i in 0..9 {
        deep = deep.join(format!("level{i}"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("bottom.txt"), b"at the bottom\n").unwrap();
    std::fs::create_dir_all(root.join("Mixed Case Folder")).unwrap();
    std::fs::write(
        root.join("Mixed Case Folder/a long file name.text"),
        vec![7u8; 5000],
    )
    .unwrap();
    std::fs::write(root.join("private.txt"), b"secret\n").unwrap();
    std::fs::set_permissions(
        root.join("private.txt"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    std::fs::write(root.join("empty"), b"").unwrap();
    std::os::unix::fs::symlink("private.txt", root.join("link")).unwrap();
    std::os::unix::fs::symlink("/usr/share/../lib", root.join("absolute")).unwrap();
}

/// Path → (kind, size or target, permission bits) of a listing.
fn by_path(l: &SessionListing) -> BTreeMap<String, (String, u32)> {
    let mut paths: Vec<String> = Vec::new();
    let mut out = BTreeMap::new();
    for e in &l.entries {
        let path = match e.parent {
            None => e.name.clone(),
            Some(p) => format!("{}/{}", paths[p], e.name),
        };
        paths.push(path.clone());
        let what = match &e.kind {
            ListedKind::Dir => "dir".to_string(),
            ListedKind::File { size, .. } => format!("file {size}"),
            ListedKind::Symlink { target } => format!("link {target}"),
        };
        out.insert(path, (what, e.meta.perm));
    }
    out
}

fn build(tool: &str, args: &[&str], src: &Path, out: &Path) -> Vec<u8> {
    let mut cmd = Command::new(tool);
    if tool == "xorriso" {
        cmd.args(["-as", "mkisofs"]);
    }
    let status = cmd
        .args(args)
        .arg("-quiet")
        .arg("-o")
        .arg(out)
        .arg(src)
        .status()
        .unwrap();
    assert!(status.success(), "{tool} failed");
    std::fs::read(out).unwrap()
}

#[test]
fn rock_ridge_sessions_of_other_tools_list_as_their_sources() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    make_tree(&src);
    for (tool, args) in [
        ("xorriso", &["-R", "-J", "-rr_reloc_dir", "RR_MOVED"][..]),
        ("genisoimage", &["-R", "-J"][..]),
    ] {
        if !have(tool) {
            continue;
        }
        let iso = dir.path().join(format!("{tool}.iso"));
        let img = build(tool, args, &src, &iso);
        let l = list_session(Cursor::new(&img), img.len() as u64, 0).unwrap();
        assert!(l.rock_ridge, "{tool}");
        let got = by_path(&l);
        let at = |p: &str| {
            got.get(p)
                .unwrap_or_else(|| panic!("{tool}: no {p} in {got:#?}"))
        };
        assert_eq!(at("private.txt"), &("file 7".to_string(), 0o640), "{tool}");
        assert_eq!(at("empty").0, "file 0", "{tool}");
        assert_eq!(at("link").0, "link private.txt", "{tool}");
        assert_eq!(at("absolute").0, "link /usr/share/../lib", "{tool}");
        assert_eq!(
            at("Mixed Case Folder/a long file name.text").0,
            "file 5000",
            "{tool}"
        );
        // The relocated folder is back where it belongs, and RR_MOVED is not listed.
        let bottom =
            "deep/level0/level1/level2/level3/level4/level5/level6/level7/level8/bottom.txt";
        assert_eq!(at(bottom).0, "file 14", "{tool}");
        assert!(
            !got.keys().any(|k| k.to_lowercase().contains("rr_moved")),
            "{tool}: {got:#?}"
        );
        // File data is where the listing says.
        for e in &l.entries {
            if let ListedKind::File { extent, size } = e.kind {
                if e.name == "private.txt" {
                    let at = extent as usize * 2048;
                    assert_eq!(&img[at..at + size as usize], b"secret\n", "{tool}");
                }
            }
        }
    }
}

#[test]
fn a_joliet_only_image_lists_joliet_names() {
    if !have("genisoimage") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("Folder Two")).unwrap();
    std::fs::write(src.join("Folder Two/Readme First.txt"), b"joliet\n").unwrap();
    let img = build("genisoimage", &["-J"], &src, &dir.path().join("j.iso"));
    let l = list_session(Cursor::new(&img), img.len() as u64, 0).unwrap();
    assert!(!l.rock_ridge);
    let got = by_path(&l);
    assert_eq!(got["Folder Two/Readme First.txt"].0, "file 7", "{got:#?}");
}

#[test]
fn a_session_xorriso_appended_lists_both_sessions_files() {
    if !have("xorriso") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    std::fs::write(a.join("first.txt"), b"one\n").unwrap();
    std::fs::write(b.join("second.txt"), b"two\n").unwrap();
    let img = dir.path().join("multi.iso");
    for (src, name) in [(&a, "first.txt"), (&b, "second.txt")] {
        let status = Command::new("xorriso")
            .args(["-abort_on", "FAILURE", "-dev"])
            .arg(&img)
            .args(["-map"])
            .arg(src.join(name))
            .arg(format!("/{name}"))
            .args(["-commit"])
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
    }
    // The second session starts where xorriso's TOC says.
    let toc = Command::new("xorriso")
        .args(["-indev"])
        .arg(&img)
        .arg("-toc")
        .output()
        .unwrap();
    let toc = String::from_utf8_lossy(&toc.stdout).into_owned();
    let start: u64 = toc
        .lines()
        .rfind(|l| l.starts_with("ISO session"))
        .and_then(|l| l.split(',').nth(1))
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| panic!("no sessions in {toc}"));
    assert!(start > 0, "{toc}");
    let bytes = std::fs::read(&img).unwrap();
    let l = list_session(Cursor::new(&bytes), bytes.len() as u64, start).unwrap();
    let got = by_path(&l);
    assert_eq!(got["first.txt"].0, "file 4", "{got:#?}");
    assert_eq!(got["second.txt"].0, "file 4", "{got:#?}");
    // Not a session: a clear reason.
    let err = list_session(Cursor::new(&bytes), bytes.len() as u64, start + 1).unwrap_err();
    assert!(err.contains("ISO 9660"), "{err}");
}
