//! The numbers of the Windows volume and CD-ROM lock requests, computed the way `CTL_CODE` does
//! in winioctl.h, and the Win32 error codes the lock sequence tells apart.
//!
//! Computed rather than copied: PLATFORMS.md §4.4 records a burner that sent
//! `IOCTL_CDROM_EXCLUSIVE_ACCESS` with a wrong hand-copied number and never noticed. The tests
//! check the results against the documented values, and on Windows the build checks them against
//! windows-sys (`win.rs`).

/// `FILE_DEVICE_CD_ROM` (also `IOCTL_CDROM_BASE`).
pub const FILE_DEVICE_CD_ROM: u32 = 0x0000_0002;
/// `FILE_DEVICE_FILE_SYSTEM`: the device type of the `FSCTL_*` codes.
pub const FILE_DEVICE_FILE_SYSTEM: u32 = 0x0000_0009;
/// `METHOD_BUFFERED`: input and output go through one system buffer.
pub const METHOD_BUFFERED: u32 = 0;
/// `FILE_ANY_ACCESS`.
pub const FILE_ANY_ACCESS: u32 = 0;
/// `FILE_READ_ACCESS | FILE_WRITE_ACCESS`: the handle must be open for reading and writing.
pub const FILE_READ_WRITE_ACCESS: u32 = 0x0001 | 0x0002;

/// winioctl.h `CTL_CODE(DeviceType, Function, Method, Access)`:
/// `(DeviceType << 16) | (Access << 14) | (Function << 2) | Method`.
pub const fn ctl_code(device_type: u32, function: u32, method: u32, access: u32) -> u32 {
    (device_type << 16) | (access << 14) | (function << 2) | method
}

/// `FSCTL_LOCK_VOLUME`: function 6 of the file-system device type. Fails while files on the
/// volume are open.
pub const FSCTL_LOCK_VOLUME: u32 =
    ctl_code(FILE_DEVICE_FILE_SYSTEM, 6, METHOD_BUFFERED, FILE_ANY_ACCESS);
/// `FSCTL_UNLOCK_VOLUME`: function 7.
pub const FSCTL_UNLOCK_VOLUME: u32 =
    ctl_code(FILE_DEVICE_FILE_SYSTEM, 7, METHOD_BUFFERED, FILE_ANY_ACCESS);
/// `FSCTL_DISMOUNT_VOLUME`: function 8.
pub const FSCTL_DISMOUNT_VOLUME: u32 =
    ctl_code(FILE_DEVICE_FILE_SYSTEM, 8, METHOD_BUFFERED, FILE_ANY_ACCESS);
/// `IOCTL_CDROM_EXCLUSIVE_ACCESS`: function 0x17 of `IOCTL_CDROM_BASE`, buffered, read/write
/// access (ntddcdrm.h).
pub const IOCTL_CDROM_EXCLUSIVE_ACCESS: u32 = ctl_code(
    FILE_DEVICE_CD_ROM,
    0x0017,
    METHOD_BUFFERED,
    FILE_READ_WRITE_ACCESS,
);

/// Win32 error codes (winerror.h) that the lock sequence treats differently from the rest.
pub mod win32 {
    /// `ERROR_INVALID_FUNCTION`: the driver does not implement the request.
    pub const INVALID_FUNCTION: u32 = 1;
    /// `ERROR_ACCESS_DENIED`: files open on the volume (lock), or another caller holds the
    /// exclusive lock.
    pub const ACCESS_DENIED: u32 = 5;
    /// `ERROR_NOT_READY`: no disc, or nothing Windows can read on it.
    pub const NOT_READY: u32 = 21;
    /// `ERROR_BAD_COMMAND`: what `STATUS_INVALID_DEVICE_STATE` becomes (the exclusive lock found
    /// a file system still mounted).
    pub const BAD_COMMAND: u32 = 22;
    /// `ERROR_BAD_LENGTH`: the input buffer is too small.
    pub const BAD_LENGTH: u32 = 24;
    /// `ERROR_SHARING_VIOLATION`: another handle is in the way.
    pub const SHARING_VIOLATION: u32 = 32;
    /// `ERROR_LOCK_VIOLATION`: another process locked part of the volume.
    pub const LOCK_VIOLATION: u32 = 33;
    /// `ERROR_NOT_SUPPORTED`.
    pub const NOT_SUPPORTED: u32 = 50;
    /// `ERROR_INVALID_PARAMETER`: a malformed request (or caller name).
    pub const INVALID_PARAMETER: u32 = 87;
    /// `ERROR_INSUFFICIENT_BUFFER`: the query's output buffer is too small.
    pub const INSUFFICIENT_BUFFER: u32 = 122;
    /// `ERROR_UNRECOGNIZED_VOLUME`: no file system Windows knows (a blank disc).
    pub const UNRECOGNIZED_VOLUME: u32 = 1005;
    /// `ERROR_MEDIA_CHANGED`.
    pub const MEDIA_CHANGED: u32 = 1110;
    /// `ERROR_NO_MEDIA_IN_DRIVE`.
    pub const NO_MEDIA_IN_DRIVE: u32 = 1112;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fsctl_codes_are_the_documented_values() {
        // winioctl.h values, as PLATFORMS.md §2.3 lists them.
        assert_eq!(FSCTL_LOCK_VOLUME, 0x0009_0018);
        assert_eq!(FSCTL_UNLOCK_VOLUME, 0x0009_001C);
        assert_eq!(FSCTL_DISMOUNT_VOLUME, 0x0009_0020);
    }

    #[test]
    fn exclusive_access_code_is_0x2c05c_not_the_copied_one() {
        assert_eq!(IOCTL_CDROM_EXCLUSIVE_ACCESS, 0x0002_C05C);
        // The value one burner shipped (PLATFORMS.md §4.4) is not what CTL_CODE gives.
        assert_ne!(IOCTL_CDROM_EXCLUSIVE_ACCESS, 0x2400_C038);
    }

    #[test]
    fn ctl_code_places_every_field() {
        // IOCTL_SCSI_PASS_THROUGH_DIRECT = CTL_CODE(IOCTL_SCSI_BASE 4, 0x405, BUFFERED, RW),
        // which spti.rs uses and windows-sys defines as 0x4D014.
        assert_eq!(
            ctl_code(4, 0x405, METHOD_BUFFERED, FILE_READ_WRITE_ACCESS),
            0x0004_D014
        );
        // IOCTL_STORAGE_QUERY_PROPERTY = CTL_CODE(0x2D, 0x500, BUFFERED, ANY) = 0x2D1400.
        assert_eq!(
            ctl_code(0x2D, 0x500, METHOD_BUFFERED, FILE_ANY_ACCESS),
            0x002D_1400
        );
        // Method lives in the low two bits.
        assert_eq!(ctl_code(0, 0, 3, 0), 3);
    }
}
