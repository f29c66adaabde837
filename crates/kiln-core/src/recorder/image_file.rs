//! The image-file recorder: writes the staged data disc to an `.iso` file.
//!
//! The image goes to a temporary file beside the target (`.NAME.part`), is flushed to disk, and
//! only then renamed into place; on any failure the temporary file is removed, so no partial
//! image is ever left claiming success.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::{RecordOptions, Recorder, RecorderInfo, RecorderKind};
use crate::media::{MediumSize, BLOCK};
use crate::progress::{ProgressEvent, Reporter};
use crate::stream::{self, PumpError};
use crate::{Error, Format, Result};

/// Bytes moved per read/write: large enough to stream at memory speed.
const CHUNK: usize = 1 << 20;

/// The recorder that writes image files.
#[derive(Debug, Default)]
pub struct ImageFileRecorder;

impl ImageFileRecorder {
    /// The recorder's id.
    pub const ID: &'static str = "image";
}

impl Recorder for ImageFileRecorder {
    fn info(&self) -> RecorderInfo {
        RecorderInfo {
            id: Self::ID.into(),
            kind: RecorderKind::ImageFile,
            name: "Image file (.iso, or .bin/.cue for audio)".into(),
            formats: vec![Format::Data, Format::Audio],
        }
    }

    fn capacity(&self) -> MediumSize {
        MediumSize::Unlimited
    }

    fn record_data(
        &mut self,
        image: &mut (dyn Read + Send),
        total_blocks: u64,
        options: &RecordOptions,
        reporter: &mut dyn Reporter,
    ) -> Result<()> {
        reporter.emit(ProgressEvent::PreparingBurn {
            estimated_seconds: 0,
        });
        if options.simulate {
            let sim = Path::new("(simulation)");
            let written = pump(image, total_blocks, &mut io::sink(), sim, reporter)?;
            check_length(written, total_blocks, sim)?;
            reporter.emit(ProgressEvent::ClosingDisc {
                estimated_seconds: 0,
            });
            return Ok(());
        }
        let target = options.image_path.clone().ok_or(Error::OutputFailed {
            path: PathBuf::new(),
            source: std::sync::Arc::new(io::Error::other(
                "no image file was given: choose where to save the image",
            )),
        })?;
        if fs::metadata(&target).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            // A pipe, a FIFO or a device (`/dev/stdout`, a FIFO feeding another program):
            // written in place, since there is nothing to rename over.
            let mut out = fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(|e| Error::output(&target, e))?;
            let written = pump(image, total_blocks, &mut out, &target, reporter)?;
            check_length(written, total_blocks, &target)?;
            reporter.emit(ProgressEvent::ClosingDisc {
                estimated_seconds: 0,
            });
            return Ok(());
        }
        let part = part_path(&target);
        let result = write_part(image, total_blocks, &part, reporter);
        match result {
            Ok(()) => fs::rename(&part, &target).map_err(|e| {
                let _ = fs::remove_file(&part);
                Error::output(&target, e)
            }),
            Err(e) => {
                let _ = fs::remove_file(&part);
                Err(e)
            }
        }
    }

    fn record_audio(
        &mut self,
        disc: &crate::audio::AudioDisc,
        options: &RecordOptions,
        reporter: &mut dyn Reporter,
    ) -> Result<()> {
        super::image_audio::record(disc, options, reporter)
    }
}

pub(super) fn part_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "image.iso".into());
    target.with_file_name(format!(".{name}.part"))
}

fn write_part(
    image: &mut (dyn Read + Send),
    total_blocks: u64,
    part: &Path,
    reporter: &mut dyn Reporter,
) -> Result<()> {
    let mut file = File::create(part).map_err(|e| Error::output(part, e))?;
    let written = pump_flushing(image, total_blocks, &mut file, part, reporter)?;
    check_length(written, total_blocks, part)?;
    reporter.emit(ProgressEvent::ClosingDisc {
        estimated_seconds: 1,
    });
    file.sync_all().map_err(|e| Error::output(part, e))?;
    Ok(())
}

/// How much is written between two background flushes.
const FLUSH_EVERY: u64 = 64 << 20;

/// Like [`pump`], while a helper thread flushes what was written so far to the disk every
/// [`FLUSH_EVERY`] bytes. The image must be durable before it is renamed into place; flushing
/// as it is written keeps the disk busy during the copy instead of making the final `fsync` wait
/// for the whole image. Errors of these early flushes are left to the final one to report.
fn pump_flushing(
    image: &mut (dyn Read + Send),
    total_blocks: u64,
    file: &mut File,
    path: &Path,
    reporter: &mut dyn Reporter,
) -> Result<u64> {
    let Ok(flusher) = file.try_clone() else {
        return pump(image, total_blocks, file, path, reporter);
    };
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            while rx.recv().is_ok() {
                // Requests that piled up during a flush are served by the next one.
                while rx.try_recv().is_ok() {}
                let _ = flusher.sync_data();
            }
        });
        let tx = tx;
        let mut since_flush = 0u64;
        let mut out = FlushingWriter {
            file,
            on_chunk: |n: usize| {
                since_flush += n as u64;
                if since_flush >= FLUSH_EVERY {
                    since_flush = 0;
                    let _ = tx.send(());
                }
            },
        };
        pump(image, total_blocks, &mut out, path, reporter)
    })
}

/// A file writer that tells `on_chunk` how much each write added.
struct FlushingWriter<'a, F: FnMut(usize)> {
    file: &'a mut File,
    on_chunk: F,
}

impl<F: FnMut(usize)> Write for FlushingWriter<'_, F> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        (self.on_chunk)(n);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Chunks handed to the output at a time, and how many are read ahead: reading the sources
/// and writing the image overlap on two cores.
const DEPTH: usize = 8;

/// Copies the image into `out` through the read-ahead ring, reporting block progress and
/// polling cancellation after every chunk, and turning I/O errors back into core errors.
fn pump(
    image: &mut (dyn Read + Send),
    total_blocks: u64,
    out: &mut dyn Write,
    path: &Path,
    reporter: &mut dyn Reporter,
) -> Result<u64> {
    let mut done = 0u64;
    let sink = |chunk: &[u8]| -> Result<()> {
        out.write_all(chunk).map_err(|e| Error::output(path, e))?;
        done += chunk.len() as u64;
        reporter.emit(ProgressEvent::BlockProgress {
            completed: done / BLOCK,
            total: total_blocks,
        });
        reporter.check_cancel()
    };
    stream::pump(image, CHUNK, DEPTH, sink).map_err(|e| match e {
        PumpError::Read(e) => Error::from_io(e, path),
        PumpError::Write(e) => e,
    })
}

fn check_length(written: u64, total_blocks: u64, path: &Path) -> Result<()> {
    if written != total_blocks * BLOCK {
        return Err(Error::output(
            path,
            io::Error::other(format!(
                "the image came out {written} bytes long instead of {}",
                total_blocks * BLOCK
            )),
        ));
    }
    Ok(())
}
