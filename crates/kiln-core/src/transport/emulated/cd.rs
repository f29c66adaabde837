//! CD specifics of the emulated drive: session-at-once writing driven by a cue sheet, audio
//! (2352-byte) blocks, and READ CD.
//!
//! SAO as the drive sees it: page 05h says write type 2, SEND CUE SHEET describes the session
//! (lead-in, tracks with index 00/01, lead-out, binary MSF), then the host writes every block from
//! the first pregap (LBA −150) to the lead-out in one sequential stream: 2048-byte blocks where the
//! cue sheet says data (forms 10h/14h), 2352 where it says audio (00h/01h). SYNCHRONIZE CACHE
//! after the last block writes the lead-out and the disc becomes complete (appendable with page
//! 05h multi-session 11b). No CLOSE is needed or accepted.
//!
//! CD-TEXT: a lead-in entry with data form 41h (CD-DA, packed R-W data from the host) at
//! 00:00:00 or at the lead-in start (libburn sends the first, cdrdao tries the second) moves the
//! start of the stream to the lead-in start, [`CD_LEAD_IN_START`]: the host must then write
//! 96-byte blocks (four packs of 24 six-bit symbols) from there to LBA −151 before the pregap.
//! A WRITE elsewhere is 5/21/02, one with the wrong number of bytes is refused, and a drive
//! built [`EmulatedDrive::without_cd_text`] refuses the cue sheet (5/26/00). When the session
//! is complete the drive keeps one cycle of the packs for READ TOC format 5.

use super::medium::{Track, CD_LEAD_IN_START};
use super::{be32, check, EmulatedDrive, Fail, SECTOR};
use crate::audio::subchannel::{self, RW_BLOCK, SYMBOLS_PER_PACK};
use crate::mmc::cdb_write::msf_to_lba;
use crate::mmc::mode::MultiSession;
use crate::transport::{DataDirection, TransportError};

/// Bytes of a CD-DA block.
pub const AUDIO_SECTOR: usize = 2352;

/// One track of a cue sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CueTrack {
    number: u8,
    pregap: i32,
    start: i32,
    audio: bool,
}

/// The session a cue sheet describes, and how far the host has written it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SaoPlan {
    tracks: Vec<CueTrack>,
    lead_out: i32,
    next: i32,
    /// The packs written into the lead-in so far, in order (CD-TEXT only).
    lead_in_packs: Vec<[u8; 18]>,
}

impl SaoPlan {
    /// Parses and checks a cue sheet; `None` for anything a drive would reject (5/26/00).
    /// `cd_text` says whether this drive records R-W data in the lead-in (data form 41h).
    pub(crate) fn parse(sheet: &[u8], cd_text: bool) -> Option<SaoPlan> {
        let mut tracks: Vec<CueTrack> = Vec::new();
        let mut lead_out = None;
        let mut last_lba = i32::MIN;
        let mut saw_lead_in = false;
        let mut with_text = false;
        for e in sheet.chunks_exact(8) {
            let adr = e[0] & 0x0F;
            if adr != 1 {
                continue; // MCN / ISRC entries
            }
            let lba = msf_to_lba(e[5], e[6], e[7]);
            let (tno, index, form) = (e[1], e[2], e[3]);
            match tno {
                0 => {
                    // Lead-in: audio pause, Mode 1 pause, or audio with packed R-W (CD-TEXT)
                    // at 00:00:00 or the lead-in start.
                    let text_ok = cd_text && (lba == -150 || lba == CD_LEAD_IN_START);
                    if saw_lead_in || !(matches!(form, 0x01 | 0x14) || form == 0x41 && text_ok) {
                        return None;
                    }
                    saw_lead_in = true;
                    with_text = form == 0x41;
                    continue;
                }
                0xAA => {
                    if lead_out.is_some() || !matches!(form, 0x01 | 0x14) {
                        return None;
                    }
                    lead_out = Some(lba);
                }
                1..=99 => {
                    let audio = match form {
                        0x00 => true,
                        0x10 => false,
                        _ => return None,
                    };
                    match index {
                        0 => tracks.push(CueTrack {
                            number: tno,
                            pregap: lba,
                            start: lba,
                            audio,
                        }),
                        1 => match tracks.last_mut() {
                            Some(t) if t.number == tno => t.start = lba,
                            _ => tracks.push(CueTrack {
                                number: tno,
                                pregap: lba,
                                start: lba,
                                audio,
                            }),
                        },
                        _ => {}
                    }
                }
                _ => return None,
            }
            if lba < last_lba || lead_out.is_some() && tno != 0xAA {
                return None;
            }
            last_lba = lba;
        }
        let lead_out = lead_out?;
        let first = tracks.first()?;
        // Data form 41h is a CD-DA lead-in: CD-TEXT belongs to audio sessions (libburn
        // refuses it on anything but pure audio too).
        if !saw_lead_in
            || with_text && !first.audio
            || first.number != 1
            || first.pregap != -150
            || lead_out <= tracks.last()?.start
        {
            return None;
        }
        let next = if with_text {
            CD_LEAD_IN_START
        } else {
            first.pregap
        };
        Some(SaoPlan {
            tracks,
            lead_out,
            next,
            lead_in_packs: Vec::new(),
        })
    }

    /// True if the block at `lba` is audio.
    fn audio_at(&self, lba: i32) -> bool {
        self.tracks
            .iter()
            .rev()
            .find(|t| t.pregap <= lba)
            .is_some_and(|t| t.audio)
    }

    fn complete(&self) -> bool {
        self.next == self.lead_out
    }
}

/// The packs of one pass through a lead-in that repeats them: up to the first repeat of the
/// first pack (packs carry sequence numbers, so one pass has no two alike).
fn one_cycle(packs: &[[u8; 18]]) -> Vec<[u8; 18]> {
    let Some(first) = packs.first() else {
        return Vec::new();
    };
    let end = packs[1..]
        .iter()
        .position(|p| p == first)
        .map_or(packs.len(), |i| i + 1);
    packs[..end].to_vec()
}

impl EmulatedDrive {
    /// WRITE during session at once.
    pub(crate) fn write_sao(
        &mut self,
        lba: u32,
        blocks: u32,
        dir: DataDirection<'_>,
    ) -> Result<usize, Fail> {
        let simulate = self.write_params.test_write;
        let Some(plan) = self.sao.as_mut() else {
            return Err(check(5, 0x2C, 0x00)); // no cue sheet yet
        };
        let lba = lba as i32; // LBAs of the pregap are negative, two's complement
        if lba != plan.next {
            return Err(check(5, 0x21, 0x02));
        }
        if i64::from(lba) + i64::from(blocks) > i64::from(plan.lead_out) {
            return Err(check(5, 0x21, 0x00));
        }
        let sizes: Vec<usize> = (0..blocks as i32)
            .map(|i| {
                if lba + i < -150 {
                    RW_BLOCK // the lead-in: four CD-TEXT packs
                } else if plan.audio_at(lba + i) {
                    AUDIO_SECTOR
                } else {
                    SECTOR
                }
            })
            .collect();
        let total: usize = sizes.iter().sum();
        let DataDirection::ToDevice(bytes) = dir else {
            return Err(Fail::Transport(TransportError::InvalidRequest(
                "WRITE needs a ToDevice buffer".into(),
            )));
        };
        if bytes.len() != total {
            return Err(Fail::Transport(TransportError::InvalidRequest(format!(
                "WRITE of {blocks} blocks here needs {total} bytes (per the cue sheet), got {}",
                bytes.len()
            ))));
        }
        plan.next += blocks as i32;
        if simulate {
            return Ok(total);
        }
        let mut offset = 0;
        for (i, size) in sizes.into_iter().enumerate() {
            let block = &bytes[offset..offset + size];
            offset += size;
            let l = lba + i as i32;
            if size == RW_BLOCK {
                for symbols in block.chunks_exact(SYMBOLS_PER_PACK) {
                    let mut s = [0u8; SYMBOLS_PER_PACK];
                    s.copy_from_slice(symbols);
                    plan.lead_in_packs.push(subchannel::from_symbols(&s));
                }
                continue;
            }
            if l < 0 {
                continue; // the first pregap is not user data
            }
            if size == AUDIO_SECTOR {
                self.audio
                    .insert(l as u32, block.to_vec().into_boxed_slice());
            } else {
                self.store
                    .write(l as u32, block)
                    .map_err(|e| check(3, 0x0C, 0x00).or_io(e))?;
            }
        }
        Ok(total)
    }

    /// SYNCHRONIZE CACHE after the last SAO block: lead-out written, tracks on the disc.
    pub(crate) fn finish_sao(&mut self) {
        if self.write_params.test_write || !self.sao.as_ref().is_some_and(SaoPlan::complete) {
            return;
        }
        let Some(plan) = self.sao.take() else { return };
        let cd_text = one_cycle(&plan.lead_in_packs);
        let appendable = self.write_params.multi_session == MultiSession::Appendable;
        let Some(m) = self.medium.as_mut() else {
            return;
        };
        m.tracks.clear();
        for (i, t) in plan.tracks.iter().enumerate() {
            let end = plan.tracks.get(i + 1).map_or(plan.lead_out, |n| n.pregap);
            let mut track = Track::new(u16::from(t.number), 1, t.start.max(0) as u32);
            track.recorded = (end - t.start.max(0)).max(0) as u32;
            track.closed_size = Some(track.recorded);
            track.audio = t.audio;
            m.tracks.push(track);
        }
        m.close_session(appendable);
        m.cd_text = cd_text;
        self.cue_sheet = None;
    }

    /// READ CD: user data only (byte 9 = 10h); 2352 bytes per audio block, 2048 per data block.
    pub(crate) fn read_cd(&mut self, cdb: &[u8], dir: DataDirection<'_>) -> Result<usize, Fail> {
        let lba = be32(cdb, 2);
        let blocks = u32::from_be_bytes([0, cdb[6], cdb[7], cdb[8]]);
        let sector_type = (cdb[1] >> 2) & 0x07;
        if cdb[9] != 0x10 || cdb[10] & 0x07 != 0 {
            return Err(super::invalid_field()); // raw sectors and sub-channels are not emulated
        }
        let m = self.need_medium()?;
        if !m.kind.is_cd() {
            return Err(check(5, 0x30, 0x00));
        }
        let tracks = m.tracks.clone();
        let room = dir.len();
        let mut out = Vec::new();
        for l in lba..lba.saturating_add(blocks) {
            if out.len() >= room {
                return Err(Fail::Transport(TransportError::InvalidRequest(format!(
                    "READ CD of {blocks} blocks does not fit a {room}-byte buffer"
                ))));
            }
            let Some(track) = tracks
                .iter()
                .find(|t| l >= t.start && l < t.start + t.recorded)
            else {
                // A later track's pregap (INDEX 00) lies between the tracks as recorded here;
                // its blocks were written in the SAO stream and read back as written.
                if let (Some(b), 0 | 1) = (self.audio.get(&l), sector_type) {
                    out.extend_from_slice(b);
                    continue;
                }
                return Err(check(5, 0x21, 0x00));
            };
            // Expected sector type: 0 any, 1 CD-DA, 2 Mode 1; a mismatch is 5/64/00.
            if (sector_type == 1 && !track.audio) || (sector_type >= 2 && track.audio) {
                return Err(check(5, 0x64, 0x00));
            }
            if track.audio {
                match self.audio.get(&l) {
                    Some(b) => out.extend_from_slice(b),
                    None => out.extend_from_slice(&[0; AUDIO_SECTOR]),
                }
            } else {
                let mut b = [0u8; SECTOR];
                self.store
                    .read(l, &mut b)
                    .map_err(|e| check(3, 0x11, 0x00).or_io(e))?;
                out.extend_from_slice(&b);
            }
        }
        let n = out.len();
        super::answers::reply(dir, &out, n)
    }
}
