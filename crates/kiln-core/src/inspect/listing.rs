//! Listing a session for import (`mkisofs -M`, xorriso `-dev`): the same walk that checks an
//! image, with every record it meets kept, turned into a tree of names, attributes and extents.
//!
//! Names come from Rock Ridge (NM) when the session has it, else from Joliet, else from ISO 9660
//! (version and a trailing dot removed). Rock Ridge relocation is undone: a CL placeholder
//! becomes the folder it points to, and the folder marked RE is not listed where it was moved.
//! Multi-extent files become one file when their sections are contiguous.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::{Read, Seek};

use super::directory;
use super::names;
use super::records::Rec;
use super::susp::RrEntries;
use super::volume::{self, Kind};
use super::{read_budget, Cx, Report};
use crate::data::time::{self, Timestamp};
use crate::media::BLOCK;

/// A record met by the walk, as the listing keeps it.
#[derive(Debug)]
pub(crate) struct Met {
    /// The extent of the folder holding the record.
    dir_extent: u32,
    rec: Rec,
    rr: Option<RrEntries>,
    /// The root's `.` record (its Rock Ridge attributes are the root's).
    root_dot: bool,
}

impl<R: Read + Seek> Cx<R> {
    /// Keeps a record for the listing, when one is being made.
    pub(crate) fn met(
        &mut self,
        dir_extent: u32,
        rec: &Rec,
        rr: Option<RrEntries>,
        root_dot: bool,
    ) {
        if let Some(list) = self.listing.as_mut() {
            list.push(Met {
                dir_extent,
                rec: rec.clone(),
                rr,
                root_dot,
            });
        }
    }
}

/// POSIX attributes of an entry, from Rock Ridge or, without it, made up as mkisofs `-r` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListedMeta {
    /// Permission bits (no file-type bits).
    pub perm: u32,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// Modification, access and attribute-change times.
    pub times: [Timestamp; 3],
}

/// What an entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListedKind {
    /// A folder.
    Dir,
    /// A file whose data lies at `extent` (absolute block), `size` bytes.
    File {
        /// First block of the data.
        extent: u32,
        /// Bytes.
        size: u64,
    },
    /// A Rock Ridge symbolic link.
    Symlink {
        /// Where it points.
        target: String,
    },
}

/// One entry of a listed session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Index of the parent folder in [`SessionListing::entries`]; `None` for the root's children.
    pub parent: Option<usize>,
    /// The name.
    pub name: String,
    /// Folder, file or link.
    pub kind: ListedKind,
    /// Attributes.
    pub meta: ListedMeta,
}

/// The tree of one session, parents before children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionListing {
    /// Everything under the root.
    pub entries: Vec<Listed>,
    /// The root's attributes, when Rock Ridge recorded them.
    pub root: Option<ListedMeta>,
    /// The volume space size of its primary descriptor (absolute: the end of the session).
    pub volume_blocks: u64,
    /// Whether the names came from Rock Ridge.
    pub rock_ridge: bool,
    /// Errors the check of the session found (it is imported anyway; they are logged).
    pub errors: usize,
}

/// Lists the session whose first block is `session_start` in an image (or a disc read through
/// `image`) of `image_len` bytes. Fails, saying why, when there is no ISO 9660 volume there or
/// its tree cannot be imported.
pub fn list_session<R: Read + Seek>(
    image: R,
    image_len: u64,
    session_start: u64,
) -> Result<SessionListing, String> {
    let mut cx = Cx::new(image, image_len, session_start);
    let mut report = Report::default();
    let descs = volume::read_descriptors(&mut cx, &mut report);
    let Some(pvd) = descs.iter().find(|d| d.kind == Kind::Primary) else {
        return Err(format!(
            "there is no ISO 9660 volume descriptor at block {}",
            session_start + 16
        ));
    };
    // Extents are checked against what can be read, not the volume size: xorriso records the
    // size of the session alone in the descriptors of a session it appends to a file.
    let readable = image_len / BLOCK;
    cx.vol_blocks = pvd.vol_blocks.max(readable);
    cx.dir_block_budget = read_budget(image_len);
    cx.listing = Some(Vec::new());
    let tree = directory::walk(&mut cx, pvd);
    let mut rock_ridge = tree.rock_ridge;
    let mut root = tree.nodes.first().map(|n| n.extent);
    let mut joliet = false;
    if !rock_ridge {
        if let Some(svd) = descs.iter().find(|d| d.kind == Kind::Joliet) {
            cx.vol_blocks = svd.vol_blocks.max(readable);
            cx.dir_block_budget = read_budget(image_len);
            cx.listing = Some(Vec::new());
            let jtree = directory::walk(&mut cx, svd);
            root = jtree.nodes.first().map(|n| n.extent);
            joliet = true;
            rock_ridge = false;
        }
    }
    let Some(root) = root else {
        return Err("its root directory record cannot be read".into());
    };
    let met = cx.listing.take().unwrap_or_default();
    let errors = cx
        .out
        .finish()
        .iter()
        .filter(|f| f.severity == super::Severity::Error)
        .count();
    let mut listing = build(met, root, joliet)?;
    listing.volume_blocks = pvd.vol_blocks;
    listing.rock_ridge = rock_ridge;
    listing.errors = errors;
    Ok(listing)
}

/// Turns the records into a tree, from the root's extent down.
fn build(met: Vec<Met>, root: u32, joliet: bool) -> Result<SessionListing, String> {
    let mut by_dir: HashMap<u32, Vec<&Met>> = HashMap::new();
    let mut root_meta = None;
    for m in &met {
        if m.root_dot {
            root_meta = m.rr.as_ref().map(|rr| meta_of(&m.rec, Some(rr)));
        } else {
            by_dir.entry(m.dir_extent).or_default().push(m);
        }
    }
    let mut entries: Vec<Listed> = Vec::new();
    let mut queue = VecDeque::from([(root, None::<usize>)]);
    let mut visited = HashSet::from([root]);
    while let Some((extent, parent)) = queue.pop_front() {
        let mut section: Option<(u32, u64)> = None;
        for m in by_dir.get(&extent).map(Vec::as_slice).unwrap_or(&[]) {
            let rr = m.rr.as_ref();
            if rr.is_some_and(|rr| rr.re) {
                continue; // shown where its CL placeholder is
            }
            let name = name_of(&m.rec, rr, joliet);
            if parent.is_none() && m.rec.is_dir() && is_relocation_dir(&name, &by_dir, &m.rec) {
                continue;
            }
            // Multi-extent: sections before the last carry flag 0x80 (ECMA-119 9.1.6).
            if m.rec.flags & 0x80 != 0 && !m.rec.is_dir() {
                section = Some(match section {
                    None => (m.rec.extent, u64::from(m.rec.size)),
                    Some((first, bytes)) => (first, contiguous(first, bytes, &m.rec, &name)?),
                });
                continue;
            }
            let kind = if let Some(target) = rr.and_then(|rr| rr.cl) {
                if visited.insert(target) {
                    queue.push_back((target, Some(entries.len())));
                }
                ListedKind::Dir
            } else if m.rec.is_dir() {
                if !visited.insert(m.rec.extent) {
                    return Err(format!("the folder {name} is reached twice (a loop)"));
                }
                queue.push_back((m.rec.extent, Some(entries.len())));
                ListedKind::Dir
            } else if let Some(target) = rr.and_then(|rr| rr.link.clone()) {
                ListedKind::Symlink { target }
            } else {
                match section.take() {
                    Some((first, bytes)) => ListedKind::File {
                        extent: first,
                        size: contiguous(first, bytes, &m.rec, &name)?,
                    },
                    None => ListedKind::File {
                        extent: m.rec.extent,
                        size: u64::from(m.rec.size),
                    },
                }
            };
            entries.push(Listed {
                parent,
                name,
                kind,
                meta: meta_of(&m.rec, rr),
            });
        }
    }
    Ok(SessionListing {
        entries,
        root: root_meta,
        volume_blocks: 0,
        rock_ridge: false,
        errors: 0,
    })
}

/// genisoimage's `rr_moved` (xorriso's `RR_MOVED`, `.rr_moved`) once the folders moved into it
/// are back in place: a root folder of that name holding only relocated (RE) folders. The new
/// session relocates what it needs itself.
fn is_relocation_dir(name: &str, by_dir: &HashMap<u32, Vec<&Met>>, rec: &Rec) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower == "rr_moved" || lower == ".rr_moved")
        && by_dir
            .get(&rec.extent)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .all(|m| m.rr.as_ref().is_some_and(|rr| rr.re))
}

/// The size so far of a multi-extent file plus its next section, which must follow directly.
fn contiguous(first: u32, bytes: u64, next: &Rec, name: &str) -> Result<u64, String> {
    if bytes % BLOCK != 0 || u64::from(first) + bytes / BLOCK != u64::from(next.extent) {
        return Err(format!(
            "the sections of the file {name} are not contiguous, which Kiln cannot import"
        ));
    }
    Ok(bytes + u64::from(next.size))
}

fn name_of(rec: &Rec, rr: Option<&RrEntries>, joliet: bool) -> String {
    if let Some(nm) = rr.and_then(|rr| rr.nm.as_ref()) {
        return String::from_utf8_lossy(nm).into_owned();
    }
    if joliet {
        let units = names::ucs2(&rec.id).unwrap_or_default();
        let name = String::from_utf16_lossy(&units);
        return strip_version(&name).to_string();
    }
    let name = String::from_utf8_lossy(&rec.id).into_owned();
    strip_version(&name).to_string()
}

/// `NAME.EXT;1` → `NAME.EXT`, `NAME.;1` → `NAME`.
fn strip_version(name: &str) -> &str {
    let base = name.rsplit_once(';').map_or(name, |(b, _)| b);
    base.strip_suffix('.').unwrap_or(base)
}

fn meta_of(rec: &Rec, rr: Option<&RrEntries>) -> ListedMeta {
    let recorded = time::from_short_form(rec.date);
    let at = |i: usize| {
        rr.and_then(|rr| rr.times[i])
            .map_or(recorded, time::from_short_form)
    };
    let perm = rr
        .and_then(|rr| rr.mode)
        .map_or(if rec.is_dir() { 0o555 } else { 0o444 }, |m| m & 0o7777);
    let (uid, gid) = rr.and_then(|rr| rr.owner).unwrap_or((0, 0));
    ListedMeta {
        perm,
        uid,
        gid,
        times: [at(0), at(1), at(2)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_empty_extensions_are_dropped() {
        assert_eq!(strip_version("README.TXT;1"), "README.TXT");
        assert_eq!(strip_version("MAKEFILE.;1"), "MAKEFILE");
        assert_eq!(strip_version("DIR"), "DIR");
    }
}
