//! What is in the drive (`kiln media ID`): the profile, the disc status and sessions, the free
//! blocks and the write speeds offered for the disc. Nothing is locked or written.

use super::session::{fail, Session};
use crate::mmc::cdb::{TrackAddress, INVISIBLE_TRACK};
use crate::mmc::parse::{CapacityDescriptorType, DiscStatus};
use crate::mmc::profile::WriteMethod;
use crate::mmc::speed;
use crate::recorder::MediumInfo;
use crate::transport::ScsiTransport;

/// Asks the drive of `s` about its disc.
pub(super) fn medium_info<T: ScsiTransport>(s: &mut Session<T>) -> crate::Result<MediumInfo> {
    s.wait_ready()?;
    let state = s.identify()?;
    let profile = state.profile;
    let free_blocks = match profile.write_method() {
        WriteMethod::ReadOnly => Some(0),
        _ if state.disc.status == DiscStatus::Complete => Some(0),
        WriteMethod::RandomAccess => {
            let caps = s
                .drive
                .format_capacities()
                .map_err(|e| fail(&s.label, "reading the format capacities", e))?;
            Some(u64::from(
                if caps.current_type == CapacityDescriptorType::Formatted {
                    caps.current_blocks
                } else {
                    // What the burn would format to: a BD-RE without spares by default
                    // (`media_format.rs`), otherwise the first format offered.
                    caps.find(super::media_format::BD_RE_NO_SPARES)
                        .filter(|_| profile == crate::mmc::profile::Profile::BdRe)
                        .or_else(|| caps.formattable.first().copied())
                        .map_or(caps.current_blocks, |d| d.blocks)
                },
            ))
        }
        WriteMethod::Sequential => {
            let track = if profile.accepts_invisible_track_query() {
                INVISIBLE_TRACK
            } else {
                u32::from(state.disc.last_track_in_last_session)
            };
            s.drive
                .track_information(TrackAddress::Track(track))
                .ok()
                .map(|t| u64::from(t.free_blocks))
        }
    };
    let session_starts = if profile.write_method() == WriteMethod::Sequential
        && state.disc.status != DiscStatus::Blank
    {
        session_starts(s, &state.disc)
    } else {
        Vec::new()
    };
    let write_speeds = if profile.is_writable() {
        speed::offered(&mut s.drive, profile)
    } else {
        Vec::new()
    };
    Ok(MediumInfo {
        profile,
        status: state.disc.status,
        sessions: state.disc.sessions,
        session_starts,
        free_blocks,
        write_speeds,
    })
}

/// The first block of each recorded session (READ TRACK INFORMATION, address type 10b). An
/// appendable disc counts its empty session too, which has nothing to list. Stops at the first
/// session the drive does not answer for.
fn session_starts<T: ScsiTransport>(
    s: &mut Session<T>,
    disc: &crate::mmc::parse::DiscInfo,
) -> Vec<u32> {
    let recorded = match disc.status {
        DiscStatus::Appendable => disc.sessions.saturating_sub(1),
        _ => disc.sessions,
    };
    (1..=u32::from(recorded))
        .map_while(|n| {
            s.drive
                .track_information(TrackAddress::Session(n))
                .ok()
                .map(|t| t.start)
        })
        .collect()
}
