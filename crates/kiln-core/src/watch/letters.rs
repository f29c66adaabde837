//! The platform-independent half of the Windows drive watch (`windows.rs`): which drive
//! letters are optical drives, and a disc's presence and changes from what
//! `IOCTL_STORAGE_CHECK_VERIFY2` answers. Kept apart from the Win32 calls so it is tested on
//! every platform.
//!
//! Windows names an optical drive by its letter (`GetLogicalDrives` gives a bit mask, bit 0 =
//! A:, and `GetDriveTypeW` says `DRIVE_CDROM` for optical ones); the recorder ID is `X:` and
//! the device `\\.\X:`, as `transport::spti_discover` and the recorder list use. Whether a
//! disc is in is asked with `IOCTL_STORAGE_CHECK_VERIFY2` on a handle opened with no data
//! access (no administrator rights, no interference with a burn): success means a disc is
//! in, and its output, the drive's media change count, grows each time a disc is inserted or
//! swapped, so a swap between two polls is seen; `ERROR_NOT_READY` (21) or
//! `ERROR_NO_MEDIA_IN_DRIVE` (1112) means no disc, and `ERROR_MEDIA_CHANGED` (1110) a new one
//! (Microsoft's `IOCTL_STORAGE_CHECK_VERIFY2` documentation; PLATFORMS.md §2).

use std::collections::HashMap;

use super::MediumState;

/// `ERROR_NOT_READY`: the drive has no disc (or is spinning up).
pub const ERROR_NOT_READY: u32 = 21;
/// `ERROR_NO_MEDIA_IN_DRIVE`.
pub const ERROR_NO_MEDIA_IN_DRIVE: u32 = 1112;
/// `ERROR_MEDIA_CHANGED`: a disc is in, and not the one the handle knew (PLATFORMS.md: Windows
/// answers it after the medium changes).
pub const ERROR_MEDIA_CHANGED: u32 = 1110;

/// The letters of the drives set in a `GetLogicalDrives` mask that `is_optical` accepts, in
/// order.
pub fn optical_letters(mask: u32, mut is_optical: impl FnMut(char) -> bool) -> Vec<char> {
    ('A'..='Z')
        .enumerate()
        .filter(|(bit, _)| mask & (1 << bit) != 0)
        .map(|(_, letter)| letter)
        .filter(|&letter| is_optical(letter))
        .collect()
}

/// The recorder ID of a drive letter (`D:`), as the recorder list shows it.
pub fn recorder_id(letter: char) -> String {
    format!("{letter}:")
}

/// The device path of a drive letter (`\\.\D:`).
pub fn device_path(letter: char) -> String {
    format!("\\\\.\\{letter}:")
}

/// What `IOCTL_STORAGE_CHECK_VERIFY2` said about a drive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckVerify {
    /// It succeeded: a disc is in; the drive's media change count.
    Ready(u32),
    /// It failed with this Win32 error.
    Failed(u32),
}

/// Turns successive check-verify answers of each drive into [`MediumState`]s.
#[derive(Debug, Default)]
pub struct MediaCounts {
    last: HashMap<String, u32>,
}

impl MediaCounts {
    /// No answers seen yet.
    pub fn new() -> Self {
        MediaCounts::default()
    }

    /// The medium state of drive `id` from its answer now: present when ready, "changed" when
    /// the change count moved since the last ready answer (a disc swapped between two polls);
    /// absent on "not ready" / "no media"; `None` (unknown, keep the last state) on any other
    /// failure (the drive is busy, gone, or refused the handle).
    pub fn state(&mut self, id: &str, answer: CheckVerify) -> Option<MediumState> {
        match answer {
            CheckVerify::Ready(count) => {
                let changed = self.last.insert(id.to_string(), count) != Some(count);
                Some(MediumState {
                    present: true,
                    changed,
                })
            }
            CheckVerify::Failed(ERROR_NOT_READY | ERROR_NO_MEDIA_IN_DRIVE) => {
                // Forget the count: the next disc is a change whatever its count.
                self.last.remove(id);
                Some(MediumState {
                    present: false,
                    changed: false,
                })
            }
            CheckVerify::Failed(ERROR_MEDIA_CHANGED) => {
                self.last.remove(id);
                Some(MediumState {
                    present: true,
                    changed: true,
                })
            }
            CheckVerify::Failed(_) => None,
        }
    }

    /// Forgets drives that are not in `ids` any more (a drive unplugged and plugged back is
    /// seen fresh).
    pub fn retain(&mut self, ids: &[String]) {
        self.last.retain(|id, _| ids.contains(id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::ProgressEvent;
    use crate::watch::{DriveSource, Poller, WatchedDrive};

    #[test]
    fn letters_come_from_the_mask_and_the_type_query() {
        // A:, C:, D:, E: and Z: exist; D: and Z: are optical.
        let mask = 0b1 | 0b100 | 0b1000 | 0b10000 | 1 << 25;
        let mut asked = Vec::new();
        let letters = optical_letters(mask, |l| {
            asked.push(l);
            l == 'D' || l == 'Z'
        });
        assert_eq!(letters, ['D', 'Z']);
        assert_eq!(
            asked,
            ['A', 'C', 'D', 'E', 'Z'],
            "only existing letters are asked"
        );
        assert_eq!(recorder_id('D'), "D:");
        assert_eq!(device_path('D'), r"\\.\D:");
        assert!(optical_letters(0, |_| true).is_empty());
    }

    #[test]
    fn change_counts_become_presence_and_swaps() {
        let mut c = MediaCounts::new();
        let present = |changed| {
            Some(MediumState {
                present: true,
                changed,
            })
        };
        // The first answer is news (the poller only learns it on its first look).
        assert_eq!(c.state("D:", CheckVerify::Ready(3)), present(true));
        assert_eq!(c.state("D:", CheckVerify::Ready(3)), present(false));
        // Swapped between two polls: same presence, the count moved.
        assert_eq!(c.state("D:", CheckVerify::Ready(4)), present(true));
        assert_eq!(
            c.state("D:", CheckVerify::Failed(ERROR_NOT_READY)),
            Some(MediumState {
                present: false,
                changed: false
            })
        );
        assert_eq!(
            c.state("D:", CheckVerify::Failed(ERROR_NO_MEDIA_IN_DRIVE))
                .map(|s| s.present),
            Some(false)
        );
        assert_eq!(
            c.state("D:", CheckVerify::Failed(ERROR_MEDIA_CHANGED)),
            present(true)
        );
        // Access denied (5) or a vanished device (2): unknown.
        assert_eq!(c.state("D:", CheckVerify::Failed(5)), None);
        assert_eq!(c.state("D:", CheckVerify::Failed(2)), None);
        c.state("E:", CheckVerify::Ready(1));
        c.retain(&["D:".to_string()]);
        assert_eq!(c.state("E:", CheckVerify::Ready(1)), present(true));
    }

    /// The error codes are Windows' own (PLATFORMS.md: assert copied constants).
    #[cfg(windows)]
    #[test]
    fn error_codes_match_windows_sys() {
        use windows_sys::Win32::Foundation as f;
        assert_eq!(ERROR_NOT_READY, f::ERROR_NOT_READY);
        assert_eq!(ERROR_NO_MEDIA_IN_DRIVE, f::ERROR_NO_MEDIA_IN_DRIVE);
        assert_eq!(ERROR_MEDIA_CHANGED, f::ERROR_MEDIA_CHANGED);
    }

    /// A fake Windows system: a drive mask, the optical letters and each one's answer.
    struct FakeWindows {
        mask: u32,
        optical: Vec<char>,
        answers: HashMap<char, CheckVerify>,
        counts: MediaCounts,
    }

    impl DriveSource for FakeWindows {
        fn drives(&mut self) -> Vec<WatchedDrive> {
            let optical = self.optical.clone();
            let ids: Vec<WatchedDrive> = optical_letters(self.mask, |l| optical.contains(&l))
                .into_iter()
                .map(|l| WatchedDrive {
                    id: recorder_id(l),
                    path: device_path(l).into(),
                })
                .collect();
            let keep: Vec<String> = ids.iter().map(|d| d.id.clone()).collect();
            self.counts.retain(&keep);
            ids
        }

        fn medium(&mut self, drive: &WatchedDrive) -> Option<MediumState> {
            let letter = drive.id.chars().next()?;
            let answer = *self.answers.get(&letter)?;
            self.counts.state(&drive.id, answer)
        }
    }

    fn names(events: &[ProgressEvent]) -> Vec<String> {
        events
            .iter()
            .map(|e| match e {
                ProgressEvent::RecorderArrived { id } => format!("arrived {id}"),
                ProgressEvent::RecorderRemoved { id } => format!("removed {id}"),
                ProgressEvent::MediaChanged { id, present } => format!("media {id} {present}"),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn the_poller_reports_what_the_linux_source_would() {
        let mut p = Poller::new(FakeWindows {
            mask: 0b1100, // C:, D:
            optical: vec!['D', 'E'],
            answers: HashMap::from([('D', CheckVerify::Failed(ERROR_NOT_READY))]),
            counts: MediaCounts::new(),
        });
        assert!(p.poll().is_empty(), "the first look only learns");
        // A disc goes into D:.
        p.source_mut().answers.insert('D', CheckVerify::Ready(1));
        assert_eq!(names(&p.poll()), ["media D: true"]);
        assert!(p.poll().is_empty());
        // Swapped between two polls.
        p.source_mut().answers.insert('D', CheckVerify::Ready(2));
        assert_eq!(names(&p.poll()), ["media D: true"]);
        // A USB drive E: arrives (a letter appears in the mask).
        p.source_mut().mask |= 0b10000;
        p.source_mut().answers.insert('E', CheckVerify::Ready(7));
        assert_eq!(names(&p.poll()), ["arrived E:"]);
        // Busy: no answer, nothing reported.
        p.source_mut().answers.insert('D', CheckVerify::Failed(5));
        assert!(p.poll().is_empty());
        // The disc is taken out of D:, E: is unplugged.
        p.source_mut()
            .answers
            .insert('D', CheckVerify::Failed(ERROR_NO_MEDIA_IN_DRIVE));
        p.source_mut().mask &= !0b10000;
        assert_eq!(names(&p.poll()), ["removed E:", "media D: false"]);
    }
}
