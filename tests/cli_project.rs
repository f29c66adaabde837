//! `kiln burn --project FILE.kiln`: a project written by hand (as people may), with sources
//! beside it, burned to an image file; a missing source stops the burn and is named.

use std::path::Path;
use std::process::{Command, Output};

fn kiln(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiln"))
        .current_dir(dir)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(args)
        .output()
        .unwrap()
}

/// `trip/` with `pics/a.jpg`, `notes.txt` and `trip.kiln`, whose sources are stored with
/// absolute paths that do not exist (the folder was moved) and relative ones that do.
fn trip(root: &Path) -> std::path::PathBuf {
    let trip = root.join("trip");
    std::fs::create_dir_all(trip.join("pics")).unwrap();
    std::fs::write(trip.join("pics/a.jpg"), vec![9u8; 4000]).unwrap();
    std::fs::write(trip.join("notes.txt"), b"hello").unwrap();
    std::fs::write(
        trip.join("trip.kiln"),
        r#"kiln_project = 1
format = "data"

[burn]
simulate = false

[data]
label = "TRIP"

[[data.item]]
disc_path = "/Photos"
source = "/no/longer/here/pics"
relative = "pics"

[[data.item]]
disc_path = "/Photos/Read me.txt"
source = "/no/longer/here/notes.txt"
relative = "notes.txt"

[[data.item]]
disc_path = "/Empty"
"#,
    )
    .unwrap();
    trip
}

#[test]
fn a_project_burns_to_an_image_with_its_renames_and_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let trip = trip(tmp.path());
    let out = kiln(
        tmp.path(),
        &["burn", "--project", "trip/trip.kiln", "--to", "trip.iso"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("Wrote trip.iso"), "{stderr}");
    let image = std::fs::read(tmp.path().join("trip.iso")).unwrap();
    // Rock Ridge keeps the names as they are, in plain bytes.
    for name in ["Read me.txt", "Photos", "Empty", "a.jpg"] {
        assert!(
            image.windows(name.len()).any(|w| w == name.as_bytes()),
            "no '{name}' in the image"
        );
    }
    assert!(image.windows(4).any(|w| w == b"TRIP"));
    let inspect = kiln(tmp.path(), &["inspect", "trip.iso"]);
    assert!(inspect.status.success(), "{:?}", inspect);
    drop(trip);
}

#[test]
fn a_missing_source_stops_the_burn_and_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let trip = trip(tmp.path());
    std::fs::remove_file(trip.join("notes.txt")).unwrap();
    let out = kiln(
        tmp.path(),
        &["burn", "--project", "trip/trip.kiln", "--to", "trip.iso"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("/no/longer/here/notes.txt' is missing"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was burned"), "{stderr}");
    assert!(!tmp.path().join("trip.iso").exists());
}

#[test]
fn usage_errors_say_what_is_missing() {
    let tmp = tempfile::tempdir().unwrap();
    trip(tmp.path());
    let out = kiln(tmp.path(), &["burn"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--project FILE.kiln"));
    let out = kiln(tmp.path(), &["burn", "--project", "trip/trip.kiln"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--to FILE.iso"));
    let out = kiln(
        tmp.path(),
        &["burn", "--project", "nowhere.kiln", "--to", "x.iso"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the project 'nowhere.kiln'"));
}
