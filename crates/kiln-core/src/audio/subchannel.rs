//! CD-TEXT packs as the lead-in's R-W sub-channel carries them, in the "packed" form a host
//! sends with cue-sheet data form 41h (MMC-NOTES recipe (a) step 8 and §2.1).
//!
//! Each 18-byte pack becomes 24 six-bit symbols (every 3 bytes `a b c` →
//! `a>>2, (a<<4 & 30h) | b>>4, (b<<2 & 3Ch) | c>>6, c & 3Fh`, the low six bits of each byte
//! being the R–W bits of one sub-channel symbol); four packs make one 96-byte lead-in block.
//! The packs repeat, in order and across block boundaries, from the lead-in start to LBA −151,
//! as libburn's `burn_write_leadin_cdtext` does, so a reader can pick them up from any point of
//! the lead-in. The host does no interleaving and no error correction: the drive adds those.

use super::cdtext::Pack;

/// Bytes of one pack in six-bit symbols.
pub const SYMBOLS_PER_PACK: usize = 24;
/// Bytes of one lead-in block of R-W sub-channel data (four packs).
pub const RW_BLOCK: usize = 96;
/// Packs per lead-in block.
pub const PACKS_PER_BLOCK: usize = RW_BLOCK / SYMBOLS_PER_PACK;

/// Spreads an 18-byte pack over 24 six-bit symbols.
pub fn to_symbols(pack: &Pack) -> [u8; SYMBOLS_PER_PACK] {
    let mut out = [0u8; SYMBOLS_PER_PACK];
    for (i, abc) in pack.chunks_exact(3).enumerate() {
        let (a, b, c) = (abc[0], abc[1], abc[2]);
        out[i * 4] = a >> 2;
        out[i * 4 + 1] = (a << 4 & 0x30) | b >> 4;
        out[i * 4 + 2] = (b << 2 & 0x3C) | c >> 6;
        out[i * 4 + 3] = c & 0x3F;
    }
    out
}

/// Gathers 24 six-bit symbols back into an 18-byte pack (the two high bits of each symbol
/// byte, the P and Q channels' places, are ignored).
pub fn from_symbols(symbols: &[u8; SYMBOLS_PER_PACK]) -> Pack {
    let mut out: Pack = [0; 18];
    for (i, s) in symbols.chunks_exact(4).enumerate() {
        let (w, x, y, z) = (s[0] & 0x3F, s[1] & 0x3F, s[2] & 0x3F, s[3] & 0x3F);
        out[i * 3] = w << 2 | x >> 4;
        out[i * 3 + 1] = (x << 4) | y >> 2;
        out[i * 3 + 2] = (y << 6) | z;
    }
    out
}

/// The lead-in blocks `first..first + count` (counted from the lead-in start) of a lead-in that
/// cycles through `packs`, as one buffer of `count` × 96 bytes. Empty if there are no packs.
pub fn lead_in_blocks(packs: &[Pack], first: usize, count: usize) -> Vec<u8> {
    if packs.is_empty() {
        return Vec::new();
    }
    let symbols: Vec<[u8; SYMBOLS_PER_PACK]> = packs.iter().map(to_symbols).collect();
    let mut out = Vec::with_capacity(count * RW_BLOCK);
    let start = first * PACKS_PER_BLOCK;
    for k in start..start + count * PACKS_PER_BLOCK {
        out.extend_from_slice(&symbols[k % symbols.len()]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// libburn's worked example (MMC-NOTES §2.1): a size-information pack and its symbols.
    const PACK: Pack = [
        0x8F, 0x00, 0x2A, 0x00, 0x01, 0x01, 0x03, 0x00, 0x06, 0x05, 0x04, 0x05, 0x07, 0x06, 0x01,
        0x02, 0x48, 0x65,
    ];
    const SYMBOLS: [u8; 24] = [
        0x23, 0x30, 0x00, 0x2A, 0x00, 0x00, 0x04, 0x01, 0x00, 0x30, 0x00, 0x06, 0x01, 0x10, 0x10,
        0x05, 0x01, 0x30, 0x18, 0x01, 0x00, 0x24, 0x21, 0x25,
    ];

    #[test]
    fn the_worked_example_packs_and_unpacks() {
        assert_eq!(to_symbols(&PACK), SYMBOLS);
        assert_eq!(from_symbols(&SYMBOLS), PACK);
        assert!(super::super::cdtext::crc_ok(&PACK));
    }

    #[test]
    fn packs_cycle_across_block_boundaries() {
        let packs: Vec<Pack> = (0..5u8).map(|i| [i; 18]).collect();
        let b = lead_in_blocks(&packs, 1, 2);
        assert_eq!(b.len(), 2 * RW_BLOCK);
        // Block 1 starts with pack 4, then packs 0, 1, 2; block 2 with 3, 4, 0, 1.
        let firsts: Vec<u8> = b
            .chunks(24)
            .map(|s| from_symbols(s.try_into().unwrap())[0])
            .collect();
        assert_eq!(firsts, [4, 0, 1, 2, 3, 4, 0, 1]);
        assert!(b.iter().all(|&x| x <= 0x3F));
    }
}
