//! The input and output buffers of `IOCTL_CDROM_EXCLUSIVE_ACCESS`, as bytes (ntddcdrm.h; sizes in
//! PLATFORMS.md §2.3, checked against windows-sys at compile time in `win.rs`).
//!
//! - `CDROM_EXCLUSIVE_ACCESS` (8 bytes): `RequestType` (a C enum, 4 bytes, little-endian i32:
//!   query 0, lock 1, unlock 2) @0, `Flags` u32 @4. Input of the query and of the unlock.
//! - `CDROM_EXCLUSIVE_LOCK` (72 bytes): that, then `CallerName[64]` @8: NUL-terminated ASCII of
//!   1 to 63 characters from `A–Z a–z 0–9`, space and `. , : ; - _`; anything else is refused by
//!   the driver with `ERROR_INVALID_PARAMETER`. Input of the lock.
//! - `CDROM_EXCLUSIVE_LOCK_STATE` (65 bytes): `LockState` BOOLEAN @0, `CallerName[64]` @1.
//!   Output of the query.

/// `CDROM_EXCLUSIVE_CALLER_LENGTH`: the caller name field, terminating NUL included.
pub const CALLER_LENGTH: usize = 64;
/// `size_of::<CDROM_EXCLUSIVE_ACCESS>()`.
pub const ACCESS_LEN: usize = 8;
/// `size_of::<CDROM_EXCLUSIVE_LOCK>()`.
pub const LOCK_LEN: usize = ACCESS_LEN + CALLER_LENGTH;
/// `size_of::<CDROM_EXCLUSIVE_LOCK_STATE>()`.
pub const LOCK_STATE_LEN: usize = 1 + CALLER_LENGTH;

/// `EXCLUSIVE_ACCESS_REQUEST_TYPE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
pub enum RequestType {
    /// `ExclusiveAccessQueryState`: who, if anyone, holds the lock.
    QueryState = 0,
    /// `ExclusiveAccessLockDevice`.
    LockDevice = 1,
    /// `ExclusiveAccessUnlockDevice`.
    UnlockDevice = 2,
}

/// `CDROM_LOCK_IGNORE_VOLUME`: lock even with a file system mounted ("may cause data
/// corruption"). Kiln never sets it: it dismounts first.
pub const LOCK_IGNORE_VOLUME: u32 = 1;
/// `CDROM_NO_MEDIA_NOTIFICATIONS`: on unlock, do not announce removal and arrival of the disc.
/// Kiln does not set it, so Windows mounts the newly written disc.
pub const NO_MEDIA_NOTIFICATIONS: u32 = 2;

/// The name Kiln gives the driver as the lock's owner; other programs see it when they query.
pub const KILN_CALLER: &str = "Kiln disc burner";

/// A caller name the driver would refuse.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallerNameError {
    /// Empty, or 64 characters or more (no room for the NUL).
    #[error("a caller name must have 1 to {max} characters, not {len}", max = CALLER_LENGTH - 1)]
    Length {
        /// Its length in bytes.
        len: usize,
    },
    /// A character outside the allowed set.
    #[error("'{0}' cannot be in a caller name (only letters, digits, space and . , : ; - _)")]
    Character(char),
}

/// Checks `name` against the driver's rules (see the module docs).
pub fn check_caller_name(name: &str) -> Result<(), CallerNameError> {
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || " .,:;-_".contains(*c)))
    {
        return Err(CallerNameError::Character(c));
    }
    if name.is_empty() || name.len() >= CALLER_LENGTH {
        return Err(CallerNameError::Length { len: name.len() });
    }
    Ok(())
}

/// A `CDROM_EXCLUSIVE_ACCESS` (query or unlock).
pub fn access(request: RequestType, flags: u32) -> [u8; ACCESS_LEN] {
    let mut b = [0u8; ACCESS_LEN];
    b[0..4].copy_from_slice(&(request as i32).to_le_bytes());
    b[4..8].copy_from_slice(&flags.to_le_bytes());
    b
}

/// A `CDROM_EXCLUSIVE_LOCK` asking for the lock as `caller`, with flags 0 (the file system must
/// be dismounted already).
pub fn lock(caller: &str) -> Result<[u8; LOCK_LEN], CallerNameError> {
    check_caller_name(caller)?;
    let mut b = [0u8; LOCK_LEN];
    b[..ACCESS_LEN].copy_from_slice(&access(RequestType::LockDevice, 0));
    b[ACCESS_LEN..ACCESS_LEN + caller.len()].copy_from_slice(caller.as_bytes());
    Ok(b)
}

/// What `ExclusiveAccessQueryState` answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockState {
    /// Whether some caller holds the exclusive lock.
    pub locked: bool,
    /// Its name as it gave it (trimmed; empty if none or not readable).
    pub caller: String,
}

/// Reads a `CDROM_EXCLUSIVE_LOCK_STATE` from the bytes the query returned; `None` if too short to
/// hold `LockState`. A name without NUL ends at the returned bytes; non-ASCII bytes are
/// replaced, since the name comes from another program.
pub fn parse_lock_state(buf: &[u8]) -> Option<LockState> {
    let (&state, rest) = buf.split_first()?;
    let rest = &rest[..rest.len().min(CALLER_LENGTH)];
    let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
    let caller = rest[..end]
        .iter()
        .map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                b as char
            } else {
                '?'
            }
        })
        .collect::<String>()
        .trim()
        .to_string();
    Some(LockState {
        locked: state != 0,
        caller,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_match_ntddcdrm() {
        assert_eq!((ACCESS_LEN, LOCK_LEN, LOCK_STATE_LEN), (8, 72, 65));
    }

    #[test]
    fn lock_request_bytes() {
        let b = lock("Kiln").unwrap();
        // RequestType = ExclusiveAccessLockDevice (1) as a 4-byte little-endian enum: a 1-byte
        // field (the copied mistake of PLATFORMS.md §4.4) would put the flags at offset 1.
        assert_eq!(&b[0..8], &[1, 0, 0, 0, 0, 0, 0, 0]);
        // ASCII name at offset 8, not UTF-16, then NULs to the end of the 64-byte field.
        assert_eq!(&b[8..13], b"Kiln\0");
        assert!(b[12..].iter().all(|&x| x == 0));
        assert_eq!(b.len(), 72);
    }

    #[test]
    fn kiln_caller_name_is_accepted_by_the_driver_rules() {
        assert_eq!(check_caller_name(KILN_CALLER), Ok(()));
        let b = lock(KILN_CALLER).unwrap();
        assert_eq!(&b[8..8 + KILN_CALLER.len()], KILN_CALLER.as_bytes());
        assert_eq!(b[8 + KILN_CALLER.len()], 0);
    }

    #[test]
    fn caller_names_the_driver_refuses_are_refused_here() {
        assert_eq!(
            check_caller_name(""),
            Err(CallerNameError::Length { len: 0 })
        );
        let longest = "a".repeat(63);
        assert_eq!(check_caller_name(&longest), Ok(()));
        assert_eq!(
            check_caller_name(&"a".repeat(64)),
            Err(CallerNameError::Length { len: 64 })
        );
        assert_eq!(
            check_caller_name("Kiln/1"),
            Err(CallerNameError::Character('/'))
        );
        assert_eq!(
            check_caller_name("Kìln"),
            Err(CallerNameError::Character('ì'))
        );
        assert_eq!(check_caller_name("a.b,c:d;e-f_g 9"), Ok(()));
        assert!(lock("nope!").is_err());
    }

    #[test]
    fn unlock_and_query_bytes() {
        assert_eq!(
            access(RequestType::UnlockDevice, 0),
            [2, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            access(RequestType::UnlockDevice, NO_MEDIA_NOTIFICATIONS),
            [2, 0, 0, 0, 2, 0, 0, 0]
        );
        assert_eq!(access(RequestType::QueryState, 0), [0; 8]);
    }

    #[test]
    fn lock_state_is_read_from_its_bytes() {
        let mut b = [0u8; LOCK_STATE_LEN];
        b[0] = 1;
        b[1..7].copy_from_slice(b"IMAPI2");
        assert_eq!(
            parse_lock_state(&b),
            Some(LockState {
                locked: true,
                caller: "IMAPI2".into()
            })
        );
        assert_eq!(
            parse_lock_state(&[0u8; LOCK_STATE_LEN]),
            Some(LockState {
                locked: false,
                caller: String::new()
            })
        );
        // Unterminated, short, odd bytes: never a panic.
        assert_eq!(parse_lock_state(&[1, b'A', b'B']).unwrap().caller, "AB");
        assert_eq!(parse_lock_state(&[1, 0xFF, b'x', 0]).unwrap().caller, "?x");
        assert_eq!(parse_lock_state(&[]), None);
        let long = [b'z'; 200];
        assert_eq!(parse_lock_state(&long).unwrap().caller.len(), CALLER_LENGTH);
    }
}
