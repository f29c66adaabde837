//! Path tables (ECMA-119 6.9, 9.4): each recorded table (L, M, and the optional copies) is read and
//! compared entry by entry with the table the directory hierarchy calls for.

use std::io::{Read, Seek};

use super::directory::Tree;
use super::volume::{Descriptor, Kind};
use super::{be16, be32, le16, le32, names, Area, Cx};
use crate::media::BLOCK;

/// Path tables larger than this are not read (a 2048-byte-block CD holds about 60,000 directories
/// in 1 MiB of path table).
const MAX_TABLE: u32 = 16 << 20;
/// Mismatches reported per table before the rest are summed up.
const MAX_MISMATCHES: usize = 10;

/// One path table entry.
#[derive(Debug)]
struct Entry {
    id: Vec<u8>,
    extent: u32,
    parent: u16,
}

/// Checks every path table of `desc` against `tree`.
pub(crate) fn check<R: Read + Seek>(cx: &mut Cx<R>, desc: &Descriptor, tree: &Tree) {
    let want_size: u64 = tree
        .nodes
        .iter()
        .map(|n| {
            let l = n.id.len() as u64;
            8 + l + l % 2
        })
        .sum();
    if u64::from(desc.path_table_size) != want_size && !tree.nodes.is_empty() {
        cx.out.err(
            Area::PathTable,
            desc.label,
            format!(
                "path table size is {} bytes, but the {} directories of the hierarchy need {want_size}",
                desc.path_table_size,
                tree.nodes.len()
            ),
        );
    }
    let tables = [
        ("L", desc.l_table, false, true),
        ("optional L", desc.opt_l_table, false, false),
        ("M", desc.m_table, true, true),
        ("optional M", desc.opt_m_table, true, false),
    ];
    for (name, lba, big, required) in tables {
        let prefix = if desc.kind == Kind::Joliet {
            "Joliet "
        } else {
            ""
        };
        let label = format!("{prefix}path table {name} @ LBA {lba}");
        if lba == 0 {
            if required {
                cx.out.err(
                    Area::PathTable,
                    desc.label,
                    format!("the {name} path table location is 0"),
                );
            }
            continue;
        }
        if let Some(entries) = read_table(cx, lba, desc.path_table_size, big, &label) {
            compare(cx, &entries, tree, &label, desc.kind == Kind::Joliet);
        }
    }
}

/// Reads and parses one table; `None` when it cannot be read at all.
fn read_table<R: Read + Seek>(
    cx: &mut Cx<R>,
    lba: u32,
    size: u32,
    big: bool,
    label: &str,
) -> Option<Vec<Entry>> {
    if size > MAX_TABLE {
        cx.out.err(
            Area::PathTable,
            label,
            format!("path table size {size} is implausible; not read"),
        );
        return None;
    }
    if !cx.check_extent(u64::from(lba), u64::from(size), label, "path table") {
        return None;
    }
    let mut data = Vec::with_capacity(size as usize);
    for b in 0..u64::from(size).div_ceil(BLOCK) {
        let Some(block) = cx.img.block(u64::from(lba) + b) else {
            cx.out.err(
                Area::Extents,
                label,
                format!("cannot read block {}", u64::from(lba) + b),
            );
            return None;
        };
        data.extend_from_slice(&block);
    }
    data.truncate(size as usize);
    let mut entries = Vec::new();
    let mut pos = 0usize;
    while pos < data.len() {
        let n = entries.len() + 1;
        let len = usize::from(data[pos]);
        let end = pos + 8 + len + len % 2;
        if len == 0 {
            cx.out.err(
                Area::PathTable,
                &format!("{label} entry {n}"),
                "directory identifier length is 0",
            );
            break;
        }
        let Some(rec) = data.get(pos..end) else {
            cx.out.err(
                Area::PathTable,
                &format!("{label} entry {n}"),
                format!("entry of {} bytes runs past the path table size", end - pos),
            );
            break;
        };
        let (extent, parent) = if big {
            (be32(rec, 2), be16(rec, 6))
        } else {
            (le32(rec, 2), le16(rec, 6))
        };
        entries.push(Entry {
            id: rec[8..8 + len].to_vec(),
            extent,
            parent,
        });
        pos = end;
    }
    Some(entries)
}

/// Compares a parsed table with the hierarchy, entry by entry.
fn compare<R: Read + Seek>(
    cx: &mut Cx<R>,
    entries: &[Entry],
    tree: &Tree,
    label: &str,
    joliet: bool,
) {
    let a = Area::PathTable;
    let show = |id: &[u8]| -> String {
        if id == [0] {
            "root (0x00)".into()
        } else if joliet {
            names::show_ucs2(&names::ucs2(id).unwrap_or_default())
        } else {
            names::show_ascii(id)
        }
    };
    let key = |id: &[u8]| {
        if joliet {
            names::ucs2(id).unwrap_or_default()
        } else {
            names::widen(id)
        }
    };
    if entries.len() != tree.nodes.len() {
        cx.out.err(
            a,
            label,
            format!(
                "{} entries, but the hierarchy has {} directories",
                entries.len(),
                tree.nodes.len()
            ),
        );
    }
    // The table's own order (6.9.1): by parent number, then identifier.
    for (i, w) in entries.windows(2).enumerate() {
        let order = w[0]
            .parent
            .cmp(&w[1].parent)
            .then_with(|| names::path_table_order(&key(&w[0].id), &key(&w[1].id)));
        if order.is_gt() {
            cx.out.err(
                a,
                &format!("{label} entry {}", i + 2),
                format!(
                    "entries are not sorted: {} (parent {}) comes after {} (parent {})",
                    show(&w[1].id),
                    w[1].parent,
                    show(&w[0].id),
                    w[0].parent
                ),
            );
            break;
        }
    }
    let mut mismatches = 0usize;
    for (i, (e, n)) in entries.iter().zip(&tree.nodes).enumerate() {
        let at = format!("{label} entry {}", i + 1);
        let want_parent = n.parent + 1;
        let mut problems = Vec::new();
        if e.id != n.id {
            problems.push(format!(
                "names {}, but the directory there is {}",
                show(&e.id),
                show(&n.id)
            ));
        }
        if usize::from(e.parent) != want_parent {
            problems.push(format!(
                "parent number is {}, but the hierarchy says {want_parent}",
                e.parent
            ));
        }
        if e.extent != n.extent {
            problems.push(format!(
                "extent is LBA {}, but the directory is at LBA {}",
                e.extent, n.extent
            ));
        }
        if i == 0 && e.parent != 1 {
            problems.push("the root entry must be its own parent (1)".into());
        }
        if usize::from(e.parent) > i + 1 {
            problems.push("the parent number is higher than the entry's own number".into());
        }
        if problems.is_empty() {
            continue;
        }
        mismatches += 1;
        if mismatches <= MAX_MISMATCHES {
            cx.out
                .err(a, &at, format!("{} ({})", problems.join("; "), n.path));
        }
    }
    if mismatches > MAX_MISMATCHES {
        cx.out.err(
            a,
            label,
            format!(
                "{} more entries do not match the hierarchy",
                mismatches - MAX_MISMATCHES
            ),
        );
    }
}
