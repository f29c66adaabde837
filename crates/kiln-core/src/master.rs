//! `DiscMaster`: the IMAPI v1 flow (`IDiscMaster`) as Kiln's core API.
//!
//! ```text
//! open → formats → set_active_format → recorders → set_active_recorder → subscribe
//!      → stage (add_data ... / clear_staging) → record_disc → close
//! ```
//!
//! The rules are IMAPI's: nothing works before `open`; changing the active format clears what is
//! staged; recorders are listed for the active format, so the recorder is chosen after the format;
//! an addition that would overflow the disc adds nothing and says how many blocks are missing;
//! staging can be cleared but not edited backwards; a successful recording clears the staging;
//! observers are asked whether to cancel between units of work (IMAPI's `QueryCancel`).

mod append;
mod audio;

use std::path::Path;

pub use audio::AudioStats;

use crate::audio::AudioStaging;
use crate::data::{AddSummary, BlockStats, DataOptions, DataStaging, ImageReader, NamingNote};
use crate::media::MediumSize;
use crate::mmc::burn::{VirtualMedium, VirtualRecorder};
use crate::progress::{Observers, ProgressEvent, ProgressObserver, Reporter, Subscription};
use crate::recorder::{
    ImageFileRecorder, MediumInfo, RecordOptions, Recorder, RecorderInfo, RecorderKind, WriteSpeed,
};
use crate::{Error, Result};

/// A disc format (IMAPI's disc master formats).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A data disc: ISO 9660 + Joliet + Rock Ridge (IMAPI's `IJolietDiscMaster`).
    Data,
    /// An audio CD: Red Book (IMAPI's `IRedbookDiscMaster`).
    Audio,
}

impl Format {
    /// A short name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Data => "data",
            Format::Audio => "audio",
        }
    }
}

/// One addition to a data disc, as [`DiscMaster::restage_data`] takes it: a file or folder
/// that becomes exactly `disc_path`, or an empty folder there when `source` is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graft {
    /// What to add (`None`: an empty folder).
    pub source: Option<std::path::PathBuf>,
    /// Where it goes on the disc (`/a/b`).
    pub disc_path: String,
}

/// The staging of the active format.
#[derive(Debug)]
enum Staging {
    None,
    Data(Box<DataStaging>),
    Audio(Box<AudioStaging>),
}

/// The disc master: formats, recorders, staging, recording.
pub struct DiscMaster {
    opened: bool,
    recorders: Vec<Box<dyn Recorder>>,
    active_recorder: Option<usize>,
    format: Option<Format>,
    staging: Staging,
    data_options: DataOptions,
    medium_override: Option<MediumSize>,
    observers: Observers,
    /// Lists the system's drives for [`DiscMaster::rescan_drives`] (`None`: a fixed list).
    find_drives: Option<DriveFinder>,
    /// The recorders before this index are not the finder's (image file, virtual recorders).
    fixed: usize,
    /// The disc's last session, imported by [`DiscMaster::append_to_disc`].
    append: Option<crate::mmc::burn::LastSession>,
}

/// Lists drives as recorders: the system's for [`DiscMaster::new`], or a test's.
pub type DriveFinder = Box<dyn FnMut() -> Vec<Box<dyn Recorder>> + Send>;

impl Default for DiscMaster {
    fn default() -> Self {
        DiscMaster::new()
    }
}

impl DiscMaster {
    /// A disc master with every recorder Kiln has: the image-file recorder, the virtual
    /// recorders (an emulated drive with a blank medium, `virtual-cd-r`, `virtual-dvd+r`,
    /// `virtual-bd-r`, ...) and, on Linux, the CD/DVD/BD drives found in sysfs (id `/dev/srN`;
    /// a drive is opened, exclusively, only while it records). It is not open yet.
    pub fn new() -> DiscMaster {
        let mut recorders: Vec<Box<dyn Recorder>> = vec![Box::new(ImageFileRecorder)];
        recorders.extend(
            VirtualMedium::ALL
                .into_iter()
                .map(|m| Box::new(VirtualRecorder::new(m)) as Box<dyn Recorder>),
        );
        DiscMaster::with_recorders(recorders).with_drive_finder(Box::new(real_drives))
    }

    /// A disc master over the given recorders.
    pub fn with_recorders(recorders: Vec<Box<dyn Recorder>>) -> DiscMaster {
        DiscMaster {
            fixed: recorders.len(),
            find_drives: None,
            opened: false,
            recorders,
            active_recorder: None,
            format: None,
            staging: Staging::None,
            data_options: DataOptions::default(),
            medium_override: None,
            observers: Observers::default(),
            append: None,
        }
    }

    /// Adds the drives `find` lists now to the recorders, and lists them again with it on
    /// every [`DiscMaster::rescan_drives`].
    pub fn with_drive_finder(mut self, mut find: DriveFinder) -> DiscMaster {
        self.recorders.truncate(self.fixed);
        self.recorders.extend(find());
        self.find_drives = Some(find);
        self
    }

    /// Lists the drives again, after [`crate::watch`] reported a drive arriving or leaving
    /// (IMAPI's `NotifyPnPActivity`): new drives become recorders, gone ones are dropped. The
    /// active recorder stays active while a recorder with its id is still there; when it went
    /// away, no recorder is active any more (the staging is kept, measured against no medium)
    /// and its id is returned, so the caller can choose another. A disc master with a fixed
    /// list ([`DiscMaster::with_recorders`]) keeps it. Opens each drive briefly to ask what it
    /// writes: call it off the UI thread.
    pub fn rescan_drives(&mut self) -> Result<Option<String>> {
        self.ensure_open()?;
        let Some(find) = self.find_drives.as_mut() else {
            return Ok(None);
        };
        let found = find();
        let active = self.active_recorder.map(|i| self.recorders[i].info().id);
        self.recorders.truncate(self.fixed);
        self.recorders.extend(found);
        let format = self.format;
        self.active_recorder = active.as_ref().and_then(|id| {
            self.recorders.iter().position(|r| {
                let info = r.info();
                info.id == *id && format.is_none_or(|f| info.formats.contains(&f))
            })
        });
        let lost = active.filter(|_| self.active_recorder.is_none());
        if let Some(id) = &lost {
            tracing::info!(recorder = %id, "the active recorder went away");
        }
        self.apply_medium();
        Ok(lost)
    }

    /// Opens the disc master (IMAPI's `Open`): from now on this client owns the staging.
    pub fn open(&mut self) -> Result<()> {
        if self.opened {
            return Err(Error::AlreadyOpened);
        }
        self.opened = true;
        Ok(())
    }

    /// Closes the session (IMAPI's `Close`): clears the staging and the choices.
    pub fn close(&mut self) {
        self.opened = false;
        self.format = None;
        self.active_recorder = None;
        self.staging = Staging::None;
        self.observers.clear();
    }

    fn ensure_open(&self) -> Result<()> {
        if self.opened {
            Ok(())
        } else {
            Err(Error::NotOpened)
        }
    }

    /// The formats this disc master can stage (IMAPI's `EnumDiscMasterFormats`).
    pub fn formats(&self) -> Result<Vec<Format>> {
        self.ensure_open()?;
        Ok(vec![Format::Data, Format::Audio])
    }

    /// The active format, if chosen.
    pub fn active_format(&self) -> Option<Format> {
        self.format
    }

    /// Chooses the active format (IMAPI's `SetActiveDiscMasterFormat`); clears the staging, and
    /// the recorder when it cannot record the new format.
    pub fn set_active_format(&mut self, format: Format) -> Result<()> {
        self.ensure_open()?;
        if !self.formats()?.contains(&format) {
            return Err(Error::FormatUnavailable {
                format: format.name(),
                reason: "this version of Kiln cannot stage it yet".into(),
            });
        }
        self.format = Some(format);
        if let Some(i) = self.active_recorder {
            if !self.recorders[i].info().formats.contains(&format) {
                self.active_recorder = None;
            }
        }
        self.reset_staging();
        Ok(())
    }

    fn reset_staging(&mut self) {
        // The imported session belongs to the staging: a new staging starts on no disc.
        self.append = None;
        self.staging = match self.format {
            Some(Format::Data) => {
                let mut options = self.data_options.clone();
                options.medium = self.medium();
                Staging::Data(Box::new(DataStaging::new(options)))
            }
            Some(Format::Audio) => {
                let medium = self.medium();
                let mut staging = AudioStaging::new(medium.blocks());
                staging.set_medium(medium.blocks(), medium.to_string());
                Staging::Audio(Box::new(staging))
            }
            None => Staging::None,
        };
    }

    /// The recorders that can record the active format (IMAPI's `EnumDiscRecorders`).
    pub fn recorders(&self) -> Result<Vec<RecorderInfo>> {
        self.ensure_open()?;
        let format = self.format.ok_or(Error::NoActiveFormat)?;
        Ok(self
            .recorders
            .iter()
            .map(|r| r.info())
            .filter(|i| i.formats.contains(&format))
            .collect())
    }

    /// Chooses the active recorder by id (IMAPI's `SetActiveDiscRecorder`). The staging is
    /// measured against its medium from now on.
    pub fn set_active_recorder(&mut self, id: &str) -> Result<()> {
        self.ensure_open()?;
        let format = self.format.ok_or(Error::NoActiveFormat)?;
        let i = self
            .recorders
            .iter()
            .position(|r| {
                let info = r.info();
                info.id == id && info.formats.contains(&format)
            })
            .ok_or_else(|| self.not_recorder(id))?;
        if self.active_recorder != Some(i) && self.append.is_some() {
            // The imported session was another recorder's disc.
            self.reset_staging();
        }
        self.active_recorder = Some(i);
        self.apply_medium();
        Ok(())
    }

    /// The active recorder, if chosen.
    pub fn active_recorder(&self) -> Option<RecorderInfo> {
        self.active_recorder.map(|i| self.recorders[i].info())
    }

    /// Measures the staging against a chosen medium size instead of the recorder's medium (the
    /// capacity meter's choice when there is no disc, or a check before writing an image).
    pub fn set_medium(&mut self, medium: Option<MediumSize>) {
        self.medium_override = medium;
        self.apply_medium();
    }

    /// Measures the current staging against [`DiscMaster::medium`].
    fn apply_medium(&mut self) {
        let m = self.medium();
        match &mut self.staging {
            Staging::Data(d) => d.set_medium(m),
            Staging::Audio(a) => a.set_medium(m.blocks(), m.to_string()),
            Staging::None => {}
        }
    }

    /// The write speeds (kB/s, fastest first) the active recorder offers for its medium now
    /// (empty for image files). Asks the drive: call it off the UI thread.
    pub fn write_speeds(&mut self) -> Result<Vec<WriteSpeed>> {
        self.ensure_open()?;
        let i = self.active_recorder.ok_or(Error::NoActiveRecorder)?;
        if self.recorders[i].info().kind == RecorderKind::ImageFile {
            return Ok(Vec::new());
        }
        Ok(self.recorders[i].medium_info()?.write_speeds)
    }

    /// The medium the staging is measured against.
    pub fn medium(&self) -> MediumSize {
        if let Some(last) = &self.append {
            // The new session has the room the drive reported behind the last one.
            return MediumSize::Blocks(last.point.free_blocks);
        }
        self.medium_override.unwrap_or_else(|| {
            self.active_recorder
                .map_or(MediumSize::Unlimited, |i| self.recorders[i].capacity())
        })
    }

    /// Subscribes to progress events (IMAPI's `ProgressAdvise`).
    pub fn subscribe(&mut self, observer: Box<dyn ProgressObserver>) -> Subscription {
        self.observers.add(observer)
    }

    /// Unsubscribes (IMAPI's `ProgressUnadvise`); `false` when the handle was unknown.
    pub fn unsubscribe(&mut self, s: Subscription) -> bool {
        self.observers.remove(s)
    }

    /// Sets the data disc options (label, links, conflicts, reproducibility). Changing them
    /// clears a data staging, as changing the format does, since names and sizes depend on them.
    pub fn set_data_options(&mut self, options: DataOptions) -> Result<()> {
        self.ensure_open()?;
        self.data_options = options;
        if self.format == Some(Format::Data) {
            self.reset_staging();
        }
        Ok(())
    }

    /// Sets the data disc's volume label and keeps what is staged: the label lives in the
    /// volume descriptors, whose size does not depend on it, so no block count changes (the
    /// label is recorded as ISO 9660 d-characters and as the first 16 characters in Joliet).
    pub fn set_volume_label(&mut self, label: &str) -> Result<()> {
        self.ensure_open()?;
        self.data_options.label = label.to_string();
        if let Staging::Data(d) = &mut self.staging {
            d.set_label(label);
        }
        Ok(())
    }

    fn data(&mut self) -> Result<&mut DataStaging> {
        self.ensure_open()?;
        match (&mut self.staging, self.format) {
            (Staging::Data(d), _) => Ok(d),
            (_, None) => Err(Error::NoActiveFormat),
            (_, Some(f)) => Err(Error::WrongFormat {
                expected: "data",
                active: f.name(),
            }),
        }
    }

    /// Adds a folder's contents (or a file) into `disc_dir` (IMAPI's `AddData`, which uses the
    /// root). All or nothing: on any error, nothing of it is staged.
    pub fn add_data(&mut self, source: &Path, disc_dir: &str) -> Result<AddSummary> {
        let mut observers = std::mem::take(&mut self.observers);
        let r = self
            .data()
            .and_then(|d| d.add_contents(source, disc_dir, &mut observers));
        self.observers = observers;
        r
    }

    /// Adds a folder or file as exactly `disc_path`.
    pub fn add_data_as(&mut self, source: &Path, disc_path: &str) -> Result<AddSummary> {
        let mut observers = std::mem::take(&mut self.observers);
        let r = self
            .data()
            .and_then(|d| d.add_as(source, disc_path, &mut observers));
        self.observers = observers;
        r
    }

    /// Creates an empty folder at `disc_path` (see [`DataStaging::make_dir`]).
    pub fn add_data_folder(&mut self, disc_path: &str) -> Result<AddSummary> {
        let mut observers = std::mem::take(&mut self.observers);
        let r = self
            .data()
            .and_then(|d| d.make_dir(disc_path, &mut observers));
        self.observers = observers;
        r
    }

    /// Stages the data disc again from `grafts`, in order, into a fresh staging with the same
    /// options; the current staging is replaced only when every graft was added. Staging is not
    /// edited backwards (IMAPI's rule), so this is how a client renames, moves or removes what
    /// it added: it keeps the list of what it added and where, and stages the changed list. On
    /// any error, or when an observer cancels, the staging stays exactly as it was.
    pub fn restage_data(&mut self, grafts: &[Graft]) -> Result<()> {
        let mut fresh = self.fresh_data_staging()?;
        let mut observers = std::mem::take(&mut self.observers);
        let r = grafts.iter().try_for_each(|g| {
            match &g.source {
                Some(src) => fresh.add_as(src, &g.disc_path, &mut observers),
                None => fresh.make_dir(&g.disc_path, &mut observers),
            }
            .map(drop)
        });
        self.observers = observers;
        r?;
        self.staging = Staging::Data(Box::new(fresh));
        Ok(())
    }

    /// Block statistics of the data staging (IMAPI's `GetTotalDataBlocks`/`GetUsedDataBlocks`).
    pub fn data_stats(&mut self) -> Result<BlockStats> {
        Ok(self.data()?.stats())
    }

    /// How names and dates will be recorded, where they differ from the sources.
    pub fn naming_notes(&mut self) -> Result<Vec<NamingNote>> {
        Ok(self.data()?.naming_notes())
    }

    /// The data staging, to read.
    pub fn data_staging(&mut self) -> Result<&DataStaging> {
        self.data().map(|d| &*d)
    }

    /// Clears the staging (IMAPI's `ClearFormatContent`).
    pub fn clear_staging(&mut self) -> Result<()> {
        self.ensure_open()?;
        self.format.ok_or(Error::NoActiveFormat)?;
        self.reset_staging();
        Ok(())
    }

    /// Records the staging on the active recorder (IMAPI's `RecordDisc`). On success the
    /// staging is cleared; on failure it stays, so the user can try again.
    pub fn record_disc(&mut self, options: &RecordOptions) -> Result<()> {
        self.ensure_open()?;
        let format = self.format.ok_or(Error::NoActiveFormat)?;
        let i = self.active_recorder.ok_or(Error::NoActiveRecorder)?;
        let mut options = options.clone();
        options.append_at = self.append.as_ref().map(|l| l.point.next_writable);
        let options = &options;
        let result = match (&self.staging, format) {
            (Staging::Data(d), _) if d.is_empty() => Err(Error::NothingStaged),
            (Staging::Data(d), _) => {
                record_data(d, &mut *self.recorders[i], options, &mut self.observers)
            }
            (Staging::Audio(a), _) => {
                audio::record_audio(a, &mut *self.recorders[i], options, &mut self.observers)
            }
            _ => Err(Error::NothingStaged),
        };
        self.observers.emit(ProgressEvent::BurnComplete {
            error: result.as_ref().err().cloned(),
        });
        if result.is_ok() {
            self.reset_staging();
        }
        result
    }

    /// Describes the disc in the active recorder: profile, status, sessions, free blocks and
    /// the write speeds the drive offers for it. The image-file recorder has no disc.
    pub fn medium_info(&mut self) -> Result<MediumInfo> {
        self.ensure_open()?;
        let i = self.active_recorder.ok_or(Error::NoActiveRecorder)?;
        self.recorders[i].medium_info()
    }

    /// Why `id` cannot be the active recorder: unknown, or a drive that only reads.
    fn not_recorder(&self, id: &str) -> Error {
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
fn real_drives() -> Vec<Box<dyn Recorder>> {
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
fn real_drives() -> Vec<Box<dyn Recorder>> {
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
fn real_drives() -> Vec<Box<dyn Recorder>> {
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
fn real_drives() -> Vec<Box<dyn Recorder>> {
    Vec::new()
}

fn record_data(
    staging: &DataStaging,
    recorder: &mut dyn Recorder,
    options: &RecordOptions,
    observers: &mut Observers,
) -> Result<()> {
    let stats = staging.stats();
    if stats.used > stats.total {
        let missing_blocks = stats.used - stats.total;
        return Err(Error::DiscFull {
            missing_blocks,
            missing_mb: (missing_blocks * crate::media::BLOCK) as f64 / 1e6,
            medium: staging.options().medium.to_string(),
        });
    }
    for note in staging.namespace_notes() {
        observers.emit(ProgressEvent::Naming(note));
    }
    // Recorders report their own phases and progress (as blocks reach the file or the disc)
    // and poll cancellation between chunks.
    let mut image = ImageReader::new(staging)?;
    let total = image.total_blocks();
    recorder.record_data(&mut image, total, options, observers)
}
