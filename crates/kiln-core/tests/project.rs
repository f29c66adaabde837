//! Projects through the disc master: saved from a staging, opened and staged again, with
//! sources gone, changed or moved along with the project.

use std::path::{Path, PathBuf};

use kiln_core::audio::{DiscMetadata, TrackMetadata};
use kiln_core::data::DataOptions;
use kiln_core::project::{self, BurnSettings, Project, ProjectIssue};
use kiln_core::{DiscMaster, Format, Graft};

fn master(format: Format) -> DiscMaster {
    let mut m = DiscMaster::new();
    m.open().unwrap();
    m.set_active_format(format).unwrap();
    m.set_active_recorder("image").unwrap();
    m
}

/// A 16-bit stereo 44.1 kHz WAV of `seconds` of a quiet ramp.
fn wav(path: &Path, seconds: u32) {
    let frames = 44_100 * seconds;
    let data_len = frames * 4;
    let mut b = Vec::with_capacity(44 + data_len as usize);
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + data_len).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&44_100u32.to_le_bytes());
    b.extend_from_slice(&(44_100u32 * 4).to_le_bytes());
    b.extend_from_slice(&4u16.to_le_bytes());
    b.extend_from_slice(&16u16.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..frames {
        let s = ((i % 200) as i16 - 100).to_le_bytes();
        b.extend_from_slice(&s);
        b.extend_from_slice(&s);
    }
    std::fs::write(path, b).unwrap();
}

/// Every path of the staged data tree, sorted.
fn staged_paths(m: &mut DiscMaster) -> Vec<String> {
    let t = m.data_staging().unwrap().tree();
    let mut all: Vec<String> = (1..t.len() as u32).map(|n| t.path(n)).collect();
    all.sort();
    all
}

/// `trip/pics/{a,b}.jpg`, `trip/notes.txt`: a project's folder with its sources.
fn trip(root: &Path) -> PathBuf {
    let trip = root.join("trip");
    std::fs::create_dir_all(trip.join("pics")).unwrap();
    std::fs::write(trip.join("pics/a.jpg"), vec![1u8; 3000]).unwrap();
    std::fs::write(trip.join("pics/b.jpg"), vec![2u8; 5000]).unwrap();
    std::fs::write(trip.join("notes.txt"), b"hello").unwrap();
    trip
}

fn grafts(trip: &Path) -> Vec<Graft> {
    vec![
        Graft {
            source: Some(trip.join("pics")),
            disc_path: "/Photos".into(),
        },
        Graft {
            source: None,
            disc_path: "/Empty".into(),
        },
        Graft {
            source: Some(trip.join("notes.txt")),
            disc_path: "/Photos/Read me.txt".into(),
        },
    ]
}

fn save_data_project(trip: &Path) -> (PathBuf, Vec<String>, u64) {
    let mut m = master(Format::Data);
    let options = DataOptions {
        label: "HOLIDAY".into(),
        ..DataOptions::default()
    };
    m.set_data_options(options.clone()).unwrap();
    m.restage_data(&grafts(trip)).unwrap();
    let paths = staged_paths(&mut m);
    let used = m.data_stats().unwrap().used;
    let burn = BurnSettings {
        speed: Some(8.0),
        simulate: true,
        ..BurnSettings::default()
    };
    let file = trip.join("holiday.kiln");
    project::save(&Project::of_data(&grafts(trip), &options, burn), &file).unwrap();
    (file, paths, used)
}

#[test]
fn a_data_project_stages_again_exactly_as_saved() {
    let tmp = tempfile::tempdir().unwrap();
    let trip = trip(tmp.path());
    let (file, paths, used) = save_data_project(&trip);
    let p = project::open(&file).unwrap();
    assert_eq!(p.burn.speed, Some(8.0));
    assert!(p.burn.simulate);
    // Opened into a master on the other format: the project chooses its own.
    let mut m = master(Format::Audio);
    let staged = p.stage(&mut m).unwrap();
    assert!(staged.issues.is_empty(), "{:?}", staged.issues);
    assert_eq!(staged.grafts, grafts(&trip));
    assert_eq!(m.active_format(), Some(Format::Data));
    assert_eq!(m.data_staging().unwrap().options().label, "HOLIDAY");
    assert_eq!(staged_paths(&mut m), paths);
    assert_eq!(m.data_stats().unwrap().used, used);
}

#[test]
fn a_missing_source_is_named_and_the_rest_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let trip = trip(tmp.path());
    let (file, _, _) = save_data_project(&trip);
    std::fs::remove_file(trip.join("notes.txt")).unwrap();
    std::fs::write(trip.join("pics/a.jpg"), b"edited").unwrap();
    let mut m = master(Format::Data);
    let staged = project::open(&file).unwrap().stage(&mut m).unwrap();
    assert_eq!(staged.issues.len(), 1, "{:?}", staged.issues);
    let ProjectIssue::Missing { path } = &staged.issues[0] else {
        panic!("{:?}", staged.issues)
    };
    assert_eq!(path, &trip.join("notes.txt"));
    assert!(staged.issues[0].to_string().contains("notes.txt"));
    assert_eq!(
        staged_paths(&mut m),
        ["/Empty", "/Photos", "/Photos/a.jpg", "/Photos/b.jpg"]
    );
    assert_eq!(staged.grafts.len(), 2);
}

#[test]
fn a_changed_file_is_staged_as_it_is_now_and_named() {
    let tmp = tempfile::tempdir().unwrap();
    let trip = trip(tmp.path());
    let (file, _, _) = save_data_project(&trip);
    std::fs::write(trip.join("notes.txt"), b"a longer hello").unwrap();
    let mut m = master(Format::Data);
    let staged = project::open(&file).unwrap().stage(&mut m).unwrap();
    assert!(
        matches!(&staged.issues[..], [ProjectIssue::Changed { path }] if path.ends_with("notes.txt")),
        "{:?}",
        staged.issues
    );
    assert!(staged_paths(&mut m).contains(&"/Photos/Read me.txt".to_string()));
}

#[test]
fn a_project_folder_moved_with_its_sources_still_finds_them() {
    let tmp = tempfile::tempdir().unwrap();
    let trip = trip(tmp.path());
    let (file, paths, _) = save_data_project(&trip);
    let moved = tmp.path().join("usb-stick").join("trip");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&trip, &moved).unwrap();
    let file = moved.join(file.file_name().unwrap());
    let p = project::open(&file).unwrap();
    let mut m = master(Format::Data);
    let staged = p.stage(&mut m).unwrap();
    assert!(staged.issues.is_empty(), "{:?}", staged.issues);
    assert_eq!(staged_paths(&mut m), paths);
    assert_eq!(
        staged.grafts[0].source.as_deref(),
        Some(&*moved.join("pics"))
    );
}

#[test]
fn an_audio_project_keeps_order_text_and_pregaps() {
    let tmp = tempfile::tempdir().unwrap();
    let (one, two) = (tmp.path().join("one.wav"), tmp.path().join("two.wav"));
    wav(&one, 5);
    wav(&two, 4);
    let mut m = master(Format::Audio);
    m.add_audio_file(&two, None).unwrap();
    m.add_audio_file(&one, Some(0)).unwrap();
    m.set_audio_disc_metadata(DiscMetadata {
        title: Some("Album".into()),
        performer: Some("Band".into()),
        ..DiscMetadata::default()
    })
    .unwrap();
    let mut disc = m.audio_staging().unwrap().disc().clone();
    disc.tracks[1].metadata = TrackMetadata {
        title: Some("Edited title".into()),
        performer: Some("Someone".into()),
        ..TrackMetadata::default()
    };
    let used = m.audio_stats().unwrap().used_blocks;
    let file = tmp.path().join("album.kiln");
    project::save(
        &Project::of_audio(&disc, BurnSettings::default()).unwrap(),
        &file,
    )
    .unwrap();
    let mut again = master(Format::Data);
    let staged = project::open(&file).unwrap().stage(&mut again).unwrap();
    assert!(staged.issues.is_empty(), "{:?}", staged.issues);
    let a = again.audio_staging().unwrap().disc().clone();
    let files: Vec<_> = a
        .tracks
        .iter()
        .map(|t| match &t.source {
            kiln_core::audio::TrackSource::File { path, .. } => path.clone(),
            _ => PathBuf::new(),
        })
        .collect();
    assert_eq!(files, [two.clone(), one.clone()]);
    assert_eq!(a.tracks[1].metadata.title.as_deref(), Some("Edited title"));
    assert_eq!(a.tracks[1].pregap_blocks, 0);
    assert_eq!(a.metadata.title.as_deref(), Some("Album"));
    assert_eq!(again.audio_stats().unwrap().used_blocks, used);
    // A track whose file is gone is named; the other loads.
    std::fs::remove_file(&two).unwrap();
    let staged = project::open(&file).unwrap().stage(&mut again).unwrap();
    assert!(
        matches!(&staged.issues[..], [ProjectIssue::Missing { path }] if *path == two),
        "{:?}",
        staged.issues
    );
    assert_eq!(again.audio_stats().unwrap().tracks, 1);
}
