//! Multistream Opus (channel mapping family 1: 3 to 8 channels): a packet holds one Opus
//! packet per stream, all but the last in the self-delimiting framing of RFC 6716 Appendix B.
//!
//! The `opus-decoder` crate's own multistream decoder reads that framing as a length prefix
//! before each sub-packet, which is not what the RFC (or libopus) writes: the extra length sits
//! *after* the TOC byte and the packet's own length fields and gives the size of the last
//! frame. Real 5.1 files then fail as "invalid packet", so the streams are split here and each
//! is decoded by a single-stream decoder.

use opus_decoder::{OpusDecoder as Stream, OpusError};

/// One frame length field (RFC 6716 §3.2.1): one byte below 252, else two.
fn length_at(b: &[u8], at: usize) -> Option<(usize, usize)> {
    let first = usize::from(*b.get(at)?);
    if first < 252 {
        Some((first, 1))
    } else {
        Some((first + 4 * usize::from(*b.get(at + 1)?), 2))
    }
}

/// Turns the self-delimited packet at the start of `b` into a normal Opus packet (the same
/// bytes without the extra length field), appended to `out`; returns the bytes `b` used.
pub fn undelimit(b: &[u8], out: &mut Vec<u8>) -> Option<usize> {
    let toc = *b.first()?;
    // (end of the header to keep, start of the frame data, frame data and padding bytes)
    let (keep, data, body) = match toc & 3 {
        0 => {
            let (n, u) = length_at(b, 1)?;
            (1, 1 + u, n)
        }
        1 => {
            let (n, u) = length_at(b, 1)?;
            (1, 1 + u, 2 * n)
        }
        2 => {
            let (n1, u1) = length_at(b, 1)?;
            let (n2, u2) = length_at(b, 1 + u1)?;
            (1 + u1, 1 + u1 + u2, n1 + n2)
        }
        _ => {
            let count = *b.get(1)?;
            let frames = usize::from(count & 0x3f);
            if frames == 0 {
                return None;
            }
            let mut at = 2;
            let mut padding = 0;
            if count & 0x40 != 0 {
                loop {
                    let p = *b.get(at)?;
                    at += 1;
                    padding += if p == 255 { 254 } else { usize::from(p) };
                    if p != 255 {
                        break;
                    }
                }
            }
            if count & 0x80 != 0 {
                // VBR: M−1 lengths, then the extra one for the last frame.
                let mut sum = 0;
                for _ in 0..frames - 1 {
                    let (n, u) = length_at(b, at)?;
                    sum += n;
                    at += u;
                }
                let (last, u) = length_at(b, at)?;
                (at, at + u, sum + last + padding)
            } else {
                // CBR: the extra length is every frame's.
                let (n, u) = length_at(b, at)?;
                (at, at + u, frames * n + padding)
            }
        }
    };
    let end = data.checked_add(body)?;
    out.extend_from_slice(b.get(..keep)?);
    out.extend_from_slice(b.get(data..end)?);
    Some(end)
}

/// Decodes family-1 packets: `coupled` stereo streams, then mono ones, mapped to the output
/// channels by the header's table.
pub struct Multistream {
    streams: Vec<Stream>,
    coupled: usize,
    mapping: Vec<u8>,
    /// Each stream's decoded samples (interleaved within the stream), and one sub-packet.
    decoded: Vec<Vec<i16>>,
    packet: Vec<u8>,
}

impl Multistream {
    pub fn new(
        rate: u32,
        streams: usize,
        coupled: usize,
        mapping: &[u8],
        max_frames: usize,
    ) -> Result<Self, OpusError> {
        let decoders = (0..streams)
            .map(|s| Stream::new(rate, if s < coupled { 2 } else { 1 }))
            .collect::<Result<Vec<_>, _>>()?;
        let decoded = (0..streams)
            .map(|s| vec![0; max_frames * if s < coupled { 2 } else { 1 }])
            .collect();
        Ok(Multistream {
            streams: decoders,
            coupled,
            mapping: mapping.to_vec(),
            decoded,
            packet: Vec::new(),
        })
    }

    pub fn reset(&mut self) {
        self.streams.iter_mut().for_each(Stream::reset);
    }

    /// Decodes one packet into interleaved `pcm` with one sample per output channel per frame;
    /// returns the frames.
    pub fn decode(&mut self, packet: &[u8], pcm: &mut [i16]) -> Result<usize, OpusError> {
        let count = self.streams.len();
        let mut at = 0;
        let mut frames = None;
        for s in 0..count {
            let rest = packet.get(at..).ok_or(OpusError::InvalidPacket)?;
            let sub = if s + 1 < count {
                self.packet.clear();
                at += undelimit(rest, &mut self.packet).ok_or(OpusError::InvalidPacket)?;
                &self.packet[..]
            } else {
                rest
            };
            let n = self.streams[s].decode(sub, &mut self.decoded[s], false)?;
            if frames.is_some_and(|f| f != n) {
                return Err(OpusError::InvalidPacket);
            }
            frames = Some(n);
        }
        let frames = frames.unwrap_or(0);
        let channels = self.mapping.len();
        if pcm.len() < frames * channels {
            return Err(OpusError::BufferTooSmall);
        }
        for (ch, &slot) in self.mapping.iter().enumerate() {
            let slot = usize::from(slot);
            // Decoded channel `slot`: the coupled streams' two channels come first.
            let (stream, offset, stride) = if slot == 255 {
                (None, 0, 1)
            } else if slot < 2 * self.coupled {
                (Some(slot / 2), slot % 2, 2)
            } else {
                (Some(slot - self.coupled), 0, 1)
            };
            let source = stream.and_then(|s| self.decoded.get(s));
            for f in 0..frames {
                pcm[f * channels + ch] = source
                    .and_then(|d| d.get(f * stride + offset))
                    .copied()
                    .unwrap_or(0);
            }
        }
        Ok(frames)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normal(b: &[u8]) -> (Vec<u8>, usize) {
        let mut out = Vec::new();
        let used = undelimit(b, &mut out).expect("valid");
        (out, used)
    }

    #[test]
    fn code_0_drops_the_length_and_stops_at_the_frame() {
        // TOC (code 0), length 3, three bytes of frame, then the next stream's bytes.
        let (p, used) = normal(&[0x78, 3, 0xa, 0xb, 0xc, 0xff, 0xee]);
        assert_eq!(p, vec![0x78, 0xa, 0xb, 0xc]);
        assert_eq!(used, 5);
    }

    #[test]
    fn code_1_has_two_frames_of_the_one_length() {
        let (p, used) = normal(&[0x79, 2, 1, 2, 3, 4, 9]);
        assert_eq!(p, vec![0x79, 1, 2, 3, 4]);
        assert_eq!(used, 6);
    }

    #[test]
    fn code_2_keeps_the_first_length_and_drops_the_second() {
        let (p, used) = normal(&[0x7a, 1, 2, 0xa, 0xb, 0xc, 9]);
        assert_eq!(p, vec![0x7a, 1, 0xa, 0xb, 0xc]);
        assert_eq!(used, 6);
    }

    #[test]
    fn code_3_vbr_with_padding() {
        // 2 frames, VBR, padding 2: lengths 1 (first) and 2 (extra, last), frames, padding.
        let b = [0x7b, 0x80 | 0x40 | 2, 2, 1, 2, 0xa, 0xb, 0xc, 0, 0, 9];
        let (p, used) = normal(&b);
        assert_eq!(p, vec![0x7b, 0xc2, 2, 1, 0xa, 0xb, 0xc, 0, 0]);
        assert_eq!(used, 10);
    }

    #[test]
    fn code_3_cbr() {
        let (p, used) = normal(&[0x7b, 3, 1, 0xa, 0xb, 0xc, 9]);
        assert_eq!(p, vec![0x7b, 3, 0xa, 0xb, 0xc]);
        assert_eq!(used, 6);
    }

    #[test]
    fn two_byte_lengths() {
        // 252 + 4·1 = 256 bytes of frame.
        let mut b = vec![0x78, 252, 1];
        b.extend(std::iter::repeat_n(7u8, 256));
        let (p, used) = normal(&b);
        assert_eq!(p.len(), 257);
        assert_eq!(used, 259);
    }

    #[test]
    fn truncated_packets_are_refused_without_panics() {
        let b = [0x7b, 0x80 | 0x40 | 2, 2, 1, 2, 0xa, 0xb, 0xc, 0, 0];
        for n in 0..b.len() {
            assert!(undelimit(&b[..n], &mut Vec::new()).is_none(), "{n}");
        }
        assert!(
            undelimit(&[0x7b, 0], &mut Vec::new()).is_none(),
            "no frames"
        );
    }
}
