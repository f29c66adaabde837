//! MMC profiles: what kind of medium is in the drive (GET CONFIGURATION "current profile", and the
//! profile list of feature 0000h). Numbers from the MMC-6 profile list.

/// A profile number with its meaning. Unknown numbers are kept as [`Profile::Other`].
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Profile {
    /// 0000h: no current profile (no medium).
    NoMedium,
    /// 0002h: removable disk.
    RemovableDisk,
    /// 0008h: CD-ROM.
    CdRom,
    /// 0009h: CD-R.
    CdR,
    /// 000Ah: CD-RW.
    CdRw,
    /// 0010h: DVD-ROM.
    DvdRom,
    /// 0011h: DVD-R sequential recording.
    DvdRSequential,
    /// 0012h: DVD-RAM.
    DvdRam,
    /// 0013h: DVD-RW restricted overwrite.
    DvdRwRestrictedOverwrite,
    /// 0014h: DVD-RW sequential recording.
    DvdRwSequential,
    /// 0015h: DVD-R dual layer, sequential recording.
    DvdRDualLayerSequential,
    /// 0016h: DVD-R dual layer, layer jump recording.
    DvdRDualLayerJump,
    /// 0017h: DVD-RW dual layer.
    DvdRwDualLayer,
    /// 001Ah: DVD+RW.
    DvdPlusRw,
    /// 001Bh: DVD+R.
    DvdPlusR,
    /// 002Ah: DVD+RW dual layer.
    DvdPlusRwDualLayer,
    /// 002Bh: DVD+R dual layer.
    DvdPlusRDualLayer,
    /// 0040h: BD-ROM.
    BdRom,
    /// 0041h: BD-R sequential recording mode (SRM).
    BdRSequential,
    /// 0042h: BD-R random recording mode (RRM).
    BdRRandom,
    /// 0043h: BD-RE.
    BdRe,
    /// Any other number (HD DVD, vendor-specific, FFFFh non-standard, ...).
    Other(u16),
}

/// How a medium of a profile is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMethod {
    /// Not writable in this profile.
    ReadOnly,
    /// Sequentially, at the next writable address, in tracks and sessions (CD-R, DVD±R, BD-R SRM).
    Sequential,
    /// Anywhere, like a disk (DVD+RW, DVD-RAM, DVD-RW RO, BD-RE, BD-R RRM).
    RandomAccess,
}

impl Profile {
    /// The profile for a number.
    pub fn from_code(code: u16) -> Self {
        match code {
            0x0000 => Profile::NoMedium,
            0x0002 => Profile::RemovableDisk,
            0x0008 => Profile::CdRom,
            0x0009 => Profile::CdR,
            0x000A => Profile::CdRw,
            0x0010 => Profile::DvdRom,
            0x0011 => Profile::DvdRSequential,
            0x0012 => Profile::DvdRam,
            0x0013 => Profile::DvdRwRestrictedOverwrite,
            0x0014 => Profile::DvdRwSequential,
            0x0015 => Profile::DvdRDualLayerSequential,
            0x0016 => Profile::DvdRDualLayerJump,
            0x0017 => Profile::DvdRwDualLayer,
            0x001A => Profile::DvdPlusRw,
            0x001B => Profile::DvdPlusR,
            0x002A => Profile::DvdPlusRwDualLayer,
            0x002B => Profile::DvdPlusRDualLayer,
            0x0040 => Profile::BdRom,
            0x0041 => Profile::BdRSequential,
            0x0042 => Profile::BdRRandom,
            0x0043 => Profile::BdRe,
            other => Profile::Other(other),
        }
    }

    /// The profile number.
    pub fn code(self) -> u16 {
        match self {
            Profile::NoMedium => 0x0000,
            Profile::RemovableDisk => 0x0002,
            Profile::CdRom => 0x0008,
            Profile::CdR => 0x0009,
            Profile::CdRw => 0x000A,
            Profile::DvdRom => 0x0010,
            Profile::DvdRSequential => 0x0011,
            Profile::DvdRam => 0x0012,
            Profile::DvdRwRestrictedOverwrite => 0x0013,
            Profile::DvdRwSequential => 0x0014,
            Profile::DvdRDualLayerSequential => 0x0015,
            Profile::DvdRDualLayerJump => 0x0016,
            Profile::DvdRwDualLayer => 0x0017,
            Profile::DvdPlusRw => 0x001A,
            Profile::DvdPlusR => 0x001B,
            Profile::DvdPlusRwDualLayer => 0x002A,
            Profile::DvdPlusRDualLayer => 0x002B,
            Profile::BdRom => 0x0040,
            Profile::BdRSequential => 0x0041,
            Profile::BdRRandom => 0x0042,
            Profile::BdRe => 0x0043,
            Profile::Other(c) => c,
        }
    }

    /// A name a person recognises ("DVD+R", "BD-RE", ...).
    pub fn name(self) -> &'static str {
        match self {
            Profile::NoMedium => "no disc",
            Profile::RemovableDisk => "removable disk",
            Profile::CdRom => "CD-ROM",
            Profile::CdR => "CD-R",
            Profile::CdRw => "CD-RW",
            Profile::DvdRom => "DVD-ROM",
            Profile::DvdRSequential => "DVD-R",
            Profile::DvdRam => "DVD-RAM",
            Profile::DvdRwRestrictedOverwrite => "DVD-RW (restricted overwrite)",
            Profile::DvdRwSequential => "DVD-RW (sequential)",
            Profile::DvdRDualLayerSequential => "DVD-R DL",
            Profile::DvdRDualLayerJump => "DVD-R DL (layer jump)",
            Profile::DvdRwDualLayer => "DVD-RW DL",
            Profile::DvdPlusRw => "DVD+RW",
            Profile::DvdPlusR => "DVD+R",
            Profile::DvdPlusRwDualLayer => "DVD+RW DL",
            Profile::DvdPlusRDualLayer => "DVD+R DL",
            Profile::BdRom => "BD-ROM",
            Profile::BdRSequential => "BD-R",
            Profile::BdRRandom => "BD-R (random recording)",
            Profile::BdRe => "BD-RE",
            Profile::Other(_) => "unknown medium",
        }
    }

    /// How this profile is written.
    pub fn write_method(self) -> WriteMethod {
        match self {
            Profile::CdR
            | Profile::CdRw
            | Profile::DvdRSequential
            | Profile::DvdRwSequential
            | Profile::DvdRDualLayerSequential
            | Profile::DvdRDualLayerJump
            | Profile::DvdPlusR
            | Profile::DvdPlusRDualLayer
            | Profile::BdRSequential => WriteMethod::Sequential,
            Profile::DvdRam
            | Profile::DvdRwRestrictedOverwrite
            | Profile::DvdRwDualLayer
            | Profile::DvdPlusRw
            | Profile::DvdPlusRwDualLayer
            | Profile::BdRRandom
            | Profile::BdRe => WriteMethod::RandomAccess,
            _ => WriteMethod::ReadOnly,
        }
    }

    /// True if a burner can write to this profile at all.
    pub fn is_writable(self) -> bool {
        self.write_method() != WriteMethod::ReadOnly
    }

    /// True for media that can be erased or overwritten (CD-RW, DVD±RW, DVD-RAM, BD-RE).
    pub fn is_rewritable(self) -> bool {
        matches!(
            self,
            Profile::CdRw
                | Profile::DvdRam
                | Profile::DvdRwRestrictedOverwrite
                | Profile::DvdRwSequential
                | Profile::DvdRwDualLayer
                | Profile::DvdPlusRw
                | Profile::DvdPlusRwDualLayer
                | Profile::BdRe
        )
    }

    /// True for CD profiles (they take mode page 05h, ATIP, TAO/SAO).
    pub fn is_cd(self) -> bool {
        matches!(self, Profile::CdRom | Profile::CdR | Profile::CdRw)
    }

    /// True for DVD profiles (including DVD-RAM and dual layer).
    pub fn is_dvd(self) -> bool {
        (0x0010..=0x002B).contains(&self.code())
    }

    /// True for BD profiles.
    pub fn is_bd(self) -> bool {
        (0x0040..=0x0043).contains(&self.code())
    }

    /// True if the Write Parameters mode page 05h applies (CD and DVD-R/-RW only; MMC says it
    /// shall not be used for DVD+R/+RW, DVD-RAM and BD).
    pub fn uses_write_parameters_page(self) -> bool {
        matches!(
            self,
            Profile::CdR
                | Profile::CdRw
                | Profile::DvdRSequential
                | Profile::DvdRwSequential
                | Profile::DvdRwRestrictedOverwrite
                | Profile::DvdRDualLayerSequential
                | Profile::DvdRDualLayerJump
        )
    }

    /// True if READ TRACK INFORMATION accepts track number FFh ("invisible track") for this
    /// profile: CD, DVD+R and DVD+R DL only; for DVD-R and BD-R ask for the last track of the last
    /// session instead.
    pub fn accepts_invisible_track_query(self) -> bool {
        matches!(
            self,
            Profile::CdR | Profile::CdRw | Profile::DvdPlusR | Profile::DvdPlusRDualLayer
        )
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({:04X}h)", self.name(), self.code())
    }
}
