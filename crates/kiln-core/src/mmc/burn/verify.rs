//! Verify after burn: what was sent is fingerprinted while it streams to the drive, then the disc
//! is read back (READ(10) for data, READ CD for audio) over exactly the image's blocks and
//! compared piece by piece. A disc that reads back different, short (a read fails) or blank is a
//! failed burn even if every write command succeeded: drives do fail silently.
//!
//! The fingerprint is a 64-bit SipHash (std's `DefaultHasher`, fixed keys) per piece of
//! [`PIECE_BLOCKS`] blocks: no new dependency, fast, and it names where the first difference is.
//! It guards against drive failures, not against an adversary.

use std::hash::{DefaultHasher, Hasher};

use super::session::{fail, Session};
use crate::mmc::cdb::{self, ReadCdContent, SectorType};
use crate::mmc::drive::timeouts;
use crate::progress::{ProgressEvent, Reporter};
use crate::transport::{DataDirection, ScsiTransport};
use crate::Error;

/// Blocks per fingerprinted piece (and per READ when verifying data).
pub(super) const PIECE_BLOCKS: u32 = 32;
/// Blocks per READ CD when verifying audio (27 × 2352 bytes stays under 64 KiB).
const AUDIO_READ_BLOCKS: u32 = 27;

/// A reader that fingerprints what passes through it, so the hashing happens on the read-ahead
/// thread and the thread that feeds the drive does nothing but WRITEs (at 16× BD, a millisecond
/// of hashing per MiB is 2 % of a 4 MiB drive buffer). Blocks split across reads are carried.
pub(super) struct Fingerprinting<'a> {
    inner: &'a mut (dyn std::io::Read + Send),
    digest: &'a mut Digest,
    pending: Vec<u8>,
}

impl<'a> Fingerprinting<'a> {
    pub(super) fn new(inner: &'a mut (dyn std::io::Read + Send), digest: &'a mut Digest) -> Self {
        let pending = Vec::with_capacity(digest.block_len);
        Fingerprinting {
            inner,
            digest,
            pending,
        }
    }
}

impl std::io::Read for Fingerprinting<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut data = &buf[..n];
        let block = self.digest.block_len;
        if !self.pending.is_empty() {
            let take = (block - self.pending.len()).min(data.len());
            self.pending.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.pending.len() == block {
                self.digest.update(&self.pending);
                self.pending.clear();
            }
        }
        let whole = data.len() / block * block;
        self.digest.update(&data[..whole]);
        self.pending.extend_from_slice(&data[whole..]);
        Ok(n)
    }
}

/// Fingerprints of what was sent, piece by piece.
#[derive(Debug, Clone)]
pub(super) struct Digest {
    block_len: usize,
    pieces: Vec<u64>,
    current: DefaultHasher,
    in_current: u32,
    blocks: u64,
}

impl Digest {
    /// A digest of blocks of `block_len` bytes (2048 data, 2352 audio).
    pub(super) fn new(block_len: usize) -> Self {
        Digest {
            block_len,
            pieces: Vec::new(),
            current: DefaultHasher::new(),
            in_current: 0,
            blocks: 0,
        }
    }

    /// Adds whole blocks (a trailing partial block is ignored: callers send whole blocks).
    pub(super) fn update(&mut self, data: &[u8]) {
        for block in data.chunks_exact(self.block_len) {
            self.current.write(block);
            self.in_current += 1;
            self.blocks += 1;
            if self.in_current == PIECE_BLOCKS {
                self.pieces.push(self.current.finish());
                self.current = DefaultHasher::new();
                self.in_current = 0;
            }
        }
    }

    /// Blocks fingerprinted so far.
    pub(super) fn blocks(&self) -> u64 {
        self.blocks
    }

    /// The fingerprints of every piece (the last one may be shorter).
    fn finish(mut self) -> Vec<u64> {
        if self.in_current > 0 {
            self.pieces.push(self.current.finish());
            self.in_current = 0;
        }
        self.pieces
    }
}

fn fingerprint(data: &[u8], block_len: usize) -> u64 {
    let mut h = DefaultHasher::new();
    for block in data.chunks_exact(block_len) {
        h.write(block);
    }
    h.finish()
}

/// What is read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ReadKind {
    /// 2048-byte blocks with READ(10).
    Data,
    /// 2352-byte CD-DA blocks with READ CD.
    Audio,
}

/// Reads `digest.blocks()` blocks back from `start` and compares them with `digest`.
pub(super) fn verify<T: ScsiTransport>(
    session: &mut Session<T>,
    start: i64,
    digest: Digest,
    kind: ReadKind,
    reporter: &mut dyn Reporter,
) -> crate::Result<()> {
    let total = digest.blocks();
    let block_len = digest.block_len;
    let expected = digest.finish();
    let per_read = match kind {
        ReadKind::Data => PIECE_BLOCKS,
        ReadKind::Audio => AUDIO_READ_BLOCKS,
    };
    tracing::info!(recorder = %session.label, blocks = total, "verifying");
    let label = session.label.clone();
    let failed = |reason: String| Error::VerifyFailed {
        recorder: label.clone(),
        reason,
    };
    let mut piece = Vec::with_capacity(PIECE_BLOCKS as usize * block_len);
    let mut buf = vec![0u8; per_read as usize * block_len];
    let mut done = 0u64;
    reporter.emit(ProgressEvent::Verifying { blocks: total });
    reporter.emit(ProgressEvent::BlockProgress {
        completed: 0,
        total,
    });
    for (i, want) in expected.iter().enumerate() {
        reporter.check_cancel()?;
        let piece_start = i as u64 * u64::from(PIECE_BLOCKS);
        let piece_blocks = (total - piece_start).min(u64::from(PIECE_BLOCKS)) as u32;
        piece.clear();
        let mut read = 0u32;
        while read < piece_blocks {
            let n = (piece_blocks - read).min(per_read);
            let lba = start + (piece_start + u64::from(read)) as i64;
            let len = n as usize * block_len;
            let cdb: Vec<u8> = match kind {
                ReadKind::Data => cdb::read_10(lba as u32, n as u16).to_vec(),
                ReadKind::Audio => {
                    cdb::read_cd(lba as u32, n, SectorType::CdDa, ReadCdContent::UserData).to_vec()
                }
            };
            let got = session
                .drive
                .execute(
                    &cdb,
                    DataDirection::FromDevice(&mut buf[..len]),
                    timeouts::WRITE,
                )
                .map_err(|e| {
                    let why = match fail(&session.label, "reading back", e) {
                        Error::MediumInvalid { reason, .. }
                        | Error::DeviceNotAccessible { reason, .. } => reason,
                        other => other.to_string(),
                    };
                    failed(format!(
                        "block {lba} cannot be read back, so the disc reads back short ({why})"
                    ))
                })?;
            if got < len {
                return Err(failed(format!(
                    "the drive returned {got} bytes of {len} at block {lba}: the disc reads back \
                     short"
                )));
            }
            piece.extend_from_slice(&buf[..len]);
            read += n;
        }
        if fingerprint(&piece, block_len) != *want {
            let lba = start + piece_start as i64;
            let last = lba + i64::from(piece_blocks) - 1;
            // Where the piece turns blank (all zeros to its end), if it does.
            let blank_blocks = piece
                .chunks_exact(block_len)
                .rev()
                .take_while(|b| b.iter().all(|x| *x == 0))
                .count() as i64;
            return Err(failed(if blank_blocks > 0 {
                format!(
                    "blocks {lba} to {last} read back different from what was written: blank from block {} on, although data was written there",
                    last + 1 - blank_blocks
                )
            } else {
                format!("blocks {lba} to {last} read back different from what was written")
            }));
        }
        done += u64::from(piece_blocks);
        reporter.emit(ProgressEvent::BlockProgress {
            completed: done,
            total,
        });
    }
    tracing::info!(recorder = %session.label, blocks = total, "verified");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_do_not_depend_on_how_the_data_arrives() {
        let data: Vec<u8> = (0..2048 * 70).map(|i| (i % 251) as u8).collect();
        let mut a = Digest::new(2048);
        a.update(&data);
        let mut b = Digest::new(2048);
        for c in data.chunks(2048 * 3) {
            b.update(c);
        }
        assert_eq!(a.blocks(), 70);
        let (a, b) = (a.finish(), b.finish());
        assert_eq!(a, b);
        assert_eq!(a.len(), 3);
        assert_eq!(a[2], fingerprint(&data[2048 * 64..], 2048));
    }
}
