//! `kiln media ID`: what is in a recorder (profile, status, sessions, free space, the write
//! speeds the drive offers for the disc), and the `--speed N` of `kiln burn`.

use fluent_bundle::FluentValue;
use kiln_core::mmc::parse::DiscStatus;
use kiln_core::mmc::speed::format_x;

use super::Failure;
use crate::i18n::Texts;

pub fn run(texts: &Texts, id: &str) -> Result<(), Failure> {
    let mut master = kiln_core::DiscMaster::new();
    master.open()?;
    master.set_active_format(kiln_core::Format::Data)?;
    master.set_active_recorder(id)?;
    let info = master.medium_info()?;
    master.close();
    let status = match info.status {
        DiscStatus::Blank => "cli-status-blank",
        DiscStatus::Appendable => "cli-status-appendable",
        DiscStatus::Complete => "cli-status-complete",
        DiscStatus::Other => "cli-status-other",
    };
    println!(
        "{}",
        texts.get(
            "cli-media-profile",
            &[("profile", FluentValue::from(info.profile.name()))]
        )
    );
    println!(
        "{}",
        texts.get(
            "cli-media-status",
            &[("status", FluentValue::from(texts.text(status)))]
        )
    );
    println!(
        "{}",
        texts.get(
            "cli-media-sessions",
            &[("sessions", FluentValue::from(info.sessions))]
        )
    );
    for (i, start) in info.session_starts.iter().enumerate() {
        println!(
            "{}",
            texts.get(
                "cli-media-session",
                &[
                    ("number", FluentValue::from(i + 1)),
                    ("start", FluentValue::from(*start)),
                ]
            )
        );
    }
    if info.status == DiscStatus::Appendable {
        println!("{}", texts.text("cli-media-appendable"));
    }
    println!(
        "{}",
        match info.free_blocks {
            Some(b) => texts.get(
                "cli-media-free",
                &[
                    ("blocks", FluentValue::from(b)),
                    (
                        "mb",
                        FluentValue::from(format!("{:.1}", b as f64 * 2048.0 / 1e6))
                    ),
                ],
            ),
            None => texts.text("cli-media-free-unknown"),
        }
    );
    if info.write_speeds.is_empty() {
        println!("{}", texts.text("cli-media-no-speeds"));
    } else {
        let list: Vec<String> = info
            .write_speeds
            .iter()
            .map(|s| format!("{} ({} kB/s)", s.label(), s.kbps))
            .collect();
        println!(
            "{}",
            texts.get(
                "cli-media-speeds",
                &[("speeds", FluentValue::from(list.join(", ")))]
            )
        );
    }
    Ok(())
}

/// `--speed N`: a positive multiple of the disc's 1× ("16", "2.4", "52x").
pub fn parse_speed(texts: &Texts, speed: Option<&str>) -> Result<Option<f64>, Failure> {
    let Some(s) = speed else {
        return Ok(None);
    };
    let number = s.trim().trim_end_matches(['x', 'X', '×']);
    match number.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 && x <= 1000.0 => Ok(Some(x)),
        _ => Err(Failure::Usage(
            texts.get("cli-bad-speed", &[("speed", FluentValue::from(s))]),
        )),
    }
}

/// A speed as the progress line shows it.
pub fn speed_label(x: f64) -> String {
    format_x(x)
}
