//! Asking a drive what it is and what it holds, without writing or locking anything: which
//! profiles it lists (a writer lists at least one writable profile), the current medium, its
//! status and size. Also reading a disc back against an image file (`kiln verify`).
//!
//! Only INQUIRY and GET CONFIGURATION are required. READ DISC INFORMATION and READ CAPACITY are
//! asked for but optional: drives and emulations leave them out (QEMU's ATAPI drive answers READ
//! TRACK INFORMATION with "invalid opcode", tgt refuses reads on a blank disc), and a missing
//! answer only leaves that line of the report empty.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::session::{fail, Session};
use super::verify::{self, Digest, ReadKind};
use super::DriveRecorder;
use crate::media::BLOCK;
use crate::mmc::parse::DiscStatus;
use crate::mmc::profile::Profile;
use crate::progress::Reporter;
use crate::transport::ScsiTransport;
use crate::Error;

/// What a drive said about itself and its medium.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DriveReport {
    /// Vendor and model from INQUIRY.
    pub name: String,
    /// Every profile the drive lists (what media it can handle).
    pub profiles: Vec<Profile>,
    /// The current profile: the medium loaded ([`Profile::NoMedium`] when empty).
    pub current: Profile,
    /// READ DISC INFORMATION's disc status, when the drive answered it.
    pub status: Option<DiscStatus>,
    /// READ CAPACITY: the blocks readable now (last LBA + 1), when the drive answered it.
    pub blocks: Option<u64>,
}

impl DriveReport {
    /// True when the drive lists a profile Kiln could write: it is a recorder, not a reader.
    pub fn is_writer(&self) -> bool {
        self.profiles.iter().any(|p| p.is_writable())
    }
}

/// INQUIRY, GET CONFIGURATION and, when there is a medium, READ DISC INFORMATION and READ
/// CAPACITY, on an already opened transport.
pub fn probe<T: ScsiTransport>(transport: T, label: &str) -> crate::Result<DriveReport> {
    let mut s = Session::open(transport, label, std::time::Duration::from_millis(200))?;
    report(&mut s)
}

/// INQUIRY and GET CONFIGURATION only: true when the drive lists a writable profile. What
/// drive discovery asks, so that listing the recorders never waits for a disc to be read.
pub fn lists_writable_media<T: ScsiTransport>(transport: T, label: &str) -> crate::Result<bool> {
    let mut s = Session::open(transport, label, std::time::Duration::from_millis(200))?;
    let config = s
        .drive
        .configuration()
        .map_err(|e| fail(&s.label, "asking which discs it handles", e))?;
    Ok(config.current_profile.is_writable()
        || config.profiles().iter().any(|e| e.profile.is_writable()))
}

fn report<T: ScsiTransport>(s: &mut Session<T>) -> crate::Result<DriveReport> {
    let config = s
        .drive
        .configuration()
        .map_err(|e| fail(&s.label, "asking which disc is loaded", e))?;
    let current = config.current_profile;
    let mut profiles: Vec<Profile> = config.profiles().into_iter().map(|e| e.profile).collect();
    if profiles.is_empty() && current != Profile::NoMedium {
        profiles.push(current);
    }
    let (status, blocks) = if current == Profile::NoMedium {
        (None, None)
    } else {
        let status = s.drive.disc_information().ok().map(|d| d.status);
        let blocks = s
            .drive
            .capacity()
            .ok()
            .filter(|c| c.block_length == BLOCK as u32 || c.block_length == 0)
            .map(|c| u64::from(c.last_lba) + 1);
        (status, blocks)
    };
    Ok(DriveReport {
        name: s.drive.name(),
        profiles,
        current,
        status,
        blocks,
    })
}

/// The report of the drive of `rec`, opened for reading only.
pub(super) fn drive_report<T: ScsiTransport>(
    rec: &mut DriveRecorder<T>,
) -> crate::Result<DriveReport> {
    let mut s = rec.reading_session()?;
    report(&mut s)
}

/// Reads the disc in the drive of `rec` from block 0 and compares it with the data image file
/// `path` (what `kiln burn` wrote, or the image of a pressed disc), block for block.
pub(super) fn verify_image<T: ScsiTransport>(
    rec: &mut DriveRecorder<T>,
    path: &Path,
    reporter: &mut dyn Reporter,
) -> crate::Result<()> {
    let mut image = File::open(path).map_err(|e| Error::from_io(e, path))?;
    let bytes = image.metadata().map_err(|e| Error::from_io(e, path))?.len();
    let mut s = rec.reading_session()?;
    if bytes == 0 || bytes % BLOCK != 0 {
        return Err(Error::VerifyFailed {
            recorder: s.label.clone(),
            reason: format!(
                "{} is {bytes} bytes, not a whole number of 2048-byte blocks: give the image \
                 of a data disc (.iso)",
                path.display()
            ),
        });
    }
    let total_blocks = bytes / BLOCK;
    s.wait_ready()?;
    let state = s.identify()?;
    if state.profile.is_writable() && state.disc.status == DiscStatus::Blank {
        return Err(Error::VerifyFailed {
            recorder: s.label.clone(),
            reason: format!(
                "the {} is blank: there is nothing to compare with the image",
                state.profile.name()
            ),
        });
    }
    let mut digest = Digest::new(BLOCK as usize);
    let mut buf = vec![0u8; 64 * BLOCK as usize];
    let mut left = total_blocks * BLOCK;
    while left > 0 {
        reporter.check_cancel()?;
        let n = left.min(buf.len() as u64) as usize;
        image
            .read_exact(&mut buf[..n])
            .map_err(|e| Error::from_io(e, path))?;
        digest.update(&buf[..n]);
        left -= n as u64;
    }
    verify::verify(&mut s, 0, digest, ReadKind::Data, reporter)
}
