//! Real-time scheduling for the thread that feeds a drive, while it writes.
//!
//! A drive at 16× BD burns its 4 MiB buffer in 58 ms; if the thread that sends the WRITEs is not
//! run for that long (a loaded machine, a thread woken late from the driver), the buffer runs
//! dry. cdrecord raises itself to a real-time class for the same reason. On Linux Kiln asks for
//! `SCHED_RR` at a low real-time priority for the writing thread only (the read-ahead thread
//! stays normal, and the ring covers its delays); this needs `CAP_SYS_NICE` or an `RLIMIT_RTPRIO`
//! above zero, so for most users it is refused, which is logged and otherwise ignored. The
//! previous policy is restored when the guard is dropped. Elsewhere it does nothing.

/// The real-time priority asked for: low, so that the kernel's own threads still come first.
#[cfg(target_os = "linux")]
const PRIORITY: i32 = 10;

/// While alive, the calling thread runs under a real-time policy; dropping it restores the old
/// one. Must be dropped on the thread that made it.
#[derive(Debug)]
pub struct RealTime {
    #[cfg(target_os = "linux")]
    previous: (i32, i32),
    /// Not `Send`: the policy belongs to the thread.
    _thread: std::marker::PhantomData<*const ()>,
}

impl RealTime {
    /// Raises the calling thread; `None` (logged) when the system refuses.
    #[cfg(target_os = "linux")]
    pub fn raise() -> Option<RealTime> {
        // SAFETY: sched_getscheduler/sched_getparam/sched_setscheduler with pid 0 act on the
        // calling thread and only read or write the `sched_param` passed by pointer, which
        // lives on this stack frame for the duration of each call.
        unsafe {
            let policy = libc::sched_getscheduler(0);
            let mut old = libc::sched_param { sched_priority: 0 };
            if policy < 0 || libc::sched_getparam(0, &mut old) != 0 {
                return None;
            }
            let param = libc::sched_param {
                sched_priority: PRIORITY,
            };
            if libc::sched_setscheduler(0, libc::SCHED_RR, &param) != 0 {
                tracing::debug!(
                    error = %std::io::Error::last_os_error(),
                    "no real-time scheduling for the writing thread (needs CAP_SYS_NICE or RLIMIT_RTPRIO)"
                );
                return None;
            }
            tracing::debug!(priority = PRIORITY, "writing thread runs under SCHED_RR");
            Some(RealTime {
                previous: (policy, old.sched_priority),
                _thread: std::marker::PhantomData,
            })
        }
    }

    /// Raises the calling thread; not available on this system.
    #[cfg(not(target_os = "linux"))]
    pub fn raise() -> Option<RealTime> {
        None
    }
}

impl Drop for RealTime {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        {
            let param = libc::sched_param {
                sched_priority: self.previous.1,
            };
            // SAFETY: as in `raise`: pid 0 is the calling thread, `param` lives on this frame.
            let r = unsafe { libc::sched_setscheduler(0, self.previous.0, &param) };
            if r != 0 {
                tracing::warn!(
                    error = %std::io::Error::last_os_error(),
                    "could not restore the writing thread's scheduling policy"
                );
            }
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn the_policy_is_restored() {
        // SAFETY: pid 0 = this thread.
        let before = unsafe { libc::sched_getscheduler(0) };
        if let Some(g) = RealTime::raise() {
            // SAFETY: as above.
            assert_eq!(unsafe { libc::sched_getscheduler(0) }, libc::SCHED_RR);
            drop(g);
        }
        // SAFETY: as above.
        assert_eq!(unsafe { libc::sched_getscheduler(0) }, before);
    }
}
