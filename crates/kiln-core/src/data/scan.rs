//! Scanning sources into the staged tree, once: names, sizes, times and modes are read here and
//! checked again when the image is written.
//!
//! Everything the scan changes in pre-existing parts of the tree is logged in the transaction,
//! so a failed addition leaves no trace.

use std::ffi::OsStr;
use std::fs::{self, Metadata};
use std::path::{Component, Path, PathBuf};

use std::sync::mpsc;

use super::accounting::blocks_for;
use super::dirs::IsoDir;
use super::lister::{self, Listing};
use super::notes::{Namespace, NamingNote, NoteKind};
use super::source;
use super::staging::{AddSummary, ConflictPolicy, DataStaging, Txn, Undo};
use super::tree::{Content, Dir, Kind, Meta, NodeId, ROOT};
use crate::progress::{ProgressEvent, Reporter};
use crate::{Error, Result};

/// ISO 9660 allows eight levels of folders, the root being the first.
const ISO_MAX_LEVEL: u8 = 8;
/// Folder listings the lister may read ahead of the scanner.
const LISTINGS_AHEAD: usize = 64;
/// How often (in items) progress is reported and cancellation polled.
const PROGRESS_EVERY: u64 = 512;

/// A folder still to read: its source, its node, and the folders above it (for loop checks).
struct Pending {
    source: PathBuf,
    node: NodeId,
    ancestors: Vec<(u64, u64)>,
}

/// One addition in progress.
pub(crate) struct Scanner<'a> {
    s: &'a mut DataStaging,
    txn: &'a mut Txn,
    reporter: &'a mut dyn Reporter,
    summary: AddSummary,
    seen: u64,
    /// The source being added, lexically absolute, for "link leaves the compilation" notes.
    root: PathBuf,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(
        s: &'a mut DataStaging,
        txn: &'a mut Txn,
        reporter: &'a mut dyn Reporter,
    ) -> Self {
        Scanner {
            s,
            txn,
            reporter,
            summary: AddSummary::default(),
            seen: 0,
            root: PathBuf::new(),
        }
    }

    /// Finds or creates the folder `disc_dir` (`/`-separated; empty or `/` is the root).
    pub(crate) fn make_dirs(&mut self, disc_dir: &str) -> Result<NodeId> {
        let mut cur = ROOT;
        for part in disc_dir.split('/').filter(|p| !p.is_empty()) {
            check_name(part)?;
            cur = match self.s.tree.child(cur, part) {
                Some(c) if self.s.tree.dir(c).is_some() => c,
                Some(_) => {
                    return Err(Error::KindConflict {
                        disc_path: join(&self.s.tree.path(cur), part),
                        incoming: PathBuf::from(disc_dir),
                    })
                }
                None => {
                    let meta = Meta::synthetic_dir(self.s.created);
                    self.insert_dir(cur, part.to_string(), meta)
                }
            };
        }
        Ok(cur)
    }

    /// Adds `source` under `dir`: as `name` when given, otherwise a folder's contents (or a
    /// file under its own name).
    pub(crate) fn add_source(
        &mut self,
        source: &Path,
        dir: NodeId,
        name: Option<&str>,
    ) -> Result<AddSummary> {
        self.root = absolute(source);
        let md = self.stat(source, true)?;
        let own_name = match name {
            Some(n) => n.to_string(),
            None => source
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        if md.is_dir() && name.is_none() {
            // An empty folder receiving a folder's contents takes that folder's attributes
            // (the root of a disc made from one folder looks like that folder).
            if self.s.tree.dir(dir).is_some_and(|d| d.children.is_empty()) {
                let old =
                    std::mem::replace(&mut self.s.tree.node_mut(dir).meta, source::meta_of(&md));
                if (dir as usize) < self.txn.nodes_len() {
                    self.txn.undo.push(Undo::Meta {
                        node: dir,
                        meta: old,
                    });
                }
                let parent = self.s.tree.node(dir).parent;
                self.s.accounting.touch(IsoDir::Node(dir));
                self.s.accounting.touch(IsoDir::Node(parent));
            }
            let ancestors = source::dir_key(&md).into_iter().collect();
            self.walk(Pending {
                source: source.to_path_buf(),
                node: dir,
                ancestors,
            })?;
        } else if md.is_dir() {
            check_name(&own_name)?;
            let node = self.place_dir(dir, own_name, source, &md)?;
            let ancestors = source::dir_key(&md).into_iter().collect();
            self.walk(Pending {
                source: source.to_path_buf(),
                node,
                ancestors,
            })?;
        } else {
            if own_name.is_empty() {
                return Err(Error::InvalidDiscPath {
                    disc_path: source.display().to_string(),
                    reason: "it has no file name",
                });
            }
            check_name(&own_name)?;
            if !md.is_file() && !md.file_type().is_symlink() {
                return Err(Error::SpecialFile {
                    path: source.to_path_buf(),
                });
            }
            let target = if md.file_type().is_symlink() {
                Some(fs::read_link(source).map_err(|e| Error::from_source_io(source, e))?)
            } else {
                None
            };
            self.place_leaf(dir, own_name, source, &md, target.as_deref())?;
        }
        self.reporter.emit(ProgressEvent::AddProgress {
            completed: self.seen,
            total: self.seen,
        });
        Ok(self.summary.clone())
    }

    /// Reads metadata, following links when asked (always for the top-level source).
    fn stat(&self, path: &Path, top: bool) -> Result<Metadata> {
        let md = fs::symlink_metadata(path).map_err(|e| Error::from_source_io(path, e))?;
        if md.file_type().is_symlink() && (self.s.options.follow_symlinks || top) {
            return fs::metadata(path).map_err(|e| lister::link_error(path, e));
        }
        Ok(md)
    }

    fn walk(&mut self, first: Pending) -> Result<()> {
        let follow = self.s.options.follow_symlinks;
        let (tx, rx) = mpsc::sync_channel::<Listing>(LISTINGS_AHEAD);
        std::thread::scope(|scope| {
            let (root, ancestors) = (first.source, first.ancestors);
            scope.spawn(move || lister::list_tree(root, ancestors, follow, tx));
            // Dropping the receiver on any early return stops the lister.
            let rx = rx;
            let mut stack = vec![first.node];
            while let Some(node) = stack.pop() {
                let Ok(listing) = rx.recv() else { break };
                for e in listing? {
                    self.tick()?;
                    let name = self.name_of(&e.name, node);
                    if e.md.is_dir() {
                        stack.push(self.place_dir(node, name, &e.path, &e.md)?);
                    } else if e.md.is_file() || e.link_target.is_some() {
                        self.place_leaf(node, name, &e.path, &e.md, e.link_target.as_deref())?;
                    } else {
                        let disc_path = join(&self.s.tree.path(node), &name);
                        self.note(
                            disc_path,
                            Namespace::RockRidge,
                            NoteKind::SpecialFileSkipped,
                        );
                        self.summary.skipped += 1;
                    }
                }
            }
            Ok(())
        })
    }

    fn tick(&mut self) -> Result<()> {
        self.seen += 1;
        if self.seen % PROGRESS_EVERY == 0 {
            self.reporter.emit(ProgressEvent::AddProgress {
                completed: self.seen,
                total: self.seen,
            });
            self.reporter.check_cancel()?;
        }
        Ok(())
    }

    fn name_of(&mut self, name: &OsStr, parent: NodeId) -> String {
        match name.to_str() {
            Some(s) => s.to_string(),
            None => {
                let lossy = name.to_string_lossy().into_owned();
                let disc_path = join(&self.s.tree.path(parent), &lossy);
                self.note(disc_path, Namespace::RockRidge, NoteKind::NotUnicode);
                lossy
            }
        }
    }

    fn note(&mut self, disc_path: String, namespace: Namespace, kind: NoteKind) {
        let note = NamingNote {
            disc_path,
            namespace,
            kind,
        };
        self.reporter.emit(ProgressEvent::Naming(note.clone()));
        self.s.notes.push(note);
    }

    /// Inserts a new folder node, deciding its ISO 9660 level and relocation.
    fn insert_dir(&mut self, parent: NodeId, name: String, meta: Meta) -> NodeId {
        let parent_level = self.s.tree.dir(parent).map_or(1, |d| d.iso_level);
        let relocated = parent_level >= ISO_MAX_LEVEL;
        let dir = Dir {
            iso_level: if relocated { 2 } else { parent_level + 1 },
            relocated,
            ..Dir::default()
        };
        let id = self.insert(parent, name, meta, Kind::Dir(dir));
        self.summary.folders += 1;
        let acc = &mut self.s.accounting;
        acc.touch(IsoDir::Node(id));
        if relocated {
            self.s.relocated.push(id);
            self.s.accounting.touch(IsoDir::Relocation);
            // The root gains the relocation folder with the first relocated folder.
            self.s.accounting.touch(IsoDir::Node(ROOT));
            let p = self.s.tree.path(id);
            self.note(p, Namespace::Iso9660, NoteKind::Relocated);
        }
        id
    }

    fn insert(&mut self, parent: NodeId, name: String, meta: Meta, kind: Kind) -> NodeId {
        if (parent as usize) < self.txn.nodes_len() {
            self.txn.undo.push(Undo::Child {
                dir: parent,
                name: name.clone(),
                is_dir: matches!(kind, Kind::Dir(_)),
            });
        }
        self.s.accounting.touch(IsoDir::Node(parent));
        self.s.tree.push(parent, name, meta, kind)
    }

    /// A folder from a source: merged into an existing folder of that name under the replace
    /// policy, refused under the error policy.
    fn place_dir(
        &mut self,
        parent: NodeId,
        name: String,
        src: &Path,
        md: &Metadata,
    ) -> Result<NodeId> {
        check_name(&name)?;
        if let Some(existing) = self.s.tree.child(parent, &name) {
            let disc_path = self.s.tree.path(existing);
            return match (self.s.tree.dir(existing).is_some(), self.s.options.conflict) {
                (true, ConflictPolicy::Replace) => Ok(existing),
                (true, ConflictPolicy::Error) => Err(Error::FileExists {
                    disc_path,
                    incoming: src.to_path_buf(),
                }),
                (false, _) => Err(Error::KindConflict {
                    disc_path,
                    incoming: src.to_path_buf(),
                }),
            };
        }
        Ok(self.insert_dir(parent, name, source::meta_of(md)))
    }

    /// A file or a symbolic link.
    fn place_leaf(
        &mut self,
        parent: NodeId,
        name: String,
        src: &Path,
        md: &Metadata,
        link_target: Option<&Path>,
    ) -> Result<()> {
        check_name(&name)?;
        let meta = source::meta_of(md);
        let kind = if let Some(target) = link_target {
            let target = target.to_string_lossy().into_owned();
            self.summary.links += 1;
            let disc_path = join(&self.s.tree.path(parent), &name);
            if leaves(&self.root, src, &target) {
                self.note(
                    disc_path.clone(),
                    Namespace::RockRidge,
                    NoteKind::LinkLeavesCompilation {
                        target: target.clone(),
                    },
                );
            }
            self.note(
                disc_path,
                Namespace::Joliet,
                NoteKind::SymlinkOnlyInRockRidge {
                    target: target.clone(),
                },
            );
            Kind::Symlink { target }
        } else {
            self.summary.files += 1;
            if self.s.options.follow_symlinks {
                let real = fs::canonicalize(src).unwrap_or_else(|_| src.to_path_buf());
                if !real.starts_with(&self.root) && real != self.root {
                    let disc_path = join(&self.s.tree.path(parent), &name);
                    self.note(
                        disc_path,
                        Namespace::RockRidge,
                        NoteKind::LinkLeavesCompilation {
                            target: real.display().to_string(),
                        },
                    );
                }
            }
            Kind::File {
                content: self.content_for(src, md),
            }
        };
        match self.s.tree.child(parent, &name) {
            None => {
                self.insert(parent, name, meta, kind);
                Ok(())
            }
            Some(existing) => {
                let disc_path = self.s.tree.path(existing);
                if self.s.tree.dir(existing).is_some() {
                    return Err(Error::KindConflict {
                        disc_path,
                        incoming: src.to_path_buf(),
                    });
                }
                if self.s.options.conflict == ConflictPolicy::Error {
                    return Err(Error::FileExists {
                        disc_path,
                        incoming: src.to_path_buf(),
                    });
                }
                self.replace(existing, meta, kind);
                Ok(())
            }
        }
    }

    fn replace(&mut self, node: NodeId, meta: Meta, kind: Kind) {
        let n = self.s.tree.node_mut(node);
        let old_kind = std::mem::replace(&mut n.kind, kind);
        let old_meta = std::mem::replace(&mut n.meta, meta);
        let parent = n.parent;
        if let Kind::File { content } = old_kind {
            self.unlink(content);
        }
        if node as usize >= self.txn.nodes_len() {
            // A node made in this transaction needs no undo of its own.
        } else {
            self.txn.undo.push(Undo::Replace {
                node,
                kind: old_kind,
                meta: old_meta,
            });
        }
        self.s.accounting.touch(IsoDir::Node(parent));
    }

    fn unlink(&mut self, content: u32) {
        if let Some(c) = self.s.tree.contents.get_mut(content as usize) {
            c.links -= 1;
            // An imported content never counted: its blocks belong to an earlier session.
            if c.links == 0 && c.on_disc.is_none() {
                self.s.accounting.totals.content_blocks -= blocks_for(c.stamp.size);
            }
        }
    }

    /// The child of `parent` called `name`, if staged.
    pub(crate) fn child(&self, parent: NodeId, name: &str) -> Option<NodeId> {
        self.s.tree.child(parent, name)
    }

    /// Whether `node` is a folder.
    pub(crate) fn is_dir(&self, node: NodeId) -> bool {
        self.s.tree.dir(node).is_some()
    }

    /// What the addition did so far.
    pub(crate) fn summary(&self) -> AddSummary {
        self.summary.clone()
    }

    /// Adds a folder of an imported session under `parent` (which has no child of that name).
    pub(crate) fn imported_dir(&mut self, parent: NodeId, name: String, meta: Meta) -> NodeId {
        self.insert_dir(parent, name, meta)
    }

    /// Adds a file or link of an imported session. Files that share an extent (hard links
    /// in the earlier session) share a content; none of them counts in the new session's size.
    pub(crate) fn imported_leaf(
        &mut self,
        parent: NodeId,
        name: String,
        meta: Meta,
        data: Option<(u32, u64)>,
        link: Option<String>,
        shared: &mut std::collections::HashMap<u32, u32>,
    ) {
        let kind = match (data, link) {
            (_, Some(target)) => {
                self.summary.links += 1;
                Kind::Symlink { target }
            }
            (Some((extent, size)), None) => {
                self.summary.files += 1;
                let content = match shared.get(&extent) {
                    Some(&c) if size > 0 => {
                        self.s.tree.contents[c as usize].links += 1;
                        c
                    }
                    _ => {
                        let id = u32::try_from(self.s.tree.contents.len()).unwrap_or(u32::MAX);
                        self.s.tree.contents.push(Content {
                            source: PathBuf::new(),
                            stamp: super::tree::Stamp {
                                size,
                                mtime: meta.mtime,
                                ino: 0,
                            },
                            links: 1,
                            on_disc: Some(extent),
                        });
                        if size > 0 {
                            shared.insert(extent, id);
                        }
                        id
                    }
                };
                Kind::File { content }
            }
            (None, None) => return,
        };
        self.insert(parent, name, meta, kind);
    }

    /// The content for a file: shared with its hard links already staged, or new.
    fn content_for(&mut self, src: &Path, md: &Metadata) -> u32 {
        let key = source::hard_link_key(md);
        if let Some(k) = key {
            if let Some(&c) = self.s.tree.inodes.get(&k) {
                let content = &mut self.s.tree.contents[c as usize];
                content.links += 1;
                if content.links == 1 {
                    // It had been replaced away entirely: its blocks count again.
                    self.s.accounting.totals.content_blocks += blocks_for(content.stamp.size);
                }
                if (c as usize) < self.txn.contents_len() {
                    self.txn.undo.push(Undo::Link { content: c });
                }
                return c;
            }
        }
        let id = u32::try_from(self.s.tree.contents.len()).unwrap_or(u32::MAX);
        let stamp = source::stamp_of(md);
        self.s.accounting.totals.content_blocks += blocks_for(stamp.size);
        self.s.tree.contents.push(Content {
            source: src.to_path_buf(),
            stamp,
            links: 1,
            on_disc: None,
        });
        if let Some(k) = key {
            self.s.tree.inodes.insert(k, id);
            self.txn.undo.push(Undo::Inode { key: k });
        }
        id
    }
}

/// Refuses names no file system on the disc can hold.
pub(crate) fn check_name(name: &str) -> Result<()> {
    let reason = if name.is_empty() {
        "a name cannot be empty"
    } else if name == "." || name == ".." {
        "'.' and '..' are reserved"
    } else if name.contains('/') {
        "'/' separates folders and cannot be part of a name"
    } else if name.contains('\0') {
        "names cannot contain the NUL character"
    } else if name.len() > 255 {
        "names are limited to 255 bytes (Rock Ridge readers cannot take more)"
    } else {
        return Ok(());
    };
    Err(Error::InvalidName {
        name: name.to_string(),
        reason,
    })
}

fn join(dir: &str, name: &str) -> String {
    if dir == "/" {
        format!("/{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// The path made absolute and normalised lexically (no file system access).
fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    normalize(&joined)
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Whether a link at `link` with `target` resolves (lexically) outside `root`.
fn leaves(root: &Path, link: &Path, target: &str) -> bool {
    let t = Path::new(target);
    let resolved = if t.is_absolute() {
        normalize(t)
    } else {
        let base = absolute(link);
        normalize(&base.parent().map(|p| p.join(t)).unwrap_or_default())
    };
    !resolved.starts_with(root)
}
