//! Burn engines: [`DriveRecorder`] records staged discs on an MMC drive (a real one through SG_IO,
//! SPTI or IOKit, or the emulated drive) and erases CD-RWs and DVD-RWs. [`VirtualRecorder`] is
//! the product's "virtual recorder": an emulated drive with a chosen blank medium whose disc
//! ends up in a file.
//!
//! Every operation follows the same frame, held by a session (`session.rs`):
//!
//! 1. INQUIRY (only peripheral type 05h is accepted), TEST UNIT READY until ready (riding out
//!    "becoming ready" and unit attentions), PREVENT MEDIUM REMOVAL;
//! 2. GET CONFIGURATION (the profile: which medium) and READ DISC INFORMATION (blank or not);
//!    unusable media are refused with [`crate::Error::MediumInvalid`] or
//!    [`crate::Error::MediumNotPresent`], too little room with [`crate::Error::DiscFull`];
//! 3. the medium's recipe (`data.rs` for data discs, `audio.rs` for CD-DA session at once), fed by
//!    [`crate::stream::pump`] with a read-ahead ring sized for the medium, polling cancellation
//!    between chunks and reporting `PreparingBurn`, `BlockProgress`, `TrackProgress` and
//!    `ClosingDisc`;
//! 4. verify (`verify.rs`): the disc is read back and compared with what was sent (on by
//!    default; [`crate::RecordOptions::verify`]);
//! 5. the tray is unlocked on **every** way out (success, error, cancel): the session's `Drop`
//!    sends PREVENT ALLOW MEDIUM REMOVAL with prevent = 0.
//!
//! Simulation is the drive's test write, which only CD-R/RW and DVD-R/-RW have; other media are
//! refused with a clear error rather than pretending.
//!
//! Drive failures become core errors naming the drive and what Kiln was doing: no disc →
//! `MediumNotPresent`, buffer underrun → `LossOfStreaming`, medium-class sense (write error,
//! incompatible medium, disc full, calibration failure) → `MediumInvalid`, the rest →
//! `DeviceNotAccessible`.

mod append;
mod audio;
mod cd_sao;
mod data;
mod dvd_rw;
mod feed;
mod grow;
mod inquire;
mod layers;
mod leadin;
mod media_format;
mod media_rules;
mod probe;
mod session;
mod verify;
mod virtual_drive;

use std::time::Duration;

pub use append::{AppendPoint, LastSession};
pub use probe::{lists_writable_media, probe, DriveReport};
pub use virtual_drive::{VirtualMedium, VirtualRecorder, VirtualSpec};

use crate::audio::AudioDisc;
use crate::media::MediumSize;
use crate::mmc::cdb_write::BlankType;
use crate::mmc::drive::{timeouts, Drive};
use crate::mmc::profile::Profile;
use crate::mmc::sense::SenseCondition;
use crate::mmc::speed;
use crate::progress::{ProgressEvent, Reporter};
use crate::recorder::{MediumInfo, RecordOptions, Recorder, RecorderInfo};
use crate::transport::{CommandError, DataDirection, ScsiTransport};
use crate::{Error, Result};
use session::Session;

/// Opens the transport of a drive at the moment it is needed (a real drive is opened
/// exclusively only for the duration of a burn). It gets the options of the burn.
pub type Opener<T> = Box<dyn FnMut(&RecordOptions) -> Result<T> + Send>;
/// Opens the transport of a drive for reading only (a report, a verify): shared, so a mounted
/// disc or another reader does not stand in the way.
pub type ReadOpener<T> = Box<dyn FnMut() -> Result<T> + Send>;

/// A recorder that drives an MMC device through a [`ScsiTransport`].
pub struct DriveRecorder<T: ScsiTransport> {
    info: RecorderInfo,
    open: Opener<T>,
    open_for_reading: Option<ReadOpener<T>>,
    capacity: MediumSize,
    poll: Duration,
}

impl<T: ScsiTransport> std::fmt::Debug for DriveRecorder<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DriveRecorder")
            .field("info", &self.info)
            .field("capacity", &self.capacity)
            .finish()
    }
}

impl<T: ScsiTransport> DriveRecorder<T> {
    /// A recorder listed as `info` whose transport `open` gives when a burn starts.
    pub fn new(
        info: RecorderInfo,
        open: impl FnMut(&RecordOptions) -> Result<T> + Send + 'static,
    ) -> Self {
        DriveRecorder {
            info,
            open: Box::new(open),
            open_for_reading: None,
            capacity: MediumSize::Unlimited,
            poll: Duration::from_millis(500),
        }
    }

    /// What [`Recorder::capacity`] reports (the drive is not opened to ask; the real free space
    /// is checked when the burn starts). Unlimited by default.
    pub fn with_capacity(mut self, capacity: MediumSize) -> Self {
        self.capacity = capacity;
        self
    }

    /// How to open the drive for reading only; without it the burn opener is used.
    pub fn with_reader(mut self, open: impl FnMut() -> Result<T> + Send + 'static) -> Self {
        self.open_for_reading = Some(Box::new(open));
        self
    }

    /// How often to poll TEST UNIT READY while the drive is busy (500 ms by default, as
    /// libburn does).
    pub fn with_poll_interval(mut self, poll: Duration) -> Self {
        self.poll = poll;
        self
    }

    /// The name used in messages: "NAME (ID)".
    fn label(&self) -> String {
        format!("{} ({})", self.info.name, self.info.id)
    }

    fn session(&mut self, options: &RecordOptions) -> Result<Session<T>> {
        let label = self.label();
        let transport = (self.open)(options)?;
        Session::open(transport, &label, self.poll)
    }

    fn reading_session(&mut self) -> Result<Session<T>> {
        let label = self.label();
        let transport = match self.open_for_reading.as_mut() {
            Some(open) => open()?,
            None => (self.open)(&RecordOptions::default())?,
        };
        Session::open(transport, &label, self.poll)
    }
}

impl<T: ScsiTransport> Recorder for DriveRecorder<T> {
    fn info(&self) -> RecorderInfo {
        self.info.clone()
    }

    fn capacity(&self) -> MediumSize {
        self.capacity
    }

    fn record_data(
        &mut self,
        image: &mut (dyn std::io::Read + Send),
        total_blocks: u64,
        options: &RecordOptions,
        reporter: &mut dyn Reporter,
    ) -> Result<()> {
        data::record(self, image, total_blocks, options, reporter)
    }

    fn record_audio(
        &mut self,
        disc: &AudioDisc,
        options: &RecordOptions,
        reporter: &mut dyn Reporter,
    ) -> Result<()> {
        audio::record(self, disc, options, reporter)
    }

    fn erase(&mut self, quick: bool, reporter: &mut dyn Reporter) -> Result<()> {
        erase(self, quick, reporter)
    }

    fn last_session(&mut self, overwritable: bool) -> Result<Option<LastSession>> {
        append::last_session(self, overwritable)
    }

    fn medium_info(&mut self) -> Result<MediumInfo> {
        // Only reads: opened like a report, so a real drive is not taken from the system.
        let mut s = self.reading_session()?;
        let info = inquire::medium_info(&mut s)?;
        s.finish(false)?;
        Ok(info)
    }

    fn drive_report(&mut self) -> Result<DriveReport> {
        probe::drive_report(self)
    }

    fn verify_image(&mut self, image: &std::path::Path, reporter: &mut dyn Reporter) -> Result<()> {
        probe::verify_image(self, image, reporter)
    }
}

/// BLANK of a CD-RW or DVD-RW (minimal or full), with Immed and TEST UNIT READY polling. A
/// DVD-RW in either recording mode comes back in sequential recording (profile 0014h); after a
/// minimal blank it can only be written disc at once, which the data burn then does
/// (MMC-NOTES (g); `media_rules.rs`).
fn erase<T: ScsiTransport>(
    rec: &mut DriveRecorder<T>,
    quick: bool,
    reporter: &mut dyn Reporter,
) -> Result<()> {
    let mut s = rec.session(&RecordOptions::default())?;
    s.wait_ready()?;
    s.lock()?;
    let state = s.identify()?;
    match state.profile {
        Profile::CdRw | Profile::DvdRwSequential | Profile::DvdRwRestrictedOverwrite => {}
        Profile::DvdPlusRw | Profile::BdRe => {
            return Err(Error::MediumInvalid {
                recorder: s.label.clone(),
                reason: format!(
                    "a {} needs no erasing: burn over it directly",
                    state.profile.name()
                ),
            })
        }
        p => {
            return Err(Error::MediumInvalid {
                recorder: s.label.clone(),
                reason: format!(
                    "a {} cannot be erased; Kiln erases CD-RW and DVD-RW discs (DVD+RW and \
                     BD-RE are simply written over)",
                    p.name()
                ),
            })
        }
    }
    reporter.check_cancel()?;
    let kind = if quick {
        BlankType::Minimal
    } else {
        BlankType::Full
    };
    tracing::info!(recorder = %s.label, quick, "erasing");
    reporter.emit(ProgressEvent::PreparingBurn {
        estimated_seconds: if quick { 60 } else { 1800 },
    });
    s.drive
        .blank(kind, true)
        .map_err(|e| session::fail(&s.label, "erasing the disc", e))?;
    // Polled like a format: the drive's progress (TUR or REQUEST SENSE SKSV) becomes estimates.
    media_format::wait_with_progress(&mut s, "erasing the disc", reporter)?;
    if state.profile.is_dvd() {
        // The drive switches a blanked DVD-RW to sequential recording: check that it did.
        let after = s.identify()?;
        tracing::info!(recorder = %s.label, profile = %after.profile, "erased");
        if after.profile != Profile::DvdRwSequential {
            return Err(Error::MediumInvalid {
                recorder: s.label.clone(),
                reason: format!(
                    "after erasing, the DVD-RW reports itself as {} instead of sequential \
                     recording: erase it again with --full, or try another drive",
                    after.profile.name()
                ),
            });
        }
    }
    s.finish(false)
}

/// The error for a simulation the medium cannot do.
fn cannot_simulate(label: &str, profile: Profile) -> Error {
    Error::MediumInvalid {
        recorder: label.to_string(),
        reason: format!(
            "a {} cannot be written in simulation (test write): only CD-R/RW and DVD-R/-RW \
             can. Burn for real, or simulate with a CD-R or DVD-R",
            profile.name()
        ),
    }
}

/// Chooses the write speed for `options.speed` among those the drive offers and sends it (a
/// refusal is only logged: the drive then writes at its own speed). Returns the speed asked for.
fn apply_speed<T: ScsiTransport>(
    s: &mut Session<T>,
    profile: Profile,
    wanted: Option<f64>,
    end_lba: u32,
) -> Option<speed::WriteSpeed> {
    let offered = speed::offered(&mut s.drive, profile);
    let chosen = speed::choose(&offered, wanted)?;
    if wanted.is_some_and(|x| (chosen.x - x).abs() > x * 0.03) {
        tracing::warn!(
            recorder = %s.label,
            wanted = wanted.map(speed::format_x),
            chosen = %chosen.label(),
            "the drive does not offer that speed for this disc; using the nearest one below"
        );
    }
    let accepted = speed::set(&mut s.drive, profile, chosen, end_lba);
    tracing::info!(recorder = %s.label, speed = %chosen.label(), kbps = chosen.kbps, accepted, "write speed");
    Some(chosen)
}

/// Sends a WRITE, sending it again while the drive says its buffer is full or it is busy
/// (2/04/08 "long write in progress", 2/04/01, 2/04/07), with growing pauses of at most 25 ms
/// as libburn does, for at most two minutes.
fn write_retrying<T: ScsiTransport>(
    drive: &mut Drive<T>,
    cdb: &[u8],
    data: &[u8],
) -> std::result::Result<(), CommandError> {
    let limit = Duration::from_secs(120);
    let mut waited = Duration::ZERO;
    let mut pause = Duration::from_millis(1);
    loop {
        match drive.execute(cdb, DataDirection::ToDevice(data), timeouts::WRITE) {
            Err(CommandError::Check { sense, .. })
                if matches!(
                    sense.condition(),
                    SenseCondition::LongWriteInProgress
                        | SenseCondition::BecomingReady
                        | SenseCondition::OperationInProgress
                ) && waited < limit =>
            {
                std::thread::sleep(pause);
                waited += pause;
                pause = (pause * 2).min(Duration::from_millis(25));
            }
            r => return r.map(|_| ()),
        }
    }
}
