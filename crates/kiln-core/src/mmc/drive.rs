//! [`Drive`]: a transport plus what its INQUIRY said, with typed helpers for the commands a burner
//! sends. It is the single place that enforces the product's safety rule: **write-class commands
//! (WRITE, BLANK, FORMAT UNIT, CLOSE TRACK/SESSION, SEND CUE SHEET, RESERVE TRACK, ...) go only to
//! devices whose INQUIRY reported peripheral device type 05h** (an MMC device). A hard disk
//! behind the same kind of transport can never be written by Kiln.

use std::time::Duration;

use super::cdb::{self, opcode, ConfigurationRequest, PageControl, StartStop, TrackAddress};
use super::cdb_write::{self, BlankType, CloseFunction};
use super::config::Configuration;
use super::mode::{self, WriteParameters};
use super::parse::{Capacity, DiscInfo, FormatCapacities, Inquiry, TrackInfo};
use super::sense::SenseCondition;
use super::ParseError;
use crate::transport::{execute_checked, CommandError, DataDirection, ScsiTransport};

/// Timeouts per command kind (libburn's values, which survive slow USB drives).
pub mod timeouts {
    use std::time::Duration;
    /// Ordinary commands (INQUIRY, READ DISC INFORMATION, ...).
    pub const DEFAULT: Duration = Duration::from_secs(30);
    /// WRITE and READ.
    pub const WRITE: Duration = Duration::from_secs(200);
    /// Commands with Immed set (BLANK, FORMAT, CLOSE, SYNC CACHE): they return at once.
    pub const IMMEDIATE: Duration = Duration::from_secs(200);
    /// SYNCHRONIZE CACHE and CLOSE without Immed.
    pub const LONG: Duration = Duration::from_secs(3600);
    /// BLANK and FORMAT without Immed.
    pub const BLANK: Duration = Duration::from_secs(5 * 3600);
    /// START STOP UNIT (loading can take long).
    pub const LOAD: Duration = Duration::from_secs(300);
}

/// True for commands that write to or change the medium. These are refused by [`Drive`] unless
/// the device is an MMC device.
pub fn is_write_class(op: u8) -> bool {
    matches!(
        op,
        0x0A // WRITE(6)
            | opcode::FORMAT_UNIT
            | opcode::WRITE_10
            | opcode::WRITE_AND_VERIFY_10
            | opcode::WRITE_BUFFER
            | opcode::RESERVE_TRACK
            | opcode::SEND_OPC_INFORMATION
            | opcode::CLOSE_TRACK_SESSION
            | opcode::SEND_CUE_SHEET
            | 0x8A // WRITE(16)
            | 0x8E // WRITE AND VERIFY(16)
            | opcode::BLANK
            | opcode::WRITE_12
            | 0xAE // WRITE AND VERIFY(12)
            | opcode::SEND_DISC_STRUCTURE
    )
}

/// An MMC device behind a transport.
pub struct Drive<T: ScsiTransport> {
    transport: T,
    inquiry: Inquiry,
}

impl<T: ScsiTransport> std::fmt::Debug for Drive<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Drive")
            .field("inquiry", &self.inquiry)
            .finish()
    }
}

/// Errors of the typed helpers: the command failed, or its answer could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DriveError {
    /// The command failed.
    #[error(transparent)]
    Command(#[from] CommandError),
    /// The answer could not be parsed.
    #[error(transparent)]
    Parse(#[from] ParseError),
}

impl DriveError {
    /// The decoded sense condition, if the drive answered CHECK CONDITION.
    pub fn condition(&self) -> Option<SenseCondition> {
        match self {
            DriveError::Command(c) => c.sense().map(|s| s.condition()),
            DriveError::Parse(_) => None,
        }
    }

    /// Turns this into the core's error type, naming the recorder.
    pub fn into_core(self, recorder: &str) -> crate::Error {
        let recorder = recorder.to_string();
        match self.condition() {
            Some(SenseCondition::NoMedium { .. }) => crate::Error::MediumNotPresent { recorder },
            Some(SenseCondition::LossOfStreaming) => crate::Error::LossOfStreaming { recorder },
            Some(
                c @ (SenseCondition::IncompatibleMedium { .. }
                | SenseCondition::WriteProtected
                | SenseCondition::EndOfUserArea
                | SenseCondition::PowerCalibrationAreaFull
                | SenseCondition::PowerCalibrationAreaError
                | SenseCondition::IllegalModeForTrack),
            ) => crate::Error::MediumInvalid {
                recorder,
                reason: c.message().to_string(),
            },
            _ => crate::Error::DeviceNotAccessible {
                recorder,
                reason: self.to_string(),
            },
        }
    }
}

impl<T: ScsiTransport> Drive<T> {
    /// Sends INQUIRY and keeps the answer. Works for any device type; only write-class commands
    /// are refused later for non-MMC devices.
    pub fn open(mut transport: T) -> Result<Self, DriveError> {
        let mut buf = [0u8; 36];
        let n = execute_checked(
            &mut transport,
            &cdb::inquiry(36),
            DataDirection::FromDevice(&mut buf),
            timeouts::DEFAULT,
        )?;
        let inquiry = Inquiry::parse(&buf[..n.min(buf.len())])?;
        Ok(Drive { transport, inquiry })
    }

    /// What the device said about itself.
    pub fn inquiry(&self) -> &Inquiry {
        &self.inquiry
    }

    /// "Vendor Product Revision", for messages.
    pub fn name(&self) -> String {
        format!(
            "{} {} {}",
            self.inquiry.vendor, self.inquiry.product, self.inquiry.revision
        )
        .trim()
        .to_string()
    }

    /// Gives the transport back.
    pub fn into_inner(self) -> T {
        self.transport
    }

    /// Sends any command. **The safety check lives here**: a write-class command (see
    /// [`is_write_class`]) to a device whose peripheral device type is not 05h is refused with
    /// [`CommandError::Refused`] and never reaches the transport.
    pub fn execute(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
        timeout: Duration,
    ) -> Result<usize, CommandError> {
        let op = cdb.first().copied().unwrap_or(0);
        if is_write_class(op) && !self.inquiry.is_mmc() {
            return Err(CommandError::Refused {
                opcode: op,
                reason: format!(
                    "'{}' is not a CD/DVD/BD recorder (peripheral device type {:02X}h, qualifier {}); Kiln writes only to type 05h devices",
                    self.name(),
                    self.inquiry.peripheral_device_type,
                    self.inquiry.peripheral_qualifier
                ),
            });
        }
        execute_checked(&mut self.transport, cdb, dir, timeout)
    }

    pub(super) fn read_into(&mut self, cdb: &[u8], len: usize) -> Result<Vec<u8>, CommandError> {
        let mut buf = vec![0u8; len];
        let n = self.execute(cdb, DataDirection::FromDevice(&mut buf), timeouts::DEFAULT)?;
        buf.truncate(n);
        Ok(buf)
    }

    /// TEST UNIT READY.
    pub fn test_unit_ready(&mut self) -> Result<(), CommandError> {
        self.execute(
            &cdb::test_unit_ready(),
            DataDirection::None,
            timeouts::DEFAULT,
        )
        .map(|_| ())
    }

    /// GET CONFIGURATION, all features (asks for 8 bytes first, then the full length).
    pub fn configuration(&mut self) -> Result<Configuration, DriveError> {
        let head = self.read_into(&cdb::get_configuration(ConfigurationRequest::All, 0, 8), 8)?;
        let total = Configuration::parse(&head)?
            .available_length
            .clamp(8, 65530);
        let buf = self.read_into(
            &cdb::get_configuration(ConfigurationRequest::All, 0, total as u16),
            total,
        )?;
        Ok(Configuration::parse(&buf)?)
    }

    /// READ DISC INFORMATION.
    pub fn disc_information(&mut self) -> Result<DiscInfo, DriveError> {
        let buf = self.read_into(&cdb::read_disc_information(34), 34)?;
        Ok(DiscInfo::parse(&buf)?)
    }

    /// READ TRACK INFORMATION.
    pub fn track_information(&mut self, address: TrackAddress) -> Result<TrackInfo, DriveError> {
        let buf = self.read_into(&cdb::read_track_information(address, 48), 48)?;
        Ok(TrackInfo::parse(&buf)?)
    }

    /// READ CAPACITY.
    pub fn capacity(&mut self) -> Result<Capacity, DriveError> {
        let buf = self.read_into(&cdb::read_capacity(), 8)?;
        Ok(Capacity::parse(&buf)?)
    }

    /// READ FORMAT CAPACITIES.
    pub fn format_capacities(&mut self) -> Result<FormatCapacities, DriveError> {
        let buf = self.read_into(&cdb::read_format_capacities(252), 252)?;
        Ok(FormatCapacities::parse(&buf)?)
    }

    /// MODE SENSE(10) of the current values of a page; returns the page bytes.
    pub fn mode_page(&mut self, page: u8) -> Result<Vec<u8>, DriveError> {
        let buf = self.read_into(&cdb::mode_sense_10(page, PageControl::Current, 256), 256)?;
        Ok(mode::find_page(&buf, page)?.to_vec())
    }

    /// MODE SELECT(10) of the Write Parameters page.
    pub fn set_write_parameters(&mut self, params: &WriteParameters) -> Result<(), CommandError> {
        let data = mode::mode_select_parameters(&params.to_page());
        self.execute(
            &cdb::mode_select_10(data.len() as u16),
            DataDirection::ToDevice(&data),
            timeouts::DEFAULT,
        )
        .map(|_| ())
    }

    /// WRITE(10) of whole 2048-byte blocks at `lba`.
    pub fn write_blocks(&mut self, lba: u32, data: &[u8]) -> Result<(), CommandError> {
        let blocks = u16::try_from(data.len() / 2048).map_err(|_| CommandError::Refused {
            opcode: opcode::WRITE_10,
            reason: "more than 65535 blocks in one WRITE(10)".into(),
        })?;
        if data.len() % 2048 != 0 {
            return Err(CommandError::Refused {
                opcode: opcode::WRITE_10,
                reason: format!(
                    "{} bytes is not a whole number of 2048-byte blocks",
                    data.len()
                ),
            });
        }
        self.execute(
            &cdb_write::write_10(lba, blocks),
            DataDirection::ToDevice(data),
            timeouts::WRITE,
        )
        .map(|_| ())
    }

    /// READ(10) of `blocks` 2048-byte blocks.
    pub fn read_blocks(&mut self, lba: u32, blocks: u16) -> Result<Vec<u8>, CommandError> {
        let mut buf = vec![0u8; usize::from(blocks) * 2048];
        let n = self.execute(
            &cdb::read_10(lba, blocks),
            DataDirection::FromDevice(&mut buf),
            timeouts::WRITE,
        )?;
        buf.truncate(n);
        Ok(buf)
    }

    /// SYNCHRONIZE CACHE. With `immediate` the drive returns at once; follow with
    /// [`Drive::wait_ready`].
    pub fn synchronize_cache(&mut self, immediate: bool) -> Result<(), CommandError> {
        let t = if immediate {
            timeouts::IMMEDIATE
        } else {
            timeouts::LONG
        };
        self.execute(
            &cdb_write::synchronize_cache(immediate),
            DataDirection::None,
            t,
        )
        .map(|_| ())
    }

    /// CLOSE TRACK/SESSION. With `immediate`, follow with [`Drive::wait_ready`].
    pub fn close(
        &mut self,
        function: CloseFunction,
        number: u16,
        immediate: bool,
    ) -> Result<(), CommandError> {
        let t = if immediate {
            timeouts::IMMEDIATE
        } else {
            timeouts::LONG
        };
        self.execute(
            &cdb_write::close_track_session(function, number, immediate),
            DataDirection::None,
            t,
        )
        .map(|_| ())
    }

    /// BLANK. With `immediate`, follow with [`Drive::wait_ready`] (a full CD-RW blank at 1x
    /// takes up to 80 minutes).
    pub fn blank(&mut self, kind: BlankType, immediate: bool) -> Result<(), CommandError> {
        let t = if immediate {
            timeouts::IMMEDIATE
        } else {
            timeouts::BLANK
        };
        self.execute(&cdb_write::blank(kind, immediate), DataDirection::None, t)
            .map(|_| ())
    }

    /// FORMAT UNIT with one descriptor (copy `blocks` and `parameter` from READ FORMAT
    /// CAPACITIES). With `immediate` (set in the parameter list header), follow with
    /// [`Drive::wait_ready`].
    pub fn format(
        &mut self,
        format_type: u8,
        subtype: u8,
        blocks: u32,
        parameter: u32,
        immediate: bool,
    ) -> Result<(), CommandError> {
        let t = if immediate {
            timeouts::IMMEDIATE
        } else {
            timeouts::BLANK
        };
        let p = cdb_write::format_parameters(format_type, subtype, blocks, parameter, immediate);
        self.execute(
            &cdb_write::format_unit(false),
            DataDirection::ToDevice(&p),
            t,
        )
        .map(|_| ())
    }

    /// Polls TEST UNIT READY every `interval` until the drive is ready, as libburn does after
    /// Immed commands. While the drive answers NOT READY with a retryable condition (becoming
    /// ready, format/operation/long write in progress) or UNIT ATTENTION, `progress` gets the
    /// reported fraction (None when the drive gives none). Gives up with
    /// [`crate::transport::TransportError::Timeout`] after `max_wait`; any other sense ends the
    /// wait with that error.
    pub fn wait_ready(
        &mut self,
        interval: Duration,
        max_wait: Duration,
        mut progress: impl FnMut(Option<f64>),
    ) -> Result<(), CommandError> {
        let started = std::time::Instant::now();
        loop {
            match self.test_unit_ready() {
                Ok(()) => return Ok(()),
                Err(CommandError::Check { sense, .. }) if sense.condition().is_retryable() => {
                    progress(sense.progress_fraction());
                }
                Err(e) => return Err(e),
            }
            if started.elapsed() >= max_wait {
                return Err(crate::transport::TransportError::Timeout(max_wait).into());
            }
            std::thread::sleep(interval);
        }
    }

    /// PREVENT (true) or ALLOW (false) medium removal.
    pub fn lock_tray(&mut self, lock: bool) -> Result<(), CommandError> {
        self.execute(
            &cdb::prevent_allow_medium_removal(lock),
            DataDirection::None,
            timeouts::DEFAULT,
        )
        .map(|_| ())
    }

    /// START STOP UNIT.
    pub fn start_stop(&mut self, action: StartStop) -> Result<(), CommandError> {
        self.execute(
            &cdb::start_stop_unit(action, false),
            DataDirection::None,
            timeouts::LOAD,
        )
        .map(|_| ())
    }
}
