//! The layer break of a DVD+R DL written in one session and finalized, as growisofs does it
//! (`plus_r_dl_split`, MMC-NOTES (e) 5): READ DISC STRUCTURE format 20h gives the layer 0
//! data zone capacity and whether it is already fixed; when the recording is longer than that
//! capacity, SEND DISC STRUCTURE format 20h sets layer 0 to half the recording, rounded up to
//! whole ECC blocks, so both layers hold the same amount (the DVD-ROM-compatible layout;
//! otherwise the drive fills layer 0 and the lead-out lands in the middle of layer 1, which
//! some players reject). 180 s timeout: Lite-on drives calibrate here (growisofs).
//!
//! A recording that fits layer 0 is written without a split (libburn treats DL like single
//! layer; growisofs refuses it, which would make small burns on DL media impossible). A drive
//! that does not answer format 20h is left to its default layout, logged.

use std::time::Duration;

use super::session::{fail, Session};
use crate::mmc::cdb_write::{
    layer_boundary_parameters, read_disc_structure, send_disc_structure,
    DISC_STRUCTURE_LAYER_BOUNDARY,
};
use crate::mmc::drive::timeouts;
use crate::transport::{DataDirection, ScsiTransport};

/// SEND DISC STRUCTURE timeout (growisofs: 180 s).
const SPLIT_TIMEOUT: Duration = Duration::from_secs(180);

/// Layer 0 size for a recording of `blocks`: half of it in whole ECC blocks of 16, rounded up
/// (growisofs: `((blocks / 16 + 1) / 2) * 16` of the 16-rounded size).
pub(super) fn split_point(blocks: u64) -> u64 {
    let ecc = blocks.div_ceil(16);
    ecc.div_ceil(2) * 16
}

/// Sets the layer break of the blank DVD+R DL in `s` for a recording of `blocks` (padded to
/// ECC blocks), when it does not fit layer 0. Returns the layer 0 size set, if any.
pub(super) fn set_layer_break<T: ScsiTransport>(
    s: &mut Session<T>,
    blocks: u64,
) -> crate::Result<Option<u32>> {
    let mut info = [0u8; 12];
    let read = s.drive.execute(
        &read_disc_structure(DISC_STRUCTURE_LAYER_BOUNDARY, 12),
        DataDirection::FromDevice(&mut info),
        timeouts::DEFAULT,
    );
    let n = match read {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(
                recorder = %s.label, error = %e,
                "no layer boundary information; the drive chooses the layer break"
            );
            return Ok(None);
        }
    };
    if n < 12 || u16::from_be_bytes([info[0], info[1]]) < 10 {
        tracing::warn!(
            recorder = %s.label,
            "short layer boundary information; the drive chooses the layer break"
        );
        return Ok(None);
    }
    if info[4] & 0x80 != 0 {
        tracing::info!(recorder = %s.label, "the layer 0 capacity is already fixed");
        return Ok(None);
    }
    let l0 = u64::from(u32::from_be_bytes([info[8], info[9], info[10], info[11]]));
    let padded = blocks.div_ceil(16) * 16;
    if padded <= l0 {
        tracing::info!(
            recorder = %s.label, blocks, l0,
            "the recording fits layer 0: no layer break"
        );
        return Ok(None);
    }
    let split = u32::try_from(split_point(blocks)).unwrap_or(u32::MAX);
    tracing::info!(recorder = %s.label, split, "setting the layer break");
    let p = layer_boundary_parameters(split);
    s.drive
        .execute(
            &send_disc_structure(DISC_STRUCTURE_LAYER_BOUNDARY, p.len() as u16),
            DataDirection::ToDevice(&p),
            SPLIT_TIMEOUT,
        )
        .map_err(|e| fail(&s.label, "setting the layer break", e))?;
    Ok(Some(split))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_halves_the_recording_in_whole_ecc_blocks() {
        // 3,000,000 blocks = 187,500 ECC blocks: 93,750 each = 1,500,000 blocks.
        assert_eq!(split_point(3_000_000), 1_500_000);
        // 3,000,016 = 187,501 ECC blocks: layer 0 takes the odd one.
        assert_eq!(split_point(3_000_016), 1_500_016);
        assert_eq!(split_point(3_000_001), 1_500_016);
        assert_eq!(split_point(0), 0);
    }
}
