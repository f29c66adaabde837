//! The C functions of IOKit, CoreFoundation and DiskArbitration that the macOS backend calls,
//! declared by hand (no C shim, no extra crate), and the RAII owners that release what they
//! return: [`CfOwned`] (`CFRelease`) and [`IoObject`] (`IOObjectRelease`).
//!
//! Types follow the SDK headers: `mach_port_t`/`io_object_t` are `unsigned int`, `CFIndex` is
//! `signed long`, `Boolean` is one byte, `CFStringEncoding` and `IOOptionBits` are `UInt32`.

use std::ffi::{c_char, c_void, CStr, CString};

use super::abi::{IOCFPlugInInterface, IOReturn};

pub type CFTypeRef = *const c_void;
pub type CFStringRef = *const c_void;
pub type CFDictionaryRef = *const c_void;
pub type CFMutableDictionaryRef = *mut c_void;
pub type CFUUIDRef = *const c_void;
pub type CFAllocatorRef = *const c_void;
pub type CFRunLoopRef = *mut c_void;
pub type CFIndex = isize;
pub type CFTypeID = usize;
pub type IoObjectT = u32;
pub type DASessionRef = *mut c_void;
pub type DADiskRef = *mut c_void;
pub type DADissenterRef = *mut c_void;

/// `kCFStringEncodingUTF8`.
pub const UTF8: u32 = 0x0800_0100;
/// `kIORegistryIterateRecursively`.
pub const ITERATE_RECURSIVELY: u32 = 1;
/// `kIORegistryIterateParents`.
pub const ITERATE_PARENTS: u32 = 2;
/// `kCFRunLoopRunFinished`: the mode has no sources (nothing left to wait for).
pub const RUN_LOOP_FINISHED: i32 = 1;

/// The opaque `CFDictionaryKeyCallBacks` / `CFDictionaryValueCallBacks` (only their address
/// is used).
#[repr(C)]
pub struct CallBacks {
    _opaque: [u8; 0],
}

/// `DADiskUnmountCallback`.
pub type UnmountCallback =
    extern "C" fn(disk: DADiskRef, dissenter: DADissenterRef, context: *mut c_void);

#[link(name = "CoreFoundation", kind = "framework")]
extern "C" {
    pub static kCFTypeDictionaryKeyCallBacks: CallBacks;
    pub static kCFTypeDictionaryValueCallBacks: CallBacks;
    pub fn CFRelease(cf: CFTypeRef);
    pub fn CFGetTypeID(cf: CFTypeRef) -> CFTypeID;
    pub fn CFStringGetTypeID() -> CFTypeID;
    pub fn CFDictionaryGetTypeID() -> CFTypeID;
    pub fn CFStringCreateWithCString(
        alloc: CFAllocatorRef,
        c_str: *const c_char,
        encoding: u32,
    ) -> CFStringRef;
    pub fn CFStringGetCString(
        string: CFStringRef,
        buffer: *mut c_char,
        buffer_size: CFIndex,
        encoding: u32,
    ) -> u8;
    pub fn CFDictionaryCreateMutable(
        alloc: CFAllocatorRef,
        capacity: CFIndex,
        key_callbacks: *const CallBacks,
        value_callbacks: *const CallBacks,
    ) -> CFMutableDictionaryRef;
    pub fn CFDictionarySetValue(dict: CFMutableDictionaryRef, key: CFTypeRef, value: CFTypeRef);
    pub fn CFDictionaryGetValue(dict: CFDictionaryRef, key: CFTypeRef) -> CFTypeRef;
    #[allow(clippy::too_many_arguments)]
    pub fn CFUUIDGetConstantUUIDWithBytes(
        alloc: CFAllocatorRef,
        b0: u8,
        b1: u8,
        b2: u8,
        b3: u8,
        b4: u8,
        b5: u8,
        b6: u8,
        b7: u8,
        b8: u8,
        b9: u8,
        b10: u8,
        b11: u8,
        b12: u8,
        b13: u8,
        b14: u8,
        b15: u8,
    ) -> CFUUIDRef;
    pub fn CFRunLoopGetCurrent() -> CFRunLoopRef;
    pub fn CFRunLoopRunInMode(mode: CFStringRef, seconds: f64, return_after_source: u8) -> i32;
}

#[link(name = "IOKit", kind = "framework")]
extern "C" {
    pub fn IORegistryEntryIDMatching(entry_id: u64) -> CFMutableDictionaryRef;
    /// Consumes one reference to `matching`.
    pub fn IOServiceGetMatchingServices(
        main_port: u32,
        matching: CFDictionaryRef,
        iterator: *mut IoObjectT,
    ) -> IOReturn;
    /// Consumes one reference to `matching`.
    pub fn IOServiceGetMatchingService(main_port: u32, matching: CFDictionaryRef) -> IoObjectT;
    pub fn IOIteratorNext(iterator: IoObjectT) -> IoObjectT;
    pub fn IOObjectRelease(object: IoObjectT) -> IOReturn;
    pub fn IORegistryEntryGetRegistryEntryID(entry: IoObjectT, id: *mut u64) -> IOReturn;
    pub fn IORegistryEntrySearchCFProperty(
        entry: IoObjectT,
        plane: *const c_char,
        key: CFStringRef,
        allocator: CFAllocatorRef,
        options: u32,
    ) -> CFTypeRef;
    pub fn IOCreatePlugInInterfaceForService(
        service: IoObjectT,
        plugin_type: CFUUIDRef,
        interface_type: CFUUIDRef,
        the_interface: *mut *mut *mut IOCFPlugInInterface,
        the_score: *mut i32,
    ) -> IOReturn;
    pub fn IODestroyPlugInInterface(interface: *mut *mut IOCFPlugInInterface) -> IOReturn;
}

#[link(name = "DiskArbitration", kind = "framework")]
extern "C" {
    pub fn DASessionCreate(alloc: CFAllocatorRef) -> DASessionRef;
    pub fn DASessionScheduleWithRunLoop(
        session: DASessionRef,
        run_loop: CFRunLoopRef,
        mode: CFStringRef,
    );
    pub fn DASessionUnscheduleFromRunLoop(
        session: DASessionRef,
        run_loop: CFRunLoopRef,
        mode: CFStringRef,
    );
    pub fn DADiskCreateFromBSDName(
        alloc: CFAllocatorRef,
        session: DASessionRef,
        name: *const c_char,
    ) -> DADiskRef;
    pub fn DADiskUnmount(
        disk: DADiskRef,
        options: u32,
        callback: Option<UnmountCallback>,
        context: *mut c_void,
    );
    pub fn DADissenterGetStatus(dissenter: DADissenterRef) -> i32;
}

/// A CoreFoundation object this code owns (from a Create or Copy function): released once on
/// drop.
pub struct CfOwned(CFTypeRef);

impl CfOwned {
    /// Takes ownership of `cf`, or `None` if it is null.
    ///
    /// # Safety
    /// `cf` must be null or a CF object whose one reference the caller owns.
    pub unsafe fn new(cf: CFTypeRef) -> Option<Self> {
        (!cf.is_null()).then_some(CfOwned(cf))
    }

    /// The raw reference (still owned by `self`).
    pub fn get(&self) -> CFTypeRef {
        self.0
    }

    /// Gives the reference away (to a function that consumes it).
    pub fn into_raw(self) -> CFTypeRef {
        let cf = self.0;
        std::mem::forget(self);
        cf
    }
}

impl Drop for CfOwned {
    fn drop(&mut self) {
        // SAFETY: `self.0` is a non-null CF object with one reference owned by `self` (see
        // `new`), released exactly once here.
        unsafe { CFRelease(self.0) }
    }
}

/// A new CFString holding `s`, or `None` if `s` has a NUL byte or CF cannot allocate.
pub fn cf_string(s: &str) -> Option<CfOwned> {
    let c = CString::new(s).ok()?;
    // SAFETY: `c` is a NUL-terminated UTF-8 string alive for the call; the default allocator
    // (null) is allowed. The result is a new reference that `CfOwned` takes over.
    unsafe {
        CfOwned::new(CFStringCreateWithCString(
            std::ptr::null(),
            c.as_ptr(),
            UTF8,
        ))
    }
}

/// The text of `cf` if it is a CFString.
///
/// # Safety
/// `cf` must be null or a valid CF object for the duration of the call.
pub unsafe fn string_value(cf: CFTypeRef) -> Option<String> {
    // SAFETY: `cf` is valid (caller's contract) and checked to be a CFString before it is
    // read; `buf` is a local buffer whose size is passed, and CF NUL-terminates what it writes
    // when it succeeds.
    unsafe {
        if cf.is_null() || CFGetTypeID(cf) != CFStringGetTypeID() {
            return None;
        }
        // Vendor, product and BSD names are short; 256 bytes is plenty, and a longer string
        // just fails the conversion (reported as unknown) instead of overflowing.
        let mut buf = [0 as c_char; 256];
        if CFStringGetCString(cf, buf.as_mut_ptr(), buf.len() as CFIndex, UTF8) == 0 {
            return None;
        }
        let text = CStr::from_ptr(buf.as_ptr())
            .to_string_lossy()
            .trim()
            .to_string();
        Some(text)
    }
}

/// The string stored under `key` in the CFDictionary `dict`.
///
/// # Safety
/// `dict` must be null or a valid CF object for the duration of the call.
pub unsafe fn dict_string(dict: CFTypeRef, key: &str) -> Option<String> {
    let key = cf_string(key)?;
    // SAFETY: `dict` is valid (caller's contract) and checked to be a dictionary; the value
    // is borrowed from it ("Get" rule) and read while `dict` is alive.
    unsafe {
        if dict.is_null() || CFGetTypeID(dict) != CFDictionaryGetTypeID() {
            return None;
        }
        string_value(CFDictionaryGetValue(dict, key.get()))
    }
}

/// Searches `entry` and the registry around it (`flags`: children and/or parents) for the
/// property `key` in the IOService plane, returning the owned value.
pub fn search_property(entry: &IoObject, key: &str, flags: u32) -> Option<CfOwned> {
    let key = cf_string(key)?;
    // SAFETY: `entry` is a live registry object, the plane name is a NUL-terminated C string
    // and `key` a valid CFString; the result follows the Create rule (owned by the caller).
    unsafe {
        CfOwned::new(IORegistryEntrySearchCFProperty(
            entry.raw(),
            c"IOService".as_ptr(),
            key.get(),
            std::ptr::null(),
            flags,
        ))
    }
}

/// The CFUUID constant for `bytes` (never released: CF keeps constant UUIDs for the life of the
/// process, which is why no `CfOwned` wraps it).
pub fn constant_uuid(bytes: &super::abi::CFUUIDBytes) -> CFUUIDRef {
    let b = bytes.0;
    // SAFETY: the function only reads its byte arguments; the default allocator is allowed.
    unsafe {
        CFUUIDGetConstantUUIDWithBytes(
            std::ptr::null(),
            b[0],
            b[1],
            b[2],
            b[3],
            b[4],
            b[5],
            b[6],
            b[7],
            b[8],
            b[9],
            b[10],
            b[11],
            b[12],
            b[13],
            b[14],
            b[15],
        )
    }
}

/// An IOKit object reference (service or iterator) this code owns: released once on drop.
#[derive(Debug)]
pub struct IoObject(IoObjectT);

impl IoObject {
    /// Takes ownership of `object`, or `None` for `IO_OBJECT_NULL` (0).
    pub fn new(object: IoObjectT) -> Option<Self> {
        (object != 0).then_some(IoObject(object))
    }

    /// The raw reference (still owned by `self`).
    pub fn raw(&self) -> IoObjectT {
        self.0
    }

    /// The next object of the iterator `self`, owned.
    pub fn next(&self) -> Option<IoObject> {
        // SAFETY: `self` is a live iterator; the returned object carries a reference that
        // `IoObject` takes over.
        IoObject::new(unsafe { IOIteratorNext(self.0) })
    }

    /// `IORegistryEntryGetRegistryEntryID`.
    pub fn registry_id(&self) -> Option<u64> {
        let mut id = 0u64;
        // SAFETY: `self` is a live registry entry and `id` a valid out pointer.
        let rc = unsafe { IORegistryEntryGetRegistryEntryID(self.0, &mut id) };
        (rc == 0).then_some(id)
    }
}

impl Drop for IoObject {
    fn drop(&mut self) {
        // SAFETY: `self.0` is a non-zero object reference owned by `self`, released once.
        unsafe { IOObjectRelease(self.0) };
    }
}
