//! The macOS [`DriveSource`]: authoring drives from the I/O Registry (the same discovery as
//! `kiln recorders`, so IDs match). A medium is "present" when the drive's nub has a whole-disc
//! BSD name below it, which macOS publishes only while a disc is in: this asks the registry,
//! never the drive, so it needs no exclusive access and never disturbs a burn. Unverified on
//! hardware here: whether macOS publishes a BSD name for a *blank* disc (if not, inserting a
//! blank disc goes unreported until something is recorded on it).

use std::collections::HashMap;
use std::path::PathBuf;

use super::{DriveSource, MediumState, WatchedDrive};
use crate::transport::iokit;

/// The authoring drives of this Mac.
#[derive(Debug, Default)]
pub struct IoKitDrives {
    /// Whether each drive had a BSD name at the last listing.
    media: HashMap<String, bool>,
}

impl IoKitDrives {
    /// A source that has not looked yet.
    pub fn new() -> Self {
        IoKitDrives::default()
    }
}

impl DriveSource for IoKitDrives {
    fn drives(&mut self) -> Vec<WatchedDrive> {
        self.media.clear();
        iokit::discover()
            .into_iter()
            .map(|d| {
                let id = iokit::recorder_id(d.registry_id);
                self.media.insert(id.clone(), d.bsd_name.is_some());
                WatchedDrive {
                    path: PathBuf::from(&id),
                    id,
                }
            })
            .collect()
    }

    fn medium(&mut self, drive: &WatchedDrive) -> Option<MediumState> {
        // The registry shows presence only; a swap between two looks is not seen.
        self.media.get(&drive.id).map(|&present| MediumState {
            present,
            changed: false,
        })
    }
}
