//! Kiln's core: everything about discs and nothing about windows.
//!
//! The entry point is [`DiscMaster`], which follows the flow of Microsoft's IMAPI v1: open, choose
//! a format, choose a recorder, subscribe to progress, stage content, record, close.
//!
//! ```no_run
//! use kiln_core::{DiscMaster, Format, RecordOptions};
//! # fn main() -> kiln_core::Result<()> {
//! let mut master = DiscMaster::new();
//! master.open()?;
//! master.set_active_format(Format::Data)?;
//! master.set_active_recorder("image")?;
//! master.add_data("photos".as_ref(), "/")?;
//! println!("{} blocks", master.data_stats()?.used);
//! master.record_disc(&RecordOptions {
//!     image_path: Some("photos.iso".into()),
//!     ..RecordOptions::default()
//! })?;
//! master.close();
//! # Ok(()) }
//! ```
//!
//! Data discs are staged by [`data::DataStaging`] and streamed by [`data::ImageReader`] (an
//! `impl Read` of 2048-byte blocks); [`inspect`] checks images structurally.
//!
//! Recorders: the image-file recorder, the virtual recorders (`virtual-dvd+r`, ...: the emulated
//! drive, whose disc is saved to a file) and real drives all go through [`recorder::Recorder`];
//! the drive ones are [`mmc::burn::DriveRecorder`], which burns, verifies and erases.
//!
//! [`project`] saves a compilation to a file and stages it again through the disc master.

#![forbid(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

pub mod audio;
pub mod data;
mod error;
pub mod inspect;
pub mod l10n;
mod master;
pub mod media;
pub mod mmc;
pub mod notice;
pub mod progress;
pub mod project;
pub mod recorder;
pub mod stream;
pub mod transport;
pub mod watch;

pub use error::{Error, Result};
pub use l10n::{Localized, LocalizedArg};
pub use master::{AudioStats, DiscMaster, DriveFinder, Format, Graft};
pub use media::MediumSize;
pub use recorder::{RecordOptions, RecorderInfo, RecorderKind, WriteSpeed};
