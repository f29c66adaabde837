//! Data discs on a drive: the per-medium recipes (see the module docs of [`super`]).
//!
//! | Medium | Setup | Write | Close |
//! |---|---|---|---|
//! | CD-R/RW (TAO) | page 05h: TAO, track mode 4, Mode 1 blocks; NWA of track FFh | 64 KiB WRITE(10)s, track padded to 300 blocks | SYNC CACHE, CLOSE SESSION (page 05h decides finalize / appendable) |
//! | CD-R/RW (SAO, `--sao`, blank only) | page 05h: SAO, track mode 4; SEND CUE SHEET (`cd_sao.rs`); 150 zero blocks from LBA −150 | 64 KiB WRITE(10)s from LBA 0, padded to 300 blocks | SYNC CACHE only (the drive writes the lead-out) |
//! | DVD-R/-RW seq., DVD-R DL | page 05h: incremental, link 16, fixed packets of 16; NWA of the last track | 32 KiB | SYNC CACHE, CLOSE TRACK, CLOSE SESSION (DVD-R DL: no multisession, `media_rules.rs`) |
//! | DVD-R/-RW without incremental (minimally blanked) | page 05h: disc at once; RESERVE TRACK of the whole image (`media_rules.rs`) | 32 KiB from NWA 0 | SYNC CACHE only |
//! | DVD+R (DL) | none; NWA of track FFh; DL finalized: layer break (`layers.rs`) | 32 KiB | SYNC CACHE, CLOSE TRACK, CLOSE SESSION or finalize (101b) |
//! | BD-R SRM | none; NWA of the last track | 64 KiB | SYNC CACHE, CLOSE TRACK, CLOSE SESSION or finalize (110b); no session close with pseudo-overwrite |
//! | DVD+RW | FORMAT UNIT 26h when unformatted | 32 KiB from LBA 0 | SYNC CACHE (CLOSE SESSION if Kiln formatted it) |
//! | DVD-RW restricted overwrite | none; a blank sequential DVD-RW is quick-formatted (15h) first when asked (`dvd_rw.rs`) | 32 KiB from LBA 0 | SYNC CACHE (CLOSE SESSION if Kiln quick-formatted it) |
//! | BD-RE | FORMAT UNIT 31h (00h with defect management) when unformatted (`media_format.rs`) | 64 KiB from LBA 0 | SYNC CACHE |
//! | BD-R RRM | none (formatted), only while blank | 64 KiB from LBA 0 | SYNC CACHE |
//! | DVD-RAM | FORMAT UNIT 00h when unformatted (`media_format.rs`) | 32 KiB from LBA 0 | SYNC CACHE (no session to close) |

use std::io::Read;

use super::feed::Feed;
use super::media_format::FormatPlan;
use super::session::{fail, MediumState, Session};
use super::verify::{self, Digest, Fingerprinting, ReadKind};
use super::{write_retrying, DriveRecorder};
use crate::media::BLOCK;
use crate::mmc::cdb::{TrackAddress, INVISIBLE_TRACK};
use crate::mmc::cdb_write::{self, CloseFunction};
use crate::mmc::mode::{MultiSession, WriteParameters};
use crate::mmc::parse::{CapacityDescriptorType, DiscStatus};
use crate::mmc::profile::Profile;
use crate::progress::{ProgressEvent, Reporter};
use crate::recorder::RecordOptions;
use crate::stream::{self, PumpError};
use crate::transport::priority::RealTime;
use crate::transport::ScsiTransport;
use crate::Error;

/// Bytes handed from the read-ahead ring at a time (a multiple of every write unit).
const PUMP_CHUNK: usize = 1 << 20;
/// Minimum length of a CD track (4 seconds).
const CD_MIN_TRACK: u64 = 300;

/// How a medium is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Method {
    /// CD-R/RW, track at once.
    CdTao,
    /// CD-R/RW, session at once (`cd_sao.rs`): a blank disc, one track, no CLOSE.
    CdSao,
    /// DVD-R/-RW sequential, incremental.
    DvdMinusR,
    /// DVD+R (and DL).
    DvdPlusR,
    /// BD-R sequential recording mode.
    BdR,
    /// DVD+RW: random access after (background) formatting.
    DvdPlusRw,
    /// DVD-RW in restricted overwrite mode: random access in whole ECC blocks, no sessions.
    DvdRwRestricted,
    /// BD-RE: random access after formatting.
    BdRe,
    /// DVD-RAM: random access, defect-managed by the drive, no sessions.
    DvdRam,
}

impl Method {
    /// The method for a profile, or why Kiln cannot write it.
    pub(super) fn for_profile(profile: Profile) -> Result<Method, String> {
        Ok(match profile {
            Profile::CdR | Profile::CdRw => Method::CdTao,
            Profile::DvdRSequential
            | Profile::DvdRwSequential
            | Profile::DvdRDualLayerSequential => Method::DvdMinusR,
            Profile::DvdPlusR | Profile::DvdPlusRDualLayer => Method::DvdPlusR,
            Profile::BdRSequential => Method::BdR,
            Profile::DvdPlusRw => Method::DvdPlusRw,
            Profile::DvdRwRestrictedOverwrite => Method::DvdRwRestricted,
            // BD-R RRM is written in place like a formatted BD-RE (`media_rules.rs`).
            Profile::BdRe | Profile::BdRRandom => Method::BdRe,
            Profile::DvdRam => Method::DvdRam,
            p if !p.is_writable() => {
                return Err(format!(
                    "it is a {} disc, which cannot be written: insert a blank CD-R, DVD±R or \
                     BD-R, or a rewritable disc",
                    p.name()
                ))
            }
            p => {
                return Err(format!(
                    "Kiln cannot write {} discs yet: use a CD-R/RW, DVD±R, DVD+RW, BD-R or BD-RE",
                    p.name()
                ))
            }
        })
    }

    /// Blocks per WRITE: the medium's ECC block (DVD 32 KiB, BD 64 KiB; CD 32 sectors).
    pub(super) fn unit_blocks(self) -> u32 {
        match self {
            Method::DvdMinusR
            | Method::DvdPlusR
            | Method::DvdPlusRw
            | Method::DvdRwRestricted
            | Method::DvdRam => 16,
            Method::CdTao | Method::CdSao | Method::BdR | Method::BdRe => 32,
        }
    }

    /// Bytes of read-ahead between the sources and the drive.
    pub(super) fn ring_bytes(self) -> usize {
        match self {
            Method::CdTao | Method::CdSao => 8 << 20,
            Method::DvdMinusR
            | Method::DvdPlusR
            | Method::DvdPlusRw
            | Method::DvdRwRestricted
            | Method::DvdRam => 24 << 20,
            Method::BdR | Method::BdRe => 48 << 20,
        }
    }

    /// True for media written at the next writable address.
    pub(super) fn sequential(self) -> bool {
        !matches!(
            self,
            Method::DvdPlusRw | Method::BdRe | Method::DvdRam | Method::DvdRwRestricted
        )
    }

    /// True where the drive can do a test write (simulation).
    pub(super) fn can_simulate(self) -> bool {
        matches!(self, Method::CdTao | Method::CdSao | Method::DvdMinusR)
    }

    /// Rough seconds to close the disc, for the progress events.
    fn closing_seconds(self, finalize: bool) -> u32 {
        match (self, finalize) {
            (Method::DvdPlusRw | Method::BdRe | Method::DvdRam | Method::DvdRwRestricted, _) => 5,
            (Method::CdTao | Method::CdSao, _) => 30,
            (_, true) => 60,
            (_, false) => 30,
        }
    }
}

/// Where and how much to write.
#[derive(Debug, Clone, Copy)]
pub(super) struct Target {
    pub(super) start: u32,
    pub(super) free_blocks: u64,
    pub(super) track: u16,
}

/// Records a data image on the drive of `rec`.
pub(super) fn record<T: ScsiTransport>(
    rec: &mut DriveRecorder<T>,
    image: &mut (dyn Read + Send),
    total_blocks: u64,
    options: &RecordOptions,
    reporter: &mut dyn Reporter,
) -> crate::Result<()> {
    reporter.emit(ProgressEvent::PreparingBurn {
        estimated_seconds: 5,
    });
    let mut s = rec.session(options)?;
    s.wait_ready()?;
    s.lock()?;
    let state = s.identify()?;
    let mut method = Method::for_profile(state.profile).map_err(|reason| Error::MediumInvalid {
        recorder: s.label.clone(),
        reason,
    })?;
    super::media_rules::check_request(&s.label, &state, options)?;
    if options.cd_sao && method == Method::CdTao {
        // Session at once writes a whole session from the disc's first block: blank discs only
        // (libburn refuses it on appendable CDs as well).
        if state.disc.status != DiscStatus::Blank || options.append_at.is_some() {
            return Err(Error::MediumInvalid {
                recorder: s.label.clone(),
                reason: "session at once writes a blank CD only: burn without --sao to add a                          session to this disc, or insert a blank CD-R"
                    .into(),
            });
        }
        method = Method::CdSao;
    }
    if options.simulate && !method.can_simulate() {
        return Err(super::cannot_simulate(&s.label, state.profile));
    }
    match (method.sequential(), options.append_at, state.disc.status) {
        (true, None, DiscStatus::Blank) | (false, None, _) => {}
        (true, Some(_), DiscStatus::Appendable) => {}
        (true, Some(_), DiscStatus::Complete) => {
            return Err(Error::DiscClosed {
                recorder: s.label.clone(),
            })
        }
        (false, Some(planned), _) => {
            // growisofs-style growth: the volume must still end where it ended at import.
            let found = super::grow::volume_blocks(&mut s)?
                .map_or(0, |v| super::grow::next_start(v, method));
            if found != planned {
                return Err(Error::AppendPointMoved {
                    recorder: s.label.clone(),
                    planned: u64::from(planned),
                    found: u64::from(found),
                });
            }
        }
        (true, Some(planned), _) => {
            // A blank disc where an appendable one was imported.
            return Err(Error::AppendPointMoved {
                recorder: s.label.clone(),
                planned: u64::from(planned),
                found: 0,
            });
        }
        (true, None, _) => return Err(not_blank(&s.label, &state)),
    }
    let mut state = state;
    let mut quick_formatted = false;
    if options.dvd_rw_overwrite && state.profile == Profile::DvdRwSequential {
        if options.simulate {
            return Err(super::cannot_simulate(
                &s.label,
                Profile::DvdRwRestrictedOverwrite,
            ));
        }
        state = super::dvd_rw::format_for_overwrite(&mut s, total_blocks)?;
        method = Method::DvdRwRestricted;
        quick_formatted = true;
    }
    let unit = u64::from(method.unit_blocks());
    let mut need = total_blocks.div_ceil(unit) * unit;
    if matches!(method, Method::CdTao | Method::CdSao) {
        need = need.max(CD_MIN_TRACK);
    }
    let mut target = prepare(&mut s, method, &state, options)?;
    let grow = !method.sequential() && options.append_at.is_some();
    if let (true, Some(planned)) = (grow, options.append_at) {
        target.start = planned;
        target.free_blocks = target.free_blocks.saturating_sub(u64::from(planned));
    } else if let Some(planned) = options.append_at {
        if planned != target.start {
            return Err(Error::AppendPointMoved {
                recorder: s.label.clone(),
                planned: u64::from(planned),
                found: u64::from(target.start),
            });
        }
    }
    if need > target.free_blocks {
        let missing_blocks = need - target.free_blocks;
        return Err(Error::DiscFull {
            missing_blocks,
            missing_mb: (missing_blocks * BLOCK) as f64 / 1e6,
            medium: format!("{} in {}", state.profile.name(), s.label),
        });
    }
    if super::media_rules::disc_at_once(&state) {
        super::media_rules::reserve(&mut s, need)?;
    }
    // A DVD+R DL finalized in one session gets its layer break (`layers.rs`).
    if state.profile == Profile::DvdPlusRDualLayer && !options.multisession && target.start == 0 {
        super::layers::set_layer_break(&mut s, need)?;
    }
    if let Some(plan) = format_step(&mut s, method, &state, options)? {
        super::media_format::run(&mut s, plan, reporter)?;
    }
    if method == Method::CdSao {
        super::cd_sao::start(&mut s, u32::try_from(need).unwrap_or(u32::MAX))?;
    }
    let end_lba = target
        .start
        .saturating_add(u32::try_from(need).unwrap_or(u32::MAX))
        - 1;
    super::apply_speed(&mut s, state.profile, options.speed, end_lba);
    tracing::info!(
        recorder = %s.label, ?method, start = target.start, blocks = total_blocks,
        simulate = options.simulate, "writing data"
    );
    let digest = write_image(
        &mut s,
        method,
        state.profile,
        target.start,
        image,
        total_blocks,
        need,
        reporter,
    )?;
    if grow && !options.simulate {
        super::grow::publish(&mut s, method, target.start)?;
    }
    let finalize = !options.multisession;
    reporter.emit(ProgressEvent::ClosingDisc {
        estimated_seconds: method.closing_seconds(finalize),
    });
    close(&mut s, method, &state, target, options, quick_formatted)?;
    if options.verify && !options.simulate {
        verify::verify(
            &mut s,
            i64::from(target.start),
            digest,
            ReadKind::Data,
            reporter,
        )?;
    }
    s.finish(options.eject)
}

fn not_blank(label: &str, state: &MediumState) -> Error {
    let what = match state.disc.status {
        DiscStatus::Complete => "is closed (finalized)",
        _ => "already holds data",
    };
    let todo = if state.disc.status == DiscStatus::Appendable {
        "import its last session first to add a new one (kiln burn data does that by itself), \
         or insert a blank disc"
    } else if state.profile.is_rewritable() {
        "erase it first (kiln erase), or insert a blank disc"
    } else {
        "insert a blank disc"
    };
    Error::MediumInvalid {
        recorder: label.to_string(),
        reason: format!("the {} {what}: {todo}", state.profile.name()),
    }
}

/// Sends the write parameters where they apply and finds the next writable address and the
/// free space.
fn prepare<T: ScsiTransport>(
    s: &mut Session<T>,
    method: Method,
    state: &MediumState,
    options: &RecordOptions,
) -> crate::Result<Target> {
    let multi = if options.multisession {
        MultiSession::Appendable
    } else {
        MultiSession::Finalize
    };
    let page = match method {
        Method::CdTao => Some(WriteParameters::cd_tao_data(multi)),
        Method::CdSao => Some(WriteParameters::cd_sao_data(multi)),
        Method::DvdMinusR if super::media_rules::disc_at_once(state) => Some(
            super::media_rules::disc_at_once_page(options.simulate, false),
        ),
        Method::DvdMinusR => Some(WriteParameters::dvd_r_incremental(multi)),
        _ => None,
    };
    if let Some(mut page) = page {
        page.test_write = options.simulate;
        page.bufe = state.config.buffer_underrun_free();
        s.drive
            .set_write_parameters(&page)
            .map_err(|e| fail(&s.label, "setting the write parameters", e))?;
    }
    if matches!(method, Method::BdRe | Method::DvdRam) {
        // Formatted or not, their room is what `media_format.rs` finds (or will format).
        let medium = super::media_format::random_medium(s, method == Method::BdRe, options)?;
        return Ok(Target {
            start: 0,
            free_blocks: medium.blocks,
            track: 1,
        });
    }
    if !method.sequential() {
        return random_target(s, method);
    }
    next_writable(s, state)
}

/// READ TRACK INFORMATION of the invisible track (CD, DVD+R) or of the last track in the last
/// session (DVD-R, BD-R): the next writable address and the free blocks. On CD the answer
/// depends on page 05h, which must have been sent.
pub(super) fn next_writable<T: ScsiTransport>(
    s: &mut Session<T>,
    state: &MediumState,
) -> crate::Result<Target> {
    let track = if state.profile.accepts_invisible_track_query() {
        INVISIBLE_TRACK
    } else {
        u32::from(state.disc.last_track_in_last_session)
    };
    let info = s
        .drive
        .track_information(TrackAddress::Track(track))
        .map_err(|e| fail(&s.label, "reading the track information", e))?;
    let Some(mut nwa) = info.next_writable else {
        return Err(Error::MediumInvalid {
            recorder: s.label.clone(),
            reason: format!(
                "the {} has no writable address left: insert a blank disc",
                state.profile.name()
            ),
        });
    };
    // Some drives report −150 on a blank CD; the track start is what they mean.
    if nwa > info.start && nwa >= 0xFFFF_0000 {
        nwa = info.start;
    }
    Ok(Target {
        start: nwa,
        free_blocks: u64::from(info.free_blocks),
        track: info.track,
    })
}

/// The blocks of an overwritable disc (formatted, or as it will be formatted).
pub(super) fn random_capacity<T: ScsiTransport>(
    s: &mut Session<T>,
    method: Method,
) -> crate::Result<u64> {
    random_target(s, method).map(|t| t.free_blocks)
}

fn random_target<T: ScsiTransport>(s: &mut Session<T>, method: Method) -> crate::Result<Target> {
    let caps = s
        .drive
        .format_capacities()
        .map_err(|e| fail(&s.label, "reading the format capacities", e))?;
    let free = if caps.current_type == CapacityDescriptorType::Formatted {
        caps.current_blocks
    } else {
        let t = if method == Method::DvdPlusRw {
            0x26
        } else {
            0x00
        };
        caps.find(t).map_or(caps.current_blocks, |d| d.blocks)
    };
    Ok(Target {
        start: 0,
        free_blocks: u64::from(free),
        track: 1,
    })
}

/// A FORMAT UNIT to send before writing.
pub(super) struct FormatStep {
    pub(super) format_type: u8,
    pub(super) blocks: u32,
    pub(super) parameter: u32,
}

impl FormatStep {
    pub(super) fn run<T: ScsiTransport>(&self, s: &mut Session<T>) -> crate::Result<()> {
        tracing::info!(recorder = %s.label, format_type = self.format_type, "formatting");
        s.drive
            .format(self.format_type, 0, self.blocks, self.parameter, true)
            .map_err(|e| fail(&s.label, "formatting the disc", e))?;
        s.wait_long("formatting the disc")
    }
}

/// What to format before writing: a DVD+RW whose background formatting has not started gets
/// FORMAT UNIT 26h for the whole disc; an unformatted BD-RE or DVD-RAM what `media_format.rs`
/// chooses.
fn format_step<T: ScsiTransport>(
    s: &mut Session<T>,
    method: Method,
    state: &MediumState,
    options: &RecordOptions,
) -> crate::Result<Option<FormatPlan>> {
    match method {
        Method::DvdPlusRw if state.disc.background_format == 0 => Ok(Some(FormatPlan {
            format_type: 0x26,
            subtype: 0,
            blocks: u32::MAX,
            parameter: 0,
        })),
        Method::BdRe | Method::DvdRam => {
            Ok(super::media_format::random_medium(s, method == Method::BdRe, options)?.format)
        }
        _ => Ok(None),
    }
}

/// Streams the image through the read-ahead ring into WRITE(10)s at `start`, padding the end
/// to `need` blocks with zeros. Returns the fingerprints of the image (not the padding).
#[allow(clippy::too_many_arguments)]
fn write_image<T: ScsiTransport>(
    s: &mut Session<T>,
    method: Method,
    profile: Profile,
    start: u32,
    image: &mut (dyn Read + Send),
    total_blocks: u64,
    need: u64,
    reporter: &mut dyn Reporter,
) -> crate::Result<Digest> {
    let unit = method.unit_blocks() as usize * BLOCK as usize;
    let depth = (method.ring_bytes() / PUMP_CHUNK).max(2);
    let mut digest = Digest::new(BLOCK as usize);
    let mut lba = start;
    let label = s.label.clone();
    reporter.emit(ProgressEvent::BlockProgress {
        completed: 0,
        total: total_blocks,
    });
    let mut feed = Feed::new(profile, total_blocks, BLOCK as usize);
    let mut sent = 0u64;
    let mut image = Fingerprinting::new(image, &mut digest);
    // Only this thread (the one sending WRITEs), only while it writes; raised once the
    // read-ahead thread exists, which would otherwise inherit the policy.
    let mut realtime: Option<Option<RealTime>> = None;
    let result = stream::pump_observed(&mut image, PUMP_CHUNK, depth, |chunk, host_fill| {
        realtime.get_or_insert_with(RealTime::raise);
        reporter.check_cancel()?;
        if chunk.len() % BLOCK as usize != 0 || sent >= total_blocks {
            return Err(Error::DeviceNotAccessible {
                recorder: label.clone(),
                reason: "the image is not a whole number of blocks, or longer than announced"
                    .into(),
            });
        }
        sent += (chunk.len() / BLOCK as usize) as u64;
        for piece in chunk.chunks(unit) {
            let mut padded;
            let data = if piece.len() % unit != 0 {
                padded = piece.to_vec();
                padded.resize(piece.len().div_ceil(unit) * unit, 0);
                &padded[..]
            } else {
                piece
            };
            write_blocks(s, lba, data)?;
            lba += (data.len() / BLOCK as usize) as u32;
        }
        reporter.emit(ProgressEvent::BlockProgress {
            completed: sent.min(total_blocks),
            total: total_blocks,
        });
        feed.after_chunk(&mut s.drive, sent, host_fill, reporter);
        Ok::<(), Error>(())
    });
    drop(realtime);
    let summary = feed.summary();
    tracing::info!(
        recorder = %label,
        min_host_buffer = ?summary.min_host_buffer,
        min_drive_buffer = ?summary.min_drive_buffer,
        "image sent"
    );
    match result {
        Ok(_) => {}
        Err(PumpError::Write(e)) => return Err(e),
        Err(PumpError::Read(e)) => return Err(Error::from_io(e, std::path::Path::new(&label))),
    }
    drop(image);
    if sent != total_blocks || digest.blocks() != total_blocks {
        return Err(Error::DeviceNotAccessible {
            recorder: label,
            reason: format!(
                "the image ended after {sent} of {total_blocks} blocks; nothing more was written"
            ),
        });
    }
    // CD tracks last at least 4 seconds.
    let written = u64::from(lba - start);
    if written < need {
        let zeros = vec![0u8; unit];
        let mut left = need - written;
        while left > 0 {
            let n = left.min(method.unit_blocks() as u64) as usize;
            write_blocks(s, lba, &zeros[..n * BLOCK as usize])?;
            lba += n as u32;
            left -= n as u64;
        }
    }
    Ok(digest)
}

fn write_blocks<T: ScsiTransport>(s: &mut Session<T>, lba: u32, data: &[u8]) -> crate::Result<()> {
    let blocks = (data.len() / BLOCK as usize) as u16;
    write_retrying(&mut s.drive, &cdb_write::write_10(lba, blocks), data)
        .map_err(|e| fail(&s.label, &format!("writing block {lba}"), e))
}

/// Flushes the drive's cache and closes what the medium needs closed (`quick_formatted`: this
/// burn quick-formatted a DVD-RW, whose session must then be closed).
fn close<T: ScsiTransport>(
    s: &mut Session<T>,
    method: Method,
    state: &MediumState,
    target: Target,
    options: &RecordOptions,
    quick_formatted: bool,
) -> crate::Result<()> {
    s.drive
        .synchronize_cache(true)
        .map_err(|e| fail(&s.label, "flushing the drive's cache", e))?;
    s.wait_long("flushing the drive's cache")?;
    let finalize = !options.multisession;
    let common: Vec<(CloseFunction, u16)> = match method {
        // libburn and cdrecord send no CLOSE TRACK on CD TAO; page 05h decides finalizing.
        Method::CdTao => vec![(CloseFunction::Session, 0)],
        // The drive wrote the lead-out when the cache was flushed: nothing to close.
        Method::CdSao => Vec::new(),
        Method::DvdMinusR => vec![
            (CloseFunction::Track, target.track),
            (CloseFunction::Session, 0),
        ],
        Method::DvdPlusR => vec![
            (CloseFunction::Track, target.track),
            if finalize {
                (CloseFunction::FinalizeMinimalRadius, 0)
            } else {
                (CloseFunction::Session, 0)
            },
        ],
        Method::BdR => vec![
            (CloseFunction::Track, target.track),
            if finalize {
                (CloseFunction::Finalize, 0)
            } else {
                (CloseFunction::Session, 0)
            },
        ],
        // libburn closes the session only when it started the background formatting itself.
        Method::DvdPlusRw if state.disc.background_format == 0 => {
            vec![(CloseFunction::Session, 0)]
        }
        // growisofs closes the session of a DVD-RW it quick-formatted (MMC-NOTES (g)).
        Method::DvdRwRestricted if quick_formatted => vec![(CloseFunction::Session, 0)],
        Method::DvdPlusRw | Method::BdRe | Method::DvdRam | Method::DvdRwRestricted => Vec::new(),
    };
    // Disc at once and pseudo-overwrite close differently (`media_rules.rs`).
    let steps = super::media_rules::close_steps(state, target.track).unwrap_or(common);
    for (function, number) in steps {
        tracing::debug!(recorder = %s.label, ?function, number, "closing");
        s.drive
            .close(function, number, true)
            .map_err(|e| fail(&s.label, "closing the disc", e))?;
        s.wait_long("closing the disc")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dvd_ram_is_written_in_place_in_ecc_blocks_without_a_test_write() {
        let m = Method::for_profile(Profile::DvdRam).unwrap();
        assert_eq!(m, Method::DvdRam);
        assert!(!m.sequential(), "a DVD-RAM has no next writable address");
        assert_eq!(m.unit_blocks(), 16);
        assert!(!m.can_simulate());
        assert!(Method::for_profile(Profile::DvdRom)
            .unwrap_err()
            .contains("cannot be written"));
    }
}
