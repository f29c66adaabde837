//! Parsers for the answers of INQUIRY, READ DISC INFORMATION, READ TRACK INFORMATION, READ
//! CAPACITY, READ FORMAT CAPACITIES, READ BUFFER CAPACITY, GET PERFORMANCE and GET EVENT STATUS
//! NOTIFICATION. Each takes the bytes the drive transferred (possibly fewer than asked for) and
//! either returns the fields or a [`ParseError`]; none panics, whatever the input.

use super::bytes::{ascii, be16, be24, be32, u8_at};
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

/// Peripheral device type of CD/DVD/BD drives (SPC-3: 05h = MMC device).
pub const PERIPHERAL_TYPE_MMC: u8 = 0x05;

/// Standard INQUIRY data (SPC-3 standard INQUIRY data format).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inquiry {
    /// Byte 0 bits 7–5 (0 = connected).
    pub peripheral_qualifier: u8,
    /// Byte 0 bits 4–0: 05h for an MMC (CD/DVD/BD) device.
    pub peripheral_device_type: u8,
    /// Byte 1 bit 7 RMB.
    pub removable: bool,
    /// Byte 2: the SPC version claimed.
    pub version: u8,
    /// Bytes 8–15, trimmed.
    pub vendor: String,
    /// Bytes 16–31, trimmed.
    pub product: String,
    /// Bytes 32–35, trimmed.
    pub revision: String,
}

impl Inquiry {
    /// Parses standard INQUIRY data; needs at least the first 8 bytes, takes what is present of
    /// the identification strings.
    pub fn parse(buf: &[u8]) -> Result<Self, ParseError> {
        need("INQUIRY data", buf, 8)?;
        let field = |a: usize, b: usize| ascii(buf.get(a..b.min(buf.len())).unwrap_or(&[]));
        Ok(Inquiry {
            peripheral_qualifier: buf[0] >> 5,
            peripheral_device_type: buf[0] & 0x1F,
            removable: buf[1] & 0x80 != 0,
            version: buf[2],
            vendor: field(8, 16),
            product: field(16, 32),
            revision: field(32, 36),
        })
    }

    /// True if this is a connected MMC device (peripheral device type 05h, qualifier 0).
    pub fn is_mmc(&self) -> bool {
        self.peripheral_qualifier == 0 && self.peripheral_device_type == PERIPHERAL_TYPE_MMC
    }
}

/// Disc status (READ DISC INFORMATION byte 2 bits 1–0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscStatus {
    /// 00b: nothing written.
    Blank,
    /// 01b: more can be appended.
    Appendable,
    /// 10b: finalized, nothing more can be written.
    Complete,
    /// 11b: other (random-access media such as DVD+RW, DVD-RAM, BD-RE).
    Other,
}

/// State of the last session (byte 2 bits 3–2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    /// 00b: empty.
    Empty,
    /// 01b: incomplete (open).
    Incomplete,
    /// 10b: reserved or damaged.
    Damaged,
    /// 11b: complete.
    Complete,
}

/// Standard disc information (MMC-6 Disc Information Block, data type 000b).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscInfo {
    /// Disc status.
    pub status: DiscStatus,
    /// State of the last session.
    pub last_session: SessionState,
    /// Erasable bit (CD-RW, DVD-RW, DVD+RW, BD-RE ...).
    pub erasable: bool,
    /// Number of the first track on the disc.
    pub first_track: u8,
    /// Number of sessions (LSB byte 4, MSB byte 9).
    pub sessions: u16,
    /// First track in the last session (bytes 5 and 10).
    pub first_track_in_last_session: u16,
    /// Last track in the last session (bytes 6 and 11).
    pub last_track_in_last_session: u16,
    /// Unrestricted use (URU, byte 7 bit 5).
    pub unrestricted_use: bool,
    /// Background format status (byte 7 bits 1–0): 0 none, 1 suspended, 2 running, 3 complete.
    pub background_format: u8,
    /// Disc type (byte 8): 00h CD-DA/CD-ROM, 10h CD-I, 20h CD-ROM XA.
    pub disc_type: u8,
    /// Bytes 16–19 raw: lead-in start of the last session (CD: MSF in bytes 17–19).
    pub last_session_lead_in: Option<u32>,
    /// Bytes 20–23 raw: last possible lead-out start (CD: MSF in bytes 21–23; others: LBA).
    pub last_possible_lead_out: Option<u32>,
}

impl DiscInfo {
    /// Parses the disc information block; needs the first 12 bytes.
    pub fn parse(buf: &[u8]) -> Result<Self, ParseError> {
        need("disc information", buf, 12)?;
        let b2 = buf[2];
        Ok(DiscInfo {
            status: match b2 & 0x03 {
                0 => DiscStatus::Blank,
                1 => DiscStatus::Appendable,
                2 => DiscStatus::Complete,
                _ => DiscStatus::Other,
            },
            last_session: match (b2 >> 2) & 0x03 {
                0 => SessionState::Empty,
                1 => SessionState::Incomplete,
                2 => SessionState::Damaged,
                _ => SessionState::Complete,
            },
            erasable: b2 & 0x10 != 0,
            first_track: buf[3],
            sessions: u16::from_be_bytes([buf[9], buf[4]]),
            first_track_in_last_session: u16::from_be_bytes([buf[10], buf[5]]),
            last_track_in_last_session: u16::from_be_bytes([buf[11], buf[6]]),
            unrestricted_use: buf[7] & 0x20 != 0,
            background_format: buf[7] & 0x03,
            disc_type: buf[8],
            last_session_lead_in: be32(buf, 16),
            last_possible_lead_out: be32(buf, 20),
        })
    }

    /// The last possible lead-out start as an LBA, reading bytes 21–23 as MSF on CD.
    pub fn last_possible_lead_out_lba(&self, is_cd: bool) -> Option<i32> {
        let v = self.last_possible_lead_out?;
        if is_cd {
            let [_, m, s, f] = v.to_be_bytes();
            Some(super::cdb_write::msf_to_lba(m, s, f))
        } else {
            Some(v as i32)
        }
    }
}

/// Track information (MMC-6 Track Information Block).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackInfo {
    /// Logical track number (bytes 2 and 32).
    pub track: u16,
    /// Session number (bytes 3 and 33).
    pub session: u16,
    /// Damage bit (byte 5 bit 5).
    pub damage: bool,
    /// Track mode (byte 5 bits 3–0, the Q control nibble).
    pub track_mode: u8,
    /// Reserved track (byte 6 bit 7).
    pub reserved: bool,
    /// Blank track (byte 6 bit 6).
    pub blank: bool,
    /// Packet/incremental (byte 6 bit 5).
    pub packet: bool,
    /// Fixed packet (byte 6 bit 4).
    pub fixed_packet: bool,
    /// Data mode (byte 6 bits 3–0).
    pub data_mode: u8,
    /// Start LBA (bytes 8–11).
    pub start: u32,
    /// Next writable address (bytes 12–15), only when NWA_V (byte 7 bit 0) is set.
    pub next_writable: Option<u32>,
    /// Free blocks (bytes 16–19).
    pub free_blocks: u32,
    /// Fixed packet size / blocking factor (bytes 20–23).
    pub packet_size: u32,
    /// Track size in blocks (bytes 24–27).
    pub size: u32,
    /// Last recorded address (bytes 28–31), only when LRA_V (byte 7 bit 1) is set.
    pub last_recorded: Option<u32>,
}

impl TrackInfo {
    /// Parses the track information block; needs the first 28 bytes (through track size).
    pub fn parse(buf: &[u8]) -> Result<Self, ParseError> {
        need("track information", buf, 28)?;
        let be = |i| be32(buf, i).unwrap_or(0);
        let msb = |i| u8_at(buf, i).unwrap_or(0);
        Ok(TrackInfo {
            track: u16::from_be_bytes([msb(32), buf[2]]),
            session: u16::from_be_bytes([msb(33), buf[3]]),
            damage: buf[5] & 0x20 != 0,
            track_mode: buf[5] & 0x0F,
            reserved: buf[6] & 0x80 != 0,
            blank: buf[6] & 0x40 != 0,
            packet: buf[6] & 0x20 != 0,
            fixed_packet: buf[6] & 0x10 != 0,
            data_mode: buf[6] & 0x0F,
            start: be(8),
            next_writable: (buf[7] & 0x01 != 0).then(|| be(12)),
            free_blocks: be(16),
            packet_size: be(20),
            size: be(24),
            last_recorded: if buf[7] & 0x02 != 0 {
                be32(buf, 28)
            } else {
                None
            },
        })
    }
}

/// READ CAPACITY answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capacity {
    /// Last logical block address (bytes 0–3).
    pub last_lba: u32,
    /// Block length in bytes (bytes 4–7), 2048 for data discs.
    pub block_length: u32,
}

impl Capacity {
    /// Parses the 8-byte answer.
    pub fn parse(buf: &[u8]) -> Result<Self, ParseError> {
        need("READ CAPACITY data", buf, 8)?;
        Ok(Capacity {
            last_lba: be32(buf, 0).unwrap_or(0),
            block_length: be32(buf, 4).unwrap_or(0),
        })
    }

    /// Number of blocks (last LBA + 1).
    pub fn blocks(&self) -> u64 {
        u64::from(self.last_lba) + 1
    }
}

/// Descriptor type of the current/maximum capacity descriptor (byte 4 bits 1–0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapacityDescriptorType {
    /// 01b: unformatted medium, maximum formattable capacity.
    Unformatted,
    /// 10b: formatted medium, current capacity.
    Formatted,
    /// 11b: no medium, or capacity unknown.
    NoMedium,
    /// 00b: reserved.
    Reserved,
}

/// One formattable capacity descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormattableCapacity {
    /// Number of blocks (bytes 0–3).
    pub blocks: u32,
    /// Format type (byte 4 bits 7–2), e.g. 26h DVD+RW, 30h/31h BD-RE.
    pub format_type: u8,
    /// Type dependent parameter (bytes 5–7).
    pub parameter: u32,
}

/// READ FORMAT CAPACITIES answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatCapacities {
    /// Blocks of the current/maximum capacity descriptor.
    pub current_blocks: u32,
    /// Its type.
    pub current_type: CapacityDescriptorType,
    /// Its block length (bytes 5–7).
    pub current_block_length: u32,
    /// The formattable descriptors that were transferred.
    pub formattable: Vec<FormattableCapacity>,
}

impl FormatCapacities {
    /// Parses the answer (4-byte header with the list length in byte 3, then 8-byte descriptors);
    /// descriptors cut off by a short transfer are left out.
    pub fn parse(buf: &[u8]) -> Result<Self, ParseError> {
        need("format capacities", buf, 12)?;
        let list_len = usize::from(buf[3]);
        let end = buf.len().min(4 + list_len);
        let mut formattable = Vec::new();
        let mut i = 12;
        while i + 8 <= end {
            formattable.push(FormattableCapacity {
                blocks: be32(buf, i).unwrap_or(0),
                format_type: buf[i + 4] >> 2,
                parameter: be24(buf, i + 5).unwrap_or(0),
            });
            i += 8;
        }
        Ok(FormatCapacities {
            current_blocks: be32(buf, 4).unwrap_or(0),
            current_type: match buf[8] & 0x03 {
                1 => CapacityDescriptorType::Unformatted,
                2 => CapacityDescriptorType::Formatted,
                3 => CapacityDescriptorType::NoMedium,
                _ => CapacityDescriptorType::Reserved,
            },
            current_block_length: be24(buf, 9).unwrap_or(0),
            formattable,
        })
    }

    /// The first formattable descriptor of this format type.
    pub fn find(&self, format_type: u8) -> Option<FormattableCapacity> {
        self.formattable
            .iter()
            .copied()
            .find(|d| d.format_type == format_type)
    }
}

/// READ BUFFER CAPACITY answer (byte mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BufferCapacity {
    /// Size of the drive's buffer (bytes 4–7).
    pub length: u32,
    /// Free space in it (bytes 8–11).
    pub free: u32,
}

impl BufferCapacity {
    /// Parses the 12-byte answer.
    pub fn parse(buf: &[u8]) -> Result<Self, ParseError> {
        need("buffer capacity", buf, 12)?;
        Ok(BufferCapacity {
            length: be32(buf, 4).unwrap_or(0),
            free: be32(buf, 8).unwrap_or(0),
        })
    }

    /// Fill level 0.0..=1.0. Some drives report free > length; like libburn, that reads as half
    /// full.
    pub fn fill(&self) -> f64 {
        if self.length == 0 {
            return 0.0;
        }
        if self.free > self.length {
            return 0.5;
        }
        1.0 - f64::from(self.free) / f64::from(self.length)
    }
}

/// One write speed descriptor of GET PERFORMANCE type 03h (16 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteSpeedDescriptor {
    /// Last LBA the speeds apply to (bytes 4–7).
    pub end_lba: u32,
    /// Read speed, kB/s (bytes 8–11).
    pub read_kbps: u32,
    /// Write speed, kB/s (bytes 12–15).
    pub write_kbps: u32,
}

/// Parses the answer of GET PERFORMANCE type 03h (8-byte header, 16-byte descriptors).
pub fn parse_write_speeds(buf: &[u8]) -> Result<Vec<WriteSpeedDescriptor>, ParseError> {
    need("write speed descriptors", buf, 8)?;
    let total = be32(buf, 0).map(|l| l as usize + 4).unwrap_or(0);
    let end = buf.len().min(total);
    let mut out = Vec::new();
    let mut i = 8;
    while i + 16 <= end {
        out.push(WriteSpeedDescriptor {
            end_lba: be32(buf, i + 4).unwrap_or(0),
            read_kbps: be32(buf, i + 8).unwrap_or(0),
            write_kbps: be32(buf, i + 12).unwrap_or(0),
        });
        i += 16;
    }
    Ok(out)
}

/// A media event from GET EVENT STATUS NOTIFICATION (class 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaEvent {
    /// Event code (byte 4 bits 3–0): 0 none, 1 eject request, 2 new media, 3 removal, 4 changed,
    /// 5 background format completed, 6 background format restarted.
    pub event: u8,
    /// Media present (byte 5 bit 1).
    pub present: bool,
    /// Door or tray open (byte 5 bit 0).
    pub tray_open: bool,
}

/// Parses a GET EVENT STATUS NOTIFICATION answer: `Ok(None)` if the event is not a media event
/// (or there was none, NEA set).
pub fn parse_media_event(buf: &[u8]) -> Result<Option<MediaEvent>, ParseError> {
    need("event status header", buf, 4)?;
    if buf[2] & 0x80 != 0 || buf[2] & 0x07 != 4 {
        return Ok(None);
    }
    need("media event", buf, 6)?;
    Ok(Some(MediaEvent {
        event: buf[4] & 0x0F,
        present: buf[5] & 0x02 != 0,
        tray_open: buf[5] & 0x01 != 0,
    }))
}

/// The total length the device says it has (first `u16` + 2, or `u32` + 4 for GET
/// CONFIGURATION), so a caller can re-issue with a larger allocation length.
pub fn reported_length_u16(buf: &[u8]) -> Option<usize> {
    be16(buf, 0).map(|l| usize::from(l) + 2)
}
