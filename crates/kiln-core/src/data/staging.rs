//! `DataStaging`: the data disc being put together, IMAPI's `IJolietDiscMaster` and more.
//!
//! Content is added, never edited backwards: folders and files go in (a folder's contents into a
//! chosen folder of the disc, as IMAPI's `AddData` does, or a folder or file at a chosen path),
//! and the whole staging can be cleared. Each addition is a transaction: when it fails (a name
//! conflict, an unreadable folder, a disc that would overflow, a cancel) nothing of it remains.

use std::path::{Path, PathBuf};

use super::accounting::{Accounting, DirCost, Totals};
use super::dirs::{IsoDir, TimePolicy};
use super::notes::NamingNote;
use super::scan::Scanner;
use super::time::Timestamp;
use super::tree::{ContentId, Kind, Meta, NodeId, Tree, ROOT};
use crate::media::{MediumSize, BLOCK};
use crate::progress::Reporter;
use crate::{Error, Result};

/// What to do when an added item has the name of one already staged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConflictPolicy {
    /// Refuse the whole addition (IMAPI's `IMAPI_E_FILEEXISTS`).
    #[default]
    Error,
    /// A file replaces the staged file; folders merge, their contents following this policy.
    Replace,
}

/// Options of a data disc.
#[derive(Debug, Clone)]
pub struct DataOptions {
    /// The volume label (ISO 9660 gets it in upper-case d-characters, Joliet its first 16
    /// characters).
    pub label: String,
    /// Store what symbolic links point to instead of the links.
    pub follow_symlinks: bool,
    /// What to do on name conflicts.
    pub conflict: ConflictPolicy,
    /// Reproducible mode: volume dates are this time and no file date is later, so the same tree
    /// gives the same bytes (the `SOURCE_DATE_EPOCH` convention).
    pub source_date_epoch: Option<i64>,
    /// The medium whose capacity additions are checked against.
    pub medium: MediumSize,
}

impl Default for DataOptions {
    fn default() -> Self {
        DataOptions {
            label: "KILN".into(),
            follow_symlinks: false,
            conflict: ConflictPolicy::Error,
            source_date_epoch: None,
            medium: MediumSize::Unlimited,
        }
    }
}

/// Block statistics of a staging (IMAPI's `GetTotalDataBlocks` / `GetUsedDataBlocks`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockStats {
    /// Blocks the medium holds.
    pub total: u64,
    /// Blocks the image takes now (file systems, padding and data).
    pub used: u64,
}

impl BlockStats {
    /// Blocks still free (zero when over).
    pub fn available(&self) -> u64 {
        self.total.saturating_sub(self.used)
    }

    /// Bytes the image takes.
    pub fn used_bytes(&self) -> u64 {
        self.used * BLOCK
    }
}

/// What one addition did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddSummary {
    /// Files added (or replaced).
    pub files: u64,
    /// Folders added.
    pub folders: u64,
    /// Symbolic links added.
    pub links: u64,
    /// Items skipped with a note (special files).
    pub skipped: u64,
}

/// Everything an addition changed, so it can be undone.
#[derive(Debug, Default)]
pub(crate) struct Txn {
    nodes: usize,
    contents: usize,
    relocated: usize,
    notes: usize,
    totals: Totals,
    relocation_cost: DirCost,
    pub(crate) undo: Vec<Undo>,
    saved_costs: Vec<(IsoDir, DirCost)>,
}

impl Txn {
    pub(crate) fn nodes_len(&self) -> usize {
        self.nodes
    }

    pub(crate) fn contents_len(&self) -> usize {
        self.contents
    }
}

/// One reversible change to a pre-existing part of the tree.
#[derive(Debug)]
pub(crate) enum Undo {
    /// A child was inserted into a folder that existed before.
    Child {
        dir: NodeId,
        name: String,
        is_dir: bool,
    },
    /// A file or link node was replaced (its old kind and attributes).
    Replace {
        node: NodeId,
        kind: Kind,
        meta: Meta,
    },
    /// A content that existed before got one more link.
    Link { content: ContentId },
    /// A folder took the attributes of the folder whose contents it received.
    Meta { node: NodeId, meta: Meta },
    /// A hard-link index entry was made.
    Inode { key: (u64, u64) },
}

/// The data disc being staged.
#[derive(Debug, Clone)]
pub struct DataStaging {
    pub(crate) tree: Tree,
    pub(crate) relocated: Vec<NodeId>,
    pub(crate) options: DataOptions,
    pub(crate) accounting: Accounting,
    pub(crate) notes: Vec<NamingNote>,
    pub(crate) created: Timestamp,
    /// The block where the image starts on the disc: 0, or the next writable address when
    /// this staging is a session appended to a disc (see [`DataStaging::import_session`]).
    pub(crate) base: u32,
}

impl DataStaging {
    /// An empty staging.
    pub fn new(options: DataOptions) -> DataStaging {
        let created = match options.source_date_epoch {
            Some(s) => Timestamp::from_secs(s),
            None => Timestamp::now(),
        };
        let mut s = DataStaging {
            tree: Tree::new(Meta::synthetic_dir(created)),
            relocated: Vec::new(),
            options,
            accounting: Accounting::default(),
            notes: Vec::new(),
            created,
            base: 0,
        };
        s.accounting.touch(IsoDir::Node(ROOT));
        s.refresh(|_, _| {});
        s
    }

    /// The options.
    pub fn options(&self) -> &DataOptions {
        &self.options
    }

    /// Changes the medium additions are measured against (the staging itself stays).
    pub fn set_medium(&mut self, medium: MediumSize) {
        self.options.medium = medium;
    }

    /// Changes the volume label.
    pub fn set_label(&mut self, label: impl Into<String>) {
        self.options.label = label.into();
    }

    /// The block of the disc where the image starts: 0, or the start of the appended session.
    pub fn session_base(&self) -> u32 {
        self.base
    }

    /// Stages the tree of a disc's last session (read with [`crate::inspect::list_session`])
    /// so that a new session appended at block `base` keeps it: its files keep their extents
    /// and are not written again, its folders are written anew. What is staged already (or
    /// added later) wins: an imported file whose path is taken is left out (its blocks are
    /// simply no longer referenced), folders merge. All or nothing, like an addition.
    pub fn import_session(
        &mut self,
        listing: &crate::inspect::SessionListing,
        base: u32,
        reporter: &mut dyn Reporter,
    ) -> Result<AddSummary> {
        if self.base != 0 {
            return Err(Error::InvalidDiscPath {
                disc_path: "/".into(),
                reason: "a disc's last session is already imported",
            });
        }
        let root_meta = self.tree.node(ROOT).meta;
        if let (Some(root), true) = (listing.root, self.is_empty()) {
            self.tree.node_mut(ROOT).meta = super::import::meta(root);
        }
        self.base = base;
        let result = self.transaction(reporter, |scan| super::import::stage(scan, listing));
        if result.is_err() {
            self.base = 0;
            self.tree.node_mut(ROOT).meta = root_meta;
        }
        result
    }

    /// Empties the staging (IMAPI's `ClearFormatContent`), keeping the options. An imported
    /// session is forgotten too: the next image starts at block 0 again.
    pub fn clear(&mut self) {
        *self = DataStaging::new(self.options.clone());
    }

    /// The staged tree.
    pub fn tree(&self) -> &Tree {
        &self.tree
    }

    /// Notes made while scanning (links only Rock Ridge holds, skipped special files, ...).
    /// Naming notes of the disc's name spaces come from [`DataStaging::naming_notes`].
    pub fn scan_notes(&self) -> &[NamingNote] {
        &self.notes
    }

    /// The time policy for records.
    pub(crate) fn times(&self) -> TimePolicy {
        TimePolicy {
            clamp_to: self.options.source_date_epoch.map(Timestamp::from_secs),
            volume: self.created,
        }
    }

    /// Exact block statistics for the chosen medium.
    pub fn stats(&self) -> BlockStats {
        BlockStats {
            total: self.options.medium.blocks(),
            used: self.accounting.totals.image_blocks(),
        }
    }

    /// Whether nothing has been added.
    pub fn is_empty(&self) -> bool {
        self.tree.is_empty()
    }

    /// Adds a source: a folder's *contents* go into `disc_dir` (as IMAPI's `AddData` puts them
    /// into the root), a file goes into `disc_dir`. `disc_dir` is created when missing.
    pub fn add_contents(
        &mut self,
        source: &Path,
        disc_dir: &str,
        reporter: &mut dyn Reporter,
    ) -> Result<AddSummary> {
        self.transaction(reporter, |scan| {
            let dir = scan.make_dirs(disc_dir)?;
            scan.add_source(source, dir, None)
        })
    }

    /// Adds a folder or file so that it is exactly `disc_path` on the disc (its parent folders
    /// are created when missing).
    pub fn add_as(
        &mut self,
        source: &Path,
        disc_path: &str,
        reporter: &mut dyn Reporter,
    ) -> Result<AddSummary> {
        let (parent, name) = split_disc_path(disc_path)?;
        self.transaction(reporter, |scan| {
            let dir = scan.make_dirs(parent)?;
            scan.add_source(source, dir, Some(name))
        })
    }

    /// Creates an empty folder at `disc_path` (and its missing parents), as a file manager's
    /// "New folder" does; a folder already there is left as it is. Its date is the staging's.
    pub fn make_dir(&mut self, disc_path: &str, reporter: &mut dyn Reporter) -> Result<AddSummary> {
        split_disc_path(disc_path)?;
        self.transaction(reporter, |scan| {
            scan.make_dirs(disc_path)?;
            Ok(AddSummary {
                folders: 1,
                ..AddSummary::default()
            })
        })
    }

    fn transaction(
        &mut self,
        reporter: &mut dyn Reporter,
        body: impl FnOnce(&mut Scanner<'_>) -> Result<AddSummary>,
    ) -> Result<AddSummary> {
        let mut txn = Txn {
            nodes: self.tree.nodes.len(),
            contents: self.tree.contents.len(),
            relocated: self.relocated.len(),
            notes: self.notes.len(),
            totals: self.accounting.totals,
            relocation_cost: self.accounting.relocation,
            ..Txn::default()
        };
        let result = {
            let mut scan = Scanner::new(self, &mut txn, reporter);
            body(&mut scan)
        };
        let summary = match result {
            Ok(s) => s,
            Err(e) => {
                self.rollback(txn);
                return Err(e);
            }
        };
        let old_len = txn.nodes;
        let mut saved = Vec::new();
        self.refresh(|d, cost| {
            if matches!(d, IsoDir::Node(n) if (n as usize) < old_len) {
                saved.push((d, cost));
            }
        });
        txn.saved_costs = saved;
        let stats = self.stats();
        if stats.used > stats.total {
            let missing_blocks = stats.used - stats.total;
            let medium = self.options.medium.to_string();
            self.rollback(txn);
            return Err(Error::DiscFull {
                missing_blocks,
                missing_mb: (missing_blocks * BLOCK) as f64 / 1e6,
                medium,
            });
        }
        Ok(summary)
    }

    fn refresh(&mut self, before: impl FnMut(IsoDir, DirCost)) {
        let times = self.times();
        self.accounting
            .refresh(&self.tree, &self.relocated, times, before);
    }

    fn rollback(&mut self, txn: Txn) {
        for u in txn.undo.into_iter().rev() {
            match u {
                Undo::Child { dir, name, is_dir } => {
                    if let Some(d) = self.tree.dir_mut(dir) {
                        d.children.remove(&name);
                        if is_dir {
                            d.subdirs -= 1;
                        }
                    }
                }
                Undo::Replace { node, kind, meta } => {
                    if let Kind::File { content } = kind {
                        if let Some(c) = self.tree.contents.get_mut(content as usize) {
                            c.links += 1;
                        }
                    }
                    let n = self.tree.node_mut(node);
                    n.meta = meta;
                    n.kind = kind;
                }
                Undo::Link { content } => {
                    if let Some(c) = self.tree.contents.get_mut(content as usize) {
                        c.links -= 1;
                    }
                }
                Undo::Meta { node, meta } => self.tree.node_mut(node).meta = meta,
                Undo::Inode { key } => {
                    self.tree.inodes.remove(&key);
                }
            }
        }
        self.tree.nodes.truncate(txn.nodes);
        self.tree.contents.truncate(txn.contents);
        self.relocated.truncate(txn.relocated);
        self.notes.truncate(txn.notes);
        for (d, cost) in txn.saved_costs {
            if let IsoDir::Node(n) = d {
                self.accounting.costs[n as usize] = cost;
            }
        }
        self.accounting.relocation = txn.relocation_cost;
        self.accounting.totals = txn.totals;
        self.accounting.truncate(txn.nodes);
        // Folders touched but not yet recomputed (an error before the refresh) are clean again:
        // their cached costs were never changed.
        self.accounting.refresh_none();
    }

    /// The source files of the staging, for checks before writing.
    pub fn sources(&self) -> impl Iterator<Item = &PathBuf> {
        self.tree
            .contents
            .iter()
            .filter(|c| c.links > 0 && c.on_disc.is_none())
            .map(|c| &c.source)
    }
}

/// Splits `/a/b/c` into (`/a/b`, `c`), refusing empty names and `.`/`..`.
fn split_disc_path(p: &str) -> Result<(&str, &str)> {
    let trimmed = p.trim_end_matches('/');
    let (parent, name) = match trimmed.rfind('/') {
        Some(i) => (&trimmed[..i], &trimmed[i + 1..]),
        None => ("", trimmed),
    };
    if name.is_empty() || name == "." || name == ".." {
        return Err(Error::InvalidDiscPath {
            disc_path: p.to_string(),
            reason: "it must end with a file or folder name",
        });
    }
    Ok((parent, name))
}
