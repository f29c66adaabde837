//! Snapshot hashes of the main screens in English and Italian: the empty window, a staged data
//! disc, a staged audio CD and the progress view of a burn to a drive, rendered by iced's simulator with the window's own settings (the
//! embedded fonts of `fonts.rs`, so the pixels do not depend on the system's fonts) and compared
//! with the SHA-256 committed in `src/gui/tests/snapshots/`.
//!
//! A changed screen fails the test and leaves the new picture in `target/gui-snapshots/`; when the
//! change is intended, look at the picture, then run the test with `KILN_BLESS=1` to record the
//! new hash (and commit it with the change). `KILN_SNAPSHOT_PICTURES=1` saves every picture.

use std::path::{Path, PathBuf};

use iced_test::Simulator;

use super::super::fonts;
use super::*;

/// The committed hash of screen `name`.
fn expected_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/gui/tests/snapshots")
        .join(format!("{name}.sha256"))
}

/// Where a changed screen's picture is left for a person to look at.
fn picture_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("gui-snapshots")
}

/// Renders the window and compares its hash with the committed one.
fn check(name: &str, k: &mut Kiln) {
    // The log panel counts what every thread of the process logged, other tests' included.
    k.log = super::super::log_panel::LogPanel::default();
    let mut ui = Simulator::with_size(fonts::settings(), (1040.0, 720.0), k.view());
    let snapshot = ui
        .snapshot(&k.theme().unwrap_or(iced::Theme::Light))
        .unwrap();
    // iced_test writes the hash into a file named after the renderer; read it back from there.
    let scratch = tempfile::tempdir().unwrap();
    assert!(snapshot.matches_hash(scratch.path().join(name)).unwrap());
    let written = std::fs::read_dir(scratch.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "sha256"))
        .expect("iced_test wrote the hash");
    let hash = std::fs::read_to_string(written).unwrap();
    let expected_file = expected_path(name);
    if std::env::var("KILN_BLESS").as_deref() == Ok("1") {
        std::fs::create_dir_all(expected_file.parent().unwrap()).unwrap();
        std::fs::write(&expected_file, format!("{hash}\n")).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_file).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run with KILN_BLESS=1 to record it",
            expected_file.display()
        )
    });
    let changed = expected.trim() != hash;
    if changed || std::env::var("KILN_SNAPSHOT_PICTURES").as_deref() == Ok("1") {
        let dir = picture_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let _ = std::fs::remove_file(dir.join(format!("{name}-tiny-skia.png")));
        if let Err(e) = snapshot.matches_image(dir.join(name)) {
            eprintln!("the picture could not be saved: {e}");
        }
    }
    if changed {
        let dir = picture_dir();
        panic!(
            "the screen {name:?} changed (hash {hash}, committed {}); its picture is in {}: \
             if the change is intended, run the test with KILN_BLESS=1",
            expected.trim(),
            dir.display()
        );
    }
}

/// The recorders the window lists are the image file and the virtual drive only: a machine with
/// a real drive shows more, and its screens are not the committed ones.
fn only_builtin_recorders(k: &Kiln) -> bool {
    let builtin = k.compose.snapshot.recorders.iter().all(|r| {
        matches!(
            r.kind,
            kiln_core::RecorderKind::ImageFile | kiln_core::RecorderKind::Emulated
        )
    });
    if !builtin {
        eprintln!("SKIPPED: this machine has a real recorder, which the snapshots do not show");
    }
    builtin
}

/// A WAV of `seconds` seconds of a 441 Hz square wave, 44.1 kHz 16-bit stereo.
fn wav(dir: &Path, name: &str, seconds: u32) -> PathBuf {
    let frames = 44_100 * seconds;
    let data_len = frames * 4;
    let mut bytes = Vec::with_capacity(44 + data_len as usize);
    bytes.extend_from_slice(b"RIFF");
    bytes.extend_from_slice(&(36 + data_len).to_le_bytes());
    bytes.extend_from_slice(b"WAVEfmt ");
    bytes.extend_from_slice(&16u32.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes()); // PCM
    bytes.extend_from_slice(&2u16.to_le_bytes());
    bytes.extend_from_slice(&44_100u32.to_le_bytes());
    bytes.extend_from_slice(&(44_100u32 * 4).to_le_bytes());
    bytes.extend_from_slice(&4u16.to_le_bytes());
    bytes.extend_from_slice(&16u16.to_le_bytes());
    bytes.extend_from_slice(b"data");
    bytes.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..frames {
        let v: i16 = if (i / 50) % 2 == 0 { 8_000 } else { -8_000 };
        bytes.extend_from_slice(&v.to_le_bytes());
        bytes.extend_from_slice(&v.to_le_bytes());
    }
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The window in `locale`, proposing images in a fixed folder (the default, a temporary folder,
/// would put a random name on the screen).
fn window(locale: &str) -> (Kiln, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let (mut k, effect) = Kiln::new(
        session::open_master(),
        Settings::with_locale(locale),
        PathBuf::from("/home/user/Kiln"),
    );
    settle(&mut k, effect);
    (k, dir)
}

fn empty(locale: &str) {
    let (mut k, _dir) = window(locale);
    if only_builtin_recorders(&k) {
        check(&format!("empty-{locale}"), &mut k);
    }
}

fn data_disc(locale: &str) {
    let (mut k, dir) = window(locale);
    let (pics, big) = sources(dir.path());
    drop_file(&mut k, &pics);
    drop_file(&mut k, &big);
    if only_builtin_recorders(&k) {
        check(&format!("data-{locale}"), &mut k);
    }
}

fn audio_cd(locale: &str) {
    let (mut k, dir) = window(locale);
    send(&mut k, compose::Message::SelectFormat(Format::Audio));
    for (name, seconds) in [("Morning.wav", 5), ("Evening.wav", 7)] {
        let file = wav(dir.path(), name, seconds);
        drop_file(&mut k, &file);
    }
    assert_eq!(super::super::list::count(&k.compose.snapshot.rows), 2);
    if only_builtin_recorders(&k) {
        check(&format!("audio-{locale}"), &mut k);
    }
}

#[test]
fn the_empty_window_in_english() {
    empty("en");
}

#[test]
fn the_empty_window_in_italian() {
    empty("it");
}

#[test]
fn a_staged_data_disc_in_english() {
    data_disc("en");
}

#[test]
fn a_staged_data_disc_in_italian() {
    data_disc("it");
}

#[test]
fn a_staged_data_disc_in_the_dark_theme() {
    let (mut k, dir) = window("en");
    let effect = k.update(Message::SelectTheme(
        super::super::settings::ThemeChoice::Dark,
    ));
    assert!(matches!(effect, Effect::SaveSettings(_)));
    let (pics, big) = sources(dir.path());
    drop_file(&mut k, &pics);
    drop_file(&mut k, &big);
    if only_builtin_recorders(&k) {
        check("data-dark-en", &mut k);
    }
}

#[test]
fn a_data_disc_for_the_virtual_dvd_recorder() {
    let (mut k, dir) = window("en");
    send(
        &mut k,
        compose::Message::SelectRecorder(compose::Choice {
            value: "virtual-dvd+r".into(),
            label: String::new(),
        }),
    );
    assert_eq!(
        k.compose.snapshot.recorder.as_ref().map(|r| r.id.as_str()),
        Some("virtual-dvd+r")
    );
    let (pics, big) = sources(dir.path());
    drop_file(&mut k, &pics);
    drop_file(&mut k, &big);
    if only_builtin_recorders(&k) {
        check("virtual-dvd-en", &mut k);
    }
}

#[test]
fn a_staged_audio_cd_in_english() {
    audio_cd("en");
}

#[test]
fn a_staged_audio_cd_in_italian() {
    audio_cd("it");
}

/// The progress screen of an audio CD burning to a drive, with a fixed clock: 95 s in, track 2
/// of 3, the drive at 16× with its buffers as the core reports them.
fn progress(locale: &str) {
    use std::time::Duration;

    use kiln_core::progress::{ProgressEvent, WriteStatus};

    use super::super::burn;

    let (mut k, _dir) = window(locale);
    let mut b = burn::Burn::new(Format::Audio, false);
    let start = std::time::Instant::now();
    // Far enough ahead that the events below (which move the clock to "now") do not move it.
    b.update(burn::Message::Ticked(start + Duration::from_secs(95)));
    for e in [
        ProgressEvent::PreparingBurn {
            estimated_seconds: 5,
        },
        ProgressEvent::TrackProgress {
            completed: 1,
            total: 3,
        },
        ProgressEvent::BlockProgress {
            completed: 120_000,
            total: 300_000,
        },
        ProgressEvent::Writing(WriteStatus {
            host_buffer: 0.93,
            drive_buffer: Some(0.81),
            speed_x: Some(16.0),
            elapsed_seconds: 95,
            remaining_seconds: Some(150),
        }),
    ] {
        b.update(burn::Message::Progressed(e));
    }
    k.screen = Screen::Burning(b);
    if only_builtin_recorders(&k) {
        check(&format!("progress-{locale}"), &mut k);
    }
}

#[test]
fn the_progress_view_in_english() {
    progress("en");
}

#[test]
fn the_progress_view_in_italian() {
    progress("it");
}
