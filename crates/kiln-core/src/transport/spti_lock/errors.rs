//! What a failed step of taking a Windows drive means for the user: the Win32 error code of
//! `FSCTL_LOCK_VOLUME`, `FSCTL_DISMOUNT_VOLUME` or `IOCTL_CDROM_EXCLUSIVE_ACCESS` becomes a
//! [`TransportError`] that names the drive letter and says what to do. The recorder wraps it in
//! `Error::DeviceNotAccessible`, whose catalogue id is `error-device-not-accessible`.

use super::codes::win32;
use crate::transport::TransportError;

/// The step of the lock sequence that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `FSCTL_LOCK_VOLUME` (after the retries).
    LockVolume,
    /// `FSCTL_DISMOUNT_VOLUME`.
    DismountVolume,
    /// `IOCTL_CDROM_EXCLUSIVE_ACCESS` with `ExclusiveAccessLockDevice`.
    LockDevice,
}

impl Step {
    fn doing(self) -> &'static str {
        match self {
            Step::LockVolume => "locking the disc's volume",
            Step::DismountVolume => "dismounting the disc's file system",
            Step::LockDevice => "taking exclusive access to the drive",
        }
    }
}

/// `E:` for a device path `\\.\E:` (or `\\.\E:\`, or `E:`), else the path as given (an interface
/// path has no letter).
pub fn drive_name(path: &str) -> String {
    let rest = path.strip_prefix(r"\\.\").unwrap_or(path);
    let rest = rest.strip_suffix('\\').unwrap_or(rest);
    let mut chars = rest.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(letter), Some(':'), None) if letter.is_ascii_alphabetic() => {
            format!("{}:", letter.to_ascii_uppercase())
        }
        _ => path.to_string(),
    }
}

/// The error for `step` failing with Win32 error `code` on `drive` (`E:`). `holder` is the caller
/// name another program gave its exclusive lock, when the query could read it.
pub fn lock_error(step: Step, code: u32, drive: &str, holder: Option<&str>) -> TransportError {
    let device = format!("drive {drive}");
    let busy = |hint: String| TransportError::Busy {
        device: device.clone(),
        hint,
    };
    match (step, code) {
        (
            Step::LockVolume | Step::DismountVolume,
            win32::ACCESS_DENIED | win32::SHARING_VIOLATION | win32::LOCK_VIOLATION,
        ) => busy(format!(
            "files on the disc in {drive} are open in another program (an Explorer window, a \
             media player, an antivirus scan): close them, then try again"
        )),
        (Step::LockDevice, win32::ACCESS_DENIED) => busy(match holder.filter(|h| !h.is_empty()) {
            Some(h) => format!(
                "'{h}' is using {drive} for itself (another burning program?): let it finish or \
                 close it, then try again"
            ),
            None => format!(
                "another program is using {drive} for itself (a burning program?): let it \
                 finish or close it, then try again"
            ),
        }),
        (Step::LockDevice, win32::BAD_COMMAND) => busy(format!(
            "Windows mounted the disc in {drive} again before Kiln could take the drive: close \
             Explorer windows showing the disc, then try again"
        )),
        (_, win32::NOT_READY | win32::NO_MEDIA_IN_DRIVE) => TransportError::Os {
            device,
            message: format!(
                "{}: the drive is not ready (no disc, or the disc is still loading): insert a \
                 disc, wait until the drive's light stops blinking, then try again",
                step.doing()
            ),
        },
        (_, win32::MEDIA_CHANGED) => TransportError::Os {
            device,
            message: format!(
                "{}: the disc in {drive} was changed meanwhile: try again",
                step.doing()
            ),
        },
        (_, 2 | 3 | 1167) => TransportError::Disconnected { device },
        (_, win32::INVALID_PARAMETER | win32::BAD_LENGTH | win32::INSUFFICIENT_BUFFER) => {
            TransportError::InvalidRequest(format!(
                "{} on {drive}: Windows refused the request as malformed (error {code}); this \
                 is a bug in Kiln, please report it",
                step.doing()
            ))
        }
        (_, win32::INVALID_FUNCTION | win32::NOT_SUPPORTED) => TransportError::Os {
            device,
            message: format!(
                "{}: the driver of {drive} does not support it (error {code}); a virtual or \
                 network drive cannot be burned",
                step.doing()
            ),
        },
        _ => TransportError::Os {
            device,
            message: format!(
                "{} failed with Windows error {code}: close programs that use the disc in \
                 {drive} and try again",
                step.doing()
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drive_names() {
        assert_eq!(drive_name(r"\\.\E:"), "E:");
        assert_eq!(drive_name(r"\\.\e:\"), "E:");
        assert_eq!(drive_name("F:"), "F:");
        let iface = r"\\?\ide#cdromhl-dt-st#5&1#{53f56308-b6bf-11d0-94f2-00a0c91efb8b}";
        assert_eq!(drive_name(iface), iface);
        assert_eq!(drive_name(r"\\.\EE:"), r"\\.\EE:");
        assert_eq!(drive_name(""), "");
    }

    #[test]
    fn open_files_say_close_them_and_name_the_letter() {
        for code in [5, 32, 33] {
            let e = lock_error(Step::LockVolume, code, "E:", None);
            let TransportError::Busy { device, hint } = &e else {
                panic!("{code}: {e:?}");
            };
            assert_eq!(device, "drive E:");
            assert!(
                hint.contains("disc in E:") && hint.contains("Explorer"),
                "{hint}"
            );
            assert!(hint.contains("close them"), "{hint}");
        }
    }

    #[test]
    fn a_lock_held_by_another_program_names_it() {
        let e = lock_error(Step::LockDevice, 5, "G:", Some("IMAPI2"));
        assert!(matches!(e, TransportError::Busy { .. }), "{e:?}");
        assert!(e.to_string().contains("'IMAPI2' is using G:"), "{e}");
        let e = lock_error(Step::LockDevice, 5, "G:", Some(""));
        assert!(e.to_string().contains("another program is using G:"), "{e}");
        let e = lock_error(Step::LockDevice, 5, "G:", None);
        assert!(e.to_string().contains("another program is using G:"), "{e}");
    }

    #[test]
    fn a_remounted_volume_asks_to_close_explorer() {
        let e = lock_error(Step::LockDevice, 22, "E:", None);
        assert!(matches!(e, TransportError::Busy { .. }), "{e:?}");
        assert!(
            e.to_string().contains("mounted the disc in E: again"),
            "{e}"
        );
    }

    #[test]
    fn not_ready_says_insert_or_wait() {
        for step in [Step::LockVolume, Step::LockDevice] {
            for code in [21, 1112] {
                let e = lock_error(step, code, "E:", None);
                assert!(matches!(e, TransportError::Os { .. }), "{e:?}");
                assert!(e.to_string().contains("not ready"), "{e}");
                assert!(e.to_string().contains("drive E:"), "{e}");
            }
        }
    }

    #[test]
    fn other_codes() {
        assert_eq!(
            lock_error(Step::DismountVolume, 1167, "E:", None),
            TransportError::Disconnected {
                device: "drive E:".into()
            }
        );
        assert!(matches!(
            lock_error(Step::LockDevice, 87, "E:", None),
            TransportError::InvalidRequest(m) if m.contains("bug") && m.contains("error 87")
        ));
        assert!(lock_error(Step::LockDevice, 1110, "E:", None)
            .to_string()
            .contains("changed"));
        assert!(lock_error(Step::LockDevice, 1, "E:", None)
            .to_string()
            .contains("does not support"));
        let e = lock_error(Step::DismountVolume, 1234, "E:", None).to_string();
        assert!(
            e.contains("Windows error 1234") && e.contains("dismounting"),
            "{e}"
        );
    }
}
