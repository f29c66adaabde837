//! The audio side of [`DiscMaster`], in the shape of IMAPI v1's `IRedbookDiscMaster`:
//! `CreateAudioTrack` / `AddAudioTrackBlocks` / `CloseAudioTrack`, the block and track counts,
//! and (beyond IMAPI) whole audio files as tracks and the disc's text.
//!
//! Every method here needs the audio format to be active ([`Error::WrongFormat`] otherwise),
//! just as the data methods refuse an audio staging.

use std::path::Path;

use super::{DiscMaster, Format, Staging};
use crate::audio::layout::DEFAULT_PREGAP_BLOCKS;
use crate::audio::{AudioStaging, AudioTrack, Decoder, DiscMetadata, TrackMetadata};
use crate::progress::{Observers, ProgressEvent, Reporter};
use crate::recorder::{RecordOptions, Recorder};
use crate::{Error, Result};

/// Block and track counts of an audio staging (IMAPI's `GetTotalAudioBlocks`,
/// `GetUsedAudioBlocks`, `GetAvailableAudioTrackBlocks`, `GetTotalAudioTracks`).
///
/// Blocks are 2352-byte blocks of absolute disc time: `used` includes track 1's 2-second pregap
/// and every later pregap, as the nominal capacities do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AudioStats {
    /// Capacity of the medium.
    pub total_blocks: u64,
    /// Blocks taken by the closed tracks and the open one.
    pub used_blocks: u64,
    /// Blocks still free.
    pub available_blocks: u64,
    /// Closed tracks.
    pub tracks: usize,
    /// Whether a track is open.
    pub track_open: bool,
}

impl DiscMaster {
    fn audio(&mut self) -> Result<&mut AudioStaging> {
        self.ensure_open()?;
        match (&mut self.staging, self.format) {
            (Staging::Audio(a), _) => Ok(a),
            (_, None) => Err(Error::NoActiveFormat),
            (_, Some(f)) => Err(Error::WrongFormat {
                expected: Format::Audio.name(),
                active: f.name(),
            }),
        }
    }

    /// Starts a track to be filled with raw blocks, with the default 2-second pregap (IMAPI's
    /// `CreateAudioTrack`). `blocks_hint` is how long the track is expected to be: when that
    /// cannot fit, nothing is created and [`Error::DiscFull`] says how much is missing; 0 means
    /// unknown.
    pub fn create_audio_track(&mut self, blocks_hint: u64) -> Result<()> {
        self.create_audio_track_with(blocks_hint, TrackMetadata::default(), None)
    }

    /// Starts a raw track with its text and a pregap in blocks (`None`: 2 seconds; 0: gapless).
    pub fn create_audio_track_with(
        &mut self,
        blocks_hint: u64,
        metadata: TrackMetadata,
        pregap_blocks: Option<u64>,
    ) -> Result<()> {
        let medium = self.medium().to_string();
        let audio = self.audio()?;
        let pregap = pregap_blocks.unwrap_or(DEFAULT_PREGAP_BLOCKS);
        if !audio.is_track_open() && blocks_hint > 0 {
            let first_pregap = if audio.track_count() == 0 {
                150
            } else {
                pregap
            };
            let need = blocks_hint.saturating_add(first_pregap);
            if need > audio.available_blocks() {
                let missing_blocks = need - audio.available_blocks();
                return Err(Error::DiscFull {
                    missing_blocks,
                    missing_mb: (missing_blocks * 2352) as f64 / 1e6,
                    medium,
                });
            }
        }
        audio.create_track_with_pregap(metadata, pregap)
    }

    /// Appends whole 2352-byte blocks of CD audio (16-bit little-endian stereo, 44.1 kHz) to the
    /// open track (IMAPI's `AddAudioTrackBlocks`). Nothing is added on error.
    pub fn add_audio_track_blocks(&mut self, data: &[u8]) -> Result<()> {
        self.audio()?.add_track_blocks(data)
    }

    /// Closes the open track (IMAPI's `CloseAudioTrack`); a track under 4 seconds stays open
    /// and [`Error::TrackTooShort`] is returned.
    pub fn close_audio_track(&mut self) -> Result<()> {
        self.audio()?.close_track()
    }

    /// Adds an audio file (FLAC, WAV, MP3, AAC, Ogg...) as a track, with its tags as the track's
    /// text. Its exact length is measured before this returns, so the counts are exact; the
    /// audio is decoded only when the disc is recorded. `pregap_blocks`: `None` for 2 seconds,
    /// 0 for gapless. Emits [`ProgressEvent::AddProgress`].
    pub fn add_audio_file(&mut self, path: &Path, pregap_blocks: Option<u64>) -> Result<()> {
        self.add_audio_file_with_text(path, pregap_blocks, None)
    }

    /// Adds an audio file as a track, as [`DiscMaster::add_audio_file`] does, with `metadata`
    /// as its text instead of the file's tags when given: a saved project's text (edited by the
    /// user) wins over the tags, which may have changed since.
    pub fn add_audio_file_with_text(
        &mut self,
        path: &Path,
        pregap_blocks: Option<u64>,
        metadata: Option<TrackMetadata>,
    ) -> Result<()> {
        if self.audio()?.is_track_open() {
            return Err(Error::TrackOpen);
        }
        self.observers.emit(ProgressEvent::AddProgress {
            completed: 0,
            total: 1,
        });
        self.observers.check_cancel()?;
        let metadata = match metadata {
            Some(m) => m,
            None => Decoder::open(path)?.tags(),
        };
        let pregap = pregap_blocks.unwrap_or(DEFAULT_PREGAP_BLOCKS);
        self.audio()?
            .add_file_track_with_pregap(path, metadata, pregap)?;
        tracing::debug!(path = %path.display(), "audio track added");
        self.observers.emit(ProgressEvent::AddProgress {
            completed: 1,
            total: 1,
        });
        Ok(())
    }

    /// Adds a track that was staged before, with the text and pregap it carries (see
    /// [`AudioStaging::add_track`]): after [`DiscMaster::clear_staging`], adding the old tracks
    /// again in another order or with other text is how a client reorders or retitles them,
    /// without measuring the files again.
    pub fn add_audio_track(&mut self, track: AudioTrack) -> Result<()> {
        self.audio()?.add_track(track)
    }

    /// Block and track counts of the audio staging.
    pub fn audio_stats(&mut self) -> Result<AudioStats> {
        let a = self.audio()?;
        Ok(AudioStats {
            total_blocks: a.total_blocks(),
            used_blocks: a.used_blocks(),
            available_blocks: a.available_blocks(),
            tracks: a.track_count(),
            track_open: a.is_track_open(),
        })
    }

    /// Sets the disc's text (CD-TEXT, CUE and TOC headers) and catalog number.
    pub fn set_audio_disc_metadata(&mut self, metadata: DiscMetadata) -> Result<()> {
        self.audio()?.set_disc_metadata(metadata);
        Ok(())
    }

    /// The audio staging, to read (its layout, its tracks).
    pub fn audio_staging(&mut self) -> Result<&AudioStaging> {
        self.audio().map(|a| &*a)
    }
}

/// Records an audio staging: refuses an open track, an empty or overfull disc, then streams the
/// disc through the recorder with the observers as its reporter.
pub(super) fn record_audio(
    staging: &AudioStaging,
    recorder: &mut dyn Recorder,
    options: &RecordOptions,
    observers: &mut Observers,
) -> Result<()> {
    if staging.is_track_open() {
        return Err(Error::TrackOpen);
    }
    if staging.track_count() == 0 {
        return Err(Error::NothingStaged);
    }
    if staging.used_blocks() > staging.total_blocks() {
        let missing_blocks = staging.used_blocks() - staging.total_blocks();
        return Err(Error::DiscFull {
            missing_blocks,
            missing_mb: (missing_blocks * 2352) as f64 / 1e6,
            medium: format!("disc of {} blocks", staging.total_blocks()),
        });
    }
    // Recorders report their own phases (preparing, blocks, tracks, closing).
    recorder.record_audio(staging.disc(), options, observers)
}
