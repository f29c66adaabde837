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

/// Triangular-PDF dither of ±1 LSB peak, from a deterministic generator.
#[derive(Debug, Clone)]
pub struct TpdfDither {
    state: u64,
}

impl Default for TpdfDither {
    fn default() -> Self {
        Self::new(DITHER_SEED)
    }
}

impl TpdfDither {
    /// A generator with a given seed (0 is replaced by the default seed).
    pub fn new(seed: u64) -> Self {
        TpdfDither {
            state: if seed == 0 { DITHER_SEED } else { seed },
        }
    }

    /// A uniform value in [0, 1).
    fn uniform(&mut self) -> f32 {
        // xorshift64*
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        let r = x.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (r >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Quantises one normalised sample (−1.0..1.0) to 16 bits with TPDF dither.
    pub fn quantize(&mut self, x: f32) -> i16 {
        let d = self.uniform() - self.uniform();
        let v = (x * SCALE + d).round();
        v.clamp(-32768.0, 32767.0) as i16
    }

    /// Quantises interleaved samples, appending to `out`.
    pub fn quantize_into(&mut self, input: &[f32], out: &mut Vec<i16>) {
        out.reserve(input.len());
        for &x in input {
            out.push(self.quantize(x));
        }
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
