//! `kiln media ID` (what is in a recorder, with the drive's real write speeds) and
//! `kiln burn ... --speed N`, end to end on the virtual recorders.

use std::path::Path;
use std::process::{Command, Output};

fn kiln(dir: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiln"))
        .current_dir(dir)
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(args)
        .output()
        .unwrap()
}

fn show(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn media_lists_the_medium_and_the_drives_speeds() {
    let dir = tempfile::tempdir().unwrap();
    let out = kiln(dir.path(), "C", &["media", "virtual-bd-r"]);
    assert!(out.status.success(), "{}", show(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "Medium: BD-R",
            "Status: blank",
            "Sessions: 1",
            "Free: 12219392 blocks (25025.3 MB)",
            "Write speeds: 16× (71920 kB/s), 12× (53940 kB/s), 8× (35960 kB/s), \
             6× (26970 kB/s), 4× (17980 kB/s), 2× (8990 kB/s)",
        ],
        "{text}"
    );
    let out = kiln(dir.path(), "it_IT.UTF-8", &["media", "virtual-cd-r"]);
    assert!(out.status.success(), "{}", show(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Supporto: CD-R"), "{text}");
    assert!(text.contains("Stato: vuoto"), "{text}");
    assert!(
        text.contains("52× (9173 kB/s), 48× (8467 kB/s), 40× (7056 kB/s)"),
        "{text}"
    );
}

#[test]
fn media_of_the_image_recorder_says_it_has_no_disc() {
    let dir = tempfile::tempdir().unwrap();
    let out = kiln(dir.path(), "C", &["media", "image"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(show(&out).contains("no disc"), "{}", show(&out));
}

#[test]
fn burn_with_a_speed_and_a_bad_speed() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("a.txt"), b"hello").unwrap();
    let iso = dir.path().join("disc.iso");
    let (src_s, iso_s) = (src.to_str().unwrap(), iso.to_str().unwrap());
    let out = kiln(
        dir.path(),
        "C",
        &[
            "burn",
            "data",
            "--recorder",
            "virtual-dvd+r",
            "--speed",
            "8",
            "--to",
            iso_s,
            src_s,
        ],
    );
    assert!(out.status.success(), "{}", show(&out));
    assert!(std::fs::metadata(&iso).unwrap().len() > 0);
    for bad in ["fast", "0", "-4"] {
        let speed = format!("--speed={bad}");
        let out = kiln(
            dir.path(),
            "C",
            &[
                "burn",
                "data",
                "--recorder",
                "virtual-cd-r",
                &speed,
                "--to",
                iso_s,
                src_s,
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", show(&out));
        assert!(
            show(&out).contains(&format!("'{bad}' is not a write speed")),
            "{}",
            show(&out)
        );
    }
}
