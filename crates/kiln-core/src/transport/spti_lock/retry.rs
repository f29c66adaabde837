//! How often `FSCTL_LOCK_VOLUME` is tried before Kiln gives up: Explorer (thumbnails, the
//! AutoPlay scan of a fresh disc) and antivirus scanners open files on a disc for moments, and
//! the lock fails while any file is open.

use std::time::Duration;

use super::codes::win32;

/// Attempts and the pause between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times to try in all (at least once).
    pub attempts: u32,
    /// How long to wait after a failed attempt.
    pub pause: Duration,
}

impl RetryPolicy {
    /// Kiln's policy for the volume lock: 6 attempts 500 ms apart, so a brief handle (a scan,
    /// a thumbnail) is outwaited in 2.5 s, and an Explorer window left open on the disc is
    /// reported quickly.
    pub const VOLUME_LOCK: RetryPolicy = RetryPolicy {
        attempts: 6,
        pause: Duration::from_millis(500),
    };

    /// Runs `attempt` until it succeeds, fails with an error that is not transient (see
    /// [`is_transient`]), or the attempts run out; `pause` is called between attempts (the
    /// caller sleeps there; tests count). Both get `state` (the device handle, in practice).
    /// Returns the last result.
    pub fn run<S: ?Sized, T>(
        &self,
        state: &mut S,
        mut attempt: impl FnMut(&mut S) -> Result<T, u32>,
        mut pause: impl FnMut(&mut S, Duration),
    ) -> Result<T, u32> {
        let mut tried = 0;
        loop {
            tried += 1;
            match attempt(state) {
                Err(code) if is_transient(code) && tried < self.attempts => {
                    tracing::debug!(code, tried, "volume busy; trying again");
                    pause(state, self.pause);
                }
                r => return r,
            }
        }
    }
}

/// Errors that a program holding the volume for a moment causes, and which may go away.
pub fn is_transient(code: u32) -> bool {
    matches!(
        code,
        win32::ACCESS_DENIED | win32::SHARING_VIOLATION | win32::LOCK_VIOLATION
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `policy` over the given answers, returning the result, attempts and pauses.
    fn run(
        policy: RetryPolicy,
        answers: &[Result<(), u32>],
    ) -> (Result<(), u32>, usize, Vec<Duration>) {
        let mut state = (0usize, Vec::new());
        let r = policy.run(
            &mut state,
            |(calls, _)| {
                *calls += 1;
                answers[*calls - 1]
            },
            |(_, pauses), d| pauses.push(d),
        );
        (r, state.0, state.1)
    }

    #[test]
    fn a_brief_holder_is_outwaited() {
        let p = RetryPolicy::VOLUME_LOCK;
        let (r, calls, pauses) = run(p, &[Err(5), Err(32), Ok(())]);
        assert_eq!(r, Ok(()));
        assert_eq!(calls, 3);
        assert_eq!(pauses, vec![Duration::from_millis(500); 2]);
    }

    #[test]
    fn a_holder_that_stays_is_reported_after_the_last_attempt() {
        let p = RetryPolicy::VOLUME_LOCK;
        let (r, calls, pauses) = run(p, &[Err(5); 10]);
        assert_eq!(r, Err(5));
        assert_eq!(calls, 6);
        // No pause after the last attempt: the error comes at once.
        assert_eq!(pauses.len(), 5);
    }

    #[test]
    fn other_errors_are_not_retried() {
        let (r, calls, pauses) = run(RetryPolicy::VOLUME_LOCK, &[Err(21), Ok(())]);
        assert_eq!((r, calls, pauses.len()), (Err(21), 1, 0));
        let (r, calls, _) = run(RetryPolicy::VOLUME_LOCK, &[Ok(())]);
        assert_eq!((r, calls), (Ok(()), 1));
    }

    #[test]
    fn zero_attempts_still_tries_once() {
        let p = RetryPolicy {
            attempts: 0,
            pause: Duration::ZERO,
        };
        let (r, calls, _) = run(p, &[Err(5), Ok(())]);
        assert_eq!((r, calls), (Err(5), 1));
    }

    #[test]
    fn transient_codes() {
        assert!(is_transient(5) && is_transient(32) && is_transient(33));
        assert!(!is_transient(21) && !is_transient(87) && !is_transient(0));
    }
}
