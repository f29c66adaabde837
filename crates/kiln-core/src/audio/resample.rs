//! Streaming sample-rate conversion of stereo float audio to 44.1 kHz with rubato's synchronous
//! FFT resampler (`rubato::Fft`, Blackman-Harris² anti-alias window).
//!
//! The resampler's own delay is removed, and the output of `n` input frames at rate `r` is
//! exactly [`output_len`]`(n, r)` = ⌊(n · 44100 + ⌊r/2⌋) / r⌋ frames (the rounded ideal length),
//! so a track's length is known before it is decoded.

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Indexing, Resampler, WindowFunction};

use super::layout::SAMPLE_RATE;

/// Input frames per resampler call, at least.
const MIN_CHUNK: usize = 4096;

/// Input frames per resampler call for `rate`: the smallest power-of-two multiple of the
/// reduced input period (`rate / gcd(rate, 44100)`) of at least [`MIN_CHUNK`] frames. rubato's
/// FFT length is a multiple of that period, so a power-of-two multiple keeps the FFT's factors
/// small (2s and the period's own); a fixed 4096 made 96 kHz use a 13-point butterfly
/// (4160 = 320 × 13), the slowest part of a 96 kHz decode.
fn chunk_frames(rate: u32) -> usize {
    let (mut a, mut b) = (rate as usize, SAMPLE_RATE as usize);
    while b != 0 {
        (a, b) = (b, a % b);
    }
    let period = (rate as usize / a.max(1)).max(1);
    let mut chunk = period;
    while chunk < MIN_CHUNK {
        chunk *= 2;
    }
    chunk
}

/// The exact number of 44.1 kHz frames that `frames` input frames at `rate` Hz become.
pub fn output_len(frames: u64, rate: u32) -> u64 {
    if rate == SAMPLE_RATE || rate == 0 {
        return frames;
    }
    let r = u128::from(rate);
    ((u128::from(frames) * u128::from(SAMPLE_RATE) + r / 2) / r) as u64
}

/// A streaming stereo resampler to 44.1 kHz.
pub struct StereoResampler {
    inner: Fft<f32>,
    rate: u32,
    /// Pending interleaved input from frame `start` on (fewer than one chunk after each push).
    pending: Vec<f32>,
    /// First pending frame: consumed input is skipped with rubato's input offset and only
    /// compacted away once it is most of the buffer, instead of shifting the rest every chunk.
    start: usize,
    /// Output frames still to drop (the resampler's delay).
    skip: usize,
    in_frames: u64,
    out_frames: u64,
    out_buf: Vec<f32>,
    finished: bool,
}

impl std::fmt::Debug for StereoResampler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StereoResampler")
            .field("rate", &self.rate)
            .field("in_frames", &self.in_frames)
            .field("out_frames", &self.out_frames)
            .finish()
    }
}

impl StereoResampler {
    /// A resampler from `rate` Hz to 44.1 kHz; `Err` with rubato's reason if the ratio is not
    /// supported.
    pub fn new(rate: u32) -> Result<Self, String> {
        let inner = Fft::<f32>::new_custom(
            rate as usize,
            SAMPLE_RATE as usize,
            chunk_frames(rate),
            1,
            2,
            WindowFunction::BlackmanHarris2,
            FixedSync::Input,
        )
        .map_err(|e| e.to_string())?;
        let skip = inner.output_delay();
        let out_buf = vec![0.0; inner.output_frames_max() * 2];
        Ok(StereoResampler {
            inner,
            rate,
            pending: Vec::with_capacity(chunk_frames(rate) * 4),
            start: 0,
            skip,
            in_frames: 0,
            out_frames: 0,
            out_buf,
            finished: false,
        })
    }

    /// The input rate.
    pub fn rate(&self) -> u32 {
        self.rate
    }

    fn run_chunk(&mut self, partial: Option<usize>, out: &mut Vec<f32>) -> Result<(), String> {
        let need = self.inner.input_frames_next();
        let end = self.start + need;
        if self.pending.len() < end * 2 {
            self.pending.resize(end * 2, 0.0);
        }
        let input =
            InterleavedSlice::new(&self.pending[..end * 2], 2, end).map_err(|e| e.to_string())?;
        let frames_out_max = self.out_buf.len() / 2;
        let mut output = InterleavedSlice::new_mut(&mut self.out_buf[..], 2, frames_out_max)
            .map_err(|e| e.to_string())?;
        let indexing = Indexing {
            input_offset: self.start,
            output_offset: 0,
            partial_len: partial,
            active_channels_mask: None,
        };
        let (used, produced) = self
            .inner
            .process_into_buffer(&input, &mut output, Some(&indexing))
            .map_err(|e| e.to_string())?;
        if partial.is_some() {
            // The tail (and the zeros it was padded with) is used up.
            self.pending.clear();
            self.start = 0;
        } else {
            self.start = (self.start + used).min(self.pending.len() / 2);
            if self.start * 2 >= self.pending.len() / 2 {
                self.pending.drain(..self.start * 2);
                self.start = 0;
            }
        }
        let drop = self.skip.min(produced);
        self.skip -= drop;
        let target = output_len(self.in_frames, self.rate);
        let mut take = produced - drop;
        if self.finished {
            take = take.min(target.saturating_sub(self.out_frames) as usize);
        }
        out.extend_from_slice(&self.out_buf[drop * 2..(drop + take) * 2]);
        self.out_frames += take as u64;
        Ok(())
    }

    /// Feeds interleaved stereo input; appends whatever output is ready to `out`.
    pub fn push(&mut self, input: &[f32], out: &mut Vec<f32>) -> Result<(), String> {
        self.in_frames += (input.len() / 2) as u64;
        self.pending.extend_from_slice(input);
        while self.pending.len() / 2 - self.start >= self.inner.input_frames_next() {
            self.run_chunk(None, out)?;
        }
        Ok(())
    }

    /// Flushes the tail: appends the remaining output so that the total is exactly
    /// [`output_len`] of the input.
    pub fn finish(&mut self, out: &mut Vec<f32>) -> Result<(), String> {
        if self.finished {
            return Ok(());
        }
        self.finished = true;
        let target = output_len(self.in_frames, self.rate);
        // Never more rounds than needed to push the delay and the tail through.
        let mut guard = 0;
        while self.out_frames < target {
            let have = self.pending.len() / 2 - self.start;
            self.run_chunk(Some(have), out)?;
            guard += 1;
            if guard > 64 {
                return Err("the resampler did not flush".into());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_power_of_two_multiples_of_the_period() {
        assert_eq!(chunk_frames(96_000), 5120); // 320 × 16
        assert_eq!(chunk_frames(48_000), 5120); // 160 × 32
        assert_eq!(chunk_frames(192_000), 5120); // 640 × 8
        assert_eq!(chunk_frames(88_200), 4096); // 2 × 2048
        assert_eq!(chunk_frames(22_050), 4096);
        assert_eq!(chunk_frames(32_000), 5120); // 320 × 16
        assert_eq!(chunk_frames(7), 4096); // period 1 (gcd 7)
    }

    #[test]
    fn lengths() {
        assert_eq!(output_len(48_000, 48_000), 44_100);
        assert_eq!(output_len(96_000, 96_000), 44_100);
        assert_eq!(output_len(12345, 44_100), 12345);
        assert_eq!(output_len(1, 48_000), 1);
    }

    #[test]
    fn common_rates_flush_to_exact_lengths() {
        for rate in [
            8_000u32, 11_025, 22_050, 32_000, 48_000, 88_200, 96_000, 176_400, 192_000,
        ] {
            let n = rate as usize / 3 + 123;
            let input = vec![0.25f32; n * 2];
            let mut r = StereoResampler::new(rate).unwrap();
            let mut out = Vec::new();
            for c in input.chunks(4000) {
                r.push(c, &mut out).unwrap();
            }
            r.finish(&mut out).unwrap();
            assert_eq!(out.len() as u64 / 2, output_len(n as u64, rate), "{rate}");
            // DC passes at unity gain away from the edges.
            let mid = out[out.len() / 2];
            assert!((mid - 0.25).abs() < 1e-3, "{rate}: {mid}");
        }
    }

    #[test]
    fn sine_through_48k() {
        let rate = 48_000u32;
        let n = 48_000usize + 777;
        let input: Vec<f32> = (0..n)
            .flat_map(|i| {
                let v =
                    (2.0 * std::f64::consts::PI * 1000.0 * i as f64 / f64::from(rate)).sin() * 0.5;
                [v as f32, -v as f32]
            })
            .collect();
        let mut r = StereoResampler::new(rate).unwrap();
        let mut out = Vec::new();
        for c in input.chunks(1000 * 2) {
            r.push(c, &mut out).unwrap();
        }
        r.finish(&mut out).unwrap();
        assert_eq!(out.len() as u64 / 2, output_len(n as u64, rate));
        // Compare mid-signal with the ideal sine at 44.1 kHz.
        let mut err = 0.0f64;
        let mut sig = 0.0f64;
        for i in 1000..40_000 {
            let ideal = (2.0 * std::f64::consts::PI * 1000.0 * i as f64 / 44_100.0).sin() * 0.5;
            let got = f64::from(out[i * 2]);
            err += (got - ideal).powi(2);
            sig += ideal.powi(2);
        }
        let snr = 10.0 * (sig / err).log10();
        assert!(snr > 100.0, "snr {snr}");
    }
}
