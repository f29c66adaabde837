//! The audio CD core: Red Book layout, decoding of compressed and PCM files into CD audio,
//! disc images (BIN/CUE, cdrdao TOC), CD-TEXT, the MMC cue sheet and an IMAPI-shaped staging API.
//!
//! * [`layout`]: blocks, tracks, pregaps, indices and capacity.
//! * [`decode`]: streaming decoding of audio files to 16-bit 44.1 kHz stereo (symphonia 0.6),
//!   with [`resample`] (rubato) and [`convert`] (channel mapping, TPDF dither).
//! * [`image`]: the disc's content and the streaming [`DiscImage`] reader; BIN output.
//! * [`cue`], [`toc`]: CUE sheet and cdrdao TOC for the BIN.
//! * [`staging`]: [`AudioStaging`], the IMAPI-shaped staging API.
//! * [`cdtext`]: CD-TEXT packs (encoder and checking decoder); [`cuesheet`]: the MMC cue sheet.

pub mod cdtext;
pub mod convert;
pub mod cue;
pub mod cuesheet;
pub mod decode;
pub mod flac;
pub mod image;
pub mod layout;
mod mp4;
mod opus;
pub mod resample;
pub mod staging;
pub mod subchannel;
pub mod toc;

pub use decode::{decode_to_vec, exact_frames, Decoder, Picture, SourceInfo};
pub use image::{
    write_bin, AudioDisc, AudioTrack, DiscImage, DiscMetadata, TrackMetadata, TrackSource,
};
pub use layout::{Capacity, CapacityCheck, DiscLayout, Msf, TrackLayout, TrackSpec};
pub use staging::AudioStaging;
