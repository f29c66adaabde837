//! Audio benchmark (not a test): decode + resample the same 10-minute program in each format
//! with Kiln and with `ffmpeg -threads 1 -ar 44100 -ac 2 -f s16le`, in one run, and print both
//! figures with the ratio.
//!
//! ```sh
//! cargo bench -p kiln-core --bench audio_decode
//! ```
//!
//! Targets (issue 3): Kiln at least as fast as single-threaded ffmpeg on every format, and above
//! 100× realtime for FLAC and MP3. Set `KILN_BENCH_SECONDS` for a shorter program.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use kiln_core::audio::Decoder;

/// Seconds of the program; ffmpeg's process start-up is then negligible.
fn program_seconds() -> u32 {
    std::env::var("KILN_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600)
}

fn time_ffmpeg(src: &Path) -> Result<f64, String> {
    let t = Instant::now();
    let status = Command::new("ffmpeg")
        .args(["-v", "error", "-threads", "1", "-i"])
        .arg(src)
        .args(["-f", "s16le", "-ac", "2", "-ar", "44100", "-y", "/dev/null"])
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("ffmpeg: {e}"))?;
    if !status.success() {
        return Err(format!("ffmpeg failed on {}", src.display()));
    }
    Ok(t.elapsed().as_secs_f64())
}

fn time_kiln(src: &Path) -> Result<(f64, u64), String> {
    let t = Instant::now();
    let mut d = Decoder::open(src).map_err(|e| e.to_string())?;
    let mut buf = vec![0i16; 16_384];
    let mut frames = 0u64;
    loop {
        let got = d.read_frames(&mut buf).map_err(|e| e.to_string())?;
        if got == 0 {
            break;
        }
        frames += got as u64;
    }
    Ok((t.elapsed().as_secs_f64(), frames))
}

fn main() -> Result<(), String> {
    let seconds = program_seconds();
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    // A tone with noise, so lossy encoders and FLAC have real work.
    let sig =
        "aevalsrc=0.4*sin(2*PI*440*t)+0.1*random(0)-0.05|0.3*sin(2*PI*1234.5*t)+0.05*random(1)";
    let cases: [(&str, &str, &[&str]); 8] = [
        ("flac", "44100", &["-c:a", "flac"]),
        ("wav", "44100", &["-c:a", "pcm_s16le"]),
        ("aiff", "44100", &["-c:a", "pcm_s16be"]),
        ("mp3", "44100", &["-c:a", "libmp3lame", "-b:a", "256k"]),
        ("ogg", "44100", &["-c:a", "libvorbis", "-q:a", "6"]),
        ("m4a", "44100", &["-c:a", "aac", "-b:a", "256k"]),
        ("alac.m4a", "44100", &["-c:a", "alac"]),
        ("96k.flac", "96000", &["-c:a", "flac", "-sample_fmt", "s32"]),
    ];
    println!("decode + resample to 44.1 kHz 16-bit stereo, {seconds} s program, page cache warm");
    println!(
        "{:<10} {:>9} {:>10} {:>12} {:>12} {:>9}",
        "format", "kiln s", "kiln ×rt", "ffmpeg -t1 s", "ffmpeg ×rt", "ratio"
    );
    for (name, rate, args) in cases {
        let p = dir.path().join(format!("program.{name}"));
        let ok = Command::new("ffmpeg")
            .args(["-v", "error", "-f", "lavfi", "-i"])
            .arg(format!("{sig}:s={rate}"))
            .args(["-t", &seconds.to_string()])
            .args(args)
            .arg(&p)
            .status()
            .map_err(|e| format!("ffmpeg (is it installed?): {e}"))?
            .success();
        if !ok {
            return Err(format!("ffmpeg could not make {name}"));
        }
        // Warm the page cache and both decoders once, then measure.
        time_ffmpeg(&p)?;
        time_kiln(&p)?;
        let ff = time_ffmpeg(&p)?;
        let (k, frames) = time_kiln(&p)?;
        let secs = f64::from(seconds);
        println!(
            "{name:<10} {k:>9.3} {:>10.0} {ff:>12.3} {:>12.0} {:>8.2}x   ({frames} frames)",
            secs / k,
            secs / ff,
            ff / k
        );
    }
    println!("ratio = ffmpeg time / kiln time (above 1: Kiln is faster)");
    Ok(())
}
