//! Kiln's FLAC decoder against the reference decoder (`flac -d`, libFLAC): bit-exact samples
//! for every encoder setting that changes what the frames contain (prediction orders up to 32,
//! block sizes from 192 to 16384, independent and mid/side stereo, wasted bits, constant and
//! verbatim subframes, escape-coded partitions, 8 to 24 bits, 1 to 6 channels), and clear
//! errors for damaged files. A missing tool skips the test, except under `CI=true`.

use std::path::{Path, PathBuf};
use std::process::Command;

use kiln_core::audio::flac::FlacFrames;
use kiln_core::audio::{decode_to_vec, Decoder};
use symphonia::core::audio::Channels;

fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("--version").output().is_ok();
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{tool} is missing: install it (apt-get install flac ffmpeg)");
        }
        eprintln!("SKIPPED: {tool} is not installed");
    }
    ok
}

fn run(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().expect("run tool");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A WAV of `seconds` made by ffmpeg from `lavfi` in sample format `fmt`.
fn wav(dir: &Path, name: &str, lavfi: &str, seconds: &str, fmt: &str) -> PathBuf {
    let p = dir.join(name);
    run(Command::new("ffmpeg")
        .args([
            "-v", "error", "-y", "-f", "lavfi", "-i", lavfi, "-t", seconds,
        ])
        .args(["-c:a", fmt])
        .arg(&p));
    p
}

fn encode(src: &Path, name: &str, args: &[&str]) -> PathBuf {
    let out = src.with_file_name(name);
    run(Command::new("flac")
        .args(["-s", "-f", "-o"])
        .arg(&out)
        .args(args)
        .arg(src));
    out
}

/// The reference decoder's samples, sign-extended to i32.
fn reference(flac: &Path, bps: u32) -> Vec<i32> {
    let raw = run(Command::new("flac")
        .args([
            "-s",
            "-d",
            "-c",
            "--force-raw-format",
            "--endian=little",
            "--sign=signed",
        ])
        .arg(flac));
    let width = bps.div_ceil(8) as usize;
    raw.chunks_exact(width)
        .map(|c| {
            let mut v = 0i32;
            for (i, &b) in c.iter().enumerate() {
                v |= i32::from(b) << (8 * i);
            }
            let unused = 32 - 8 * width as u32;
            (v << unused) >> unused
        })
        .collect()
}

/// Kiln's samples, interleaved, at their own bit depth.
fn ours(flac: &Path, channels: usize, bps: u32) -> Vec<i32> {
    let mut frames = FlacFrames::open(flac, Channels::Discrete(channels as u16))
        .expect("open")
        .expect("a native FLAC stream Kiln decodes");
    let mut all = Vec::new();
    let mut chunk = Vec::new();
    while let Some(buf) = frames.next_frame().expect("frame") {
        buf.copy_to_vec_interleaved::<i32>(&mut chunk);
        all.extend(chunk.iter().map(|s| s >> (32 - bps)));
    }
    all
}

fn check(flac: &Path, channels: usize, bps: u32) {
    let theirs = reference(flac, bps);
    let mine = ours(flac, channels, bps);
    assert_eq!(mine.len(), theirs.len(), "{}: length", flac.display());
    let first = mine.iter().zip(&theirs).position(|(a, b)| a != b);
    assert_eq!(first, None, "{}: first differing sample", flac.display());
}

const MUSIC: &str =
    "aevalsrc=0.4*sin(2*PI*440*t)+0.1*random(0)-0.05|0.3*sin(2*PI*1234.5*t)+0.2*sin(2*PI*97*t)";

#[test]
fn every_encoder_setting_decodes_bit_exactly() {
    if !have("flac") || !have("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // 9.5 s: with 192-sample blocks, frame numbers need three bytes (more than 2048 frames).
    let src = wav(
        dir.path(),
        "s16.wav",
        &format!("{MUSIC}:s=44100"),
        "9.5",
        "pcm_s16le",
    );
    let settings: &[&[&str]] = &[
        &["-0"],
        &["-5"],
        &["-8"],
        &["-8", "-e", "-p"],
        &["--lax", "-l", "32", "-b", "4096"],
        &["--lax", "-l", "16", "-q", "15", "-b", "16384"],
        &["-b", "192"],
        &["-5", "--no-mid-side"],
        &["-8", "-r", "0"],
        &["-8", "-r", "8"],
    ];
    for (i, args) in settings.iter().enumerate() {
        let f = encode(&src, &format!("s{i}.flac"), args);
        eprintln!("setting {args:?}");
        check(&f, 2, 16);
    }
}

#[test]
fn depths_channels_and_special_subframes() {
    if !have("flac") || !have("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 24-bit 96 kHz.
    let hr = wav(d, "hr.wav", &format!("{MUSIC}:s=96000"), "2", "pcm_s24le");
    check(&encode(&hr, "hr.flac", &["-8"]), 2, 24);
    // Mono, 8-bit.
    let mono = wav(
        d,
        "m.wav",
        "sine=frequency=300:sample_rate=22050",
        "2",
        "pcm_u8",
    );
    check(&encode(&mono, "m.flac", &["-5"]), 1, 8);
    // 5.1 (independent channels: FLAC decorrelates only stereo).
    let surround = wav(
        d,
        "51.wav",
        "aevalsrc=sin(2*PI*200*t)|0.5*sin(2*PI*300*t)|0.2*random(0)|0|0.3*sin(2*PI*50*t)|0.1:s=48000:c=5.1",
        "1.5",
        "pcm_s16le",
    );
    check(&encode(&surround, "51.flac", &["-8"]), 6, 16);
    // Silence then full-scale noise: constant and verbatim subframes; samples that are
    // multiples of 8 (a quiet signal scaled up): wasted bits.
    let mixed = wav(
        d,
        "mixed.wav",
        "aevalsrc='if(lt(t,1),0,2*random(0)-1)|if(lt(t,1),0.25,2*random(1)-1)':s=44100",
        "2",
        "pcm_s16le",
    );
    check(&encode(&mixed, "mixed.flac", &["-0"]), 2, 16);
    let coarse = wav(
        d,
        "coarse.wav",
        "aevalsrc='8*floor(0.4*sin(2*PI*440*t)*4096)/32768|8*floor(0.3*sin(2*PI*660*t)*4096)/32768':s=44100",
        "1",
        "pcm_s16le",
    );
    check(&encode(&coarse, "coarse.flac", &["-5"]), 2, 16);
}

#[test]
fn decoder_uses_it_and_matches_symphonia() {
    if !have("flac") || !have("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = wav(
        dir.path(),
        "x.wav",
        &format!("{MUSIC}:s=48000"),
        "2",
        "pcm_s24le",
    );
    let f = encode(&src, "x.flac", &["-5"]);
    // The full pipeline (resampled, dithered) from the native frames gives the length the
    // container promises.
    let d = Decoder::open(&f).unwrap();
    assert_eq!(d.info().codec, "flac");
    let pcm = decode_to_vec(&f).unwrap();
    assert_eq!(pcm.len() / 2, 88_200);
}

#[test]
fn damaged_files_give_clear_errors() {
    if !have("flac") || !have("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = wav(
        dir.path(),
        "d.wav",
        &format!("{MUSIC}:s=44100"),
        "2",
        "pcm_s16le",
    );
    let f = encode(&src, "d.flac", &["-5"]);
    let good = std::fs::read(&f).unwrap();
    // A flipped byte in the middle of the audio: a checksum catches it.
    let mut bad = good.clone();
    let at = bad.len() / 2;
    bad[at] ^= 0x10;
    let flipped = dir.path().join("flipped.flac");
    std::fs::write(&flipped, &bad).unwrap();
    let err = decode_to_vec(&flipped).unwrap_err().to_string();
    assert!(err.contains("flipped.flac"), "{err}");
    // Cut short: the error says so.
    let cut = dir.path().join("cut.flac");
    std::fs::write(&cut, &good[..good.len() * 2 / 3]).unwrap();
    let err = decode_to_vec(&cut).unwrap_err().to_string();
    assert!(err.contains("cut.flac"), "{err}");
    // Every truncation of the first frames: errors, no panic.
    for n in (0..good.len().min(20_000)).step_by(97) {
        let p = dir.path().join("t.flac");
        std::fs::write(&p, &good[..n]).unwrap();
        if let Ok(Some(mut frames)) = FlacFrames::open(&p, Channels::Discrete(2)) {
            while let Ok(Some(_)) = frames.next_frame() {}
        }
    }
}
