//! The pure half of the IOKit backend: turning what a finished `SCSITaskInterface` reports
//! (service response, task status, sense, realized count) and the `IOReturn`/`DAReturn` codes
//! of the user client and DiskArbitration into the transport's [`CommandOutcome`] and
//! [`TransportError`], and the conversions the other way (data phase to a scatter-gather
//! element, timeout to milliseconds, registry ID to recorder ID).
//!
//! Compiled on every platform so `cargo test` on Linux checks it; only the macOS code calls it.

#![cfg_attr(not(target_os = "macos"), allow(dead_code))]

use std::time::Duration;

use super::abi::{
    da_return, direction, io_return, service_response, task_status, IOReturn, SCSITaskSGElement,
    SENSE_LEN,
};
use crate::transport::{CommandOutcome, ScsiStatus, TransportError};

/// The prefix of recorder IDs of IOKit drives: `iokit:` and the registry entry ID in hex.
pub const ID_PREFIX: &str = "iokit:";

/// The recorder ID of the drive whose `IORegistryEntryGetRegistryEntryID` is `registry_id`. The
/// BSD name (`diskN`) cannot serve: it exists only while a disc is in, and changes when macOS
/// remounts the disc after Kiln releases exclusive access.
pub fn recorder_id(registry_id: u64) -> String {
    format!("{ID_PREFIX}{registry_id:#x}")
}

/// The registry entry ID in a recorder ID made by [`recorder_id`].
pub fn parse_recorder_id(id: &str) -> Option<u64> {
    let hex = id.strip_prefix(ID_PREFIX)?.strip_prefix("0x")?;
    if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u64::from_str_radix(hex, 16).ok()
}

/// `SetTimeoutDuration` takes milliseconds in a `UInt32`, where 0 means "wait forever": a
/// transport timeout is a bound, so it is rounded up to at least 1 ms and saturated.
pub fn timeout_ms(timeout: Duration) -> u32 {
    let ms = timeout.as_nanos().div_ceil(1_000_000);
    u32::try_from(ms).unwrap_or(u32::MAX).max(1)
}

/// The scatter-gather element and `kSCSIDataTransfer_*` direction for a data phase of `len`
/// bytes at `address`, or `None` for no data phase (then `SetScatterGatherEntries` is not
/// called at all, as Apple's own tools do).
pub fn data_phase(address: usize, len: usize, to_device: bool) -> Option<(SCSITaskSGElement, u8)> {
    if len == 0 {
        return None;
    }
    let dir = if to_device {
        direction::TO_DEVICE
    } else {
        direction::FROM_DEVICE
    };
    Some((
        SCSITaskSGElement {
            address: address as u64,
            length: len as u64,
        },
        dir,
    ))
}

/// Checks the CDB the same way the other backends do: 6 to 16 bytes.
pub fn check_cdb(cdb: &[u8]) -> Result<u8, TransportError> {
    if (6..=16).contains(&cdb.len()) {
        Ok(cdb.len() as u8)
    } else {
        Err(TransportError::InvalidRequest(format!(
            "a CDB must have 6 to 16 bytes, not {}",
            cdb.len()
        )))
    }
}

/// What a task that `ExecuteTaskSync` ran to the end reported, as the transport's outcome.
///
/// Only with `TASK_COMPLETE` is `status` a SCSI status byte; with
/// `SERVICE_DELIVERY_OR_TARGET_FAILURE` the same number names a delivery failure (2 is then a
/// protocol timeout, not CHECK CONDITION). Sense is kept only with CHECK CONDITION, where the
/// 18 bytes of autosense are valid.
pub fn task_outcome(
    device: &str,
    response: u32,
    status: u32,
    sense: &[u8; SENSE_LEN],
    realized: u64,
    requested: usize,
    timeout: Duration,
) -> Result<CommandOutcome, TransportError> {
    let device = device.to_string();
    match response {
        service_response::TASK_COMPLETE => {
            let status = u8::try_from(status).map_err(|_| TransportError::Os {
                device: device.clone(),
                message: format!("the drive completed a command with an invalid status {status:#x}"),
            })?;
            let transferred = usize::try_from(realized)
                .unwrap_or(usize::MAX)
                .min(requested);
            let status = ScsiStatus(status);
            Ok(CommandOutcome {
                status,
                sense: if status == ScsiStatus::CHECK_CONDITION {
                    sense.to_vec()
                } else {
                    Vec::new()
                },
                residual: requested - transferred,
            })
        }
        service_response::SERVICE_DELIVERY_OR_TARGET_FAILURE => Err(match status {
            task_status::TASK_TIMEOUT_OCCURRED | task_status::PROTOCOL_TIMEOUT_OCCURRED => {
                TransportError::Timeout(timeout)
            }
            task_status::DEVICE_NOT_RESPONDING => TransportError::Timeout(timeout),
            task_status::DEVICE_NOT_PRESENT => TransportError::Disconnected { device },
            task_status::DELIVERY_FAILURE => TransportError::Os {
                device,
                message: "the command could not be delivered to the drive (check its cable or USB connection)".into(),
            },
            other => TransportError::Os {
                device,
                message: format!("the command failed to reach the drive (task status {other:#x})"),
            },
        }),
        other => Err(TransportError::Os {
            device,
            message: format!("the command ended with unexpected service response {other}"),
        }),
    }
}

/// An `IOReturn` other than success from the user client, as a transport error that says what
/// to do. `bsd_name` (`diskN`) goes into the hint for a mounted disc.
pub fn io_error(
    device: &str,
    code: IOReturn,
    what: &str,
    bsd_name: Option<&str>,
) -> TransportError {
    let device = device.to_string();
    match code {
        io_return::BUSY => TransportError::Busy {
            device,
            hint: match bsd_name {
                Some(bsd) => format!(
                    "the disc is mounted or in use: eject it in Finder or run `diskutil unmountDisk {bsd}`, then try again"
                ),
                None => "the disc is mounted or in use: eject it in Finder, then try again".into(),
            },
        },
        io_return::EXCLUSIVE_ACCESS => TransportError::Busy {
            device,
            hint: "another application (Finder, Music, another burning program) is using the drive; quit it and try again".into(),
        },
        io_return::NO_DEVICE | io_return::NOT_ATTACHED => TransportError::Disconnected { device },
        io_return::NOT_PERMITTED | io_return::NOT_PRIVILEGED | io_return::NO_RESOURCES => {
            TransportError::PermissionDenied {
                device,
                hint: "macOS refused access to the drive: run Kiln from the Applications folder (not from Desktop, Documents or Downloads) and make sure no other program uses the drive".into(),
            }
        }
        io_return::TIMEOUT => TransportError::Timeout(Duration::ZERO),
        _ => TransportError::Os {
            device,
            message: format!("{what} failed with IOKit error {:#010x}", code as u32),
        },
    }
}

/// The status a DiskArbitration unmount ended with (0 without a dissenter), as `Ok` when the
/// disc is now unmounted (or was not mounted) and an error that says what to do otherwise.
pub fn unmount_result(device: &str, bsd_name: &str, status: i32) -> Result<(), TransportError> {
    let device = device.to_string();
    match status {
        da_return::SUCCESS | da_return::NOT_MOUNTED => Ok(()),
        da_return::BUSY | da_return::EXCLUSIVE_ACCESS => Err(TransportError::Busy {
            device,
            hint: format!(
                "files on the disc ({bsd_name}) are open: close the Finder windows and applications that use them, or run `diskutil unmountDisk {bsd_name}`"
            ),
        }),
        da_return::NOT_PERMITTED | da_return::NOT_PRIVILEGED => Err(TransportError::PermissionDenied {
            device,
            hint: format!(
                "macOS did not let Kiln unmount the disc ({bsd_name}): eject it in Finder, or run `diskutil unmountDisk {bsd_name}`"
            ),
        }),
        da_return::NOT_FOUND => Err(TransportError::Disconnected { device }),
        other => Err(TransportError::Os {
            device,
            message: format!(
                "unmounting the disc ({bsd_name}) failed with DiskArbitration error {:#010x}; run `diskutil unmountDisk {bsd_name}` and try again",
                other as u32
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mmc::sense::SenseKey;

    const T: Duration = Duration::from_secs(30);

    fn sense_not_ready_no_medium() -> [u8; SENSE_LEN] {
        // Fixed format, current error, key 2 NOT READY, ASC/ASCQ 3A/00.
        let mut s = [0u8; SENSE_LEN];
        s[0] = 0x70;
        s[2] = 0x02;
        s[7] = 10;
        s[12] = 0x3A;
        s
    }

    #[test]
    fn task_complete_good_reports_the_residual() {
        let o = task_outcome("d", 2, 0x00, &[0; SENSE_LEN], 2048, 65536, T).unwrap();
        assert_eq!(o, CommandOutcome::good(65536 - 2048));
        // A device that claims more than was asked transfers at most the buffer.
        let o = task_outcome("d", 2, 0x00, &[0; SENSE_LEN], 99999, 36, T).unwrap();
        assert_eq!(o.residual, 0);
        // No data phase.
        let o = task_outcome("d", 2, 0x00, &[0; SENSE_LEN], 0, 0, T).unwrap();
        assert_eq!(o.residual, 0);
    }

    #[test]
    fn check_condition_carries_the_autosense_into_the_shared_decoder() {
        let sense = sense_not_ready_no_medium();
        let o = task_outcome("d", 2, 0x02, &sense, 0, 36, T).unwrap();
        assert_eq!(o.status, ScsiStatus::CHECK_CONDITION);
        assert_eq!(o.sense, sense.to_vec());
        assert_eq!(o.residual, 36);
        let parsed = o.parsed_sense().expect("fixed-format sense parses");
        assert_eq!(parsed.key, SenseKey::NotReady);
        assert_eq!((parsed.asc, parsed.ascq), (0x3A, 0x00));
        // Other statuses carry no sense, even if the buffer holds stale bytes.
        let o = task_outcome("d", 2, 0x08, &sense, 0, 0, T).unwrap();
        assert_eq!(o.status, ScsiStatus::BUSY);
        assert!(o.sense.is_empty());
    }

    #[test]
    fn delivery_failures_are_not_mistaken_for_scsi_status() {
        // Status 2 with SERVICE_DELIVERY_OR_TARGET_FAILURE is a protocol timeout, not CHECK
        // CONDITION.
        let sense = sense_not_ready_no_medium();
        assert_eq!(
            task_outcome("d", 1, 2, &sense, 0, 0, T),
            Err(TransportError::Timeout(T))
        );
        assert_eq!(
            task_outcome("d", 1, 1, &sense, 0, 0, T),
            Err(TransportError::Timeout(T))
        );
        assert_eq!(
            task_outcome("drive X", 1, 4, &sense, 0, 0, T),
            Err(TransportError::Disconnected {
                device: "drive X".into()
            })
        );
        assert!(matches!(
            task_outcome("d", 1, 5, &sense, 0, 0, T),
            Err(TransportError::Os { .. })
        ));
        assert!(matches!(
            task_outcome("d", 0, 0, &sense, 0, 0, T),
            Err(TransportError::Os { .. })
        ));
        assert!(matches!(
            task_outcome("d", 2, 0x1FF, &sense, 0, 0, T),
            Err(TransportError::Os { .. })
        ));
    }

    #[test]
    fn timeouts_are_milliseconds_never_zero() {
        assert_eq!(timeout_ms(Duration::from_secs(30)), 30_000);
        assert_eq!(timeout_ms(Duration::from_secs(5 * 3600)), 18_000_000);
        assert_eq!(timeout_ms(Duration::from_micros(1500)), 2);
        // 0 would mean "forever" to IOKit.
        assert_eq!(timeout_ms(Duration::ZERO), 1);
        assert_eq!(timeout_ms(Duration::from_secs(u64::MAX)), u32::MAX);
    }

    #[test]
    fn data_phases_become_one_sg_element() {
        assert_eq!(data_phase(0x1000, 0, true), None);
        let (e, dir) = data_phase(0xDEAD_B000, 65536, true).unwrap();
        assert_eq!((e.address, e.length, dir), (0xDEAD_B000, 65536, 1));
        let (e, dir) = data_phase(0x2000, 36, false).unwrap();
        assert_eq!((e.address, e.length, dir), (0x2000, 36, 2));
        assert!(check_cdb(&[0; 5]).is_err());
        assert_eq!(check_cdb(&[0; 12]).unwrap(), 12);
        assert!(check_cdb(&[0; 17]).is_err());
    }

    #[test]
    fn recorder_ids_round_trip() {
        let id = recorder_id(0x1_0000_04A7);
        assert_eq!(id, "iokit:0x1000004a7");
        assert_eq!(parse_recorder_id(&id), Some(0x1_0000_04A7));
        assert_eq!(
            parse_recorder_id("iokit:0xFFFFFFFFFFFFFFFF"),
            Some(u64::MAX)
        );
        for bad in [
            "/dev/sr0",
            "iokit:",
            "iokit:0x",
            "iokit:12",
            "iokit:0x-1",
            "iokit:0x1g",
            "iokit:0x10000000000000000",
        ] {
            assert_eq!(parse_recorder_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn io_errors_say_what_to_do() {
        let e = io_error(
            "MATSHITA DVD-R",
            io_return::BUSY,
            "exclusive access",
            Some("disk4"),
        );
        assert!(matches!(e, TransportError::Busy { .. }));
        assert!(e.to_string().contains("diskutil unmountDisk disk4"), "{e}");
        let e = io_error("d", io_return::EXCLUSIVE_ACCESS, "x", None);
        assert!(e.to_string().contains("another application"), "{e}");
        assert!(matches!(
            io_error("d", io_return::NOT_ATTACHED, "x", None),
            TransportError::Disconnected { .. }
        ));
        for code in [
            io_return::NO_RESOURCES,
            io_return::NOT_PERMITTED,
            io_return::NOT_PRIVILEGED,
        ] {
            let e = io_error("d", code, "x", None);
            assert!(matches!(e, TransportError::PermissionDenied { .. }), "{e}");
            assert!(e.to_string().contains("Applications folder"), "{e}");
        }
        let e = io_error("d", io_return::ERROR, "creating the plug-in", None);
        assert!(
            e.to_string()
                .contains("creating the plug-in failed with IOKit error 0xe00002bc"),
            "{e}"
        );
    }

    #[test]
    fn unmount_outcomes() {
        assert_eq!(unmount_result("d", "disk4", 0), Ok(()));
        assert_eq!(unmount_result("d", "disk4", da_return::NOT_MOUNTED), Ok(()));
        let e = unmount_result("d", "disk4", da_return::BUSY).unwrap_err();
        assert!(matches!(e, TransportError::Busy { .. }));
        assert!(e.to_string().contains("diskutil unmountDisk disk4"), "{e}");
        assert!(matches!(
            unmount_result("d", "disk4", da_return::NOT_PRIVILEGED),
            Err(TransportError::PermissionDenied { .. })
        ));
        let e = unmount_result("d", "disk4", da_return::UNSUPPORTED).unwrap_err();
        assert!(e.to_string().contains("0xf8da0012"), "{e}");
    }
}
