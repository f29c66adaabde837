//! CD-TEXT in the lead-in on the emulated drive, command by command: the R-W capability bit,
//! the cue sheet with lead-in data form 41h, 96-byte R-W blocks from the lead-in start to LBA
//! −151, the refusals, and READ TOC format 5 of the burned disc.

use std::time::Duration;

use kiln_core::audio::cdtext;
use kiln_core::audio::image::{DiscMetadata, TrackMetadata};
use kiln_core::audio::subchannel::{lead_in_blocks, RW_BLOCK};
use kiln_core::mmc::cdb::*;
use kiln_core::mmc::cdb_write::*;
use kiln_core::mmc::mode::{self, WriteParameters};
use kiln_core::mmc::parse::DiscInfo;
use kiln_core::mmc::toc::parse_cd_text_packs;
use kiln_core::transport::emulated::{EmulatedDrive, MediumKind, AUDIO_SECTOR, CD_LEAD_IN_START};
use kiln_core::transport::{execute_checked, CommandError, DataDirection, ScsiTransport};

const T: Duration = Duration::from_secs(30);

fn get(d: &mut impl ScsiTransport, cdb: &[u8], len: usize) -> Result<Vec<u8>, CommandError> {
    let mut buf = vec![0u8; len];
    let n = execute_checked(d, cdb, DataDirection::FromDevice(&mut buf), T)?;
    buf.truncate(n);
    Ok(buf)
}

fn put(d: &mut impl ScsiTransport, cdb: &[u8], data: &[u8]) -> Result<usize, CommandError> {
    execute_checked(d, cdb, DataDirection::ToDevice(data), T)
}

fn expect_sense(r: Result<usize, CommandError>, key: u8, asc: u8, ascq: u8) {
    let err = r.expect_err("the drive should have refused");
    assert!(
        err.is_sense(key, asc, ascq),
        "expected {key:X}/{asc:02X}/{ascq:02X}, got {err}"
    );
}

fn sao(d: &mut impl ScsiTransport) {
    let sel = mode::mode_select_parameters(&WriteParameters::cd_sao_audio().to_page());
    put(d, &mode_select_10(sel.len() as u16), &sel).unwrap();
}

/// One audio track of 300 blocks, lead-out at LBA 300 = 00:06:00; lead-in data form `form`.
fn sheet(form: u8) -> Vec<u8> {
    #[rustfmt::skip]
    let s = vec![
        0x01, 0x00, 0x00, form, 0x00, 0x00, 0x00, 0x00, // lead-in, 00:00:00
        0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // track 1 index 00, 00:00:00
        0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, // track 1 index 01, 00:02:00
        0x01, 0xAA, 0x01, 0x01, 0x00, 0x00, 0x06, 0x00, // lead-out, 00:06:00
    ];
    s
}

fn packs() -> Vec<cdtext::Pack> {
    let disc = DiscMetadata {
        title: Some("Fornace".into()),
        performer: Some("I Mattoni".into()),
        ..DiscMetadata::default()
    };
    let track = TrackMetadata {
        title: Some("Cottura lenta".into()),
        performer: Some("I Mattoni".into()),
        ..TrackMetadata::default()
    };
    cdtext::encode(&disc, &[track])
}

#[test]
fn the_cd_mastering_feature_says_r_w_and_the_disc_gives_the_lead_in_start() {
    let mut d = EmulatedDrive::new(MediumKind::CdR);
    let f = get(
        &mut d,
        &get_configuration(ConfigurationRequest::One, 0x002E, 16),
        16,
    )
    .unwrap();
    // Feature header at 8: code 002Eh, then byte 4 of the feature: BUF 40h, SAO 20h, test
    // write 04h, CD-RW 02h, R-W 01h.
    assert_eq!(f[8..10], [0x00, 0x2E]);
    assert_eq!(f[12], 0x67);
    let mut without = EmulatedDrive::new(MediumKind::CdR).without_cd_text();
    let f = get(
        &mut without,
        &get_configuration(ConfigurationRequest::One, 0x002E, 16),
        16,
    )
    .unwrap();
    assert_eq!(f[12], 0x66);
    // READ DISC INFORMATION bytes 16–19: lead-in start 97:26:65 = LBA −11635.
    let di = get(&mut d, &read_disc_information(34), 34).unwrap();
    assert_eq!(di[16..20], [0x00, 0x61, 0x1A, 0x41]);
    assert_eq!(
        DiscInfo::parse(&di).unwrap().last_session_lead_in,
        Some(0x0061_1A41)
    );
}

#[test]
fn cd_text_is_written_into_the_lead_in_and_read_back_with_format_5() {
    let mut d = EmulatedDrive::new(MediumKind::CdR);
    sao(&mut d);
    let s = sheet(0x41);
    // Lead-in data form 41h at an address that is neither 00:00:00 nor the lead-in start.
    let mut wrong = s.clone();
    wrong[6] = 2;
    expect_sense(
        put(&mut d, &send_cue_sheet(wrong.len() as u32), &wrong),
        5,
        0x26,
        0,
    );
    assert_eq!(
        send_cue_sheet(32),
        [0x5D, 0, 0, 0, 0, 0, 0x00, 0x00, 0x20, 0]
    );
    put(&mut d, &send_cue_sheet(s.len() as u32), &s).unwrap();

    let packs = packs();
    assert_eq!(CD_LEAD_IN_START, -11635);
    // With CD-TEXT announced the stream starts at the lead-in, not at the pregap.
    expect_sense(
        put(&mut d, &write_10(-150i32 as u32, 1), &[0; AUDIO_SECTOR]),
        5,
        0x21,
        0x02,
    );
    // Lead-in blocks are 96 bytes: a 2352-byte block, or too few bytes, is a host bug.
    let lead_in = CD_LEAD_IN_START as u32;
    let r = put(&mut d, &write_10(lead_in, 1), &[0; AUDIO_SECTOR]);
    assert!(matches!(r, Err(CommandError::Transport(_))), "{r:?}");
    let r = put(&mut d, &write_10(lead_in, 2), &lead_in_blocks(&packs, 0, 1));
    assert!(matches!(r, Err(CommandError::Transport(_))), "{r:?}");

    // WRITE(10) at −11635 = FFFFD28Dh, 341 blocks = 0155h.
    assert_eq!(
        write_10(lead_in, 341),
        [0x2A, 0, 0xFF, 0xFF, 0xD2, 0x8D, 0, 0x01, 0x55, 0]
    );
    let total = (-150 - CD_LEAD_IN_START) as usize;
    let mut done = 0;
    while done < total {
        let n = (total - done).min(341);
        let data = lead_in_blocks(&packs, done, n);
        assert_eq!(data.len(), n * RW_BLOCK);
        let lba = CD_LEAD_IN_START + done as i32;
        put(&mut d, &write_10(lba as u32, n as u16), &data).unwrap();
        done += n;
    }
    put(
        &mut d,
        &write_10(-150i32 as u32, 150),
        &vec![0; 150 * AUDIO_SECTOR],
    )
    .unwrap();
    for lba in (0..300).step_by(25) {
        put(&mut d, &write_10(lba, 25), &vec![7; 25 * AUDIO_SECTOR]).unwrap();
    }
    execute_checked(&mut d, &synchronize_cache(false), DataDirection::None, T).unwrap();

    let raw = get(
        &mut d,
        &read_toc_pma_atip(TocFormat::CdText, false, 0, 4096),
        4096,
    )
    .unwrap();
    assert_eq!(raw.len(), 4 + 18 * packs.len());
    assert_eq!(raw[..4], [0, (2 + 18 * packs.len()) as u8, 0, 0]);
    let back = parse_cd_text_packs(&raw).unwrap();
    assert_eq!(back, packs);
    let text = cdtext::decode(&back).unwrap();
    assert_eq!(text.disc.title.as_deref(), Some("Fornace"));
    assert_eq!(text.tracks[0].title.as_deref(), Some("Cottura lenta"));
}

#[test]
fn a_drive_without_r_w_refuses_the_cd_text_cue_sheet() {
    let mut d = EmulatedDrive::new(MediumKind::CdR).without_cd_text();
    sao(&mut d);
    let s = sheet(0x41);
    expect_sense(put(&mut d, &send_cue_sheet(32), &s), 5, 0x26, 0);
    let s = sheet(0x01);
    put(&mut d, &send_cue_sheet(32), &s).unwrap();
    // Without CD-TEXT the lead-in is the drive's: writing there is refused.
    expect_sense(
        put(
            &mut d,
            &write_10(CD_LEAD_IN_START as u32, 1),
            &[0; RW_BLOCK],
        ),
        5,
        0x21,
        0x02,
    );
}

#[test]
fn a_disc_without_cd_text_answers_format_5_with_the_header_only() {
    let mut d = EmulatedDrive::new(MediumKind::CdR);
    let raw = get(
        &mut d,
        &read_toc_pma_atip(TocFormat::CdText, false, 0, 100),
        100,
    )
    .unwrap();
    assert_eq!(raw, [0, 2, 0, 0]);
}
