//! Staging of an audio disc in the shape of IMAPI v1's `IRedbookDiscMaster`: create a track,
//! push raw blocks into it, close it; or add a whole audio file as a track.
//!
//! Sizes are counted in 2352-byte blocks of absolute disc time: [`AudioStaging::used_blocks`]
//! includes track 1's 150-block pregap and every later pregap, like
//! [`DiscLayout::total_blocks`] and the nominal [`Capacity`] figures. Raw audio pushed with
//! [`AudioStaging::add_track_blocks`] is spooled to a temporary file, never held in memory;
//! files added with [`AudioStaging::add_file_track`] are measured exactly when added and decoded
//! only when the image is read.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use super::decode::exact_frames;
use super::image::{AudioDisc, AudioTrack, DiscImage, DiscMetadata, TrackMetadata, TrackSource};
use super::layout::{
    Capacity, DiscLayout, TrackSpec, BLOCK_BYTES, DEFAULT_PREGAP_BLOCKS, FRAMES_PER_BLOCK,
    MAX_TRACKS, MIN_TRACK_FRAMES,
};
use crate::{Error, Result};

/// A track being filled with raw blocks.
struct OpenTrack {
    writer: BufWriter<File>,
    path: tempfile::TempPath,
    blocks: u64,
    pregap_blocks: u64,
    metadata: TrackMetadata,
}

/// An audio disc being staged (IMAPI's Redbook disc master).
pub struct AudioStaging {
    medium_blocks: u64,
    medium_name: String,
    disc: AudioDisc,
    open: Option<OpenTrack>,
}

impl std::fmt::Debug for AudioStaging {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AudioStaging")
            .field("medium_blocks", &self.medium_blocks)
            .field("tracks", &self.disc.tracks.len())
            .field("open", &self.open.is_some())
            .finish()
    }
}

impl AudioStaging {
    /// Staging for a medium of `medium_blocks` blocks of absolute time (see [`Capacity`]).
    pub fn new(medium_blocks: u64) -> Self {
        AudioStaging {
            medium_blocks,
            medium_name: format!("disc of {medium_blocks} blocks"),
            disc: AudioDisc::default(),
            open: None,
        }
    }

    /// Staging for a nominal CD size.
    pub fn for_capacity(capacity: Capacity) -> Self {
        let mut s = Self::new(capacity.blocks());
        s.medium_name = capacity.to_string();
        s
    }

    /// Measures the staging against another medium from now on (what is staged stays, even if
    /// it no longer fits: recording then fails with [`Error::DiscFull`]).
    pub fn set_medium(&mut self, medium_blocks: u64, name: impl Into<String>) {
        self.medium_blocks = medium_blocks;
        self.medium_name = name.into();
    }

    /// Sets the disc's text and catalog number.
    pub fn set_disc_metadata(&mut self, metadata: DiscMetadata) {
        self.disc.metadata = metadata;
    }

    fn specs(&self, extra: Option<TrackSpec>) -> Vec<TrackSpec> {
        let mut specs: Vec<TrackSpec> = self
            .disc
            .tracks
            .iter()
            .map(|t| TrackSpec::new(t.source.frames()).with_pregap(t.pregap_blocks))
            .collect();
        if let Some(o) = &self.open {
            specs.push(TrackSpec::new(o.blocks * FRAMES_PER_BLOCK).with_pregap(o.pregap_blocks));
        }
        specs.extend(extra);
        specs
    }

    fn check_fits(&self, specs: &[TrackSpec]) -> Result<()> {
        let need = DiscLayout::total_blocks_unchecked(specs);
        if need > self.medium_blocks {
            let missing = need - self.medium_blocks;
            return Err(Error::DiscFull {
                missing_blocks: missing,
                missing_mb: (missing * BLOCK_BYTES as u64) as f64 / 1_000_000.0,
                medium: self.medium_name.clone(),
            });
        }
        Ok(())
    }

    /// Starts a raw track with the default 2-second pregap (IMAPI `CreateAudioTrack`).
    pub fn create_track(&mut self, metadata: TrackMetadata) -> Result<()> {
        self.create_track_with_pregap(metadata, DEFAULT_PREGAP_BLOCKS)
    }

    /// Starts a raw track with a given pregap (0 = gapless after the previous track).
    pub fn create_track_with_pregap(
        &mut self,
        metadata: TrackMetadata,
        pregap_blocks: u64,
    ) -> Result<()> {
        if self.open.is_some() {
            return Err(Error::TrackOpen);
        }
        if self.disc.tracks.len() >= MAX_TRACKS {
            return Err(Error::TooManyTracks {
                count: self.disc.tracks.len() + 1,
            });
        }
        let tmp =
            tempfile::NamedTempFile::new().map_err(|e| Error::output(std::env::temp_dir(), e))?;
        let (file, path) = tmp.into_parts();
        self.open = Some(OpenTrack {
            writer: BufWriter::with_capacity(1 << 20, file),
            path,
            blocks: 0,
            pregap_blocks,
            metadata,
        });
        Ok(())
    }

    /// Appends whole 2352-byte blocks of CD audio (little-endian 16-bit stereo) to the open
    /// track (IMAPI `AddAudioTrackBlocks`). Nothing is added on error.
    pub fn add_track_blocks(&mut self, data: &[u8]) -> Result<()> {
        if self.open.is_none() {
            return Err(Error::TrackNotOpen);
        }
        if data.len() % BLOCK_BYTES != 0 {
            return Err(Error::PartialBlock { bytes: data.len() });
        }
        let blocks = (data.len() / BLOCK_BYTES) as u64;
        let mut specs = self.specs(None);
        if let Some(last) = specs.last_mut() {
            last.frames += blocks * FRAMES_PER_BLOCK;
        }
        self.check_fits(&specs)?;
        let Some(open) = self.open.as_mut() else {
            return Err(Error::TrackNotOpen);
        };
        let spool: &Path = open.path.as_ref();
        open.writer
            .write_all(data)
            .map_err(|e| Error::output(spool, e))?;
        open.blocks += blocks;
        Ok(())
    }

    /// Closes the open track (IMAPI `CloseAudioTrack`). A track shorter than 4 seconds is
    /// refused with [`Error::TrackTooShort`] and stays open so more blocks can be added.
    pub fn close_track(&mut self) -> Result<()> {
        let Some(open) = self.open.as_ref() else {
            return Err(Error::TrackNotOpen);
        };
        if open.blocks * FRAMES_PER_BLOCK < MIN_TRACK_FRAMES {
            return Err(Error::TrackTooShort {
                track: self.disc.tracks.len() as u32 + 1,
                blocks: open.blocks,
            });
        }
        let Some(mut open) = self.open.take() else {
            return Err(Error::TrackNotOpen);
        };
        let spool: &Path = open.path.as_ref();
        if let Err(e) = open.writer.flush() {
            let err = Error::output(spool, e);
            self.open = Some(open);
            return Err(err);
        }
        self.disc.tracks.push(AudioTrack {
            source: TrackSource::Raw {
                spool: Arc::new(open.path),
                frames: open.blocks * FRAMES_PER_BLOCK,
            },
            pregap_blocks: open.pregap_blocks,
            metadata: open.metadata,
        });
        Ok(())
    }

    /// Adds an audio file as a track with the default pregap; its exact length is measured now.
    pub fn add_file_track(
        &mut self,
        path: impl AsRef<Path>,
        metadata: TrackMetadata,
    ) -> Result<()> {
        self.add_file_track_with_pregap(path, metadata, DEFAULT_PREGAP_BLOCKS)
    }

    /// Adds an audio file as a track with a given pregap (0 = gapless).
    pub fn add_file_track_with_pregap(
        &mut self,
        path: impl AsRef<Path>,
        metadata: TrackMetadata,
        pregap_blocks: u64,
    ) -> Result<()> {
        if self.open.is_some() {
            return Err(Error::TrackOpen);
        }
        if self.disc.tracks.len() >= MAX_TRACKS {
            return Err(Error::TooManyTracks {
                count: self.disc.tracks.len() + 1,
            });
        }
        let path = path.as_ref();
        let frames = exact_frames(path)?;
        if frames < MIN_TRACK_FRAMES {
            return Err(Error::TrackTooShort {
                track: self.disc.tracks.len() as u32 + 1,
                blocks: frames / FRAMES_PER_BLOCK,
            });
        }
        let specs = self.specs(Some(TrackSpec::new(frames).with_pregap(pregap_blocks)));
        self.check_fits(&specs)?;
        self.disc.tracks.push(AudioTrack {
            source: TrackSource::File {
                path: path.to_path_buf(),
                frames,
            },
            pregap_blocks,
            metadata,
        });
        Ok(())
    }

    /// Adds a track that was staged before (taken from [`AudioStaging::disc`] before a clear),
    /// with its text and pregap as given. Staging cannot be edited backwards, so this is how a
    /// client reorders or retitles tracks: clear, then add them again in the new order. The
    /// track keeps the length measured when it was first added, so nothing is read or decoded
    /// here; the sources are checked again when the disc is recorded.
    pub fn add_track(&mut self, track: AudioTrack) -> Result<()> {
        if self.open.is_some() {
            return Err(Error::TrackOpen);
        }
        if self.disc.tracks.len() >= MAX_TRACKS {
            return Err(Error::TooManyTracks {
                count: self.disc.tracks.len() + 1,
            });
        }
        let frames = track.source.frames();
        if frames < MIN_TRACK_FRAMES {
            return Err(Error::TrackTooShort {
                track: self.disc.tracks.len() as u32 + 1,
                blocks: frames / FRAMES_PER_BLOCK,
            });
        }
        let specs = self.specs(Some(
            TrackSpec::new(frames).with_pregap(track.pregap_blocks),
        ));
        self.check_fits(&specs)?;
        self.disc.tracks.push(track);
        Ok(())
    }

    /// Capacity of the medium in blocks.
    pub fn total_blocks(&self) -> u64 {
        self.medium_blocks
    }

    /// Blocks used so far, pregaps included (0 when nothing is staged).
    pub fn used_blocks(&self) -> u64 {
        DiscLayout::total_blocks_unchecked(&self.specs(None))
    }

    /// Blocks still free.
    pub fn available_blocks(&self) -> u64 {
        self.medium_blocks.saturating_sub(self.used_blocks())
    }

    /// Closed tracks.
    pub fn track_count(&self) -> usize {
        self.disc.tracks.len()
    }

    /// Whether a track is open.
    pub fn is_track_open(&self) -> bool {
        self.open.is_some()
    }

    /// The staged content (closed tracks only).
    pub fn disc(&self) -> &AudioDisc {
        &self.disc
    }

    fn ready(&self) -> Result<()> {
        if self.open.is_some() {
            return Err(Error::TrackOpen);
        }
        if self.disc.tracks.is_empty() {
            return Err(Error::NothingStaged);
        }
        Ok(())
    }

    /// The disc's layout; fails while a track is open or when nothing is staged.
    pub fn layout(&self) -> Result<DiscLayout> {
        self.ready()?;
        self.disc.layout()
    }

    /// A streaming reader of the whole disc from LBA 0 (what is sent to the drive after the
    /// cue sheet, and what a BIN holds).
    pub fn image(&self) -> Result<DiscImage> {
        self.ready()?;
        self.disc.image()
    }
}
