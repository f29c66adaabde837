//! The decode path's fuzz target, run as a test: small valid files of every supported format
//! (made with ffmpeg) are mutated deterministically (flipped bits, overwritten runs, cut
//! tails, duplicated and removed ranges) and each mutant goes through what Kiln does with a
//! file a user adds: `Decoder::open`, `exact_frames`, and a full decode. Any outcome but a
//! panic is fine (most mutants decode to noise or give an error that names the file).
//!
//! cargo-fuzz needs a nightly toolchain, which this project's machines do not have; this runs
//! on stable in every test run. `KILN_FUZZ_ROUNDS` (default 40 per format) sets the number of
//! mutants, `KILN_FUZZ_SEED` the seed, for a longer run by hand.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::process::Command;

use kiln_core::audio::{decode_to_vec, exact_frames, Decoder};

fn have_ffmpeg() -> bool {
    let ok = Command::new("ffmpeg").arg("-version").output().is_ok();
    if !ok {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "ffmpeg is missing: install it (apt-get install ffmpeg)"
        );
        eprintln!("SKIPPED: ffmpeg is not installed");
    }
    ok
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// xorshift64*: reproducible mutations from the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(original: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = original.to_vec();
    for _ in 0..1 + rng.below(4) {
        if b.is_empty() {
            break;
        }
        let at = rng.below(b.len());
        match rng.below(6) {
            0 => b[at] ^= 1 << rng.below(8),
            1 => {
                let end = (at + 1 + rng.below(64)).min(b.len());
                let fill = rng.next() as u8;
                b[at..end].fill(fill);
            }
            2 => b.truncate(at),
            3 => {
                let end = (at + 1 + rng.below(4096)).min(b.len());
                let copy = b[at..end].to_vec();
                let to = rng.below(b.len());
                b.splice(to..to, copy);
            }
            4 => {
                let end = (at + 1 + rng.below(4096)).min(b.len());
                b.drain(at..end);
            }
            _ => {
                // A header field set to an extreme value.
                let v = if rng.below(2) == 0 { 0x00 } else { 0xFF };
                let end = (at + 4).min(b.len());
                b[at..end].fill(v);
            }
        }
    }
    b
}

/// Everything Kiln does with an added file; `true` if it panicked.
fn panics(path: &Path) -> bool {
    catch_unwind(AssertUnwindSafe(|| {
        if let Ok(d) = Decoder::open(path) {
            let _ = d.info();
        }
        let _ = exact_frames(path);
        let _ = decode_to_vec(path);
    }))
    .is_err()
}

#[test]
fn mutated_files_never_panic() {
    if !have_ffmpeg() {
        return;
    }
    let rounds = env_u64("KILN_FUZZ_ROUNDS", 40);
    let mut rng = Rng(env_u64("KILN_FUZZ_SEED", 0x4B49_4C4E) | 1);
    let dir = tempfile::tempdir().unwrap();
    let formats: &[(&str, &str, &[&str])] = &[
        ("flac", "44100", &["-c:a", "flac"]),
        ("96k.flac", "96000", &["-c:a", "flac", "-sample_fmt", "s32"]),
        ("wav", "48000", &["-c:a", "pcm_s24le"]),
        ("aiff", "44100", &["-c:a", "pcm_s16be"]),
        ("mp3", "44100", &["-c:a", "libmp3lame", "-b:a", "128k"]),
        ("ogg", "44100", &["-c:a", "libvorbis"]),
        ("m4a", "44100", &["-c:a", "aac"]),
        ("alac.m4a", "44100", &["-c:a", "alac"]),
        ("opus", "48000", &["-c:a", "libopus"]),
    ];
    let mut failures = Vec::new();
    for (name, rate, args) in formats {
        let src = dir.path().join(format!("src.{name}"));
        let ok = Command::new("ffmpeg")
            .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
            .arg(format!(
                "aevalsrc=0.3*sin(2*PI*440*t)+0.05*random(0)|0.2*sin(2*PI*660*t):s={rate}"
            ))
            .args(["-t", "0.6"])
            .args(*args)
            .arg(&src)
            .status()
            .unwrap()
            .success();
        assert!(ok, "ffmpeg could not make {name}");
        let original = std::fs::read(&src).unwrap();
        let mutant = dir.path().join(format!("mutant.{name}"));
        for round in 0..rounds {
            let bytes = mutate(&original, &mut rng);
            std::fs::write(&mutant, &bytes).unwrap();
            if panics(&mutant) {
                let keep = dir.path().join(format!("panic-{round}.{name}"));
                std::fs::copy(&mutant, &keep).unwrap();
                failures.push(format!("{name} round {round}"));
            }
        }
    }
    assert!(failures.is_empty(), "panicked on: {failures:?}");
}
