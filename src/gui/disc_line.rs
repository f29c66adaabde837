//! The line under the recorder picker that says what disc is in the chosen drive: its type, its
//! state, the free space and the speeds the drive offers for it — the figures `kiln media`
//! prints, from the core's [`MediumInfo`], in the window's language.

use kiln_core::mmc::parse::DiscStatus;
use kiln_core::recorder::MediumInfo;
use kiln_core::{DiscMaster, Localized, RecorderKind};

use super::meter;
use crate::i18n::Texts;

/// What the window knows of the disc in the chosen recorder.
#[derive(Debug, Clone, PartialEq)]
pub enum DiscState {
    /// The recorder writes image files: there is no disc to describe.
    NoDisc,
    /// The drive described its disc.
    Described(MediumInfo),
    /// The drive could not be asked, or has no disc: the core's words.
    Unknown(Localized),
}

impl DiscState {
    /// Asks the master about the disc in its active recorder (a SCSI command or a few for a
    /// drive: called on the worker, and only when the recorder or its disc may have changed).
    pub fn of(m: &mut DiscMaster) -> DiscState {
        match m.active_recorder().map(|r| r.kind) {
            None | Some(RecorderKind::ImageFile) => DiscState::NoDisc,
            Some(_) => match m.medium_info() {
                Ok(info) => DiscState::Described(info),
                Err(e) => DiscState::Unknown(e.localized()),
            },
        }
    }
}

/// The line, or `None` when there is nothing to say (image files).
pub fn line(texts: &Texts, state: &DiscState) -> Option<String> {
    let info = match state {
        DiscState::NoDisc => return None,
        DiscState::Unknown(reason) => return Some(texts.localized(reason)),
        DiscState::Described(info) => info,
    };
    let status = texts.text(match info.status {
        DiscStatus::Blank => "gui-disc-blank",
        DiscStatus::Appendable => "gui-disc-appendable",
        DiscStatus::Complete => "gui-disc-complete",
        DiscStatus::Other => "gui-disc-rewritable",
    });
    let mut parts = vec![info.profile.name().to_string(), status];
    if info.status == DiscStatus::Appendable {
        parts.push(texts.get("gui-disc-sessions", &[("count", info.sessions.into())]));
    }
    if let Some(free) = info.free_blocks {
        parts.push(texts.get(
            "gui-disc-free",
            &[("size", meter::size(free * 2048).into())],
        ));
    }
    let speeds: Vec<String> = info
        .write_speeds
        .iter()
        .map(|s| format!("{}×", (s.x * 10.0).round() / 10.0))
        .collect();
    if !speeds.is_empty() {
        parts.push(texts.get("gui-disc-speeds", &[("speeds", speeds.join(", ").into())]));
    }
    Some(parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use kiln_core::mmc::Profile;
    use kiln_core::WriteSpeed;

    use super::*;

    fn dvd_r(status: DiscStatus, sessions: u16) -> DiscState {
        DiscState::Described(MediumInfo {
            profile: Profile::DvdPlusR,
            status,
            sessions,
            session_starts: (0..u32::from(sessions)).map(|i| i * 100_000).collect(),
            free_blocks: Some(2_295_104),
            write_speeds: vec![
                WriteSpeed {
                    kbps: 22_160,
                    x: 16.0,
                },
                WriteSpeed {
                    kbps: 11_080,
                    x: 8.0,
                },
            ],
        })
    }

    #[test]
    fn says_type_state_free_space_and_speeds_in_both_languages() {
        let en = Texts::new("en");
        let it = Texts::new("it");
        let blank = dvd_r(DiscStatus::Blank, 1);
        assert_eq!(
            line(&en, &blank).unwrap(),
            "DVD+R · blank · 4.70 GB free · writes at 16×, 8×"
        );
        assert_eq!(
            line(&it, &blank).unwrap(),
            "DVD+R · vuoto · 4.70 GB liberi · scrive a 16×, 8×"
        );
        let open = dvd_r(DiscStatus::Appendable, 2);
        assert_eq!(
            line(&en, &open).unwrap(),
            "DVD+R · open for more sessions · 2 sessions · 4.70 GB free · writes at 16×, 8×"
        );
        assert_eq!(line(&en, &DiscState::NoDisc), None);
        let unknown = DiscState::Unknown(Localized::new("gui-recorder-image"));
        assert_eq!(line(&en, &unknown).unwrap(), en.text("gui-recorder-image"));
    }
}
