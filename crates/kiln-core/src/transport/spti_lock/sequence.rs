//! Taking a Windows optical drive away from the system for a burn, and giving it back: the
//! order of the requests, what each failure means, and the release in reverse order whatever
//! the way out.
//!
//! Taking (PLATFORMS.md §2.2):
//! 1. `FSCTL_LOCK_VOLUME`, retried while another program has a file open ([`RetryPolicy`]).
//!    `ERROR_NOT_READY`, `ERROR_NO_MEDIA_IN_DRIVE` and `ERROR_UNRECOGNIZED_VOLUME` mean there is
//!    no file system to lock (no disc, or a blank one): steps 1–2 are skipped, not failed.
//! 2. `FSCTL_DISMOUNT_VOLUME`, only with the lock held ("without a successful lock operation,
//!    any process can remount a dismounted volume").
//! 3. `IOCTL_CDROM_EXCLUSIVE_ACCESS` with `ExclusiveAccessLockDevice`, flags 0, caller
//!    [`KILN_CALLER`]. Refused with `ERROR_ACCESS_DENIED` when another program holds it: Kiln
//!    asks who (`ExclusiveAccessQueryState`) to name it in the error. A driver without exclusive
//!    access (`ERROR_INVALID_FUNCTION`, `ERROR_NOT_SUPPORTED`) is logged and the burn goes on
//!    under the volume lock alone.
//!
//! Giving back, when [`DriveLock`] is dropped (success, error, cancel, or a failed step 2 or 3):
//! `ExclusiveAccessUnlockDevice`, then `FSCTL_UNLOCK_VOLUME`, each only if it was taken. The
//! handle is closed after that by its owner; Windows then mounts the disc again.
//!
//! The requests go through [`DeviceControl`], which on Windows is `DeviceIoControl` on the
//! drive's handle (`win.rs`) and in the tests a script.

use std::time::Duration;

use super::codes::{
    win32, FSCTL_DISMOUNT_VOLUME, FSCTL_LOCK_VOLUME, FSCTL_UNLOCK_VOLUME,
    IOCTL_CDROM_EXCLUSIVE_ACCESS,
};
use super::errors::{lock_error, Step};
use super::request::{self, RequestType, KILN_CALLER, LOCK_STATE_LEN};
use super::retry::RetryPolicy;
use crate::transport::TransportError;

/// One device I/O control request on an open drive.
pub trait DeviceControl {
    /// Sends `code` with `input`, receiving into `output`: the number of bytes returned, or the
    /// Win32 error code.
    fn control(&mut self, code: u32, input: &[u8], output: &mut [u8]) -> Result<usize, u32>;

    /// Waits between two attempts of a retried request.
    fn pause(&mut self, pause: Duration) {
        std::thread::sleep(pause);
    }
}

/// What a [`DriveLock`] holds, released in reverse order when dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Held {
    /// `FSCTL_LOCK_VOLUME` succeeded (and the volume was dismounted).
    pub volume: bool,
    /// `ExclusiveAccessLockDevice` succeeded.
    pub device: bool,
}

/// A drive taken from Windows for writing; dropping it gives the drive back.
pub struct DriveLock<C: DeviceControl> {
    control: C,
    drive: String,
    held: Held,
}

impl<C: DeviceControl> std::fmt::Debug for DriveLock<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DriveLock")
            .field("drive", &self.drive)
            .field("held", &self.held)
            .finish()
    }
}

impl<C: DeviceControl> DriveLock<C> {
    /// Takes the drive named `drive` (`E:`, for messages) through `control`, following the
    /// [module docs](self). On failure, whatever was taken is already given back.
    pub fn acquire(control: C, drive: &str, policy: RetryPolicy) -> Result<Self, TransportError> {
        let mut lock = DriveLock {
            control,
            drive: drive.to_string(),
            held: Held::default(),
        };
        lock.lock_volume(policy)?;
        lock.lock_device()?;
        tracing::info!(drive = %lock.drive, held = ?lock.held, "drive taken for writing");
        Ok(lock)
    }

    /// What is held.
    pub fn held(&self) -> Held {
        self.held
    }

    fn lock_volume(&mut self, policy: RetryPolicy) -> Result<(), TransportError> {
        let locked = policy.run(
            &mut self.control,
            |c| c.control(FSCTL_LOCK_VOLUME, &[], &mut []),
            |c, pause| c.pause(pause),
        );
        match locked {
            Ok(_) => {}
            Err(win32::NOT_READY | win32::NO_MEDIA_IN_DRIVE | win32::UNRECOGNIZED_VOLUME) => {
                tracing::info!(drive = %self.drive, "no file system on the disc to lock");
                return Ok(());
            }
            Err(code) => return Err(lock_error(Step::LockVolume, code, &self.drive, None)),
        }
        self.held.volume = true;
        tracing::debug!(drive = %self.drive, "volume locked");
        self.control
            .control(FSCTL_DISMOUNT_VOLUME, &[], &mut [])
            .map_err(|code| lock_error(Step::DismountVolume, code, &self.drive, None))?;
        tracing::debug!(drive = %self.drive, "volume dismounted");
        Ok(())
    }

    fn lock_device(&mut self) -> Result<(), TransportError> {
        let input = request::lock(KILN_CALLER)
            .map_err(|e| TransportError::InvalidRequest(e.to_string()))?;
        match self
            .control
            .control(IOCTL_CDROM_EXCLUSIVE_ACCESS, &input, &mut [])
        {
            Ok(_) => {
                self.held.device = true;
                Ok(())
            }
            Err(win32::INVALID_FUNCTION | win32::NOT_SUPPORTED) => {
                tracing::warn!(
                    drive = %self.drive,
                    "the drive's driver offers no exclusive access; burning under the volume lock alone"
                );
                Ok(())
            }
            Err(code @ win32::ACCESS_DENIED) => {
                let holder = self.holder();
                Err(lock_error(
                    Step::LockDevice,
                    code,
                    &self.drive,
                    holder.as_deref(),
                ))
            }
            Err(code) => Err(lock_error(Step::LockDevice, code, &self.drive, None)),
        }
    }

    /// The caller name of whoever holds the exclusive lock, if the query says.
    fn holder(&mut self) -> Option<String> {
        let mut out = [0u8; LOCK_STATE_LEN];
        let query = request::access(RequestType::QueryState, 0);
        let n = self
            .control
            .control(IOCTL_CDROM_EXCLUSIVE_ACCESS, &query, &mut out)
            .ok()?;
        let state = request::parse_lock_state(&out[..n.min(out.len())])?;
        state.locked.then_some(state.caller)
    }
}

impl<C: DeviceControl> Drop for DriveLock<C> {
    fn drop(&mut self) {
        if self.held.device {
            let unlock = request::access(RequestType::UnlockDevice, 0);
            match self
                .control
                .control(IOCTL_CDROM_EXCLUSIVE_ACCESS, &unlock, &mut [])
            {
                Ok(_) => tracing::debug!(drive = %self.drive, "exclusive access released"),
                Err(code) => {
                    tracing::warn!(drive = %self.drive, code, "could not release exclusive access (closing the handle releases it)")
                }
            }
            self.held.device = false;
        }
        if self.held.volume {
            match self.control.control(FSCTL_UNLOCK_VOLUME, &[], &mut []) {
                Ok(_) => tracing::debug!(drive = %self.drive, "volume unlocked"),
                Err(code) => {
                    tracing::warn!(drive = %self.drive, code, "could not unlock the volume (closing the handle unlocks it)")
                }
            }
            self.held.volume = false;
        }
        tracing::info!(drive = %self.drive, "drive given back to Windows");
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::transport::spti_lock::request::LOCK_LEN;

    /// One request as the fake saw it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Seen {
        Control(u32, Vec<u8>),
        Pause(Duration),
    }

    /// Scripted answers to one request code: the bytes returned, or a Win32 error.
    type Answers = VecDeque<Result<Vec<u8>, u32>>;

    /// A drive that answers from a script (by request code; unscripted requests succeed) and
    /// logs every request into a log the test keeps after the lock is gone.
    struct Script {
        answers: Vec<(u32, Answers)>,
        log: Arc<Mutex<Vec<Seen>>>,
    }

    impl Script {
        fn new() -> (Self, Arc<Mutex<Vec<Seen>>>) {
            let log = Arc::new(Mutex::new(Vec::new()));
            (
                Script {
                    answers: Vec::new(),
                    log: log.clone(),
                },
                log,
            )
        }

        /// The next answers to `code`, in order.
        fn answer(mut self, code: u32, answers: Vec<Result<Vec<u8>, u32>>) -> Self {
            self.answers.push((code, answers.into()));
            self
        }
    }

    impl DeviceControl for Script {
        fn control(&mut self, code: u32, input: &[u8], output: &mut [u8]) -> Result<usize, u32> {
            self.log
                .lock()
                .unwrap()
                .push(Seen::Control(code, input.to_vec()));
            let next = self
                .answers
                .iter_mut()
                .find(|(c, q)| *c == code && !q.is_empty())
                .and_then(|(_, q)| q.pop_front());
            match next {
                None => Ok(0),
                Some(Ok(bytes)) => {
                    output[..bytes.len()].copy_from_slice(&bytes);
                    Ok(bytes.len())
                }
                Some(Err(code)) => Err(code),
            }
        }

        fn pause(&mut self, pause: Duration) {
            self.log.lock().unwrap().push(Seen::Pause(pause));
        }
    }

    fn lock_bytes() -> Vec<u8> {
        let b = request::lock(KILN_CALLER).unwrap();
        assert_eq!(b.len(), LOCK_LEN);
        b.to_vec()
    }

    const UNLOCK: [u8; 8] = [2, 0, 0, 0, 0, 0, 0, 0];
    const QUERY: [u8; 8] = [0; 8];

    fn codes(log: &Arc<Mutex<Vec<Seen>>>) -> Vec<u32> {
        log.lock()
            .unwrap()
            .iter()
            .filter_map(|s| match s {
                Seen::Control(c, _) => Some(*c),
                Seen::Pause(_) => None,
            })
            .collect()
    }

    #[test]
    fn takes_in_order_and_gives_back_in_reverse() {
        let (script, log) = Script::new();
        let lock = DriveLock::acquire(script, "E:", RetryPolicy::VOLUME_LOCK).unwrap();
        assert_eq!(
            lock.held(),
            Held {
                volume: true,
                device: true
            }
        );
        assert_eq!(
            *log.lock().unwrap(),
            vec![
                Seen::Control(0x0009_0018, vec![]),
                Seen::Control(0x0009_0020, vec![]),
                Seen::Control(0x0002_C05C, lock_bytes()),
            ]
        );
        drop(lock);
        let log = log.lock().unwrap();
        assert_eq!(
            log[3..],
            [
                Seen::Control(0x0002_C05C, UNLOCK.to_vec()),
                Seen::Control(0x0009_001C, vec![]),
            ]
        );
    }

    #[test]
    fn a_brief_holder_is_waited_for() {
        let (script, log) = Script::new();
        let script = script.answer(FSCTL_LOCK_VOLUME, vec![Err(5), Err(32)]);
        let lock = DriveLock::acquire(script, "E:", RetryPolicy::VOLUME_LOCK).unwrap();
        assert!(lock.held().volume && lock.held().device);
        let pauses = log
            .lock()
            .unwrap()
            .iter()
            .filter(|s| matches!(s, Seen::Pause(_)))
            .count();
        assert_eq!(pauses, 2);
        assert_eq!(
            codes(&log),
            [FSCTL_LOCK_VOLUME; 3]
                .into_iter()
                .chain([FSCTL_DISMOUNT_VOLUME, IOCTL_CDROM_EXCLUSIVE_ACCESS])
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn open_files_fail_with_the_letter_and_nothing_is_left_locked() {
        let (script, log) = Script::new();
        let script = script.answer(FSCTL_LOCK_VOLUME, vec![Err(5); 6]);
        let e = DriveLock::acquire(script, "E:", RetryPolicy::VOLUME_LOCK).unwrap_err();
        assert!(matches!(&e, TransportError::Busy { device, .. } if device == "drive E:"));
        assert!(e.to_string().contains("close them"), "{e}");
        // Six attempts, then nothing else: no dismount, no exclusive lock, no unlock of a
        // volume that was never locked.
        assert_eq!(codes(&log), vec![FSCTL_LOCK_VOLUME; 6]);
    }

    #[test]
    fn a_blank_or_missing_disc_skips_the_volume_steps() {
        for code in [21, 1005, 1112] {
            let (script, log) = Script::new();
            let script = script.answer(FSCTL_LOCK_VOLUME, vec![Err(code)]);
            let lock = DriveLock::acquire(script, "E:", RetryPolicy::VOLUME_LOCK).unwrap();
            assert_eq!(
                lock.held(),
                Held {
                    volume: false,
                    device: true
                }
            );
            drop(lock);
            assert_eq!(
                codes(&log),
                vec![
                    FSCTL_LOCK_VOLUME,
                    IOCTL_CDROM_EXCLUSIVE_ACCESS,
                    IOCTL_CDROM_EXCLUSIVE_ACCESS
                ],
                "code {code}"
            );
        }
    }

    #[test]
    fn a_failed_dismount_unlocks_the_volume() {
        let (script, log) = Script::new();
        let script = script.answer(FSCTL_DISMOUNT_VOLUME, vec![Err(1167)]);
        let e = DriveLock::acquire(script, "F:", RetryPolicy::VOLUME_LOCK).unwrap_err();
        assert!(matches!(e, TransportError::Disconnected { .. }), "{e:?}");
        assert_eq!(
            codes(&log),
            vec![
                FSCTL_LOCK_VOLUME,
                FSCTL_DISMOUNT_VOLUME,
                FSCTL_UNLOCK_VOLUME
            ]
        );
    }

    #[test]
    fn a_device_held_by_another_program_is_named_and_the_volume_given_back() {
        let mut state = vec![1u8];
        state.extend_from_slice(b"IMAPI2\0");
        let (script, log) = Script::new();
        let script = script.answer(IOCTL_CDROM_EXCLUSIVE_ACCESS, vec![Err(5), Ok(state)]);
        let e = DriveLock::acquire(script, "E:", RetryPolicy::VOLUME_LOCK).unwrap_err();
        assert!(e.to_string().contains("'IMAPI2' is using E:"), "{e}");
        let log = log.lock().unwrap();
        assert_eq!(
            log[2..],
            [
                Seen::Control(IOCTL_CDROM_EXCLUSIVE_ACCESS, lock_bytes()),
                Seen::Control(IOCTL_CDROM_EXCLUSIVE_ACCESS, QUERY.to_vec()),
                // No unlock of a device lock Kiln does not hold; the volume is unlocked.
                Seen::Control(FSCTL_UNLOCK_VOLUME, vec![]),
            ]
        );
    }

    #[test]
    fn a_still_mounted_volume_is_an_error_not_ignored() {
        let (script, log) = Script::new();
        let script = script.answer(IOCTL_CDROM_EXCLUSIVE_ACCESS, vec![Err(22)]);
        let e = DriveLock::acquire(script, "E:", RetryPolicy::VOLUME_LOCK).unwrap_err();
        assert!(e.to_string().contains("Explorer"), "{e}");
        assert_eq!(codes(&log).last(), Some(&FSCTL_UNLOCK_VOLUME));
    }

    #[test]
    fn a_driver_without_exclusive_access_burns_under_the_volume_lock() {
        let (script, log) = Script::new();
        let script = script.answer(IOCTL_CDROM_EXCLUSIVE_ACCESS, vec![Err(1)]);
        let lock = DriveLock::acquire(script, "E:", RetryPolicy::VOLUME_LOCK).unwrap();
        assert_eq!(
            lock.held(),
            Held {
                volume: true,
                device: false
            }
        );
        drop(lock);
        assert_eq!(codes(&log).last(), Some(&FSCTL_UNLOCK_VOLUME));
        assert_eq!(codes(&log).len(), 4);
    }

    #[test]
    fn failures_while_giving_back_do_not_stop_the_rest() {
        let (script, log) = Script::new();
        // The lock succeeds, the unlock (second exclusive-access request) fails.
        let script = script.answer(IOCTL_CDROM_EXCLUSIVE_ACCESS, vec![Ok(vec![]), Err(1)]);
        drop(DriveLock::acquire(script, "E:", RetryPolicy::VOLUME_LOCK).unwrap());
        assert_eq!(codes(&log).last(), Some(&FSCTL_UNLOCK_VOLUME));
    }
}
