//! A strict emulated MMC recorder behind [`ScsiTransport`], for tests of everything above the
//! transport. It answers like a real drive, including the refusals:
//!
//! - identification: INQUIRY (type 05h unless told otherwise), GET CONFIGURATION (profile list
//!   and the writing features of the loaded medium), REQUEST SENSE, TEST UNIT READY, GET EVENT
//!   STATUS NOTIFICATION;
//! - media state: READ DISC INFORMATION, READ TRACK INFORMATION (track FFh only on CD and DVD+R),
//!   READ CAPACITY, READ FORMAT CAPACITIES, READ TOC formats 0/1/2/4/5, mode pages 05h and 2Ah,
//!   GET PERFORMANCE (write speeds), READ BUFFER CAPACITY, READ(10)/READ(12), READ CD;
//! - writing: WRITE(10)/WRITE(12) only at a next writable address on sequential media (else
//!   5/21/02), never past the end (5/21/00), SYNCHRONIZE CACHE, CLOSE TRACK/SESSION with the
//!   per-medium close functions, RESERVE TRACK, BLANK (CD-RW, DVD-RW), FORMAT UNIT (DVD+RW,
//!   BD-RE, DVD-RAM; DVD-RW types 10h/15h to restricted overwrite, see the `dvd_rw` module),
//!   MODE SELECT of page 05h (PF must be set), SEND CUE SHEET (blank CD, SAO page only),
//!   SET CD SPEED, SET STREAMING, SEND OPC INFORMATION, READ/SEND DISC STRUCTURE 20h (DVD+R
//!   DL); anything else is 5/20/00. The later media (DL, DVD-RAM, BD-R POW and RRM, DVD-RW
//!   blanking) follow the `media_rules` module;
//! - tray: PREVENT ALLOW MEDIUM REMOVAL and START STOP UNIT (eject refused while locked,
//!   5/53/02); loading a medium raises UNIT ATTENTION 6/28/00 once.
//!
//! The drive buffer (`buffer` module) drains at the medium's write speed when a time scale is
//! set ([`EmulatedDrive::with_speed_simulation`]): a host too slow to keep it fed gets 3/0C/09
//! LOSS OF STREAMING, or an absorbed and counted underrun with BUFE (page 05h) on CD and DVD-R
//! and always on DVD+R/+RW and BD (lossless linking). READ BUFFER CAPACITY answers its real size
//! and free bytes; SET CD SPEED and SET STREAMING choose among the speeds GET PERFORMANCE and page
//! 2Ah offer (the fastest one not above the request, as drives round down).
//!
//! Injected [`Fault`]s make a command or an LBA fail with chosen sense. User data (2048-byte
//! sectors) can be kept in a file, at offset LBA × 2048, so tests can read it back.
//!
//! CDs take 2048-byte data blocks and 2352-byte audio blocks, in track at once (page 05h data
//! block type 8/10 or 0) and session at once (cue sheet; see the `cd` module); audio is kept in
//! memory ([`EmulatedDrive::audio_block`]), data in the store. Test Write (simulation) on CD and
//! DVD-R accepts writes at the next writable address and records nothing.
//!
//! CD-TEXT: with a cue sheet whose lead-in has data form 41h the SAO stream starts at the
//! lead-in start (ATIP 97:26:65 = LBA −11635) with 96-byte blocks of packed R-W data up to LBA
//! −151; the drive keeps one cycle of the packs and answers them with READ TOC format 5.
//!
//! Simplifications, stated so nobody mistakes them for drive behaviour: raw writing and R-W
//! data outside the lead-in are not emulated; a failed WRITE records nothing; a READ CAPACITY of a blank disc answers
//! 0; BD-R spare-area formatting is not emulated (pseudo-overwrite and RRM discs come formatted, see
//! the `media_rules` module); sessions on DVD/BD follow each other without lead-in/lead-out gaps;
//! a DVD-RW is formatted from any state, at once, and blanked back to sequential recording at
//! once; READ/SEND DISC STRUCTURE know only the DVD+R DL layer boundary (format 20h). Immed commands complete at once unless
//! [`EmulatedDrive::with_immediate_polls`] makes the drive stay busy (2/04/04 or 2/04/07 with
//! progress) for a number of polls.

#![forbid(unsafe_code)]

mod answers;
mod buffer;
mod cd;
mod dvd_rw;
mod media_rules;
mod medium;
mod store;
mod toc;
mod writes;

use std::path::Path;
use std::time::Duration;

use super::{CommandOutcome, DataDirection, ScsiTransport, TransportError};
use crate::mmc::mode::WriteParameters;
use crate::mmc::sense::{Sense, SenseKey};

pub use buffer::{typical_buffer_bytes, BufferStats};
pub use cd::AUDIO_SECTOR;
pub use medium::{
    Medium, MediumKind, Track, BD_BLOCKS, BD_BLOCKS_WITH_SPARES, CD_LEAD_IN_START,
    DVD_PLUS_R_DL_BLOCKS, DVD_RAM_BLOCKS, DVD_RW_BLOCKS, DVD_R_DL_BLOCKS,
};
pub use store::SECTOR;

/// What makes an injected fault fire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultTrigger {
    /// Any command with this operation code.
    Command(u8),
    /// A WRITE whose blocks include this LBA.
    WriteAt(u32),
    /// A READ whose blocks include this LBA.
    ReadAt(u32),
}

/// A CHECK CONDITION the drive will answer when the trigger matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fault {
    /// When.
    pub trigger: FaultTrigger,
    /// Sense key.
    pub key: u8,
    /// ASC.
    pub asc: u8,
    /// ASCQ.
    pub ascq: u8,
    /// How many more times it fires; `None` = every time.
    pub remaining: Option<u32>,
}

impl Fault {
    /// A fault that fires every time the trigger matches.
    pub fn new(trigger: FaultTrigger, key: u8, asc: u8, ascq: u8) -> Self {
        Fault {
            trigger,
            key,
            asc,
            ascq,
            remaining: None,
        }
    }

    /// Limits the fault to `n` occurrences (e.g. 2/04/08 twice, then the WRITE goes through).
    pub fn times(mut self, n: u32) -> Self {
        self.remaining = Some(n);
        self
    }
}

/// Why a command failed inside the emulator.
#[derive(Debug)]
pub(crate) enum Fail {
    /// CHECK CONDITION with this sense.
    Sense(Sense),
    /// The host sent something no transport would carry.
    Transport(TransportError),
}

/// CHECK CONDITION with key/ASC/ASCQ.
pub(crate) fn check(key: u8, asc: u8, ascq: u8) -> Fail {
    Fail::Sense(Sense::new(SenseKey::from_code(key), asc, ascq))
}

/// 5/24/00 INVALID FIELD IN CDB.
pub(crate) fn invalid_field() -> Fail {
    check(5, 0x24, 0)
}

/// The emulated recorder.
#[derive(Debug)]
pub struct EmulatedDrive {
    pub(crate) peripheral_type: u8,
    pub(crate) identity: (String, String, String),
    pub(crate) medium: Option<Medium>,
    pub(crate) tray_open: bool,
    pub(crate) ejected: Option<Medium>,
    pub(crate) locked: bool,
    pub(crate) unit_attention: Option<(u8, u8, u8)>,
    pub(crate) last_sense: Option<Sense>,
    pub(crate) media_event: u8,
    pub(crate) write_params: WriteParameters,
    pub(crate) store: store::Store,
    pub(crate) faults: Vec<Fault>,
    pub(crate) log: Vec<Vec<u8>>,
    pub(crate) cue_sheet: Option<Vec<u8>>,
    /// The write speed asked for (kB/s); 0 = the fastest.
    pub(crate) write_speed_kbps: u32,
    pub(crate) immediate_polls: u32,
    pub(crate) busy: Option<Busy>,
    pub(crate) sao: Option<cd::SaoPlan>,
    pub(crate) audio: std::collections::HashMap<u32, Box<[u8]>>,
    pub(crate) sim_next: Option<u32>,
    pub(crate) drop_writes_from: Option<u32>,
    pub(crate) buffer: buffer::DriveBuffer,
    /// A buffer size set by the test, kept across media changes.
    pub(crate) buffer_size: Option<u64>,
    /// Whether the drive offers buffer-underrun protection (BUF in features 002Dh/002Eh/002Fh).
    pub(crate) underrun_protection: bool,
    /// Whether the drive records R-W sub-channel data (CD-TEXT) in the lead-in (R-W bit of
    /// feature 002Eh; a cue sheet with lead-in data form 41h is refused without it).
    pub(crate) cd_text_writing: bool,
}

/// A long operation started with Immed that is still "running".
#[derive(Debug, Clone, Copy)]
pub(crate) struct Busy {
    ascq: u8,
    left: u32,
    total: u32,
}

impl EmulatedDrive {
    /// A drive with a blank medium of this kind loaded (DVD+RW and BD-RE unformatted), data kept
    /// in memory.
    pub fn new(kind: MediumKind) -> Self {
        EmulatedDrive {
            peripheral_type: 0x05,
            identity: ("KILN".into(), "EMULATED BD-RE".into(), "1.00".into()),
            medium: Some(Medium::blank(kind)),
            tray_open: false,
            ejected: None,
            locked: false,
            unit_attention: None,
            last_sense: None,
            media_event: 0,
            write_params: kind.default_write_parameters(),
            store: store::Store::Memory(Default::default()),
            faults: Vec::new(),
            log: Vec::new(),
            cue_sheet: None,
            write_speed_kbps: 0,
            immediate_polls: 0,
            busy: None,
            sao: None,
            audio: Default::default(),
            sim_next: None,
            drop_writes_from: None,
            buffer: buffer::DriveBuffer::new(buffer::typical_buffer_bytes(kind)),
            buffer_size: None,
            underrun_protection: true,
            cd_text_writing: true,
        }
    }

    /// A drive with no disc and a closed tray.
    pub fn empty() -> Self {
        let mut d = EmulatedDrive::new(MediumKind::CdR);
        d.medium = None;
        d
    }

    /// Keeps user data in `path` (created or truncated) instead of memory.
    pub fn with_backing_file(mut self, path: &Path) -> std::io::Result<Self> {
        self.store = store::Store::file(path)?;
        Ok(self)
    }

    /// Keeps no user data at all (reads give zeros), for benchmarks: a verify after burning
    /// then fails, so turn it off.
    pub fn discarding_data(mut self) -> Self {
        self.store = store::Store::Discard;
        self
    }

    /// Reports another peripheral device type in INQUIRY (0 = disk), to test the safety rule.
    pub fn with_peripheral_type(mut self, peripheral_type: u8) -> Self {
        self.peripheral_type = peripheral_type & 0x1F;
        self
    }

    /// Sets vendor, product and revision of INQUIRY.
    pub fn with_identity(mut self, vendor: &str, product: &str, revision: &str) -> Self {
        self.identity = (vendor.into(), product.into(), revision.into());
        self
    }

    /// Shrinks the loaded medium to `blocks` (so tests can fill a disc); formatting still sets
    /// the real formatted size.
    pub fn with_capacity(mut self, blocks: u32) -> Self {
        if let Some(m) = self.medium.as_mut() {
            m.raw_capacity = blocks;
        }
        self
    }

    /// After BLANK, FORMAT UNIT, CLOSE TRACK/SESSION or SYNCHRONIZE CACHE with Immed, the drive
    /// stays busy for `polls` polls: TEST UNIT READY answers 2/04/07 (2/04/04 after FORMAT) with
    /// progress in the sense-key specific bytes, REQUEST SENSE returns that sense, and other
    /// media commands are refused with it.
    pub fn with_immediate_polls(mut self, polls: u32) -> Self {
        self.immediate_polls = polls;
        self
    }

    /// Starts with UNIT ATTENTION 6/29/00 pending (power on), as a freshly attached drive does.
    pub fn with_power_on_attention(mut self) -> Self {
        self.unit_attention = Some((6, 0x29, 0x00));
        self
    }

    /// Simulates the write speed: the drive buffer drains at the current write speed on a clock
    /// that runs `time_scale` times faster than the wall clock (1.0 = real time), so a host that
    /// cannot keep up underruns it. Without this the drive is infinitely fast.
    pub fn with_speed_simulation(mut self, time_scale: f64) -> Self {
        self.buffer.set_time_scale(Some(time_scale));
        self
    }

    /// Sets the size of the drive buffer in bytes (by default 2 MiB with a CD, 4 MiB with a DVD
    /// or BD: [`typical_buffer_bytes`]).
    pub fn with_buffer_size(mut self, bytes: u64) -> Self {
        self.buffer_size = Some(bytes);
        self.buffer.set_capacity(bytes);
        self
    }

    /// A drive without buffer-underrun protection: GET CONFIGURATION clears BUF and the BUFE
    /// bit of page 05h is ignored, so an underrun on CD or DVD-R breaks the track (3/0C/09).
    pub fn without_underrun_protection(mut self) -> Self {
        self.underrun_protection = false;
        self
    }

    /// A drive that cannot write CD-TEXT: feature 002Eh without the R-W bit, and SEND CUE SHEET
    /// with lead-in data form 41h refused with 5/26/00, as drives without R-W recording do.
    pub fn without_cd_text(mut self) -> Self {
        self.cd_text_writing = false;
        self
    }

    /// Size, lowest fill while burning, underruns and held writes of the drive buffer.
    pub fn buffer_stats(&self) -> BufferStats {
        self.buffer.stats()
    }

    /// The write speed in use, kB/s (k = 1000): the one chosen with SET CD SPEED or SET
    /// STREAMING, or the fastest for the medium.
    pub fn current_write_kbps(&self) -> u32 {
        let kind = self.medium.as_ref().map_or(MediumKind::CdR, |m| m.kind);
        answers::pick_speed(kind, self.write_speed_kbps)
    }

    /// Makes the drive lie: every WRITE of 2048-byte blocks at or after `lba` answers GOOD and
    /// advances the next writable address, but the data is never recorded (those blocks read
    /// back as zeros). Only reading back can catch this, as with real drives that fail silently.
    pub fn silently_drop_writes_from(&mut self, lba: u32) {
        self.drop_writes_from = Some(lba);
    }

    /// Adds an injected fault.
    pub fn inject(&mut self, fault: Fault) {
        self.faults.push(fault);
    }

    /// A person takes the disc out (whatever the lock says; this is the eject-button-with-a-
    /// paperclip path).
    pub fn remove_medium(&mut self) -> Option<Medium> {
        self.tray_open = true;
        self.media_event = 3;
        self.medium.take()
    }

    /// A person inserts a blank disc and closes the tray: UNIT ATTENTION 6/28/00 follows.
    pub fn insert_medium(&mut self, kind: MediumKind) {
        self.load(Medium::blank(kind));
    }

    pub(crate) fn load(&mut self, medium: Medium) {
        self.write_params = medium.kind.default_write_parameters();
        self.medium = Some(medium);
        self.tray_open = false;
        self.unit_attention = Some((6, 0x28, 0x00));
        self.media_event = 2;
        self.cue_sheet = None;
        self.sao = None;
        self.sim_next = None;
        // The chosen write speed stays (drives keep it across media changes, as libburn
        // notes); it is matched against the new medium's speeds.
        let size = self
            .buffer_size
            .unwrap_or_else(|| buffer::typical_buffer_bytes(medium_kind(&self.medium)));
        self.buffer.empty();
        self.buffer.set_capacity(size);
        self.buffer.reset_stats();
    }

    /// The medium in the drive.
    pub fn medium(&self) -> Option<&Medium> {
        self.medium.as_ref()
    }

    /// Every CDB received, in order.
    pub fn commands(&self) -> &[Vec<u8>] {
        &self.log
    }

    /// An audio block written to the disc (2352 bytes), if any.
    pub fn audio_block(&self, lba: u32) -> Option<&[u8]> {
        self.audio.get(&lba).map(|b| &b[..])
    }

    /// The file holding the user data, if one was set.
    pub fn backing_file(&self) -> Option<&Path> {
        self.store.path()
    }

    /// The medium, or NOT READY / MEDIUM NOT PRESENT (3A/01 tray closed, 3A/02 tray open).
    pub(crate) fn need_medium(&mut self) -> Result<&mut Medium, Fail> {
        let tray_open = self.tray_open;
        self.medium
            .as_mut()
            .ok_or_else(|| check(2, 0x3A, if tray_open { 2 } else { 1 }))
    }

    /// The answer while a long Immed operation runs: polls (TUR, REQUEST SENSE) advance it.
    fn busy_answer(
        &mut self,
        busy: Busy,
        cdb: &[u8],
        dir: DataDirection<'_>,
    ) -> Result<usize, Fail> {
        let op = cdb[0];
        let polled = matches!(op, 0x00 | 0x03);
        let done = busy.total - busy.left + u32::from(polled);
        let mut sense = Sense::new(SenseKey::NotReady, 0x04, busy.ascq);
        sense.progress = Some((u64::from(done) * 65536 / u64::from(busy.total + 1)) as u16);
        if polled {
            self.busy = (busy.left > 1).then_some(Busy {
                left: busy.left - 1,
                ..busy
            });
        }
        if op == 0x03 {
            return answers::reply(dir, &sense.to_fixed_bytes(), usize::from(cdb[4]));
        }
        Err(Fail::Sense(sense))
    }

    fn fault_for(&mut self, cdb: &[u8]) -> Option<Fail> {
        let op = cdb[0];
        let range = match op {
            0x28 | 0x2A => Some((
                be32(cdb, 2),
                u32::from(u16::from_be_bytes([cdb[7], cdb[8]])),
            )),
            0xA8 | 0xAA => Some((be32(cdb, 2), be32(cdb, 6))),
            _ => None,
        };
        let hit = self.faults.iter_mut().find(|f| {
            let matches = match f.trigger {
                FaultTrigger::Command(o) => o == op,
                FaultTrigger::WriteAt(lba) => {
                    matches!(op, 0x2A | 0xAA)
                        && range.is_some_and(|(s, n)| {
                            lba >= s && u64::from(lba) < u64::from(s) + u64::from(n)
                        })
                }
                FaultTrigger::ReadAt(lba) => {
                    matches!(op, 0x28 | 0xA8)
                        && range.is_some_and(|(s, n)| {
                            lba >= s && u64::from(lba) < u64::from(s) + u64::from(n)
                        })
                }
            };
            matches && f.remaining != Some(0)
        })?;
        if let Some(n) = hit.remaining.as_mut() {
            *n -= 1;
        }
        Some(check(hit.key, hit.asc, hit.ascq))
    }

    fn dispatch(&mut self, cdb: &[u8], dir: DataDirection<'_>) -> Result<usize, Fail> {
        use crate::mmc::cdb::opcode as op;
        match cdb[0] {
            op::TEST_UNIT_READY => self.need_medium().map(|_| 0),
            op::REQUEST_SENSE => self.request_sense(cdb, dir),
            op::INQUIRY => self.inquiry(cdb, dir),
            op::GET_CONFIGURATION => self.get_configuration(cdb, dir),
            op::GET_EVENT_STATUS_NOTIFICATION => self.event_status(cdb, dir),
            op::READ_DISC_INFORMATION => self.disc_information(cdb, dir),
            op::READ_TRACK_INFORMATION => self.track_information(cdb, dir),
            op::READ_CAPACITY => self.read_capacity(dir),
            op::READ_FORMAT_CAPACITIES => self.format_capacities(cdb, dir),
            op::READ_TOC_PMA_ATIP => self.read_toc(cdb, dir),
            op::MODE_SENSE_10 => self.mode_sense(cdb, dir),
            op::READ_BUFFER_CAPACITY => self.buffer_capacity(cdb, dir),
            op::GET_PERFORMANCE => self.get_performance(cdb, dir),
            op::READ_10 | op::READ_12 => self.read(cdb, dir),
            op::READ_CD => self.read_cd(cdb, dir),
            op::PREVENT_ALLOW_MEDIUM_REMOVAL => {
                self.locked = cdb[4] & 0x01 != 0;
                Ok(0)
            }
            op::START_STOP_UNIT => self.start_stop(cdb),
            op::WRITE_10 | op::WRITE_12 => self.write(cdb, dir),
            op::SYNCHRONIZE_CACHE => {
                self.need_medium()?;
                let rate = self.drain_rate();
                self.buffer.flush(rate);
                self.finish_sao();
                self.finish_dao();
                self.store
                    .flush()
                    .map_err(|e| check(3, 0x0C, 0x00).or_io(e))?;
                Ok(0)
            }
            op::CLOSE_TRACK_SESSION => self.close(cdb),
            op::RESERVE_TRACK => self.reserve_track(cdb),
            op::BLANK => self.blank(cdb),
            op::FORMAT_UNIT => self.format_unit(cdb, dir),
            op::MODE_SELECT_10 => self.mode_select(cdb, dir),
            op::SET_CD_SPEED => {
                // Drives take it whatever the medium (DVD/BD ones often honour it too).
                self.write_speed_kbps = match u16::from_be_bytes([cdb[4], cdb[5]]) {
                    0xFFFF => u32::MAX, // the maximum
                    k => u32::from(k),
                };
                Ok(0)
            }
            op::SET_STREAMING => self.set_streaming(cdb, dir),
            op::SEND_CUE_SHEET => self.send_cue_sheet(cdb, dir),
            op::SEND_OPC_INFORMATION => self.need_medium().map(|_| 0),
            0xAD => self.read_disc_structure(cdb, dir),
            op::SEND_DISC_STRUCTURE => self.send_disc_structure(cdb, dir),
            _ => Err(check(5, 0x20, 0x00)),
        }
    }
}

fn medium_kind(m: &Option<Medium>) -> MediumKind {
    m.as_ref().map_or(MediumKind::CdR, |m| m.kind)
}

/// Expected CDB length by operation code group (SPC-3).
fn cdb_len(op: u8) -> usize {
    match op >> 5 {
        0 => 6,
        1 | 2 => 10,
        4 => 16,
        5 => 12,
        _ => 6,
    }
}

pub(crate) fn be32(b: &[u8], i: usize) -> u32 {
    u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

/// Commands that neither report nor clear a pending UNIT ATTENTION (SPC-3 for INQUIRY and
/// REQUEST SENSE; MMC-6 for GET CONFIGURATION and GET EVENT STATUS NOTIFICATION).
fn ignores_unit_attention(op: u8) -> bool {
    matches!(op, 0x12 | 0x03 | 0x46 | 0x4A)
}

impl ScsiTransport for EmulatedDrive {
    fn execute(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
        _timeout: Duration,
    ) -> Result<CommandOutcome, TransportError> {
        let Some(&op) = cdb.first() else {
            return Err(TransportError::InvalidRequest("empty CDB".into()));
        };
        if cdb.len() < cdb_len(op) || cdb.len() > 16 {
            return Err(TransportError::InvalidRequest(format!(
                "a {}-byte CDB for operation {op:02X}h, which takes {}",
                cdb.len(),
                cdb_len(op)
            )));
        }
        self.log.push(cdb.to_vec());
        let offered = dir.len();
        let immediate = match op {
            0xA1 => cdb[1] & 0x10 != 0,
            0x5B => cdb[1] & 0x01 != 0,
            0x35 => cdb[1] & 0x02 != 0,
            0x04 => {
                matches!(&dir, DataDirection::ToDevice(p) if p.get(1).is_some_and(|b| b & 0x02 != 0))
            }
            _ => false,
        };
        let passes_busy = ignores_unit_attention(op) && op != 0x03;
        let result =
            if let (Some((k, a, q)), false) = (self.unit_attention, ignores_unit_attention(op)) {
                self.unit_attention = None;
                Err(check(k, a, q))
            } else if let (Some(busy), false) = (self.busy, passes_busy) {
                self.busy_answer(busy, cdb, dir)
            } else if let Some(f) = self.fault_for(cdb) {
                Err(f)
            } else {
                let r = self.dispatch(cdb, dir);
                if r.is_ok() && immediate && self.immediate_polls > 0 {
                    self.busy = Some(Busy {
                        ascq: if op == 0x04 { 0x04 } else { 0x07 },
                        left: self.immediate_polls,
                        total: self.immediate_polls,
                    });
                }
                r
            };
        match result {
            Ok(n) => {
                if op != 0x03 {
                    self.last_sense = None;
                }
                Ok(CommandOutcome::good(offered - n.min(offered)))
            }
            Err(Fail::Sense(s)) => {
                self.last_sense = Some(s.clone());
                Ok(CommandOutcome::check_condition(
                    s.to_fixed_bytes().to_vec(),
                    offered,
                ))
            }
            Err(Fail::Transport(e)) => Err(e),
        }
    }
}
