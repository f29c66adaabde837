//! The emulated drive's write buffer, draining at the medium's write speed in simulated time.
//!
//! A real recorder takes WRITE data into a buffer of a few MiB and burns it at a constant linear
//! speed. It starts the laser once the buffer is full, holds a WRITE that does not fit until
//! enough has been burnt, and when the buffer runs dry while the host still has data, the track
//! is broken: the next WRITE fails with 3/0C/09 LOSS OF STREAMING, unless buffer-underrun
//! protection (BUFE, or the lossless linking of DVD+R and BD) lets it stop, wait for the
//! buffer to fill again and resume, which it counts.
//!
//! The model is lazy: nothing runs in the background. Each command looks at the wall clock,
//! multiplies the elapsed time by the time scale (the drive's clock runs that many times faster
//! than the wall clock, so a 4 GiB BD burn can take half a minute) and drains what the drive
//! would have burnt meanwhile. Only a WRITE that finds the buffer full sleeps, for the wall time
//! the drive needs to make room, as a real drive holds the command.
//!
//! Without a time scale ([`EmulatedDrive::new`]'s default) the drive is infinitely fast: the
//! buffer is always empty and never underruns, which is what the functional tests want.
//!
//! [`EmulatedDrive::new`]: super::EmulatedDrive::new

use std::time::{Duration, Instant};

use super::medium::MediumKind;

/// The buffer a drive of this kind typically has: 2 MiB for CD writers, 4 MiB for DVD and BD
/// writers (the usual size of current DVD and BD burners).
pub fn typical_buffer_bytes(kind: MediumKind) -> u64 {
    if kind.is_cd() {
        2 << 20
    } else {
        4 << 20
    }
}

/// User-data bytes a second the drive burns at `kbps` (kB/s, k = 1000, as MMC speeds are
/// given) with blocks of `block_len` bytes. CD speeds count 2352-byte frames (1× = 176.4 kB/s
/// = 75 blocks a second) whatever the block type, so a data CD moves 2048/2352 of that.
pub fn user_bytes_per_second(kind: MediumKind, kbps: u32, block_len: usize) -> f64 {
    let raw = f64::from(kbps) * 1000.0;
    if kind.is_cd() {
        raw / 2352.0 * block_len as f64
    } else {
        raw
    }
}

/// What the buffer saw during the writes since the drive was loaded or the counters reset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BufferStats {
    /// Buffer size in bytes.
    pub capacity: u64,
    /// Lowest fill (bytes) seen when a WRITE arrived while the drive was burning; `None` when
    /// the drive never started burning (or no time scale is set).
    pub min_fill: Option<u64>,
    /// Times the buffer ran dry while the host still had data (absorbed or not).
    pub underruns: u32,
    /// WRITEs the drive held because the buffer was full.
    pub held_writes: u64,
    /// The longest wall time between the end of a WRITE and the arrival of the next while the
    /// drive was burning: how long the host left the drive without data at worst.
    pub longest_gap: Duration,
    /// The longest a held WRITE returned late: past the moment the drive had room for it (the
    /// host thread was not woken up in time, as happens to a thread blocked in the driver).
    pub longest_late_wakeup: Duration,
    /// Held WRITEs that returned more than 1 ms, 5 ms and 20 ms late.
    pub late_wakeups: [u64; 3],
}

/// Whether the buffer is burning.
#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    /// Taking data, laser off (before the first full buffer, or after an absorbed underrun).
    Filling,
    /// Burning since the wall-clock instant of the last update.
    Burning(Instant),
}

/// The drive buffer (see the module documentation).
#[derive(Debug, Clone)]
pub(crate) struct DriveBuffer {
    capacity: u64,
    /// Drive seconds per wall second; `None` = no timing (an infinitely fast drive).
    time_scale: Option<f64>,
    state: State,
    fill: f64,
    /// The buffer ran dry while burning; the next WRITE decides whether that was an underrun.
    ran_dry: bool,
    /// An unprotected underrun broke the track: WRITEs fail until the next flush.
    broken: bool,
    stats: BufferStats,
    /// When the last WRITE returned, while burning.
    last_write_end: Option<Instant>,
}

/// A WRITE the buffer refuses: the track was broken by an underrun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LossOfStreaming;

impl DriveBuffer {
    pub(crate) fn new(capacity: u64) -> Self {
        DriveBuffer {
            capacity,
            time_scale: None,
            state: State::Filling,
            fill: 0.0,
            ran_dry: false,
            broken: false,
            stats: BufferStats {
                capacity,
                min_fill: None,
                underruns: 0,
                held_writes: 0,
                longest_gap: Duration::ZERO,
                longest_late_wakeup: Duration::ZERO,
                late_wakeups: [0; 3],
            },
            last_write_end: None,
        }
    }

    pub(crate) fn set_time_scale(&mut self, scale: Option<f64>) {
        self.time_scale = scale.filter(|s| s.is_finite() && *s > 0.0);
    }

    pub(crate) fn set_capacity(&mut self, capacity: u64) {
        self.capacity = capacity.max(1);
        self.stats.capacity = self.capacity;
        self.fill = self.fill.min(self.capacity as f64);
    }

    pub(crate) fn capacity(&self) -> u64 {
        self.capacity
    }

    pub(crate) fn stats(&self) -> BufferStats {
        self.stats
    }

    pub(crate) fn reset_stats(&mut self) {
        self.stats.min_fill = None;
        self.stats.underruns = 0;
        self.stats.held_writes = 0;
        self.stats.longest_gap = Duration::ZERO;
        self.stats.longest_late_wakeup = Duration::ZERO;
        self.stats.late_wakeups = [0; 3];
    }

    /// Bytes in the buffer now (draining first).
    pub(crate) fn fill_now(&mut self, rate: f64) -> u64 {
        self.drain(rate, Instant::now());
        self.fill.round() as u64
    }

    /// Burns what the drive burnt since the last update, at `rate` user bytes a drive second.
    fn drain(&mut self, rate: f64, now: Instant) {
        let (State::Burning(since), Some(scale)) = (self.state, self.time_scale) else {
            return;
        };
        let burnt = now.saturating_duration_since(since).as_secs_f64() * scale * rate;
        if burnt >= self.fill {
            if self.fill > 0.0 {
                self.ran_dry = true;
            }
            self.fill = 0.0;
        } else {
            self.fill -= burnt;
        }
        self.state = State::Burning(now);
    }

    /// A WRITE of `bytes` arrives; `protected` says whether an underrun is absorbed. Sleeps
    /// while the buffer has no room, as a drive holds the command.
    pub(crate) fn write(
        &mut self,
        bytes: u64,
        rate: f64,
        protected: bool,
    ) -> Result<(), LossOfStreaming> {
        let Some(scale) = self.time_scale else {
            return Ok(());
        };
        if self.broken {
            return Err(LossOfStreaming);
        }
        let rate = rate.max(1.0);
        let arrived = Instant::now();
        if let Some(end) = self.last_write_end.take() {
            let gap = arrived.saturating_duration_since(end);
            self.stats.longest_gap = self.stats.longest_gap.max(gap);
        }
        self.drain(rate, arrived);
        if self.ran_dry {
            self.ran_dry = false;
            self.stats.underruns += 1;
            tracing::debug!(protected, "emulated drive buffer underrun");
            if !protected {
                self.broken = true;
                self.state = State::Filling;
                return Err(LossOfStreaming);
            }
            // Buffer-underrun protection: stop, wait for a full buffer, link and go on.
            self.state = State::Filling;
        }
        if matches!(self.state, State::Burning(_)) {
            let fill = self.fill.round() as u64;
            self.stats.min_fill = Some(self.stats.min_fill.map_or(fill, |m| m.min(fill)));
        }
        let bytes = bytes.min(self.capacity) as f64;
        let excess = self.fill + bytes - self.capacity as f64;
        if excess > 0.0 {
            // Full: the drive starts burning (if it was filling) and holds the WRITE.
            if self.state == State::Filling {
                self.state = State::Burning(Instant::now());
            }
            self.stats.held_writes += 1;
            let hold = Duration::from_secs_f64(excess / rate / scale);
            let held_at = Instant::now();
            std::thread::sleep(hold);
            let woke = Instant::now();
            let late = woke.saturating_duration_since(held_at).saturating_sub(hold);
            self.stats.longest_late_wakeup = self.stats.longest_late_wakeup.max(late);
            for (count, ms) in self.stats.late_wakeups.iter_mut().zip([1, 5, 20]) {
                *count += u64::from(late > Duration::from_millis(ms));
            }
            self.drain(rate, woke);
            if self.ran_dry {
                // Woken so late that the drive burnt everything it had: an underrun all the same.
                self.ran_dry = false;
                self.stats.underruns += 1;
                if !protected {
                    self.broken = true;
                    self.state = State::Filling;
                    return Err(LossOfStreaming);
                }
                self.state = State::Filling;
            }
        }
        self.fill = (self.fill + bytes).min(self.capacity as f64);
        if matches!(self.state, State::Burning(_)) {
            self.last_write_end = Some(Instant::now());
        }
        Ok(())
    }

    /// A new disc: whatever was in the buffer is gone, at once.
    pub(crate) fn empty(&mut self) {
        self.fill = 0.0;
        self.ran_dry = false;
        self.broken = false;
        self.state = State::Filling;
        self.last_write_end = None;
    }

    /// SYNCHRONIZE CACHE or a close: the drive burns what it holds (taking the time that needs)
    /// and stops; a broken track is over.
    pub(crate) fn flush(&mut self, rate: f64) {
        if let Some(scale) = self.time_scale {
            let rate = rate.max(1.0);
            self.drain(rate, Instant::now());
            if self.fill > 0.0 {
                std::thread::sleep(Duration::from_secs_f64(self.fill / rate / scale));
            }
        }
        self.empty();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speeds_in_user_bytes() {
        // 1× CD of Mode 1 data: 75 × 2048 B/s; of audio: 176,400 B/s.
        let data = user_bytes_per_second(MediumKind::CdR, 1764, 2048);
        assert!((data - 10.0 * 75.0 * 2048.0).abs() < 1e-6, "{data}");
        let audio = user_bytes_per_second(MediumKind::CdR, 1764, 2352);
        assert!((audio - 1_764_000.0).abs() < 1e-6);
        assert_eq!(
            user_bytes_per_second(MediumKind::BdR, 71_920, 2048),
            71_920_000.0
        );
    }

    #[test]
    fn without_time_scale_nothing_is_held_or_lost() {
        let mut b = DriveBuffer::new(1 << 20);
        for _ in 0..100 {
            b.write(1 << 20, 1.0, false).unwrap();
        }
        assert_eq!(b.stats().underruns, 0);
        assert_eq!(b.stats().held_writes, 0);
        assert_eq!(b.stats().min_fill, None);
    }

    #[test]
    fn a_stalled_host_breaks_the_track_unless_protected() {
        // 64 KiB buffer at 6.4 MB/s drive time, clock 10× slow: a full buffer lasts 100 ms of
        // wall time, so a host that the scheduler delays by tens of milliseconds (a loaded CI
        // machine) is still on time, and the 300 ms stall still empties it.
        for protected in [false, true] {
            let mut b = DriveBuffer::new(64 << 10);
            b.set_time_scale(Some(0.1));
            let rate = 6_400_000.0;
            b.write(32 << 10, rate, protected).unwrap();
            b.write(32 << 10, rate, protected).unwrap();
            b.write(32 << 10, rate, protected).unwrap(); // full: held, burning starts
            assert_eq!(b.stats().held_writes, 1);
            std::thread::sleep(Duration::from_millis(300));
            let r = b.write(32 << 10, rate, protected);
            assert_eq!(b.stats().underruns, 1);
            if protected {
                assert_eq!(r, Ok(()));
            } else {
                assert_eq!(r, Err(LossOfStreaming));
                assert_eq!(b.write(2048, rate, protected), Err(LossOfStreaming));
                b.flush(rate);
                assert_eq!(b.write(2048, rate, protected), Ok(()));
            }
        }
    }

    #[test]
    fn the_end_of_the_data_is_no_underrun() {
        let mut b = DriveBuffer::new(64 << 10);
        b.set_time_scale(Some(0.1));
        let rate = 6_400_000.0;
        for _ in 0..4 {
            b.write(32 << 10, rate, false).unwrap();
        }
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(b.fill_now(rate), 0);
        b.flush(rate);
        assert_eq!(b.stats().underruns, 0);
    }
}
