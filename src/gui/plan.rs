//! The audio plan: the order of the tracks and their CD-TEXT as the window has them, applied to
//! the core on a worker thread. The core's staging cannot be edited backwards (IMAPI's rule), so
//! a new order or new text is applied by clearing the staging and adding the tracks again with
//! [`DiscMaster::add_audio_track`], which reuses the lengths measured when the files were first
//! added (nothing is decoded again).

use kiln_core::audio::{AudioTrack, DiscMetadata, TrackMetadata};
use kiln_core::{DiscMaster, Result};

/// The text of a track or of the disc, as typed: an empty field means no CD-TEXT for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    /// Title.
    pub title: String,
    /// Performer.
    pub performer: String,
}

impl Text {
    /// The text the core holds for a track.
    pub fn of_track(m: &TrackMetadata) -> Text {
        Text {
            title: m.title.clone().unwrap_or_default(),
            performer: m.performer.clone().unwrap_or_default(),
        }
    }
}

/// What the audio disc should be.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AudioPlan {
    /// For each track of the new staging, in order: its index in the current staging. An index
    /// left out removes that track.
    pub order: Vec<usize>,
    /// The text of each track of the new staging (same length as `order`).
    pub texts: Vec<Text>,
    /// The disc's text (album title and performer).
    pub disc: Text,
}

fn field(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Clears the audio staging and adds its tracks again as `plan` says. All or nothing: when a
/// track cannot be added, the staging is put back as it was and the error returned.
pub fn apply(m: &mut DiscMaster, plan: &AudioPlan) -> Result<()> {
    let old = m.audio_staging()?.disc().clone();
    // A stale plan (indices that are not there) changes nothing rather than guessing.
    if plan.texts.len() != plan.order.len() || plan.order.iter().any(|&i| i >= old.tracks.len()) {
        tracing::warn!(?plan.order, tracks = old.tracks.len(), "audio plan out of date; ignored");
        return Ok(());
    }
    let tracks: Vec<AudioTrack> = plan
        .order
        .iter()
        .zip(&plan.texts)
        .map(|(&i, text)| {
            let mut t = old.tracks[i].clone();
            t.metadata.title = field(&text.title);
            t.metadata.performer = field(&text.performer);
            t
        })
        .collect();
    let disc = DiscMetadata {
        title: field(&plan.disc.title),
        performer: field(&plan.disc.performer),
        ..old.metadata.clone()
    };
    m.clear_staging()?;
    let added = tracks.into_iter().try_for_each(|t| m.add_audio_track(t));
    match added {
        Ok(()) => m.set_audio_disc_metadata(disc),
        Err(e) => {
            restore(m, old);
            Err(e)
        }
    }
}

/// Puts back a staging that was there a moment ago (so it fits).
fn restore(m: &mut DiscMaster, old: kiln_core::audio::AudioDisc) {
    let put_back = m.clear_staging().and_then(|()| {
        old.tracks
            .into_iter()
            .try_for_each(|t| m.add_audio_track(t))?;
        m.set_audio_disc_metadata(old.metadata)
    });
    if let Err(e) = put_back {
        tracing::warn!(%e, "the audio staging could not be put back");
    }
}
