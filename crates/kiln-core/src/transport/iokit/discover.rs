//! Finding the authoring (type 05h) drives in the I/O Registry.
//!
//! `SCSITaskUserClientIniter` marks every `IOCompactDiscServices`/`IODVDServices`/`IOBDServices`
//! nub of an optical drive with `SCSITaskDeviceCategory = "SCSITaskAuthoringDevice"` and the
//! MMC user client's plug-in type; matching on that property finds internal, SATA, USB and
//! FireWire drives alike. The identity ("Device Characteristics") lives on the peripheral
//! device driver above the nub, so it is searched for among the parents.

use super::ffi::{
    self, cf_string, dict_string, search_property, string_value, CfOwned, IoObject,
    ITERATE_PARENTS, ITERATE_RECURSIVELY,
};
use super::IoKitDevice;

/// `kIOPropertySCSITaskDeviceCategory` and `kIOPropertySCSITaskAuthoringDevice`.
const CATEGORY_KEY: &str = "SCSITaskDeviceCategory";
const AUTHORING: &str = "SCSITaskAuthoringDevice";

/// `{"IOPropertyMatch": {"SCSITaskDeviceCategory": "SCSITaskAuthoringDevice"}}`, owned.
fn authoring_matching() -> Option<CfOwned> {
    let new_dict = || {
        // SAFETY: the callbacks are CF's own statics for CF-typed keys and values; the result
        // is a new dictionary owned by `CfOwned`.
        unsafe {
            CfOwned::new(ffi::CFDictionaryCreateMutable(
                std::ptr::null(),
                0,
                &ffi::kCFTypeDictionaryKeyCallBacks,
                &ffi::kCFTypeDictionaryValueCallBacks,
            ))
        }
    };
    let inner = new_dict()?;
    let outer = new_dict()?;
    let (category, authoring, property_match) = (
        cf_string(CATEGORY_KEY)?,
        cf_string(AUTHORING)?,
        cf_string("IOPropertyMatch")?,
    );
    // SAFETY: both dictionaries are mutable CF dictionaries created above with CF-type
    // callbacks, which retain the keys and values they store.
    unsafe {
        ffi::CFDictionarySetValue(inner.get().cast_mut(), category.get(), authoring.get());
        ffi::CFDictionarySetValue(outer.get().cast_mut(), property_match.get(), inner.get());
    }
    Some(outer)
}

/// What the registry says about one authoring nub.
pub(super) fn describe(service: &IoObject) -> Option<IoKitDevice> {
    let registry_id = service.registry_id()?;
    let chars = search_property(
        service,
        "Device Characteristics",
        ITERATE_RECURSIVELY | ITERATE_PARENTS,
    );
    let field = |key: &str| {
        chars
            .as_ref()
            // SAFETY: `c` is a live CF object owned by `chars` for the duration of the call.
            .and_then(|c| unsafe { dict_string(c.get(), key) })
            .unwrap_or_default()
    };
    let protocol = search_property(
        service,
        "Protocol Characteristics",
        ITERATE_RECURSIVELY | ITERATE_PARENTS,
    );
    let interconnect = protocol
        .as_ref()
        // SAFETY: as above, `p` is owned by `protocol`.
        .and_then(|p| unsafe { dict_string(p.get(), "Physical Interconnect") });
    Some(IoKitDevice {
        registry_id,
        vendor: field("Vendor Name"),
        product: field("Product Name"),
        revision: field("Product Revision Level"),
        bsd_name: bsd_name(service),
        interconnect,
    })
}

/// The whole-disc BSD name (`diskN`) of the medium in the drive; there is none without a disc.
pub(super) fn bsd_name(service: &IoObject) -> Option<String> {
    let name = search_property(service, "BSD Name", ITERATE_RECURSIVELY)?;
    // SAFETY: `name` is a live CF object owned for the duration of the call.
    unsafe { string_value(name.get()) }.filter(|n| !n.is_empty())
}

/// Lists the authoring drives, in registry order. Failures of the registry give an empty list
/// (logged): discovery must never stop the application.
pub fn discover() -> Vec<IoKitDevice> {
    let Some(matching) = authoring_matching() else {
        tracing::warn!("IOKit: could not build the matching dictionary for authoring drives");
        return Vec::new();
    };
    let mut iterator = 0;
    // SAFETY: `matching` is a valid dictionary whose reference is consumed by the call (hence
    // `into_raw`); `iterator` is a valid out pointer. Main port 0 is the default main port.
    let rc = unsafe { ffi::IOServiceGetMatchingServices(0, matching.into_raw(), &mut iterator) };
    let Some(iterator) = (rc == 0).then(|| IoObject::new(iterator)).flatten() else {
        tracing::warn!(rc, "IOKit: IOServiceGetMatchingServices failed");
        return Vec::new();
    };
    let mut found = Vec::new();
    while let Some(service) = iterator.next() {
        match describe(&service) {
            Some(d) => found.push(d),
            None => tracing::debug!("IOKit: an authoring nub without a registry ID was skipped"),
        }
    }
    found
}

/// The authoring nub with this registry entry ID, if it is still there.
pub(super) fn find(registry_id: u64) -> Option<IoObject> {
    // SAFETY: the matching dictionary is created here and consumed by the lookup; the service
    // returned carries a reference that `IoObject` takes over.
    unsafe {
        let matching = ffi::IORegistryEntryIDMatching(registry_id);
        if matching.is_null() {
            return None;
        }
        IoObject::new(ffi::IOServiceGetMatchingService(0, matching))
    }
}
