//! Parsers of drive answers: real-looking answers decode to the right fields, and every truncation
//! and some garbage decode without panicking.

use kiln_core::mmc::config::{encode_feature, feature, Configuration};
use kiln_core::mmc::mode::{self, Capabilities, MultiSession, WriteParameters, WriteType};
use kiln_core::mmc::parse::*;
use kiln_core::mmc::profile::{Profile, WriteMethod};
use kiln_core::mmc::toc::{self, Atip, Toc};

fn inquiry_bytes() -> Vec<u8> {
    let mut b = vec![0x05, 0x80, 0x05, 0x32, 31, 0, 0, 0];
    b.extend_from_slice(b"HL-DT-ST");
    b.extend_from_slice(b"BD-RE  BH16NS40 ");
    b.extend_from_slice(b"1.02");
    b
}

#[test]
fn inquiry_fields() {
    let i = Inquiry::parse(&inquiry_bytes()).unwrap();
    assert_eq!(i.peripheral_device_type, 5);
    assert_eq!(i.peripheral_qualifier, 0);
    assert!(i.removable && i.is_mmc());
    assert_eq!(
        (i.vendor.as_str(), i.product.as_str(), i.revision.as_str()),
        ("HL-DT-ST", "BD-RE  BH16NS40", "1.02")
    );
    let disk = Inquiry::parse(&[0x00, 0, 5, 2, 31, 0, 0, 0]).unwrap();
    assert!(!disk.is_mmc());
    assert_eq!(disk.vendor, "");
}

fn config_bytes() -> Vec<u8> {
    let mut body = Vec::new();
    // Profile list: BD-RE, DVD+R (current), CD-R.
    body.extend(encode_feature(
        feature::PROFILE_LIST,
        0,
        true,
        true,
        &[0, 0x43, 0, 0, 0, 0x1B, 1, 0, 0, 0x09, 0, 0],
    ));
    body.extend(encode_feature(
        feature::CORE,
        2,
        true,
        true,
        &[0, 0, 0, 2, 0, 0, 0, 0],
    ));
    body.extend(encode_feature(
        feature::RANDOM_WRITABLE,
        0,
        false,
        false,
        &[0, 0x23, 0x05, 0x3F, 0, 0, 8, 0, 0, 0x10, 1, 0],
    ));
    body.extend(encode_feature(
        feature::INCREMENTAL_STREAMING,
        0,
        false,
        false,
        &[0, 1, 1, 2, 1, 16, 0, 0],
    ));
    body.extend(encode_feature(
        feature::DVD_PLUS_R,
        0,
        false,
        true,
        &[1, 0, 0, 0],
    ));
    body.extend(encode_feature(
        feature::CD_TAO,
        2,
        false,
        false,
        &[0x46, 0, 0, 0],
    ));
    body.extend(encode_feature(
        feature::CD_MASTERING,
        1,
        false,
        false,
        &[0x67, 0, 0x0D, 0x80],
    ));
    body.extend(encode_feature(
        feature::DVD_R_WRITE,
        1,
        false,
        false,
        &[0x4E, 0, 0, 0],
    ));
    body.extend(encode_feature(feature::BD_R_POW, 0, false, false, &[]));
    let mut b = Vec::new();
    b.extend_from_slice(&((body.len() + 4) as u32).to_be_bytes());
    b.extend_from_slice(&[0, 0, 0x00, 0x1B]);
    b.extend(body);
    b
}

#[test]
fn configuration_features() {
    let c = Configuration::parse(&config_bytes()).unwrap();
    assert_eq!(c.current_profile, Profile::DvdPlusR);
    let profiles = c.profiles();
    assert_eq!(profiles.len(), 3);
    assert!(profiles[1].current && profiles[1].profile == Profile::DvdPlusR);
    assert_eq!(profiles[0].profile, Profile::BdRe);
    assert_eq!(c.random_writable(), Some((0x0023_053F, 2048)));
    assert_eq!(c.incremental_link_sizes(), Some(vec![1, 16]));
    assert_eq!(c.dvd_plus_r_write(), Some(true));
    assert!(c.is_current(feature::DVD_PLUS_R));
    let tao = c.cd_tao().unwrap();
    assert!(tao.buffer_underrun_free && tao.test_write && tao.cd_rw && !tao.rw_subcode);
    let m = c.cd_mastering().unwrap();
    assert!(m.sao && m.buffer_underrun_free && m.test_write && m.cd_rw && m.rw && !m.raw);
    assert_eq!(m.max_cue_sheet_len, 0x000D80);
    let d = c.dvd_r_write().unwrap();
    assert!(d.buffer_underrun_free && d.dual_layer && d.test_write && d.dvd_rw);
    assert!(!c.bd_r_pseudo_overwrite());
    assert!(c.buffer_underrun_free());
    // A short probe (8 bytes) keeps the full length and the profile.
    let head = Configuration::parse(&config_bytes()[..8]).unwrap();
    assert_eq!(head.available_length, config_bytes().len());
    assert!(head.features.is_empty());
}

#[test]
fn profiles_names_and_writability() {
    let table = [
        (0x0008, "CD-ROM", WriteMethod::ReadOnly),
        (0x0009, "CD-R", WriteMethod::Sequential),
        (0x000A, "CD-RW", WriteMethod::Sequential),
        (0x0010, "DVD-ROM", WriteMethod::ReadOnly),
        (0x0011, "DVD-R", WriteMethod::Sequential),
        (0x0012, "DVD-RAM", WriteMethod::RandomAccess),
        (
            0x0013,
            "DVD-RW (restricted overwrite)",
            WriteMethod::RandomAccess,
        ),
        (0x0014, "DVD-RW (sequential)", WriteMethod::Sequential),
        (0x0015, "DVD-R DL", WriteMethod::Sequential),
        (0x001A, "DVD+RW", WriteMethod::RandomAccess),
        (0x001B, "DVD+R", WriteMethod::Sequential),
        (0x002B, "DVD+R DL", WriteMethod::Sequential),
        (0x0040, "BD-ROM", WriteMethod::ReadOnly),
        (0x0041, "BD-R", WriteMethod::Sequential),
        (0x0042, "BD-R (random recording)", WriteMethod::RandomAccess),
        (0x0043, "BD-RE", WriteMethod::RandomAccess),
    ];
    for (code, name, method) in table {
        let p = Profile::from_code(code);
        assert_eq!(p.code(), code);
        assert_eq!(p.name(), name);
        assert_eq!(p.write_method(), method, "{name}");
        assert_eq!(p.is_writable(), method != WriteMethod::ReadOnly);
    }
    assert_eq!(Profile::from_code(0x0051), Profile::Other(0x51));
    assert!(Profile::CdRw.is_rewritable() && !Profile::CdR.is_rewritable());
    assert!(Profile::DvdRSequential.uses_write_parameters_page());
    assert!(
        !Profile::DvdPlusR.uses_write_parameters_page()
            && !Profile::BdRSequential.uses_write_parameters_page()
    );
    assert!(
        Profile::DvdPlusR.accepts_invisible_track_query()
            && !Profile::BdRSequential.accepts_invisible_track_query()
    );
    assert_eq!(Profile::BdRe.to_string(), "BD-RE (0043h)");
}

fn disc_info_bytes() -> Vec<u8> {
    let mut b = vec![0u8; 34];
    b[1] = 32;
    b[2] = 0x10 | (1 << 2) | 1; // erasable, incomplete last session, appendable
    b[3] = 1;
    b[4] = 2; // sessions LSB
    b[5] = 3;
    b[6] = 3;
    b[7] = 0x20 | 0x02;
    b[8] = 0x20;
    b[9] = 1; // sessions MSB
    b[21] = 79;
    b[22] = 59;
    b[23] = 74;
    b
}

#[test]
fn disc_information_fields() {
    let d = DiscInfo::parse(&disc_info_bytes()).unwrap();
    assert_eq!(d.status, DiscStatus::Appendable);
    assert_eq!(d.last_session, SessionState::Incomplete);
    assert!(d.erasable && d.unrestricted_use);
    assert_eq!(
        (
            d.first_track,
            d.sessions,
            d.first_track_in_last_session,
            d.last_track_in_last_session
        ),
        (1, 258, 3, 3)
    );
    assert_eq!(d.background_format, 2);
    assert_eq!(d.disc_type, 0x20);
    assert_eq!(d.last_possible_lead_out_lba(true), Some(359_849));
    let mut b = disc_info_bytes();
    b[2] = 0x0E; // complete disc, complete session
    let d = DiscInfo::parse(&b).unwrap();
    assert_eq!(
        (d.status, d.last_session, d.erasable),
        (DiscStatus::Complete, SessionState::Complete, false)
    );
}

#[test]
fn track_information_fields() {
    let mut b = vec![0u8; 48];
    b[1] = 46;
    b[2] = 1;
    b[3] = 1;
    b[5] = 0x05;
    b[6] = 0x40 | 0x20 | 0x10 | 1;
    b[7] = 0x01;
    b[12..16].copy_from_slice(&1000u32.to_be_bytes());
    b[16..20].copy_from_slice(&2_294_104u32.to_be_bytes());
    b[20..24].copy_from_slice(&16u32.to_be_bytes());
    b[24..28].copy_from_slice(&2_295_104u32.to_be_bytes());
    let t = TrackInfo::parse(&b).unwrap();
    assert_eq!(
        (t.track, t.session, t.track_mode, t.data_mode),
        (1, 1, 5, 1)
    );
    assert!(t.blank && t.packet && t.fixed_packet && !t.reserved && !t.damage);
    assert_eq!(t.next_writable, Some(1000));
    assert_eq!(
        (t.free_blocks, t.packet_size, t.size),
        (2_294_104, 16, 2_295_104)
    );
    assert_eq!(t.last_recorded, None);
    b[7] = 0; // NWA not valid
    assert_eq!(TrackInfo::parse(&b).unwrap().next_writable, None);
}

#[test]
fn capacity_format_capacities_buffer() {
    let c = Capacity::parse(&[0, 0x23, 0x05, 0x3F, 0, 0, 8, 0]).unwrap();
    assert_eq!(
        (c.last_lba, c.block_length, c.blocks()),
        (0x23053F, 2048, 0x230540)
    );
    let mut f = vec![0, 0, 0, 24];
    f.extend_from_slice(&[0x00, 0xBA, 0x74, 0x00, 0x01, 0x00, 0x08, 0x00]); // unformatted max
    f.extend_from_slice(&[0x00, 0xB4, 0x74, 0x00, 0x00, 0x00, 0x30, 0x00]); // 00h
    f.extend_from_slice(&[0x00, 0xBA, 0x74, 0x00, 0x31 << 2, 0x00, 0x08, 0x00]); // 31h
    let fc = FormatCapacities::parse(&f).unwrap();
    assert_eq!(fc.current_type, CapacityDescriptorType::Unformatted);
    assert_eq!(
        (fc.current_blocks, fc.current_block_length),
        (12_219_392, 2048)
    );
    assert_eq!(fc.formattable.len(), 2);
    assert_eq!(fc.find(0x31).unwrap().blocks, 12_219_392);
    assert_eq!(fc.find(0x00).unwrap().parameter, 0x3000);
    let b = BufferCapacity::parse(&[0, 10, 0, 0, 0, 0x40, 0, 0, 0, 0x10, 0, 0]).unwrap();
    assert_eq!((b.length, b.free), (0x400000, 0x100000));
    assert!((b.fill() - 0.75).abs() < 1e-9);
    assert_eq!(
        BufferCapacity {
            length: 10,
            free: 20
        }
        .fill(),
        0.5
    );
}

#[test]
fn toc_atip_full_toc_speeds_events() {
    // Formatted TOC, one data track and the lead-out at 1000 (LBA form).
    let t = [
        0, 18, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0, 0, 0x14, 0xAA, 0, 0, 0, 0x03, 0xE8,
    ];
    let toc = Toc::parse(&t, false).unwrap();
    assert_eq!(
        (toc.first_track, toc.last_track, toc.entries.len()),
        (1, 1, 2)
    );
    assert_eq!((toc.entries[0].adr, toc.entries[0].control), (1, 4));
    assert_eq!(toc.lead_out(), Some(1000));
    // ATIP: CD-RW, lead-in 97:26:65, lead-out 79:59:74.
    let a = [0, 26, 0, 0, 0x80, 0, 0xC0, 0, 97, 26, 65, 0, 79, 59, 74, 0];
    let atip = Atip::parse(&a).unwrap();
    assert!(atip.erasable);
    assert_eq!(
        (
            atip.lead_in_start,
            atip.last_lead_out_start,
            atip.capacity_blocks()
        ),
        (-11635, 359_849, 359_849)
    );
    // Full TOC with A2 (lead-out) at 03:22:00 = LBA 15000.
    let f = [0, 13, 1, 1, 1, 0x10, 0, 0xA2, 0, 0, 0, 0, 3, 22, 0];
    let full = toc::parse_full_toc(&f).unwrap();
    assert_eq!(full[0].point, 0xA2);
    assert_eq!(full[0].point_lba(), 15000);
    // CD-TEXT: one pack.
    let mut c = vec![0, 20, 0, 0];
    c.extend_from_slice(&[0x80; 18]);
    assert_eq!(toc::parse_cd_text_packs(&c).unwrap().len(), 1);
    // GET PERFORMANCE type 03h with two descriptors.
    let mut p = vec![0, 0, 0, 36, 0, 0, 0, 0];
    for w in [11080u32, 5540] {
        p.extend_from_slice(&[0; 4]);
        p.extend_from_slice(&2_295_103u32.to_be_bytes());
        p.extend_from_slice(&11080u32.to_be_bytes());
        p.extend_from_slice(&w.to_be_bytes());
    }
    let s = parse_write_speeds(&p).unwrap();
    assert_eq!(
        s.iter().map(|d| d.write_kbps).collect::<Vec<_>>(),
        vec![11080, 5540]
    );
    // Media event: new media, present.
    let e = parse_media_event(&[0, 6, 4, 0x5E, 2, 2, 0, 0])
        .unwrap()
        .unwrap();
    assert_eq!((e.event, e.present, e.tray_open), (2, true, false));
    assert_eq!(parse_media_event(&[0, 2, 0x80, 0x5E]).unwrap(), None);
}

#[test]
fn write_parameters_page_round_trip() {
    let wp = WriteParameters::cd_tao_data(MultiSession::Appendable);
    let page = wp.to_page();
    assert_eq!(page.len(), 52);
    // Byte 2: BUFE | TAO; byte 3: multi-session 11b | track mode 4; byte 4: DBT 8; pause 150.
    assert_eq!(&page[..6], &[0x05, 0x32, 0x41, 0xC4, 0x08, 0x00]);
    assert_eq!(&page[14..16], &[0x00, 0x96]);
    assert_eq!(WriteParameters::parse(&page).unwrap(), wp);
    let dvd = WriteParameters::dvd_r_incremental(MultiSession::Finalize).to_page();
    assert_eq!(&dvd[2..6], &[0x60, 0x25, 0x08, 16]);
    assert_eq!(&dvd[10..14], &[0, 0, 0, 16]);
    let mut sao = WriteParameters::cd_sao_audio();
    sao.mcn = Some(*b"0123456789012");
    sao.test_write = true;
    let p = sao.to_page();
    assert_eq!(
        (p[2], p[16], &p[17..30]),
        (0x52, 0x80, &b"0123456789012"[..])
    );
    let back = WriteParameters::parse(&p).unwrap();
    assert_eq!(back.write_type, WriteType::SessionAtOnce);
    assert_eq!(back, sao);
    // MODE SELECT data: zero header, PS cleared.
    let mut with_ps = page.clone();
    with_ps[0] |= 0x80;
    let sel = mode::mode_select_parameters(&with_ps);
    assert_eq!(&sel[..9], &[0, 0, 0, 0, 0, 0, 0, 0, 0x05]);
    // find_page skips the header and block descriptors.
    let mut sense = vec![0, 0x3A, 0, 0, 0, 0, 0, 0];
    sense.extend_from_slice(&page);
    assert_eq!(mode::find_page(&sense, 5).unwrap(), &page[..]);
    assert!(mode::find_page(&sense, 0x2A).is_err());
}

#[test]
fn capabilities_page_write_speeds() {
    let mut p = vec![0u8; 40];
    p[0] = 0x2A;
    p[1] = 38;
    p[3] = 0x37;
    p[4] = 0x80;
    p[6] = 0x29;
    p[12..14].copy_from_slice(&2048u16.to_be_bytes());
    p[28..30].copy_from_slice(&7056u16.to_be_bytes());
    p[30..32].copy_from_slice(&2u16.to_be_bytes());
    p[34..36].copy_from_slice(&7056u16.to_be_bytes());
    p[38..40].copy_from_slice(&1764u16.to_be_bytes());
    let c = Capabilities::parse(&p).unwrap();
    assert!(c.cd_r_write && c.cd_rw_write && c.test_write && c.dvd_r_write && c.dvd_ram_write);
    assert!(c.buffer_underrun_free && c.eject);
    assert_eq!(
        (c.loading_mechanism, c.buffer_kib, c.current_write_kbps),
        (1, 2048, Some(7056))
    );
    assert_eq!(c.write_speeds_kbps, vec![7056, 1764]);
    // A page cut inside the speed list keeps the complete descriptors.
    assert_eq!(
        Capabilities::parse(&p[..37]).unwrap().write_speeds_kbps,
        vec![7056]
    );
}

/// Feeds every prefix of `buf`, and some garbage variants, to every parser.
fn hammer(buf: &[u8]) {
    for n in 0..=buf.len() {
        let b = &buf[..n];
        let _ = Inquiry::parse(b);
        let _ = Configuration::parse(b).map(|c| {
            let _ = (
                c.profiles(),
                c.cd_tao(),
                c.cd_mastering(),
                c.dvd_r_write(),
                c.incremental_link_sizes(),
            );
            let _ = (
                c.random_writable(),
                c.buffer_underrun_free(),
                c.bd_r_pseudo_overwrite(),
            );
        });
        let _ = DiscInfo::parse(b).map(|d| d.last_possible_lead_out_lba(true));
        let _ = TrackInfo::parse(b);
        let _ = Capacity::parse(b);
        let _ = FormatCapacities::parse(b);
        let _ = BufferCapacity::parse(b);
        let _ = parse_write_speeds(b);
        let _ = parse_media_event(b);
        let _ = Toc::parse(b, true);
        let _ = Toc::parse(b, false);
        let _ = toc::parse_full_toc(b);
        let _ = Atip::parse(b);
        let _ = toc::parse_cd_text_packs(b);
        let _ = mode::find_page(b, 5).map(WriteParameters::parse);
        let _ = mode::find_page(b, 0x2A).map(Capabilities::parse);
        let _ = WriteParameters::parse(b);
        let _ = Capabilities::parse(b);
        let _ = kiln_core::mmc::Sense::parse(b).map(|s| s.condition().message());
    }
}

#[test]
fn parsers_never_panic_on_truncation_or_garbage() {
    hammer(&inquiry_bytes());
    hammer(&config_bytes());
    hammer(&disc_info_bytes());
    hammer(&WriteParameters::cd_tao_data(MultiSession::Finalize).to_page());
    // Lengths that claim far more than is there, and all-ones buffers.
    hammer(&[0xFF; 64]);
    hammer(&[0x00, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]);
    let mut seed = 0x1234_5678u32;
    for _ in 0..200 {
        let len = (seed % 80) as usize;
        let buf: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                seed as u8
            })
            .collect();
        hammer(&buf);
    }
}

/// READ TOC/PMA/ATIP format 0001b (MMC-6 table 484, "multi-session information"): data length
/// 000Ah, first and last complete session numbers, then one 8-byte descriptor: reserved,
/// ADR/CONTROL, the first track number in the last complete session, reserved, and its start
/// address (what mkisofs -C and the Linux kernel take as the last session's start).
#[test]
fn read_toc_format_1_gives_the_first_track_of_the_last_complete_session() {
    let answer = [
        0x00, 0x0A, 0x01, 0x03, // length 10, sessions 1..3
        0x00, 0x14, 0x05, 0x00, // ADR 1, data track; first track of session 3 is track 5
        0x00, 0x01, 0x2C, 0x82, // LBA 76930
    ];
    let toc = Toc::parse(&answer, false).unwrap();
    assert_eq!((toc.first_track, toc.last_track), (1, 3));
    assert_eq!(toc.entries.len(), 1);
    assert_eq!(toc.entries[0].track, 5);
    assert_eq!(toc.entries[0].start_lba, 76_930);
    // MSF form (byte 1 bit 1): 17:07:55 is (17·60 + 7)·75 + 55 − 150 = 76,930.
    let msf = [
        0x00, 0x0A, 0x01, 0x03, 0x00, 0x14, 0x05, 0x00, 0x00, 17, 7, 55,
    ];
    assert_eq!(Toc::parse(&msf, true).unwrap().entries[0].start_lba, 76_930);
}
