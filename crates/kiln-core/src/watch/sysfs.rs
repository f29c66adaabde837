//! The Linux [`DriveSource`]: drives from `/sys/class/block/sr*` (the same discovery as
//! `kiln recorders`, so IDs match), media through GET EVENT STATUS NOTIFICATION on the block
//! device opened read-only and shared ([`SgIoTransport::open_shared`]), so polling never keeps
//! a burn, a mount or another program away from the drive.

use std::path::{Path, PathBuf};

use super::{medium_state, DriveSource, MediumState, WatchedDrive};
use crate::transport::sg_io::{self, SgIoTransport};

/// How the medium of a drive is asked (replaceable for tests).
pub type MediumProbe = Box<dyn FnMut(&Path) -> Option<MediumState> + Send>;

/// Drives from a sysfs class directory.
pub struct SysfsDrives {
    class_block: PathBuf,
    dev: PathBuf,
    probe: MediumProbe,
}

impl std::fmt::Debug for SysfsDrives {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SysfsDrives")
            .field("class_block", &self.class_block)
            .field("dev", &self.dev)
            .finish_non_exhaustive()
    }
}

/// Asks the drive at `path` through SG_IO; `None` if it cannot be opened or does not answer.
pub fn sg_io_probe(path: &Path) -> Option<MediumState> {
    let mut transport = SgIoTransport::open_shared(path)
        .inspect_err(
            |e| tracing::debug!(device = %path.display(), error = %e, "media poll skipped"),
        )
        .ok()?;
    medium_state(&mut transport)
}

impl SysfsDrives {
    /// This system's drives: `/sys/class/block`, `/dev`, probed through SG_IO.
    pub fn system() -> Self {
        SysfsDrives::new(Path::new("/sys/class/block"), Path::new("/dev"))
    }

    /// Drives of another sysfs class directory and device directory, probed through SG_IO.
    pub fn new(class_block: &Path, dev: &Path) -> Self {
        SysfsDrives {
            class_block: class_block.to_path_buf(),
            dev: dev.to_path_buf(),
            probe: Box::new(sg_io_probe),
        }
    }

    /// Replaces how media are probed.
    pub fn with_probe(
        mut self,
        probe: impl FnMut(&Path) -> Option<MediumState> + Send + 'static,
    ) -> Self {
        self.probe = Box::new(probe);
        self
    }
}

impl DriveSource for SysfsDrives {
    fn drives(&mut self) -> Vec<WatchedDrive> {
        sg_io::discover_in(&self.class_block, &self.dev)
            .into_iter()
            .map(|d| WatchedDrive {
                id: d.path.display().to_string(),
                path: d.path,
            })
            .collect()
    }

    fn medium(&mut self, drive: &WatchedDrive) -> Option<MediumState> {
        (self.probe)(&drive.path)
    }
}
