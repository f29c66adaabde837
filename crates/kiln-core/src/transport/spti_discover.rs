//! The CD/DVD/BD drives of a Windows system, for SPTI.
//!
//! Each drive letter whose root `GetDriveTypeW` calls `DRIVE_CDROM` is opened **without** read
//! or write access (a query-only handle, which needs no administrator rights and disturbs no
//! other program) and asked for its storage device descriptor: the SCSI peripheral type,
//! vendor, product and revision. Drives that do not report type 05h are left out, as on Linux
//! and macOS. Burning later opens `\\.\X:` for read/write through [`super::spti::SptiTransport`].

use std::ffi::c_void;
use std::mem::size_of;

use windows_sys::Win32::Foundation::{CloseHandle, HANDLE, INVALID_HANDLE_VALUE};
use windows_sys::Win32::Storage::FileSystem::{
    CreateFileW, GetDriveTypeW, GetLogicalDrives, FILE_SHARE_READ, FILE_SHARE_WRITE, OPEN_EXISTING,
};
use windows_sys::Win32::System::Ioctl::{
    PropertyStandardQuery, StorageDeviceProperty, IOCTL_STORAGE_QUERY_PROPERTY,
    STORAGE_PROPERTY_QUERY,
};
use windows_sys::Win32::System::IO::DeviceIoControl;

use super::storage_descriptor::{self, StorageDescriptor};

/// `GetDriveTypeW`'s answer for an optical drive (WinBase.h `DRIVE_CDROM`).
const DRIVE_CDROM: u32 = 5;

/// One optical drive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowsDrive {
    /// The device path to open, `\\.\X:`.
    pub path: String,
    /// The drive letter.
    pub letter: char,
    /// Vendor, as the drive reports it.
    pub vendor: String,
    /// Product (model), as the drive reports it.
    pub model: String,
    /// Firmware revision, as the drive reports it.
    pub revision: String,
}

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(std::iter::once(0)).collect()
}

/// Closes the handle when dropped.
struct QueryHandle(HANDLE);

impl Drop for QueryHandle {
    fn drop(&mut self) {
        // SAFETY: the handle came from a successful CreateFileW and is closed exactly once.
        unsafe { CloseHandle(self.0) };
    }
}

/// The storage device descriptor of `path`, through a query-only handle.
fn descriptor(path: &str) -> Option<StorageDescriptor> {
    let name = wide(path);
    // SAFETY: `name` is NUL-terminated and outlives the call; access 0 asks for a query-only
    // handle; security attributes and template may be null.
    let handle = unsafe {
        CreateFileW(
            name.as_ptr(),
            0,
            FILE_SHARE_READ | FILE_SHARE_WRITE,
            std::ptr::null(),
            OPEN_EXISTING,
            0,
            std::ptr::null_mut(),
        )
    };
    if handle == INVALID_HANDLE_VALUE || handle.is_null() {
        return None;
    }
    let handle = QueryHandle(handle);
    let query = STORAGE_PROPERTY_QUERY {
        PropertyId: StorageDeviceProperty,
        QueryType: PropertyStandardQuery,
        AdditionalParameters: [0],
    };
    let mut out = vec![0u8; 1024];
    let mut returned = 0u32;
    // SAFETY: input and output point at live buffers of the stated sizes for the duration of
    // this synchronous call (no OVERLAPPED).
    let ok = unsafe {
        DeviceIoControl(
            handle.0,
            IOCTL_STORAGE_QUERY_PROPERTY,
            (&query as *const STORAGE_PROPERTY_QUERY).cast::<c_void>(),
            size_of::<STORAGE_PROPERTY_QUERY>() as u32,
            out.as_mut_ptr().cast::<c_void>(),
            out.len() as u32,
            &mut returned,
            std::ptr::null_mut(),
        )
    };
    if ok == 0 {
        return None;
    }
    out.truncate(returned as usize);
    storage_descriptor::parse(&out)
}

/// The letters of the drives Windows calls optical (`GetLogicalDrives`, then `GetDriveTypeW`
/// of each root = `DRIVE_CDROM`), in order.
pub fn optical_letters() -> Vec<char> {
    // SAFETY: GetLogicalDrives has no preconditions.
    let mask = unsafe { GetLogicalDrives() };
    crate::watch::letters::optical_letters(mask, |letter| {
        let root = wide(&format!("{letter}:\\"));
        // SAFETY: `root` is a NUL-terminated UTF-16 string that outlives the call.
        unsafe { GetDriveTypeW(root.as_ptr()) == DRIVE_CDROM }
    })
}

/// True when the device at `path` (`\\.\X:`) reports peripheral type 05h (MMC).
pub fn is_mmc(path: &str) -> bool {
    descriptor(path).is_some_and(|d| d.peripheral_type == 0x05)
}

/// The optical drives (peripheral type 05h) by drive letter.
pub fn discover() -> Vec<WindowsDrive> {
    let mut drives = Vec::new();
    for letter in optical_letters() {
        let path = format!("\\\\.\\{letter}:");
        let Some(d) = descriptor(&path) else {
            tracing::debug!(%path, "no storage descriptor; left out");
            continue;
        };
        if d.peripheral_type != 0x05 {
            tracing::info!(%path, kind = d.peripheral_type, "not an MMC device; left out");
            continue;
        }
        drives.push(WindowsDrive {
            path,
            letter,
            vendor: d.vendor,
            model: d.product,
            revision: d.revision,
        });
    }
    drives
}
