//! CD-TEXT packs round-trip with valid CRCs; the MMC cue sheet has the right entries.

use kiln_core::audio::cdtext::{self, crc_ok, CdTextError};
use kiln_core::audio::cuesheet;
use kiln_core::audio::{AudioDisc, AudioTrack, DiscMetadata, TrackMetadata, TrackSource};

fn meta() -> (DiscMetadata, Vec<TrackMetadata>) {
    let disc = DiscMetadata {
        title: Some("Kiln Test Album with a rather long title".into()),
        performer: Some("The Testers".into()),
        songwriter: None,
        composer: Some("Zoë Kompositeur".into()),
        catalog: Some("0123456789012".into()),
    };
    let tracks = (1..=12)
        .map(|i| TrackMetadata {
            title: Some(format!("Song number {i}")),
            performer: Some(if i % 2 == 0 {
                "The Testers".into()
            } else {
                format!("Guest {i}")
            }),
            songwriter: (i == 3).then(|| "Somebody".to_string()),
            composer: None,
            isrc: Some(format!("USKLN26000{i:02}")),
        })
        .collect();
    (disc, tracks)
}

#[test]
fn packs_round_trip_with_valid_crcs() {
    let (disc, tracks) = meta();
    let packs = cdtext::encode(&disc, &tracks);
    assert!(packs.len() > 10);
    assert!(packs.iter().all(crc_ok));
    for (i, p) in packs.iter().enumerate() {
        assert_eq!(usize::from(p[2]), i, "sequence");
        assert_eq!(p[3] & 0x70, 0, "block 0");
    }
    // Types in ascending order, size info last.
    let types: Vec<u8> = packs.iter().map(|p| p[0]).collect();
    let mut sorted = types.clone();
    sorted.sort();
    assert_eq!(types, sorted);
    assert_eq!(&types[types.len() - 3..], &[0x8F, 0x8F, 0x8F]);
    let decoded = cdtext::decode(&packs).unwrap();
    assert_eq!(decoded.disc, disc);
    assert_eq!(decoded.tracks, tracks);
    assert_eq!(decoded.language, 0x09);
    assert_eq!(decoded.charset, 0x00);
}

#[test]
fn character_positions_point_into_strings() {
    let (disc, tracks) = meta();
    let packs = cdtext::encode(&disc, &tracks);
    // The first title pack is the album title from position 0; the fourth pack starts inside
    // the album title (40 characters) at position 36 -> capped to 15.
    let titles: Vec<_> = packs.iter().filter(|p| p[0] == 0x80).collect();
    assert_eq!((titles[0][1], titles[0][3]), (0, 0));
    assert_eq!((titles[3][1], titles[3][3] & 0x0F), (0, 15));
    // Latin-1 kept as one byte.
    let composer: Vec<u8> = packs
        .iter()
        .filter(|p| p[0] == 0x83)
        .flat_map(|p| p[4..16].to_vec())
        .collect();
    assert!(composer.starts_with(b"Zo\xEB Kompositeur\0"));
}

#[test]
fn a_flipped_bit_is_caught() {
    let (disc, tracks) = meta();
    let mut packs = cdtext::encode(&disc, &tracks);
    packs[5][7] ^= 0x01;
    assert_eq!(cdtext::decode(&packs), Err(CdTextError::BadCrc(5)));
}

#[test]
fn no_text_no_packs() {
    assert!(cdtext::encode(&DiscMetadata::default(), &[TrackMetadata::default()]).is_empty());
}

#[test]
fn mmc_cue_sheet_entries() {
    let (disc_meta, tracks) = meta();
    let spool = std::sync::Arc::new(tempfile::NamedTempFile::new().unwrap().into_temp_path());
    let frames = [220_500u64, 198_450, 265_173];
    let pregaps = [150u64, 150, 0];
    let disc = AudioDisc {
        tracks: (0..3)
            .map(|i| AudioTrack {
                source: TrackSource::Raw {
                    spool: spool.clone(),
                    frames: frames[i],
                },
                pregap_blocks: pregaps[i],
                metadata: tracks[i].clone(),
            })
            .collect(),
        metadata: disc_meta,
    };
    let layout = disc.layout().unwrap();
    let cs = cuesheet::build(&disc, &layout, true);
    let expect: Vec<[u8; 8]> = vec![
        [0x02, b'0', b'1', b'2', b'3', b'4', b'5', b'6'],
        [0x02, b'7', b'8', b'9', b'0', b'1', b'2', 0],
        [0x01, 0, 0, 0x41, 0, 0, 0, 0],
        [0x03, 1, b'U', b'S', b'K', b'L', b'N', b'2'],
        [0x03, 1, b'6', b'0', b'0', b'0', b'0', b'1'],
        [0x01, 1, 0, 0x01, 0, 0, 0, 0],
        [0x01, 1, 1, 0x00, 0, 0, 2, 0],
        [0x03, 2, b'U', b'S', b'K', b'L', b'N', b'2'],
        [0x03, 2, b'6', b'0', b'0', b'0', b'0', b'2'],
        [0x01, 2, 0, 0x00, 0, 0, 7, 0],
        [0x01, 2, 1, 0x00, 0, 0, 9, 0],
        [0x03, 3, b'U', b'S', b'K', b'L', b'N', b'2'],
        [0x03, 3, b'6', b'0', b'0', b'0', b'0', b'3'],
        [0x01, 3, 1, 0x00, 0, 0, 13, 37],
        [0x01, 0xAA, 1, 0x01, 0, 0, 19, 39],
    ];
    assert_eq!(cs, expect);
    assert_eq!(cuesheet::to_bytes(&cs).len(), expect.len() * 8);
    let plain = cuesheet::build(&disc, &layout, false);
    assert_eq!(plain[2][3], 0x01);
}
