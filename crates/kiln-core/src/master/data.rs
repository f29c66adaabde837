//! The data side of [`DiscMaster`], in the shape of IMAPI v1's `IJolietDiscMaster`: the options,
//! folders and files added into the image, re-staging after an edit, and the block statistics.
//!
//! Every method here needs the data format to be active ([`Error::WrongFormat`] otherwise), just
//! as the audio methods refuse a data staging.

use std::path::Path;

use super::{DiscMaster, Format, Graft, Staging};
use crate::data::{AddSummary, BlockStats, DataOptions, DataStaging, NamingNote};
use crate::{Error, Result};

impl DiscMaster {
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

    pub(super) fn data(&mut self) -> Result<&mut DataStaging> {
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
}
