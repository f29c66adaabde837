//! The IMAPI-shaped staging API: errors, spooling, sizes and the streamed image.

use std::io::Read;
use std::process::{Command, Stdio};

use kiln_core::audio::layout::{Capacity, BLOCK_BYTES};
use kiln_core::audio::{decode_to_vec, AudioStaging, DiscImage, TrackMetadata};
use kiln_core::Error;

fn blocks(n: usize, seed: u8) -> Vec<u8> {
    (0..n * BLOCK_BYTES)
        .map(|i| (i as u32).wrapping_mul(2_654_435_761).to_le_bytes()[3] ^ seed)
        .collect()
}

#[test]
fn track_state_errors() {
    let mut s = AudioStaging::for_capacity(Capacity::Min80);
    assert!(matches!(
        s.add_track_blocks(&blocks(1, 0)),
        Err(Error::TrackNotOpen)
    ));
    assert!(matches!(s.close_track(), Err(Error::TrackNotOpen)));
    s.create_track(TrackMetadata::default()).unwrap();
    assert!(matches!(
        s.create_track(TrackMetadata::default()),
        Err(Error::TrackOpen)
    ));
    assert!(matches!(
        s.add_file_track("/nonexistent.flac", TrackMetadata::default()),
        Err(Error::TrackOpen)
    ));
    assert!(matches!(
        s.add_track_blocks(&[0u8; 2352 + 4]),
        Err(Error::PartialBlock { bytes: 2356 })
    ));
    s.add_track_blocks(&blocks(299, 1)).unwrap();
    assert!(matches!(
        s.close_track(),
        Err(Error::TrackTooShort {
            track: 1,
            blocks: 299
        })
    ));
    assert!(s.is_track_open(), "a short track stays open");
    assert!(matches!(s.image(), Err(Error::TrackOpen)));
    s.add_track_blocks(&blocks(1, 1)).unwrap();
    s.close_track().unwrap();
    assert_eq!(s.track_count(), 1);
    assert_eq!(s.used_blocks(), 150 + 300);
    assert_eq!(s.available_blocks(), 360_000 - 450);
    assert!(matches!(
        s.add_file_track("/nonexistent.flac", TrackMetadata::default()),
        Err(Error::SourceMissing { .. })
    ));
}

#[test]
fn disc_full_adds_nothing() {
    let mut s = AudioStaging::new(150 + 400);
    s.create_track(TrackMetadata::default()).unwrap();
    s.add_track_blocks(&blocks(350, 0)).unwrap();
    let before = s.used_blocks();
    match s.add_track_blocks(&blocks(51, 0)) {
        Err(Error::DiscFull { missing_blocks, .. }) => assert_eq!(missing_blocks, 1),
        other => panic!("{other:?}"),
    }
    assert_eq!(s.used_blocks(), before);
    s.add_track_blocks(&blocks(50, 0)).unwrap();
    assert_eq!(s.available_blocks(), 0);
    s.close_track().unwrap();
    // A second track does not fit (its pregap alone is 150 blocks).
    s.create_track(TrackMetadata::default()).unwrap();
    assert!(matches!(
        s.add_track_blocks(&blocks(1, 0)),
        Err(Error::DiscFull { .. })
    ));
}

#[test]
fn raw_tracks_stream_back_in_order() {
    let mut s = AudioStaging::for_capacity(Capacity::Min74);
    let a = blocks(300, 7);
    let b = blocks(310, 9);
    s.create_track(TrackMetadata::default()).unwrap();
    for chunk in a.chunks(BLOCK_BYTES * 64) {
        s.add_track_blocks(chunk).unwrap();
    }
    s.close_track().unwrap();
    s.create_track_with_pregap(TrackMetadata::default(), 75)
        .unwrap();
    s.add_track_blocks(&b).unwrap();
    s.close_track().unwrap();
    let layout = s.layout().unwrap();
    assert_eq!(layout.tracks[1].index00, Some(300));
    assert_eq!(layout.tracks[1].index01, 375);
    let mut image: DiscImage = s.image().unwrap();
    assert_eq!(image.total_bytes(), (300 + 75 + 310) * BLOCK_BYTES as u64);
    let mut all = Vec::new();
    image.read_to_end(&mut all).unwrap();
    assert_eq!(all.len(), (300 + 75 + 310) * BLOCK_BYTES);
    assert_eq!(&all[..a.len()], &a[..]);
    assert!(all[a.len()..a.len() + 75 * BLOCK_BYTES]
        .iter()
        .all(|&x| x == 0));
    assert_eq!(&all[a.len() + 75 * BLOCK_BYTES..], &b[..]);
    // Block by block, too.
    let mut image = s.image().unwrap();
    let mut blk = [0u8; BLOCK_BYTES];
    let mut n = 0;
    while image.read_block(&mut blk).unwrap() {
        n += 1;
    }
    assert_eq!(n, 685);
}

#[test]
fn file_tracks_are_measured_and_decoded_while_reading() {
    if Command::new("ffmpeg")
        .arg("-version")
        .stdout(Stdio::null())
        .status()
        .is_err()
    {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("ffmpeg is missing");
        }
        eprintln!("SKIPPED: ffmpeg is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let flac = dir.path().join("t.flac");
    let out = Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=500:sample_rate=44100",
        ])
        .args(["-t", "4.2", "-ac", "2", "-c:a", "flac"])
        .arg(&flac)
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut s = AudioStaging::for_capacity(Capacity::Min80);
    s.add_file_track(&flac, TrackMetadata::default()).unwrap();
    s.add_file_track_with_pregap(&flac, TrackMetadata::default(), 0)
        .unwrap();
    // 4.2 s = 185,220 frames = 315 blocks; the second, gapless, starts at block 315.
    let l = s.layout().unwrap();
    assert_eq!(l.tracks[1].index01, 315);
    assert_eq!(s.used_blocks(), 150 + 630);
    let mut all = Vec::new();
    s.image().unwrap().read_to_end(&mut all).unwrap();
    let pcm: Vec<u8> = decode_to_vec(&flac)
        .unwrap()
        .iter()
        .flat_map(|x| x.to_le_bytes())
        .collect();
    assert_eq!(&all[..pcm.len()], &pcm[..]);
    assert_eq!(&all[pcm.len()..], &pcm[..]);
    // A too-short file is refused.
    let short = dir.path().join("s.flac");
    Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=sample_rate=44100",
            "-t",
            "3",
        ])
        .arg(&short)
        .status()
        .unwrap();
    assert!(matches!(
        s.add_file_track(&short, TrackMetadata::default()),
        Err(Error::TrackTooShort { track: 3, .. })
    ));
}
