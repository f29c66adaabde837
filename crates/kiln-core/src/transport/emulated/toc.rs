//! The emulated drive's READ FORMAT CAPACITIES and READ TOC/PMA/ATIP answers.

use super::answers::{alloc16, msf_bytes, reply};
use super::medium::{MediumKind, BD_BLOCKS, BD_BLOCKS_WITH_SPARES, CD_LEAD_IN_START};
use super::{invalid_field, EmulatedDrive, Fail, SECTOR};
use crate::transport::DataDirection;

impl EmulatedDrive {
    pub(crate) fn format_capacities(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
    ) -> Result<usize, Fail> {
        let m = self.need_medium()?;
        let desc = |blocks: u32, b4: u8, param: u32| {
            let mut v = blocks.to_be_bytes().to_vec();
            v.push(b4);
            v.extend_from_slice(&param.to_be_bytes()[1..]);
            v
        };
        let mut list = match (m.kind, m.formatted) {
            (_, Some(c)) => desc(c, 2, SECTOR as u32),
            (
                MediumKind::DvdPlusRw
                | MediumKind::BdRe
                | MediumKind::BdR
                | MediumKind::DvdRw
                | MediumKind::DvdRam,
                None,
            ) => desc(m.raw_capacity, 1, SECTOR as u32),
            _ => desc(m.capacity(), 3, SECTOR as u32),
        };
        match m.kind {
            MediumKind::DvdPlusRw => list.extend(desc(2_295_104, 0x26 << 2, 0)),
            MediumKind::DvdRam => list.extend(desc(
                super::DVD_RAM_BLOCKS,
                0,
                super::media_rules::DVD_RAM_BLOCK_LENGTH,
            )),
            MediumKind::DvdRw | MediumKind::DvdRwRestricted => {
                for (t, blocks, param) in super::dvd_rw::formattable(m) {
                    list.extend(desc(blocks, t << 2, param));
                }
            }
            MediumKind::BdRe => {
                list.extend(desc(BD_BLOCKS_WITH_SPARES, 0, 0x3000));
                for b in [BD_BLOCKS_WITH_SPARES, 11_564_032, 12_088_320] {
                    list.extend(desc(b, 0x30 << 2, 0x3000));
                }
                list.extend(desc(BD_BLOCKS, 0x31 << 2, 0x800));
            }
            _ => {}
        }
        let mut d = vec![0, 0, 0, list.len() as u8];
        d.extend(list);
        reply(dir, &d, alloc16(cdb, 7))
    }

    pub(crate) fn read_toc(&mut self, cdb: &[u8], dir: DataDirection<'_>) -> Result<usize, Fail> {
        let msf = cdb[1] & 0x02 != 0;
        let format = cdb[2] & 0x0F;
        let from_track = cdb[6];
        let m = self.need_medium()?;
        let addr = |lba: u32| {
            if msf {
                msf_bytes(lba as i32)
            } else {
                lba.to_be_bytes()
            }
        };
        let recorded: Vec<_> = m
            .tracks
            .iter()
            .filter(|t| t.recorded > 0 || t.is_closed())
            .collect();
        let body: (u8, u8, Vec<u8>) = match format {
            0 | 1 if !recorded.is_empty() || m.kind.is_random() && m.formatted.is_some() => {
                let entries: Vec<(u8, u32, bool)> = if m.kind.is_random() {
                    vec![(1, 0, false)]
                } else {
                    recorded
                        .iter()
                        .map(|t| (t.number as u8, t.start, t.audio))
                        .collect()
                };
                let last = entries.last().map_or(1, |e| e.0);
                let mut v = Vec::new();
                if format == 1 {
                    let first_of_last = recorded
                        .iter()
                        .find(|t| t.session == recorded.last().map_or(1, |l| l.session))
                        .map_or((1, 0), |t| (t.number as u8, t.start));
                    v.extend_from_slice(&[0, 0x14, first_of_last.0, 0]);
                    v.extend_from_slice(&addr(first_of_last.1));
                    (1, m.closed_sessions.max(1) as u8, v)
                } else {
                    for (n, start, audio) in entries.iter().filter(|e| e.0 >= from_track.max(1)) {
                        v.extend_from_slice(&[0, if *audio { 0x10 } else { 0x14 }, *n, 0]);
                        v.extend_from_slice(&addr(*start));
                    }
                    v.extend_from_slice(&[0, 0x14, 0xAA, 0]);
                    v.extend_from_slice(&addr(m.recorded_end()));
                    (1, last, v)
                }
            }
            2 if m.kind.is_cd() && !recorded.is_empty() => {
                let mut v = Vec::new();
                for s in 1..=m.closed_sessions.max(1) {
                    let ts: Vec<_> = recorded.iter().filter(|t| t.session == s).collect();
                    let (Some(first), Some(last)) = (ts.first(), ts.last()) else {
                        continue;
                    };
                    let end = last.start + last.closed_size.unwrap_or(last.recorded);
                    let ctl = |t: &&&super::Track| if t.audio { 0x10 } else { 0x14 };
                    let (first_ctl, last_ctl) = (ctl(first), ctl(last));
                    let mut point = |control: u8, p: u8, pm: [u8; 3]| {
                        v.extend_from_slice(&[
                            s as u8, control, 0, p, 0, 0, 0, 0, pm[0], pm[1], pm[2],
                        ]);
                    };
                    point(first_ctl, 0xA0, [first.number as u8, 0, 0]);
                    point(last_ctl, 0xA1, [last.number as u8, 0, 0]);
                    let [_, a, b, c] = msf_bytes(end as i32);
                    point(last_ctl, 0xA2, [a, b, c]);
                    for t in &ts {
                        let [_, a, b, c] = msf_bytes(t.start as i32);
                        point(ctl(t), t.number as u8, [a, b, c]);
                    }
                }
                (1, m.closed_sessions.max(1) as u8, v)
            }
            4 if m.kind.is_cd() => {
                let mut v = vec![0x80, 0, 0x80 | u8::from(m.kind.is_erasable()) << 6, 0];
                v.extend_from_slice(&msf_bytes(CD_LEAD_IN_START)[1..]);
                v.push(0);
                v.extend_from_slice(&msf_bytes(m.raw_capacity as i32)[1..]);
                v.extend_from_slice(&[0; 13]);
                (0, 0, v)
            }
            // CD-TEXT: the packs of the lead-in, 18 bytes each; only the header without.
            5 if m.kind.is_cd() => (0, 0, m.cd_text.iter().flatten().copied().collect()),
            _ => return Err(invalid_field()),
        };
        let mut d = ((body.2.len() + 2) as u16).to_be_bytes().to_vec();
        d.extend_from_slice(&[body.0, body.1]);
        d.extend(body.2);
        reply(dir, &d, alloc16(cdb, 7))
    }
}
