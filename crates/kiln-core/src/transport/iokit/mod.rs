//! macOS: SCSI pass-through to optical drives through IOKit's MMC user client
//! (`SCSITaskLib`), and drive discovery from the I/O Registry.
//!
//! The shape matches the Linux and Windows backends: [`discover`] lists the drives,
//! [`IoKitTransport::open`] opens one for exclusive use, and [`crate::transport::ScsiTransport`]
//! sends each command as one `SCSITaskInterface` (`ExecuteTaskSync`). No root is needed: the
//! MMC user client is open to the logged-in user. The safety rule (write-class commands only
//! to peripheral type 05h) is enforced above the transport, by `mmc::drive::Drive`, which every
//! recorder goes through.
//!
//! The FFI is declared in Rust (`abi.rs` for the vtables and UUIDs, `ffi.rs` for the C
//! functions), so `cargo check --target aarch64-apple-darwin` checks all of it on Linux. The
//! pure parts (`abi.rs` layouts, `status.rs` conversions) compile and are tested on every
//! platform; the parts that call macOS are `#[cfg(target_os = "macos")]`.

mod abi;
mod status;

#[cfg(target_os = "macos")]
mod device;
#[cfg(target_os = "macos")]
mod discover;
#[cfg(target_os = "macos")]
mod ffi;
#[cfg(target_os = "macos")]
mod unmount;

#[cfg(target_os = "macos")]
pub use device::IoKitTransport;
#[cfg(target_os = "macos")]
pub use discover::discover;
pub use status::{parse_recorder_id, recorder_id};

/// An authoring (CD/DVD/BD) drive found in the I/O Registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IoKitDevice {
    /// `IORegistryEntryGetRegistryEntryID` of the drive's authoring nub: stable while the
    /// drive stays connected (the recorder ID is made from it, see [`recorder_id`]).
    pub registry_id: u64,
    /// "Vendor Name" of the device characteristics (the INQUIRY vendor).
    pub vendor: String,
    /// "Product Name".
    pub product: String,
    /// "Product Revision Level" (firmware).
    pub revision: String,
    /// The whole-disc BSD name (`diskN`) while a disc is in the drive.
    pub bsd_name: Option<String>,
    /// "Physical Interconnect" (`ATAPI`, `SATA`, `USB`, `FireWire`, ...), if published.
    pub interconnect: Option<String>,
}

impl IoKitDevice {
    /// "Vendor Product", trimmed (may be empty when the registry has no identity).
    pub fn display_name(&self) -> String {
        format!("{} {}", self.vendor, self.product)
            .trim()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mmc::cdb_write;
    use crate::mmc::drive::{timeouts, Drive};
    use crate::transport::{CommandError, CommandOutcome, DataDirection, ScsiTransport};
    use std::time::Duration;

    /// A device that answers the way an IOKit task reports back (service response, task
    /// status, realized count), passed through the same conversion `IoKitTransport` uses.
    /// It is a direct-access device (a hard disk, peripheral type 00h) and counts every
    /// command that reaches it.
    struct TaskAnswers {
        sent: Vec<u8>,
    }

    impl ScsiTransport for TaskAnswers {
        fn execute(
            &mut self,
            cdb: &[u8],
            dir: DataDirection<'_>,
            timeout: Duration,
        ) -> Result<CommandOutcome, crate::transport::TransportError> {
            status::check_cdb(cdb)?;
            self.sent.push(cdb[0]);
            let requested = dir.len();
            let mut realized = 0;
            if let (0x12, DataDirection::FromDevice(buf)) = (cdb[0], dir) {
                let mut inquiry = [0u8; 36];
                inquiry[0] = 0x00; // peripheral type 00h: a disk
                inquiry[4] = 31;
                inquiry[8..16].copy_from_slice(b"ATA     ");
                inquiry[16..32].copy_from_slice(b"SOME DISK       ");
                let n = buf.len().min(36);
                buf[..n].copy_from_slice(&inquiry[..n]);
                realized = n as u64;
            }
            status::task_outcome(
                "disk",
                2,
                0,
                &[0; abi::SENSE_LEN],
                realized,
                requested,
                timeout,
            )
        }
    }

    #[test]
    fn the_type_05h_write_gate_stands_above_this_backend() {
        // The gate lives in `Drive`, which every recorder (the macOS one included) uses: a
        // non-MMC device answering through the IOKit outcome path never receives a write.
        let mut drive = Drive::open(TaskAnswers { sent: Vec::new() }).unwrap();
        assert!(!drive.inquiry().is_mmc());
        let r = drive.execute(
            &cdb_write::write_10(0, 1),
            DataDirection::ToDevice(&[0; 2048]),
            timeouts::WRITE,
        );
        assert!(
            matches!(r, Err(CommandError::Refused { opcode: 0x2A, .. })),
            "{r:?}"
        );
        assert_eq!(
            drive.into_inner().sent,
            vec![0x12],
            "only INQUIRY reached the device"
        );
    }

    #[test]
    fn display_name_trims_missing_parts() {
        let mut d = IoKitDevice {
            registry_id: 1,
            vendor: "MATSHITA".into(),
            product: "DVD-R   UJ-8A8".into(),
            revision: "HB13".into(),
            bsd_name: None,
            interconnect: Some("SATA".into()),
        };
        assert_eq!(d.display_name(), "MATSHITA DVD-R   UJ-8A8");
        d.vendor.clear();
        assert_eq!(d.display_name(), "DVD-R   UJ-8A8");
        d.product.clear();
        assert_eq!(d.display_name(), "");
    }
}
