//! The snapshot a job ends with: what the window shows of the disc master (format, recorders,
//! the staged rows with their sizes and naming notes), read on the worker thread while it holds
//! the master, so the window never waits for the master's lock.

use kiln_core::audio::TrackSource;
use std::collections::BTreeSet;

use kiln_core::data::StagedFolders;
use kiln_core::{DiscMaster, Format};

use super::super::cover;
use super::super::plan::Text;
use super::{DataRow, Rows, Snapshot, TrackRow, LOG_NOTES, NOTES_KEPT};

/// What the window shows, read from the master; the data rows list the folders in `open`.
pub fn snapshot(m: &mut DiscMaster, open: &BTreeSet<String>) -> Snapshot {
    let format = m.active_format().unwrap_or(Format::Data);
    let mut s = Snapshot::empty(format);
    s.recorders = m.recorders().unwrap_or_default();
    s.recorder = m.active_recorder();
    s.recorder_medium = m.medium();
    match format {
        Format::Audio => {
            s.used_blocks = m.audio_stats().map_or(0, |a| a.used_blocks);
            if let Ok(a) = m.audio_staging() {
                let rows = a.disc().tracks.iter().enumerate().map(|(i, t)| TrackRow {
                    number: i + 1,
                    file: match &t.source {
                        TrackSource::File { path, .. } => path
                            .file_name()
                            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                        _ => String::new(),
                    },
                    text: Text::of_track(&t.metadata),
                    cover: match &t.source {
                        TrackSource::File { path, .. } => cover::thumbnail(path),
                        _ => None,
                    },
                    frames: t.source.frames(),
                    pregap_blocks: if i == 0 { 150 } else { t.pregap_blocks },
                });
                s.disc_text = Text {
                    title: a.disc().metadata.title.clone().unwrap_or_default(),
                    performer: a.disc().metadata.performer.clone().unwrap_or_default(),
                };
                s.rows = Rows::Audio(rows.collect());
            }
        }
        _ => {
            s.used_blocks = m.data_stats().map_or(0, |d| d.used);
            if let Ok(d) = m.data_staging() {
                let folders = d.folders();
                s.label = d.options().label.clone();
                s.rows = Rows::Data(data_rows(&folders, open));
                let notes = folders.notes();
                s.notes = notes
                    .iter()
                    .take(LOG_NOTES)
                    .map(|n| n.localized())
                    .collect();
                s.note_count = notes.len();
            }
            s.open = open.clone();
        }
    }
    s
}

/// The rows of a data disc's tree: the root's entries and, after each folder in `open`, its
/// own, one level deeper. Sizes and notes are the core's ([`kiln_core::data::StagedFolders`]).
fn data_rows(folders: &StagedFolders<'_>, open: &BTreeSet<String>) -> Vec<DataRow> {
    let mut rows = Vec::new();
    push_folder(folders, "/", 0, open, &mut rows);
    rows
}

fn push_folder(
    folders: &StagedFolders<'_>,
    path: &str,
    depth: u16,
    open: &BTreeSet<String>,
    rows: &mut Vec<DataRow>,
) {
    let entries = match folders.list(path) {
        Ok(e) => e,
        Err(e) => {
            tracing::debug!(%e, "an open folder is not staged");
            return;
        }
    };
    for e in entries {
        let is_open = e.is_dir && open.contains(&e.disc_path);
        // An open folder's entries carry their own notes; a closed one gathers them.
        let below = if is_open { &[][..] } else { e.notes_below };
        let notes = e.notes.iter().chain(below);
        rows.push(DataRow {
            name: e.name.to_string(),
            depth,
            is_dir: e.is_dir,
            children: e.children,
            open: is_open,
            bytes: e.bytes,
            files: e.files,
            blocks: e.blocks,
            notes: notes
                .clone()
                .take(NOTES_KEPT)
                .map(|n| n.localized())
                .collect(),
            note_count: e.notes.len() + below.len(),
            path: e.disc_path,
        });
        if is_open {
            let path = rows.last().map(|r| r.path.clone()).unwrap_or_default();
            push_folder(folders, &path, depth.saturating_add(1), open, rows);
        }
    }
}
