//! BIN/CUE/TOC output checked with bchunk, cuebreakpoints and cdrdao.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use kiln_core::audio::cue::cue_sheet;
use kiln_core::audio::toc::toc_file;
use kiln_core::audio::{
    decode_to_vec, exact_frames, write_bin, AudioDisc, AudioTrack, DiscMetadata, TrackMetadata,
    TrackSource,
};

fn have(tool: &str, arg: &str) -> bool {
    let ok = Command::new(tool)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{tool} is missing: apt-get install ffmpeg bchunk cuetools cdrdao");
        }
        eprintln!("SKIPPED: {tool} is not installed");
    }
    ok
}

fn make_wav(dir: &Path, name: &str, freq: u32, frames: u64) -> PathBuf {
    let p = dir.join(name);
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg(format!(
            "aevalsrc=0.3*sin(2*PI*{freq}*t)+0.05*random(0)|0.2*sin(2*PI*{}*t):s=44100",
            freq + 7
        ))
        .args(["-af", &format!("atrim=end_sample={frames}")])
        .args(["-c:a", "pcm_s16le"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    p
}

fn pcm_bytes(samples: &[i16]) -> Vec<u8> {
    samples.iter().flat_map(|s| s.to_le_bytes()).collect()
}

/// The data chunk of a WAV written by bchunk (44-byte header).
fn wav_data(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap()[44..].to_vec()
}

fn disc(dir: &Path) -> (AudioDisc, Vec<Vec<i16>>) {
    let lens = [220_500u64, 198_450, 265_173];
    let pregaps = [150u64, 150, 0];
    let mut tracks = Vec::new();
    let mut pcm = Vec::new();
    for (i, (&n, &gap)) in lens.iter().zip(&pregaps).enumerate() {
        let p = make_wav(dir, &format!("s{i}.wav"), 300 + 200 * i as u32, n);
        assert_eq!(exact_frames(&p).unwrap(), n);
        pcm.push(decode_to_vec(&p).unwrap());
        tracks.push(AudioTrack {
            source: TrackSource::File { path: p, frames: n },
            pregap_blocks: gap,
            metadata: TrackMetadata {
                title: Some(format!("Song \"{}\"", i + 1)),
                performer: Some("The Testers".into()),
                isrc: Some(format!("USKLN260000{}", i + 1)),
                ..Default::default()
            },
        });
    }
    let disc = AudioDisc {
        tracks,
        metadata: DiscMetadata {
            title: Some("Kiln Test".into()),
            performer: Some("The Testers".into()),
            catalog: Some("0123456789012".into()),
            ..Default::default()
        },
    };
    (disc, pcm)
}

#[test]
fn bin_cue_round_trips_through_bchunk() {
    if !have("ffmpeg", "-version") || !have("bchunk", "-h") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (disc, pcm) = disc(dir.path());
    let bin = dir.path().join("disc.bin");
    let written = write_bin(&disc, &bin).unwrap();
    assert_eq!(written, 1314 * 2352);
    assert_eq!(std::fs::metadata(&bin).unwrap().len(), 1314 * 2352);
    let cue = cue_sheet(&disc, "disc.bin").unwrap();
    std::fs::write(dir.path().join("disc.cue"), &cue).unwrap();
    assert!(cue.contains("  TRACK 02 AUDIO\n"), "{cue}");
    assert!(
        cue.contains("    INDEX 00 00:05:00\n    INDEX 01 00:07:00\n"),
        "{cue}"
    );
    assert!(cue.contains("    INDEX 01 00:11:37\n"), "{cue}");
    assert!(!cue.contains("INDEX 00 00:00:00"), "{cue}");

    let out = Command::new("bchunk")
        .current_dir(dir.path())
        .args(["-w", "disc.bin", "disc.cue", "trk"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let t1 = wav_data(&dir.path().join("trk01.wav"));
    let t2 = wav_data(&dir.path().join("trk02.wav"));
    let t3 = wav_data(&dir.path().join("trk03.wav"));
    let s: Vec<Vec<u8>> = pcm.iter().map(|p| pcm_bytes(p)).collect();
    // bchunk starts a track at INDEX 01 and ends it at the next INDEX 00: pregaps dropped.
    assert_eq!(t1.len(), 375 * 2352);
    assert_eq!(&t1[..], &s[0][..]);
    // Track 2 -> 3 is gapless: the boundary block (862) belongs to track 3, so the last half
    // block of track 2 opens bchunk's track 3.
    assert_eq!(t2.len(), 337 * 2352);
    assert_eq!(&t2[..], &s[1][..t2.len()]);
    let tail = &s[1][t2.len()..];
    assert_eq!(&t3[..tail.len()], tail);
    assert_eq!(&t3[tail.len()..tail.len() + s[2].len()], &s[2][..]);
    assert!(t3[tail.len() + s[2].len()..].iter().all(|&b| b == 0));
}

#[test]
fn cuebreakpoints_and_cdrdao_read_our_files() {
    if !have("ffmpeg", "-version") || !have("cuebreakpoints", "--help") || !have("cdrdao", "help") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (disc, _) = disc(dir.path());
    let bin = dir.path().join("disc.bin");
    write_bin(&disc, &bin).unwrap();
    let cue = cue_sheet(&disc, "disc.bin").unwrap();
    std::fs::write(dir.path().join("disc.cue"), &cue).unwrap();
    // cuebreakpoints prints the INDEX 01 of tracks 2.. (with --append-gaps, the default).
    let out = Command::new("cuebreakpoints")
        .arg(dir.path().join("disc.cue"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bp = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = bp.lines().collect();
    assert_eq!(lines, ["0:07.00", "0:11.37"], "{bp}");
    let out = Command::new("cuebreakpoints")
        .args(["--prepend-gaps"])
        .arg(dir.path().join("disc.cue"))
        .output()
        .unwrap();
    let bp = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = bp.lines().collect();
    assert_eq!(lines, ["0:05.00", "0:11.37"], "{bp}");

    let toc = toc_file(&disc, "disc.bin").unwrap();
    std::fs::write(dir.path().join("disc.toc"), &toc).unwrap();
    let out = Command::new("cdrdao")
        .current_dir(dir.path())
        .args(["show-toc", "disc.toc"])
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{toc}\n{text}");
    eprintln!("{text}");
    assert!(!text.contains("ERROR"), "{text}");
    // cdrdao's positions are LBAs from track 1's INDEX 01: they match the layout.
    assert!(text.contains("PREGAP 00:02:00(   150)"), "{text}");
    assert!(text.contains("START  00:07:00(   525)"), "{text}");
    assert!(text.contains("START  00:11:37(   862)"), "{text}");
    assert!(text.contains("END    00:17:39(  1314)"), "{text}");
}
