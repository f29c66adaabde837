//! The audio rows: tracks prefilled with the tags the core read, reordered, retitled and removed
//! by clicks and typing in the simulator, and what the core then stages and writes (the CUE sheet
//! read back by cuetools' `cueprint`, an independent parser).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use iced::keyboard::{key::Named, Key, Modifiers};
use iced_test::simulator;
use kiln_core::audio::TrackSource;
use kiln_core::Format;

use super::super::plan::Text;
use super::super::tracks;
use super::*;

fn have(tool: &str, arg: &str) -> bool {
    let ok = Command::new(tool)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{tool} is missing under CI=true: apt-get install ffmpeg cuetools"
        );
        eprintln!("SKIPPED: {tool} is not installed");
    }
    ok
}

/// A stereo FLAC of exactly `seconds` seconds, with `tags` (`key=value`).
fn flac(dir: &Path, name: &str, seconds: u32, tags: &[&str]) -> PathBuf {
    let p = dir.join(name);
    let mut cmd = Command::new("ffmpeg");
    cmd.args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg(format!(
            "sine=frequency=440:sample_rate=44100:duration={seconds}"
        ))
        .args(["-ac", "2", "-c:a", "flac"]);
    for t in tags {
        cmd.args(["-metadata", t]);
    }
    let out = cmd.arg(&p).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    p
}

/// a.flac (4 s, tagged), b.flac (5 s, tagged), c.flac (6 s, no tags), staged in that order.
fn three_tracks() -> Option<(Kiln, tempfile::TempDir, [PathBuf; 3])> {
    if !have("ffmpeg", "-version") {
        return None;
    }
    let (mut k, dir) = kiln("en");
    let a = flac(
        dir.path(),
        "a.flac",
        4,
        &["title=Sóng One", "artist=The Testers"],
    );
    let b = flac(dir.path(), "b.flac", 5, &["title=Two", "artist=B Band"]);
    let c = flac(dir.path(), "c.flac", 6, &[]);
    send(&mut k, compose::Message::SelectFormat(Format::Audio));
    for p in [&a, &b, &c] {
        drop_file(&mut k, p);
    }
    assert!(k.compose.errors.is_empty(), "{:?}", k.compose.errors);
    Some((k, dir, [a, b, c]))
}

/// Runs what the simulator produced through `update` and the jobs.
fn apply(k: &mut Kiln, messages: Vec<Message>) {
    assert!(!messages.is_empty(), "the simulator produced no message");
    for m in messages {
        let effect = k.update(m);
        settle(k, effect);
    }
}

/// The staged tracks as the core holds them: (file, title, performer).
fn staged(k: &Kiln) -> Vec<(String, Option<String>, Option<String>)> {
    let mut m = k.master().lock().unwrap();
    m.audio_staging()
        .unwrap()
        .disc()
        .tracks
        .iter()
        .map(|t| {
            let TrackSource::File { path, .. } = &t.source else {
                panic!("not a file track")
            };
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                t.metadata.title.clone(),
                t.metadata.performer.clone(),
            )
        })
        .collect()
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn tracks_are_prefilled_reordered_retitled_and_burned_in_that_order() {
    let Some((mut k, dir, _)) = three_tracks() else {
        return;
    };
    let text = |t: &str, p: &str| Text {
        title: t.into(),
        performer: p.into(),
    };
    // Prefilled from the tags the core read; the untagged file has no text.
    assert_eq!(
        k.compose.tracks.texts,
        [
            text("Sóng One", "The Testers"),
            text("Two", "B Band"),
            text("", "")
        ]
    );
    // Click the first row's "move down".
    let messages = {
        let mut ui = simulator(k.view());
        assert!(ui.find("Sóng One").is_ok());
        ui.click("↓").unwrap();
        ui.into_messages().collect()
    };
    apply(&mut k, messages);
    assert_eq!(
        staged(&k),
        [
            ("b.flac".into(), some("Two"), some("B Band")),
            ("a.flac".into(), some("Sóng One"), some("The Testers")),
            ("c.flac".into(), None, None),
        ]
    );
    // Type the untagged track's text, then Enter hands it to the core.
    let messages = {
        let mut ui = simulator(k.view());
        ui.click(iced::widget::Id::from("track-title-2")).unwrap();
        ui.typewrite("Drei");
        ui.click(iced::widget::Id::from("track-performer-2"))
            .unwrap();
        ui.typewrite("Zoë & Co");
        ui.tap_key(Key::Named(Named::Enter));
        ui.click(iced::widget::Id::from("album-title")).unwrap();
        ui.typewrite("Mixtape");
        ui.click(iced::widget::Id::from("album-performer")).unwrap();
        ui.typewrite("Various");
        ui.into_messages().collect()
    };
    apply(&mut k, messages);
    assert_eq!(
        staged(&k)[2],
        ("c.flac".into(), some("Drei"), some("Zoë & Co"))
    );
    // The album text was not committed yet: it goes with the burn.
    assert_eq!(k.compose.tracks.disc, text("Mixtape", "Various"));
    // Select track 3 by its number, then Alt+↑ (the shortcut as the window maps it).
    let messages = {
        let mut ui = simulator(k.view());
        ui.click("03").unwrap();
        ui.into_messages().collect()
    };
    apply(&mut k, messages);
    let alt_up = super::super::shortcuts::shortcut(
        &Key::Named(Named::ArrowUp),
        Modifiers::ALT,
        iced::event::Status::Ignored,
    )
    .unwrap();
    apply(&mut k, vec![alt_up]);
    // A key a text field took does nothing.
    assert!(super::super::shortcuts::shortcut(
        &Key::Named(Named::Delete),
        Modifiers::empty(),
        iced::event::Status::Captured,
    )
    .is_none());
    assert_eq!(
        staged(&k).iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
        ["b.flac", "c.flac", "a.flac"]
    );
    let Rows::Audio(rows) = &k.compose.snapshot.rows else {
        panic!("not audio")
    };
    assert_eq!(
        rows.iter()
            .map(|r| (r.number, r.file.as_str()))
            .collect::<Vec<_>>(),
        [(1, "b.flac"), (2, "c.flac"), (3, "a.flac")]
    );
    assert_eq!(k.compose.tracks.selected, Some(1));

    let cue = dir.path().join("out.cue");
    send(
        &mut k,
        compose::Message::EditImagePath(cue.display().to_string()),
    );
    send(&mut k, compose::Message::StartBurn);
    let Screen::Finished(outcome) = &k.screen else {
        panic!("no result screen")
    };
    assert_eq!(outcome.summary.error, None);
    // (5 + 2 + 6 + 2 + 4) seconds at 75 blocks, and track 1's pregap.
    assert_eq!(outcome.summary.blocks, 150 + 19 * 75);
    let bin = std::fs::metadata(dir.path().join("out.bin")).unwrap().len();
    assert_eq!(bin, 19 * 75 * 2352);
    if !have("cueprint", "--version") {
        return;
    }
    let out = Command::new("cueprint")
        .args(["-d", "%P|%T\n", "-t", "%n|%p|%t\n"])
        .arg(&cue)
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{printed}");
    assert_eq!(
        printed
            .lines()
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>(),
        [
            "Various|Mixtape",
            "1|B Band|Two",
            "2|Zoë & Co|Drei",
            "3|The Testers|Sóng One"
        ],
        "{}",
        std::fs::read_to_string(&cue).unwrap()
    );
    let breaks = Command::new("cuebreakpoints").arg(&cue).output().unwrap();
    // Track 2 starts after track 1's 5 s and its own 2 s pregap; track 3 after 6 s + 2 s more.
    assert_eq!(
        String::from_utf8_lossy(&breaks.stdout)
            .lines()
            .collect::<Vec<_>>(),
        ["0:07.00", "0:15.00"]
    );
}

#[test]
fn removing_a_track_frees_exactly_its_time() {
    let Some((mut k, dir, _)) = three_tracks() else {
        return;
    };
    let before = k.compose.snapshot.used_blocks;
    // Track 2 (b.flac, 5 s) with its 2-second pregap.
    let messages = {
        let mut ui = simulator(k.view());
        ui.click("02").unwrap();
        ui.into_messages().collect()
    };
    apply(&mut k, messages);
    let delete = super::super::shortcuts::shortcut(
        &Key::Named(Named::Delete),
        Modifiers::empty(),
        iced::event::Status::Ignored,
    )
    .unwrap();
    apply(&mut k, vec![delete]);
    assert_eq!(k.compose.snapshot.used_blocks, before - 5 * 75 - 150);
    assert_eq!(
        staged(&k).iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
        ["a.flac", "c.flac"]
    );
    assert_eq!(k.compose.tracks.selected, None);
    // Text being typed in a row the job did not touch survives an addition.
    send(
        &mut k,
        compose::Message::Tracks(tracks::Message::EditTitle(0, "Typed".into())),
    );
    let d = flac(dir.path(), "d.flac", 4, &["title=Four"]);
    drop_file(&mut k, &d);
    assert_eq!(k.compose.tracks.texts[0].title, "Typed");
    assert_eq!(k.compose.tracks.texts[2].title, "Four");
    assert_eq!(staged(&k)[0].1, some("Sóng One"));
}

#[test]
fn a_track_with_cover_art_shows_its_thumbnail() {
    if !have("ffmpeg", "-version") {
        return;
    }
    let (mut k, dir) = kiln("en");
    // A red picture embedded in a FLAC, and a FLAC without one.
    let png = dir.path().join("cover.png");
    let out = Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "color=c=red:s=300x200",
        ])
        .args(["-frames:v", "1"])
        .arg(&png)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let with = dir.path().join("with.flac");
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg("sine=frequency=440:sample_rate=44100:duration=4")
        .arg("-i")
        .arg(&png)
        .args([
            "-map", "0:a", "-map", "1:v", "-ac", "2", "-c:a", "flac", "-c:v", "copy",
        ])
        .args(["-disposition:v", "attached_pic"])
        .arg(&with)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let without = flac(dir.path(), "without.flac", 4, &[]);
    send(&mut k, compose::Message::SelectFormat(Format::Audio));
    drop_file(&mut k, &with);
    drop_file(&mut k, &without);
    let Rows::Audio(rows) = &k.compose.snapshot.rows else {
        panic!("not audio")
    };
    assert!(rows[1].cover.is_none());
    let Some(iced::widget::image::Handle::Rgba {
        width,
        height,
        pixels,
        ..
    }) = &rows[0].cover
    else {
        panic!("no thumbnail: {:?}", rows[0].cover)
    };
    let size = super::super::cover::SIZE;
    assert_eq!((*width, *height), (size, size));
    assert_eq!(pixels.len(), (size * size * 4) as usize);
    // The picture is one colour, so every pixel of the thumbnail is that colour as ffmpeg
    // decodes the PNG.
    let raw = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(&png)
        .args(["-f", "rawvideo", "-pix_fmt", "rgba", "-"])
        .output()
        .unwrap();
    assert_eq!(raw.stdout.len(), 300 * 200 * 4);
    let colour = &raw.stdout[..4];
    assert!(
        pixels.chunks(4).all(|p| p == colour),
        "{:?} vs {colour:?}",
        &pixels[..8]
    );
}

#[test]
fn a_track_dragged_by_its_number_onto_another_row_moves_there() {
    use iced::mouse::{Button, Event as Mouse};
    use iced::Event;

    let Some((mut k, _dir, _)) = three_tracks() else {
        return;
    };
    // Press on track 1's number, move over track 3's row, release.
    let messages = {
        let mut ui = simulator(k.view());
        let from = ui.find("01").unwrap().visible_bounds().unwrap().center();
        let to = ui.find("03").unwrap().visible_bounds().unwrap().center();
        ui.point_at(from);
        ui.simulate([Event::Mouse(Mouse::ButtonPressed(Button::Left))]);
        ui.point_at(to);
        ui.simulate([Event::Mouse(Mouse::CursorMoved { position: to })]);
        ui.simulate([Event::Mouse(Mouse::ButtonReleased(Button::Left))]);
        ui.into_messages().collect::<Vec<_>>()
    };
    apply(&mut k, messages);
    assert_eq!(
        staged(&k).iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
        ["b.flac", "c.flac", "a.flac"]
    );
    assert_eq!(k.compose.tracks.selected, Some(2));
    assert_eq!(k.compose.tracks.drag, None);
    // Dragged out of the list and released there: nothing moves.
    let messages = {
        let mut ui = simulator(k.view());
        let from = ui.find("01").unwrap().visible_bounds().unwrap().center();
        let out = iced::Point::new(from.x, 1.0);
        ui.point_at(from);
        ui.simulate([Event::Mouse(Mouse::ButtonPressed(Button::Left))]);
        ui.point_at(out);
        ui.simulate([Event::Mouse(Mouse::CursorMoved { position: out })]);
        ui.simulate([Event::Mouse(Mouse::ButtonReleased(Button::Left))]);
        ui.into_messages().collect::<Vec<_>>()
    };
    apply(&mut k, messages);
    assert_eq!(
        staged(&k).iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
        ["b.flac", "c.flac", "a.flac"]
    );
}
