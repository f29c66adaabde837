//! The emulated drive's later media, driven through `ScsiTransport` with hand-written CDBs in
//! the MMC-6 layouts: DVD+R DL and DVD-R DL closing rules, DVD-RW blanking back to sequential
//! recording, an unformatted DVD-RAM formatted with progress, BD-R pseudo-overwrite and RRM.

use std::time::Duration;

use kiln_core::mmc::config::{feature, Configuration};
use kiln_core::mmc::parse::{CapacityDescriptorType, DiscInfo, DiscStatus, FormatCapacities};
use kiln_core::mmc::profile::Profile;
use kiln_core::mmc::sense::Sense;
use kiln_core::transport::emulated::{EmulatedDrive, MediumKind};
use kiln_core::transport::{execute_checked, CommandError, DataDirection, ScsiTransport};

const T: Duration = Duration::from_secs(30);

fn run(d: &mut impl ScsiTransport, cdb: &[u8]) -> Result<usize, CommandError> {
    execute_checked(d, cdb, DataDirection::None, T)
}

fn get(d: &mut impl ScsiTransport, cdb: &[u8], len: usize) -> Vec<u8> {
    let mut buf = vec![0u8; len];
    let n = execute_checked(d, cdb, DataDirection::FromDevice(&mut buf), T).unwrap();
    buf.truncate(n);
    buf
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

/// GET CONFIGURATION, RT = 00b, from feature 0, allocation 1024: `46 00 00 00 00 00 00 04 00 00`.
fn config(d: &mut impl ScsiTransport) -> Configuration {
    Configuration::parse(&get(d, &[0x46, 0, 0, 0, 0, 0, 0, 0x04, 0x00, 0], 1024)).unwrap()
}

/// READ DISC INFORMATION, allocation 34: `51 00 00 00 00 00 00 00 22 00`.
fn disc_info(d: &mut impl ScsiTransport) -> DiscInfo {
    DiscInfo::parse(&get(d, &[0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0], 34)).unwrap()
}

/// WRITE(10) of `blocks` blocks at `lba`: `2A 00 LBA(4) 00 LEN(2) 00`.
fn write(d: &mut impl ScsiTransport, lba: u32, blocks: u16) -> Result<usize, CommandError> {
    let [a, b, c, e] = lba.to_be_bytes();
    let [h, l] = blocks.to_be_bytes();
    let data = vec![0x5Au8; usize::from(blocks) * 2048];
    put(d, &[0x2A, 0, a, b, c, e, 0, h, l, 0], &data)
}

/// CLOSE TRACK/SESSION with Immed: `5B 01 FN 00 NN NN 00 00 00 00`.
fn close(d: &mut impl ScsiTransport, function: u8, number: u16) -> Result<usize, CommandError> {
    let [h, l] = number.to_be_bytes();
    run(d, &[0x5B, 0x01, function, 0, h, l, 0, 0, 0, 0])
}

/// SYNCHRONIZE CACHE with Immed: `35 02 00 …`.
fn sync(d: &mut impl ScsiTransport) {
    run(d, &[0x35, 0x02, 0, 0, 0, 0, 0, 0, 0, 0]).unwrap();
}

/// READ TRACK INFORMATION by track number, allocation 48: `52 01 00 00 00 NN 00 00 30 00`.
fn track_free_and_nwa(d: &mut impl ScsiTransport, track: u8) -> (u32, u32) {
    let b = get(d, &[0x52, 0x01, 0, 0, 0, track, 0, 0, 48, 0], 48);
    let be = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    (be(16), be(12))
}

/// Page 05h for DVD-R incremental with multi-session 11b, through MODE SELECT(10) PF=1:
/// `55 10 00 00 00 00 00 00 3C 00` + 8-byte header + 52-byte page.
fn select_incremental_multisession(d: &mut impl ScsiTransport) {
    let mut list = vec![0u8; 8];
    let mut page = vec![0u8; 52];
    page[0] = 0x05;
    page[1] = 0x32;
    page[2] = 0x60; // BUFE, LS_V, write type 0 (incremental)
    page[3] = 0xE5; // multi-session 11b, FP, track mode 5
    page[4] = 0x08; // Mode 1
    page[5] = 16; // link size
    page[13] = 16; // packet size
    page[15] = 150;
    list.extend(page);
    put(d, &[0x55, 0x10, 0, 0, 0, 0, 0, 0, 60, 0], &list).unwrap();
}

#[test]
fn dvd_plus_r_dl_closes_sessions_with_010b_or_100b_and_finalizes_only_with_101b() {
    let mut d = EmulatedDrive::new(MediumKind::DvdPlusRDl);
    let c = config(&mut d);
    assert_eq!(c.current_profile, Profile::DvdPlusRDualLayer);
    assert!(c.is_current(0x003B), "DVD+R Dual Layer feature");
    assert!(c.is_current(feature::DVD_PLUS_R));
    // Track FFh (accepted on DVD+R DL): the whole 4,173,824 blocks are free from NWA 0.
    assert_eq!(track_free_and_nwa(&mut d, 0xFF), (4_173_824, 0));
    write(&mut d, 0, 16).unwrap();
    sync(&mut d);
    close(&mut d, 0b001, 1).unwrap();
    // 100b: close the session with an extended lead-out; the disc stays appendable.
    close(&mut d, 0b100, 0).unwrap();
    let di = disc_info(&mut d);
    assert_eq!(di.status, DiscStatus::Appendable);
    assert_eq!(di.sessions, 2);
    write(&mut d, 16, 16).unwrap();
    sync(&mut d);
    close(&mut d, 0b001, 2).unwrap();
    // 110b is refused on DL media (the HP dvd520n growisofs finalizes with 101b for).
    expect_sense(close(&mut d, 0b110, 0), 5, 0x24, 0x00);
    close(&mut d, 0b101, 0).unwrap();
    assert_eq!(disc_info(&mut d).status, DiscStatus::Complete);
}

#[test]
fn dvd_r_dl_finalizes_on_close_session_whatever_page_05h_says() {
    let mut d = EmulatedDrive::new(MediumKind::DvdRDl);
    let c = config(&mut d);
    assert_eq!(c.current_profile, Profile::DvdRDualLayerSequential);
    assert!(c.is_current(feature::INCREMENTAL_STREAMING));
    // Track FFh is for CD and DVD+R only: 5/24/00; track 1 (the last in the last session).
    expect_sense(
        execute_checked(
            &mut d,
            &[0x52, 0x01, 0, 0, 0, 0xFF, 0, 0, 48, 0],
            DataDirection::FromDevice(&mut [0u8; 48]),
            T,
        ),
        5,
        0x24,
        0,
    );
    assert_eq!(track_free_and_nwa(&mut d, 1), (4_171_712, 0));
    select_incremental_multisession(&mut d);
    write(&mut d, 0, 16).unwrap();
    sync(&mut d);
    close(&mut d, 0b001, 1).unwrap();
    close(&mut d, 0b010, 0).unwrap();
    assert_eq!(
        disc_info(&mut d).status,
        DiscStatus::Complete,
        "no multisession on DVD-R DL"
    );
}

#[test]
fn dvd_rw_blanks_back_to_sequential_and_minimal_blank_drops_incremental() {
    // Restricted overwrite, data written; BLANK full with Immed: A1 10 00 …
    let mut d = EmulatedDrive::new(MediumKind::DvdRwRestricted);
    write(&mut d, 0, 16).unwrap();
    assert_eq!(
        config(&mut d).current_profile,
        Profile::DvdRwRestrictedOverwrite
    );
    run(&mut d, &[0xA1, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).unwrap();
    let c = config(&mut d);
    assert_eq!(c.current_profile, Profile::DvdRwSequential);
    assert!(c.is_current(feature::INCREMENTAL_STREAMING));
    let di = disc_info(&mut d);
    assert_eq!(di.status, DiscStatus::Blank);
    assert!(di.erasable);

    // Minimal blank (A1 11): sequential, but feature 0021h is no longer current and an
    // incremental WRITE is 5/64/00 ILLEGAL MODE FOR THIS TRACK.
    run(&mut d, &[0xA1, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).unwrap();
    let c = config(&mut d);
    assert_eq!(c.current_profile, Profile::DvdRwSequential);
    assert!(!c.is_current(feature::INCREMENTAL_STREAMING));
    expect_sense(write(&mut d, 0, 16), 5, 0x64, 0x00);
    // Track blanking is not emulated: 5/24/00.
    expect_sense(
        run(&mut d, &[0xA1, 0x12, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]),
        5,
        0x24,
        0,
    );

    // A DVD+R is not blanked: 5/30/00 INCOMPATIBLE MEDIUM.
    let mut d = EmulatedDrive::new(MediumKind::DvdPlusR);
    expect_sense(
        run(&mut d, &[0xA1, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        5,
        0x30,
        0,
    );
}

#[test]
fn dvd_ram_unformatted_is_formatted_with_00h_and_reports_progress() {
    let mut d = EmulatedDrive::new(MediumKind::DvdRam).with_immediate_polls(2);
    assert_eq!(config(&mut d).current_profile, Profile::DvdRam);
    // READ FORMAT CAPACITIES `23 00 00 00 00 00 00 00 FC 00`.
    let fc =
        FormatCapacities::parse(&get(&mut d, &[0x23, 0, 0, 0, 0, 0, 0, 0, 0xFC, 0], 252)).unwrap();
    assert_eq!(fc.current_type, CapacityDescriptorType::Unformatted);
    let full = fc.find(0x00).unwrap();
    assert_eq!((full.blocks, full.parameter), (2_236_704, 0x800));
    expect_sense(write(&mut d, 0, 16), 2, 0x30, 0x10);
    // A descriptor that was not offered: 5/26/00.
    expect_sense(
        put(
            &mut d,
            &[0x04, 0x11, 0, 0, 0, 0],
            &[0, 0x82, 0, 8, 0, 0x22, 0x21, 0x00, 0, 0, 0x08, 0],
        ),
        5,
        0x26,
        0,
    );
    // FORMAT UNIT `04 11 00 00 00 00`: FOV + Immed, 2,236,704 blocks, type 00h, 800h.
    put(
        &mut d,
        &[0x04, 0x11, 0, 0, 0, 0],
        &[0, 0x82, 0, 8, 0, 0x22, 0x21, 0x20, 0, 0, 0x08, 0],
    )
    .unwrap();
    // While formatting: TUR → 2/04/04 with SKSV and progress; REQUEST SENSE returns it too.
    let err = run(&mut d, &[0, 0, 0, 0, 0, 0]).unwrap_err();
    assert!(err.is_sense(2, 0x04, 0x04), "{err}");
    let sense = Sense::parse(&get(&mut d, &[0x03, 0, 0, 0, 18, 0], 18)).unwrap();
    assert_eq!((sense.asc, sense.ascq), (0x04, 0x04));
    assert!(sense.progress.is_some_and(|p| p > 0));
    run(&mut d, &[0, 0, 0, 0, 0, 0]).unwrap();
    let fc =
        FormatCapacities::parse(&get(&mut d, &[0x23, 0, 0, 0, 0, 0, 0, 0, 0xFC, 0], 252)).unwrap();
    assert_eq!(
        (fc.current_type, fc.current_blocks),
        (CapacityDescriptorType::Formatted, 2_236_704)
    );
    assert_eq!(config(&mut d).random_writable(), Some((2_236_703, 2048)));
    write(&mut d, 1024, 16).unwrap();
    write(&mut d, 1024, 16).unwrap();
}

#[test]
fn bd_r_pow_refuses_to_close_its_session() {
    let mut d = EmulatedDrive::new(MediumKind::BdRPow);
    let c = config(&mut d);
    assert_eq!(c.current_profile, Profile::BdRSequential);
    assert!(c.is_current(feature::BD_R_POW));
    assert!(c.bd_r_pseudo_overwrite());
    assert_eq!(track_free_and_nwa(&mut d, 1), (11_826_176, 0));
    write(&mut d, 0, 32).unwrap();
    sync(&mut d);
    close(&mut d, 0b001, 1).unwrap();
    expect_sense(close(&mut d, 0b010, 0), 5, 0x24, 0);
    expect_sense(close(&mut d, 0b110, 0), 5, 0x24, 0);
    // A plain BD-R SRM has no POW.
    assert!(!config(&mut EmulatedDrive::new(MediumKind::BdR)).is_current(feature::BD_R_POW));
}

#[test]
fn bd_r_rrm_writes_anywhere_but_each_block_once() {
    let mut d = EmulatedDrive::new(MediumKind::BdRRrm);
    let c = config(&mut d);
    assert_eq!(c.current_profile, Profile::BdRRandom);
    assert_eq!(c.random_writable(), Some((11_826_175, 2048)));
    assert_eq!(disc_info(&mut d).status, DiscStatus::Blank);
    write(&mut d, 64_000, 32).unwrap();
    write(&mut d, 0, 32).unwrap();
    expect_sense(write(&mut d, 16, 32), 5, 0x21, 0x02);
    expect_sense(write(&mut d, 11_826_176, 32), 5, 0x21, 0x00);
    // Recorded blocks read back; unrecorded ones are out of range.
    get(&mut d, &[0x28, 0, 0, 0, 0, 0, 0, 0, 32, 0], 32 * 2048);
    expect_sense(
        execute_checked(
            &mut d,
            &[0x28, 0, 0, 0, 0x10, 0, 0, 0, 1, 0],
            DataDirection::FromDevice(&mut [0u8; 2048]),
            T,
        ),
        5,
        0x21,
        0,
    );
    assert_ne!(disc_info(&mut d).status, DiscStatus::Blank);
}

#[test]
fn dvd_plus_r_dl_layer_boundary_is_read_and_set_once_before_writing() {
    let mut d = EmulatedDrive::new(MediumKind::DvdPlusRDl);
    // READ DISC STRUCTURE format 20h: length 10, not fixed, L0 = 2,086,912 (001F D800h).
    let b = get(&mut d, &[0xAD, 0, 0, 0, 0, 0, 0, 0x20, 0, 12, 0, 0], 12);
    assert_eq!(b, [0, 10, 0, 0, 0, 0, 0, 0, 0x00, 0x1F, 0xD8, 0x00]);
    let send = [0xBF, 0, 0, 0, 0, 0, 0, 0x20, 0, 12, 0, 0];
    // Not a whole number of ECC blocks, or larger than the default: 5/26/00.
    expect_sense(
        put(&mut d, &send, &[0, 10, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0x01]),
        5,
        0x26,
        0,
    );
    expect_sense(
        put(&mut d, &send, &[0, 10, 0, 0, 0, 0, 0, 0, 0, 0x20, 0, 0]),
        5,
        0x26,
        0,
    );
    // 1,048,576 blocks (0010 0000h): accepted once; the disc now holds twice that.
    put(&mut d, &send, &[0, 10, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0]).unwrap();
    let b = get(&mut d, &[0xAD, 0, 0, 0, 0, 0, 0, 0x20, 0, 12, 0, 0], 12);
    assert_eq!(b[4] & 0x80, 0x80, "fixed");
    assert_eq!(b[8..12], [0, 0x10, 0, 0]);
    assert_eq!(track_free_and_nwa(&mut d, 0xFF), (2_097_152, 0));
    expect_sense(
        put(&mut d, &send, &[0, 10, 0, 0, 0, 0, 0, 0, 0, 0x08, 0, 0]),
        5,
        0x2C,
        0,
    );
    // Other media and formats: 5/24/00.
    let mut d = EmulatedDrive::new(MediumKind::DvdPlusR);
    expect_sense(
        execute_checked(
            &mut d,
            &[0xAD, 0, 0, 0, 0, 0, 0, 0x20, 0, 12, 0, 0],
            DataDirection::FromDevice(&mut [0u8; 12]),
            T,
        ),
        5,
        0x24,
        0,
    );
}
