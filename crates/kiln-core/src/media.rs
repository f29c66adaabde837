//! Media sizes: how many 2048-byte data blocks each kind of disc holds, so the capacity meter can
//! measure a staging before there is a disc (or without a drive at all).

use std::fmt;

/// Bytes in a data block (a "logical block" of ISO 9660 and a user-data sector of a disc).
pub const BLOCK: u64 = 2048;

/// A nominal medium size.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediumSize {
    /// CD, 74 minutes (333,000 blocks, 650 MiB).
    Cd74,
    /// CD, 80 minutes (360,000 blocks, 703 MiB).
    Cd80,
    /// CD, 90 minutes (405,000 blocks).
    Cd90,
    /// CD, 99 minutes (445,500 blocks).
    Cd99,
    /// DVD single layer (DVD±R: 2,295,104 blocks, 4.7 GB).
    Dvd,
    /// DVD dual layer (DVD+R DL: 4,173,824 blocks, 8.5 GB).
    DvdDl,
    /// DVD-R dual layer (4,171,712 blocks: 2,112 fewer than a DVD+R DL).
    DvdMinusRDl,
    /// BD single layer (12,219,392 blocks, 25 GB).
    Bd25,
    /// BD dual layer (24,438,784 blocks, 50 GB).
    Bd50,
    /// An image file: no limit beyond what ISO 9660 can address.
    Unlimited,
    /// A medium whose free space was read from a drive, in blocks.
    Blocks(u64),
}

impl MediumSize {
    /// All nominal sizes a user can pick when there is no disc.
    pub const CHOICES: [MediumSize; 9] = [
        MediumSize::Cd74,
        MediumSize::Cd80,
        MediumSize::Cd90,
        MediumSize::Cd99,
        MediumSize::Dvd,
        MediumSize::DvdDl,
        MediumSize::DvdMinusRDl,
        MediumSize::Bd25,
        MediumSize::Bd50,
    ];

    /// Data blocks the medium holds.
    pub fn blocks(self) -> u64 {
        match self {
            // CD capacities are minutes × 60 × 75 sectors of which 2048 bytes carry data (mode 1).
            MediumSize::Cd74 => 74 * 60 * 75,
            MediumSize::Cd80 => 80 * 60 * 75,
            MediumSize::Cd90 => 90 * 60 * 75,
            MediumSize::Cd99 => 99 * 60 * 75,
            MediumSize::Dvd => 2_295_104,
            MediumSize::DvdDl => 4_173_824,
            MediumSize::DvdMinusRDl => 4_171_712,
            MediumSize::Bd25 => 12_219_392,
            MediumSize::Bd50 => 24_438_784,
            // ISO 9660 block addresses are 32-bit.
            MediumSize::Unlimited => u64::from(u32::MAX),
            MediumSize::Blocks(b) => b,
        }
    }

    /// A short machine name, used on the command line.
    pub fn name(self) -> String {
        match self {
            MediumSize::Cd74 => "cd74".into(),
            MediumSize::Cd80 => "cd80".into(),
            MediumSize::Cd90 => "cd90".into(),
            MediumSize::Cd99 => "cd99".into(),
            MediumSize::Dvd => "dvd".into(),
            MediumSize::DvdDl => "dvd-dl".into(),
            MediumSize::DvdMinusRDl => "dvd-r-dl".into(),
            MediumSize::Bd25 => "bd25".into(),
            MediumSize::Bd50 => "bd50".into(),
            MediumSize::Unlimited => "unlimited".into(),
            MediumSize::Blocks(b) => format!("{b}-blocks"),
        }
    }

    /// Parses a name from [`MediumSize::name`].
    pub fn parse(s: &str) -> Option<MediumSize> {
        Self::CHOICES
            .into_iter()
            .chain([MediumSize::Unlimited])
            .find(|m| m.name() == s)
    }
}

impl fmt::Display for MediumSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            MediumSize::Cd74 => "74-minute CD",
            MediumSize::Cd80 => "80-minute CD",
            MediumSize::Cd90 => "90-minute CD",
            MediumSize::Cd99 => "99-minute CD",
            MediumSize::Dvd => "DVD",
            MediumSize::DvdDl => "dual-layer DVD",
            MediumSize::DvdMinusRDl => "dual-layer DVD-R",
            MediumSize::Bd25 => "25 GB BD",
            MediumSize::Bd50 => "50 GB BD",
            MediumSize::Unlimited => "image file",
            MediumSize::Blocks(_) => "disc",
        };
        f.write_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cd_capacities_follow_minutes_times_75_sectors() {
        assert_eq!(MediumSize::Cd74.blocks(), 333_000);
        assert_eq!(MediumSize::Cd80.blocks(), 360_000);
        assert_eq!(MediumSize::Cd80.blocks() * BLOCK, 737_280_000);
        // Dual-layer sizes from MMC-NOTES §3 (cdrtfe): DVD+R DL and DVD-R DL differ.
        assert_eq!(MediumSize::DvdDl.blocks(), 4_173_824);
        assert_eq!(MediumSize::DvdMinusRDl.blocks(), 4_171_712);
    }

    #[test]
    fn names_round_trip() {
        for m in MediumSize::CHOICES {
            assert_eq!(MediumSize::parse(&m.name()), Some(m));
        }
        assert_eq!(MediumSize::parse("floppy"), None);
    }
}
