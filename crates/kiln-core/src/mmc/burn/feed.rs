//! Watching the drive being fed while a burn writes: the host ring's fill (from
//! [`crate::stream::pump_observed`]), the drive buffer's fill (READ BUFFER CAPACITY, asked at a
//! modest rate so it costs nothing next to the WRITEs), the speed over the last seconds as a
//! multiple of the medium's 1×, and the elapsed and remaining time, sent as
//! [`ProgressEvent::Writing`] a few times a second.
//!
//! libburn asks READ BUFFER CAPACITY every 64 sectors to throttle; Kiln does not throttle (the
//! drive holds a WRITE while its buffer is full) and only asks to report, every quarter second.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::mmc::drive::Drive;
use crate::mmc::profile::Profile;
use crate::mmc::speed;
use crate::progress::{ProgressEvent, Reporter, WriteStatus};
use crate::transport::ScsiTransport;

/// How often the status is sent (and the drive buffer asked).
const EVERY: Duration = Duration::from_millis(250);
/// The window the speed is measured over.
const WINDOW: Duration = Duration::from_secs(3);

/// The lowest fills seen, for logs and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct FeedSummary {
    /// Lowest host ring fill reported once the ring had first filled (0.0–1.0); `None` when
    /// it never filled (the sources were slower than the drive all along).
    pub(super) min_host_buffer: Option<f64>,
    /// Lowest drive buffer fill reported once writing was under way (0.0–1.0).
    pub(super) min_drive_buffer: Option<f64>,
}

/// The watcher of one write phase.
pub(super) struct Feed {
    start: Instant,
    last: Option<Instant>,
    total_blocks: u64,
    /// User bytes a second at 1× (CD data 75 × 2048, CD audio 75 × 2352).
    one_x_bytes: f64,
    block_bytes: f64,
    samples: VecDeque<(Instant, u64)>,
    /// The drive answered READ BUFFER CAPACITY last time (stop asking after a refusal).
    drive_answers: bool,
    host_was_full: bool,
    summary: FeedSummary,
}

impl Feed {
    /// A watcher for `total_blocks` blocks of `block_bytes` on a medium of this profile.
    pub(super) fn new(profile: Profile, total_blocks: u64, block_bytes: usize) -> Self {
        let one_x_bytes = if profile.is_cd() {
            75.0 * block_bytes as f64
        } else {
            speed::one_x_kbps(profile) * 1000.0
        };
        let now = Instant::now();
        Feed {
            start: now,
            last: None,
            total_blocks,
            one_x_bytes,
            block_bytes: block_bytes as f64,
            samples: VecDeque::from([(now, 0)]),
            drive_answers: true,
            host_was_full: false,
            summary: FeedSummary::default(),
        }
    }

    /// After a chunk was written: `done` blocks sent, the host ring at `host_fill`. Sends a
    /// status when a quarter second has passed since the last one.
    pub(super) fn after_chunk<T: ScsiTransport>(
        &mut self,
        drive: &mut Drive<T>,
        done: u64,
        host_fill: f64,
        reporter: &mut dyn Reporter,
    ) {
        let now = Instant::now();
        self.samples.push_back((now, done));
        while self
            .samples
            .get(1)
            .is_some_and(|(t, _)| now.duration_since(*t) > WINDOW)
        {
            self.samples.pop_front();
        }
        // The ring starts empty; its low point matters only once it has filled.
        if host_fill >= 0.99 {
            self.host_was_full = true;
        }
        if self.host_was_full {
            let m = self.summary.min_host_buffer.get_or_insert(host_fill);
            *m = m.min(host_fill);
        }
        if self.last.is_some_and(|t| now.duration_since(t) < EVERY) {
            return;
        }
        self.last = Some(now);
        let drive_buffer = self.drive_fill(drive);
        if let Some(f) = drive_buffer.filter(|_| done > 0) {
            let m = self.summary.min_drive_buffer.get_or_insert(f);
            *m = m.min(f);
        }
        let rate = self.blocks_per_second(now);
        let remaining_seconds = rate
            .filter(|r| *r > 0.0)
            .map(|r| (self.total_blocks.saturating_sub(done) as f64 / r).ceil() as u64);
        reporter.emit(ProgressEvent::Writing(WriteStatus {
            host_buffer: host_fill,
            drive_buffer,
            speed_x: rate.map(|r| r * self.block_bytes / self.one_x_bytes),
            elapsed_seconds: now.duration_since(self.start).as_secs(),
            remaining_seconds,
        }));
    }

    /// The lowest fills seen so far.
    pub(super) fn summary(&self) -> FeedSummary {
        self.summary
    }

    fn drive_fill<T: ScsiTransport>(&mut self, drive: &mut Drive<T>) -> Option<f64> {
        if !self.drive_answers {
            return None;
        }
        match drive.buffer_capacity() {
            Ok(b) if b.length > 0 => Some(b.fill()),
            Ok(_) => None,
            Err(e) => {
                tracing::debug!(error = %e, "READ BUFFER CAPACITY refused; not asking again");
                self.drive_answers = false;
                None
            }
        }
    }

    /// Blocks a second over the window; `None` until half a second has been measured.
    fn blocks_per_second(&self, now: Instant) -> Option<f64> {
        let (t0, b0) = *self.samples.front()?;
        let secs = now.duration_since(t0).as_secs_f64();
        let (_, b1) = *self.samples.back()?;
        (secs >= 0.5).then(|| b1.saturating_sub(b0) as f64 / secs)
    }
}
