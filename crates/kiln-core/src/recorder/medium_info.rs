//! What is in a recorder: the answer to `kiln media ID`.

use crate::mmc::parse::DiscStatus;
use crate::mmc::speed::WriteSpeed;
use crate::mmc::Profile;

/// The disc in a drive, as the drive describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct MediumInfo {
    /// The medium (the drive's current profile).
    pub profile: Profile,
    /// Blank, appendable, complete, or other (random-access media).
    pub status: DiscStatus,
    /// Sessions on the disc (a blank disc counts its empty one, as drives do).
    pub sessions: u16,
    /// The first block of each recorded session of a sequential disc, from READ TRACK
    /// INFORMATION by session; the last one is what a new session would import. Empty for
    /// blank and overwritable discs.
    pub session_starts: Vec<u32>,
    /// Blocks of 2048 bytes that can still be written; `None` when the drive does not say.
    pub free_blocks: Option<u64>,
    /// The write speeds the drive offers for this disc, fastest first (GET PERFORMANCE, or
    /// page 2Ah); empty when it offers none (a disc it cannot write, or a drive that does not
    /// tell).
    pub write_speeds: Vec<WriteSpeed>,
}
