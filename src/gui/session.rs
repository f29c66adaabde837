//! The window's side of the core: every call on the [`DiscMaster`] runs here, on a worker thread,
//! never on the UI thread. A [`Job`] goes in; progress events and one [`Done`] (with a fresh
//! [`Snapshot`] of what is staged) come out as a stream the root turns into messages.
//!
//! The GUI reads the staging only through snapshots, so it never waits for the master's lock.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::hotplug;
use super::plan::{self, AudioPlan, Text};
use iced::futures::channel::mpsc;
use iced::futures::Stream;
use kiln_core::data::DataOptions;
use kiln_core::progress::{ProgressEvent, ProgressObserver};
use kiln_core::{
    DiscMaster, Format, Graft, Localized, MediumSize, RecordOptions, RecorderInfo, RecorderKind,
    WriteSpeed,
};

mod add;
pub mod edit;
mod project;
mod snapshot;

pub use edit::Edit;
pub use project::{ProjectDone, SaveRequest};
pub use snapshot::snapshot;

/// Notes kept per row: the list shows these and counts the rest.
pub const NOTES_KEPT: usize = 6;

/// Notes kept for the log panel, which counts the rest.
pub const LOG_NOTES: usize = 200;

/// Snapshots the window replaced, freed by the next job on its worker thread: freeing the
/// rows of a folder of 100,000 entries takes longer than a frame, and `update` must not.
static REPLACED: Mutex<Vec<Snapshot>> = Mutex::new(Vec::new());

/// Hands a snapshot the window no longer shows to the next job, which frees it.
pub fn discard(old: Snapshot) {
    REPLACED.lock().unwrap_or_else(|p| p.into_inner()).push(old);
}

/// The disc master, shared with the worker threads.
pub type Master = Arc<Mutex<DiscMaster>>;

/// A new, opened disc master with the recorders the core finds.
pub fn open_master() -> Master {
    let mut master = DiscMaster::new();
    if let Err(e) = master.open() {
        tracing::warn!(%e, "could not open the disc master");
    }
    Arc::new(Mutex::new(master))
}

/// Work for the disc master.
#[derive(Debug, Clone)]
pub enum Job {
    /// Chooses the format (clearing the staging) and a recorder: `recorder` when it can record
    /// the format, else the first.
    SetFormat {
        /// Data or audio.
        format: Format,
        /// The recorder wanted.
        recorder: Option<String>,
    },
    /// Chooses the recorder.
    SetRecorder(String),
    /// Lists the drives again (one arrived or left, or a disc went in or out); when the active
    /// recorder went away, chooses the image file instead, and when the recorder the user
    /// wants is back, chooses it again.
    Rescan {
        /// The recorder the user wants (chosen last, or remembered from the last run).
        wanted: Option<String>,
    },
    /// Adds files and folders, each as an entry of a folder of the disc (data) or a track
    /// (audio; a folder gives its files, sorted by name).
    Add {
        /// What to add.
        paths: Vec<PathBuf>,
        /// The data disc's label, applied while nothing is staged yet.
        label: String,
        /// The folder of a data disc additions go into, as a disc path (`None`: the root).
        into: Option<String>,
    },
    /// Makes an empty folder in a folder of a data disc, named `name` or, when taken, `name`
    /// and a number.
    NewFolder {
        /// The folder it goes into, as a disc path (`/` for the root).
        parent: String,
        /// The name wanted.
        name: String,
    },
    /// Renames or removes an entry of a data disc: stages the disc again from `grafts` (what
    /// is staged now) with the edit applied (see [`edit`]).
    EditData {
        /// What is staged now.
        grafts: Vec<Graft>,
        /// The change.
        edit: Edit,
    },
    /// Stages a data disc again from these grafts.
    RestageData(Vec<Graft>),
    /// Changes nothing: a fresh snapshot, for folders opened or closed in the tree.
    Relist,
    /// Empties the staging.
    Clear,
    /// Re-stages the audio tracks in a new order or with new text.
    Restage(AudioPlan),
    /// Records the staging.
    Burn(BurnRequest),
    /// Saves the compilation as a project file.
    SaveProject(project::SaveRequest),
    /// Opens a project file in place of the compilation.
    OpenProject(PathBuf),
}

/// How to record.
#[derive(Debug, Clone, Default)]
pub struct BurnRequest {
    /// The core's options (simulate, eject, image path, verify, multisession).
    pub options: RecordOptions,
    /// Audio: the tracks' order and text as the window has them, applied before recording.
    pub audio: Option<AudioPlan>,
    /// Data: the volume label as typed, applied before recording.
    pub label: Option<String>,
}

/// What a burn did.
#[derive(Debug, Clone, PartialEq)]
pub struct BurnSummary {
    /// The core's error; `None` on success.
    pub error: Option<Localized>,
    /// Whether the user cancelled.
    pub cancelled: bool,
    /// Blocks recorded (2048-byte data blocks or 2352-byte audio blocks).
    pub blocks: u64,
    /// Bytes in a block.
    pub block_bytes: u64,
    /// The image file written, if any.
    pub path: Option<PathBuf>,
    /// Nothing was written.
    pub simulated: bool,
    /// The core read the disc back and found it as sent (a failed verification is an error).
    pub verified: bool,
    /// The disc was left open for more sessions.
    pub left_open: bool,
    /// The burn added a session to a disc left open, starting at this block; the files of
    /// the disc's last session were kept.
    pub appended_at: Option<u64>,
}

/// One row of a data disc's tree: an entry of the root, or of an open folder (listed after
/// the folder, one level deeper).
#[derive(Debug, Clone, PartialEq)]
pub struct DataRow {
    /// Its name on the disc.
    pub name: String,
    /// Its path on the disc (`/a/b`).
    pub path: String,
    /// 0 for an entry of the root, 1 inside a folder of the root, ….
    pub depth: u16,
    /// A folder.
    pub is_dir: bool,
    /// Entries directly inside it (folders).
    pub children: usize,
    /// An open folder: its entries follow.
    pub open: bool,
    /// Bytes of file content under it (the core's totals).
    pub bytes: u64,
    /// Files under it (1 for a file).
    pub files: u64,
    /// Blocks its files and folders take in the image (the core's accounting).
    pub blocks: u64,
    /// The first of the core's naming notes about it (and, when it is a closed folder, about
    /// anything under it).
    pub notes: Vec<Localized>,
    /// How many notes there are in all.
    pub note_count: usize,
}

/// One track of an audio disc.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackRow {
    /// Track number, from 1.
    pub number: usize,
    /// The file's name (empty for raw audio).
    pub file: String,
    /// Its CD-TEXT as the core holds it (from the file's tags until edited).
    pub text: Text,
    /// The thumbnail of the file's cover art, if it has one.
    pub cover: Option<iced::widget::image::Handle>,
    /// Length in stereo frames at 44.1 kHz.
    pub frames: u64,
    /// Pregap in 1/75-second blocks.
    pub pregap_blocks: u64,
}

/// The staged rows.
#[derive(Debug, Clone, PartialEq)]
pub enum Rows {
    /// Data disc items.
    Data(Vec<DataRow>),
    /// Audio tracks.
    Audio(Vec<TrackRow>),
}

/// What the window shows of the disc master, taken after every job.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The active format.
    pub format: Format,
    /// Recorders for the format.
    pub recorders: Vec<RecorderInfo>,
    /// The active recorder.
    pub recorder: Option<RecorderInfo>,
    /// What the active recorder's medium holds now.
    pub recorder_medium: MediumSize,
    /// Blocks the staging takes (data: 2048 bytes; audio: blocks of disc time).
    pub used_blocks: u64,
    /// The staged rows.
    pub rows: Rows,
    /// The data disc's label in the core's options.
    pub label: String,
    /// The audio disc's text as the core holds it.
    pub disc_text: Text,
    /// The first [`LOG_NOTES`] of the data staging's naming notes, for the log panel.
    pub notes: Vec<Localized>,
    /// How many naming notes there are in all.
    pub note_count: usize,
    /// The open folders the data rows were listed with.
    pub open: BTreeSet<String>,
}

impl Snapshot {
    /// Nothing staged, no recorder.
    pub fn empty(format: Format) -> Snapshot {
        Snapshot {
            format,
            recorders: Vec::new(),
            recorder: None,
            recorder_medium: MediumSize::Unlimited,
            used_blocks: 0,
            rows: match format {
                Format::Audio => Rows::Audio(Vec::new()),
                _ => Rows::Data(Vec::new()),
            },
            label: DataOptions::default().label,
            disc_text: Text::default(),
            notes: Vec::new(),
            note_count: 0,
            open: BTreeSet::new(),
        }
    }

    /// Whether anything is staged.
    pub fn is_empty(&self) -> bool {
        match &self.rows {
            Rows::Data(r) => r.is_empty(),
            Rows::Audio(r) => r.is_empty(),
        }
    }
}

/// The end of a job.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    /// The staging afterwards.
    pub snapshot: Snapshot,
    /// The core's errors (one per failed item).
    pub errors: Vec<Localized>,
    /// The burn's result, for [`Job::Burn`].
    pub burned: Option<BurnSummary>,
    /// What a data job added (each addition that succeeded, as a graft).
    pub added: Vec<Graft>,
    /// The grafts a [`Job::RestageData`] staged, when it succeeded.
    pub restaged: Option<Vec<Graft>>,
    /// The active recorder's write speeds, asked after a job that chose a recorder.
    pub speeds: Option<Vec<WriteSpeed>>,
    /// The disc in the active recorder, asked after a job that chose a recorder or burned.
    pub disc: Option<super::disc_line::DiscState>,
    /// What a project job did (`None`: not a project job, or it failed: see `errors`).
    pub project: Option<ProjectDone>,
}

/// What a running job reports.
#[derive(Debug, Clone)]
pub enum Report {
    /// A progress event from the core.
    Progress(ProgressEvent),
    /// The job ended.
    Done(Box<Done>),
}

/// Forwards the core's events to the UI (thinned: at most one progress event per 50 ms) and
/// answers its cancellation polls from a flag the UI sets.
struct Forwarder<F> {
    send: F,
    cancel: Arc<AtomicBool>,
    last: Option<Instant>,
}

impl<F: FnMut(ProgressEvent) + Send> ProgressObserver for Forwarder<F> {
    fn on_event(&mut self, event: &ProgressEvent) {
        let is_progress = matches!(
            event,
            ProgressEvent::AddProgress { .. } | ProgressEvent::BlockProgress { .. }
        );
        let finished = match event {
            ProgressEvent::AddProgress { completed, total }
            | ProgressEvent::BlockProgress { completed, total } => completed >= total,
            _ => true,
        };
        if is_progress && !finished {
            let now = Instant::now();
            if self
                .last
                .is_some_and(|t| now.duration_since(t) < Duration::from_millis(50))
            {
                return;
            }
            self.last = Some(now);
        }
        (self.send)(event.clone());
    }

    fn query_cancel(&mut self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// Runs `job` on the master, blocking; progress goes to `send`. The job stops at the core's next
/// cancellation poll once `cancel` is set. The snapshot lists the data folders in `open`.
pub fn execute(
    master: &Master,
    job: Job,
    open: &BTreeSet<String>,
    cancel: Arc<AtomicBool>,
    send: impl FnMut(ProgressEvent) + Send + 'static,
) -> Done {
    drop(std::mem::take(
        &mut *REPLACED.lock().unwrap_or_else(|p| p.into_inner()),
    ));
    let mut m = master.lock().unwrap_or_else(|p| p.into_inner());
    let sub = m.subscribe(Box::new(Forwarder {
        send,
        cancel,
        last: None,
    }));
    let mut errors = Vec::new();
    let mut burned = None;
    let mut added = Vec::new();
    let mut restaged = None;
    let mut project = None;
    let chooses_recorder = matches!(
        job,
        Job::SetFormat { .. } | Job::SetRecorder(_) | Job::Rescan { .. } | Job::OpenProject(_)
    );
    match job {
        Job::SetFormat { format, recorder } => {
            if let Err(e) = set_format(&mut m, format, recorder.as_deref()) {
                errors.push(e.localized());
            }
        }
        Job::SetRecorder(id) => {
            if let Err(e) = m.set_active_recorder(&id) {
                errors.push(e.localized());
            }
        }
        Job::Rescan { wanted } => {
            if let Err(e) = rescan(&mut m, wanted.as_deref()) {
                errors.push(e.localized());
            }
        }
        Job::Add { paths, label, into } => {
            added = add::add(&mut m, &paths, &label, into.as_deref(), &mut errors);
        }
        Job::NewFolder { parent, name } => {
            let path = m
                .data_staging()
                .map(|d| edit::join(&parent, &edit::free_name(d.tree(), &parent, &name)));
            match path.and_then(|p| m.add_data_folder(&p).map(|_| p)) {
                Ok(path) => added.push(Graft {
                    source: None,
                    disc_path: path,
                }),
                Err(e) => errors.push(e.localized()),
            }
        }
        Job::EditData { grafts, edit } => {
            let edited = m
                .data_staging()
                .map(|d| edit::apply(d.tree(), &grafts, &edit));
            match edited.and_then(|g| m.restage_data(&g).map(|()| g)) {
                Ok(g) => restaged = Some(g),
                Err(e) => errors.push(e.localized()),
            }
        }
        Job::RestageData(grafts) => match m.restage_data(&grafts) {
            Ok(()) => restaged = Some(grafts),
            Err(e) => errors.push(e.localized()),
        },
        Job::Relist => {}
        Job::Clear => {
            if let Err(e) = m.clear_staging() {
                errors.push(e.localized());
            }
        }
        Job::Restage(plan) => {
            if let Err(e) = plan::apply(&mut m, &plan) {
                errors.push(e.localized());
            }
        }
        Job::Burn(request) => burned = Some(burn(&mut m, &request)),
        Job::SaveProject(request) => match project::save(&mut m, &request) {
            Ok(done) => project = Some(done),
            Err(e) => errors.push(e),
        },
        Job::OpenProject(path) => {
            let opened = project::open(&mut m, &path, &mut errors);
            if let Some((done, grafts)) = opened {
                restaged = grafts;
                project = Some(done);
            }
        }
    }
    m.unsubscribe(sub);
    // Asking a drive takes a SCSI command or two: only when the recorder may have changed.
    let speeds = chooses_recorder.then(|| {
        m.write_speeds().unwrap_or_else(|e| {
            tracing::warn!(%e, "no write speeds");
            Vec::new()
        })
    });
    let disc =
        (chooses_recorder || burned.is_some()).then(|| super::disc_line::DiscState::of(&mut m));
    Done {
        disc,
        snapshot: snapshot(&mut m, open),
        errors,
        burned,
        added,
        restaged,
        speeds,
        project,
    }
}

/// Runs `job` on a worker thread; the stream ends after [`Report::Done`].
pub fn spawn(
    master: Master,
    job: Job,
    open: BTreeSet<String>,
    cancel: Arc<AtomicBool>,
) -> impl Stream<Item = Report> {
    let (tx, rx) = mpsc::unbounded();
    let progress = tx.clone();
    let spawned = std::thread::Builder::new()
        .name("kiln-worker".into())
        .spawn(move || {
            let done = execute(&master, job, &open, cancel, move |e| {
                let _ = progress.unbounded_send(Report::Progress(e));
            });
            let _ = tx.unbounded_send(Report::Done(Box::new(done)));
        });
    if let Err(e) = spawned {
        tracing::error!(%e, "could not start a worker thread");
    }
    rx
}

fn set_format(m: &mut DiscMaster, format: Format, wanted: Option<&str>) -> kiln_core::Result<()> {
    m.set_active_format(format)?;
    let recorders = m.recorders()?;
    let id = recorders
        .iter()
        .find(|r| Some(r.id.as_str()) == wanted)
        .or_else(|| recorders.first())
        .map(|r| r.id.clone());
    if let Some(id) = id {
        m.set_active_recorder(&id)?;
    }
    Ok(())
}

/// Lists the drives again; a recorder that went away gives way to the image file, which is
/// always there and never writes a disc by surprise (or to the first recorder, failing that);
/// the `wanted` recorder, when it is back, is chosen again.
fn rescan(m: &mut DiscMaster, wanted: Option<&str>) -> kiln_core::Result<()> {
    let lost = m.rescan_drives()?;
    if m.active_format().is_none() {
        return Ok(());
    }
    let recorders = m.recorders()?;
    let active = m.active_recorder().map(|r| r.id);
    if let Some(id) = hotplug::wanted_back(wanted, active.as_deref(), &recorders) {
        tracing::info!(recorder = %id, "the wanted recorder is back: choosing it again");
        return m.set_active_recorder(&id);
    }
    if lost.is_some() {
        let safe = recorders
            .iter()
            .find(|r| r.kind == RecorderKind::ImageFile)
            .or_else(|| recorders.first());
        if let Some(r) = safe {
            m.set_active_recorder(&r.id)?;
        }
    }
    Ok(())
}

fn burn(m: &mut DiscMaster, request: &BurnRequest) -> BurnSummary {
    let format = m.active_format();
    if let (Some(Format::Audio), Some(plan)) = (format, &request.audio) {
        if let Err(e) = plan::apply(m, plan) {
            return BurnSummary {
                cancelled: false,
                error: Some(e.localized()),
                blocks: 0,
                block_bytes: 2352,
                path: None,
                simulated: request.options.simulate,
                verified: false,
                left_open: false,
                appended_at: None,
            };
        }
    }
    if let (Some(Format::Data), Some(label)) = (format, &request.label) {
        if !label.trim().is_empty() {
            if let Err(e) = m.set_volume_label(label.trim()) {
                tracing::warn!(%e, "the label was not applied");
            }
        }
    }
    let is_image = m
        .active_recorder()
        .is_some_and(|r| r.kind == RecorderKind::ImageFile);
    // A data disc left open gets a session on top of its last one, as K3b and Brasero do:
    // writing one without the old tree would hide the old files. (Overwritable discs are
    // written over, as before.)
    let mut appended_at = None;
    if format == Some(Format::Data) && !is_image {
        match m.append_to_disc(false) {
            Ok(point) => appended_at = point.map(|p| u64::from(p.next_writable)),
            Err(e) => {
                return BurnSummary {
                    cancelled: false,
                    error: Some(e.localized()),
                    blocks: 0,
                    block_bytes: 2048,
                    path: None,
                    simulated: request.options.simulate,
                    verified: false,
                    left_open: false,
                    appended_at: None,
                }
            }
        }
    }
    let (blocks, block_bytes) = match format {
        Some(Format::Audio) => (m.audio_stats().map_or(0, |s| s.used_blocks), 2352),
        _ => (m.data_stats().map_or(0, |d| d.used), 2048),
    };
    let result = m.record_disc(&request.options);
    let path = request.options.image_path.clone().filter(|_| is_image);
    // The core verifies drives (real or virtual) as part of the recording; image files are
    // written through a checked temporary file instead.
    let on_disc = result.is_ok() && !is_image && !request.options.simulate;
    BurnSummary {
        cancelled: matches!(result, Err(kiln_core::Error::UserAbort)),
        error: result.err().map(|e| e.localized()),
        blocks,
        block_bytes,
        path,
        simulated: request.options.simulate,
        verified: on_disc && request.options.verify,
        left_open: on_disc && request.options.multisession,
        appended_at: appended_at.filter(|_| on_disc),
    }
}
