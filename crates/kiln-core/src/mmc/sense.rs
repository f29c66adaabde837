//! Sense data: parsing (SPC-3 fixed format 70h/71h and descriptor format 72h/73h) and decoding of
//! the sense key / ASC / ASCQ that burners meet into something a person can act on.

use super::bytes::{be16, be32, u8_at};

/// The sense key (SPC-3 sense key table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SenseKey {
    /// 0h.
    NoSense,
    /// 1h: the command succeeded after recovery.
    RecoveredError,
    /// 2h.
    NotReady,
    /// 3h.
    MediumError,
    /// 4h.
    HardwareError,
    /// 5h.
    IllegalRequest,
    /// 6h.
    UnitAttention,
    /// 7h.
    DataProtect,
    /// 8h.
    BlankCheck,
    /// 9h.
    VendorSpecific,
    /// Ah.
    CopyAborted,
    /// Bh.
    AbortedCommand,
    /// Dh.
    VolumeOverflow,
    /// Eh.
    Miscompare,
    /// Ch, Fh (reserved or obsolete).
    Reserved(u8),
}

impl SenseKey {
    /// The key for its 4-bit value.
    pub fn from_code(code: u8) -> Self {
        match code & 0x0F {
            0x0 => SenseKey::NoSense,
            0x1 => SenseKey::RecoveredError,
            0x2 => SenseKey::NotReady,
            0x3 => SenseKey::MediumError,
            0x4 => SenseKey::HardwareError,
            0x5 => SenseKey::IllegalRequest,
            0x6 => SenseKey::UnitAttention,
            0x7 => SenseKey::DataProtect,
            0x8 => SenseKey::BlankCheck,
            0x9 => SenseKey::VendorSpecific,
            0xA => SenseKey::CopyAborted,
            0xB => SenseKey::AbortedCommand,
            0xD => SenseKey::VolumeOverflow,
            0xE => SenseKey::Miscompare,
            other => SenseKey::Reserved(other),
        }
    }

    /// The 4-bit value.
    pub fn code(self) -> u8 {
        match self {
            SenseKey::NoSense => 0x0,
            SenseKey::RecoveredError => 0x1,
            SenseKey::NotReady => 0x2,
            SenseKey::MediumError => 0x3,
            SenseKey::HardwareError => 0x4,
            SenseKey::IllegalRequest => 0x5,
            SenseKey::UnitAttention => 0x6,
            SenseKey::DataProtect => 0x7,
            SenseKey::BlankCheck => 0x8,
            SenseKey::VendorSpecific => 0x9,
            SenseKey::CopyAborted => 0xA,
            SenseKey::AbortedCommand => 0xB,
            SenseKey::VolumeOverflow => 0xD,
            SenseKey::Miscompare => 0xE,
            SenseKey::Reserved(c) => c & 0x0F,
        }
    }
}

/// Which layout the sense data had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SenseFormat {
    /// 70h (current) or 71h (deferred): fixed format.
    Fixed,
    /// 72h (current) or 73h (deferred): descriptor format.
    Descriptor,
}

/// Parsed sense data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sense {
    /// Fixed or descriptor format.
    pub format: SenseFormat,
    /// True for 71h/73h: the error belongs to an earlier command (e.g. a cached WRITE).
    pub deferred: bool,
    /// The sense key.
    pub key: SenseKey,
    /// Additional sense code.
    pub asc: u8,
    /// Additional sense code qualifier.
    pub ascq: u8,
    /// The INFORMATION field when marked valid (often the failing LBA).
    pub information: Option<u64>,
    /// Progress of a long operation (BLANK, FORMAT, CLOSE, SYNC with Immed), 0..=65535, when the
    /// sense-key specific field is valid and the key is NOT READY or NO SENSE.
    pub progress: Option<u16>,
}

impl Sense {
    /// Builds fixed-format current sense from key/ASC/ASCQ (the drive emulator uses this).
    pub fn new(key: SenseKey, asc: u8, ascq: u8) -> Self {
        Sense {
            format: SenseFormat::Fixed,
            deferred: false,
            key,
            asc,
            ascq,
            information: None,
            progress: None,
        }
    }

    /// Parses sense bytes. Returns `None` for anything that is not sense data (too short, unknown
    /// response code); never panics.
    pub fn parse(buf: &[u8]) -> Option<Sense> {
        let code = u8_at(buf, 0)? & 0x7F;
        match code {
            0x70 | 0x71 => {
                let key = SenseKey::from_code(u8_at(buf, 2)?);
                // Some devices return fewer than 14 bytes; ASC/ASCQ then read as 0.
                let asc = u8_at(buf, 12).unwrap_or(0);
                let ascq = u8_at(buf, 13).unwrap_or(0);
                let valid = buf[0] & 0x80 != 0;
                let information = if valid {
                    be32(buf, 3).map(u64::from)
                } else {
                    None
                };
                let progress = match (u8_at(buf, 15), key) {
                    (Some(b), SenseKey::NotReady | SenseKey::NoSense) if b & 0x80 != 0 => {
                        be16(buf, 16)
                    }
                    _ => None,
                };
                Some(Sense {
                    format: SenseFormat::Fixed,
                    deferred: code == 0x71,
                    key,
                    asc,
                    ascq,
                    information,
                    progress,
                })
            }
            0x72 | 0x73 => {
                let key = SenseKey::from_code(u8_at(buf, 1)?);
                let asc = u8_at(buf, 2).unwrap_or(0);
                let ascq = u8_at(buf, 3).unwrap_or(0);
                let mut information = None;
                let mut progress = None;
                let additional = usize::from(u8_at(buf, 7).unwrap_or(0));
                let end = buf.len().min(8 + additional);
                let mut i = 8;
                while i + 2 <= end {
                    let kind = buf[i];
                    let len = usize::from(buf[i + 1]);
                    let d = &buf[i..end.min(i + 2 + len)];
                    match kind {
                        // Information descriptor: byte 2 bit 7 VALID, bytes 4–11 information.
                        0x00 if u8_at(d, 2).is_some_and(|b| b & 0x80 != 0) => {
                            information = be32(d, 4)
                                .zip(be32(d, 8))
                                .map(|(hi, lo)| (u64::from(hi) << 32) | u64::from(lo));
                        }
                        // Sense-key specific descriptor: byte 4 bit 7 SKSV, bytes 5–6 progress.
                        0x02 if u8_at(d, 4).is_some_and(|b| b & 0x80 != 0)
                            && matches!(key, SenseKey::NotReady | SenseKey::NoSense) =>
                        {
                            progress = be16(d, 5);
                        }
                        _ => {}
                    }
                    i += 2 + len;
                }
                Some(Sense {
                    format: SenseFormat::Descriptor,
                    deferred: code == 0x73,
                    key,
                    asc,
                    ascq,
                    information,
                    progress,
                })
            }
            _ => None,
        }
    }

    /// Encodes this sense as 18 bytes of fixed-format sense data (response code 70h or 71h).
    pub fn to_fixed_bytes(&self) -> [u8; 18] {
        let mut b = [0u8; 18];
        b[0] = if self.deferred { 0x71 } else { 0x70 };
        if let Some(info) = self.information {
            b[0] |= 0x80;
            b[3..7].copy_from_slice(&(info as u32).to_be_bytes());
        }
        b[2] = self.key.code();
        b[7] = 10;
        b[12] = self.asc;
        b[13] = self.ascq;
        if let Some(p) = self.progress {
            b[15] = 0x80;
            b[16..18].copy_from_slice(&p.to_be_bytes());
        }
        b
    }

    /// What the codes mean.
    pub fn condition(&self) -> SenseCondition {
        SenseCondition::decode(self.key, self.asc, self.ascq)
    }

    /// Progress as a fraction 0.0..=1.0, if reported.
    pub fn progress_fraction(&self) -> Option<f64> {
        self.progress.map(|p| f64::from(p) / 65536.0)
    }
}

impl std::fmt::Display for Sense {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} [sense {:X}/{:02X}/{:02X}]",
            self.condition().message(),
            self.key.code(),
            self.asc,
            self.ascq
        )
    }
}

/// What to do about a sense condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SenseClass {
    /// The command succeeded (RECOVERED ERROR, NO SENSE): note it and go on.
    Recovered,
    /// Transient: wait (or poll TEST UNIT READY) and send the command again.
    Retry,
    /// The medium is missing, unsuitable, full or damaged: the user has to change the disc.
    Medium,
    /// Kiln sent something the drive does not accept, or the drive failed: stop.
    Fatal,
}

/// Sense key / ASC / ASCQ decoded (codes from the SPC-3 ASC/ASCQ list and MMC-6).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SenseCondition {
    /// NO SENSE without further information.
    NoSense,
    /// RECOVERED ERROR: the drive fixed something; the command succeeded.
    Recovered {
        /// ASC.
        asc: u8,
        /// ASCQ.
        ascq: u8,
    },
    /// 3A/xx: no disc (ASCQ 01 tray closed, 02 tray open).
    NoMedium {
        /// Some(true) tray open, Some(false) tray closed, None unknown.
        tray_open: Option<bool>,
    },
    /// 04/00: not ready, cause not reportable.
    NotReady,
    /// 04/01: becoming ready (spinning up, reading the disc).
    BecomingReady,
    /// 04/04: formatting in progress.
    FormatInProgress,
    /// 04/07: an operation (BLANK, CLOSE, SYNC) is in progress.
    OperationInProgress,
    /// 04/08: long write in progress (buffer full or finalizing).
    LongWriteInProgress,
    /// 0C/00 (or other 0C/xx): write error.
    WriteError,
    /// 0C/09: write error, loss of streaming (buffer underrun).
    LossOfStreaming,
    /// 11/xx: unrecovered read error.
    UnrecoveredReadError,
    /// 20/00: the drive does not know this command.
    InvalidCommand,
    /// 21/00: logical block address out of range.
    LbaOutOfRange,
    /// 21/02: invalid address for write (not the next writable address).
    InvalidAddressForWrite,
    /// 24/00: invalid field in CDB.
    InvalidFieldInCdb,
    /// 26/xx: invalid field or value in the parameter list (mode page, cue sheet, format list).
    InvalidFieldInParameterList,
    /// 1A/00: parameter list length error.
    ParameterListLength,
    /// 27/xx: the disc is write protected.
    WriteProtected,
    /// 28/00: the medium may have changed.
    MediumChanged,
    /// 29/xx: power on, reset or bus reset.
    Reset,
    /// 2C/00: command sequence error.
    CommandSequenceError,
    /// 30/xx: incompatible or unsuitable medium (the ASCQ tells which).
    IncompatibleMedium {
        /// ASCQ (00 unknown format, 02 cannot read, 05 cannot write, 06 cannot format, 10 not
        /// formatted ...).
        ascq: u8,
    },
    /// 31/xx: medium format corrupted (00) or format command failed (01) (SPC-3).
    FormatFailed,
    /// 53/02: medium removal prevented.
    MediumRemovalPrevented,
    /// 63/00: end of user area (the disc is full).
    EndOfUserArea,
    /// 64/00: illegal mode for this track.
    IllegalModeForTrack,
    /// 72/xx: session fixation error.
    SessionFixationError {
        /// ASCQ.
        ascq: u8,
    },
    /// 73/01: power calibration area almost full (a warning).
    PowerCalibrationAreaAlmostFull,
    /// 73/02: power calibration area full.
    PowerCalibrationAreaFull,
    /// 73/03: power calibration area error (OPC failed).
    PowerCalibrationAreaError,
    /// HARDWARE ERROR of any kind.
    HardwareError {
        /// ASC.
        asc: u8,
        /// ASCQ.
        ascq: u8,
    },
    /// Anything else.
    Other {
        /// Sense key.
        key: SenseKey,
        /// ASC.
        asc: u8,
        /// ASCQ.
        ascq: u8,
    },
}

impl SenseCondition {
    /// Decodes the three codes.
    pub fn decode(key: SenseKey, asc: u8, ascq: u8) -> Self {
        use SenseCondition as C;
        match (key, asc, ascq) {
            (SenseKey::NoSense, 0, _) => C::NoSense,
            (SenseKey::RecoveredError, 0x73, 0x01) => C::PowerCalibrationAreaAlmostFull,
            (SenseKey::RecoveredError, ..) | (SenseKey::NoSense, ..) => C::Recovered { asc, ascq },
            (SenseKey::HardwareError, ..) => C::HardwareError { asc, ascq },
            (_, 0x3A, 0x01) => C::NoMedium {
                tray_open: Some(false),
            },
            (_, 0x3A, 0x02) => C::NoMedium {
                tray_open: Some(true),
            },
            (_, 0x3A, _) => C::NoMedium { tray_open: None },
            (_, 0x04, 0x01) => C::BecomingReady,
            (_, 0x04, 0x04) => C::FormatInProgress,
            (_, 0x04, 0x07) => C::OperationInProgress,
            (_, 0x04, 0x08) => C::LongWriteInProgress,
            (_, 0x04, _) => C::NotReady,
            (_, 0x0C, 0x09) => C::LossOfStreaming,
            (_, 0x0C, _) => C::WriteError,
            (_, 0x11, _) => C::UnrecoveredReadError,
            (_, 0x20, 0x00) => C::InvalidCommand,
            (_, 0x21, 0x00) => C::LbaOutOfRange,
            (_, 0x21, 0x02) => C::InvalidAddressForWrite,
            (_, 0x24, 0x00) => C::InvalidFieldInCdb,
            (_, 0x26, _) => C::InvalidFieldInParameterList,
            (_, 0x1A, 0x00) => C::ParameterListLength,
            (_, 0x27, _) => C::WriteProtected,
            (_, 0x28, 0x00) => C::MediumChanged,
            (_, 0x29, _) => C::Reset,
            (_, 0x2C, 0x00) => C::CommandSequenceError,
            (_, 0x30, q) => C::IncompatibleMedium { ascq: q },
            (_, 0x31, _) => C::FormatFailed,
            (_, 0x53, 0x02) => C::MediumRemovalPrevented,
            (_, 0x63, 0x00) => C::EndOfUserArea,
            (_, 0x64, 0x00) => C::IllegalModeForTrack,
            (_, 0x72, q) => C::SessionFixationError { ascq: q },
            (_, 0x73, 0x01) => C::PowerCalibrationAreaAlmostFull,
            (_, 0x73, 0x02) => C::PowerCalibrationAreaFull,
            (_, 0x73, 0x03) => C::PowerCalibrationAreaError,
            _ => C::Other { key, asc, ascq },
        }
    }

    /// What to do about it.
    pub fn class(self) -> SenseClass {
        use SenseCondition as C;
        match self {
            C::NoSense | C::Recovered { .. } | C::PowerCalibrationAreaAlmostFull => {
                SenseClass::Recovered
            }
            C::NotReady
            | C::BecomingReady
            | C::FormatInProgress
            | C::OperationInProgress
            | C::LongWriteInProgress
            | C::MediumChanged
            | C::Reset => SenseClass::Retry,
            C::NoMedium { .. }
            | C::IncompatibleMedium { .. }
            | C::WriteProtected
            | C::EndOfUserArea
            | C::WriteError
            | C::LossOfStreaming
            | C::UnrecoveredReadError
            | C::PowerCalibrationAreaFull
            | C::PowerCalibrationAreaError
            | C::FormatFailed
            | C::IllegalModeForTrack => SenseClass::Medium,
            C::Other {
                key: SenseKey::NotReady,
                ..
            }
            | C::Other {
                key: SenseKey::UnitAttention,
                ..
            } => SenseClass::Retry,
            C::Other {
                key: SenseKey::MediumError | SenseKey::BlankCheck | SenseKey::DataProtect,
                ..
            } => SenseClass::Medium,
            _ => SenseClass::Fatal,
        }
    }

    /// True if the command should simply be sent again after a pause.
    pub fn is_retryable(self) -> bool {
        self.class() == SenseClass::Retry
    }

    /// A sentence that says what happened and what to do.
    pub fn message(self) -> &'static str {
        use SenseCondition as C;
        match self {
            C::NoSense => "the drive reported no error",
            C::Recovered { .. } => "the drive recovered from an error by itself; nothing to do",
            C::NoMedium { tray_open: Some(true) } => "there is no disc and the tray is open: insert a disc and close the tray",
            C::NoMedium { .. } => "there is no disc in the drive: insert a disc",
            C::NotReady => "the drive is not ready: wait a moment and try again",
            C::BecomingReady => "the drive is still reading the disc: wait a few seconds and try again",
            C::FormatInProgress => "the disc is being formatted: wait until formatting has finished",
            C::OperationInProgress => "the drive is still busy with a previous operation (blanking, closing or flushing): wait until it has finished",
            C::LongWriteInProgress => "the drive's buffer is full or it is finishing a write: wait briefly and send the data again",
            C::WriteError => "writing failed: the disc may be faulty or incompatible with this drive; try another disc or a lower speed",
            C::LossOfStreaming => "the drive ran out of data while writing (buffer underrun): the disc is probably unusable; close other programs, lower the speed or turn on buffer-underrun protection",
            C::UnrecoveredReadError => "the disc could not be read at this place: it may be scratched, dirty or badly written",
            C::InvalidCommand => "the drive does not support this command: it may be too old for this kind of disc",
            C::LbaOutOfRange => "the address is beyond the end of the disc: the data does not fit, or the disc is not what it claims to be",
            C::InvalidAddressForWrite => "the drive refused to write at this address (not the next writable address, or the disc is closed); this can also follow a buffer underrun",
            C::InvalidFieldInCdb => "the drive rejected a parameter of the command: this disc or drive does not support what was asked",
            C::InvalidFieldInParameterList => "the drive rejected the settings sent with the command (write parameters, cue sheet or format)",
            C::ParameterListLength => "the drive rejected the length of the settings sent with the command",
            C::WriteProtected => "the disc is write-protected",
            C::MediumChanged => "the disc may have been changed: Kiln will look at it again",
            C::Reset => "the drive was reset (power on or bus reset): Kiln will look at it again",
            C::CommandSequenceError => "the drive expected commands in another order; another program (an automounter?) may be using the drive",
            C::IncompatibleMedium { ascq: 0x05 } => "this drive cannot write this kind of disc: use another disc type",
            C::IncompatibleMedium { ascq: 0x06 } => "this drive cannot format this disc",
            C::IncompatibleMedium { ascq: 0x10 } => "the disc is not formatted: format it first",
            C::IncompatibleMedium { .. } => "the disc is unsuitable for this drive or operation: use another disc",
            C::FormatFailed => "formatting the disc failed: it cannot be used until it is formatted again; try again, or use another disc",
            C::MediumRemovalPrevented => "the tray is locked by a program: finish or cancel the burn before ejecting",
            C::EndOfUserArea => "the disc is full: the data does not fit",
            C::IllegalModeForTrack => "this disc cannot be written in the chosen mode (a minimally blanked DVD-RW needs a full blank or disc-at-once)",
            C::SessionFixationError { .. } => "closing the session failed: the disc may be unusable",
            C::PowerCalibrationAreaAlmostFull => "the disc's calibration area is almost full: it can be written only a few more times",
            C::PowerCalibrationAreaFull => "the disc's calibration area is full: it cannot be written any more; use a new disc",
            C::PowerCalibrationAreaError => "the drive could not calibrate its laser on this disc: try another disc, brand or a lower speed",
            C::HardwareError { .. } => "the drive reported a hardware failure: try again after ejecting the disc, or use another drive",
            C::Other { .. } => "the drive reported an unexpected error",
        }
    }
}

impl std::fmt::Display for SenseCondition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}
