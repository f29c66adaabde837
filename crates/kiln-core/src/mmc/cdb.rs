//! Command descriptor blocks for identification, status and reading.
//!
//! Every builder returns the exact bytes of the CDB, with the control byte 0. Field positions
//! follow the CDB tables of T10 SPC-3 (INQUIRY, TEST UNIT READY, REQUEST SENSE, MODE SENSE(10),
//! MODE SELECT(10), PREVENT ALLOW MEDIUM REMOVAL, START STOP UNIT, READ CAPACITY is MMC's) and
//! T10 MMC-6 (everything else); the tests in `tests/mmc_cdb.rs` check each one byte for byte.
//! Commands that write or change the medium live in [`super::cdb_write`].

use super::bytes::{put16, put24, put32};

/// Operation codes used by Kiln (SPC-3 and MMC-6 command lists).
pub mod opcode {
    /// TEST UNIT READY (SPC-3).
    pub const TEST_UNIT_READY: u8 = 0x00;
    /// REQUEST SENSE (SPC-3).
    pub const REQUEST_SENSE: u8 = 0x03;
    /// FORMAT UNIT (MMC-6).
    pub const FORMAT_UNIT: u8 = 0x04;
    /// INQUIRY (SPC-3).
    pub const INQUIRY: u8 = 0x12;
    /// START STOP UNIT (SPC-3 / MMC-6).
    pub const START_STOP_UNIT: u8 = 0x1B;
    /// PREVENT ALLOW MEDIUM REMOVAL (SPC-3).
    pub const PREVENT_ALLOW_MEDIUM_REMOVAL: u8 = 0x1E;
    /// READ FORMAT CAPACITIES (MMC-6).
    pub const READ_FORMAT_CAPACITIES: u8 = 0x23;
    /// READ CAPACITY (MMC-6).
    pub const READ_CAPACITY: u8 = 0x25;
    /// READ(10).
    pub const READ_10: u8 = 0x28;
    /// WRITE(10).
    pub const WRITE_10: u8 = 0x2A;
    /// WRITE AND VERIFY(10).
    pub const WRITE_AND_VERIFY_10: u8 = 0x2E;
    /// SYNCHRONIZE CACHE(10).
    pub const SYNCHRONIZE_CACHE: u8 = 0x35;
    /// WRITE BUFFER (SPC-3).
    pub const WRITE_BUFFER: u8 = 0x3B;
    /// READ TOC/PMA/ATIP.
    pub const READ_TOC_PMA_ATIP: u8 = 0x43;
    /// GET CONFIGURATION.
    pub const GET_CONFIGURATION: u8 = 0x46;
    /// GET EVENT STATUS NOTIFICATION.
    pub const GET_EVENT_STATUS_NOTIFICATION: u8 = 0x4A;
    /// READ DISC INFORMATION.
    pub const READ_DISC_INFORMATION: u8 = 0x51;
    /// READ TRACK INFORMATION.
    pub const READ_TRACK_INFORMATION: u8 = 0x52;
    /// RESERVE TRACK.
    pub const RESERVE_TRACK: u8 = 0x53;
    /// SEND OPC INFORMATION.
    pub const SEND_OPC_INFORMATION: u8 = 0x54;
    /// MODE SELECT(10).
    pub const MODE_SELECT_10: u8 = 0x55;
    /// CLOSE TRACK/SESSION.
    pub const CLOSE_TRACK_SESSION: u8 = 0x5B;
    /// READ BUFFER CAPACITY.
    pub const READ_BUFFER_CAPACITY: u8 = 0x5C;
    /// SEND CUE SHEET.
    pub const SEND_CUE_SHEET: u8 = 0x5D;
    /// MODE SENSE(10).
    pub const MODE_SENSE_10: u8 = 0x5A;
    /// BLANK.
    pub const BLANK: u8 = 0xA1;
    /// WRITE(12).
    pub const WRITE_12: u8 = 0xAA;
    /// READ(12).
    pub const READ_12: u8 = 0xA8;
    /// GET PERFORMANCE.
    pub const GET_PERFORMANCE: u8 = 0xAC;
    /// SET STREAMING.
    pub const SET_STREAMING: u8 = 0xB6;
    /// SET CD SPEED.
    pub const SET_CD_SPEED: u8 = 0xBB;
    /// READ CD.
    pub const READ_CD: u8 = 0xBE;
    /// SEND DISC STRUCTURE.
    pub const SEND_DISC_STRUCTURE: u8 = 0xBF;
}

/// INQUIRY, standard data (SPC-3 INQUIRY CDB: byte 1 EVPD=0, byte 2 page 0, bytes 3–4 allocation
/// length). 36 bytes is the classic length (`12 00 00 00 24 00`).
pub fn inquiry(allocation_length: u16) -> [u8; 6] {
    let mut c = [opcode::INQUIRY, 0, 0, 0, 0, 0];
    put16(&mut c, 3, allocation_length);
    c
}

/// TEST UNIT READY (SPC-3): six zero bytes.
pub fn test_unit_ready() -> [u8; 6] {
    [opcode::TEST_UNIT_READY, 0, 0, 0, 0, 0]
}

/// REQUEST SENSE (SPC-3 CDB: byte 1 bit 0 DESC, byte 4 allocation length). Kiln asks for fixed
/// format (DESC = 0), like libburn: `03 00 00 00 12 00` for 18 bytes.
pub fn request_sense(allocation_length: u8) -> [u8; 6] {
    [opcode::REQUEST_SENSE, 0, 0, 0, allocation_length, 0]
}

/// The RT field of GET CONFIGURATION (MMC-6 GET CONFIGURATION, RT field definitions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigurationRequest {
    /// 00b: every feature from the starting feature on, current or not.
    All,
    /// 01b: only features whose Current bit is set, from the starting feature on.
    Current,
    /// 10b: exactly the one starting feature (header plus at most one descriptor).
    One,
}

/// GET CONFIGURATION (MMC-6 CDB: byte 1 bits 1–0 RT, bytes 2–3 starting feature number, bytes 7–8
/// allocation length).
pub fn get_configuration(
    rt: ConfigurationRequest,
    starting_feature: u16,
    allocation_length: u16,
) -> [u8; 10] {
    let mut c = [0u8; 10];
    c[0] = opcode::GET_CONFIGURATION;
    c[1] = match rt {
        ConfigurationRequest::All => 0,
        ConfigurationRequest::Current => 1,
        ConfigurationRequest::One => 2,
    };
    put16(&mut c, 2, starting_feature);
    put16(&mut c, 7, allocation_length);
    c
}

/// READ DISC INFORMATION, standard disc information (MMC-6 CDB: byte 1 bits 2–0 data type 000b,
/// bytes 7–8 allocation length; 34 bytes is the full standard block).
pub fn read_disc_information(allocation_length: u16) -> [u8; 10] {
    let mut c = [0u8; 10];
    c[0] = opcode::READ_DISC_INFORMATION;
    put16(&mut c, 7, allocation_length);
    c
}

/// What the address field of READ TRACK INFORMATION means (MMC-6 Address/Number Type).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackAddress {
    /// 00b: the track that contains this LBA.
    Lba(u32),
    /// 01b: this logical track number; 0xFF = the invisible/incomplete track (CD, DVD+R only).
    Track(u32),
    /// 10b: the first track of this session number.
    Session(u32),
}

/// The track number that means "the invisible or incomplete track" (valid only for CD and DVD+R).
pub const INVISIBLE_TRACK: u32 = 0xFF;

/// READ TRACK INFORMATION (MMC-6 CDB: byte 1 bits 1–0 address/number type, bytes 2–5 the address
/// or number, bytes 7–8 allocation length; the full block is 48 bytes in MMC-6).
pub fn read_track_information(address: TrackAddress, allocation_length: u16) -> [u8; 10] {
    let mut c = [0u8; 10];
    c[0] = opcode::READ_TRACK_INFORMATION;
    let (kind, value) = match address {
        TrackAddress::Lba(v) => (0, v),
        TrackAddress::Track(v) => (1, v),
        TrackAddress::Session(v) => (2, v),
    };
    c[1] = kind;
    put32(&mut c, 2, value);
    put16(&mut c, 7, allocation_length);
    c
}

/// The formats of READ TOC/PMA/ATIP that Kiln uses (MMC-6 Format field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TocFormat {
    /// 0000b: formatted TOC.
    Toc,
    /// 0001b: session information (first track of the last complete session).
    SessionInfo,
    /// 0010b: full (raw) TOC, Q sub-channel entries.
    FullToc,
    /// 0011b: PMA.
    Pma,
    /// 0100b: ATIP.
    Atip,
    /// 0101b: CD-TEXT from the lead-in.
    CdText,
}

impl TocFormat {
    /// The value of the Format field.
    pub fn code(self) -> u8 {
        match self {
            TocFormat::Toc => 0,
            TocFormat::SessionInfo => 1,
            TocFormat::FullToc => 2,
            TocFormat::Pma => 3,
            TocFormat::Atip => 4,
            TocFormat::CdText => 5,
        }
    }
}

/// READ TOC/PMA/ATIP (MMC-6 CDB: byte 1 bit 1 MSF, byte 2 bits 3–0 format, byte 6 track/session
/// number, bytes 7–8 allocation length).
pub fn read_toc_pma_atip(
    format: TocFormat,
    msf: bool,
    track_or_session: u8,
    allocation_length: u16,
) -> [u8; 10] {
    let mut c = [0u8; 10];
    c[0] = opcode::READ_TOC_PMA_ATIP;
    c[1] = if msf { 0x02 } else { 0 };
    c[2] = format.code();
    c[6] = track_or_session;
    put16(&mut c, 7, allocation_length);
    c
}

/// READ CAPACITY (MMC-6 CDB: ten bytes, only the opcode set; the answer is 8 bytes).
pub fn read_capacity() -> [u8; 10] {
    [opcode::READ_CAPACITY, 0, 0, 0, 0, 0, 0, 0, 0, 0]
}

/// READ FORMAT CAPACITIES (MMC-6 CDB: bytes 7–8 allocation length).
pub fn read_format_capacities(allocation_length: u16) -> [u8; 10] {
    let mut c = [0u8; 10];
    c[0] = opcode::READ_FORMAT_CAPACITIES;
    put16(&mut c, 7, allocation_length);
    c
}

/// Which values MODE SENSE returns (SPC-3 PC field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageControl {
    /// 00b current values.
    Current,
    /// 01b changeable values (a mask).
    Changeable,
    /// 10b default values.
    Default,
    /// 11b saved values.
    Saved,
}

/// MODE SENSE(10) (SPC-3 CDB: byte 1 bit 3 DBD, byte 2 bits 7–6 PC and bits 5–0 page code, byte 3
/// subpage, bytes 7–8 allocation length). Block descriptors are disabled (MMC has none).
pub fn mode_sense_10(page: u8, control: PageControl, allocation_length: u16) -> [u8; 10] {
    let mut c = [0u8; 10];
    c[0] = opcode::MODE_SENSE_10;
    c[1] = 0x08;
    let pc = match control {
        PageControl::Current => 0,
        PageControl::Changeable => 1,
        PageControl::Default => 2,
        PageControl::Saved => 3,
    };
    c[2] = (pc << 6) | (page & 0x3F);
    put16(&mut c, 7, allocation_length);
    c
}

/// MODE SELECT(10) (SPC-3 CDB: byte 1 bit 4 PF, bit 0 SP, bytes 7–8 parameter list length). PF is
/// always 1 (MMC pages follow the page format); SP is 0 (do not save).
pub fn mode_select_10(parameter_list_length: u16) -> [u8; 10] {
    let mut c = [0u8; 10];
    c[0] = opcode::MODE_SELECT_10;
    c[1] = 0x10;
    put16(&mut c, 7, parameter_list_length);
    c
}

/// The Type field of GET PERFORMANCE (MMC-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PerformanceType {
    /// 00h performance data; `write` selects write (true) or read (false) performance, with
    /// tolerance 10b (10 %) and Except 00b as MMC recommends.
    Performance {
        /// Report write performance instead of read performance.
        write: bool,
    },
    /// 03h write speed descriptors.
    WriteSpeed,
}

/// GET PERFORMANCE (MMC-6 CDB: byte 1 data type, bytes 2–5 starting LBA, bytes 8–9 maximum number
/// of descriptors, byte 10 type).
pub fn get_performance(kind: PerformanceType, starting_lba: u32, max_descriptors: u16) -> [u8; 12] {
    let mut c = [0u8; 12];
    c[0] = opcode::GET_PERFORMANCE;
    match kind {
        PerformanceType::Performance { write } => {
            c[1] = 0x10 | if write { 0x04 } else { 0 };
            c[10] = 0x00;
        }
        PerformanceType::WriteSpeed => c[10] = 0x03,
    }
    put32(&mut c, 2, starting_lba);
    put16(&mut c, 8, max_descriptors);
    c
}

/// The speed value meaning "as fast as the drive can" in SET CD SPEED.
pub const MAX_SPEED: u16 = 0xFFFF;

/// SET CD SPEED (MMC-6 CDB: bytes 2–3 read speed, bytes 4–5 write speed, kB/s with k = 1000;
/// rotational control 00b = CLV). Drives round down, so ask for a few kB/s more than wanted.
pub fn set_cd_speed(read_kbps: u16, write_kbps: u16) -> [u8; 12] {
    let mut c = [0u8; 12];
    c[0] = opcode::SET_CD_SPEED;
    put16(&mut c, 2, read_kbps);
    put16(&mut c, 4, write_kbps);
    c
}

/// Length of a SET STREAMING performance descriptor.
pub const STREAMING_DESCRIPTOR_LEN: usize = 28;

/// SET STREAMING with a performance descriptor (MMC-6 CDB: byte 8 type 00h, bytes 9–10 parameter
/// list length = 28).
pub fn set_streaming() -> [u8; 12] {
    let mut c = [0u8; 12];
    c[0] = opcode::SET_STREAMING;
    put16(&mut c, 9, STREAMING_DESCRIPTOR_LEN as u16);
    c
}

/// The performance descriptor of SET STREAMING (MMC-6 Performance Descriptor: byte 0 flags, 4–7
/// start LBA, 8–11 end LBA, 12–15 read size, 16–19 read time, 20–23 write size, 24–27 write
/// time). Sizes are kB per `time_ms` milliseconds; Kiln passes kB/s with a 1000 ms base.
pub fn streaming_descriptor(
    end_lba: u32,
    read_kbps: u32,
    write_kbps: u32,
) -> [u8; STREAMING_DESCRIPTOR_LEN] {
    let mut d = [0u8; STREAMING_DESCRIPTOR_LEN];
    put32(&mut d, 8, end_lba);
    put32(&mut d, 12, read_kbps);
    put32(&mut d, 16, 1000);
    put32(&mut d, 20, write_kbps);
    put32(&mut d, 24, 1000);
    d
}

/// READ(10) (MMC-6 CDB: bytes 2–5 LBA, bytes 7–8 transfer length in blocks).
pub fn read_10(lba: u32, blocks: u16) -> [u8; 10] {
    let mut c = [0u8; 10];
    c[0] = opcode::READ_10;
    put32(&mut c, 2, lba);
    put16(&mut c, 7, blocks);
    c
}

/// READ(12) (MMC-6 CDB: bytes 2–5 LBA, bytes 6–9 transfer length, byte 10 bit 7 Streaming).
pub fn read_12(lba: u32, blocks: u32, streaming: bool) -> [u8; 12] {
    let mut c = [0u8; 12];
    c[0] = opcode::READ_12;
    put32(&mut c, 2, lba);
    put32(&mut c, 6, blocks);
    c[10] = if streaming { 0x80 } else { 0 };
    c
}

/// Expected sector type of READ CD (MMC-6 byte 1 bits 4–2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectorType {
    /// 000b: any type.
    Any,
    /// 001b: CD-DA.
    CdDa,
    /// 010b: Mode 1.
    Mode1,
    /// 011b: Mode 2 formless.
    Mode2,
    /// 100b: Mode 2 form 1.
    Mode2Form1,
    /// 101b: Mode 2 form 2.
    Mode2Form2,
}

/// What READ CD returns per sector (MMC-6 byte 9 and byte 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadCdContent {
    /// User data only (byte 9 = 10h): 2048 bytes for Mode 1, 2352 for CD-DA.
    UserData,
    /// Everything in the main channel (byte 9 = F8h: sync, all headers, user data, EDC/ECC).
    FullSector,
}

/// READ CD (MMC-6 CDB: byte 1 bits 4–2 expected sector type, bytes 2–5 LBA, bytes 6–8 transfer
/// length in blocks, byte 9 main-channel selection, byte 10 bits 2–0 sub-channel 000b none).
pub fn read_cd(lba: u32, blocks: u32, sector_type: SectorType, content: ReadCdContent) -> [u8; 12] {
    let mut c = [0u8; 12];
    c[0] = opcode::READ_CD;
    let t: u8 = match sector_type {
        SectorType::Any => 0,
        SectorType::CdDa => 1,
        SectorType::Mode1 => 2,
        SectorType::Mode2 => 3,
        SectorType::Mode2Form1 => 4,
        SectorType::Mode2Form2 => 5,
    };
    c[1] = t << 2;
    put32(&mut c, 2, lba);
    put24(&mut c, 6, blocks);
    c[9] = match content {
        ReadCdContent::UserData => 0x10,
        ReadCdContent::FullSector => 0xF8,
    };
    c
}

/// READ BUFFER CAPACITY (MMC-6 CDB: byte 1 bit 0 Block, bytes 7–8 allocation length; 12 bytes of
/// answer). With `block` set the drive reports blocks instead of bytes (feature 0107h RBCB).
pub fn read_buffer_capacity(block: bool, allocation_length: u16) -> [u8; 10] {
    let mut c = [0u8; 10];
    c[0] = opcode::READ_BUFFER_CAPACITY;
    c[1] = u8::from(block);
    put16(&mut c, 7, allocation_length);
    c
}

/// PREVENT ALLOW MEDIUM REMOVAL (SPC-3/MMC-6 CDB: byte 4 bit 0 Prevent). `1E 00 00 00 01 00` locks
/// the tray, `1E 00 00 00 00 00` unlocks it.
pub fn prevent_allow_medium_removal(prevent: bool) -> [u8; 6] {
    [
        opcode::PREVENT_ALLOW_MEDIUM_REMOVAL,
        0,
        0,
        0,
        u8::from(prevent),
        0,
    ]
}

/// What START STOP UNIT asks for (byte 4 bits 1–0 LoEj and Start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartStop {
    /// 00b: stop the disc.
    Stop,
    /// 01b: spin up and read the medium.
    Start,
    /// 10b: eject (unlock with PREVENT ALLOW first).
    Eject,
    /// 11b: close the tray and load.
    Load,
}

/// START STOP UNIT (SPC-3/MMC-6 CDB: byte 1 bit 0 Immed, byte 4 bit 1 LoEj, bit 0 Start).
pub fn start_stop_unit(action: StartStop, immediate: bool) -> [u8; 6] {
    let b4 = match action {
        StartStop::Stop => 0x00,
        StartStop::Start => 0x01,
        StartStop::Eject => 0x02,
        StartStop::Load => 0x03,
    };
    [opcode::START_STOP_UNIT, u8::from(immediate), 0, 0, b4, 0]
}

/// Notification class bit of GET EVENT STATUS NOTIFICATION: operational change (class 1).
pub const EVENT_CLASS_OPERATIONAL: u8 = 0x02;
/// Power management (class 2).
pub const EVENT_CLASS_POWER: u8 = 0x04;
/// External request (class 3).
pub const EVENT_CLASS_EXTERNAL: u8 = 0x08;
/// Media (class 4).
pub const EVENT_CLASS_MEDIA: u8 = 0x10;
/// Multiple host (class 5).
pub const EVENT_CLASS_MULTI_HOST: u8 = 0x20;
/// Device busy (class 6).
pub const EVENT_CLASS_BUSY: u8 = 0x40;

/// GET EVENT STATUS NOTIFICATION, polled (MMC-6 CDB: byte 1 bit 0 Polled, byte 4 notification
/// class request, bytes 7–8 allocation length). libburn's `4A 01 00 00 7E 00 00 00 08 00` is
/// `get_event_status_notification(0x7E, 8)`.
pub fn get_event_status_notification(class_mask: u8, allocation_length: u16) -> [u8; 10] {
    let mut c = [0u8; 10];
    c[0] = opcode::GET_EVENT_STATUS_NOTIFICATION;
    c[1] = 0x01;
    c[4] = class_mask;
    put16(&mut c, 7, allocation_length);
    c
}
