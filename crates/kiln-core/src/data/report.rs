//! The naming report: for every item whose Joliet name differs from its real name, or passes
//! the Joliet specification's limits, or whose date ISO 9660 cannot hold, a note with the original
//! and the recorded form. Together with the scan notes this makes every deviation visible.

use super::dirs;
use super::names::{JOLIET_SPEC_CHARS, JOLIET_SPEC_PATH_BYTES};
use super::notes::{Namespace, NamingNote, NoteKind};
use super::staging::DataStaging;
use super::time;
use super::tree::{NodeId, ROOT};

impl DataStaging {
    /// Notes on how names and dates are recorded in the disc's name spaces, followed by the
    /// notes made while scanning (links, skipped special files).
    pub fn naming_notes(&self) -> Vec<NamingNote> {
        let mut out = self.namespace_notes();
        out.extend(self.notes.iter().cloned());
        out
    }

    /// Notes on how names and dates are recorded in the disc's name spaces (computed from the
    /// whole tree; time proportional to its size).
    pub fn namespace_notes(&self) -> Vec<NamingNote> {
        let tree = &self.tree;
        let times = self.times();
        let mut out = Vec::new();
        // (folder, its Joliet path length in bytes)
        let mut stack: Vec<(NodeId, usize)> = vec![(ROOT, 0)];
        while let Some((dir, path_bytes)) = stack.pop() {
            for (name, child) in dirs::joliet_entries(tree, dir) {
                let node = tree.node(child);
                let disc_path = tree.path(child);
                let recorded = name.text();
                if recorded != node.name {
                    out.push(NamingNote {
                        disc_path: disc_path.clone(),
                        namespace: Namespace::Joliet,
                        kind: NoteKind::Renamed { recorded },
                    });
                }
                let chars = name.units.len();
                if chars > JOLIET_SPEC_CHARS {
                    out.push(NamingNote {
                        disc_path: disc_path.clone(),
                        namespace: Namespace::Joliet,
                        kind: NoteKind::LongerThanSpec { chars },
                    });
                }
                let bytes = path_bytes + 2 + 2 * chars;
                if bytes > JOLIET_SPEC_PATH_BYTES {
                    out.push(NamingNote {
                        disc_path: disc_path.clone(),
                        namespace: Namespace::Joliet,
                        kind: NoteKind::PathLongerThanSpec { bytes },
                    });
                }
                let mtime = times.times(&node.meta)[0];
                if !time::fits_short_form(mtime) {
                    out.push(NamingNote {
                        disc_path,
                        namespace: Namespace::Iso9660,
                        kind: NoteKind::DateClamped {
                            recorded: time::short_form_text(mtime),
                        },
                    });
                }
                if tree.dir(child).is_some() {
                    stack.push((child, bytes));
                }
            }
        }
        out.sort_by(|a, b| a.disc_path.cmp(&b.disc_path));
        out
    }
}
