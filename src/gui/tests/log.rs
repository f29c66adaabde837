//! The log panel: the core's naming notes and the session's warnings, shown when the header's
//! button is clicked, in the user's language.

use iced_test::simulator;
use tracing_subscriber::prelude::*;

use super::super::LogBook;
use super::*;

#[test]
fn the_log_panel_shows_naming_notes_and_warnings() {
    let subscriber = tracing_subscriber::registry().with(LogBook::global().layer());
    tracing::subscriber::with_default(subscriber, || {
        let (mut k, dir) = kiln("en");
        let long = dir.path().join(format!("{}.txt", "n".repeat(100)));
        std::fs::write(&long, b"x").unwrap();
        drop_file(&mut k, &long);
        tracing::warn!(target: "kiln_core::mmc", code = 7, "the drive said something odd");
        let messages: Vec<Message> = {
            let mut ui = simulator(k.view());
            // Nothing taken yet: the warning came after the last message.
            assert!(ui.find("Log").is_ok());
            ui.click("Log").unwrap();
            ui.into_messages().collect()
        };
        for m in messages {
            let _ = k.update(m);
        }
        let mut ui = simulator(k.view());
        assert!(ui.find("Log (1 warning)").is_ok());
        assert!(ui.find("Naming notes (2)").is_ok());
        assert!(ui
            .find("Warning: the drive said something odd code=7")
            .is_ok());
        // Joliet keeps 103 of the 104 characters, past its specification's 64.
        assert_eq!(k.compose.snapshot.note_count, 2);
        let note = k.texts.localized(&k.compose.snapshot.notes[0]);
        assert!(note.contains(&"n".repeat(60)), "{note}");
        assert!(ui.find(format!("  {note}")).is_ok());
        drop(ui);
        let _ = k.update(Message::SelectLanguage(Language("it".into())));
        let mut ui = simulator(k.view());
        assert!(ui.find("Registro (1 avviso)").is_ok());
        assert!(ui.find("Note sui nomi (2)").is_ok());
        assert!(ui
            .find("Avviso: the drive said something odd code=7")
            .is_ok());
        drop(ui);
        let _ = k.update(Message::ToggleLog);
        let mut ui = simulator(k.view());
        assert!(ui.find("Note sui nomi (2)").is_err());
    });
}
