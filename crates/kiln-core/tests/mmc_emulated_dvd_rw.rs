//! DVD-RW in the emulated drive, driven with the CDB bytes of MMC-6: sequential recording mode
//! (profile 0014h) is written like a DVD-R; FORMAT UNIT type 15h (quick) or 10h (full) turns it
//! into restricted overwrite mode (0013h), written in place in whole ECC blocks; what a drive
//! refuses is refused with its sense.

use std::time::Duration;

use kiln_core::mmc::cdb::*;
use kiln_core::mmc::cdb_write::*;
use kiln_core::mmc::config::{feature, Configuration};
use kiln_core::mmc::parse::*;
use kiln_core::mmc::profile::Profile;
use kiln_core::transport::emulated::{EmulatedDrive, MediumKind, DVD_RW_BLOCKS};
use kiln_core::transport::{execute_checked, CommandError, DataDirection, ScsiTransport};

const T: Duration = Duration::from_secs(30);

/// FORMAT UNIT (04h): byte 1 = FmtData (bit 4) | format code 001b; no CmpList; MMC-6 6.5.
const FORMAT_UNIT_CDB: [u8; 6] = [0x04, 0x11, 0x00, 0x00, 0x00, 0x00];

/// The FORMAT UNIT parameter list for a DVD-RW: header (byte 1: FOV, bit 7, so that the drive
/// takes Immed, bit 1; descriptor length 8), then the format descriptor: number of blocks, byte 4 = format type << 2, bytes 5–7 the
/// type-dependent parameter (the ECC block length, 16).
fn format_list(format_type: u8, blocks: u32, parameter: u32) -> Vec<u8> {
    let mut p = vec![0x00, 0x82, 0x00, 0x08];
    p.extend_from_slice(&blocks.to_be_bytes());
    p.push(format_type << 2);
    p.extend_from_slice(&parameter.to_be_bytes()[1..]);
    p
}

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

fn pattern(lba: u32, blocks: u32) -> Vec<u8> {
    (0..blocks as usize * 2048)
        .map(|i| ((lba as usize * 2048 + i) * 13 % 251) as u8)
        .collect()
}

/// WRITE(10) as MMC-6 lays it out: 2Ah, LBA in bytes 2–5, transfer length in bytes 7–8.
fn write(d: &mut impl ScsiTransport, lba: u32, blocks: u16) -> Result<usize, CommandError> {
    let [a, b, c, e] = lba.to_be_bytes();
    let [h, l] = blocks.to_be_bytes();
    let cdb = [0x2A, 0, a, b, c, e, 0, h, l, 0];
    put(d, &cdb, &pattern(lba, u32::from(blocks)))
}

fn expect_sense(r: Result<usize, CommandError>, key: u8, asc: u8, ascq: u8) {
    let err = r.expect_err("the drive should have refused");
    assert!(
        err.is_sense(key, asc, ascq),
        "expected {key:X}/{asc:02X}/{ascq:02X}, got {err}"
    );
}

fn configuration(d: &mut impl ScsiTransport) -> Configuration {
    // GET CONFIGURATION (46h), RT = 00b, allocation length 1024 in bytes 7–8.
    let cdb = [0x46, 0x00, 0, 0, 0, 0, 0, 0x04, 0x00, 0];
    Configuration::parse(&get(d, &cdb, 1024).unwrap()).unwrap()
}

/// READ FORMAT CAPACITIES (23h), allocation length 252.
fn format_capacities_bytes(d: &mut impl ScsiTransport) -> Vec<u8> {
    get(d, &[0x23, 0, 0, 0, 0, 0, 0, 0, 252, 0], 252).unwrap()
}

#[test]
fn the_core_builds_the_mmc_format_unit_bytes() {
    assert_eq!(format_unit(false), FORMAT_UNIT_CDB);
    assert_eq!(
        format_parameters(0x15, 0, DVD_RW_BLOCKS, 16, true),
        [0x00, 0x82, 0x00, 0x08, 0x00, 0x23, 0x10, 0x20, 0x54, 0x00, 0x00, 0x10]
    );
    assert_eq!(
        format_parameters(0x15, 0, DVD_RW_BLOCKS, 16, true).to_vec(),
        format_list(0x15, DVD_RW_BLOCKS, 16)
    );
}

#[test]
fn a_sequential_dvd_rw_offers_full_and_quick_restricted_overwrite_formats() {
    let mut d = EmulatedDrive::new(MediumKind::DvdRw);
    let cfg = configuration(&mut d);
    assert_eq!(cfg.current_profile, Profile::DvdRwSequential);
    assert!(cfg.is_current(feature::INCREMENTAL_STREAMING));
    assert!(cfg.is_current(feature::FORMATTABLE));
    assert!(!cfg.is_current(feature::RANDOM_WRITABLE));
    // 2,297,888 = 0023 1020h blocks. Header: list length 24; current descriptor type 01b
    // (unformatted) with the block length 000800h; then type 10h (40h = 10h << 2) and type 15h
    // (54h) with the ECC block length 16 as their parameter.
    assert_eq!(
        format_capacities_bytes(&mut d),
        [
            0x00, 0x00, 0x00, 0x18, //
            0x00, 0x23, 0x10, 0x20, 0x01, 0x00, 0x08, 0x00, //
            0x00, 0x23, 0x10, 0x20, 0x40, 0x00, 0x00, 0x10, //
            0x00, 0x23, 0x10, 0x20, 0x54, 0x00, 0x00, 0x10,
        ]
    );
    // Written like a DVD-R: only at the next writable address.
    expect_sense(write(&mut d, 16, 16), 5, 0x21, 0x02);
    write(&mut d, 0, 16).unwrap();
    write(&mut d, 16, 3).unwrap();
}

#[test]
fn quick_format_15h_makes_it_restricted_overwrite() {
    let mut d = EmulatedDrive::new(MediumKind::DvdRw);
    put(
        &mut d,
        &FORMAT_UNIT_CDB,
        &format_list(0x15, DVD_RW_BLOCKS, 16),
    )
    .unwrap();
    let cfg = configuration(&mut d);
    assert_eq!(cfg.current_profile, Profile::DvdRwRestrictedOverwrite);
    assert!(
        cfg.is_current(0x002C),
        "Rigid Restricted Overwrite is current"
    );
    assert!(!cfg.is_current(feature::INCREMENTAL_STREAMING));
    assert_eq!(cfg.random_writable(), Some((DVD_RW_BLOCKS - 1, 2048)));
    let fc = FormatCapacities::parse(&format_capacities_bytes(&mut d)).unwrap();
    assert_eq!(fc.current_type, CapacityDescriptorType::Formatted);
    assert_eq!(fc.current_blocks, DVD_RW_BLOCKS);
    assert!(d.medium().unwrap().needs_close);
    // Overwritten in place, anywhere, in whole ECC blocks (16 blocks = 32 KiB).
    write(&mut d, 4992, 16).unwrap();
    write(&mut d, 0, 32).unwrap();
    write(&mut d, 0, 16).unwrap();
    assert_eq!(
        get(&mut d, &read_10(4992, 16), 16 * 2048).unwrap(),
        pattern(4992, 16)
    );
    expect_sense(write(&mut d, 5000, 16), 5, 0x21, 0x02);
    expect_sense(write(&mut d, 0, 8), 5, 0x21, 0x02);
    expect_sense(write(&mut d, DVD_RW_BLOCKS - 16, 32), 5, 0x21, 0x00);
    // No tracks to close; CLOSE SESSION (5Bh, function 010b, Immed) ends the quick format.
    expect_sense(
        run(&mut d, &[0x5B, 0x01, 0x01, 0, 0, 1, 0, 0, 0, 0]),
        5,
        0x24,
        0x00,
    );
    run(&mut d, &[0x5B, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0]).unwrap();
    assert!(!d.medium().unwrap().needs_close);
    let di = DiscInfo::parse(&get(&mut d, &read_disc_information(34), 34).unwrap()).unwrap();
    assert!(di.erasable);
    assert_ne!(di.status, DiscStatus::Blank);
}

#[test]
fn full_format_10h_takes_exactly_the_offered_size_and_needs_no_close() {
    let mut d = EmulatedDrive::new(MediumKind::DvdRw);
    expect_sense(
        put(
            &mut d,
            &FORMAT_UNIT_CDB,
            &format_list(0x10, DVD_RW_BLOCKS - 16, 16),
        ),
        5,
        0x26,
        0x00,
    );
    put(
        &mut d,
        &FORMAT_UNIT_CDB,
        &format_list(0x10, DVD_RW_BLOCKS, 16),
    )
    .unwrap();
    let m = d.medium().unwrap();
    assert_eq!(m.kind, MediumKind::DvdRwRestricted);
    assert_eq!(m.formatted, Some(DVD_RW_BLOCKS));
    assert!(!m.needs_close);
}

#[test]
fn formats_a_drive_refuses() {
    let mut d = EmulatedDrive::new(MediumKind::DvdRw);
    for (t, blocks, param) in [
        (0x15, DVD_RW_BLOCKS, 0),       // parameter must be the ECC block length
        (0x15, 100, 16),                // not whole ECC blocks
        (0x15, DVD_RW_BLOCKS + 16, 16), // larger than the disc
        (0x15, 0, 16),                  // nothing
        (0x26, 0, 0),                   // DVD+RW format
        (0x00, DVD_RW_BLOCKS, 16),      // BD-RE / DVD-RAM style full format
    ] {
        expect_sense(
            put(&mut d, &FORMAT_UNIT_CDB, &format_list(t, blocks, param)),
            5,
            0x26,
            0x00,
        );
    }
    assert_eq!(
        configuration(&mut d).current_profile,
        Profile::DvdRwSequential
    );
    // FmtData = 0 is refused in the CDB.
    expect_sense(
        put(
            &mut d,
            &[0x04, 0x01, 0, 0, 0, 0],
            &format_list(0x15, DVD_RW_BLOCKS, 16),
        ),
        5,
        0x24,
        0x00,
    );
    // A smaller quick format is the formatted size.
    put(&mut d, &FORMAT_UNIT_CDB, &format_list(0x15, 160_000, 16)).unwrap();
    expect_sense(write(&mut d, 160_000, 16), 5, 0x21, 0x00);
    write(&mut d, 160_000 - 16, 16).unwrap();
}

#[test]
fn a_restricted_overwrite_disc_loads_formatted_and_can_be_quick_formatted_again() {
    let mut d = EmulatedDrive::new(MediumKind::DvdRwRestricted);
    assert_eq!(
        configuration(&mut d).current_profile,
        Profile::DvdRwRestrictedOverwrite
    );
    write(&mut d, 0, 16).unwrap();
    assert!(!d.medium().unwrap().needs_close);
    put(
        &mut d,
        &FORMAT_UNIT_CDB,
        &format_list(0x15, DVD_RW_BLOCKS, 16),
    )
    .unwrap();
    assert!(d.medium().unwrap().needs_close);
    // Page 05h does not apply; a test write is not possible on restricted overwrite.
    assert!(!configuration(&mut d).is_current(feature::DVD_R_WRITE));
}
