//! The directory lister: reads folders and the status of their entries on a thread of its own,
//! ahead of the scanner that builds the tree, so file-system calls and tree building overlap.
//!
//! Folders are listed depth-first with an explicit stack, entries sorted by name; the scanner
//! mirrors the same stack, so the n-th listing it receives is always the n-th folder it pops.

use std::ffi::OsString;
use std::fs::{self, Metadata};
use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;

use super::source;
use crate::{Error, Result};

/// One entry of a listed folder.
pub(crate) struct Entry {
    /// Its name in the folder.
    pub name: OsString,
    /// Its full source path.
    pub path: PathBuf,
    /// Its status (of the link's target when links are followed).
    pub md: Metadata,
    /// A symbolic link's target, when it is recorded as a link.
    pub link_target: Option<PathBuf>,
}

/// What the scanner receives for each folder it pops.
pub(crate) type Listing = Result<Vec<Entry>>;

/// Why the lister says a link cannot be followed.
pub(crate) fn link_error(path: &Path, e: std::io::Error) -> Error {
    let target = fs::read_link(path).unwrap_or_default();
    if e.kind() == std::io::ErrorKind::NotFound {
        Error::DanglingSymlink {
            path: path.to_path_buf(),
            target,
        }
    } else {
        // ELOOP: the kernel gave up resolving the chain.
        Error::SymlinkLoop {
            path: path.to_path_buf(),
            target,
        }
    }
}

fn list_one(dir: &Path, ancestors: &[(u64, u64)], follow: bool) -> Listing {
    let mut raw: Vec<(OsString, fs::DirEntry)> = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| Error::from_source_io(dir, e))? {
        let entry = entry.map_err(|e| Error::from_source_io(dir, e))?;
        raw.push((entry.file_name(), entry));
    }
    // Sorted, so the same tree always stages (and lays out) the same way.
    raw.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out = Vec::with_capacity(raw.len());
    for (name, entry) in raw {
        let path = entry.path();
        // The entry's status is looked up relative to the open folder, not by walking the
        // whole path again.
        let md = entry
            .metadata()
            .map_err(|e| Error::from_source_io(&path, e))?;
        let (md, link_target) = if md.file_type().is_symlink() {
            if follow {
                (fs::metadata(&path).map_err(|e| link_error(&path, e))?, None)
            } else {
                let t = fs::read_link(&path).map_err(|e| Error::from_source_io(&path, e))?;
                (md, Some(t))
            }
        } else {
            (md, None)
        };
        if md.is_dir() {
            if let Some(key) = source::dir_key(&md) {
                if ancestors.contains(&key) {
                    return Err(Error::SymlinkLoop {
                        target: fs::read_link(&path).unwrap_or_default(),
                        path,
                    });
                }
            }
        }
        out.push(Entry {
            name,
            path,
            md,
            link_target,
        });
    }
    Ok(out)
}

/// Lists `root` and every folder below it, sending one listing per folder in the order the
/// scanner pops them. Stops at the first error (sent as the last listing) or when the scanner
/// stops listening.
pub(crate) fn list_tree(
    root: PathBuf,
    ancestors: Vec<(u64, u64)>,
    follow: bool,
    tx: SyncSender<Listing>,
) {
    let mut stack = vec![(root, ancestors)];
    while let Some((dir, ancestors)) = stack.pop() {
        let listing = list_one(&dir, &ancestors, follow);
        let failed = listing.is_err();
        if let Ok(entries) = &listing {
            for e in entries.iter().filter(|e| e.md.is_dir()) {
                let mut a = ancestors.clone();
                a.extend(source::dir_key(&e.md));
                stack.push((e.path.clone(), a));
            }
        }
        if tx.send(listing).is_err() || failed {
            return;
        }
    }
}
