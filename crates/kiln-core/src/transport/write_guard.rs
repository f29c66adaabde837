//! A transport that takes the drive away from the operating system before the first command
//! that writes, and gives it back before the transport itself is closed.
//!
//! Windows lets a program open a mounted optical drive and send it commands; writing safely
//! needs more (lock and dismount the volume, the CD-ROM class driver's exclusive access: see
//! `spti_lock`). [`WriteGuarded`] holds that "more" as a guard value `G` whose `Drop` releases
//! it. The guard is taken at the first write-class command ([`is_write_class`]) or earlier with
//! [`WriteGuarded::take_now`] (a burn takes it at once, so a busy drive is reported before
//! anything is sent); operations that only read never take it. The guard is dropped before the
//! inner transport, so the release requests still have an open handle to go through.

use std::time::Duration;

use crate::mmc::drive::is_write_class;
use crate::transport::{CommandOutcome, DataDirection, ScsiTransport, TransportError};

/// How the guard is taken: gets the inner transport (for its handle).
pub type TakeGuard<T, G> = Box<dyn FnMut(&mut T) -> Result<G, TransportError> + Send>;

/// A transport that holds a guard `G` while it may write; see the [module docs](self).
pub struct WriteGuarded<T: ScsiTransport, G: Send> {
    // Field order is drop order: the guard is released before the transport closes.
    guard: Option<G>,
    take: TakeGuard<T, G>,
    inner: T,
}

impl<T: ScsiTransport + std::fmt::Debug, G: Send + std::fmt::Debug> std::fmt::Debug
    for WriteGuarded<T, G>
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteGuarded")
            .field("guard", &self.guard)
            .field("inner", &self.inner)
            .finish()
    }
}

impl<T: ScsiTransport, G: Send> WriteGuarded<T, G> {
    /// Wraps `inner`; `take` is called (once, until it succeeds) before the first write-class
    /// command.
    pub fn new(
        inner: T,
        take: impl FnMut(&mut T) -> Result<G, TransportError> + Send + 'static,
    ) -> Self {
        WriteGuarded {
            guard: None,
            take: Box::new(take),
            inner,
        }
    }

    /// Takes the guard now, if it is not held yet.
    pub fn take_now(&mut self) -> Result<(), TransportError> {
        if self.guard.is_none() {
            self.guard = Some((self.take)(&mut self.inner)?);
        }
        Ok(())
    }

    /// Whether the guard is held.
    pub fn is_guarded(&self) -> bool {
        self.guard.is_some()
    }

    /// The inner transport.
    pub fn inner(&self) -> &T {
        &self.inner
    }
}

impl<T: ScsiTransport, G: Send> ScsiTransport for WriteGuarded<T, G> {
    fn execute(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
        timeout: Duration,
    ) -> Result<CommandOutcome, TransportError> {
        if cdb.first().copied().is_some_and(is_write_class) {
            self.take_now()?;
        }
        self.inner.execute(cdb, dir, timeout)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    type Log = Arc<Mutex<Vec<String>>>;

    /// Answers GOOD to everything, logs each opcode, and logs its closing.
    struct Device(Log);

    impl ScsiTransport for Device {
        fn execute(
            &mut self,
            cdb: &[u8],
            _: DataDirection<'_>,
            _: Duration,
        ) -> Result<CommandOutcome, TransportError> {
            self.0.lock().unwrap().push(format!("cmd {:02X}", cdb[0]));
            Ok(CommandOutcome::good(0))
        }
    }

    impl Drop for Device {
        fn drop(&mut self) {
            self.0.lock().unwrap().push("closed".into());
        }
    }

    /// Logs its release.
    struct Guard(Log);

    impl Drop for Guard {
        fn drop(&mut self) {
            self.0.lock().unwrap().push("released".into());
        }
    }

    /// A guarded device whose guard is taken `fails` times with an error before it succeeds.
    fn guarded(fails: usize) -> (WriteGuarded<Device, Guard>, Log) {
        let log: Log = Arc::default();
        let (l, mut left) = (log.clone(), fails);
        let t = WriteGuarded::new(Device(log.clone()), move |_: &mut Device| {
            l.lock().unwrap().push("take".into());
            if left > 0 {
                left -= 1;
                return Err(TransportError::Busy {
                    device: "drive E:".into(),
                    hint: "close Explorer".into(),
                });
            }
            Ok(Guard(l.clone()))
        });
        (t, log)
    }

    fn send(t: &mut impl ScsiTransport, cdb: &[u8]) -> Result<CommandOutcome, TransportError> {
        t.execute(cdb, DataDirection::None, Duration::from_secs(1))
    }

    fn entries(log: &Log) -> Vec<String> {
        log.lock().unwrap().clone()
    }

    #[test]
    fn reading_never_takes_the_guard() {
        let (mut t, log) = guarded(0);
        // TEST UNIT READY, INQUIRY, GET CONFIGURATION, READ DISC INFORMATION, READ(10),
        // PREVENT ALLOW MEDIUM REMOVAL, GET PERFORMANCE.
        for op in [0x00, 0x12, 0x46, 0x51, 0x28, 0x1E, 0xAC] {
            send(&mut t, &[op, 0, 0, 0, 0, 0]).unwrap();
        }
        assert!(!t.is_guarded());
        drop(t);
        assert!(!entries(&log).iter().any(|e| e == "take" || e == "released"));
    }

    #[test]
    fn the_guard_is_taken_before_the_first_write_and_once() {
        let (mut t, log) = guarded(0);
        send(&mut t, &[0x00, 0, 0, 0, 0, 0]).unwrap();
        // WRITE(10), then CLOSE TRACK/SESSION, BLANK, FORMAT UNIT.
        for op in [0x2A, 0x5B, 0xA1, 0x04] {
            send(&mut t, &[op, 0, 0, 0, 0, 0, 0, 0, 0, 0]).unwrap();
        }
        assert!(t.is_guarded());
        assert_eq!(
            entries(&log),
            ["cmd 00", "take", "cmd 2A", "cmd 5B", "cmd A1", "cmd 04"]
        );
    }

    #[test]
    fn a_guard_that_cannot_be_taken_stops_the_write() {
        let (mut t, log) = guarded(1);
        let e = send(&mut t, &[0x2A, 0, 0, 0, 0, 0, 0, 0, 0, 0]).unwrap_err();
        assert!(matches!(e, TransportError::Busy { .. }));
        assert!(!t.is_guarded());
        // The WRITE never reached the device; the next one tries to take the guard again.
        assert_eq!(entries(&log), ["take"]);
        send(&mut t, &[0x2A, 0, 0, 0, 0, 0, 0, 0, 0, 0]).unwrap();
        assert_eq!(entries(&log), ["take", "take", "cmd 2A"]);
    }

    #[test]
    fn taken_now_then_released_before_the_device_closes() {
        let (mut t, log) = guarded(0);
        t.take_now().unwrap();
        t.take_now().unwrap();
        send(&mut t, &[0x2A, 0, 0, 0, 0, 0, 0, 0, 0, 0]).unwrap();
        drop(t);
        assert_eq!(entries(&log), ["take", "cmd 2A", "released", "closed"]);
    }

    #[test]
    fn released_on_an_error_path_too() {
        let (t, log) = guarded(0);
        // A burn that fails half-way drops its transport while returning the error.
        let burn = move || -> Result<(), TransportError> {
            let mut t = t;
            t.take_now()?;
            send(&mut t, &[0x2A, 0, 0, 0, 0, 0, 0, 0, 0, 0])?;
            Err(TransportError::Timeout(Duration::from_secs(1)))
        };
        assert!(burn().is_err());
        assert_eq!(entries(&log), ["take", "cmd 2A", "released", "closed"]);
    }
}
