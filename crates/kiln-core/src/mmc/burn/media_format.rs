//! Formatting random-access media before a burn: an unformatted BD-RE or DVD-RAM (READ FORMAT
//! CAPACITIES reports its current descriptor as "unformatted", type 01b), and the DVD+RW
//! background format of `data.rs`. The FORMAT UNIT is sent with Immed and the drive is polled
//! until it is done, its progress turned into [`ProgressEvent::PreparingBurn`] estimates.
//!
//! Which format (MMC-NOTES (i), libburn's `mmc_format_unit`, growisofs' `bd_re_format`):
//!
//! | Medium | Default | With [`RecordOptions::defect_management`] |
//! |---|---|---|
//! | BD-RE | 31h subtype 01b: no spare areas, no certification — no defect management, full speed | 00h: the drive's default format with spare areas (defect management; writing runs at half speed) |
//! | DVD-RAM | 00h: the only format (its defect management is part of the medium) | the same |
//!
//! The descriptor (blocks, type-dependent parameter) is always the one READ FORMAT CAPACITIES
//! offered, sent back unchanged (libburn's cookbook).
//!
//! Progress (MMC-NOTES 1.2): TEST UNIT READY answers 2/04/04 FORMAT IN PROGRESS while the drive
//! formats, with the progress in the sense-key specific bytes when SKSV is set. Drives that
//! leave SKSV out of that answer (growisofs' note on the hp dvd100i) are asked with REQUEST
//! SENSE, as growisofs' `wait_for_unit` does.

use std::time::Instant;

use super::session::{fail, Session, LONG_WAIT};
use crate::mmc::cdb;
use crate::mmc::drive::timeouts;
use crate::mmc::parse::CapacityDescriptorType;
use crate::mmc::sense::Sense;
use crate::progress::{ProgressEvent, Reporter};
use crate::recorder::RecordOptions;
use crate::transport::{CommandError, DataDirection, ScsiTransport};
use crate::Error;

/// FORMAT UNIT type 00h: full format (BD-RE: the default spare areas; DVD-RAM: the format).
pub(super) const FULL: u8 = 0x00;
/// FORMAT UNIT type 31h: BD-RE without spare areas.
pub(super) const BD_RE_NO_SPARES: u8 = 0x31;
/// Subtype 01b of type 31h: no certification (MMC-NOTES (i)).
const NO_CERTIFICATION: u8 = 0x01;

/// One FORMAT UNIT descriptor to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FormatPlan {
    /// Format type (bits 7–2 of descriptor byte 4).
    pub(super) format_type: u8,
    /// Subtype (bits 1–0).
    pub(super) subtype: u8,
    /// Number of blocks, as offered.
    pub(super) blocks: u32,
    /// Type-dependent parameter, as offered.
    pub(super) parameter: u32,
}

/// The medium's room and, when it is unformatted, the format that makes it writable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RandomMedium {
    /// Blocks writable once formatted.
    pub(super) blocks: u64,
    /// The format to send first, if any.
    pub(super) format: Option<FormatPlan>,
}

/// Asks READ FORMAT CAPACITIES how a BD-RE (`bd_re`) or DVD-RAM stands and what to format it
/// with. A DVD-RAM drive that does not answer READ FORMAT CAPACITIES (an old or minimal MMC
/// implementation) is taken as formatted, and READ CAPACITY gives its size.
pub(super) fn random_medium<T: ScsiTransport>(
    s: &mut Session<T>,
    bd_re: bool,
    options: &RecordOptions,
) -> crate::Result<RandomMedium> {
    let caps = match s.drive.format_capacities() {
        Ok(c) => c,
        Err(e) if !bd_re => {
            tracing::debug!(
                recorder = %s.label, error = %e,
                "no format capacities; using READ CAPACITY"
            );
            let cap = s
                .drive
                .capacity()
                .map_err(|e| fail(&s.label, "reading the capacity", e))?;
            return Ok(RandomMedium {
                blocks: u64::from(cap.last_lba) + 1,
                format: None,
            });
        }
        Err(e) => return Err(fail(&s.label, "reading the format capacities", e)),
    };
    if caps.current_type == CapacityDescriptorType::Formatted {
        return Ok(RandomMedium {
            blocks: u64::from(caps.current_blocks),
            format: None,
        });
    }
    let (wanted, subtype) = if bd_re && !options.defect_management {
        (BD_RE_NO_SPARES, NO_CERTIFICATION)
    } else {
        (FULL, 0)
    };
    let d = caps
        .find(wanted)
        .or_else(|| caps.find(FULL))
        .ok_or_else(|| Error::MediumInvalid {
            recorder: s.label.clone(),
            reason: format!(
                "the disc is not formatted and the drive offers no format for it (type \
                 {wanted:02X}h or 00h): nothing was written; try the disc in another drive"
            ),
        })?;
    let subtype = if d.format_type == wanted { subtype } else { 0 };
    Ok(RandomMedium {
        blocks: u64::from(d.blocks),
        format: Some(FormatPlan {
            format_type: d.format_type,
            subtype,
            blocks: d.blocks,
            parameter: d.parameter,
        }),
    })
}

/// Sends FORMAT UNIT with Immed and polls until the drive is done, reporting progress.
pub(super) fn run<T: ScsiTransport>(
    s: &mut Session<T>,
    plan: FormatPlan,
    reporter: &mut dyn Reporter,
) -> crate::Result<()> {
    tracing::info!(
        recorder = %s.label,
        format_type = plan.format_type,
        subtype = plan.subtype,
        blocks = plan.blocks,
        "formatting"
    );
    s.drive
        .format(
            plan.format_type,
            plan.subtype,
            plan.blocks,
            plan.parameter,
            true,
        )
        .map_err(|e| fail(&s.label, "formatting the disc", e))?;
    wait_with_progress(s, "formatting the disc", reporter)
}

/// Polls TEST UNIT READY until the drive is ready, riding out 2/04/xx, and reports each
/// progress figure (from TEST UNIT READY's sense, or REQUEST SENSE when it has none) as a
/// [`ProgressEvent::PreparingBurn`] with the seconds left at the rate seen so far.
pub(super) fn wait_with_progress<T: ScsiTransport>(
    s: &mut Session<T>,
    doing: &str,
    reporter: &mut dyn Reporter,
) -> crate::Result<()> {
    let started = Instant::now();
    let poll = s.poll_interval();
    let mut last: Option<f64> = None;
    loop {
        let sense = match s.drive.test_unit_ready() {
            Ok(()) => return Ok(()),
            Err(CommandError::Check { sense, .. }) if sense.condition().is_retryable() => sense,
            Err(e) => return Err(fail(&s.label, doing, e)),
        };
        let fraction = sense
            .progress_fraction()
            .or_else(|| request_sense(s).and_then(|r| r.progress_fraction()));
        if let Some(f) = fraction.filter(|f| *f > 0.0 && last != Some(*f)) {
            last = Some(f);
            let elapsed = started.elapsed().as_secs_f64();
            let left = elapsed * (1.0 - f) / f;
            tracing::debug!(recorder = %s.label, percent = f * 100.0, "{doing}");
            reporter.emit(ProgressEvent::PreparingBurn {
                estimated_seconds: left.ceil().min(f64::from(u32::MAX)) as u32,
            });
        }
        // No cancel check here: MMC has no command to stop a format, and a drive left half
        // formatted is unusable until formatted again; a cancel is honoured right after.
        if started.elapsed() >= LONG_WAIT {
            return Err(fail(
                &s.label,
                doing,
                CommandError::from(crate::transport::TransportError::Timeout(LONG_WAIT)),
            ));
        }
        std::thread::sleep(poll);
    }
}

/// REQUEST SENSE (fixed format, 18 bytes): the sense of the operation in progress.
fn request_sense<T: ScsiTransport>(s: &mut Session<T>) -> Option<Sense> {
    let mut buf = [0u8; 18];
    let n = s
        .drive
        .execute(
            &cdb::request_sense(18),
            DataDirection::FromDevice(&mut buf),
            timeouts::DEFAULT,
        )
        .ok()?;
    Sense::parse(&buf[..n.min(buf.len())])
}
