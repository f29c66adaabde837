//! [`IoKitTransport`]: one drive opened through the MMC user client with exclusive access.
//!
//! Opening follows Apple's authoring sample: unmount the disc (DiskArbitration), create the
//! MMC plug-in for the nub, `QueryInterface` for `MMCDeviceInterface`, take its
//! `SCSITaskDeviceInterface` and `ObtainExclusiveAccess`. Each acquired piece is its own RAII
//! owner, declared in the struct so that dropping releases them in the reverse order of
//! acquisition on every path: exclusive access, the task-device interface, the MMC interface,
//! the plug-in, the registry object. While Kiln holds exclusive access `/dev/diskN` is gone
//! and macOS will not mount anything; on release it sees the disc "as new" and mounts it.

use std::ffi::c_void;
use std::thread;
use std::time::Duration;

use super::abi::{
    io_return, CFUUIDBytes, IOCFPlugInInterface, MMCDeviceInterface, SCSISenseData,
    SCSITaskDeviceInterface, SCSITaskInterface, CF_PLUGIN_INTERFACE_ID, MMC_DEVICE_INTERFACE_ID,
    MMC_DEVICE_USER_CLIENT_TYPE_ID, SENSE_LEN,
};
use super::ffi::{self, IoObject};
use super::status::{check_cdb, data_phase, io_error, task_outcome, timeout_ms};
use super::{discover, unmount};
use crate::transport::{CommandOutcome, DataDirection, ScsiTransport, TransportError};

/// Tries of `ObtainExclusiveAccess` while the file system lets go of a just-unmounted disc.
const EXCLUSIVE_TRIES: u32 = 4;
const EXCLUSIVE_RETRY: Duration = Duration::from_secs(1);

/// `IOCFPlugInInterface**`, destroyed on drop.
struct PlugIn(*mut *mut IOCFPlugInInterface);

impl Drop for PlugIn {
    fn drop(&mut self) {
        // SAFETY: `self.0` came from a successful `IOCreatePlugInInterfaceForService` and is
        // destroyed once, after the interfaces obtained from it were released (field order).
        unsafe { ffi::IODestroyPlugInInterface(self.0) };
    }
}

/// A COM-style interface pointer whose one reference is released on drop. Every vtable starts
/// with the IUnknown header, so `Release` is read through that common prefix.
struct Interface<V>(*mut *mut V);

#[repr(C)]
struct IUnknownHeader {
    _reserved: *mut c_void,
    _query_interface: *const c_void,
    _add_ref: *const c_void,
    release: Option<super::abi::RefCountFn>,
}

impl<V> Drop for Interface<V> {
    fn drop(&mut self) {
        // SAFETY: `self.0` is a live interface pointer whose vtable begins with the IUnknown
        // header (true of every interface in `abi.rs`); its reference is owned by `self` and
        // released once.
        unsafe {
            let header = (*self.0).cast::<IUnknownHeader>();
            if let Some(release) = (*header).release {
                release(self.0.cast());
            }
        }
    }
}

/// Exclusive access held on a task-device interface, released on drop.
struct Exclusive(*mut *mut SCSITaskDeviceInterface);

impl Drop for Exclusive {
    fn drop(&mut self) {
        // SAFETY: `self.0` is the live task-device interface (its owner is dropped after this
        // field) on which `ObtainExclusiveAccess` succeeded.
        unsafe {
            if let Some(release) = (**self.0).ReleaseExclusiveAccess {
                let rc = release(self.0.cast());
                if rc != io_return::SUCCESS {
                    tracing::warn!(rc, "IOKit: ReleaseExclusiveAccess failed");
                }
            }
        }
    }
}

/// A drive opened through IOKit with exclusive access.
pub struct IoKitTransport {
    // Field order is drop order: the reverse of acquisition.
    _exclusive: Exclusive,
    device: Interface<SCSITaskDeviceInterface>,
    _mmc: Interface<MMCDeviceInterface>,
    _plugin: PlugIn,
    _service: IoObject,
    name: String,
}

impl std::fmt::Debug for IoKitTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IoKitTransport")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

// SAFETY: the user-client interfaces are not tied to the thread that created them (no run-loop
// callbacks are used: every task runs with `ExecuteTaskSync`), and the transport is used by
// one thread at a time (`&mut self`), which is all the library requires.
unsafe impl Send for IoKitTransport {}

/// A missing vtable slot: an interface older than the one the header describes.
fn missing(device: &str, method: &str) -> TransportError {
    TransportError::Os {
        device: device.to_string(),
        message: format!("this version of macOS lacks {method}; Kiln cannot drive the recorder"),
    }
}

impl IoKitTransport {
    /// Opens the authoring drive whose registry entry ID is `registry_id` (see
    /// [`super::recorder_id`]): unmounts its disc, then takes exclusive access.
    pub fn open(registry_id: u64) -> Result<Self, TransportError> {
        let id = super::recorder_id(registry_id);
        let service = discover::find(registry_id)
            .ok_or(TransportError::Disconnected { device: id.clone() })?;
        let info = discover::describe(&service);
        let name = info
            .as_ref()
            .map(|d| d.display_name())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| id.clone());
        let bsd = info.and_then(|d| d.bsd_name);
        if let Some(bsd) = &bsd {
            unmount::unmount_whole(&name, bsd)?;
        }

        let mut plugin: *mut *mut IOCFPlugInInterface = std::ptr::null_mut();
        let mut score = 0i32;
        // SAFETY: `service` is a live nub; both UUID refs are CF constants; the out pointers
        // are valid locals.
        let rc = unsafe {
            ffi::IOCreatePlugInInterfaceForService(
                service.raw(),
                ffi::constant_uuid(&MMC_DEVICE_USER_CLIENT_TYPE_ID),
                ffi::constant_uuid(&CF_PLUGIN_INTERFACE_ID),
                &mut plugin,
                &mut score,
            )
        };
        if rc != io_return::SUCCESS || plugin.is_null() {
            return Err(io_error(
                &name,
                rc,
                "creating the MMC plug-in",
                bsd.as_deref(),
            ));
        }
        let plugin = PlugIn(plugin);

        let mmc = query_mmc(&plugin, &name)?;
        // SAFETY: `mmc` is a live `MMCDeviceInterface**`; the slot is checked for null.
        let device = unsafe {
            let get = (**mmc.0)
                .GetSCSITaskDeviceInterface
                .ok_or_else(|| missing(&name, "GetSCSITaskDeviceInterface"))?;
            get(mmc.0.cast())
        };
        if device.is_null() {
            return Err(TransportError::Os {
                device: name,
                message: "the MMC user client gave no SCSI task interface".into(),
            });
        }
        let device = Interface(device);
        let exclusive = obtain_exclusive(&device, &name, bsd.as_deref())?;
        tracing::info!(recorder = %name, "IOKit: exclusive access obtained");
        Ok(IoKitTransport {
            _exclusive: exclusive,
            device,
            _mmc: mmc,
            _plugin: plugin,
            _service: service,
            name,
        })
    }

    /// The drive's name, as used in messages.
    pub fn name(&self) -> &str {
        &self.name
    }
}

fn query_mmc(plugin: &PlugIn, name: &str) -> Result<Interface<MMCDeviceInterface>, TransportError> {
    let mut mmc: *mut c_void = std::ptr::null_mut();
    let iid: CFUUIDBytes = MMC_DEVICE_INTERFACE_ID;
    // SAFETY: `plugin.0` is a live plug-in; `QueryInterface` takes the IID by value (as
    // declared) and writes one interface pointer into `mmc`.
    let hr = unsafe {
        let query = (**plugin.0)
            .QueryInterface
            .ok_or_else(|| missing(name, "QueryInterface"))?;
        query(plugin.0.cast(), iid, &mut mmc)
    };
    if hr != 0 || mmc.is_null() {
        return Err(TransportError::Os {
            device: name.to_string(),
            message: format!(
                "the drive's user client does not offer the MMC interface (HRESULT {:#010x})",
                hr as u32
            ),
        });
    }
    Ok(Interface(mmc.cast()))
}

fn obtain_exclusive(
    device: &Interface<SCSITaskDeviceInterface>,
    name: &str,
    bsd: Option<&str>,
) -> Result<Exclusive, TransportError> {
    // SAFETY: `device.0` is a live task-device interface; the slot is checked for null.
    let obtain = unsafe { (**device.0).ObtainExclusiveAccess }
        .ok_or_else(|| missing(name, "ObtainExclusiveAccess"))?;
    let mut tries = 0;
    loop {
        tries += 1;
        // SAFETY: as above; the call takes only the interface pointer.
        let rc = unsafe { obtain(device.0.cast()) };
        if rc == io_return::SUCCESS {
            return Ok(Exclusive(device.0));
        }
        // Busy right after an unmount: the block-storage driver is still closing.
        if rc == io_return::BUSY && tries < EXCLUSIVE_TRIES {
            tracing::debug!(
                recorder = name,
                tries,
                "IOKit: drive busy, retrying exclusive access"
            );
            thread::sleep(EXCLUSIVE_RETRY);
            continue;
        }
        return Err(io_error(name, rc, "taking exclusive access", bsd));
    }
}

/// One `SCSITaskInterface`, released on drop (one task per command).
struct Task(Interface<SCSITaskInterface>);

impl Task {
    fn vtable(&self) -> &SCSITaskInterface {
        // SAFETY: the task pointer is live while `self` is; its vtable is static in the
        // library and never changes.
        unsafe { &**self.0 .0 }
    }

    fn this(&self) -> *mut c_void {
        self.0 .0.cast()
    }
}

impl ScsiTransport for IoKitTransport {
    fn execute(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
        timeout: Duration,
    ) -> Result<CommandOutcome, TransportError> {
        let cdb_len = check_cdb(cdb)?;
        let name = self.name.as_str();
        // SAFETY: the task-device interface is live and exclusive access is held for as long
        // as `self` exists (`self._exclusive`), as task creation requires; the slot is checked
        // for null.
        let task = unsafe {
            let create = (**self.device.0)
                .CreateSCSITask
                .ok_or_else(|| missing(name, "CreateSCSITask"))?;
            create(self.device.0.cast())
        };
        if task.is_null() {
            return Err(TransportError::Os {
                device: name.to_string(),
                message: "IOKit could not create a SCSI task".into(),
            });
        }
        let task = Task(Interface(task));
        let v = task.vtable();
        let check = |rc: i32, what: &str| -> Result<(), TransportError> {
            if rc == io_return::SUCCESS {
                Ok(())
            } else {
                Err(io_error(name, rc, what, None))
            }
        };

        // The library copies the CDB; it never writes through the pointer despite the type.
        let mut cdb_copy = [0u8; 16];
        cdb_copy[..cdb.len()].copy_from_slice(cdb);
        let set_cdb = v
            .SetCommandDescriptorBlock
            .ok_or_else(|| missing(name, "SetCommandDescriptorBlock"))?;
        // SAFETY: `cdb_copy` holds `cdb_len` valid bytes for the duration of the call.
        check(
            unsafe { set_cdb(task.this(), cdb_copy.as_mut_ptr(), cdb_len) },
            "setting the command",
        )?;

        // `dir` borrows the caller's buffer for the whole of this call, so the address stays
        // valid until `ExecuteTaskSync` has returned. A read buffer's address comes from the
        // unique `&mut`, since the library writes through it.
        let mut dir = dir;
        let requested = dir.len();
        let (address, to_device) = match &mut dir {
            DataDirection::None => (0usize, false),
            DataDirection::FromDevice(buf) => (buf.as_mut_ptr() as usize, false),
            DataDirection::ToDevice(buf) => (buf.as_ptr() as usize, true),
        };
        if let Some((mut element, direction)) = data_phase(address, requested, to_device) {
            let set_sg = v
                .SetScatterGatherEntries
                .ok_or_else(|| missing(name, "SetScatterGatherEntries"))?;
            // SAFETY: `element` describes the caller's buffer, which stays borrowed (and, for
            // reads, uniquely borrowed as `&mut`) until `ExecuteTaskSync` below returns; the
            // library reads a TO_DEVICE buffer and writes a FROM_DEVICE one, nothing else.
            check(
                unsafe { set_sg(task.this(), &mut element, 1, element.length, direction) },
                "setting the data buffer",
            )?;
        }

        let set_timeout = v
            .SetTimeoutDuration
            .ok_or_else(|| missing(name, "SetTimeoutDuration"))?;
        // SAFETY: plain value argument on a live task.
        check(
            unsafe { set_timeout(task.this(), timeout_ms(timeout)) },
            "setting the timeout",
        )?;

        let run = v
            .ExecuteTaskSync
            .ok_or_else(|| missing(name, "ExecuteTaskSync"))?;
        let mut sense = SCSISenseData([0; SENSE_LEN]);
        let mut status = 0u32;
        let mut realized = 0u64;
        // SAFETY: the out pointers are valid locals of the declared sizes (18-byte sense, u32
        // status, u64 count); the data buffer set above is still borrowed by `dir`.
        let rc = unsafe { run(task.this(), &mut sense, &mut status, &mut realized) };
        if rc != io_return::SUCCESS {
            return Err(match io_error(name, rc, "running the command", None) {
                TransportError::Timeout(_) => TransportError::Timeout(timeout),
                e => e,
            });
        }
        let get_response = v
            .GetSCSIServiceResponse
            .ok_or_else(|| missing(name, "GetSCSIServiceResponse"))?;
        let mut response = 0u32;
        // SAFETY: valid out pointer on a live, finished task.
        check(
            unsafe { get_response(task.this(), &mut response) },
            "reading the service response",
        )?;
        task_outcome(
            name, response, status, &sense.0, realized, requested, timeout,
        )
    }
}
