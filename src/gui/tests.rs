//! Tests of the window: `update` called directly with the effects run in place (jobs on the real
//! disc master, synchronously), and views checked with iced's simulator.

use std::path::Path;
use std::sync::{Arc, Mutex};

use kiln_core::Format;

use super::session::{self, Report, Rows};
use super::settings::Settings;
use super::{compose, Effect, Kiln, Language, Message, Screen};

/// Runs `effect` and everything it leads to; jobs run synchronously on the master.
fn settle(k: &mut Kiln, effect: Effect) {
    let mut queue = vec![effect];
    while let Some(effect) = queue.pop() {
        if let Effect::Run(job) = effect {
            let events = Arc::new(Mutex::new(Vec::new()));
            let sink = events.clone();
            let open = k.compose.entries.open.clone();
            let done = session::execute(k.master(), job, &open, k.cancel_flag(), move |e| {
                sink.lock().unwrap().push(e)
            });
            let events: Vec<_> = events.lock().unwrap().drain(..).collect();
            for e in events {
                queue.push(k.update(Message::Worker(Report::Progress(e))));
            }
            queue.push(k.update(Message::Worker(Report::Done(Box::new(done)))));
        }
    }
}

fn kiln(locale: &str) -> (Kiln, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let (mut k, effect) = Kiln::new(
        session::open_master(),
        Settings::with_locale(locale),
        dir.path().to_path_buf(),
    );
    settle(&mut k, effect);
    (k, dir)
}

fn send(k: &mut Kiln, m: compose::Message) {
    let effect = k.update(Message::Compose(m));
    settle(k, effect);
}

fn drop_file(k: &mut Kiln, p: &Path) {
    let effect = k.update(Message::FileDropped(p.to_path_buf()));
    settle(k, effect);
}

/// A folder `pics` of three files and a 1 MB file.
fn sources(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let pics = dir.join("pics");
    std::fs::create_dir_all(&pics).unwrap();
    for i in 0..3 {
        std::fs::write(pics.join(format!("p{i}.jpg")), vec![7u8; 10_000]).unwrap();
    }
    let big = dir.join("big.bin");
    std::fs::write(&big, vec![1u8; 1_000_000]).unwrap();
    (pics, big)
}

#[test]
fn opens_on_a_data_disc_with_the_image_recorder() {
    let (k, _dir) = kiln("en");
    let s = &k.compose.snapshot;
    assert_eq!(s.format, Format::Data);
    assert_eq!(s.recorder.as_ref().map(|r| r.id.as_str()), Some("image"));
    assert!(s.recorders.iter().any(|r| r.id == "image"));
    assert!(k.compose.busy.is_none());
    assert!(s.is_empty());
}

#[test]
fn format_toggle_switches_at_once_when_nothing_is_staged() {
    let (mut k, _dir) = kiln("en");
    send(&mut k, compose::Message::SelectFormat(Format::Audio));
    assert_eq!(k.compose.snapshot.format, Format::Audio);
    assert!(matches!(k.compose.snapshot.rows, Rows::Audio(_)));
    assert!(k.compose.confirm_format.is_none());
    assert!(k.compose.options.image_path.ends_with("kiln.cue"));
}

#[test]
fn dropped_files_add_rows_and_move_the_meter() {
    let (mut k, dir) = kiln("en");
    let (pics, big) = sources(dir.path());
    let before = k.compose.snapshot.used_blocks;
    drop_file(&mut k, &pics);
    drop_file(&mut k, &big);
    assert!(k.compose.errors.is_empty(), "{:?}", k.compose.errors);
    let Rows::Data(rows) = &k.compose.snapshot.rows else {
        panic!("not data rows")
    };
    assert_eq!(rows.len(), 2);
    let big_row = rows.iter().find(|r| r.name == "big.bin").unwrap();
    assert_eq!(
        (big_row.bytes, big_row.files, big_row.is_dir),
        (1_000_000, 1, false)
    );
    let pics_row = rows.iter().find(|r| r.name == "pics").unwrap();
    assert_eq!(
        (pics_row.bytes, pics_row.files, pics_row.is_dir),
        (30_000, 3, true)
    );
    // 1 MB is 489 blocks of data, plus the three small files and the folder.
    assert!(k.compose.snapshot.used_blocks >= before + 489 + 15);
    assert_eq!(k.compose.fit(), super::meter::Fit::Fits);
}

#[test]
fn switching_format_with_something_staged_asks_first() {
    let (mut k, dir) = kiln("en");
    let (_, big) = sources(dir.path());
    drop_file(&mut k, &big);
    send(&mut k, compose::Message::SelectFormat(Format::Audio));
    assert_eq!(k.compose.confirm_format, Some(Format::Audio));
    send(&mut k, compose::Message::KeepFormat);
    assert_eq!(k.compose.snapshot.format, Format::Data);
    assert!(!k.compose.snapshot.is_empty());
    send(&mut k, compose::Message::SelectFormat(Format::Audio));
    send(&mut k, compose::Message::ConfirmFormat);
    assert_eq!(k.compose.snapshot.format, Format::Audio);
    assert!(k.compose.snapshot.is_empty());
}

#[test]
fn naming_notes_of_the_core_appear_on_the_row() {
    let (mut k, dir) = kiln("en");
    let long = dir.path().join(format!("{}.txt", "a".repeat(100)));
    std::fs::write(&long, b"x").unwrap();
    drop_file(&mut k, &long);
    let Rows::Data(rows) = &k.compose.snapshot.rows else {
        panic!("not data rows")
    };
    assert_eq!(rows.len(), 1);
    assert!(
        !rows[0].notes.is_empty(),
        "no note for a 104-character name"
    );
}

#[test]
fn errors_are_shown_as_the_core_words_them_and_the_window_stays_usable() {
    let (mut k, dir) = kiln("en");
    drop_file(&mut k, &dir.path().join("missing"));
    assert_eq!(k.compose.errors.len(), 1);
    let words = k.texts.localized(&k.compose.errors[0]);
    assert!(words.contains("missing"), "{words}");
    let italian = crate::i18n::Texts::new("it").localized(&k.compose.errors[0]);
    assert_ne!(italian, words);
    assert!(k.compose.busy.is_none());
    assert!(k.compose.snapshot.is_empty());
    send(&mut k, compose::Message::DismissErrors);
    assert!(k.compose.errors.is_empty());
}

#[test]
fn drops_while_adding_are_queued() {
    let (mut k, dir) = kiln("en");
    let (pics, big) = sources(dir.path());
    let first = k.update(Message::FileDropped(pics));
    assert!(matches!(first, Effect::Run(_)));
    // The second drop arrives while the first addition runs: nothing starts yet.
    assert!(matches!(k.update(Message::FileDropped(big)), Effect::None));
    settle(&mut k, first);
    assert_eq!(super::list::count(&k.compose.snapshot.rows), 2);
}

#[test]
fn a_cancelled_addition_adds_nothing() {
    let (mut k, dir) = kiln("en");
    // The core polls for cancellation every 512 items.
    let many = dir.path().join("many");
    std::fs::create_dir(&many).unwrap();
    for i in 0..600 {
        std::fs::write(many.join(i.to_string()), b"x").unwrap();
    }
    let effect = k.update(Message::FileDropped(many));
    assert!(matches!(
        k.update(Message::Compose(compose::Message::CancelAdd)),
        Effect::None
    ));
    settle(&mut k, effect);
    assert!(k.compose.snapshot.is_empty());
    assert!(!k.compose.errors.is_empty());
    assert!(k.compose.busy.is_none());
}

#[test]
fn a_large_addition_runs_off_the_calling_thread_and_reports_progress() {
    use iced::futures::executor::block_on_stream;
    let dir = tempfile::tempdir().unwrap();
    let many = dir.path().join("many");
    std::fs::create_dir(&many).unwrap();
    for i in 0..3000 {
        std::fs::write(many.join(i.to_string()), b"x").unwrap();
    }
    let master = session::open_master();
    let job = |j| session::spawn(master.clone(), j, Default::default(), Default::default());
    let _ = block_on_stream(job(session::Job::SetFormat {
        format: Format::Data,
        recorder: None,
    }))
    .count();
    let started = std::time::Instant::now();
    let stream = job(session::Job::Add {
        paths: vec![many],
        label: "KILN".into(),
        into: None,
    });
    // Starting the job returns at once; the scan happens on the worker.
    assert!(started.elapsed() < std::time::Duration::from_millis(200));
    let reports: Vec<Report> = block_on_stream(stream).collect();
    assert!(reports.iter().any(|r| matches!(
        r,
        Report::Progress(kiln_core::progress::ProgressEvent::AddProgress { .. })
    )));
    let Some(Report::Done(done)) = reports.last() else {
        panic!("no end")
    };
    assert!(done.errors.is_empty(), "{:?}", done.errors);
    let Rows::Data(rows) = &done.snapshot.rows else {
        panic!("not data")
    };
    assert_eq!(rows[0].files, 3000);
}

#[test]
fn burning_to_an_image_file_reaches_the_result() {
    let (mut k, dir) = kiln("en");
    let (pics, big) = sources(dir.path());
    drop_file(&mut k, &pics);
    drop_file(&mut k, &big);
    let iso = dir.path().join("out.iso");
    send(
        &mut k,
        compose::Message::EditImagePath(iso.display().to_string()),
    );
    let effect = k.update(Message::Compose(compose::Message::StartBurn));
    assert!(k.is_burning());
    assert!(matches!(effect, Effect::Run(session::Job::Burn(_))));
    settle(&mut k, effect);
    let Screen::Finished(outcome) = &k.screen else {
        panic!("no result screen")
    };
    assert_eq!(outcome.summary.error, None);
    // An image file is not read back (only discs are), but it must pass the linter.
    assert!(!outcome.summary.verified);
    let report = kiln_core::inspect::inspect_image(&iso).unwrap();
    assert_eq!(report.errors().count(), 0);
    assert_eq!(outcome.headline_key(), "gui-result-done");
    let len = std::fs::metadata(&iso).unwrap().len();
    assert_eq!(len, outcome.summary.blocks * 2048);
    // The core clears the staging after a successful burn.
    assert!(k.compose.snapshot.is_empty());
    let effect = k.update(Message::Outcome(super::outcome::Message::Close));
    assert!(matches!(effect, Effect::None));
    assert!(matches!(k.screen, Screen::Compose));
}

#[test]
fn a_simulated_burn_writes_nothing() {
    let (mut k, dir) = kiln("en");
    let (_, big) = sources(dir.path());
    drop_file(&mut k, &big);
    let iso = dir.path().join("sim.iso");
    send(
        &mut k,
        compose::Message::EditImagePath(iso.display().to_string()),
    );
    send(&mut k, compose::Message::ToggleSimulate(true));
    send(&mut k, compose::Message::StartBurn);
    let Screen::Finished(outcome) = &k.screen else {
        panic!("no result screen")
    };
    assert_eq!(outcome.headline_key(), "gui-result-simulated");
    assert!(!iso.exists());
}

#[test]
fn language_and_theme_are_settings() {
    let (mut k, _dir) = kiln("en");
    let effect = k.update(Message::SelectLanguage(Language("it".into())));
    assert!(matches!(&effect, Effect::SaveSettings(s) if s.locale == "it"));
    let effect = k.update(Message::SelectTheme(super::settings::ThemeChoice::Dark));
    assert!(
        matches!(&effect, Effect::SaveSettings(s) if s.theme == super::settings::ThemeChoice::Dark)
    );
    assert_eq!(k.theme(), Some(iced::Theme::Dark));
    let effect = k.update(Message::SelectTheme(super::settings::ThemeChoice::System));
    assert!(
        matches!(&effect, Effect::SaveSettings(s) if s.theme == super::settings::ThemeChoice::System)
    );
    // None: iced takes the system's light or dark preference.
    assert_eq!(k.theme(), None);
}

#[test]
fn the_theme_picker_names_the_choices_in_the_windows_language() {
    use super::settings::ThemeChoice as C;
    for (locale, label, names) in [
        ("en", "Theme", ["As the system", "Light", "Dark"]),
        ("it", "Tema", ["Come il sistema", "Chiaro", "Scuro"]),
    ] {
        let (k, _dir) = kiln(locale);
        let shown: Vec<String> = [C::System, C::Light, C::Dark]
            .into_iter()
            .map(|c| super::ThemeName::new(&k.texts, c).to_string())
            .collect();
        assert_eq!(shown, names);
        // The picker's label; what the picker shows is in the screen snapshots.
        let mut ui = iced_test::simulator(k.view());
        assert!(ui.find(label).is_ok(), "{locale}: {label:?} is not shown");
    }
}

mod simulator {
    use iced_test::simulator;

    use super::*;

    #[test]
    fn clicking_the_format_toggle_switches_to_audio() {
        let (mut k, _dir) = kiln("en");
        let messages = {
            let mut ui = simulator(k.view());
            assert!(ui.find("Data disc").is_ok());
            assert!(ui
                .find("Drop files and folders here, or use “Add files…” and “Add folder…”.")
                .is_ok());
            ui.click("Audio CD").unwrap();
            ui.into_messages().collect::<Vec<_>>()
        };
        assert!(!messages.is_empty());
        for m in messages {
            let effect = k.update(m);
            settle(&mut k, effect);
        }
        assert_eq!(k.compose.snapshot.format, Format::Audio);
        let mut ui = simulator(k.view());
        assert!(ui
            .find("Drop audio files here (FLAC, WAV, MP3, Ogg…), or use “Add files…”.")
            .is_ok());
    }

    #[test]
    fn the_window_speaks_italian() {
        let (mut k, dir) = kiln("it");
        let (_, big) = sources(dir.path());
        drop_file(&mut k, &big);
        let mut ui = simulator(k.view());
        for t in [
            "Disco dati",
            "CD audio",
            "Aggiungi file…",
            "Masterizza",
            "1 elemento",
        ] {
            assert!(ui.find(t).is_ok(), "'{t}' not found");
        }
        assert!(ui.find("Burn").is_err());
    }

    #[test]
    fn the_progress_screen_shows_phase_and_cancel_asks() {
        let (mut k, dir) = kiln("en");
        let (_, big) = sources(dir.path());
        drop_file(&mut k, &big);
        let _ = k.update(Message::Compose(compose::Message::StartBurn));
        let _ = k.update(Message::Worker(Report::Progress(
            kiln_core::progress::ProgressEvent::BlockProgress {
                completed: 100,
                total: 400,
            },
        )));
        let messages = {
            let mut ui = simulator(k.view());
            assert!(ui.find("Writing…").is_ok());
            assert!(ui.find("25%").is_ok());
            ui.click("Cancel").unwrap();
            ui.into_messages().collect::<Vec<_>>()
        };
        for m in messages {
            let _ = k.update(m);
        }
        let mut ui = simulator(k.view());
        assert!(ui.find("Keep burning").is_ok());
    }
}

mod audio;
mod data;
mod hotplug;
mod log;
mod options;
mod project;
mod snapshots;
mod tree;

#[test]
fn the_window_size_and_the_burn_options_are_remembered() {
    let (mut k, _dir) = kiln("en");
    // Verify and eject, as chosen, become settings.
    let effect = k.update(Message::Compose(compose::Message::ToggleVerify(false)));
    assert!(matches!(&effect, Effect::SaveSettings(s) if !s.verify && s.eject));
    let effect = k.update(Message::Compose(compose::Message::ToggleEject(false)));
    assert!(matches!(&effect, Effect::SaveSettings(s) if !s.verify && !s.eject));
    // The size is kept in memory and written when the window closes.
    let effect = k.update(Message::WindowResized(iced::Size::new(1200.4, 799.6)));
    assert!(matches!(effect, Effect::None));
    let id = iced::window::Id::unique();
    let Effect::SaveSettingsAndClose(saved, closing) = k.update(Message::CloseRequested(id)) else {
        panic!("the close button does not close")
    };
    assert_eq!((saved.window, closing), (Some((1200, 800)), id));
    // The next window starts with the options remembered.
    let dir = tempfile::tempdir().unwrap();
    let (next, _) = Kiln::new(session::open_master(), saved, dir.path().to_path_buf());
    assert!(!next.compose.options.verify && !next.compose.options.eject);
}

#[test]
fn closing_the_window_during_a_burn_asks_instead() {
    let (mut k, _dir) = kiln("en");
    k.screen = Screen::Burning(super::burn::Burn::new(Format::Data, false));
    let effect = k.update(Message::CloseRequested(iced::window::Id::unique()));
    assert!(matches!(effect, Effect::None));
    let Screen::Burning(b) = &k.screen else {
        panic!("the burn screen went away")
    };
    assert!(b.confirm_cancel, "the cancel question is not shown");
}
