//! Volume descriptors (ECMA-119 8.4, 8.5, 8.3): the primary one for ISO 9660 and Rock Ridge, the
//! supplementary one for Joliet, and the set terminator.

use super::layout::Layout;
use super::time::{self, Timestamp, LONG_FORM_UNSET};
use super::tree::ROOT;

/// The application identifier recorded in both descriptors.
const APPLICATION: &str = concat!("KILN ", env!("CARGO_PKG_VERSION"));

/// Labels as recorded: the ISO 9660 volume identifier (d-characters, 32 at most) and the Joliet
/// one (16 UCS-2 characters at most).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// ISO 9660 volume identifier.
    pub iso: String,
    /// Joliet volume identifier.
    pub joliet: String,
}

/// Derives both volume identifiers from a user's label.
pub fn labels(label: &str) -> Labels {
    let iso: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .take(32)
        .collect();
    let joliet: String = label
        .chars()
        .map(|c| match c {
            '*' | '/' | ':' | ';' | '?' | '\\' => '_',
            c if (c as u32) < 0x20 || (c as u32) > 0xFFFF => '_',
            c => c,
        })
        .take(16)
        .collect();
    Labels { iso, joliet }
}

fn both16(out: &mut [u8], at: usize, v: u16) {
    out[at..at + 2].copy_from_slice(&v.to_le_bytes());
    out[at + 2..at + 4].copy_from_slice(&v.to_be_bytes());
}

fn both32(out: &mut [u8], at: usize, v: u32) {
    out[at..at + 4].copy_from_slice(&v.to_le_bytes());
    out[at + 4..at + 8].copy_from_slice(&v.to_be_bytes());
}

/// Writes `text` padded with spaces into a field, as a-/d-characters or as UCS-2 (Joliet).
fn field(out: &mut [u8], at: usize, len: usize, text: &str, ucs2: bool) {
    let dst = &mut out[at..at + len];
    if ucs2 {
        let mut units = text.encode_utf16().take(len / 2);
        for pair in dst.chunks_mut(2) {
            let u = units.next().unwrap_or(0x20);
            if pair.len() == 2 {
                pair.copy_from_slice(&u.to_be_bytes());
            } else {
                pair[0] = 0;
            }
        }
    } else {
        dst.fill(b' ');
        for (d, b) in dst.iter_mut().zip(text.bytes()) {
            *d = b;
        }
    }
}

/// The three descriptors, 3 × 2048 bytes.
pub fn descriptors(layout: &Layout, label: &str, created: Timestamp) -> Vec<u8> {
    let labels = labels(label);
    let mut out = vec![0u8; 3 * 2048];
    let (pvd, rest) = out.split_at_mut(2048);
    let (svd, term) = rest.split_at_mut(2048);
    volume(pvd, layout, &labels.iso, created, false);
    volume(svd, layout, &labels.joliet, created, true);
    term[0] = 255;
    term[1..6].copy_from_slice(b"CD001");
    term[6] = 1;
    out
}

fn volume(d: &mut [u8], layout: &Layout, label: &str, created: Timestamp, joliet: bool) {
    d[0] = if joliet { 2 } else { 1 };
    d[1..6].copy_from_slice(b"CD001");
    d[6] = 1;
    field(d, 8, 32, "", joliet); // system identifier
    field(d, 40, 32, label, joliet);
    both32(d, 80, layout.volume_blocks());
    if joliet {
        // Escape sequence %/E: UCS-2 level 3.
        d[88..91].copy_from_slice(b"%/E");
    }
    both16(d, 120, 1); // volume set size
    both16(d, 124, 1); // volume sequence number
    both16(d, 128, 2048); // logical block size
    let (pt_bytes, l, m) = if joliet {
        (
            layout.path_table_bytes.1,
            layout.path_table_lba[2],
            layout.path_table_lba[3],
        )
    } else {
        (
            layout.path_table_bytes.0,
            layout.path_table_lba[0],
            layout.path_table_lba[1],
        )
    };
    both32(d, 132, pt_bytes);
    d[140..144].copy_from_slice(&l.to_le_bytes());
    d[148..152].copy_from_slice(&m.to_be_bytes());
    // Root directory record (34 bytes).
    let (lba, size) = if joliet {
        layout.addr.joliet_dir[ROOT as usize]
    } else {
        layout.addr.iso_dir[ROOT as usize]
    };
    let r = &mut d[156..190];
    r[0] = 34;
    both32(r, 2, lba);
    both32(r, 10, size);
    r[18..25].copy_from_slice(&time::short_form(created).0);
    r[25] = 2;
    both16(r, 28, 1);
    r[32] = 1;
    r[33] = 0;
    field(d, 190, 128, "", joliet); // volume set identifier
    field(d, 318, 128, "", joliet); // publisher
    field(d, 446, 128, "", joliet); // data preparer
    field(d, 574, 128, APPLICATION, joliet);
    field(d, 702, 37, "", joliet); // copyright file
    field(d, 739, 37, "", joliet); // abstract file
    field(d, 776, 37, "", joliet); // bibliographic file
    let (stamp, _) = time::long_form(created);
    d[813..830].copy_from_slice(&stamp); // creation
    d[830..847].copy_from_slice(&stamp); // modification
    d[847..864].copy_from_slice(&LONG_FORM_UNSET); // expiration
    d[864..881].copy_from_slice(&stamp); // effective
    d[881] = 1; // file structure version
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_fit_each_name_space() {
        let l = labels("Foto di famiglia 2024: estate*");
        assert_eq!(l.iso, "FOTO_DI_FAMIGLIA_2024__ESTATE_");
        assert_eq!(l.joliet, "Foto di famiglia");
        assert_eq!(labels("x".repeat(40).as_str()).iso.len(), 32);
    }
}
