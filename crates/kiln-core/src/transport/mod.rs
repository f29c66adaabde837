//! How SCSI commands reach a drive: the [`ScsiTransport`] trait, its outcome types, and the
//! implementations (an emulated drive for tests, SG_IO on Linux, SPTI on Windows, the IOKit MMC
//! user client on macOS).
//!
//! A transport only moves bytes: it reports the SCSI status, sense and residual as the device gave
//! them. [`execute_checked`] turns CHECK CONDITION into a decoded [`CommandError::Check`].

use std::time::Duration;

use crate::mmc::sense::Sense;

pub mod emulated;
pub mod iokit;
pub mod priority;
#[cfg(target_os = "linux")]
pub mod sg_io;
#[cfg(windows)]
pub mod spti;
#[cfg(windows)]
pub mod spti_discover;
pub mod spti_lock;
pub mod storage_descriptor;
pub mod write_guard;

/// The data phase of a command.
#[derive(Debug)]
pub enum DataDirection<'a> {
    /// No data (TEST UNIT READY, CLOSE TRACK, ...).
    None,
    /// Data comes from the device into this buffer (INQUIRY, READ, ...).
    FromDevice(&'a mut [u8]),
    /// Data goes to the device from this buffer (WRITE, MODE SELECT, ...).
    ToDevice(&'a [u8]),
}

impl DataDirection<'_> {
    /// Number of bytes the host offers or expects.
    pub fn len(&self) -> usize {
        match self {
            DataDirection::None => 0,
            DataDirection::FromDevice(b) => b.len(),
            DataDirection::ToDevice(b) => b.len(),
        }
    }

    /// True if there is no data phase or it is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A SCSI status byte (SAM status codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScsiStatus(pub u8);

impl ScsiStatus {
    /// 00h GOOD.
    pub const GOOD: ScsiStatus = ScsiStatus(0x00);
    /// 02h CHECK CONDITION: sense data says why.
    pub const CHECK_CONDITION: ScsiStatus = ScsiStatus(0x02);
    /// 04h CONDITION MET.
    pub const CONDITION_MET: ScsiStatus = ScsiStatus(0x04);
    /// 08h BUSY.
    pub const BUSY: ScsiStatus = ScsiStatus(0x08);
    /// 18h RESERVATION CONFLICT.
    pub const RESERVATION_CONFLICT: ScsiStatus = ScsiStatus(0x18);
    /// 28h TASK SET FULL.
    pub const TASK_SET_FULL: ScsiStatus = ScsiStatus(0x28);
    /// 40h TASK ABORTED.
    pub const TASK_ABORTED: ScsiStatus = ScsiStatus(0x40);
}

/// What the device answered to one command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandOutcome {
    /// The SCSI status.
    pub status: ScsiStatus,
    /// Sense bytes (autosense), empty unless CHECK CONDITION.
    pub sense: Vec<u8>,
    /// Bytes of the data phase that were *not* transferred.
    pub residual: usize,
}

impl CommandOutcome {
    /// GOOD status with the given residual.
    pub fn good(residual: usize) -> Self {
        CommandOutcome {
            status: ScsiStatus::GOOD,
            sense: Vec::new(),
            residual,
        }
    }

    /// CHECK CONDITION with these sense bytes; nothing transferred.
    pub fn check_condition(sense: Vec<u8>, residual: usize) -> Self {
        CommandOutcome {
            status: ScsiStatus::CHECK_CONDITION,
            sense,
            residual,
        }
    }

    /// True for GOOD (and CONDITION MET).
    pub fn is_good(&self) -> bool {
        matches!(self.status, ScsiStatus::GOOD | ScsiStatus::CONDITION_MET)
    }

    /// The parsed sense, if there is any.
    pub fn parsed_sense(&self) -> Option<Sense> {
        Sense::parse(&self.sense)
    }
}

/// The transport itself failed: the command may never have reached the device, or its status is
/// unknown. Each variant's message tells the user what to do.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// The OS refused access to the device node.
    #[error("no permission to use {device}: {hint}")]
    PermissionDenied {
        /// The device path.
        device: String,
        /// What to do (e.g. join the `cdrom` group).
        hint: String,
    },
    /// Another program (or a mounted file system) holds the device.
    #[error("{device} is in use: {hint}")]
    Busy {
        /// The device path.
        device: String,
        /// What to do.
        hint: String,
    },
    /// The device vanished.
    #[error("{device} was disconnected: reconnect it and choose it again")]
    Disconnected {
        /// The device path.
        device: String,
    },
    /// The command did not finish in time.
    #[error("the drive did not answer within {0:?}: it may be hung; eject the disc, reconnect the drive and try again")]
    Timeout(Duration),
    /// The request cannot be expressed (CDB too long, buffer too large for the adapter, ...).
    #[error("the command cannot be sent: {0}")]
    InvalidRequest(String),
    /// The adapter or driver reported an error.
    #[error("the system could not talk to {device}: {message}")]
    Os {
        /// The device path.
        device: String,
        /// What the OS said.
        message: String,
    },
}

/// Sends SCSI commands to one device.
pub trait ScsiTransport: Send {
    /// Sends `cdb` with the given data phase and waits at most `timeout`. A CHECK CONDITION is a
    /// successful *transport* outcome; only failures to deliver the command are `Err`.
    fn execute(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
        timeout: Duration,
    ) -> Result<CommandOutcome, TransportError>;
}

impl<T: ScsiTransport + ?Sized> ScsiTransport for Box<T> {
    fn execute(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
        timeout: Duration,
    ) -> Result<CommandOutcome, TransportError> {
        (**self).execute(cdb, dir, timeout)
    }
}

impl<T: ScsiTransport + ?Sized> ScsiTransport for &mut T {
    fn execute(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
        timeout: Duration,
    ) -> Result<CommandOutcome, TransportError> {
        (**self).execute(cdb, dir, timeout)
    }
}

/// A transport shared between owners (the emulated drive of the virtual recorder, which the
/// recorder inspects after a burn, or a test that checks the command log): each command holds
/// the lock for its duration.
impl<T: ScsiTransport> ScsiTransport for std::sync::Arc<std::sync::Mutex<T>> {
    fn execute(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
        timeout: Duration,
    ) -> Result<CommandOutcome, TransportError> {
        let mut inner = self.lock().map_err(|_| TransportError::Os {
            device: "shared transport".into(),
            message: "a previous command panicked while holding the device".into(),
        })?;
        inner.execute(cdb, dir, timeout)
    }
}

/// A command that did not succeed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CommandError {
    /// The transport failed.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// CHECK CONDITION with decodable sense.
    #[error("command {opcode:02X}h failed: {sense}")]
    Check {
        /// The operation code of the failed command.
        opcode: u8,
        /// The decoded sense.
        sense: Sense,
    },
    /// Any other non-GOOD status, or CHECK CONDITION without usable sense.
    #[error("command {opcode:02X}h ended with SCSI status {status:02X}h and no usable sense data")]
    Status {
        /// The operation code.
        opcode: u8,
        /// The status byte.
        status: u8,
    },
    /// The drive refused before anything was sent (see `mmc::drive::Drive`).
    #[error("refusing to send command {opcode:02X}h: {reason}")]
    Refused {
        /// The operation code.
        opcode: u8,
        /// Why.
        reason: String,
    },
}

impl CommandError {
    /// The sense, if this is a CHECK CONDITION.
    pub fn sense(&self) -> Option<&Sense> {
        match self {
            CommandError::Check { sense, .. } => Some(sense),
            _ => None,
        }
    }

    /// True if this is a CHECK CONDITION with the given sense key/ASC/ASCQ.
    pub fn is_sense(&self, key: u8, asc: u8, ascq: u8) -> bool {
        self.sense()
            .is_some_and(|s| s.key.code() == key && s.asc == asc && s.ascq == ascq)
    }
}

/// Sends a command and returns the number of bytes transferred, or the decoded failure. RECOVERED
/// ERROR counts as success (the command completed), as SPC-3 says.
pub fn execute_checked(
    transport: &mut (impl ScsiTransport + ?Sized),
    cdb: &[u8],
    dir: DataDirection<'_>,
    timeout: Duration,
) -> Result<usize, CommandError> {
    let requested = dir.len();
    let opcode = cdb.first().copied().unwrap_or(0);
    let outcome = transport.execute(cdb, dir, timeout)?;
    if outcome.is_good() {
        return Ok(requested.saturating_sub(outcome.residual));
    }
    if outcome.status == ScsiStatus::CHECK_CONDITION {
        if let Some(sense) = outcome.parsed_sense() {
            if sense.key == crate::mmc::sense::SenseKey::RecoveredError {
                return Ok(requested.saturating_sub(outcome.residual));
            }
            return Err(CommandError::Check { opcode, sense });
        }
    }
    Err(CommandError::Status {
        opcode,
        status: outcome.status.0,
    })
}
