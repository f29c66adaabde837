//! Big-endian field access that never panics: reads past the end of a buffer yield `None`.

/// Reads byte `i`, if present.
pub(crate) fn u8_at(buf: &[u8], i: usize) -> Option<u8> {
    buf.get(i).copied()
}

/// Reads a big-endian `u16` at `i`, if both bytes are present.
pub(crate) fn be16(buf: &[u8], i: usize) -> Option<u16> {
    let b = buf.get(i..i.checked_add(2)?)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

/// Reads a big-endian 24-bit value at `i`.
pub(crate) fn be24(buf: &[u8], i: usize) -> Option<u32> {
    let b = buf.get(i..i.checked_add(3)?)?;
    Some(u32::from_be_bytes([0, b[0], b[1], b[2]]))
}

/// Reads a big-endian `u32` at `i`.
pub(crate) fn be32(buf: &[u8], i: usize) -> Option<u32> {
    let b = buf.get(i..i.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// Writes a big-endian `u16` at `i` (the caller sized the buffer).
pub(crate) fn put16(buf: &mut [u8], i: usize, v: u16) {
    buf[i..i + 2].copy_from_slice(&v.to_be_bytes());
}

/// Writes a big-endian 24-bit value at `i` (the top byte of `v` is dropped).
pub(crate) fn put24(buf: &mut [u8], i: usize, v: u32) {
    buf[i..i + 3].copy_from_slice(&v.to_be_bytes()[1..]);
}

/// Writes a big-endian `u32` at `i`.
pub(crate) fn put32(buf: &mut [u8], i: usize, v: u32) {
    buf[i..i + 4].copy_from_slice(&v.to_be_bytes());
}

/// Space-padded ASCII field as a trimmed string; non-printable bytes become `?`.
pub(crate) fn ascii(buf: &[u8]) -> String {
    let s: String = buf
        .iter()
        .map(|&b| {
            if (0x20..0x7f).contains(&b) {
                b as char
            } else if b == 0 {
                ' '
            } else {
                '?'
            }
        })
        .collect();
    s.trim().to_string()
}
