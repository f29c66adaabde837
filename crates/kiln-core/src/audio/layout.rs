//! Red Book layout: where every track, index and silent gap of an audio CD falls.
//!
//! # Units
//!
//! * A **block** (a CD "frame" or sector) holds 2352 bytes: 588 stereo frames of 16-bit
//!   little-endian samples. 75 blocks make one second.
//! * An **LBA** counts blocks from the start of track 1's INDEX 01. The program area begins at
//!   LBA −150: track 1 always has a 150-block (2-second) silent pregap, so the disc begins with
//!   INDEX 00 at absolute time 00:00:00 and INDEX 01 at 00:02:00 (LBA 0).
//! * Absolute MSF time is `LBA + 150` blocks written as `mm:ss:ff`.
//!
//! # Placement rules
//!
//! * Track 1's pregap is always exactly 150 blocks; the pregap asked for track 1 is ignored.
//! * A later track with a pregap `p > 0`: the previous track's audio is padded with silence to the
//!   end of its last block, then `p` silent blocks follow (INDEX 00), then the track (INDEX 01).
//! * A later track with pregap 0 (gapless): no silence is inserted; the audio of the two tracks
//!   runs on contiguously and the boundary (INDEX 01 of the later track) is placed on the block
//!   that contains the later track's first sample, as cdrdao and EAC do. Such a track has no
//!   INDEX 00.
//! * The last track is padded with silence to a whole block; the lead-out follows.
//! * At most 99 tracks; every track must hold at least 4 seconds of audio (176,400 frames,
//!   300 blocks) — otherwise [`Error::TooManyTracks`] / [`Error::TrackTooShort`].
//!
//! # Capacity
//!
//! The nominal capacity of a medium counts **absolute** time, i.e. it *includes* track 1's
//! 150-block pregap, like the lead-out start time in the ATIP of a blank and the total that cdrdao
//! and cdrecord report (`cdrdao` compares the TOC length, which starts at 00:00:00, with the
//! medium's capacity). A 74-minute disc is 333,000 blocks, 80 min 360,000, 90 min 405,000,
//! 99 min 445,500. So an 80-minute disc takes 359,850 blocks of audio from LBA 0. Beyond the
//! nominal capacity, [`Capacity::check`] reports an overburn (the burn may or may not work).

use crate::{Error, Result};
use std::fmt;

/// Bytes in one audio block (2352).
pub const BLOCK_BYTES: usize = 2352;
/// Stereo frames (sample pairs) in one audio block (588).
pub const FRAMES_PER_BLOCK: u64 = 588;
/// Blocks per second (75).
pub const BLOCKS_PER_SECOND: u64 = 75;
/// Audio frames per second (44,100).
pub const SAMPLE_RATE: u32 = 44_100;
/// Track 1's fixed pregap in blocks (2 seconds).
pub const FIRST_PREGAP_BLOCKS: u64 = 150;
/// The default pregap of later tracks in blocks (2 seconds).
pub const DEFAULT_PREGAP_BLOCKS: u64 = 150;
/// The shortest allowed track in blocks (4 seconds).
pub const MIN_TRACK_BLOCKS: u64 = 300;
/// The shortest allowed track in stereo frames (4 seconds).
pub const MIN_TRACK_FRAMES: u64 = MIN_TRACK_BLOCKS * FRAMES_PER_BLOCK;
/// The most tracks an audio CD can hold.
pub const MAX_TRACKS: usize = 99;

/// A time on the disc as minutes, seconds and frames (1/75 s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Msf {
    /// Minutes (may exceed 99 only for invalid values).
    pub minutes: u32,
    /// Seconds, 0..60.
    pub seconds: u8,
    /// Frames, 0..75.
    pub frames: u8,
}

impl Msf {
    /// Converts a count of blocks into minutes, seconds and frames.
    pub fn from_blocks(blocks: u64) -> Self {
        Msf {
            minutes: (blocks / (60 * BLOCKS_PER_SECOND)) as u32,
            seconds: ((blocks / BLOCKS_PER_SECOND) % 60) as u8,
            frames: (blocks % BLOCKS_PER_SECOND) as u8,
        }
    }

    /// The absolute time of an LBA (`LBA + 150`); `None` for LBAs before −150.
    pub fn from_lba(lba: i64) -> Option<Self> {
        u64::try_from(lba + FIRST_PREGAP_BLOCKS as i64)
            .ok()
            .map(Self::from_blocks)
    }

    /// The count of blocks this time stands for.
    pub fn to_blocks(self) -> u64 {
        (u64::from(self.minutes) * 60 + u64::from(self.seconds)) * BLOCKS_PER_SECOND
            + u64::from(self.frames)
    }
}

impl fmt::Display for Msf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}:{:02}:{:02}",
            self.minutes, self.seconds, self.frames
        )
    }
}

/// Formats a count of blocks as `mm:ss:ff`.
pub fn msf(blocks: u64) -> String {
    Msf::from_blocks(blocks).to_string()
}

/// What the layout needs to know about one track.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrackSpec {
    /// Exact length of the track's audio in stereo frames at 44.1 kHz.
    pub frames: u64,
    /// Silence before the track in blocks (INDEX 00 to INDEX 01). Ignored for track 1, whose
    /// pregap is always 150 blocks. 0 makes the join with the previous track gapless.
    pub pregap_blocks: u64,
}

impl TrackSpec {
    /// A track of `frames` stereo frames with the default 2-second pregap.
    pub fn new(frames: u64) -> Self {
        TrackSpec {
            frames,
            pregap_blocks: DEFAULT_PREGAP_BLOCKS,
        }
    }

    /// The same track with another pregap.
    pub fn with_pregap(mut self, blocks: u64) -> Self {
        self.pregap_blocks = blocks;
        self
    }
}

/// Where one track lies on the disc.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrackLayout {
    /// Track number, 1..=99.
    pub number: u8,
    /// LBA of INDEX 00 (the pregap's first block); `None` for a gapless track (no pregap).
    pub index00: Option<i64>,
    /// LBA of INDEX 01 (the track's start).
    pub index01: i64,
    /// Blocks from INDEX 01 to the next track's INDEX 00 (or INDEX 01 when gapless), or to the
    /// lead-out.
    pub blocks: u64,
    /// Pregap in blocks (INDEX 00 to INDEX 01).
    pub pregap_blocks: u64,
    /// Exact audio length in stereo frames.
    pub frames: u64,
    /// Position of the track's first audio frame, in frames from LBA 0 (may fall inside the
    /// INDEX 01 block for a gapless track).
    pub first_frame: i64,
}

impl TrackLayout {
    /// Absolute time of INDEX 01.
    pub fn index01_msf(&self) -> Msf {
        Msf::from_lba(self.index01).unwrap_or(Msf::from_blocks(0))
    }
}

/// One piece of the program area, in stereo frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// Digital silence.
    Silence {
        /// Length in stereo frames.
        frames: u64,
    },
    /// The audio of a track (index into the track list).
    Audio {
        /// Index of the track (0-based).
        track: usize,
        /// Length in stereo frames (the whole track).
        frames: u64,
    },
}

impl Segment {
    /// Length of the segment in stereo frames.
    pub fn frames(&self) -> u64 {
        match *self {
            Segment::Silence { frames } | Segment::Audio { frames, .. } => frames,
        }
    }
}

/// The layout of a whole audio disc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscLayout {
    /// The tracks in order.
    pub tracks: Vec<TrackLayout>,
    /// LBA of the lead-out (the first block after the last track).
    pub leadout: i64,
    /// The program area from LBA −150 to the lead-out as silence and audio, in order; the
    /// segments add up to `total_blocks() * 588` frames.
    pub segments: Vec<Segment>,
}

impl DiscLayout {
    /// Lays out tracks by the Red Book rules described in the module documentation.
    pub fn new(specs: &[TrackSpec]) -> Result<Self> {
        Self::build(specs, true)
    }

    /// The total blocks (as [`DiscLayout::total_blocks`]) the tracks would take, without
    /// checking track lengths or counts (for tracks still being filled); 0 without tracks.
    pub fn total_blocks_unchecked(specs: &[TrackSpec]) -> u64 {
        Self::build(specs, false).map_or(0, |l| l.total_blocks())
    }

    fn build(specs: &[TrackSpec], validate: bool) -> Result<Self> {
        if validate && specs.len() > MAX_TRACKS {
            return Err(Error::TooManyTracks { count: specs.len() });
        }
        if specs.is_empty() {
            return Err(Error::NothingStaged);
        }
        let mut tracks: Vec<TrackLayout> = Vec::with_capacity(specs.len());
        let mut segments = Vec::new();
        // Cursor in frames from LBA -150.
        let mut pos: u64 = 0;
        let pad_to_block = |pos: &mut u64, segments: &mut Vec<Segment>| {
            let rem = *pos % FRAMES_PER_BLOCK;
            if rem != 0 {
                let fill = FRAMES_PER_BLOCK - rem;
                segments.push(Segment::Silence { frames: fill });
                *pos += fill;
            }
        };
        for (i, spec) in specs.iter().enumerate() {
            if validate && spec.frames < MIN_TRACK_FRAMES {
                return Err(Error::TrackTooShort {
                    track: i as u32 + 1,
                    blocks: spec.frames / FRAMES_PER_BLOCK,
                });
            }
            let pregap = if i == 0 {
                FIRST_PREGAP_BLOCKS
            } else {
                spec.pregap_blocks
            };
            let (index00, index01);
            if pregap > 0 {
                pad_to_block(&mut pos, &mut segments);
                let start = (pos / FRAMES_PER_BLOCK) as i64 - FIRST_PREGAP_BLOCKS as i64;
                index00 = Some(start);
                index01 = start + pregap as i64;
                segments.push(Segment::Silence {
                    frames: pregap * FRAMES_PER_BLOCK,
                });
                pos += pregap * FRAMES_PER_BLOCK;
            } else {
                index00 = None;
                index01 = (pos / FRAMES_PER_BLOCK) as i64 - FIRST_PREGAP_BLOCKS as i64;
            }
            let first_frame = pos as i64 - (FIRST_PREGAP_BLOCKS * FRAMES_PER_BLOCK) as i64;
            segments.push(Segment::Audio {
                track: i,
                frames: spec.frames,
            });
            pos += spec.frames;
            if let Some(prev) = tracks.last_mut() {
                let end = index00.unwrap_or(index01);
                prev.blocks = (end - prev.index01) as u64;
            }
            tracks.push(TrackLayout {
                number: i as u8 + 1,
                index00,
                index01,
                blocks: 0,
                pregap_blocks: pregap,
                frames: spec.frames,
                first_frame,
            });
        }
        pad_to_block(&mut pos, &mut segments);
        let leadout = (pos / FRAMES_PER_BLOCK) as i64 - FIRST_PREGAP_BLOCKS as i64;
        if let Some(last) = tracks.last_mut() {
            last.blocks = (leadout - last.index01) as u64;
        }
        for t in tracks.iter().filter(|_| validate) {
            if t.blocks < MIN_TRACK_BLOCKS {
                return Err(Error::TrackTooShort {
                    track: u32::from(t.number),
                    blocks: t.blocks,
                });
            }
        }
        Ok(DiscLayout {
            tracks,
            leadout,
            segments,
        })
    }

    /// All blocks of the program area including track 1's 150-block pregap (the absolute time
    /// of the lead-out).
    pub fn total_blocks(&self) -> u64 {
        (self.leadout + FIRST_PREGAP_BLOCKS as i64) as u64
    }

    /// Blocks from LBA 0 to the lead-out: what a BIN file (without track 1's pregap) holds.
    pub fn program_blocks(&self) -> u64 {
        self.leadout as u64
    }

    /// Absolute time of the lead-out.
    pub fn leadout_msf(&self) -> Msf {
        Msf::from_blocks(self.total_blocks())
    }
}

/// Nominal CD-R/RW sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capacity {
    /// 74 minutes, 650 MB: 333,000 blocks.
    Min74,
    /// 80 minutes, 700 MB: 360,000 blocks.
    Min80,
    /// 90 minutes: 405,000 blocks.
    Min90,
    /// 99 minutes: 445,500 blocks.
    Min99,
}

/// Whether a layout fits a medium.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapacityCheck {
    /// It fits; this many blocks stay free.
    Fits {
        /// Free blocks left.
        free_blocks: u64,
    },
    /// It exceeds the nominal capacity: only an overburn can record it, and the drive or the
    /// blank may refuse it or the end may be unreadable.
    Overburn {
        /// Blocks beyond the nominal capacity.
        excess_blocks: u64,
    },
}

impl Capacity {
    /// Nominal capacity in blocks of absolute time (including track 1's 2-s pregap).
    pub fn blocks(self) -> u64 {
        self.minutes() * 60 * BLOCKS_PER_SECOND
    }

    /// Nominal playing time in minutes.
    pub fn minutes(self) -> u64 {
        match self {
            Capacity::Min74 => 74,
            Capacity::Min80 => 80,
            Capacity::Min90 => 90,
            Capacity::Min99 => 99,
        }
    }

    /// Checks a total (as [`DiscLayout::total_blocks`]) against the nominal capacity.
    pub fn check(self, total_blocks: u64) -> CapacityCheck {
        let cap = self.blocks();
        if total_blocks <= cap {
            CapacityCheck::Fits {
                free_blocks: cap - total_blocks,
            }
        } else {
            CapacityCheck::Overburn {
                excess_blocks: total_blocks - cap,
            }
        }
    }
}

impl fmt::Display for Capacity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-minute CD", self.minutes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn msf_formats() {
        assert_eq!(msf(0), "00:00:00");
        assert_eq!(msf(150), "00:02:00");
        assert_eq!(msf(359_999), "79:59:74");
        assert_eq!(
            Msf::from_lba(-150).map(|m| m.to_string()).as_deref(),
            Some("00:00:00")
        );
        assert_eq!(Msf::from_lba(-151), None);
        assert_eq!(Msf::from_blocks(12345).to_blocks(), 12345);
    }

    #[test]
    fn single_track() {
        let l = DiscLayout::new(&[TrackSpec::new(220_500)]).unwrap();
        assert_eq!(l.tracks[0].index00, Some(-150));
        assert_eq!(l.tracks[0].index01, 0);
        assert_eq!(l.tracks[0].blocks, 375);
        assert_eq!(l.total_blocks(), 525);
        assert_eq!(l.leadout_msf().to_string(), "00:07:00");
    }

    #[test]
    fn errors() {
        assert!(matches!(
            DiscLayout::new(&[TrackSpec::new(MIN_TRACK_FRAMES - 1)]),
            Err(Error::TrackTooShort { track: 1, .. })
        ));
        let many = vec![TrackSpec::new(MIN_TRACK_FRAMES); 100];
        assert!(matches!(
            DiscLayout::new(&many),
            Err(Error::TooManyTracks { count: 100 })
        ));
        assert!(DiscLayout::new(&many[..99]).is_ok());
    }

    #[test]
    fn capacity() {
        assert_eq!(Capacity::Min74.blocks(), 333_000);
        assert_eq!(Capacity::Min80.blocks(), 360_000);
        assert_eq!(Capacity::Min90.blocks(), 405_000);
        assert_eq!(Capacity::Min99.blocks(), 445_500);
        assert_eq!(
            Capacity::Min80.check(360_001),
            CapacityCheck::Overburn { excess_blocks: 1 }
        );
    }
}
