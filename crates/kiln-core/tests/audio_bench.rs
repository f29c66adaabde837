//! Decode speed against `ffmpeg -threads 1` (ignored by default; run with
//! `cargo test --release --test audio_bench -- --ignored --nocapture`).

use std::process::{Command, Stdio};
use std::time::Instant;

use kiln_core::audio::Decoder;

fn time_ffmpeg(src: &std::path::Path) -> f64 {
    let t = Instant::now();
    let ok = Command::new("ffmpeg")
        .args(["-v", "error", "-threads", "1", "-i"])
        .arg(src)
        .args(["-f", "s16le", "-ac", "2", "-ar", "44100", "-y", "/dev/null"])
        .stdout(Stdio::null())
        .status()
        .unwrap()
        .success();
    assert!(ok);
    t.elapsed().as_secs_f64()
}

fn time_kiln(src: &std::path::Path) -> (f64, u64) {
    let t = Instant::now();
    let mut d = Decoder::open(src).unwrap();
    let mut buf = vec![0i16; 16_384];
    let mut n = 0u64;
    loop {
        let got = d.read_frames(&mut buf).unwrap();
        if got == 0 {
            break;
        }
        n += got as u64;
    }
    (t.elapsed().as_secs_f64(), n)
}

#[test]
#[ignore]
fn decode_speed_60s() {
    let dir = tempfile::tempdir().unwrap();
    let sig = "aevalsrc=0.4*sin(2*PI*440*t)+0.1*random(0)-0.05|0.3*sin(2*PI*1234.5*t)";
    let cases = [
        ("a.flac", "44100", vec!["-c:a", "flac"]),
        ("a.mp3", "44100", vec!["-c:a", "libmp3lame", "-b:a", "256k"]),
        ("a.m4a", "44100", vec!["-c:a", "aac", "-b:a", "256k"]),
        ("a.ogg", "44100", vec!["-c:a", "libvorbis", "-q:a", "6"]),
        (
            "hr.flac",
            "96000",
            vec!["-c:a", "flac", "-sample_fmt", "s32"],
        ),
    ];
    for (name, rate, args) in cases {
        let p = dir.path().join(name);
        let ok = Command::new("ffmpeg")
            .args(["-v", "error", "-f", "lavfi", "-i"])
            .arg(format!("{sig}:s={rate}"))
            .args(["-t", "60"])
            .args(&args)
            .arg(&p)
            .status()
            .unwrap()
            .success();
        assert!(ok);
        let ff = time_ffmpeg(&p);
        let (k, n) = time_kiln(&p);
        eprintln!(
            "{name} ({rate} Hz, 60 s): kiln {k:.3} s ({:.0}x realtime), ffmpeg -threads 1 {ff:.3} s; {n} frames",
            60.0 / k
        );
    }
}
