//! The image-file recorder's audio side: an audio disc becomes a BIN (raw little-endian CD
//! audio from LBA 0 to the lead-out), a CUE sheet and, when asked, a cdrdao TOC.
//!
//! Every file goes to a temporary `.NAME.part` beside its target and is flushed to disk; only
//! when all of them are complete are they renamed into place (the CUE last, since it is the file
//! that points at the others). On any failure or cancellation the temporary files are removed.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::image_file::part_path;
use super::RecordOptions;
use crate::audio::cue::cue_for_layout;
use crate::audio::layout::BLOCK_BYTES;
use crate::audio::toc::toc_file;
use crate::audio::{AudioDisc, DiscImage, DiscLayout};
use crate::progress::{ProgressEvent, Reporter};
use crate::{Error, Result};

/// Bytes read from the disc image per step (a whole number of blocks).
const CHUNK: usize = BLOCK_BYTES * 256;

/// Where the files of one audio image go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AudioImagePaths {
    /// The CUE sheet.
    pub cue: PathBuf,
    /// The raw audio.
    pub bin: PathBuf,
    /// The cdrdao TOC.
    pub toc: PathBuf,
}

impl AudioImagePaths {
    /// The files for a target: `X.cue` (or `X.bin`, `X.toc`) gives `X.cue`, `X.bin`, `X.toc`;
    /// a name with any other extension, or none, gets the extensions appended.
    pub fn for_target(target: &Path) -> AudioImagePaths {
        let known = target
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["cue", "bin", "toc"].contains(&e.to_ascii_lowercase().as_str()));
        let with = |ext: &str| {
            if known {
                target.with_extension(ext)
            } else {
                let mut s = OsString::from(target.as_os_str());
                s.push(".");
                s.push(ext);
                PathBuf::from(s)
            }
        };
        AudioImagePaths {
            cue: with("cue"),
            bin: with("bin"),
            toc: with("toc"),
        }
    }
}

/// Records `disc` as image files (or, simulating, reads it all and writes nothing).
pub(super) fn record(
    disc: &AudioDisc,
    options: &RecordOptions,
    reporter: &mut dyn Reporter,
) -> Result<()> {
    reporter.emit(ProgressEvent::PreparingBurn {
        estimated_seconds: 0,
    });
    let layout = disc.layout()?;
    let mut image = disc.image()?;
    if options.simulate {
        let sim = Path::new("(simulation)");
        return pump(&mut image, &layout, &mut io::sink(), sim, reporter);
    }
    let target = options.image_path.clone().ok_or(Error::OutputFailed {
        path: PathBuf::new(),
        source: std::sync::Arc::new(io::Error::other(
            "no image file was given: choose where to save the CUE sheet (DISC.cue)",
        )),
    })?;
    let paths = AudioImagePaths::for_target(&target);
    let bin_name = paths
        .bin
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "disc.bin".into());
    let mut files = vec![
        (paths.bin.clone(), None),
        (
            paths.cue.clone(),
            Some(cue_for_layout(disc, &layout, &bin_name)),
        ),
    ];
    if options.write_toc {
        files.insert(1, (paths.toc.clone(), Some(toc_file(disc, &bin_name)?)));
    }
    tracing::info!(cue = %paths.cue.display(), bin = %paths.bin.display(), "writing audio image");
    let parts: Vec<PathBuf> = files.iter().map(|(p, _)| part_path(p)).collect();
    let result = (|| {
        write_bin_part(&mut image, &layout, &parts[0], reporter)?;
        for ((_, text), part) in files.iter().zip(&parts).skip(1) {
            if let Some(text) = text {
                write_text_part(part, text)?;
            }
        }
        reporter.check_cancel()?;
        for ((target, _), part) in files.iter().zip(&parts) {
            fs::rename(part, target).map_err(|e| Error::output(target, e))?;
        }
        Ok(())
    })();
    if result.is_err() {
        for part in &parts {
            let _ = fs::remove_file(part);
        }
    }
    result
}

fn write_bin_part(
    image: &mut DiscImage,
    layout: &DiscLayout,
    part: &Path,
    reporter: &mut dyn Reporter,
) -> Result<()> {
    let file = File::create(part).map_err(|e| Error::output(part, e))?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    pump(image, layout, &mut w, part, reporter)?;
    reporter.emit(ProgressEvent::ClosingDisc {
        estimated_seconds: 1,
    });
    let file = w
        .into_inner()
        .map_err(|e| Error::output(part, e.into_error()))?;
    file.sync_all().map_err(|e| Error::output(part, e))
}

fn write_text_part(part: &Path, text: &str) -> Result<()> {
    let mut file = File::create(part).map_err(|e| Error::output(part, e))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::output(part, e))
}

/// Streams the image into `out` with block and track progress, polling for cancellation.
fn pump(
    image: &mut DiscImage,
    layout: &DiscLayout,
    out: &mut dyn Write,
    path: &Path,
    reporter: &mut dyn Reporter,
) -> Result<()> {
    let total_blocks = layout.program_blocks();
    let total_tracks = layout.tracks.len() as u32;
    // The block at which each track ends (where the next one's pregap, or the lead-out, starts).
    let ends: Vec<u64> = layout
        .tracks
        .iter()
        .map(|t| (t.index01 as u64).saturating_add(t.blocks))
        .collect();
    let mut buf = vec![0u8; CHUNK];
    let mut written = 0u64;
    let mut tracks_done = 0u32;
    reporter.emit(ProgressEvent::BlockProgress {
        completed: 0,
        total: total_blocks,
    });
    loop {
        reporter.check_cancel()?;
        let n = image.read_bytes(&mut buf)?;
        if n == 0 {
            break;
        }
        out.write_all(&buf[..n])
            .map_err(|e| Error::output(path, e))?;
        written += n as u64;
        let blocks = written / BLOCK_BYTES as u64;
        reporter.emit(ProgressEvent::BlockProgress {
            completed: blocks,
            total: total_blocks,
        });
        let done = ends.iter().filter(|&&end| end <= blocks).count() as u32;
        if done > tracks_done {
            tracks_done = done;
            reporter.emit(ProgressEvent::TrackProgress {
                completed: done,
                total: total_tracks,
            });
        }
    }
    out.flush().map_err(|e| Error::output(path, e))?;
    if written != total_blocks * BLOCK_BYTES as u64 {
        return Err(Error::output(
            path,
            io::Error::other(format!(
                "the audio image came out {written} bytes long instead of {}",
                total_blocks * BLOCK_BYTES as u64
            )),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_share_the_stem() {
        let p = AudioImagePaths::for_target(Path::new("/t/x.cue"));
        assert_eq!(p.bin, Path::new("/t/x.bin"));
        assert_eq!(p.toc, Path::new("/t/x.toc"));
        let p = AudioImagePaths::for_target(Path::new("/t/x.BIN"));
        assert_eq!(p.cue, Path::new("/t/x.cue"));
        let p = AudioImagePaths::for_target(Path::new("/t/my.disc"));
        assert_eq!(p.cue, Path::new("/t/my.disc.cue"));
        assert_eq!(p.bin, Path::new("/t/my.disc.bin"));
    }
}
