//! Recorders: what a staged disc is recorded onto. The image-file recorder is always present; the
//! drive backends (real drives through SG_IO / SPTI / IOKit, and the emulated drive) implement the
//! same trait, so [`crate::DiscMaster`] never knows which it drives.

mod image_audio;
mod image_file;
mod medium_info;

pub use image_audio::AudioImagePaths;
pub use image_file::ImageFileRecorder;
pub use medium_info::MediumInfo;

pub use crate::mmc::speed::WriteSpeed;

use std::io::Read;
use std::path::PathBuf;

use crate::audio::AudioDisc;
use crate::media::MediumSize;
use crate::progress::Reporter;
use crate::{Error, Format, Result};

/// What kind of device a recorder is.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecorderKind {
    /// Writes an image file (`.iso`) instead of a disc.
    ImageFile,
    /// A real optical drive.
    Drive,
    /// The emulated drive ("virtual recorder").
    Emulated,
    /// An optical drive that lists no writable medium (a CD/DVD-ROM reader): it can be asked
    /// about its disc and read back (`kiln media`, `kiln verify`) but never records.
    Reader,
}

/// A recorder as listed to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecorderInfo {
    /// Stable identifier (`image`, `/dev/sr0`, ...).
    pub id: String,
    /// What it is.
    pub kind: RecorderKind,
    /// A name for people (vendor and model for drives).
    pub name: String,
    /// The formats it can record.
    pub formats: Vec<Format>,
}

/// How to record. [`RecordOptions::default`] verifies after burning and finalizes the disc.
#[derive(Debug, Clone)]
pub struct RecordOptions {
    /// Go through the whole burn without writing (IMAPI's simulate): for an image file, every
    /// source is read and checked but no file is written.
    pub simulate: bool,
    /// Eject the disc when done (drives only).
    pub eject: bool,
    /// Where the image-file recorder writes: the `.iso` of a data disc, or the `.cue` of an
    /// audio disc (the `.bin`, and the `.toc` when asked, go beside it with the same stem).
    pub image_path: Option<PathBuf>,
    /// Audio discs written to image files: also write a cdrdao `.toc` beside the CUE sheet.
    pub write_toc: bool,
    /// Drives: read the disc back after writing and compare it with what was sent (on by
    /// default). A disc that reads back different, short or blank is a failed burn.
    pub verify: bool,
    /// Drives, sequential media (CD-R/RW, DVD±R, BD-R): leave the disc appendable instead of
    /// finalizing it, so that a later burn can add a session.
    pub multisession: bool,
    /// Drives: the image is a session laid out for this block (the next writable address of an
    /// appendable disc, from [`Recorder::last_session`]). The burn refuses a disc whose next
    /// writable address is now another one. `None`: the disc must be blank (or overwritable).
    pub append_at: Option<u32>,
    /// Drives: the write speed as a multiple of the medium's 1× (52.0 = 52× on a CD, 16.0 =
    /// 16× on a DVD or BD); `None` = the fastest the drive offers for the disc. The drive gets
    /// the fastest speed it offers that is not above this one (the slowest when all are), with
    /// SET CD SPEED on CDs and SET STREAMING on DVD and BD.
    pub speed: Option<f64>,
    /// Drives, a blank DVD-RW in sequential recording mode: quick-format it for restricted
    /// overwrite (FORMAT UNIT type 15h) and write it in place like a DVD+RW, so that later
    /// burns overwrite it without erasing. Off: it is written sequentially, like a DVD-R.
    pub dvd_rw_overwrite: bool,
    /// Drives, an unformatted BD-RE: format it with spare areas so the drive manages defects
    /// (FORMAT UNIT type 00h), which halves the write speed. Off: formatted without spares
    /// (type 31h), at full speed, as MMC-NOTES recommends for burning whole discs.
    pub defect_management: bool,
    /// Drives, a blank CD-R/RW with a data disc: write it session at once (one track from a
    /// cue sheet, no run-out or link blocks) instead of track at once.
    pub cd_sao: bool,
}

impl Default for RecordOptions {
    fn default() -> Self {
        RecordOptions {
            simulate: false,
            eject: false,
            image_path: None,
            write_toc: false,
            verify: true,
            multisession: false,
            append_at: None,
            speed: None,
            dvd_rw_overwrite: false,
            cd_sao: false,
            defect_management: false,
        }
    }
}

/// Something that records a staged disc.
pub trait Recorder: Send {
    /// How it is listed.
    fn info(&self) -> RecorderInfo;

    /// The capacity of the medium it would record on now.
    fn capacity(&self) -> MediumSize;

    /// Records a data image of `total_blocks` 2048-byte blocks read from `image`.
    fn record_data(
        &mut self,
        image: &mut (dyn Read + Send),
        total_blocks: u64,
        options: &RecordOptions,
        reporter: &mut dyn Reporter,
    ) -> Result<()>;

    /// Records an audio disc (Red Book). Recorders that cannot record audio keep this default,
    /// which refuses.
    fn record_audio(
        &mut self,
        disc: &AudioDisc,
        options: &RecordOptions,
        reporter: &mut dyn Reporter,
    ) -> Result<()> {
        let _ = (disc, options, reporter);
        Err(Error::FormatUnavailable {
            format: "audio",
            reason: format!(
                "the recorder '{}' cannot record audio discs: choose another recorder, or an \
                 image file (--to DISC.cue)",
                self.info().id
            ),
        })
    }

    /// What the drive is and what disc it holds (a drive opened for reading only). Recorders
    /// that are not drives keep this default, which refuses.
    fn drive_report(&mut self) -> Result<crate::mmc::burn::DriveReport> {
        Err(not_a_drive(&self.info().id))
    }

    /// Reads the disc in the drive back and compares it block for block with the data image
    /// file `image`. Recorders that are not drives keep this default, which refuses.
    fn verify_image(&mut self, image: &std::path::Path, reporter: &mut dyn Reporter) -> Result<()> {
        let _ = (image, reporter);
        Err(not_a_drive(&self.info().id))
    }

    /// Erases the rewritable disc in the recorder (CD-RW: BLANK, `quick` = minimal blanking).
    /// Recorders without a disc keep this default, which refuses.
    fn erase(&mut self, quick: bool, reporter: &mut dyn Reporter) -> Result<()> {
        let _ = (quick, reporter);
        Err(Error::DeviceNotAccessible {
            recorder: self.info().id,
            reason: "it has no disc to erase: choose a drive with a CD-RW in it".into(),
        })
    }

    /// The disc's last session and where a new one would go, when the disc in the recorder
    /// is left open for more sessions (or, with `overwritable`, is a DVD+RW, BD-RE, ... holding
    /// an ISO 9660 volume, which can grow); `None` when there is nothing to append to (a blank
    /// disc, an image file: the default).
    fn last_session(
        &mut self,
        overwritable: bool,
    ) -> Result<Option<crate::mmc::burn::LastSession>> {
        let _ = overwritable;
        Ok(None)
    }

    /// Describes the disc in the recorder (profile, status, free space, write speeds).
    /// Recorders without a disc keep this default, which refuses.
    fn medium_info(&mut self) -> Result<MediumInfo> {
        Err(Error::DeviceNotAccessible {
            recorder: self.info().id,
            reason: "it holds no disc: choose a drive (see kiln recorders)".into(),
        })
    }
}

fn not_a_drive(id: &str) -> Error {
    Error::DeviceNotAccessible {
        recorder: id.to_string(),
        reason: "it is not a disc drive: name a drive from `kiln recorders` (/dev/srN)".into(),
    }
}
