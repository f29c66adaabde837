//! CD recipes on the emulated drive: audio and data session at once with a cue sheet, audio track
//! at once, and simulation (Test Write).

use std::time::Duration;

use kiln_core::mmc::cdb::*;
use kiln_core::mmc::cdb_write::*;
use kiln_core::mmc::mode::{self, MultiSession, WriteParameters, WriteType};
use kiln_core::mmc::parse::{DiscInfo, DiscStatus, TrackInfo};
use kiln_core::mmc::toc::Toc;
use kiln_core::transport::emulated::{EmulatedDrive, MediumKind, AUDIO_SECTOR};
use kiln_core::transport::{execute_checked, CommandError, DataDirection, ScsiTransport};

const T: Duration = Duration::from_secs(30);

fn run(d: &mut impl ScsiTransport, cdb: &[u8]) -> Result<usize, CommandError> {
    execute_checked(d, cdb, DataDirection::None, T)
}

fn get(d: &mut impl ScsiTransport, cdb: &[u8], len: usize) -> Result<Vec<u8>, CommandError> {
    let mut buf = vec![0u8; len];
    let n = execute_checked(d, cdb, DataDirection::FromDevice(&mut buf), T)?;
    buf.truncate(n);
    Ok(buf)
}

fn put(d: &mut impl ScsiTransport, cdb: &[u8], data: &[u8]) -> Result<usize, CommandError> {
    execute_checked(d, cdb, DataDirection::ToDevice(data), T)
}

fn select(d: &mut impl ScsiTransport, wp: &WriteParameters) {
    let sel = mode::mode_select_parameters(&wp.to_page());
    put(d, &mode_select_10(sel.len() as u16), &sel).unwrap();
}

fn expect_sense(r: Result<usize, CommandError>, key: u8, asc: u8, ascq: u8) {
    let err = r.expect_err("the drive should have refused");
    assert!(
        err.is_sense(key, asc, ascq),
        "expected {key:X}/{asc:02X}/{ascq:02X}, got {err}"
    );
}

fn disc_info(d: &mut impl ScsiTransport) -> DiscInfo {
    DiscInfo::parse(&get(d, &read_disc_information(34), 34).unwrap()).unwrap()
}

fn entry(ctl_adr: u8, track: u8, index: u8, data_form: u8, lba: i32) -> CueEntry {
    let (minute, second, frame) = lba_to_msf(lba);
    CueEntry {
        ctl_adr,
        track,
        index,
        data_form,
        scms: 0,
        minute,
        second,
        frame,
    }
}

/// Audio samples of a block: a different pattern per LBA.
fn audio(lba: i32, blocks: usize) -> Vec<u8> {
    (0..blocks * AUDIO_SECTOR)
        .map(|i| {
            let block = i64::from(lba) + (i / AUDIO_SECTOR) as i64;
            ((i % AUDIO_SECTOR) as i64 + block * 13).rem_euclid(253) as u8
        })
        .collect()
}

#[test]
fn audio_cd_session_at_once() {
    let mut d = EmulatedDrive::new(MediumKind::CdR);
    select(&mut d, &WriteParameters::cd_sao_audio());
    // Two audio tracks, 300 and 400 blocks, no gap before track 2, lead-out at 700.
    let sheet = cue_sheet_bytes(&[
        entry(0x01, 0, 0, 0x01, -150),
        entry(0x01, 1, 0, 0x00, -150),
        entry(0x01, 1, 1, 0x00, 0),
        entry(0x01, 2, 1, 0x00, 300),
        entry(0x01, 0xAA, 1, 0x01, 700),
    ]);
    expect_sense(write_audio(&mut d, 0, 1), 5, 0x2C, 0); // no cue sheet yet
    put(&mut d, &send_cue_sheet(sheet.len() as u32), &sheet).unwrap();
    expect_sense(write_audio(&mut d, 0, 1), 5, 0x21, 0x02); // the pregap comes first
                                                            // The wrong amount of data for audio blocks is a host bug, not a drive answer.
    let short = put(&mut d, &write_10(-150i32 as u32, 1), &[0; 2048]);
    assert!(matches!(short, Err(CommandError::Transport(_))));
    // Pregap at -150, then 700 blocks in 27-block (63,504-byte) writes.
    write_audio(&mut d, -150, 150).unwrap();
    let mut lba = 0;
    while lba < 700 {
        let n = (700 - lba).min(27);
        write_audio(&mut d, lba, n as u16).unwrap();
        lba += n;
    }
    expect_sense(write_audio(&mut d, 700, 1), 5, 0x21, 0x00); // beyond the lead-out
    expect_sense(
        run(
            &mut d,
            &close_track_session(CloseFunction::Session, 0, false),
        ),
        5,
        0x2C,
        0,
    );
    run(&mut d, &synchronize_cache(false)).unwrap();

    let di = disc_info(&mut d);
    assert_eq!((di.status, di.sessions), (DiscStatus::Complete, 1));
    let toc = Toc::parse(
        &get(
            &mut d,
            &read_toc_pma_atip(TocFormat::Toc, false, 0, 100),
            100,
        )
        .unwrap(),
        false,
    )
    .unwrap();
    let starts: Vec<(u8, i32, u8)> = toc
        .entries
        .iter()
        .map(|e| (e.track, e.start_lba, e.control))
        .collect();
    assert_eq!(starts, vec![(1, 0, 0), (2, 300, 0), (0xAA, 700, 4)]);
    // Audio comes back through READ CD, not READ(10).
    let back = get(
        &mut d,
        &read_cd(300, 2, SectorType::CdDa, ReadCdContent::UserData),
        2 * AUDIO_SECTOR,
    )
    .unwrap();
    assert!(back == audio(300, 2));
    assert!(d.audio_block(699).unwrap() == &audio(699, 1)[..]);
    expect_sense(
        get(&mut d, &read_10(0, 1), 2048).map(|v| v.len()),
        5,
        0x64,
        0,
    );
    expect_sense(
        get(
            &mut d,
            &read_cd(0, 1, SectorType::Mode1, ReadCdContent::UserData),
            2048,
        )
        .map(|v| v.len()),
        5,
        0x64,
        0,
    );
    let t2 = TrackInfo::parse(
        &get(
            &mut d,
            &read_track_information(TrackAddress::Track(2), 48),
            48,
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!((t2.start, t2.size, t2.track_mode), (300, 400, 0));
}

fn write_audio(d: &mut impl ScsiTransport, lba: i32, blocks: u16) -> Result<usize, CommandError> {
    put(
        d,
        &write_10(lba as u32, blocks),
        &audio(lba, usize::from(blocks)),
    )
}

#[test]
fn data_cd_session_at_once_and_cue_sheet_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cd.img");
    let mut d = EmulatedDrive::new(MediumKind::CdRw)
        .with_backing_file(&path)
        .unwrap();
    let mut wp = WriteParameters::cd_tao_data(MultiSession::Appendable);
    wp.write_type = WriteType::SessionAtOnce;
    select(&mut d, &wp);
    // A CD-DA lead-in with CD-TEXT (data form 41h) before data tracks: a bad parameter list.
    let cdtext = cue_sheet_bytes(&[
        entry(0x41, 0, 0, 0x41, -150),
        entry(0x41, 1, 0, 0x10, -150),
        entry(0x41, 1, 1, 0x10, 0),
        entry(0x41, 0xAA, 1, 0x14, 300),
    ]);
    expect_sense(
        put(&mut d, &send_cue_sheet(cdtext.len() as u32), &cdtext),
        5,
        0x26,
        0,
    );
    // Entries out of order.
    let backwards = cue_sheet_bytes(&[
        entry(0x41, 0, 0, 0x14, -150),
        entry(0x41, 1, 0, 0x10, -150),
        entry(0x41, 1, 1, 0x10, 300),
        entry(0x41, 0xAA, 1, 0x14, 200),
    ]);
    expect_sense(
        put(&mut d, &send_cue_sheet(backwards.len() as u32), &backwards),
        5,
        0x26,
        0,
    );
    let sheet = cue_sheet_bytes(&[
        entry(0x41, 0, 0, 0x14, -150),
        entry(0x41, 1, 0, 0x10, -150),
        entry(0x41, 1, 1, 0x10, 0),
        entry(0x41, 0xAA, 1, 0x14, 300),
    ]);
    put(&mut d, &send_cue_sheet(sheet.len() as u32), &sheet).unwrap();
    put(&mut d, &write_10(-150i32 as u32, 150), &vec![0; 150 * 2048]).unwrap();
    let data: Vec<u8> = (0..300 * 2048).map(|i| (i % 241) as u8).collect();
    put(&mut d, &write_10(0, 300), &data).unwrap();
    run(&mut d, &synchronize_cache(true)).unwrap();
    let di = disc_info(&mut d);
    assert_eq!((di.status, di.sessions), (DiscStatus::Appendable, 2));
    assert!(get(&mut d, &read_10(0, 300), 300 * 2048).unwrap() == data);
    assert!(std::fs::read(&path).unwrap() == data);
    // The disc is no longer blank: another cue sheet is a sequence error.
    expect_sense(
        put(&mut d, &send_cue_sheet(sheet.len() as u32), &sheet),
        5,
        0x2C,
        0,
    );
}

#[test]
fn audio_track_at_once() {
    let mut d = EmulatedDrive::new(MediumKind::CdR);
    let mut wp = WriteParameters::cd_tao_data(MultiSession::Finalize);
    wp.track_mode = 0;
    wp.data_block_type = 0;
    select(&mut d, &wp);
    write_audio(&mut d, 0, 300).unwrap();
    // Switching block type inside a track is refused.
    select(
        &mut d,
        &WriteParameters::cd_tao_data(MultiSession::Finalize),
    );
    expect_sense(put(&mut d, &write_10(300, 1), &[0; 2048]), 5, 0x64, 0);
    run(
        &mut d,
        &close_track_session(CloseFunction::Session, 0, false),
    )
    .unwrap();
    let toc = Toc::parse(
        &get(
            &mut d,
            &read_toc_pma_atip(TocFormat::Toc, false, 0, 100),
            100,
        )
        .unwrap(),
        false,
    )
    .unwrap();
    assert_eq!((toc.entries[0].control, toc.lead_out()), (0, Some(302)));
    let back = get(
        &mut d,
        &read_cd(299, 1, SectorType::Any, ReadCdContent::UserData),
        AUDIO_SECTOR,
    )
    .unwrap();
    assert!(back == audio(299, 1));
    expect_sense(
        get(
            &mut d,
            &read_cd(0, 1, SectorType::CdDa, ReadCdContent::FullSector),
            AUDIO_SECTOR,
        )
        .map(|v| v.len()),
        5,
        0x24,
        0,
    );
}

#[test]
fn simulation_records_nothing() {
    let mut d = EmulatedDrive::new(MediumKind::CdR);
    let mut wp = WriteParameters::cd_tao_data(MultiSession::Finalize);
    wp.test_write = true;
    select(&mut d, &wp);
    put(&mut d, &write_10(0, 32), &vec![1; 32 * 2048]).unwrap();
    put(&mut d, &write_10(32, 16), &vec![1; 16 * 2048]).unwrap();
    expect_sense(put(&mut d, &write_10(100, 1), &[1; 2048]), 5, 0x21, 0x02);
    run(&mut d, &synchronize_cache(false)).unwrap();
    run(
        &mut d,
        &close_track_session(CloseFunction::Session, 0, false),
    )
    .unwrap();
    assert_eq!(disc_info(&mut d).status, DiscStatus::Blank);
    expect_sense(
        get(&mut d, &read_10(0, 1), 2048).map(|v| v.len()),
        5,
        0x21,
        0,
    );
    // A real write afterwards starts at LBA 0 again.
    wp.test_write = false;
    select(&mut d, &wp);
    put(&mut d, &write_10(0, 16), &vec![2; 16 * 2048]).unwrap();
    assert_eq!(disc_info(&mut d).status, DiscStatus::Appendable);
}
