//! The directory hierarchy: records read sector by sector, checked one by one and against their
//! neighbours, the tree walked breadth first (which is also path table order).

use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek};

use super::records::{check_flags_and_date, check_name, parse_record, read_records, show_id, Rec};
use super::susp::{self, SuState};
use super::volume::{Descriptor, Kind};
use super::{names, Area, Cx};
use crate::media::BLOCK;

/// ECMA-119 6.8.2.1: at most 8 levels, the root included.
const MAX_LEVELS: u32 = 8;
/// The most directories walked in one hierarchy (memory bound).
const MAX_DIRS: usize = 1_000_000;

/// One directory of the hierarchy, numbered as its path table entry should be (index + 1).
#[derive(Debug, Clone)]
pub(crate) struct DirNode {
    pub(crate) extent: u32,
    pub(crate) size: u32,
    /// Index of the parent node (the root is its own parent).
    pub(crate) parent: usize,
    /// The raw identifier (`[0]` for the root).
    pub(crate) id: Vec<u8>,
    /// For findings: `/A/B` (`Joliet /a/b` in the Joliet hierarchy).
    pub(crate) path: String,
    /// Level, the root being 1.
    pub(crate) depth: u32,
    /// Joliet path length in bytes (UCS-2), for the 240-byte rule.
    path_bytes: usize,
}

/// What the walk found.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    /// Directories in path table order.
    pub(crate) nodes: Vec<DirNode>,
    /// Files (a multi-extent file once, Rock Ridge CL placeholders not at all).
    pub(crate) files: u64,
    /// Rock Ridge entries seen.
    pub(crate) rock_ridge: bool,
}

/// Relocation bookkeeping (Rock Ridge CL/PL/RE) over a whole hierarchy.
#[derive(Default)]
struct Reloc {
    /// (where, extent of the directory holding the CL, target).
    cl: Vec<(String, u32, u32)>,
    /// Directories whose record carries RE: extent -> where.
    re: HashMap<u32, String>,
    /// PL of a directory's `..`: directory extent -> (where, PL).
    pl: HashMap<u32, (String, u32)>,
    /// Every directory extent named by a record.
    dirs: HashSet<u32>,
}

/// Walks the hierarchy of `desc`, checking every record.
pub(crate) fn walk<R: Read + Seek>(cx: &mut Cx<R>, desc: &Descriptor) -> Tree {
    let joliet = desc.kind == Kind::Joliet;
    let mut tree = Tree::default();
    let rat = format!("{} root directory record", desc.label);
    let Some(root) = parse_record(&mut cx.out, &desc.root, &rat) else {
        return tree;
    };
    if !root.is_dir() {
        cx.out.err(
            Area::Directory,
            &rat,
            "the root record does not have the directory flag",
        );
    }
    if root.id != [0] {
        cx.out.err(
            Area::Directory,
            &rat,
            "the root record's identifier is not the single byte 0x00",
        );
    }
    tree.nodes.push(DirNode {
        extent: root.extent,
        size: root.size,
        parent: 0,
        id: vec![0],
        path: if joliet {
            "Joliet /".into()
        } else {
            "/".into()
        },
        depth: 1,
        path_bytes: 0,
    });
    if !cx.check_extent(
        u64::from(root.extent),
        u64::from(root.size),
        &rat,
        "root directory",
    ) {
        return tree;
    }
    let mut visited = HashSet::from([root.extent]);
    let mut st = SuState::default();
    let mut reloc = Reloc::default();
    reloc.dirs.insert(root.extent);
    let mut i = 0;
    while i < tree.nodes.len() {
        let node = tree.nodes[i].clone();
        let parent = tree.nodes[node.parent].clone();
        let recs = read_records(cx, &node);
        let mut children = Vec::new();
        let files = check_dir(
            cx,
            &node,
            &parent,
            i,
            recs,
            joliet,
            &mut st,
            &mut reloc,
            &mut visited,
            &mut children,
        );
        tree.files += files;
        let key = |n: &DirNode| {
            if joliet {
                names::ucs2(&n.id).unwrap_or_default()
            } else {
                names::widen(&n.id)
            }
        };
        children.sort_by(|a, b| names::path_table_order(&key(a), &key(b)));
        for c in children {
            if tree.nodes.len() >= MAX_DIRS {
                cx.out.err(
                    Area::Directory,
                    &c.path,
                    format!("more than {MAX_DIRS} directories: the rest is not inspected"),
                );
                break;
            }
            tree.nodes.push(c);
        }
        i += 1;
    }
    if !joliet {
        tree.rock_ridge = st.rr_used;
        check_relocation(cx, &st, &reloc);
    }
    tree
}

/// Checks the records of one directory; returns how many files it holds and collects its
/// subdirectories into `children`.
#[allow(clippy::too_many_arguments)]
fn check_dir<R: Read + Seek>(
    cx: &mut Cx<R>,
    node: &DirNode,
    parent: &DirNode,
    index: usize,
    recs: Vec<(Rec, String)>,
    joliet: bool,
    st: &mut SuState,
    reloc: &mut Reloc,
    visited: &mut HashSet<u32>,
    children: &mut Vec<DirNode>,
) -> u64 {
    let a = Area::Directory;
    let at = node.path.clone();
    if node.size % BLOCK as u32 != 0 {
        cx.out.err(
            a,
            &at,
            format!(
                "directory data length {} is not a multiple of 2048",
                node.size
            ),
        );
    }
    if recs.len() < 2 {
        cx.out.err(
            a,
            &at,
            "the directory does not begin with '.' and '..' records",
        );
    }
    let mut files = 0;
    let mut prev: Option<&Rec> = None;
    let mut rr_names: HashSet<Vec<u8>> = HashSet::new();
    for (k, (r, rat)) in recs.iter().enumerate() {
        check_flags_and_date(&mut cx.out, r, rat);
        if k < 2 {
            let (what, id, ext, size) = if k == 0 {
                (".", 0u8, node.extent, node.size)
            } else {
                ("..", 1u8, parent.extent, parent.size)
            };
            let dat = format!("{at} ('{what}' record)");
            if r.id != [id] {
                cx.out.err(
                    a,
                    &dat,
                    format!(
                        "record {k} must be the '{what}' record (identifier byte {id}), found {}",
                        show_id(&r.id, joliet)
                    ),
                );
            }
            if !r.is_dir() {
                cx.out.err(a, &dat, "the directory flag is not set");
            }
            if r.extent != ext || r.size != size {
                cx.out.err(
                    a,
                    &dat,
                    format!(
                        "points to LBA {} ({} bytes), but the {} is at LBA {ext} ({size} bytes)",
                        r.extent,
                        r.size,
                        if k == 0 {
                            "directory itself"
                        } else {
                            "parent directory"
                        }
                    ),
                );
            }
            if !joliet {
                let rr = susp::parse(cx, st, &r.su, &dat, k == 0 && index == 0);
                // RE on '.'/'..' is how libisofs marks its relocation directory (RR_MOVED) as
                // an artefact to hide; harmless, so only CL is an error here.
                if rr.cl.is_some() {
                    cx.out
                        .err(Area::RockRidge, &dat, "CL on a '.' or '..' record");
                }
                if let Some(pl) = rr.pl {
                    if k == 1 {
                        reloc.pl.insert(node.extent, (dat.clone(), pl));
                    } else {
                        cx.out.err(
                            Area::RockRidge,
                            &dat,
                            "PL on a '.' record (it belongs in '..')",
                        );
                    }
                }
                if k == 0 && index == 0 {
                    cx.met(node.extent, r, Some(rr), true);
                }
            }
            continue;
        }
        let name = show_id(&r.id, joliet);
        let path = if node.depth == 1 {
            format!("{}{name}", node.path)
        } else {
            format!("{}/{name}", node.path)
        };
        if r.id == [0] || r.id == [1] {
            cx.out
                .err(a, &path, "a '.' or '..' record after the first two records");
            continue;
        }
        let path_bytes = node.path_bytes + 2 + r.id.len();
        let continues_prev = prev.is_some_and(|p| p.flags & 0x80 != 0 && p.id == r.id);
        let mut placeholder = false;
        let mut met_rr = None;
        if !joliet {
            let rr = susp::parse(cx, st, &r.su, &path, false);
            if let Some(mode) = rr.mode {
                let px_dir = mode & 0o170000 == 0o040000;
                if px_dir != r.is_dir() && !(px_dir && rr.cl.is_some()) {
                    cx.out.err(
                        Area::RockRidge,
                        &path,
                        format!(
                            "PX says {} but the directory flag says {}",
                            if px_dir {
                                "directory"
                            } else {
                                "not a directory"
                            },
                            if r.is_dir() { "directory" } else { "file" }
                        ),
                    );
                }
            }
            if let Some(target) = rr.cl {
                placeholder = true;
                if r.is_dir() {
                    cx.out.err(
                        Area::RockRidge,
                        &path,
                        "a CL placeholder must be recorded as a file, not a directory",
                    );
                }
                reloc.cl.push((path.clone(), node.extent, target));
            }
            if rr.re {
                if r.is_dir() {
                    reloc.re.insert(r.extent, path.clone());
                } else {
                    cx.out.err(
                        Area::RockRidge,
                        &path,
                        "RE on a record that is not a directory",
                    );
                }
            }
            if rr.pl.is_some() {
                cx.out
                    .err(Area::RockRidge, &path, "PL outside a '..' record");
            }
            if let Some(nm) = &rr.nm {
                if !continues_prev && !rr.re && !rr_names.insert(nm.clone()) {
                    cx.out.err(
                        Area::RockRidge,
                        &path,
                        format!(
                            "a second entry named {:?} (NM)",
                            String::from_utf8_lossy(nm)
                        ),
                    );
                }
            }
            met_rr = Some(rr);
        }
        cx.met(node.extent, r, met_rr, false);
        check_name(&mut cx.out, r, &path, joliet, path_bytes, placeholder);
        // Order, duplicates and multi-extent sections.
        if let Some(p) = prev {
            let (pk, ck) = if joliet {
                (
                    names::ucs2(&p.id).unwrap_or_default(),
                    names::ucs2(&r.id).unwrap_or_default(),
                )
            } else {
                (names::widen(&p.id), names::widen(&r.id))
            };
            let continued = p.flags & 0x80 != 0;
            if continued && p.id != r.id {
                cx.out.err(a, &path, format!("follows a multi-extent section of {} (flag 0x80) but has another name: the file's sections must be consecutive", show_id(&p.id, joliet)));
            }
            match names::record_order(&pk, &ck) {
                std::cmp::Ordering::Greater => cx.out.err(
                    a,
                    &path,
                    format!(
                        "records are not sorted (ECMA-119 9.3): it comes after {}",
                        show_id(&p.id, joliet)
                    ),
                ),
                std::cmp::Ordering::Equal
                    if !(continued || p.flags & 0x04 != 0 && r.flags & 0x04 == 0) =>
                {
                    cx.out.err(a, &path, "a second record with the same name")
                }
                _ => {}
            }
            if continued && u64::from(p.size) % BLOCK != 0 {
                cx.out.warn(a, &path, format!("a multi-extent section before this one has {} bytes, not a whole number of blocks", p.size));
            }
        }
        prev = Some(r);
        if r.size > 0 || r.is_dir() {
            let bytes = u64::from(r.ear) * BLOCK + u64::from(r.size);
            cx.check_extent(
                u64::from(r.extent),
                bytes,
                &path,
                if r.is_dir() { "directory" } else { "file" },
            );
        }
        if !r.is_dir() {
            if r.flags & 0x80 == 0 && !placeholder {
                files += 1;
            }
            continue;
        }
        reloc.dirs.insert(r.extent);
        let depth = node.depth + 1;
        if depth > MAX_LEVELS {
            let msg = format!("directory at level {depth}; ECMA-119 6.8.2.1 allows {MAX_LEVELS} levels, root included");
            if joliet {
                cx.out.warn(
                    Area::Joliet,
                    &path,
                    format!("{msg} (common for Joliet, which is not relocated)"),
                );
            } else {
                cx.out.err(
                    a,
                    &path,
                    format!("{msg}: deeper directories need Rock Ridge relocation"),
                );
            }
        }
        if !visited.insert(r.extent) {
            cx.out.err(a, &path, format!("directory extent LBA {} is already used by another directory (a cycle or a shared directory); not followed", r.extent));
            continue;
        }
        children.push(DirNode {
            extent: r.extent,
            size: r.size,
            parent: index,
            id: r.id.clone(),
            path,
            depth,
            path_bytes,
        });
    }
    if let Some((last, rat)) = recs.last() {
        if last.flags & 0x80 != 0 {
            cx.out.err(a, rat, "the last record of the directory has the multi-extent flag: the file's final section is missing");
        }
    }
    files
}

/// RRIP 4.1.5: CL -> directory with RE, whose `..` has PL -> back to the CL's directory.
fn check_relocation<R: Read + Seek>(cx: &mut Cx<R>, st: &SuState, reloc: &Reloc) {
    let a = Area::RockRidge;
    if st.rr_used && !st.er_found {
        cx.out.err(
            a,
            "/ ('.' record)",
            "Rock Ridge entries are used but the root's '.' record has no (valid) ER entry",
        );
    }
    let targets: HashSet<u32> = reloc.cl.iter().map(|c| c.2).collect();
    for (at, holder, target) in &reloc.cl {
        if !reloc.re.contains_key(target) {
            if reloc.dirs.contains(target) {
                cx.out.err(
                    a,
                    at,
                    format!("CL points to the directory at LBA {target}, whose record has no RE"),
                );
            } else {
                cx.out.err(
                    a,
                    at,
                    format!("CL points to LBA {target}, which is no directory of the hierarchy"),
                );
            }
            continue;
        }
        match reloc.pl.get(target) {
            None => cx.out.err(a, at, format!("the '..' of the relocated directory at LBA {target} has no PL entry")),
            Some((_, pl)) if pl != holder => cx.out.err(
                a,
                at,
                format!("the relocated directory's '..' has PL -> LBA {pl}, but the CL is in the directory at LBA {holder}"),
            ),
            Some(_) => {}
        }
    }
    for (ext, at) in &reloc.re {
        if !targets.contains(ext) {
            // xorriso marks its relocation directory itself with RE so that Rock Ridge readers
            // hide it: legal for readers (they hide it), but not what RRIP 4.1.5.3 describes.
            cx.out.warn(
                a,
                at,
                "a directory marked relocated (RE) that no CL entry points to: Rock Ridge readers hide it",
            );
        }
    }
    for (ext, (at, _)) in &reloc.pl {
        if !targets.contains(ext) {
            cx.out
                .err(a, at, "PL in a directory that no CL entry points to");
        }
    }
}
