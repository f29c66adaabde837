//! "Multisession" on overwritable media (DVD+RW, BD-RE, DVD-RAM, restricted-overwrite DVD-RW),
//! the way growisofs `-M` does it (MMC-NOTES (f) 4): the disc holds one ISO 9660 volume whose
//! size is in the primary volume descriptor at block 16 (bytes 80–83). The new session is
//! laid out for, and written at, that size rounded up to the medium's write unit (16 blocks on
//! DVD, 32 on BD; growisofs uses 16, libburn 32); then its volume descriptors are copied to
//! block 16, so that readers (which look only there) see the new tree, old files included.
//!
//! The copy rewrites one whole write unit (DVD: blocks 16–31; BD: 0–31), read first so that
//! the blocks around the descriptors stay as they were.

use super::append::{AppendPoint, DiscReader, LastSession};
use super::data::Method;
use super::session::{fail, Session};
use super::write_retrying;
use crate::inspect;
use crate::media::BLOCK;
use crate::mmc::cdb_write;
use crate::transport::ScsiTransport;
use crate::Error;

/// Where the volume descriptors of every ISO 9660 volume are.
const DESCRIPTORS: u32 = 16;

/// The volume on an overwritable disc and where a grown session would go; `None` when block
/// 16 holds no ISO 9660 primary descriptor (a blank or foreign disc: it is written over).
pub(super) fn last_volume<T: ScsiTransport>(
    s: &mut Session<T>,
    method: Method,
) -> crate::Result<Option<LastSession>> {
    let Some(volume) = volume_blocks(s)? else {
        return Ok(None);
    };
    let start = next_start(volume, method);
    let capacity = super::data::random_capacity(s, method)?;
    let point = AppendPoint {
        last_session_start: 0,
        next_writable: start,
        free_blocks: capacity.saturating_sub(u64::from(start)),
        sessions: 1,
        overwritable: true,
    };
    tracing::info!(recorder = %s.label, ?point, volume, "overwritable disc with an ISO volume");
    let label = s.label.clone();
    let len = u64::from(volume) * BLOCK;
    let reader = DiscReader::new(&mut s.drive, len);
    let listing =
        inspect::list_session(reader, len, 0).map_err(|reason| Error::LastSessionUnreadable {
            recorder: label,
            session_start: 0,
            reason,
        })?;
    Ok(Some(LastSession { point, listing }))
}

/// Where the grown session starts for a volume of `volume` blocks.
pub(super) fn next_start(volume: u32, method: Method) -> u32 {
    let unit = method.unit_blocks();
    volume.div_ceil(unit).saturating_mul(unit)
}

/// The volume space size of the primary descriptor at block 16, if there is one.
pub(super) fn volume_blocks<T: ScsiTransport>(s: &mut Session<T>) -> crate::Result<Option<u32>> {
    // An unwritten (or unformatted) disc may refuse the read: nothing to keep then.
    let Ok(block) = s.drive.read_blocks(DESCRIPTORS, 1) else {
        return Ok(None);
    };
    if block.len() < 88 || block[0] != 1 || &block[1..6] != b"CD001" {
        return Ok(None);
    }
    let size = u32::from_le_bytes([block[80], block[81], block[82], block[83]]);
    Ok((size > DESCRIPTORS).then_some(size))
}

/// After the session at `start` is written: copies its volume descriptors (up to and
/// including the set terminator) over those at block 16, in one write unit.
pub(super) fn publish<T: ScsiTransport>(
    s: &mut Session<T>,
    method: Method,
    start: u32,
) -> crate::Result<()> {
    let unit = method.unit_blocks();
    let first = DESCRIPTORS - DESCRIPTORS % unit;
    let count = unit as u16;
    let mut area = s
        .drive
        .read_blocks(first, count)
        .map_err(|e| fail(&s.label, "reading the volume descriptors at block 16", e))?;
    let new = s
        .drive
        .read_blocks(start + DESCRIPTORS, 16)
        .map_err(|e| fail(&s.label, "reading the new session's volume descriptors", e))?;
    let set = descriptor_set_blocks(&new).ok_or_else(|| Error::VerifyFailed {
        recorder: s.label.clone(),
        reason: format!(
            "the session written at block {start} has no terminated volume descriptor set at \
             block {}",
            start + DESCRIPTORS
        ),
    })?;
    let bytes = set * BLOCK as usize;
    let at = (DESCRIPTORS - first) as usize * BLOCK as usize;
    if area.len() < at + bytes {
        return Err(Error::VerifyFailed {
            recorder: s.label.clone(),
            reason: "the drive returned less than the blocks around block 16".into(),
        });
    }
    area[at..at + bytes].copy_from_slice(&new[..bytes]);
    tracing::info!(recorder = %s.label, start, descriptors = set, "volume descriptors copied to block 16");
    write_retrying(&mut s.drive, &cdb_write::write_10(first, count), &area)
        .map_err(|e| fail(&s.label, "writing the volume descriptors at block 16", e))?;
    s.drive
        .synchronize_cache(true)
        .map_err(|e| fail(&s.label, "flushing the drive's cache", e))?;
    s.wait_long("flushing the drive's cache")
}

/// Blocks of a volume descriptor set read from its first block: through the terminator (type
/// 255), `None` when it is not terminated within what was read.
fn descriptor_set_blocks(blocks: &[u8]) -> Option<usize> {
    blocks
        .chunks(BLOCK as usize)
        .position(|b| b.len() >= 6 && &b[1..6] == b"CD001" && b[0] == 255)
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_session_starts_at_the_volume_size_rounded_to_the_write_unit() {
        assert_eq!(next_start(657, Method::DvdPlusRw), 672);
        assert_eq!(next_start(672, Method::DvdPlusRw), 672);
        assert_eq!(next_start(657, Method::BdRe), 672);
        assert_eq!(next_start(673, Method::BdRe), 704);
    }

    #[test]
    fn a_descriptor_set_ends_with_its_terminator() {
        let mut v = vec![0u8; 4 * 2048];
        for (i, t) in [1u8, 2, 255].iter().enumerate() {
            v[i * 2048] = *t;
            v[i * 2048 + 1..i * 2048 + 6].copy_from_slice(b"CD001");
        }
        assert_eq!(descriptor_set_blocks(&v), Some(3));
        v[2 * 2048] = 2;
        assert_eq!(descriptor_set_blocks(&v), None);
    }
}
