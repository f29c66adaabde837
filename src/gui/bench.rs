//! What `benches/gui_rows.rs` needs from the window and cannot reach from outside the crate:
//! a window opened on the real disc master, the jobs its effects start (the same worker stream
//! [`super::app`] runs as an iced task), and a compilation screen holding many rows. Not part of
//! Kiln's interface; hidden from the documentation.

use std::path::PathBuf;

use iced::futures::{Stream, StreamExt};
use kiln_core::Format;

use super::session::{self, DataRow, Done, Report, Rows, TrackRow};
use super::settings::Settings;
use super::{compose, list, plan::Text, Effect, Kiln, Message};

/// A window in `locale` on a fresh disc master, with its first job (choosing the data format
/// and a recorder) done; images would go into `image_dir`.
pub fn open(locale: &str, image_dir: PathBuf) -> Kiln {
    let (mut kiln, effect) = Kiln::new(
        session::open_master(),
        Settings::with_locale(locale),
        image_dir,
    );
    settle(&mut kiln, effect);
    kiln
}

/// The messages of the job `effect` starts, as the window receives them (progress reports
/// thinned by the worker, then the end), or `None` when it starts none. The job runs on a
/// worker thread as soon as this returns, exactly as `app::perform` runs it.
pub fn job(kiln: &Kiln, effect: Effect) -> Option<impl Stream<Item = Message> + Unpin> {
    match effect {
        Effect::Run(job) => Some(
            session::spawn(
                kiln.master().clone(),
                job,
                kiln.compose.entries.open.clone(),
                kiln.cancel_flag(),
            )
            .map(Message::Worker),
        ),
        _ => None,
    }
}

/// Runs `effect`'s job to its end on this thread (as the tests do), handing every message to
/// `update`, and what that leads to.
pub fn settle(kiln: &mut Kiln, effect: Effect) {
    let mut queue = vec![effect];
    while let Some(effect) = queue.pop() {
        if let Effect::Run(job) = effect {
            let (tx, rx) = std::sync::mpsc::channel();
            let open = kiln.compose.entries.open.clone();
            let done = session::execute(kiln.master(), job, &open, kiln.cancel_flag(), move |e| {
                let _ = tx.send(e);
            });
            for e in rx.try_iter() {
                queue.push(kiln.update(Message::Worker(Report::Progress(e))));
            }
            queue.push(kiln.update(Message::Worker(Report::Done(Box::new(done)))));
        }
    }
}

/// The message a drop of `path` on the window sends.
pub fn drop_file(path: PathBuf) -> Message {
    Message::FileDropped(path)
}

/// The message the list sends when it is scrolled to `offset` pixels, `height` pixels high.
pub fn scrolled(offset: f32, height: f32) -> Message {
    Message::Compose(compose::Message::Scrolled(list::Viewport {
        offset,
        height,
    }))
}

/// The message a click on a folder's disclosure triangle sends: open or close `path`.
pub fn toggle(path: &str) -> Message {
    Message::Compose(compose::Message::Entries(super::entries::Message::Toggle(
        path.to_string(),
    )))
}

/// Height of one row of the list in pixels.
pub const ROW_HEIGHT: f32 = list::ROW_HEIGHT;

/// Rows staged on the window.
pub fn row_count(kiln: &Kiln) -> usize {
    list::count(&kiln.compose.snapshot.rows)
}

/// Files under the data rows staged on the window, with the core's errors of the last job
/// counted as a mismatch (`u64::MAX`).
pub fn staged_files(kiln: &Kiln) -> u64 {
    match &kiln.compose.snapshot.rows {
        _ if !kiln.compose.errors.is_empty() => u64::MAX,
        Rows::Data(rows) => rows.iter().map(|r| r.files).sum(),
        Rows::Audio(_) => 0,
    }
}

/// Which rows [`staged`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Audio tracks, with text, a cover thumbnail and a pregap each.
    Audio,
    /// Data items: folders and files, one in ten with naming notes.
    Data,
}

/// Puts `n` rows of `kind` on `kiln`'s compilation screen, as the end of a job does (through
/// `update`). The rows are made up, not staged on the core: a Red Book disc holds 99 tracks,
/// and the window's cost does not depend on where the rows came from.
pub fn staged(kiln: &mut Kiln, kind: Kind, n: usize) {
    let mut snapshot = kiln.compose.snapshot.clone();
    match kind {
        Kind::Audio => {
            snapshot.format = Format::Audio;
            let side = super::cover::SIZE;
            let cover = iced::widget::image::Handle::from_rgba(
                side,
                side,
                vec![0x80; (side * side * 4) as usize],
            );
            snapshot.rows = Rows::Audio(
                (0..n)
                    .map(|i| TrackRow {
                        number: i + 1,
                        file: format!("{:05} track.flac", i + 1),
                        text: Text {
                            title: format!("Title of track {}", i + 1),
                            performer: "The Performers".into(),
                        },
                        cover: Some(cover.clone()),
                        frames: 44_100 * (180 + (i as u64 % 120)),
                        pregap_blocks: 150,
                    })
                    .collect(),
            );
        }
        Kind::Data => {
            snapshot.format = Format::Data;
            let note = kiln_core::Localized::new("gui-error-read-folder")
                .arg("path", "/a/long/name")
                .arg("reason", "made up");
            snapshot.rows = Rows::Data(
                (0..n)
                    .map(|i| DataRow {
                        name: format!("item {i:05}"),
                        path: format!("/item {i:05}"),
                        depth: 0,
                        is_dir: i % 3 == 0,
                        children: usize::from(i % 3 == 0),
                        open: false,
                        bytes: 1000 * i as u64,
                        files: 1 + i as u64 % 50,
                        blocks: 1 + i as u64,
                        notes: if i % 10 == 0 {
                            vec![note.clone()]
                        } else {
                            Vec::new()
                        },
                        note_count: usize::from(i % 10 == 0),
                    })
                    .collect(),
            );
        }
    }
    snapshot.used_blocks = n as u64 * 300;
    let done = Done {
        snapshot,
        errors: Vec::new(),
        burned: None,
        added: Vec::new(),
        restaged: None,
        speeds: None,
        disc: None,
        project: None,
    };
    let _ = kiln.update(Message::Worker(Report::Done(Box::new(done))));
}
