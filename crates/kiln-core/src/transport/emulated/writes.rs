//! The emulated drive's handling of commands that write or change the medium.

use super::cd::{SaoPlan, AUDIO_SECTOR};
use super::medium::{MediumKind, BD_BLOCKS, BD_BLOCKS_WITH_SPARES};
use super::{be32, buffer, check, invalid_field, EmulatedDrive, Fail, SECTOR};
use crate::mmc::cdb_write::CloseFunction;
use crate::mmc::mode::{self, MultiSession, WriteParameters, WriteType, PAGE_WRITE_PARAMETERS};
use crate::transport::{DataDirection, TransportError};

fn data<'a>(dir: DataDirection<'a>, what: &str, len: usize) -> Result<&'a [u8], Fail> {
    match dir {
        DataDirection::ToDevice(d) if d.len() == len => Ok(d),
        DataDirection::ToDevice(d) => {
            Err(Fail::Transport(TransportError::InvalidRequest(format!(
                "{what}: the CDB announces {len} bytes but {} were given",
                d.len()
            ))))
        }
        DataDirection::None if len == 0 => Ok(&[]),
        _ => Err(Fail::Transport(TransportError::InvalidRequest(format!(
            "{what} sends data to the drive: give it a ToDevice buffer"
        )))),
    }
}

impl EmulatedDrive {
    pub(crate) fn write(&mut self, cdb: &[u8], dir: DataDirection<'_>) -> Result<usize, Fail> {
        let lba = be32(cdb, 2);
        let blocks = if cdb[0] == 0x2A {
            u32::from(u16::from_be_bytes([cdb[7], cdb[8]]))
        } else {
            be32(cdb, 6)
        };
        let params = self.write_params.clone();
        let kind = self.need_medium()?.kind;
        self.feed_buffer(dir.len())?;
        if kind.is_cd() && params.write_type == WriteType::SessionAtOnce {
            return self.write_sao(lba, blocks, dir);
        }
        let block_len = match (kind.is_cd(), params.data_block_type) {
            (false, _) | (true, 8 | 10) => SECTOR,
            (true, 0) => AUDIO_SECTOR,
            // Raw, sub-channel and Mode 2 formless blocks are not emulated.
            (true, _) => return Err(check(5, 0x64, 0x00)),
        };
        let audio = block_len == AUDIO_SECTOR;
        let bytes = data(dir, "WRITE", blocks as usize * block_len)?;
        let simulate = params.test_write && (kind.is_cd() || kind.is_dvd_minus_sequential());
        let sim_next = self.sim_next;
        let m = self.need_medium()?;
        if blocks == 0 {
            return Ok(0);
        }
        let end = u64::from(lba) + u64::from(blocks);
        if m.kind.is_random() {
            let Some(cap) = m.formatted else {
                return Err(check(2, 0x30, 0x10));
            };
            if end > u64::from(cap) {
                return Err(check(5, 0x21, 0x00));
            }
            if m.kind == MediumKind::DvdRwRestricted {
                super::dvd_rw::check_alignment(lba, blocks)?;
            }
            if m.kind == MediumKind::BdRRrm {
                super::media_rules::record_once(m, lba, end as u32)?;
            }
            m.high_water = m.high_water.max(end as u32);
        } else {
            if m.kind.is_dvd_minus_sequential()
                && params.write_type == WriteType::SessionAtOnce
                && !m.tracks.iter().any(|t| t.reserved.is_some())
            {
                return Err(check(5, 0x2C, 0x00)); // DAO needs RESERVE TRACK first
            }
            if m.finalized {
                return Err(check(5, 0x21, 0x02));
            }
            super::media_rules::check_write_type(m, params.write_type)?;
            let cap = u64::from(m.capacity());
            // In simulation the drive keeps its own cursor and records nothing.
            let nwa_of = |t: &super::Track| {
                if simulate {
                    sim_next.unwrap_or(t.nwa())
                } else {
                    t.nwa()
                }
            };
            let writable = |t: &&mut super::Track| {
                !t.is_closed()
                    && nwa_of(t) == lba
                    && t.reserved
                        .is_none_or(|r| lba.checked_sub(t.start).is_some_and(|o| o < r))
            };
            let Some(track) = m.tracks.iter_mut().find(writable) else {
                return Err(if u64::from(lba) >= cap {
                    check(5, 0x21, 0x00)
                } else {
                    check(5, 0x21, 0x02)
                });
            };
            let limit = track
                .reserved
                .map_or(cap, |r| u64::from(track.start) + u64::from(r));
            if end > limit {
                return Err(if track.reserved.is_some() {
                    check(5, 0x63, 0x00)
                } else {
                    check(5, 0x21, 0x00)
                });
            }
            if track.recorded > 0 && track.audio != audio {
                return Err(check(5, 0x64, 0x00)); // one track, one block type
            }
            if simulate {
                self.sim_next = Some(end as u32);
                return Ok(bytes.len());
            }
            track.audio = audio;
            track.recorded += blocks;
        }
        if audio {
            for (i, b) in bytes.chunks(AUDIO_SECTOR).enumerate() {
                self.audio
                    .insert(lba + i as u32, b.to_vec().into_boxed_slice());
            }
            return Ok(bytes.len());
        }
        let kept = match self.drop_writes_from {
            Some(from) => (from.saturating_sub(lba) as usize * SECTOR).min(bytes.len()),
            None => bytes.len(),
        };
        self.store
            .write(lba, &bytes[..kept])
            .map_err(|e| check(3, 0x0C, 0x00).or_io(e))?;
        Ok(bytes.len())
    }

    /// Bytes of user data a drive second at the current speed and block type.
    pub(crate) fn drain_rate(&self) -> f64 {
        let kind = self.medium.as_ref().map_or(MediumKind::CdR, |m| m.kind);
        let block_len = if kind.is_cd()
            && (self.write_params.write_type == WriteType::SessionAtOnce
                || self.write_params.data_block_type == 0)
        {
            AUDIO_SECTOR
        } else {
            SECTOR
        };
        buffer::user_bytes_per_second(kind, self.current_write_kbps(), block_len)
    }

    /// A WRITE's data enters the drive buffer (held while it is full); an underrun the drive
    /// cannot absorb is 3/0C/09 LOSS OF STREAMING. The data of a refused WRITE is not recorded.
    fn feed_buffer(&mut self, bytes: usize) -> Result<(), Fail> {
        let kind = self.medium.as_ref().map_or(MediumKind::CdR, |m| m.kind);
        // DVD+R/+RW and BD link without loss; CD and DVD-R need BUFE from the host.
        let protected = !(kind.is_cd() || kind.is_dvd_minus_sequential())
            || (self.underrun_protection && self.write_params.bufe);
        let rate = self.drain_rate();
        self.buffer
            .write(bytes as u64, rate, protected)
            .map_err(|_| check(3, 0x0C, 0x09))
    }

    pub(crate) fn close(&mut self, cdb: &[u8]) -> Result<usize, Fail> {
        let rate = self.drain_rate();
        self.buffer.flush(rate);
        let function = CloseFunction::from_code(cdb[2] & 0x07).ok_or_else(invalid_field)?;
        let number = u16::from_be_bytes([cdb[4], cdb[5]]);
        let multi = self.write_params.multi_session == MultiSession::Appendable;
        if self.sao.is_some() {
            return Err(check(5, 0x2C, 0x00)); // SAO sessions end with SYNCHRONIZE CACHE
        }
        let simulate = self.write_params.test_write;
        let m = self.need_medium()?;
        if simulate && (m.kind.is_cd() || m.kind.is_dvd_minus_sequential()) {
            self.sim_next = None;
            return Ok(0);
        }
        let kind = m.kind;
        if kind.is_random() {
            return match (kind, function) {
                (
                    MediumKind::DvdPlusRw,
                    CloseFunction::StopBackgroundFormat
                    | CloseFunction::Session
                    | CloseFunction::FinalizeDvdRw,
                ) => Ok(0),
                (MediumKind::DvdRwRestricted, CloseFunction::Session) => {
                    m.needs_close = false;
                    Ok(0)
                }
                _ => Err(invalid_field()),
            };
        }
        if m.finalized {
            return Err(check(5, 0x2C, 0x00));
        }
        match function {
            CloseFunction::Track => {
                let t = m
                    .tracks
                    .iter()
                    .find(|t| t.number == number && !t.is_closed())
                    .ok_or_else(invalid_field)?;
                if t.recorded == 0 && t.reserved.is_none() {
                    return Err(check(5, 0x2C, 0x00));
                }
                m.close_track(number);
                Ok(0)
            }
            CloseFunction::Session
            | CloseFunction::SessionExtendedLeadOut
            | CloseFunction::FinalizeMinimalRadius
            | CloseFunction::Finalize => {
                let appendable =
                    super::media_rules::session_close_appendable(kind, function, multi)?;
                let anything = m
                    .last_session_tracks()
                    .any(|t| t.recorded > 0 || t.reserved.is_some());
                if !anything {
                    return Err(check(5, 0x2C, 0x00));
                }
                m.close_session(appendable);
                Ok(0)
            }
            _ => Err(invalid_field()),
        }
    }

    pub(crate) fn reserve_track(&mut self, cdb: &[u8]) -> Result<usize, Fail> {
        if cdb[1] & 0x03 != 0 {
            return Err(invalid_field()); // RMZ / ARSV reservations are not emulated
        }
        let size = be32(cdb, 5);
        let m = self.need_medium()?;
        if m.kind.is_random() || m.finalized {
            return Err(check(5, 0x2C, 0x00));
        }
        let cap = m.capacity();
        let unit = m.kind.padding_unit();
        let Some(t) = m
            .tracks
            .last_mut()
            .filter(|t| !t.is_closed() && t.reserved.is_none())
        else {
            return Err(check(5, 0x2C, 0x00));
        };
        if t.recorded != 0 {
            return Err(check(5, 0x2C, 0x00));
        }
        let size = size.div_ceil(unit) * unit;
        if size == 0 || u64::from(t.start) + u64::from(size) > u64::from(cap) {
            return Err(invalid_field());
        }
        t.reserved = Some(size);
        let (start, session, number) = (t.start + size, t.session, t.number + 1);
        if start < cap {
            m.tracks.push(super::Track::new(number, session, start));
        }
        Ok(0)
    }

    pub(crate) fn blank(&mut self, cdb: &[u8]) -> Result<usize, Fail> {
        let (kind, raw_capacity) = {
            let m = self.need_medium()?;
            (m.kind, m.raw_capacity)
        };
        if kind.is_dvd_rw() {
            return self.blank_dvd_rw(cdb[1] & 0x07);
        }
        if kind != MediumKind::CdRw {
            return Err(check(5, 0x30, 0x00));
        }
        match cdb[1] & 0x07 {
            0 => {
                self.store
                    .clear()
                    .map_err(|e| check(3, 0x0C, 0x00).or_io(e))?;
            }
            1 => {}
            _ => return Err(invalid_field()), // track-wise blanking is not emulated
        }
        let mut blank = super::Medium::blank(kind);
        blank.raw_capacity = raw_capacity;
        self.medium = Some(blank);
        self.cue_sheet = None;
        self.sao = None;
        self.audio.clear();
        Ok(0)
    }

    pub(crate) fn format_unit(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
    ) -> Result<usize, Fail> {
        if cdb[1] & 0x17 != 0x11 {
            return Err(invalid_field()); // FmtData = 1 and format code 001b required
        }
        let p = data(dir, "FORMAT UNIT", 12)?;
        if u16::from_be_bytes([p[2], p[3]]) != 8 {
            return Err(check(5, 0x26, 0x00));
        }
        let blocks = be32(p, 4);
        let format_type = p[8] >> 2;
        let parameter = u32::from_be_bytes([0, p[9], p[10], p[11]]);
        let m = self.need_medium()?;
        if m.kind.is_dvd_rw() {
            super::dvd_rw::format(m, format_type, blocks, parameter)?;
            return Ok(0);
        }
        let capacity = match (m.kind, format_type) {
            (MediumKind::DvdPlusRw, 0x26) => 2_295_104,
            (MediumKind::BdRe, 0x00) => BD_BLOCKS_WITH_SPARES,
            (MediumKind::BdRe, 0x30)
                if [BD_BLOCKS_WITH_SPARES, 11_564_032, 12_088_320].contains(&blocks) =>
            {
                blocks
            }
            (MediumKind::BdRe, 0x31) => BD_BLOCKS,
            (MediumKind::DvdRam, t) => super::media_rules::format_dvd_ram(t, blocks, parameter)?,
            (MediumKind::DvdPlusRw | MediumKind::BdRe, _) => return Err(check(5, 0x26, 0x00)),
            // BD-R spare formatting (SRM+POW, RRM) is not emulated: those discs come formatted.
            (MediumKind::BdR | MediumKind::BdRPow | MediumKind::BdRRrm, _) => {
                return Err(invalid_field())
            }
            _ => return Err(check(5, 0x30, 0x06)),
        };
        m.formatted = Some(capacity);
        m.high_water = 0;
        Ok(0)
    }

    pub(crate) fn mode_select(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
    ) -> Result<usize, Fail> {
        if cdb[1] & 0x10 == 0 {
            return Err(invalid_field()); // PF must be 1
        }
        if cdb[1] & 0x01 != 0 {
            return Err(check(5, 0x39, 0x00)); // saving parameters not supported
        }
        let len = usize::from(u16::from_be_bytes([cdb[7], cdb[8]]));
        let p = data(dir, "MODE SELECT", len)?;
        if p.len() < mode::MODE_HEADER_LEN + 2 {
            return Err(check(5, 0x1A, 0x00));
        }
        let bdl = usize::from(u16::from_be_bytes([p[6], p[7]]));
        let page = p
            .get(mode::MODE_HEADER_LEN + bdl..)
            .filter(|pg| pg.len() >= 2)
            .ok_or(check(5, 0x1A, 0x00))?;
        if page[0] & 0x80 != 0 || page[0] & 0x3F != PAGE_WRITE_PARAMETERS {
            return Err(check(5, 0x26, 0x00));
        }
        if page.len() < usize::from(page[1]) + 2 {
            return Err(check(5, 0x1A, 0x00));
        }
        let wp = WriteParameters::parse(page).map_err(|_| check(5, 0x1A, 0x00))?;
        let kind = self.medium.as_ref().map(|m| m.kind);
        let valid_type = match kind {
            Some(MediumKind::CdR | MediumKind::CdRw) => {
                matches!(wp.write_type.code(), 0..=3)
                    && matches!(wp.data_block_type, 0..=3 | 8..=13)
            }
            Some(k) if k.is_dvd_minus_sequential() => matches!(wp.write_type.code(), 0 | 2),
            _ => true, // page 05h does not apply; drives take it and ignore it
        };
        if !valid_type {
            return Err(check(5, 0x26, 0x00));
        }
        self.write_params = wp;
        Ok(0)
    }

    pub(crate) fn set_streaming(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
    ) -> Result<usize, Fail> {
        if cdb[8] != 0 {
            return Err(invalid_field()); // only performance descriptors are emulated
        }
        let len = usize::from(u16::from_be_bytes([cdb[9], cdb[10]]));
        if len != 28 {
            return Err(check(5, 0x1A, 0x00));
        }
        let d = data(dir, "SET STREAMING", len)?;
        let time = be32(d, 24).max(1);
        self.write_speed_kbps =
            (u64::from(be32(d, 20)) * 1000 / u64::from(time)).min(u64::from(u32::MAX)) as u32;
        Ok(0)
    }

    pub(crate) fn send_cue_sheet(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
    ) -> Result<usize, Fail> {
        let len = u32::from_be_bytes([0, cdb[6], cdb[7], cdb[8]]) as usize;
        let sheet = data(dir, "SEND CUE SHEET", len)?.to_vec();
        let sao = self.write_params.write_type == WriteType::SessionAtOnce;
        let m = self.need_medium()?;
        if !m.kind.is_cd() {
            return Err(check(5, 0x30, 0x00));
        }
        if !m.is_blank() || !sao {
            return Err(check(5, 0x2C, 0x00));
        }
        if len == 0 || len % 8 != 0 {
            return Err(check(5, 0x26, 0x00));
        }
        let plan = SaoPlan::parse(&sheet, self.cd_text_writing).ok_or(check(5, 0x26, 0x00))?;
        self.sao = Some(plan);
        self.cue_sheet = Some(sheet);
        Ok(0)
    }
}
