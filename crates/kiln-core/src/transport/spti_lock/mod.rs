//! Exclusive access to a Windows optical drive while writing: the volume locked and dismounted,
//! and the CD-ROM class driver's exclusive lock (`IOCTL_CDROM_EXCLUSIVE_ACCESS`), released in
//! reverse order when the burn ends, however it ends.
//!
//! One job per file: `codes` (the request numbers, computed as `CTL_CODE` does, and the Win32
//! error codes), `request` (the exclusive-access buffers as bytes), `retry` (how long a volume
//! held by Explorer or a scanner is waited for), `errors` (Win32 codes to [`TransportError`]s
//! that name the drive letter and say what to do) and `sequence` (the order of the requests and
//! the release on drop, over any [`DeviceControl`]). These compile and are tested on every
//! platform. Only `win` calls Windows: `DeviceIoControl` on the drive's handle, with the
//! structure layouts and request numbers checked against windows-sys at compile time.
//!
//! [`crate::transport::spti`] puts this behind [`crate::transport::write_guard::WriteGuarded`]:
//! the drive is taken when a burn opens it, or at the latest before the first write-class
//! command; listing drives, reading media information and verifying never take it.
//!
//! [`TransportError`]: crate::transport::TransportError

pub mod codes;
pub mod errors;
pub mod request;
pub mod retry;
pub mod sequence;
#[cfg(windows)]
pub mod win;

pub use errors::drive_name;
pub use retry::RetryPolicy;
pub use sequence::{DeviceControl, DriveLock, Held};
