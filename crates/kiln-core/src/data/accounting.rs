//! Exact block accounting, kept up to date incrementally.
//!
//! Every folder caches what it costs (its ISO 9660 extent and continuation area, its Joliet
//! extent, and the path-table bytes of its child folders). Adding a folder marks only the folders
//! it touched as dirty; recomputing costs time proportional to those folders, never to the whole
//! compilation. The total is the same sum the layout makes, so the size shown is the size written.

use super::dirs::{self, Ctx, IsoDir, TimePolicy};
use super::tree::{NodeId, Tree};
use crate::media::BLOCK;

/// System area (16 blocks), primary and Joliet volume descriptors, and the set terminator.
pub const HEADER_BLOCKS: u64 = 16 + 3;
/// Blocks of zeros after the last file, as mkisofs pads, so the end of the last file stays
/// readable on discs written track-at-once (whose run-out blocks some drives cannot read).
pub const PAD_BLOCKS: u64 = 150;
/// The path-table record of the root: 8 bytes, a one-byte identifier and a pad byte.
pub const ROOT_PATH_RECORD: u64 = 10;

/// What one folder costs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DirCost {
    /// Blocks of the ISO 9660 extent.
    pub iso_records: u32,
    /// Blocks of its Rock Ridge continuation area.
    pub iso_continuation: u32,
    /// Blocks of the Joliet extent (0 for the relocation folder, which Joliet does not have).
    pub joliet_records: u32,
    /// Path-table bytes of the folders directly under it, in the ISO 9660 tables.
    pub iso_path_bytes: u64,
    /// The same in the Joliet tables.
    pub joliet_path_bytes: u64,
}

impl DirCost {
    pub(crate) fn blocks(&self) -> u64 {
        u64::from(self.iso_records)
            + u64::from(self.iso_continuation)
            + u64::from(self.joliet_records)
    }
}

/// Running totals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Blocks of all folder extents and continuation areas.
    pub dir_blocks: u64,
    /// Path-table bytes (without the root record) in the ISO 9660 tables.
    pub iso_path_bytes: u64,
    /// The same in the Joliet tables.
    pub joliet_path_bytes: u64,
    /// Blocks of file data (hard links counted once).
    pub content_blocks: u64,
}

impl Totals {
    /// Blocks of one copy of a path table of `bytes` (plus the root record).
    pub fn path_table_blocks(bytes: u64) -> u64 {
        (bytes + ROOT_PATH_RECORD).div_ceil(BLOCK)
    }

    /// The image size in blocks.
    pub fn image_blocks(&self) -> u64 {
        HEADER_BLOCKS
            + 2 * Self::path_table_blocks(self.iso_path_bytes)
            + 2 * Self::path_table_blocks(self.joliet_path_bytes)
            + self.dir_blocks
            + self.content_blocks
            + PAD_BLOCKS
    }
}

/// Blocks a file of `size` bytes takes.
pub fn blocks_for(size: u64) -> u64 {
    size.div_ceil(BLOCK)
}

/// Computes the cost of one folder of the ISO hierarchy (and, for staged folders, of Joliet).
pub fn dir_cost(tree: &Tree, relocated: &[NodeId], times: TimePolicy, dir: IsoDir) -> DirCost {
    let ctx = Ctx {
        tree,
        relocated,
        addr: None,
        times,
    };
    let entries = dirs::iso_entries(&ctx, dir);
    let iso_path_bytes = dirs::path_table_bytes(
        entries
            .iter()
            .filter(|e| e.as_dir(tree).is_some())
            .map(|e| e.ident.bytes()),
    );
    let iso = dirs::iso_dir_bytes_of(&ctx, dir, &entries);
    let (joliet_records, joliet_path_bytes) = match dir {
        IsoDir::Node(n) => {
            let jentries = dirs::joliet_entries(tree, n);
            let pt = dirs::path_table_bytes(
                jentries
                    .iter()
                    .filter(|(_, c)| tree.dir(*c).is_some())
                    .map(|(name, _)| name.bytes()),
            );
            let j = dirs::joliet_dir_bytes_of(&ctx, n, &jentries);
            (j.record_blocks(), pt)
        }
        IsoDir::Relocation => (0, 0),
    };
    DirCost {
        iso_records: iso.record_blocks(),
        iso_continuation: iso.continuation_blocks(),
        joliet_records,
        iso_path_bytes,
        joliet_path_bytes,
    }
}

/// Below this many dirty folders, recomputing on one thread is quicker than starting another.
const PARALLEL_MIN_DIRS: usize = 8;

/// Computes the costs of many folders, on all cores when there are enough of them.
fn dir_costs(
    tree: &Tree,
    relocated: &[NodeId],
    times: TimePolicy,
    dirs: &[IsoDir],
) -> Vec<DirCost> {
    let cost = |d: &IsoDir| {
        if *d == IsoDir::Relocation && relocated.is_empty() {
            DirCost::default()
        } else {
            dir_cost(tree, relocated, times, *d)
        }
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if threads < 2 || dirs.len() < PARALLEL_MIN_DIRS {
        return dirs.iter().map(cost).collect();
    }
    // Interleaved shares balance big and small folders staged next to each other.
    let mut out = vec![DirCost::default(); dirs.len()];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    (t..dirs.len())
                        .step_by(threads)
                        .map(|i| (i, cost(&dirs[i])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            // A worker can only fail by panicking, which `scope` propagates anyway.
            if let Ok(results) = h.join() {
                for (i, c) in results {
                    out[i] = c;
                }
            }
        }
    });
    out
}

/// The per-folder cost cache and totals.
#[derive(Debug, Clone, Default)]
pub struct Accounting {
    /// Cost of each node (zero for files and links), indexed by node id.
    pub costs: Vec<DirCost>,
    /// Cost of the relocation folder.
    pub relocation: DirCost,
    /// The totals.
    pub totals: Totals,
    dirty: Vec<IsoDir>,
    is_dirty: Vec<bool>,
    relocation_dirty: bool,
}

impl Accounting {
    /// Marks a folder for recomputation.
    pub fn touch(&mut self, d: IsoDir) {
        match d {
            IsoDir::Node(n) => {
                let i = n as usize;
                if self.is_dirty.len() <= i {
                    self.is_dirty.resize(i + 1, false);
                }
                if !self.is_dirty[i] {
                    self.is_dirty[i] = true;
                    self.dirty.push(d);
                }
            }
            IsoDir::Relocation => {
                if !self.relocation_dirty {
                    self.relocation_dirty = true;
                    self.dirty.push(d);
                }
            }
        }
    }

    /// Recomputes the dirty folders; calls `before` with each folder's old cost first (so a
    /// transaction can save it).
    pub fn refresh(
        &mut self,
        tree: &Tree,
        relocated: &[NodeId],
        times: TimePolicy,
        mut before: impl FnMut(IsoDir, DirCost),
    ) {
        if self.costs.len() < tree.len() {
            self.costs.resize(tree.len(), DirCost::default());
        }
        let dirty = std::mem::take(&mut self.dirty);
        for &d in &dirty {
            before(d, self.cost(d));
        }
        let costs = dir_costs(tree, relocated, times, &dirty);
        for (d, new) in dirty.into_iter().zip(costs) {
            self.set(d, new);
        }
        self.is_dirty.iter_mut().for_each(|b| *b = false);
        self.relocation_dirty = false;
    }

    /// A folder's cached cost.
    pub fn cost(&self, d: IsoDir) -> DirCost {
        match d {
            IsoDir::Node(n) => self.costs.get(n as usize).copied().unwrap_or_default(),
            IsoDir::Relocation => self.relocation,
        }
    }

    /// Replaces a folder's cost, adjusting the totals.
    pub fn set(&mut self, d: IsoDir, new: DirCost) {
        let old = self.cost(d);
        let t = &mut self.totals;
        t.dir_blocks = t.dir_blocks - old.blocks() + new.blocks();
        t.iso_path_bytes = t.iso_path_bytes - old.iso_path_bytes + new.iso_path_bytes;
        t.joliet_path_bytes = t.joliet_path_bytes - old.joliet_path_bytes + new.joliet_path_bytes;
        match d {
            IsoDir::Node(n) => {
                let i = n as usize;
                if self.costs.len() <= i {
                    self.costs.resize(i + 1, DirCost::default());
                }
                self.costs[i] = new;
            }
            IsoDir::Relocation => self.relocation = new,
        }
    }

    /// Forgets nodes past `len` (after a rolled-back addition); their costs must already have
    /// been taken out of the totals by the caller.
    pub fn truncate(&mut self, len: usize) {
        self.costs.truncate(len);
        self.is_dirty.truncate(len);
    }
}

impl Accounting {
    /// Drops pending recomputations without changing any cost (used after a rollback, when the
    /// folders were restored to what their cached costs describe).
    pub fn refresh_none(&mut self) {
        self.dirty.clear();
        self.is_dirty.iter_mut().for_each(|b| *b = false);
        self.relocation_dirty = false;
    }
}
