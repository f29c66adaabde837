//! One operation's hold on a drive: INQUIRY, waiting until it is ready, the tray lock, what
//! medium is in it, and the mapping of drive failures to [`crate::Error`].
//!
//! [`Session`] owns the [`Drive`] for the duration of a burn or an erase. Once it has locked the
//! tray (PREVENT ALLOW MEDIUM REMOVAL, prevent = 1) it unlocks it when dropped, whatever the path
//! out: success, a failed command, a cancel, a verify failure. A drive busy with an Immed
//! operation is waited for (briefly) before the unlock is sent again, so the drive is left usable.

use std::time::Duration;

use crate::mmc::cdb::StartStop;
use crate::mmc::config::Configuration;
use crate::mmc::drive::{Drive, DriveError};
use crate::mmc::parse::DiscInfo;
use crate::mmc::profile::Profile;
use crate::mmc::sense::{SenseClass, SenseCondition};
use crate::transport::{CommandError, ScsiTransport, TransportError};
use crate::Error;

/// How long to wait for a drive to become ready (spin-up, a freshly loaded disc).
const READY_WAIT: Duration = Duration::from_secs(90);
/// How long a long Immed operation (SYNCHRONIZE CACHE, CLOSE, BLANK, FORMAT) may take.
pub(super) const LONG_WAIT: Duration = Duration::from_secs(3 * 3600);
/// How long to wait for a busy drive before unlocking its tray anyway.
const UNLOCK_WAIT: Duration = Duration::from_secs(30);

/// The medium in the drive, as GET CONFIGURATION and READ DISC INFORMATION describe it.
#[derive(Debug, Clone)]
pub(super) struct MediumState {
    /// The current profile.
    pub(super) profile: Profile,
    /// The disc information block.
    pub(super) disc: DiscInfo,
    /// The features (test write, pseudo-overwrite, ...).
    pub(super) config: Configuration,
}

/// A drive held for one operation.
pub(super) struct Session<T: ScsiTransport> {
    pub(super) drive: Drive<T>,
    /// How the drive is named in messages.
    pub(super) label: String,
    poll: Duration,
    locked: bool,
}

impl<T: ScsiTransport> Session<T> {
    /// Sends INQUIRY and refuses anything that is not an MMC (CD/DVD/BD) device.
    pub(super) fn open(transport: T, label: &str, poll: Duration) -> crate::Result<Self> {
        let drive = Drive::open(transport).map_err(|e| fail(label, "identifying the drive", e))?;
        if !drive.inquiry().is_mmc() {
            return Err(Error::DeviceNotAccessible {
                recorder: label.to_string(),
                reason: format!(
                    "'{}' is not a CD/DVD/BD recorder (SCSI peripheral type {:02X}h); choose \
                     another recorder",
                    drive.name(),
                    drive.inquiry().peripheral_device_type
                ),
            });
        }
        tracing::info!(drive = %drive.name(), recorder = label, "drive opened");
        Ok(Session {
            drive,
            label: label.to_string(),
            poll,
            locked: false,
        })
    }

    /// TEST UNIT READY until the drive is ready, riding out "becoming ready", unit attentions
    /// and operations still in progress.
    pub(super) fn wait_ready(&mut self) -> crate::Result<()> {
        self.wait_ready_for(READY_WAIT, "waiting for the drive to become ready")
    }

    /// Waits after an Immed command (up to hours: a full blank, a finalization).
    pub(super) fn wait_long(&mut self, doing: &str) -> crate::Result<()> {
        self.wait_ready_for(LONG_WAIT, doing)
    }

    fn wait_ready_for(&mut self, max: Duration, doing: &str) -> crate::Result<()> {
        let poll = self.poll;
        self.drive
            .wait_ready(poll, max, |_| {})
            .map_err(|e| fail(&self.label, doing, e))
    }

    /// How often the drive is polled while busy.
    pub(super) fn poll_interval(&self) -> Duration {
        self.poll
    }

    /// Locks the tray; from now on dropping the session unlocks it.
    pub(super) fn lock(&mut self) -> crate::Result<()> {
        self.drive
            .lock_tray(true)
            .map_err(|e| fail(&self.label, "locking the tray", e))?;
        self.locked = true;
        Ok(())
    }

    /// GET CONFIGURATION and READ DISC INFORMATION; refuses a missing disc.
    pub(super) fn identify(&mut self) -> crate::Result<MediumState> {
        let config = self
            .drive
            .configuration()
            .map_err(|e| fail(&self.label, "asking which disc is loaded", e))?;
        if config.current_profile == Profile::NoMedium {
            return Err(Error::MediumNotPresent {
                recorder: self.label.clone(),
            });
        }
        let disc = self
            .drive
            .disc_information()
            .map_err(|e| fail(&self.label, "reading the disc information", e))?;
        tracing::info!(
            recorder = %self.label,
            profile = %config.current_profile,
            status = ?disc.status,
            "medium identified"
        );
        Ok(MediumState {
            profile: config.current_profile,
            disc,
            config,
        })
    }

    /// Ends a successful operation: unlocks the tray and ejects when asked.
    pub(super) fn finish(mut self, eject: bool) -> crate::Result<()> {
        self.unlock();
        if eject {
            self.drive
                .start_stop(StartStop::Eject)
                .map_err(|e| fail(&self.label, "ejecting the disc", e))?;
        }
        Ok(())
    }

    fn unlock(&mut self) {
        if !self.locked {
            return;
        }
        let mut result = self.drive.lock_tray(false);
        if result
            .as_ref()
            .err()
            .and_then(CommandError::sense)
            .is_some_and(|s| s.condition().is_retryable())
        {
            // Still busy with an Immed operation: let it finish, then unlock again.
            let poll = self.poll;
            let _ = self.drive.wait_ready(poll, UNLOCK_WAIT, |_| {});
            result = self.drive.lock_tray(false);
        }
        match result {
            Ok(()) => tracing::debug!(recorder = %self.label, "tray unlocked"),
            Err(e) => {
                tracing::warn!(recorder = %self.label, error = %e, "could not unlock the tray")
            }
        }
        self.locked = false;
    }
}

impl<T: ScsiTransport> Drop for Session<T> {
    fn drop(&mut self) {
        self.unlock();
    }
}

/// Maps a drive failure to the core's error, naming the drive and what Kiln was doing.
pub(super) fn fail(label: &str, doing: &str, e: impl Into<DriveError>) -> Error {
    let e = e.into();
    let recorder = label.to_string();
    match e.condition() {
        Some(SenseCondition::NoMedium { .. }) => Error::MediumNotPresent { recorder },
        Some(SenseCondition::LossOfStreaming) => Error::LossOfStreaming { recorder },
        Some(c) if c.class() == SenseClass::Medium => Error::MediumInvalid {
            recorder,
            reason: format!("{doing}: {}", c.message()),
        },
        Some(c) => Error::DeviceNotAccessible {
            recorder,
            reason: format!("{doing}: {}", c.message()),
        },
        None => {
            let hint = match &e {
                DriveError::Command(CommandError::Transport(TransportError::Timeout(_))) => "",
                DriveError::Command(CommandError::Transport(_)) => {
                    " (is another program using the drive?)"
                }
                _ => "",
            };
            Error::DeviceNotAccessible {
                recorder,
                reason: format!("{doing}: {e}{hint}"),
            }
        }
    }
}
