//! Staging a project through [`DiscMaster`], one source at a time, so that capacity, naming
//! and refusals are the core's own and one bad source costs only itself.

use super::{Compilation, Project, ProjectIssue, Stamp};
use crate::audio::TrackMetadata;
use crate::{DiscMaster, Error, Graft, Result};

/// What staging a project did.
#[derive(Debug, Clone, Default)]
pub struct Staged {
    /// The sources that did not load as saved, in the project's order.
    pub issues: Vec<ProjectIssue>,
    /// Data: the grafts that were staged, in order (what a client edits from now on).
    pub grafts: Vec<Graft>,
}

impl Project {
    /// Replaces the master's staging with this project: chooses its format (which clears the
    /// staging, and the recorder when it cannot record the format), sets the data options or
    /// the disc's text, and adds every source that is there. A missing source is left out, a
    /// changed one is staged as it is now, one the core refuses is left out; each is reported.
    /// Fails only when the master itself refuses (not open), or when an observer cancels
    /// ([`Error::UserAbort`]), leaving what was staged so far.
    pub fn stage(&self, m: &mut DiscMaster) -> Result<Staged> {
        let format = self.format();
        if m.active_format() == Some(format) {
            m.clear_staging()?;
        } else {
            m.set_active_format(format)?;
        }
        let mut staged = Staged::default();
        match &self.compilation {
            Compilation::Data(d) => {
                let mut options = m.data_staging()?.options().clone();
                options.label = d.label.clone();
                options.follow_symlinks = d.follow_symlinks;
                options.conflict = d.conflict;
                options.source_date_epoch = d.source_date_epoch;
                m.set_data_options(options)?;
                for item in &d.items {
                    let g = &item.graft;
                    let added = match &g.source {
                        Some(src) => {
                            if !check(src, item.saved, &mut staged.issues) {
                                continue;
                            }
                            m.add_data_as(src, &g.disc_path)
                        }
                        None => m.add_data_folder(&g.disc_path),
                    };
                    match added {
                        Ok(_) => staged.grafts.push(g.clone()),
                        Err(e) => refused(e, &mut staged.issues)?,
                    }
                }
            }
            Compilation::Audio(a) => {
                for t in &a.tracks {
                    if !check(&t.source, t.saved, &mut staged.issues) {
                        continue;
                    }
                    let text: TrackMetadata = t.metadata.clone();
                    let added =
                        m.add_audio_file_with_text(&t.source, Some(t.pregap_blocks), Some(text));
                    if let Err(e) = added {
                        refused(e, &mut staged.issues)?;
                    }
                }
                m.set_audio_disc_metadata(a.disc.clone())?;
            }
        }
        for issue in &staged.issues {
            tracing::warn!(%issue, "project source");
        }
        Ok(staged)
    }
}

/// Whether `src` is there to stage; notes it missing, or changed since `saved`.
fn check(src: &std::path::Path, saved: Option<Stamp>, issues: &mut Vec<ProjectIssue>) -> bool {
    let now = Stamp::of(src);
    if now.is_none() && std::fs::symlink_metadata(src).is_err() {
        issues.push(ProjectIssue::Missing {
            path: src.to_path_buf(),
        });
        return false;
    }
    if saved.is_some() && now != saved {
        issues.push(ProjectIssue::Changed {
            path: src.to_path_buf(),
        });
    }
    true
}

/// Records the core's refusal of one source; a cancellation stops the whole staging.
fn refused(e: Error, issues: &mut Vec<ProjectIssue>) -> Result<()> {
    if matches!(e, Error::UserAbort) {
        return Err(e);
    }
    issues.push(ProjectIssue::Refused(e));
    Ok(())
}
