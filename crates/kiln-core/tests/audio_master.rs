//! The audio flow of `DiscMaster` (IMAPI's `IRedbookDiscMaster` rules) and the image-file
//! recorder's BIN/CUE/TOC output.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use kiln_core::audio::decode_to_vec;
use kiln_core::audio::DiscMetadata;
use kiln_core::progress::{ProgressEvent, ProgressObserver};
use kiln_core::{DiscMaster, Error, Format, MediumSize, RecordOptions};

const BLOCK: usize = 2352;

fn blocks(n: usize, seed: u8) -> Vec<u8> {
    (0..n * BLOCK)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

fn have_ffmpeg() -> bool {
    let ok = Command::new("ffmpeg")
        .arg("-version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("ffmpeg is missing: apt-get install ffmpeg");
        }
        eprintln!("SKIPPED: ffmpeg is not installed");
    }
    ok
}

fn make_wav(dir: &Path, name: &str, frames: u64) -> PathBuf {
    let p = dir.join(name);
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg("aevalsrc=0.3*sin(2*PI*440*t)+0.05*random(0)|0.2*sin(2*PI*660*t):s=44100")
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

fn audio_master() -> DiscMaster {
    let mut m = DiscMaster::new();
    m.open().unwrap();
    assert_eq!(m.formats().unwrap(), vec![Format::Data, Format::Audio]);
    m.set_active_format(Format::Audio).unwrap();
    m.set_active_recorder("image").unwrap();
    m.set_medium(Some(MediumSize::Cd74));
    m
}

#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<ProgressEvent>>>);

impl ProgressObserver for Log {
    fn on_event(&mut self, event: &ProgressEvent) {
        self.0.lock().unwrap().push(event.clone());
    }
}

struct CancelAfter(u32);

impl ProgressObserver for CancelAfter {
    fn query_cancel(&mut self) -> bool {
        if self.0 == 0 {
            return true;
        }
        self.0 -= 1;
        false
    }
}

#[test]
fn track_rules_and_counts() {
    let mut m = audio_master();
    let s = m.audio_stats().unwrap();
    assert_eq!((s.total_blocks, s.used_blocks, s.tracks), (333_000, 0, 0));
    assert!(matches!(
        m.add_audio_track_blocks(&blocks(1, 0)),
        Err(Error::TrackNotOpen)
    ));
    assert!(matches!(m.close_audio_track(), Err(Error::TrackNotOpen)));
    m.create_audio_track(400).unwrap();
    assert!(matches!(m.create_audio_track(0), Err(Error::TrackOpen)));
    assert!(matches!(
        m.add_audio_track_blocks(&[0u8; BLOCK + 4]),
        Err(Error::PartialBlock { bytes: 2356 })
    ));
    m.add_audio_track_blocks(&blocks(299, 1)).unwrap();
    assert!(matches!(
        m.close_audio_track(),
        Err(Error::TrackTooShort {
            track: 1,
            blocks: 299
        })
    ));
    assert!(m.audio_stats().unwrap().track_open);
    m.add_audio_track_blocks(&blocks(1, 2)).unwrap();
    m.close_audio_track().unwrap();
    let s = m.audio_stats().unwrap();
    assert_eq!((s.used_blocks, s.tracks, s.track_open), (450, 1, false));
    assert_eq!(s.available_blocks, 333_000 - 450);
    // Data methods refuse an audio staging, and vice versa.
    assert!(matches!(
        m.add_data(Path::new("/nonexistent"), "/"),
        Err(Error::WrongFormat {
            expected: "data",
            active: "audio"
        })
    ));
    assert!(matches!(m.data_stats(), Err(Error::WrongFormat { .. })));
    m.set_active_format(Format::Data).unwrap();
    assert!(matches!(
        m.audio_stats(),
        Err(Error::WrongFormat {
            expected: "audio",
            active: "data"
        })
    ));
    assert!(matches!(
        m.create_audio_track(0),
        Err(Error::WrongFormat { .. })
    ));
    // Switching back gives an empty audio staging.
    m.set_active_format(Format::Audio).unwrap();
    assert_eq!(m.audio_stats().unwrap().tracks, 0);
}

#[test]
fn disc_full_adds_nothing() {
    let mut m = audio_master();
    m.set_medium(Some(MediumSize::Blocks(1000)));
    assert!(matches!(
        m.create_audio_track(900),
        Err(Error::DiscFull {
            missing_blocks: 50,
            ..
        })
    ));
    assert!(!m.audio_stats().unwrap().track_open);
    m.create_audio_track(0).unwrap();
    m.add_audio_track_blocks(&blocks(800, 3)).unwrap();
    let before = m.audio_stats().unwrap();
    assert!(matches!(
        m.add_audio_track_blocks(&blocks(51, 4)),
        Err(Error::DiscFull {
            missing_blocks: 1,
            ..
        })
    ));
    assert_eq!(m.audio_stats().unwrap(), before);
    m.add_audio_track_blocks(&blocks(50, 4)).unwrap();
    m.close_audio_track().unwrap();
    assert_eq!(m.audio_stats().unwrap().available_blocks, 0);
}

#[test]
fn record_writes_bin_cue_toc_and_clears() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = audio_master();
    let log = Log::default();
    m.subscribe(Box::new(log.clone()));
    let cue = dir.path().join("x.cue");
    let options = RecordOptions {
        image_path: Some(cue.clone()),
        write_toc: true,
        ..RecordOptions::default()
    };
    assert!(matches!(m.record_disc(&options), Err(Error::NothingStaged)));
    let a = blocks(300, 5);
    let b = blocks(310, 6);
    m.create_audio_track(300).unwrap();
    m.add_audio_track_blocks(&a).unwrap();
    assert!(matches!(m.record_disc(&options), Err(Error::TrackOpen)));
    assert!(!cue.exists());
    m.close_audio_track().unwrap();
    m.create_audio_track_with(310, Default::default(), Some(0))
        .unwrap();
    m.add_audio_track_blocks(&b).unwrap();
    m.close_audio_track().unwrap();
    m.set_audio_disc_metadata(DiscMetadata {
        title: Some("Album".into()),
        ..Default::default()
    })
    .unwrap();
    m.record_disc(&options).unwrap();
    let bin = std::fs::read(dir.path().join("x.bin")).unwrap();
    assert_eq!(bin, [a, b].concat());
    let text = std::fs::read_to_string(&cue).unwrap();
    assert!(text.contains("FILE \"x.bin\" BINARY"), "{text}");
    assert!(text.contains("TITLE \"Album\""), "{text}");
    assert!(
        text.contains("TRACK 02 AUDIO\n    INDEX 01 00:04:00"),
        "{text}"
    );
    assert!(dir.path().join("x.toc").exists());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    // A successful record clears the staging.
    assert_eq!(m.audio_stats().unwrap().tracks, 0);
    let events = log.0.lock().unwrap();
    assert!(events.iter().any(|e| matches!(
        e,
        ProgressEvent::BlockProgress {
            completed: 610,
            total: 610
        }
    )));
    assert!(events.iter().any(|e| matches!(
        e,
        ProgressEvent::TrackProgress {
            completed: 2,
            total: 2
        }
    )));
    assert!(events
        .iter()
        .any(|e| matches!(e, ProgressEvent::BurnComplete { error: None })));
}

#[test]
fn cancel_leaves_nothing_and_keeps_staging() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = audio_master();
    m.create_audio_track(0).unwrap();
    m.add_audio_track_blocks(&blocks(3000, 7)).unwrap();
    m.close_audio_track().unwrap();
    m.subscribe(Box::new(CancelAfter(3)));
    let err = m
        .record_disc(&RecordOptions {
            image_path: Some(dir.path().join("y.cue")),
            ..RecordOptions::default()
        })
        .unwrap_err();
    assert!(matches!(err, Error::UserAbort), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    assert_eq!(m.audio_stats().unwrap().tracks, 1);
}

#[test]
fn files_become_exact_tracks() {
    if !have_ffmpeg() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let w1 = make_wav(dir.path(), "a.wav", 220_501);
    let w2 = make_wav(dir.path(), "b.wav", 200_000);
    let short = make_wav(dir.path(), "s.wav", 100_000);
    let mut m = audio_master();
    let log = Log::default();
    m.subscribe(Box::new(log.clone()));
    m.add_audio_file(&w1, None).unwrap();
    // 150 + ceil(220501 / 588) = 150 + 375.0017 -> the gap pads to a block: 150 + 376.
    assert_eq!(m.audio_stats().unwrap().used_blocks, 526);
    assert!(matches!(
        m.add_audio_file(&short, None),
        Err(Error::TrackTooShort { track: 2, .. })
    ));
    assert!(m
        .add_audio_file(&dir.path().join("missing.flac"), None)
        .is_err());
    m.add_audio_file(&w2, Some(0)).unwrap();
    assert_eq!(m.audio_stats().unwrap().tracks, 2);
    assert!(log.0.lock().unwrap().iter().any(|e| matches!(
        e,
        ProgressEvent::AddProgress {
            completed: 1,
            total: 1
        }
    )));
    m.set_medium(Some(MediumSize::Blocks(600)));
    assert!(matches!(
        m.record_disc(&RecordOptions {
            image_path: Some(dir.path().join("z.cue")),
            ..RecordOptions::default()
        }),
        Err(Error::DiscFull { .. })
    ));
    m.set_medium(None);
    let cue = dir.path().join("z.cue");
    m.record_disc(&RecordOptions {
        image_path: Some(cue),
        ..RecordOptions::default()
    })
    .unwrap();
    let bin = std::fs::read(dir.path().join("z.bin")).unwrap();
    let pcm: Vec<u8> = [decode_to_vec(&w1).unwrap(), decode_to_vec(&w2).unwrap()]
        .concat()
        .iter()
        .flat_map(|s| s.to_le_bytes())
        .collect();
    assert_eq!(&bin[..pcm.len()], &pcm[..]);
    assert!(bin[pcm.len()..].iter().all(|&b| b == 0));
    assert_eq!(bin.len() % BLOCK, 0);
}

#[test]
fn tracks_added_again_after_a_clear_take_a_new_order_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = audio_master();
    let (a, b, c) = (blocks(300, 11), blocks(320, 12), blocks(340, 13));
    for data in [&a, &b, &c] {
        m.create_audio_track_with(0, Default::default(), Some(0))
            .unwrap();
        m.add_audio_track_blocks(data).unwrap();
        m.close_audio_track().unwrap();
    }
    let before = m.audio_stats().unwrap();
    let tracks = m.audio_staging().unwrap().disc().tracks.clone();
    m.clear_staging().unwrap();
    assert_eq!(m.audio_stats().unwrap().tracks, 0);
    // c, a, b, with new text on each.
    for (i, from) in [2usize, 0, 1].into_iter().enumerate() {
        let mut t = tracks[from].clone();
        t.metadata.title = Some(format!("Song {i}"));
        t.metadata.performer = Some("Ünïcode Band".into());
        m.add_audio_track(t).unwrap();
    }
    assert_eq!(m.audio_stats().unwrap(), before);
    // The rules of any addition still hold: no open track, no overflow.
    m.create_audio_track(0).unwrap();
    assert!(matches!(
        m.add_audio_track(tracks[0].clone()),
        Err(Error::TrackOpen)
    ));
    m.add_audio_track_blocks(&blocks(300, 14)).unwrap();
    m.close_audio_track().unwrap();
    let used = m.audio_stats().unwrap().used_blocks;
    m.set_medium(Some(MediumSize::Blocks(used + 299)));
    assert!(matches!(
        m.add_audio_track(tracks[0].clone()),
        Err(Error::DiscFull {
            missing_blocks: 1,
            ..
        })
    ));
    assert_eq!(m.audio_stats().unwrap().tracks, 4);
    m.set_medium(Some(MediumSize::Cd74));
    let cue = dir.path().join("r.cue");
    m.record_disc(&RecordOptions {
        image_path: Some(cue.clone()),
        ..RecordOptions::default()
    })
    .unwrap();
    let bin = std::fs::read(dir.path().join("r.bin")).unwrap();
    // Gapless tracks: the BIN is the three tracks back to back, in the new order.
    assert!(bin[..(300 + 320 + 340) * BLOCK] == [c, a, b].concat());
    let text = std::fs::read_to_string(&cue).unwrap();
    let titles: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("TITLE"))
        .map(str::trim)
        .collect();
    assert_eq!(
        titles,
        ["TITLE \"Song 0\"", "TITLE \"Song 1\"", "TITLE \"Song 2\""],
        "{text}"
    );
    assert_eq!(
        text.matches("PERFORMER \"Ünïcode Band\"").count(),
        3,
        "{text}"
    );
}
