//! Shared helpers of the end-to-end tests: fixture trees made on the fly, a runner for the
//! independent validators (xorriso, isovfy, isoinfo, bsdtar, 7z), and a tree comparator.
//!
//! A validator that is not installed skips the check that needs it with a printed reason, except
//! under `CI=true`, where it is a failure: CI must run every check.

#![allow(dead_code)] // each test binary uses a different subset

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ffi::{OsStr, OsString};
use std::fs::{self, File};
use std::hash::{DefaultHasher, Hasher};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub const BLOCK: u64 = 2048;
pub const MIB: u64 = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Running things

/// The `kiln` binary under test.
pub fn kiln() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kiln"))
}

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Whether `tool` is on PATH.
pub fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            let p = dir.join(tool);
            p.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
    })
}

/// True when every tool is installed. Otherwise: panics under CI=true, else prints why the
/// check is skipped and returns false.
pub fn have(tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools.iter().copied().filter(|t| !on_path(t)).collect();
    if missing.is_empty() {
        return true;
    }
    let msg = format!(
        "validator(s) not installed: {} (./scripts/test.sh installs them)",
        missing.join(", ")
    );
    if in_ci() {
        panic!("{msg}; CI=true requires every validator");
    }
    eprintln!("SKIPPED: {msg}");
    false
}

/// Runs a command to completion, capturing its output, and logs what ran and how long it took.
pub fn run(cmd: &mut Command) -> Output {
    let start = Instant::now();
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    eprintln!(
        "[{:>6.1}s] {:?} -> {}",
        start.elapsed().as_secs_f64(),
        cmd,
        out.status
    );
    out
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Output of a command for a failure message (truncated).
pub fn show(out: &Output) -> String {
    fn cut(s: String) -> String {
        if s.len() > 6000 {
            let mut end = 6000;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}\n... ({} bytes in all)", &s[..end], s.len())
        } else {
            s
        }
    }
    format!(
        "status: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status,
        cut(text(&out.stdout)),
        cut(text(&out.stderr))
    )
}

/// Runs and asserts exit status 0.
pub fn run_ok(cmd: &mut Command) -> Output {
    let out = run(cmd);
    assert!(out.status.success(), "{cmd:?} failed\n{}", show(&out));
    out
}

// ---------------------------------------------------------------------------------------------
// kiln

/// `kiln size data ARGS...`: the block count, after checking the `BLOCKS BYTES` format.
pub fn kiln_size(args: &[&OsStr]) -> u64 {
    let out = run_ok(kiln().args(["size", "data"]).args(args));
    let stdout = text(&out.stdout);
    let line = stdout.trim();
    let fields: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(
        fields.len(),
        2,
        "`kiln size data` must print one line `BLOCKS BYTES`, got {stdout:?}"
    );
    let blocks: u64 = fields[0]
        .parse()
        .unwrap_or_else(|_| panic!("BLOCKS is not a number in {line:?}"));
    let bytes: u64 = fields[1]
        .parse()
        .unwrap_or_else(|_| panic!("BYTES is not a number in {line:?}"));
    assert_eq!(
        bytes,
        blocks * BLOCK,
        "BYTES must be BLOCKS × 2048 in {line:?}"
    );
    blocks
}

/// `kiln burn data --label TEST --to iso EXTRA... src`, asserting success; returns the output.
pub fn kiln_burn(src: &Path, iso: &Path, extra: &[&str]) -> Output {
    let out = run(kiln()
        .args(["burn", "data", "--label", "TEST", "--to"])
        .arg(iso)
        .args(extra)
        .arg(src));
    assert!(
        out.status.success(),
        "kiln burn data failed\n{}",
        show(&out)
    );
    assert!(
        iso.is_file(),
        "kiln burn data succeeded but wrote no {}",
        iso.display()
    );
    out
}

// ---------------------------------------------------------------------------------------------
// Deterministic data

/// xorshift64*: fast, deterministic, "random-ish" bytes.
pub struct Noise(u64);

impl Noise {
    pub fn new(seed: u64) -> Self {
        Noise(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            let v = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
}

pub fn write_noise(path: &Path, len: u64, seed: u64) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    let mut f = io::BufWriter::new(File::create(path).unwrap());
    let mut noise = Noise::new(seed);
    let mut buf = vec![0u8; MIB as usize];
    let mut left = len;
    while left > 0 {
        let n = left.min(buf.len() as u64) as usize;
        noise.fill(&mut buf[..n]);
        f.write_all(&buf[..n]).unwrap();
        left -= n as u64;
    }
    f.flush().unwrap();
}

pub fn write(path: &Path, content: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, content).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

pub fn set_mtime(path: &Path, t: SystemTime) {
    File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(t))
        .unwrap_or_else(|e| panic!("set mtime of {}: {e}", path.display()));
}

pub fn unix_time(secs: i64) -> SystemTime {
    if secs >= 0 {
        UNIX_EPOCH + Duration::from_secs(secs as u64)
    } else {
        UNIX_EPOCH - Duration::from_secs(secs.unsigned_abs())
    }
}

// ---------------------------------------------------------------------------------------------
// Fixture trees

/// (a) a few big files: 3 × 20 MiB of noise (plus one odd size, to exercise a partial last block).
pub fn make_big_files(root: &Path) {
    fs::create_dir_all(root).unwrap();
    for i in 0..3u64 {
        write_noise(&root.join(format!("big{i}.bin")), 20 * MIB, 100 + i);
    }
    write_noise(&root.join("odd.bin"), 3 * MIB + 1234, 7);
}

/// (b) `dirs` folders of `per_dir` small files each, every file with distinct content.
pub fn make_small_files(root: &Path, dirs: usize, per_dir: usize) {
    for d in 0..dirs {
        let dir = root.join(format!("d{d:03}"));
        fs::create_dir_all(&dir).unwrap();
        for f in 0..per_dir {
            fs::write(dir.join(format!("f{f:04}.txt")), format!("{d}/{f}\n")).unwrap();
        }
    }
}

/// 1901-12-14T00:00:00Z and 2200-01-01T00:00:00Z.
pub const T_1901: i64 = -2_147_472_000;
pub const T_2200: i64 = 7_258_118_400;

/// What the awkward tree holds that the checks need to know about.
pub struct Awkward {
    /// Paths (relative) of the files with a 1901 and a 2200 mtime.
    pub old_file: PathBuf,
    pub future_file: PathBuf,
}

/// (c) the awkward tree: every naming, depth, link and date corner a disc can trip on.
pub fn make_awkward(root: &Path) -> Awkward {
    fs::create_dir_all(root).unwrap();
    let f = |rel: &str, content: &str| write(&root.join(rel), content);
    // International names.
    f("perché.txt", "perché\n");
    f("città/Milano.txt", "Milano\n");
    f("漢字かなカナ.txt", "kanji kana\n");
    f("with some spaces.txt", "spaces\n");
    f("dir with spaces/inner file.txt", "inner\n");
    // Long names: 200 ASCII characters; 100 × 'à' (200 bytes of UTF-8); 86 characters.
    let long200 = format!("{}.txt", "L".repeat(196));
    assert_eq!(long200.len(), 200);
    f(&long200, "long 200\n");
    let accents100 = "à".repeat(100);
    assert_eq!(accents100.len(), 200);
    f(&accents100, "cento accenti\n");
    let name86 = format!("{}.dat", "n".repeat(82));
    assert_eq!(name86.chars().count(), 86);
    f(&name86, "eighty-six\n");
    // 12 levels deep, with a file at the bottom.
    let deep: PathBuf = (1..=12).map(|i| format!("level{i:02}")).collect();
    f(deep.join("bottom.txt").to_str().unwrap(), "at the bottom\n");
    // A path longer than 255 bytes: 6 nested 61-character folders.
    let long_path: PathBuf = (0..6).map(|i| format!("{i}{}", "p".repeat(60))).collect();
    assert!(long_path.as_os_str().len() > 255);
    f(
        long_path.join("end.txt").to_str().unwrap(),
        "end of a long path\n",
    );
    // Empty files and folders.
    f("empty.txt", "");
    f("empty dir sibling/empty too", "");
    fs::create_dir_all(root.join("empty folder")).unwrap();
    fs::create_dir_all(root.join("nested empty/inner empty")).unwrap();
    // Names that differ only in case.
    f("readme.txt", "lower\n");
    f("README.txt", "upper\n");
    f("ReadMe.TXT", "mixed\n");
    f("Dir/a.txt", "Dir a\n");
    f("dir/a.txt", "dir a\n");
    // Characters ISO 9660 or Joliet cannot hold.
    for (i, name) in [
        "star*.txt",
        "quest?.txt",
        "colon:.txt",
        "semi;1",
        "back\\slash.txt",
        "lt<gt>.txt",
        "pipe|.txt",
        " leading space",
        "trailing dot.",
        ".hidden",
        "emoji 🎵.txt",
        "a.b.c.d.e",
        "noext",
        "quote\"d.txt",
    ]
    .iter()
    .enumerate()
    {
        f(name, &format!("illegal {i}: {name}\n"));
    }
    // 8.3 collisions.
    for i in 1..=3 {
        f(
            &format!("collision_name_{i}.txt"),
            &format!("collision {i}\n"),
        );
    }
    // Hard links: three names of one inode.
    f("links/original.txt", "one inode, three names\n");
    fs::hard_link(
        root.join("links/original.txt"),
        root.join("links/second.txt"),
    )
    .unwrap();
    fs::hard_link(root.join("links/original.txt"), root.join("third name.txt")).unwrap();
    // Symbolic links to a file and to a folder (relative, so they resolve inside the tree too).
    symlink("perché.txt", root.join("link to file")).unwrap();
    symlink("città", root.join("link to dir")).unwrap();
    // An executable.
    f("bin/run.sh", "#!/bin/sh\necho hi\n");
    fs::set_permissions(root.join("bin/run.sh"), fs::Permissions::from_mode(0o755)).unwrap();
    // A read-only file.
    f("read-only.txt", "read only\n");
    fs::set_permissions(
        root.join("read-only.txt"),
        fs::Permissions::from_mode(0o444),
    )
    .unwrap();
    // Dates beyond what an ISO 9660 directory record holds (Rock Ridge long-form TF holds them).
    f("dates/1901-12-14.txt", "old\n");
    f("dates/2200-01-01.txt", "future\n");
    set_mtime(&root.join("dates/1901-12-14.txt"), unix_time(T_1901));
    set_mtime(&root.join("dates/2200-01-01.txt"), unix_time(T_2200));
    Awkward {
        old_file: "dates/1901-12-14.txt".into(),
        future_file: "dates/2200-01-01.txt".into(),
    }
}

/// (d) a sparse file of `len` bytes with a few non-zero bytes near the end (and one at the start).
pub fn make_sparse(path: &Path, len: u64) {
    let mut f = File::create(path).unwrap();
    f.set_len(len).unwrap();
    f.write_all(b"start").unwrap();
    for (off, data) in [(len - 4096 * 3 - 7, &b"near the end"[..]), (len - 1, b"!")] {
        f.seek(SeekFrom::Start(off)).unwrap();
        f.write_all(data).unwrap();
    }
}

// ---------------------------------------------------------------------------------------------
// Tree snapshots and comparison

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    Symlink(PathBuf),
    Other,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub abs: PathBuf,
    pub kind: Kind,
    pub len: u64,
    pub mode: u32,
    pub mtime: i64,
    pub dev: u64,
    pub ino: u64,
    pub nlink: u64,
}

pub type Tree = BTreeMap<PathBuf, Entry>;

/// Every entry below `root` (not `root` itself), by relative path, links not followed.
pub fn snapshot(root: &Path) -> Tree {
    fn walk(root: &Path, dir: &Path, out: &mut Tree) {
        let rd = fs::read_dir(dir).unwrap_or_else(|e| panic!("read_dir {}: {e}", dir.display()));
        for entry in rd {
            let entry = entry.unwrap();
            let abs = entry.path();
            let md = fs::symlink_metadata(&abs).unwrap();
            let ft = md.file_type();
            let kind = if ft.is_symlink() {
                Kind::Symlink(fs::read_link(&abs).unwrap())
            } else if ft.is_dir() {
                Kind::Dir
            } else if ft.is_file() {
                Kind::File
            } else {
                Kind::Other
            };
            let rel = abs.strip_prefix(root).unwrap().to_path_buf();
            out.insert(
                rel,
                Entry {
                    abs: abs.clone(),
                    kind: kind.clone(),
                    len: md.len(),
                    mode: md.mode() & 0o7777,
                    mtime: md.mtime(),
                    dev: md.dev(),
                    ino: md.ino(),
                    nlink: md.nlink(),
                },
            );
            if kind == Kind::Dir {
                walk(root, &abs, out);
            }
        }
    }
    let mut out = Tree::new();
    walk(root, root, &mut out);
    out
}

/// Byte-for-byte comparison of two readers; `Err` describes the first difference.
pub fn same_stream(mut a: impl Read, mut b: impl Read) -> Result<u64, String> {
    let mut ba = vec![0u8; 1 << 20];
    let mut bb = vec![0u8; 1 << 20];
    let mut pos = 0u64;
    loop {
        let na = read_full(&mut a, &mut ba).map_err(|e| format!("read error: {e}"))?;
        let nb = read_full(&mut b, &mut bb).map_err(|e| format!("read error: {e}"))?;
        let n = na.min(nb);
        if ba[..n] != bb[..n] {
            let i = (0..n).find(|&i| ba[i] != bb[i]).unwrap();
            return Err(format!("contents differ at byte {}", pos + i as u64));
        }
        if na != nb {
            return Err(format!(
                "lengths differ: one ends at byte {}",
                pos + n as u64
            ));
        }
        if na == 0 {
            return Ok(pos);
        }
        pos += n as u64;
    }
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

pub fn same_file(a: &Path, b: &Path) -> Result<u64, String> {
    let fa = File::open(a).map_err(|e| format!("open {}: {e}", a.display()))?;
    let fb = File::open(b).map_err(|e| format!("open {}: {e}", b.display()))?;
    same_stream(fa, fb)
}

/// (length, SipHash with fixed keys) of a file's contents.
pub fn content_key(path: &Path) -> (u64, u64) {
    let mut f = File::open(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    let mut h = DefaultHasher::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut len = 0u64;
    loop {
        let n = f.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        h.write(&buf[..n]);
        len += n as u64;
    }
    (len, h.finish())
}

/// What a Rock Ridge reader must reproduce.
#[derive(Debug, Clone, Copy)]
pub struct RrChecks {
    /// Permission bits of files and folders.
    pub modes: bool,
    /// Modification times of files (seconds).
    pub mtimes: bool,
    /// Hard-linked source names share one inode after extraction.
    pub hardlinks: bool,
}

/// Collects problems instead of stopping at the first one, so one run shows them all.
#[derive(Default)]
pub struct Problems(Vec<String>);

impl Problems {
    pub fn add(&mut self, p: impl Into<String>) {
        self.0.push(p.into());
    }
    pub fn assert_none(&self, what: &str) {
        if self.0.is_empty() {
            return;
        }
        let shown: Vec<&str> = self.0.iter().take(40).map(|s| s.as_str()).collect();
        panic!(
            "{what}: {} problem(s):\n  {}{}",
            self.0.len(),
            shown.join("\n  "),
            if self.0.len() > 40 { "\n  ..." } else { "" }
        );
    }
}

/// Compares an extraction by a Rock Ridge reader with the source: exact names, kinds, sizes and
/// contents byte for byte, symlink targets, and what `checks` asks for.
pub fn compare_rr(src: &Path, dst: &Path, reader: &str, checks: RrChecks) {
    let a = snapshot(src);
    let b = snapshot(dst);
    let mut p = Problems::default();
    if a.len() != b.len() {
        p.add(format!(
            "{reader} extracted {} entries, the source has {}",
            b.len(),
            a.len()
        ));
    }
    for rel in a.keys().filter(|k| !b.contains_key(*k)).take(20) {
        p.add(format!("missing from {reader}'s extraction: {rel:?}"));
    }
    for rel in b.keys().filter(|k| !a.contains_key(*k)).take(20) {
        p.add(format!("unexpected in {reader}'s extraction: {rel:?}"));
    }
    let mut links: HashMap<(u64, u64), Vec<&PathBuf>> = HashMap::new();
    for (rel, s) in &a {
        let Some(d) = b.get(rel) else { continue };
        if s.kind != d.kind {
            p.add(format!(
                "{rel:?}: source is {:?}, {reader} gives {:?}",
                s.kind, d.kind
            ));
            continue;
        }
        if s.kind == Kind::File {
            if s.len != d.len {
                p.add(format!(
                    "{rel:?}: size {} in the source, {} from {reader}",
                    s.len, d.len
                ));
            } else if let Err(e) = same_file(&s.abs, &d.abs) {
                p.add(format!("{rel:?}: {e} ({reader})"));
            }
            if checks.mtimes
                && s.mtime != d.mtime
                && !libarchive_long_form_quirk(reader, s.mtime, d.mtime)
            {
                p.add(format!(
                    "{rel:?}: mtime {} in the source, {} from {reader}",
                    s.mtime, d.mtime
                ));
            }
            if s.nlink > 1 {
                links.entry((s.dev, s.ino)).or_default().push(rel);
            }
        }
        if checks.modes && matches!(s.kind, Kind::File | Kind::Dir) && s.mode != d.mode {
            p.add(format!(
                "{rel:?}: mode {:o} in the source, {:o} from {reader}",
                s.mode, d.mode
            ));
        }
    }
    if checks.hardlinks {
        for names in links.values() {
            let inos: BTreeSet<u64> = names
                .iter()
                .filter_map(|n| b.get(*n))
                .map(|e| e.ino)
                .collect();
            if inos.len() > 1 {
                p.add(format!(
                    "hard links {names:?} are {} separate files from {reader}",
                    inos.len()
                ));
            }
        }
    }
    p.assert_none(&format!("{reader} extraction vs source"));
}

/// libarchive (bsdtar) reads Rock Ridge long-form (17-byte) TF dates one month late: its
/// `isodate17` does not subtract 1 from the month as `isodate7` does. Only dates that the 7-byte
/// form cannot hold (before 1900, after 2155) need the long form, so for those alone bsdtar's
/// mtime may be the source's plus the length of the source's month.
fn libarchive_long_form_quirk(reader: &str, source: i64, read: i64) -> bool {
    let (year, month, _) = civil_from_unix(source);
    if reader != "bsdtar" || (1900..=2155).contains(&year) {
        return false;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    read - source == days * 86_400
}

/// (year, month 1..=12, day) of a Unix time, proleptic Gregorian, UTC.
pub fn civil_from_unix(t: i64) -> (i64, u32, u32) {
    let z = t.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The Joliet name Kiln gives a source name: `* / : ; ? \` and characters outside the BMP become
/// `_`. `None` when the name is longer than 103 characters (Kiln shortens it; the exact result
/// is Kiln's business).
pub fn joliet_name(name: &OsStr) -> Option<String> {
    let s = name.to_str()?;
    let mapped: String = s
        .chars()
        .map(|c| {
            if matches!(c, '*' | '/' | ':' | ';' | '?' | '\\') || (c as u32) > 0xFFFF {
                '_'
            } else {
                c
            }
        })
        .collect();
    // Joliet counts UCS-2 units; every kept character is one unit.
    (mapped.chars().count() <= 103).then_some(mapped)
}

/// Compares an extraction by a Joliet reader (7z) with the source: symlinks are absent (they live
/// in Rock Ridge only), the entry count matches, every name that Joliet keeps whole is there with
/// its exact contents, and every source content appears somewhere.
pub fn compare_joliet(src: &Path, dst: &Path, reader: &str) {
    let a = snapshot(src);
    let b = snapshot(dst);
    let mut p = Problems::default();
    let expected = a
        .values()
        .filter(|e| !matches!(e.kind, Kind::Symlink(_)))
        .count();
    if b.len() != expected {
        p.add(format!(
            "{reader} extracted {} entries, expected {expected} (the source's {} less its symlinks)",
            b.len(),
            a.len()
        ));
    }
    let mut contents: HashMap<(u64, u64), usize> = HashMap::new();
    for d in b.values().filter(|e| e.kind == Kind::File) {
        *contents.entry(content_key(&d.abs)).or_default() += 1;
    }
    for (rel, s) in &a {
        if matches!(s.kind, Kind::Symlink(_)) {
            continue;
        }
        // 7z drops one final '.' of a Joliet name (as it would the '.' of ISO 9660's `NAME.;1`).
        let mapped: Option<PathBuf> = rel
            .components()
            .map(|c| {
                joliet_name(c.as_os_str()).map(|mut n| {
                    if n.ends_with('.') && n.len() > 1 {
                        n.pop();
                    }
                    OsString::from(n)
                })
            })
            .collect();
        if let Some(m) = &mapped {
            match b.get(m) {
                None => p.add(format!("{rel:?}: no {m:?} in {reader}'s extraction")),
                Some(d) if d.kind != s.kind => p.add(format!(
                    "{m:?}: {:?} in {reader}'s extraction, {:?} in the source",
                    d.kind, s.kind
                )),
                Some(d) if s.kind == Kind::File => {
                    if let Err(e) = same_file(&s.abs, &d.abs) {
                        p.add(format!("{rel:?} as {m:?}: {e} ({reader})"));
                    }
                }
                Some(_) => {}
            }
        }
        if s.kind == Kind::File && !contents.contains_key(&content_key(&s.abs)) {
            p.add(format!(
                "{rel:?}: its contents appear nowhere in {reader}'s extraction"
            ));
        }
    }
    p.assert_none(&format!("{reader} (Joliet) extraction vs source"));
}

// ---------------------------------------------------------------------------------------------
// The validators

/// Size and structure checks that need no extraction: `kiln size` equals the image's blocks,
/// `kiln inspect`, isovfy, isoinfo -d, xorriso -check_media and -compare_r.
///
/// `multi_extent`: the image holds a file of 4 GiB or more. isovfy cannot walk multi-extent
/// files (it stops at the first directory record flagged 0x80, printing no verdict, on
/// xorriso's images too), so it is not run on those.
pub fn check_structure(src: &Path, iso: &Path, size_blocks: u64, multi_extent: bool) {
    let len = fs::metadata(iso).unwrap().len();
    assert_eq!(
        len % BLOCK,
        0,
        "image size {len} is not a whole number of blocks"
    );
    assert_eq!(
        size_blocks,
        len / BLOCK,
        "`kiln size data` said {size_blocks} blocks, the image has {}",
        len / BLOCK
    );

    let out = run(kiln().arg("inspect").arg(iso));
    eprintln!("kiln inspect:\n{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        out.status.success(),
        "kiln inspect found errors\n{}",
        show(&out)
    );

    if multi_extent {
        eprintln!("isovfy not run: it cannot read multi-extent files");
    } else if have(&["isovfy"]) {
        // isovfy always exits 0: its verdict is in its output.
        let out = run(Command::new("isovfy").arg(iso));
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(
            all.contains("No errors found"),
            "isovfy found errors\n{}",
            show(&out)
        );
    }
    check_primary_names(iso);
    if have(&["isoinfo"]) {
        let out = run_ok(Command::new("isoinfo").arg("-d").arg("-i").arg(iso));
        let s = text(&out.stdout);
        assert!(
            s.contains("Joliet with UCS level"),
            "isoinfo -d sees no Joliet\n{}",
            show(&out)
        );
        assert!(
            s.contains("Rock Ridge signatures"),
            "isoinfo -d sees no Rock Ridge\n{}",
            show(&out)
        );
    }
    if have(&["xorriso"]) {
        let out = run(Command::new("xorriso")
            .args([
                "-abort_on",
                "FAILURE",
                "-return_with",
                "SORRY",
                "32",
                "-indev",
            ])
            .arg(iso)
            .args(["-check_media", "--"]));
        let s = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(
            out.status.success(),
            "xorriso -check_media failed\n{}",
            show(&out)
        );
        assert!(
            s.contains("Media region") && !s.contains("- unreadable") && !s.contains("- damaged"),
            "xorriso -check_media reports bad regions\n{}",
            show(&out)
        );

        let out = run(Command::new("xorriso")
            .args([
                "-abort_on",
                "FAILURE",
                "-return_with",
                "SORRY",
                "32",
                "-indev",
            ])
            .arg(iso)
            .arg("-compare_r")
            .arg(src)
            .arg("/"));
        let s = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(
            out.status.success() && s.contains("Both file objects match as far as expectable"),
            "xorriso -compare_r: the image's Rock Ridge tree differs from the source\n{}",
            show(&out)
        );
    }
}

/// The ISO 9660 tree (as read without Rock Ridge or Joliet) is level 1: file identifiers
/// `NAME.EXT;1` of d-characters (NAME ≤ 8, EXT ≤ 3), folder identifiers ≤ 8 d-characters,
/// folders nested at most 8 levels (root included): deeper ones are relocated by Rock Ridge.
pub fn check_primary_names(iso: &Path) {
    if !have(&["isoinfo"]) {
        return;
    }
    let out = run_ok(Command::new("isoinfo").arg("-l").arg("-i").arg(iso));
    let listing = text(&out.stdout);
    let d_chars = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    };
    let mut p = Problems::default();
    let mut dir = String::new();
    let mut entries = 0usize;
    for line in listing.lines() {
        if let Some(d) = line.strip_prefix("Directory listing of ") {
            dir = d.to_string();
            let depth = dir.split('/').filter(|c| !c.is_empty()).count();
            if depth > 7 {
                p.add(format!(
                    "{dir}: ISO 9660 folders nest at most 8 levels (root included)"
                ));
            }
            continue;
        }
        let Some((_, name)) = line.split_once("]  ") else {
            continue;
        };
        let name = name.trim_end();
        if name == "." || name == ".." {
            continue;
        }
        entries += 1;
        let ok = if line.starts_with('d') {
            !name.is_empty() && name.len() <= 8 && d_chars(name)
        } else {
            match name.strip_suffix(";1").and_then(|n| n.split_once('.')) {
                Some((base, ext)) => {
                    base.len() <= 8
                        && ext.len() <= 3
                        && !(base.is_empty() && ext.is_empty())
                        && d_chars(base)
                        && d_chars(ext)
                }
                // The zero-length file that stands where Rock Ridge relocated a deep folder
                // (it carries a CL entry) keeps the folder's identifier.
                None => !name.is_empty() && name.len() <= 8 && d_chars(name),
            }
        };
        if !ok {
            p.add(format!("{dir}{name}: not an ISO 9660 level 1 identifier"));
        }
    }
    assert!(entries > 0, "isoinfo -l lists nothing\n{}", show(&out));
    p.assert_none("ISO 9660 (primary) names");
}

/// Extracts with osirrox, bsdtar (Rock Ridge) and 7z (Joliet) and compares with the source.
pub fn check_extractions(src: &Path, iso: &Path, work: &Path, checks: RrChecks) {
    if have(&["osirrox"]) {
        let dir = work.join("osirrox");
        run_ok(
            Command::new("osirrox")
                .args(["-abort_on", "FAILURE", "-return_with", "SORRY", "32"])
                .args(["-hardlinks", "on", "-indev"])
                .arg(iso)
                .args(["-extract", "/"])
                .arg(&dir),
        );
        compare_rr(src, &dir, "osirrox", checks);
        fs::remove_dir_all(make_writable(&dir)).unwrap();
    }
    if have(&["bsdtar"]) {
        let dir = work.join("bsdtar");
        fs::create_dir_all(&dir).unwrap();
        run_ok(
            Command::new("bsdtar")
                .arg("-xpf")
                .arg(iso)
                .arg("-C")
                .arg(&dir),
        );
        compare_rr(src, &dir, "bsdtar", checks);
        fs::remove_dir_all(make_writable(&dir)).unwrap();
    }
    if have(&["7z"]) {
        let dir = work.join("7z");
        let mut o = OsString::from("-o");
        o.push(&dir);
        run_ok(Command::new("7z").args(["x", "-y", "-bd"]).arg(o).arg(iso));
        compare_joliet(src, &dir, "7z");
        fs::remove_dir_all(make_writable(&dir)).unwrap();
    }
}

/// Gives the owner write permission on every folder (extractions may restore read-only ones).
pub fn make_writable(dir: &Path) -> &Path {
    for (_, e) in snapshot(dir) {
        if e.kind == Kind::Dir && e.mode & 0o700 != 0o700 {
            let _ = fs::set_permissions(&e.abs, fs::Permissions::from_mode(e.mode | 0o700));
        }
    }
    dir
}

/// Number of entries below a directory (recursively, links not followed).
pub fn count_entries(dir: &Path) -> usize {
    snapshot(dir).len()
}

pub fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

pub fn bytes_of(p: &Path) -> &[u8] {
    p.as_os_str().as_bytes()
}

/// A fresh temporary folder under the system's temporary directory.
pub fn tempdir(prefix: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("kiln-{prefix}-"))
        .tempdir()
        .unwrap()
}

/// Runs a command with a time limit (a FIFO or a symlink loop must not hang the suite).
pub fn run_timeout(cmd: &mut Command, limit: Duration) -> Output {
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    // Drain the pipes in threads so a chatty child cannot block on a full pipe.
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = so.read_to_end(&mut v);
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = se.read_to_end(&mut v);
        v
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within {limit:?} (hangs?)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = Output {
        status,
        stdout: t_out.join().unwrap(),
        stderr: t_err.join().unwrap(),
    };
    eprintln!(
        "[{:>6.1}s] {:?} -> {}",
        start.elapsed().as_secs_f64(),
        cmd,
        out.status
    );
    out
}

/// Streams `cmd`'s standard output and compares it byte for byte with the file `expected`.
pub fn stream_equals_file(cmd: &mut Command, expected: &Path) -> Result<u64, String> {
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let stdout = child.stdout.take().unwrap();
    let result = same_stream(stdout, File::open(expected).unwrap());
    if result.is_err() {
        let _ = child.kill();
    }
    let status = child.wait().unwrap();
    eprintln!(
        "[{:>6.1}s] {:?} | compare -> {}",
        start.elapsed().as_secs_f64(),
        cmd,
        status
    );
    let n = result?;
    if !status.success() {
        return Err(format!("{cmd:?} exited with {status}"));
    }
    Ok(n)
}

/// Names of the entries of an image as a reader lists them (`bsdtar -tf`), without trailing `/`.
pub fn bsdtar_list(iso: &Path) -> Vec<String> {
    let out = run_ok(Command::new("bsdtar").arg("-tf").arg(iso));
    text(&out.stdout)
        .lines()
        .map(|l| l.trim_start_matches("./").trim_end_matches('/').to_string())
        .filter(|l| !l.is_empty() && l != ".")
        .collect()
}

/// Files left in a folder (to check that a failed burn leaves nothing behind).
pub fn leftovers(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir).into_keys().collect()
}
