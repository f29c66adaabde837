//! What Kiln reads from source files' metadata, the same way at scan time and at write time.

use std::fs::Metadata;

use super::time::Timestamp;
use super::tree::{Meta, Stamp};

/// POSIX attributes of a source.
#[cfg(unix)]
pub fn meta_of(md: &Metadata) -> Meta {
    use std::os::unix::fs::MetadataExt;
    let ts = |secs: i64, nanos: i64| Timestamp {
        secs,
        nanos: u32::try_from(nanos).unwrap_or(0),
    };
    Meta {
        perm: md.mode() & 0o7777,
        uid: md.uid(),
        gid: md.gid(),
        mtime: ts(md.mtime(), md.mtime_nsec()),
        atime: ts(md.atime(), md.atime_nsec()),
        ctime: ts(md.ctime(), md.ctime_nsec()),
    }
}

/// Attributes of a source where there are no POSIX modes: folders `rwxr-xr-x`, files `rw-r--r--`
/// (`r--r--r--` when read-only).
#[cfg(not(unix))]
pub fn meta_of(md: &Metadata) -> Meta {
    let mtime = md
        .modified()
        .map(Timestamp::from_system)
        .unwrap_or_default();
    let atime = md.accessed().map(Timestamp::from_system).unwrap_or(mtime);
    let perm = if md.is_dir() {
        0o755
    } else if md.permissions().readonly() {
        0o444
    } else {
        0o644
    };
    Meta {
        perm,
        uid: 0,
        gid: 0,
        mtime,
        atime,
        ctime: mtime,
    }
}

/// What a source file looks like now, to compare with what was staged.
pub fn stamp_of(md: &Metadata) -> Stamp {
    Stamp {
        size: md.len(),
        mtime: meta_of(md).mtime,
        ino: inode_of(md),
    }
}

#[cfg(unix)]
fn inode_of(md: &Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    md.ino()
}

#[cfg(not(unix))]
fn inode_of(_md: &Metadata) -> u64 {
    0
}

/// The (device, inode) of a file with more than one hard link, so its links share one copy.
#[cfg(unix)]
pub fn hard_link_key(md: &Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    (md.is_file() && md.nlink() > 1).then(|| (md.dev(), md.ino()))
}

/// Hard links are not detected where the platform does not say.
#[cfg(not(unix))]
pub fn hard_link_key(_md: &Metadata) -> Option<(u64, u64)> {
    None
}

/// The (device, inode) of a folder, to notice loops when following links.
#[cfg(unix)]
pub fn dir_key(md: &Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((md.dev(), md.ino()))
}

/// Without inode numbers, loops are caught by canonical paths instead.
#[cfg(not(unix))]
pub fn dir_key(_md: &Metadata) -> Option<(u64, u64)> {
    None
}
