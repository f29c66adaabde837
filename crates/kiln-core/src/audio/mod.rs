//! The audio CD core: Red Book layout, decoding of compressed and PCM files into CD audio,
//! disc images (BIN/CUE, cdrdao TOC), CD-TEXT, the MMC cue sheet and an IMAPI-shaped staging API.
//!
//! * [`layout`]: blocks, tracks, pregaps, indices and capacity.

pub mod layout;

pub use layout::{Capacity, CapacityCheck, DiscLayout, Msf, TrackLayout, TrackSpec};
