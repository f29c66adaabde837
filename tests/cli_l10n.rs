//! The command line speaks the user's language for the core's errors and naming notes.

use std::process::{Command, Output};

/// `kiln` with `args`, in the locale `lang` (and no other locale variable to override it).
fn kiln(lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiln"))
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("KILN_LOG")
        .env("LANG", lang)
        .output()
        .expect("kiln runs")
}

const MISSING: &[&str] = &[
    "burn",
    "data",
    "--to",
    "/nonexistent-dir/x.iso",
    "/also-missing",
];

#[test]
fn a_core_error_is_printed_in_italian() {
    let out = kiln("it_IT.UTF-8", MISSING);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        "errore: '/also-missing' non esiste (è stato spostato o eliminato?): \
         rimettilo al suo posto o toglilo dalla compilation"
    );
}

#[test]
fn a_core_error_is_printed_in_english_elsewhere() {
    for lang in ["C", "en_GB.UTF-8", "xx_YY.UTF-8"] {
        let out = kiln(lang, MISSING);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert_eq!(
            stderr.trim_end(),
            "error: '/also-missing' does not exist (was it moved or deleted?): \
             put it back or remove it from the compilation",
            "{lang}"
        );
    }
}

#[test]
fn naming_notes_are_printed_in_italian() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let long = format!("{}.txt", "n".repeat(70));
    let src = dir.path().join("src");
    std::fs::create_dir(&src).expect("create the source folder");
    std::fs::write(src.join(&long), b"hi").expect("write a source file");
    let iso = dir.path().join("out.iso");
    let out = kiln(
        "it_IT.UTF-8",
        &[
            "burn",
            "data",
            "--to",
            iso.to_str().expect("UTF-8 temporary path"),
            src.to_str().expect("UTF-8 temporary path"),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "attenzione: /{long}: nome di 74 caratteri mantenuto intero in Joliet \
             (la specifica ne ammette 64; Windows lo legge)"
        )),
        "{stderr}"
    );
}
