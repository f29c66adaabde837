//! `kiln burn audio` and `kiln size audio` end to end, checked with bchunk, cuebreakpoints,
//! cdrdao and ffmpeg.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BLOCK: usize = 2352;

fn have(tool: &str, arg: &str) -> bool {
    let ok = Command::new(tool)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{tool} is missing: apt-get install ffmpeg sox flac bchunk cuetools cdrdao");
        }
        eprintln!("SKIPPED: {tool} is not installed");
    }
    ok
}

fn have_all() -> bool {
    [
        ("ffmpeg", "-version"),
        ("sox", "--version"),
        ("flac", "--version"),
        ("bchunk", "-h"),
        ("cuebreakpoints", "--help"),
        ("cdrdao", "help"),
    ]
    .iter()
    .all(|(t, a)| have(t, a))
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn kiln(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiln"))
        .current_dir(dir)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(args)
        .output()
        .unwrap()
}

/// a.flac (flac, 300,001 frames), b.wav (sox, 5.3 s), c.mp3 (ffmpeg, 6 s).
fn sources(dir: &Path) -> [PathBuf; 3] {
    run(Command::new("ffmpeg")
        .current_dir(dir)
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg("aevalsrc=0.3*sin(2*PI*440*t)+0.05*random(0)|0.2*sin(2*PI*550*t):s=44100")
        .args([
            "-af",
            "atrim=end_sample=300001",
            "-c:a",
            "pcm_s16le",
            "a.wav",
        ]));
    run(Command::new("flac")
        .current_dir(dir)
        .args(["-s", "-f", "a.wav", "-o", "a.flac"]));
    run(Command::new("sox")
        .current_dir(dir)
        .args([
            "-n", "-r", "44100", "-c", "2", "-b", "16", "b.wav", "synth", "5.3",
        ])
        .args(["sine", "300", "sine", "500"]));
    run(Command::new("ffmpeg")
        .current_dir(dir)
        .args([
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "sine=f=600:r=44100",
        ])
        .args(["-t", "6", "-ac", "2", "-c:a", "libmp3lame", "c.mp3"]));
    ["a.flac", "b.wav", "c.mp3"].map(|n| dir.join(n))
}

/// CD audio of a source as ffmpeg decodes it.
fn ffmpeg_pcm(src: &Path) -> Vec<u8> {
    run(Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(src)
        .args(["-f", "s16le", "-ac", "2", "-ar", "44100", "-"]))
    .stdout
}

/// `NN mm:ss:ff BLOCKS` lines and the total.
fn parse_size(out: &str) -> (Vec<u64>, u64) {
    let mut tracks = Vec::new();
    let mut total = None;
    for line in out.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(f.len(), 3, "{line}");
        let blocks: u64 = f[2].parse().unwrap();
        let msf = format!(
            "{:02}:{:02}:{:02}",
            blocks / 4500,
            blocks / 75 % 60,
            blocks % 75
        );
        assert_eq!(f[1], msf, "{line}");
        if f[0] == "total" {
            total = Some(blocks);
        } else {
            assert_eq!(f[0], format!("{:02}", tracks.len() + 1));
            tracks.push(blocks);
        }
    }
    (tracks, total.unwrap())
}

#[test]
fn burn_audio_to_bin_cue_toc() {
    if !have_all() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let srcs = sources(d);
    let pcm: Vec<Vec<u8>> = srcs[..2].iter().map(|s| ffmpeg_pcm(s)).collect();
    assert_eq!(pcm[0].len(), 300_001 * 4);
    assert_eq!(pcm[1].len(), 233_730 * 4);

    let out = kiln(d, &["size", "audio", "a.flac", "b.wav", "c.mp3"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (tracks, total) = parse_size(&String::from_utf8_lossy(&out.stdout));
    // Each track runs from its INDEX 01 to the next one's: its audio padded to a block, then
    // the next track's 2-second pregap.
    let mp3_frames = kiln_core::audio::exact_frames(&srcs[2]).unwrap();
    assert_eq!(tracks, [511 + 150, 398 + 150, mp3_frames.div_ceil(588)]);
    assert_eq!(total, 150 + tracks.iter().sum::<u64>());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = kiln(
        d,
        &[
            "burn",
            "audio",
            "--toc",
            "--title",
            "Kiln Test",
            "--to",
            "x.cue",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "FILE is required");
    let out = kiln(
        d,
        &[
            "burn",
            "audio",
            "--toc",
            "--title",
            "Kiln Test",
            "--performer",
            "Tester",
            "--to",
            "x.cue",
            "a.flac",
            "b.wav",
            "c.mp3",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in ["x.bin", "x.cue", "x.toc"] {
        assert!(d.join(f).exists(), "{f}");
    }
    let bin_len = std::fs::metadata(d.join("x.bin")).unwrap().len();
    assert_eq!(bin_len, (total - 150) * BLOCK as u64);
    let cue = std::fs::read_to_string(d.join("x.cue")).unwrap();
    assert!(cue.contains("TITLE \"Kiln Test\""), "{cue}");

    run(Command::new("bchunk")
        .current_dir(d)
        .args(["-w", "x.bin", "x.cue", "t"]));
    for (i, src) in pcm.iter().enumerate() {
        let wav = std::fs::read(d.join(format!("t{:02}.wav", i + 1))).unwrap();
        let data = &wav[44..];
        assert_eq!(data.len() % BLOCK, 0);
        assert_eq!(
            data.len(),
            src.len().div_ceil(BLOCK) * BLOCK,
            "track {}",
            i + 1
        );
        assert!(data[..src.len()] == src[..], "track {} differs", i + 1);
        assert!(data[src.len()..].iter().all(|&b| b == 0));
    }
    let t3 = std::fs::read(d.join("t03.wav")).unwrap();
    assert_eq!((t3.len() - 44) as u64, tracks[2] * BLOCK as u64);

    let out = run(Command::new("cuebreakpoints").arg(d.join("x.cue")));
    let bp: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect();
    let mut pos = 0;
    let expected: Vec<String> = tracks[..2]
        .iter()
        .map(|b| {
            pos += b;
            format!("{}:{:02}.{:02}", pos / 4500, pos / 75 % 60, pos % 75)
        })
        .collect();
    assert_eq!(bp, expected);

    let out = run(Command::new("cdrdao")
        .current_dir(d)
        .args(["show-toc", "x.toc"]));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("ERROR"), "{text}");
    assert!(text.contains(&format!("({:>6})", total - 150)), "{text}");
}

#[test]
fn usage_errors_failures_and_overburn() {
    if !have("ffmpeg", "-version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = kiln(d, &["size", "audio", "--medium", "dvd", "a.flac"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cd80"));
    let out = kiln(d, &["size", "audio", "--pregap", "-1", "a.flac"]);
    assert_eq!(out.status.code(), Some(2));
    let out = kiln(d, &["burn", "audio", "a.flac"]);
    assert_eq!(out.status.code(), Some(2));
    let out = kiln(d, &["burn", "audio", "--to", "x.cue", "missing.flac"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.flac"));
    assert_eq!(std::fs::read_dir(d).unwrap().count(), 0);
    std::fs::write(d.join("junk.mp3"), b"not audio at all").unwrap();
    let out = kiln(d, &["size", "audio", "junk.mp3"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("junk.mp3"));

    // 75 minutes of digital silence: fits 80 minutes, needs an overburn on a 74-minute CD.
    run(Command::new("ffmpeg")
        .current_dir(d)
        .args([
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "anullsrc=r=44100:cl=stereo",
        ])
        .args([
            "-t",
            "4500",
            "-c:a",
            "flac",
            "-compression_level",
            "0",
            "long.flac",
        ]));
    let out = kiln(d, &["size", "audio", "long.flac"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "01 75:00:00 337500\ntotal 75:02:00 337650\n"
    );
    assert!(out.stderr.is_empty());
    let out = kiln(d, &["size", "audio", "--medium", "cd74", "long.flac"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("warning: ") && err.contains("4650"),
        "{err}"
    );
}

#[test]
fn cue_sheets_are_burned_as_described() {
    if !have("ffmpeg", "-version") || !have("flac", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 10 s and 8 s of sound; sound (not silence) in track 2's INDEX 00..01.
    for (name, n) in [("p.wav", 441_000u32), ("q.wav", 352_800)] {
        run(Command::new("ffmpeg")
            .current_dir(d)
            .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
            .arg("aevalsrc=0.3*sin(2*PI*440*t)|0.2*sin(2*PI*550*t):s=44100")
            .args([
                "-af",
                &format!("atrim=end_sample={n}"),
                "-c:a",
                "pcm_s16le",
                name,
            ]));
    }
    run(Command::new("flac")
        .current_dir(d)
        .args(["-s", "-f", "p.wav", "-o", "p.flac"]));
    std::fs::write(
        d.join("m.cue"),
        "TITLE \"Mix\"\nFILE \"p.flac\" WAVE\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n  TRACK 02 AUDIO\n    TITLE \"Two\"\n    INDEX 00 00:04:00\n    INDEX 01 00:05:00\nFILE \"q.wav\" WAVE\n  TRACK 03 AUDIO\n    INDEX 01 00:01:00\n",
    )
    .unwrap();
    let out = kiln(d, &["burn", "audio", "--to", "m2.cue", "m.cue"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cue = std::fs::read_to_string(d.join("m2.cue")).unwrap();
    // INDEX 01 positions kept; the sounding gap stays in track 1, so track 2 is gapless.
    assert!(cue.contains("TITLE \"Mix\""), "{cue}");
    assert!(
        cue.contains("    TITLE \"Two\"\n    INDEX 01 00:05:00\n"),
        "{cue}"
    );
    assert!(
        cue.contains("TRACK 03 AUDIO\n    INDEX 01 00:11:00\n"),
        "{cue}"
    );
    assert!(!cue.contains("INDEX 00"), "{cue}");
    let bin = std::fs::read(d.join("m2.bin")).unwrap();
    let pcm = [ffmpeg_pcm(&d.join("p.wav")), ffmpeg_pcm(&d.join("q.wav"))].concat();
    assert_eq!(bin.len(), pcm.len());
    assert!(bin == pcm);

    // Our own BIN/CUE burns back to the same bytes, silent pregaps kept as pregaps.
    let out = kiln(d, &["burn", "audio", "--to", "m3.cue", "m2.cue"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(d.join("m3.bin")).unwrap() == bin);
    let out = kiln(d, &["size", "audio", "--pregap", "0", "m2.cue", "q.wav"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (tracks, _) = parse_size(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(tracks, [375, 450, 525, 600]);

    // POSTGAP: silence after the track's own audio, inside the track.
    std::fs::write(
        d.join("pg.cue"),
        "FILE \"p.wav\" WAVE\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n    POSTGAP 00:02:00\n  TRACK 02 AUDIO\n    INDEX 01 00:05:00\n",
    )
    .unwrap();
    let out = kiln(d, &["size", "audio", "pg.cue"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (tracks, _) = parse_size(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(tracks, [375 + 150, 375]);
    let out = kiln(d, &["burn", "audio", "--to", "pg2.cue", "pg.cue"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bin = std::fs::read(d.join("pg2.bin")).unwrap();
    let p = ffmpeg_pcm(&d.join("p.wav"));
    let half = 375 * 2352;
    // Track 2 has no INDEX 00 or PREGAP in the sheet, so no pregap: only the postgap is added.
    assert_eq!(bin.len(), p.len() + 150 * 2352);
    assert!(bin[..half] == p[..half]);
    assert!(bin[half..half + 150 * 2352].iter().all(|&b| b == 0));
    assert!(bin[half + 150 * 2352..] == p[half..]);

    std::fs::write(
        d.join("bad.cue"),
        "FILE \"x.bin\" BINARY\nTRACK 01 MODE1/2352\n",
    )
    .unwrap();
    let out = kiln(d, &["size", "audio", "bad.cue"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.cue") && err.contains("line 2"), "{err}");
}
