//! Command descriptor blocks that write, close, blank or format, and their parameter lists.
//!
//! These are the commands [`super::drive::Drive`] sends only to a device whose INQUIRY said
//! peripheral device type 05h. Layouts follow the CDB tables of T10 MMC-6 (and SPC-3 for
//! SYNCHRONIZE CACHE); `tests/mmc_cdb.rs` checks each byte.

use super::bytes::{put16, put24, put32};
use super::cdb::opcode;

/// WRITE(10) (MMC-6 CDB: bytes 2–5 LBA, bytes 7–8 transfer length in blocks). On sequential media
/// the LBA must be the next writable address.
pub fn write_10(lba: u32, blocks: u16) -> [u8; 10] {
    let mut c = [0u8; 10];
    c[0] = opcode::WRITE_10;
    put32(&mut c, 2, lba);
    put16(&mut c, 7, blocks);
    c
}

/// WRITE(12) (MMC-6 CDB: bytes 2–5 LBA, bytes 6–9 transfer length, byte 10 bit 7 Streaming).
/// Streaming asks BD and DVD-RAM drives to skip defect management; send full 64 KiB with it.
pub fn write_12(lba: u32, blocks: u32, streaming: bool) -> [u8; 12] {
    let mut c = [0u8; 12];
    c[0] = opcode::WRITE_12;
    put32(&mut c, 2, lba);
    put32(&mut c, 6, blocks);
    c[10] = if streaming { 0x80 } else { 0 };
    c
}

/// SYNCHRONIZE CACHE(10) of the whole medium (MMC-6 CDB: byte 1 bit 1 Immed, bytes 2–5 LBA 0,
/// bytes 7–8 number of blocks 0 = all). Mandatory after the last WRITE.
pub fn synchronize_cache(immediate: bool) -> [u8; 10] {
    let mut c = [0u8; 10];
    c[0] = opcode::SYNCHRONIZE_CACHE;
    c[1] = if immediate { 0x02 } else { 0 };
    c
}

/// The close function of CLOSE TRACK/SESSION (MMC-6 byte 2 bits 2–0; meanings per medium).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseFunction {
    /// 000b: DVD+RW, quick stop of background formatting.
    StopBackgroundFormat,
    /// 001b: close the logical track (CD-R/RW, DVD-R/RW, DVD+R, BD-R).
    Track,
    /// 010b: close the session (CD and DVD-R finalize unless page 05h says multi-session 11b);
    /// DVD+RW: stop background formatting and write a lead-out.
    Session,
    /// 011b: DVD+RW compatibility stop, or finalize a DVD-RW.
    FinalizeDvdRw,
    /// 100b: DVD+R DL, close the session with an extended lead-out.
    SessionExtendedLeadOut,
    /// 101b: finalize DVD+R (DL) with a minimal radius.
    FinalizeMinimalRadius,
    /// 110b: finalize DVD+R (DL) or BD-R.
    Finalize,
}

impl CloseFunction {
    /// The 3-bit code.
    pub fn code(self) -> u8 {
        match self {
            CloseFunction::StopBackgroundFormat => 0,
            CloseFunction::Track => 1,
            CloseFunction::Session => 2,
            CloseFunction::FinalizeDvdRw => 3,
            CloseFunction::SessionExtendedLeadOut => 4,
            CloseFunction::FinalizeMinimalRadius => 5,
            CloseFunction::Finalize => 6,
        }
    }

    /// The function for a 3-bit code, if defined.
    pub fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            0 => CloseFunction::StopBackgroundFormat,
            1 => CloseFunction::Track,
            2 => CloseFunction::Session,
            3 => CloseFunction::FinalizeDvdRw,
            4 => CloseFunction::SessionExtendedLeadOut,
            5 => CloseFunction::FinalizeMinimalRadius,
            6 => CloseFunction::Finalize,
            _ => return None,
        })
    }
}

/// CLOSE TRACK/SESSION (MMC-6 CDB: byte 1 bit 0 Immed, byte 2 bits 2–0 close function, bytes 4–5
/// logical track or session number). `5B 01 02 00 00 00 …` closes the session with Immed.
pub fn close_track_session(function: CloseFunction, number: u16, immediate: bool) -> [u8; 10] {
    let mut c = [0u8; 10];
    c[0] = opcode::CLOSE_TRACK_SESSION;
    c[1] = u8::from(immediate);
    c[2] = function.code();
    put16(&mut c, 4, number);
    c
}

/// Blanking type of BLANK (MMC-6 byte 1 bits 2–0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlankType {
    /// 000b: the whole disc (CD-RW at 1x: up to 80 minutes).
    Full,
    /// 001b: PMA, lead-in and first pregap only (quick).
    Minimal,
    /// 010b: the track given in the address field.
    Track(u32),
    /// 011b: unreserve the last track.
    UnreserveTrack,
    /// 100b: the tail of the track from the LBA given.
    TrackTail(u32),
    /// 101b: unclose the last session.
    UncloseLastSession,
    /// 110b: erase the last session.
    LastSession,
}

/// BLANK (MMC-6 CDB: byte 1 bit 4 Immed, bits 2–0 blanking type, bytes 2–5 start address or track
/// number). `A1 11 00 …` = Immed + minimal.
pub fn blank(kind: BlankType, immediate: bool) -> [u8; 12] {
    let mut c = [0u8; 12];
    c[0] = opcode::BLANK;
    let (code, address) = match kind {
        BlankType::Full => (0, 0),
        BlankType::Minimal => (1, 0),
        BlankType::Track(t) => (2, t),
        BlankType::UnreserveTrack => (3, 0),
        BlankType::TrackTail(lba) => (4, lba),
        BlankType::UncloseLastSession => (5, 0),
        BlankType::LastSession => (6, 0),
    };
    c[1] = code | if immediate { 0x10 } else { 0 };
    put32(&mut c, 2, address);
    c
}

/// FORMAT UNIT (MMC-6 CDB: byte 1 bit 4 FmtData = 1, bit 3 CmpList, bits 2–0 format code 001b).
/// The parameter list from [`format_parameters`] follows (12 bytes).
pub fn format_unit(complete_list: bool) -> [u8; 6] {
    let b1 = 0x11 | if complete_list { 0x08 } else { 0 };
    [opcode::FORMAT_UNIT, b1, 0, 0, 0, 0]
}

/// Length of the FORMAT UNIT parameter list Kiln sends (4-byte header + one descriptor).
pub const FORMAT_PARAMETERS_LEN: usize = 12;

/// The FORMAT UNIT parameter list (MMC-6 Format List Header: byte 1 bit 7 FOV, bit 5 DCRT, bit 1
/// Immed, bytes 2–3 length 8; Format Descriptor: bytes 0–3 number of blocks, byte 4 format type
/// (bits 7–2) and subtype (bits 1–0), bytes 5–7 type-dependent parameter). Immed lives here, not
/// in the CDB. Copy `blocks` and `parameter` from READ FORMAT CAPACITIES.
pub fn format_parameters(
    format_type: u8,
    subtype: u8,
    blocks: u32,
    parameter: u32,
    immediate: bool,
) -> [u8; FORMAT_PARAMETERS_LEN] {
    let mut p = [0u8; FORMAT_PARAMETERS_LEN];
    p[1] = 0x80 | if immediate { 0x02 } else { 0 };
    put16(&mut p, 2, 8);
    put32(&mut p, 4, blocks);
    p[8] = (format_type << 2) | (subtype & 0x03);
    put24(&mut p, 9, parameter);
    p
}

/// RESERVE TRACK by size (MMC-6 CDB: byte 1 bits RMZ = ARSV = 0, bytes 5–8 reservation size in
/// blocks).
pub fn reserve_track(blocks: u32) -> [u8; 10] {
    let mut c = [0u8; 10];
    c[0] = opcode::RESERVE_TRACK;
    put32(&mut c, 5, blocks);
    c
}

/// SEND CUE SHEET (MMC-6 CDB: bytes 6–8 cue sheet size in bytes, 8 per entry).
pub fn send_cue_sheet(cue_sheet_len: u32) -> [u8; 10] {
    let mut c = [0u8; 10];
    c[0] = opcode::SEND_CUE_SHEET;
    put24(&mut c, 6, cue_sheet_len);
    c
}

/// One 8-byte cue sheet entry (MMC-6 session-at-once cue sheet: CTL/ADR, TNO, INDEX, DATA FORM,
/// SCMS, MIN, SEC, FRAME with binary MSF).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueEntry {
    /// Control nibble (high) and ADR (low), e.g. 0x01 audio position, 0x41 data position.
    pub ctl_adr: u8,
    /// Track number, 0 for the lead-in, 0xAA for the lead-out.
    pub track: u8,
    /// Index (0 = pregap, 1 = start).
    pub index: u8,
    /// Data form (0x00 audio, 0x01 audio pause, 0x10 Mode 1, 0x14 Mode 1 pause, +0x40 R-W packs).
    pub data_form: u8,
    /// SCMS byte (0x80 = copy generation exhausted).
    pub scms: u8,
    /// Absolute time, minutes.
    pub minute: u8,
    /// Absolute time, seconds.
    pub second: u8,
    /// Absolute time, frames (1/75 s).
    pub frame: u8,
}

impl CueEntry {
    /// The 8 bytes of the entry.
    pub fn to_bytes(self) -> [u8; 8] {
        [
            self.ctl_adr,
            self.track,
            self.index,
            self.data_form,
            self.scms,
            self.minute,
            self.second,
            self.frame,
        ]
    }
}

/// The bytes of a whole cue sheet.
pub fn cue_sheet_bytes(entries: &[CueEntry]) -> Vec<u8> {
    entries.iter().flat_map(|e| e.to_bytes()).collect()
}

/// Converts an LBA to binary minutes, seconds, frames (LBA 0 = 00:02:00; negative LBAs of the
/// lead-in map to 90 minutes and above).
pub fn lba_to_msf(lba: i32) -> (u8, u8, u8) {
    let a = if lba >= -150 {
        lba + 150
    } else {
        lba + 450_150
    };
    let a = a.max(0) as u32;
    (((a / 75) / 60) as u8, ((a / 75) % 60) as u8, (a % 75) as u8)
}

/// Converts binary MSF to an LBA (minutes ≥ 90 are the lead-in, negative).
pub fn msf_to_lba(minute: u8, second: u8, frame: u8) -> i32 {
    let a = (i32::from(minute) * 60 + i32::from(second)) * 75 + i32::from(frame);
    if minute < 90 {
        a - 150
    } else {
        a - 450_150
    }
}

/// READ DISC STRUCTURE format code 20h: DVD+R DL layer boundary information (MMC-6: reply
/// bytes 0–1 data length 10, byte 4 bit 7 "L0 data zone capacity fixed", bytes 8–11 the L0
/// data zone capacity in blocks).
pub const DISC_STRUCTURE_LAYER_BOUNDARY: u8 = 0x20;

/// READ DISC STRUCTURE (MMC-6 CDB: byte 1 media type 0 = DVD, bytes 2–5 address, byte 6 layer,
/// byte 7 format code, bytes 8–9 allocation length, byte 10 AGID). growisofs reads format 20h
/// with 12 bytes (`plus_r_dl_split`).
pub fn read_disc_structure(format: u8, allocation_length: u16) -> [u8; 12] {
    let [hi, lo] = allocation_length.to_be_bytes();
    [0xAD, 0, 0, 0, 0, 0, 0, format, hi, lo, 0, 0]
}

/// SEND DISC STRUCTURE (MMC-6 CDB: byte 7 format code, bytes 8–9 parameter list length).
pub fn send_disc_structure(format: u8, parameter_list_length: u16) -> [u8; 12] {
    let [hi, lo] = parameter_list_length.to_be_bytes();
    [0xBF, 0, 0, 0, 0, 0, 0, format, hi, lo, 0, 0]
}

/// The parameter list of SEND DISC STRUCTURE format 20h: data length 10 (bytes 0–1), the new
/// L0 data zone capacity in bytes 8–11 (growisofs `plus_r_dl_split`).
pub fn layer_boundary_parameters(l0_blocks: u32) -> [u8; 12] {
    let mut p = [0u8; 12];
    p[1] = 10;
    p[8..12].copy_from_slice(&l0_blocks.to_be_bytes());
    p
}

#[cfg(test)]
mod disc_structure_tests {
    use super::*;

    #[test]
    fn layer_boundary_cdbs_match_the_mmc_layout() {
        assert_eq!(
            read_disc_structure(DISC_STRUCTURE_LAYER_BOUNDARY, 12),
            [0xAD, 0, 0, 0, 0, 0, 0, 0x20, 0, 12, 0, 0]
        );
        assert_eq!(
            send_disc_structure(DISC_STRUCTURE_LAYER_BOUNDARY, 12),
            [0xBF, 0, 0, 0, 0, 0, 0, 0x20, 0, 12, 0, 0]
        );
        // 1,048,576 blocks = 0010 0000h.
        assert_eq!(
            layer_boundary_parameters(1_048_576),
            [0, 10, 0, 0, 0, 0, 0, 0, 0x00, 0x10, 0x00, 0x00]
        );
    }
}
