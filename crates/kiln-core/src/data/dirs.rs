//! Directory extents: the records of one ISO 9660 folder (with its Rock Ridge entries and their
//! continuation area) or of one Joliet folder, as bytes.
//!
//! The same functions size a folder (with placeholder addresses, before the layout exists) and
//! write it (with the real addresses), so the size measured for the capacity meter is the size
//! written, to the byte: record lengths and continuation areas never depend on addresses.

use super::names::{self, IsoIdent, JolietName};
use super::records::{Record, RecordWriter};
use super::susp::{self, S_IFDIR, S_IFLNK, S_IFREG};
use super::time::{self, Timestamp};
use super::tree::{ContentId, Kind, Meta, NodeId, Tree, ROOT};
use crate::media::BLOCK;

pub use super::records::DirBytes;

/// The largest extent of one directory record for a file of 4 GiB or more (ECMA-119 level 3
/// multi-extent files): a whole number of blocks below 4 GiB, as xorriso uses.
pub const MAX_EXTENT: u64 = 0xFFFF_F800;
/// PX serial numbers of files live above this, of folders and links below.
const FILE_SERIAL_BASE: u32 = 0x8000_0000;
/// PX serial number of the relocation folder.
const RELOCATION_SERIAL: u32 = FILE_SERIAL_BASE - 1;
/// ISO 9660 name and Rock Ridge name of the folder holding relocated deep folders.
pub const RELOCATION_ISO_NAME: &str = "RR_MOVED";
/// Rock Ridge name of the relocation folder.
pub const RELOCATION_RR_NAME: &str = "rr_moved";

/// A folder of the ISO 9660 hierarchy: a staged folder, or the relocation folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IsoDir {
    /// A staged folder.
    Node(NodeId),
    /// `/RR_MOVED`, which holds folders deeper than eight levels.
    Relocation,
}

/// Where things are, once laid out. `None` in [`Ctx`] while only sizing.
#[derive(Debug, Clone, Default)]
pub struct Addresses {
    /// ISO extent (block, bytes) of each folder node, indexed by node id (zero for non-folders).
    pub iso_dir: Vec<(u32, u32)>,
    /// First block of each ISO folder's continuation area, indexed by node id.
    pub iso_ce: Vec<u32>,
    /// Joliet extent (block, bytes) of each folder node, indexed by node id.
    pub joliet_dir: Vec<(u32, u32)>,
    /// ISO extent and continuation area of the relocation folder.
    pub relocation: (u32, u32, u32),
    /// First block of each content, indexed by content id.
    pub content: Vec<u32>,
    /// A block inside the volume for empty files and links (their extent has no data).
    pub empty: u32,
}

/// How times are recorded.
#[derive(Debug, Clone, Copy, Default)]
pub struct TimePolicy {
    /// Reproducible mode: no time after this, and access/change times equal to modification.
    pub clamp_to: Option<Timestamp>,
    /// The volume's own time, for the relocation folder.
    pub volume: Timestamp,
}

impl TimePolicy {
    /// The (modification, access, change) times recorded for a node.
    pub fn times(&self, m: &Meta) -> [Timestamp; 3] {
        match self.clamp_to {
            Some(limit) => {
                let t = m.mtime.min(limit);
                [t, t, t]
            }
            None => [m.mtime, m.atime, m.ctime],
        }
    }
}

/// Everything the directory builders read.
pub struct Ctx<'a> {
    /// The staged tree.
    pub tree: &'a Tree,
    /// Relocated folders, in the order they were staged.
    pub relocated: &'a [NodeId],
    /// Addresses, or `None` while sizing.
    pub addr: Option<&'a Addresses>,
    /// Time recording policy.
    pub times: TimePolicy,
}

/// What a record in an ISO folder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A file, link or folder in its place.
    Normal(NodeId),
    /// A zero-length stand-in for a relocated folder, with a CL entry.
    Placeholder(NodeId),
    /// A relocated folder inside the relocation folder, with an RE entry.
    Relocated(NodeId),
    /// The relocation folder itself, in the root.
    RelocationDir,
}

/// One entry of an ISO folder, named and ready to sort.
#[derive(Debug, Clone)]
pub struct IsoEntry {
    /// Its identifier.
    pub ident: IsoIdent,
    /// What it stands for.
    pub role: Role,
}

impl IsoEntry {
    /// The folder of the ISO hierarchy this entry is, if it is one (placeholders are not).
    pub fn as_dir(&self, tree: &Tree) -> Option<IsoDir> {
        match self.role {
            Role::Normal(n) if tree.dir(n).is_some() => Some(IsoDir::Node(n)),
            Role::Relocated(n) => Some(IsoDir::Node(n)),
            Role::RelocationDir => Some(IsoDir::Relocation),
            _ => None,
        }
    }
}

/// The named, sorted entries of an ISO folder (without "." and "..").
pub fn iso_entries(ctx: &Ctx<'_>, dir: IsoDir) -> Vec<IsoEntry> {
    let tree = ctx.tree;
    let mut roles: Vec<(&str, bool, Role)> = Vec::new();
    match dir {
        IsoDir::Node(d) => {
            // The relocation folder goes first so that it always gets its own name.
            if d == ROOT && !ctx.relocated.is_empty() {
                roles.push((RELOCATION_ISO_NAME, false, Role::RelocationDir));
            }
            if let Some(dd) = tree.dir(d) {
                for (name, &c) in &dd.children {
                    let role = match tree.dir(c) {
                        Some(cd) if cd.relocated => Role::Placeholder(c),
                        _ => Role::Normal(c),
                    };
                    let is_file = !matches!(tree.node(c).kind, Kind::Dir(_));
                    roles.push((name.as_str(), is_file, role));
                }
            }
        }
        IsoDir::Relocation => {
            for &r in ctx.relocated {
                roles.push((tree.node(r).name.as_str(), false, Role::Relocated(r)));
            }
        }
    }
    let idents = names::iso_identifiers(roles.iter().map(|(n, f, _)| (*n, *f)));
    let mut out: Vec<IsoEntry> = idents
        .into_iter()
        .zip(roles)
        .map(|(ident, (_, _, role))| IsoEntry { ident, role })
        .collect();
    out.sort_by(|a, b| a.ident.cmp(&b.ident));
    out
}

/// The folders directly under `dir` in the ISO hierarchy, with their identifiers, sorted.
pub fn iso_child_dirs(ctx: &Ctx<'_>, dir: IsoDir) -> Vec<(IsoIdent, IsoDir)> {
    iso_entries(ctx, dir)
        .into_iter()
        .filter_map(|e| e.as_dir(ctx.tree).map(|d| (e.ident, d)))
        .collect()
}

/// Path-table bytes contributed by the folders directly under `dir` (ECMA-119 9.4: 8 bytes, the
/// identifier, and a pad byte when its length is odd).
pub fn path_table_bytes<I: AsRef<[u8]>>(idents: impl Iterator<Item = I>) -> u64 {
    idents
        .map(|i| {
            let n = i.as_ref().len() as u64;
            8 + n + (n & 1)
        })
        .sum()
}

fn file_serial(c: ContentId) -> u32 {
    FILE_SERIAL_BASE.wrapping_add(c)
}

fn node_serial(n: NodeId) -> u32 {
    n.wrapping_add(1)
}

impl Ctx<'_> {
    fn iso_extent(&self, d: IsoDir) -> (u32, u32) {
        match (self.addr, d) {
            (None, _) => (0, 0),
            (Some(a), IsoDir::Node(n)) => a.iso_dir[n as usize],
            (Some(a), IsoDir::Relocation) => (a.relocation.0, a.relocation.1),
        }
    }

    fn ce_lba(&self, d: IsoDir) -> u32 {
        match (self.addr, d) {
            (None, _) => 0,
            (Some(a), IsoDir::Node(n)) => a.iso_ce[n as usize],
            (Some(a), IsoDir::Relocation) => a.relocation.2,
        }
    }

    fn joliet_extent(&self, n: NodeId) -> (u32, u32) {
        self.addr.map_or((0, 0), |a| a.joliet_dir[n as usize])
    }

    fn content_lba(&self, c: ContentId) -> u32 {
        self.addr.map_or(0, |a| a.content[c as usize])
    }

    fn empty_lba(&self) -> u32 {
        self.addr.map_or(0, |a| a.empty)
    }

    /// The ISO parent of a folder of the ISO hierarchy.
    fn iso_parent(&self, d: IsoDir) -> IsoDir {
        match d {
            IsoDir::Relocation => IsoDir::Node(ROOT),
            IsoDir::Node(n) if n == ROOT => IsoDir::Node(ROOT),
            IsoDir::Node(n) => match self.tree.dir(n) {
                Some(dd) if dd.relocated => IsoDir::Relocation,
                _ => IsoDir::Node(self.tree.node(n).parent),
            },
        }
    }

    fn record_date(&self, m: &Meta) -> [u8; 7] {
        time::short_form(self.times.times(m)[0]).0
    }

    /// PX and TF for a folder of the ISO hierarchy.
    fn dir_attrs(&self, d: IsoDir) -> (Vec<u8>, Vec<u8>, [u8; 7]) {
        match d {
            IsoDir::Node(n) => {
                let node = self.tree.node(n);
                let subdirs = node.dir().map_or(0, |x| x.subdirs);
                let px = susp::px(
                    S_IFDIR | node.meta.perm,
                    2 + subdirs,
                    &node.meta,
                    node_serial(n),
                );
                let tf = susp::tf(self.times.times(&node.meta)).0;
                (px, tf, self.record_date(&node.meta))
            }
            IsoDir::Relocation => {
                let meta = Meta::synthetic_dir(self.times.volume);
                let links = 2 + self.relocated.len() as u32;
                let px = susp::px(S_IFDIR | 0o755, links, &meta, RELOCATION_SERIAL);
                let tf = susp::tf(self.times.times(&meta)).0;
                (px, tf, self.record_date(&meta))
            }
        }
    }
}

/// The extent and continuation area of one ISO 9660 folder, with Rock Ridge.
pub fn iso_dir_bytes(ctx: &Ctx<'_>, dir: IsoDir) -> DirBytes {
    iso_dir_bytes_of(ctx, dir, &iso_entries(ctx, dir))
}

/// [`iso_dir_bytes`] with the folder's entries already named and sorted.
pub fn iso_dir_bytes_of(ctx: &Ctx<'_>, dir: IsoDir, entries: &[IsoEntry]) -> DirBytes {
    let mut w = RecordWriter::new(ctx.ce_lba(dir));
    let (lba, size) = ctx.iso_extent(dir);
    let (px, tf, date) = ctx.dir_attrs(dir);
    let mut dot = Vec::new();
    if dir == IsoDir::Node(ROOT) {
        dot.push(susp::sp());
    }
    dot.push(px);
    dot.push(tf);
    if dir == IsoDir::Node(ROOT) {
        dot.push(susp::er());
    }
    w.push(Record {
        ident: &[0],
        lba,
        size,
        flags: 2,
        date,
        system_use: dot,
    });
    let parent = ctx.iso_parent(dir);
    let (plba, psize) = ctx.iso_extent(parent);
    let (ppx, ptf, pdate) = ctx.dir_attrs(parent);
    let mut dotdot = vec![ppx, ptf];
    if let IsoDir::Node(n) = dir {
        if ctx.tree.dir(n).is_some_and(|d| d.relocated) {
            // PL: the parent Rock Ridge readers should see.
            let original = IsoDir::Node(ctx.tree.node(n).parent);
            dotdot.push(susp::pl(ctx.iso_extent(original).0));
        }
    }
    w.push(Record {
        ident: &[1],
        lba: plba,
        size: psize,
        flags: 2,
        date: pdate,
        system_use: dotdot,
    });
    for e in entries {
        push_iso_entry(ctx, &mut w, e);
    }
    w.finish()
}

/// A folder's record in its parent: its extent, PX/TF and name, plus `extra` entries.
fn dir_record_parts(
    ctx: &Ctx<'_>,
    d: IsoDir,
    name: &str,
    extra: Vec<u8>,
) -> (u32, u32, [u8; 7], Vec<Vec<u8>>) {
    let (lba, size) = ctx.iso_extent(d);
    let (px, tf, date) = ctx.dir_attrs(d);
    let mut su = vec![px, tf];
    su.extend(susp::nm(name));
    if !extra.is_empty() {
        su.push(extra);
    }
    (lba, size, date, su)
}

fn push_iso_entry(ctx: &Ctx<'_>, w: &mut RecordWriter, e: &IsoEntry) {
    let ident = e.ident.bytes();
    let mut push = |lba, size, flags, date, system_use| {
        w.push(Record {
            ident: &ident,
            lba,
            size,
            flags,
            date,
            system_use,
        })
    };
    match e.role {
        Role::RelocationDir => {
            // RE without CL hides the folder from Rock Ridge readers (Linux, libarchive,
            // libisofs), as xorriso does: they show relocated folders in place instead.
            let (lba, size, date, su) =
                dir_record_parts(ctx, IsoDir::Relocation, RELOCATION_RR_NAME, susp::re());
            push(lba, size, 2, date, su);
        }
        Role::Placeholder(n) => {
            // A zero-length file standing where the folder was, pointing to it with CL.
            let d = IsoDir::Node(n);
            let cl = susp::cl(ctx.iso_extent(d).0);
            let (_, _, date, su) = dir_record_parts(ctx, d, &ctx.tree.node(n).name, cl);
            push(ctx.empty_lba(), 0, 0, date, su);
        }
        Role::Relocated(n) => {
            let (lba, size, date, su) =
                dir_record_parts(ctx, IsoDir::Node(n), &ctx.tree.node(n).name, susp::re());
            push(lba, size, 2, date, su);
        }
        Role::Normal(n) => {
            let node = ctx.tree.node(n);
            let date = ctx.record_date(&node.meta);
            let tf = susp::tf(ctx.times.times(&node.meta)).0;
            match &node.kind {
                Kind::Dir(_) => {
                    let (lba, size, _, su) =
                        dir_record_parts(ctx, IsoDir::Node(n), &node.name, Vec::new());
                    push(lba, size, 2, date, su);
                }
                Kind::Symlink { target } => {
                    let px = susp::px(S_IFLNK | 0o777, 1, &node.meta, node_serial(n));
                    let mut su = vec![px, tf];
                    su.extend(susp::nm(&node.name));
                    su.extend(susp::sl(target));
                    push(ctx.empty_lba(), 0, 0, date, su);
                }
                Kind::File { content } => {
                    let c = ctx.tree.content(*content);
                    let mode = S_IFREG | node.meta.perm;
                    let px = susp::px(mode, c.links, &node.meta, file_serial(*content));
                    let mut su = vec![px, tf];
                    su.extend(susp::nm(&node.name));
                    for (lba, size, last) in file_extents(ctx, *content) {
                        push(lba, size, if last { 0 } else { 0x80 }, date, su.clone());
                    }
                }
            }
        }
    }
}

/// The extents of a file: one for files under 4 GiB, several consecutive ones above (ISO 9660
/// level 3 multi-extent files). Yields (block, bytes, is_last).
fn file_extents(ctx: &Ctx<'_>, content: ContentId) -> Vec<(u32, u32, bool)> {
    let size = ctx.tree.content(content).stamp.size;
    if size == 0 {
        return vec![(ctx.empty_lba(), 0, true)];
    }
    let base = ctx.content_lba(content);
    let parts = size.div_ceil(MAX_EXTENT);
    (0..parts)
        .map(|i| {
            let offset = i * MAX_EXTENT;
            let len = (size - offset).min(MAX_EXTENT);
            let lba = base.wrapping_add((offset / BLOCK) as u32);
            (lba, len as u32, i + 1 == parts)
        })
        .collect()
}

/// Whether a node appears in the Joliet tree (symbolic links do not: Joliet cannot hold them).
pub fn in_joliet(tree: &Tree, n: NodeId) -> bool {
    !matches!(tree.node(n).kind, Kind::Symlink { .. })
}

/// The Joliet names of a folder's entries, sorted as recorded: (name, node).
pub fn joliet_entries(tree: &Tree, dir: NodeId) -> Vec<(JolietName, NodeId)> {
    let Some(d) = tree.dir(dir) else {
        return Vec::new();
    };
    let kids: Vec<(&str, NodeId)> = d
        .children
        .iter()
        .filter(|(_, &c)| in_joliet(tree, c))
        .map(|(n, &c)| (n.as_str(), c))
        .collect();
    let names = names::joliet_names(kids.iter().map(|(n, c)| (*n, tree.dir(*c).is_none())));
    let mut out: Vec<(JolietName, NodeId)> = names
        .into_iter()
        .zip(kids.into_iter().map(|(_, c)| c))
        .collect();
    out.sort_by(|a, b| a.0.sort_key().cmp(&b.0.sort_key()));
    out
}

/// The extent of one Joliet folder.
pub fn joliet_dir_bytes(ctx: &Ctx<'_>, dir: NodeId) -> DirBytes {
    joliet_dir_bytes_of(ctx, dir, &joliet_entries(ctx.tree, dir))
}

/// [`joliet_dir_bytes`] with the folder's entries already named and sorted.
pub fn joliet_dir_bytes_of(
    ctx: &Ctx<'_>,
    dir: NodeId,
    entries: &[(JolietName, NodeId)],
) -> DirBytes {
    let tree = ctx.tree;
    let mut w = RecordWriter::new(0);
    let (lba, size) = ctx.joliet_extent(dir);
    let node = tree.node(dir);
    w.push(Record {
        ident: &[0],
        lba,
        size,
        flags: 2,
        date: ctx.record_date(&node.meta),
        system_use: Vec::new(),
    });
    let parent = node.parent;
    let (plba, psize) = ctx.joliet_extent(parent);
    w.push(Record {
        ident: &[1],
        lba: plba,
        size: psize,
        flags: 2,
        date: ctx.record_date(&tree.node(parent).meta),
        system_use: Vec::new(),
    });
    for (name, c) in entries {
        let (name, c) = (name, *c);
        let ident = name.bytes();
        let child = tree.node(c);
        let date = ctx.record_date(&child.meta);
        match &child.kind {
            Kind::Dir(_) => {
                let (lba, size) = ctx.joliet_extent(c);
                w.push(Record {
                    ident: &ident,
                    lba,
                    size,
                    flags: 2,
                    date,
                    system_use: Vec::new(),
                });
            }
            Kind::File { content } => {
                for (lba, size, last) in file_extents(ctx, *content) {
                    w.push(Record {
                        ident: &ident,
                        lba,
                        size,
                        flags: if last { 0 } else { 0x80 },
                        date,
                        system_use: Vec::new(),
                    });
                }
            }
            Kind::Symlink { .. } => {}
        }
    }
    w.finish()
}
