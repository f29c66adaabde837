//! CD-TEXT in the lead-in of a session-at-once audio CD (MMC-NOTES recipe (a) steps 3, 6–8).
//!
//! Whether to write it: the disc must have text, and the drive must say it records R-W
//! sub-channel data from the host (GET CONFIGURATION feature 002Eh CD Mastering, byte 4 bit 0
//! "R-W", Windows' `FEATURE_DATA_CD_MASTERING.RWSubchannelsRecordable`: "can record the R-W
//! subchannels with user-supplied information"). MMC has no bit that says "CD-TEXT" as such,
//! and real drives do not always tell the truth here (MMC-NOTES §5 quirk 4), so a drive that
//! then refuses the cue sheet announcing it gets the same cue sheet without, and the user a
//! [`BurnNotice`]: the audio is never lost for the sake of the text.
//!
//! How: the cue sheet's lead-in entry gets data form 41h (CD-DA lead-in with packed R-W data
//! from the host) at 00:00:00, as libburn and cdrecord send it; page 05h keeps data block type
//! 0 (in SAO the cue sheet decides the block sizes; libburn's drives refused the 2/3 MMC
//! suggests, LB-wr B11225). Writing starts at the lead-in start the drive reports in READ DISC
//! INFORMATION bytes 17–19 (or ATIP bytes 8–10), MSF of 90 minutes or more = a negative LBA
//! such as −11635, and every WRITE up to LBA −151 carries 96-byte blocks of four packs in
//! six-bit form ([`crate::audio::subchannel`]), the packs repeating to fill the lead-in.

use super::session::{fail, MediumState, Session};
use super::write_retrying;
use crate::audio::cdtext::{self, Pack};
use crate::audio::subchannel::{self, RW_BLOCK};
use crate::audio::AudioDisc;
use crate::mmc::cdb_write;
use crate::mmc::sense::SenseKey;
use crate::notice::BurnNotice;
use crate::progress::{ProgressEvent, Reporter};
use crate::transport::{CommandError, ScsiTransport};

/// 96-byte blocks per WRITE: 341 × 96 = 32,736 bytes, libburn's 32 KiB bound.
const WRITE_BLOCKS: usize = 341;
/// The first block after the lead-in: track 1's pregap.
const PREGAP_START: i32 = -150;

/// CD-TEXT to write into the lead-in, and where the lead-in starts.
#[derive(Debug, Clone)]
pub(super) struct LeadIn {
    /// The first block of the lead-in (negative LBA).
    pub(super) start: i32,
    packs: Vec<Pack>,
}

/// The CD-TEXT packs of `disc`, if it has any text.
fn packs_of(disc: &AudioDisc) -> Vec<Pack> {
    let tracks: Vec<_> = disc.tracks.iter().map(|t| t.metadata.clone()).collect();
    cdtext::encode(&disc.metadata, &tracks)
}

/// A lead-in start as READ DISC INFORMATION bytes 16–19 give it on CD (MSF in bytes 17–19).
fn lead_in_from_disc_info(raw: Option<u32>) -> Option<i32> {
    let [_, m, s, f] = raw?.to_be_bytes();
    (m >= 90).then(|| cdb_write::msf_to_lba(m, s, f))
}

/// Decides whether the lead-in gets CD-TEXT; tells the user (and the log) when a disc with text
/// is burned without it.
pub(super) fn plan<T: ScsiTransport>(
    s: &mut Session<T>,
    disc: &AudioDisc,
    state: &MediumState,
    reporter: &mut dyn Reporter,
) -> Option<LeadIn> {
    let packs = packs_of(disc);
    if packs.is_empty() {
        return None;
    }
    let rw = state.config.cd_mastering().is_some_and(|m| m.rw);
    let start = lead_in_from_disc_info(state.disc.last_session_lead_in)
        .or_else(|| s.drive.atip().ok().map(|a| a.lead_in_start))
        .filter(|l| *l < PREGAP_START);
    match (rw, start) {
        (true, Some(start)) => Some(LeadIn { start, packs }),
        _ => {
            tracing::warn!(recorder = %s.label, rw, lead_in = ?start,
                "the drive cannot write CD-TEXT; burning without it");
            reporter.emit(ProgressEvent::Notice(BurnNotice::CdTextUnsupported {
                recorder: s.label.clone(),
            }));
            None
        }
    }
}

/// Whether a failed SEND CUE SHEET is the drive refusing what the sheet asks for (ILLEGAL
/// REQUEST), which a sheet without CD-TEXT may cure, rather than a broken drive or disc.
pub(super) fn is_refusal(e: &CommandError) -> bool {
    matches!(e, CommandError::Check { sense, .. } if sense.key == SenseKey::IllegalRequest)
}

/// Tells the user that the drive refused the cue sheet with CD-TEXT.
pub(super) fn report_refusal(label: &str, e: &CommandError, reporter: &mut dyn Reporter) {
    tracing::warn!(recorder = %label, error = %e,
        "the drive refused the cue sheet with CD-TEXT; sending it without");
    reporter.emit(ProgressEvent::Notice(BurnNotice::CdTextRefused {
        recorder: label.to_string(),
        detail: e.to_string(),
    }));
}

/// Writes the lead-in: 96-byte blocks from its start to LBA −151, the packs cycling.
pub(super) fn write<T: ScsiTransport>(s: &mut Session<T>, lead_in: &LeadIn) -> crate::Result<()> {
    let total = (PREGAP_START - lead_in.start) as usize;
    tracing::info!(recorder = %s.label, start = lead_in.start, blocks = total,
        packs = lead_in.packs.len(), "writing CD-TEXT into the lead-in");
    let mut done = 0;
    while done < total {
        let n = (total - done).min(WRITE_BLOCKS);
        let data = subchannel::lead_in_blocks(&lead_in.packs, done, n);
        debug_assert_eq!(data.len(), n * RW_BLOCK);
        let lba = lead_in.start + done as i32;
        // Lead-in LBAs are negative: 32-bit two's complement in the CDB (−11635 = FFFFD28Dh).
        write_retrying(
            &mut s.drive,
            &cdb_write::write_10(lba as u32, n as u16),
            &data,
        )
        .map_err(|e| {
            fail(
                &s.label,
                &format!("writing CD-TEXT at lead-in block {lba}"),
                e,
            )
        })?;
        done += n;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lead_in_start_is_read_as_msf_of_90_minutes_and_more() {
        // 97:26:65 = −11635 (MMC-NOTES §1), bytes 16–19 = 00 61 1A 41.
        assert_eq!(lead_in_from_disc_info(Some(0x0061_1A41)), Some(-11635));
        assert_eq!(lead_in_from_disc_info(Some(0x0000_0200)), None);
        assert_eq!(lead_in_from_disc_info(None), None);
    }
}
