//! Kiln's core: everything about discs and nothing about windows.
//!
//! The entry point is [`DiscMaster`], which follows the flow of Microsoft's IMAPI v1: open, choose
//! a format, choose a recorder, subscribe to progress, stage content, record, close.

#![forbid(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

pub mod data;
mod error;
pub mod inspect;
pub mod media;
pub mod mmc;
pub mod progress;
pub mod transport;

pub use error::{Error, Result};
pub use media::MediumSize;
