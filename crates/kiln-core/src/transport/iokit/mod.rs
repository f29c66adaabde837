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
