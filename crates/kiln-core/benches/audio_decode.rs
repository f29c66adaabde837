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
//!
//! Each side runs three times and its best run counts. Both are single-threaded, so the figure
//! compared is **CPU time** (user + system, from `getrusage` on Linux): on a shared machine it
//! does not depend on what else is running, where wall time does. Wall times are printed too.

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

/// Wall and CPU seconds of one measured run.
#[derive(Clone, Copy)]
struct Run {
    wall: f64,
    cpu: f64,
}

impl Run {
    fn best(runs: &[Run]) -> Run {
        runs.iter().copied().fold(
            Run {
                wall: f64::INFINITY,
                cpu: f64::INFINITY,
            },
            |a, b| Run {
                wall: a.wall.min(b.wall),
                cpu: a.cpu.min(b.cpu),
            },
        )
    }
}

/// CPU seconds (user + system) used so far by this process or by its waited-for children.
#[cfg(target_os = "linux")]
fn cpu_seconds(children: bool) -> f64 {
    let who = if children {
        libc::RUSAGE_CHILDREN
    } else {
        libc::RUSAGE_SELF
    };
    // SAFETY: getrusage only writes into the zeroed struct we own.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(who, &mut u) } != 0 {
        return f64::NAN;
    }
    let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
    t(u.ru_utime) + t(u.ru_stime)
}

#[cfg(not(target_os = "linux"))]
fn cpu_seconds(_children: bool) -> f64 {
    f64::NAN
}

/// Times ffmpeg's decode of `src` to CD audio; `filter` adds an audio filter (`-af`).
fn time_ffmpeg(src: &Path, filter: Option<&str>) -> Result<Run, String> {
    let cpu0 = cpu_seconds(true);
    let t = Instant::now();
    let status = Command::new("ffmpeg")
        .args(["-v", "error", "-threads", "1", "-i"])
        .arg(src)
        .args(filter.map(|f| ["-af", f]).into_iter().flatten())
        .args(["-f", "s16le", "-ac", "2", "-ar", "44100", "-y", "/dev/null"])
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("ffmpeg: {e}"))?;
    if !status.success() {
        return Err(format!("ffmpeg failed on {}", src.display()));
    }
    Ok(Run {
        wall: t.elapsed().as_secs_f64(),
        cpu: cpu_seconds(true) - cpu0,
    })
}

fn time_kiln(src: &Path) -> Result<(Run, u64), String> {
    let cpu0 = cpu_seconds(false);
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
    let run = Run {
        wall: t.elapsed().as_secs_f64(),
        cpu: cpu_seconds(false) - cpu0,
    };
    Ok((run, frames))
}

fn main() -> Result<(), String> {
    let seconds = program_seconds();
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    // A tone with noise, so lossy encoders and FLAC have real work.
    let sig =
        "aevalsrc=0.4*sin(2*PI*440*t)+0.1*random(0)-0.05|0.3*sin(2*PI*1234.5*t)+0.05*random(1)";
    let cases: [(&str, &str, &[&str]); 9] = [
        ("flac", "44100", &["-c:a", "flac"]),
        ("wav", "44100", &["-c:a", "pcm_s16le"]),
        ("aiff", "44100", &["-c:a", "pcm_s16be"]),
        ("mp3", "44100", &["-c:a", "libmp3lame", "-b:a", "256k"]),
        ("ogg", "44100", &["-c:a", "libvorbis", "-q:a", "6"]),
        ("m4a", "44100", &["-c:a", "aac", "-b:a", "256k"]),
        ("alac.m4a", "44100", &["-c:a", "alac"]),
        ("96k.flac", "96000", &["-c:a", "flac", "-sample_fmt", "s32"]),
        ("opus", "48000", &["-c:a", "libopus", "-b:a", "160k"]),
    ];
    println!(
        "decode + resample to 44.1 kHz 16-bit stereo, {seconds} s program, page cache warm, best of 3"
    );
    println!(
        "{:<10} {:>8} {:>8} {:>8} {:>10} {:>10} {:>8}",
        "format", "kiln cpu", "kiln ×rt", "kiln wall", "ffmpeg cpu", "ffmpeg wall", "ratio"
    );
    // KILN_BENCH_ONLY=opus,96k.flac runs just those rows.
    let only = std::env::var("KILN_BENCH_ONLY").ok();
    for (name, rate, args) in cases {
        if only
            .as_deref()
            .is_some_and(|o| !o.split(',').any(|x| x == name))
        {
            continue;
        }
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
        // Warm the page cache and both decoders once, then measure three times each.
        time_ffmpeg(&p, None)?;
        time_kiln(&p)?;
        let (mut ours, mut theirs, mut frames) = (Vec::new(), Vec::new(), 0);
        for _ in 0..3 {
            theirs.push(time_ffmpeg(&p, None)?);
            let (run, n) = time_kiln(&p)?;
            ours.push(run);
            frames = n;
        }
        let (k, ff) = (Run::best(&ours), Run::best(&theirs));
        let secs = f64::from(seconds);
        println!(
            "{name:<10} {:>8.3} {:>8.0} {:>9.3} {:>10.3} {:>11.3} {:>7.2}x   ({frames} frames)",
            k.cpu,
            secs / k.cpu,
            k.wall,
            ff.cpu,
            ff.wall,
            ff.cpu / k.cpu
        );
        if rate != "44100" {
            // Context: ffmpeg's default resampler (swr, 32-tap filter) is much shorter than
            // Kiln's; soxr is closer to Kiln's in quality.
            let soxr = Run::best(&[
                time_ffmpeg(&p, Some("aresample=resampler=soxr"))?,
                time_ffmpeg(&p, Some("aresample=resampler=soxr"))?,
                time_ffmpeg(&p, Some("aresample=resampler=soxr"))?,
            ]);
            println!(
                "{:<10} {:>8} {:>8} {:>9} {:>10.3} {:>11.3} {:>7.2}x   (ffmpeg with soxr)",
                "",
                "",
                "",
                "",
                soxr.cpu,
                soxr.wall,
                soxr.cpu / k.cpu
            );
        }
    }
    println!("ratio = ffmpeg CPU time / Kiln CPU time (above 1: Kiln is faster); ×rt = realtime multiple of Kiln's CPU time");
    Ok(())
}
