//! Data staging end to end in the core: exact sizes, all-or-nothing additions, change detection,
//! reproducibility and the DiscMaster rules. Every image written here also goes through the
//! structural linter.

use std::fs;
use std::io::{Cursor, Read};
use std::path::Path;

use kiln_core::data::{ConflictPolicy, DataOptions, DataStaging, ImageReader};
use kiln_core::inspect;
use kiln_core::progress::{ProgressEvent, ProgressObserver, Silent};
use kiln_core::{DiscMaster, Error, Format, Graft, MediumSize, RecordOptions};

fn write(p: &Path, bytes: &[u8]) {
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, bytes).unwrap();
}

/// A varied tree: nested folders, long and awkward names, empty files, a 1,500-entry folder.
fn varied_tree(root: &Path) {
    write(&root.join("a/b/c/deep.txt"), b"deep");
    write(&root.join("a/readme.txt"), b"1");
    write(&root.join("a/README.txt"), b"22");
    write(&root.join("empty"), b"");
    write(&root.join(format!("{}.txt", "L".repeat(200))), b"long");
    write(
        &root.join("perché/città/漢字.txt"),
        "ü".repeat(3000).as_bytes(),
    );
    let mut p = root.join("deep");
    for i in 0..12 {
        p = p.join(format!("level{i}"));
    }
    write(&p.join("bottom.txt"), b"bottom");
    for i in 0..1500 {
        write(&root.join(format!("many/file_{i:05}.dat")), &[i as u8; 3]);
    }
    fs::create_dir_all(root.join("emptydir/inner")).unwrap();
}

fn image_bytes(s: &DataStaging) -> Vec<u8> {
    let mut out = Vec::new();
    ImageReader::new(s).unwrap().read_to_end(&mut out).unwrap();
    out
}

fn assert_clean(bytes: &[u8]) -> inspect::Report {
    let report = inspect::inspect(Cursor::new(bytes), bytes.len() as u64);
    let errors: Vec<String> = report.errors().map(|f| f.to_string()).collect();
    assert!(errors.is_empty(), "linter errors: {errors:#?}");
    report
}

/// One step of a staging built in several additions.
type Step<'a> = Box<dyn Fn(&mut DataStaging) + 'a>;

fn staging() -> DataStaging {
    DataStaging::new(DataOptions::default())
}

#[test]
fn size_before_writing_equals_size_written_after_every_addition() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    varied_tree(&src);
    let mut s = staging();
    let steps: Vec<Step> = vec![
        Box::new(|s| {
            s.add_contents(&src.join("a"), "/", &mut Silent).unwrap();
        }),
        Box::new(|s| {
            s.add_contents(&src.join("perché"), "/x/y", &mut Silent)
                .unwrap();
        }),
        Box::new(|s| {
            s.add_as(&src.join("deep"), "/deep", &mut Silent).unwrap();
        }),
        Box::new(|s| {
            s.add_as(&src.join("many"), "/a2/many", &mut Silent)
                .unwrap();
        }),
        Box::new(|s| {
            s.add_contents(&src.join("empty"), "/", &mut Silent)
                .unwrap();
            s.add_as(&src.join("emptydir"), "/emptydir", &mut Silent)
                .unwrap();
        }),
    ];
    for step in steps {
        step(&mut s);
        let bytes = image_bytes(&s);
        assert_eq!(bytes.len() as u64, s.stats().used * 2048);
        let report = assert_clean(&bytes);
        assert_eq!(report.volume_blocks, s.stats().used);
    }
    // The same tree staged in one go gives the same size as staged in steps.
    let mut whole = staging();
    whole.add_contents(&src, "/", &mut Silent).unwrap();
    assert_eq!(image_bytes(&whole).len() as u64, whole.stats().used * 2048);
}

#[test]
fn an_addition_that_does_not_fit_adds_nothing_and_says_how_much_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("small/a.txt"), b"a");
    write(&dir.path().join("big/b.bin"), &vec![7u8; 2048 * 100]);
    let mut s = staging();
    s.add_contents(&dir.path().join("small"), "/", &mut Silent)
        .unwrap();
    let before = s.stats().used;
    let before_image = image_bytes(&s);
    // Room for 50 more blocks: the 100-block file (plus its records) cannot fit.
    s.set_medium(MediumSize::Blocks(before + 50));
    let err = s
        .add_contents(&dir.path().join("big"), "/", &mut Silent)
        .unwrap_err();
    match err {
        Error::DiscFull { missing_blocks, .. } => assert_eq!(missing_blocks, 50),
        other => panic!("expected DiscFull, got {other}"),
    }
    assert_eq!(s.stats().used, before);
    assert_eq!(s.tree().len(), 2);
    // Not one byte of the image changed except the volume dates, which are fixed per staging.
    assert_eq!(image_bytes(&s), before_image);
}

#[test]
fn a_conflict_deep_inside_a_folder_adds_nothing_of_it() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("one/docs/x.txt"), b"x1");
    write(&dir.path().join("two/aaa/new1.txt"), b"n");
    write(&dir.path().join("two/docs/x.txt"), b"x2");
    write(&dir.path().join("two/zzz/new2.txt"), b"n");
    let mut s = staging();
    s.add_contents(&dir.path().join("one"), "/", &mut Silent)
        .unwrap();
    let nodes = s.tree().len();
    let used = s.stats().used;
    let err = s
        .add_contents(&dir.path().join("two"), "/", &mut Silent)
        .unwrap_err();
    assert!(
        matches!(&err, Error::FileExists { disc_path, .. } if disc_path == "/docs"),
        "{err}"
    );
    assert_eq!(s.tree().len(), nodes);
    assert_eq!(s.stats().used, used);
    assert_clean(&image_bytes(&s));
}

#[test]
fn the_replace_policy_merges_folders_and_replaces_files() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("one/docs/x.txt"), b"old-content");
    write(&dir.path().join("two/docs/x.txt"), b"NEW-CONTENT-LONGER");
    write(&dir.path().join("two/docs/y.txt"), b"y");
    let mut s = DataStaging::new(DataOptions {
        conflict: ConflictPolicy::Replace,
        ..DataOptions::default()
    });
    s.add_contents(&dir.path().join("one"), "/", &mut Silent)
        .unwrap();
    s.add_contents(&dir.path().join("two"), "/", &mut Silent)
        .unwrap();
    let bytes = image_bytes(&s);
    assert_eq!(bytes.len() as u64, s.stats().used * 2048);
    assert_clean(&bytes);
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"NEW-CONTENT-LONGER"));
    assert!(!has(b"old-content"));
}

#[test]
fn files_that_change_after_staging_stop_the_write_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("src/f.bin");
    write(&f, &[1u8; 10_000]);
    for (what, change) in [
        (
            "grown",
            Box::new(|p: &Path| fs::write(p, [1u8; 10_001]).unwrap()) as Box<dyn Fn(&Path)>,
        ),
        (
            "shrunk",
            Box::new(|p: &Path| fs::write(p, [1u8; 9_999]).unwrap()),
        ),
        ("deleted", Box::new(|p: &Path| fs::remove_file(p).unwrap())),
    ] {
        write(&f, &[1u8; 10_000]);
        let mut s = staging();
        s.add_contents(&dir.path().join("src"), "/", &mut Silent)
            .unwrap();
        change(&f);
        let mut out = Vec::new();
        let err = ImageReader::new(&s)
            .unwrap()
            .read_to_end(&mut out)
            .unwrap_err();
        let err = Error::from_io(err, Path::new("out"));
        match &err {
            Error::SourceChanged { path, .. } | Error::SourceMissing { path } => {
                assert_eq!(path, &f, "{what}")
            }
            other => panic!("{what}: unexpected {other}"),
        }
    }
}

#[test]
fn reproducible_mode_gives_the_same_bytes_for_the_same_tree() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    varied_tree(&src);
    let opts = DataOptions {
        source_date_epoch: Some(1_700_000_000),
        ..DataOptions::default()
    };
    let mut a = DataStaging::new(opts.clone());
    a.add_contents(&src, "/", &mut Silent).unwrap();
    let mut b = DataStaging::new(opts);
    b.add_contents(&src, "/", &mut Silent).unwrap();
    assert_eq!(image_bytes(&a), image_bytes(&b));
}

#[test]
fn hard_links_share_one_copy_of_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    write(&src.join("a.bin"), &[5u8; 2048 * 10]);
    let mut single = staging();
    single.add_contents(&src, "/", &mut Silent).unwrap();
    fs::hard_link(src.join("a.bin"), src.join("b.bin")).unwrap();
    let mut linked = staging();
    linked.add_contents(&src, "/", &mut Silent).unwrap();
    assert_eq!(linked.stats().used, single.stats().used);
    assert_clean(&image_bytes(&linked));
}

#[cfg(unix)]
#[test]
fn following_links_detects_loops_and_fails_whole() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    write(&src.join("inner/file.txt"), b"f");
    std::os::unix::fs::symlink("..", src.join("inner/up")).unwrap();
    let mut s = DataStaging::new(DataOptions {
        follow_symlinks: true,
        ..DataOptions::default()
    });
    let err = s.add_contents(&src, "/", &mut Silent).unwrap_err();
    assert!(matches!(err, Error::SymlinkLoop { .. }), "{err}");
    assert!(s.is_empty());
    // Without following, the link is just a link.
    let mut s = staging();
    s.add_contents(&src, "/", &mut Silent).unwrap();
    assert_eq!(s.tree().len(), 4);
}

#[test]
fn every_file_is_in_the_joliet_tree_even_past_240_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    let mut p = src.clone();
    for i in 0..6 {
        p = p.join(format!("{}{i}", "p".repeat(60)));
    }
    write(&p.join("file.txt"), b"long");
    write(&src.join("x/y.txt"), b"y");
    let mut s = staging();
    s.add_contents(&src, "/", &mut Silent).unwrap();
    let report = assert_clean(&image_bytes(&s));
    assert_eq!(report.joliet_files, 2);
    assert_eq!(report.iso_files, 2);
    let notes = s.naming_notes();
    assert!(notes.iter().any(|n| n.to_string().contains("240")));
}

struct CancelAfter(u32);
impl ProgressObserver for CancelAfter {
    fn query_cancel(&mut self) -> bool {
        self.0 = self.0.saturating_sub(1);
        self.0 == 0
    }
}

struct Events(std::sync::Arc<std::sync::Mutex<Vec<String>>>);
impl ProgressObserver for Events {
    fn on_event(&mut self, e: &ProgressEvent) {
        let name = format!("{e:?}");
        let name = name.split([' ', '(', '{']).next().unwrap_or("").to_string();
        self.0.lock().unwrap().push(name);
    }
}

#[test]
fn disc_master_follows_the_imapi_rules() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    write(&src.join("a.txt"), b"a");
    let mut m = DiscMaster::new();
    assert!(matches!(m.formats(), Err(Error::NotOpened)));
    m.open().unwrap();
    assert!(matches!(m.open(), Err(Error::AlreadyOpened)));
    assert!(matches!(m.recorders(), Err(Error::NoActiveFormat)));
    assert!(matches!(m.add_data(&src, "/"), Err(Error::NoActiveFormat)));
    assert_eq!(m.formats().unwrap(), vec![Format::Data, Format::Audio]);
    m.set_active_format(Format::Data).unwrap();
    assert_eq!(m.recorders().unwrap()[0].id, "image");
    assert!(matches!(
        m.set_active_recorder("nope"),
        Err(Error::UnknownRecorder { .. })
    ));
    let options = RecordOptions {
        image_path: Some(dir.path().join("out.iso")),
        ..RecordOptions::default()
    };
    assert!(matches!(
        m.record_disc(&options),
        Err(Error::NoActiveRecorder)
    ));
    m.set_active_recorder("image").unwrap();
    assert!(matches!(m.record_disc(&options), Err(Error::NothingStaged)));
    m.add_data(&src, "/").unwrap();
    let used = m.data_stats().unwrap().used;
    // Changing the format clears the staging.
    m.set_active_format(Format::Data).unwrap();
    m.set_active_recorder("image").unwrap();
    assert_eq!(m.data_stats().unwrap().used, used - 1);
    m.add_data(&src, "/").unwrap();
    assert_eq!(m.data_stats().unwrap().used, used);
    let events = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    m.subscribe(Box::new(Events(events.clone())));
    m.record_disc(&options).unwrap();
    let written = fs::metadata(dir.path().join("out.iso")).unwrap().len();
    assert_eq!(written, used * 2048);
    // A successful recording clears the staging.
    assert!(m.data_staging().unwrap().is_empty());
    let seen = events.lock().unwrap().clone();
    assert_eq!(seen.first().map(String::as_str), Some("PreparingBurn"));
    assert_eq!(seen.last().map(String::as_str), Some("BurnComplete"));
    assert!(seen.iter().any(|e| e == "ClosingDisc"));
    m.close();
    assert!(matches!(m.data_stats(), Err(Error::NotOpened)));
}

#[test]
fn cancelling_a_recording_leaves_no_image() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    write(&src.join("big.bin"), &vec![3u8; 32 << 20]);
    let mut m = DiscMaster::new();
    m.open().unwrap();
    m.set_active_format(Format::Data).unwrap();
    m.set_active_recorder("image").unwrap();
    m.add_data(&src, "/").unwrap();
    m.subscribe(Box::new(CancelAfter(2)));
    let out = dir.path().join("out.iso");
    let err = m
        .record_disc(&RecordOptions {
            image_path: Some(out.clone()),
            ..RecordOptions::default()
        })
        .unwrap_err();
    assert!(matches!(err, Error::UserAbort), "{err}");
    assert!(!out.exists());
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only the source folder remains");
    // The staging stays for another try.
    assert!(!m.data_staging().unwrap().is_empty());
}

#[test]
fn restaging_from_grafts_renames_and_makes_folders_or_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let pics = dir.path().join("pics");
    write(&pics.join("p1.jpg"), &[1u8; 5000]);
    write(&pics.join("sub/p2.jpg"), &[2u8; 7000]);
    let big = dir.path().join("big.bin");
    write(&big, &[3u8; 100_000]);
    let options = DataOptions {
        source_date_epoch: Some(1_700_000_000),
        ..DataOptions::default()
    };
    let mut m = DiscMaster::new();
    m.open().unwrap();
    m.set_active_format(Format::Data).unwrap();
    m.set_data_options(options.clone()).unwrap();
    m.add_data_as(&pics, "/pics").unwrap();
    m.add_data_as(&big, "/big.bin").unwrap();
    let names = |m: &mut DiscMaster| {
        let s = m.data_staging().unwrap();
        let t = s.tree();
        let mut all: Vec<String> = (0..t.len() as u32).map(|n| t.path(n)).collect();
        all.sort();
        all
    };
    let before = (names(&mut m), m.data_stats().unwrap());
    // A missing source, or a cancel, leaves the staging as it was.
    let broken = [
        Graft {
            source: Some(pics.clone()),
            disc_path: "/Photos".into(),
        },
        Graft {
            source: Some(dir.path().join("missing")),
            disc_path: "/missing".into(),
        },
    ];
    assert!(m.restage_data(&broken).is_err());
    assert_eq!((names(&mut m), m.data_stats().unwrap()), before);
    // Cancellation is polled every 512 items.
    let many = dir.path().join("many");
    for i in 0..600 {
        write(&many.join(i.to_string()), b"x");
    }
    let sub = m.subscribe(Box::new(CancelAfter(1)));
    let long = [Graft {
        source: Some(many),
        disc_path: "/many".into(),
    }];
    assert!(matches!(m.restage_data(&long), Err(Error::UserAbort)));
    m.unsubscribe(sub);
    assert_eq!((names(&mut m), m.data_stats().unwrap()), before);
    // Renamed, moved into a new folder, and an empty folder.
    let grafts = [
        Graft {
            source: Some(pics.clone()),
            disc_path: "/Photos 2024".into(),
        },
        Graft {
            source: None,
            disc_path: "/New folder".into(),
        },
        Graft {
            source: Some(big.clone()),
            disc_path: "/New folder/big.bin".into(),
        },
        Graft {
            source: None,
            disc_path: "/Empty".into(),
        },
    ];
    m.restage_data(&grafts).unwrap();
    assert_eq!(
        names(&mut m),
        [
            "/",
            "/Empty",
            "/New folder",
            "/New folder/big.bin",
            "/Photos 2024",
            "/Photos 2024/p1.jpg",
            "/Photos 2024/sub",
            "/Photos 2024/sub/p2.jpg"
        ]
    );
    // The same bytes as a staging built that way from the start.
    let mut direct = DataStaging::new(DataOptions {
        medium: m.medium(),
        ..options
    });
    direct.add_as(&pics, "/Photos 2024", &mut Silent).unwrap();
    direct.make_dir("/New folder", &mut Silent).unwrap();
    direct
        .add_as(&big, "/New folder/big.bin", &mut Silent)
        .unwrap();
    direct.make_dir("/Empty", &mut Silent).unwrap();
    let restaged = image_bytes(m.data_staging().unwrap());
    assert!(restaged == image_bytes(&direct), "images differ");
    assert_eq!(m.data_stats().unwrap(), direct.stats());
    assert_clean(&restaged);
}

#[test]
fn the_volume_label_changes_without_touching_the_staging() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("a/one.txt"), b"one");
    let mut m = DiscMaster::new();
    m.open().unwrap();
    m.set_active_format(Format::Data).unwrap();
    m.add_data(&dir.path().join("a"), "/").unwrap();
    let before = m.data_stats().unwrap();
    m.set_volume_label("Holiday 2026").unwrap();
    assert_eq!(
        m.data_stats().unwrap(),
        before,
        "the label changes no block count"
    );
    let bytes = image_bytes(m.data_staging().unwrap());
    assert_eq!(bytes.len() as u64, before.used * 2048);
    // The primary descriptor's volume identifier (ISO d-characters) and the Joliet one (UCS-2).
    assert_eq!(&bytes[16 * 2048 + 40..16 * 2048 + 52], b"HOLIDAY_2026");
    let joliet: Vec<u8> = "Holiday 2026"
        .encode_utf16()
        .flat_map(|u| u.to_be_bytes())
        .collect();
    assert_eq!(
        &bytes[17 * 2048 + 40..17 * 2048 + 40 + joliet.len()],
        &joliet[..]
    );
    assert_clean(&bytes);
    // And the label survives a later addition and a clear.
    write(&dir.path().join("b/two.txt"), b"two");
    m.add_data(&dir.path().join("b"), "/").unwrap();
    assert_eq!(m.data_staging().unwrap().options().label, "Holiday 2026");
}
