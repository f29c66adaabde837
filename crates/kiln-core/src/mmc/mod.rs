//! The MMC layer: how Kiln talks to CD/DVD/BD recorders with SCSI Multi-Media Commands.
//!
//! - [`cdb`] and [`cdb_write`] build command descriptor blocks (exact bytes, MMC-6/SPC-3).
//! - [`parse`], [`toc`], [`config`] and [`mode`] read the answers; [`profile`] names the media.
//! - [`speed`] lists the write speeds a drive offers and chooses one (SET CD SPEED / SET
//!   STREAMING).
//! - [`sense`] decodes sense data into conditions with a message and a classification.
//! - [`burn`] records discs on a drive ([`burn::DriveRecorder`], [`burn::VirtualRecorder`]).
//! - [`drive::Drive`] wraps a [`crate::transport::ScsiTransport`] and is the one place that
//!   refuses write-class commands to devices that are not MMC devices (INQUIRY type 05h).

#![forbid(unsafe_code)]

pub mod burn;
pub(crate) mod bytes;
pub mod cdb;
pub mod cdb_write;
pub mod config;
pub mod drive;
mod drive_more;
pub mod mode;
pub mod parse;
pub mod profile;
pub mod sense;
pub mod speed;
pub mod toc;

pub use drive::Drive;
pub use profile::Profile;
pub use sense::{Sense, SenseClass, SenseCondition, SenseKey};

/// An answer from the drive could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Fewer bytes than the structure needs.
    #[error("the drive's {what} is too short: {got} bytes, at least {needed} needed")]
    Truncated {
        /// What was being parsed.
        what: &'static str,
        /// Bytes needed.
        needed: usize,
        /// Bytes present.
        got: usize,
    },
    /// The bytes are present but do not make sense.
    #[error("the drive's {what} is malformed: {reason}")]
    Invalid {
        /// What was being parsed.
        what: &'static str,
        /// What is wrong.
        reason: String,
    },
}
