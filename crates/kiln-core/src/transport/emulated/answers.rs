//! The emulated drive's answers to identification, status and read commands.

use super::medium::{Medium, MediumKind, CD_LEAD_IN_START};
use super::{be32, check, invalid_field, EmulatedDrive, Fail, SECTOR};
use crate::mmc::cdb_write::lba_to_msf;
use crate::mmc::config::{encode_feature, feature};
use crate::mmc::mode::{self, PAGE_CAPABILITIES, PAGE_WRITE_PARAMETERS};
use crate::mmc::profile::Profile;
use crate::mmc::sense::Sense;
use crate::transport::{DataDirection, TransportError};

/// Copies an answer into the host's buffer, cut to the allocation length.
pub(crate) fn reply(dir: DataDirection<'_>, data: &[u8], alloc: usize) -> Result<usize, Fail> {
    match dir {
        DataDirection::FromDevice(buf) => {
            let n = data.len().min(alloc).min(buf.len());
            buf[..n].copy_from_slice(&data[..n]);
            Ok(n)
        }
        DataDirection::None if alloc == 0 => Ok(0),
        _ => Err(Fail::Transport(TransportError::InvalidRequest(
            "this command returns data: give it a FromDevice buffer".into(),
        ))),
    }
}

pub(crate) fn alloc16(cdb: &[u8], i: usize) -> usize {
    usize::from(u16::from_be_bytes([cdb[i], cdb[i + 1]]))
}

pub(crate) fn msf_bytes(lba: i32) -> [u8; 4] {
    let (m, s, f) = lba_to_msf(lba);
    [0, m, s, f]
}

/// Every profile this drive can write or read, newest first, as drives list them.
const PROFILES: [u16; 16] = [
    0x43, 0x42, 0x41, 0x40, 0x2B, 0x1B, 0x1A, 0x15, 0x14, 0x13, 0x12, 0x11, 0x10, 0x0A, 0x09, 0x08,
];

/// Write speeds (kB/s, k = 1000) offered for a medium, fastest first: a 52× CD writer, a 16×
/// DVD writer and a 16× BD writer (1× = 176.4, 1385 and 4495 kB/s, rounded as drives report).
pub(crate) fn write_speeds(kind: MediumKind) -> &'static [u32] {
    match kind {
        MediumKind::CdR => &[9173, 8467, 7056, 5645, 4234, 2822],
        MediumKind::CdRw => &[5645, 4234, 2822, 1764],
        MediumKind::DvdR | MediumKind::DvdPlusR => &[22_160, 16_620, 11_080, 5_540],
        MediumKind::DvdPlusRw => &[11_080, 5_540],
        MediumKind::DvdRw | MediumKind::DvdRwRestricted => &[8_310, 5_540, 2_770],
        MediumKind::BdR => &[71_920, 53_940, 35_960, 26_970, 17_980, 8_990],
        MediumKind::BdRe => &[8_990, 4_495],
        // Dual-layer DVD writers burn 8× at most; DVD-RAM 5×; BD-R formatted with spares 6×.
        MediumKind::DvdPlusRDl | MediumKind::DvdRDl => &[11_080, 5_540],
        MediumKind::DvdRam => &[6_925, 4_155, 2_770],
        MediumKind::BdRPow | MediumKind::BdRRrm => &[26_970, 17_980, 8_990],
    }
}

/// The speed a drive uses when asked for `asked` kB/s: the fastest offered not above it (drives
/// round down), the slowest when all are above, the fastest when `asked` is 0.
pub(crate) fn pick_speed(kind: MediumKind, asked: u32) -> u32 {
    let speeds = write_speeds(kind);
    let fastest = speeds.first().copied().unwrap_or(1);
    if asked == 0 {
        return fastest;
    }
    speeds
        .iter()
        .copied()
        .find(|s| *s <= asked)
        .or_else(|| speeds.last().copied())
        .unwrap_or(fastest)
}

impl EmulatedDrive {
    pub(crate) fn inquiry(&mut self, cdb: &[u8], dir: DataDirection<'_>) -> Result<usize, Fail> {
        if cdb[1] & 0x01 != 0 || cdb[2] != 0 {
            return Err(invalid_field());
        }
        let mut d = vec![self.peripheral_type, 0x80, 0x05, 0x32, 31, 0, 0, 0];
        let (v, p, r) = &self.identity;
        d.extend(format!("{v:<8.8}{p:<16.16}{r:<4.4}").bytes());
        reply(dir, &d, alloc16(cdb, 3))
    }

    pub(crate) fn request_sense(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
    ) -> Result<usize, Fail> {
        let sense = if let Some((k, a, q)) = self.unit_attention.take() {
            Sense::new(crate::mmc::sense::SenseKey::from_code(k), a, q)
        } else if self.medium.is_none() {
            Sense::new(
                crate::mmc::sense::SenseKey::NotReady,
                0x3A,
                if self.tray_open { 2 } else { 1 },
            )
        } else {
            self.last_sense
                .take()
                .unwrap_or(Sense::new(crate::mmc::sense::SenseKey::NoSense, 0, 0))
        };
        reply(dir, &sense.to_fixed_bytes(), usize::from(cdb[4]))
    }

    pub(crate) fn get_configuration(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
    ) -> Result<usize, Fail> {
        let rt = cdb[1] & 0x03;
        if rt == 3 {
            return Err(invalid_field());
        }
        let start = u16::from_be_bytes([cdb[2], cdb[3]]);
        let kind = self.medium.as_ref().map(|m| m.kind);
        let current = kind.map_or(Profile::NoMedium, MediumKind::profile);
        let is = |k: &[MediumKind]| kind.is_some_and(|m| k.contains(&m));
        let formatted = self.medium.as_ref().is_some_and(|m| m.formatted.is_some());
        let mut list = Vec::new();
        for p in PROFILES {
            list.extend_from_slice(&p.to_be_bytes());
            list.extend_from_slice(&[u8::from(p == current.code()), 0]);
        }
        let cap = self.medium.as_ref().map_or(0, Medium::capacity);
        let blocking: u16 = if is(&[MediumKind::BdRe, MediumKind::BdRRrm]) {
            32
        } else {
            16
        };
        // A minimally blanked DVD-RW has lost incremental recording (MMC-NOTES (g)).
        let incremental_lost = self.medium.as_ref().is_some_and(|m| m.incremental_lost);
        let mut random = (cap.saturating_sub(1)).to_be_bytes().to_vec();
        random.extend_from_slice(&[0, 0, 8, 0]);
        random.extend_from_slice(&blocking.to_be_bytes());
        random.extend_from_slice(&[1, 0]);
        let dvd_minus = kind.is_some_and(MediumKind::is_dvd_minus_sequential);
        let link: u8 = if dvd_minus { 16 } else { 7 };
        // BUF (buffer-underrun free) in features 002Dh, 002Eh and 002Fh.
        let buf: u8 = if self.underrun_protection { 0x40 } else { 0 };
        let features: Vec<(u16, u8, bool, bool, Vec<u8>)> = vec![
            (feature::PROFILE_LIST, 0, true, true, list),
            (feature::CORE, 2, true, true, vec![0, 0, 0, 7, 1, 0, 0, 0]),
            (0x0003, 1, true, true, vec![0x29, 0, 0, 0]),
            (feature::RANDOM_WRITABLE, 0, false, formatted, random),
            (
                feature::INCREMENTAL_STREAMING,
                1,
                false,
                is(&[MediumKind::CdR, MediumKind::CdRw]) || (dvd_minus && !incremental_lost),
                vec![
                    0,
                    0x01,
                    u8::from(self.underrun_protection),
                    1,
                    link,
                    0,
                    0,
                    0,
                ],
            ),
            (
                feature::FORMATTABLE,
                0,
                false,
                is(&[
                    MediumKind::DvdPlusRw,
                    MediumKind::BdRe,
                    MediumKind::BdR,
                    MediumKind::DvdRw,
                    MediumKind::DvdRwRestricted,
                    MediumKind::DvdRam,
                    MediumKind::BdRPow,
                    MediumKind::BdRRrm,
                ]),
                // Byte 8 bit 0 RRM: this drive formats BD-R for random recording.
                vec![0, 0, 0, 0, 1, 0, 0, 0],
            ),
            // Rigid Restricted Overwrite: byte 4 bit 0 BLANK, bit 1 Intermediate, bit 2 DSDR,
            // bit 3 DSDG (MMC-6 5.3.13): this drive blanks nothing and writes defect status
            // data for neither.
            (
                0x002C,
                1,
                false,
                is(&[MediumKind::DvdRwRestricted]),
                vec![0, 0, 0, 0],
            ),
            (
                0x002A,
                1,
                false,
                is(&[MediumKind::DvdPlusRw]),
                vec![1, 0, 0, 0],
            ),
            (
                feature::DVD_PLUS_R,
                0,
                false,
                is(&[MediumKind::DvdPlusR, MediumKind::DvdPlusRDl]),
                vec![1, 0, 0, 0],
            ),
            // DVD+R Dual Layer (MMC-6 feature 003Bh): byte 4 bit 0 Write.
            (
                0x003B,
                1,
                false,
                is(&[MediumKind::DvdPlusRDl]),
                vec![1, 0, 0, 0],
            ),
            (
                feature::CD_TAO,
                2,
                false,
                is(&[MediumKind::CdR, MediumKind::CdRw]),
                vec![0x06 | buf, 0, 0, 1],
            ),
            (
                feature::CD_MASTERING,
                1,
                false,
                is(&[MediumKind::CdR, MediumKind::CdRw]),
                // SAO, test write, CD-RW; R-W (bit 0) = records R-W sub-channel data from the
                // host, which CD-TEXT in the lead-in needs.
                vec![0x26 | buf | u8::from(self.cd_text_writing), 0, 0x0D, 0x80],
            ),
            (
                feature::DVD_R_WRITE,
                1,
                false,
                dvd_minus,
                // Test write; DVD-RW (bit 1) when the drive holds one.
                vec![
                    0x04 | buf | u8::from(is(&[MediumKind::DvdRw])) << 1,
                    0,
                    0,
                    0,
                ],
            ),
            (
                feature::BD_R_POW,
                0,
                false,
                is(&[MediumKind::BdRPow]),
                vec![],
            ),
            (
                feature::REAL_TIME_STREAMING,
                4,
                false,
                true,
                vec![0x1F, 0, 0, 0],
            ),
        ];
        let mut body = Vec::new();
        for (code, version, persistent, is_current, data) in features {
            let wanted = match rt {
                0 => code >= start,
                1 => code >= start && is_current,
                _ => code == start,
            };
            if wanted {
                body.extend(encode_feature(code, version, persistent, is_current, &data));
            }
        }
        let mut d = ((body.len() + 4) as u32).to_be_bytes().to_vec();
        d.extend_from_slice(&[0, 0]);
        d.extend_from_slice(&current.code().to_be_bytes());
        d.extend(body);
        reply(dir, &d, alloc16(cdb, 7))
    }

    pub(crate) fn event_status(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
    ) -> Result<usize, Fail> {
        if cdb[1] & 0x01 == 0 {
            return Err(invalid_field()); // asynchronous mode is not supported
        }
        let d = if cdb[4] & 0x10 != 0 {
            let present = u8::from(self.medium.is_some()) << 1 | u8::from(self.tray_open);
            let ev = std::mem::take(&mut self.media_event);
            vec![0, 6, 0x04, 0x10, ev, present, 0, 0]
        } else {
            vec![0, 2, 0x80, 0x10]
        };
        reply(dir, &d, alloc16(cdb, 7))
    }

    pub(crate) fn disc_information(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
    ) -> Result<usize, Fail> {
        if cdb[1] & 0x07 != 0 {
            return Err(invalid_field());
        }
        let m = self.need_medium()?;
        let mut d = vec![0u8; 34];
        d[1] = 32;
        let status: u8 = if m.is_blank() {
            0
        } else if m.kind.is_random() {
            3
        } else if m.finalized {
            2
        } else {
            1
        };
        let open_work = m
            .last_session_tracks()
            .any(|t| t.recorded > 0 || t.reserved.is_some() || t.is_closed());
        let session_state: u8 = if m.finalized || (m.kind.is_random() && m.formatted.is_some()) {
            3
        } else if !m.finalized && open_work {
            1
        } else {
            0
        };
        d[2] = u8::from(m.kind.is_erasable()) << 4 | session_state << 2 | status;
        d[3] = 1;
        let sessions = if m.kind.is_random() {
            1
        } else {
            m.closed_sessions + u16::from(!m.finalized)
        };
        let last_session = m.current_session();
        let first_in_last = m
            .tracks
            .iter()
            .find(|t| t.session == last_session)
            .map_or(1, |t| t.number);
        let last_in_last = m.tracks.last().map_or(1, |t| t.number);
        let [s_hi, s_lo] = sessions.to_be_bytes();
        let [f_hi, f_lo] = first_in_last.to_be_bytes();
        let [l_hi, l_lo] = last_in_last.to_be_bytes();
        (d[4], d[5], d[6], d[9], d[10], d[11]) = (s_lo, f_lo, l_lo, s_hi, f_hi, l_hi);
        d[7] = 0x20
            | if m.kind == MediumKind::DvdPlusRw && m.formatted.is_some() {
                3
            } else {
                0
            };
        let (lead_in, lead_out) = if m.finalized {
            ([0xFF; 4], [0xFF; 4])
        } else if m.kind.is_cd() {
            (msf_bytes(CD_LEAD_IN_START), msf_bytes(m.capacity() as i32))
        } else {
            ([0; 4], m.capacity().to_be_bytes())
        };
        d[16..20].copy_from_slice(&lead_in);
        d[20..24].copy_from_slice(&lead_out);
        reply(dir, &d, alloc16(cdb, 7))
    }

    pub(crate) fn track_information(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
    ) -> Result<usize, Fail> {
        let value = be32(cdb, 2);
        let kind_of_address = cdb[1] & 0x03;
        let m = self.need_medium()?;
        let cap = m.capacity();
        let mut d = vec![0u8; 48];
        d[1] = 46;
        if m.kind.is_random() {
            let ok = match kind_of_address {
                0 => value < cap,
                1 | 2 => value == 1,
                _ => false,
            };
            if !ok {
                return Err(invalid_field());
            }
            (d[2], d[3], d[5], d[6], d[7]) =
                (1, 1, 4, 1 | u8::from(m.formatted.is_none()) << 6, 0x01);
            d[12..16].copy_from_slice(&m.high_water.to_be_bytes());
            d[16..20].copy_from_slice(&(cap - m.high_water.min(cap)).to_be_bytes());
            d[20..24].copy_from_slice(&(m.kind.padding_unit()).to_be_bytes());
            d[24..28].copy_from_slice(&cap.to_be_bytes());
            return reply(dir, &d, alloc16(cdb, 7));
        }
        let track = match kind_of_address {
            0 => m.track_at(value),
            1 if value == 0xFF => {
                if !m.kind.profile().accepts_invisible_track_query() {
                    return Err(invalid_field());
                }
                m.invisible()
            }
            1 => m.tracks.iter().find(|t| u32::from(t.number) == value),
            2 => m.tracks.iter().find(|t| u32::from(t.session) == value),
            _ => None,
        }
        .ok_or_else(invalid_field)?;
        let open = !track.is_closed() && !m.finalized;
        let size = track
            .closed_size
            .or(track.reserved)
            .unwrap_or(cap.saturating_sub(track.start));
        let free = if open {
            size.saturating_sub(track.recorded)
        } else {
            0
        };
        let [n_hi, n_lo] = track.number.to_be_bytes();
        let [s_hi, s_lo] = track.session.to_be_bytes();
        (d[2], d[3], d[32], d[33]) = (n_lo, s_lo, n_hi, s_hi);
        d[5] = match (m.kind.is_cd(), track.audio) {
            (true, true) => 0,
            (true, false) => 4,
            _ => 5,
        };
        let blank = track.recorded == 0 && !track.is_closed();
        d[6] = u8::from(track.reserved.is_some()) << 7
            | u8::from(blank) << 6
            | if m.kind.is_cd() { 0 } else { 0x30 }
            | if blank { 0x0F } else { 0x01 };
        d[7] = u8::from(open && free > 0) | u8::from(track.recorded > 0) << 1;
        d[8..12].copy_from_slice(&track.start.to_be_bytes());
        d[12..16].copy_from_slice(&if open { track.nwa() } else { 0 }.to_be_bytes());
        d[16..20].copy_from_slice(&free.to_be_bytes());
        let packet = if m.kind.is_cd() {
            0
        } else {
            m.kind.padding_unit()
        };
        d[20..24].copy_from_slice(&packet.to_be_bytes());
        d[24..28].copy_from_slice(&size.to_be_bytes());
        let lra = (track.start + track.recorded).saturating_sub(1);
        d[28..32].copy_from_slice(&if track.recorded > 0 { lra } else { 0 }.to_be_bytes());
        reply(dir, &d, alloc16(cdb, 7))
    }

    pub(crate) fn read_capacity(&mut self, dir: DataDirection<'_>) -> Result<usize, Fail> {
        let end = self.need_medium()?.recorded_end();
        let mut d = end.saturating_sub(1).to_be_bytes().to_vec();
        d.extend_from_slice(&(SECTOR as u32).to_be_bytes());
        reply(dir, &d, 8)
    }

    pub(crate) fn mode_sense(&mut self, cdb: &[u8], dir: DataDirection<'_>) -> Result<usize, Fail> {
        let pc = cdb[2] >> 6;
        let page = cdb[2] & 0x3F;
        if pc == 3 {
            return Err(check(5, 0x39, 0x00)); // saving parameters not supported
        }
        let kind = self.medium.as_ref().map_or(MediumKind::CdR, |m| m.kind);
        let mut pages = Vec::new();
        if page == PAGE_WRITE_PARAMETERS || page == 0x3F {
            pages.extend(self.write_params.to_page());
        }
        if page == PAGE_CAPABILITIES || page == 0x3F {
            // Page 2Ah has 16-bit speeds (a CD-era page): list the ones that fit.
            let speeds: Vec<u16> = write_speeds(kind)
                .iter()
                .filter_map(|s| u16::try_from(*s).ok())
                .collect();
            let mut p = vec![0u8; 32 + 4 * speeds.len()];
            p[0] = PAGE_CAPABILITIES;
            p[1] = (p.len() - 2) as u8;
            (p[2], p[3], p[4], p[5]) = (0x3F, 0x37, 0xC0, 0x00);
            p[6] = 0x20 | 0x08 | 0x01 | u8::from(self.locked) << 1;
            let kib = u16::try_from(self.buffer.capacity() / 1024).unwrap_or(u16::MAX);
            p[12..14].copy_from_slice(&kib.to_be_bytes());
            let current = u16::try_from(pick_speed(kind, self.write_speed_kbps)).unwrap_or(0xFFFF);
            p[28..30].copy_from_slice(&current.to_be_bytes());
            p[30..32].copy_from_slice(&(speeds.len() as u16).to_be_bytes());
            for (i, s) in speeds.iter().enumerate() {
                p[34 + 4 * i..36 + 4 * i].copy_from_slice(&s.to_be_bytes());
            }
            pages.extend(p);
        }
        if pages.is_empty() {
            return Err(invalid_field());
        }
        if pc == 1 {
            // Changeable values: a mask; Kiln's emulator lets every field of these pages change.
            for b in pages.iter_mut().skip(2) {
                *b = 0xFF;
            }
        }
        let mut d = vec![0u8; mode::MODE_HEADER_LEN];
        d[0..2].copy_from_slice(&((pages.len() + 6) as u16).to_be_bytes());
        d.extend(pages);
        reply(dir, &d, alloc16(cdb, 7))
    }

    pub(crate) fn buffer_capacity(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
    ) -> Result<usize, Fail> {
        // MMC-6 READ BUFFER CAPACITY: bytes 0–1 data length (10). Block = 0: bytes 4–7 length
        // of the buffer, 8–11 blank (free) length, in bytes. Block = 1 (feature 0107h RBCB):
        // byte 3 bit 0 set, bytes 4–7 reserved, 8–11 available length in blocks.
        let rate = self.drain_rate();
        let size = self.buffer.capacity();
        let free = size.saturating_sub(self.buffer.fill_now(rate));
        let clamp = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
        let mut d = vec![0, 10, 0, 0];
        if cdb[1] & 0x01 != 0 {
            d[3] = 0x01;
            d.extend_from_slice(&[0; 4]);
            d.extend_from_slice(&clamp(free / SECTOR as u64).to_be_bytes());
        } else {
            d.extend_from_slice(&clamp(size).to_be_bytes());
            d.extend_from_slice(&clamp(free).to_be_bytes());
        }
        reply(dir, &d, alloc16(cdb, 7))
    }

    pub(crate) fn get_performance(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
    ) -> Result<usize, Fail> {
        let m = self.need_medium()?;
        let (kind, end) = (m.kind, m.capacity().saturating_sub(1));
        let max = alloc16(cdb, 8);
        let speeds = write_speeds(kind);
        let mut body = Vec::new();
        match cdb[10] {
            0x03 => {
                // Byte 0 of each descriptor: WRC 00b (default rotation), Exact 0, MRW 0.
                for s in speeds.iter().take(max) {
                    body.extend_from_slice(&[0; 4]);
                    body.extend_from_slice(&end.to_be_bytes());
                    body.extend_from_slice(&speeds[0].to_be_bytes());
                    body.extend_from_slice(&s.to_be_bytes());
                }
            }
            0x00 if max > 0 => {
                let s = pick_speed(kind, self.write_speed_kbps);
                for v in [0, s, end, s] {
                    body.extend_from_slice(&u32::to_be_bytes(v));
                }
            }
            0x00 => {}
            _ => return Err(invalid_field()),
        }
        let mut d = ((body.len() + 4) as u32).to_be_bytes().to_vec();
        d.extend_from_slice(&[(cdb[1] & 0x04) >> 1, 0, 0, 0]);
        d.extend(body);
        let alloc = d.len();
        reply(dir, &d, alloc)
    }

    pub(crate) fn read(&mut self, cdb: &[u8], dir: DataDirection<'_>) -> Result<usize, Fail> {
        let lba = be32(cdb, 2);
        let blocks = if cdb[0] == 0x28 {
            u32::from(u16::from_be_bytes([cdb[7], cdb[8]]))
        } else {
            be32(cdb, 6)
        };
        let m = self.need_medium()?;
        if m.kind.is_random() && m.formatted.is_none() {
            return Err(check(2, 0x30, 0x10));
        }
        let DataDirection::FromDevice(buf) = dir else {
            return Err(Fail::Transport(TransportError::InvalidRequest(
                "READ needs a FromDevice buffer".into(),
            )));
        };
        let want = blocks as usize * SECTOR;
        if buf.len() != want {
            return Err(Fail::Transport(TransportError::InvalidRequest(format!(
                "READ of {blocks} blocks needs a {want}-byte buffer, got {}",
                buf.len()
            ))));
        }
        for l in lba..lba.saturating_add(blocks) {
            if m.tracks
                .iter()
                .any(|t| t.audio && l >= t.start && l < t.start + t.recorded)
            {
                return Err(check(5, 0x64, 0x00)); // audio needs READ CD
            }
            if !m.is_readable(l) {
                return Err(check(5, 0x21, 0x00));
            }
        }
        self.store
            .read(lba, buf)
            .map_err(|e| check(3, 0x11, 0x00).or_io(e))?;
        Ok(want)
    }

    pub(crate) fn start_stop(&mut self, cdb: &[u8]) -> Result<usize, Fail> {
        let (loej, start) = (cdb[4] & 0x02 != 0, cdb[4] & 0x01 != 0);
        match (loej, start) {
            (true, false) => {
                if self.locked {
                    return Err(check(5, 0x53, 0x02));
                }
                self.ejected = self.medium.take();
                self.tray_open = true;
                self.media_event = 3;
                Ok(0)
            }
            (true, true) => {
                if self.tray_open {
                    self.tray_open = false;
                    if let Some(m) = self.ejected.take() {
                        self.load(m);
                    }
                }
                Ok(0)
            }
            (false, true) => self.need_medium().map(|_| 0),
            (false, false) => Ok(0),
        }
    }
}

impl Fail {
    /// Keeps the sense, logging the I/O error of the backing store (tests see the sense).
    pub(crate) fn or_io(self, e: std::io::Error) -> Fail {
        tracing::error!("emulated drive backing store failed: {e}");
        self
    }
}
