//! The data disc as a folder tree: folders open and close in the list, and an entry deep in
//! a folder that was added whole can be renamed, removed or given a new folder beside it; the
//! names reach the written image, the meter moves by the core's blocks, and Ctrl+S keeps the
//! tree in a project file.

use iced::keyboard::{key::Named, Key, Modifiers};
use iced_test::simulator;

use super::super::entries;
use super::super::shortcuts::shortcut;
use super::data::{image_paths, staged_paths};
use super::*;

/// `album/` with `a.jpg` (3,000 bytes) and `deep/` holding `b.jpg` (5,000) and `c.txt` (10).
fn album(dir: &Path) -> std::path::PathBuf {
    let album = dir.join("album");
    std::fs::create_dir_all(album.join("deep")).unwrap();
    std::fs::write(album.join("a.jpg"), vec![1u8; 3000]).unwrap();
    std::fs::write(album.join("deep/b.jpg"), vec![2u8; 5000]).unwrap();
    std::fs::write(album.join("deep/c.txt"), vec![3u8; 10]).unwrap();
    album
}

fn entry(k: &mut Kiln, m: entries::Message) {
    send(k, compose::Message::Entries(m));
}

/// Applies what the window sent, and what that leads to.
fn run(k: &mut Kiln, messages: Vec<Message>) {
    for m in messages {
        let effect = k.update(m);
        settle(k, effect);
    }
}

/// Clicks the text `label` in the window.
fn click(k: &mut Kiln, label: &str) {
    let messages: Vec<Message> = {
        let mut ui = simulator(k.view());
        ui.click(label)
            .unwrap_or_else(|e| panic!("no '{label}': {e:?}"));
        ui.into_messages().collect()
    };
    run(k, messages);
}

/// A key press as the window's subscription maps it (no text field has the focus).
fn key(k: &mut Kiln, key: Key, modifiers: Modifiers) {
    let m = shortcut(&key, modifiers, iced::event::Status::Ignored).expect("not a shortcut");
    run(k, vec![m]);
}

/// Whether the window shows `label`.
fn shows(k: &Kiln, label: &str) -> bool {
    simulator(k.view()).find(label).is_ok()
}

fn rows(k: &Kiln) -> Vec<(String, u16)> {
    let Rows::Data(rows) = &k.compose.snapshot.rows else {
        panic!("not data rows")
    };
    rows.iter().map(|r| (r.path.clone(), r.depth)).collect()
}

fn row<'k>(k: &'k Kiln, path: &str) -> &'k session::DataRow {
    let Rows::Data(rows) = &k.compose.snapshot.rows else {
        panic!("not data rows")
    };
    rows.iter()
        .find(|r| r.path == path)
        .unwrap_or_else(|| panic!("no row {path}"))
}

#[test]
fn opening_and_closing_folders_changes_the_visible_rows() {
    let (mut k, dir) = kiln("en");
    drop_file(&mut k, &album(dir.path()));
    assert_eq!(rows(&k), [("/album".to_string(), 0)]);
    // The folder's size is the core's total of what lies under it.
    let top = row(&k, "/album");
    assert_eq!((top.bytes, top.files, top.children), (8010, 3, 2));
    assert!(!shows(&k, "a.jpg"));

    click(&mut k, "▸");
    assert_eq!(
        rows(&k),
        [
            ("/album".to_string(), 0),
            ("/album/a.jpg".to_string(), 1),
            ("/album/deep".to_string(), 1),
        ]
    );
    assert!(shows(&k, "a.jpg") && shows(&k, "deep/"));
    assert_eq!(row(&k, "/album/deep").bytes, 5010);
    // "deep" is the only closed folder left.
    click(&mut k, "▸");
    assert_eq!(rows(&k).len(), 5);
    assert!(shows(&k, "b.jpg"));

    // Closing the top folder hides everything under it, and forgets that "deep" was open.
    let messages: Vec<Message> = {
        let mut ui = simulator(k.view());
        ui.click("album/").unwrap();
        ui.into_messages().collect()
    };
    run(&mut k, messages);
    assert_eq!(k.compose.entries.selected.as_deref(), Some("/album"));
    entry(&mut k, entries::Message::Toggle("/album".into()));
    assert_eq!(rows(&k), [("/album".to_string(), 0)]);
    assert!(!shows(&k, "b.jpg"));
    assert!(k.compose.entries.open.is_empty());
    assert!(k.compose.busy.is_none());
}

#[test]
fn a_rename_in_a_subfolder_reaches_the_image_with_its_exact_name() {
    let (mut k, dir) = kiln("en");
    drop_file(&mut k, &album(dir.path()));
    entry(&mut k, entries::Message::Toggle("/album".into()));
    entry(&mut k, entries::Message::Toggle("/album/deep".into()));
    // Select b.jpg by clicking its name, then F2 and type the new name.
    click(&mut k, "b.jpg");
    key(&mut k, Key::Named(Named::F2), Modifiers::empty());
    assert!(k.compose.entries.renaming.is_some());
    let messages: Vec<Message> = {
        let mut ui = simulator(k.view());
        ui.click(iced::widget::Id::from("rename")).unwrap();
        for _ in 0.."b.jpg".len() {
            ui.tap_key(Key::Named(Named::Backspace));
        }
        ui.typewrite("Night Sky 2024.jpg");
        ui.tap_key(Key::Named(Named::Enter));
        ui.into_messages().collect()
    };
    run(&mut k, messages);
    assert!(k.compose.errors.is_empty(), "{:?}", k.compose.errors);
    let expected = [
        "/album",
        "/album/a.jpg",
        "/album/deep",
        "/album/deep/Night Sky 2024.jpg",
        "/album/deep/c.txt",
    ];
    assert_eq!(staged_paths(&k), expected);
    // The folders stay open, and the renamed row keeps its size.
    assert_eq!(row(&k, "/album/deep/Night Sky 2024.jpg").bytes, 5000);
    assert_eq!(
        k.compose.entries.selected.as_deref(),
        Some("/album/deep/Night Sky 2024.jpg")
    );

    let iso = dir.path().join("tree.iso");
    send(
        &mut k,
        compose::Message::EditImagePath(iso.display().to_string()),
    );
    send(&mut k, compose::Message::StartBurn);
    let Screen::Finished(outcome) = &k.screen else {
        panic!("no result screen")
    };
    assert_eq!(outcome.summary.error, None);
    if let Some(paths) = image_paths(&iso, "-R") {
        assert_eq!(paths, expected);
    }
    if let Some(paths) = image_paths(&iso, "-J") {
        assert!(
            paths.contains(&"/album/deep/Night Sky 2024.jpg;1".to_string()),
            "{paths:?}"
        );
        assert!(!paths.iter().any(|p| p.contains("b.jpg")), "{paths:?}");
    }
}

#[test]
fn new_folders_go_into_the_selected_subfolder() {
    let (mut k, dir) = kiln("en");
    drop_file(&mut k, &album(dir.path()));
    entry(&mut k, entries::Message::Toggle("/album".into()));
    entry(&mut k, entries::Message::Select("/album/deep".into()));
    // "deep" is closed: the new folder opens it to show the new one.
    click(&mut k, "New folder");
    click(&mut k, "New folder");
    assert!(k.compose.errors.is_empty(), "{:?}", k.compose.errors);
    assert!(staged_paths(&k).contains(&"/album/deep/New folder".to_string()));
    assert!(staged_paths(&k).contains(&"/album/deep/New folder 2".to_string()));
    assert_eq!(row(&k, "/album/deep/New folder 2").depth, 2);
    assert!(shows(&k, "New folder 2/"));
    // A file dropped while a file of "deep" is selected goes into "deep" too.
    entry(&mut k, entries::Message::Select("/album/deep/c.txt".into()));
    let doc = dir.path().join("doc.txt");
    std::fs::write(&doc, b"hello").unwrap();
    drop_file(&mut k, &doc);
    assert!(staged_paths(&k).contains(&"/album/deep/doc.txt".to_string()));
    assert_eq!(row(&k, "/album/deep").files, 3);
}

#[test]
fn removing_a_subfolder_moves_the_meter_by_the_cores_blocks() {
    let (mut k, dir) = kiln("en");
    drop_file(&mut k, &album(dir.path()));
    entry(&mut k, entries::Message::Toggle("/album".into()));
    let core_used = |k: &Kiln| k.master().lock().unwrap().data_stats().unwrap().used;
    let before = k.compose.snapshot.used_blocks;
    assert_eq!(before, core_used(&k));
    let freed = row(&k, "/album/deep").blocks;
    // b.jpg and c.txt (3 + 1 blocks) and the folder's ISO 9660 and Joliet extents.
    assert_eq!(freed, 3 + 1 + 2);
    entry(&mut k, entries::Message::Select("/album/deep".into()));
    key(&mut k, Key::Named(Named::Delete), Modifiers::empty());
    assert!(k.compose.errors.is_empty(), "{:?}", k.compose.errors);
    assert_eq!(staged_paths(&k), ["/album", "/album/a.jpg"]);
    let after = k.compose.snapshot.used_blocks;
    assert_eq!(after, core_used(&k));
    assert_eq!(before - after, freed);
    let meter = format!(
        "{} of {}",
        super::super::meter::size(after * 2048),
        super::super::meter::size(k.compose.medium().blocks() * 2048)
    );
    assert!(shows(&k, &meter), "the meter does not show {meter}");
    assert_eq!(row(&k, "/album").bytes, 3000);
}

#[test]
fn ctrl_s_saves_a_project_that_opens_to_the_same_tree() {
    let (mut k, dir) = kiln("en");
    drop_file(&mut k, &album(dir.path()));
    entry(&mut k, entries::Message::Toggle("/album".into()));
    entry(&mut k, entries::Message::Rename("/album/a.jpg".into()));
    entry(&mut k, entries::Message::EditName("first.jpg".into()));
    entry(&mut k, entries::Message::CommitRename);
    let ctrl = Modifiers::COMMAND;
    // The first Ctrl+S asks where (the dialog's answer comes back as a message).
    let m = shortcut(
        &Key::Character("s".into()),
        ctrl,
        iced::event::Status::Ignored,
    )
    .unwrap();
    assert!(matches!(k.update(m), Effect::PickProjectSavePath(None)));
    let file = dir.path().join("tree.kiln");
    send(
        &mut k,
        compose::Message::ProjectSavePicked(Some(file.clone())),
    );
    assert!(file.is_file());
    // Later ones save in place, without a dialog.
    entry(&mut k, entries::Message::Select("/album/deep".into()));
    entry(&mut k, entries::Message::NewFolder("Extra".into()));
    let m = shortcut(
        &Key::Character("s".into()),
        ctrl,
        iced::event::Status::Ignored,
    )
    .unwrap();
    let effect = k.update(m);
    assert!(matches!(effect, Effect::Run(session::Job::SaveProject(_))));
    settle(&mut k, effect);
    assert!(k.compose.errors.is_empty(), "{:?}", k.compose.errors);
    assert!(!k.compose.modified());
    let saved = staged_paths(&k);
    assert!(saved.contains(&"/album/deep/Extra".to_string()));
    assert!(saved.contains(&"/album/first.jpg".to_string()));
    // Ctrl+Shift+S always asks.
    let m = shortcut(
        &Key::Character("S".into()),
        ctrl | Modifiers::SHIFT,
        iced::event::Status::Ignored,
    )
    .unwrap();
    assert!(matches!(k.update(m), Effect::PickProjectSavePath(Some(p)) if p == file));

    // A fresh window opens it (Ctrl+O's dialog answered) to the same tree.
    let (mut k, _other) = kiln("en");
    let m = shortcut(
        &Key::Character("o".into()),
        ctrl,
        iced::event::Status::Ignored,
    )
    .unwrap();
    assert!(matches!(k.update(m), Effect::PickProjectToOpen(None)));
    send(&mut k, compose::Message::ProjectOpenPicked(Some(file)));
    assert!(k.compose.errors.is_empty(), "{:?}", k.compose.errors);
    assert_eq!(staged_paths(&k), saved);
}

#[test]
fn a_naming_note_is_on_the_row_it_concerns() {
    let (mut k, dir) = kiln("en");
    let album = album(dir.path());
    let long = format!("{}.txt", "n".repeat(110));
    std::fs::write(album.join("deep").join(&long), b"x").unwrap();
    drop_file(&mut k, &album);
    // Closed, the folder gathers the notes of what lies under it.
    assert!(row(&k, "/album").note_count > 0);
    entry(&mut k, entries::Message::Toggle("/album".into()));
    entry(&mut k, entries::Message::Toggle("/album/deep".into()));
    // Open, each row has its own: only the long name's.
    assert_eq!(row(&k, "/album").note_count, 0);
    assert_eq!(row(&k, "/album/deep").note_count, 0);
    assert_eq!(row(&k, "/album/deep/b.jpg").note_count, 0);
    let noted = row(&k, &format!("/album/deep/{long}"));
    assert!(noted.note_count > 0);
    let words = k.texts.localized(&noted.notes[0]);
    assert!(words.contains(&long), "{words}");
}
