//! The compilation screen: format, recorder, medium, the staged rows, the capacity meter, the burn
//! options. It holds a [`Snapshot`] of the core's staging and asks the root to run [`Job`]s; it
//! never touches the disc master itself.

mod finish;
mod options;
mod project;
mod view;

use std::path::PathBuf;

use kiln_core::{Format, MediumSize, RecordOptions, RecorderKind, WriteSpeed};

use super::disc_line::DiscState;
use super::entries::{self, Entries};
use super::list;
use super::meter;
use super::session::{BurnRequest, DataRow, Done, Job, Rows, Snapshot};
use super::tracks::{self, Tracks};
use crate::i18n::Texts;

/// What the user chose beyond the staging.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Go through the burn without writing.
    pub simulate: bool,
    /// Read the disc back after writing (the core's verify).
    pub verify: bool,
    /// Leave a data disc open for more sessions.
    pub multisession: bool,
    /// The write speed in kB/s (`None`: the drive's fastest).
    pub speed: Option<u32>,
    /// Eject when done.
    pub eject: bool,
    /// Volume label (data) or disc title (audio).
    pub label: String,
    /// Where the image-file recorder writes.
    pub image_path: String,
}

/// Work in progress on the staging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Busy {
    /// A job other than adding.
    Working,
    /// Adding: items scanned so far.
    Adding {
        /// Items done.
        completed: u64,
        /// Items known.
        total: u64,
    },
}

/// The compilation screen's state.
#[derive(Debug, Clone)]
pub struct Compose {
    /// The core's staging as last read.
    pub snapshot: Snapshot,
    /// The medium the meter measures against (`None`: the recorder's disc, when it has one).
    pub medium: Option<MediumSize>,
    /// Burn options.
    pub options: Options,
    /// What is running.
    pub busy: Option<Busy>,
    /// Paths dropped or picked while busy, added next.
    pub pending: Vec<PathBuf>,
    /// A project to open once the window is ready (given on the command line).
    pub pending_project: Option<PathBuf>,
    /// The core's errors from the last job.
    pub errors: Vec<kiln_core::Localized>,
    /// A format switch waiting for confirmation (it would clear the staging).
    pub confirm_format: Option<Format>,
    /// The list's scroll position.
    pub list: list::Viewport,
    /// The audio tracks' text and selection as edited.
    pub tracks: Tracks,
    /// The data disc's grafts, open folders, selection and renaming.
    pub entries: Entries,
    /// The write speeds the recorder offers for its disc.
    pub speeds: Vec<WriteSpeed>,
    /// What disc is in the chosen recorder.
    pub disc: DiscState,
    /// The drives changed while a job ran: list them again when it ends.
    pub rescan_pending: bool,
    /// The running job lists the drives again.
    rescanning: bool,
    /// The recorder the user wants: chosen last in the picker, or remembered from the last
    /// run. When it is not listed (unplugged), the image file stands in, and it is chosen
    /// again as soon as it is back (see [`super::hotplug::wanted_back`]).
    pub wanted: Option<String>,
    /// The running job sets the recorder the user picked: remember it when it succeeds.
    choosing: bool,
    image_dir: PathBuf,
    /// The project file the compilation was last saved to or opened from.
    pub project: Option<PathBuf>,
    /// The compilation's fingerprint when it was last saved or opened (see `project.rs`).
    saved: Option<u64>,
    /// Opening a project waits for confirmation (it would drop unsaved changes).
    pub confirm_open: Option<project::PendingOpen>,
}

/// What the user or a job did.
#[derive(Debug, Clone)]
pub enum Message {
    /// Switch to a format.
    SelectFormat(Format),
    /// Switch after all, clearing the staging.
    ConfirmFormat,
    /// Keep the format.
    KeepFormat,
    /// Use a recorder (by id).
    SelectRecorder(Choice<String>),
    /// Measure against a medium.
    SelectMedium(Choice<Option<MediumSize>>),
    /// Open the file picker.
    PickFiles,
    /// Open the folder picker.
    PickFolder,
    /// Open the image path picker.
    PickImagePath,
    /// Files or folders were picked or dropped.
    FilesPicked(Vec<PathBuf>),
    /// An image path was picked.
    ImagePathPicked(Option<PathBuf>),
    /// Simulate on/off.
    ToggleSimulate(bool),
    /// Verify on/off.
    ToggleVerify(bool),
    /// Eject on/off.
    ToggleEject(bool),
    /// Leave the disc open on/off.
    ToggleMultisession(bool),
    /// Write at this speed (kB/s; `None`: the fastest).
    SelectSpeed(Choice<Option<u32>>),
    /// The label was edited.
    EditLabel(String),
    /// The image path was edited.
    EditImagePath(String),
    /// Empty the staging.
    ClearAll,
    /// Stop the running addition.
    CancelAdd,
    /// Start recording.
    StartBurn,
    /// Hide the errors.
    DismissErrors,
    /// The list was scrolled.
    Scrolled(list::Viewport),
    /// For the audio tracks.
    Tracks(tracks::Message),
    /// For the data entries.
    Entries(entries::Message),
    /// An addition reported progress.
    AddProgressed {
        /// Items done.
        completed: u64,
        /// Items known.
        total: u64,
    },
    /// The drive watch saw a drive arrive or leave, or a disc go in or out.
    DrivesChanged,
    /// A job ended.
    JobFinished(Box<Done>),
    /// Save the compilation to its project file (Ctrl+S), or ask for one when it has none.
    SaveProject,
    /// Show the dialog to save the compilation as a project (Ctrl+Shift+S).
    SaveProjectAs,
    /// Rename the selected row (F2): a data entry.
    RenameSelected,
    /// Remove the selected row (Delete): a track or a data entry.
    RemoveSelected,
    /// The file to save the project to was chosen (`None`: the dialog was cancelled).
    ProjectSavePicked(Option<PathBuf>),
    /// Open a project (asks first when the compilation has unsaved changes).
    OpenProject,
    /// Open this project file (dropped on the window, or given at start).
    OpenProjectFile(PathBuf),
    /// Drop the unsaved changes and open after all.
    ConfirmOpen,
    /// Keep the compilation.
    KeepCompilation,
    /// The project file to open was chosen (`None`: the dialog was cancelled).
    ProjectOpenPicked(Option<PathBuf>),
}

/// A pick-list entry: a value and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice<T> {
    /// The value.
    pub value: T,
    /// What the user reads.
    pub label: String,
}

impl<T> std::fmt::Display for Choice<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// What the root must do.
#[derive(Debug, Clone)]
pub enum Action {
    /// Nothing.
    None,
    /// Run a job on the disc master.
    Run(Job),
    /// Show the file picker.
    PickFiles,
    /// Show the folder picker.
    PickFolder,
    /// Show the save dialog for the image.
    PickImagePath(Format),
    /// Set the running job's cancel flag.
    Cancel,
    /// Switch to the progress screen and record.
    StartBurn(BurnRequest),
    /// Remember this recorder.
    RememberRecorder(String),
    /// Keep these burn options as the defaults of the next compilation.
    RememberOptions {
        /// Verify after burning.
        verify: bool,
        /// Eject when done.
        eject: bool,
    },
    /// Show the save dialog for a project, starting at this file.
    PickProjectSavePath(Option<PathBuf>),
    /// Show the open dialog for a project, starting at this file's folder.
    PickProjectToOpen(Option<PathBuf>),
}

impl Compose {
    /// An empty data compilation; images go into `image_dir` by default.
    pub fn new(image_dir: PathBuf) -> Compose {
        Compose {
            snapshot: Snapshot::empty(Format::Data),
            medium: None,
            options: Options {
                simulate: false,
                verify: true,
                multisession: false,
                speed: None,
                eject: true,
                label: "KILN".into(),
                image_path: default_image(&image_dir, Format::Data),
            },
            busy: Some(Busy::Working),
            pending: Vec::new(),
            pending_project: None,
            errors: Vec::new(),
            confirm_format: None,
            list: list::Viewport::default(),
            tracks: Tracks::default(),
            entries: Entries::default(),
            speeds: Vec::new(),
            disc: DiscState::NoDisc,
            rescan_pending: false,
            rescanning: false,
            wanted: None,
            choosing: false,
            image_dir,
            project: None,
            saved: None,
            confirm_open: None,
        }
    }

    /// The medium the meter measures against.
    pub fn medium(&self) -> MediumSize {
        self.medium
            .unwrap_or(if self.snapshot.recorder_medium == MediumSize::Unlimited {
                MediumSize::Cd80
            } else {
                self.snapshot.recorder_medium
            })
    }

    /// The meter's state.
    pub fn fit(&self) -> meter::Fit {
        meter::fit(
            self.snapshot.format,
            self.snapshot.used_blocks,
            self.medium().blocks(),
        )
    }

    /// The chosen speed as a multiple of 1× for the core (which sends the drive's own speed
    /// at or below it), or `None` for the fastest or for image files.
    fn chosen_speed(&self) -> Option<f64> {
        let kbps = self.options.speed.filter(|_| !self.writes_image())?;
        self.speeds.iter().find(|s| s.kbps == kbps).map(|s| s.x)
    }

    fn writes_image(&self) -> bool {
        self.snapshot
            .recorder
            .as_ref()
            .is_some_and(|r| r.kind == RecorderKind::ImageFile)
    }

    /// Whether the recorder writes a file the user names: an image file, or the disc a
    /// virtual recorder saves.
    fn saves_file(&self) -> bool {
        self.snapshot
            .recorder
            .as_ref()
            .is_some_and(|r| matches!(r.kind, RecorderKind::ImageFile | RecorderKind::Emulated))
    }

    /// Whether a burn can start now.
    pub fn can_burn(&self) -> bool {
        self.busy.is_none()
            && !self.snapshot.is_empty()
            && self.snapshot.recorder.is_some()
            && if self.saves_file() {
                !self.options.image_path.trim().is_empty()
            } else {
                self.fit() != meter::Fit::TooBig
            }
    }

    fn switch_format(&mut self, format: Format) -> Action {
        self.busy = Some(Busy::Working);
        if self
            .medium
            .is_some_and(|m| !meter::choices(format).contains(&m))
        {
            self.medium = None;
        }
        let old = default_image(&self.image_dir, self.snapshot.format);
        if self.options.image_path == old {
            self.options.image_path = default_image(&self.image_dir, format);
        }
        Action::Run(Job::SetFormat {
            format,
            recorder: self.snapshot.recorder.as_ref().map(|r| r.id.clone()),
        })
    }

    fn add(&mut self, paths: Vec<PathBuf>) -> Action {
        if paths.is_empty() {
            return Action::None;
        }
        if self.busy.is_some() {
            self.pending.extend(paths);
            return Action::None;
        }
        self.busy = Some(Busy::Adding {
            completed: 0,
            total: 0,
        });
        let into = self.entries.target_folder(data_rows(&self.snapshot));
        // The folder opens, so what goes into it shows.
        if let Some(f) = &into {
            self.entries.open.insert(f.clone());
        }
        Action::Run(Job::Add {
            paths,
            label: self.options.label.clone(),
            into,
        })
    }

    /// Lists the tree again with the folders open now.
    fn relist(&mut self) -> Action {
        self.busy = Some(Busy::Working);
        Action::Run(Job::Relist)
    }

    fn rescan(&mut self) -> Action {
        self.rescan_pending = false;
        self.rescanning = true;
        self.busy = Some(Busy::Working);
        Action::Run(Job::Rescan {
            wanted: self.wanted.clone(),
        })
    }

    /// The recorder that was chosen before a rescan and is no longer listed after it.
    fn lost_recorder(&self, done: &Done) -> Option<kiln_core::RecorderInfo> {
        let before = self.snapshot.recorder.as_ref()?;
        let listed = done.snapshot.recorders.iter().any(|r| r.id == before.id);
        (self.rescanning && !listed).then(|| before.clone())
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::SelectFormat(f) if f == self.snapshot.format || self.busy.is_some() => {
                Action::None
            }
            Message::SelectFormat(f) if self.snapshot.is_empty() => self.switch_format(f),
            Message::SelectFormat(f) => {
                self.confirm_format = Some(f);
                Action::None
            }
            Message::ConfirmFormat => match self.confirm_format.take() {
                Some(f) if self.busy.is_none() => self.switch_format(f),
                _ => Action::None,
            },
            Message::KeepFormat => {
                self.confirm_format = None;
                Action::None
            }
            Message::SelectRecorder(c) if self.busy.is_none() => {
                self.busy = Some(Busy::Working);
                self.wanted = Some(c.value.clone());
                self.choosing = true;
                Action::Run(Job::SetRecorder(c.value))
            }
            Message::SelectRecorder(_) => Action::None,
            Message::SelectMedium(c) => {
                self.medium = c.value;
                Action::None
            }
            Message::PickFiles => Action::PickFiles,
            Message::PickFolder => Action::PickFolder,
            Message::PickImagePath => Action::PickImagePath(self.snapshot.format),
            Message::FilesPicked(paths) => self.add(paths),
            Message::ImagePathPicked(Some(p)) => {
                self.options.image_path = p.display().to_string();
                Action::None
            }
            Message::ImagePathPicked(None) => Action::None,
            Message::ToggleSimulate(v) => {
                self.options.simulate = v;
                Action::None
            }
            Message::ToggleVerify(v) => {
                self.options.verify = v;
                self.remember_options()
            }
            Message::SelectSpeed(c) => {
                self.options.speed = c.value;
                Action::None
            }
            Message::ToggleMultisession(v) => {
                self.options.multisession = v;
                Action::None
            }
            Message::ToggleEject(v) => {
                self.options.eject = v;
                self.remember_options()
            }
            Message::EditLabel(l) => {
                self.options.label = l;
                Action::None
            }
            Message::EditImagePath(p) => {
                self.options.image_path = p;
                Action::None
            }
            Message::ClearAll if self.busy.is_none() => {
                self.busy = Some(Busy::Working);
                Action::Run(Job::Clear)
            }
            Message::ClearAll => Action::None,
            Message::CancelAdd => {
                self.pending.clear();
                Action::Cancel
            }
            Message::StartBurn if self.can_burn() => Action::StartBurn(BurnRequest {
                options: RecordOptions {
                    simulate: self.options.simulate,
                    eject: self.options.eject,
                    image_path: self
                        .saves_file()
                        .then(|| PathBuf::from(self.options.image_path.trim())),
                    verify: self.options.verify,
                    multisession: self.snapshot.format == Format::Data && self.options.multisession,
                    speed: self.chosen_speed(),
                    ..RecordOptions::default()
                },
                audio: (self.snapshot.format == Format::Audio).then(|| self.tracks.as_is()),
                label: (self.snapshot.format == Format::Data).then(|| self.options.label.clone()),
            }),
            Message::StartBurn => Action::None,
            Message::DismissErrors => {
                self.errors.clear();
                Action::None
            }
            Message::Scrolled(v) => {
                self.list = v;
                Action::None
            }
            Message::Tracks(m) if self.snapshot.format == Format::Audio => {
                match self.tracks.update(m, self.busy.is_none()) {
                    Some(plan) => {
                        self.busy = Some(Busy::Working);
                        Action::Run(Job::Restage(plan))
                    }
                    None => Action::None,
                }
            }
            Message::Tracks(_) => Action::None,
            Message::Entries(m) if self.snapshot.format == Format::Data => {
                let rows = data_rows(&self.snapshot);
                match self.entries.update(m, rows, self.busy.is_none()) {
                    entries::Action::None => Action::None,
                    entries::Action::Edit(grafts, edit) => {
                        self.busy = Some(Busy::Working);
                        Action::Run(Job::EditData { grafts, edit })
                    }
                    entries::Action::NewFolder { parent, name } => {
                        self.busy = Some(Busy::Working);
                        Action::Run(Job::NewFolder { parent, name })
                    }
                    // While a job runs, its end lists the folders again (see `finish`).
                    entries::Action::Relist if self.busy.is_none() => self.relist(),
                    entries::Action::Relist => Action::None,
                    entries::Action::Refuse(why) => {
                        self.errors = vec![why];
                        Action::None
                    }
                }
            }
            Message::Entries(_) => Action::None,
            Message::RenameSelected => {
                self.update(Message::Entries(entries::Message::RenameSelected))
            }
            Message::RemoveSelected if self.snapshot.format == Format::Audio => {
                self.update(Message::Tracks(tracks::Message::RemoveSelected))
            }
            Message::RemoveSelected => {
                self.update(Message::Entries(entries::Message::RemoveSelected))
            }
            Message::AddProgressed { completed, total } => {
                if let Some(Busy::Adding { .. }) = self.busy {
                    self.busy = Some(Busy::Adding { completed, total });
                }
                Action::None
            }
            Message::DrivesChanged if self.busy.is_none() => self.rescan(),
            Message::DrivesChanged => {
                self.rescan_pending = true;
                Action::None
            }
            Message::SaveProject
            | Message::SaveProjectAs
            | Message::ProjectSavePicked(_)
            | Message::OpenProject
            | Message::OpenProjectFile(_)
            | Message::ConfirmOpen
            | Message::KeepCompilation
            | Message::ProjectOpenPicked(_) => self.project_update(message),
            Message::JobFinished(done) => self.finish(done),
        }
    }

    /// Verify and eject, as chosen now, become the defaults of the next compilation.
    fn remember_options(&self) -> Action {
        Action::RememberOptions {
            verify: self.options.verify,
            eject: self.options.eject,
        }
    }
}

/// A write speed as the list shows it: "24× (4234 kB/s)".
pub fn speed_label(texts: &Texts, s: WriteSpeed) -> String {
    texts.get(
        "gui-speed-x",
        // Rounded to one decimal: 4234 kB/s is 24.002×, shown as 24×.
        &[
            ("times", ((s.x * 10.0).round() / 10.0).into()),
            ("kbps", s.kbps.into()),
        ],
    )
}

/// A data disc's tree rows (none for audio).
pub fn data_rows(s: &Snapshot) -> &[DataRow] {
    match &s.rows {
        Rows::Data(rows) => rows,
        Rows::Audio(_) => &[],
    }
}

/// The default image file for a format: `kiln.iso` or `kiln.cue` in `dir`.
pub fn default_image(dir: &std::path::Path, format: Format) -> String {
    let name = match format {
        Format::Audio => "kiln.cue",
        _ => "kiln.iso",
    };
    dir.join(name).display().to_string()
}

/// The catalogue key of a format's name.
pub fn format_key(f: Format) -> &'static str {
    match f {
        Format::Audio => "gui-format-audio",
        _ => "gui-format-data",
    }
}

fn recorder_label(texts: &Texts, r: &kiln_core::RecorderInfo) -> String {
    match r.kind {
        RecorderKind::ImageFile => texts.text("gui-recorder-image"),
        _ => r.name.clone(),
    }
}

/// A medium's name in the user's language.
pub fn medium_label(texts: &Texts, m: MediumSize) -> String {
    texts.text(&format!("gui-medium-{}", m.name()))
}
