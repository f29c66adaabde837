//! Audio CDs on a drive: session at once (MMC-NOTES recipe (a)).
//!
//! Page 05h says write type SAO (test write when simulating; multi-session 00b, or 11b to keep
//! the disc appendable), SEND CUE SHEET carries the cue sheet of [`crate::audio::cuesheet`], then
//! every block from LBA −150 to the lead-out goes in one sequential stream of 2352-byte blocks:
//! 150 blocks of silence for track 1's pregap (the host sends them, as libburn and cdrecord do,
//! so track 1's INDEX 00 has data form 00h here), then the disc image from LBA 0. SYNCHRONIZE
//! CACHE writes the lead-out; SAO has no CLOSE.
//!
//! CD-TEXT goes into the lead-in when the disc has text and the drive can record R-W data: the
//! cue sheet's lead-in then has data form 41h and the stream starts earlier, at the lead-in
//! start, with 96-byte blocks of packs up to LBA −151 (the [`super::leadin`] module). A drive
//! that cannot gets the audio without it, and the user a notice (the texts still go to CUE/TOC
//! images).

use super::feed::Feed;
use super::session::fail;
use super::verify::{self, Digest, ReadKind};
use super::{leadin, write_retrying, DriveRecorder};
use crate::audio::cuesheet::{self, FORM_CDDA, FORM_CDDA_NO_DATA};
use crate::audio::layout::{DiscLayout, BLOCK_BYTES};
use crate::audio::AudioDisc;
use crate::mmc::cdb_write;
use crate::mmc::drive::timeouts;
use crate::mmc::mode::{MultiSession, WriteParameters};
use crate::mmc::parse::DiscStatus;
use crate::mmc::profile::Profile;
use crate::progress::{ProgressEvent, Reporter};
use crate::recorder::RecordOptions;
use crate::stream::{self, PumpError};
use crate::transport::{CommandError, DataDirection, ScsiTransport};
use crate::Error;

/// Blocks per WRITE: 27 × 2352 = 63,504 bytes, under the 64 KiB most transports take.
const WRITE_BLOCKS: usize = 27;
/// Blocks handed from the read-ahead ring at a time.
const PUMP_BLOCKS: usize = WRITE_BLOCKS * 16;
/// Read-ahead: 16 chunks of about 1 MB, some 6 seconds of audio at 16x.
const DEPTH: usize = 16;
/// Track 1's pregap, sent by the host from LBA −150.
const FIRST_PREGAP: usize = 150;

/// Records an audio disc on the drive of `rec`.
pub(super) fn record<T: ScsiTransport>(
    rec: &mut DriveRecorder<T>,
    disc: &AudioDisc,
    options: &RecordOptions,
    reporter: &mut dyn Reporter,
) -> crate::Result<()> {
    let layout = disc.layout()?;
    let total = layout.program_blocks();
    reporter.emit(ProgressEvent::PreparingBurn {
        estimated_seconds: 10,
    });
    let mut s = rec.session(options)?;
    s.wait_ready()?;
    s.lock()?;
    let state = s.identify()?;
    if !matches!(state.profile, Profile::CdR | Profile::CdRw) {
        return Err(Error::MediumInvalid {
            recorder: s.label.clone(),
            reason: format!(
                "an audio CD needs a CD-R or CD-RW, and this is a {}: insert a blank CD-R",
                state.profile.name()
            ),
        });
    }
    if state.disc.status != DiscStatus::Blank {
        let todo = if state.profile == Profile::CdRw {
            "erase it first (kiln erase) or insert a blank disc"
        } else {
            "insert a blank CD-R"
        };
        return Err(Error::MediumInvalid {
            recorder: s.label.clone(),
            reason: format!("an audio CD is written in one session on a blank disc: {todo}"),
        });
    }
    let capacity = state
        .disc
        .last_possible_lead_out_lba(true)
        .filter(|l| *l > 0)
        .map(|l| l as u64)
        .or_else(|| s.drive.atip().ok().map(|a| u64::from(a.capacity_blocks())));
    if let Some(cap) = capacity.filter(|c| total > *c) {
        let missing_blocks = total - cap;
        return Err(Error::DiscFull {
            missing_blocks,
            missing_mb: (missing_blocks * BLOCK_BYTES as u64) as f64 / 1e6,
            medium: format!("{} in {}", state.profile.name(), s.label),
        });
    }

    super::apply_speed(&mut s, state.profile, options.speed, total as u32);
    let mut page = WriteParameters::cd_sao_audio();
    page.test_write = options.simulate;
    page.bufe = state.config.buffer_underrun_free();
    page.multi_session = if options.multisession {
        MultiSession::Appendable
    } else {
        MultiSession::Finalize
    };
    s.drive
        .set_write_parameters(&page)
        .map_err(|e| fail(&s.label, "setting the write parameters", e))?;
    let mut lead_in = leadin::plan(&mut s, disc, &state, reporter);
    if let Err(e) = send_cue_sheet(&mut s, disc, &layout, lead_in.is_some()) {
        if !(lead_in.is_some() && leadin::is_refusal(&e)) {
            return Err(fail(&s.label, "sending the cue sheet", e));
        }
        leadin::report_refusal(&s.label, &e, reporter);
        lead_in = None;
        send_cue_sheet(&mut s, disc, &layout, false)
            .map_err(|e| fail(&s.label, "sending the cue sheet", e))?;
    }

    tracing::info!(recorder = %s.label, blocks = total, tracks = layout.tracks.len(),
        simulate = options.simulate, "writing audio");
    if let Some(lead_in) = &lead_in {
        leadin::write(&mut s, lead_in)?;
    }
    // Track 1's pregap: silence from LBA −150.
    let silence = vec![0u8; WRITE_BLOCKS * BLOCK_BYTES];
    let mut lba: i64 = -(FIRST_PREGAP as i64);
    let mut left = FIRST_PREGAP;
    while left > 0 {
        let n = left.min(WRITE_BLOCKS);
        write(&mut s, lba, &silence[..n * BLOCK_BYTES])?;
        lba += n as i64;
        left -= n;
    }

    let ends: Vec<u64> = layout
        .tracks
        .iter()
        .map(|t| (t.index01 as u64).saturating_add(t.blocks))
        .collect();
    let tracks = layout.tracks.len() as u32;
    let mut tracks_done = 0u32;
    let mut digest = Digest::new(BLOCK_BYTES);
    let mut image = disc.image()?;
    let label = s.label.clone();
    reporter.emit(ProgressEvent::BlockProgress {
        completed: 0,
        total,
    });
    let mut feed = Feed::new(state.profile, total, BLOCK_BYTES);
    let result = stream::pump_observed(
        &mut image,
        PUMP_BLOCKS * BLOCK_BYTES,
        DEPTH,
        |chunk, host_fill| -> crate::Result<()> {
            reporter.check_cancel()?;
            if chunk.len() % BLOCK_BYTES != 0 {
                return Err(Error::DeviceNotAccessible {
                    recorder: label.clone(),
                    reason: "the audio stream is not a whole number of CD blocks".into(),
                });
            }
            digest.update(chunk);
            for piece in chunk.chunks(WRITE_BLOCKS * BLOCK_BYTES) {
                write(&mut s, lba, piece)?;
                lba += (piece.len() / BLOCK_BYTES) as i64;
            }
            let done = digest.blocks();
            reporter.emit(ProgressEvent::BlockProgress {
                completed: done,
                total,
            });
            feed.after_chunk(&mut s.drive, done, host_fill, reporter);
            let finished = ends.iter().filter(|&&end| end <= done).count() as u32;
            if finished > tracks_done {
                tracks_done = finished;
                reporter.emit(ProgressEvent::TrackProgress {
                    completed: finished,
                    total: tracks,
                });
            }
            Ok(())
        },
    );
    match result {
        Ok(_) => {}
        Err(PumpError::Write(e)) => return Err(e),
        Err(PumpError::Read(e)) => return Err(Error::from_io(e, std::path::Path::new(&label))),
    }
    if digest.blocks() != total {
        return Err(Error::DeviceNotAccessible {
            recorder: label,
            reason: format!(
                "the audio stream ended after {} of {total} blocks: the disc is incomplete",
                digest.blocks()
            ),
        });
    }
    reporter.emit(ProgressEvent::ClosingDisc {
        estimated_seconds: 30,
    });
    s.drive
        .synchronize_cache(true)
        .map_err(|e| fail(&s.label, "writing the lead-out", e))?;
    s.wait_long("writing the lead-out")?;
    if options.verify && !options.simulate {
        verify::verify(&mut s, 0, digest, ReadKind::Audio, reporter)?;
    }
    s.finish(options.eject)
}

/// SEND CUE SHEET, with the lead-in announcing CD-TEXT or not.
fn send_cue_sheet<T: ScsiTransport>(
    s: &mut super::session::Session<T>,
    disc: &AudioDisc,
    layout: &DiscLayout,
    with_cd_text: bool,
) -> Result<(), CommandError> {
    let mut sheet = cuesheet::build(disc, layout, with_cd_text);
    for e in &mut sheet {
        if e[0] & 0x0F == 1 && e[1] == 1 && e[2] == 0 && e[3] == FORM_CDDA_NO_DATA {
            e[3] = FORM_CDDA; // the host sends track 1's pregap
        }
    }
    let sheet = cuesheet::to_bytes(&sheet);
    s.drive
        .execute(
            &cdb_write::send_cue_sheet(sheet.len() as u32),
            DataDirection::ToDevice(&sheet),
            timeouts::DEFAULT,
        )
        .map(drop)
}

fn write<T: ScsiTransport>(
    s: &mut super::session::Session<T>,
    lba: i64,
    data: &[u8],
) -> crate::Result<()> {
    let blocks = (data.len() / BLOCK_BYTES) as u16;
    // LBAs of the pregap are negative: 32-bit two's complement in the CDB.
    write_retrying(&mut s.drive, &cdb_write::write_10(lba as u32, blocks), data)
        .map_err(|e| fail(&s.label, &format!("writing audio block {lba}"), e))
}
