//! Sample conversions: channel mapping to stereo and float-to-16-bit quantisation with TPDF
//! dither.
//!
//! Dither is applied only where bit depth is reduced, i.e. on the floating-point path (sources
//! with more than 16 bits, float codecs such as MP3/AAC/Vorbis, resampled or down-mixed audio).
//! 16-bit (and 8-bit) integer sources that need neither resampling nor down-mixing are copied
//! bit-exactly and never dithered. The dither noise comes from a fixed-seed xorshift generator,
//! so the same file always decodes to the same bytes.

/// Scale between 16-bit integers and symphonia's normalised floats (`i16 / 32768`).
const SCALE: f32 = 32768.0;

/// Seed of the dither generator: output is reproducible run to run.
pub const DITHER_SEED: u64 = 0x4B49_4C4E_4449_5448; // "KILNDITH"

/// Number of independent generator lanes: consecutive samples take their noise from different
/// lanes, so the compiler can run the lanes side by side (SIMD) instead of waiting on one
/// generator's serial dependency chain, which made dithering a third of MP3/AAC/Vorbis decoding.
const LANES: usize = 8;

/// `1.5 × 2²³`: adding it rounds an `f32` of magnitude below 2²² to the nearest integer with
/// plain SIMD arithmetic (no libm `roundf` call per sample), see [`TpdfDither::to_i16`].
const ROUND_MAGIC: f32 = 12_582_912.0;

/// The bit pattern of [`ROUND_MAGIC`].
const ROUND_MAGIC_BITS: i32 = 0x4B40_0000;

/// Scale of a 16-bit uniform integer to [0, 1).
const UNIT_16: f32 = 1.0 / 65_536.0;

/// Triangular-PDF dither of ±1 LSB peak, from a deterministic generator.
#[derive(Debug, Clone)]
pub struct TpdfDither {
    lanes: [u32; LANES],
}

impl Default for TpdfDither {
    fn default() -> Self {
        Self::new(DITHER_SEED)
    }
}

/// One xorshift32 step (Marsaglia's 13/17/5 triple, period 2³² − 1); never yields 0 from a
/// non-zero state. 32-bit lanes fill a whole SSE2 register four at a time.
#[inline(always)]
fn xorshift(mut x: u32) -> u32 {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    x
}

impl TpdfDither {
    /// A generator with a given seed (0 is replaced by the default seed).
    pub fn new(seed: u64) -> Self {
        let seed = if seed == 0 { DITHER_SEED } else { seed };
        // Distinct non-zero lane states derived from the seed (splitmix-style odd constants).
        let mut lanes = [0u32; LANES];
        for (i, lane) in lanes.iter_mut().enumerate() {
            let v = seed ^ (0x9E37_79B9_7F4A_7C15u64.wrapping_mul(i as u64 + 1));
            let v = (v ^ (v >> 32)) as u32;
            *lane = if v == 0 { 0x4B49_4C4E } else { v };
        }
        TpdfDither { lanes }
    }

    /// The noise of one lane step: the difference of two 16-bit uniforms taken from the two
    /// halves of one 32-bit draw, i.e. triangular on (−1, 1) LSB in steps of 2⁻¹⁶ LSB (far
    /// finer than the dither needs).
    #[inline(always)]
    fn noise(state: &mut u32) -> f32 {
        let x = xorshift(*state);
        *state = x;
        let a = (x >> 16) as i32;
        let b = (x & 0xFFFF) as i32;
        (a - b) as f32 * UNIT_16
    }

    /// Rounds a sample already scaled to 16-bit units to the nearest integer and saturates it
    /// (NaN becomes 0: a corrupt float never turns into a full-scale click).
    ///
    /// Clamp, NaN select, then the magic-number trick: for |c| ≤ 32768, `c + 1.5·2²³` lies in
    /// [2²³, 2²⁴) where one ulp is 1, so the addition itself rounds to nearest and the float's
    /// bits are `0x4B40_0000 + round(c)`. Every step has a packed SSE2 instruction; a
    /// saturating `f32 as i16`/`as i32` is compiled one sample at a time.
    #[inline(always)]
    fn to_i16(v: f32) -> i16 {
        let c = v.clamp(-32768.0, 32767.0);
        let c = if c.is_nan() { 0.0 } else { c };
        ((c + ROUND_MAGIC).to_bits() as i32 - ROUND_MAGIC_BITS) as i16
    }

    /// Quantises one normalised sample (−1.0..1.0) to 16 bits with TPDF dither.
    pub fn quantize(&mut self, x: f32) -> i16 {
        let d = Self::noise(&mut self.lanes[0]);
        Self::to_i16(x * SCALE + d)
    }

    /// Quantises interleaved samples, appending to `out`.
    pub fn quantize_into(&mut self, input: &[f32], out: &mut Vec<i16>) {
        let start = out.len();
        out.resize(start + input.len(), 0);
        let dst = &mut out[start..];
        let mut lanes = self.lanes;
        let mut src_chunks = input.chunks_exact(LANES);
        let mut dst_chunks = dst.chunks_exact_mut(LANES);
        for (s, d) in (&mut src_chunks).zip(&mut dst_chunks) {
            for l in 0..LANES {
                let n = Self::noise(&mut lanes[l]);
                d[l] = Self::to_i16(s[l] * SCALE + n);
            }
        }
        for ((s, d), lane) in src_chunks
            .remainder()
            .iter()
            .zip(dst_chunks.into_remainder())
            .zip(lanes.iter_mut())
        {
            let n = Self::noise(lane);
            *d = Self::to_i16(s * SCALE + n);
        }
        self.lanes = lanes;
    }
}

/// Maps interleaved frames of `channels` channels to interleaved stereo, appending to `out`.
///
/// Mono is copied to both sides at full level (as ffmpeg does); stereo is copied; for more
/// channels, `positions` (symphonia's channel position bits in plane order, if known) selects an
/// ITU-R BS.775 style down-mix (centre and surrounds at −3 dB, LFE dropped), normalised so that
/// it cannot clip. Without positions, the first two channels are taken.
pub fn to_stereo<T: Copy>(input: &[T], channels: usize, out: &mut Vec<T>) {
    match channels {
        0 => {}
        1 => {
            out.reserve(input.len() * 2);
            for &s in input {
                out.push(s);
                out.push(s);
            }
        }
        2 => out.extend_from_slice(input),
        n => {
            for f in input.chunks_exact(n) {
                out.push(f[0]);
                out.push(f[1]);
            }
        }
    }
}

/// Down-mix weights (left, right) for a channel position bit.
fn weights(bit: u32) -> (f32, f32) {
    const H: f32 = std::f32::consts::FRAC_1_SQRT_2;
    match bit {
        0 | 6 | 24 | 12 | 22 => (1.0, 0.0), // front left, front left centre, wide, top, bottom
        1 | 7 | 25 | 14 | 23 => (0.0, 1.0),
        2 | 8 | 11 | 13 | 16 | 21 => (H, H), // centres
        4 | 9 | 15 | 19 => (H, 0.0),         // rear/side left
        5 | 10 | 17 | 20 => (0.0, H),        // rear/side right
        _ => (0.0, 0.0),                     // LFE and unknown
    }
}

/// Down-mixes interleaved float frames of many channels to stereo using channel positions
/// (bit numbers, in plane order), appending to `out`.
pub fn downmix_positions(input: &[f32], position_bits: &[u32], out: &mut Vec<f32>) {
    let n = position_bits.len();
    if n <= 2 {
        to_stereo(input, n, out);
        return;
    }
    let w: Vec<(f32, f32)> = position_bits.iter().map(|&b| weights(b)).collect();
    let sum_l: f32 = w.iter().map(|x| x.0).sum::<f32>().max(1.0);
    let sum_r: f32 = w.iter().map(|x| x.1).sum::<f32>().max(1.0);
    for f in input.chunks_exact(n) {
        let (mut l, mut r) = (0.0f32, 0.0f32);
        for (s, (wl, wr)) in f.iter().zip(&w) {
            l += s * wl;
            r += s * wr;
        }
        out.push(l / sum_l);
        out.push(r / sum_r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dither_is_reproducible_and_small() {
        let mut a = TpdfDither::default();
        let mut b = TpdfDither::default();
        for i in 0..10_000 {
            let x = (i as f32 * 0.001).sin() * 0.5;
            let qa = a.quantize(x);
            assert_eq!(qa, b.quantize(x));
            assert!((f32::from(qa) - x * SCALE).abs() <= 1.5);
        }
    }

    #[test]
    fn noise_is_triangular_with_one_lsb_peak() {
        // Quantising silence shifted by half a step exposes the noise: TPDF of ±1 LSB has mean
        // 0, variance 1/6 LSB², never exceeds 1 LSB, and is symmetric.
        let input = vec![0.0f32; 400_003]; // odd length: the lane remainder path runs too
        let mut d = TpdfDither::default();
        let mut out = Vec::new();
        d.quantize_into(&input, &mut out);
        assert_eq!(out.len(), input.len());
        let n = out.len() as f64;
        let mean = out.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
        let var = out.iter().map(|&v| f64::from(v).powi(2)).sum::<f64>() / n;
        assert!(out.iter().all(|&v| (-1..=1).contains(&v)));
        assert!(mean.abs() < 0.005, "mean {mean}");
        // P(|noise| > 0.5) = 1/4 for a triangular density on (−1, 1).
        assert!(
            (var - 0.25).abs() < 0.005,
            "share rounded away from 0: {var}"
        );
        let ups = out.iter().filter(|&&v| v == 1).count() as f64 / n;
        let downs = out.iter().filter(|&&v| v == -1).count() as f64 / n;
        assert!((ups - downs).abs() < 0.005, "{ups} vs {downs}");
    }

    #[test]
    fn corrupt_floats_never_click() {
        let mut d = TpdfDither::default();
        let mut out = Vec::new();
        d.quantize_into(
            &[f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 1e30, -1e30],
            &mut out,
        );
        assert_eq!(out, [0, 32767, -32768, 32767, -32768]);
    }

    #[test]
    fn rounds_to_nearest() {
        assert_eq!(ROUND_MAGIC.to_bits() as i32, ROUND_MAGIC_BITS);
        for (v, want) in [
            (0.4f32, 0i16),
            (0.6, 1),
            (-0.6, -1),
            (-1.4, -1),
            (1234.51, 1235),
            (-32767.7, -32768),
            (32766.6, 32767),
            (-0.0, 0),
        ] {
            assert_eq!(TpdfDither::to_i16(v), want, "{v}");
        }
    }

    #[test]
    fn clamps() {
        let mut d = TpdfDither::default();
        assert_eq!(d.quantize(2.0), 32767);
        assert_eq!(d.quantize(-2.0), -32768);
    }

    #[test]
    fn channel_maps() {
        let mut out = Vec::new();
        to_stereo(&[1i16, 2], 1, &mut out);
        assert_eq!(out, [1, 1, 2, 2]);
        let mut out = Vec::new();
        // FL FR FC LFE RL RR
        downmix_positions(
            &[1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            &[0, 1, 2, 3, 4, 5],
            &mut out,
        );
        assert!(out[0] > 0.4 && out[1] == 0.0);
    }
}
