//! Streaming sample-rate conversion of stereo float audio to 44.1 kHz with rubato's synchronous
//! FFT resampler (`rubato::Fft`, Blackman-Harris² anti-alias window).
//!
//! Audio stays in planes (one buffer per channel) from the decoder to the quantiser: rubato
//! works on planes, and interleaving only to have it split them again cost a copy each way.
//!
//! The resampler's own delay is removed, and the output of `n` input frames at rate `r` is
//! exactly [`output_len`]`(n, r)` = ⌊(n · 44100 + ⌊r/2⌋) / r⌋ frames (the rounded ideal length),
//! so a track's length is known before it is decoded.

use rubato::audioadapter_buffers::direct::SequentialSliceOfVecs;
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
    /// Pending input planes (left, right) from frame `start` on (fewer than one chunk after each
    /// push).
    pending: Vec<Vec<f32>>,
    /// First pending frame: consumed input is skipped with rubato's input offset and only
    /// compacted away once it is most of the buffer, instead of shifting the rest every chunk.
    start: usize,
    /// Output frames still to drop (the resampler's delay).
    skip: usize,
    in_frames: u64,
    out_frames: u64,
    /// rubato's output planes.
    out_buf: Vec<Vec<f32>>,
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
        let chunk = chunk_frames(rate);
        let inner = Fft::<f32>::new_custom(
            rate as usize,
            SAMPLE_RATE as usize,
            chunk,
            1,
            2,
            WindowFunction::BlackmanHarris2,
            FixedSync::Input,
        )
        .map_err(|e| e.to_string())?;
        let skip = inner.output_delay();
        let out_max = inner.output_frames_max();
        Ok(StereoResampler {
            inner,
            rate,
            pending: vec![Vec::with_capacity(chunk * 2), Vec::with_capacity(chunk * 2)],
            start: 0,
            skip,
            in_frames: 0,
            out_frames: 0,
            out_buf: vec![vec![0.0; out_max], vec![0.0; out_max]],
            finished: false,
        })
    }

    /// The input rate.
    pub fn rate(&self) -> u32 {
        self.rate
    }

    /// Pending input frames.
    fn pending_frames(&self) -> usize {
        self.pending[0].len() - self.start
    }

    fn run_chunk(
        &mut self,
        partial: Option<usize>,
        out: &mut dyn FnMut(&[f32], &[f32]),
    ) -> Result<(), String> {
        let need = self.inner.input_frames_next();
        let end = self.start + need;
        for plane in &mut self.pending {
            if plane.len() < end {
                plane.resize(end, 0.0);
            }
        }
        let input = SequentialSliceOfVecs::new(&self.pending, 2, end).map_err(|e| e.to_string())?;
        let frames_out_max = self.out_buf[0].len();
        let mut output = SequentialSliceOfVecs::new_mut(&mut self.out_buf, 2, frames_out_max)
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
            self.pending.iter_mut().for_each(Vec::clear);
            self.start = 0;
        } else {
            self.start = (self.start + used).min(self.pending[0].len());
            if self.start >= self.pending[0].len() / 2 {
                let start = self.start;
                self.pending.iter_mut().for_each(|p| {
                    p.drain(..start);
                });
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
        if take > 0 {
            out(
                &self.out_buf[0][drop..drop + take],
                &self.out_buf[1][drop..drop + take],
            );
        }
        self.out_frames += take as u64;
        Ok(())
    }

    /// Feeds a stereo pair of input planes of equal length (the same plane twice for mono);
    /// hands whatever output is ready to `out` as a pair of planes.
    pub fn push(
        &mut self,
        left: &[f32],
        right: &[f32],
        out: &mut dyn FnMut(&[f32], &[f32]),
    ) -> Result<(), String> {
        let frames = left.len().min(right.len());
        self.push_with(
            frames,
            |l, r| {
                l.copy_from_slice(&left[..frames]);
                r.copy_from_slice(&right[..frames]);
            },
            out,
        )
    }

    /// Feeds `frames` frames that `fill` writes straight into the pending planes (left, right;
    /// each exactly `frames` long), so a decoder's samples are converted into place instead of
    /// through a buffer of their own; hands whatever output is ready to `out`.
    pub fn push_with(
        &mut self,
        frames: usize,
        fill: impl FnOnce(&mut [f32], &mut [f32]),
        out: &mut dyn FnMut(&[f32], &[f32]),
    ) -> Result<(), String> {
        let at = self.pending[0].len();
        for plane in &mut self.pending {
            plane.resize(at + frames, 0.0);
        }
        let (left, right) = self.pending.split_at_mut(1);
        fill(&mut left[0][at..], &mut right[0][at..]);
        self.in_frames += frames as u64;
        while self.pending_frames() >= self.inner.input_frames_next() {
            self.run_chunk(None, out)?;
        }
        Ok(())
    }

    /// Flushes the tail: hands the remaining output to `out`, so that the total is exactly
    /// [`output_len`] of the input.
    pub fn finish(&mut self, out: &mut dyn FnMut(&[f32], &[f32])) -> Result<(), String> {
        if self.finished {
            return Ok(());
        }
        self.finished = true;
        let target = output_len(self.in_frames, self.rate);
        // Never more rounds than needed to push the delay and the tail through.
        let mut guard = 0;
        while self.out_frames < target {
            let have = self.pending_frames();
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

    /// Runs interleaved stereo `input` through `r` in pieces of `piece` frames and returns the
    /// interleaved output.
    fn run(r: &mut StereoResampler, input: &[f32], piece: usize) -> Vec<f32> {
        let mut out = Vec::new();
        let mut sink = |l: &[f32], r: &[f32]| {
            out.extend(l.iter().zip(r).flat_map(|(&a, &b)| [a, b]));
        };
        for c in input.chunks(piece * 2) {
            let (l, rr): (Vec<f32>, Vec<f32>) = c.chunks_exact(2).map(|f| (f[0], f[1])).unzip();
            r.push(&l, &rr, &mut sink).unwrap();
        }
        r.finish(&mut sink).unwrap();
        out
    }

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
            let out = run(&mut r, &input, 2000);
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
        let out = run(&mut r, &input, 1000);
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
