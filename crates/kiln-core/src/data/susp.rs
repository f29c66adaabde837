//! System Use Sharing Protocol (IEEE P1281) and Rock Ridge (IEEE P1282, RRIP 1.12) entries.
//!
//! Each function returns whole entries (signature, length, version, payload). Entries that can
//! grow without bound (names, link targets) are split into pieces of at most 255 bytes with the
//! CONTINUE flag, so the directory writer can place them inline or in a continuation area one
//! entry at a time.

use super::time::{self, Timestamp};
use super::tree::Meta;

/// File-type bits of a POSIX mode, as PX records them.
pub const S_IFDIR: u32 = 0o040_000;
/// Regular file.
pub const S_IFREG: u32 = 0o100_000;
/// Symbolic link.
pub const S_IFLNK: u32 = 0o120_000;

/// Length of a CE entry, reserved in a record when its entries spill over.
pub const CE_LEN: usize = 28;
/// The largest payload one NM or SL entry carries (255 minus the 5-byte header).
const MAX_PAYLOAD: usize = 250;

/// The identifier Rock Ridge announces in its ER entry (RRIP 1991A, which every reader knows).
const ER_ID: &[u8] = b"RRIP_1991A";
const ER_DESCRIPTOR: &[u8] =
    b"THE ROCK RIDGE INTERCHANGE PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS";
const ER_SOURCE: &[u8] = b"PLEASE CONTACT DISC PUBLISHER FOR SPECIFICATION SOURCE.  SEE PUBLISHER IDENTIFIER IN PRIMARY VOLUME DESCRIPTOR FOR CONTACT INFORMATION.";

fn both32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
    out.extend_from_slice(&v.to_be_bytes());
}

fn header(sig: &[u8; 2], len: usize) -> Vec<u8> {
    let mut e = Vec::with_capacity(len);
    e.extend_from_slice(sig);
    e.push(len as u8);
    e.push(1);
    e
}

/// SP: the SUSP indicator, first entry of the root's "." record.
pub fn sp() -> Vec<u8> {
    let mut e = header(b"SP", 7);
    e.extend_from_slice(&[0xBE, 0xEF, 0]);
    e
}

/// ER: which extension the SUSP entries belong to (Rock Ridge).
pub fn er() -> Vec<u8> {
    let len = 8 + ER_ID.len() + ER_DESCRIPTOR.len() + ER_SOURCE.len();
    let mut e = header(b"ER", len);
    e.extend_from_slice(&[
        ER_ID.len() as u8,
        ER_DESCRIPTOR.len() as u8,
        ER_SOURCE.len() as u8,
        1,
    ]);
    e.extend_from_slice(ER_ID);
    e.extend_from_slice(ER_DESCRIPTOR);
    e.extend_from_slice(ER_SOURCE);
    e
}

/// PX: POSIX mode, links, owner, group and serial number (the 44-byte form of RRIP 1.12).
pub fn px(mode: u32, nlink: u32, meta: &Meta, serial: u32) -> Vec<u8> {
    let mut e = header(b"PX", 44);
    both32(&mut e, mode);
    both32(&mut e, nlink);
    both32(&mut e, meta.uid);
    both32(&mut e, meta.gid);
    both32(&mut e, serial);
    e
}

/// TF: modification, access and attribute-change times. The 7-byte form is used when all three
/// fit in it (1900–2155); otherwise the 17-byte long form, which holds years 1–9999, so a file
/// from 1901 or 2200 keeps its date for Rock Ridge readers. Returns the entry and whether a date
/// had to be clamped even so.
pub fn tf(times: [Timestamp; 3]) -> (Vec<u8>, bool) {
    let long = !times.iter().all(|t| time::fits_short_form(*t));
    let (flags, each) = if long { (0x8E, 17) } else { (0x0E, 7) };
    let mut e = header(b"TF", 5 + 3 * each);
    e.push(flags);
    let mut clamped = false;
    for t in times {
        if long {
            let (b, c) = time::long_form(t);
            clamped |= c;
            e.extend_from_slice(&b);
        } else {
            e.extend_from_slice(&time::short_form(t).0);
        }
    }
    (e, clamped)
}

/// NM: the name, split into entries of at most 255 bytes.
pub fn nm(name: &str) -> Vec<Vec<u8>> {
    let bytes = name.as_bytes();
    let mut out = Vec::new();
    let chunks: Vec<&[u8]> = bytes.chunks(MAX_PAYLOAD).collect();
    for (i, chunk) in chunks.iter().enumerate() {
        let mut e = header(b"NM", 5 + chunk.len());
        e.push(if i + 1 < chunks.len() { 1 } else { 0 });
        e.extend_from_slice(chunk);
        out.push(e);
    }
    out
}

/// SL: a symbolic link's target as component records, split into entries of at most 255 bytes.
/// An absolute target starts with a ROOT component; `.` and `..` become CURRENT and PARENT.
pub fn sl(target: &str) -> Vec<Vec<u8>> {
    // Component records: flags, length, content; a component longer than fits one record is
    // split with the component CONTINUE flag.
    let mut comps: Vec<Vec<u8>> = Vec::new();
    if target.starts_with('/') {
        comps.push(vec![0x08, 0]);
    }
    for part in target.split('/').filter(|p| !p.is_empty()) {
        match part {
            "." => comps.push(vec![0x02, 0]),
            ".." => comps.push(vec![0x04, 0]),
            _ => {
                let pieces: Vec<&[u8]> = part.as_bytes().chunks(MAX_PAYLOAD - 3).collect();
                for (i, p) in pieces.iter().enumerate() {
                    let mut c = vec![if i + 1 < pieces.len() { 1 } else { 0 }, p.len() as u8];
                    c.extend_from_slice(p);
                    comps.push(c);
                }
            }
        }
    }
    if comps.is_empty() {
        // An empty target cannot be represented; record "." so the link stays a link.
        comps.push(vec![0x02, 0]);
    }
    // Pack components into SL entries.
    let mut groups: Vec<Vec<u8>> = vec![Vec::new()];
    for c in comps {
        let cur = groups.last().map_or(0, Vec::len);
        if cur + c.len() > MAX_PAYLOAD {
            groups.push(Vec::new());
        }
        if let Some(g) = groups.last_mut() {
            g.extend_from_slice(&c);
        }
    }
    let n = groups.len();
    groups
        .into_iter()
        .enumerate()
        .map(|(i, g)| {
            let mut e = header(b"SL", 5 + g.len());
            e.push(if i + 1 < n { 1 } else { 0 });
            e.extend_from_slice(&g);
            e
        })
        .collect()
}

/// CL: where a relocated folder really is (in its original parent's placeholder record).
pub fn cl(lba: u32) -> Vec<u8> {
    let mut e = header(b"CL", 12);
    both32(&mut e, lba);
    e
}

/// PL: the original parent of a relocated folder (in the folder's ".." record).
pub fn pl(lba: u32) -> Vec<u8> {
    let mut e = header(b"PL", 12);
    both32(&mut e, lba);
    e
}

/// RE: this record is a relocated folder; readers show it at its CL place instead.
pub fn re() -> Vec<u8> {
    header(b"RE", 4)
}

/// CE: the rest of this record's entries are at `block`, `offset`, `len`.
pub fn ce(block: u32, offset: u32, len: u32) -> Vec<u8> {
    let mut e = header(b"CE", CE_LEN);
    both32(&mut e, block);
    both32(&mut e, offset);
    both32(&mut e, len);
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_have_their_signature_length_and_version() {
        for e in [sp(), er(), re(), cl(7), pl(7), ce(1, 2, 3)] {
            assert_eq!(usize::from(e[2]), e.len());
            assert_eq!(e[3], 1);
        }
        assert_eq!(sp(), [b'S', b'P', 7, 1, 0xBE, 0xEF, 0]);
        assert_eq!(cl(0x0102_0304), [b'C', b'L', 12, 1, 4, 3, 2, 1, 1, 2, 3, 4]);
    }

    #[test]
    fn long_names_split_with_continue_flags() {
        let name = "à".repeat(200); // 400 bytes
        let parts = nm(&name);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0][4], 1);
        assert_eq!(parts[1][4], 0);
        let joined: Vec<u8> = parts.iter().flat_map(|p| p[5..].to_vec()).collect();
        assert_eq!(joined, name.as_bytes());
        assert!(parts
            .iter()
            .all(|p| p.len() <= 255 && usize::from(p[2]) == p.len()));
    }

    #[test]
    fn link_targets_become_component_records() {
        let e = &sl("/etc/hostname")[0];
        assert_eq!(&e[..5], &[b'S', b'L', 5 + 2 + 5 + 10, 1, 0]);
        assert_eq!(&e[5..7], &[0x08, 0]);
        assert_eq!(&e[7..12], &[0, 3, b'e', b't', b'c']);
        let e = &sl("../case")[0];
        assert_eq!(&e[5..], &[0x04, 0, 0, 4, b'c', b'a', b's', b'e']);
    }

    #[test]
    fn short_and_long_time_forms() {
        let t = Timestamp::from_secs(0);
        let (e, clamped) = tf([t, t, t]);
        assert_eq!(e.len(), 26);
        assert_eq!(e[4], 0x0E);
        assert!(!clamped);
        let future = Timestamp::from_secs(7_258_118_400); // 2200-01-01
        let (e, clamped) = tf([future, t, t]);
        assert_eq!(e.len(), 56);
        assert_eq!(e[4], 0x8E);
        assert_eq!(&e[5..9], b"2200");
        assert!(!clamped);
    }
}
