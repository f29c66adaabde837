//! One FLAC frame (RFC 9639 §9): the header, one subframe per channel (constant, verbatim,
//! fixed or LPC prediction over Rice-coded residuals), inter-channel decorrelation and the
//! CRC-16 footer. Samples come out as `i32` per channel, at most 24 significant bits (the
//! reader refuses deeper streams), so a side channel (one bit more) still fits.

use super::bits::{Bits, Truncated};
use super::crc::{crc16, crc8};

/// What is wrong with a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    /// The data ends inside the frame.
    Truncated,
    /// The frame breaks the format; the text says how.
    Invalid(&'static str),
}

impl From<Truncated> for FrameError {
    fn from(_: Truncated) -> Self {
        FrameError::Truncated
    }
}

fn invalid<T>(why: &'static str) -> Result<T, FrameError> {
    Err(FrameError::Invalid(why))
}

/// The stream-level facts a frame header may defer to (from STREAMINFO).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamParams {
    /// Sample rate in Hz.
    pub sample_rate: u32,
    /// Channels.
    pub channels: usize,
    /// Bits per sample.
    pub bits_per_sample: u32,
}

/// How the channels of a frame are coded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Assignment {
    Independent(usize),
    LeftSide,
    SideRight,
    MidSide,
}

/// A decoded frame's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameInfo {
    /// Samples per channel.
    pub block_size: usize,
    /// Bytes the frame took, footer included.
    pub bytes: usize,
}

/// Decodes the frame at the start of `data` into `planes` (one per channel, resized to the
/// block size). `Err(Truncated)` means `data` ends inside the frame.
pub fn decode(
    data: &[u8],
    stream: &StreamParams,
    planes: &mut [Vec<i32>],
) -> Result<FrameInfo, FrameError> {
    let mut b = Bits::new(data);
    if b.read(15)? != 0x7FFC {
        return invalid("a frame does not start with the sync code");
    }
    let _variable_block_size = b.bit()?;
    let size_code = b.read(4)?;
    let rate_code = b.read(4)?;
    let assignment = match b.read(4)? {
        n @ 0..=7 => Assignment::Independent(n as usize + 1),
        8 => Assignment::LeftSide,
        9 => Assignment::SideRight,
        10 => Assignment::MidSide,
        _ => return invalid("reserved channel assignment"),
    };
    let bps = match b.read(3)? {
        0 => stream.bits_per_sample,
        1 => 8,
        2 => 12,
        4 => 16,
        5 => 20,
        6 => 24,
        _ => return invalid("reserved or unsupported sample size"),
    };
    if b.bit()? {
        return invalid("reserved header bit set");
    }
    // The frame or sample number, UTF-8 style: only its length matters here.
    let first = b.read(8)?;
    let extra = match (first as u8).leading_ones() {
        0 => 0,
        n @ 2..=7 => n - 1,
        _ => return invalid("bad coded frame number"),
    };
    for _ in 0..extra {
        if b.read(8)? >> 6 != 0b10 {
            return invalid("bad coded frame number");
        }
    }
    let block_size = match size_code {
        0 => return invalid("reserved block size"),
        1 => 192,
        2..=5 => 576 << (size_code - 2),
        6 => b.read(8)? as usize + 1,
        7 => b.read(16)? as usize + 1,
        _ => 256 << (size_code - 8),
    };
    let rate = match rate_code {
        0 => stream.sample_rate,
        1 => 88_200,
        2 => 176_400,
        3 => 192_000,
        4 => 8_000,
        5 => 16_000,
        6 => 22_050,
        7 => 24_000,
        8 => 32_000,
        9 => 44_100,
        10 => 48_000,
        11 => 96_000,
        12 => b.read(8)? * 1000,
        13 => b.read(16)?,
        14 => b.read(16)? * 10,
        _ => return invalid("invalid sample rate code"),
    };
    let header_len = b.bytes_read();
    let crc = b.read(8)?;
    if crc8(&data[..header_len]) != crc as u8 {
        return invalid("frame header checksum mismatch");
    }
    let channels = match assignment {
        Assignment::Independent(n) => n,
        _ => 2,
    };
    if channels != stream.channels || rate != stream.sample_rate || bps != stream.bits_per_sample {
        return invalid("a frame's format differs from the stream's");
    }
    if planes.len() != channels {
        return invalid("channel count mismatch");
    }
    for (ch, plane) in planes.iter_mut().enumerate() {
        let side = matches!(
            (assignment, ch),
            (Assignment::LeftSide, 1) | (Assignment::SideRight, 0) | (Assignment::MidSide, 1)
        );
        plane.resize(block_size, 0);
        subframe(&mut b, bps + u32::from(side), plane)?;
    }
    b.align();
    let end = b.bytes_read();
    let footer = b.read(16)?;
    if crc16(&data[..end]) != footer as u16 {
        return invalid("frame checksum mismatch");
    }
    decorrelate(assignment, planes);
    Ok(FrameInfo {
        block_size,
        bytes: end + 2,
    })
}

/// Undoes the stereo decorrelation in place.
fn decorrelate(assignment: Assignment, planes: &mut [Vec<i32>]) {
    let [a, b] = planes else {
        return;
    };
    match assignment {
        Assignment::Independent(_) => {}
        Assignment::LeftSide => {
            for (l, s) in a.iter().zip(b.iter_mut()) {
                *s = l.wrapping_sub(*s);
            }
        }
        Assignment::SideRight => {
            for (s, r) in a.iter_mut().zip(b.iter()) {
                *s = s.wrapping_add(*r);
            }
        }
        Assignment::MidSide => {
            for (m, s) in a.iter_mut().zip(b.iter_mut()) {
                let mid = (i64::from(*m) << 1) | (i64::from(*s) & 1);
                let side = i64::from(*s);
                *m = ((mid + side) >> 1) as i32;
                *s = ((mid - side) >> 1) as i32;
            }
        }
    }
}

/// Decodes one subframe of `bps` bits into `out` (the block).
fn subframe(b: &mut Bits<'_>, bps: u32, out: &mut [i32]) -> Result<(), FrameError> {
    if b.bit()? {
        return invalid("subframe padding bit set");
    }
    let kind = b.read(6)?;
    let wasted = if b.bit()? { b.unary()? + 1 } else { 0 };
    if wasted >= bps {
        return invalid("more wasted bits than sample bits");
    }
    let bps = bps - wasted;
    match kind {
        0 => {
            let v = b.read_signed(bps)?;
            out.fill(v);
        }
        1 => {
            for s in out.iter_mut() {
                *s = b.read_signed(bps)?;
            }
        }
        8..=12 => {
            let order = (kind - 8) as usize;
            warm_up(b, bps, order, out)?;
            residual(b, order, out)?;
            fixed_predict(order, out);
        }
        32..=63 => {
            let order = (kind - 31) as usize;
            warm_up(b, bps, order, out)?;
            let precision = b.read(4)? + 1;
            if precision == 16 {
                return invalid("invalid LPC coefficient precision");
            }
            let shift = b.read_signed(5)?;
            if shift < 0 {
                return invalid("negative LPC shift");
            }
            let mut coeffs = [0i32; 32];
            for c in coeffs.iter_mut().take(order) {
                *c = b.read_signed(precision)?;
            }
            residual(b, order, out)?;
            lpc_predict(&coeffs[..order], shift as u32, out);
        }
        _ => return invalid("reserved subframe type"),
    }
    if wasted > 0 {
        for s in out.iter_mut() {
            *s = s.wrapping_shl(wasted);
        }
    }
    Ok(())
}

fn warm_up(b: &mut Bits<'_>, bps: u32, order: usize, out: &mut [i32]) -> Result<(), FrameError> {
    if order > out.len() {
        return invalid("predictor order longer than the block");
    }
    for s in out.iter_mut().take(order) {
        *s = b.read_signed(bps)?;
    }
    Ok(())
}

/// Reads the Rice-coded residual into `out[order..]`.
fn residual(b: &mut Bits<'_>, order: usize, out: &mut [i32]) -> Result<(), FrameError> {
    let (param_bits, escape) = match b.read(2)? {
        0 => (4, 15),
        1 => (5, 31),
        _ => return invalid("reserved residual coding method"),
    };
    let partition_order = b.read(4)?;
    let partitions = 1usize << partition_order;
    let per = out.len() >> partition_order;
    if per << partition_order != out.len() || per < order {
        return invalid("residual partitions do not fit the block");
    }
    let mut at = order;
    for p in 0..partitions {
        let end = (p + 1) * per;
        let k = b.read(param_bits)?;
        let part = &mut out[at..end];
        if k == escape {
            let bits = b.read(5)?;
            for s in part.iter_mut() {
                *s = b.read_signed(bits)?;
            }
        } else {
            b.rice_block(k, part)?;
        }
        at = end;
    }
    Ok(())
}

/// The fixed polynomial predictors of orders 0 to 4, over the residual in `out[order..]`.
fn fixed_predict(order: usize, out: &mut [i32]) {
    let w = |v: i64| v as i32;
    for i in order..out.len() {
        let x = |k: usize| i64::from(out[i - k]);
        let p = match order {
            0 => 0,
            1 => x(1),
            2 => 2 * x(1) - x(2),
            3 => 3 * x(1) - 3 * x(2) + x(3),
            _ => 4 * x(1) - 6 * x(2) + 4 * x(3) - x(4),
        };
        out[i] = out[i].wrapping_add(w(p));
    }
}

/// LPC prediction over the residual in `out[coeffs.len()..]`, dispatched on the order so the
/// common short filters are unrolled.
fn lpc_predict(coeffs: &[i32], shift: u32, out: &mut [i32]) {
    macro_rules! by_order {
        ($($n:literal)*) => {
            match coeffs.len() {
                $($n => lpc_fixed::<$n>(coeffs, shift, out),)*
                _ => lpc_any(coeffs, shift, out),
            }
        };
    }
    by_order!(1 2 3 4 5 6 7 8 9 10 11 12 16 32)
}

/// Order-`N` prediction with the last `N` samples kept in a window of locals rather than
/// re-read from `out`: each sample depends on the one just computed, so the loop is bound by
/// that dependency; reading the sample back from memory would add a store-to-load round trip
/// to it.
fn lpc_fixed<const N: usize>(coeffs: &[i32], shift: u32, out: &mut [i32]) {
    if out.len() < N {
        return;
    }
    let mut c = [0i64; N];
    for (d, s) in c.iter_mut().zip(coeffs) {
        *d = i64::from(*s);
    }
    // h[0] is the newest sample (out[i - 1]), which c[0] multiplies.
    let mut h = [0i64; N];
    for (k, v) in h.iter_mut().enumerate() {
        *v = i64::from(out[N - 1 - k]);
    }
    for s in out[N..].iter_mut() {
        // Oldest taps first, newest last: only the last multiply-add waits for the sample
        // just computed; the others overlap with it.
        let mut sum = 0i64;
        for k in (1..N).rev() {
            sum += c[k] * h[k];
        }
        sum += c[0] * h[0];
        let x = s.wrapping_add((sum >> shift) as i32);
        *s = x;
        for k in (1..N).rev() {
            h[k] = h[k - 1];
        }
        h[0] = i64::from(x);
    }
}

fn lpc_any(coeffs: &[i32], shift: u32, out: &mut [i32]) {
    let order = coeffs.len();
    for i in order..out.len() {
        let sum: i64 = coeffs
            .iter()
            .zip(out[i - order..i].iter().rev())
            .map(|(&c, &s)| i64::from(c) * i64::from(s))
            .sum();
        out[i] = out[i].wrapping_add((sum >> shift) as i32);
    }
}
