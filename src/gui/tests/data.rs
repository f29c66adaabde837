//! The data rows: a new folder, additions into it, a rename typed in the row and a removal, then
//! the names in the written image as `isoinfo` reads them (Joliet and Rock Ridge).

use std::process::Command;

use iced::keyboard::{key::Named, Key};
use iced_test::simulator;

use super::super::entries;
use super::*;

fn entry(k: &mut Kiln, m: entries::Message) {
    send(k, compose::Message::Entries(m));
}

/// Every path of the staged tree, sorted.
pub(super) fn staged_paths(k: &Kiln) -> Vec<String> {
    let mut m = k.master().lock().unwrap();
    let d = m.data_staging().unwrap();
    let t = d.tree();
    let mut all: Vec<String> = (1..t.len() as u32).map(|n| t.path(n)).collect();
    all.sort();
    all
}

/// Every path in the image as `isoinfo` lists it in a name space (`-J` or `-R`), sorted.
pub(super) fn image_paths(iso: &std::path::Path, space: &str) -> Option<Vec<String>> {
    let out = match Command::new("isoinfo")
        .args([space, "-f", "-i"])
        .arg(iso)
        .output()
    {
        Ok(o) => o,
        Err(_) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "isoinfo is missing under CI=true: apt-get install genisoimage"
            );
            eprintln!("SKIPPED: isoinfo is not installed");
            return None;
        }
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut all: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    all.sort();
    Some(all)
}

#[test]
fn new_folder_add_into_rename_and_remove_reach_the_image() {
    let (mut k, dir) = kiln("en");
    let (pics, big) = sources(dir.path());
    drop_file(&mut k, &pics);
    drop_file(&mut k, &big);
    // "New folder" in the toolbar.
    let messages: Vec<Message> = {
        let mut ui = simulator(k.view());
        ui.click("New folder").unwrap();
        ui.into_messages().collect()
    };
    for m in messages {
        let effect = k.update(m);
        settle(&mut k, effect);
    }
    // A second one gets a number.
    entry(&mut k, entries::Message::NewFolder("New folder".into()));
    assert!(k.compose.errors.is_empty(), "{:?}", k.compose.errors);
    // Add a file into the first new folder: select it, then drop.
    entry(&mut k, entries::Message::Select("/New folder".into()));
    let doc = dir.path().join("doc.txt");
    std::fs::write(&doc, b"hello").unwrap();
    drop_file(&mut k, &doc);
    // Rename "pics" by typing in its row: erase the old name, type the new one, Enter.
    entry(&mut k, entries::Message::Rename("/pics".into()));
    let messages: Vec<Message> = {
        let mut ui = simulator(k.view());
        ui.click(iced::widget::Id::from("rename")).unwrap();
        for _ in 0.."pics".len() {
            ui.tap_key(Key::Named(Named::Backspace));
        }
        ui.typewrite("Photos 2024");
        ui.tap_key(Key::Named(Named::Enter));
        ui.into_messages().collect()
    };
    for m in messages {
        let effect = k.update(m);
        settle(&mut k, effect);
    }
    assert!(k.compose.errors.is_empty(), "{:?}", k.compose.errors);
    // A name taken already is refused before anything is staged again.
    entry(&mut k, entries::Message::Rename("/big.bin".into()));
    entry(&mut k, entries::Message::EditName("New folder".into()));
    entry(&mut k, entries::Message::CommitRename);
    assert_eq!(k.compose.errors.len(), 1);
    assert!(k
        .texts
        .localized(&k.compose.errors[0])
        .contains("already has “New folder”"));
    send(&mut k, compose::Message::DismissErrors);
    entry(&mut k, entries::Message::Remove("/New folder 2".into()));
    let expected = [
        "/New folder",
        "/New folder/doc.txt",
        "/Photos 2024",
        "/Photos 2024/p0.jpg",
        "/Photos 2024/p1.jpg",
        "/Photos 2024/p2.jpg",
        "/big.bin",
    ];
    assert_eq!(staged_paths(&k), expected);
    let Rows::Data(rows) = &k.compose.snapshot.rows else {
        panic!("not data")
    };
    // The folder the file went into was opened to show it.
    assert_eq!(
        rows.iter().map(|r| r.path.as_str()).collect::<Vec<_>>(),
        [
            "/New folder",
            "/New folder/doc.txt",
            "/Photos 2024",
            "/big.bin"
        ]
    );
    let used = k.compose.snapshot.used_blocks;

    let iso = dir.path().join("out.iso");
    send(
        &mut k,
        compose::Message::EditImagePath(iso.display().to_string()),
    );
    send(&mut k, compose::Message::StartBurn);
    let Screen::Finished(outcome) = &k.screen else {
        panic!("no result screen")
    };
    assert_eq!(outcome.summary.error, None);
    assert_eq!(std::fs::metadata(&iso).unwrap().len(), used * 2048);
    if let Some(paths) = image_paths(&iso, "-R") {
        assert_eq!(paths, expected);
    }
    // Joliet files carry their version, as Windows expects.
    if let Some(paths) = image_paths(&iso, "-J") {
        let files = ["/New folder/doc.txt", "/Photos 2024/p0.jpg"];
        let joliet: Vec<String> = expected
            .iter()
            .map(|p| match p.rsplit_once('/') {
                Some((_, name)) if name.contains('.') => format!("{p};1"),
                _ => p.to_string(),
            })
            .collect();
        assert!(files.iter().all(|f| joliet.contains(&format!("{f};1"))));
        assert_eq!(paths, joliet);
    }
}
