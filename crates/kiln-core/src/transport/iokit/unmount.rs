//! Unmounting the disc through DiskArbitration before asking for exclusive access (which macOS
//! refuses with `kIOReturnBusy` while a volume of the disc is mounted).
//!
//! The session is scheduled on this thread's run loop in a private mode, and only that mode is
//! run while waiting, so no other source of the thread (a window's events, timers) runs inside
//! Kiln's wait.

use std::ffi::{c_void, CString};
use std::time::{Duration, Instant};

use super::abi::{da_return, DA_UNMOUNT_WHOLE};
use super::ffi::{self, cf_string, CfOwned, DADiskRef, DADissenterRef};
use super::status::unmount_result;
use crate::transport::TransportError;

/// How long Finder and the file system get to let go of the disc.
const UNMOUNT_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the callback leaves its answer.
struct Reply {
    done: bool,
    status: i32,
}

extern "C" fn unmounted(_disk: DADiskRef, dissenter: DADissenterRef, context: *mut c_void) {
    // SAFETY: `context` is the `&mut Reply` that `unmount_whole` passed to `DADiskUnmount`; it
    // outlives the callback, which DiskArbitration calls on this same thread while
    // `unmount_whole` runs the run loop (so there is no concurrent access).
    let reply = unsafe { &mut *context.cast::<Reply>() };
    reply.status = if dissenter.is_null() {
        da_return::SUCCESS
    } else {
        // SAFETY: a non-null dissenter is valid for the duration of the callback.
        unsafe { ffi::DADissenterGetStatus(dissenter) }
    };
    reply.done = true;
}

/// Unmounts every volume of the whole disc `bsd_name` (`diskN`) and waits for the answer.
pub(super) fn unmount_whole(device: &str, bsd_name: &str) -> Result<(), TransportError> {
    let os_error = |message: String| TransportError::Os {
        device: device.to_string(),
        message,
    };
    let name =
        CString::new(bsd_name).map_err(|_| os_error(format!("invalid BSD name {bsd_name:?}")))?;
    let mode = cf_string("org.kiln.unmount")
        .ok_or_else(|| os_error("CoreFoundation could not allocate a string".into()))?;
    // SAFETY: a new session owned by `CfOwned`; the default allocator (null) is allowed.
    let session = unsafe { CfOwned::new(ffi::DASessionCreate(std::ptr::null())) }
        .ok_or_else(|| os_error("DiskArbitration refused to open a session".into()))?;
    // SAFETY: `session` is live and `name` a NUL-terminated BSD name; the disk object is new
    // and owned by `CfOwned`.
    let disk = unsafe {
        CfOwned::new(ffi::DADiskCreateFromBSDName(
            std::ptr::null(),
            session.get().cast_mut(),
            name.as_ptr(),
        ))
    };
    let Some(disk) = disk else {
        // DiskArbitration does not know the disc (it went away since discovery, or has no
        // volumes): nothing of it is mounted. Exclusive access will say if the drive is gone.
        tracing::debug!(
            bsd_name,
            "DiskArbitration has no disk object; nothing to unmount"
        );
        return Ok(());
    };
    // SAFETY: the current thread's run loop exists for the life of the thread.
    let run_loop = unsafe { ffi::CFRunLoopGetCurrent() };
    // SAFETY: `session` and `mode` are live; the session is unscheduled below before they are
    // released.
    unsafe { ffi::DASessionScheduleWithRunLoop(session.get().cast_mut(), run_loop, mode.get()) };
    let mut reply = Reply {
        done: false,
        status: 0,
    };
    // SAFETY: `disk` is live; `reply` outlives the wait below, and the callback only runs
    // while this thread runs the run loop in `mode`.
    unsafe {
        ffi::DADiskUnmount(
            disk.get().cast_mut(),
            DA_UNMOUNT_WHOLE,
            Some(unmounted),
            (&mut reply as *mut Reply).cast(),
        )
    };
    let deadline = Instant::now() + UNMOUNT_TIMEOUT;
    while !reply.done && Instant::now() < deadline {
        // SAFETY: `mode` is a live CFString; running the current thread's run loop is allowed
        // on any thread.
        let r = unsafe { ffi::CFRunLoopRunInMode(mode.get(), 0.25, 1) };
        if r == ffi::RUN_LOOP_FINISHED && !reply.done {
            // The mode lost its only source: the callback cannot come any more.
            break;
        }
    }
    // SAFETY: as when scheduling. After this no callback can run, so `reply` may go.
    unsafe { ffi::DASessionUnscheduleFromRunLoop(session.get().cast_mut(), run_loop, mode.get()) };
    if !reply.done {
        return Err(TransportError::Busy {
            device: device.to_string(),
            hint: format!(
                "macOS did not unmount the disc ({bsd_name}) within {} seconds: eject it in Finder or run `diskutil unmountDisk {bsd_name}`",
                UNMOUNT_TIMEOUT.as_secs()
            ),
        });
    }
    tracing::debug!(
        bsd_name,
        status = reply.status,
        "DiskArbitration unmount finished"
    );
    unmount_result(device, bsd_name, reply.status)
}
