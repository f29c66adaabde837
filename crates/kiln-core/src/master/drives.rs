//! The drives behind [`DiscMaster`]: what disc is in the active recorder, the drives that only
//! read, reports, verify and erase, and the platform's drive discovery (SG_IO on Linux, IOKit on
//! macOS, SPTI on Windows).

use std::path::Path;

use super::{DiscMaster, Format};
use crate::progress::{ProgressEvent, Reporter};
use crate::recorder::{MediumInfo, RecordOptions, Recorder, RecorderInfo, RecorderKind};
use crate::{Error, Result};

impl DiscMaster {
    /// Describes the disc in the active recorder: profile, status, sessions, free blocks and
    /// the write speeds the drive offers for it. The image-file recorder has no disc.
    pub fn medium_info(&mut self) -> Result<MediumInfo> {
        self.ensure_open()?;
        let i = self.active_recorder.ok_or(Error::NoActiveRecorder)?;
        self.recorders[i].medium_info()
    }

    /// Why `id` cannot be the active recorder: unknown, or a drive that only reads.
    pub(super) fn not_recorder(&self, id: &str) -> Error {
        match self.recorders.iter().map(|r| r.info()).find(|i| i.id == id) {
            Some(info) if info.kind == RecorderKind::Reader => Error::DeviceNotAccessible {
                recorder: id.into(),
                reason: format!(
                    "'{}' reads discs but cannot record them (it lists no writable disc \
                     type): choose a recorder from `kiln recorders`",
                    info.name
                ),
            },
            _ => Error::UnknownRecorder { id: id.into() },
        }
    }

    /// Drives that read but cannot record (listed by no format; see [`RecorderKind::Reader`]).
    pub fn readers(&self) -> Result<Vec<RecorderInfo>> {
        self.ensure_open()?;
        Ok(self
            .recorders
            .iter()
            .map(|r| r.info())
            .filter(|i| i.kind == RecorderKind::Reader)
            .collect())
    }

    /// What the drive `id` (a recorder or a reader) is and what disc it holds.
    pub fn drive_report(&mut self, id: &str) -> Result<crate::mmc::burn::DriveReport> {
        self.ensure_open()?;
        self.any_recorder(id)?.drive_report()
    }

    /// Reads the disc in the drive `id` (a recorder or a reader) back and compares it block
    /// for block with the data image file `image`, reporting block progress.
    pub fn verify_disc(&mut self, id: &str, image: &Path) -> Result<()> {
        self.ensure_open()?;
        let i = self
            .recorders
            .iter()
            .position(|r| r.info().id == id)
            .ok_or_else(|| Error::UnknownRecorder { id: id.into() })?;
        self.recorders[i].verify_image(image, &mut self.observers)
    }

    fn any_recorder(&mut self, id: &str) -> Result<&mut Box<dyn Recorder>> {
        self.recorders
            .iter_mut()
            .find(|r| r.info().id == id)
            .ok_or_else(|| Error::UnknownRecorder { id: id.into() })
    }

    /// Erases the rewritable disc in the active recorder (IMAPI's `Erase`): `quick` blanks
    /// only the table of contents, otherwise the whole disc. Emits
    /// [`ProgressEvent::EraseComplete`] with the outcome.
    pub fn erase(&mut self, quick: bool) -> Result<()> {
        self.ensure_open()?;
        let i = self.active_recorder.ok_or(Error::NoActiveRecorder)?;
        let result = self.recorders[i].erase(quick, &mut self.observers);
        self.observers.emit(ProgressEvent::EraseComplete {
            error: result.as_ref().err().cloned(),
        });
        result
    }
}

/// The drives found on this system, as recorders. Each is asked (opened for reading only)
/// which media it handles: one that lists no writable medium is a [`RecorderKind::Reader`],
/// offered for no format. A drive that cannot be asked (no permission, busy) stays a
/// recorder, so that burning it gives the error that says what to do.
#[cfg(target_os = "linux")]
pub(super) fn real_drives() -> Vec<Box<dyn Recorder>> {
    use crate::mmc::burn::{self, DriveRecorder};
    use crate::transport::sg_io::{self, SgIoTransport};
    sg_io::discover()
        .into_iter()
        .map(|d| {
            let id = d.path.display().to_string();
            let name = format!("{} {}", d.vendor, d.model).trim().to_string();
            let opened =
                |r: std::result::Result<SgIoTransport, crate::transport::TransportError>,
                 id: &str| {
                    r.map_err(|e| Error::DeviceNotAccessible {
                        recorder: id.to_string(),
                        reason: e.to_string(),
                    })
                };
            let writer = match opened(SgIoTransport::open_shared(&d.path), &id)
                .and_then(|t| burn::lists_writable_media(t, &id))
            {
                Ok(writes) => writes,
                Err(e) => {
                    tracing::info!(drive = %id, error = %e, "cannot ask the drive what it writes");
                    true
                }
            };
            let info = RecorderInfo {
                id: id.clone(),
                kind: if writer {
                    RecorderKind::Drive
                } else {
                    RecorderKind::Reader
                },
                name: if name.is_empty() { id.clone() } else { name },
                formats: if writer {
                    vec![Format::Data, Format::Audio]
                } else {
                    Vec::new()
                },
            };
            let (path, read_path, read_id) = (d.path.clone(), d.path, id.clone());
            Box::new(
                DriveRecorder::new(info, move |_: &RecordOptions| {
                    opened(SgIoTransport::open(&path), &id)
                })
                .with_reader(move || opened(SgIoTransport::open_shared(&read_path), &read_id)),
            ) as Box<dyn Recorder>
        })
        .collect()
}

/// The drives found on this system, as recorders: the authoring drives of the I/O Registry,
/// opened through IOKit's MMC user client (exclusive access) when a burn starts.
#[cfg(target_os = "macos")]
pub(super) fn real_drives() -> Vec<Box<dyn Recorder>> {
    use crate::mmc::burn::DriveRecorder;
    use crate::transport::iokit::{self, IoKitTransport};
    iokit::discover()
        .into_iter()
        .map(|d| {
            let id = iokit::recorder_id(d.registry_id);
            let name = d.display_name();
            let info = RecorderInfo {
                id: id.clone(),
                kind: RecorderKind::Drive,
                name: if name.is_empty() { id.clone() } else { name },
                formats: vec![Format::Data, Format::Audio],
            };
            let registry_id = d.registry_id;
            Box::new(DriveRecorder::new(info, move |_: &RecordOptions| {
                IoKitTransport::open(registry_id).map_err(|e| Error::DeviceNotAccessible {
                    recorder: id.clone(),
                    reason: e.to_string(),
                })
            })) as Box<dyn Recorder>
        })
        .collect()
}

/// The drives found on this system, as recorders: the drive letters of optical drives, opened
/// through SPTI (`\\.\X:`). A burn or an erase takes the drive from Windows when it opens it
/// (volume locked and dismounted, exclusive access) and gives it back when it ends; media
/// information and verifying open it without taking it.
#[cfg(windows)]
pub(super) fn real_drives() -> Vec<Box<dyn Recorder>> {
    use crate::mmc::burn::DriveRecorder;
    use crate::transport::spti::{GuardedSpti, SptiTransport};
    use crate::transport::spti_discover;
    spti_discover::discover()
        .into_iter()
        .map(|d| {
            let id = format!("{}:", d.letter);
            let name = format!("{} {} ({id})", d.vendor, d.model)
                .trim()
                .to_string();
            let info = RecorderInfo {
                id,
                kind: RecorderKind::Drive,
                name: name.clone(),
                formats: vec![Format::Data, Format::Audio],
            };
            let opened =
                move |r: std::result::Result<GuardedSpti, crate::transport::TransportError>| {
                    r.map_err(|e| Error::DeviceNotAccessible {
                        recorder: name.clone(),
                        reason: e.to_string(),
                    })
                };
            let read_opened = opened.clone();
            let (path, read_path) = (d.path.clone(), d.path);
            Box::new(
                DriveRecorder::new(info, move |_: &RecordOptions| {
                    opened(SptiTransport::open_for_writing(&path))
                })
                .with_reader(move || read_opened(SptiTransport::open_for_reading(&read_path))),
            ) as Box<dyn Recorder>
        })
        .collect()
}

/// The drives found on this system, as recorders (none on this platform).
#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
pub(super) fn real_drives() -> Vec<Box<dyn Recorder>> {
    Vec::new()
}
