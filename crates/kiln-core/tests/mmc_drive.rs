//! The safety rule: `Drive` sends write-class commands only to devices whose INQUIRY said
//! peripheral device type 05h. Checked against the emulated drive's command log.

use kiln_core::mmc::cdb::{self, opcode, TrackAddress, INVISIBLE_TRACK};
use kiln_core::mmc::cdb_write::{self, BlankType, CloseFunction};
use kiln_core::mmc::drive::{is_write_class, timeouts, DriveError};
use kiln_core::mmc::mode::{MultiSession, WriteParameters};
use kiln_core::mmc::parse::DiscStatus;
use kiln_core::mmc::profile::Profile;
use kiln_core::mmc::Drive;
use kiln_core::transport::emulated::{EmulatedDrive, MediumKind};
use kiln_core::transport::{CommandError, DataDirection};

#[test]
fn non_mmc_device_gets_no_write_class_command() {
    let disk = EmulatedDrive::new(MediumKind::DvdPlusR).with_peripheral_type(0x00);
    let mut drive = Drive::open(disk).unwrap();
    assert!(!drive.inquiry().is_mmc());
    let refused = |r: Result<(), CommandError>| matches!(r, Err(CommandError::Refused { .. }));
    assert!(refused(drive.write_blocks(0, &[0; 2048])));
    assert!(refused(drive.blank(BlankType::Minimal, true)));
    assert!(refused(drive.format(0x26, 0, 0, 0, true)));
    assert!(refused(drive.close(CloseFunction::Session, 0, true)));
    let cue = [0u8; 8];
    assert!(refused(
        drive
            .execute(
                &cdb_write::send_cue_sheet(8),
                DataDirection::ToDevice(&cue),
                timeouts::DEFAULT
            )
            .map(|_| ())
    ));
    assert!(refused(
        drive
            .execute(
                &cdb_write::write_12(0, 1, false),
                DataDirection::ToDevice(&[0; 2048]),
                timeouts::WRITE
            )
            .map(|_| ())
    ));
    assert!(refused(
        drive
            .execute(
                &cdb_write::reserve_track(16),
                DataDirection::None,
                timeouts::DEFAULT
            )
            .map(|_| ())
    ));
    // Reading is still allowed.
    drive.test_unit_ready().unwrap();
    drive.disc_information().unwrap();
    let err = drive.write_blocks(0, &[0; 2048]).unwrap_err();
    assert!(
        err.to_string().contains("peripheral device type 00h"),
        "{err}"
    );
    // Nothing write-class ever reached the device.
    let log = drive.into_inner();
    assert!(
        log.commands().iter().all(|c| !is_write_class(c[0])),
        "{:?}",
        log.commands()
    );
    assert_eq!(log.commands()[0][0], opcode::INQUIRY);
}

#[test]
fn mmc_device_burns_through_drive() {
    let mut drive = Drive::open(EmulatedDrive::new(MediumKind::DvdPlusR)).unwrap();
    assert!(drive.inquiry().is_mmc());
    assert_eq!(drive.name(), "KILN EMULATED BD-RE 1.00");
    assert_eq!(
        drive.configuration().unwrap().current_profile,
        Profile::DvdPlusR
    );
    let nwa = drive
        .track_information(TrackAddress::Track(INVISIBLE_TRACK))
        .unwrap()
        .next_writable
        .unwrap();
    drive.lock_tray(true).unwrap();
    let data: Vec<u8> = (0..32 * 2048).map(|i| (i % 256) as u8).collect();
    drive.write_blocks(nwa, &data).unwrap();
    drive.synchronize_cache(false).unwrap();
    drive.close(CloseFunction::Track, 1, false).unwrap();
    drive.close(CloseFunction::Session, 0, false).unwrap();
    assert_eq!(
        drive.disc_information().unwrap().status,
        DiscStatus::Appendable
    );
    assert_eq!(drive.read_blocks(0, 32).unwrap(), data);
    drive.lock_tray(false).unwrap();
    drive.start_stop(cdb::StartStop::Eject).unwrap();
    let err = DriveError::from(drive.test_unit_ready().unwrap_err());
    assert!(matches!(
        err.into_core("emulated"),
        kiln_core::Error::MediumNotPresent { .. }
    ));
    // Misuse caught before sending.
    assert!(matches!(
        drive.write_blocks(0, &[0; 100]),
        Err(CommandError::Refused { .. })
    ));
}

#[test]
fn write_parameters_and_errors_map_to_core_errors() {
    let mut drive = Drive::open(EmulatedDrive::new(MediumKind::CdR)).unwrap();
    drive
        .set_write_parameters(&WriteParameters::cd_tao_data(MultiSession::Appendable))
        .unwrap();
    let page = drive.mode_page(5).unwrap();
    assert_eq!(page[3] >> 6, 3);
    let err: DriveError = drive.blank(BlankType::Full, false).unwrap_err().into();
    assert!(matches!(
        err.into_core("emulated"),
        kiln_core::Error::MediumInvalid { .. }
    ));
    let caps = drive.format_capacities().unwrap();
    assert_eq!(caps.current_blocks, 359_849);
    assert_eq!(drive.capacity().unwrap().last_lba, 0);
    for op in [0x2A, 0xAA, 0xA1, 0x04, 0x5B, 0x5D, 0x53] {
        assert!(is_write_class(op));
    }
    for op in [0x12, 0x28, 0x43, 0x51, 0x52, 0x46, 0x00] {
        assert!(!is_write_class(op));
    }
}

#[test]
fn immediate_commands_are_polled_until_ready() {
    use std::time::Duration;
    let emu = EmulatedDrive::new(MediumKind::CdRw).with_immediate_polls(3);
    let mut drive = Drive::open(emu).unwrap();
    drive.write_blocks(0, &[7u8; 16 * 2048]).unwrap();
    drive.synchronize_cache(true).unwrap();
    // While busy, other media commands are refused with "operation in progress".
    let err = drive.disc_information().unwrap_err();
    assert_eq!(
        err.condition(),
        Some(kiln_core::mmc::SenseCondition::OperationInProgress)
    );
    let mut seen = Vec::new();
    drive
        .wait_ready(Duration::ZERO, Duration::from_secs(5), |p| seen.push(p))
        .unwrap();
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|p| p.is_some()));
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    drive.blank(BlankType::Full, true).unwrap();
    drive
        .wait_ready(Duration::ZERO, Duration::from_secs(5), |_| {})
        .unwrap();
    assert_eq!(drive.disc_information().unwrap().status, DiscStatus::Blank);
    // FORMAT with Immed reports "format in progress".
    let mut rw =
        Drive::open(EmulatedDrive::new(MediumKind::DvdPlusRw).with_immediate_polls(1)).unwrap();
    rw.format(0x26, 0, 2_295_104, 0, true).unwrap();
    let e = rw.test_unit_ready().unwrap_err();
    assert_eq!(
        e.sense().unwrap().condition(),
        kiln_core::mmc::SenseCondition::FormatInProgress
    );
    rw.test_unit_ready().unwrap();
    // A drive that never gets ready runs into the timeout.
    let mut slow =
        Drive::open(EmulatedDrive::new(MediumKind::CdRw).with_immediate_polls(1000)).unwrap();
    slow.blank(BlankType::Minimal, true).unwrap();
    let e = slow
        .wait_ready(Duration::from_millis(1), Duration::from_millis(20), |_| {})
        .unwrap_err();
    assert!(matches!(
        e,
        CommandError::Transport(kiln_core::transport::TransportError::Timeout(_))
    ));
}

#[test]
fn information_helpers() {
    let mut cd = Drive::open(EmulatedDrive::new(MediumKind::CdR)).unwrap();
    assert_eq!(cd.atip().unwrap().capacity_blocks(), 359_849);
    assert_eq!(cd.capabilities().unwrap().write_speeds_kbps[0], 9173);
    assert_eq!(cd.write_speeds().unwrap().len(), 6);
    cd.set_cd_speed(kiln_core::mmc::cdb::MAX_SPEED, 4234)
        .unwrap();
    assert_eq!(cd.capabilities().unwrap().current_write_kbps, Some(4234));
    assert!(cd.buffer_capacity().unwrap().length > 0);
    assert_eq!(cd.media_event().unwrap().map(|e| e.present), Some(true));
    cd.write_blocks(0, &[1u8; 300 * 2048]).unwrap();
    cd.close(CloseFunction::Session, 0, false).unwrap();
    assert_eq!(cd.toc().unwrap().lead_out(), Some(302));
    assert_eq!(cd.session_info().unwrap().entries[0].start_lba, 0);
    assert!(cd.full_toc().unwrap().iter().any(|e| e.point == 0xA2));
    let mut bd = Drive::open(EmulatedDrive::new(MediumKind::BdR)).unwrap();
    bd.set_streaming(
        kiln_core::transport::emulated::BD_BLOCKS - 1,
        17_982,
        17_982,
    )
    .unwrap();
    bd.reserve_track(1000).unwrap();
    let t1 = bd.track_information(TrackAddress::Track(1)).unwrap();
    assert!(t1.reserved);
    assert_eq!(t1.size, 1024); // rounded up to whole 64 KiB clusters
    assert!(bd.atip().is_err());
}
