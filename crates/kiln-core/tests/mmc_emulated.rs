//! The emulated drive, driven only through `ScsiTransport` with the CDB builders and parsers: the
//! recipes of real burners succeed, and what real drives refuse is refused with their sense.

use std::time::Duration;

use kiln_core::mmc::cdb::*;
use kiln_core::mmc::cdb_write::*;
use kiln_core::mmc::config::{feature, Configuration};
use kiln_core::mmc::mode::{self, Capabilities, MultiSession, WriteParameters, WriteType};
use kiln_core::mmc::parse::*;
use kiln_core::mmc::profile::Profile;
use kiln_core::mmc::toc::{Atip, Toc};
use kiln_core::mmc::SenseCondition;
use kiln_core::transport::emulated::{EmulatedDrive, Fault, FaultTrigger, MediumKind, BD_BLOCKS};
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

fn disc_info(d: &mut impl ScsiTransport) -> DiscInfo {
    DiscInfo::parse(&get(d, &read_disc_information(34), 34).unwrap()).unwrap()
}

fn track_info(d: &mut impl ScsiTransport, a: TrackAddress) -> Result<TrackInfo, CommandError> {
    get(d, &read_track_information(a, 48), 48).map(|b| TrackInfo::parse(&b).unwrap())
}

fn pattern(lba: u32, blocks: u32) -> Vec<u8> {
    (0..blocks as usize * 2048)
        .map(|i| ((lba as usize * 2048 + i) * 7 % 251) as u8)
        .collect()
}

fn write(d: &mut impl ScsiTransport, lba: u32, blocks: u16) -> Result<usize, CommandError> {
    put(d, &write_10(lba, blocks), &pattern(lba, u32::from(blocks)))
}

fn expect_sense(r: Result<usize, CommandError>, key: u8, asc: u8, ascq: u8) {
    let err = r.expect_err("the drive should have refused");
    assert!(
        err.is_sense(key, asc, ascq),
        "expected {key:X}/{asc:02X}/{ascq:02X}, got {err}"
    );
}

#[test]
fn dvd_plus_r_write_1000_blocks_close_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("disc.img");
    let mut d = EmulatedDrive::new(MediumKind::DvdPlusR)
        .with_backing_file(&path)
        .unwrap();

    let inq = Inquiry::parse(&get(&mut d, &inquiry(36), 36).unwrap()).unwrap();
    assert!(inq.is_mmc());
    let cfg = Configuration::parse(
        &get(
            &mut d,
            &get_configuration(ConfigurationRequest::All, 0, 2048),
            2048,
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(cfg.current_profile, Profile::DvdPlusR);
    assert!(cfg.is_current(feature::DVD_PLUS_R));
    assert!(cfg
        .profiles()
        .iter()
        .any(|p| p.current && p.profile == Profile::DvdPlusR));

    let di = disc_info(&mut d);
    assert_eq!(
        (di.status, di.last_session, di.sessions),
        (DiscStatus::Blank, SessionState::Empty, 1)
    );
    let ti = track_info(&mut d, TrackAddress::Track(INVISIBLE_TRACK)).unwrap();
    assert_eq!((ti.next_writable, ti.free_blocks), (Some(0), 2_295_104));

    // 1000 blocks: 62 chunks of 16 blocks (32 KiB) and a last one of 8.
    let mut lba = 0;
    while lba < 1000 {
        let n = (1000 - lba).min(16) as u16;
        write(&mut d, lba, n).unwrap();
        lba += u32::from(n);
    }
    run(&mut d, &synchronize_cache(true)).unwrap();
    let ti = track_info(&mut d, TrackAddress::Track(INVISIBLE_TRACK)).unwrap();
    assert_eq!(
        (ti.next_writable, ti.free_blocks, ti.last_recorded),
        (Some(1000), 2_294_104, Some(999))
    );
    let di = disc_info(&mut d);
    assert_eq!(
        (di.status, di.last_session),
        (DiscStatus::Appendable, SessionState::Incomplete)
    );

    run(&mut d, &close_track_session(CloseFunction::Track, 1, true)).unwrap();
    run(
        &mut d,
        &close_track_session(CloseFunction::FinalizeMinimalRadius, 0, true),
    )
    .unwrap();
    let di = disc_info(&mut d);
    assert_eq!(
        (di.status, di.last_session),
        (DiscStatus::Complete, SessionState::Complete)
    );

    // Read back through the drive and from the backing file.
    let mut back = Vec::new();
    for lba in (0..1000).step_by(100) {
        back.extend(get(&mut d, &read_10(lba, 100), 100 * 2048).unwrap());
    }
    assert_eq!(back, pattern(0, 1000));
    assert_eq!(std::fs::read(&path).unwrap(), pattern(0, 1000));
    // The track was padded to a whole ECC block (16): READ CAPACITY reports 1008 blocks.
    let cap = Capacity::parse(&get(&mut d, &read_capacity(), 8).unwrap()).unwrap();
    assert_eq!((cap.blocks(), cap.block_length), (1008, 2048));
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
    assert_eq!((toc.entries[0].track, toc.lead_out()), (1, Some(1008)));
    // A finalized disc takes nothing more.
    expect_sense(write(&mut d, 1008, 16), 5, 0x21, 0x02);
    expect_sense(
        run(
            &mut d,
            &close_track_session(CloseFunction::Session, 0, false),
        ),
        5,
        0x2C,
        0x00,
    );
}

#[test]
fn sequential_writes_only_at_nwa_and_never_past_the_end() {
    let mut d = EmulatedDrive::new(MediumKind::DvdPlusR).with_capacity(1024);
    expect_sense(write(&mut d, 16, 16), 5, 0x21, 0x02); // not the NWA
    write(&mut d, 0, 16).unwrap();
    expect_sense(write(&mut d, 0, 16), 5, 0x21, 0x02); // overwriting is not possible
    expect_sense(write(&mut d, 32, 16), 5, 0x21, 0x02); // a gap is not possible either
    expect_sense(write(&mut d, 4000, 1), 5, 0x21, 0x00); // beyond the disc
    let mut lba = 16;
    while lba < 1008 {
        write(&mut d, lba, 16).unwrap();
        lba += 16;
    }
    let err = write(&mut d, 1008, 32).unwrap_err();
    assert!(err.is_sense(5, 0x21, 0x00), "{err}");
    assert_eq!(
        err.sense().unwrap().condition(),
        SenseCondition::LbaOutOfRange
    );
    write(&mut d, 1008, 16).unwrap();
    let ti = track_info(&mut d, TrackAddress::Track(INVISIBLE_TRACK)).unwrap();
    assert_eq!((ti.free_blocks, ti.next_writable), (0, None));
    expect_sense(write(&mut d, 1024, 1), 5, 0x21, 0x00);
    // REQUEST SENSE reports the last failure.
    let s = kiln_core::mmc::Sense::parse(&get(&mut d, &request_sense(18), 18).unwrap()).unwrap();
    assert_eq!((s.key.code(), s.asc, s.ascq), (5, 0x21, 0x00));
}

#[test]
fn cd_r_tao_multisession() {
    let mut d = EmulatedDrive::new(MediumKind::CdR);
    let atip = Atip::parse(
        &get(
            &mut d,
            &read_toc_pma_atip(TocFormat::Atip, false, 0, 28),
            28,
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        (atip.capacity_blocks(), atip.lead_in_start, atip.erasable),
        (359_849, -11635, false)
    );
    let di = disc_info(&mut d);
    assert_eq!(di.last_possible_lead_out_lba(true), Some(359_849));
    expect_sense(
        get(&mut d, &read_toc_pma_atip(TocFormat::Toc, false, 0, 12), 12).map(|v| v.len()),
        5,
        0x24,
        0,
    );

    let sel = mode::mode_select_parameters(
        &WriteParameters::cd_tao_data(MultiSession::Appendable).to_page(),
    );
    put(&mut d, &mode_select_10(sel.len() as u16), &sel).unwrap();
    let page = get(&mut d, &mode_sense_10(5, PageControl::Current, 100), 100).unwrap();
    let wp = WriteParameters::parse(mode::find_page(&page, 5).unwrap()).unwrap();
    assert_eq!(
        (wp.write_type, wp.multi_session),
        (WriteType::TrackAtOnce, MultiSession::Appendable)
    );

    let mut lba = 0;
    while lba < 320 {
        write(&mut d, lba, 16).unwrap();
        lba += 16;
    }
    run(&mut d, &synchronize_cache(false)).unwrap();
    run(
        &mut d,
        &close_track_session(CloseFunction::Session, 0, true),
    )
    .unwrap();
    let di = disc_info(&mut d);
    assert_eq!(
        (di.status, di.last_session, di.sessions),
        (DiscStatus::Appendable, SessionState::Empty, 2)
    );
    assert_eq!(
        (
            di.first_track_in_last_session,
            di.last_track_in_last_session
        ),
        (2, 2)
    );
    // Next session: after the 2 run-out blocks, lead-out and lead-in (11,400 after session 1).
    let ti = track_info(&mut d, TrackAddress::Track(INVISIBLE_TRACK)).unwrap();
    assert_eq!(
        (ti.track, ti.session, ti.next_writable),
        (2, 2, Some(322 + 11_400))
    );
    let t1 = track_info(&mut d, TrackAddress::Track(1)).unwrap();
    assert_eq!(
        (t1.start, t1.size, t1.next_writable, t1.free_blocks),
        (0, 322, None, 0)
    );
    let toc = get(
        &mut d,
        &read_toc_pma_atip(TocFormat::SessionInfo, false, 0, 12),
        12,
    )
    .unwrap();
    assert_eq!(Toc::parse(&toc, false).unwrap().entries[0].start_lba, 0);
    let full = get(
        &mut d,
        &read_toc_pma_atip(TocFormat::FullToc, false, 0, 200),
        200,
    )
    .unwrap();
    let entries = kiln_core::mmc::toc::parse_full_toc(&full).unwrap();
    assert_eq!(
        entries
            .iter()
            .find(|e| e.point == 0xA2)
            .unwrap()
            .point_lba(),
        322
    );

    // Session 2, then finalize (page 05h multi-session 00b).
    expect_sense(write(&mut d, 322, 16), 5, 0x21, 0x02);
    let nwa = 322 + 11_400;
    put(&mut d, &write_10(nwa, 300), &pattern(nwa, 300)).unwrap();
    let sel = mode::mode_select_parameters(
        &WriteParameters::cd_tao_data(MultiSession::Finalize).to_page(),
    );
    put(&mut d, &mode_select_10(sel.len() as u16), &sel).unwrap();
    run(
        &mut d,
        &close_track_session(CloseFunction::Session, 0, false),
    )
    .unwrap();
    let di = disc_info(&mut d);
    assert_eq!((di.status, di.sessions), (DiscStatus::Complete, 2));
    assert_eq!(
        get(&mut d, &read_10(nwa, 300), 300 * 2048).unwrap(),
        pattern(nwa, 300)
    );
}

#[test]
fn what_real_drives_refuse() {
    // DVD-R: track FFh is not valid; ask for the last track in the last session.
    let mut d = EmulatedDrive::new(MediumKind::DvdR);
    expect_sense(
        track_info(&mut d, TrackAddress::Track(INVISIBLE_TRACK)).map(|_| 0),
        5,
        0x24,
        0,
    );
    let last = disc_info(&mut d).last_track_in_last_session;
    assert_eq!(
        track_info(&mut d, TrackAddress::Track(u32::from(last)))
            .unwrap()
            .next_writable,
        Some(0)
    );
    // DAO without RESERVE TRACK: command sequence error; with it, fine, and the reservation holds.
    let mut dao = WriteParameters::dvd_r_incremental(MultiSession::Finalize);
    dao.write_type = WriteType::SessionAtOnce;
    let sel = mode::mode_select_parameters(&dao.to_page());
    put(&mut d, &mode_select_10(sel.len() as u16), &sel).unwrap();
    expect_sense(write(&mut d, 0, 16), 5, 0x2C, 0x00);
    run(&mut d, &reserve_track(32)).unwrap();
    write(&mut d, 0, 16).unwrap();
    expect_sense(write(&mut d, 16, 32), 5, 0x63, 0x00); // past the reserved size
    write(&mut d, 16, 16).unwrap();
    // TAO on DVD-R is not a write type DVD-R has.
    let bad = mode::mode_select_parameters(
        &WriteParameters::cd_tao_data(MultiSession::Finalize).to_page(),
    );
    expect_sense(
        put(&mut d, &mode_select_10(bad.len() as u16), &bad),
        5,
        0x26,
        0,
    );
    // MODE SELECT without PF.
    let mut cdb = mode_select_10(sel.len() as u16);
    cdb[1] = 0;
    expect_sense(put(&mut d, &cdb, &sel), 5, 0x24, 0);
    // BLANK on write-once media; unknown opcodes; closing an empty track.
    expect_sense(run(&mut d, &blank(BlankType::Minimal, true)), 5, 0x30, 0);
    expect_sense(
        run(&mut d, &[0xD8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        5,
        0x20,
        0,
    );
    let mut p = EmulatedDrive::new(MediumKind::DvdPlusR);
    expect_sense(
        run(&mut p, &close_track_session(CloseFunction::Track, 1, false)),
        5,
        0x2C,
        0,
    );
    expect_sense(
        run(
            &mut p,
            &close_track_session(CloseFunction::Session, 0, false),
        ),
        5,
        0x2C,
        0,
    );
    // Format a write-once DVD: cannot format.
    let fp = format_parameters(0x26, 0, 0, 0, false);
    expect_sense(put(&mut p, &format_unit(false), &fp), 5, 0x30, 0x06);
    // A cue sheet on DVD, or on a CD without SAO in page 05h.
    expect_sense(put(&mut p, &send_cue_sheet(8), &[0; 8]), 5, 0x30, 0);
    let mut cd = EmulatedDrive::new(MediumKind::CdR);
    expect_sense(put(&mut cd, &send_cue_sheet(8), &[0; 8]), 5, 0x2C, 0);
}

#[test]
fn bd_r_sessions_and_finalize() {
    let mut d = EmulatedDrive::new(MediumKind::BdR);
    expect_sense(
        track_info(&mut d, TrackAddress::Track(INVISIBLE_TRACK)).map(|_| 0),
        5,
        0x24,
        0,
    );
    let ti = track_info(&mut d, TrackAddress::Track(1)).unwrap();
    assert_eq!((ti.next_writable, ti.free_blocks), (Some(0), BD_BLOCKS));
    put(&mut d, &write_12(0, 32, true), &pattern(0, 32)).unwrap();
    run(&mut d, &close_track_session(CloseFunction::Track, 1, false)).unwrap();
    run(
        &mut d,
        &close_track_session(CloseFunction::Session, 0, false),
    )
    .unwrap();
    let di = disc_info(&mut d);
    assert_eq!(
        (di.status, di.sessions, di.last_track_in_last_session),
        (DiscStatus::Appendable, 2, 2)
    );
    let t2 = track_info(&mut d, TrackAddress::Track(2)).unwrap();
    assert_eq!(t2.next_writable, Some(32));
    put(&mut d, &write_12(32, 32, true), &pattern(32, 32)).unwrap();
    expect_sense(
        run(
            &mut d,
            &close_track_session(CloseFunction::FinalizeMinimalRadius, 0, false),
        ),
        5,
        0x24,
        0,
    );
    run(
        &mut d,
        &close_track_session(CloseFunction::Finalize, 0, false),
    )
    .unwrap();
    assert_eq!(disc_info(&mut d).status, DiscStatus::Complete);
    assert_eq!(
        get(&mut d, &read_12(0, 64, false), 64 * 2048).unwrap(),
        pattern(0, 64)
    );
}

#[test]
fn rewritable_media_blank_and_format() {
    // CD-RW: write, blank fully, blank again.
    let mut d = EmulatedDrive::new(MediumKind::CdRw);
    assert!(disc_info(&mut d).erasable);
    write(&mut d, 0, 16).unwrap();
    run(&mut d, &synchronize_cache(true)).unwrap();
    run(&mut d, &blank(BlankType::Full, true)).unwrap();
    assert_eq!(disc_info(&mut d).status, DiscStatus::Blank);
    expect_sense(
        get(&mut d, &read_10(0, 1), 2048).map(|v| v.len()),
        5,
        0x21,
        0,
    );
    expect_sense(run(&mut d, &blank(BlankType::Track(1), false)), 5, 0x24, 0);

    // DVD+RW: unformatted refuses writes; format 26h; random writes anywhere.
    let mut d = EmulatedDrive::new(MediumKind::DvdPlusRw);
    expect_sense(write(&mut d, 0, 16), 2, 0x30, 0x10);
    let fc =
        FormatCapacities::parse(&get(&mut d, &read_format_capacities(252), 252).unwrap()).unwrap();
    assert_eq!(fc.current_type, CapacityDescriptorType::Unformatted);
    let f26 = fc.find(0x26).unwrap();
    put(
        &mut d,
        &format_unit(false),
        &format_parameters(0x26, 0, f26.blocks, f26.parameter, true),
    )
    .unwrap();
    write(&mut d, 5000, 16).unwrap();
    write(&mut d, 0, 16).unwrap();
    write(&mut d, 0, 16).unwrap();
    assert_eq!(
        get(&mut d, &read_10(5000, 16), 16 * 2048).unwrap(),
        pattern(5000, 16)
    );
    let di = disc_info(&mut d);
    assert_eq!((di.status, di.background_format), (DiscStatus::Other, 3));
    expect_sense(write(&mut d, 2_295_100, 16), 5, 0x21, 0);
    run(
        &mut d,
        &close_track_session(CloseFunction::Session, 0, true),
    )
    .unwrap();

    // BD-RE: format without spares, full capacity.
    let mut d = EmulatedDrive::new(MediumKind::BdRe);
    let fc =
        FormatCapacities::parse(&get(&mut d, &read_format_capacities(252), 252).unwrap()).unwrap();
    let f31 = fc.find(0x31).unwrap();
    assert_eq!((f31.blocks, f31.parameter), (12_219_392, 0x800));
    put(
        &mut d,
        &format_unit(false),
        &format_parameters(0x31, 0, f31.blocks, f31.parameter, false),
    )
    .unwrap();
    let cap = Capacity::parse(&get(&mut d, &read_capacity(), 8).unwrap()).unwrap();
    assert_eq!(cap.blocks(), 12_219_392);
    let cfg = Configuration::parse(
        &get(
            &mut d,
            &get_configuration(ConfigurationRequest::Current, 0, 1024),
            1024,
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(cfg.random_writable(), Some((12_219_391, 2048)));
    expect_sense(
        put(
            &mut d,
            &format_unit(false),
            &format_parameters(0x26, 0, 0, 0, false),
        ),
        5,
        0x26,
        0,
    );
}

#[test]
fn tray_lock_eject_and_unit_attention() {
    let mut d = EmulatedDrive::new(MediumKind::DvdPlusR);
    run(&mut d, &prevent_allow_medium_removal(true)).unwrap();
    let e = run(&mut d, &start_stop_unit(StartStop::Eject, false)).unwrap_err();
    assert_eq!(
        e.sense().unwrap().condition(),
        SenseCondition::MediumRemovalPrevented
    );
    run(&mut d, &prevent_allow_medium_removal(false)).unwrap();
    run(&mut d, &start_stop_unit(StartStop::Eject, false)).unwrap();
    expect_sense(run(&mut d, &test_unit_ready()), 2, 0x3A, 0x02);
    let cfg = Configuration::parse(
        &get(
            &mut d,
            &get_configuration(ConfigurationRequest::All, 0, 8),
            8,
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(cfg.current_profile, Profile::NoMedium);
    run(&mut d, &start_stop_unit(StartStop::Load, false)).unwrap();
    // INQUIRY and GET EVENT STATUS do not consume the unit attention; TUR does, once.
    get(&mut d, &inquiry(36), 36).unwrap();
    let ev = parse_media_event(
        &get(
            &mut d,
            &get_event_status_notification(EVENT_CLASS_MEDIA, 8),
            8,
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        ev,
        Some(MediaEvent {
            event: 2,
            present: true,
            tray_open: false
        })
    );
    let e = run(&mut d, &test_unit_ready()).unwrap_err();
    assert!(e.sense().unwrap().condition().is_retryable());
    assert!(e.is_sense(6, 0x28, 0));
    run(&mut d, &test_unit_ready()).unwrap();
    // A person swaps the disc.
    d.remove_medium();
    expect_sense(run(&mut d, &test_unit_ready()), 2, 0x3A, 0x02);
    d.insert_medium(MediumKind::CdRw);
    expect_sense(run(&mut d, &test_unit_ready()), 6, 0x28, 0);
    assert!(disc_info(&mut d).erasable);
    let mut p = EmulatedDrive::empty().with_power_on_attention();
    expect_sense(run(&mut p, &test_unit_ready()), 6, 0x29, 0);
    expect_sense(run(&mut p, &test_unit_ready()), 2, 0x3A, 0x01);
}

#[test]
fn injected_faults() {
    let mut d = EmulatedDrive::new(MediumKind::DvdPlusR);
    d.inject(Fault::new(FaultTrigger::Command(0x2A), 2, 0x04, 0x08).times(2));
    d.inject(Fault::new(FaultTrigger::WriteAt(40), 3, 0x0C, 0x09));
    d.inject(Fault::new(FaultTrigger::ReadAt(3), 3, 0x11, 0x00).times(1));
    // Long write in progress twice, then the WRITE goes through.
    let mut tries = 0;
    loop {
        tries += 1;
        match write(&mut d, 0, 16) {
            Ok(_) => break,
            Err(e) => {
                assert!(e.sense().unwrap().condition() == SenseCondition::LongWriteInProgress)
            }
        }
    }
    assert_eq!(tries, 3);
    write(&mut d, 16, 16).unwrap();
    let e = write(&mut d, 32, 16).unwrap_err();
    assert_eq!(
        e.sense().unwrap().condition(),
        SenseCondition::LossOfStreaming
    );
    // Nothing was recorded by the failed WRITE.
    assert_eq!(
        track_info(&mut d, TrackAddress::Track(INVISIBLE_TRACK))
            .unwrap()
            .next_writable,
        Some(32)
    );
    expect_sense(
        get(&mut d, &read_10(0, 4), 4 * 2048).map(|v| v.len()),
        3,
        0x11,
        0,
    );
    assert_eq!(
        get(&mut d, &read_10(0, 4), 4 * 2048).unwrap(),
        pattern(0, 4)
    );
    d.inject(Fault::new(FaultTrigger::Command(0x35), 3, 0x73, 0x03));
    let e = run(&mut d, &synchronize_cache(false)).unwrap_err();
    assert_eq!(
        e.sense().unwrap().condition(),
        SenseCondition::PowerCalibrationAreaError
    );
}

#[test]
fn configuration_speeds_and_short_allocations() {
    let mut d =
        EmulatedDrive::new(MediumKind::CdR).with_identity("PLEXTOR", "DVDR PX-716A", "1.11");
    let inq = Inquiry::parse(&get(&mut d, &inquiry(36), 36).unwrap()).unwrap();
    assert_eq!(
        (
            inq.vendor.as_str(),
            inq.product.as_str(),
            inq.revision.as_str()
        ),
        ("PLEXTOR", "DVDR PX-716A", "1.11")
    );
    // An 8-byte probe gets the header with the full length.
    let head = get(
        &mut d,
        &get_configuration(ConfigurationRequest::All, 0, 8),
        8,
    )
    .unwrap();
    let full_len = Configuration::parse(&head).unwrap().available_length;
    let all = get(
        &mut d,
        &get_configuration(ConfigurationRequest::All, 0, full_len as u16),
        4096,
    )
    .unwrap();
    assert_eq!(all.len(), full_len);
    let cfg = Configuration::parse(&all).unwrap();
    assert!(cfg.cd_mastering().unwrap().sao && cfg.cd_tao().unwrap().buffer_underrun_free);
    assert!(cfg.is_current(feature::CD_TAO) && !cfg.is_current(feature::DVD_PLUS_R));
    let one = get(
        &mut d,
        &get_configuration(ConfigurationRequest::One, feature::CD_MASTERING, 64),
        64,
    )
    .unwrap();
    let one = Configuration::parse(&one).unwrap();
    assert_eq!(one.features.len(), 1);
    assert_eq!(one.features[0].code, feature::CD_MASTERING);
    // Page 2Ah write speeds and GET PERFORMANCE agree; SET CD SPEED changes the current one.
    run(&mut d, &set_cd_speed(MAX_SPEED, 2822)).unwrap();
    let page = get(&mut d, &mode_sense_10(0x2A, PageControl::Current, 256), 256).unwrap();
    let caps = Capabilities::parse(mode::find_page(&page, 0x2A).unwrap()).unwrap();
    assert_eq!(
        caps.write_speeds_kbps,
        vec![9173, 8467, 7056, 5645, 4234, 2822]
    );
    assert_eq!(caps.current_write_kbps, Some(2822));
    let perf = get(
        &mut d,
        &get_performance(PerformanceType::WriteSpeed, 0, 8),
        8 + 16 * 8,
    )
    .unwrap();
    let speeds: Vec<u32> = parse_write_speeds(&perf)
        .unwrap()
        .iter()
        .map(|s| s.write_kbps)
        .collect();
    assert_eq!(speeds, vec![9173, 8467, 7056, 5645, 4234, 2822]);
    expect_sense(
        get(&mut d, &mode_sense_10(0x05, PageControl::Saved, 64), 64).map(|v| v.len()),
        5,
        0x39,
        0,
    );
    let b =
        BufferCapacity::parse(&get(&mut d, &read_buffer_capacity(false, 12), 12).unwrap()).unwrap();
    assert_eq!(b.fill(), 0.0);
    let mut sd = EmulatedDrive::new(MediumKind::BdRe);
    put(
        &mut sd,
        &set_streaming(),
        &streaming_descriptor(BD_BLOCKS - 1, 17_982, 17_982),
    )
    .unwrap();
    let page = get(
        &mut sd,
        &mode_sense_10(0x2A, PageControl::Current, 256),
        256,
    )
    .unwrap();
    assert_eq!(
        Capabilities::parse(mode::find_page(&page, 0x2A).unwrap())
            .unwrap()
            .current_write_kbps,
        Some(8_990) // a BD-RE is written at 2× at most; the drive rounds 4× down to it
    );
    assert_eq!(
        Capabilities::parse(mode::find_page(&page, 0x2A).unwrap())
            .unwrap()
            .write_speeds_kbps,
        vec![8_990, 4_495]
    );
    // The residual is reported: INQUIRY into a 96-byte buffer transfers 36.
    let n = execute_checked(
        &mut d,
        &inquiry(96),
        DataDirection::FromDevice(&mut [0u8; 96]),
        T,
    )
    .unwrap();
    assert_eq!(n, 36);
    // Raw blocks with sub-channel (DBT 1, 2368 bytes) are not emulated: "illegal mode for this track".
    let mut audio = WriteParameters::cd_tao_data(MultiSession::Finalize);
    audio.data_block_type = 1;
    let sel = mode::mode_select_parameters(&audio.to_page());
    put(&mut d, &mode_select_10(sel.len() as u16), &sel).unwrap();
    expect_sense(write(&mut d, 0, 1), 5, 0x64, 0);
}

/// What an appending burner reads on a CD whose second session has two tracks: READ TOC format
/// 1 gives the *first* track of the last complete session (mkisofs -C's first number), format 0
/// lists the tracks of every session, READ TRACK INFORMATION by session (10b) gives each
/// session's first track, and the old session's addresses are no longer writable.
#[test]
fn cd_r_session_of_two_tracks_answers_as_appending_burners_expect() {
    let mut d = EmulatedDrive::new(MediumKind::CdR);
    let sel = mode::mode_select_parameters(
        &WriteParameters::cd_tao_data(MultiSession::Appendable).to_page(),
    );
    put(&mut d, &mode_select_10(sel.len() as u16), &sel).unwrap();
    put(&mut d, &write_10(0, 300), &pattern(0, 300)).unwrap();
    run(
        &mut d,
        &close_track_session(CloseFunction::Session, 0, false),
    )
    .unwrap();
    let s2 = track_info(&mut d, TrackAddress::Track(INVISIBLE_TRACK))
        .unwrap()
        .next_writable
        .unwrap();
    assert_eq!(s2, 302 + 11_400);
    put(&mut d, &write_10(s2, 300), &pattern(s2, 300)).unwrap();
    run(&mut d, &close_track_session(CloseFunction::Track, 2, false)).unwrap();
    let t3 = track_info(&mut d, TrackAddress::Track(INVISIBLE_TRACK)).unwrap();
    assert_eq!((t3.track, t3.session), (3, 2));
    let t3_start = t3.next_writable.unwrap();
    put(&mut d, &write_10(t3_start, 300), &pattern(t3_start, 300)).unwrap();
    run(
        &mut d,
        &close_track_session(CloseFunction::Session, 0, false),
    )
    .unwrap();

    let di = disc_info(&mut d);
    assert_eq!(
        (di.status, di.last_session, di.sessions),
        (DiscStatus::Appendable, SessionState::Empty, 3)
    );
    let fmt1 = get(
        &mut d,
        &read_toc_pma_atip(TocFormat::SessionInfo, false, 0, 12),
        12,
    )
    .unwrap();
    // Bytes 2–3: first and last complete session; bytes 8–11: first track of the last one.
    assert_eq!((fmt1[2], fmt1[3], fmt1[6]), (1, 2, 2));
    assert_eq!(
        Toc::parse(&fmt1, false).unwrap().entries[0].start_lba,
        s2 as i32
    );
    let fmt0 = Toc::parse(
        &get(
            &mut d,
            &read_toc_pma_atip(TocFormat::Toc, false, 0, 100),
            100,
        )
        .unwrap(),
        false,
    )
    .unwrap();
    let starts: Vec<(u8, i32)> = fmt0
        .entries
        .iter()
        .map(|e| (e.track, e.start_lba))
        .collect();
    assert_eq!(
        &starts[..3],
        &[(1, 0), (2, s2 as i32), (3, t3_start as i32)]
    );
    for (session, start) in [(1, 0), (2, s2)] {
        let ti = track_info(&mut d, TrackAddress::Session(session)).unwrap();
        assert_eq!((u32::from(ti.session), ti.start), (session, start));
    }
    let s3 = track_info(&mut d, TrackAddress::Track(INVISIBLE_TRACK)).unwrap();
    assert_eq!(s3.session, 3);
    let nwa = s3.next_writable.unwrap();
    assert_eq!(
        nwa,
        t3_start + 302 + 6_900,
        "later sessions: 6,900 blocks of gap"
    );
    // Writing anywhere but the NWA is refused (5/21/02 invalid address for write).
    expect_sense(write(&mut d, s2, 16), 5, 0x21, 0x02);
    expect_sense(write(&mut d, nwa + 16, 16), 5, 0x21, 0x02);
    put(&mut d, &write_10(nwa, 16), &pattern(nwa, 16)).unwrap();
    // Every session reads back.
    for at in [0, s2, t3_start, nwa] {
        assert_eq!(
            get(&mut d, &read_10(at, 16), 16 * 2048).unwrap(),
            pattern(at, 16)
        );
    }
}
