//! The compilation screen's project file: "Save project…" and "Open project…", the question
//! before unsaved changes are dropped, and whether the compilation changed since it was saved.
//!
//! "Changed" is a fingerprint (a hash of what a project would hold: the format, the data grafts
//! or the tracks with their text, the label and the burn options) compared with the one taken
//! when the project was saved or opened, rather than a flag every edit must remember to set:
//! an edit undone by hand is not a change, and no message can forget to mark one.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use kiln_core::project::{BurnSettings, EXTENSION};
use kiln_core::Format;

use super::super::session::{Job, ProjectDone, Rows, SaveRequest};
use super::{Action, Busy, Compose, Message};

/// What opens once the user agrees to drop the unsaved changes.
#[derive(Debug, Clone, PartialEq)]
pub enum PendingOpen {
    /// The open dialog.
    Dialog,
    /// This file.
    File(PathBuf),
}

impl Compose {
    /// Handles the project messages.
    pub(super) fn project_update(&mut self, message: Message) -> Action {
        let idle = self.busy.is_none();
        match message {
            // Ctrl+S saves where the project was saved or opened from; the first time, and
            // for "Save as", the dialog asks where.
            Message::SaveProject if idle && !self.snapshot.is_empty() => match self.project.clone()
            {
                Some(path) => self.project_update(Message::ProjectSavePicked(Some(path))),
                None => Action::PickProjectSavePath(None),
            },
            Message::SaveProjectAs if idle && !self.snapshot.is_empty() => {
                Action::PickProjectSavePath(self.project.clone())
            }
            Message::ProjectSavePicked(Some(path)) if idle => {
                let path = with_extension(path);
                self.busy = Some(Busy::Working);
                Action::Run(Job::SaveProject(SaveRequest {
                    path,
                    grafts: self.entries.grafts.clone(),
                    audio: (self.snapshot.format == Format::Audio).then(|| self.tracks.as_is()),
                    burn: self.burn_settings(),
                }))
            }
            Message::OpenProject if idle => self.ask_to_open(PendingOpen::Dialog),
            Message::OpenProjectFile(path) if idle => self.ask_to_open(PendingOpen::File(path)),
            Message::ConfirmOpen => match self.confirm_open.take() {
                Some(pending) if idle => self.open_now(pending),
                _ => Action::None,
            },
            Message::KeepCompilation => {
                self.confirm_open = None;
                Action::None
            }
            Message::ProjectOpenPicked(Some(path)) if idle => {
                self.busy = Some(Busy::Working);
                Action::Run(Job::OpenProject(path))
            }
            _ => Action::None,
        }
    }

    fn ask_to_open(&mut self, pending: PendingOpen) -> Action {
        if self.modified() {
            self.confirm_open = Some(pending);
            Action::None
        } else {
            self.open_now(pending)
        }
    }

    fn open_now(&mut self, pending: PendingOpen) -> Action {
        match pending {
            PendingOpen::Dialog => Action::PickProjectToOpen(self.project.clone()),
            PendingOpen::File(path) => self.project_update(Message::ProjectOpenPicked(Some(path))),
        }
    }

    /// Takes what a project job did, once the rest of the job's result is in the state.
    pub(super) fn project_done(&mut self, done: &ProjectDone) {
        match done {
            ProjectDone::Saved(path) => self.project = Some(path.clone()),
            ProjectDone::Opened { path, burn } => {
                self.options.simulate = burn.simulate;
                self.options.verify = burn.verify;
                self.options.eject = burn.eject;
                self.options.multisession = burn.leave_open;
                // The recorder's own speed at or below the saved one; else its fastest.
                self.options.speed = burn.speed.and_then(|x| {
                    self.speeds
                        .iter()
                        .filter(|s| s.x <= x + 0.05)
                        .max_by(|a, b| a.x.total_cmp(&b.x))
                        .map(|s| s.kbps)
                });
                self.project = Some(path.clone());
            }
        }
        self.saved = Some(self.fingerprint());
    }

    /// The burn options as a project keeps them.
    fn burn_settings(&self) -> BurnSettings {
        BurnSettings {
            speed: self
                .options
                .speed
                .and_then(|k| self.speeds.iter().find(|s| s.kbps == k))
                .map(|s| s.x),
            simulate: self.options.simulate,
            verify: self.options.verify,
            eject: self.options.eject,
            leave_open: self.options.multisession,
        }
    }

    /// Whether the compilation changed since it was saved or opened (an empty one that never
    /// was has nothing to lose).
    pub fn modified(&self) -> bool {
        match self.saved {
            Some(saved) => saved != self.fingerprint(),
            None => !self.snapshot.is_empty(),
        }
    }

    /// A hash of everything a project of the compilation would hold.
    fn fingerprint(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.snapshot.format.hash(&mut h);
        for g in &self.entries.grafts {
            (&g.source, &g.disc_path).hash(&mut h);
        }
        if let Rows::Audio(rows) = &self.snapshot.rows {
            for r in rows {
                (&r.file, r.frames, r.pregap_blocks).hash(&mut h);
            }
        }
        for t in self.tracks.texts.iter().chain([&self.tracks.disc]) {
            (&t.title, &t.performer).hash(&mut h);
        }
        let o = &self.options;
        (o.simulate, o.verify, o.eject, o.multisession, o.speed).hash(&mut h);
        if self.snapshot.format == Format::Data {
            o.label.hash(&mut h);
        }
        h.finish()
    }
}

/// `path` with the project extension when it has another or none (some save dialogs do not
/// add the filter's extension).
fn with_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some_and(|e| e == EXTENSION) {
        return path;
    }
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(EXTENSION);
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_path_always_ends_in_the_extension() {
        assert_eq!(
            with_extension("/a/trip".into()),
            PathBuf::from("/a/trip.kiln")
        );
        assert_eq!(
            with_extension("/a/trip.kiln".into()),
            PathBuf::from("/a/trip.kiln")
        );
        assert_eq!(
            with_extension("/a/v1.2".into()),
            PathBuf::from("/a/v1.2.kiln")
        );
    }
}
