//! An audio disc's content (tracks with sources and metadata) and the streaming [`DiscImage`]
//! reader that produces its 2352-byte blocks in order, decoding while reading.
//!
//! A BIN written by [`write_bin`] is the whole disc from LBA 0 to the lead-out as raw
//! little-endian 16-bit stereo; track 1's 2-second pregap (LBA −150..0) is **not** in it (CUE
//! sheets and cdrdao imply it), but every later pregap is, as digital silence.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::decode::Decoder;
use super::layout::{
    DiscLayout, Segment, TrackSpec, BLOCK_BYTES, FIRST_PREGAP_BLOCKS, FRAMES_PER_BLOCK,
};
use crate::{Error, Result};

/// Text and codes of the disc (CD-TEXT block 0, CUE/TOC header).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiscMetadata {
    /// Album title.
    pub title: Option<String>,
    /// Album performer.
    pub performer: Option<String>,
    /// Songwriter.
    pub songwriter: Option<String>,
    /// Composer.
    pub composer: Option<String>,
    /// Media catalog number (UPC/EAN, 13 digits).
    pub catalog: Option<String>,
}

/// Text and codes of one track.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrackMetadata {
    /// Track title.
    pub title: Option<String>,
    /// Performer.
    pub performer: Option<String>,
    /// Songwriter.
    pub songwriter: Option<String>,
    /// Composer.
    pub composer: Option<String>,
    /// ISRC (12 characters: CCOOOYYSSSSS).
    pub isrc: Option<String>,
}

/// Where a track's audio comes from.
#[derive(Debug, Clone)]
pub enum TrackSource {
    /// An audio file decoded while the image is read, with its exact length in frames.
    File {
        /// The file.
        path: PathBuf,
        /// Its exact output length (see [`super::decode::exact_frames`]).
        frames: u64,
    },
    /// Raw CD audio (little-endian 16-bit stereo) spooled to a temporary file.
    Raw {
        /// The spool file (deleted when the last user drops it).
        spool: Arc<tempfile::TempPath>,
        /// Its length in frames.
        frames: u64,
    },
}

impl TrackSource {
    /// Length in stereo frames.
    pub fn frames(&self) -> u64 {
        match self {
            TrackSource::File { frames, .. } | TrackSource::Raw { frames, .. } => *frames,
        }
    }
}

/// One track of an audio disc.
#[derive(Debug, Clone)]
pub struct AudioTrack {
    /// Its audio.
    pub source: TrackSource,
    /// Pregap in blocks (ignored for track 1).
    pub pregap_blocks: u64,
    /// Its text and ISRC.
    pub metadata: TrackMetadata,
}

/// The content of an audio disc.
#[derive(Debug, Clone, Default)]
pub struct AudioDisc {
    /// The tracks in order.
    pub tracks: Vec<AudioTrack>,
    /// Disc text and catalog number.
    pub metadata: DiscMetadata,
}

impl AudioDisc {
    /// Lays the tracks out on the disc.
    pub fn layout(&self) -> Result<DiscLayout> {
        let specs: Vec<TrackSpec> = self
            .tracks
            .iter()
            .map(|t| TrackSpec::new(t.source.frames()).with_pregap(t.pregap_blocks))
            .collect();
        DiscLayout::new(&specs)
    }

    /// A streaming reader of the disc's blocks from LBA 0 (without track 1's pregap) to the
    /// lead-out.
    pub fn image(&self) -> Result<DiscImage> {
        DiscImage::new(self.clone(), false)
    }
}

enum Open {
    None,
    Silence {
        left: u64,
    },
    Decoder(Box<Decoder>),
    Raw {
        reader: BufReader<File>,
        path: PathBuf,
        left: u64,
    },
}

/// Streams a disc's 2352-byte blocks in order, decoding files as it goes.
pub struct DiscImage {
    disc: AudioDisc,
    layout: DiscLayout,
    /// Index of the next segment to open.
    next_segment: usize,
    current: Open,
    /// Frames still to skip from the start (track 1's pregap when it is not wanted).
    skip: u64,
    /// Bytes produced so far and in total.
    produced: u64,
    total: u64,
    frame_buf: Vec<i16>,
}

impl std::fmt::Debug for DiscImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DiscImage")
            .field("produced", &self.produced)
            .field("total", &self.total)
            .finish()
    }
}

impl DiscImage {
    /// A reader of the disc; with `with_first_pregap` it starts at LBA −150 (the 150 silent
    /// blocks of track 1's pregap first), otherwise at LBA 0.
    pub fn new(disc: AudioDisc, with_first_pregap: bool) -> Result<Self> {
        let layout = disc.layout()?;
        let skip = if with_first_pregap {
            0
        } else {
            FIRST_PREGAP_BLOCKS * FRAMES_PER_BLOCK
        };
        let blocks = if with_first_pregap {
            layout.total_blocks()
        } else {
            layout.program_blocks()
        };
        Ok(DiscImage {
            disc,
            layout,
            next_segment: 0,
            current: Open::None,
            skip,
            produced: 0,
            total: blocks * BLOCK_BYTES as u64,
            frame_buf: Vec::new(),
        })
    }

    /// The layout being streamed.
    pub fn layout(&self) -> &DiscLayout {
        &self.layout
    }

    /// Total bytes this reader produces.
    pub fn total_bytes(&self) -> u64 {
        self.total
    }

    /// Bytes produced so far.
    pub fn position(&self) -> u64 {
        self.produced
    }

    fn open_next(&mut self) -> Result<bool> {
        let Some(seg) = self.layout.segments.get(self.next_segment).copied() else {
            return Ok(false);
        };
        self.next_segment += 1;
        self.current = match seg {
            Segment::Silence { frames } => Open::Silence { left: frames },
            Segment::Audio { track, frames } => match &self.disc.tracks[track].source {
                TrackSource::File { path, .. } => {
                    Open::Decoder(Box::new(Decoder::open_exact(path, frames)?))
                }
                TrackSource::Raw { spool, .. } => {
                    let path: &Path = spool.as_ref();
                    let f = File::open(path).map_err(|e| Error::from_source_io(path, e))?;
                    Open::Raw {
                        reader: BufReader::with_capacity(1 << 16, f),
                        path: path.to_path_buf(),
                        left: frames,
                    }
                }
            },
        };
        Ok(true)
    }

    /// Fills `out` (a multiple of 4 bytes) with the next frames; returns bytes written, 0 at
    /// the end of the current segment.
    fn read_segment(&mut self, out: &mut [u8]) -> Result<usize> {
        let frames = out.len() / 4;
        match &mut self.current {
            Open::None => Ok(0),
            Open::Silence { left } => {
                let n = (*left).min(frames as u64) as usize;
                out[..n * 4].fill(0);
                *left -= n as u64;
                Ok(n * 4)
            }
            Open::Raw { reader, path, left } => {
                let n = (*left).min(frames as u64) as usize;
                reader
                    .read_exact(&mut out[..n * 4])
                    .map_err(|e| Error::from_source_io(path.as_path(), e))?;
                *left -= n as u64;
                Ok(n * 4)
            }
            Open::Decoder(d) => {
                self.frame_buf.resize(frames * 2, 0);
                let n = d.read_frames(&mut self.frame_buf)?;
                for (i, s) in self.frame_buf[..n * 2].iter().enumerate() {
                    out[i * 2..i * 2 + 2].copy_from_slice(&s.to_le_bytes());
                }
                Ok(n * 4)
            }
        }
    }

    /// Reads into `buf` (whole frames); returns bytes read, 0 at the end of the disc.
    pub fn read_bytes(&mut self, buf: &mut [u8]) -> Result<usize> {
        let mut len = buf.len() / 4 * 4;
        len = len.min((self.total - self.produced) as usize);
        if len == 0 {
            return Ok(0);
        }
        loop {
            let n = if self.skip > 0 {
                let want = (self.skip.min((len / 4) as u64) * 4) as usize;
                let mut scratch = vec![0u8; want];
                let n = self.read_segment(&mut scratch)?;
                self.skip -= (n / 4) as u64;
                if n > 0 {
                    continue;
                }
                0
            } else {
                self.read_segment(&mut buf[..len])?
            };
            if n > 0 {
                self.produced += n as u64;
                return Ok(n);
            }
            if !self.open_next()? {
                return Ok(0);
            }
        }
    }

    /// Reads the next whole block; `Ok(false)` at the end of the disc.
    pub fn read_block(&mut self, block: &mut [u8; BLOCK_BYTES]) -> Result<bool> {
        let mut filled = 0;
        while filled < BLOCK_BYTES {
            let n = self.read_bytes(&mut block[filled..])?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        Ok(filled == BLOCK_BYTES)
    }
}

impl Read for DiscImage {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.read_bytes(buf).map_err(Error::into_io)
    }
}

/// Writes the disc as one raw little-endian BIN file (LBA 0 to the lead-out), streaming.
/// Returns the number of bytes written.
pub fn write_bin(disc: &AudioDisc, path: impl AsRef<Path>) -> Result<u64> {
    let path = path.as_ref();
    let mut image = disc.image()?;
    let f = File::create(path).map_err(|e| Error::output(path, e))?;
    let mut w = BufWriter::with_capacity(1 << 20, f);
    let mut buf = vec![0u8; BLOCK_BYTES * 32];
    let mut total = 0u64;
    loop {
        let n = image.read_bytes(&mut buf)?;
        if n == 0 {
            break;
        }
        w.write_all(&buf[..n]).map_err(|e| Error::output(path, e))?;
        total += n as u64;
    }
    w.flush().map_err(|e| Error::output(path, e))?;
    Ok(total)
}
