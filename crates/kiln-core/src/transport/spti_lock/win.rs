//! `DeviceIoControl` on an open drive handle, as the [`DeviceControl`] of the lock sequence, and
//! the compile-time checks that the bytes `request.rs` builds and the numbers `codes.rs`
//! computes are what windows-sys (ntddcdrm.h, winioctl.h) declares.

use std::ffi::c_void;
use std::mem::{offset_of, size_of};

use windows_sys::Win32::Devices::Cdrom as cdrom;
use windows_sys::Win32::Foundation::{GetLastError, HANDLE};
use windows_sys::Win32::System::Ioctl as ioctl;
use windows_sys::Win32::System::IO::DeviceIoControl;

use super::codes;
use super::request;
use super::sequence::DeviceControl;

const _: () = {
    assert!(size_of::<cdrom::CDROM_EXCLUSIVE_ACCESS>() == request::ACCESS_LEN);
    assert!(offset_of!(cdrom::CDROM_EXCLUSIVE_ACCESS, RequestType) == 0);
    assert!(offset_of!(cdrom::CDROM_EXCLUSIVE_ACCESS, Flags) == 4);
    assert!(size_of::<cdrom::EXCLUSIVE_ACCESS_REQUEST_TYPE>() == 4);
    assert!(size_of::<cdrom::CDROM_EXCLUSIVE_LOCK>() == request::LOCK_LEN);
    assert!(offset_of!(cdrom::CDROM_EXCLUSIVE_LOCK, Access) == 0);
    assert!(offset_of!(cdrom::CDROM_EXCLUSIVE_LOCK, CallerName) == request::ACCESS_LEN);
    assert!(size_of::<cdrom::CDROM_EXCLUSIVE_LOCK_STATE>() == request::LOCK_STATE_LEN);
    assert!(offset_of!(cdrom::CDROM_EXCLUSIVE_LOCK_STATE, LockState) == 0);
    assert!(offset_of!(cdrom::CDROM_EXCLUSIVE_LOCK_STATE, CallerName) == 1);
    assert!(cdrom::CDROM_EXCLUSIVE_CALLER_LENGTH as usize == request::CALLER_LENGTH);
    assert!(cdrom::ExclusiveAccessQueryState == request::RequestType::QueryState as i32);
    assert!(cdrom::ExclusiveAccessLockDevice == request::RequestType::LockDevice as i32);
    assert!(cdrom::ExclusiveAccessUnlockDevice == request::RequestType::UnlockDevice as i32);
    assert!(cdrom::CDROM_LOCK_IGNORE_VOLUME == request::LOCK_IGNORE_VOLUME);
    assert!(cdrom::CDROM_NO_MEDIA_NOTIFICATIONS == request::NO_MEDIA_NOTIFICATIONS);
    assert!(cdrom::IOCTL_CDROM_EXCLUSIVE_ACCESS == codes::IOCTL_CDROM_EXCLUSIVE_ACCESS);
    assert!(ioctl::FSCTL_LOCK_VOLUME == codes::FSCTL_LOCK_VOLUME);
    assert!(ioctl::FSCTL_UNLOCK_VOLUME == codes::FSCTL_UNLOCK_VOLUME);
    assert!(ioctl::FSCTL_DISMOUNT_VOLUME == codes::FSCTL_DISMOUNT_VOLUME);
};

/// Requests on a drive handle owned by someone else (the SPTI transport), who keeps it open at
/// least as long as this value lives.
#[derive(Debug)]
pub struct HandleControl {
    handle: HANDLE,
}

// SAFETY: a Windows handle is a process-wide reference to a kernel object, usable from any
// thread; this value is used by one thread at a time (`&mut self`).
unsafe impl Send for HandleControl {}

impl HandleControl {
    /// Requests on `handle`, which must stay open while this value lives.
    pub fn new(handle: HANDLE) -> Self {
        HandleControl { handle }
    }
}

impl DeviceControl for HandleControl {
    fn control(&mut self, code: u32, input: &[u8], output: &mut [u8]) -> Result<usize, u32> {
        let in_len = u32::try_from(input.len()).map_err(|_| codes::win32::INVALID_PARAMETER)?;
        let out_len = u32::try_from(output.len()).map_err(|_| codes::win32::INVALID_PARAMETER)?;
        let in_ptr = if input.is_empty() {
            std::ptr::null()
        } else {
            input.as_ptr().cast::<c_void>()
        };
        let out_ptr = if output.is_empty() {
            std::ptr::null_mut()
        } else {
            output.as_mut_ptr().cast::<c_void>()
        };
        let mut returned = 0u32;
        // SAFETY: `handle` is open (the owner outlives this value); input and output point at
        // live buffers of the stated lengths, or are null with length 0, for the duration of
        // this synchronous call (no OVERLAPPED). METHOD_BUFFERED requests copy through a system
        // buffer, so the buffers need no particular alignment.
        let ok = unsafe {
            DeviceIoControl(
                self.handle,
                code,
                in_ptr,
                in_len,
                out_ptr,
                out_len,
                &mut returned,
                std::ptr::null_mut(),
            )
        };
        if ok == 0 {
            // SAFETY: GetLastError has no preconditions.
            return Err(unsafe { GetLastError() });
        }
        Ok((returned as usize).min(output.len()))
    }
}
