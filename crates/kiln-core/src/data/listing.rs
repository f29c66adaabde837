//! Folder listings of the staging, for a file manager's tree: each entry of a staged folder
//! with what lies under it (bytes, files, the blocks its files and folders take in the image)
//! and the naming notes about it and under it.
//!
//! [`DataStaging::folders`] does the work that is proportional to the whole staging once (the
//! subtree totals in one pass, the notes sorted by path); listing a folder then costs what its
//! entries cost, so a window can list many folders, or one of 100,000 entries, off one view.

use super::accounting::blocks_for;
use super::dirs::IsoDir;
use super::notes::NamingNote;
use super::staging::DataStaging;
use super::tree::{Kind, NodeId, Tree, ROOT};
use crate::{Error, Result};

/// What lies under one node (the node itself included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Under {
    bytes: u64,
    files: u64,
    blocks: u64,
}

/// One entry of a staged folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderEntry<'a> {
    /// Its name (the Rock Ridge name: what the user gave or the source had).
    pub name: &'a str,
    /// Its path on the disc, `/`-separated.
    pub disc_path: String,
    /// A folder.
    pub is_dir: bool,
    /// Entries directly inside it (0 for a file or link).
    pub children: usize,
    /// Bytes of file content under it (a file's own size); a hard-linked content counts at
    /// each of its names.
    pub bytes: u64,
    /// Files and links under it (1 for a file or link).
    pub files: u64,
    /// Blocks its file contents and folder extents (ISO 9660, Rock Ridge continuation, Joliet)
    /// take in the image, from the staging's accounting. Removing it frees about this many;
    /// the exact change also counts the parent's records and the path tables, which
    /// [`DataStaging::stats`] has.
    pub blocks: u64,
    /// The naming notes about this entry itself.
    pub notes: &'a [NamingNote],
    /// The naming notes about entries under it.
    pub notes_below: &'a [NamingNote],
}

/// The staging, ready to be listed folder by folder (see the module documentation).
#[derive(Debug)]
pub struct StagedFolders<'a> {
    staging: &'a DataStaging,
    under: Vec<Under>,
    notes: Vec<NamingNote>,
}

impl DataStaging {
    /// The staging as folders to list: computes the subtree totals and the naming notes once
    /// (time proportional to the staging).
    pub fn folders(&self) -> StagedFolders<'_> {
        let mut notes = self.naming_notes();
        // Sorted by path, a node's own notes are one run and those under it (`path/…`) another.
        notes.sort_by(|a, b| a.disc_path.cmp(&b.disc_path));
        StagedFolders {
            under: totals(self),
            staging: self,
            notes,
        }
    }
}

impl<'a> StagedFolders<'a> {
    /// Every naming note of the staging (as [`DataStaging::naming_notes`]), sorted by path.
    pub fn notes(&self) -> &[NamingNote] {
        &self.notes
    }

    /// The entries of the staged folder `disc_path` (`/` for the root), in name order.
    pub fn list(&self, disc_path: &str) -> Result<Vec<FolderEntry<'_>>> {
        let tree = self.staging.tree();
        let id = find(tree, disc_path).ok_or_else(|| Error::InvalidDiscPath {
            disc_path: disc_path.to_string(),
            reason: "it is not a staged folder",
        })?;
        let dir = tree.dir(id).ok_or_else(|| Error::InvalidDiscPath {
            disc_path: disc_path.to_string(),
            reason: "it is not a staged folder",
        })?;
        let base = disc_path.trim_end_matches('/');
        Ok(dir
            .children
            .iter()
            .map(|(name, &child)| {
                let path = format!("{base}/{name}");
                let under = self.under.get(child as usize).copied().unwrap_or_default();
                let children = tree.dir(child).map_or(0, |d| d.children.len());
                FolderEntry {
                    name,
                    is_dir: tree.dir(child).is_some(),
                    children,
                    bytes: under.bytes,
                    files: under.files,
                    blocks: under.blocks,
                    notes: self.own_notes(&path),
                    notes_below: self.notes_below(&path),
                    disc_path: path,
                }
            })
            .collect())
    }

    fn own_notes(&self, path: &str) -> &[NamingNote] {
        let start = self.notes.partition_point(|n| n.disc_path.as_str() < path);
        let len = self.notes[start..]
            .iter()
            .take_while(|n| n.disc_path == path)
            .count();
        &self.notes[start..start + len]
    }

    fn notes_below(&self, path: &str) -> &[NamingNote] {
        let prefix = format!("{path}/");
        let start = self
            .notes
            .partition_point(|n| n.disc_path.as_str() < prefix.as_str());
        let len = self.notes[start..]
            .iter()
            .take_while(|n| n.disc_path.starts_with(&prefix))
            .count();
        &self.notes[start..start + len]
    }
}

/// The folder at `disc_path`, walking down from the root.
fn find(tree: &Tree, disc_path: &str) -> Option<NodeId> {
    disc_path
        .split('/')
        .filter(|p| !p.is_empty())
        .try_fold(ROOT, |dir, name| tree.child(dir, name))
}

/// What lies under every node reachable from the root, indexed by node id: one depth-first
/// pass that adds each node's totals into its parent's once all of its children are done.
fn totals(staging: &DataStaging) -> Vec<Under> {
    let tree = staging.tree();
    let mut under = vec![Under::default(); tree.len()];
    // (node, whether its children were pushed already)
    let mut stack = vec![(ROOT, false)];
    while let Some((id, expanded)) = stack.pop() {
        let node = tree.node(id);
        match &node.kind {
            Kind::Dir(d) if !expanded => {
                stack.push((id, true));
                stack.extend(d.children.values().map(|&c| (c, false)));
            }
            Kind::Dir(_) => {
                let own = staging.accounting.cost(IsoDir::Node(id)).blocks();
                under[id as usize].blocks += own;
            }
            Kind::File { content } => {
                let size = tree.content(*content).stamp.size;
                under[id as usize] = Under {
                    bytes: size,
                    files: 1,
                    blocks: blocks_for(size),
                };
            }
            Kind::Symlink { .. } => {
                under[id as usize].files = 1;
            }
        }
        // A node is finished when it is a leaf, or a folder seen the second time.
        let finished = !matches!(node.kind, Kind::Dir(_)) || expanded;
        if finished && id != ROOT {
            let mine = under[id as usize];
            let parent = &mut under[node.parent as usize];
            parent.bytes += mine.bytes;
            parent.files += mine.files;
            parent.blocks += mine.blocks;
        }
    }
    under
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::data::DataOptions;
    use crate::progress::Silent;

    #[test]
    fn lists_a_folder_with_the_totals_under_each_entry_and_its_notes() {
        let dir = tempfile::tempdir().unwrap();
        let pics = dir.path().join("pics");
        fs::create_dir_all(pics.join("deep")).unwrap();
        fs::write(pics.join("a.jpg"), vec![0u8; 3000]).unwrap();
        fs::write(pics.join("deep").join("b.jpg"), vec![0u8; 5000]).unwrap();
        let long = format!("{}.txt", "n".repeat(80));
        fs::write(pics.join("deep").join(&long), b"x").unwrap();
        let mut s = DataStaging::new(DataOptions::default());
        let mut r = Silent;
        s.add_as(&pics, "/pics", &mut r).unwrap();
        s.make_dir("/empty", &mut r).unwrap();
        let f = s.folders();
        let root = f.list("/").unwrap();
        let names: Vec<&str> = root.iter().map(|e| e.name).collect();
        assert_eq!(names, ["empty", "pics"]);
        let p = &root[1];
        assert_eq!((p.bytes, p.files, p.children, p.is_dir), (8001, 3, 2, true));
        assert!(p.notes.is_empty());
        assert!(
            !p.notes_below.is_empty(),
            "the long name's note is not below"
        );
        // Content blocks (2 + 3 + 1) plus two folders of three extents each at least.
        assert!(p.blocks >= 6 + 2 * 2, "{}", p.blocks);
        let deep = f.list("/pics/deep").unwrap();
        let l = deep.iter().find(|e| e.name == long).unwrap();
        assert_eq!(l.disc_path, format!("/pics/deep/{long}"));
        assert!(!l.notes.is_empty());
        assert_eq!((l.bytes, l.files, l.blocks), (1, 1, 1));
        assert!(f.list("/pics/a.jpg").is_err());
        assert!(f.list("/nothing").is_err());
        assert_eq!(f.list("/empty").unwrap(), Vec::new());
    }
}
