//! The file format on its own: text round trips, paths, versions, damage.

use std::path::{Path, PathBuf};

use super::*;
use crate::project::ProjectIssue;

fn data_project(dir: &Path) -> Project {
    Project {
        compilation: Compilation::Data(DataProject {
            label: "HOLIDAY".into(),
            follow_symlinks: true,
            conflict: ConflictPolicy::Replace,
            source_date_epoch: Some(1_700_000_000),
            items: vec![
                DataItem {
                    graft: Graft {
                        source: Some(dir.join("pics")),
                        disc_path: "/Photos".into(),
                    },
                    saved: Some(Stamp::Folder),
                },
                DataItem {
                    graft: Graft {
                        source: None,
                        disc_path: "/Empty \"quoted\" folder".into(),
                    },
                    saved: None,
                },
                DataItem {
                    graft: Graft {
                        source: Some(dir.join("notes è.txt")),
                        disc_path: "/Photos/notes.txt".into(),
                    },
                    saved: Some(Stamp::File {
                        size: 5,
                        modified: 1_764_979_200,
                    }),
                },
            ],
        }),
        burn: BurnSettings {
            speed: Some(16.0),
            simulate: true,
            verify: false,
            eject: false,
            leave_open: true,
        },
    }
}

fn audio_project(dir: &Path) -> Project {
    Project {
        compilation: Compilation::Audio(AudioProject {
            tracks: vec![
                TrackItem {
                    source: dir.join("01.wav"),
                    metadata: TrackMetadata {
                        title: Some("Première".into()),
                        performer: Some("Band".into()),
                        isrc: Some("USRC17607839".into()),
                        ..TrackMetadata::default()
                    },
                    pregap_blocks: 150,
                    saved: None,
                },
                TrackItem {
                    source: PathBuf::from("/elsewhere/02.flac"),
                    metadata: TrackMetadata::default(),
                    pregap_blocks: 0,
                    saved: Some(Stamp::File {
                        size: 1,
                        modified: -5,
                    }),
                },
            ],
            disc: DiscMetadata {
                title: Some("Album".into()),
                performer: Some("Band".into()),
                catalog: Some("0123456789012".into()),
                ..DiscMetadata::default()
            },
        }),
        burn: BurnSettings::default(),
    }
}

fn round_trip(p: &Project, dir: &Path) -> Project {
    let text = to_text(p, dir).unwrap();
    parse(text.as_bytes(), &dir.join("x.kiln"), dir).unwrap()
}

#[test]
fn data_and_audio_projects_read_back_as_written() {
    let dir = Path::new("/home/me/trip");
    for p in [data_project(dir), audio_project(dir)] {
        assert_eq!(round_trip(&p, dir), p);
    }
    let text = to_text(&data_project(dir), dir).unwrap();
    assert!(text.starts_with("# A Kiln disc compilation"), "{text}");
    assert!(text.contains("kiln_project = 1"), "{text}");
    assert!(text.contains("relative = \"pics\""), "{text}");
}

#[test]
fn relative_paths_share_a_folder_below_the_root_or_are_absent() {
    let p = |s: &str| PathBuf::from(s);
    assert_eq!(relative(&p("/a/b"), &p("/a/b/c/d")).as_deref(), Some("c/d"));
    assert_eq!(
        relative(&p("/a/b"), &p("/a/x/y")).as_deref(),
        Some("../x/y")
    );
    assert_eq!(relative(&p("/a/b"), &p("/a/b")).as_deref(), Some("."));
    assert_eq!(relative(&p("/a/b"), &p("/z/y")), None);
}

#[test]
fn opening_prefers_the_copy_beside_the_project_then_whatever_exists() {
    let tmp = tempfile::tempdir().unwrap();
    let old = tmp.path().join("old");
    let new = tmp.path().join("new");
    for d in [&old, &new] {
        std::fs::create_dir_all(d).unwrap();
        std::fs::write(d.join("a.txt"), b"a").unwrap();
    }
    let s = |source: &Path, relative: &str| SourceV1 {
        source: source.display().to_string(),
        relative: Some(relative.into()),
        kind: None,
        size: None,
        modified: None,
    };
    // Inside the project's folder: the copy beside the project wins.
    assert_eq!(
        resolve(&new, &s(&old.join("a.txt"), "a.txt")),
        new.join("a.txt")
    );
    // Climbing out of it: the absolute path wins while it exists.
    assert_eq!(
        resolve(&new, &s(&old.join("a.txt"), "../old/a.txt")),
        old.join("a.txt")
    );
    // Whichever exists.
    assert_eq!(
        resolve(&new, &s(&tmp.path().join("gone.txt"), "a.txt")),
        new.join("a.txt")
    );
    assert_eq!(
        resolve(&new, &s(&old.join("a.txt"), "gone.txt")),
        old.join("a.txt")
    );
}

#[test]
fn a_newer_version_is_refused_for_its_version_even_with_unknown_fields() {
    let text = "kiln_project = 2\nformat = \"hologram\"\n[crystal]\nfacets = 12\n";
    let e = parse(text.as_bytes(), Path::new("f.kiln"), Path::new("/")).unwrap_err();
    assert!(
        matches!(
            e,
            ProjectError::NewerVersion {
                version: 2,
                supported: 1,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("newer Kiln"), "{e}");
}

#[test]
fn damaged_and_foreign_files_are_told_apart() {
    let at = Path::new("p.kiln");
    let dir = Path::new("/");
    let damaged = [
        "kiln_project = 1\nformat = \"data\"\n[[data.item]]\nsource = \"/x\"\n",
        "kiln_project = 1\nformat = \"data\"\n[[data.item]]\ndisc_path = \"no-slash\"\n",
        "kiln_project = 1\nformat = \"vinyl\"\n",
        "kiln_project = \"one\"\nformat = \"data\"\n",
        "kiln_project = 0\nformat = \"data\"\n",
        "kiln_project = 1\nformat = \"data\"\n[burn]\nspeed = -4.0\n",
        "kiln_project = 1\nformat = \"audio\"\n[[audio.track]]\nsource = \"/a.wav\"\npregap = -1\n",
        "kiln_project = 1\nformat = [",
        "kiln_project = 1\nformat = \"audio\"\n[[audio.track]]\nsource = \"/a.wav\"\npregap = 9223372036854775807\n",
        "kiln_project = 1\nformat = \"data\"\n[data]\nsource_date_epoch = 9223372036854775807\n",
    ];
    for text in damaged {
        let e = parse(text.as_bytes(), at, dir).unwrap_err();
        assert!(matches!(e, ProjectError::Damaged { .. }), "{text}: {e:?}");
    }
    for text in [
        &b"\x89PNG\r\n\x1a\n\0\0"[..],
        b"[section]\nkey = 1\n",
        b"just words",
    ] {
        let e = parse(text, at, dir).unwrap_err();
        assert!(matches!(e, ProjectError::NotAProject { .. }), "{e:?}");
    }
}

#[test]
fn no_truncation_of_a_valid_file_panics() {
    let dir = Path::new("/home/me/trip");
    for p in [data_project(dir), audio_project(dir)] {
        let text = to_text(&p, dir).unwrap();
        let bytes = text.as_bytes();
        let mut refused = 0;
        for end in 0..=bytes.len() {
            if parse(&bytes[..end], Path::new("t.kiln"), dir).is_err() {
                refused += 1;
            }
        }
        // The empty prefix at least is refused, and the whole file is not.
        assert!(refused > 0);
        assert!(parse(bytes, Path::new("t.kiln"), dir).is_ok());
    }
}

#[test]
fn saving_is_atomic_and_leaves_no_temporary_file() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("trip.kiln");
    std::fs::write(&path, b"the old project").unwrap();
    let p = data_project(tmp.path());
    save(&p, &path).unwrap();
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["trip.kiln"]);
    assert_eq!(open(&path).unwrap(), p);
    // A folder that cannot be written keeps the old file and names the project.
    let e = save(&p, &tmp.path().join("no").join("such.kiln")).unwrap_err();
    assert!(matches!(e, ProjectError::Write { .. }), "{e:?}");
    assert!(e.to_string().contains("such.kiln"), "{e}");
}

#[cfg(unix)]
#[test]
fn a_path_that_is_not_unicode_is_refused_by_name() {
    use std::os::unix::ffi::OsStrExt;
    let bad = PathBuf::from(std::ffi::OsStr::from_bytes(b"/tmp/caf\xe9"));
    let p = Project::of_data(
        &[Graft {
            source: Some(bad),
            disc_path: "/cafe".into(),
        }],
        &crate::data::DataOptions::default(),
        BurnSettings::default(),
    );
    let e = to_text(&p, Path::new("/tmp")).unwrap_err();
    assert!(matches!(e, ProjectError::NotUnicode { .. }), "{e:?}");
}

#[test]
fn every_error_names_its_file_and_has_an_id() {
    for e in ProjectError::samples() {
        let l = e.localized();
        assert!(l.id.starts_with("error-project-"), "{}", l.id);
        if let Some(path) = l.get("path") {
            assert!(e.to_string().contains(&path.to_string()), "{e}");
        }
    }
    for i in ProjectIssue::samples() {
        let l = i.localized();
        assert!(i.to_string().contains(&l.get("path").unwrap().to_string()));
    }
}
