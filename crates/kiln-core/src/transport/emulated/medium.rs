//! The state of the disc in the emulated drive: tracks, sessions, formatting, capacity.

use crate::mmc::mode::{MultiSession, WriteParameters};
use crate::mmc::profile::Profile;

/// Kinds of writable media the emulator knows, with realistic capacities in 2048-byte blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediumKind {
    /// CD-R, 80 minutes (ATIP lead-out 79:59:74 = 359,849 blocks).
    CdR,
    /// CD-RW, 80 minutes.
    CdRw,
    /// DVD-R single layer, sequential (2,298,496 blocks).
    DvdR,
    /// DVD-RW in sequential recording mode (profile 0014h; 2,297,888 blocks): written like a
    /// DVD-R. FORMAT UNIT type 10h or 15h turns the disc into [`MediumKind::DvdRwRestricted`].
    DvdRw,
    /// DVD-RW in restricted overwrite mode (profile 0013h): formatted, written anywhere in
    /// whole 32 KiB ECC blocks, like a DVD+RW. The same physical disc as [`MediumKind::DvdRw`]
    /// in its other recording mode, so the emulator switches the medium's kind when it formats.
    DvdRwRestricted,
    /// DVD+R single layer (2,295,104 blocks).
    DvdPlusR,
    /// DVD+RW (2,295,104 blocks once formatted).
    DvdPlusRw,
    /// BD-R single layer, sequential recording mode (12,219,392 blocks).
    BdR,
    /// BD-RE single layer (12,219,392 blocks without spares, 11,826,176 with default spares).
    BdRe,
    /// DVD+R dual layer (profile 002Bh, 4,173,824 blocks): written like a DVD+R; finalized
    /// with close function 101b only (see the `layers` module).
    DvdPlusRDl,
    /// DVD-R dual layer in sequential recording (profile 0015h, 4,171,712 blocks): written
    /// like a DVD-R, but has no multisession: closing the session always finalizes it.
    DvdRDl,
    /// DVD-RAM (profile 0012h), sold unformatted here: FORMAT UNIT type 00h gives 2,236,704
    /// blocks written anywhere (see the `random` module).
    DvdRam,
    /// BD-R in sequential recording mode formatted for pseudo-overwrite (profile 0041h with
    /// feature 0038h current): CLOSE SESSION and finalizing are refused with 5/24/00, as the
    /// drives growisofs' Debian patch was written for do (see the `random` module).
    BdRPow,
    /// BD-R in random recording mode (profile 0042h), formatted with spares: written anywhere,
    /// each block once.
    BdRRrm,
}

/// Blocks of a DVD+R DL (MMC-NOTES §3, from cdrtfe).
pub const DVD_PLUS_R_DL_BLOCKS: u32 = 4_173_824;
/// Blocks of a DVD-R DL (MMC-NOTES §3, from cdrtfe).
pub const DVD_R_DL_BLOCKS: u32 = 4_171_712;
/// Blocks of a formatted 4.7 GB DVD-RAM.
pub const DVD_RAM_BLOCKS: u32 = 2_236_704;

/// Blocks of an unformatted BD-RE / BD-R, or one formatted without spares (format 31h).
pub const BD_BLOCKS: u32 = 12_219_392;
/// Blocks of a BD-RE formatted with the default spare areas (format 00h / 30h).
pub const BD_BLOCKS_WITH_SPARES: u32 = 11_826_176;
/// Blocks of a single-layer DVD-RW (sequential, or formatted for restricted overwrite with the
/// full-size descriptor of format 10h or 15h).
pub const DVD_RW_BLOCKS: u32 = 2_297_888;
/// Lead-in start of the emulated CDs, as an LBA (97:26:65).
pub const CD_LEAD_IN_START: i32 = -11635;

impl MediumKind {
    /// The profile the drive reports for this medium.
    pub fn profile(self) -> Profile {
        match self {
            MediumKind::CdR => Profile::CdR,
            MediumKind::CdRw => Profile::CdRw,
            MediumKind::DvdR => Profile::DvdRSequential,
            MediumKind::DvdRw => Profile::DvdRwSequential,
            MediumKind::DvdRwRestricted => Profile::DvdRwRestrictedOverwrite,
            MediumKind::DvdPlusR => Profile::DvdPlusR,
            MediumKind::DvdPlusRw => Profile::DvdPlusRw,
            MediumKind::BdR => Profile::BdRSequential,
            MediumKind::BdRe => Profile::BdRe,
            MediumKind::DvdPlusRDl => Profile::DvdPlusRDualLayer,
            MediumKind::DvdRDl => Profile::DvdRDualLayerSequential,
            MediumKind::DvdRam => Profile::DvdRam,
            MediumKind::BdRPow => Profile::BdRSequential,
            MediumKind::BdRRrm => Profile::BdRRandom,
        }
    }

    /// Capacity of the blank (or, for DVD+RW, formatted) medium in 2048-byte blocks.
    pub fn capacity(self) -> u32 {
        match self {
            MediumKind::CdR | MediumKind::CdRw => 359_849,
            MediumKind::DvdR => 2_298_496,
            MediumKind::DvdRw | MediumKind::DvdRwRestricted => DVD_RW_BLOCKS,
            MediumKind::DvdPlusR | MediumKind::DvdPlusRw => 2_295_104,
            MediumKind::BdR | MediumKind::BdRe => BD_BLOCKS,
            MediumKind::DvdPlusRDl => DVD_PLUS_R_DL_BLOCKS,
            MediumKind::DvdRDl => DVD_R_DL_BLOCKS,
            MediumKind::DvdRam => DVD_RAM_BLOCKS,
            // Formatted with the default spare areas, which is what makes them smaller.
            MediumKind::BdRPow | MediumKind::BdRRrm => BD_BLOCKS_WITH_SPARES,
        }
    }

    /// True for media written anywhere once formatted (DVD+RW, BD-RE).
    pub fn is_random(self) -> bool {
        matches!(
            self,
            MediumKind::DvdPlusRw
                | MediumKind::BdRe
                | MediumKind::DvdRwRestricted
                | MediumKind::DvdRam
                | MediumKind::BdRRrm
        )
    }

    /// True for DVD-R and sequential DVD-RW: page 05h, incremental or DAO, test write, link
    /// loss without buffer-underrun protection.
    pub fn is_dvd_minus_sequential(self) -> bool {
        matches!(
            self,
            MediumKind::DvdR | MediumKind::DvdRw | MediumKind::DvdRDl
        )
    }

    /// True for DVD+R, single or dual layer.
    pub fn is_dvd_plus_r(self) -> bool {
        matches!(self, MediumKind::DvdPlusR | MediumKind::DvdPlusRDl)
    }

    /// True for BD-R in sequential recording mode, with or without pseudo-overwrite.
    pub fn is_bd_r_sequential(self) -> bool {
        matches!(self, MediumKind::BdR | MediumKind::BdRPow)
    }

    /// True for DVD-RW in either recording mode.
    pub fn is_dvd_rw(self) -> bool {
        matches!(self, MediumKind::DvdRw | MediumKind::DvdRwRestricted)
    }

    /// True for CDs.
    pub fn is_cd(self) -> bool {
        matches!(self, MediumKind::CdR | MediumKind::CdRw)
    }

    /// True for media that can be erased or overwritten.
    pub fn is_erasable(self) -> bool {
        matches!(
            self,
            MediumKind::CdRw
                | MediumKind::DvdPlusRw
                | MediumKind::BdRe
                | MediumKind::DvdRw
                | MediumKind::DvdRwRestricted
                | MediumKind::DvdRam
        )
    }

    /// Recording unit that a closed track is padded to (DVD ECC block 16, BD cluster 32).
    pub fn padding_unit(self) -> u32 {
        match self {
            MediumKind::CdR | MediumKind::CdRw => 1,
            MediumKind::DvdR
            | MediumKind::DvdRw
            | MediumKind::DvdRwRestricted
            | MediumKind::DvdPlusR
            | MediumKind::DvdPlusRw
            | MediumKind::DvdPlusRDl
            | MediumKind::DvdRDl
            | MediumKind::DvdRam => 16,
            MediumKind::BdR | MediumKind::BdRe | MediumKind::BdRPow | MediumKind::BdRRrm => 32,
        }
    }

    /// The write parameters page the drive holds after loading this medium.
    pub fn default_write_parameters(self) -> WriteParameters {
        if self.is_dvd_minus_sequential() {
            WriteParameters::dvd_r_incremental(MultiSession::Finalize)
        } else {
            WriteParameters::cd_tao_data(MultiSession::Finalize)
        }
    }
}

/// One track of a sequential medium.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Track {
    /// Logical track number.
    pub number: u16,
    /// Session number.
    pub session: u16,
    /// First LBA.
    pub start: u32,
    /// Blocks recorded so far.
    pub recorded: u32,
    /// Size set by RESERVE TRACK.
    pub reserved: Option<u32>,
    /// Size once closed (recorded, padded, plus CD run-out).
    pub closed_size: Option<u32>,
    /// CD-DA track (2352-byte blocks): READ(10) refuses it, READ CD returns it.
    pub audio: bool,
}

impl Track {
    /// An empty open track.
    pub fn new(number: u16, session: u16, start: u32) -> Self {
        Track {
            number,
            session,
            start,
            recorded: 0,
            reserved: None,
            closed_size: None,
            audio: false,
        }
    }

    /// The next writable address of an open track.
    pub fn nwa(&self) -> u32 {
        self.start + self.recorded
    }

    /// True once closed.
    pub fn is_closed(&self) -> bool {
        self.closed_size.is_some()
    }
}

/// The disc in the drive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Medium {
    /// What it is.
    pub kind: MediumKind,
    /// Sequential media: the tracks; the last one is the open "invisible" track unless finalized.
    pub tracks: Vec<Track>,
    /// Sessions closed so far.
    pub closed_sessions: u16,
    /// No more writing possible.
    pub finalized: bool,
    /// Random media: formatted capacity (None = unformatted).
    pub formatted: Option<u32>,
    /// Random media: one past the highest LBA ever written.
    pub high_water: u32,
    /// Capacity of the unformatted or sequential medium (the kind's capacity unless a test
    /// shrank it).
    pub raw_capacity: u32,
    /// DVD-RW quick-formatted (FORMAT UNIT 15h) whose session has not been closed since: other
    /// drives may not read it until CLOSE SESSION (010b) writes its lead-out (MMC-NOTES (g)).
    pub needs_close: bool,
    /// CD-TEXT packs recorded in the lead-in (one cycle of what the host wrote), as READ TOC
    /// format 5 returns them; empty without CD-TEXT.
    pub cd_text: Vec<[u8; 18]>,
    /// DVD-RW blanked minimally (BLANK 001b): incremental recording (feature 0021h) is gone
    /// until a full blank, so only disc at once can write it (MMC-NOTES (g)).
    pub incremental_lost: bool,
    /// BD-R RRM: the extents recorded so far (start, end), each block writable once.
    pub recorded_extents: Vec<(u32, u32)>,
    /// DVD+R DL: the layer 0 data zone capacity set by SEND DISC STRUCTURE 20h (`None`: the
    /// default, half the disc, not fixed yet).
    pub layer0_fixed: Option<u32>,
}

impl Medium {
    /// A blank medium (random media unformatted).
    pub fn blank(kind: MediumKind) -> Self {
        let mut m = Medium {
            kind,
            tracks: Vec::new(),
            closed_sessions: 0,
            finalized: false,
            formatted: None,
            high_water: 0,
            raw_capacity: kind.capacity(),
            needs_close: false,
            cd_text: Vec::new(),
            incremental_lost: false,
            recorded_extents: Vec::new(),
            layer0_fixed: None,
        };
        if !kind.is_random() {
            m.tracks.push(Track::new(1, 1, 0));
        }
        if kind == MediumKind::DvdRwRestricted {
            // Restricted overwrite exists only on a formatted disc.
            m.formatted = Some(DVD_RW_BLOCKS);
        }
        if kind == MediumKind::BdRRrm {
            // Random recording mode exists only on a formatted BD-R.
            m.formatted = Some(BD_BLOCKS_WITH_SPARES);
        }
        m
    }

    /// Usable capacity in blocks.
    pub fn capacity(&self) -> u32 {
        self.formatted.unwrap_or(self.raw_capacity)
    }

    /// The open invisible track (last track) of a sequential medium.
    pub fn invisible(&self) -> Option<&Track> {
        self.tracks
            .last()
            .filter(|t| !t.is_closed() && t.reserved.is_none())
    }

    /// True if nothing has been recorded, reserved or closed.
    pub fn is_blank(&self) -> bool {
        if self.kind == MediumKind::BdRRrm {
            return self.recorded_extents.is_empty();
        }
        if self.kind.is_random() {
            return self.formatted.is_none();
        }
        self.closed_sessions == 0
            && !self.finalized
            && self
                .tracks
                .iter()
                .all(|t| t.recorded == 0 && t.reserved.is_none() && !t.is_closed())
    }

    /// Number of the session being written (or the last one if finalized).
    pub fn current_session(&self) -> u16 {
        self.tracks.last().map_or(1, |t| t.session)
    }

    /// Tracks of the last session.
    pub fn last_session_tracks(&self) -> impl Iterator<Item = &Track> {
        let s = self.current_session();
        self.tracks.iter().filter(move |t| t.session == s)
    }

    /// The track that contains `lba` (closed or recorded part, or the open track's range).
    pub fn track_at(&self, lba: u32) -> Option<&Track> {
        self.tracks.iter().find(|t| {
            let end = t
                .closed_size
                .or(t.reserved)
                .map_or(self.capacity(), |s| t.start + s);
            lba >= t.start && lba < end
        })
    }

    /// True if `lba` holds recorded data that can be read back.
    pub fn is_readable(&self, lba: u32) -> bool {
        if self.kind == MediumKind::BdRRrm {
            return self
                .recorded_extents
                .iter()
                .any(|&(s, e)| lba >= s && lba < e);
        }
        if self.kind.is_random() {
            return self.formatted.is_some_and(|c| lba < c);
        }
        self.tracks
            .iter()
            .any(|t| lba >= t.start && lba < t.start + t.recorded)
    }

    /// One past the last recorded block (READ CAPACITY), 0 when nothing is recorded.
    pub fn recorded_end(&self) -> u32 {
        if let Some(c) = self.formatted {
            return c;
        }
        self.tracks
            .iter()
            .filter(|t| t.recorded > 0 || t.is_closed())
            .map(|t| t.start + t.closed_size.unwrap_or(t.recorded))
            .max()
            .unwrap_or(0)
    }

    /// Closes track `number`: pads it to the recording unit (CD: adds 2 run-out blocks) and, if it
    /// was the invisible track, opens the next invisible track behind it.
    pub fn close_track(&mut self, number: u16) {
        let unit = self.kind.padding_unit();
        let cd = self.kind.is_cd();
        let capacity = self.capacity();
        let Some(i) = self.tracks.iter().position(|t| t.number == number) else {
            return;
        };
        let t = &mut self.tracks[i];
        let size = match t.reserved {
            Some(r) => r,
            None if cd => t.recorded + 2,
            None => t.recorded.div_ceil(unit) * unit,
        };
        t.closed_size = Some(size);
        let (next_start, session, next_number) = (t.start + size, t.session, number + 1);
        let last = i + 1 == self.tracks.len();
        if last && next_start < capacity {
            self.tracks
                .push(Track::new(next_number, session, next_start));
        }
    }

    /// Closes the current session. With `appendable`, a new session opens behind it (CD: after
    /// lead-out and lead-in, 11,400 blocks after the first session, 6,900 after later ones);
    /// otherwise the disc is finalized.
    pub fn close_session(&mut self, appendable: bool) {
        let numbers: Vec<u16> = self
            .last_session_tracks()
            .filter(|t| !t.is_closed() && (t.recorded > 0 || t.reserved.is_some()))
            .map(|t| t.number)
            .collect();
        for n in numbers {
            self.close_track(n);
        }
        // Drop the empty invisible track; the new session gets its own.
        let session = self.current_session();
        if self
            .tracks
            .last()
            .is_some_and(|t| !t.is_closed() && t.recorded == 0)
        {
            self.tracks.pop();
        }
        self.closed_sessions += 1;
        let end = self.recorded_end();
        let gap = if self.kind.is_cd() {
            if self.closed_sessions == 1 {
                11_400
            } else {
                6_900
            }
        } else {
            0
        };
        let start = end + gap;
        if appendable && start < self.capacity() {
            let number = self.tracks.last().map_or(1, |t| t.number + 1);
            self.tracks.push(Track::new(number, session + 1, start));
        } else {
            self.finalized = true;
        }
    }
}
