//! The streaming image writer: an `impl Read` that produces the image's 2048-byte blocks in
//! order, building each folder's records when its extent is reached and reading each source
//! file only when its data is reached. Nothing is copied to a temporary file and memory does not
//! grow with the amount of data.
//!
//! Each source file is checked again after it is read (size, modification time, inode: it must
//! still be the file that was staged, and end exactly where the staging said); a file that
//! vanished, changed or became unreadable stops the image with an error naming it, never a
//! silently corrupt image. Progress and cancellation belong to the recorder that consumes the
//! stream, which knows when blocks really reach the file or the disc.

use std::fs::File;
use std::io::{self, Read};

use super::descriptors;
use super::dirs::{self, Ctx};
use super::layout::{self, Layout, Segment};
use super::source;
use super::staging::DataStaging;
use super::tree::{ContentId, Stamp};
use crate::media::BLOCK;
use crate::{Error, Result};

/// What the writer is producing now.
enum Current {
    /// Bytes built in memory (descriptors, path tables, folders); `pos` is the next to hand out.
    Buffer { bytes: Vec<u8>, pos: usize },
    /// Zeros still to produce.
    Zeros(u64),
    /// A source file being read; `left` bytes of its data, then `pad` bytes of zeros.
    File {
        file: File,
        content: ContentId,
        left: u64,
        pad: u64,
    },
    /// Between segments.
    Idle,
}

/// The image of a data staging as a stream of bytes (a whole number of 2048-byte blocks).
pub struct ImageReader<'a> {
    staging: &'a DataStaging,
    layout: Layout,
    next: usize,
    current: Current,
    produced: u64,
}

impl<'a> ImageReader<'a> {
    /// Lays out the staging and prepares to stream it.
    pub fn new(staging: &'a DataStaging) -> Result<ImageReader<'a>> {
        let layout = layout::lay_out(staging)?;
        Ok(ImageReader {
            staging,
            layout,
            next: 0,
            current: Current::Idle,
            produced: 0,
        })
    }

    /// Blocks the image has.
    pub fn total_blocks(&self) -> u64 {
        u64::from(self.layout.total_blocks)
    }

    /// Bytes produced so far.
    pub fn produced(&self) -> u64 {
        self.produced
    }

    /// The layout being written.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    fn start_next(&mut self) -> Result<bool> {
        let Some(seg) = self.layout.segments.get(self.next).copied() else {
            return Ok(false);
        };
        self.next += 1;
        let s = self.staging;
        let ctx = Ctx {
            tree: &s.tree,
            relocated: &s.relocated,
            addr: Some(&self.layout.addr),
            times: s.times(),
        };
        self.current = match seg {
            Segment::Zeros(blocks) => Current::Zeros(u64::from(blocks) * BLOCK),
            Segment::Descriptors => Current::Buffer {
                bytes: descriptors::descriptors(&self.layout, &s.options.label, s.created),
                pos: 0,
            },
            Segment::PathTable { joliet, msb } => Current::Buffer {
                bytes: layout::path_table(&self.layout, joliet, msb),
                pos: 0,
            },
            Segment::IsoDir(d) => {
                let mut b = dirs::iso_dir_bytes(&ctx, d);
                b.records.append(&mut b.continuation);
                Current::Buffer {
                    bytes: b.records,
                    pos: 0,
                }
            }
            Segment::JolietDir(n) => Current::Buffer {
                bytes: dirs::joliet_dir_bytes(&ctx, n).records,
                pos: 0,
            },
            Segment::Content(c) => self.open_content(c)?,
        };
        Ok(true)
    }

    fn open_content(&self, c: ContentId) -> Result<Current> {
        let content = self.staging.tree.content(c);
        let path = &content.source;
        // Changes are caught after reading (see `finish_file`): one status call per file.
        let file = File::open(path).map_err(|e| Error::from_source_io(path, e))?;
        let size = content.stamp.size;
        let pad = size.div_ceil(BLOCK) * BLOCK - size;
        Ok(Current::File {
            file,
            content: c,
            left: size,
            pad,
        })
    }

    /// Fills `buf` with the next bytes; 0 only at the end.
    fn fill(&mut self, buf: &mut [u8]) -> Result<usize> {
        loop {
            match &mut self.current {
                Current::Idle => {
                    if !self.start_next()? {
                        return Ok(0);
                    }
                }
                Current::Buffer { bytes, pos } => {
                    if *pos == bytes.len() {
                        self.current = Current::Idle;
                        continue;
                    }
                    let n = buf.len().min(bytes.len() - *pos);
                    buf[..n].copy_from_slice(&bytes[*pos..*pos + n]);
                    *pos += n;
                    return Ok(n);
                }
                Current::Zeros(left) => {
                    if *left == 0 {
                        self.current = Current::Idle;
                        continue;
                    }
                    let n = buf.len().min(usize::try_from(*left).unwrap_or(usize::MAX));
                    buf[..n].fill(0);
                    *left -= n as u64;
                    return Ok(n);
                }
                Current::File {
                    file,
                    content,
                    left,
                    pad,
                } => {
                    if *left > 0 {
                        let want = buf.len().min(usize::try_from(*left).unwrap_or(usize::MAX));
                        let c = self.staging.tree.content(*content);
                        let n = read_retrying(file, &mut buf[..want])
                            .map_err(|e| Error::from_source_io(&c.source, e))?;
                        if n == 0 {
                            return Err(Error::SourceChanged {
                                path: c.source.clone(),
                                what: format!(
                                    "it became shorter: {} bytes were expected",
                                    c.stamp.size
                                ),
                            });
                        }
                        *left -= n as u64;
                        if *left == 0 {
                            finish_file(file, &c.stamp, &c.source)?;
                        }
                        return Ok(n);
                    }
                    if *pad == 0 {
                        self.current = Current::Idle;
                        continue;
                    }
                    let n = buf.len().min(usize::try_from(*pad).unwrap_or(usize::MAX));
                    buf[..n].fill(0);
                    *pad -= n as u64;
                    return Ok(n);
                }
            }
        }
    }
}

fn read_retrying(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match file.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// After a file's staged size was read, the file as it is now must still be the file that was
/// staged: same size (so it neither grew nor shrank), same modification time, same inode. A
/// change after this point cannot affect what was read.
fn finish_file(file: &mut File, staged: &Stamp, path: &std::path::Path) -> Result<()> {
    let md = file
        .metadata()
        .map_err(|e| Error::from_source_io(path, e))?;
    check_unchanged(staged, &source::stamp_of(&md), path)
}

fn check_unchanged(staged: &Stamp, now: &Stamp, path: &std::path::Path) -> Result<()> {
    let what = if now.size != staged.size {
        format!("its size went from {} to {} bytes", staged.size, now.size)
    } else if now.mtime != staged.mtime {
        "it was modified".to_string()
    } else if now.ino != staged.ino {
        "it was replaced by another file".to_string()
    } else {
        return Ok(());
    };
    Err(Error::SourceChanged {
        path: path.to_path_buf(),
        what,
    })
}

impl Read for ImageReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let n = self.fill(buf).map_err(Error::into_io)?;
        self.produced += n as u64;
        Ok(n)
    }
}
