//! The capacity meter: how much of the chosen medium the staging takes, in mm:ss for audio and
//! MB/GB for data, and whether it fits. The numbers are the core's (used blocks from the staging,
//! capacities from [`MediumSize`]); this module only compares and formats them.

use iced::widget::{column, progress_bar, row, space, text};
use iced::{Element, Theme};
use kiln_core::audio::Capacity;
use kiln_core::media::BLOCK;
use kiln_core::{Format, MediumSize};

use crate::i18n::Texts;

/// Whether the staging fits the medium.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// It fits.
    Fits,
    /// An audio disc longer than the medium: only an overburn can record it (the core's
    /// `CapacityCheck::Overburn`); some drives or blanks refuse it.
    Overburn,
    /// It cannot be recorded on this medium (a data disc over capacity, or audio longer than the
    /// longest CD).
    TooBig,
}

/// Compares used and total blocks as the core counts them for `format`.
pub fn fit(format: Format, used: u64, total: u64) -> Fit {
    if used <= total {
        Fit::Fits
    } else if format == Format::Audio && used <= Capacity::Min99.blocks() {
        Fit::Overburn
    } else {
        Fit::TooBig
    }
}

/// The media a user can measure against: all sizes for data, CDs for audio.
pub fn choices(format: Format) -> Vec<MediumSize> {
    MediumSize::CHOICES
        .into_iter()
        .filter(|m| format != Format::Audio || m.blocks() <= MediumSize::Cd99.blocks())
        .collect()
}

/// `mm:ss` of audio blocks (75 per second).
pub fn mmss(blocks: u64) -> String {
    let secs = blocks / 75;
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// Bytes for people: `123.4 MB`, `4.70 GB` (decimal units, as discs are sold).
pub fn size(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e9 {
        format!("{:.2} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{:.0} kB", (b / 1e3).ceil())
    }
}

/// An amount of blocks in the unit of `format`.
pub fn amount(format: Format, blocks: u64) -> String {
    match format {
        Format::Audio => mmss(blocks),
        _ => size(blocks * BLOCK),
    }
}

/// The meter: a bar, `used of total`, and the state in words.
pub fn view<'a, M: 'a>(texts: &Texts, format: Format, used: u64, total: u64) -> Element<'a, M> {
    let state = fit(format, used, total);
    let label = texts.get(
        "gui-meter",
        &[
            ("used", amount(format, used).into()),
            ("total", amount(format, total).into()),
        ],
    );
    let (words, style): (String, fn(&Theme) -> progress_bar::Style) = match state {
        Fit::Fits => (
            texts.get(
                "gui-meter-fits",
                &[("free", amount(format, total.saturating_sub(used)).into())],
            ),
            progress_bar::success,
        ),
        Fit::Overburn => (
            texts.get(
                "gui-meter-overburn",
                &[("excess", amount(format, used - total).into())],
            ),
            progress_bar::warning,
        ),
        Fit::TooBig => (
            texts.get(
                "gui-meter-does-not-fit",
                &[("excess", amount(format, used.saturating_sub(total)).into())],
            ),
            progress_bar::danger,
        ),
    };
    let ratio = if total == 0 {
        0.0
    } else {
        (used as f64 / total as f64).min(1.0) as f32
    };
    column![
        progress_bar(0.0..=1.0, ratio).girth(14).style(style),
        row![
            text(label).size(14),
            space::horizontal(),
            text(words).size(14)
        ],
    ]
    .spacing(4)
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_follow_the_core_counts() {
        let cd80 = MediumSize::Cd80.blocks();
        assert_eq!(fit(Format::Data, 10, cd80), Fit::Fits);
        assert_eq!(fit(Format::Data, cd80 + 1, cd80), Fit::TooBig);
        assert_eq!(fit(Format::Audio, cd80 + 75, cd80), Fit::Overburn);
        assert_eq!(fit(Format::Audio, 500_000, cd80), Fit::TooBig);
    }

    #[test]
    fn formats_time_and_size() {
        assert_eq!(mmss(80 * 60 * 75), "80:00");
        assert_eq!(mmss(150), "0:02");
        assert_eq!(size(737_280_000), "737.3 MB");
        assert_eq!(size(4_700_000_000), "4.70 GB");
        assert_eq!(choices(Format::Audio).len(), 4);
        assert_eq!(choices(Format::Data).len(), 9);
    }
}
