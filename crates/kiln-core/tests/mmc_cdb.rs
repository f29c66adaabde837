//! Exact CDB bytes, field by field, against the CDB tables of SPC-3 and MMC-6 (table named in each
//! test) and the byte strings real burners send (libburn, growisofs, cdrdao).

use kiln_core::mmc::cdb::*;
use kiln_core::mmc::cdb_write::*;

#[test]
fn spc3_inquiry_tur_request_sense() {
    // SPC-3 "INQUIRY command" CDB: opcode 12h, EVPD 0, page 0, allocation length bytes 3–4.
    assert_eq!(inquiry(36), [0x12, 0, 0, 0, 0x24, 0]);
    assert_eq!(inquiry(0x0123), [0x12, 0, 0, 0x01, 0x23, 0]);
    // SPC-3 "TEST UNIT READY command".
    assert_eq!(test_unit_ready(), [0; 6]);
    // SPC-3 "REQUEST SENSE command": DESC = 0, allocation length byte 4 (libburn `03 00 00 00 12 00`).
    assert_eq!(request_sense(18), [0x03, 0, 0, 0, 0x12, 0]);
}

#[test]
fn mmc6_get_configuration() {
    // MMC-6 "GET CONFIGURATION CDB": RT byte 1 bits 1–0, starting feature bytes 2–3, alloc 7–8.
    assert_eq!(
        get_configuration(ConfigurationRequest::All, 0, 8),
        [0x46, 0, 0, 0, 0, 0, 0, 0, 8, 0]
    );
    assert_eq!(
        get_configuration(ConfigurationRequest::Current, 0x002D, 0x100),
        [0x46, 1, 0x00, 0x2D, 0, 0, 0, 0x01, 0x00, 0]
    );
    assert_eq!(
        get_configuration(ConfigurationRequest::One, 0x0107, 16),
        [0x46, 2, 0x01, 0x07, 0, 0, 0, 0, 16, 0]
    );
}

#[test]
fn mmc6_disc_and_track_information() {
    // MMC-6 "READ DISC INFORMATION CDB": data type 000b, allocation length 7–8.
    assert_eq!(
        read_disc_information(34),
        [0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0]
    );
    // MMC-6 "READ TRACK INFORMATION CDB": address/number type byte 1 bits 1–0, value 2–5.
    assert_eq!(
        read_track_information(TrackAddress::Track(INVISIBLE_TRACK), 48),
        [0x52, 1, 0, 0, 0, 0xFF, 0, 0, 48, 0]
    );
    assert_eq!(
        read_track_information(TrackAddress::Lba(0x0102_0304), 28),
        [0x52, 0, 1, 2, 3, 4, 0, 0, 28, 0]
    );
    assert_eq!(
        read_track_information(TrackAddress::Session(2), 8),
        [0x52, 2, 0, 0, 0, 2, 0, 0, 8, 0]
    );
}

#[test]
fn mmc6_read_toc_pma_atip_formats() {
    // MMC-6 "READ TOC/PMA/ATIP CDB": MSF byte 1 bit 1, format byte 2 bits 3–0, track byte 6.
    assert_eq!(
        read_toc_pma_atip(TocFormat::Toc, false, 1, 0x324),
        [0x43, 0, 0, 0, 0, 0, 1, 0x03, 0x24, 0]
    );
    assert_eq!(
        read_toc_pma_atip(TocFormat::Toc, true, 0, 12),
        [0x43, 2, 0, 0, 0, 0, 0, 0, 12, 0]
    );
    assert_eq!(
        read_toc_pma_atip(TocFormat::FullToc, false, 1, 4),
        [0x43, 0, 2, 0, 0, 0, 1, 0, 4, 0]
    );
    assert_eq!(
        read_toc_pma_atip(TocFormat::Atip, false, 0, 28),
        [0x43, 0, 4, 0, 0, 0, 0, 0, 28, 0]
    );
    assert_eq!(
        read_toc_pma_atip(TocFormat::CdText, false, 0, 4),
        [0x43, 0, 5, 0, 0, 0, 0, 0, 4, 0]
    );
    assert_eq!(TocFormat::SessionInfo.code(), 1);
    assert_eq!(TocFormat::Pma.code(), 3);
}

#[test]
fn mmc6_capacities() {
    // MMC-6 "READ CAPACITY CDB" (only the opcode) and "READ FORMAT CAPACITIES CDB" (alloc 7–8).
    assert_eq!(read_capacity(), [0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(
        read_format_capacities(12),
        [0x23, 0, 0, 0, 0, 0, 0, 0, 12, 0]
    );
    // MMC-6 "READ BUFFER CAPACITY CDB": Block byte 1 bit 0, alloc 7–8.
    assert_eq!(
        read_buffer_capacity(false, 12),
        [0x5C, 0, 0, 0, 0, 0, 0, 0, 12, 0]
    );
    assert_eq!(
        read_buffer_capacity(true, 12),
        [0x5C, 1, 0, 0, 0, 0, 0, 0, 12, 0]
    );
}

#[test]
fn spc3_mode_sense_select_10() {
    // SPC-3 "MODE SENSE(10) command": DBD byte 1 bit 3, PC byte 2 bits 7–6, page bits 5–0.
    assert_eq!(
        mode_sense_10(0x05, PageControl::Current, 0x3C),
        [0x5A, 0x08, 0x05, 0, 0, 0, 0, 0, 0x3C, 0]
    );
    assert_eq!(
        mode_sense_10(0x2A, PageControl::Changeable, 256),
        [0x5A, 0x08, 0x6A, 0, 0, 0, 0, 1, 0, 0]
    );
    assert_eq!(mode_sense_10(0x05, PageControl::Default, 8)[2], 0x85);
    assert_eq!(mode_sense_10(0x05, PageControl::Saved, 8)[2], 0xC5);
    // SPC-3 "MODE SELECT(10) command": PF byte 1 bit 4, SP 0, parameter list length 7–8.
    assert_eq!(mode_select_10(60), [0x55, 0x10, 0, 0, 0, 0, 0, 0, 60, 0]);
}

#[test]
fn mmc6_speed_commands() {
    // MMC-6 "GET PERFORMANCE CDB": type byte 10, max descriptors 8–9, start LBA 2–5.
    assert_eq!(
        get_performance(PerformanceType::WriteSpeed, 0, 16),
        [0xAC, 0, 0, 0, 0, 0, 0, 0, 0, 16, 3, 0]
    );
    // Type 00h: tolerance 10b (bits 4–3), Write bit 2.
    assert_eq!(
        get_performance(PerformanceType::Performance { write: true }, 0, 1),
        [0xAC, 0x14, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]
    );
    // MMC-6 "SET CD SPEED CDB": read 2–3, write 4–5 (kB/s).
    assert_eq!(
        set_cd_speed(MAX_SPEED, 1412),
        [0xBB, 0, 0xFF, 0xFF, 0x05, 0x84, 0, 0, 0, 0, 0, 0]
    );
    // MMC-6 "SET STREAMING CDB": parameter list length 9–10 = 28.
    assert_eq!(set_streaming(), [0xB6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 28, 0]);
    // MMC-6 "Performance Descriptor": end LBA 8–11, read size 12–15, read time 16–19, write 20–27.
    let d = streaming_descriptor(0x0023_0540, 11080, 5540);
    assert_eq!(&d[0..8], &[0; 8]);
    assert_eq!(&d[8..12], &[0x00, 0x23, 0x05, 0x40]);
    assert_eq!(&d[12..16], &11080u32.to_be_bytes());
    assert_eq!(&d[16..20], &1000u32.to_be_bytes());
    assert_eq!(&d[20..24], &5540u32.to_be_bytes());
    assert_eq!(&d[24..28], &1000u32.to_be_bytes());
}

#[test]
fn mmc6_read_write_commands() {
    // MMC-6 "WRITE (10) CDB": LBA 2–5, transfer length 7–8.
    assert_eq!(
        write_10(0x0001_0203, 16),
        [0x2A, 0, 0, 1, 2, 3, 0, 0, 16, 0]
    );
    // MMC-6 "WRITE (12) CDB": transfer length 6–9, Streaming byte 10 bit 7.
    assert_eq!(
        write_12(32, 32, true),
        [0xAA, 0, 0, 0, 0, 32, 0, 0, 0, 32, 0x80, 0]
    );
    assert_eq!(write_12(32, 32, false)[10], 0);
    // MMC-6 "READ (10) CDB" and "READ (12) CDB".
    assert_eq!(read_10(16, 1), [0x28, 0, 0, 0, 0, 16, 0, 0, 1, 0]);
    assert_eq!(
        read_12(16, 0x10000, true),
        [0xA8, 0, 0, 0, 0, 16, 0, 1, 0, 0, 0x80, 0]
    );
    // MMC-6 "READ CD CDB": sector type byte 1 bits 4–2, length 6–8 (3 bytes), byte 9 selection.
    assert_eq!(
        read_cd(150, 27, SectorType::CdDa, ReadCdContent::FullSector),
        [0xBE, 0x04, 0, 0, 0, 150, 0, 0, 27, 0xF8, 0, 0]
    );
    assert_eq!(
        read_cd(0, 1, SectorType::Mode1, ReadCdContent::UserData),
        [0xBE, 0x08, 0, 0, 0, 0, 0, 0, 1, 0x10, 0, 0]
    );
    // SYNCHRONIZE CACHE(10): Immed byte 1 bit 1.
    assert_eq!(
        synchronize_cache(true),
        [0x35, 0x02, 0, 0, 0, 0, 0, 0, 0, 0]
    );
    assert_eq!(synchronize_cache(false), [0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
}

#[test]
fn mmc6_close_track_session_functions() {
    // MMC-6 "CLOSE TRACK SESSION CDB": Immed byte 1 bit 0, function byte 2 bits 2–0, number 4–5.
    assert_eq!(
        close_track_session(CloseFunction::Session, 0, true),
        [0x5B, 1, 2, 0, 0, 0, 0, 0, 0, 0]
    );
    assert_eq!(
        close_track_session(CloseFunction::Track, 0x0102, false),
        [0x5B, 0, 1, 0, 1, 2, 0, 0, 0, 0]
    );
    let codes = [
        (CloseFunction::StopBackgroundFormat, 0),
        (CloseFunction::Track, 1),
        (CloseFunction::Session, 2),
        (CloseFunction::FinalizeDvdRw, 3),
        (CloseFunction::SessionExtendedLeadOut, 4),
        (CloseFunction::FinalizeMinimalRadius, 5),
        (CloseFunction::Finalize, 6),
    ];
    for (f, c) in codes {
        assert_eq!(f.code(), c);
        assert_eq!(CloseFunction::from_code(c), Some(f));
        assert_eq!(close_track_session(f, 1, false)[2], c);
    }
    assert_eq!(CloseFunction::from_code(7), None);
}

#[test]
fn mmc6_blank_types() {
    // MMC-6 "BLANK CDB": Immed byte 1 bit 4, type bits 2–0, address 2–5. `A1 11` = Immed + minimal.
    assert_eq!(
        blank(BlankType::Minimal, true),
        [0xA1, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    );
    assert_eq!(blank(BlankType::Full, true)[..2], [0xA1, 0x10]);
    assert_eq!(blank(BlankType::Full, false)[1], 0);
    assert_eq!(
        blank(BlankType::Track(3), false)[..6],
        [0xA1, 2, 0, 0, 0, 3]
    );
    assert_eq!(blank(BlankType::UnreserveTrack, false)[1], 3);
    assert_eq!(
        blank(BlankType::TrackTail(0x1000), false)[..6],
        [0xA1, 4, 0, 0, 0x10, 0]
    );
    assert_eq!(blank(BlankType::UncloseLastSession, false)[1], 5);
    assert_eq!(blank(BlankType::LastSession, true)[1], 0x16);
}

#[test]
fn mmc6_format_unit() {
    // MMC-6 "FORMAT UNIT CDB": FmtData bit 4, CmpList bit 3, format code 001b (`04 11 00 00 00 00`).
    assert_eq!(format_unit(false), [0x04, 0x11, 0, 0, 0, 0]);
    assert_eq!(format_unit(true), [0x04, 0x19, 0, 0, 0, 0]);
    // Format list header (FOV 80h, Immed 02h, length 8) + descriptor (blocks, type<<2|sub, TDP).
    assert_eq!(
        format_parameters(0x26, 0, 0xFFFF_FFFF, 0, true),
        [0, 0x82, 0, 8, 0xFF, 0xFF, 0xFF, 0xFF, 0x98, 0, 0, 0]
    );
    assert_eq!(
        format_parameters(0x31, 1, 12_219_392, 0x800, false),
        [0, 0x80, 0, 8, 0x00, 0xBA, 0x74, 0x00, 0xC5, 0x00, 0x08, 0x00]
    );
}

#[test]
fn mmc6_reserve_cue_prevent_start_stop_events() {
    // MMC-6 "RESERVE TRACK CDB": reservation size 5–8 (ARSV = 0).
    assert_eq!(
        reserve_track(0x0001_0000),
        [0x53, 0, 0, 0, 0, 0, 1, 0, 0, 0]
    );
    // MMC-6 "SEND CUE SHEET CDB": cue sheet size 6–8.
    assert_eq!(send_cue_sheet(40), [0x5D, 0, 0, 0, 0, 0, 0, 0, 40, 0]);
    // SPC-3 "PREVENT ALLOW MEDIUM REMOVAL": Prevent byte 4.
    assert_eq!(prevent_allow_medium_removal(true), [0x1E, 0, 0, 0, 1, 0]);
    assert_eq!(prevent_allow_medium_removal(false), [0x1E, 0, 0, 0, 0, 0]);
    // SPC-3/MMC-6 "START STOP UNIT": Immed byte 1 bit 0, LoEj/Start byte 4.
    assert_eq!(
        start_stop_unit(StartStop::Eject, false),
        [0x1B, 0, 0, 0, 2, 0]
    );
    assert_eq!(
        start_stop_unit(StartStop::Load, false),
        [0x1B, 0, 0, 0, 3, 0]
    );
    assert_eq!(
        start_stop_unit(StartStop::Start, true),
        [0x1B, 1, 0, 0, 1, 0]
    );
    assert_eq!(
        start_stop_unit(StartStop::Stop, false),
        [0x1B, 0, 0, 0, 0, 0]
    );
    // MMC-6 "GET EVENT STATUS NOTIFICATION CDB": libburn's `4A 01 00 00 7E 00 00 00 08 00`.
    assert_eq!(
        get_event_status_notification(0x7E, 8),
        [0x4A, 1, 0, 0, 0x7E, 0, 0, 0, 8, 0]
    );
    assert_eq!(
        EVENT_CLASS_OPERATIONAL
            | EVENT_CLASS_POWER
            | EVENT_CLASS_EXTERNAL
            | EVENT_CLASS_MEDIA
            | EVENT_CLASS_MULTI_HOST
            | EVENT_CLASS_BUSY,
        0x7E
    );
}

#[test]
fn cue_sheet_example_and_msf() {
    // Two audio tracks of 10000 and 5000 blocks (MMC-NOTES example from libburn's cookbook).
    let e = |ctl_adr, track, index, data_form, lba: i32| {
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
    };
    let sheet = cue_sheet_bytes(&[
        e(0x01, 0, 0, 0x01, -150),
        e(0x01, 1, 0, 0x00, -150),
        e(0x01, 1, 1, 0x00, 0),
        e(0x01, 2, 1, 0x00, 10000),
        e(0x01, 0xAA, 1, 0x01, 15000),
    ]);
    assert_eq!(
        sheet,
        [
            0x01, 0, 0, 1, 0, 0, 0, 0, //
            0x01, 1, 0, 0, 0, 0, 0, 0, //
            0x01, 1, 1, 0, 0, 0, 2, 0, //
            0x01, 2, 1, 0, 0, 2, 0x0F, 0x19, //
            0x01, 0xAA, 1, 1, 0, 3, 0x16, 0,
        ]
    );
    assert_eq!(msf_to_lba(97, 26, 65), -11635);
    assert_eq!(lba_to_msf(-11635), (97, 26, 65));
    assert_eq!(msf_to_lba(0, 2, 0), 0);
    assert_eq!(msf_to_lba(79, 59, 74), 359_849);
}
