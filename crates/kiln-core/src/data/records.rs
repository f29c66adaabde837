//! Directory records as bytes (ECMA-119 9.1): packed so that no record crosses a block, with
//! System Use entries that do not fit a record spilled into the folder's continuation area
//! (SUSP CE), chained across blocks when one block is not enough.

use super::susp;
use crate::media::BLOCK;

const SECTOR: usize = BLOCK as usize;

/// The bytes of a folder's extent and its continuation area, each a whole number of blocks.
#[derive(Debug, Clone, Default)]
pub struct DirBytes {
    /// Directory records.
    pub records: Vec<u8>,
    /// Rock Ridge continuation area (empty when nothing spilled over).
    pub continuation: Vec<u8>,
}

impl DirBytes {
    /// Blocks of the extent.
    pub fn record_blocks(&self) -> u32 {
        (self.records.len() / SECTOR) as u32
    }

    /// Blocks of the continuation area.
    pub fn continuation_blocks(&self) -> u32 {
        (self.continuation.len() / SECTOR) as u32
    }
}

/// Builds directory records, packing them so none crosses a block, and spilling System Use
/// entries that do not fit a record into the continuation area.
pub(super) struct RecordWriter {
    out: Vec<u8>,
    ce: Vec<u8>,
    ce_lba: u32,
}

pub(super) struct Record<'a> {
    pub(super) ident: &'a [u8],
    pub(super) lba: u32,
    pub(super) size: u32,
    pub(super) flags: u8,
    pub(super) date: [u8; 7],
    pub(super) system_use: Vec<Vec<u8>>,
}

impl RecordWriter {
    pub(super) fn new(ce_lba: u32) -> Self {
        RecordWriter {
            out: Vec::new(),
            ce: Vec::new(),
            ce_lba,
        }
    }

    pub(super) fn push(&mut self, r: Record<'_>) {
        let id_len = r.ident.len();
        let base = 33 + id_len + (1 - id_len % 2);
        let avail = (255 - base) & !1;
        let total: usize = r.system_use.iter().map(Vec::len).sum();
        let mut su: Vec<u8> = Vec::with_capacity(avail);
        if total <= avail {
            r.system_use.iter().for_each(|e| su.extend_from_slice(e));
        } else {
            let mut i = 0;
            while i < r.system_use.len() && su.len() + r.system_use[i].len() + susp::CE_LEN <= avail
            {
                su.extend_from_slice(&r.system_use[i]);
                i += 1;
            }
            let (block, offset, len) = self.spill(&r.system_use[i..]);
            su.extend_from_slice(&susp::ce(block, offset, len));
        }
        if su.len() % 2 == 1 {
            su.push(0);
        }
        let len = base + su.len();
        let used = self.out.len() % SECTOR;
        if used + len > SECTOR {
            self.out.resize(self.out.len() + SECTOR - used, 0);
        }
        let o = &mut self.out;
        o.push(len as u8);
        o.push(0);
        o.extend_from_slice(&r.lba.to_le_bytes());
        o.extend_from_slice(&r.lba.to_be_bytes());
        o.extend_from_slice(&r.size.to_le_bytes());
        o.extend_from_slice(&r.size.to_be_bytes());
        o.extend_from_slice(&r.date);
        o.push(r.flags);
        o.extend_from_slice(&[0, 0, 1, 0, 0, 1]);
        o.push(id_len as u8);
        o.extend_from_slice(r.ident);
        if id_len % 2 == 0 {
            o.push(0);
        }
        o.extend_from_slice(&su);
    }

    /// Places entries in the continuation area, never across a block; when they need more than
    /// a block, the first block ends with a CE to the rest. Returns their (block, offset, len).
    fn spill(&mut self, entries: &[Vec<u8>]) -> (u32, u32, u32) {
        let total: usize = entries.iter().map(Vec::len).sum();
        if total <= SECTOR {
            let used = self.ce.len() % SECTOR;
            if used + total > SECTOR {
                self.ce.resize(self.ce.len() + SECTOR - used, 0);
            }
            let start = self.ce.len();
            entries.iter().for_each(|e| self.ce.extend_from_slice(e));
            return (
                self.ce_lba + (start / SECTOR) as u32,
                (start % SECTOR) as u32,
                total as u32,
            );
        }
        // Reserve a whole block for the first part, place the rest after it, then fill it in.
        let used = self.ce.len() % SECTOR;
        if used != 0 {
            self.ce.resize(self.ce.len() + SECTOR - used, 0);
        }
        let start = self.ce.len();
        self.ce.resize(start + SECTOR, 0);
        let mut part = Vec::with_capacity(SECTOR);
        let mut i = 0;
        while i < entries.len() && part.len() + entries[i].len() + susp::CE_LEN <= SECTOR {
            part.extend_from_slice(&entries[i]);
            i += 1;
        }
        let (b, o, l) = self.spill(&entries[i..]);
        part.extend_from_slice(&susp::ce(b, o, l));
        let len = part.len();
        self.ce[start..start + len].copy_from_slice(&part);
        (self.ce_lba + (start / SECTOR) as u32, 0, len as u32)
    }

    pub(super) fn finish(mut self) -> DirBytes {
        for v in [&mut self.out, &mut self.ce] {
            let used = v.len() % SECTOR;
            if used != 0 {
                v.resize(v.len() + SECTOR - used, 0);
            }
        }
        DirBytes {
            records: self.out,
            continuation: self.ce,
        }
    }
}
