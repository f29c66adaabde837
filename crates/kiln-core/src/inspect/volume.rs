//! The volume descriptor set (ECMA-119 8): primary and supplementary (Joliet) descriptors, the
//! terminator, and the volume size against the image size.

use std::io::{Read, Seek};

use super::{both16, both32, le32, names, Area, Cx, Report, Sink, BLOCK_BYTES};
use crate::media::BLOCK;

/// The most descriptors read before giving up on finding a terminator.
const MAX_DESCRIPTORS: u64 = 64;

/// Which hierarchy a descriptor describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The primary volume descriptor: ECMA-119 names, Rock Ridge.
    Primary,
    /// A supplementary descriptor with a Joliet escape sequence: UCS-2 names.
    Joliet,
}

/// What the walk of a hierarchy needs from its descriptor.
#[derive(Debug, Clone)]
pub(crate) struct Descriptor {
    pub(crate) kind: Kind,
    /// "PVD" or "Joliet SVD", for findings.
    pub(crate) label: &'static str,
    pub(crate) vol_blocks: u64,
    /// The root directory record as recorded in the descriptor (34 bytes).
    pub(crate) root: [u8; 34],
    pub(crate) path_table_size: u32,
    pub(crate) l_table: u32,
    pub(crate) opt_l_table: u32,
    pub(crate) m_table: u32,
    pub(crate) opt_m_table: u32,
}

/// Reads the descriptor set from sector 16, checks it, and returns the primary descriptor and the
/// first Joliet descriptor (the only ones whose hierarchies are walked).
pub(crate) fn read_descriptors<R: Read + Seek>(
    cx: &mut Cx<R>,
    report: &mut Report,
) -> Vec<Descriptor> {
    let len = cx.img.len;
    if len % BLOCK != 0 {
        cx.out.err(
            Area::Volume,
            "image",
            format!(
                "the image is {len} bytes, not a whole number of 2048-byte blocks ({} bytes too many)",
                len % BLOCK
            ),
        );
    }
    let mut found = Vec::new();
    let mut terminated = false;
    let mut reported_end = false;
    let mut seen_primary = false;
    let first = cx.session_start + 16;
    for lba in first..first + MAX_DESCRIPTORS {
        let at = format!("volume descriptor @ LBA {lba}");
        let Some(b) = cx.img.block(lba) else {
            cx.out.err(
                Area::Volume,
                &at,
                "cannot read this block: the image ends before the volume descriptor set is terminated",
            );
            reported_end = true;
            break;
        };
        if &b[1..6] != b"CD001" {
            cx.out.err(
                Area::Volume,
                &at,
                format!(
                    "standard identifier is {:?}, not \"CD001\": the volume descriptor set ends without a terminator (type 255)",
                    String::from_utf8_lossy(&b[1..6])
                ),
            );
            reported_end = true;
            break;
        }
        let ty = b[0];
        match ty {
            255 => {
                if b[6] != 1 {
                    cx.out.err(
                        Area::Volume,
                        &at,
                        format!("terminator version is {}, not 1", b[6]),
                    );
                }
                terminated = true;
                break;
            }
            0 | 3 => {
                if b[6] != 1 {
                    cx.out.err(
                        Area::Volume,
                        &at,
                        format!("descriptor version is {}, not 1", b[6]),
                    );
                }
            }
            1 => {
                let label = "PVD";
                if seen_primary {
                    cx.out.warn(
                        Area::Volume,
                        &format!("{label} @ LBA {lba}"),
                        "a second primary volume descriptor; only the first one is inspected",
                    );
                    continue;
                }
                seen_primary = true;
                let d = check_common(&mut cx.out, &b, label, Kind::Primary);
                report.volume_blocks = d.vol_blocks;
                check_volume_size(cx, d.vol_blocks, label);
                found.push(d);
            }
            2 => {
                if let Some(d) =
                    supplementary(cx, &b, lba, found.iter().any(|d| d.kind == Kind::Joliet))
                {
                    check_volume_size(cx, d.vol_blocks, d.label);
                    found.push(d);
                }
            }
            other => {
                cx.out.err(
                    Area::Volume,
                    &at,
                    format!("volume descriptor type {other} is reserved (known: 0 boot, 1 primary, 2 supplementary, 3 partition, 255 terminator)"),
                );
            }
        }
    }
    if !terminated && !reported_end {
        cx.out.err(
            Area::Volume,
            "volume descriptor set",
            format!("no terminator within {MAX_DESCRIPTORS} descriptors"),
        );
    }
    if !seen_primary {
        cx.out.err(
            Area::Volume,
            "volume descriptor set",
            "there is no primary volume descriptor: this is not an ISO 9660 image",
        );
    }
    found
}

/// A supplementary descriptor: Joliet, or something noted and skipped.
fn supplementary<R: Read + Seek>(
    cx: &mut Cx<R>,
    b: &[u8; BLOCK_BYTES],
    lba: u64,
    have_joliet: bool,
) -> Option<Descriptor> {
    let at = format!("SVD @ LBA {lba}");
    if b[6] == 2 {
        cx.out.warn(
            Area::Volume,
            &at,
            "an enhanced volume descriptor (ISO 9660:1999); its hierarchy is not inspected",
        );
        return None;
    }
    let esc = &b[88..120];
    let joliet = matches!(&esc[..3], b"%/@" | b"%/C" | b"%/E");
    if !joliet {
        if esc.starts_with(b"%/") || esc.starts_with(b"%") {
            cx.out.err(
                Area::Joliet,
                &at,
                format!(
                    "escape sequences {:?} are not a Joliet level (%/@, %/C or %/E): readers will not see the Joliet names",
                    String::from_utf8_lossy(&esc[..3])
                ),
            );
        } else {
            cx.out.warn(
                Area::Volume,
                &at,
                "a supplementary descriptor without a Joliet escape sequence; its hierarchy is not inspected",
            );
        }
        return None;
    }
    if esc[3..].iter().any(|&c| c != 0) {
        cx.out.err(
            Area::Joliet,
            &at,
            "bytes after the Joliet escape sequence are not zero",
        );
    }
    if b[7] & 1 != 0 {
        cx.out.err(
            Area::Joliet,
            &at,
            "volume flags bit 0 is set: the escape sequences are then not registered ones (Joliet needs it clear)",
        );
    }
    if have_joliet {
        cx.out.warn(
            Area::Joliet,
            &at,
            "a second Joliet descriptor; only the first one is inspected",
        );
        return None;
    }
    Some(check_common(&mut cx.out, b, "Joliet SVD", Kind::Joliet))
}

/// The fields the primary and the supplementary descriptors share.
fn check_common(
    out: &mut Sink,
    b: &[u8; BLOCK_BYTES],
    label: &'static str,
    kind: Kind,
) -> Descriptor {
    let a = Area::Volume;
    if b[6] != 1 {
        out.err(a, label, format!("descriptor version is {}, not 1", b[6]));
    }
    if kind == Kind::Primary && b[7] != 0 {
        out.err(a, label, format!("byte 7 is {:#04x}, not zero", b[7]));
    }
    let vol_blocks = both32(out, a, label, "volume space size", b, 80);
    let set_size = both16(out, a, label, "volume set size", b, 120);
    let seq = both16(out, a, label, "volume sequence number", b, 124);
    if set_size == 0 || seq == 0 || seq > set_size {
        out.err(
            a,
            label,
            format!("volume sequence number {seq} of a set of {set_size} volumes"),
        );
    }
    let block = both16(out, a, label, "logical block size", b, 128);
    if u64::from(block) != BLOCK {
        out.err(
            a,
            label,
            format!("logical block size is {block}, but only 2048 is usable on discs"),
        );
    }
    let path_table_size = both32(out, a, label, "path table size", b, 132);
    if b[881] != 1 {
        out.err(
            a,
            label,
            format!("file structure version is {}, not 1", b[881]),
        );
    }
    if kind == Kind::Primary {
        // The volume identifier must be d-characters (padded with spaces).
        if let Some(bad) = names::bad_char_in_field(&b[40..72], names::is_d_char) {
            out.err(
                Area::Names,
                label,
                format!(
                    "volume identifier {:?} has {bad}, which is not a d-character (A-Z 0-9 _)",
                    names::show_ascii(&b[40..72])
                ),
            );
        }
        for (name, range, d) in [
            ("system identifier", 8..40, false),
            ("volume set identifier", 190..318, true),
            ("publisher identifier", 318..446, false),
            ("data preparer identifier", 446..574, false),
            ("application identifier", 574..702, false),
        ] {
            let field = &b[range];
            // 0x5F first means "the rest names a file in the root"; those are d-characters.
            let ok: fn(u8) -> bool = if d || field[0] == b'_' {
                names::is_d_char
            } else {
                names::is_a_char
            };
            if let Some(bad) = names::bad_char_in_field(field, ok) {
                out.warn(
                    Area::Names,
                    label,
                    format!(
                        "{name} {:?} has {bad}, which is not a {}-character",
                        names::show_ascii(field),
                        if d { "d" } else { "a" }
                    ),
                );
            }
        }
    }
    for (name, off) in [
        ("creation", 813),
        ("modification", 830),
        ("expiration", 847),
        ("effective", 864),
    ] {
        if let Some(problem) = date17_problem(&b[off..off + 17]) {
            out.err(a, label, format!("{name} date: {problem}"));
        }
    }
    let mut root = [0u8; 34];
    root.copy_from_slice(&b[156..190]);
    if root[0] != 34 {
        out.err(
            Area::Directory,
            label,
            format!("root directory record length is {}, not 34", root[0]),
        );
    }
    Descriptor {
        kind,
        label,
        vol_blocks: u64::from(vol_blocks),
        root,
        path_table_size,
        l_table: le32(b, 140),
        opt_l_table: le32(b, 144),
        m_table: super::be32(b, 148),
        opt_m_table: super::be32(b, 152),
    }
}

/// Checks a 17-byte descriptor date: 16 ASCII digits and a time zone offset, or "not specified".
pub(crate) fn date17_problem(d: &[u8]) -> Option<String> {
    if d.len() != 17 {
        return Some("truncated".into());
    }
    if d[..16].iter().all(|&c| c == b'0') {
        return (d[16] != 0).then(|| {
            format!(
                "all digits are '0' (not specified) but the time zone byte is {}",
                d[16]
            )
        });
    }
    if !d[..16].iter().all(u8::is_ascii_digit) {
        return Some(format!(
            "{:?} is not 16 ASCII digits",
            names::show_ascii(&d[..16])
        ));
    }
    let n =
        |r: std::ops::Range<usize>| d[r].iter().fold(0u32, |v, &c| v * 10 + u32::from(c - b'0'));
    let (year, month, day, hour, min, sec) =
        (n(0..4), n(4..6), n(6..8), n(8..10), n(10..12), n(12..14));
    if year == 0
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || min > 59
        || sec > 59
    {
        return Some(format!(
            "{} is not a valid date and time",
            names::show_ascii(&d[..16])
        ));
    }
    let tz = d[16] as i8;
    if !(-48..=52).contains(&tz) {
        return Some(format!(
            "time zone offset {tz} (quarter hours) is outside -48..52"
        ));
    }
    None
}

/// The volume space size against the image size.
fn check_volume_size<R: Read + Seek>(cx: &mut Cx<R>, vol_blocks: u64, label: &str) {
    let image_blocks = cx.img.len / BLOCK;
    if vol_blocks < 18 {
        cx.out.err(
            Area::Volume,
            label,
            format!("volume space size is {vol_blocks} blocks: a volume needs at least the 16 system blocks and its descriptors"),
        );
    }
    if cx.img.len < vol_blocks.saturating_mul(BLOCK) {
        cx.out.err(
            Area::Volume,
            label,
            format!(
                "volume space size is {vol_blocks} blocks but the image holds only {} bytes ({image_blocks} blocks): the image is truncated or the size is wrong",
                cx.img.len
            ),
        );
    } else if image_blocks > vol_blocks {
        cx.out.warn(
            Area::Volume,
            label,
            format!(
                "the image has {image_blocks} blocks, {} more than the volume space size ({vol_blocks}): readers ignore the excess",
                image_blocks - vol_blocks
            ),
        );
    }
}
