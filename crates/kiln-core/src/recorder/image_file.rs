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
            name: "Image file (.iso)".into(),
            formats: vec![Format::Data],
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
        if options.simulate {
            let written = pump(image, &mut io::sink(), Path::new("(simulation)"))?;
            return check_length(written, total_blocks, Path::new("(simulation)"));
        }
        let target = options.image_path.clone().ok_or(Error::OutputFailed {
            path: PathBuf::new(),
            source: std::sync::Arc::new(io::Error::other(
                "no image file was given: choose where to save the image",
            )),
        })?;
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
}

fn part_path(target: &Path) -> PathBuf {
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
    let written = pump(image, &mut file, part)?;
    check_length(written, total_blocks, part)?;
    reporter.emit(ProgressEvent::ClosingDisc {
        estimated_seconds: 1,
    });
    file.sync_all().map_err(|e| Error::output(part, e))?;
    Ok(())
}

/// Chunks handed to the output at a time, and how many are read ahead: reading the sources
/// and writing the image overlap on two cores.
const DEPTH: usize = 8;

/// Copies the image into `out` through the read-ahead ring, turning I/O errors back into core
/// errors.
fn pump(image: &mut (dyn Read + Send), out: &mut dyn Write, path: &Path) -> Result<u64> {
    stream::pump(image, CHUNK, DEPTH, |chunk| out.write_all(chunk)).map_err(|e| match e {
        PumpError::Read(e) => Error::from_io(e, path),
        PumpError::Write(e) => Error::output(path, e),
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
