//! The command-line contract of `kiln`: help, version, exit codes, recorders, `size`, `burn` on
//! bad input (nothing left behind), grafts and conflicts, and reproducible images.

mod common;

use common::*;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(120);

fn kiln_run(args: &[&std::ffi::OsStr]) -> Output {
    run_timeout(kiln().args(args), LIMIT)
}

fn stderr_of(out: &Output) -> String {
    text(&out.stderr)
}

/// A failed burn: exit code 1, an `error:` line naming `what`, and no file left in `out_dir`.
fn assert_failed_cleanly(out: &Output, what: &str, out_dir: &Path) {
    let stderr = stderr_of(out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected exit code 1\n{}",
        show(out)
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("error:") && l.contains(what)),
        "no `error: ...` line names {what:?}\n{}",
        show(out)
    );
    let left = leftovers(out_dir);
    assert!(left.is_empty(), "a failed burn left files behind: {left:?}");
}

// --- basics ----------------------------------------------------------------------------------

#[test]
fn version_and_help() {
    let out = run_ok(kiln().arg("--version"));
    let s = text(&out.stdout);
    assert!(
        s.contains(env!("CARGO_PKG_VERSION")),
        "--version prints {s:?}"
    );
    let out = run_ok(kiln().arg("--help"));
    let s = text(&out.stdout);
    for word in ["burn", "size", "inspect", "recorders"] {
        assert!(s.contains(word), "--help does not mention {word:?}:\n{s}");
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["--no-such-option"][..],
        &["no-such-command"],
        &["size", "data", "--medium", "floppy", "x"],
        &["burn", "data", "--medium", "floppy", "x"],
        &["burn", "data", "--on-conflict", "sometimes", "x"],
    ] {
        let out = run(kiln().args(args));
        assert_eq!(
            out.status.code(),
            Some(2),
            "kiln {args:?}: expected exit code 2\n{}",
            show(&out)
        );
    }
}

#[test]
fn recorders_lists_the_image_recorder() {
    let out = run_ok(kiln().arg("recorders"));
    let s = text(&out.stdout);
    for line in s.lines() {
        assert_eq!(
            line.split('\t').count(),
            3,
            "not `ID<TAB>KIND<TAB>NAME`: {line:?}"
        );
    }
    assert!(
        s.lines().any(|l| l.split('\t').next() == Some("image")),
        "no recorder with id `image`:\n{s}"
    );
}

#[test]
fn size_matches_image_for_files_and_folders() {
    // A folder argument contributes its contents to the root; a file argument goes to the root.
    let tmp = tempdir("size");
    let a = tmp.path().join("a");
    write(&a.join("inner/one.txt"), "one\n");
    write(&a.join("two.txt"), "two\n");
    let lone = tmp.path().join("lone.bin");
    write_noise(&lone, 100_000, 3);
    let iso = tmp.path().join("out.iso");
    let blocks = kiln_size(&[a.as_os_str(), lone.as_os_str()]);
    run_ok(
        kiln()
            .args(["burn", "data", "--label", "SIZE", "--to"])
            .arg(&iso)
            .arg(&a)
            .arg(&lone),
    );
    assert_eq!(blocks * BLOCK, fs::metadata(&iso).unwrap().len());
    if have(&["bsdtar"]) {
        let mut names = bsdtar_list(&iso);
        names.sort();
        assert_eq!(names, ["inner", "inner/one.txt", "lone.bin", "two.txt"]);
    }
    // Every medium name is accepted, and the estimate does not depend on it here.
    for m in [
        "cd74", "cd80", "cd90", "cd99", "dvd", "dvd-dl", "dvd-r-dl", "bd25", "bd50",
    ] {
        assert_eq!(
            kiln_size(&[os("--medium"), os(m), a.as_os_str(), lone.as_os_str()]),
            blocks
        );
    }
}

#[test]
fn inspect_rejects_garbage() {
    let tmp = tempdir("garbage");
    let junk = tmp.path().join("junk.iso");
    fs::write(&junk, vec![0u8; 40 * 2048]).unwrap();
    let out = run(kiln().arg("inspect").arg(&junk));
    assert_eq!(
        out.status.code(),
        Some(1),
        "kiln inspect on zeros\n{}",
        show(&out)
    );
}

// --- grafts and conflicts --------------------------------------------------------------------

#[test]
fn graft_puts_a_folder_at_a_disc_path() {
    let tmp = tempdir("graft");
    let main = tmp.path().join("main");
    write(&main.join("top.txt"), "top\n");
    let extra = tmp.path().join("extra");
    write(&extra.join("sub/x.txt"), "x\n");
    let iso = tmp.path().join("out.iso");
    let mut graft = std::ffi::OsString::from("docs/more=");
    graft.push(&extra);
    run_ok(
        kiln()
            .args(["burn", "data", "--to"])
            .arg(&iso)
            .arg("--graft")
            .arg(&graft)
            .arg(&main),
    );
    if have(&["bsdtar"]) {
        let mut names = bsdtar_list(&iso);
        names.sort();
        assert_eq!(
            names,
            [
                "docs",
                "docs/more",
                "docs/more/sub",
                "docs/more/sub/x.txt",
                "top.txt"
            ]
        );
    }
}

#[test]
fn name_conflicts_fail_unless_replace() {
    let tmp = tempdir("conflict");
    write(&tmp.path().join("one/same.txt"), "first\n");
    write(&tmp.path().join("two/same.txt"), "second\n");
    let out_dir = tmp.path().join("out");
    fs::create_dir(&out_dir).unwrap();
    let iso = out_dir.join("out.iso");
    let out = kiln_run(&[
        os("burn"),
        os("data"),
        os("--to"),
        iso.as_os_str(),
        tmp.path().join("one").as_os_str(),
        tmp.path().join("two").as_os_str(),
    ]);
    assert_failed_cleanly(&out, "same.txt", &out_dir);

    let out = kiln_run(&[
        os("burn"),
        os("data"),
        os("--on-conflict"),
        os("replace"),
        os("--to"),
        iso.as_os_str(),
        tmp.path().join("one").as_os_str(),
        tmp.path().join("two").as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "--on-conflict replace\n{}",
        show(&out)
    );
    if have(&["bsdtar"]) {
        let got = run_ok(Command::new("bsdtar").arg("-xOf").arg(&iso).arg("same.txt"));
        assert_eq!(
            text(&got.stdout),
            "second\n",
            "the later source replaces the earlier"
        );
    }
}

// --- bad input -------------------------------------------------------------------------------

#[test]
fn nonexistent_source_fails_naming_it() {
    let tmp = tempdir("missing");
    let out_dir = tmp.path().join("out");
    fs::create_dir(&out_dir).unwrap();
    let missing = tmp.path().join("no-such-source-dir");
    let out = kiln_run(&[os("size"), os("data"), missing.as_os_str()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "size of a missing path\n{}",
        show(&out)
    );
    assert!(
        stderr_of(&out).contains("no-such-source-dir"),
        "{}",
        show(&out)
    );

    let iso = out_dir.join("out.iso");
    let out = kiln_run(&[
        os("burn"),
        os("data"),
        os("--to"),
        iso.as_os_str(),
        missing.as_os_str(),
    ]);
    assert_failed_cleanly(&out, "no-such-source-dir", &out_dir);
}

#[test]
fn tree_larger_than_the_medium_fails() {
    let tmp = tempdir("full");
    let src = tmp.path().join("src");
    fs::create_dir(&src).unwrap();
    // 700 MiB > a 74-minute CD's 650 MiB (sparse: costs no disk).
    make_sparse(&src.join("too big.bin"), 700 * MIB);
    let out_dir = tmp.path().join("out");
    fs::create_dir(&out_dir).unwrap();
    let iso = out_dir.join("out.iso");
    let out = kiln_run(&[
        os("burn"),
        os("data"),
        os("--medium"),
        os("cd74"),
        os("--to"),
        iso.as_os_str(),
        src.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(stderr_of(&out).contains("disc is full"), "{}", show(&out));
    let left = leftovers(&out_dir);
    assert!(left.is_empty(), "a failed burn left files behind: {left:?}");
}

#[test]
fn symlink_loop_with_follow_fails_naming_the_link() {
    let tmp = tempdir("loop");
    let src = tmp.path().join("src");
    write(&src.join("sub/file.txt"), "x\n");
    symlink("..", src.join("sub/the-loop-link")).unwrap();
    let out_dir = tmp.path().join("out");
    fs::create_dir(&out_dir).unwrap();
    let iso = out_dir.join("out.iso");
    let out = kiln_run(&[
        os("burn"),
        os("data"),
        os("--follow-symlinks"),
        os("--to"),
        iso.as_os_str(),
        src.as_os_str(),
    ]);
    assert_failed_cleanly(&out, "the-loop-link", &out_dir);
    // Without --follow-symlinks the loop is just a symlink in Rock Ridge.
    let out = kiln_run(&[
        os("burn"),
        os("data"),
        os("--to"),
        iso.as_os_str(),
        src.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", show(&out));
}

#[test]
fn fifo_is_skipped_with_a_warning() {
    if !have(&["mkfifo"]) {
        return;
    }
    let tmp = tempdir("fifo");
    let src = tmp.path().join("src");
    write(&src.join("regular.txt"), "regular\n");
    run_ok(Command::new("mkfifo").arg(src.join("a-named-pipe")));
    let iso = tmp.path().join("out.iso");
    let blocks = kiln_size(&[src.as_os_str()]);
    let out = kiln_run(&[
        os("burn"),
        os("data"),
        os("--to"),
        iso.as_os_str(),
        src.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "a FIFO must not fail the burn\n{}",
        show(&out)
    );
    assert!(
        stderr_of(&out)
            .lines()
            .any(|l| l.starts_with("warning:") && l.contains("a-named-pipe")),
        "no warning names the FIFO\n{}",
        show(&out)
    );
    assert_eq!(blocks * BLOCK, fs::metadata(&iso).unwrap().len());
    if have(&["bsdtar"]) {
        assert_eq!(bsdtar_list(&iso), ["regular.txt"]);
    }
}

#[test]
fn device_node_is_skipped_with_a_warning() {
    let tmp = tempdir("device");
    let src = tmp.path().join("src");
    write(&src.join("regular.txt"), "regular\n");
    symlink("/dev/null", src.join("null-device-link")).unwrap();
    let iso = tmp.path().join("out.iso");
    let out = kiln_run(&[
        os("burn"),
        os("data"),
        os("--follow-symlinks"),
        os("--to"),
        iso.as_os_str(),
        src.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "a device node must not fail the burn\n{}",
        show(&out)
    );
    assert!(
        stderr_of(&out).lines().any(|l| l.starts_with("warning:")
            && (l.contains("null-device-link") || l.contains("/dev/null"))),
        "no warning names the device node\n{}",
        show(&out)
    );
    if have(&["bsdtar"]) {
        assert_eq!(bsdtar_list(&iso), ["regular.txt"]);
    }
}

// --- reproducible images ---------------------------------------------------------------------

fn sha256(path: &Path) -> String {
    let out = run_ok(Command::new("sha256sum").arg(path));
    text(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn reproducible_images_are_byte_identical() {
    let tmp = tempdir("repro");
    let src = tmp.path().join("src");
    make_awkward(&src);
    write_noise(&src.join("noise.bin"), 3 * MIB + 17, 11);
    let burn = |name: &str| {
        let iso = tmp.path().join(name);
        let out = run_timeout(
            kiln()
                .env("SOURCE_DATE_EPOCH", "1700000000")
                .args(["burn", "data", "--reproducible", "--label", "REPRO", "--to"])
                .arg(&iso)
                .arg(&src),
            LIMIT,
        );
        assert!(out.status.success(), "{}", show(&out));
        iso
    };
    let first = burn("first.iso");
    // A second apart, so a clock read at burn time would show.
    std::thread::sleep(Duration::from_millis(1100));
    let second = burn("second.iso");
    if let Err(e) = same_file(&first, &second) {
        panic!(
            "two --reproducible images differ ({e}): sha256 {} vs {}",
            sha256(&first),
            sha256(&second)
        );
    }
}

// --- kiln inspect on images it did not write --------------------------------------------------

/// genisoimage, not xorriso: xorriso 1.5.4 writes the Joliet `..` record of a subfolder
/// pointing at the subfolder itself, which `kiln inspect` rightly reports.
#[test]
fn inspect_accepts_valid_images_from_genisoimage() {
    if !have(&["genisoimage"]) {
        return;
    }
    let tmp = tempdir("inspect-peer");
    let src = tmp.path().join("src");
    write(&src.join("hello.txt"), "hello\n");
    write(&src.join("sub dir/Some Longer Name.data"), "data\n");
    write_noise(&src.join("noise.bin"), 300_000, 5);
    let iso = tmp.path().join("genisoimage.iso");
    run_ok(
        Command::new("genisoimage")
            .args(["-quiet", "-J", "-R", "-o"])
            .arg(&iso)
            .arg(&src),
    );
    let out = run(kiln().arg("inspect").arg(&iso));
    assert!(
        out.status.success(),
        "kiln inspect finds errors in a valid genisoimage image\n{}",
        show(&out)
    );
}

/// A two-session image made with genisoimage -C/-M (the first session, then the second laid
/// out for block N and importing the first): `kiln inspect --session N` checks the second
/// session, whose tree holds both sessions' files; a block with no session is refused.
#[test]
fn inspect_checks_one_session_of_a_multisession_image() {
    if !have(&["genisoimage"]) {
        return;
    }
    let tmp = tempdir("inspect-session");
    let (one, two) = (tmp.path().join("one"), tmp.path().join("two"));
    write(&one.join("first.txt"), "first\n");
    write_noise(&one.join("noise.bin"), 100_000, 7);
    write(&two.join("second/file.txt"), "second\n");
    let s1 = tmp.path().join("s1.iso");
    run_ok(
        Command::new("genisoimage")
            .args(["-quiet", "-J", "-R", "-o"])
            .arg(&s1)
            .arg(&one),
    );
    let mut disc = fs::read(&s1).unwrap();
    let next = (disc.len() / 2048).div_ceil(16) * 16;
    disc.resize(next * 2048, 0);
    let s2 = tmp.path().join("s2.iso");
    run_ok(
        Command::new("genisoimage")
            .args(["-quiet", "-J", "-R", "-C", &format!("0,{next}"), "-M"])
            .arg(&s1)
            .arg("-o")
            .arg(&s2)
            .arg(&two),
    );
    disc.extend(fs::read(&s2).unwrap());
    let image = tmp.path().join("multi.iso");
    fs::write(&image, &disc).unwrap();
    let out = run(kiln()
        .args(["inspect", "--session", &next.to_string()])
        .arg(&image));
    assert!(out.status.success(), "{}", show(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    // 3 files (both sessions'), 2 folders (the root and "second").
    assert!(text.contains("3 files"), "{text}");
    let out = run(kiln()
        .args(["inspect", "--session", &(next + 1).to_string()])
        .arg(&image));
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
}

#[test]
fn inspect_flags_damaged_images() {
    let tmp = tempdir("inspect-damaged");
    let src = tmp.path().join("src");
    for i in 0..20 {
        write_noise(&src.join(format!("file{i}.bin")), 50_000, i);
    }
    let iso = tmp.path().join("good.iso");
    run_ok(kiln().args(["burn", "data", "--to"]).arg(&iso).arg(&src));
    let image = fs::read(&iso).unwrap();
    assert_eq!(
        &image[16 * 2048 + 1..16 * 2048 + 6],
        b"CD001",
        "no primary volume descriptor"
    );
    let out = run(kiln().arg("inspect").arg(&iso));
    assert!(out.status.success(), "{}", show(&out));

    // Cut short: the volume and the files' extents end beyond the end of the image.
    let cut = tmp.path().join("cut.iso");
    fs::write(&cut, &image[..image.len() - 40 * 2048]).unwrap();
    let out = run(kiln().arg("inspect").arg(&cut));
    assert_eq!(
        out.status.code(),
        Some(1),
        "truncated image\n{}",
        show(&out)
    );

    // No primary volume descriptor.
    let mut no_pvd = image.clone();
    no_pvd[16 * 2048..17 * 2048].fill(0);
    let blank = tmp.path().join("no-pvd.iso");
    fs::write(&blank, &no_pvd).unwrap();
    let out = run(kiln().arg("inspect").arg(&blank));
    assert_eq!(
        out.status.code(),
        Some(1),
        "image without a PVD\n{}",
        show(&out)
    );
}

/// `--to` a FIFO streams the image into it (nothing to rename over), byte-identical to a file.
#[cfg(unix)]
#[test]
fn burn_data_streams_into_a_fifo() {
    let tmp = tempdir("fifo");
    let src = tmp.path().join("src");
    write(&src.join("a.txt"), "streamed\n");
    let fifo = tmp.path().join("image.fifo");
    run_ok(Command::new("mkfifo").arg(&fifo));
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(fifo).unwrap())
    };
    let streamed_out = run(kiln()
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(["burn", "data", "--reproducible", "--to"])
        .arg(&fifo)
        .arg(&src));
    assert!(streamed_out.status.success(), "{}", show(&streamed_out));
    let streamed = reader.join().unwrap();
    let iso = tmp.path().join("out.iso");
    run_ok(
        kiln()
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .args(["burn", "data", "--reproducible", "--to"])
            .arg(&iso)
            .arg(&src),
    );
    assert_eq!(streamed, fs::read(&iso).unwrap());
    assert!(fifo.exists(), "the FIFO must not be replaced by a file");
    assert!(!fs::metadata(&fifo).unwrap().is_file());
}

#[test]
fn drive_and_verify_need_a_drive() {
    // Here there is no optical drive (the VM check, scripts/vm/check.sh, has them): the
    // commands must refuse what is not a drive with exit code 1 and a message naming it.
    let out = kiln_run(&["drive".as_ref(), "image".as_ref()]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(
        stderr_of(&out).contains("not a disc drive"),
        "{}",
        show(&out)
    );
    let out = kiln_run(&["drive".as_ref(), "/dev/no-such-drive".as_ref()]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(
        stderr_of(&out).contains("/dev/no-such-drive"),
        "{}",
        show(&out)
    );
    let out = kiln_run(&[
        "verify".as_ref(),
        "--recorder".as_ref(),
        "virtual-dvd+r".as_ref(),
        "disc.iso".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(stderr_of(&out).contains("virtual-dvd+r"), "{}", show(&out));
    // Both are usage errors without their arguments.
    assert_eq!(kiln_run(&["drive".as_ref()]).status.code(), Some(2));
    assert_eq!(kiln_run(&["verify".as_ref()]).status.code(), Some(2));
}
