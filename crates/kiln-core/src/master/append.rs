//! Adding a session to a disc left open: the explicit import step of the flow.
//!
//! ```text
//! set_active_format(Data) → set_active_recorder → append_to_disc → add_data ... → record_disc
//! ```
//!
//! [`DiscMaster::append_to_disc`] reads the last session of the disc in the active recorder
//! and stages its tree (files keep their extents and are not written again); what is added
//! afterwards goes on top, under the usual conflict rules. The statistics then count only the
//! new session (its folders, path tables, descriptors and new files) against the free blocks
//! the drive reports, and [`DiscMaster::record_disc`] writes it at the next writable address.

use super::DiscMaster;
use crate::data::{AddSummary, DataStaging};
use crate::media::MediumSize;
use crate::mmc::burn::{AppendPoint, LastSession};
use crate::{Error, Result};

impl DiscMaster {
    /// Imports the last session of the disc in the active recorder into the data staging, so
    /// that the next recording adds a session to the disc instead of needing a blank one.
    /// What is staged already wins over the old session's files (folders merge), and so does
    /// what is added later, with the replace policy. `overwritable`: a DVD+RW, BD-RE, ...
    /// holding an ISO 9660 volume is grown as growisofs does; otherwise such a disc is left to
    /// be written over. Returns where the new session goes, or `None` when there is nothing to
    /// append to (the staging stays as it is). A closed disc, or one whose last session is
    /// not ISO 9660, is an error and changes nothing. Calling it again once imported returns
    /// the same point without reading the disc.
    pub fn append_to_disc(&mut self, overwritable: bool) -> Result<Option<AppendPoint>> {
        self.ensure_open()?;
        let i = self.active_recorder.ok_or(Error::NoActiveRecorder)?;
        self.data()?;
        if let Some(last) = &self.append {
            return Ok(Some(last.point));
        }
        let Some(last) = self.recorders[i].last_session(overwritable)? else {
            return Ok(None);
        };
        let point = last.point;
        self.stage_last_session(&last)?;
        self.append = Some(last);
        self.apply_medium();
        Ok(Some(point))
    }

    /// Where the new session goes, after [`DiscMaster::append_to_disc`] found an open disc.
    pub fn append_point(&self) -> Option<AppendPoint> {
        self.append.as_ref().map(|l| l.point)
    }

    /// Stages `last` into the empty data staging.
    pub(super) fn stage_last_session(&mut self, last: &LastSession) -> Result<AddSummary> {
        let mut observers = std::mem::take(&mut self.observers);
        let medium = MediumSize::Blocks(last.point.free_blocks);
        let r = self.data().and_then(|d| {
            d.set_medium(medium);
            d.import_session(&last.listing, last.point.next_writable, &mut observers)
        });
        self.observers = observers;
        r
    }

    /// A fresh staging for [`DiscMaster::restage_data`]: with the imported session when there
    /// is one.
    pub(super) fn fresh_data_staging(&mut self) -> Result<DataStaging> {
        let options = self.data()?.options().clone();
        let mut fresh = DataStaging::new(options);
        if let Some(last) = &self.append {
            let mut observers = std::mem::take(&mut self.observers);
            let r = fresh.import_session(&last.listing, last.point.next_writable, &mut observers);
            self.observers = observers;
            r?;
        }
        Ok(fresh)
    }
}
