//! Windows SCSI Pass-Through Direct (`IOCTL_SCSI_PASS_THROUGH_DIRECT`) on a CD-ROM device handle.
//!
//! One handle opened `GENERIC_READ | GENERIC_WRITE` (pass-through needs both) with
//! `FILE_SHARE_READ | FILE_SHARE_WRITE`, on `\\.\X:` or a CD-ROM interface path. The data buffer
//! must satisfy the adapter's `AlignmentMask` and stay within its maximum transfer, else Windows
//! answers error 87; every command goes through a page-aligned bounce buffer sized for the request.
//!
//! [`SptiTransport::open_for_writing`] and [`SptiTransport::open_for_reading`] give the transport
//! behind a [`WriteGuarded`] that takes the drive from Windows (volume lock and dismount, then
//! `IOCTL_CDROM_EXCLUSIVE_ACCESS`; see [`super::spti_lock`]): a burn takes it when it opens the
//! drive, a reading session never does unless it sends a write-class command. The guard is
//! released before the handle is closed.
//!
//! Only compile-checked in this repository's CI (`cargo check --target x86_64-pc-windows-gnu`);
//! the layouts are asserted at compile time against the sizes in PLATFORMS notes.

use std::alloc::{self, Layout};
use std::ffi::c_void;
use std::mem::{offset_of, size_of};
use std::time::Duration;

use windows_sys::Win32::Foundation::{
    CloseHandle, GetLastError, GENERIC_READ, GENERIC_WRITE, HANDLE, INVALID_HANDLE_VALUE,
};
use windows_sys::Win32::Storage::FileSystem::{
    CreateFileW, FILE_SHARE_READ, FILE_SHARE_WRITE, OPEN_EXISTING,
};
use windows_sys::Win32::Storage::IscsiDisc::{
    IOCTL_SCSI_PASS_THROUGH_DIRECT, SCSI_IOCTL_DATA_IN, SCSI_IOCTL_DATA_OUT,
    SCSI_IOCTL_DATA_UNSPECIFIED, SCSI_PASS_THROUGH_DIRECT,
};
use windows_sys::Win32::System::Ioctl::{
    PropertyStandardQuery, StorageAdapterProperty, IOCTL_STORAGE_QUERY_PROPERTY,
    STORAGE_ADAPTER_DESCRIPTOR, STORAGE_PROPERTY_QUERY,
};
use windows_sys::Win32::System::IO::DeviceIoControl;

use super::spti_lock::win::HandleControl;
use super::spti_lock::{drive_name, DriveLock, RetryPolicy};
use super::write_guard::WriteGuarded;
use super::{CommandOutcome, DataDirection, ScsiStatus, ScsiTransport, TransportError};

/// An SPTI transport that takes the drive from Windows before it writes (see the module docs).
pub type GuardedSpti = WriteGuarded<SptiTransport, DriveLock<HandleControl>>;

const SENSE_LEN: usize = 32;

/// The pass-through structure followed by its sense buffer, as Microsoft's SPTI sample lays it
/// out; `SenseInfoOffset` points at `sense`.
#[repr(C)]
struct Sptdwb {
    sptd: SCSI_PASS_THROUGH_DIRECT,
    sense: [u8; SENSE_LEN],
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    assert!(size_of::<SCSI_PASS_THROUGH_DIRECT>() == 56);
    assert!(offset_of!(SCSI_PASS_THROUGH_DIRECT, DataTransferLength) == 12);
    assert!(offset_of!(SCSI_PASS_THROUGH_DIRECT, TimeOutValue) == 16);
    assert!(offset_of!(SCSI_PASS_THROUGH_DIRECT, DataBuffer) == 24);
    assert!(offset_of!(SCSI_PASS_THROUGH_DIRECT, SenseInfoOffset) == 32);
    assert!(offset_of!(SCSI_PASS_THROUGH_DIRECT, Cdb) == 36);
    assert!(offset_of!(Sptdwb, sense) == 56);
    assert!(size_of::<Sptdwb>() == 88);
    assert!(size_of::<STORAGE_PROPERTY_QUERY>() == 12);
    assert!(size_of::<STORAGE_ADAPTER_DESCRIPTOR>() == 32);
    assert!(IOCTL_SCSI_PASS_THROUGH_DIRECT == 0x4D014);
    assert!(IOCTL_STORAGE_QUERY_PROPERTY == 0x2D1400);
};

/// A page-aligned heap buffer (the adapter's alignment mask never exceeds a page).
struct Bounce {
    ptr: *mut u8,
    layout: Layout,
}

impl Bounce {
    fn new(len: usize) -> Result<Self, TransportError> {
        let layout = Layout::from_size_align(len.max(1), 4096)
            .map_err(|e| TransportError::InvalidRequest(e.to_string()))?;
        // SAFETY: the layout has a non-zero size.
        let ptr = unsafe { alloc::alloc_zeroed(layout) };
        if ptr.is_null() {
            alloc::handle_alloc_error(layout);
        }
        Ok(Bounce { ptr, layout })
    }

    fn as_mut_slice(&mut self, len: usize) -> &mut [u8] {
        // SAFETY: `ptr` is valid, initialised (zeroed) memory of `layout.size() >= len` bytes,
        // uniquely owned by `self`.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, len.min(self.layout.size())) }
    }
}

impl Drop for Bounce {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with exactly this layout.
        unsafe { alloc::dealloc(self.ptr, self.layout) }
    }
}

/// A recorder opened through SPTI.
#[derive(Debug)]
pub struct SptiTransport {
    handle: HANDLE,
    path: String,
    max_transfer: usize,
}

// SAFETY: a Windows file handle is a process-wide kernel object reference; it may be used and
// closed from any thread. The transport is used by one thread at a time (`&mut self`).
unsafe impl Send for SptiTransport {}

impl Drop for SptiTransport {
    fn drop(&mut self) {
        // SAFETY: `handle` came from a successful `CreateFileW` and is closed exactly once.
        unsafe { CloseHandle(self.handle) };
    }
}

fn last_error() -> u32 {
    // SAFETY: GetLastError has no preconditions.
    unsafe { GetLastError() }
}

fn win_error(device: &str, code: u32, what: &str) -> TransportError {
    let device = device.to_string();
    match code {
        5 => TransportError::PermissionDenied {
            device,
            hint: "Windows denied access to the drive: close other burning programs, or start Kiln as administrator (right-click, Run as administrator)".into(),
        },
        32 | 33 => TransportError::Busy {
            device,
            hint: "another program uses the drive; close it (Explorer's disc burning, media players) and try again".into(),
        },
        2 | 3 | 21 | 1167 => TransportError::Disconnected { device },
        121 => TransportError::Timeout(Duration::ZERO),
        87 => TransportError::InvalidRequest(format!(
            "{what}: Windows rejected the request's layout, alignment or size (error 87)"
        )),
        _ => TransportError::Os {
            device,
            message: format!("{what} failed with Windows error {code}"),
        },
    }
}

impl SptiTransport {
    /// Opens `path` for a burn or an erase and takes the drive from Windows at once, so that a
    /// disc in use is reported before anything is sent. Dropping the transport gives it back.
    pub fn open_for_writing(path: &str) -> Result<GuardedSpti, TransportError> {
        let mut t = Self::open_for_reading(path)?;
        t.take_now()?;
        Ok(t)
    }

    /// Opens `path` for reading (media information, a verify): the drive stays Windows' unless
    /// a write-class command is sent.
    pub fn open_for_reading(path: &str) -> Result<GuardedSpti, TransportError> {
        let t = Self::open(path)?;
        Ok(WriteGuarded::new(t, |t: &mut SptiTransport| {
            DriveLock::acquire(
                HandleControl::new(t.handle),
                &drive_name(&t.path),
                RetryPolicy::VOLUME_LOCK,
            )
        }))
    }

    /// Opens `\\.\X:` (or an interface path) and learns the adapter's limits. Takes nothing
    /// from Windows: see [`SptiTransport::open_for_writing`].
    pub fn open(path: &str) -> Result<Self, TransportError> {
        let wide: Vec<u16> = path.encode_utf16().chain(std::iter::once(0)).collect();
        // SAFETY: `wide` is a NUL-terminated UTF-16 string that outlives the call; the security
        // attributes and template handle may be null.
        let handle = unsafe {
            CreateFileW(
                wide.as_ptr(),
                GENERIC_READ | GENERIC_WRITE,
                FILE_SHARE_READ | FILE_SHARE_WRITE,
                std::ptr::null(),
                OPEN_EXISTING,
                0,
                std::ptr::null_mut(),
            )
        };
        if handle == INVALID_HANDLE_VALUE || handle.is_null() {
            return Err(win_error(path, last_error(), "opening the drive"));
        }
        let mut t = SptiTransport {
            handle,
            path: path.to_string(),
            max_transfer: 64 * 1024,
        };
        if let Some(adapter) = t.adapter_descriptor() {
            let pages = (adapter.MaximumPhysicalPages.max(2) as usize - 1) << 12;
            t.max_transfer = (adapter.MaximumTransferLength as usize)
                .min(pages)
                .max(4096);
        }
        Ok(t)
    }

    fn adapter_descriptor(&self) -> Option<STORAGE_ADAPTER_DESCRIPTOR> {
        let query = STORAGE_PROPERTY_QUERY {
            PropertyId: StorageAdapterProperty,
            QueryType: PropertyStandardQuery,
            AdditionalParameters: [0],
        };
        let mut out = STORAGE_ADAPTER_DESCRIPTOR::default();
        let mut returned = 0u32;
        // SAFETY: input and output point at live, correctly sized structures for the duration of
        // this synchronous call (no OVERLAPPED).
        let ok = unsafe {
            DeviceIoControl(
                self.handle,
                IOCTL_STORAGE_QUERY_PROPERTY,
                (&query as *const STORAGE_PROPERTY_QUERY).cast::<c_void>(),
                size_of::<STORAGE_PROPERTY_QUERY>() as u32,
                (&mut out as *mut STORAGE_ADAPTER_DESCRIPTOR).cast::<c_void>(),
                size_of::<STORAGE_ADAPTER_DESCRIPTOR>() as u32,
                &mut returned,
                std::ptr::null_mut(),
            )
        };
        (ok != 0 && returned as usize >= offset_of!(STORAGE_ADAPTER_DESCRIPTOR, AdapterUsesPio))
            .then_some(out)
    }

    /// The largest data phase the adapter takes in one command.
    pub fn max_transfer(&self) -> usize {
        self.max_transfer
    }
}

impl ScsiTransport for SptiTransport {
    fn execute(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
        timeout: Duration,
    ) -> Result<CommandOutcome, TransportError> {
        if !(6..=16).contains(&cdb.len()) {
            return Err(TransportError::InvalidRequest(format!(
                "a CDB must have 6 to 16 bytes, not {}",
                cdb.len()
            )));
        }
        let len = dir.len();
        if len > self.max_transfer {
            return Err(TransportError::InvalidRequest(format!(
                "{len} bytes exceed the adapter's maximum transfer of {} bytes",
                self.max_transfer
            )));
        }
        let mut bounce = Bounce::new(len)?;
        let data_in = match &dir {
            DataDirection::None => SCSI_IOCTL_DATA_UNSPECIFIED,
            DataDirection::FromDevice(_) => SCSI_IOCTL_DATA_IN,
            DataDirection::ToDevice(src) => {
                bounce.as_mut_slice(len).copy_from_slice(src);
                SCSI_IOCTL_DATA_OUT
            }
        };
        let mut w = Sptdwb {
            sptd: SCSI_PASS_THROUGH_DIRECT {
                Length: size_of::<SCSI_PASS_THROUGH_DIRECT>() as u16,
                CdbLength: cdb.len() as u8,
                SenseInfoLength: SENSE_LEN as u8,
                DataIn: data_in as u8,
                DataTransferLength: len as u32,
                // Seconds, never 0.
                TimeOutValue: u32::try_from(timeout.as_secs()).unwrap_or(u32::MAX).max(1),
                DataBuffer: if len == 0 {
                    std::ptr::null_mut()
                } else {
                    bounce.ptr.cast()
                },
                SenseInfoOffset: offset_of!(Sptdwb, sense) as u32,
                ..Default::default()
            },
            sense: [0; SENSE_LEN],
        };
        w.sptd.Cdb[..cdb.len()].copy_from_slice(cdb);
        let mut returned = 0u32;
        let size = size_of::<Sptdwb>() as u32;
        let wp = (&mut w as *mut Sptdwb).cast::<c_void>();
        // SAFETY: `w` is a correctly laid out SCSI_PASS_THROUGH_DIRECT plus sense buffer (sizes and
        // offsets asserted above) used as both input and output; `DataBuffer` points at a live,
        // page-aligned allocation of at least `DataTransferLength` bytes. The call is synchronous,
        // so no pointer outlives it.
        let ok = unsafe {
            DeviceIoControl(
                self.handle,
                IOCTL_SCSI_PASS_THROUGH_DIRECT,
                wp,
                size,
                wp,
                size,
                &mut returned,
                std::ptr::null_mut(),
            )
        };
        if ok == 0 {
            return Err(
                match win_error(&self.path, last_error(), "the pass-through request") {
                    TransportError::Timeout(_) => TransportError::Timeout(timeout),
                    e => e,
                },
            );
        }
        let transferred = (w.sptd.DataTransferLength as usize).min(len);
        if let DataDirection::FromDevice(buf) = dir {
            buf[..transferred].copy_from_slice(&bounce.as_mut_slice(len)[..transferred]);
        }
        let status = ScsiStatus(w.sptd.ScsiStatus);
        let sense_len = usize::from(w.sptd.SenseInfoLength).min(SENSE_LEN);
        Ok(CommandOutcome {
            status,
            sense: if status == ScsiStatus::CHECK_CONDITION {
                w.sense[..sense_len].to_vec()
            } else {
                Vec::new()
            },
            residual: len - transferred,
        })
    }
}
