//! DVD-RW's two recording modes in the emulated drive (MMC-NOTES (g)): a disc in sequential
//! recording mode (profile 0014h) is written like a DVD-R; FORMAT UNIT type 10h (full) or 15h
//! (quick) turns it into restricted overwrite mode (0013h), written anywhere in whole 32 KiB ECC
//! blocks like a DVD+RW. A quick-formatted disc wants its session closed (CLOSE SESSION, 010b)
//! after writing, which [`Medium::needs_close`] records.
//!
//! READ FORMAT CAPACITIES offers both types with the full size and the ECC block length (16) as
//! the type-dependent parameter, which is what the format request must carry back.

use super::medium::{Medium, MediumKind};
use super::{check, Fail};

/// FORMAT UNIT type 10h: full format to restricted overwrite.
pub(crate) const FULL: u8 = 0x10;
/// FORMAT UNIT type 15h: quick format to restricted overwrite.
pub(crate) const QUICK: u8 = 0x15;
/// Blocks of a DVD ECC block: the unit of restricted-overwrite writes, and the type-dependent
/// parameter of the format descriptors.
pub(crate) const ECC_BLOCKS: u32 = 16;

/// The formats offered for a DVD-RW: (type, blocks, type-dependent parameter).
pub(crate) fn formattable(m: &Medium) -> [(u8, u32, u32); 2] {
    [
        (FULL, m.raw_capacity, ECC_BLOCKS),
        (QUICK, m.raw_capacity, ECC_BLOCKS),
    ]
}

/// FORMAT UNIT on a DVD-RW in either mode. A full format takes exactly the offered size; a
/// quick one any whole number of ECC blocks up to it. Anything else is 5/26/00 INVALID FIELD IN
/// PARAMETER LIST, as for the other media.
pub(crate) fn format(
    m: &mut Medium,
    format_type: u8,
    blocks: u32,
    parameter: u32,
) -> Result<(), Fail> {
    let size_ok = match format_type {
        FULL => blocks == m.raw_capacity,
        QUICK => blocks > 0 && blocks % ECC_BLOCKS == 0 && blocks <= m.raw_capacity,
        _ => false,
    };
    if !size_ok || parameter != ECC_BLOCKS {
        return Err(check(5, 0x26, 0x00));
    }
    m.kind = MediumKind::DvdRwRestricted;
    m.tracks.clear();
    m.closed_sessions = 0;
    m.finalized = false;
    m.formatted = Some(blocks);
    m.high_water = 0;
    m.needs_close = format_type == QUICK;
    Ok(())
}

/// Whether a WRITE of `blocks` at `lba` fits the ECC blocks of restricted overwrite; else
/// 5/21/02 INVALID ADDRESS FOR WRITE.
pub(crate) fn check_alignment(lba: u32, blocks: u32) -> Result<(), Fail> {
    if lba % ECC_BLOCKS != 0 || blocks % ECC_BLOCKS != 0 {
        return Err(check(5, 0x21, 0x02));
    }
    Ok(())
}
