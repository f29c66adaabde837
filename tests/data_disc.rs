//! End-to-end tests of data discs: `kiln` writes images of generated trees, and independent
//! tools (isovfy, isoinfo, xorriso/osirrox, bsdtar, 7z) check and read them back.

mod common;

use common::*;
use std::fs;
use std::path::Path;
use std::process::Command;

const ALL_RR: RrChecks = RrChecks {
    modes: true,
    mtimes: true,
    hardlinks: true,
};

/// size → burn → structure checks → three extractions compared with the source.
fn round_trip(name: &str, make: impl FnOnce(&Path), checks: RrChecks) -> std::process::Output {
    let tmp = tempdir(name);
    let src = tmp.path().join("src");
    fs::create_dir_all(&src).unwrap();
    make(&src);
    let blocks = kiln_size(&[src.as_os_str()]);
    let iso = tmp.path().join("out.iso");
    let out = kiln_burn(&src, &iso, &[]);
    check_structure(&src, &iso, blocks, false);
    check_extractions(&src, &iso, tmp.path(), checks);
    out
}

#[test]
fn big_files_round_trip() {
    round_trip("big", make_big_files, ALL_RR);
}

#[test]
fn hundred_thousand_small_files_round_trip() {
    round_trip("small", |src| make_small_files(src, 100, 1000), ALL_RR);
}

#[test]
fn awkward_tree_round_trip() {
    let out = round_trip(
        "awkward",
        |src| {
            let a = make_awkward(src);
            // The fixture itself must carry the extreme dates, or the mtime checks prove nothing.
            let t = snapshot(src);
            assert_eq!(
                t[&a.old_file].mtime, T_1901,
                "this filesystem cannot hold a 1901 mtime"
            );
            assert_eq!(
                t[&a.future_file].mtime, T_2200,
                "this filesystem cannot hold a 2200 mtime"
            );
        },
        ALL_RR,
    );
    // Symlinks exist only in Rock Ridge: Kiln says so, naming them.
    let stderr = text(&out.stderr);
    for link in ["link to file", "link to dir"] {
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with("warning:") && l.contains(link)),
            "no `warning: ...` line names the symlink {link:?} (only in Rock Ridge)\nstderr:\n{stderr}"
        );
    }
    assert!(
        !stderr.lines().any(|l| l.starts_with("error:")),
        "a successful burn printed an error\nstderr:\n{stderr}"
    );
}

/// A 4.5 GiB file (sparse in the source) needs ISO 9660 level 3 multi-extent files. The image is
/// written for real, so the readers stream their copy and compare it instead of extracting it.
#[test]
fn sparse_file_over_4_gib() {
    let tmp = tempdir("sparse");
    let src = tmp.path().join("src");
    fs::create_dir_all(&src).unwrap();
    let huge = src.join("huge.bin");
    let len = 4 * 1024 * MIB + 512 * MIB;
    make_sparse(&huge, len);
    write(&src.join("small.txt"), "beside a big one\n");

    let blocks = kiln_size(&[src.as_os_str()]);
    assert!(
        blocks * BLOCK > len,
        "size {blocks} blocks cannot hold a {len}-byte file"
    );
    let iso = tmp.path().join("out.iso");
    kiln_burn(&src, &iso, &[]);
    check_structure(&src, &iso, blocks, true);

    if have(&["osirrox"]) {
        // sparse=1m keeps the extracted copy sparse (no 4.5 GiB written to disk).
        let dir = tmp.path().join("osirrox");
        run_ok(
            Command::new("osirrox")
                .args(["-abort_on", "FAILURE", "-return_with", "SORRY", "32"])
                .args(["-osirrox", "on:sparse=1m", "-hardlinks", "on"])
                .arg("-indev")
                .arg(&iso)
                .args(["-extract", "/"])
                .arg(&dir),
        );
        compare_rr(&src, &dir, "osirrox", ALL_RR);
        fs::remove_dir_all(&dir).unwrap();
    }
    if have(&["bsdtar"]) {
        let names = bsdtar_list(&iso);
        assert_eq!(names.len(), 2, "bsdtar lists {names:?}");
        stream_equals_file(
            Command::new("bsdtar").arg("-xOf").arg(&iso).arg("huge.bin"),
            &huge,
        )
        .unwrap_or_else(|e| panic!("bsdtar's huge.bin: {e}"));
    }
    if have(&["7z"]) {
        let out = run_ok(Command::new("7z").args(["l", "-slt"]).arg(&iso));
        let listing = text(&out.stdout);
        let paths: Vec<&str> = listing
            .lines()
            .filter_map(|l| l.strip_prefix("Path = "))
            .filter(|p| !p.ends_with(".iso"))
            .collect();
        assert_eq!(paths.len(), 2, "7z lists {paths:?}\n{listing}");
        stream_equals_file(
            Command::new("7z")
                .args(["x", "-so"])
                .arg(&iso)
                .arg("huge.bin"),
            &huge,
        )
        .unwrap_or_else(|e| panic!("7z's huge.bin: {e}"));
    }
}

#[test]
fn civil_dates_of_the_fixture() {
    assert_eq!(civil_from_unix(T_1901), (1901, 12, 14));
    assert_eq!(civil_from_unix(T_2200), (2200, 1, 1));
    assert_eq!(civil_from_unix(0), (1970, 1, 1));
    assert_eq!(civil_from_unix(-1), (1969, 12, 31));
}
