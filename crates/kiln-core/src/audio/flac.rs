//! Kiln's own decoder for native FLAC files (`fLaC` streams of 4 to 24 bits), used instead of
//! symphonia's for the audio; symphonia still probes the file and reads its tags and cover.
//!
//! Why a second FLAC decoder: FLAC + CUE is the most common lossless source, and decoding
//! 96 kHz/24-bit FLAC was most of the time of the one benchmark case where Kiln was slower than
//! ffmpeg. Symphonia's demuxer finds each frame's end by searching for the next sync code and
//! checking CRCs at every candidate (a tenth of the decode went to its byte-wise CRC-16); here a
//! frame's end is where its decoding stops, and the CRC-16 runs eight bytes at a time.
//!
//! What it does not handle it leaves to symphonia (the caller falls back): an ID3v2 tag before
//! `fLaC`, Ogg FLAC, streams deeper than 24 bits, and streams that do not state their length
//! (the length is what tells the last frame from any trailing bytes such as an ID3v1 tag).
//! Frame CRCs are checked; a damaged frame is an error that names the file, not a skip.

mod bits;
mod crc;
mod frame;

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use symphonia::core::audio::{
    AsGenericAudioBufferRef, AudioBuffer, AudioMut, AudioSpec, Channels, GenericAudioBufferRef,
};

pub use frame::FrameError;
use frame::StreamParams;

/// Bytes read from the file at a time.
const READ_CHUNK: usize = 1 << 20;
/// The largest frame FLAC allows at ≤ 24 bits: 65,535 samples × 8 channels × 25 bits, plus
/// headers; used when STREAMINFO does not state the largest frame.
const WORST_FRAME: usize = 65_535 * 8 * 25 / 8 + 64;

/// The STREAMINFO facts the decoder uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamInfo {
    /// Largest block (samples per channel); below 16 means unknown or invalid.
    pub max_block: usize,
    /// Largest frame in bytes; 0 means unknown.
    pub max_frame: usize,
    /// Sample rate in Hz.
    pub sample_rate: u32,
    /// Channels (1 to 8).
    pub channels: usize,
    /// Bits per sample (4 to 32).
    pub bits_per_sample: u32,
    /// Samples per channel in the stream; 0 means unknown.
    pub total_frames: u64,
}

/// Parses a STREAMINFO block body (34 bytes).
fn stream_info(b: &[u8]) -> Option<StreamInfo> {
    let b: &[u8; 34] = b.get(..34)?.try_into().ok()?;
    let be = |from: usize, len: usize| {
        b[from..from + len]
            .iter()
            .fold(0u64, |v, &x| (v << 8) | u64::from(x))
    };
    let packed = be(10, 8);
    Some(StreamInfo {
        max_block: be(2, 2) as usize,
        max_frame: be(7, 3) as usize,
        sample_rate: (packed >> 44) as u32,
        channels: ((packed >> 41) & 7) as usize + 1,
        bits_per_sample: ((packed >> 36) & 31) as u32 + 1,
        total_frames: packed & 0xF_FFFF_FFFF,
    })
}

/// Reads the `fLaC` signature and the metadata blocks; leaves `file` at the first frame.
/// `None` when the file is not a plain native FLAC stream.
fn read_header(file: &mut File) -> io::Result<Option<StreamInfo>> {
    let mut sig = [0u8; 4];
    if file.read_exact(&mut sig).is_err() || &sig != b"fLaC" {
        return Ok(None);
    }
    let mut info = None;
    loop {
        let mut head = [0u8; 4];
        file.read_exact(&mut head)?;
        let len = u64::from(u32::from_be_bytes([0, head[1], head[2], head[3]]));
        if head[0] & 0x7F == 0 && info.is_none() {
            let mut body = vec![0u8; len as usize];
            file.read_exact(&mut body)?;
            info = stream_info(&body);
        } else {
            file.seek(SeekFrom::Current(len as i64))?;
        }
        if head[0] & 0x80 != 0 {
            return Ok(info);
        }
    }
}

/// Native FLAC frames, decoded one at a time into a symphonia audio buffer (samples
/// left-justified in 32 bits, as symphonia's FLAC decoder gives them).
pub struct FlacFrames {
    file: File,
    buf: Vec<u8>,
    /// First unread byte of `buf`.
    start: usize,
    eof: bool,
    params: StreamParams,
    info: StreamInfo,
    /// Keep at least this many bytes buffered ahead, so a frame is rarely cut.
    ahead: usize,
    planes: Vec<Vec<i32>>,
    out: AudioBuffer<i32>,
    delivered: u64,
}

impl std::fmt::Debug for FlacFrames {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FlacFrames")
            .field("info", &self.info)
            .field("delivered", &self.delivered)
            .finish()
    }
}

/// Why the next frame could not be decoded.
#[derive(Debug)]
pub enum NextError {
    /// Reading the file failed.
    Io(io::Error),
    /// A frame is damaged or the file ends inside one.
    Frame(FrameError),
}

impl FlacFrames {
    /// Opens `path` for native decoding with the channel layout symphonia found; `Ok(None)` when
    /// this decoder does not handle the file (see the module notes).
    pub fn open(path: &Path, channels: Channels) -> io::Result<Option<FlacFrames>> {
        let mut file = File::open(path)?;
        let Some(info) = read_header(&mut file)? else {
            return Ok(None);
        };
        let supported = (4..=24).contains(&info.bits_per_sample)
            && info.total_frames > 0
            && info.sample_rate > 0
            && channels.count() == info.channels;
        if !supported {
            return Ok(None);
        }
        let max_block = if info.max_block >= 16 {
            info.max_block
        } else {
            65_535
        };
        let ahead = if info.max_frame > 0 {
            info.max_frame.min(WORST_FRAME) * 2
        } else {
            WORST_FRAME
        };
        Ok(Some(FlacFrames {
            file,
            buf: Vec::with_capacity(READ_CHUNK + ahead),
            start: 0,
            eof: false,
            params: StreamParams {
                sample_rate: info.sample_rate,
                channels: info.channels,
                bits_per_sample: info.bits_per_sample,
            },
            ahead,
            planes: vec![Vec::with_capacity(max_block); info.channels],
            out: AudioBuffer::new(AudioSpec::new(info.sample_rate, channels), max_block),
            info,
            delivered: 0,
        }))
    }

    /// Moves unread bytes to the front and reads more of the file.
    fn read_more(&mut self) -> io::Result<()> {
        self.buf.drain(..self.start);
        self.start = 0;
        let have = self.buf.len();
        self.buf.resize(have + READ_CHUNK, 0);
        let mut got = 0;
        while got < READ_CHUNK {
            match self.file.read(&mut self.buf[have + got..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.buf.truncate(have + got);
                    return Err(e);
                }
            }
        }
        self.buf.truncate(have + got);
        Ok(())
    }

    /// Decodes the next frame; `Ok(None)` after the stream's stated length.
    pub fn next_frame(&mut self) -> Result<Option<GenericAudioBufferRef<'_>>, NextError> {
        if self.delivered >= self.info.total_frames {
            return Ok(None);
        }
        loop {
            if self.buf.len() - self.start < self.ahead && !self.eof {
                self.read_more().map_err(NextError::Io)?;
            }
            let data = &self.buf[self.start..];
            match frame::decode(data, &self.params, &mut self.planes) {
                Ok(frame) => {
                    self.start += frame.bytes;
                    // The last frame may hold more than the stated length: drop the excess.
                    let left = self.info.total_frames - self.delivered;
                    let n = frame
                        .block_size
                        .min(usize::try_from(left).unwrap_or(usize::MAX));
                    self.delivered += n as u64;
                    return Ok(Some(self.output(n)));
                }
                Err(FrameError::Truncated) if !self.eof => {
                    // A frame longer than the read-ahead: read more and decode it again.
                    self.ahead = self.ahead.saturating_mul(2).min(WORST_FRAME * 4);
                    self.read_more().map_err(NextError::Io)?;
                }
                Err(e) => return Err(NextError::Frame(e)),
            }
        }
    }

    /// Copies the first `n` samples of each plane into the output buffer, left-justified.
    fn output(&mut self, n: usize) -> GenericAudioBufferRef<'_> {
        let shift = 32 - self.info.bits_per_sample;
        self.out.clear();
        if n > self.out.capacity() {
            self.out.grow_capacity(n);
        }
        self.out.render_uninit(Some(n));
        for (ch, plane) in self.planes.iter().enumerate() {
            if let Some(dst) = self.out.plane_mut(ch) {
                for (d, s) in dst.iter_mut().zip(&plane[..n]) {
                    *d = s.wrapping_shl(shift);
                }
            }
        }
        self.out.as_generic_audio_buffer_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_info_fields() {
        // min 4096, max 4096, min frame 14, max frame 12,345, 96 kHz, 2 channels, 24 bits,
        // 26,460,000 frames.
        let mut b = vec![0x10, 0x00, 0x10, 0x00, 0, 0, 14, 0x00, 0x30, 0x39];
        let packed: u64 = (96_000u64 << 44) | (1 << 41) | (23 << 36) | 26_460_000;
        b.extend(packed.to_be_bytes());
        b.extend([0u8; 16]);
        let i = stream_info(&b).unwrap();
        assert_eq!(
            i,
            StreamInfo {
                max_block: 4096,
                max_frame: 12_345,
                sample_rate: 96_000,
                channels: 2,
                bits_per_sample: 24,
                total_frames: 26_460_000,
            }
        );
        assert_eq!(stream_info(&b[..33]), None);
    }
}
