//! The MP4 edit list of the first audio track: AAC priming ("encoder delay") and exact length,
//! which symphonia 0.6 parses but does not apply.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

/// Priming and length of an audio track, in frames of the track's media timescale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AudioEdit {
    /// Frames to skip at the start (the edit's media time).
    pub media_time: u64,
    /// Frames to play after that.
    pub duration: u64,
    /// The track's media timescale (normally the sample rate).
    pub timescale: u64,
}

/// Reads a box header at the reader's position: (type, header length, total length).
fn box_header(buf: &[u8]) -> Option<([u8; 4], usize, u64)> {
    let size32 = u32::from_be_bytes(buf.get(0..4)?.try_into().ok()?);
    let kind: [u8; 4] = buf.get(4..8)?.try_into().ok()?;
    match size32 {
        1 => {
            let size = u64::from_be_bytes(buf.get(8..16)?.try_into().ok()?);
            Some((kind, 16, size))
        }
        0 => Some((kind, 8, buf.len() as u64)),
        n => Some((kind, 8, u64::from(n))),
    }
}

/// Iterates over the boxes in `buf`, yielding (type, body).
fn boxes(mut buf: &[u8]) -> impl Iterator<Item = ([u8; 4], &[u8])> {
    std::iter::from_fn(move || {
        let (kind, hlen, size) = box_header(buf)?;
        let size = usize::try_from(size).ok()?;
        if size < hlen || size > buf.len() {
            return None;
        }
        let body = &buf[hlen..size];
        buf = &buf[size..];
        Some((kind, body))
    })
}

fn child<'a>(buf: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
    boxes(buf).find(|(k, _)| k == kind).map(|(_, b)| b)
}

fn be_u32(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u32::from_be_bytes(
        b.get(at..at + 4)?.try_into().ok()?,
    )))
}

fn be_u64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// (timescale, duration) of an `mvhd` or `mdhd` body.
fn header_times(b: &[u8]) -> Option<(u64, u64)> {
    if *b.first()? == 1 {
        Some((be_u32(b, 20)?, be_u64(b, 24)?))
    } else {
        Some((be_u32(b, 12)?, be_u32(b, 16)?))
    }
}

/// First edit with a media time (not an empty edit): (segment duration, media time).
fn first_edit(elst: &[u8]) -> Option<(u64, i64)> {
    let version = *elst.first()?;
    let count = be_u32(elst, 4)?;
    let mut at = 8;
    for _ in 0..count.min(64) {
        let (dur, time, step) = if version == 1 {
            (be_u64(elst, at)?, be_u64(elst, at + 8)? as i64, 20)
        } else {
            (
                be_u32(elst, at)?,
                i64::from(be_u32(elst, at + 4)? as u32 as i32),
                12,
            )
        };
        if time >= 0 {
            return Some((dur, time));
        }
        at += step;
    }
    None
}

/// Finds the audio edit of an MP4/M4A file; `Ok(None)` when there is no usable edit list.
pub fn audio_edit(path: &Path) -> io::Result<Option<AudioEdit>> {
    let mut f = File::open(path)?;
    let len = f.metadata()?.len();
    let mut pos = 0u64;
    // Find the top-level moov box.
    let moov = loop {
        if pos + 8 > len {
            return Ok(None);
        }
        f.seek(SeekFrom::Start(pos))?;
        let mut hdr = [0u8; 16];
        let n = f.read(&mut hdr)?;
        let Some((kind, hlen, mut size)) = box_header(&hdr[..n]) else {
            return Ok(None);
        };
        if size == len && u32::from_be_bytes([hdr[0], hdr[1], hdr[2], hdr[3]]) == 0 {
            size = len - pos;
        }
        if size < hlen as u64 {
            return Ok(None);
        }
        if &kind == b"moov" {
            if size > 64 << 20 {
                return Ok(None);
            }
            let mut body = vec![0u8; size as usize - hlen];
            f.seek(SeekFrom::Start(pos + hlen as u64))?;
            f.read_exact(&mut body)?;
            break body;
        }
        pos += size;
    };
    let Some((movie_ts, _)) = child(&moov, b"mvhd").and_then(header_times) else {
        return Ok(None);
    };
    for (kind, trak) in boxes(&moov) {
        if &kind != b"trak" {
            continue;
        }
        let Some(mdia) = child(trak, b"mdia") else {
            continue;
        };
        let is_audio = child(mdia, b"hdlr").is_some_and(|h| h.get(8..12) == Some(b"soun"));
        if !is_audio {
            continue;
        }
        let Some((media_ts, media_dur)) = child(mdia, b"mdhd").and_then(header_times) else {
            return Ok(None);
        };
        let Some((seg_dur, media_time)) = child(trak, b"edts")
            .and_then(|e| child(e, b"elst"))
            .and_then(first_edit)
        else {
            return Ok(None);
        };
        if movie_ts == 0 || media_ts == 0 {
            return Ok(None);
        }
        let media_time = media_time as u64;
        let from_elst = (u128::from(seg_dur) * u128::from(media_ts) / u128::from(movie_ts)) as u64;
        let from_mdhd = media_dur.saturating_sub(media_time);
        // The edit's duration is in the (coarse) movie timescale; the media duration is exact
        // when the encoder wrote only the real samples after the priming, as ffmpeg does.
        let tolerance = media_ts / movie_ts + 1;
        let duration = if from_mdhd.abs_diff(from_elst) <= tolerance || seg_dur == 0 {
            from_mdhd
        } else {
            from_elst
        };
        return Ok(Some(AudioEdit {
            media_time,
            duration,
            timescale: media_ts,
        }));
    }
    Ok(None)
}
