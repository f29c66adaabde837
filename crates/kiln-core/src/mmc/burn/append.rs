//! Appending a session to a disc left open (`mkisofs -C/-M`, growisofs `-M`, xorriso `-dev`):
//! where the last complete session starts, where the new one goes, and what the last one holds.
//!
//! 1. READ DISC INFORMATION: the disc must be appendable, its last session empty (MMC-NOTES
//!    (k)); a closed disc is refused, a blank one has nothing to import.
//! 2. CD: MODE SELECT page 05h (TAO, multi-session 11b) first, since the NWA a CD drive reports
//!    depends on it (MMC-NOTES §3).
//! 3. Start of the last complete session: READ TOC format 1 bytes 8–11 (what growisofs and the
//!    Linux kernel use); when the drive refuses it, READ TRACK INFORMATION of the first track of
//!    that session (address type 10b).
//! 4. NWA and free blocks: READ TRACK INFORMATION of the invisible track (CD, DVD+R) or of the
//!    last track in the last session (DVD-R, BD-R), as for any burn.
//! 5. The session's volume descriptors and directories through READ(10), walked by the same
//!    code as `kiln inspect` ([`crate::inspect::list_session`]).
//!
//! Overwritable media (DVD+RW, BD-RE, DVD-RAM, restricted-overwrite DVD-RW) have no sessions:
//! `grow.rs` does what growisofs does with them instead.

use std::io::{self, Read, Seek, SeekFrom};

use super::data::{next_writable, Method};
use super::session::{fail, Session};
use super::DriveRecorder;
use crate::inspect::{self, SessionListing};
use crate::media::BLOCK;
use crate::mmc::cdb::TrackAddress;
use crate::mmc::drive::Drive;
use crate::mmc::mode::{MultiSession, WriteParameters};
use crate::mmc::parse::{DiscStatus, SessionState};
use crate::recorder::RecordOptions;
use crate::transport::ScsiTransport;
use crate::Error;

/// Blocks read per READ(10) while walking the last session (one DVD ECC block).
const READ_BLOCKS: u16 = 16;

/// Where a new session goes on a disc left open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppendPoint {
    /// First block of the last complete session (mkisofs `-C` first number).
    pub last_session_start: u32,
    /// The next writable address: where the new session starts (`-C` second number).
    pub next_writable: u32,
    /// Blocks free from there on: the room for the new session.
    pub free_blocks: u64,
    /// Complete sessions on the disc (1 on overwritable media, which have no real sessions).
    pub sessions: u16,
    /// An overwritable disc (DVD+RW, BD-RE, DVD-RAM, restricted-overwrite DVD-RW): the new
    /// session grows its ISO volume the way growisofs does (written behind the volume, then
    /// its volume descriptors copied to block 16), instead of a session the drive keeps.
    pub overwritable: bool,
}

/// The last session of a disc, ready to be staged under a new one.
#[derive(Debug, Clone)]
pub struct LastSession {
    /// Where the new session goes.
    pub point: AppendPoint,
    /// The tree of the last session.
    pub listing: SessionListing,
}

/// Reads where the disc in `rec` can take a new session and what its last session holds.
/// `Ok(None)`: the disc is blank, or overwritable and `overwritable` is off: nothing to
/// append to.
pub(super) fn last_session<T: ScsiTransport>(
    rec: &mut DriveRecorder<T>,
    overwritable: bool,
) -> crate::Result<Option<LastSession>> {
    let options = RecordOptions {
        multisession: true,
        ..RecordOptions::default()
    };
    let mut s = rec.session(&options)?;
    s.wait_ready()?;
    let state = s.identify()?;
    let method = Method::for_profile(state.profile).map_err(|reason| Error::MediumInvalid {
        recorder: s.label.clone(),
        reason,
    })?;
    if !method.sequential() {
        let found = if overwritable {
            super::grow::last_volume(&mut s, method)?
        } else {
            None
        };
        s.finish(false)?;
        return Ok(found);
    }
    if state.disc.status == DiscStatus::Blank {
        s.finish(false)?;
        return Ok(None);
    }
    match (state.disc.status, state.disc.last_session) {
        (DiscStatus::Appendable, SessionState::Empty) => {}
        (DiscStatus::Appendable, _) => {
            return Err(Error::MediumInvalid {
                recorder: s.label.clone(),
                reason: format!(
                    "the last session of the {} was left incomplete (an interrupted burn): \
                     Kiln cannot add to it; insert a blank disc",
                    state.profile.name()
                ),
            })
        }
        _ => {
            return Err(Error::DiscClosed {
                recorder: s.label.clone(),
            })
        }
    }
    if method == Method::CdTao {
        let mut page = WriteParameters::cd_tao_data(MultiSession::Appendable);
        page.bufe = state.config.buffer_underrun_free();
        s.drive
            .set_write_parameters(&page)
            .map_err(|e| fail(&s.label, "setting the write parameters", e))?;
    }
    let complete = state.disc.sessions.saturating_sub(1);
    let last_session_start = session_start(&mut s, complete)?;
    let target = next_writable(&mut s, &state)?;
    let point = AppendPoint {
        last_session_start,
        next_writable: target.start,
        free_blocks: target.free_blocks,
        sessions: complete,
        overwritable: false,
    };
    tracing::info!(recorder = %s.label, ?point, "appendable disc");
    let label = s.label.clone();
    let reader = DiscReader::new(&mut s.drive, u64::from(target.start) * BLOCK);
    let listing = inspect::list_session(
        reader,
        u64::from(target.start) * BLOCK,
        u64::from(last_session_start),
    )
    .map_err(|reason| Error::LastSessionUnreadable {
        recorder: label.clone(),
        session_start: u64::from(last_session_start),
        reason,
    })?;
    if listing.errors > 0 {
        tracing::warn!(recorder = %label, errors = listing.errors, "the last session has structural errors (see kiln inspect); importing it anyway");
    }
    s.finish(false)?;
    Ok(Some(LastSession { point, listing }))
}

/// The first block of session `number` (the last complete one): READ TOC format 1, or READ
/// TRACK INFORMATION of the session's first track where the drive does not answer that.
fn session_start<T: ScsiTransport>(s: &mut Session<T>, number: u16) -> crate::Result<u32> {
    match s.drive.session_info() {
        Ok(toc) => {
            if let Some(first) = toc.entries.first() {
                if let Ok(lba) = u32::try_from(first.start_lba) {
                    return Ok(lba);
                }
            }
        }
        Err(e) => tracing::debug!(recorder = %s.label, error = %e, "READ TOC format 1 refused"),
    }
    let info = s
        .drive
        .track_information(TrackAddress::Session(u32::from(number)))
        .map_err(|e| fail(&s.label, "reading where the last session starts", e))?;
    Ok(info.start)
}

/// The disc as a `Read + Seek` of 2048-byte blocks (READ(10)), up to `len` bytes, read a DVD
/// ECC block at a time; for the ISO 9660 walk of the last session.
pub(super) struct DiscReader<'a, T: ScsiTransport> {
    drive: &'a mut Drive<T>,
    len: u64,
    pos: u64,
    cached: Option<(u32, Vec<u8>)>,
}

impl<'a, T: ScsiTransport> DiscReader<'a, T> {
    pub(super) fn new(drive: &'a mut Drive<T>, len: u64) -> Self {
        DiscReader {
            drive,
            len,
            pos: 0,
            cached: None,
        }
    }
}

impl<T: ScsiTransport> Read for DiscReader<'_, T> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.len || buf.is_empty() {
            return Ok(0);
        }
        let lba = u32::try_from(self.pos / BLOCK).map_err(io::Error::other)?;
        let first = lba - lba % u32::from(READ_BLOCKS);
        let hit = self.cached.as_ref().is_some_and(|(start, data)| {
            lba >= *start && (lba - start) as usize * 2048 < data.len()
        });
        if !hit {
            let left = (self.len / BLOCK).saturating_sub(u64::from(first));
            let count = left.min(u64::from(READ_BLOCKS)) as u16;
            // A block past the end of what is recorded fails alone, not the blocks before it.
            let data = match self.drive.read_blocks(first, count) {
                Ok(d) => (first, d),
                Err(_) => (
                    lba,
                    self.drive
                        .read_blocks(lba, 1)
                        .map_err(|e| io::Error::other(e.to_string()))?,
                ),
            };
            self.cached = Some(data);
        }
        let Some((start, data)) = &self.cached else {
            return Ok(0);
        };
        let offset = (self.pos - u64::from(*start) * BLOCK) as usize;
        let n = buf.len().min(data.len().saturating_sub(offset));
        buf[..n].copy_from_slice(&data[offset..offset + n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl<T: ScsiTransport> Seek for DiscReader<'_, T> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let pos = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = pos.ok_or_else(|| io::Error::other("seek before the start of the disc"))?;
        Ok(self.pos)
    }
}
