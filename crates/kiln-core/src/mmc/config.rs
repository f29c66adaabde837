//! GET CONFIGURATION answers: the current profile, the profile list and the features a burner
//! needs (MMC-6 feature descriptors). Unknown features are kept raw.

use super::bytes::{be16, be24, be32};
use super::profile::Profile;
use super::ParseError;

/// Feature codes Kiln looks at (MMC-6 feature list).
pub mod feature {
    /// 0000h Profile List.
    pub const PROFILE_LIST: u16 = 0x0000;
    /// 0001h Core.
    pub const CORE: u16 = 0x0001;
    /// 0020h Random Writable.
    pub const RANDOM_WRITABLE: u16 = 0x0020;
    /// 0021h Incremental Streaming Writable.
    pub const INCREMENTAL_STREAMING: u16 = 0x0021;
    /// 0023h Formattable.
    pub const FORMATTABLE: u16 = 0x0023;
    /// 002Bh DVD+R.
    pub const DVD_PLUS_R: u16 = 0x002B;
    /// 002Dh CD Track at Once.
    pub const CD_TAO: u16 = 0x002D;
    /// 002Eh CD Mastering (session at once, raw).
    pub const CD_MASTERING: u16 = 0x002E;
    /// 002Fh DVD-R/-RW Write.
    pub const DVD_R_WRITE: u16 = 0x002F;
    /// 0038h BD-R Pseudo-Overwrite (SRM+POW).
    pub const BD_R_POW: u16 = 0x0038;
    /// 0107h Real-Time Streaming.
    pub const REAL_TIME_STREAMING: u16 = 0x0107;
}

/// One feature descriptor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// Feature code (bytes 0–1).
    pub code: u16,
    /// Version (byte 2 bits 5–2).
    pub version: u8,
    /// Persistent (byte 2 bit 1).
    pub persistent: bool,
    /// Current (byte 2 bit 0): usable with the medium that is in the drive.
    pub current: bool,
    /// The additional data (from byte 4), as transferred.
    pub data: Vec<u8>,
}

impl Feature {
    fn bit(&self, byte: usize, bit: u8) -> bool {
        self.data.get(byte).is_some_and(|b| b & (1 << bit) != 0)
    }
}

/// One entry of the profile list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileEntry {
    /// The profile.
    pub profile: Profile,
    /// CurrentP bit.
    pub current: bool,
}

/// Feature 002Dh CD Track at Once (byte 4 bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CdTao {
    /// Buffer-underrun protection (BUF, bit 6).
    pub buffer_underrun_free: bool,
    /// Test write (bit 2).
    pub test_write: bool,
    /// CD-RW writing (bit 1).
    pub cd_rw: bool,
    /// R-W sub-code (bit 0).
    pub rw_subcode: bool,
}

/// Feature 002Eh CD Mastering (byte 4 bits, bytes 5–7 maximum cue sheet length).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CdMastering {
    /// BUF (bit 6).
    pub buffer_underrun_free: bool,
    /// Session at once (bit 5).
    pub sao: bool,
    /// Raw multi-session (bit 4).
    pub raw_multisession: bool,
    /// Raw (bit 3).
    pub raw: bool,
    /// Test write (bit 2).
    pub test_write: bool,
    /// CD-RW (bit 1).
    pub cd_rw: bool,
    /// R-W recording (bit 0): the only hint that lead-in CD-TEXT may work.
    pub rw: bool,
    /// Maximum cue sheet length.
    pub max_cue_sheet_len: u32,
}

/// Feature 002Fh DVD-R/-RW Write (byte 4 bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DvdRWrite {
    /// BUF (bit 6).
    pub buffer_underrun_free: bool,
    /// Dual-layer DVD-R (RDL, bit 3).
    pub dual_layer: bool,
    /// Test write (bit 2).
    pub test_write: bool,
    /// DVD-RW (bit 1).
    pub dvd_rw: bool,
}

/// GET CONFIGURATION answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Configuration {
    /// Total length the drive has (data length + 4); may exceed what was transferred.
    pub available_length: usize,
    /// Current profile (bytes 6–7); [`Profile::NoMedium`] without a disc.
    pub current_profile: Profile,
    /// Feature descriptors, in the order given.
    pub features: Vec<Feature>,
}

impl Configuration {
    /// Parses the 8-byte header and the features that were transferred completely.
    pub fn parse(buf: &[u8]) -> Result<Self, ParseError> {
        if buf.len() < 8 {
            return Err(ParseError::Truncated {
                what: "configuration header",
                needed: 8,
                got: buf.len(),
            });
        }
        let available_length = be32(buf, 0).map_or(0, |l| l as usize + 4);
        let end = buf.len().min(available_length.max(8));
        let mut features = Vec::new();
        let mut i = 8;
        while i + 4 <= end {
            let len = usize::from(buf[i + 3]);
            if i + 4 + len > end {
                break;
            }
            features.push(Feature {
                code: be16(buf, i).unwrap_or(0),
                version: (buf[i + 2] >> 2) & 0x0F,
                persistent: buf[i + 2] & 0x02 != 0,
                current: buf[i + 2] & 0x01 != 0,
                data: buf[i + 4..i + 4 + len].to_vec(),
            });
            i += 4 + len;
        }
        Ok(Configuration {
            available_length,
            current_profile: Profile::from_code(be16(buf, 6).unwrap_or(0)),
            features,
        })
    }

    /// The feature with this code, if the drive listed it.
    pub fn feature(&self, code: u16) -> Option<&Feature> {
        self.features.iter().find(|f| f.code == code)
    }

    /// True if the feature is listed and current.
    pub fn is_current(&self, code: u16) -> bool {
        self.feature(code).is_some_and(|f| f.current)
    }

    /// The profile list (feature 0000h, 4 bytes per profile, byte 2 bit 0 CurrentP).
    pub fn profiles(&self) -> Vec<ProfileEntry> {
        self.feature(feature::PROFILE_LIST)
            .map(|f| {
                f.data
                    .chunks_exact(4)
                    .map(|c| ProfileEntry {
                        profile: Profile::from_code(u16::from_be_bytes([c[0], c[1]])),
                        current: c[2] & 0x01 != 0,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Feature 0020h Random Writable: (last LBA, logical block size), if listed.
    pub fn random_writable(&self) -> Option<(u32, u32)> {
        let f = self.feature(feature::RANDOM_WRITABLE)?;
        Some((be32(&f.data, 0)?, be32(&f.data, 4)?))
    }

    /// Feature 0021h Incremental Streaming Writable: the link sizes (byte 7 count, from byte 8),
    /// if listed. An empty list means the feature is present without link sizes.
    pub fn incremental_link_sizes(&self) -> Option<Vec<u8>> {
        let f = self.feature(feature::INCREMENTAL_STREAMING)?;
        let n = usize::from(f.data.get(3).copied().unwrap_or(0));
        Some(f.data.iter().skip(4).take(n).copied().collect())
    }

    /// Buffer-underrun protection bit of feature 0021h (byte 6 bit 0).
    pub fn incremental_buffer_underrun_free(&self) -> bool {
        self.feature(feature::INCREMENTAL_STREAMING)
            .is_some_and(|f| f.bit(2, 0))
    }

    /// Feature 002Dh CD TAO.
    pub fn cd_tao(&self) -> Option<CdTao> {
        let f = self.feature(feature::CD_TAO)?;
        Some(CdTao {
            buffer_underrun_free: f.bit(0, 6),
            test_write: f.bit(0, 2),
            cd_rw: f.bit(0, 1),
            rw_subcode: f.bit(0, 0),
        })
    }

    /// Feature 002Eh CD Mastering.
    pub fn cd_mastering(&self) -> Option<CdMastering> {
        let f = self.feature(feature::CD_MASTERING)?;
        Some(CdMastering {
            buffer_underrun_free: f.bit(0, 6),
            sao: f.bit(0, 5),
            raw_multisession: f.bit(0, 4),
            raw: f.bit(0, 3),
            test_write: f.bit(0, 2),
            cd_rw: f.bit(0, 1),
            rw: f.bit(0, 0),
            max_cue_sheet_len: be24(&f.data, 1).unwrap_or(0),
        })
    }

    /// Feature 002Fh DVD-R/-RW Write.
    pub fn dvd_r_write(&self) -> Option<DvdRWrite> {
        let f = self.feature(feature::DVD_R_WRITE)?;
        Some(DvdRWrite {
            buffer_underrun_free: f.bit(0, 6),
            dual_layer: f.bit(0, 3),
            test_write: f.bit(0, 2),
            dvd_rw: f.bit(0, 1),
        })
    }

    /// Feature 002Bh DVD+R: `Some(write)` with byte 4 bit 0 (can write DVD+R).
    pub fn dvd_plus_r_write(&self) -> Option<bool> {
        self.feature(feature::DVD_PLUS_R).map(|f| f.bit(0, 0))
    }

    /// True if the BD-R in the drive is formatted for pseudo-overwrite (feature 0038h current).
    pub fn bd_r_pseudo_overwrite(&self) -> bool {
        self.is_current(feature::BD_R_POW)
    }

    /// True if any writing feature advertises buffer-underrun protection (BUF/BUFE).
    pub fn buffer_underrun_free(&self) -> bool {
        self.cd_tao().is_some_and(|f| f.buffer_underrun_free)
            || self.cd_mastering().is_some_and(|f| f.buffer_underrun_free)
            || self.dvd_r_write().is_some_and(|f| f.buffer_underrun_free)
            || self.incremental_buffer_underrun_free()
    }
}

/// Builds a feature descriptor (used by the drive emulator and tests).
pub fn encode_feature(
    code: u16,
    version: u8,
    persistent: bool,
    current: bool,
    data: &[u8],
) -> Vec<u8> {
    let mut v = Vec::with_capacity(4 + data.len());
    v.extend_from_slice(&code.to_be_bytes());
    v.push(((version & 0x0F) << 2) | (u8::from(persistent) << 1) | u8::from(current));
    v.push(data.len() as u8);
    v.extend_from_slice(data);
    v
}
