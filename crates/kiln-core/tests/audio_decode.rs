//! Decoding against ffmpeg: bit-exact for 16-bit 44.1 kHz lossless sources, SNR bounds for
//! resampled and lossy ones, exact lengths (gapless MP3/Vorbis/AAC).
//!
//! Fixtures are made with ffmpeg, lame, oggenc and flac. A missing tool skips the test with a
//! message, except under `CI=true`, where it fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use kiln_core::audio::{decode_to_vec, exact_frames, Decoder};
use kiln_core::Error;

fn have(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg(if tool == "lame" || tool == "oggenc" {
            "--help"
        } else {
            "-version"
        })
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{tool} is missing: install it (apt-get install ffmpeg lame vorbis-tools flac)");
        }
        eprintln!("SKIPPED: {tool} is not installed");
    }
    ok
}

fn run(cmd: &mut Command) {
    let out = cmd.output().expect("run tool");
    assert!(
        out.status.success(),
        "{:?} failed: {}",
        cmd,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A 2-channel test signal: tones plus noise, different per channel.
const SIGNAL: &str =
    "aevalsrc=0.4*sin(2*PI*440*t)+0.1*random(0)-0.05|0.3*sin(2*PI*1234.5*t)+0.2*sin(2*PI*97*t)";

fn make(dir: &Path, name: &str, lavfi: &str, seconds: &str, args: &[&str]) -> PathBuf {
    let p = dir.join(name);
    let mut c = Command::new("ffmpeg");
    c.args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg(lavfi)
        .args(["-t", seconds])
        .args(args)
        .arg(&p);
    run(&mut c);
    p
}

fn ffmpeg_pcm(src: &Path, extra: &[&str]) -> Vec<i16> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(src)
        .args(extra)
        .args(["-f", "s16le", "-ac", "2", "-ar", "44100", "-"])
        .output()
        .expect("ffmpeg");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect()
}

/// The lag (of `got` against `reference`, within ±`max`) with the best SNR, and that SNR.
fn best_lag(reference: &[i16], got: &[i16], max: isize) -> (isize, f64) {
    let mut best = (0, f64::NEG_INFINITY);
    for lag in -max..=max {
        let s = if lag >= 0 {
            snr(reference, &got[(lag as usize * 2).min(got.len())..])
        } else {
            snr(&reference[(-lag) as usize * 2..], got)
        };
        if s > best.1 {
            best = (lag, s);
        }
    }
    best
}

/// SNR in dB of `got` against `reference` over their common length.
fn snr(reference: &[i16], got: &[i16]) -> f64 {
    let n = reference.len().min(got.len());
    let (mut sig, mut err) = (0.0f64, 0.0f64);
    for i in 0..n {
        let r = f64::from(reference[i]);
        sig += r * r;
        err += (r - f64::from(got[i])).powi(2);
    }
    if err == 0.0 {
        return f64::INFINITY;
    }
    10.0 * (sig / err).log10()
}

fn exact_case(name: &str, args: &[&str]) {
    if !have("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = make(dir.path(), name, &format!("{SIGNAL}:s=44100"), "3.3", args);
    let ours = decode_to_vec(&src).unwrap();
    let theirs = ffmpeg_pcm(&src, &[]);
    assert_eq!(ours.len(), theirs.len(), "{name}: length");
    let first = ours.iter().zip(&theirs).position(|(a, b)| a != b);
    assert_eq!(first, None, "{name}: PCM differs from ffmpeg");
    assert_eq!(exact_frames(&src).unwrap(), (ours.len() / 2) as u64);
    assert_eq!(ours.len() / 2, 145_530, "3.3 s at 44.1 kHz");
}

#[test]
fn wav16_is_bit_exact() {
    exact_case("a.wav", &["-c:a", "pcm_s16le"]);
}

#[test]
fn flac16_is_bit_exact() {
    exact_case("a.flac", &["-c:a", "flac", "-sample_fmt", "s16"]);
}

#[test]
fn aiff16_is_bit_exact() {
    exact_case("a.aiff", &["-c:a", "pcm_s16be"]);
}

#[test]
fn alac16_is_bit_exact() {
    exact_case("a.m4a", &["-c:a", "alac", "-sample_fmt", "s16p"]);
}

#[test]
fn mono_is_duplicated_like_ffmpeg() {
    if !have("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = make(
        dir.path(),
        "m.wav",
        "aevalsrc=0.5*sin(2*PI*300*t)+0.1*random(1):s=44100",
        "4.5",
        &["-c:a", "pcm_s16le"],
    );
    let ours = decode_to_vec(&src).unwrap();
    // Kiln puts mono on both channels at full level; ffmpeg's -ac 2 would lower it by 3 dB,
    // so compare with an explicit full-level pan.
    let theirs = ffmpeg_pcm(&src, &["-af", "pan=stereo|c0=c0|c1=c0"]);
    assert_eq!(ours.len(), theirs.len());
    let first = ours.iter().zip(&theirs).position(|(a, b)| a != b);
    assert_eq!(first, None, "mono PCM differs from ffmpeg");
}

#[test]
fn flac_48k_24bit_is_resampled_transparently() {
    if !have("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = make(
        dir.path(),
        "hr.flac",
        // Band-limited (below soxr's and rubato's transition bands, which differ).
        "aevalsrc=0.3*sin(2*PI*440*t)+0.2*sin(2*PI*5001*t)+0.1*sin(2*PI*15003*t)|0.3*sin(2*PI*1234.5*t)+0.2*sin(2*PI*97*t)+0.1*sin(2*PI*18001*t):s=48000",
        "5",
        &["-c:a", "flac", "-sample_fmt", "s32"],
    );
    let d = Decoder::open(&src).unwrap();
    assert_eq!(d.info().sample_rate, 48_000);
    let ours = decode_to_vec(&src).unwrap();
    assert_eq!(ours.len() / 2, 220_500, "5 s at 44.1 kHz");
    assert_eq!(exact_frames(&src).unwrap(), 220_500);
    let theirs = ffmpeg_pcm(&src, &["-af", "aresample=resampler=soxr:precision=28"]);
    let s = snr(&theirs, &ours);
    eprintln!(
        "48 kHz/24-bit FLAC vs ffmpeg soxr: SNR {s:.1} dB; best lag {:?}",
        best_lag(&theirs, &ours, 40)
    );
    let mid = snr(
        &theirs[8192..theirs.len() - 8192],
        &ours[8192..ours.len() - 8192],
    );
    eprintln!("  away from the edges: SNR {mid:.1} dB");
    assert!(s >= 70.0, "SNR {s:.1} dB");
    assert!(mid >= 80.0, "SNR away from the edges {mid:.1} dB");
}

#[test]
fn surround_48k_is_downmixed_and_resampled() {
    if !have("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // 5.1 (FL FR FC LFE BL BR) with sound only in the front pair: the down-mix keeps it on its
    // side, scaled by the normalisation 1 / (1 + 2·√½) that keeps a full 5.1 mix from clipping.
    let src = make(
        dir.path(),
        "surround.wav",
        "aevalsrc=0.5*sin(2*PI*440*t)|0.5*sin(2*PI*1234.5*t)|0|0|0|0:s=48000:c=5.1",
        "3",
        &["-c:a", "pcm_s16le"],
    );
    assert_eq!(Decoder::open(&src).unwrap().info().channels, 6);
    let ours = decode_to_vec(&src).unwrap();
    assert_eq!(ours.len() / 2, 132_300, "3 s at 44.1 kHz");
    let front = ffmpeg_pcm(
        &src,
        &[
            "-af",
            "pan=stereo|c0=c0|c1=c1,aresample=resampler=soxr:precision=28",
        ],
    );
    let gain = 1.0 / (1.0 + std::f64::consts::SQRT_2);
    let expected: Vec<i16> = front
        .iter()
        .map(|&v| (f64::from(v) * gain).round() as i16)
        .collect();
    let mid = snr(
        &expected[8192..expected.len() - 8192],
        &ours[8192..ours.len() - 8192],
    );
    eprintln!("5.1 48 kHz down-mix vs ffmpeg pan + soxr: SNR {mid:.1} dB away from the edges");
    assert!(mid >= 60.0, "SNR {mid:.1} dB");
}

#[test]
fn mp3_is_gapless_and_close_to_ffmpeg() {
    if !have("ffmpeg") || !have("lame") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wav = make(
        dir.path(),
        "tone.wav",
        "sine=frequency=1000:sample_rate=44100",
        "5",
        &["-ac", "2", "-c:a", "pcm_s16le"],
    );
    let mp3 = dir.path().join("tone.mp3");
    run(Command::new("lame")
        .args(["--quiet", "-b", "192"])
        .arg(&wav)
        .arg(&mp3));
    assert_eq!(exact_frames(&mp3).unwrap(), 220_500);
    let ours = decode_to_vec(&mp3).unwrap();
    assert_eq!(ours.len() / 2, 220_500);
    let theirs = ffmpeg_pcm(&mp3, &[]);
    assert_eq!(theirs.len() / 2, 220_500, "ffmpeg trims the LAME delay too");
    let s = snr(&theirs, &ours);
    eprintln!("MP3 vs ffmpeg: SNR {s:.1} dB");
    assert!(s >= 60.0, "SNR {s:.1} dB");
    let orig = decode_to_vec(&wav).unwrap();
    let s2 = snr(&orig, &ours);
    eprintln!("MP3 vs the source WAV: SNR {s2:.1} dB");
    assert!(s2 >= 30.0, "SNR {s2:.1} dB: is the delay removed?");
}

#[test]
fn vorbis_is_gapless_and_close_to_ffmpeg() {
    if !have("ffmpeg") || !have("oggenc") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wav = make(
        dir.path(),
        "v.wav",
        &format!("{SIGNAL}:s=44100"),
        "4.321",
        &["-c:a", "pcm_s16le"],
    );
    let ogg = dir.path().join("v.ogg");
    run(Command::new("oggenc")
        .args(["-Q", "-q", "6", "-o"])
        .arg(&ogg)
        .arg(&wav));
    let frames = decode_to_vec(&wav).unwrap().len() / 2;
    assert_eq!(exact_frames(&ogg).unwrap(), frames as u64);
    let ours = decode_to_vec(&ogg).unwrap();
    assert_eq!(ours.len() / 2, frames);
    let theirs = ffmpeg_pcm(&ogg, &[]);
    let s = snr(&theirs, &ours);
    eprintln!("Vorbis vs ffmpeg: SNR {s:.1} dB");
    assert!(s >= 60.0, "SNR {s:.1} dB");
}

#[test]
fn aac_m4a_is_gapless_and_close_to_ffmpeg() {
    if !have("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wav = make(
        dir.path(),
        "a.wav",
        &format!("{SIGNAL}:s=44100"),
        "4.321",
        &["-c:a", "pcm_s16le"],
    );
    let m4a = dir.path().join("a.m4a");
    run(Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(&wav)
        .args(["-c:a", "aac", "-b:a", "192k"])
        .arg(&m4a));
    let frames = decode_to_vec(&wav).unwrap().len() / 2;
    let ours = decode_to_vec(&m4a).unwrap();
    assert_eq!(ours.len() / 2, frames, "priming and padding removed");
    assert_eq!(exact_frames(&m4a).unwrap(), frames as u64);
    let theirs = ffmpeg_pcm(&m4a, &[]);
    let s = snr(&theirs, &ours);
    eprintln!("AAC vs ffmpeg: SNR {s:.1} dB");
    assert!(s >= 40.0, "SNR {s:.1} dB");
}

/// `file` with a `udta/meta/ilst/----` iTunSMPB item added to its `moov`, which must be the
/// last top-level box (ffmpeg writes it after `mdat`), so no chunk offset moves.
fn add_itunsmpb(file: &Path, priming: u64, padding: u64, frames: u64) {
    let mut bytes = std::fs::read(file).unwrap();
    let mut at = 0;
    let mut moov = None;
    while at + 8 <= bytes.len() {
        let size = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        if &bytes[at + 4..at + 8] == b"moov" {
            moov = Some(at);
        }
        assert!(
            size >= 8,
            "box sizes of 0 or 1 are not expected from ffmpeg here"
        );
        at += size;
    }
    let moov = moov.expect("moov");
    let moov_size = u32::from_be_bytes(bytes[moov..moov + 4].try_into().unwrap()) as usize;
    assert_eq!(moov + moov_size, bytes.len(), "moov must be the last box");
    let mk = |kind: &[u8], body: &[u8]| -> Vec<u8> {
        [&((body.len() + 8) as u32).to_be_bytes()[..], kind, body].concat()
    };
    let value = format!(" 00000000 {priming:08X} {padding:08X} {frames:016X} 00000000");
    let item = mk(
        b"----",
        &[
            mk(b"mean", b"\0\0\0\0com.apple.iTunes"),
            mk(b"name", b"\0\0\0\0iTunSMPB"),
            mk(
                b"data",
                &[&[0, 0, 0, 1, 0, 0, 0, 0][..], value.as_bytes()].concat(),
            ),
        ]
        .concat(),
    );
    let hdlr = mk(b"hdlr", b"\0\0\0\0\0\0\0\0mdirappl\0\0\0\0\0\0\0\0\0");
    let meta = mk(
        b"meta",
        &[&[0u8; 4][..], &hdlr, &mk(b"ilst", &item)].concat(),
    );
    let udta = mk(b"udta", &meta);
    let new_size = (moov_size + udta.len()) as u32;
    bytes[moov..moov + 4].copy_from_slice(&new_size.to_be_bytes());
    bytes.extend_from_slice(&udta);
    std::fs::write(file, bytes).unwrap();
}

#[test]
fn aac_without_an_edit_list_is_trimmed_by_its_itunsmpb_tag() {
    if !have("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wav = make(
        dir.path(),
        "i.wav",
        &format!("{SIGNAL}:s=44100"),
        "4.321",
        &["-c:a", "pcm_s16le"],
    );
    let frames = decode_to_vec(&wav).unwrap().len() / 2;
    let encode = |name: &str, extra: &[&str]| -> PathBuf {
        let p = dir.path().join(name);
        run(Command::new("ffmpeg")
            .args(["-v", "error", "-i"])
            .arg(&wav)
            .args(["-c:a", "aac", "-b:a", "192k"])
            .args(extra)
            .arg(&p));
        p
    };
    let with_edit = encode("edit.m4a", &[]);
    let bare = encode("bare.m4a", &["-use_editlist", "0"]);
    // Without an edit list or a tag, the priming and the padding are played.
    let raw = decode_to_vec(&bare).unwrap().len() / 2;
    let (priming, padding) = (1024, (raw - frames - 1024) as u64);
    assert!(raw > frames + 1024, "{raw} frames for {frames}");
    add_itunsmpb(&bare, priming, padding, frames as u64);
    let tagged = decode_to_vec(&bare).unwrap();
    assert_eq!(
        tagged.len() / 2,
        frames,
        "priming and padding removed by the tag"
    );
    assert_eq!(exact_frames(&bare).unwrap(), frames as u64);
    let edited = decode_to_vec(&with_edit).unwrap();
    let first = tagged.iter().zip(&edited).position(|(a, b)| a != b);
    assert_eq!(
        first, None,
        "the tag and the edit list must trim the same samples"
    );
}

#[test]
fn bad_files_give_errors_that_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.flac");
    assert!(matches!(
        Decoder::open(&missing),
        Err(Error::SourceMissing { .. })
    ));
    let junk = dir.path().join("junk.mp3");
    std::fs::write(
        &junk,
        b"this is not audio at all, just some text".repeat(10),
    )
    .unwrap();
    let err = decode_to_vec(&junk).unwrap_err();
    assert!(
        matches!(
            err,
            Error::UnsupportedAudio { .. } | Error::CorruptAudio { .. }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("junk.mp3"), "{err}");
    // A truncated FLAC: decoding stops early but never panics.
    if have("ffmpeg") {
        let src = make(
            dir.path(),
            "t.flac",
            &format!("{SIGNAL}:s=44100"),
            "5",
            &["-c:a", "flac"],
        );
        let full = std::fs::read(&src).unwrap();
        let cut = dir.path().join("cut.flac");
        std::fs::write(&cut, &full[..full.len() / 2]).unwrap();
        let promised = exact_frames(&cut).unwrap();
        let mut d = Decoder::open_exact(&cut, promised).unwrap();
        let mut buf = vec![0i16; 4096];
        let res = loop {
            match d.read_frames(&mut buf) {
                Ok(0) => break Ok(()),
                Ok(_) => {}
                Err(e) => break Err(e),
            }
        };
        let err = res.unwrap_err();
        assert!(err.to_string().contains("cut.flac"), "{err}");
    }
}

/// Encodes `wav` to Ogg Opus with ffmpeg's libopus at `bitrate`, keeping its channels.
fn opus_from(wav: &Path, name: &str, bitrate: &str) -> PathBuf {
    let opus = wav.with_file_name(name);
    run(Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(wav)
        .args(["-c:a", "libopus", "-b:a", bitrate])
        .arg(&opus));
    opus
}

#[test]
fn opus_is_gapless_and_close_to_ffmpeg() {
    if !have("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // At 48 kHz, so the file's granule positions count the source's own frames.
    let wav = make(
        dir.path(),
        "o.wav",
        &format!("{SIGNAL}:s=48000"),
        "4.321",
        &["-c:a", "pcm_s16le"],
    );
    let opus = opus_from(&wav, "o.opus", "192k");
    let d = Decoder::open(&opus).unwrap();
    assert_eq!(d.info().codec, "opus");
    assert_eq!(d.info().sample_rate, 48_000);
    // Pre-skip and end trimming applied: exactly the 4.321 s the encoder was given.
    let frames = 190_556; // round(4.321 × 44 100)
    assert_eq!(exact_frames(&opus).unwrap(), frames);
    let ours = decode_to_vec(&opus).unwrap();
    assert_eq!(ours.len() / 2, frames as usize);
    let theirs = ffmpeg_pcm(&opus, &["-af", "aresample=resampler=soxr:precision=28"]);
    assert_eq!(
        theirs.len(),
        ours.len(),
        "ffmpeg trims the same pre-skip and padding"
    );
    let (lag, s) = best_lag(&theirs, &ours, 8);
    eprintln!("Opus vs ffmpeg (libopus decode + soxr): SNR {s:.1} dB at lag {lag}");
    assert_eq!(lag, 0, "pre-skip off by {lag} frames");
    assert!(s >= 40.0, "SNR {s:.1} dB");
    let source = ffmpeg_pcm(&wav, &["-af", "aresample=resampler=soxr:precision=28"]);
    let s2 = snr(&source, &ours);
    eprintln!("Opus vs the source: SNR {s2:.1} dB");
    assert!(s2 >= 15.0, "SNR {s2:.1} dB: is the pre-skip removed?");
}

#[test]
fn surround_opus_channels_reach_the_right_side() {
    if !have("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // 5.1 with a tone in front right only: after the down-mix it must be in the right channel
    // alone. Opus stores 5.1 in Vorbis order (L C R ...): decoded channel 2 is front right, and
    // taking it as plane 2 (symphonia's front centre) would put it on both sides.
    let wav = make(
        dir.path(),
        "s.wav",
        "aevalsrc=0|0.5*sin(2*PI*440*t)|0|0|0|0:s=48000:c=5.1",
        "3",
        &["-c:a", "pcm_s16le"],
    );
    let opus = opus_from(&wav, "s.opus", "256k");
    assert_eq!(Decoder::open(&opus).unwrap().info().channels, 6);
    let ours = decode_to_vec(&opus).unwrap();
    assert_eq!(ours.len() / 2, 132_300, "3 s at 44.1 kHz");
    let energy = |ch: usize| -> f64 {
        ours[8192..ours.len() - 8192]
            .iter()
            .skip(ch)
            .step_by(2)
            .map(|&v| f64::from(v).powi(2))
            .sum()
    };
    let (left, right) = (energy(0), energy(1));
    let db = 10.0 * (right / left.max(1.0)).log10();
    eprintln!("5.1 Opus, tone in front right: right/left energy {db:.1} dB");
    assert!(
        right > 1000.0 * left.max(1.0),
        "left {left:e}, right {right:e}"
    );
}

#[test]
fn dithered_output_is_reproducible_and_read_matches_read_frames() {
    if !have("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = make(
        dir.path(),
        "m22.wav",
        "aevalsrc=0.5*sin(2*PI*300*t):s=22050",
        "4.2",
        &["-c:a", "pcm_u8"],
    );
    let a = decode_to_vec(&src).unwrap();
    let b = decode_to_vec(&src).unwrap();
    assert_eq!(a.len() / 2, 185_220, "22.05 kHz upsampled to exactly 2x");
    assert!(a == b, "same bytes every time");
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut Decoder::open(&src).unwrap(), &mut bytes).unwrap();
    let from_read: Vec<i16> = bytes
        .chunks_exact(2)
        .map(|c| i16::from_le_bytes([c[0], c[1]]))
        .collect();
    assert!(from_read == a);
    let theirs = ffmpeg_pcm(
        &src,
        &["-af", "pan=stereo|c0=c0|c1=c0,aresample=resampler=soxr"],
    );
    let s = snr(&theirs[4096..theirs.len() - 4096], &a[4096..a.len() - 4096]);
    eprintln!("8-bit mono 22.05 kHz vs ffmpeg soxr: SNR {s:.1} dB");
    assert!(s >= 40.0, "SNR {s:.1} dB");
}

#[test]
fn tags_become_track_metadata() {
    if !have("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for name in ["t.flac", "t.mp3"] {
        let src = make(
            dir.path(),
            name,
            &format!("{SIGNAL}:s=44100"),
            "4.1",
            &[
                "-metadata",
                "title=Sóng One",
                "-metadata",
                "artist=The Testers",
                "-metadata",
                "composer=Zoë",
            ],
        );
        let m = Decoder::open(&src).unwrap().tags();
        assert_eq!(m.title.as_deref(), Some("Sóng One"), "{name}");
        assert_eq!(m.performer.as_deref(), Some("The Testers"), "{name}");
        assert_eq!(m.composer.as_deref(), Some("Zoë"), "{name}");
    }
}

#[test]
fn embedded_cover_art_comes_out_as_stored() {
    if !have("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("cover.png");
    run(Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "color=c=red:s=32x32",
        ])
        .args(["-frames:v", "1"])
        .arg(&png));
    let picture = std::fs::read(&png).unwrap();
    for (name, codec) in [("c.flac", "flac"), ("c.mp3", "libmp3lame")] {
        let p = dir.path().join(name);
        run(Command::new("ffmpeg")
            .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
            .arg(format!("{SIGNAL}:s=44100"))
            .arg("-i")
            .arg(&png)
            .args(["-t", "4.1", "-map", "0:a", "-map", "1:v", "-c:a", codec])
            .args(["-c:v", "copy", "-disposition:v", "attached_pic"])
            .args(["-metadata:s:v", "comment=Cover (front)"])
            .arg(&p));
        let cover = Decoder::open(&p).unwrap().cover();
        let cover = cover.unwrap_or_else(|| panic!("{name}: no cover"));
        assert!(cover.data == picture, "{name}: not the PNG as stored");
        assert_eq!(cover.media_type.as_deref(), Some("image/png"), "{name}");
    }
    // A file without pictures has none.
    let bare = make(
        dir.path(),
        "bare.flac",
        &format!("{SIGNAL}:s=44100"),
        "4.1",
        &[],
    );
    assert_eq!(Decoder::open(&bare).unwrap().cover(), None);
}
