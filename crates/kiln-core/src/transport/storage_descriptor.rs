//! Windows' `STORAGE_DEVICE_DESCRIPTOR` (the answer to `IOCTL_STORAGE_QUERY_PROPERTY` with
//! `StorageDeviceProperty`), read from its bytes.
//!
//! Kept apart from the Windows-only code so that the parsing runs in the tests of every
//! platform. Layout (winioctl.h): `Version` u32 @0, `Size` u32 @4, `DeviceType` u8 @8 (the SCSI
//! peripheral device type), `DeviceTypeModifier` u8 @9, `RemovableMedia` u8 @10,
//! `CommandQueueing` u8 @11, then the byte offsets (from the start of the descriptor, 0 when
//! absent) of NUL-terminated ASCII strings: `VendorIdOffset` u32 @12, `ProductIdOffset` u32 @16,
//! `ProductRevisionOffset` u32 @20, `SerialNumberOffset` u32 @24; `BusType` @28.

/// What a storage device descriptor says about a device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageDescriptor {
    /// SCSI peripheral device type (05h for CD/DVD/BD drives).
    pub peripheral_type: u8,
    /// Vendor identification, trimmed ("" when absent).
    pub vendor: String,
    /// Product identification, trimmed.
    pub product: String,
    /// Product revision, trimmed.
    pub revision: String,
}

fn u32_at(buf: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(buf.get(at..at + 4)?.try_into().ok()?))
}

/// The NUL-terminated string at `offset` (within the first `size` bytes), or "".
fn string_at(buf: &[u8], size: usize, offset: Option<u32>) -> String {
    let Some(start) = offset.map(|o| o as usize).filter(|&o| o != 0 && o < size) else {
        return String::new();
    };
    let bytes = &buf[start..size];
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).trim().to_string()
}

/// Parses a descriptor as returned by the ioctl (`buf` holds the bytes it returned). `None`
/// when it is too short to hold the fixed part; offsets outside the returned bytes read as
/// absent strings.
pub fn parse(buf: &[u8]) -> Option<StorageDescriptor> {
    let size = (u32_at(buf, 4)? as usize).min(buf.len());
    if size < 28 {
        return None;
    }
    let buf = &buf[..size];
    Some(StorageDescriptor {
        peripheral_type: buf[8] & 0x1F,
        vendor: string_at(buf, size, u32_at(buf, 12)),
        product: string_at(buf, size, u32_at(buf, 16)),
        revision: string_at(buf, size, u32_at(buf, 20)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A descriptor as a DVD writer returns it: fixed part, then the strings.
    fn descriptor(kind: u8, size: u32, vendor_off: u32) -> Vec<u8> {
        let mut b = vec![0u8; 40];
        b[0..4].copy_from_slice(&40u32.to_le_bytes()); // Version = sizeof
        b[4..8].copy_from_slice(&size.to_le_bytes());
        b[8] = kind;
        b[10] = 1; // removable
        b[12..16].copy_from_slice(&vendor_off.to_le_bytes());
        b[16..20].copy_from_slice(&49u32.to_le_bytes());
        b[20..24].copy_from_slice(&67u32.to_le_bytes());
        b.extend_from_slice(b"HL-DT-ST\0DVDRAM GH24NSD1  \0LG00\0");
        b.extend_from_slice(&[0; 8]);
        b
    }

    #[test]
    fn reads_type_and_strings() {
        let b = descriptor(0x05, 72, 40);
        let d = parse(&b).unwrap();
        assert_eq!(d.peripheral_type, 5);
        assert_eq!(d.vendor, "HL-DT-ST");
        assert_eq!(d.product, "DVDRAM GH24NSD1");
        assert_eq!(d.revision, "LG00");
    }

    #[test]
    fn a_disk_is_type_0() {
        let d = parse(&descriptor(0x00, 72, 40)).unwrap();
        assert_eq!(d.peripheral_type, 0);
    }

    #[test]
    fn truncated_and_absent_strings_are_empty_not_panics() {
        // Size says the strings are not there; offsets point past the returned bytes.
        let d = parse(&descriptor(0x05, 40, 40)).unwrap();
        assert_eq!((d.vendor.as_str(), d.product.as_str()), ("", ""));
        // Absent vendor (offset 0).
        let d = parse(&descriptor(0x05, 72, 0)).unwrap();
        assert_eq!(d.vendor, "");
        assert_eq!(d.product, "DVDRAM GH24NSD1");
        // Too short for the fixed part, or empty.
        assert_eq!(parse(&[0u8; 12]), None);
        assert_eq!(parse(&[]), None);
        // Every prefix of a real descriptor parses or is refused, never panics.
        let b = descriptor(0x05, 72, 40);
        for n in 0..b.len() {
            let _ = parse(&b[..n]);
        }
    }

    #[test]
    fn unterminated_string_ends_at_the_descriptor() {
        let mut b = descriptor(0x05, 72, 40);
        b.truncate(53); // cuts "DVDRAM G..." without its NUL
        b[4..8].copy_from_slice(&53u32.to_le_bytes());
        let d = parse(&b).unwrap();
        assert_eq!(d.product, "DVDR");
    }
}
