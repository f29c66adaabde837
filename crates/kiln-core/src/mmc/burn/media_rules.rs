//! Per-medium rules of the data burn that go beyond the common recipe of `data.rs`
//! (MMC-NOTES (d), (e), (g), (h)):
//!
//! - **DVD-R DL** (0015h) has no multisession (growisofs' transport notes, MMC-NOTES §5.10):
//!   "leave appendable" is refused before anything is written.
//! - **DVD-R/-RW without incremental recording** (feature 0021h not current: a minimally
//!   blanked DVD-RW, or a drive without it) is written disc at once, as growisofs does when
//!   0021h is missing: page 05h write type 2 (SAO), no link size, no fixed packets, track mode
//!   5, Mode 1 blocks, multi-session 00b; RESERVE TRACK with the exact size; WRITEs from NWA 0
//!   filling it; SYNCHRONIZE CACHE, and no CLOSE (libburn's cookbook). A disc at once disc
//!   cannot be left appendable, and is not simulated (RESERVE TRACK has no test mode).
//! - **BD-R with pseudo-overwrite** (feature 0038h current): CLOSE SESSION fails with 5/24/00
//!   on such discs (growisofs' Debian patch `fix_burning_bd-r_discs`), so only the track is
//!   closed and the disc stays appendable even when finalizing was asked for (logged).
//! - **BD-R RRM** (0042h) is written in place from LBA 0 like a formatted BD-RE, and only when
//!   nothing is recorded on it yet: each block can be written once.

use super::session::{fail, MediumState, Session};
use crate::mmc::cdb_write::CloseFunction;
use crate::mmc::config::feature;
use crate::mmc::mode::{MultiSession, WriteParameters, WriteType};
use crate::mmc::parse::DiscStatus;
use crate::mmc::profile::Profile;
use crate::recorder::RecordOptions;
use crate::transport::ScsiTransport;
use crate::Error;

/// True for the DVD-R/-RW profiles written with page 05h in sequential recording.
fn dvd_minus_sequential(profile: Profile) -> bool {
    matches!(
        profile,
        Profile::DvdRSequential | Profile::DvdRwSequential | Profile::DvdRDualLayerSequential
    )
}

/// True when a DVD-R/-RW must be written disc at once: incremental recording (feature 0021h)
/// is not current.
pub(super) fn disc_at_once(state: &MediumState) -> bool {
    dvd_minus_sequential(state.profile) && !state.config.is_current(feature::INCREMENTAL_STREAMING)
}

/// True for a BD-R formatted for pseudo-overwrite.
pub(super) fn pseudo_overwrite(state: &MediumState) -> bool {
    state.profile == Profile::BdRSequential && state.config.bd_r_pseudo_overwrite()
}

/// Refuses, before anything is written, what the medium in the drive cannot do with these
/// options. Each message says why, what to do, and that the disc was not touched.
pub(super) fn check_request(
    label: &str,
    state: &MediumState,
    options: &RecordOptions,
) -> crate::Result<()> {
    let refuse = |reason: String| {
        Err(Error::MediumInvalid {
            recorder: label.to_string(),
            reason,
        })
    };
    if options.multisession && state.profile == Profile::DvdRDualLayerSequential {
        return refuse(
            "a DVD-R DL cannot be left appendable: it has no multisession, so the burn would \
             finalize it. Burn without the multisession option, or use a DVD+R DL; the disc \
             was not written and is still blank"
                .into(),
        );
    }
    if options.multisession && disc_at_once(state) {
        return refuse(format!(
            "this {} can only be written disc at once (it was blanked minimally, or the drive \
             has no incremental recording), which cannot leave it appendable. Burn without the \
             multisession option, or erase it fully (kiln erase --full) first; the disc was not \
             written",
            state.profile.name()
        ));
    }
    if options.simulate && disc_at_once(state) {
        // A test write would still reserve the track (RESERVE TRACK has no test mode), which
        // would leave the disc unusable for the real burn.
        return refuse(format!(
            "this {} can only be written disc at once, which Kiln does not simulate (the \
             track reservation is not part of the test write). Burn for real, or erase it \
             fully (kiln erase --full) first; the disc was not written",
            state.profile.name()
        ));
    }
    if pseudo_overwrite(state) && !options.multisession {
        // Not refused: the data is recorded and readable; only the finalization is left out.
        tracing::warn!(
            recorder = label,
            "the BD-R is formatted for pseudo-overwrite: drives refuse to close its session, so \
             it stays appendable instead of being finalized"
        );
    }
    if state.profile == Profile::BdRRandom && state.disc.status != DiscStatus::Blank {
        return refuse(
            "this BD-R in random recording mode already holds data, and each of its blocks \
             can be written only once: insert a blank disc; this one was not written and is \
             still readable"
                .into(),
        );
    }
    Ok(())
}

/// Page 05h for disc at once on DVD-R/-RW (see the module docs).
pub(super) fn disc_at_once_page(simulate: bool, bufe: bool) -> WriteParameters {
    let mut page = WriteParameters::dvd_r_incremental(MultiSession::Finalize);
    page.write_type = WriteType::SessionAtOnce;
    page.link_size_valid = false;
    page.link_size = 0;
    page.fixed_packet = false;
    page.packet_size = 0;
    page.test_write = simulate;
    page.bufe = bufe;
    page
}

/// RESERVE TRACK of exactly `blocks` before a disc at once write (without it the first WRITE
/// fails with 5/2C/00, MMC-NOTES (d)).
pub(super) fn reserve<T: ScsiTransport>(s: &mut Session<T>, blocks: u64) -> crate::Result<()> {
    let blocks = u32::try_from(blocks).map_err(|_| Error::MediumInvalid {
        recorder: s.label.clone(),
        reason: "the image is larger than a disc at once track can be: nothing was written".into(),
    })?;
    tracing::info!(recorder = %s.label, blocks, "reserving the disc at once track");
    s.drive
        .reserve_track(blocks)
        .map_err(|e| fail(&s.label, "reserving the track", e))
}

/// The CLOSE commands of the sequential DVD and BD media with these rules, or `None` to keep
/// the common recipe: disc at once closes nothing; pseudo-overwrite closes only the track.
pub(super) fn close_steps(state: &MediumState, track: u16) -> Option<Vec<(CloseFunction, u16)>> {
    if disc_at_once(state) {
        return Some(Vec::new());
    }
    if pseudo_overwrite(state) {
        return Some(vec![(CloseFunction::Track, track)]);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_disc_at_once_page_has_write_type_2_no_packets_and_no_next_session() {
        let p = disc_at_once_page(false, true).to_page();
        // Byte 2: BUFE (40h) | write type 2; byte 3: multi-session 00b, FP 0, track mode 5;
        // byte 4: data block type 8; byte 5: link size 0; bytes 10–13: packet size 0.
        assert_eq!(p[2], 0x42);
        assert_eq!(p[3], 0x05);
        assert_eq!(p[4], 0x08);
        assert_eq!(p[5], 0);
        assert_eq!(p[10..14], [0, 0, 0, 0]);
        assert_eq!(disc_at_once_page(true, false).to_page()[2], 0x12);
    }
}
