//! The snapshot a job ends with: what the window shows of the disc master (format, recorders,
//! the staged rows with their sizes and naming notes), read on the worker thread while it holds
//! the master, so the window never waits for the master's lock.

use kiln_core::audio::TrackSource;
use kiln_core::data::{Kind, NodeId, ROOT};
use kiln_core::{DiscMaster, Format};

use super::super::cover;
use super::super::plan::Text;
use super::{DataRow, Rows, Snapshot, TrackRow, LOG_NOTES, NOTES_KEPT};

/// What the window shows, read from the master.
pub fn snapshot(m: &mut DiscMaster) -> Snapshot {
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
            let notes = m.naming_notes().unwrap_or_default();
            if let Ok(d) = m.data_staging() {
                s.label = d.options().label.clone();
                s.rows = Rows::Data(data_rows(d.tree(), &notes));
            }
            s.notes = notes
                .iter()
                .take(LOG_NOTES)
                .map(|n| n.localized())
                .collect();
            s.note_count = notes.len();
        }
    }
    s
}

/// The root's entries with their sizes and notes (one pass over the tree).
fn data_rows(tree: &kiln_core::data::Tree, notes: &[kiln_core::data::NamingNote]) -> Vec<DataRow> {
    let Some(root) = tree.dir(ROOT) else {
        return Vec::new();
    };
    root.children
        .iter()
        .map(|(name, &id)| {
            let (bytes, files) = subtree(tree, id);
            let (exact, below) = (format!("/{name}"), format!("/{name}/"));
            let mine = notes
                .iter()
                .filter(|n| n.disc_path == exact || n.disc_path.starts_with(&below));
            DataRow {
                name: name.clone(),
                is_dir: tree.dir(id).is_some(),
                bytes,
                files,
                notes: mine
                    .clone()
                    .take(NOTES_KEPT)
                    .map(|n| n.localized())
                    .collect(),
                note_count: mine.count(),
            }
        })
        .collect()
}

fn subtree(tree: &kiln_core::data::Tree, id: NodeId) -> (u64, u64) {
    let (mut bytes, mut files) = (0, 0);
    let mut stack = vec![id];
    while let Some(n) = stack.pop() {
        match &tree.node(n).kind {
            Kind::File { content } => {
                bytes += tree.content(*content).stamp.size;
                files += 1;
            }
            Kind::Dir(d) => stack.extend(d.children.values().copied()),
            _ => files += 1,
        }
    }
    (bytes, files)
}
