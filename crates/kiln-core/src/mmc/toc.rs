//! Parsers for READ TOC/PMA/ATIP answers: formatted TOC (format 0), session info (1), full TOC
//! (2), ATIP (4) and CD-TEXT packs (5). None panics on short or garbage input.

use super::bytes::{be16, be32};
use super::cdb_write::msf_to_lba;
use super::ParseError;

fn need(what: &'static str, buf: &[u8], len: usize) -> Result<(), ParseError> {
    if buf.len() < len {
        Err(ParseError::Truncated {
            what,
            needed: len,
            got: buf.len(),
        })
    } else {
        Ok(())
    }
}

/// The end of the data actually present: min(transferred, 2 + length field).
fn data_end(buf: &[u8]) -> usize {
    be16(buf, 0).map_or(0, |l| buf.len().min(usize::from(l) + 2))
}

/// One track descriptor of the formatted TOC (8 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TocEntry {
    /// ADR (byte 1 bits 7–4).
    pub adr: u8,
    /// CONTROL (byte 1 bits 3–0): bit 2 set = data track.
    pub control: u8,
    /// Track number (AAh = lead-out).
    pub track: u8,
    /// Start address (bytes 4–7) as an LBA, whether the answer was in LBA or MSF form.
    pub start_lba: i32,
}

/// Formatted TOC (format 0000b).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toc {
    /// First track number (byte 2).
    pub first_track: u8,
    /// Last track number (byte 3).
    pub last_track: u8,
    /// Track descriptors, lead-out (AAh) last.
    pub entries: Vec<TocEntry>,
}

impl Toc {
    /// Parses format 0 (or format 1, same layout); `msf` says how the CDB asked for addresses.
    pub fn parse(buf: &[u8], msf: bool) -> Result<Self, ParseError> {
        need("TOC header", buf, 4)?;
        let end = data_end(buf);
        let mut entries = Vec::new();
        let mut i = 4;
        while i + 8 <= end {
            let d = &buf[i..i + 8];
            let start_lba = if msf {
                msf_to_lba(d[5], d[6], d[7])
            } else {
                be32(d, 4).unwrap_or(0) as i32
            };
            entries.push(TocEntry {
                adr: d[1] >> 4,
                control: d[1] & 0x0F,
                track: d[2],
                start_lba,
            });
            i += 8;
        }
        Ok(Toc {
            first_track: buf[2],
            last_track: buf[3],
            entries,
        })
    }

    /// The lead-out start, if listed.
    pub fn lead_out(&self) -> Option<i32> {
        self.entries
            .iter()
            .find(|e| e.track == 0xAA)
            .map(|e| e.start_lba)
    }
}

/// One descriptor of the full TOC (11 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FullTocEntry {
    /// Session number.
    pub session: u8,
    /// ADR (byte 1 bits 7–4).
    pub adr: u8,
    /// CONTROL (byte 1 bits 3–0).
    pub control: u8,
    /// POINT (track number, or A0h first track, A1h last track, A2h lead-out, B0h next
    /// writable address ...).
    pub point: u8,
    /// Absolute time MIN, SEC, FRAME (bytes 4–6).
    pub atime: (u8, u8, u8),
    /// PMIN, PSEC, PFRAME (bytes 8–10).
    pub ptime: (u8, u8, u8),
}

impl FullTocEntry {
    /// PMIN/PSEC/PFRAME as an LBA (meaningful for track points and A2h).
    pub fn point_lba(&self) -> i32 {
        msf_to_lba(self.ptime.0, self.ptime.1, self.ptime.2)
    }
}

/// Parses the full TOC (format 0010b): header, then 11-byte descriptors.
pub fn parse_full_toc(buf: &[u8]) -> Result<Vec<FullTocEntry>, ParseError> {
    need("full TOC header", buf, 4)?;
    let end = data_end(buf);
    let mut out = Vec::new();
    let mut i = 4;
    while i + 11 <= end {
        let d = &buf[i..i + 11];
        out.push(FullTocEntry {
            session: d[0],
            adr: d[1] >> 4,
            control: d[1] & 0x0F,
            point: d[3],
            atime: (d[4], d[5], d[6]),
            ptime: (d[8], d[9], d[10]),
        });
        i += 11;
    }
    Ok(out)
}

/// ATIP of a recordable CD (format 0100b).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Atip {
    /// Disc type bit (byte 6 bit 6): CD-RW.
    pub erasable: bool,
    /// Disc sub-type (byte 6 bits 5–3).
    pub sub_type: u8,
    /// Start of the lead-in (bytes 8–10, MSF) as an LBA (negative).
    pub lead_in_start: i32,
    /// Last possible start of the lead-out (bytes 12–14, MSF) as an LBA.
    pub last_lead_out_start: i32,
}

impl Atip {
    /// Parses the ATIP answer; needs 15 bytes (header + lead-out time).
    pub fn parse(buf: &[u8]) -> Result<Self, ParseError> {
        need("ATIP", buf, 15)?;
        Ok(Atip {
            erasable: buf[6] & 0x40 != 0,
            sub_type: (buf[6] >> 3) & 0x07,
            lead_in_start: msf_to_lba(buf[8], buf[9], buf[10]),
            last_lead_out_start: msf_to_lba(buf[12], buf[13], buf[14]),
        })
    }

    /// Capacity of a blank CD in 2048-byte blocks: the last possible lead-out start (LBA 0 is the
    /// first user block).
    pub fn capacity_blocks(&self) -> u32 {
        self.last_lead_out_start.max(0) as u32
    }
}

/// Parses CD-TEXT (format 0101b): 4-byte header, then 18-byte packs.
pub fn parse_cd_text_packs(buf: &[u8]) -> Result<Vec<[u8; 18]>, ParseError> {
    need("CD-TEXT header", buf, 4)?;
    let end = data_end(buf);
    let mut out = Vec::new();
    let mut i = 4;
    while i + 18 <= end {
        let mut p = [0u8; 18];
        p.copy_from_slice(&buf[i..i + 18]);
        out.push(p);
        i += 18;
    }
    Ok(out)
}
