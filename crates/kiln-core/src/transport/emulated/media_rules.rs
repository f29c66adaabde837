//! The emulated drive's rules for the media beyond the first seven (MMC-NOTES (d), (e), (g),
//! (h), (i) and §3 for the sizes):
//!
//! - **DVD+R DL** (002Bh) closes a session with 010b or 100b (extended lead-out) and stays
//!   appendable; it is finalized with 101b. 110b is refused with 5/24/00, as by the HP dvd520n
//!   that made growisofs finalize DL discs with 101b (`plus_r_finalize`).
//!   READ DISC STRUCTURE format 20h reports the layer 0 data zone capacity (half the disc
//!   until set) and whether it is fixed; SEND DISC STRUCTURE format 20h sets it on a blank
//!   disc, once, to a whole number of ECC blocks no larger than the default (growisofs'
//!   `plus_r_dl_split`); on other media, or for other formats, both answer 5/24/00.
//! - **DVD-R DL** (0015h) has no multisession (growisofs' transport notes): CLOSE SESSION
//!   finalizes it whatever page 05h says.
//! - **DVD-RW** can be blanked back to sequential recording (0014h) from either mode: BLANK
//!   full (000b) erases everything; minimal (001b) leaves the data and removes incremental
//!   recording (feature 0021h), so an incremental WRITE answers 5/64/00 ILLEGAL MODE FOR THIS
//!   TRACK until a full blank, and only disc at once works (libburn `was_feat21h_failure`,
//!   growisofs). A disc at once track is closed by the SYNCHRONIZE CACHE after its last block.
//! - **DVD-RAM** (0012h) comes unformatted here: READ FORMAT CAPACITIES offers type 00h with
//!   the block length 800h as parameter (what tcmu-runner's DVD-RAM takes), FORMAT UNIT 00h
//!   with exactly that descriptor formats it; writes before that are 2/30/10.
//! - **BD-R with pseudo-overwrite** (0041h + feature 0038h): CLOSE TRACK works, CLOSE SESSION
//!   and finalizing answer 5/24/00 (growisofs' Debian patch `fix_burning_bd-r_discs`).
//! - **BD-R RRM** (0042h): formatted, random writes, each block once: writing a recorded block
//!   again answers 5/21/02 INVALID ADDRESS FOR WRITE (logical overwrite is not emulated).

use super::answers::{alloc16, reply};
use super::medium::{Medium, MediumKind, DVD_RAM_BLOCKS};
use super::{be32, check, invalid_field, EmulatedDrive, Fail, SECTOR};
use crate::mmc::cdb_write::CloseFunction;
use crate::mmc::mode::WriteType;
use crate::transport::{DataDirection, TransportError};

/// FORMAT UNIT type 00h's parameter for DVD-RAM: the block length.
pub(crate) const DVD_RAM_BLOCK_LENGTH: u32 = SECTOR as u32;

/// Whether closing the session of a sequential medium with `function` leaves it appendable
/// (`multi`: page 05h asks for a next session), or the refusal a drive gives.
pub(crate) fn session_close_appendable(
    kind: MediumKind,
    function: CloseFunction,
    multi: bool,
) -> Result<bool, Fail> {
    use CloseFunction as F;
    use MediumKind as K;
    match (kind, function) {
        (K::CdR | K::CdRw | K::DvdR | K::DvdRw, F::Session) => Ok(multi),
        (K::DvdRDl, F::Session) => Ok(false),
        (K::DvdPlusR | K::BdR, F::Session) => Ok(true),
        (K::DvdPlusR, F::FinalizeMinimalRadius | F::Finalize) => Ok(false),
        (K::DvdPlusRDl, F::Session | F::SessionExtendedLeadOut) => Ok(true),
        (K::DvdPlusRDl, F::FinalizeMinimalRadius) => Ok(false),
        (K::BdR, F::Finalize) => Ok(false),
        _ => Err(invalid_field()),
    }
}

/// BD-R RRM: records `lba..end` once; a block already recorded is 5/21/02.
pub(crate) fn record_once(m: &mut Medium, lba: u32, end: u32) -> Result<(), Fail> {
    if m.recorded_extents.iter().any(|&(s, e)| lba < e && s < end) {
        return Err(check(5, 0x21, 0x02));
    }
    m.recorded_extents.push((lba, end));
    m.recorded_extents.sort_unstable();
    // Merge touching extents so the list stays short for long sequential burns.
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(m.recorded_extents.len());
    for &(s, e) in &m.recorded_extents {
        match merged.last_mut() {
            Some(last) if last.1 == s => last.1 = e,
            _ => merged.push((s, e)),
        }
    }
    m.recorded_extents = merged;
    Ok(())
}

/// An incremental WRITE on a minimally blanked DVD-RW is 5/64/00.
pub(crate) fn check_write_type(m: &Medium, write_type: WriteType) -> Result<(), Fail> {
    if m.incremental_lost && write_type == WriteType::Incremental {
        return Err(check(5, 0x64, 0x00));
    }
    Ok(())
}

/// The FORMAT UNIT of a DVD-RAM: type 00h with exactly the offered size and block length.
pub(crate) fn format_dvd_ram(format_type: u8, blocks: u32, parameter: u32) -> Result<u32, Fail> {
    if format_type == 0x00 && blocks == DVD_RAM_BLOCKS && parameter == DVD_RAM_BLOCK_LENGTH {
        Ok(DVD_RAM_BLOCKS)
    } else {
        Err(check(5, 0x26, 0x00))
    }
}

/// The default layer 0 data zone capacity of a DVD+R DL: half the disc in whole ECC blocks
/// (2,086,912 blocks on a full-size disc).
fn default_layer0(m: &Medium) -> u32 {
    (m.raw_capacity / 2) & !15
}

impl EmulatedDrive {
    /// READ DISC STRUCTURE: format 20h on a DVD+R DL only.
    pub(crate) fn read_disc_structure(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
    ) -> Result<usize, Fail> {
        let m = self.need_medium()?;
        if cdb[7] != crate::mmc::cdb_write::DISC_STRUCTURE_LAYER_BOUNDARY
            || m.kind != MediumKind::DvdPlusRDl
        {
            return Err(invalid_field());
        }
        let mut d = vec![0u8; 12];
        d[1] = 10;
        d[4] = u8::from(m.layer0_fixed.is_some()) << 7;
        d[8..12].copy_from_slice(&m.layer0_fixed.unwrap_or(default_layer0(m)).to_be_bytes());
        reply(dir, &d, alloc16(cdb, 8))
    }

    /// SEND DISC STRUCTURE format 20h: sets the layer 0 capacity of a blank DVD+R DL.
    pub(crate) fn send_disc_structure(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
    ) -> Result<usize, Fail> {
        let len = alloc16(cdb, 8);
        let p = match dir {
            DataDirection::ToDevice(p) if p.len() == len => p,
            _ => {
                return Err(Fail::Transport(TransportError::InvalidRequest(
                    "SEND DISC STRUCTURE: give exactly the announced parameter bytes".into(),
                )))
            }
        };
        let m = self.need_medium()?;
        if cdb[7] != crate::mmc::cdb_write::DISC_STRUCTURE_LAYER_BOUNDARY
            || m.kind != MediumKind::DvdPlusRDl
        {
            return Err(invalid_field());
        }
        if !m.is_blank() || m.layer0_fixed.is_some() {
            return Err(check(5, 0x2C, 0x00)); // only before writing, once
        }
        if p.len() < 12 || u16::from_be_bytes([p[0], p[1]]) != 10 {
            return Err(check(5, 0x1A, 0x00));
        }
        let l0 = be32(p, 8);
        if l0 == 0 || l0 % 16 != 0 || l0 > default_layer0(m) {
            return Err(check(5, 0x26, 0x00));
        }
        m.layer0_fixed = Some(l0);
        // Layer 1 is as long as layer 0 (opposite track path): the disc holds twice L0.
        m.raw_capacity = m.raw_capacity.min(2 * l0);
        Ok(0)
    }

    /// BLANK of a DVD-RW in either recording mode: it comes back in sequential recording
    /// (profile 0014h); see the module docs for what minimal blanking leaves behind.
    pub(crate) fn blank_dvd_rw(&mut self, blank_type: u8) -> Result<usize, Fail> {
        let minimal = match blank_type {
            0 => false,
            1 => true,
            _ => return Err(invalid_field()), // track-wise blanking is not emulated
        };
        let raw_capacity = self.need_medium()?.raw_capacity;
        if !minimal {
            self.store
                .clear()
                .map_err(|e| check(3, 0x0C, 0x00).or_io(e))?;
        }
        let mut blank = Medium::blank(MediumKind::DvdRw);
        blank.raw_capacity = raw_capacity;
        blank.incremental_lost = minimal;
        self.medium = Some(blank);
        self.write_params = MediumKind::DvdRw.default_write_parameters();
        Ok(0)
    }

    /// After SYNCHRONIZE CACHE: a DVD-R/-RW disc at once track whose reserved blocks are all
    /// written is closed with its session, and the disc finalized (the drive writes the
    /// lead-out; disc at once has no CLOSE, MMC-NOTES (d)).
    pub(crate) fn finish_dao(&mut self) {
        if self.write_params.write_type != WriteType::SessionAtOnce || self.write_params.test_write
        {
            return;
        }
        let Some(m) = self.medium.as_mut() else {
            return;
        };
        if !m.kind.is_dvd_minus_sequential() || m.finalized {
            return;
        }
        let done = m
            .tracks
            .iter()
            .any(|t| t.reserved.is_some_and(|r| r > 0 && t.recorded >= r));
        if done {
            m.close_session(false);
        }
    }
}
