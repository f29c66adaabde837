//! Recorders: what a staged disc is recorded onto. The image-file recorder is always present; the
//! drive backends (real drives through SG_IO / SPTI / IOKit, and the emulated drive) implement the
//! same trait, so [`crate::DiscMaster`] never knows which it drives.

mod image_file;

pub use image_file::ImageFileRecorder;

use std::io::Read;
use std::path::PathBuf;

use crate::media::MediumSize;
use crate::progress::Reporter;
use crate::{Format, Result};

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

/// How to record.
#[derive(Debug, Clone, Default)]
pub struct RecordOptions {
    /// Go through the whole burn without writing (IMAPI's simulate): for an image file, every
    /// source is read and checked but no file is written.
    pub simulate: bool,
    /// Eject the disc when done (drives only).
    pub eject: bool,
    /// Where the image-file recorder writes.
    pub image_path: Option<PathBuf>,
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
}
