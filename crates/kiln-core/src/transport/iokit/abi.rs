//! The binary interface of Apple's SCSI Architecture Model user-client library, written out for
//! Rust: the CFUUIDs of the plug-in types and interfaces, the COM-style vtables
//! (`IOCFPlugInInterface`, `MMCDeviceInterface`, `SCSITaskDeviceInterface`, `SCSITaskInterface`),
//! and the constants of `SCSITask.h` and `IOReturn.h`.
//!
//! Declared on every platform (they are plain data types and function-pointer types) so that
//! their layout is tested by `cargo test` on Linux too; only `iokit/device.rs`, compiled for
//! macOS alone, calls through them. Field order follows the SDK's `IOKit/scsi/SCSITaskLib.h`
//! (macOS 10.x to 11.x: new methods were only ever appended), and every slot is one pointer.
//! Slots Kiln never calls are declared as `*const c_void`: the layout is what matters there.

// A transcription of the headers: the macOS code uses most of it, the rest (the other user
// client's UUIDs, the response codes Kiln reports generically) is kept so the tests below check
// the whole table, and elsewhere than macOS only the tests use any of it.
#![allow(dead_code)]
// Names as in the C headers, so they can be looked up there.
#![allow(non_snake_case, clippy::upper_case_acronyms)]

use std::ffi::c_void;

/// `IOReturn` / `kern_return_t` (`int`).
pub type IOReturn = i32;
/// `HRESULT` of the COM-style `QueryInterface` (`SInt32`).
pub type HRESULT = i32;
/// `ULONG` of `AddRef`/`Release` (`UInt32`).
pub type ULONG = u32;

/// `CFUUIDBytes`: 16 bytes in the order they are written in the UUID string. `QueryInterface`
/// takes it **by value** (`REFIID`), not by pointer: passing a pointer corrupts the call.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CFUUIDBytes(pub [u8; 16]);

// The UUIDs below are the arguments of the `CFUUIDGetConstantUUIDWithBytes(NULL, 0x.., ...)`
// macros in the SDK's `IOKit/scsi/SCSITaskLib.h` (the SCSI task and MMC ones) and
// `IOKit/IOCFPlugIn.h` (`kIOCFPlugInInterfaceID`), byte for byte in the order written there.

/// `kIOMMCDeviceUserClientTypeID` 97ABCF2C-23CC-11D5-A0E8-003065704866: the plug-in type that
/// `SCSITaskUserClientIniter` publishes on authoring (type 05h) devices.
pub const MMC_DEVICE_USER_CLIENT_TYPE_ID: CFUUIDBytes = CFUUIDBytes([
    0x97, 0xAB, 0xCF, 0x2C, 0x23, 0xCC, 0x11, 0xD5, 0xA0, 0xE8, 0x00, 0x30, 0x65, 0x70, 0x48, 0x66,
]);
/// `kIOSCSITaskDeviceUserClientTypeID` 7D66678E-08A2-11D5-A1B8-0030657D052A (devices without an
/// in-kernel driver; optical drives always have one, so Kiln does not use it).
pub const SCSI_TASK_DEVICE_USER_CLIENT_TYPE_ID: CFUUIDBytes = CFUUIDBytes([
    0x7D, 0x66, 0x67, 0x8E, 0x08, 0xA2, 0x11, 0xD5, 0xA1, 0xB8, 0x00, 0x30, 0x65, 0x7D, 0x05, 0x2A,
]);
/// `kIOMMCDeviceInterfaceID` 1F651106-23CC-11D5-BBDB-003065704866.
pub const MMC_DEVICE_INTERFACE_ID: CFUUIDBytes = CFUUIDBytes([
    0x1F, 0x65, 0x11, 0x06, 0x23, 0xCC, 0x11, 0xD5, 0xBB, 0xDB, 0x00, 0x30, 0x65, 0x70, 0x48, 0x66,
]);
/// `kIOSCSITaskDeviceInterfaceID` 1BBC4132-08A5-11D5-90ED-0030657D052A.
pub const SCSI_TASK_DEVICE_INTERFACE_ID: CFUUIDBytes = CFUUIDBytes([
    0x1B, 0xBC, 0x41, 0x32, 0x08, 0xA5, 0x11, 0xD5, 0x90, 0xED, 0x00, 0x30, 0x65, 0x7D, 0x05, 0x2A,
]);
/// `kIOCFPlugInInterfaceID` C244E858-109C-11D4-91D4-0050E4C6426F.
pub const CF_PLUGIN_INTERFACE_ID: CFUUIDBytes = CFUUIDBytes([
    0xC2, 0x44, 0xE8, 0x58, 0x10, 0x9C, 0x11, 0xD4, 0x91, 0xD4, 0x00, 0x50, 0xE4, 0xC6, 0x42, 0x6F,
]);

/// `SCSITaskSGElement` = `IOAddressRange`: two 64-bit fields on both Intel and Apple silicon
/// (the older `IOVirtualRange` has a 32-bit length on x86_64 user space; not this one).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SCSITaskSGElement {
    /// Address of the buffer in this process.
    pub address: u64,
    /// Its length in bytes.
    pub length: u64,
}

/// `SCSI_Sense_Data`: the 18 bytes of fixed-format sense that `ExecuteTaskSync` fills.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SCSISenseData(pub [u8; SENSE_LEN]);

/// Size of `SCSI_Sense_Data`.
pub const SENSE_LEN: usize = 18;

/// `QueryInterface(self, REFIID, LPVOID*)`.
pub type QueryInterfaceFn =
    unsafe extern "C" fn(this: *mut c_void, iid: CFUUIDBytes, out: *mut *mut c_void) -> HRESULT;
/// `AddRef(self)` / `Release(self)`.
pub type RefCountFn = unsafe extern "C" fn(this: *mut c_void) -> ULONG;
/// Methods that take only `self` and return an `IOReturn`.
pub type SelfFn = unsafe extern "C" fn(this: *mut c_void) -> IOReturn;
/// Getters of a `UInt32`-sized enum (`GetSCSIServiceResponse`, `GetTaskStatus`, ...).
pub type GetU32Fn = unsafe extern "C" fn(this: *mut c_void, out: *mut u32) -> IOReturn;

/// `IOCFPlugInInterface` (`IOKit/IOCFPlugIn.h`): IUnknown, version/revision, Probe, Start, Stop.
#[repr(C)]
pub struct IOCFPlugInInterface {
    pub _reserved: *mut c_void,
    pub QueryInterface: Option<QueryInterfaceFn>,
    pub AddRef: Option<RefCountFn>,
    pub Release: Option<RefCountFn>,
    pub version: u16,
    pub revision: u16,
    pub Probe: *const c_void,
    pub Start: *const c_void,
    pub Stop: *const c_void,
}

/// `MMCDeviceInterface`: Kiln uses only `GetSCSITaskDeviceInterface` (slot 17) and sends every
/// command itself through the task interface.
#[repr(C)]
pub struct MMCDeviceInterface {
    pub _reserved: *mut c_void,
    pub QueryInterface: Option<QueryInterfaceFn>,
    pub AddRef: Option<RefCountFn>,
    pub Release: Option<RefCountFn>,
    pub version: u16,
    pub revision: u16,
    pub Inquiry: *const c_void,
    pub TestUnitReady: *const c_void,
    pub GetPerformance: *const c_void,
    pub GetConfiguration: *const c_void,
    pub ModeSense10: *const c_void,
    pub SetWriteParametersModePage: *const c_void,
    pub GetTrayState: *const c_void,
    pub SetTrayState: *const c_void,
    pub ReadTableOfContents: *const c_void,
    pub ReadDiscInformation: *const c_void,
    pub ReadTrackInformation: *const c_void,
    pub ReadDVDStructure: *const c_void,
    pub GetSCSITaskDeviceInterface:
        Option<unsafe extern "C" fn(this: *mut c_void) -> *mut *mut SCSITaskDeviceInterface>,
    pub GetPerformanceV2: *const c_void,
    pub SetCDSpeed: *const c_void,
    pub ReadFormatCapacities: *const c_void,
    pub ReadDiscStructure: *const c_void,
    pub ReadDiscInformationV2: *const c_void,
    pub ReadTrackInformationV2: *const c_void,
    pub SetStreaming: *const c_void,
}

/// `SCSITaskDeviceInterface`: exclusive access and task creation.
#[repr(C)]
pub struct SCSITaskDeviceInterface {
    pub _reserved: *mut c_void,
    pub QueryInterface: Option<QueryInterfaceFn>,
    pub AddRef: Option<RefCountFn>,
    pub Release: Option<RefCountFn>,
    pub version: u16,
    pub revision: u16,
    /// Returns a `Boolean` (one byte).
    pub IsExclusiveAccessAvailable: Option<unsafe extern "C" fn(this: *mut c_void) -> u8>,
    pub AddCallbackDispatcherToRunLoop: *const c_void,
    pub RemoveCallbackDispatcherFromRunLoop: *const c_void,
    pub ObtainExclusiveAccess: Option<SelfFn>,
    pub ReleaseExclusiveAccess: Option<SelfFn>,
    pub CreateSCSITask:
        Option<unsafe extern "C" fn(this: *mut c_void) -> *mut *mut SCSITaskInterface>,
}

/// `SCSITaskInterface`: one command.
#[repr(C)]
pub struct SCSITaskInterface {
    pub _reserved: *mut c_void,
    pub QueryInterface: Option<QueryInterfaceFn>,
    pub AddRef: Option<RefCountFn>,
    pub Release: Option<RefCountFn>,
    pub version: u16,
    pub revision: u16,
    pub IsTaskActive: *const c_void,
    pub SetTaskAttribute: *const c_void,
    pub GetTaskAttribute: *const c_void,
    pub SetCommandDescriptorBlock:
        Option<unsafe extern "C" fn(this: *mut c_void, cdb: *mut u8, size: u8) -> IOReturn>,
    pub GetCommandDescriptorBlockSize: *const c_void,
    pub GetCommandDescriptorBlock: *const c_void,
    pub SetScatterGatherEntries: Option<
        unsafe extern "C" fn(
            this: *mut c_void,
            list: *mut SCSITaskSGElement,
            count: u8,
            total_bytes: u64,
            direction: u8,
        ) -> IOReturn,
    >,
    pub SetTimeoutDuration: Option<unsafe extern "C" fn(this: *mut c_void, ms: u32) -> IOReturn>,
    pub GetTimeoutDuration: *const c_void,
    pub SetTaskCompletionCallback: *const c_void,
    pub ExecuteTaskAsync: *const c_void,
    pub ExecuteTaskSync: Option<
        unsafe extern "C" fn(
            this: *mut c_void,
            sense: *mut SCSISenseData,
            status: *mut u32,
            realized: *mut u64,
        ) -> IOReturn,
    >,
    pub AbortTask: *const c_void,
    pub GetSCSIServiceResponse: Option<GetU32Fn>,
    pub GetTaskState: Option<GetU32Fn>,
    pub GetTaskStatus: Option<GetU32Fn>,
    pub GetRealizedDataTransferCount: *const c_void,
    pub GetAutoSenseData: *const c_void,
    pub SetAutoSenseDataBuffer: *const c_void,
    pub ResetForNewTask: *const c_void,
}

/// `kSCSIDataTransfer_*`: the direction argument of `SetScatterGatherEntries`.
pub mod direction {
    /// No data phase.
    pub const NONE: u8 = 0;
    /// Host to device (WRITE, MODE SELECT, SEND CUE SHEET).
    pub const TO_DEVICE: u8 = 1;
    /// Device to host (INQUIRY, READ).
    pub const FROM_DEVICE: u8 = 2;
}

/// `SCSIServiceResponse` values (`SCSITask.h`).
pub mod service_response {
    /// `kSCSIServiceResponse_Request_In_Process`.
    pub const REQUEST_IN_PROCESS: u32 = 0;
    /// `kSCSIServiceResponse_SERVICE_DELIVERY_OR_TARGET_FAILURE`: the task status is then one
    /// of the `task_status::*_OCCURRED`/`DEVICE_*`/`DELIVERY_FAILURE` codes, not a SCSI status.
    pub const SERVICE_DELIVERY_OR_TARGET_FAILURE: u32 = 1;
    /// `kSCSIServiceResponse_TASK_COMPLETE`: the task status is the SCSI status byte.
    pub const TASK_COMPLETE: u32 = 2;
    /// `kSCSIServiceResponse_LINK_COMMAND_COMPLETE`.
    pub const LINK_COMMAND_COMPLETE: u32 = 3;
    /// `kSCSIServiceResponse_FUNCTION_COMPLETE`.
    pub const FUNCTION_COMPLETE: u32 = 4;
    /// `kSCSIServiceResponse_FUNCTION_REJECTED`.
    pub const FUNCTION_REJECTED: u32 = 5;
}

/// The `SCSITaskStatus` values that mean a delivery failure (valid only with
/// `SERVICE_DELIVERY_OR_TARGET_FAILURE`; they collide with SCSI status bytes 01h-05h).
pub mod task_status {
    /// `kSCSITaskStatus_TaskTimeoutOccurred`.
    pub const TASK_TIMEOUT_OCCURRED: u32 = 1;
    /// `kSCSITaskStatus_ProtocolTimeoutOccurred`.
    pub const PROTOCOL_TIMEOUT_OCCURRED: u32 = 2;
    /// `kSCSITaskStatus_DeviceNotResponding`.
    pub const DEVICE_NOT_RESPONDING: u32 = 3;
    /// `kSCSITaskStatus_DeviceNotPresent`.
    pub const DEVICE_NOT_PRESENT: u32 = 4;
    /// `kSCSITaskStatus_DeliveryFailure`.
    pub const DELIVERY_FAILURE: u32 = 5;
    /// `kSCSITaskStatus_No_Status`.
    pub const NO_STATUS: u32 = 0xFF;
}

/// `IOReturn.h` codes Kiln tells apart (`iokit_common_err(x)` = 0xE0000000 | x).
pub mod io_return {
    use super::IOReturn;
    const fn common(code: u32) -> IOReturn {
        (0xE000_0000u32 | code) as IOReturn
    }
    /// `kIOReturnSuccess`.
    pub const SUCCESS: IOReturn = 0;
    /// `kIOReturnError` (general error).
    pub const ERROR: IOReturn = common(0x2BC);
    /// `kIOReturnNoResources`: also what plug-in creation answers when macOS privacy rules keep
    /// the program away from the device.
    pub const NO_RESOURCES: IOReturn = common(0x2BE);
    /// `kIOReturnNoDevice`.
    pub const NO_DEVICE: IOReturn = common(0x2C0);
    /// `kIOReturnNotPrivileged`.
    pub const NOT_PRIVILEGED: IOReturn = common(0x2C1);
    /// `kIOReturnExclusiveAccess`: another client holds the device.
    pub const EXCLUSIVE_ACCESS: IOReturn = common(0x2C5);
    /// `kIOReturnBusy`: `ObtainExclusiveAccess` while the medium is still mounted.
    pub const BUSY: IOReturn = common(0x2D5);
    /// `kIOReturnTimeout`.
    pub const TIMEOUT: IOReturn = common(0x2D6);
    /// `kIOReturnNotAttached`.
    pub const NOT_ATTACHED: IOReturn = common(0x2D9);
    /// `kIOReturnNotPermitted`.
    pub const NOT_PERMITTED: IOReturn = common(0x2E2);
    /// `kIOReturnNoMedia`.
    pub const NO_MEDIA: IOReturn = common(0x2E4);
}

/// DiskArbitration's `DAReturn` codes (`DADissenter.h`: err_local | err_local_diskarbitration
/// = 0xF8DA0000 | x).
pub mod da_return {
    const fn da(code: u32) -> i32 {
        (0xF8DA_0000u32 | code) as i32
    }
    /// `kDAReturnSuccess`.
    pub const SUCCESS: i32 = 0;
    /// `kDAReturnError`.
    pub const ERROR: i32 = da(0x01);
    /// `kDAReturnBusy`: a file on the disc is open.
    pub const BUSY: i32 = da(0x02);
    /// `kDAReturnBadArgument`.
    pub const BAD_ARGUMENT: i32 = da(0x03);
    /// `kDAReturnExclusiveAccess`.
    pub const EXCLUSIVE_ACCESS: i32 = da(0x04);
    /// `kDAReturnNoResources`.
    pub const NO_RESOURCES: i32 = da(0x05);
    /// `kDAReturnNotFound`.
    pub const NOT_FOUND: i32 = da(0x06);
    /// `kDAReturnNotMounted`: nothing to unmount, which is what Kiln wants.
    pub const NOT_MOUNTED: i32 = da(0x07);
    /// `kDAReturnNotPermitted`.
    pub const NOT_PERMITTED: i32 = da(0x08);
    /// `kDAReturnNotPrivileged`.
    pub const NOT_PRIVILEGED: i32 = da(0x09);
    /// `kDAReturnNotReady`.
    pub const NOT_READY: i32 = da(0x0A);
    /// `kDAReturnUnsupported`.
    pub const UNSUPPORTED: i32 = da(0x12);
}

/// `kDADiskUnmountOptionWhole`: unmount every volume of the whole disc.
pub const DA_UNMOUNT_WHOLE: u32 = 0x0000_0001;

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{align_of, offset_of, size_of};

    /// Parses "XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX" into its 16 bytes, in written order.
    fn uuid(s: &str) -> [u8; 16] {
        let hex: String = s.chars().filter(|c| *c != '-').collect();
        assert_eq!(hex.len(), 32, "{s}");
        let mut out = [0u8; 16];
        for (i, b) in out.iter_mut().enumerate() {
            *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
        }
        out
    }

    #[test]
    fn uuids_are_the_sdk_values() {
        // The strings as Apple's headers document them (SCSITaskLib.h, IOCFPlugIn.h).
        let cases = [
            (
                MMC_DEVICE_USER_CLIENT_TYPE_ID,
                "97ABCF2C-23CC-11D5-A0E8-003065704866",
            ),
            (
                SCSI_TASK_DEVICE_USER_CLIENT_TYPE_ID,
                "7D66678E-08A2-11D5-A1B8-0030657D052A",
            ),
            (
                MMC_DEVICE_INTERFACE_ID,
                "1F651106-23CC-11D5-BBDB-003065704866",
            ),
            (
                SCSI_TASK_DEVICE_INTERFACE_ID,
                "1BBC4132-08A5-11D5-90ED-0030657D052A",
            ),
            (
                CF_PLUGIN_INTERFACE_ID,
                "C244E858-109C-11D4-91D4-0050E4C6426F",
            ),
        ];
        for (bytes, text) in cases {
            assert_eq!(bytes.0, uuid(text), "{text}");
        }
        // By value: exactly 16 bytes, no padding, so it travels in two registers.
        assert_eq!(size_of::<CFUUIDBytes>(), 16);
    }

    /// Offset of slot `n` in a vtable of pointer-sized slots.
    const fn slot(n: usize) -> usize {
        n * size_of::<*const c_void>()
    }

    #[test]
    fn iunknown_header_is_the_same_in_every_vtable() {
        // _reserved, QueryInterface, AddRef, Release, then version+revision sharing slot 4.
        macro_rules! header {
            ($t:ty) => {
                assert_eq!(offset_of!($t, QueryInterface), slot(1));
                assert_eq!(offset_of!($t, AddRef), slot(2));
                assert_eq!(offset_of!($t, Release), slot(3));
                assert_eq!(offset_of!($t, version), slot(4));
                assert_eq!(offset_of!($t, revision), slot(4) + 2);
                assert_eq!(align_of::<$t>(), size_of::<*const c_void>());
            };
        }
        header!(IOCFPlugInInterface);
        header!(MMCDeviceInterface);
        header!(SCSITaskDeviceInterface);
        header!(SCSITaskInterface);
        assert_eq!(offset_of!(IOCFPlugInInterface, Probe), slot(5));
        assert_eq!(offset_of!(IOCFPlugInInterface, Stop), slot(7));
        assert_eq!(size_of::<IOCFPlugInInterface>(), slot(8));
    }

    #[cfg(target_pointer_width = "64")]
    #[test]
    fn vtable_offsets_match_scsitasklib_on_64_bit() {
        // Byte offsets as listed for the 64-bit macOS targets (aarch64 and x86_64).
        assert_eq!(offset_of!(MMCDeviceInterface, Inquiry), 40);
        assert_eq!(offset_of!(MMCDeviceInterface, ReadDVDStructure), 128);
        assert_eq!(
            offset_of!(MMCDeviceInterface, GetSCSITaskDeviceInterface),
            136
        );
        assert_eq!(offset_of!(MMCDeviceInterface, SetStreaming), 192);
        assert_eq!(size_of::<MMCDeviceInterface>(), 200);

        assert_eq!(
            offset_of!(SCSITaskDeviceInterface, IsExclusiveAccessAvailable),
            40
        );
        assert_eq!(
            offset_of!(SCSITaskDeviceInterface, ObtainExclusiveAccess),
            64
        );
        assert_eq!(
            offset_of!(SCSITaskDeviceInterface, ReleaseExclusiveAccess),
            72
        );
        assert_eq!(offset_of!(SCSITaskDeviceInterface, CreateSCSITask), 80);
        assert_eq!(size_of::<SCSITaskDeviceInterface>(), 88);

        assert_eq!(offset_of!(SCSITaskInterface, IsTaskActive), 40);
        assert_eq!(offset_of!(SCSITaskInterface, SetCommandDescriptorBlock), 64);
        assert_eq!(offset_of!(SCSITaskInterface, SetScatterGatherEntries), 88);
        assert_eq!(offset_of!(SCSITaskInterface, SetTimeoutDuration), 96);
        assert_eq!(offset_of!(SCSITaskInterface, ExecuteTaskSync), 128);
        assert_eq!(offset_of!(SCSITaskInterface, AbortTask), 136);
        assert_eq!(offset_of!(SCSITaskInterface, GetSCSIServiceResponse), 144);
        assert_eq!(offset_of!(SCSITaskInterface, GetTaskState), 152);
        assert_eq!(offset_of!(SCSITaskInterface, GetTaskStatus), 160);
        assert_eq!(
            offset_of!(SCSITaskInterface, GetRealizedDataTransferCount),
            168
        );
        assert_eq!(offset_of!(SCSITaskInterface, SetAutoSenseDataBuffer), 184);
        assert_eq!(offset_of!(SCSITaskInterface, ResetForNewTask), 192);
        assert_eq!(size_of::<SCSITaskInterface>(), 200);
    }

    #[test]
    fn option_of_fn_pointer_is_one_nullable_slot() {
        // A null slot in a C vtable must read as None, not be undefined behaviour.
        assert_eq!(size_of::<Option<SelfFn>>(), size_of::<*const c_void>());
        assert_eq!(
            size_of::<Option<QueryInterfaceFn>>(),
            size_of::<*const c_void>()
        );
    }

    #[test]
    fn data_structures_have_the_c_sizes() {
        assert_eq!(size_of::<SCSITaskSGElement>(), 16);
        assert_eq!(offset_of!(SCSITaskSGElement, length), 8);
        assert_eq!(size_of::<SCSISenseData>(), 18);
    }

    #[test]
    fn return_codes_are_the_header_values() {
        // IOReturn.h: sys_iokit (0x38 << 26) | sub_iokit_common (0) | code.
        let iokit = |code: u32| ((0x38u32 << 26) | code) as i32;
        assert_eq!(io_return::ERROR, iokit(0x2BC));
        assert_eq!(io_return::BUSY as u32, 0xE000_02D5);
        assert_eq!(io_return::EXCLUSIVE_ACCESS as u32, 0xE000_02C5);
        assert_eq!(io_return::NO_RESOURCES as u32, 0xE000_02BE);
        assert_eq!(io_return::NOT_PERMITTED as u32, 0xE000_02E2);
        assert_eq!(io_return::NOT_PRIVILEGED as u32, 0xE000_02C1);
        assert_eq!(io_return::NO_DEVICE as u32, 0xE000_02C0);
        assert_eq!(io_return::NOT_ATTACHED as u32, 0xE000_02D9);
        assert_eq!(io_return::TIMEOUT as u32, 0xE000_02D6);
        // DADissenter.h: err_local (0x3E << 26) | err_local_diskarbitration (0x368 << 14) | code.
        let da = |code: u32| ((0x3Eu32 << 26) | (0x368 << 14) | code) as i32;
        assert_eq!(da_return::BUSY, da(0x02));
        assert_eq!(da_return::BUSY as u32, 0xF8DA_0002);
        assert_eq!(da_return::NOT_MOUNTED as u32, 0xF8DA_0007);
        assert_eq!(da_return::NOT_PRIVILEGED as u32, 0xF8DA_0009);
    }
}
