//! Write speeds: what a drive offers for the loaded medium, as multiples of the medium's 1×, and
//! the choice of one for a burn.
//!
//! DVD and BD drives list their speeds in GET PERFORMANCE type 03h (write speed descriptors);
//! CD writers list them there too, or only in mode page 2Ah, which has 16-bit speeds and is the
//! fallback. A speed is chosen with SET CD SPEED on CDs and SET STREAMING on DVD and BD (MMC-6;
//! growisofs and libburn do the same). Drives differ a lot here (some do not report the current
//! speed, some refuse SET STREAMING on DVD+RW), so a failure to read or set the speed is a
//! warning, never the end of a burn.

use super::cdb::MAX_SPEED;
use super::drive::Drive;
use super::profile::Profile;
use crate::transport::ScsiTransport;

/// 1× CD: 75 frames of 2352 bytes a second, 176.4 kB/s (k = 1000, as MMC speeds are given).
pub const CD_1X_KBPS: f64 = 176.4;
/// 1× DVD: 1385 kB/s of user data.
pub const DVD_1X_KBPS: f64 = 1385.0;
/// 1× BD: 4495 kB/s of user data (4,495.5 in some tables; drives report multiples of 4495).
pub const BD_1X_KBPS: f64 = 4495.0;

/// 1× of a medium in kB/s; CD speeds for anything that is not a DVD or a BD.
pub fn one_x_kbps(profile: Profile) -> f64 {
    if profile.is_bd() {
        BD_1X_KBPS
    } else if profile.is_dvd() {
        DVD_1X_KBPS
    } else {
        CD_1X_KBPS
    }
}

/// One write speed a drive offers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WriteSpeed {
    /// kB/s, as the drive reports it.
    pub kbps: u32,
    /// The same as a multiple of the medium's 1× (52.0 for 9173 kB/s on a CD).
    pub x: f64,
}

impl WriteSpeed {
    /// A speed of `kbps` for a medium of this profile.
    pub fn new(profile: Profile, kbps: u32) -> Self {
        WriteSpeed {
            kbps,
            x: f64::from(kbps) / one_x_kbps(profile),
        }
    }

    /// The speed as people write it: "52×", "2.4×".
    pub fn label(&self) -> String {
        format_x(self.x)
    }
}

/// "16×", "2.4×": whole multiples without decimals, others with one.
pub fn format_x(x: f64) -> String {
    if (x - x.round()).abs() < 0.05 {
        format!("{:.0}×", x.round())
    } else {
        format!("{x:.1}×")
    }
}

/// The write speeds for the loaded medium, fastest first, without repeats: GET PERFORMANCE type
/// 03h, or page 2Ah when the drive does not answer that. Empty when neither says anything.
pub fn offered<T: ScsiTransport>(drive: &mut Drive<T>, profile: Profile) -> Vec<WriteSpeed> {
    let mut kbps: Vec<u32> = match drive.write_speeds() {
        Ok(d) => d.iter().map(|d| d.write_kbps).filter(|k| *k > 0).collect(),
        Err(e) => {
            tracing::debug!(error = %e, "GET PERFORMANCE gave no write speeds");
            Vec::new()
        }
    };
    if kbps.is_empty() {
        if let Ok(caps) = drive.capabilities() {
            kbps = caps
                .write_speeds_kbps
                .iter()
                .map(|k| u32::from(*k))
                .filter(|k| *k > 0)
                .collect();
        }
    }
    kbps.sort_unstable_by(|a, b| b.cmp(a));
    kbps.dedup();
    kbps.into_iter()
        .map(|k| WriteSpeed::new(profile, k))
        .collect()
}

/// The speed to ask for `wanted` × (`None` = the fastest): the fastest offered that is not
/// above it (with 3 % of slack, since drives round: 52× is 9172.8 kB/s), or the slowest when
/// all are faster. `None` when the drive offered nothing.
pub fn choose(offered: &[WriteSpeed], wanted: Option<f64>) -> Option<WriteSpeed> {
    let Some(x) = wanted else {
        return offered.first().copied();
    };
    offered
        .iter()
        .copied()
        .find(|s| s.x <= x * 1.03)
        .or_else(|| offered.last().copied())
}

/// Sends the chosen speed: SET CD SPEED on a CD (read speed left at the maximum; a few kB/s more
/// than the speed, as drives round down), SET STREAMING on a DVD or BD up to `end_lba`. Returns
/// `false` (after a warning in the log) when the drive refused.
pub fn set<T: ScsiTransport>(
    drive: &mut Drive<T>,
    profile: Profile,
    speed: WriteSpeed,
    end_lba: u32,
) -> bool {
    let result = if profile.is_dvd() || profile.is_bd() {
        // Read speed: as fast as the write (the drive clamps it to what it can).
        drive.set_streaming(end_lba, speed.kbps, speed.kbps)
    } else {
        let kbps = u16::try_from(speed.kbps.saturating_add(2)).unwrap_or(MAX_SPEED - 1);
        drive.set_cd_speed(MAX_SPEED, kbps)
    };
    match result {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(error = %e, kbps = speed.kbps, "the drive refused the write speed; it keeps its own");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(profile: Profile, kbps: &[u32]) -> Vec<WriteSpeed> {
        kbps.iter().map(|k| WriteSpeed::new(profile, *k)).collect()
    }

    #[test]
    fn multiples_of_one_x() {
        assert_eq!(WriteSpeed::new(Profile::CdR, 9173).label(), "52×");
        assert_eq!(WriteSpeed::new(Profile::CdR, 7056).label(), "40×");
        assert_eq!(WriteSpeed::new(Profile::DvdPlusR, 22_160).label(), "16×");
        assert_eq!(WriteSpeed::new(Profile::DvdPlusR, 3324).label(), "2.4×");
        assert_eq!(
            WriteSpeed::new(Profile::BdRSequential, 71_920).label(),
            "16×"
        );
    }

    #[test]
    fn choosing_rounds_down_like_drives() {
        let cd = list(Profile::CdR, &[9173, 8467, 7056, 5645]);
        assert_eq!(choose(&cd, None).map(|s| s.kbps), Some(9173));
        assert_eq!(choose(&cd, Some(52.0)).map(|s| s.kbps), Some(9173));
        assert_eq!(choose(&cd, Some(50.0)).map(|s| s.kbps), Some(8467));
        assert_eq!(choose(&cd, Some(4.0)).map(|s| s.kbps), Some(5645));
        assert_eq!(choose(&[], Some(4.0)), None);
    }
}
