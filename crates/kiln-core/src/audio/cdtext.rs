//! CD-TEXT packs (as written into the lead-in's R-W sub-channel) and a decoder for them.
//!
//! Kiln writes one block (block 0), English (language code 0x09), character set ISO 8859-1
//! (code 0x00); characters outside Latin-1 become `?`. Each 18-byte pack is: pack type, track
//! number (bit 7 = extension flag, unused), sequence number, block number and character position
//! (bits 6..4 block, bits 3..0 position of the first character within its string, capped at 15),
//! 12 bytes of text, and a CRC-16 (CCITT polynomial 0x1021, initial 0) over bytes 0..16, stored
//! inverted, most significant byte first.
//!
//! Pack types written: 0x80 title, 0x81 performer, 0x82 songwriter, 0x83 composer, 0x8E UPC/EAN
//! (disc) and ISRC (tracks), and three 0x8F size-information packs.

use super::image::{DiscMetadata, TrackMetadata};

/// One 18-byte CD-TEXT pack.
pub type Pack = [u8; 18];

/// Pack type: title.
pub const TITLE: u8 = 0x80;
/// Pack type: performer.
pub const PERFORMER: u8 = 0x81;
/// Pack type: songwriter.
pub const SONGWRITER: u8 = 0x82;
/// Pack type: composer.
pub const COMPOSER: u8 = 0x83;
/// Pack type: UPC/EAN (track 0) and ISRC (tracks).
pub const UPC_ISRC: u8 = 0x8E;
/// Pack type: size information.
pub const SIZE_INFO: u8 = 0x8F;
/// Language code of English in the size information.
pub const LANGUAGE_ENGLISH: u8 = 0x09;
/// Character set code of ISO 8859-1.
pub const CHARSET_ISO_8859_1: u8 = 0x00;

/// CRC-16/CCITT (polynomial 0x1021, initial value 0, no reflection) as used by CD sub-channels.
pub fn crc16(data: &[u8]) -> u16 {
    let mut crc: u16 = 0;
    for &b in data {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// Whether a pack's CRC is valid.
pub fn crc_ok(pack: &Pack) -> bool {
    let crc = !crc16(&pack[..16]);
    pack[16..18] == crc.to_be_bytes()
}

/// Latin-1 bytes of a string ('?' for anything else; control characters become spaces).
fn latin1(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c as u32 {
            0..=0x1F => b' ',
            n @ 0x20..=0xFF => n as u8,
            _ => b'?',
        })
        .collect()
}

/// The decoded content of CD-TEXT block 0.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CdText {
    /// Disc fields (title, performer, songwriter, composer, catalog = UPC/EAN).
    pub disc: DiscMetadata,
    /// Track fields, track 1 first.
    pub tracks: Vec<TrackMetadata>,
    /// Character set code from the size information.
    pub charset: u8,
    /// Language code of block 0.
    pub language: u8,
}

fn disc_field(m: &DiscMetadata, kind: u8) -> Option<&String> {
    match kind {
        TITLE => m.title.as_ref(),
        PERFORMER => m.performer.as_ref(),
        SONGWRITER => m.songwriter.as_ref(),
        COMPOSER => m.composer.as_ref(),
        UPC_ISRC => m.catalog.as_ref(),
        _ => None,
    }
}

fn track_field(m: &TrackMetadata, kind: u8) -> Option<&String> {
    match kind {
        TITLE => m.title.as_ref(),
        PERFORMER => m.performer.as_ref(),
        SONGWRITER => m.songwriter.as_ref(),
        COMPOSER => m.composer.as_ref(),
        UPC_ISRC => m.isrc.as_ref(),
        _ => None,
    }
}

fn seal(pack: &mut Pack) {
    let crc = !crc16(&pack[..16]);
    pack[16..18].copy_from_slice(&crc.to_be_bytes());
}

/// Encodes block 0 of CD-TEXT for a disc; empty if there is no text at all. At most 255 packs
/// fit one block: longer text is cut (the size information stays consistent).
pub fn encode(disc: &DiscMetadata, tracks: &[TrackMetadata]) -> Vec<Pack> {
    let mut packs: Vec<Pack> = Vec::new();
    let mut counts = [0u8; 16];
    for kind in [TITLE, PERFORMER, SONGWRITER, COMPOSER, UPC_ISRC] {
        let any = disc_field(disc, kind).is_some()
            || tracks.iter().any(|t| track_field(t, kind).is_some());
        if !any {
            continue;
        }
        // (track number, bytes including the terminator)
        let mut strings: Vec<(u8, Vec<u8>)> = Vec::new();
        let mut s0 = disc_field(disc, kind)
            .map(|s| latin1(s))
            .unwrap_or_default();
        s0.push(0);
        strings.push((0, s0));
        for (i, t) in tracks.iter().enumerate() {
            let mut s = track_field(t, kind).map(|s| latin1(s)).unwrap_or_default();
            s.push(0);
            strings.push((i as u8 + 1, s));
        }
        // Flatten with the owner and position of every byte.
        let mut stream: Vec<(u8, u8, usize)> = Vec::new();
        for (track, bytes) in &strings {
            for (pos, &b) in bytes.iter().enumerate() {
                stream.push((b, *track, pos));
            }
        }
        for chunk in stream.chunks(12) {
            if packs.len() >= 252 {
                break; // keep room for the 3 size-information packs
            }
            let mut p: Pack = [0; 18];
            p[0] = kind;
            p[1] = chunk[0].1;
            p[2] = packs.len() as u8;
            p[3] = chunk[0].2.min(15) as u8; // block 0, no DBCC
            for (i, (b, _, _)) in chunk.iter().enumerate() {
                p[4 + i] = *b;
            }
            seal(&mut p);
            packs.push(p);
            counts[(kind - 0x80) as usize] += 1;
        }
    }
    if packs.is_empty() {
        return packs;
    }
    counts[0x0F] = 3;
    let last_seq = (packs.len() + 3 - 1) as u8;
    let mut info = [0u8; 36];
    info[0] = CHARSET_ISO_8859_1;
    info[1] = 1;
    info[2] = tracks.len().max(1) as u8;
    info[3] = 0; // no copyright flags
    info[4..20].copy_from_slice(&counts);
    info[20] = last_seq; // block 0; blocks 1..7 unused
    info[28] = LANGUAGE_ENGLISH;
    for (i, part) in info.chunks(12).enumerate() {
        let mut p: Pack = [0; 18];
        p[0] = SIZE_INFO;
        p[1] = i as u8;
        p[2] = packs.len() as u8;
        p[3] = 0;
        p[4..16].copy_from_slice(part);
        seal(&mut p);
        packs.push(p);
    }
    packs
}

/// Why packs could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CdTextError {
    /// A pack's CRC does not match (pack index).
    BadCrc(usize),
    /// Sequence numbers are not 0, 1, 2, ... (pack index).
    BadSequence(usize),
    /// The size information is missing or disagrees with the packs.
    BadSizeInfo(String),
}

impl std::fmt::Display for CdTextError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CdTextError::BadCrc(i) => write!(f, "CD-TEXT pack {i} has a bad CRC"),
            CdTextError::BadSequence(i) => write!(f, "CD-TEXT pack {i} is out of sequence"),
            CdTextError::BadSizeInfo(why) => write!(f, "CD-TEXT size information: {why}"),
        }
    }
}

impl std::error::Error for CdTextError {}

fn set_text(out: &mut CdText, kind: u8, track: usize, text: String) {
    if track == 0 {
        let d = &mut out.disc;
        let slot = match kind {
            TITLE => &mut d.title,
            PERFORMER => &mut d.performer,
            SONGWRITER => &mut d.songwriter,
            COMPOSER => &mut d.composer,
            UPC_ISRC => &mut d.catalog,
            _ => return,
        };
        *slot = (!text.is_empty()).then_some(text);
        return;
    }
    if out.tracks.len() < track {
        out.tracks.resize(track, TrackMetadata::default());
    }
    let t = &mut out.tracks[track - 1];
    let slot = match kind {
        TITLE => &mut t.title,
        PERFORMER => &mut t.performer,
        SONGWRITER => &mut t.songwriter,
        COMPOSER => &mut t.composer,
        UPC_ISRC => &mut t.isrc,
        _ => return,
    };
    *slot = (!text.is_empty()).then_some(text);
}

/// Decodes block 0 of CD-TEXT, checking every CRC, the sequence and the size information.
pub fn decode(packs: &[Pack]) -> Result<CdText, CdTextError> {
    let mut out = CdText::default();
    let mut counts = [0u8; 16];
    let mut info = Vec::new();
    let mut texts: Vec<(u8, u8, Vec<u8>)> = Vec::new(); // kind, first track, bytes
    for (i, p) in packs.iter().enumerate() {
        if !crc_ok(p) {
            return Err(CdTextError::BadCrc(i));
        }
        if usize::from(p[2]) != i {
            return Err(CdTextError::BadSequence(i));
        }
        if !(0x80..=0x8F).contains(&p[0]) {
            continue;
        }
        counts[(p[0] - 0x80) as usize] += 1;
        if p[0] == SIZE_INFO {
            info.extend_from_slice(&p[4..16]);
            continue;
        }
        match texts.last_mut() {
            Some((k, _, bytes)) if *k == p[0] => bytes.extend_from_slice(&p[4..16]),
            _ => texts.push((p[0], p[1] & 0x7F, p[4..16].to_vec())),
        }
    }
    if info.len() != 36 {
        return Err(CdTextError::BadSizeInfo(
            "there must be 3 size-information packs".into(),
        ));
    }
    if info[4..20] != counts {
        return Err(CdTextError::BadSizeInfo(format!(
            "pack counts {:?} but found {:?}",
            &info[4..20],
            counts
        )));
    }
    if usize::from(info[20]) + 1 != packs.len() {
        return Err(CdTextError::BadSizeInfo(
            "last sequence number is wrong".into(),
        ));
    }
    out.charset = info[0];
    out.language = info[28];
    let last_track = usize::from(info[2]);
    for (kind, first, bytes) in texts {
        for (track, s) in (usize::from(first)..).zip(bytes.split(|&b| b == 0)) {
            if track > last_track {
                break;
            }
            let text: String = s.iter().map(|&b| b as char).collect();
            set_text(&mut out, kind, track, text);
        }
    }
    if out.tracks.len() < last_track {
        out.tracks.resize(last_track, TrackMetadata::default());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_known_value() {
        // CRC-16/XMODEM of "123456789" is 0x31C3.
        assert_eq!(crc16(b"123456789"), 0x31C3);
    }
}
