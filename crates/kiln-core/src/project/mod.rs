//! Project files: a compilation saved to disk and opened again, as K3b's `.k3b` and Brasero's
//! `.brasero` files are. A [`Project`] says what the disc holds (for a data disc, each source and
//! where it goes on the disc, empty folders made on the disc, the label and the options; for an
//! audio CD, the tracks in order with their text and pregaps, and the disc's text) and how to
//! burn it (speed, simulate, verify, eject, leave open). It names sources, never copies them.
//!
//! The file is TOML (see [`file`] for the format and its version rule), written atomically.
//! Opening it ([`open`]) fails only when the file itself is unreadable, damaged or from a newer
//! Kiln; sources are checked when the project is staged ([`Project::stage`]), which goes through
//! [`DiscMaster`] like any other addition (so capacity and naming are the core's) and reports a
//! missing, changed or refused source as a [`ProjectIssue`] naming it, while the rest still loads.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut master = kiln_core::DiscMaster::new();
//! master.open()?;
//! let project = kiln_core::project::open("holiday.kiln".as_ref())?;
//! for issue in project.stage(&mut master)?.issues {
//!     eprintln!("{issue}");
//! }
//! # Ok(()) }
//! ```

mod error;
pub mod file;
mod stage;

use std::path::{Path, PathBuf};

pub use error::{ProjectError, ProjectIssue};
pub use file::{open, parse, save, to_text, EXTENSION, VERSION};
pub use stage::Staged;

use crate::audio::{AudioDisc, DiscMetadata, TrackMetadata, TrackSource};
use crate::data::{ConflictPolicy, DataOptions};
use crate::{Format, Graft};

/// A saved compilation.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// What the disc holds.
    pub compilation: Compilation,
    /// How to burn it.
    pub burn: BurnSettings,
}

/// What a project's disc holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Compilation {
    /// A data disc.
    Data(DataProject),
    /// An audio CD.
    Audio(AudioProject),
}

/// A data disc: its options and what was added, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct DataProject {
    /// The volume label.
    pub label: String,
    /// Store what symbolic links point to instead of the links.
    pub follow_symlinks: bool,
    /// What to do when two sources give the same name.
    pub conflict: ConflictPolicy,
    /// Reproducible dates: every date is this (seconds since 1970).
    pub source_date_epoch: Option<i64>,
    /// The additions, in the order they are staged.
    pub items: Vec<DataItem>,
}

/// One addition to a data disc: a source at a place on the disc (renamed when its name there
/// differs), or an empty folder made on the disc.
#[derive(Debug, Clone, PartialEq)]
pub struct DataItem {
    /// The graft as [`crate::DiscMaster::restage_data`] takes it.
    pub graft: Graft,
    /// What the source was when the project was saved (`None`: not known, not checked).
    pub saved: Option<Stamp>,
}

/// An audio CD: its tracks in order and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioProject {
    /// The tracks, in order.
    pub tracks: Vec<TrackItem>,
    /// The disc's text (album title, performer...).
    pub disc: DiscMetadata,
}

/// One track: its file, text and pregap.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackItem {
    /// The audio file.
    pub source: PathBuf,
    /// Its text, as edited: this wins over the file's tags.
    pub metadata: TrackMetadata,
    /// Silence before it, in 1/75-second blocks (ignored for track 1, which always has 2 s).
    pub pregap_blocks: u64,
    /// What the file was when the project was saved.
    pub saved: Option<Stamp>,
}

/// How to burn.
#[derive(Debug, Clone, PartialEq)]
pub struct BurnSettings {
    /// Write speed as a multiple of 1× (`None`: the fastest).
    pub speed: Option<f64>,
    /// Go through the burn without writing.
    pub simulate: bool,
    /// Read the disc back after writing.
    pub verify: bool,
    /// Eject when done.
    pub eject: bool,
    /// Leave a data disc open for more sessions.
    pub leave_open: bool,
}

impl Default for BurnSettings {
    /// Kiln's defaults: the fastest speed, verify and eject.
    fn default() -> Self {
        BurnSettings {
            speed: None,
            simulate: false,
            verify: true,
            eject: true,
            leave_open: false,
        }
    }
}

/// What a source was when a project was saved, to tell the user when it changed since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    /// A file of this size, modified at this time (seconds since 1970).
    File {
        /// Bytes.
        size: u64,
        /// Modification time, whole seconds (file systems keep different precisions).
        modified: i64,
    },
    /// A folder (its contents are scanned again when staged; they are not stamped).
    Folder,
}

impl Stamp {
    /// The stamp of `path` now (following links, as staging does for the source itself);
    /// `None` when it cannot be read.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        if meta.is_dir() {
            return Some(Stamp::Folder);
        }
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| match t.duration_since(std::time::UNIX_EPOCH) {
                Ok(d) => i64::try_from(d.as_secs()).ok(),
                Err(e) => i64::try_from(e.duration().as_secs()).ok().map(|s| -s),
            })
            .unwrap_or(0);
        Some(Stamp::File {
            size: meta.len(),
            modified,
        })
    }
}

impl Project {
    /// The format of the project's disc.
    pub fn format(&self) -> Format {
        match self.compilation {
            Compilation::Data(_) => Format::Data,
            Compilation::Audio(_) => Format::Audio,
        }
    }

    /// A data project from what was added (the grafts, in order) and the data options; the
    /// sources are stamped now.
    pub fn of_data(grafts: &[Graft], options: &DataOptions, burn: BurnSettings) -> Project {
        let items = grafts
            .iter()
            .map(|g| DataItem {
                saved: g.source.as_deref().and_then(Stamp::of),
                graft: g.clone(),
            })
            .collect();
        Project {
            compilation: Compilation::Data(DataProject {
                label: options.label.clone(),
                follow_symlinks: options.follow_symlinks,
                conflict: options.conflict,
                source_date_epoch: options.source_date_epoch,
                items,
            }),
            burn,
        }
    }

    /// An audio project from the staged disc; the files are stamped now. Tracks of raw audio
    /// (pushed block by block, IMAPI style) have no file to name, so they cannot be saved.
    pub fn of_audio(disc: &AudioDisc, burn: BurnSettings) -> Result<Project, ProjectError> {
        let tracks = disc
            .tracks
            .iter()
            .enumerate()
            .map(|(i, t)| match &t.source {
                TrackSource::File { path, .. } => Ok(TrackItem {
                    source: path.clone(),
                    metadata: t.metadata.clone(),
                    pregap_blocks: t.pregap_blocks,
                    saved: Stamp::of(path),
                }),
                TrackSource::Raw { .. } => Err(ProjectError::RawTrack { track: i + 1 }),
            })
            .collect::<Result<_, _>>()?;
        Ok(Project {
            compilation: Compilation::Audio(AudioProject {
                tracks,
                disc: disc.metadata.clone(),
            }),
            burn,
        })
    }
}
