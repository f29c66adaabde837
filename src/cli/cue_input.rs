//! CUE sheets given to `kiln burn audio` / `kiln size audio` as input: their BIN (little- or
//! big-endian), WAV, FLAC or other audio files are read in order as one continuous stream and
//! cut into tracks at the sheet's INDEX 01 positions, which are kept exactly.
//!
//! As far as the Red Book layout allows: a pregap (INDEX 00 to INDEX 01) that is digital silence
//! stays a pregap of the same length; a pregap with sound in it is kept as the end of the
//! previous track (the track then starts gaplessly, so no audio is lost). `PREGAP` adds
//! silence before a track's INDEX 01 and `POSTGAP` silence after its audio (the track's last
//! block is completed with silence first, as CDRWIN does). Indices above 01 and audio before
//! track 1's INDEX 01 are not kept (a warning is logged).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use fluent_bundle::FluentValue;
use kiln_core::audio::{Decoder, DiscMetadata, TrackMetadata};
use kiln_core::DiscMaster;

use super::Failure;
use crate::i18n::Texts;

const BLOCK: usize = 2352;
const FRAMES_PER_BLOCK: u64 = 588;

/// One `FILE` of the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CueFile {
    path: PathBuf,
    /// `BINARY` (little-endian raw) or `MOTOROLA` (big-endian raw); anything else is decoded.
    raw: Option<bool>,
}

/// A position: file index and frame in it.
type Pos = (usize, u64);

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct CueTrack {
    index00: Option<Pos>,
    index01: Option<Pos>,
    pregap_blocks: u64,
    /// Blocks of silence after the track's audio (`POSTGAP`).
    postgap_blocks: u64,
    metadata: TrackMetadata,
}

#[derive(Debug, Default)]
struct CueSheet {
    disc: DiscMetadata,
    files: Vec<CueFile>,
    tracks: Vec<CueTrack>,
}

/// The first word, or the quoted string, of `rest`, and what follows.
fn word(rest: &str) -> (String, &str) {
    let rest = rest.trim_start();
    if let Some(q) = rest.strip_prefix('"') {
        match q.find('"') {
            Some(end) => (q[..end].to_string(), &q[end + 1..]),
            None => (q.to_string(), ""),
        }
    } else {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        (rest[..end].to_string(), &rest[end..])
    }
}

/// `mm:ss:ff` in blocks.
fn msf(text: &str) -> Option<u64> {
    let mut parts = text.split(':').map(|p| p.parse::<u64>().ok());
    let (m, s, f) = (parts.next()??, parts.next()??, parts.next()??);
    (parts.next().is_none() && s < 60 && f < 75).then_some((m * 60 + s) * 75 + f)
}

/// Parses a sheet; on error, the message key and the line number.
fn parse(text: &str, dir: &Path) -> Result<CueSheet, (&'static str, usize)> {
    let mut sheet = CueSheet::default();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let (key, rest) = word(line.trim_start_matches('\u{feff}'));
        let (value, after) = word(rest);
        let in_track = !sheet.tracks.is_empty();
        let text_field = |t: &mut Option<String>| *t = Some(value.clone());
        match key.to_ascii_uppercase().as_str() {
            "FILE" => {
                let kind = word(after).0.to_ascii_uppercase();
                sheet.files.push(CueFile {
                    path: dir.join(&value),
                    raw: match kind.as_str() {
                        "BINARY" => Some(false),
                        "MOTOROLA" => Some(true),
                        _ => None,
                    },
                });
            }
            "TRACK" => {
                if sheet.files.is_empty() {
                    return Err(("cli-cue-no-file", line_no));
                }
                if !word(after).0.eq_ignore_ascii_case("AUDIO") {
                    return Err(("cli-cue-not-audio", line_no));
                }
                sheet.tracks.push(CueTrack::default());
            }
            "INDEX" => {
                let blocks = msf(&word(after).0).ok_or(("cli-cue-bad-time", line_no))?;
                let file = sheet.files.len().saturating_sub(1);
                let pos = Some((file, blocks * FRAMES_PER_BLOCK));
                let Some(t) = sheet.tracks.last_mut() else {
                    return Err(("cli-cue-no-file", line_no));
                };
                match value.parse::<u32>() {
                    Ok(0) => t.index00 = pos,
                    Ok(1) => t.index01 = pos,
                    Ok(_) => tracing::warn!(line_no, "CUE index above 01 ignored"),
                    Err(_) => return Err(("cli-cue-bad-time", line_no)),
                }
            }
            "PREGAP" => {
                let blocks = msf(&value).ok_or(("cli-cue-bad-time", line_no))?;
                if let Some(t) = sheet.tracks.last_mut() {
                    t.pregap_blocks = blocks;
                }
            }
            "TITLE" | "PERFORMER" | "SONGWRITER" | "ISRC" | "CATALOG" => {
                let up = key.to_ascii_uppercase();
                match (in_track, sheet.tracks.last_mut()) {
                    (true, Some(t)) => match up.as_str() {
                        "TITLE" => text_field(&mut t.metadata.title),
                        "PERFORMER" => text_field(&mut t.metadata.performer),
                        "SONGWRITER" => text_field(&mut t.metadata.songwriter),
                        "ISRC" => text_field(&mut t.metadata.isrc),
                        _ => {}
                    },
                    _ => match up.as_str() {
                        "TITLE" => text_field(&mut sheet.disc.title),
                        "PERFORMER" => text_field(&mut sheet.disc.performer),
                        "SONGWRITER" => text_field(&mut sheet.disc.songwriter),
                        "CATALOG" => text_field(&mut sheet.disc.catalog),
                        _ => {}
                    },
                }
            }
            "POSTGAP" => {
                let blocks = msf(&value).ok_or(("cli-cue-bad-time", line_no))?;
                if let Some(t) = sheet.tracks.last_mut() {
                    t.postgap_blocks = blocks;
                }
            }
            _ => {}
        }
    }
    if sheet.tracks.is_empty() {
        return Err(("cli-cue-no-tracks", 0));
    }
    if let Some(i) = sheet.tracks.iter().position(|t| t.index01.is_none()) {
        return Err(("cli-cue-no-index", i + 1));
    }
    Ok(sheet)
}

enum Source {
    Raw {
        reader: BufReader<File>,
        big_endian: bool,
    },
    Decoded(Box<Decoder>),
}

/// Reads the sheet's files in order as one stream of 16-bit little-endian stereo frames.
struct Stream<'a> {
    files: &'a [CueFile],
    at: Pos,
    source: Option<Source>,
    samples: Vec<i16>,
}

impl Stream<'_> {
    /// Reads up to `frames` frames of the current file into `out`; 0 at its end.
    fn read(&mut self, frames: usize, out: &mut Vec<u8>) -> Result<usize, Failure> {
        let file = &self.files[self.at.0];
        let path = file.path.as_path();
        if self.source.is_none() {
            self.source = Some(match file.raw {
                Some(big_endian) => {
                    let f =
                        File::open(path).map_err(|e| kiln_core::Error::from_source_io(path, e))?;
                    Source::Raw {
                        reader: BufReader::with_capacity(1 << 16, f),
                        big_endian,
                    }
                }
                None => Source::Decoded(Box::new(Decoder::open(path)?)),
            });
        }
        out.clear();
        match &mut self.source {
            Some(Source::Raw { reader, big_endian }) => {
                reader
                    .take(frames as u64 * 4)
                    .read_to_end(out)
                    .map_err(|e| kiln_core::Error::from_source_io(path, e))?;
                out.truncate(out.len() / 4 * 4);
                if *big_endian {
                    out.chunks_exact_mut(2).for_each(|s| s.swap(0, 1));
                }
            }
            Some(Source::Decoded(d)) => {
                self.samples.resize(frames * 2, 0);
                let n = d.read_frames(&mut self.samples)?;
                out.extend(self.samples[..n * 2].iter().flat_map(|s| s.to_le_bytes()));
            }
            None => {}
        }
        Ok(out.len() / 4)
    }

    /// Moves to `to` (`None`: the end of the last file), handing every frame passed to `sink`.
    fn advance(
        &mut self,
        to: Option<Pos>,
        sink: &mut dyn FnMut(&[u8]) -> Result<(), Failure>,
    ) -> Result<(), Failure> {
        let mut buf = Vec::new();
        while self.at.0 < self.files.len() {
            let want = match to {
                Some(t) if t <= self.at => return Ok(()),
                Some((f, p)) if f == self.at.0 => (p - self.at.1).min(1 << 16) as usize,
                _ => 1 << 16,
            };
            let n = self.read(want, &mut buf)?;
            if n == 0 {
                self.at = (self.at.0 + 1, 0);
                self.source = None;
                continue;
            }
            self.at.1 += n as u64;
            sink(&buf)?;
        }
        Ok(())
    }
}

/// Pushes audio into the open track in whole blocks, keeping the remainder.
struct Track<'m> {
    master: &'m mut DiscMaster,
    carry: Vec<u8>,
}

impl Track<'_> {
    fn push(&mut self, data: &[u8]) -> Result<(), Failure> {
        self.carry.extend_from_slice(data);
        let whole = self.carry.len() / BLOCK * BLOCK;
        if whole > 0 {
            self.master.add_audio_track_blocks(&self.carry[..whole])?;
            self.carry.drain(..whole);
        }
        Ok(())
    }

    /// Pads the last block with silence, adds `postgap` blocks of silence and closes the track.
    fn close(&mut self, postgap: u64) -> Result<(), Failure> {
        if !self.carry.is_empty() {
            self.carry.resize(BLOCK, 0);
            self.master.add_audio_track_blocks(&self.carry)?;
            self.carry.clear();
        }
        let silence = [0u8; BLOCK * 75];
        let mut left = postgap;
        while left > 0 {
            let n = left.min(75);
            self.master
                .add_audio_track_blocks(&silence[..n as usize * BLOCK])?;
            left -= n;
        }
        self.master.close_audio_track()?;
        Ok(())
    }
}

/// Stages the tracks of the CUE sheet `cue`; `first_pregap` is the first track's pregap when it
/// follows other tracks (`None`: 2 seconds).
pub fn stage(
    texts: &Texts,
    master: &mut DiscMaster,
    cue: &Path,
    first_pregap: Option<u64>,
) -> Result<(), Failure> {
    let bytes = std::fs::read(cue).map_err(|e| kiln_core::Error::from_source_io(cue, e))?;
    let text = String::from_utf8_lossy(&bytes);
    let dir = cue.parent().unwrap_or(Path::new("."));
    let sheet = parse(&text, dir).map_err(|(key, line)| {
        Failure::Message(texts.get(
            key,
            &[
                ("path", FluentValue::from(cue.display().to_string())),
                ("line", FluentValue::from(line)),
            ],
        ))
    })?;
    if sheet.disc != DiscMetadata::default() {
        master.set_audio_disc_metadata(sheet.disc.clone())?;
    }
    let mut stream = Stream {
        files: &sheet.files,
        at: (0, 0),
        source: None,
        samples: Vec::new(),
    };
    let mut track = Track {
        master,
        carry: Vec::new(),
    };
    let mut skipped = 0u64;
    stream.advance(sheet.tracks[0].index01, &mut |b| {
        skipped += b.len() as u64;
        Ok(())
    })?;
    if skipped > 0 {
        tracing::warn!(cue = %cue.display(), bytes = skipped, "audio before track 1 left out");
    }
    let first = &sheet.tracks[0];
    let pregap = first_pregap.map(|g| g + first.pregap_blocks);
    track
        .master
        .create_audio_track_with(0, first.metadata.clone(), pregap)?;
    for (previous, t) in sheet.tracks.iter().zip(&sheet.tracks[1..]) {
        stream.advance(t.index00.or(t.index01), &mut |b| track.push(b))?;
        let mut gap = Vec::new();
        if t.index00.is_some() {
            stream.advance(t.index01, &mut |b| {
                gap.extend_from_slice(b);
                Ok(())
            })?;
        }
        let silent = gap.iter().all(|&b| b == 0);
        let gap_blocks = if silent {
            (gap.len() as u64).div_ceil(BLOCK as u64)
        } else {
            track.push(&gap)?;
            0
        };
        track.close(previous.postgap_blocks)?;
        track.master.create_audio_track_with(
            0,
            t.metadata.clone(),
            Some(gap_blocks + t.pregap_blocks),
        )?;
    }
    stream.advance(None, &mut |b| track.push(b))?;
    let last = sheet.tracks.last().map_or(0, |t| t.postgap_blocks);
    track.close(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_sheet() {
        let text = "REM GENRE Rock\nPERFORMER \"The Band\"\nTITLE \"Album\"\nFILE \"a b.bin\" BINARY\n  TRACK 01 AUDIO\n    TITLE \"One\"\n    INDEX 01 00:00:00\n  TRACK 02 AUDIO\n    PREGAP 00:01:00\n    INDEX 00 00:10:00\n    INDEX 01 00:12:00\n    POSTGAP 00:00:30\nFILE \"c.flac\" WAVE\n  TRACK 03 AUDIO\n    INDEX 01 00:00:00\n";
        let s = parse(text, Path::new("/d")).unwrap();
        assert_eq!(s.tracks[1].postgap_blocks, 30);
        assert_eq!(s.tracks[0].postgap_blocks, 0);
        assert_eq!(s.disc.title.as_deref(), Some("Album"));
        assert_eq!(s.disc.performer.as_deref(), Some("The Band"));
        assert_eq!(s.files[0].path, Path::new("/d/a b.bin"));
        assert_eq!(s.files[0].raw, Some(false));
        assert_eq!(s.files[1].raw, None);
        assert_eq!(s.tracks[0].metadata.title.as_deref(), Some("One"));
        assert_eq!(s.tracks[1].index00, Some((0, 750 * 588)));
        assert_eq!(s.tracks[1].index01, Some((0, 900 * 588)));
        assert_eq!(s.tracks[1].pregap_blocks, 75);
        assert_eq!(s.tracks[2].index01, Some((1, 0)));
    }

    #[test]
    fn refuses_bad_sheets_without_panicking() {
        let d = Path::new("/d");
        assert_eq!(parse("", d).unwrap_err().0, "cli-cue-no-tracks");
        assert_eq!(parse("TRACK 01 AUDIO", d).unwrap_err().0, "cli-cue-no-file");
        let mode1 = "FILE \"x.bin\" BINARY\nTRACK 01 MODE1/2352\nINDEX 01 00:00:00";
        assert_eq!(parse(mode1, d).unwrap_err(), ("cli-cue-not-audio", 2));
        let time = "FILE x.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:61:00";
        assert_eq!(parse(time, d).unwrap_err(), ("cli-cue-bad-time", 3));
        let noidx = "FILE x.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nTRACK 02 AUDIO";
        assert_eq!(parse(noidx, d).unwrap_err(), ("cli-cue-no-index", 2));
        for junk in [
            "\"",
            "INDEX",
            "FILE",
            "TRACK \"",
            "INDEX 01 ::",
            "\u{feff}FILE \"x",
        ] {
            let _ = parse(junk, d);
        }
    }
}
