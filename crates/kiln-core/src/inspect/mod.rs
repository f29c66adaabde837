//! `kiln inspect`: a strict structural linter for ISO 9660 / Joliet / Rock Ridge images.
//!
//! [`inspect`] reads an image sector by sector (never the whole image) and reports every
//! structural problem it finds as a [`Finding`]; it never panics and never fails: an unreadable or
//! truncated image is itself a finding. [`inspect_image`] opens a file and calls it.
//!
//! # What is checked
//!
//! * **Volume** (`volume.rs`): the descriptor set from sector 16 (standard id `CD001`, version,
//!   known types, terminator type 255 present), the primary descriptor (logical block size 2048,
//!   file structure version 1, volume identifier in d-characters, the other identifiers in
//!   a-/d-characters (warnings), the four dates: 16 ASCII digits and a time zone byte, or all
//!   `'0'` and zero), every both-endian field agreeing, and the volume space size of the primary
//!   and the Joliet descriptors against the image size (not a multiple of 2048, or shorter than
//!   the volume: error; longer: warning).
//! * **Directory** (`directory.rs`, `records.rs`): both hierarchies (primary and Joliet) walked breadth first:
//!   record length even and >= 34, no record crossing a sector boundary, zero fill after the last
//!   record of a sector, `.` and `..` first and pointing where they should, the root record of the
//!   descriptor matching the root's `.`, records sorted (ECMA-119 9.3), no duplicate names, flags
//!   (reserved bits, record/protection bits without an extended attribute record, multi-extent on
//!   directories), recording dates, multi-extent files (0x80 on all but the last section, same
//!   name, consecutive records), directory data length a multiple of 2048, at most 8 levels
//!   (root included) in the primary hierarchy, no directory reached twice (cycles).
//! * **Names** (`names.rs`): ECMA-119 identifiers: d-characters, one `.`, `;` and a version
//!   1..32767 in file identifiers, name plus extension at most 30 characters, directory identifiers
//!   at most 31 d-characters, paths (`/A/B/FILE.TXT;1`) at most 255 characters.
//! * **Joliet** (`names.rs`, `volume.rs`): escape sequence `%/@`, `%/C` or `%/E`, UCS-2 names of even
//!   length, no `* / : ; ? \` and no control characters; names over 64 characters and paths over
//!   240 bytes are warnings only (Kiln, like xorriso's `-joliet-long`, keeps names up to 103).
//! * **PathTable** (`path_table.rs`): L and M tables (and the optional ones when recorded) of the
//!   primary and the Joliet descriptor against the hierarchy actually found: size, count, order,
//!   names, parent numbers, extents.
//! * **RockRidge** (`susp.rs`): SUSP framing (SP in the root's `.` with `BE EF`, skip length,
//!   entries of length >= 4 inside their area, CE areas inside one block, chains bounded and
//!   acyclic, ST), ER present, PX/PN/CL/PL/RE/TF lengths, NM and SL flags and contents, PX file
//!   type against the directory flag, SL only on symbolic links, duplicate NM names, and the
//!   relocation triangle: CL points to a directory whose record carries RE, whose `..` carries a
//!   PL pointing back to the directory holding the CL.
//! * **Extents**: every extent (files, directories, path tables, continuation areas) inside the
//!   volume.
//!
//! # Decisions
//!
//! * On a both-endian disagreement the little-endian half is used for everything that follows
//!   (that is what Linux and Windows read); the disagreement itself is an error.
//! * A Joliet hierarchy deeper than 8 levels is a warning, not an error: ECMA-119's limit binds
//!   the primary hierarchy, which Rock Ridge relocation (RR_MOVED) keeps within 8 levels, while
//!   genisoimage and xorriso leave the Joliet tree unrelocated and every Joliet reader copes.
//! * A supplementary descriptor whose escape sequences start with `%/` but are not one of the three
//!   Joliet levels is a Joliet error (a damaged Joliet descriptor); a supplementary descriptor with
//!   some other (or no) character set, and the ISO 9660:1999 enhanced descriptor (version 2), are
//!   noted as warnings and their hierarchies are not walked.
//! * Rock Ridge is read only in the primary hierarchy (Joliet records carry no SUSP in practice).
//! * Counters: `iso_dirs`/`joliet_dirs` include the root; a multi-extent file counts once; a Rock
//!   Ridge CL placeholder is not counted as a file (it stands for a relocated directory, which is
//!   counted as a directory where it really is, under RR_MOVED).
//! * A Rock Ridge CL placeholder is recorded as a file, but genisoimage and xorriso name it like
//!   the directory it stands for (`D8`, no `.` and no `;1`); directory identifier rules apply to it.
//! * RE on a directory that no CL points to is a warning: xorriso marks its relocation directory
//!   (`RR_MOVED`, `.rr_moved`) that way, and on its `.` and `..`, so that Rock Ridge readers hide it.
//! * Known tool defect, reported as errors on purpose: xorriso 1.5.4 (libisofs `joliet.c`,
//!   `write_one_dir_record`) writes each Joliet `..` record with the directory's *own* extent and
//!   length (it switches to the parent node only after taking block and length), where ECMA-119
//!   wants the parent's. Windows ignores `..`, so such images work, but they are wrong.
//! * xorrisofs does not relocate deep directories unless given `-rr_reloc_dir` (its default is
//!   `-D`): its images of trees deeper than 8 levels get level errors, rightly.
//! * Walks are bounded: at most 1,000,000 directories, directory blocks read at most twice the
//!   image size (plus 1024), CE chains at most 32 long, descriptors at most 64, and no directory
//!   extent is entered twice.
//! * At most [`MAX_FINDINGS`] findings are kept; past that, one warning says how many were dropped.

mod directory;
mod listing;
mod names;
mod path_table;
mod records;
mod susp;
mod volume;

use std::fmt;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

pub use listing::{list_session, Listed, ListedKind, ListedMeta, SessionListing};

use crate::media::BLOCK;

/// The most findings one report keeps (a badly damaged image would otherwise produce millions).
pub const MAX_FINDINGS: usize = 2000;

const BLOCK_BYTES: usize = BLOCK as usize;

/// What [`inspect`] found in an image.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Every problem found, errors and warnings, in the order found.
    pub findings: Vec<Finding>,
    /// The volume space size of the primary volume descriptor, in 2048-byte blocks (0 if none).
    pub volume_blocks: u64,
    /// The image size in whole 2048-byte blocks.
    pub image_blocks: u64,
    /// Files in the primary (ISO 9660) hierarchy; a multi-extent file counts once.
    pub iso_files: u64,
    /// Directories in the primary hierarchy, the root included.
    pub iso_dirs: u64,
    /// Files in the Joliet hierarchy.
    pub joliet_files: u64,
    /// Directories in the Joliet hierarchy, the root included (0 without Joliet).
    pub joliet_dirs: u64,
    /// Whether the primary hierarchy carries Rock Ridge entries.
    pub rock_ridge: bool,
}

impl Report {
    /// The findings that make the image wrong.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// The findings that are legal but doubtful, or deliberate departures from the standards.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }

    /// True when there is no error (warnings allowed).
    pub fn is_clean(&self) -> bool {
        self.errors().next().is_none()
    }
}

/// One problem found in an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// How bad it is.
    pub severity: Severity,
    /// Which part of the format it concerns.
    pub area: Area,
    /// Where: `"PVD"`, `"path table L @ LBA 19 entry 4"`, `"/DIR/FILE.TXT;1"`, ...
    pub at: String,
    /// What is wrong, for people.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{}] {}: {}",
            self.severity, self.area, self.at, self.message
        )
    }
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The image breaks a rule of ECMA-119, Joliet, SUSP or RRIP; some reader will go wrong.
    Error,
    /// Legal but doubtful, or a deliberate and common departure (long Joliet names).
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// Which part of the format a finding concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// Volume descriptors and the volume size.
    Volume,
    /// The L and M path tables.
    PathTable,
    /// Directory records and the shape of the hierarchy.
    Directory,
    /// ECMA-119 identifiers.
    Names,
    /// The Joliet descriptor and Joliet names.
    Joliet,
    /// SUSP and Rock Ridge entries.
    RockRidge,
    /// Extents lying (partly) outside the volume.
    Extents,
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Area::Volume => "volume",
            Area::PathTable => "path table",
            Area::Directory => "directory",
            Area::Names => "names",
            Area::Joliet => "joliet",
            Area::RockRidge => "rock ridge",
            Area::Extents => "extents",
        })
    }
}

/// Opens the image at `path` and inspects it.
///
/// Only failing to open the file (or to learn its size) is an error; everything about its content
/// is reported in the [`Report`].
pub fn inspect_image(path: &Path) -> crate::Result<Report> {
    inspect_image_session(path, 0)
}

/// Opens the disc image at `path` and inspects its session starting at block `session_start`
/// (see [`inspect_session`]); 0 is the first session, or a single-session image.
pub fn inspect_image_session(path: &Path, session_start: u64) -> crate::Result<Report> {
    let invalid = |e: std::io::Error| crate::Error::InvalidImage {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let file = std::fs::File::open(path).map_err(invalid)?;
    let meta = file.metadata().map_err(invalid)?;
    if meta.is_dir() {
        return Err(crate::Error::InvalidImage {
            path: path.to_path_buf(),
            reason: "it is a folder, not a file".into(),
        });
    }
    Ok(inspect_session(
        std::io::BufReader::new(file),
        meta.len(),
        session_start,
    ))
}

/// Inspects an image of `image_len` bytes. Never panics, whatever the bytes.
pub fn inspect<R: Read + Seek>(image: R, image_len: u64) -> Report {
    inspect_session(image, image_len, 0)
}

/// Inspects the session of a multisession disc image whose first block is `session_start`:
/// its volume descriptors are read from `session_start + 16`, and every address in it is
/// absolute (earlier sessions' files it still refers to included). 0 inspects a plain image.
pub fn inspect_session<R: Read + Seek>(image: R, image_len: u64, session_start: u64) -> Report {
    let mut cx = Cx::new(image, image_len, session_start);
    let mut report = Report {
        image_blocks: image_len / BLOCK,
        ..Report::default()
    };
    let descs = volume::read_descriptors(&mut cx, &mut report);
    if let Some(pvd) = descs.iter().find(|d| d.kind == volume::Kind::Primary) {
        cx.vol_blocks = session_volume(&mut cx, pvd.vol_blocks, pvd.label);
        cx.dir_block_budget = read_budget(image_len);
        let tree = directory::walk(&mut cx, pvd);
        path_table::check(&mut cx, pvd, &tree);
        report.iso_files = tree.files;
        report.iso_dirs = tree.nodes.len() as u64;
        report.rock_ridge = tree.rock_ridge;
    }
    if let Some(svd) = descs.iter().find(|d| d.kind == volume::Kind::Joliet) {
        // Joliet extents are checked against the Joliet descriptor's own volume size.
        cx.vol_blocks = session_volume(&mut cx, svd.vol_blocks, svd.label);
        cx.dir_block_budget = read_budget(image_len);
        let tree = directory::walk(&mut cx, svd);
        path_table::check(&mut cx, svd, &tree);
        report.joliet_files = tree.files;
        report.joliet_dirs = tree.nodes.len() as u64;
    }
    report.findings = cx.out.finish();
    report
}

/// The block where the volume of the session inspected ends. A later session's descriptors
/// normally record the size from block 0 of the disc (mkisofs -C, Kiln); a size no larger than
/// the session's start block can only count from that start (genisoimage -C, and xorriso on
/// image files, record it so): the session then ends that many blocks after its start, and a
/// warning says so.
fn session_volume<R: Read + Seek>(cx: &mut Cx<R>, vol_blocks: u64, label: &str) -> u64 {
    let start = cx.session_start;
    if start == 0 || vol_blocks > start {
        return vol_blocks;
    }
    cx.out.warn(
        Area::Volume,
        label,
        format!(
            "the volume space size ({vol_blocks} blocks) is smaller than the session's start \
             block {start}: it is taken as the session's own size, ending at block {}",
            start + vol_blocks
        ),
    );
    start + vol_blocks
}

/// How many directory blocks one hierarchy walk may read: each block of the image a few times over
/// (directories overlapping in a damaged image would otherwise make the walk quadratic).
pub(crate) fn read_budget(image_len: u64) -> u64 {
    (image_len / BLOCK).saturating_mul(2).saturating_add(1024)
}

/// The image, read one block at a time.
pub(crate) struct Image<R> {
    r: R,
    len: u64,
    cache: Option<(u64, Box<[u8; BLOCK_BYTES]>)>,
}

impl<R: Read + Seek> Image<R> {
    /// Block `lba`, or `None` if it lies (partly) past the end of the image or cannot be read.
    pub(crate) fn block(&mut self, lba: u64) -> Option<[u8; BLOCK_BYTES]> {
        if let Some((cached, data)) = &self.cache {
            if *cached == lba {
                return Some(**data);
            }
        }
        let start = lba.checked_mul(BLOCK)?;
        if start.checked_add(BLOCK)? > self.len {
            return None;
        }
        self.r.seek(SeekFrom::Start(start)).ok()?;
        let mut buf = [0u8; BLOCK_BYTES];
        self.r.read_exact(&mut buf).ok()?;
        self.cache = Some((lba, Box::new(buf)));
        Some(buf)
    }
}

/// Where findings are collected, with a cap.
#[derive(Default)]
pub(crate) struct Sink {
    findings: Vec<Finding>,
    dropped: u64,
}

impl Sink {
    fn push(&mut self, severity: Severity, area: Area, at: &str, message: String) {
        if self.findings.len() >= MAX_FINDINGS {
            self.dropped += 1;
            return;
        }
        self.findings.push(Finding {
            severity,
            area,
            at: at.to_string(),
            message,
        });
    }

    /// Records an error.
    pub(crate) fn err(&mut self, area: Area, at: &str, message: impl Into<String>) {
        self.push(Severity::Error, area, at, message.into());
    }

    /// Records a warning.
    pub(crate) fn warn(&mut self, area: Area, at: &str, message: impl Into<String>) {
        self.push(Severity::Warning, area, at, message.into());
    }

    fn finish(mut self) -> Vec<Finding> {
        if self.dropped > 0 {
            self.findings.push(Finding {
                severity: Severity::Warning,
                area: Area::Volume,
                at: "report".into(),
                message: format!(
                    "{} more findings were dropped (at most {MAX_FINDINGS} are kept)",
                    self.dropped
                ),
            });
        }
        self.findings
    }
}

/// Everything one inspection shares.
pub(crate) struct Cx<R> {
    /// The first block of the session inspected (its descriptors are 16 blocks further).
    pub(crate) session_start: u64,
    /// When listing a session for import: every record met by the walk.
    pub(crate) listing: Option<Vec<listing::Met>>,
    pub(crate) img: Image<R>,
    pub(crate) out: Sink,
    /// The volume space size of the descriptor whose hierarchy is being walked.
    pub(crate) vol_blocks: u64,
    /// Directory blocks the current walk may still read.
    pub(crate) dir_block_budget: u64,
}

impl<R: Read + Seek> Cx<R> {
    pub(crate) fn new(image: R, image_len: u64, session_start: u64) -> Self {
        Cx {
            session_start,
            listing: None,
            img: Image {
                r: image,
                len: image_len,
                cache: None,
            },
            out: Sink::default(),
            vol_blocks: 0,
            dir_block_budget: 0,
        }
    }

    /// Checks that an extent of `bytes` bytes at `lba` lies inside the volume; reports it if not.
    pub(crate) fn check_extent(&mut self, lba: u64, bytes: u64, at: &str, what: &str) -> bool {
        let blocks = bytes.div_ceil(BLOCK);
        if lba.saturating_add(blocks) > self.vol_blocks {
            self.out.err(
                Area::Extents,
                at,
                format!(
                    "{what} at LBA {lba} ({bytes} bytes, {blocks} blocks) ends at block {} but the volume has only {} blocks",
                    lba.saturating_add(blocks),
                    self.vol_blocks
                ),
            );
            return false;
        }
        true
    }
}

/// Little-endian u16 at `off`, 0 if out of range.
pub(crate) fn le16(b: &[u8], off: usize) -> u16 {
    match b.get(off..off.saturating_add(2)) {
        Some(s) => u16::from_le_bytes([s[0], s[1]]),
        None => 0,
    }
}

/// Big-endian u16 at `off`, 0 if out of range.
pub(crate) fn be16(b: &[u8], off: usize) -> u16 {
    match b.get(off..off.saturating_add(2)) {
        Some(s) => u16::from_be_bytes([s[0], s[1]]),
        None => 0,
    }
}

/// Little-endian u32 at `off`, 0 if out of range.
pub(crate) fn le32(b: &[u8], off: usize) -> u32 {
    match b.get(off..off.saturating_add(4)) {
        Some(s) => u32::from_le_bytes([s[0], s[1], s[2], s[3]]),
        None => 0,
    }
}

/// Big-endian u32 at `off`, 0 if out of range.
pub(crate) fn be32(b: &[u8], off: usize) -> u32 {
    match b.get(off..off.saturating_add(4)) {
        Some(s) => u32::from_be_bytes([s[0], s[1], s[2], s[3]]),
        None => 0,
    }
}

/// A both-endian u32 (LE then BE) at `off`; reports a disagreement and returns the LE half.
pub(crate) fn both32(
    out: &mut Sink,
    area: Area,
    at: &str,
    field: &str,
    b: &[u8],
    off: usize,
) -> u32 {
    let (l, m) = (le32(b, off), be32(b, off + 4));
    if l != m {
        out.err(
            area,
            at,
            format!("{field}: little-endian half says {l}, big-endian half says {m}"),
        );
    }
    l
}

/// A both-endian u16 (LE then BE) at `off`; reports a disagreement and returns the LE half.
pub(crate) fn both16(
    out: &mut Sink,
    area: Area,
    at: &str,
    field: &str,
    b: &[u8],
    off: usize,
) -> u16 {
    let (l, m) = (le16(b, off), be16(b, off + 2));
    if l != m {
        out.err(
            area,
            at,
            format!("{field}: little-endian half says {l}, big-endian half says {m}"),
        );
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_tiny_inputs_do_not_panic() {
        for len in [0usize, 1, 2047, 2048, 16 * 2048, 17 * 2048 + 5] {
            let data = vec![0u8; len];
            let r = inspect(std::io::Cursor::new(&data), len as u64);
            assert!(!r.is_clean(), "{len} bytes of zeros must not be clean");
        }
    }

    #[test]
    fn a_lying_length_does_not_panic() {
        let data = vec![0u8; 4096];
        let r = inspect(std::io::Cursor::new(&data), 1 << 40);
        assert!(!r.is_clean());
    }

    #[test]
    fn display_says_severity_area_place_and_message() {
        let f = Finding {
            severity: Severity::Error,
            area: Area::PathTable,
            at: "path table L @ LBA 19 entry 4".into(),
            message: "parent number 3, expected 2".into(),
        };
        assert_eq!(
            f.to_string(),
            "error [path table] path table L @ LBA 19 entry 4: parent number 3, expected 2"
        );
    }
}
