//! Project jobs on the worker thread: saving the compilation as the core stages it (with the
//! window's text edits applied first, as a burn applies them), and opening a project in place of
//! the compilation, each of its sources through the disc master.

use std::path::{Path, PathBuf};

use kiln_core::data::DataOptions;
use kiln_core::project::{self, BurnSettings, Project};
use kiln_core::{DiscMaster, Format, Graft, Localized};

use super::super::plan::{self, AudioPlan};

/// What to save besides the core's staging.
#[derive(Debug, Clone)]
pub struct SaveRequest {
    /// The project file.
    pub path: PathBuf,
    /// Data: the grafts as the window keeps them (the core stages, it does not remember how).
    pub grafts: Vec<Graft>,
    /// Audio: the tracks' text as the window has it.
    pub audio: Option<AudioPlan>,
    /// How to burn.
    pub burn: BurnSettings,
}

/// What a project job did.
#[derive(Debug, Clone, PartialEq)]
pub enum ProjectDone {
    /// The compilation was saved to this file.
    Saved(PathBuf),
    /// This project was opened (its sources' problems are in the job's errors).
    Opened {
        /// The project file.
        path: PathBuf,
        /// Its burn settings, for the window's options.
        burn: BurnSettings,
    },
}

/// Saves the staging and `request` to `request.path`.
pub fn save(m: &mut DiscMaster, request: &SaveRequest) -> Result<ProjectDone, Localized> {
    let project = match m.active_format() {
        Some(Format::Audio) => {
            if let Some(p) = &request.audio {
                plan::apply(m, p).map_err(|e| e.localized())?;
            }
            let disc = m.audio_staging().map_err(|e| e.localized())?.disc();
            Project::of_audio(disc, request.burn.clone()).map_err(|e| e.localized())?
        }
        _ => {
            let options = m
                .data_staging()
                .map(|d| d.options().clone())
                .unwrap_or_else(|_| DataOptions::default());
            Project::of_data(&request.grafts, &options, request.burn.clone())
        }
    };
    project::save(&project, &request.path).map_err(|e| e.localized())?;
    Ok(ProjectDone::Saved(request.path.clone()))
}

/// Opens the project at `path` in place of the staging, keeping the recorder when it can
/// record the project's format. Each source that did not load, and any failure, goes into
/// `errors`; a data project also gives the grafts that were staged.
pub fn open(
    m: &mut DiscMaster,
    path: &Path,
    errors: &mut Vec<Localized>,
) -> Option<(ProjectDone, Option<Vec<Graft>>)> {
    let project = match project::open(path) {
        Ok(p) => p,
        Err(e) => {
            errors.push(e.localized());
            return None;
        }
    };
    let recorder = m.active_recorder().map(|r| r.id);
    if let Err(e) = super::set_format(m, project.format(), recorder.as_deref()) {
        errors.push(e.localized());
        return None;
    }
    match project.stage(m) {
        Ok(staged) => {
            errors.extend(staged.issues.iter().map(|i| i.localized()));
            let grafts = (project.format() == Format::Data).then_some(staged.grafts);
            Some((
                ProjectDone::Opened {
                    path: path.to_path_buf(),
                    burn: project.burn,
                },
                grafts,
            ))
        }
        Err(e) => {
            // Cancelled half-way: an empty compilation rather than half a project.
            errors.push(e.localized());
            if let Err(e) = m.clear_staging() {
                tracing::warn!(%e, "could not clear a half-opened project");
            }
            None
        }
    }
}
