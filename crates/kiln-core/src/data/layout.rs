//! The layout: where every structure of the image goes, block by block, and the order in which
//! the writer produces them.
//!
//! ```text
//! 0..16   system area (zeros)
//! 16      primary volume descriptor (ISO 9660 + Rock Ridge)
//! 17      supplementary volume descriptor (Joliet)
//! 18      volume descriptor set terminator
//!         ISO 9660 path tables (L, M), Joliet path tables (L, M)
//!         ISO 9660 folders in path-table order, each followed by its continuation area
//!         Joliet folders in path-table order
//!         file data, in the order the files were staged (hard links share one copy)
//!         150 blocks of padding
//! ```

use super::accounting::{self, Totals, HEADER_BLOCKS, PAD_BLOCKS};
use super::dirs::{self, Addresses, Ctx, IsoDir};
use super::names::IsoIdent;
use super::staging::DataStaging;
use super::tree::{ContentId, NodeId, ROOT};
use crate::{Error, Result};

/// One run of blocks the writer produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// Zeros: the system area and the final padding.
    Zeros(u32),
    /// The three volume descriptors.
    Descriptors,
    /// A path table: Joliet or ISO 9660, big-endian (M) or little-endian (L).
    PathTable {
        /// The Joliet table rather than the ISO 9660 one.
        joliet: bool,
        /// The M (big-endian) table rather than the L one.
        msb: bool,
    },
    /// An ISO 9660 folder's extent and continuation area.
    IsoDir(IsoDir),
    /// A Joliet folder's extent.
    JolietDir(NodeId),
    /// A file's data.
    Content(ContentId),
}

/// One entry of a path table: the folder, its identifier bytes, its parent's number (1-based).
#[derive(Debug, Clone)]
pub struct PathEntry {
    /// Which folder.
    pub dir: PathDir,
    /// Identifier bytes (the root's is a single zero byte).
    pub ident: Vec<u8>,
    /// The parent's number in the table.
    pub parent: u16,
}

/// A folder in one of the two hierarchies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathDir {
    /// An ISO 9660 folder.
    Iso(IsoDir),
    /// A Joliet folder.
    Joliet(NodeId),
}

/// The complete layout of an image.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Where things are.
    pub addr: Addresses,
    /// The ISO 9660 path table, in order.
    pub iso_paths: Vec<PathEntry>,
    /// The Joliet path table, in order.
    pub joliet_paths: Vec<PathEntry>,
    /// First blocks of the path tables: ISO L, ISO M, Joliet L, Joliet M.
    pub path_table_lba: [u32; 4],
    /// Bytes of each ISO 9660 path table, and of each Joliet one.
    pub path_table_bytes: (u32, u32),
    /// What the writer produces, in order.
    pub segments: Vec<Segment>,
    /// The image size in blocks (what the writer produces: the new session only).
    pub total_blocks: u32,
    /// The first block of the image on the disc: 0, or the start of an appended session, by
    /// which every address of the image is offset.
    pub base: u32,
}

impl Layout {
    /// The volume space size the descriptors record: everything from block 0 of the disc to
    /// the end of this session (earlier sessions included, as mkisofs -C records it).
    pub fn volume_blocks(&self) -> u32 {
        self.base.saturating_add(self.total_blocks)
    }
}

/// Lays out a staging. Fails only when ISO 9660 cannot number the folders.
pub fn lay_out(s: &DataStaging) -> Result<Layout> {
    let tree = &s.tree;
    let ctx = Ctx {
        tree,
        relocated: &s.relocated,
        addr: None,
        times: s.times(),
    };
    let iso_paths = iso_path_entries(&ctx)?;
    let joliet_paths = joliet_path_entries(s)?;
    let pt_bytes = |entries: &[PathEntry]| -> u64 {
        dirs::path_table_bytes(entries.iter().map(|e| e.ident.as_slice()))
    };
    let iso_pt = pt_bytes(&iso_paths);
    let joliet_pt = pt_bytes(&joliet_paths);
    let iso_pt_blocks = Totals::path_table_blocks(iso_pt - accounting::ROOT_PATH_RECORD) as u32;
    let joliet_pt_blocks =
        Totals::path_table_blocks(joliet_pt - accounting::ROOT_PATH_RECORD) as u32;

    let n = tree.len();
    let mut addr = Addresses {
        iso_dir: vec![(0, 0); n],
        iso_ce: vec![0; n],
        joliet_dir: vec![(0, 0); n],
        content: vec![0; tree.contents.len()],
        ..Addresses::default()
    };
    let base = s.session_base();
    let mut segments = vec![Segment::Zeros(16), Segment::Descriptors];
    let mut lba = base.checked_add(HEADER_BLOCKS as u32).ok_or_else(too_big)?;
    let mut path_table_lba = [0u32; 4];
    for (i, (joliet, msb, blocks)) in [
        (false, false, iso_pt_blocks),
        (false, true, iso_pt_blocks),
        (true, false, joliet_pt_blocks),
        (true, true, joliet_pt_blocks),
    ]
    .into_iter()
    .enumerate()
    {
        path_table_lba[i] = lba;
        segments.push(Segment::PathTable { joliet, msb });
        lba += blocks;
    }
    for e in &iso_paths {
        let PathDir::Iso(d) = e.dir else { continue };
        let cost = s.accounting.cost(d);
        let ext = (lba, cost.iso_records * 2048);
        lba += cost.iso_records;
        let ce = lba;
        lba += cost.iso_continuation;
        match d {
            IsoDir::Node(n) => {
                addr.iso_dir[n as usize] = ext;
                addr.iso_ce[n as usize] = ce;
            }
            IsoDir::Relocation => addr.relocation = (ext.0, ext.1, ce),
        }
        segments.push(Segment::IsoDir(d));
    }
    for e in &joliet_paths {
        let PathDir::Joliet(n) = e.dir else { continue };
        let cost = s.accounting.cost(IsoDir::Node(n));
        addr.joliet_dir[n as usize] = (lba, cost.joliet_records * 2048);
        lba += cost.joliet_records;
        segments.push(Segment::JolietDir(n));
    }
    for (id, c) in tree.contents.iter().enumerate() {
        if c.links == 0 || c.stamp.size == 0 {
            continue;
        }
        if let Some(extent) = c.on_disc {
            // Already recorded by an earlier session: referenced, not written.
            addr.content[id] = extent;
            continue;
        }
        addr.content[id] = lba;
        let blocks = accounting::blocks_for(c.stamp.size);
        lba = u32::try_from(u64::from(lba) + blocks).map_err(|_| too_big())?;
        segments.push(Segment::Content(id as ContentId));
    }
    addr.empty = lba;
    segments.push(Segment::Zeros(PAD_BLOCKS as u32));
    let total = u64::from(lba) + PAD_BLOCKS;
    u32::try_from(total).map_err(|_| too_big())?;
    let total_blocks = (total - u64::from(base)) as u32;
    Ok(Layout {
        addr,
        iso_paths,
        joliet_paths,
        path_table_lba,
        path_table_bytes: (iso_pt as u32, joliet_pt as u32),
        segments,
        total_blocks,
        base,
    })
}

fn too_big() -> Error {
    Error::DiscFull {
        missing_blocks: 0,
        missing_mb: 0.0,
        medium: "ISO 9660 volume (8 TiB at most)".into(),
    }
}

fn number(len: usize) -> Result<u16> {
    u16::try_from(len).map_err(|_| Error::TooManyFolders { folders: len })
}

/// The ISO 9660 hierarchy in path-table order (ECMA-119 9.4: by level, then parent number, then
/// identifier), which is breadth-first with sorted children.
fn iso_path_entries(ctx: &Ctx<'_>) -> Result<Vec<PathEntry>> {
    let mut out = vec![PathEntry {
        dir: PathDir::Iso(IsoDir::Node(ROOT)),
        ident: vec![0],
        parent: 1,
    }];
    let mut i = 0;
    while i < out.len() {
        let PathDir::Iso(d) = out[i].dir else { break };
        let parent = number(i + 1)?;
        for (ident, child) in dirs::iso_child_dirs(ctx, d) {
            out.push(PathEntry {
                dir: PathDir::Iso(child),
                ident: IsoIdent::bytes(&ident),
                parent,
            });
        }
        i += 1;
    }
    number(out.len())?;
    Ok(out)
}

/// The Joliet hierarchy in path-table order.
fn joliet_path_entries(s: &DataStaging) -> Result<Vec<PathEntry>> {
    let tree = &s.tree;
    let mut out = vec![PathEntry {
        dir: PathDir::Joliet(ROOT),
        ident: vec![0],
        parent: 1,
    }];
    let mut i = 0;
    while i < out.len() {
        let PathDir::Joliet(d) = out[i].dir else {
            break;
        };
        let parent = number(i + 1)?;
        for (name, child) in dirs::joliet_entries(tree, d) {
            if tree.dir(child).is_some() {
                out.push(PathEntry {
                    dir: PathDir::Joliet(child),
                    ident: name.bytes(),
                    parent,
                });
            }
        }
        i += 1;
    }
    number(out.len())?;
    Ok(out)
}

/// A path table's bytes (ECMA-119 9.4), padded to whole blocks.
pub fn path_table(layout: &Layout, joliet: bool, msb: bool) -> Vec<u8> {
    let entries = if joliet {
        &layout.joliet_paths
    } else {
        &layout.iso_paths
    };
    let mut out = Vec::new();
    for e in entries {
        let lba = match e.dir {
            PathDir::Iso(IsoDir::Node(n)) => layout.addr.iso_dir[n as usize].0,
            PathDir::Iso(IsoDir::Relocation) => layout.addr.relocation.0,
            PathDir::Joliet(n) => layout.addr.joliet_dir[n as usize].0,
        };
        out.push(e.ident.len() as u8);
        out.push(0);
        if msb {
            out.extend_from_slice(&lba.to_be_bytes());
            out.extend_from_slice(&e.parent.to_be_bytes());
        } else {
            out.extend_from_slice(&lba.to_le_bytes());
            out.extend_from_slice(&e.parent.to_le_bytes());
        }
        out.extend_from_slice(&e.ident);
        if e.ident.len() % 2 == 1 {
            out.push(0);
        }
    }
    let rem = out.len() % 2048;
    if rem != 0 || out.is_empty() {
        out.resize(out.len() + 2048 - rem, 0);
    }
    out
}
