//! A blank DVD-RW in sequential recording mode turned into restricted overwrite mode before a
//! burn, when [`crate::RecordOptions::dvd_rw_overwrite`] asks for it (MMC-NOTES (g), libburn's
//! and growisofs' recipe): READ FORMAT CAPACITIES gives the quick format descriptor (type 15h),
//! which is sent back unchanged in FORMAT UNIT with Immed, and the drive is polled until done.
//! The disc then reports profile 0013h and is written in place like a DVD+RW; the caller closes
//! the session after writing, as a quick-formatted disc needs.

use super::data::FormatStep;
use super::session::{fail, MediumState, Session};
use crate::media::BLOCK;
use crate::mmc::profile::Profile;
use crate::transport::ScsiTransport;
use crate::Error;

/// FORMAT UNIT type 15h: quick format to restricted overwrite.
const QUICK: u8 = 0x15;
/// Blocks of a DVD ECC block (restricted-overwrite writes are whole ECC blocks).
const ECC_BLOCKS: u64 = 16;

/// Quick-formats the sequential DVD-RW of `s` for restricted overwrite, after checking that
/// `total_blocks` fit, and returns the medium as it is afterwards.
pub(super) fn format_for_overwrite<T: ScsiTransport>(
    s: &mut Session<T>,
    total_blocks: u64,
) -> crate::Result<MediumState> {
    let caps = s
        .drive
        .format_capacities()
        .map_err(|e| fail(&s.label, "reading the format capacities", e))?;
    let quick = caps.find(QUICK).ok_or_else(|| Error::MediumInvalid {
        recorder: s.label.clone(),
        reason: "the drive offers no quick format (15h) for this DVD-RW, so it cannot be made \
                 overwritable: burn it without the overwrite option"
            .into(),
    })?;
    let need = total_blocks.div_ceil(ECC_BLOCKS) * ECC_BLOCKS;
    if need > u64::from(quick.blocks) {
        let missing_blocks = need - u64::from(quick.blocks);
        return Err(Error::DiscFull {
            missing_blocks,
            missing_mb: (missing_blocks * BLOCK) as f64 / 1e6,
            medium: format!(
                "{} in {}",
                Profile::DvdRwRestrictedOverwrite.name(),
                s.label
            ),
        });
    }
    tracing::info!(recorder = %s.label, blocks = quick.blocks, "quick-formatting the DVD-RW for restricted overwrite");
    FormatStep {
        format_type: QUICK,
        blocks: quick.blocks,
        parameter: quick.parameter,
    }
    .run(s)?;
    let state = s.identify()?;
    if state.profile != Profile::DvdRwRestrictedOverwrite {
        return Err(Error::MediumInvalid {
            recorder: s.label.clone(),
            reason: format!(
                "after quick formatting, the DVD-RW reports itself as {} instead of restricted \
                 overwrite: burn it without the overwrite option",
                state.profile.name()
            ),
        });
    }
    Ok(state)
}
