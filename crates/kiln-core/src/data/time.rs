//! Dates as ISO 9660 and Rock Ridge record them: clamped into what each form can hold, never
//! wrapped (genisoimage wraps years past 2155 into the 1900s; a disc must not travel in time).

use std::time::{SystemTime, UNIX_EPOCH};

/// A point in time as seconds since the Unix epoch (UTC), with nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z; negative before.
    pub secs: i64,
    /// Nanoseconds within the second.
    pub nanos: u32,
}

impl Timestamp {
    /// From a `SystemTime` (any value, before or after the epoch).
    pub fn from_system(t: SystemTime) -> Timestamp {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => Timestamp {
                secs: i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                nanos: d.subsec_nanos(),
            },
            Err(e) => {
                let d = e.duration();
                let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
                if d.subsec_nanos() == 0 {
                    Timestamp {
                        secs: -secs,
                        nanos: 0,
                    }
                } else {
                    Timestamp {
                        secs: -secs - 1,
                        nanos: 1_000_000_000 - d.subsec_nanos(),
                    }
                }
            }
        }
    }

    /// Whole seconds only.
    pub fn from_secs(secs: i64) -> Timestamp {
        Timestamp { secs, nanos: 0 }
    }

    /// The time now.
    pub fn now() -> Timestamp {
        Timestamp::from_system(SystemTime::now())
    }

    /// Civil date and time in UTC.
    pub fn civil(self) -> Civil {
        let days = self.secs.div_euclid(86_400);
        let rem = self.secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: (rem / 3600) as u8,
            minute: (rem / 60 % 60) as u8,
            second: (rem % 60) as u8,
            hundredths: (self.nanos / 10_000_000) as u8,
        }
    }
}

/// A broken-down UTC date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Civil {
    /// Year (proleptic Gregorian).
    pub year: i64,
    /// 1..=12.
    pub month: u8,
    /// 1..=31.
    pub day: u8,
    /// 0..=23.
    pub hour: u8,
    /// 0..=59.
    pub minute: u8,
    /// 0..=59.
    pub second: u8,
    /// 0..=99.
    pub hundredths: u8,
}

impl Civil {
    const fn new(year: i64, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> Civil {
        Civil {
            year,
            month,
            day,
            hour,
            minute,
            second,
            hundredths: 0,
        }
    }

    /// Clamps into `[lo, hi]`; returns the date and whether it changed.
    fn clamp(self, lo: Civil, hi: Civil) -> (Civil, bool) {
        if self < lo {
            (lo, true)
        } else if self > hi {
            (hi, true)
        } else {
            (self, false)
        }
    }

    /// ISO 8601 text, for notes.
    pub fn iso8601(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// The 7-byte form (directory records, Rock Ridge TF short form) holds years 1900 to 2155.
const SHORT_MIN: Civil = Civil::new(1900, 1, 1, 0, 0, 0);
const SHORT_MAX: Civil = Civil::new(2155, 12, 31, 23, 59, 59);
/// The 17-byte form (volume descriptors, TF long form) holds years 0001 to 9999.
const LONG_MIN: Civil = Civil::new(1, 1, 1, 0, 0, 0);
const LONG_MAX: Civil = Civil::new(9999, 12, 31, 23, 59, 59);

/// ECMA-119 9.1.5: the 7-byte recording date and time, in UTC (offset 0). Returns the bytes and
/// whether the date had to be clamped.
pub fn short_form(t: Timestamp) -> ([u8; 7], bool) {
    let (c, clamped) = t.civil().clamp(SHORT_MIN, SHORT_MAX);
    let year = u8::try_from(c.year - 1900).unwrap_or(u8::MAX);
    (
        [year, c.month, c.day, c.hour, c.minute, c.second, 0],
        clamped,
    )
}

/// Whether a time fits the 7-byte form unchanged.
pub fn fits_short_form(t: Timestamp) -> bool {
    !short_form(t).1
}

/// ECMA-119 8.4.26.1: the 17-byte form (16 ASCII digits and an offset byte), in UTC.
pub fn long_form(t: Timestamp) -> ([u8; 17], bool) {
    let (c, clamped) = t.civil().clamp(LONG_MIN, LONG_MAX);
    let text = format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.hundredths
    );
    let mut out = [0u8; 17];
    out[..16].copy_from_slice(&text.as_bytes()[..16]);
    (out, clamped)
}

/// ECMA-119 8.4.26.1: "not specified" is sixteen '0' digits and a zero offset.
pub const LONG_FORM_UNSET: [u8; 17] = *b"0000000000000000\0";

/// Reads an ECMA-119 9.1.5 7-byte date (years since 1900, month, day, hour, minute, second,
/// offset from UTC in 15-minute steps), as an earlier session recorded it. Out-of-range fields
/// (a damaged record) are clamped rather than trusted.
pub fn from_short_form(b: [u8; 7]) -> Timestamp {
    let year = 1900 + i64::from(b[0]);
    let month = b[1].clamp(1, 12);
    let day = b[2].clamp(1, 31);
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400
        + i64::from(b[3].min(23)) * 3600
        + i64::from(b[4].min(59)) * 60
        + i64::from(b[5].min(59));
    // The offset says how far local time is ahead of UTC.
    let offset = i64::from(b[6] as i8) * 15 * 60;
    Timestamp::from_secs(secs - offset)
}

/// (year, month, day) to days since 1970-01-01, after Howard Hinnant's `days_from_civil`.
fn days_from_civil(y: i64, m: u8, d: u8) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since 1970-01-01 to (year, month, day), after Howard Hinnant's `civil_from_days`.
fn civil_from_days(z: i64) -> (i64, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The clamped date of a timestamp in the 7-byte form, as text (for notes).
pub fn short_form_text(t: Timestamp) -> String {
    t.civil().clamp(SHORT_MIN, SHORT_MAX).0.iso8601()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_match_known_instants() {
        assert_eq!(
            Timestamp::from_secs(0).civil().iso8601(),
            "1970-01-01T00:00:00Z"
        );
        // 2000-02-29T12:34:56Z, a leap day.
        assert_eq!(
            Timestamp::from_secs(951_827_696).civil().iso8601(),
            "2000-02-29T12:34:56Z"
        );
        // 1901-12-14T00:00:00Z, before the epoch.
        assert_eq!(
            Timestamp::from_secs(-2_147_472_000).civil().iso8601(),
            "1901-12-14T00:00:00Z"
        );
    }

    #[test]
    fn short_form_clamps_instead_of_wrapping() {
        // 2200-01-01T00:00:00Z.
        let (b, clamped) = short_form(Timestamp::from_secs(7_258_118_400));
        assert!(clamped);
        assert_eq!(b, [255, 12, 31, 23, 59, 59, 0]);
        let (b, clamped) = short_form(Timestamp::from_secs(-2_300_000_000));
        assert!(clamped);
        assert_eq!(b, [0, 1, 1, 0, 0, 0, 0]);
        let (b, clamped) = short_form(Timestamp::from_secs(-2_147_472_000));
        assert!(!clamped);
        assert_eq!(b, [1, 12, 14, 0, 0, 0, 0]);
    }

    #[test]
    fn long_form_holds_2200() {
        let (b, clamped) = long_form(Timestamp::from_secs(7_258_118_400));
        assert!(!clamped);
        assert_eq!(&b, b"2200010100000000\0");
    }

    #[test]
    fn negative_system_times_round_down() {
        let t = UNIX_EPOCH - std::time::Duration::from_millis(1500);
        let ts = Timestamp::from_system(t);
        assert_eq!(
            ts,
            Timestamp {
                secs: -2,
                nanos: 500_000_000
            }
        );
    }

    #[test]
    fn short_form_reads_back_what_it_writes() {
        for secs in [0, 1_700_000_000, -2_147_472_000, 4_102_444_799] {
            let t = Timestamp::from_secs(secs);
            assert_eq!(from_short_form(short_form(t).0), t);
        }
        // 12:00 at UTC+1 (offset 4 × 15 min) is 11:00 UTC.
        let b = [100, 1, 1, 12, 0, 0, 4];
        assert_eq!(from_short_form(b), Timestamp::from_secs(946_724_400));
    }
}
