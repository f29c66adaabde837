//! Burn notices: things a burn did differently from what was staged, though it succeeded, so
//! nothing is lost silently (the burn-time sibling of [`crate::data::NamingNote`]). They reach
//! observers as [`crate::progress::ProgressEvent::Notice`]; the CLI prints them as warnings.

use std::fmt;

use crate::l10n::Localized;

/// Something the user should know about a finished or running burn.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BurnNotice {
    /// The disc has CD-TEXT, but the recorder does not advertise writing R-W sub-channel data
    /// (GET CONFIGURATION feature 002Eh, R-W bit), so the audio was burned without it.
    CdTextUnsupported {
        /// The recorder's name.
        recorder: String,
    },
    /// The recorder advertises R-W writing but refused the cue sheet that announces CD-TEXT in
    /// the lead-in (drives differ here: MMC-NOTES §5 quirk 4), so the audio was burned
    /// without it.
    CdTextRefused {
        /// The recorder's name.
        recorder: String,
        /// What the drive answered, in its own words.
        detail: String,
    },
}

impl BurnNotice {
    /// The notice as a catalogue message.
    pub fn localized(&self) -> Localized {
        // Exhaustive on purpose: a new notice does not compile until it has a message id.
        match self {
            BurnNotice::CdTextUnsupported { recorder } => {
                Localized::new("notice-cd-text-unsupported").arg("recorder", recorder)
            }
            BurnNotice::CdTextRefused { recorder, detail } => {
                Localized::new("notice-cd-text-refused")
                    .arg("recorder", recorder)
                    .arg("detail", detail)
            }
        }
    }

    /// One of each notice, for catalogue tests.
    pub fn samples() -> Vec<BurnNotice> {
        vec![
            BurnNotice::CdTextUnsupported {
                recorder: "sample-drive-no-cd-text".into(),
            },
            BurnNotice::CdTextRefused {
                recorder: "sample-drive-refusing".into(),
                detail: "ILLEGAL REQUEST 5/26/00".into(),
            },
        ]
    }
}

impl fmt::Display for BurnNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BurnNotice::CdTextUnsupported { recorder } => write!(
                f,
                "{recorder} cannot write CD-TEXT: the disc is burned without titles and performers (a CUE or TOC image file keeps them)"
            ),
            BurnNotice::CdTextRefused { recorder, detail } => write!(
                f,
                "{recorder} refused CD-TEXT ({detail}): the disc is burned without titles and performers (a CUE or TOC image file keeps them)"
            ),
        }
    }
}
