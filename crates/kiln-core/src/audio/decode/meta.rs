//! What an audio file says about itself besides its sound: the tags that become CD-TEXT and
//! the embedded cover art, read through the decoder's open container.

use symphonia::core::meta::{StandardTag, StandardVisualKey};

use super::Decoder;
use crate::audio::image::TrackMetadata;

/// A picture embedded in an audio file, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// Its media type as the tag gives it (`image/jpeg`, `image/png`), if it does.
    pub media_type: Option<String>,
    /// The encoded picture.
    pub data: Vec<u8>,
}

impl Decoder {
    /// The track's text from the file's tags (ID3, Vorbis comments, MP4 atoms, ...): title,
    /// artist as performer, composer, writer/lyricist as songwriter, ISRC. Missing tags stay
    /// `None`.
    pub fn tags(&mut self) -> TrackMetadata {
        let mut m = TrackMetadata::default();
        let mut meta = self.format.metadata();
        let Some(rev) = meta.skip_to_latest() else {
            return m;
        };
        for tag in &rev.media.tags {
            let Some(std) = &tag.std else { continue };
            let (slot, v) = match std {
                StandardTag::TrackTitle(v) => (&mut m.title, v),
                StandardTag::Artist(v) => (&mut m.performer, v),
                StandardTag::Composer(v) => (&mut m.composer, v),
                StandardTag::Writer(v) | StandardTag::Lyricist(v) => (&mut m.songwriter, v),
                StandardTag::IdentIsrc(v) => (&mut m.isrc, v),
                _ => continue,
            };
            if slot.is_none() && !v.trim().is_empty() {
                *slot = Some(v.trim().to_string());
            }
        }
        m
    }

    /// The cover art embedded in the file's tags (FLAC PICTURE blocks, ID3 APIC frames, MP4
    /// `covr` atoms, ...): the front cover, or else the first picture, as stored (JPEG or PNG
    /// bytes). Nothing is decoded.
    pub fn cover(&mut self) -> Option<Picture> {
        let mut meta = self.format.metadata();
        let rev = meta.skip_to_latest()?;
        let visuals = &rev.media.visuals;
        let v = visuals
            .iter()
            .find(|v| v.usage == Some(StandardVisualKey::FrontCover))
            .or_else(|| visuals.first())?;
        Some(Picture {
            media_type: v.media_type.clone(),
            data: v.data.to_vec(),
        })
    }
}
