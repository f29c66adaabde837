//! Opus, which symphonia 0.6 demuxes (Ogg, Matroska/WebM) but cannot decode: a symphonia
//! [`AudioDecoder`] over the pure-Rust `opus-rs` crate (a port of libopus 1.6; no C library to
//! build on three platforms). The `opus-decoder` crate was tried first: it decoded correctly
//! but at 2.5× real time (its FFT computes every twiddle factor with `sincos` on each call),
//! and its multistream decoder misreads the self-delimited framing of RFC 6716 Appendix B.
//!
//! What the container says is applied here, as RFC 7845 asks of a player:
//! - the pre-skip (the encoder's delay) is dropped from the first packets here: symphonia's Ogg
//!   demuxer only records it as the track's delay; the end trimming arrives as the last packet's
//!   `trim_end` (from the last granule position). The decoded length is the encoder's input
//!   length, gapless;
//! - the header's output gain (Q7.8 dB) scales every sample;
//! - channel mapping family 1 (up to 8 channels, Vorbis order) is decoded with the multistream
//!   decoder and each channel is put in the plane symphonia's channel positions give it, so the
//!   caller's down-mix knows which plane is the centre or the LFE.
//!
//! Opus always decodes at 48 kHz; the caller resamples to 44.1 kHz like any other 48 kHz source.

use opus_rs::multistream::{ChannelMappingTable, MultistreamDecoder as Multistream};
use opus_rs::OpusDecoder as Stream;
use symphonia::core::audio::{
    AsGenericAudioBufferRef, AudioBuffer, AudioMut, AudioSpec, Channels, GenericAudioBufferRef,
    Position,
};
use symphonia::core::codecs::audio::well_known::CODEC_ID_OPUS;
use symphonia::core::codecs::audio::{
    AudioCodecParameters, AudioDecoder, AudioDecoderOptions, FinalizeResult,
};
use symphonia::core::codecs::registry::{RegisterableAudioDecoder, SupportedAudioCodec};
use symphonia::core::codecs::CodecInfo;
use symphonia::core::errors::{decode_error, unsupported_error, Error as SymError, Result};
use symphonia::core::packet::PacketRef;

/// Opus's only decoding rate here.
const RATE: u32 = 48_000;
/// The longest packet: 120 ms at 48 kHz.
const MAX_FRAMES: usize = 5760;

/// The identification header ("OpusHead", RFC 7845 §5.1) fields the decoder needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpusHead {
    /// Output channels.
    pub channels: usize,
    /// Frames (at 48 kHz) to drop at the start: the encoder's delay.
    pub pre_skip: usize,
    /// Output gain in Q7.8 dB.
    pub gain_q8: i16,
    /// Channel mapping family (0: mono/stereo, one stream; 1: Vorbis order, up to 8).
    pub family: u8,
    /// Streams in each packet, and how many of them are coupled (stereo).
    pub streams: usize,
    pub coupled: usize,
    /// For each output channel, the decoded channel it takes (255: silence).
    pub mapping: Vec<u8>,
}

impl OpusHead {
    /// Parses the header; `Err` names what is wrong.
    pub fn parse(b: &[u8]) -> std::result::Result<OpusHead, &'static str> {
        if b.len() < 19 || &b[..8] != b"OpusHead" {
            return Err("the Opus identification header is missing or short");
        }
        if b[8] >> 4 != 0 {
            return Err("unknown Opus header version");
        }
        let channels = usize::from(b[9]);
        if channels == 0 {
            return Err("the Opus header states 0 channels");
        }
        let gain_q8 = i16::from_le_bytes([b[16], b[17]]);
        let family = b[18];
        let (streams, coupled, mapping) = match family {
            0 if channels <= 2 => (1, channels - 1, (0..channels as u8).collect()),
            0 => return Err("mapping family 0 allows only 1 or 2 channels"),
            1 if channels <= 8 => {
                let table = b
                    .get(19..21 + channels)
                    .ok_or("the Opus mapping table is short")?;
                let (streams, coupled) = (usize::from(table[0]), usize::from(table[1]));
                if streams == 0 || coupled > streams || streams + coupled > 255 {
                    return Err("the Opus stream counts are inconsistent");
                }
                let mapping = table[2..].to_vec();
                if mapping
                    .iter()
                    .any(|&m| m != 255 && usize::from(m) >= streams + coupled)
                {
                    return Err("the Opus channel mapping points past the streams");
                }
                (streams, coupled, mapping)
            }
            1 => return Err("mapping family 1 allows at most 8 channels"),
            _ => return Err("this Opus channel mapping family is not supported (only 0 and 1)"),
        };
        Ok(OpusHead {
            channels,
            pre_skip: usize::from(u16::from_le_bytes([b[10], b[11]])),
            gain_q8,
            family,
            streams,
            coupled,
            mapping,
        })
    }

    /// The output gain as a linear factor.
    pub fn gain(&self) -> f32 {
        10f32.powf(f32::from(self.gain_q8) / (256.0 * 20.0))
    }

    /// Channel positions of the decoded channels, in decoding (Vorbis) order (RFC 7845 §5.1.1.2).
    pub fn positions(&self) -> Vec<Position> {
        use Position as P;
        let order: &[Position] = match self.channels {
            1 => &[P::FRONT_LEFT],
            2 => &[P::FRONT_LEFT, P::FRONT_RIGHT],
            3 => &[P::FRONT_LEFT, P::FRONT_CENTER, P::FRONT_RIGHT],
            4 => &[P::FRONT_LEFT, P::FRONT_RIGHT, P::REAR_LEFT, P::REAR_RIGHT],
            5 => &[
                P::FRONT_LEFT,
                P::FRONT_CENTER,
                P::FRONT_RIGHT,
                P::REAR_LEFT,
                P::REAR_RIGHT,
            ],
            6 => &[
                P::FRONT_LEFT,
                P::FRONT_CENTER,
                P::FRONT_RIGHT,
                P::REAR_LEFT,
                P::REAR_RIGHT,
                P::LFE1,
            ],
            7 => &[
                P::FRONT_LEFT,
                P::FRONT_CENTER,
                P::FRONT_RIGHT,
                P::SIDE_LEFT,
                P::SIDE_RIGHT,
                P::REAR_CENTER,
                P::LFE1,
            ],
            _ => &[
                P::FRONT_LEFT,
                P::FRONT_CENTER,
                P::FRONT_RIGHT,
                P::SIDE_LEFT,
                P::SIDE_RIGHT,
                P::REAR_LEFT,
                P::REAR_RIGHT,
                P::LFE1,
            ],
        };
        order.to_vec()
    }

    /// For each decoded channel (Vorbis order), the plane it goes to: symphonia keeps planes in
    /// the order of the position bits.
    fn plane_of_channel(&self) -> Vec<usize> {
        let positions = self.positions();
        positions
            .iter()
            .map(|p| positions.iter().filter(|q| q.bits() < p.bits()).count())
            .collect()
    }

    fn channel_layout(&self) -> Channels {
        Channels::Positioned(
            self.positions()
                .into_iter()
                .fold(Position::empty(), |all, p| all | p),
        )
    }
}

/// One stream (the common mono/stereo file) or several.
enum Inner {
    Single(Box<Stream>),
    Multi(Multistream),
}

/// A symphonia decoder of Opus packets.
pub struct OpusAudioDecoder {
    params: AudioCodecParameters,
    head: OpusHead,
    inner: Inner,
    gain: f32,
    plane_of_channel: Vec<usize>,
    /// Pre-skip frames not dropped yet.
    skip: usize,
    pcm: Vec<f32>,
    buf: AudioBuffer<f32>,
}

impl std::fmt::Debug for OpusAudioDecoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpusAudioDecoder")
            .field("head", &self.head)
            .finish()
    }
}

fn opus_error(why: &'static str) -> SymError {
    tracing::debug!("opus: {why}");
    SymError::DecodeError("opus: a packet could not be decoded")
}

impl Inner {
    fn new(head: &OpusHead) -> Result<Inner> {
        Ok(if head.family == 0 {
            Inner::Single(Box::new(
                Stream::new(RATE as i32, head.channels).map_err(opus_error)?,
            ))
        } else {
            let table = ChannelMappingTable {
                channels: head.channels as u8,
                stream_count: head.streams as u8,
                coupled_count: head.coupled as u8,
                mapping: head.mapping.clone(),
            };
            Inner::Multi(Multistream::new(RATE as i32, table).map_err(opus_error)?)
        })
    }
}

impl OpusAudioDecoder {
    fn try_new(params: &AudioCodecParameters) -> Result<Self> {
        if params.codec != CODEC_ID_OPUS {
            return unsupported_error("opus: not an Opus track");
        }
        let Some(extra) = params.extra_data.as_deref() else {
            return unsupported_error("opus: the container gives no Opus header");
        };
        let head = match OpusHead::parse(extra) {
            Ok(h) => h,
            Err(why) => return decode_error(why),
        };
        let inner = Inner::new(&head)?;
        let spec = AudioSpec::new(RATE, head.channel_layout());
        let mut params = params.clone();
        params.sample_rate = Some(RATE);
        params.channels = Some(head.channel_layout());
        Ok(OpusAudioDecoder {
            params,
            gain: head.gain(),
            plane_of_channel: head.plane_of_channel(),
            skip: head.pre_skip,
            pcm: vec![0.0; MAX_FRAMES * head.channels],
            buf: AudioBuffer::new(spec, MAX_FRAMES),
            inner,
            head,
        })
    }
}

impl AudioDecoder for OpusAudioDecoder {
    fn reset(&mut self) {
        // The crate has no reset: a new decoder is the same state.
        if let Ok(inner) = Inner::new(&self.head) {
            self.inner = inner;
        }
    }

    fn codec_info(&self) -> &CodecInfo {
        &Self::supported_codecs()[0].info
    }

    fn codec_params(&self) -> &AudioCodecParameters {
        &self.params
    }

    fn decode_ref(&mut self, packet: &PacketRef<'_>) -> Result<GenericAudioBufferRef<'_>> {
        let frames = match &mut self.inner {
            Inner::Single(d) => d.decode(packet.data, MAX_FRAMES, &mut self.pcm),
            Inner::Multi(d) => d.decode(packet.data, MAX_FRAMES, &mut self.pcm),
        }
        .map_err(opus_error)?
        .min(MAX_FRAMES);
        let channels = self.head.channels;
        self.buf.clear();
        self.buf.render_uninit(Some(frames));
        for (ch, &plane) in self.plane_of_channel.iter().enumerate() {
            if let Some(out) = self.buf.plane_mut(plane) {
                let samples = self.pcm[ch..frames * channels].iter().step_by(channels);
                for (o, &s) in out.iter_mut().zip(samples) {
                    *o = s * self.gain;
                }
            }
        }
        let skip = self.skip.min(frames);
        self.skip -= skip;
        self.buf.trim(
            (packet.trim_start.get() as usize).max(skip),
            packet.trim_end.get() as usize,
        );
        Ok(self.buf.as_generic_audio_buffer_ref())
    }

    fn finalize(&mut self) -> FinalizeResult {
        FinalizeResult::default()
    }

    fn last_decoded(&self) -> GenericAudioBufferRef<'_> {
        self.buf.as_generic_audio_buffer_ref()
    }
}

impl RegisterableAudioDecoder for OpusAudioDecoder {
    fn try_registry_new(
        params: &AudioCodecParameters,
        _opts: &AudioDecoderOptions,
    ) -> Result<Box<dyn AudioDecoder>> {
        Ok(Box::new(OpusAudioDecoder::try_new(params)?))
    }

    fn supported_codecs() -> &'static [SupportedAudioCodec] {
        // Spelled out: symphonia's `support_audio_codec!` names the `symphonia_core` crate.
        &[SupportedAudioCodec {
            id: CODEC_ID_OPUS,
            info: CodecInfo {
                short_name: "opus",
                long_name: "Opus",
                profiles: &[],
            },
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(channels: u8, family: u8, table: &[u8]) -> Vec<u8> {
        let mut b = b"OpusHead".to_vec();
        b.extend([1, channels]);
        b.extend(312u16.to_le_bytes()); // pre-skip
        b.extend(44_100u32.to_le_bytes()); // original rate (informative only)
        b.extend((-256i16).to_le_bytes()); // -1 dB
        b.push(family);
        b.extend(table);
        b
    }

    #[test]
    fn stereo_header() {
        let h = OpusHead::parse(&head(2, 0, &[])).unwrap();
        assert_eq!((h.channels, h.streams, h.coupled), (2, 1, 1));
        assert_eq!(h.pre_skip, 312);
        assert_eq!(h.mapping, vec![0, 1]);
        assert!((h.gain() - 0.891_250_9).abs() < 1e-6, "{}", h.gain());
        assert_eq!(h.plane_of_channel(), vec![0, 1]);
    }

    #[test]
    fn surround_channels_go_to_their_planes() {
        // 5.1 in Vorbis order: L C R RL RR LFE; symphonia's planes: L R C LFE RL RR.
        let h = OpusHead::parse(&head(6, 1, &[4, 2, 0, 4, 1, 2, 3, 5])).unwrap();
        assert_eq!((h.streams, h.coupled), (4, 2));
        assert_eq!(h.plane_of_channel(), vec![0, 2, 1, 4, 5, 3]);
    }

    #[test]
    fn bad_headers_are_refused_without_panics() {
        let good = head(6, 1, &[4, 2, 0, 4, 1, 2, 3, 5]);
        for n in 0..good.len() {
            let _ = OpusHead::parse(&good[..n]);
        }
        assert!(OpusHead::parse(&head(0, 0, &[])).is_err());
        assert!(OpusHead::parse(&head(3, 0, &[])).is_err());
        assert!(OpusHead::parse(&head(2, 255, &[])).is_err());
        assert!(
            OpusHead::parse(&head(2, 1, &[1, 1, 0, 9])).is_err(),
            "mapping past the streams"
        );
        assert!(
            OpusHead::parse(&head(2, 1, &[0, 0, 0, 0])).is_err(),
            "no streams"
        );
        assert!(OpusHead::parse(&head(9, 1, &[9, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8])).is_err());
    }
}
