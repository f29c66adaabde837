//! Directory records: parsing, the sector layout of a directory, and the rules one record obeys
//! on its own (flags, dates, names).

use std::io::{Read, Seek};

use super::directory::DirNode;
use super::{both16, both32, names, Area, Cx, Sink, BLOCK_BYTES};
use crate::media::BLOCK;

/// One directory record, owned.
#[derive(Debug, Clone)]
pub(crate) struct Rec {
    pub(crate) extent: u32,
    pub(crate) size: u32,
    pub(crate) ear: u8,
    pub(crate) flags: u8,
    pub(crate) unit: u8,
    pub(crate) gap: u8,
    pub(crate) date: [u8; 7],
    pub(crate) id: Vec<u8>,
    pub(crate) su: Vec<u8>,
}

impl Rec {
    pub(crate) fn is_dir(&self) -> bool {
        self.flags & 0x02 != 0
    }
}

/// Parses a record of `b.len()` bytes (its length byte already checked to be >= 34 and in range).
pub(crate) fn parse_record(out: &mut Sink, b: &[u8], at: &str) -> Option<Rec> {
    let a = Area::Directory;
    let id_len = usize::from(*b.get(32)?);
    let id_end = 33 + id_len;
    if id_len == 0 || id_end > b.len() {
        out.err(
            a,
            at,
            format!(
                "identifier length {id_len} does not fit a record of {} bytes",
                b.len()
            ),
        );
        return None;
    }
    let su_start = id_end + usize::from(id_len % 2 == 0);
    if id_len % 2 == 0 && b.get(id_end).is_some_and(|&p| p != 0) {
        out.err(a, at, "the padding byte after the identifier is not zero");
    }
    let extent = both32(out, a, at, "extent location", b, 2);
    let size = both32(out, a, at, "data length", b, 10);
    let seq = both16(out, a, at, "volume sequence number", b, 28);
    if seq == 0 {
        out.err(a, at, "volume sequence number is 0");
    }
    let mut date = [0u8; 7];
    date.copy_from_slice(b.get(18..25)?);
    Some(Rec {
        extent,
        size,
        ear: b[1],
        flags: b[25],
        unit: b[26],
        gap: b[27],
        date,
        id: b[33..id_end].to_vec(),
        su: b.get(su_start..).unwrap_or(&[]).to_vec(),
    })
}

/// Reads all records of a directory, checking the sector layout.
pub(crate) fn read_records<R: Read + Seek>(cx: &mut Cx<R>, node: &DirNode) -> Vec<(Rec, String)> {
    let a = Area::Directory;
    let at = &node.path;
    let mut recs = Vec::new();
    let blocks = u64::from(node.size).div_ceil(BLOCK);
    for b in 0..blocks {
        let lba = u64::from(node.extent) + b;
        if cx.dir_block_budget == 0 {
            cx.out.err(
                a,
                at,
                "directories claim more blocks than the image has, several times over: the walk stops here",
            );
            break;
        }
        cx.dir_block_budget -= 1;
        let Some(buf) = cx.img.block(lba) else {
            cx.out.err(
                Area::Extents,
                at,
                format!("cannot read directory block {lba} (past the end of the image)"),
            );
            break;
        };
        let limit = (u64::from(node.size) - b * BLOCK).min(BLOCK) as usize;
        let mut pos = 0usize;
        while pos < limit {
            let len = usize::from(buf[pos]);
            if len == 0 {
                if buf[pos..].iter().any(|&c| c != 0) {
                    cx.out.err(a, at, format!("block {lba}: bytes after the last record (from offset {pos}) are not zero"));
                }
                break;
            }
            let rat = format!("{at} (record @ LBA {lba}+{pos})");
            if pos + len > BLOCK_BYTES {
                cx.out.err(
                    a,
                    &rat,
                    format!(
                        "record of {len} bytes crosses the end of the sector (ECMA-119 6.8.1.1)"
                    ),
                );
                break;
            }
            if len < 34 || len % 2 != 0 {
                cx.out.err(
                    a,
                    &rat,
                    format!(
                        "record length {len} is {}",
                        if len < 34 { "less than 34" } else { "odd" }
                    ),
                );
                if len < 34 {
                    break;
                }
            }
            if let Some(r) = parse_record(&mut cx.out, &buf[pos..pos + len], &rat) {
                recs.push((r, rat));
            }
            pos += len;
        }
    }
    recs
}

pub(crate) fn show_id(id: &[u8], joliet: bool) -> String {
    match (id, joliet) {
        ([0], _) => "'.' (0x00)".into(),
        ([1], _) => "'..' (0x01)".into(),
        (_, true) => names::show_ucs2(&names::ucs2(id).unwrap_or_default()),
        (_, false) => names::show_ascii(id),
    }
}

/// Name rules. A Rock Ridge CL placeholder is recorded as a file but stands for a directory:
/// genisoimage and xorriso give it the directory's identifier (no `.`, no `;1`), which is what a
/// reader following CL expects, so directory identifier rules apply to it.
pub(crate) fn check_name(
    out: &mut Sink,
    r: &Rec,
    path: &str,
    joliet: bool,
    path_bytes: usize,
    placeholder: bool,
) {
    if joliet {
        let units = match names::ucs2(&r.id) {
            Ok(u) => u,
            Err(e) => {
                out.err(Area::Joliet, path, format!("the name {e}"));
                return;
            }
        };
        let (errs, warns) = names::joliet_name_problems(&units, r.is_dir());
        for e in errs {
            out.err(Area::Joliet, path, format!("the name {e}"));
        }
        for w in warns {
            out.warn(Area::Joliet, path, format!("the name {w}"));
        }
        if path_bytes > 240 {
            out.warn(
                Area::Joliet,
                path,
                format!("the path is {path_bytes} bytes, over Joliet's 240"),
            );
        }
    } else {
        // ECMA-119 6.8.2.1: identifiers of the path plus one per directory, at most 255; the
        // path string "/A/B/FILE.TXT;1" counts exactly that.
        if path.len() > 255 {
            out.err(
                Area::Names,
                path,
                format!("the path is {} characters; ECMA-119 allows 255", path.len()),
            );
        }
        let problems = if r.is_dir() || placeholder {
            names::iso_dir_id_problems(&r.id)
        } else {
            names::iso_file_id_problems(&r.id)
        };
        for p in problems {
            out.err(Area::Names, path, format!("the identifier {p}"));
        }
    }
}

pub(crate) fn check_flags_and_date(out: &mut Sink, r: &Rec, at: &str) {
    let a = Area::Directory;
    if r.flags & 0x60 != 0 {
        out.err(
            a,
            at,
            format!("file flags {:#04x} have reserved bits 5-6 set", r.flags),
        );
    }
    if r.is_dir() && r.flags & 0x80 != 0 {
        out.err(a, at, "a directory with the multi-extent flag");
    }
    if r.flags & 0x18 != 0 && r.ear == 0 {
        out.err(
            a,
            at,
            format!(
                "file flags {:#04x} refer to an extended attribute record, but there is none",
                r.flags
            ),
        );
    }
    if r.unit != 0 || r.gap != 0 {
        out.warn(
            a,
            at,
            format!(
                "interleaved (file unit size {}, gap {}): few readers support it",
                r.unit, r.gap
            ),
        );
    }
    let d = r.date;
    if d != [0; 7] {
        let tz = d[6] as i8;
        if !(1..=12).contains(&d[1])
            || !(1..=31).contains(&d[2])
            || d[3] > 23
            || d[4] > 59
            || d[5] > 59
            || !(-48..=52).contains(&tz)
        {
            out.err(
                a,
                at,
                format!("recording date {d:?} is not a valid date and time (ECMA-119 9.1.5)"),
            );
        }
    }
}
