//! Where the emulated drive keeps the user data: in memory, or in a file (2048-byte sectors at
//! offset LBA × 2048) that tests can read back.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Sector size of the data media the emulator stores.
pub const SECTOR: usize = 2048;

/// The sector store.
#[derive(Debug)]
pub(crate) enum Store {
    /// Sparse, in memory.
    Memory(HashMap<u32, Box<[u8]>>),
    /// A file, sparse where nothing was written.
    File {
        /// The open file.
        file: File,
        /// Its path, for messages.
        path: PathBuf,
    },
    /// Nothing is kept (reads give zeros): for benchmarks of the feeding path, where a real
    /// drive costs the host no disk I/O and a 4 GiB image should not cost it either.
    Discard,
}

impl Store {
    /// Creates (truncates) the backing file.
    pub(crate) fn file(path: &Path) -> io::Result<Self> {
        let file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)?;
        Ok(Store::File {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Writes whole sectors from `lba` on.
    pub(crate) fn write(&mut self, lba: u32, data: &[u8]) -> io::Result<()> {
        match self {
            Store::Memory(map) => {
                for (i, chunk) in data.chunks(SECTOR).enumerate() {
                    map.insert(lba + i as u32, chunk.to_vec().into_boxed_slice());
                }
                Ok(())
            }
            Store::File { file, .. } => {
                file.seek(SeekFrom::Start(u64::from(lba) * SECTOR as u64))?;
                file.write_all(data)
            }
            Store::Discard => Ok(()),
        }
    }

    /// Reads whole sectors from `lba` on; never-written sectors read as zeros.
    pub(crate) fn read(&mut self, lba: u32, out: &mut [u8]) -> io::Result<()> {
        match self {
            Store::Memory(map) => {
                for (i, chunk) in out.chunks_mut(SECTOR).enumerate() {
                    match map.get(&(lba + i as u32)) {
                        Some(s) => chunk.copy_from_slice(&s[..chunk.len()]),
                        None => chunk.fill(0),
                    }
                }
                Ok(())
            }
            Store::Discard => {
                out.fill(0);
                Ok(())
            }
            Store::File { file, .. } => {
                out.fill(0);
                file.seek(SeekFrom::Start(u64::from(lba) * SECTOR as u64))?;
                let mut done = 0;
                while done < out.len() {
                    match file.read(&mut out[done..])? {
                        0 => break,
                        n => done += n,
                    }
                }
                Ok(())
            }
        }
    }

    /// Forgets everything (full blank); the file is truncated.
    pub(crate) fn clear(&mut self) -> io::Result<()> {
        match self {
            Store::Memory(map) => {
                map.clear();
                Ok(())
            }
            Store::File { file, .. } => file.set_len(0),
            Store::Discard => Ok(()),
        }
    }

    /// Flushes the file to the OS.
    pub(crate) fn flush(&mut self) -> io::Result<()> {
        match self {
            Store::Memory(_) | Store::Discard => Ok(()),
            Store::File { file, .. } => file.flush(),
        }
    }

    /// The backing file, if any.
    pub(crate) fn path(&self) -> Option<&Path> {
        match self {
            Store::Memory(_) | Store::Discard => None,
            Store::File { path, .. } => Some(path),
        }
    }
}
