//! Mode pages: the mode parameter header of MODE SENSE(10)/MODE SELECT(10) (SPC-3), the Write
//! Parameters page 05h (build and parse) and the capabilities page 2Ah (write speeds).

use super::bytes::{be16, put16, put32};
use super::ParseError;

/// Length of the MODE SENSE(10)/MODE SELECT(10) header.
pub const MODE_HEADER_LEN: usize = 8;
/// Page code of the Write Parameters page.
pub const PAGE_WRITE_PARAMETERS: u8 = 0x05;
/// Page code of the CD/DVD Capabilities and Mechanical Status page.
pub const PAGE_CAPABILITIES: u8 = 0x2A;
/// Page length of page 05h (byte 1), as MMC-6 defines it.
pub const WRITE_PARAMETERS_PAGE_LEN: u8 = 0x32;

/// Finds the page in a MODE SENSE(10) answer: skips the 8-byte header and the block descriptors
/// (bytes 6–7), checks the page code, and returns the page bytes (code, length, fields) that were
/// transferred.
pub fn find_page(buf: &[u8], page: u8) -> Result<&[u8], ParseError> {
    if buf.len() < MODE_HEADER_LEN + 2 {
        return Err(ParseError::Truncated {
            what: "mode page",
            needed: MODE_HEADER_LEN + 2,
            got: buf.len(),
        });
    }
    let bdl = usize::from(be16(buf, 6).unwrap_or(0));
    let start = MODE_HEADER_LEN + bdl;
    let p = buf
        .get(start..)
        .filter(|p| p.len() >= 2)
        .ok_or(ParseError::Truncated {
            what: "mode page",
            needed: start + 2,
            got: buf.len(),
        })?;
    if p[0] & 0x3F != page {
        return Err(ParseError::Invalid {
            what: "mode page",
            reason: format!("expected page {page:02X}h, got {:02X}h", p[0] & 0x3F),
        });
    }
    let len = (usize::from(p[1]) + 2).min(p.len());
    Ok(&p[..len])
}

/// Puts a page behind a zeroed 8-byte header for MODE SELECT(10), clearing the PS bit (byte 0
/// bit 7 must be 0 on SELECT). The result's length is the CDB's parameter list length.
pub fn mode_select_parameters(page: &[u8]) -> Vec<u8> {
    let mut v = vec![0u8; MODE_HEADER_LEN];
    v.extend_from_slice(page);
    if let Some(b) = v.get_mut(MODE_HEADER_LEN) {
        *b &= 0x3F;
    }
    v
}

/// Write Type (page 05h byte 2 bits 3–0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteType {
    /// 0: packet / incremental.
    Incremental,
    /// 1: track at once.
    TrackAtOnce,
    /// 2: session at once (disc at once on DVD-R).
    SessionAtOnce,
    /// 3: raw.
    Raw,
    /// 4: layer jump.
    LayerJump,
    /// Anything else (reserved).
    Other(u8),
}

impl WriteType {
    /// The 4-bit code.
    pub fn code(self) -> u8 {
        match self {
            WriteType::Incremental => 0,
            WriteType::TrackAtOnce => 1,
            WriteType::SessionAtOnce => 2,
            WriteType::Raw => 3,
            WriteType::LayerJump => 4,
            WriteType::Other(c) => c & 0x0F,
        }
    }

    /// The write type for a code.
    pub fn from_code(c: u8) -> Self {
        match c & 0x0F {
            0 => WriteType::Incremental,
            1 => WriteType::TrackAtOnce,
            2 => WriteType::SessionAtOnce,
            3 => WriteType::Raw,
            4 => WriteType::LayerJump,
            o => WriteType::Other(o),
        }
    }
}

/// Multi-session field (page 05h byte 3 bits 7–6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MultiSession {
    /// 00b: no next session (closing the session finalizes).
    Finalize,
    /// 01b: B0 pointer FF:FF:FF (no next session, CD).
    NoNextB0,
    /// 11b: next session allowed (closing keeps the disc appendable).
    Appendable,
}

/// The Write Parameters mode page 05h (MMC-6 Write Parameters Mode Page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteParameters {
    /// BUFE: buffer underrun protection (byte 2 bit 6).
    pub bufe: bool,
    /// LS_V: link size valid (byte 2 bit 5).
    pub link_size_valid: bool,
    /// Test write / simulation (byte 2 bit 4).
    pub test_write: bool,
    /// Write type (byte 2 bits 3–0).
    pub write_type: WriteType,
    /// Multi-session (byte 3 bits 7–6).
    pub multi_session: MultiSession,
    /// Fixed packet (byte 3 bit 5).
    pub fixed_packet: bool,
    /// Copy / SCMS (byte 3 bit 4).
    pub copy: bool,
    /// Track mode (byte 3 bits 3–0): 4 data uninterrupted, 5 data incremental, 0 audio.
    pub track_mode: u8,
    /// Data block type (byte 4 bits 3–0): 8 Mode 1 (2048), 0 raw 2352 ...
    pub data_block_type: u8,
    /// Link size (byte 5).
    pub link_size: u8,
    /// Session format (byte 8): 00h CD-DA/CD-ROM, 10h CD-I, 20h CD-ROM XA.
    pub session_format: u8,
    /// Packet size (bytes 10–13).
    pub packet_size: u32,
    /// Audio pause length (bytes 14–15), 150 by default.
    pub audio_pause_length: u16,
    /// Media catalog number (13 ASCII digits, bytes 17–29, MCVAL byte 16 bit 7).
    pub mcn: Option<[u8; 13]>,
    /// ISRC (12 characters, bytes 33–44, TCVAL byte 32 bit 7).
    pub isrc: Option<[u8; 12]>,
}

impl WriteParameters {
    /// Data CD track at once: track mode 4, Mode 1 blocks, session format 00h.
    pub fn cd_tao_data(multi_session: MultiSession) -> Self {
        WriteParameters {
            bufe: true,
            link_size_valid: false,
            test_write: false,
            write_type: WriteType::TrackAtOnce,
            multi_session,
            fixed_packet: false,
            copy: false,
            track_mode: 4,
            data_block_type: 8,
            link_size: 0,
            session_format: 0,
            packet_size: 0,
            audio_pause_length: 150,
            mcn: None,
            isrc: None,
        }
    }

    /// Audio CD session at once (track mode and data block type are ignored in SAO).
    pub fn cd_sao_audio() -> Self {
        WriteParameters {
            write_type: WriteType::SessionAtOnce,
            multi_session: MultiSession::Finalize,
            track_mode: 0,
            data_block_type: 0,
            ..Self::cd_tao_data(MultiSession::Finalize)
        }
    }

    /// Data CD session at once: write type 2 with the data track's mode (4) and Mode 1 blocks
    /// (MMC-NOTES (c): libburn and cdrdao send them although SAO takes the forms from the cue
    /// sheet).
    pub fn cd_sao_data(multi_session: MultiSession) -> Self {
        WriteParameters {
            write_type: WriteType::SessionAtOnce,
            ..Self::cd_tao_data(multi_session)
        }
    }

    /// DVD-R incremental: link size 16, fixed packets of 16 blocks, track mode 5, Mode 1 blocks.
    pub fn dvd_r_incremental(multi_session: MultiSession) -> Self {
        WriteParameters {
            link_size_valid: true,
            write_type: WriteType::Incremental,
            fixed_packet: true,
            track_mode: 5,
            link_size: 16,
            packet_size: 16,
            ..Self::cd_tao_data(multi_session)
        }
    }

    /// The 52 bytes of the page (page length 32h), PS = 0.
    pub fn to_page(&self) -> Vec<u8> {
        let mut p = vec![0u8; usize::from(WRITE_PARAMETERS_PAGE_LEN) + 2];
        p[0] = PAGE_WRITE_PARAMETERS;
        p[1] = WRITE_PARAMETERS_PAGE_LEN;
        p[2] = (u8::from(self.bufe) << 6)
            | (u8::from(self.link_size_valid) << 5)
            | (u8::from(self.test_write) << 4)
            | self.write_type.code();
        let ms = match self.multi_session {
            MultiSession::Finalize => 0,
            MultiSession::NoNextB0 => 1,
            MultiSession::Appendable => 3,
        };
        p[3] = (ms << 6)
            | (u8::from(self.fixed_packet) << 5)
            | (u8::from(self.copy) << 4)
            | (self.track_mode & 0x0F);
        p[4] = self.data_block_type & 0x0F;
        p[5] = self.link_size;
        p[8] = self.session_format;
        put32(&mut p, 10, self.packet_size);
        put16(&mut p, 14, self.audio_pause_length);
        if let Some(mcn) = self.mcn {
            p[16] = 0x80;
            p[17..30].copy_from_slice(&mcn);
        }
        if let Some(isrc) = self.isrc {
            p[32] = 0x80;
            p[33..45].copy_from_slice(&isrc);
        }
        p
    }

    /// Parses page bytes (from [`find_page`]); needs bytes 0–15.
    pub fn parse(page: &[u8]) -> Result<Self, ParseError> {
        if page.len() < 16 {
            return Err(ParseError::Truncated {
                what: "write parameters page",
                needed: 16,
                got: page.len(),
            });
        }
        if page[0] & 0x3F != PAGE_WRITE_PARAMETERS {
            return Err(ParseError::Invalid {
                what: "write parameters page",
                reason: format!("page code {:02X}h", page[0] & 0x3F),
            });
        }
        let mcn = (page.len() >= 30 && page[16] & 0x80 != 0).then(|| {
            let mut m = [0u8; 13];
            m.copy_from_slice(&page[17..30]);
            m
        });
        let isrc = (page.len() >= 45 && page[32] & 0x80 != 0).then(|| {
            let mut m = [0u8; 12];
            m.copy_from_slice(&page[33..45]);
            m
        });
        Ok(WriteParameters {
            bufe: page[2] & 0x40 != 0,
            link_size_valid: page[2] & 0x20 != 0,
            test_write: page[2] & 0x10 != 0,
            write_type: WriteType::from_code(page[2]),
            multi_session: match page[3] >> 6 {
                0 => MultiSession::Finalize,
                1 | 2 => MultiSession::NoNextB0,
                _ => MultiSession::Appendable,
            },
            fixed_packet: page[3] & 0x20 != 0,
            copy: page[3] & 0x10 != 0,
            track_mode: page[3] & 0x0F,
            data_block_type: page[4] & 0x0F,
            link_size: page[5],
            session_format: page[8],
            packet_size: u32::from_be_bytes([page[10], page[11], page[12], page[13]]),
            audio_pause_length: u16::from_be_bytes([page[14], page[15]]),
            mcn,
            isrc,
        })
    }
}

/// What page 2Ah says (MMC-3/5 CD/DVD Capabilities and Mechanical Status page, the parts that
/// matter to a burner).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// Byte 3 bit 0: writes CD-R.
    pub cd_r_write: bool,
    /// Byte 3 bit 1: writes CD-RW.
    pub cd_rw_write: bool,
    /// Byte 3 bit 2: test write.
    pub test_write: bool,
    /// Byte 3 bit 4: writes DVD-R.
    pub dvd_r_write: bool,
    /// Byte 3 bit 5: writes DVD-RAM.
    pub dvd_ram_write: bool,
    /// Byte 4 bit 7: buffer-underrun protection.
    pub buffer_underrun_free: bool,
    /// Byte 6 bit 3: can eject.
    pub eject: bool,
    /// Byte 6 bits 7–5: loading mechanism (0 caddy, 1 tray, 2 pop-up, 4 changer ...).
    pub loading_mechanism: u8,
    /// Bytes 12–13: buffer size in KiB.
    pub buffer_kib: u16,
    /// Bytes 28–29: the selected write speed, kB/s.
    pub current_write_kbps: Option<u16>,
    /// Write speed performance descriptors (from byte 32, 4 bytes each, speed in bytes 2–3),
    /// fastest first as drives list them.
    pub write_speeds_kbps: Vec<u16>,
}

impl Capabilities {
    /// Parses page bytes (from [`find_page`]); needs bytes 0–13.
    pub fn parse(page: &[u8]) -> Result<Self, ParseError> {
        if page.len() < 14 {
            return Err(ParseError::Truncated {
                what: "capabilities page",
                needed: 14,
                got: page.len(),
            });
        }
        if page[0] & 0x3F != PAGE_CAPABILITIES {
            return Err(ParseError::Invalid {
                what: "capabilities page",
                reason: format!("page code {:02X}h", page[0] & 0x3F),
            });
        }
        let count = usize::from(be16(page, 30).unwrap_or(0));
        let write_speeds_kbps = (0..count)
            .map_while(|i| be16(page, 32 + 4 * i + 2))
            .collect();
        Ok(Capabilities {
            cd_r_write: page[3] & 0x01 != 0,
            cd_rw_write: page[3] & 0x02 != 0,
            test_write: page[3] & 0x04 != 0,
            dvd_r_write: page[3] & 0x10 != 0,
            dvd_ram_write: page[3] & 0x20 != 0,
            buffer_underrun_free: page[4] & 0x80 != 0,
            eject: page[6] & 0x08 != 0,
            loading_mechanism: page[6] >> 5,
            buffer_kib: be16(page, 12).unwrap_or(0),
            current_write_kbps: be16(page, 28),
            write_speeds_kbps,
        })
    }
}
