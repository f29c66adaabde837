//! Project files in the window: saved, then opened again in place of a changed compilation
//! (the dialogs bypassed through the messages that carry the chosen file), with the title
//! following the project's name and unsaved changes, and a missing source named.

use iced_test::simulator;

use super::super::entries;
use super::*;

/// The data rows: (name, folder, bytes), sorted by name.
fn rows(k: &Kiln) -> Vec<(String, bool, u64)> {
    let Rows::Data(rows) = &k.compose.snapshot.rows else {
        panic!("not data rows")
    };
    let mut all: Vec<_> = rows
        .iter()
        .map(|r| (r.name.clone(), r.is_dir, r.bytes))
        .collect();
    all.sort();
    all
}

/// Clicks `label` in the window and applies what it sent.
fn click(k: &mut Kiln, label: &str) -> Vec<Effect> {
    let messages: Vec<Message> = {
        let mut ui = simulator(k.view());
        ui.click(label)
            .unwrap_or_else(|e| panic!("no '{label}': {e:?}"));
        ui.into_messages().collect()
    };
    messages.into_iter().map(|m| k.update(m)).collect()
}

#[test]
fn a_saved_project_opens_again_with_its_rows_options_and_name() {
    let (mut k, dir) = kiln("en");
    let (pics, big) = sources(dir.path());
    drop_file(&mut k, &pics);
    drop_file(&mut k, &big);
    send(
        &mut k,
        compose::Message::Entries(entries::Message::NewFolder("Empty".into())),
    );
    send(
        &mut k,
        compose::Message::Entries(entries::Message::Rename("/pics".into())),
    );
    send(
        &mut k,
        compose::Message::Entries(entries::Message::EditName("Photos".into())),
    );
    send(
        &mut k,
        compose::Message::Entries(entries::Message::CommitRename),
    );
    send(&mut k, compose::Message::ToggleSimulate(true));
    assert!(k.compose.errors.is_empty(), "{:?}", k.compose.errors);
    let saved_rows = rows(&k);
    assert_eq!(saved_rows.len(), 3);
    assert_eq!(k.title(), "*Untitled – Kiln");

    // "Save project…" asks for a file; the dialog's answer comes back as a message.
    let effects = click(&mut k, "Save project…");
    assert!(matches!(effects[..], [Effect::PickProjectSavePath(None)]));
    let chosen = dir.path().join("trip");
    send(&mut k, compose::Message::ProjectSavePicked(Some(chosen)));
    let file = dir.path().join("trip.kiln");
    assert!(file.is_file());
    assert!(k.compose.errors.is_empty(), "{:?}", k.compose.errors);
    assert_eq!(k.title(), "trip – Kiln");

    // Changes: the title says so, and opening asks before dropping them.
    send(&mut k, compose::Message::ClearAll);
    send(&mut k, compose::Message::ToggleSimulate(false));
    assert!(k.compose.snapshot.is_empty());
    assert_eq!(k.title(), "*trip – Kiln");
    let effects = click(&mut k, "Open project…");
    assert!(matches!(effects[..], [Effect::None]));
    assert!(k.compose.confirm_open.is_some());
    let effects = click(&mut k, "Open and lose the changes");
    assert!(matches!(&effects[..], [Effect::PickProjectToOpen(Some(p))] if *p == file));
    send(
        &mut k,
        compose::Message::ProjectOpenPicked(Some(file.clone())),
    );

    assert!(k.compose.errors.is_empty(), "{:?}", k.compose.errors);
    assert_eq!(rows(&k), saved_rows);
    assert!(k.compose.options.simulate);
    assert_eq!(k.title(), "trip – Kiln");
    // The grafts came back too: a rename after opening works on them.
    send(
        &mut k,
        compose::Message::Entries(entries::Message::Rename("/Photos".into())),
    );
    send(
        &mut k,
        compose::Message::Entries(entries::Message::EditName("Pictures".into())),
    );
    send(
        &mut k,
        compose::Message::Entries(entries::Message::CommitRename),
    );
    assert!(rows(&k).iter().any(|r| r.0 == "Pictures" && r.2 == 30_000));
    assert_eq!(k.title(), "*trip – Kiln");
}

#[test]
fn a_project_with_a_missing_file_names_it_and_keeps_the_others() {
    let (mut k, dir) = kiln("en");
    let (pics, big) = sources(dir.path());
    drop_file(&mut k, &pics);
    drop_file(&mut k, &big);
    let file = dir.path().join("two.kiln");
    send(
        &mut k,
        compose::Message::ProjectSavePicked(Some(file.clone())),
    );
    std::fs::remove_file(&big).unwrap();

    // A fresh window opens it, as from a file manager's drop.
    let (mut k, _other) = kiln("en");
    let effect = k.update(Message::FileDropped(file));
    settle(&mut k, effect);
    assert_eq!(rows(&k), [("pics".to_string(), true, 30_000)]);
    assert_eq!(k.compose.errors.len(), 1, "{:?}", k.compose.errors);
    let words = k.texts.localized(&k.compose.errors[0]);
    assert_eq!(
        words,
        format!(
            "'{}' is missing, so it was left out of the compilation",
            big.display()
        )
    );
    let mut ui = simulator(k.view());
    assert!(ui.find(words.as_str()).is_ok(), "the notice is not shown");
    drop(ui);
    // What loaded is what the project holds now: nothing to save yet.
    assert_eq!(k.title(), "two – Kiln");
}

#[test]
fn a_damaged_project_changes_nothing_and_says_why() {
    let (mut k, dir) = kiln("it");
    let (_, big) = sources(dir.path());
    drop_file(&mut k, &big);
    let file = dir.path().join("bad.kiln");
    std::fs::write(&file, "kiln_project = 1\nformat = \"data\"\n[[data.item]\n").unwrap();
    send(&mut k, compose::Message::ProjectOpenPicked(Some(file)));
    assert_eq!(rows(&k), [("big.bin".to_string(), false, 1_000_000)]);
    assert_eq!(k.compose.errors.len(), 1);
    let words = k.texts.localized(&k.compose.errors[0]);
    assert!(words.contains("è danneggiato"), "{words}");
    assert_eq!(k.title(), "*Senza titolo – Kiln");
}

/// A 16-bit stereo 44.1 kHz WAV of `seconds` of a quiet ramp.
fn wav(path: &std::path::Path, seconds: u32) {
    let frames = 44_100 * seconds;
    let data_len = frames * 4;
    let mut b = Vec::new();
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + data_len).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    for v in [16u32, 0x0002_0001, 44_100, 44_100 * 4, 0x0010_0004] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.extend_from_slice(b"data");
    b.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..frames {
        let s = ((i % 200) as i16 - 100).to_le_bytes();
        b.extend_from_slice(&s);
        b.extend_from_slice(&s);
    }
    std::fs::write(path, b).unwrap();
}

#[test]
fn an_audio_project_keeps_the_order_and_the_text_typed_before_saving() {
    use super::super::tracks;
    let (mut k, dir) = kiln("en");
    send(&mut k, compose::Message::SelectFormat(Format::Audio));
    let (one, two) = (dir.path().join("one.wav"), dir.path().join("two.wav"));
    wav(&one, 5);
    wav(&two, 4);
    drop_file(&mut k, &one);
    drop_file(&mut k, &two);
    let track = |m| compose::Message::Tracks(m);
    send(&mut k, track(tracks::Message::Move { from: 1, to: 0 }));
    // Typed, not committed: saving takes it all the same.
    send(
        &mut k,
        track(tracks::Message::EditTitle(1, "Second".into())),
    );
    send(
        &mut k,
        track(tracks::Message::EditAlbumTitle("Album".into())),
    );
    let file = dir.path().join("album.kiln");
    send(
        &mut k,
        compose::Message::ProjectSavePicked(Some(file.clone())),
    );
    assert!(k.compose.errors.is_empty(), "{:?}", k.compose.errors);
    assert_eq!(k.title(), "album – Kiln");

    send(&mut k, track(tracks::Message::Remove(0)));
    assert_eq!(k.title(), "*album – Kiln");
    send(&mut k, compose::Message::OpenProjectFile(file));
    send(&mut k, compose::Message::ConfirmOpen);
    let Rows::Audio(rows) = &k.compose.snapshot.rows else {
        panic!("not audio rows")
    };
    let files: Vec<&str> = rows.iter().map(|r| r.file.as_str()).collect();
    assert_eq!(files, ["two.wav", "one.wav"]);
    assert_eq!(rows[1].text.title, "Second");
    assert_eq!(k.compose.tracks.texts[1].title, "Second");
    assert_eq!(k.compose.tracks.disc.title, "Album");
    assert_eq!(k.title(), "album – Kiln");

    // Opened in a window that was on a data disc: the image becomes a CUE sheet.
    let (mut fresh, _dir) = kiln("en");
    assert!(fresh.compose.options.image_path.ends_with("kiln.iso"));
    send(
        &mut fresh,
        compose::Message::OpenProjectFile(dir.path().join("album.kiln")),
    );
    assert_eq!(fresh.compose.snapshot.format, Format::Audio);
    assert!(
        fresh.compose.options.image_path.ends_with("kiln.cue"),
        "{}",
        fresh.compose.options.image_path
    );
}

#[test]
fn a_project_given_at_start_opens_once_the_window_is_ready() {
    let (mut k, dir) = kiln("en");
    let (pics, _) = sources(dir.path());
    drop_file(&mut k, &pics);
    let file = dir.path().join("start.kiln");
    send(
        &mut k,
        compose::Message::ProjectSavePicked(Some(file.clone())),
    );
    // As `kiln start.kiln` does: the window opens it after choosing the format.
    let other = tempfile::tempdir().unwrap();
    let (mut k, effect) = Kiln::new(
        session::open_master(),
        Settings::with_locale("en"),
        other.path().to_path_buf(),
    );
    k.compose.pending_project = Some(file);
    settle(&mut k, effect);
    assert_eq!(rows(&k), [("pics".to_string(), true, 30_000)]);
    assert_eq!(k.title(), "start – Kiln");
}
