//! The Windows [`DriveSource`]: optical drive letters from `GetLogicalDrives` and
//! `GetDriveTypeW`, kept when their storage descriptor says peripheral type 05h (the same
//! discovery and IDs, `X:`, as `kiln recorders`: [`spti_discover`]), and the disc's presence
//! and changes from `IOCTL_STORAGE_CHECK_VERIFY2` (see the `letters` module for the rules).
//!
//! Every handle is opened with `FILE_READ_ATTRIBUTES` access only and shared for reading and
//! writing: it needs no administrator rights and does not stand in the way of a burn, a
//! mount or another program. The descriptor of a letter is asked once, when the letter
//! appears; a letter that goes away is forgotten.

use std::collections::HashMap;
use std::ffi::c_void;
use std::path::PathBuf;

use windows_sys::Win32::Foundation::{CloseHandle, GetLastError, HANDLE, INVALID_HANDLE_VALUE};
use windows_sys::Win32::Storage::FileSystem::{
    CreateFileW, FILE_READ_ATTRIBUTES, FILE_SHARE_READ, FILE_SHARE_WRITE, OPEN_EXISTING,
};
use windows_sys::Win32::System::Ioctl::IOCTL_STORAGE_CHECK_VERIFY2;
use windows_sys::Win32::System::IO::DeviceIoControl;

use super::letters::{self, CheckVerify, MediaCounts};
use super::{DriveSource, MediumState, WatchedDrive};
use crate::transport::spti_discover;

/// This system's optical drives.
#[derive(Debug, Default)]
pub struct WindowsDrives {
    /// Whether each optical letter seen is an MMC drive (asked once per appearance).
    mmc: HashMap<char, bool>,
    counts: MediaCounts,
}

impl WindowsDrives {
    /// A source that has not looked yet.
    pub fn new() -> Self {
        WindowsDrives::default()
    }
}

/// Closes the handle when dropped.
struct Handle(HANDLE);

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: the handle came from a successful CreateFileW and is closed exactly once.
        unsafe { CloseHandle(self.0) };
    }
}

/// `IOCTL_STORAGE_CHECK_VERIFY2` on `path`, through a handle without data access.
fn check_verify(path: &str) -> CheckVerify {
    let name: Vec<u16> = path.encode_utf16().chain(std::iter::once(0)).collect();
    // SAFETY: `name` is NUL-terminated and outlives the call; security attributes and template
    // may be null.
    let handle = unsafe {
        CreateFileW(
            name.as_ptr(),
            FILE_READ_ATTRIBUTES,
            FILE_SHARE_READ | FILE_SHARE_WRITE,
            std::ptr::null(),
            OPEN_EXISTING,
            0,
            std::ptr::null_mut(),
        )
    };
    if handle == INVALID_HANDLE_VALUE || handle.is_null() {
        // SAFETY: no preconditions; reads the calling thread's last error.
        return CheckVerify::Failed(unsafe { GetLastError() });
    }
    let handle = Handle(handle);
    let mut count = 0u32;
    let mut returned = 0u32;
    // SAFETY: no input; the output is a live u32 of the stated size for the duration of this
    // synchronous call (no OVERLAPPED).
    let ok = unsafe {
        DeviceIoControl(
            handle.0,
            IOCTL_STORAGE_CHECK_VERIFY2,
            std::ptr::null(),
            0,
            (&mut count as *mut u32).cast::<c_void>(),
            std::mem::size_of::<u32>() as u32,
            &mut returned,
            std::ptr::null_mut(),
        )
    };
    if ok == 0 {
        // SAFETY: as above.
        return CheckVerify::Failed(unsafe { GetLastError() });
    }
    // A driver that returns no count: presence only (a swap between polls goes unseen).
    CheckVerify::Ready(if returned as usize >= std::mem::size_of::<u32>() {
        count
    } else {
        0
    })
}

impl DriveSource for WindowsDrives {
    fn drives(&mut self) -> Vec<WatchedDrive> {
        let letters = spti_discover::optical_letters();
        self.mmc.retain(|l, _| letters.contains(l));
        let mut drives = Vec::new();
        for letter in letters {
            let is_mmc = *self
                .mmc
                .entry(letter)
                .or_insert_with(|| spti_discover::is_mmc(&letters::device_path(letter)));
            if is_mmc {
                drives.push(WatchedDrive {
                    id: letters::recorder_id(letter),
                    path: PathBuf::from(letters::device_path(letter)),
                });
            }
        }
        let ids: Vec<String> = drives.iter().map(|d| d.id.clone()).collect();
        self.counts.retain(&ids);
        drives
    }

    fn medium(&mut self, drive: &WatchedDrive) -> Option<MediumState> {
        let answer = check_verify(&drive.path.to_string_lossy());
        if let CheckVerify::Failed(code) = answer {
            tracing::trace!(recorder = %drive.id, code, "check verify failed");
        }
        self.counts.state(&drive.id, answer)
    }
}
