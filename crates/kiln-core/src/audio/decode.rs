//! Streaming decoding of audio files into CD audio: interleaved stereo, 16-bit, 44.1 kHz.
//!
//! Decoding uses symphonia **0.6** (all codecs and containers: MP3, FLAC, WAV, AIFF, CAF,
//! Ogg Vorbis, AAC in MP4/M4A or ADTS, ALAC) plus Kiln's Opus decoder ([`super::opus`]) for the
//! Opus streams symphonia demuxes but cannot decode. The pipeline per packet is:
//!
//! 1. decode; MP3 (LAME/Xing tag) and Vorbis (granule positions) are trimmed of encoder delay and
//!    padding by symphonia itself (gapless mode). For AAC in MP4/M4A the edit list (`elst`) gives
//!    the priming and the exact length (or, without an edit list, the iTunSMPB tag), and Kiln trims it here;
//! 2. 8/16-bit integer sources at 44.1 kHz with one or two channels are copied **bit-exactly**;
//!    everything else goes through floats: down-mix ([`super::convert`]), resampling with rubato
//!    ([`super::resample`]) when the rate is not 44,100 Hz, and TPDF-dithered quantisation to
//!    16 bits with a fixed seed (reproducible output).
//!
//! [`exact_frames`] gives the exact output length before burning: from the container for
//! lossless codecs (FLAC, ALAC, PCM), by decoding and counting otherwise. A [`Decoder`] opened
//! with [`Decoder::open_exact`] never yields more than that length and fails if the file ends
//! early.
//!
//! Errors name the file and say what to do; nothing here panics on bad data.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use symphonia::core::audio::conv::FromSample;
use symphonia::core::audio::{Audio, GenericAudioBufferRef};
use symphonia::core::codecs::audio::{AudioDecoder, AudioDecoderOptions};
use symphonia::core::codecs::registry::CodecRegistry;
use symphonia::core::codecs::CodecParameters;
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, FormatReader, TrackType};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;

use super::convert::{downmix_positions, to_stereo, TpdfDither};
use super::flac::{FlacFrames, FrameError, NextError};
use super::layout::SAMPLE_RATE;
use super::mp4;
use super::opus::OpusAudioDecoder;
use super::resample::{output_len, StereoResampler};
use crate::{Error, Result};

mod meta;

pub use meta::Picture;

/// The next decoded buffer of the file's audio track, from Kiln's FLAC decoder when it took the
/// file, else from symphonia; `Ok(None)` at the end of the track.
fn next_buffer<'a>(
    path: &Path,
    format: &mut dyn FormatReader,
    decoder: &'a mut dyn AudioDecoder,
    flac: Option<&'a mut FlacFrames>,
    track_id: u32,
) -> Result<Option<GenericAudioBufferRef<'a>>> {
    if let Some(frames) = flac {
        return frames.next_frame().map_err(|e| match e {
            NextError::Io(e) => Error::from_source_io(path, e),
            NextError::Frame(FrameError::Truncated) => {
                corrupt(path, "the file ends inside a FLAC frame (is it cut short?)")
            }
            NextError::Frame(FrameError::Invalid(why)) => corrupt(path, why),
        });
    }
    loop {
        let packet = match format.next_packet() {
            Ok(Some(p)) => p,
            Ok(None) => return Ok(None),
            Err(SymError::IoError(e)) if e.kind() == io::ErrorKind::UnexpectedEof => {
                return Ok(None)
            }
            Err(SymError::IoError(e)) => return Err(Error::from_source_io(path, e)),
            Err(SymError::ResetRequired) => {
                return Err(unsupported(
                    path,
                    "the stream changes its format in the middle (chained stream)",
                ))
            }
            Err(e) => return Err(corrupt(path, e.to_string())),
        };
        if packet.track_id != track_id {
            continue;
        }
        return match decoder.decode(&packet) {
            Ok(b) => Ok(Some(b)),
            Err(SymError::IoError(e)) => Err(corrupt(path, format!("a packet is truncated ({e})"))),
            Err(SymError::Unsupported(what)) => Err(unsupported(path, what.to_string())),
            Err(e) => Err(corrupt(path, e.to_string())),
        };
    }
}

/// symphonia's decoders and Kiln's own (Opus).
fn codecs() -> &'static CodecRegistry {
    static CODECS: LazyLock<CodecRegistry> = LazyLock::new(|| {
        let mut registry = CodecRegistry::new();
        symphonia::default::register_enabled_codecs(&mut registry);
        registry.register_audio_decoder::<OpusAudioDecoder>();
        registry
    });
    &CODECS
}

/// What Kiln learned about an audio file when opening it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    /// Short codec name ("flac", "mp3", "aac", "pcm_s16le", ...).
    pub codec: String,
    /// Sample rate of the file.
    pub sample_rate: u32,
    /// Channel count of the file.
    pub channels: usize,
    /// Bits per sample, if the file says.
    pub bits_per_sample: Option<u32>,
    /// Length in frames at the file's own rate after removing delay and padding, when the
    /// container states it exactly (lossless codecs).
    pub exact_source_frames: Option<u64>,
}

impl SourceInfo {
    /// Whether the codec is lossless, so its container length is exact.
    pub fn is_lossless(&self) -> bool {
        self.codec == "flac" || self.codec == "alac" || self.codec.starts_with("pcm")
    }
}

/// A streaming decoder of one audio file into interleaved stereo 16-bit 44.1 kHz samples.
pub struct Decoder {
    path: PathBuf,
    format: Box<dyn FormatReader>,
    decoder: Box<dyn AudioDecoder>,
    /// Kiln's FLAC decoder, when it took the file's audio (symphonia still reads the tags).
    flac: Option<Box<FlacFrames>>,
    track_id: u32,
    info: SourceInfo,
    /// Channel position bits (plane order) when more than 2 channels.
    positions: Vec<u32>,
    /// Input frames still to drop at the start (priming not trimmed by symphonia).
    skip_in: u64,
    /// Input frames still allowed (exact length known from the container), or unlimited.
    limit_in: Option<u64>,
    resampler: Option<StereoResampler>,
    dither: TpdfDither,
    /// Converted output not yet handed out, and the read position in it.
    out: Vec<i16>,
    out_pos: usize,
    /// Exact length promised, and frames handed out so far.
    promised: Option<u64>,
    delivered: u64,
    input_done: bool,
    scratch_f: Vec<f32>,
    scratch_f2: Vec<f32>,
    /// Float planes of a decoded packet (integer sources converted by symphonia).
    planes: Vec<Vec<f32>>,
    scratch_i: Vec<i16>,
    scratch_i32: Vec<i32>,
    read_buf: Vec<i16>,
}

impl std::fmt::Debug for Decoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decoder")
            .field("path", &self.path)
            .field("info", &self.info)
            .field("delivered", &self.delivered)
            .finish()
    }
}

fn corrupt(path: &Path, reason: impl Into<String>) -> Error {
    Error::CorruptAudio {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

fn unsupported(path: &Path, reason: impl Into<String>) -> Error {
    Error::UnsupportedAudio {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// The error for a resampler failure in `path`, as a `map_err` argument.
fn resampling_failed(path: &Path) -> impl FnOnce(String) -> Error + '_ {
    move |e| corrupt(path, format!("resampling failed: {e}"))
}

/// Maps a symphonia error met while opening (probing) a file.
fn open_error(path: &Path, err: SymError) -> Error {
    match err {
        SymError::IoError(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
            corrupt(path, "the file ends before its audio starts")
        }
        SymError::IoError(e) => Error::from_source_io(path, e),
        SymError::Unsupported(what) => unsupported(path, format!("unknown container ({what})")),
        SymError::DecodeError(what) => corrupt(path, what),
        other => corrupt(path, other.to_string()),
    }
}

impl Decoder {
    /// Opens an audio file for decoding.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|e| Error::from_source_io(path, e))?;
        let mss = MediaSourceStream::new(Box::new(file), Default::default());
        let mut hint = Hint::new();
        if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
            hint.with_extension(ext);
        }
        let format = symphonia::default::get_probe()
            .probe(
                &hint,
                mss,
                FormatOptions::default(),
                MetadataOptions::default(),
            )
            .map_err(|e| open_error(path, e))?;
        let track = format
            .default_track(TrackType::Audio)
            .ok_or_else(|| unsupported(path, "the file has no audio track"))?
            .clone();
        let params = match &track.codec_params {
            Some(CodecParameters::Audio(p)) => p.clone(),
            _ => return Err(unsupported(path, "the audio track's codec is unknown")),
        };
        let decoder = codecs()
            .make_audio_decoder(&params, &AudioDecoderOptions::default())
            .map_err(|e| match e {
                SymError::Unsupported(_) => {
                    unsupported(path, format!("no decoder for the codec {:?}", params.codec))
                }
                other => corrupt(path, other.to_string()),
            })?;
        let codec = decoder.codec_info().short_name.to_string();
        let bits_per_sample = decoder
            .codec_params()
            .bits_per_sample
            .or(params.bits_per_sample);
        let sample_rate = params
            .sample_rate
            .ok_or_else(|| corrupt(path, "the file does not state its sample rate"))?;
        if sample_rate == 0 {
            return Err(corrupt(path, "the file states a sample rate of 0 Hz"));
        }
        let channels_obj = params.channels.clone();
        let channels = channels_obj.as_ref().map_or(0, |c| c.count());
        let positions: Vec<u32> = match &channels_obj {
            Some(symphonia::core::audio::Channels::Positioned(p)) => {
                (0..32).filter(|b| p.bits() & (1 << b) != 0).collect()
            }
            _ => Vec::new(),
        };
        let mut info = SourceInfo {
            codec,
            sample_rate,
            channels,
            bits_per_sample,
            exact_source_frames: None,
        };
        let mut skip_in = 0;
        let mut limit_in = None;
        if info.codec == "aac" {
            // symphonia does not apply MP4 edit lists: read the priming and length ourselves.
            if let Ok(Some(edit)) = mp4::audio_edit(path) {
                if edit.timescale != u64::from(sample_rate) {
                    tracing::debug!(
                        "{}: edit list timescale differs from the rate",
                        path.display()
                    );
                } else {
                    skip_in = edit.media_time;
                    limit_in = Some(edit.duration);
                }
            }
        }
        if info.is_lossless() {
            info.exact_source_frames = track.num_frames;
        }
        let resampler =
            if sample_rate != SAMPLE_RATE {
                Some(StereoResampler::new(sample_rate).map_err(|e| {
                    unsupported(path, format!("cannot resample {sample_rate} Hz: {e}"))
                })?)
            } else {
                None
            };
        let flac = match (&channels_obj, info.codec == "flac") {
            (Some(layout), true) => match FlacFrames::open(path, layout.clone()) {
                Ok(frames) => frames.map(Box::new),
                Err(e) => {
                    tracing::debug!("{}: symphonia decodes it ({e})", path.display());
                    None
                }
            },
            _ => None,
        };
        Ok(Decoder {
            path: path.to_path_buf(),
            format,
            decoder,
            flac,
            track_id: track.id,
            info,
            positions,
            skip_in,
            limit_in,
            resampler,
            dither: TpdfDither::default(),
            out: Vec::new(),
            out_pos: 0,
            promised: None,
            delivered: 0,
            input_done: false,
            scratch_f: Vec::new(),
            scratch_f2: Vec::new(),
            planes: Vec::new(),
            scratch_i: Vec::new(),
            scratch_i32: Vec::new(),
            read_buf: Vec::new(),
        })
    }

    /// Opens a file and fixes its output length to `frames` (from [`exact_frames`]): the
    /// decoder then yields exactly that many frames, or fails if the file ends early.
    pub fn open_exact(path: impl AsRef<Path>, frames: u64) -> Result<Self> {
        let mut d = Self::open(path)?;
        d.promised = Some(frames);
        Ok(d)
    }

    /// What the file is.
    pub fn info(&self) -> &SourceInfo {
        &self.info
    }

    /// The file being decoded.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The exact output length if the container states it (lossless codecs), without decoding.
    pub fn container_frames(&self) -> Option<u64> {
        self.info
            .exact_source_frames
            .map(|n| output_len(n, self.info.sample_rate))
    }

    /// Stereo frames handed out so far.
    pub fn frames_read(&self) -> u64 {
        self.delivered
    }

    /// Decodes the next packet(s) until some output is ready or the input ends.
    fn fill(&mut self) -> Result<()> {
        while self.out_pos >= self.out.len() && !self.input_done {
            self.out.clear();
            self.out_pos = 0;
            let Some(buf) = next_buffer(
                &self.path,
                self.format.as_mut(),
                self.decoder.as_mut(),
                self.flac.as_deref_mut(),
                self.track_id,
            )?
            else {
                self.finish_input()?;
                continue;
            };
            let ch = buf.spec().channels().count();
            if ch == 0 {
                return Err(corrupt(&self.path, "a packet has no channels"));
            }
            let exact16 = matches!(
                buf,
                GenericAudioBufferRef::S16(_)
                    | GenericAudioBufferRef::S8(_)
                    | GenericAudioBufferRef::U8(_)
            ) && ch <= 2
                && self.resampler.is_none();
            let bits = self.info.bits_per_sample.unwrap_or(16);
            if !exact16
                && matches!(buf, GenericAudioBufferRef::S32(_))
                && bits <= 16
                && ch <= 2
                && self.resampler.is_none()
            {
                // FLAC and ALAC hand out 16-bit samples left-justified in 32 bits: exact.
                self.scratch_i32.clear();
                buf.copy_to_vec_interleaved::<i32>(&mut self.scratch_i32);
                if self.scratch_i32.iter().all(|s| s & 0xFFFF == 0) {
                    self.scratch_i.clear();
                    self.scratch_i
                        .extend(self.scratch_i32.iter().map(|s| (s >> 16) as i16));
                    let (from, to) = trim_window(
                        self.scratch_i.len() / ch,
                        &mut self.skip_in,
                        &mut self.limit_in,
                    );
                    to_stereo(&self.scratch_i[from * ch..to * ch], ch, &mut self.out);
                    continue;
                }
            }
            if let GenericAudioBufferRef::F32(planes) = &buf {
                if ch <= 2 {
                    // Float codecs (MP3, AAC, Vorbis): straight from the decoder's planes to
                    // the resampler or the quantiser, with no copy.
                    let left = planes.plane(0).unwrap_or(&[]);
                    let right = planes.plane(ch - 1).unwrap_or(left);
                    let frames = left.len().min(right.len());
                    let (from, to) = trim_window(frames, &mut self.skip_in, &mut self.limit_in);
                    emit_planes(
                        self.resampler.as_mut(),
                        &mut self.dither,
                        &mut self.out,
                        &left[from..to],
                        &right[from..to],
                    )
                    .map_err(resampling_failed(&self.path))?;
                    continue;
                }
            }
            let untrimmed = self.skip_in == 0 && self.limit_in.is_none();
            if let (GenericAudioBufferRef::S32(planes), Some(r), true) =
                (&buf, self.resampler.as_mut(), untrimmed && ch <= 2)
            {
                // High-resolution FLAC/ALAC/WAV: converted straight into the resampler's
                // input planes (no float copy of the packet of its own).
                let left = planes.plane(0).unwrap_or(&[]);
                let right = planes.plane(ch - 1).unwrap_or(left);
                let frames = left.len().min(right.len());
                let (dither, out) = (&mut self.dither, &mut self.out);
                r.push_with(
                    frames,
                    |l, rr| {
                        for (d, s) in l.iter_mut().zip(left) {
                            *d = f32::from_sample(*s);
                        }
                        for (d, s) in rr.iter_mut().zip(right) {
                            *d = f32::from_sample(*s);
                        }
                    },
                    &mut |a, b| dither.quantize_planes_into(a, b, out),
                )
                .map_err(resampling_failed(&self.path))?;
                continue;
            }
            if exact16 {
                self.scratch_i.clear();
                buf.copy_to_vec_interleaved::<i16>(&mut self.scratch_i);
                let (from, to) = trim_window(
                    self.scratch_i.len() / ch,
                    &mut self.skip_in,
                    &mut self.limit_in,
                );
                to_stereo(&self.scratch_i[from * ch..to * ch], ch, &mut self.out);
            } else if ch <= 2 {
                // Integer sources to reduce (24-bit FLAC, ...) or resample: to float planes.
                buf.copy_to_vecs_planar::<f32>(&mut self.planes);
                let left = self.planes.first().map_or(&[][..], Vec::as_slice);
                let right = self.planes.get(ch - 1).map_or(left, Vec::as_slice);
                let frames = left.len().min(right.len());
                let (from, to) = trim_window(frames, &mut self.skip_in, &mut self.limit_in);
                emit_planes(
                    self.resampler.as_mut(),
                    &mut self.dither,
                    &mut self.out,
                    &left[from..to],
                    &right[from..to],
                )
                .map_err(resampling_failed(&self.path))?;
            } else {
                // More than two channels: down-mix (interleaved), then split into planes.
                self.scratch_f.clear();
                buf.copy_to_vec_interleaved::<f32>(&mut self.scratch_f);
                let (from, to) = trim_window(
                    self.scratch_f.len() / ch,
                    &mut self.skip_in,
                    &mut self.limit_in,
                );
                let part = &self.scratch_f[from * ch..to * ch];
                self.scratch_f2.clear();
                if self.positions.len() == ch {
                    downmix_positions(part, &self.positions, &mut self.scratch_f2);
                } else {
                    to_stereo(part, ch, &mut self.scratch_f2);
                }
                self.planes.resize_with(2, Vec::new);
                let (left, right) = self.planes.split_at_mut(1);
                let (left, right) = (&mut left[0], &mut right[0]);
                left.clear();
                right.clear();
                for f in self.scratch_f2.chunks_exact(2) {
                    left.push(f[0]);
                    right.push(f[1]);
                }
                emit_planes(
                    self.resampler.as_mut(),
                    &mut self.dither,
                    &mut self.out,
                    left,
                    right,
                )
                .map_err(resampling_failed(&self.path))?;
            }
        }
        Ok(())
    }

    fn finish_input(&mut self) -> Result<()> {
        self.input_done = true;
        if let Some(r) = self.resampler.as_mut() {
            let (dither, out) = (&mut self.dither, &mut self.out);
            r.finish(&mut |left, right| dither.quantize_planes_into(left, right, out))
                .map_err(resampling_failed(&self.path))?;
        }
        Ok(())
    }

    /// Reads up to `buf.len() / 2` stereo frames of interleaved 16-bit samples into `buf`;
    /// returns the number of frames read, 0 at the end.
    pub fn read_frames(&mut self, buf: &mut [i16]) -> Result<usize> {
        let want = buf.len() / 2;
        let mut done = 0;
        while done < want {
            self.fill()?;
            let avail = (self.out.len() - self.out_pos) / 2;
            if avail == 0 {
                break;
            }
            let mut n = avail.min(want - done);
            if let Some(p) = self.promised {
                n = n.min((p - self.delivered) as usize);
                if n == 0 {
                    break;
                }
            }
            buf[done * 2..(done + n) * 2]
                .copy_from_slice(&self.out[self.out_pos..self.out_pos + n * 2]);
            self.out_pos += n * 2;
            done += n;
            self.delivered += n as u64;
        }
        if done == 0 {
            if let Some(p) = self.promised {
                if self.delivered < p {
                    return Err(corrupt(
                        &self.path,
                        format!(
                            "it ended after {} of the {} frames it had when it was added (was it truncated?)",
                            self.delivered, p
                        ),
                    ));
                }
            }
        }
        Ok(done)
    }

    /// Decodes the rest of the file and counts its output frames.
    pub fn count_remaining(&mut self) -> Result<u64> {
        let mut buf = vec![0i16; 8192];
        let mut n = 0u64;
        loop {
            let got = self.read_frames(&mut buf)?;
            if got == 0 {
                return Ok(n);
            }
            n += got as u64;
        }
    }
}

/// Resamples (when there is a resampler) and quantises a stereo pair of planes into `out`.
fn emit_planes(
    resampler: Option<&mut StereoResampler>,
    dither: &mut TpdfDither,
    out: &mut Vec<i16>,
    left: &[f32],
    right: &[f32],
) -> std::result::Result<(), String> {
    match resampler {
        Some(r) => r.push(left, right, &mut |l, r| {
            dither.quantize_planes_into(l, r, out)
        }),
        None => {
            dither.quantize_planes_into(left, right, out);
            Ok(())
        }
    }
}

/// Applies the start skip and length limit to a packet of `frames` frames; returns the window
/// of frames to keep.
fn trim_window(frames: usize, skip: &mut u64, limit: &mut Option<u64>) -> (usize, usize) {
    let from = (*skip).min(frames as u64) as usize;
    *skip -= from as u64;
    let mut to = frames;
    if let Some(l) = limit.as_mut() {
        let keep = ((to - from) as u64).min(*l) as usize;
        to = from + keep;
        *l -= keep as u64;
    }
    (from, to)
}

impl Read for Decoder {
    /// Reads little-endian 16-bit stereo PCM bytes (whole frames only: `buf` shorter than 4 bytes
    /// reads nothing).
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let frames = buf.len() / 4;
        if frames == 0 {
            return Ok(0);
        }
        let mut tmp = std::mem::take(&mut self.read_buf);
        tmp.resize(frames.min(16_384) * 2, 0);
        let res = self.read_frames(&mut tmp);
        let n = match res {
            Ok(n) => n,
            Err(e) => {
                self.read_buf = tmp;
                return Err(e.into_io());
            }
        };
        for (i, s) in tmp[..n * 2].iter().enumerate() {
            buf[i * 2..i * 2 + 2].copy_from_slice(&s.to_le_bytes());
        }
        self.read_buf = tmp;
        Ok(n * 4)
    }
}

/// The exact number of 44.1 kHz stereo frames a file decodes to: from the container when it is
/// exact (lossless codecs), otherwise by decoding the whole file and counting.
pub fn exact_frames(path: impl AsRef<Path>) -> Result<u64> {
    let mut d = Decoder::open(path)?;
    if let Some(n) = d.container_frames() {
        return Ok(n);
    }
    d.count_remaining()
}

/// Decodes a whole file into memory as interleaved stereo 16-bit 44.1 kHz samples (for tests and
/// short files; burning streams instead).
pub fn decode_to_vec(path: impl AsRef<Path>) -> Result<Vec<i16>> {
    let mut d = Decoder::open(path)?;
    let mut all = Vec::new();
    let mut buf = vec![0i16; 16_384];
    loop {
        let n = d.read_frames(&mut buf)?;
        if n == 0 {
            return Ok(all);
        }
        all.extend_from_slice(&buf[..n * 2]);
    }
}
