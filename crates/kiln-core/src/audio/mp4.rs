//! The MP4 edit list of the first audio track: AAC priming ("encoder delay") and exact length,
//! which symphonia 0.6 parses but does not apply. Files from iTunes and other Apple encoders
//! often carry no usable edit list and say the same in the `iTunSMPB` tag instead (the
//! `----` item of `moov/udta/meta/ilst`), which is read when there is no edit.

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

/// The body of a `meta` box's children: ISO files give `meta` a version and flags first,
/// QuickTime files do not (their first child's type then sits at offset 4).
fn meta_children(meta: &[u8]) -> &[u8] {
    if meta.get(4..8) == Some(b"hdlr") || meta.get(4..8) == Some(b"ilst") {
        meta
    } else {
        meta.get(4..).unwrap_or_default()
    }
}

/// The text of a `----` item's `mean`/`name` child (a full box: version and flags first).
fn item_text<'a>(item: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
    child(item, kind)?.get(4..)
}

/// Priming and length (frames) from the `iTunSMPB` tag: hexadecimal fields separated by
/// spaces, of which the second is the priming, the third the padding, the fourth the number of
/// real frames.
fn itunes_gapless(moov: &[u8]) -> Option<(u64, u64)> {
    // A file may hold several `udta` boxes (ffmpeg writes its own besides a tagger's).
    let item = boxes(moov)
        .filter(|(kind, _)| kind == b"udta")
        .filter_map(|(_, udta)| child(meta_children(child(udta, b"meta")?), b"ilst"))
        .flat_map(boxes)
        .find(|(kind, item)| {
            kind == b"----"
                && item_text(item, b"mean") == Some(b"com.apple.iTunes")
                && item_text(item, b"name") == Some(b"iTunSMPB")
        })?;
    // `data`: type (4 bytes) and locale (4 bytes), then the text.
    let text = std::str::from_utf8(child(item.1, b"data")?.get(8..)?).ok()?;
    let fields: Vec<u64> = text
        .split_ascii_whitespace()
        .map(|f| u64::from_str_radix(f, 16).ok())
        .collect::<Option<_>>()?;
    let (priming, frames) = (*fields.get(1)?, *fields.get(3)?);
    (frames > 0).then_some((priming, frames))
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
            return Ok(itunes_gapless(&moov).map(|(priming, frames)| AudioEdit {
                media_time: priming,
                duration: frames,
                timescale: media_ts,
            }));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn mp4_box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        b.extend_from_slice(kind);
        b.extend_from_slice(body);
        b
    }

    fn full_box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        mp4_box(kind, &[&[0u8; 4][..], body].concat())
    }

    /// `moov/udta/meta/ilst/----` with `name` and a text value; `iso` adds meta's version field.
    fn moov_with_tag(name: &str, value: &str, iso: bool) -> Vec<u8> {
        let data = mp4_box(
            b"data",
            &[&[0, 0, 0, 1, 0, 0, 0, 0][..], value.as_bytes()].concat(),
        );
        let item = mp4_box(
            b"----",
            &[
                full_box(b"mean", b"com.apple.iTunes"),
                full_box(b"name", name.as_bytes()),
                data,
            ]
            .concat(),
        );
        let ilst = mp4_box(b"ilst", &item);
        let hdlr = full_box(b"hdlr", b"\0\0\0\0mdirappl\0\0\0\0\0\0\0\0\0");
        let meta_body = [if iso { vec![0u8; 4] } else { vec![] }, hdlr, ilst].concat();
        let udta = mp4_box(b"udta", &mp4_box(b"meta", &meta_body));
        let other = mp4_box(
            b"udta",
            &mp4_box(b"meta", &[vec![0u8; 4], mp4_box(b"ilst", b"")].concat()),
        );
        [mp4_box(b"free", b"x"), other, udta].concat()
    }

    const SMPB: &str =
        " 00000000 00000840 000001CA 0000000000C4A76E 00000000 00000000 00000000 00000000";

    #[test]
    fn itunsmpb_gives_priming_and_length() {
        for iso in [true, false] {
            let moov = moov_with_tag("iTunSMPB", SMPB, iso);
            assert_eq!(
                itunes_gapless(&moov),
                Some((0x840, 0xC4_A76E)),
                "iso meta: {iso}"
            );
        }
    }

    #[test]
    fn other_tags_and_bad_values_are_ignored() {
        assert_eq!(itunes_gapless(&moov_with_tag("iTunNORM", SMPB, true)), None);
        assert_eq!(
            itunes_gapless(&moov_with_tag("iTunSMPB", " 0 840 zz 100", true)),
            None
        );
        assert_eq!(
            itunes_gapless(&moov_with_tag("iTunSMPB", " 0 840", true)),
            None
        );
        assert_eq!(
            itunes_gapless(&moov_with_tag("iTunSMPB", " 0 840 0 0", true)),
            None
        );
        let moov = moov_with_tag("iTunSMPB", SMPB, true);
        for n in 0..moov.len() {
            let _ = itunes_gapless(&moov[..n]);
        }
    }
}
