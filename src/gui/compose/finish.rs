//! The end of a job: the compilation screen takes the core's new snapshot, keeps the text and
//! grafts the user edits in step with it, and starts what waited for the job (queued
//! additions, a project given at start, a drive rescan). Split from `compose.rs` by concern.

use super::super::entries::Entries;
use super::super::plan::Text;
use super::super::session::{self, Done, ProjectDone, Rows};
use super::super::tracks::Tracks;
use super::{data_rows, Action, Compose, Message};
use kiln_core::Format;

impl Compose {
    /// Takes a job's result.
    pub(super) fn finish(&mut self, done: Box<Done>) -> Action {
        let opened = matches!(done.project, Some(ProjectDone::Opened { .. }));
        if opened {
            // A project replaces the compilation: nothing edited before carries over.
            self.tracks = Tracks::default();
            self.entries = Entries::default();
        }
        let gone = self.lost_recorder(&done);
        self.rescanning = false;
        // A format changed by the job (a project opened) takes the other default image file,
        // unless the user chose one.
        if done.snapshot.format != self.snapshot.format
            && self.options.image_path
                == super::default_image(&self.image_dir, self.snapshot.format)
        {
            self.options.image_path = super::default_image(&self.image_dir, done.snapshot.format);
        }
        let to_data = done.snapshot.format == Format::Data
            && (self.snapshot.format != Format::Data || self.snapshot.recorder.is_none());
        if to_data || opened {
            self.options.label = done.snapshot.label.clone();
        }
        if let (Rows::Audio(old), Rows::Audio(new), false) =
            (&self.snapshot.rows, &done.snapshot.rows, opened)
        {
            self.tracks
                .sync(old, new, &self.snapshot.disc_text, &done.snapshot.disc_text);
        } else if let Rows::Audio(new) = &done.snapshot.rows {
            // An opened project's text replaces whatever the disc had.
            let old_disc = if opened {
                Text::default()
            } else {
                self.snapshot.disc_text.clone()
            };
            self.tracks
                .sync(&[], new, &old_disc, &done.snapshot.disc_text);
        }
        if let Some(speeds) = done.speeds {
            if !speeds.iter().any(|s| Some(s.kbps) == self.options.speed) {
                self.options.speed = None;
            }
            self.speeds = speeds;
        }
        if let Some(disc) = done.disc {
            self.disc = disc;
        }
        let old = std::mem::replace(&mut self.snapshot, done.snapshot);
        session::discard(old);
        self.errors = done.errors;
        if let Some(gone) = gone {
            self.errors
                .push(kiln_core::Localized::new("gui-recorder-gone").arg("name", gone.name));
        }
        self.entries.sync(
            &done.added,
            done.restaged.as_deref(),
            data_rows(&self.snapshot),
        );
        if let Some(p) = &done.project {
            self.project_done(p);
        }
        self.busy = None;
        if let Some(p) = self.pending_project.take() {
            return self.update(Message::OpenProjectFile(p));
        }
        if !self.pending.is_empty() {
            let next = std::mem::take(&mut self.pending);
            return self.add(next);
        }
        if self.rescan_pending {
            return self.rescan();
        }
        // Folders opened or closed while the job ran.
        if self.snapshot.format == Format::Data && self.snapshot.open != self.entries.open {
            return self.relist();
        }
        // Only the user's own choice is remembered: the image file standing in for a
        // recorder that is not plugged in (at start, or after it went away) is not, so the
        // remembered one is chosen again when it is back, in this run or the next.
        // (Taken only here: a job that follows this one first, above, ends here later.)
        let chose = std::mem::take(&mut self.choosing);
        match (&self.snapshot.recorder, chose) {
            (Some(r), true) if self.wanted.as_deref() == Some(r.id.as_str()) => {
                Action::RememberRecorder(r.id.clone())
            }
            _ => Action::None,
        }
    }
}
