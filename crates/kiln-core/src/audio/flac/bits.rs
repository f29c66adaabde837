//! An MSB-first bit reader over a byte slice with a 64-bit cache, the shape FLAC's Rice codes
//! want: a unary prefix is one `leading_zeros`, and the cache is refilled eight bytes at a time.
//!
//! Reading past the end of the slice is an error ([`Truncated`]), never a panic: the caller
//! either has more of the file to offer or the file is cut short.

/// The slice ended before the bits asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Truncated;

pub struct Bits<'a> {
    data: &'a [u8],
    /// Next byte to load into the cache.
    pos: usize,
    /// Unread bits, left-aligned; bits below the `avail` top ones are either zero or the
    /// stream's own next bits (loading them again ORs in the same values).
    cache: u64,
    avail: u32,
}

impl<'a> Bits<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Bits {
            data,
            pos: 0,
            cache: 0,
            avail: 0,
        }
    }

    #[inline]
    fn refill(&mut self) {
        if let Some(next) = self.data.get(self.pos..self.pos + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(next);
            self.cache |= u64::from_be_bytes(word) >> self.avail;
            let bytes = (63 - self.avail) >> 3;
            self.pos += bytes as usize;
            self.avail += bytes << 3;
        } else {
            while self.avail <= 56 {
                let Some(&b) = self.data.get(self.pos) else {
                    break;
                };
                self.cache |= u64::from(b) << (56 - self.avail);
                self.pos += 1;
                self.avail += 8;
            }
        }
    }

    /// Reads `n` (at most 32) bits as an unsigned number.
    #[inline]
    pub fn read(&mut self, n: u32) -> Result<u32, Truncated> {
        debug_assert!(n <= 32);
        if n == 0 {
            return Ok(0);
        }
        if self.avail < n {
            self.refill();
            if self.avail < n {
                return Err(Truncated);
            }
        }
        let v = (self.cache >> (64 - n)) as u32;
        self.cache <<= n;
        self.avail -= n;
        Ok(v)
    }

    /// Reads `n` (at most 32) bits as a two's complement signed number.
    #[inline]
    pub fn read_signed(&mut self, n: u32) -> Result<i32, Truncated> {
        if n == 0 {
            return Ok(0);
        }
        let v = self.read(n)?;
        Ok(((v << (32 - n)) as i32) >> (32 - n))
    }

    /// Reads one bit.
    #[inline]
    pub fn bit(&mut self) -> Result<bool, Truncated> {
        Ok(self.read(1)? == 1)
    }

    /// Counts zero bits up to and including the next one bit; returns the zeros.
    #[inline]
    pub fn unary(&mut self) -> Result<u32, Truncated> {
        let mut zeros = 0;
        loop {
            if self.avail == 0 || (self.cache >> (64 - self.avail)) == 0 {
                // No one bit among the available ones: count them and load more.
                zeros += self.avail;
                self.cache = 0;
                self.avail = 0;
                self.refill();
                if self.avail == 0 {
                    return Err(Truncated);
                }
                continue;
            }
            let z = self.cache.leading_zeros();
            self.cache <<= z + 1;
            self.avail -= z + 1;
            return Ok(zeros + z);
        }
    }

    /// Reads a Rice-coded signed residual with parameter `k` (at most 30).
    #[inline]
    pub fn rice(&mut self, k: u32) -> Result<i32, Truncated> {
        let q = self.unary()?;
        let r = self.read(k)?;
        let u = (u64::from(q) << k) | u64::from(r);
        // Zig-zag: 0, -1, 1, -2, ... Out-of-range values wrap; the caller's sums are checked.
        Ok(((u >> 1) as i64 ^ -((u & 1) as i64)) as i32)
    }

    /// Reads `out.len()` Rice-coded residuals with parameter `k` (at most 30): the inner loop
    /// of FLAC decoding. While the cache holds the whole code (almost always: it is refilled to
    /// 56 bits or more and codes are short), a code costs one `leading_zeros` and two shifts;
    /// a long unary run or the end of the data takes the general path.
    pub fn rice_block(&mut self, k: u32, out: &mut [i32]) -> Result<(), Truncated> {
        for o in out.iter_mut() {
            if self.avail < 56 {
                self.refill();
            }
            let q = self.cache.leading_zeros();
            let len = q + 1 + k;
            if len > self.avail {
                *o = self.rice(k)?;
                continue;
            }
            let c = (self.cache << q) << 1;
            // `c >> (64 - k)` without a shift by 64 when k is 0: c >> 1 has a clear top bit.
            let r = (c >> 1) >> (63 - k);
            self.cache = c << k;
            self.avail -= len;
            let u = (u64::from(q) << k) | r;
            *o = ((u >> 1) as i64 ^ -((u & 1) as i64)) as i32;
        }
        Ok(())
    }

    /// Skips to the next byte boundary.
    pub fn align(&mut self) {
        let drop = self.avail & 7;
        self.cache <<= drop;
        self.avail -= drop;
    }

    /// Bytes consumed so far (whole bytes: call after [`Bits::align`]).
    pub fn bytes_read(&self) -> usize {
        self.pos - (self.avail as usize).div_ceil(8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_across_the_cache() {
        let data: Vec<u8> = (0..40u8).collect();
        let mut b = Bits::new(&data);
        assert_eq!(b.read(8).unwrap(), 0);
        assert_eq!(b.read(4).unwrap(), 0);
        assert_eq!(b.read(12).unwrap(), 0x102);
        for i in 3..40u32 {
            assert_eq!(b.read(8).unwrap(), i);
        }
        assert_eq!(b.read(1), Err(Truncated));
    }

    #[test]
    fn signed_unary_and_rice() {
        // 1111 0000 | 0000 0001 | 1 011 0 101 | ...
        let data = [0xF0, 0x01, 0b1011_0101, 0xAA];
        let mut b = Bits::new(&data);
        assert_eq!(b.read_signed(4).unwrap(), -1);
        assert_eq!(b.unary().unwrap(), 11);
        // Rice k=3: unary 0 zeros, then 011 → u = 3 → -2.
        assert_eq!(b.rice(3).unwrap(), -2);
        // Rice k=2: one zero, then "10"... bits are 0 1 0 1 → q=1, r=01 → u=5 → -3.
        assert_eq!(b.rice(2).unwrap(), -3);
    }

    /// Rice codes of parameter `k` for `values`, bit-packed MSB first.
    fn rice_encode(values: &[i32], k: u32) -> Vec<u8> {
        let mut bits = Vec::new();
        for &v in values {
            let u = ((v << 1) ^ (v >> 31)) as u32;
            bits.extend(std::iter::repeat_n(0u8, (u >> k) as usize));
            bits.push(1);
            bits.extend((0..k).rev().map(|i| ((u >> i) & 1) as u8));
        }
        bits.chunks(8)
            .map(|c| {
                c.iter()
                    .enumerate()
                    .fold(0u8, |b, (i, &x)| b | (x << (7 - i)))
            })
            .collect()
    }

    #[test]
    fn rice_block_equals_one_at_a_time() {
        let values: Vec<i32> = (0..3000)
            .map(|i: i32| (i.wrapping_mul(7919) % 2001 - 1000) * if i % 97 == 0 { 300 } else { 1 })
            .collect();
        for k in [0, 1, 4, 9, 14, 30] {
            let data = rice_encode(&values, k);
            let mut block = vec![0; values.len()];
            Bits::new(&data).rice_block(k, &mut block).unwrap();
            assert_eq!(block, values, "k = {k}");
            let mut one = Bits::new(&data);
            let single: Vec<i32> = values.iter().map(|_| one.rice(k).unwrap()).collect();
            assert_eq!(single, values, "k = {k}");
            // Cut anywhere: an error, never a panic or a wrong success.
            let cut = &data[..data.len() - 1];
            let mut v = vec![0; values.len()];
            assert_eq!(
                Bits::new(cut).rice_block(k, &mut v),
                Err(Truncated),
                "k = {k}"
            );
        }
    }

    #[test]
    fn long_unary_runs_span_refills() {
        let mut data = vec![0u8; 20];
        data.push(0x80);
        let mut b = Bits::new(&data);
        assert_eq!(b.unary().unwrap(), 160);
        assert_eq!(Bits::new(&[0u8; 9]).unary(), Err(Truncated));
    }

    #[test]
    fn byte_accounting() {
        let data = [0xFFu8; 32];
        let mut b = Bits::new(&data);
        b.read(3).unwrap();
        b.align();
        assert_eq!(b.bytes_read(), 1);
        b.read(16).unwrap();
        assert_eq!(b.bytes_read(), 3);
        b.read(5).unwrap();
        b.align();
        assert_eq!(b.bytes_read(), 4);
    }
}
