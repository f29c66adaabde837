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
mod data;
mod drives;

pub use audio::AudioStats;
use drives::real_drives;

use crate::audio::AudioStaging;
use crate::data::{DataOptions, DataStaging, ImageReader};
use crate::media::MediumSize;
use crate::mmc::burn::{VirtualMedium, VirtualRecorder};
use crate::progress::{Observers, ProgressEvent, ProgressObserver, Reporter, Subscription};
use crate::recorder::{
    ImageFileRecorder, RecordOptions, Recorder, RecorderInfo, RecorderKind, WriteSpeed,
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
