//! Hand-computed Red Book layouts.

use kiln_core::audio::layout::{DiscLayout, Segment, TrackSpec, FRAMES_PER_BLOCK};

/// 5.00 s, 4.5 s, 6.013 s (265,173 frames) with a 2-s pregap before track 2 and none before 3.
#[test]
fn three_tracks_two_second_then_gapless() {
    let specs = [
        TrackSpec::new(220_500),
        TrackSpec::new(198_450).with_pregap(150),
        TrackSpec::new(265_173).with_pregap(0),
    ];
    let l = DiscLayout::new(&specs).unwrap();
    let t = &l.tracks;
    assert_eq!(
        (t[0].index00, t[0].index01, t[0].blocks),
        (Some(-150), 0, 375)
    );
    // Track 1 is 375 whole blocks; track 2's pregap starts right after.
    assert_eq!(
        (t[1].index00, t[1].index01, t[1].blocks),
        (Some(375), 525, 337)
    );
    // 198,450 frames = 337.5 blocks: track 3's first sample lies in block 525 + 337.
    assert_eq!((t[2].index00, t[2].index01), (None, 862));
    // (198,450 + 265,173) / 588 = 788.47 -> 789 blocks from 525: lead-out 1314.
    assert_eq!(l.leadout, 1314);
    assert_eq!(t[2].blocks, 452);
    assert_eq!(l.total_blocks(), 1464);
    assert_eq!(l.program_blocks(), 1314);
    assert_eq!(t[2].first_frame, 525 * 588 + 198_450);
    assert_eq!(t[1].index01_msf().to_string(), "00:09:00");
    assert_eq!(t[2].index01_msf().to_string(), "00:13:37");
    assert_eq!(l.leadout_msf().to_string(), "00:19:39");
    // Segments cover the program area exactly.
    let sum: u64 = l.segments.iter().map(Segment::frames).sum();
    assert_eq!(sum, l.total_blocks() * FRAMES_PER_BLOCK);
    // Gapless: no silence between track 2 and 3 audio.
    let pos2 = l
        .segments
        .iter()
        .position(|s| matches!(s, Segment::Audio { track: 1, .. }))
        .unwrap();
    assert!(matches!(
        l.segments[pos2 + 1],
        Segment::Audio { track: 2, .. }
    ));
}

/// The same tracks with 2-s pregaps everywhere: every track end is padded.
#[test]
fn three_tracks_default_pregaps() {
    let specs = [
        TrackSpec::new(220_500),
        TrackSpec::new(198_450),
        TrackSpec::new(265_173),
    ];
    let l = DiscLayout::new(&specs).unwrap();
    let t = &l.tracks;
    assert_eq!((t[0].index01, t[0].blocks), (0, 375));
    assert_eq!(
        (t[1].index00, t[1].index01, t[1].blocks),
        (Some(375), 525, 338)
    );
    // 525 + 338 = 863 -> pregap 863..1013.
    assert_eq!((t[2].index00, t[2].index01), (Some(863), 1013));
    // 265,173 / 588 = 450.97 -> 451 blocks.
    assert_eq!(t[2].blocks, 451);
    assert_eq!(l.leadout, 1464);
    assert_eq!(l.total_blocks(), 1614);
}

/// Gapless on a block boundary and a track-1 pregap request that is ignored.
#[test]
fn gapless_on_boundary() {
    let specs = [
        TrackSpec::new(300 * 588).with_pregap(0),
        TrackSpec::new(301 * 588).with_pregap(0),
    ];
    let l = DiscLayout::new(&specs).unwrap();
    assert_eq!(l.tracks[0].index00, Some(-150));
    assert_eq!(l.tracks[1].index01, 300);
    assert_eq!(l.leadout, 601);
}
