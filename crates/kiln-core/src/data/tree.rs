//! The staged file tree: an arena of nodes (folders, files, symbolic links) with the metadata
//! scanned once from the sources, and the file contents they point to (hard links share one).
//!
//! The tree knows nothing of ISO 9660 or Joliet; naming and layout are derived from it.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use super::time::Timestamp;

/// Index of a node in the arena. The root is [`ROOT`].
pub type NodeId = u32;
/// Index of a file content (hard links to one inode share a content).
pub type ContentId = u32;
/// The root folder of the disc.
pub const ROOT: NodeId = 0;

/// POSIX attributes recorded in Rock Ridge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    /// Permission bits, including set-uid, set-gid and sticky (no file-type bits).
    pub perm: u32,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// Last modification.
    pub mtime: Timestamp,
    /// Last access.
    pub atime: Timestamp,
    /// Last attribute change.
    pub ctime: Timestamp,
}

impl Meta {
    /// Attributes of a folder made by Kiln (not from a source): `rwxr-xr-x`, owned by root.
    pub fn synthetic_dir(time: Timestamp) -> Meta {
        Meta {
            perm: 0o755,
            uid: 0,
            gid: 0,
            mtime: time,
            atime: time,
            ctime: time,
        }
    }
}

/// What a source file looked like when it was scanned, to notice later changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time.
    pub mtime: Timestamp,
    /// Inode number (0 where the platform has none).
    pub ino: u64,
}

/// A file's content: where to read it, and what it looked like.
#[derive(Debug, Clone)]
pub struct Content {
    /// The source file.
    pub source: PathBuf,
    /// What it looked like at scan time.
    pub stamp: Stamp,
    /// How many nodes of the tree share it (hard links within the staging).
    pub links: u32,
    /// Imported from an earlier session: the first block of its data, already recorded on the
    /// disc. Such a content is referenced where it is and never written again (so `source` is
    /// empty and its blocks count for nothing in the new session).
    pub on_disc: Option<u32>,
}

/// One folder.
#[derive(Debug, Clone, Default)]
pub struct Dir {
    /// Children by their (Rock Ridge, i.e. original) name.
    pub children: BTreeMap<String, NodeId>,
    /// Level in the ISO 9660 hierarchy: the root is 1; a folder that would be at level 9 is
    /// relocated and gets level 2 (it then lives under the relocation folder).
    pub iso_level: u8,
    /// Whether ISO 9660 records it under the relocation folder (RRIP "RE"/"CL").
    pub relocated: bool,
    /// Number of child folders (Rock Ridge link count is 2 + this).
    pub subdirs: u32,
}

/// What a node is.
#[derive(Debug, Clone)]
pub enum Kind {
    /// A folder.
    Dir(Dir),
    /// A regular file.
    File {
        /// Its content.
        content: ContentId,
    },
    /// A symbolic link, recorded as a link in Rock Ridge.
    Symlink {
        /// The link's target, as read from the source.
        target: String,
    },
}

/// One entry of the tree.
#[derive(Debug, Clone)]
pub struct Node {
    /// The name on the disc (what Rock Ridge records; ISO 9660 and Joliet derive theirs).
    pub name: String,
    /// The parent folder ([`ROOT`] is its own parent).
    pub parent: NodeId,
    /// POSIX attributes.
    pub meta: Meta,
    /// Folder, file or link.
    pub kind: Kind,
}

impl Node {
    /// The folder part, if this is a folder.
    pub fn dir(&self) -> Option<&Dir> {
        match &self.kind {
            Kind::Dir(d) => Some(d),
            _ => None,
        }
    }
}

/// The arena: nodes, contents, and the hard-link index.
#[derive(Debug, Clone)]
pub struct Tree {
    pub(crate) nodes: Vec<Node>,
    pub(crate) contents: Vec<Content>,
    /// (device, inode) of sources with more than one link → their content, so hard links share.
    pub(crate) inodes: HashMap<(u64, u64), ContentId>,
}

impl Tree {
    /// An empty tree: just the root folder.
    pub fn new(root_meta: Meta) -> Tree {
        Tree {
            nodes: vec![Node {
                name: String::new(),
                parent: ROOT,
                meta: root_meta,
                kind: Kind::Dir(Dir {
                    iso_level: 1,
                    ..Dir::default()
                }),
            }],
            contents: Vec::new(),
            inodes: HashMap::new(),
        }
    }

    /// A node by id.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    pub(crate) fn node_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self.nodes[id as usize]
    }

    /// A content by id.
    pub fn content(&self, id: ContentId) -> &Content {
        &self.contents[id as usize]
    }

    /// The folder part of a node known to be a folder.
    pub fn dir(&self, id: NodeId) -> Option<&Dir> {
        self.node(id).dir()
    }

    pub(crate) fn dir_mut(&mut self, id: NodeId) -> Option<&mut Dir> {
        match &mut self.node_mut(id).kind {
            Kind::Dir(d) => Some(d),
            _ => None,
        }
    }

    /// Number of nodes, the root included.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether only the root exists.
    pub fn is_empty(&self) -> bool {
        self.nodes.len() == 1
    }

    /// The child of `dir` called `name`.
    pub fn child(&self, dir: NodeId, name: &str) -> Option<NodeId> {
        self.dir(dir).and_then(|d| d.children.get(name).copied())
    }

    /// The node's path on the disc, `/`-separated, starting with `/`.
    pub fn path(&self, mut id: NodeId) -> String {
        let mut parts = Vec::new();
        while id != ROOT {
            let n = self.node(id);
            parts.push(n.name.as_str());
            id = n.parent;
        }
        parts.reverse();
        format!("/{}", parts.join("/"))
    }

    /// Appends a node under `parent` (which must be a folder without a child of that name).
    pub(crate) fn push(&mut self, parent: NodeId, name: String, meta: Meta, kind: Kind) -> NodeId {
        let id = NodeId::try_from(self.nodes.len()).unwrap_or(NodeId::MAX);
        let is_dir = matches!(kind, Kind::Dir(_));
        if let Some(d) = self.dir_mut(parent) {
            d.children.insert(name.clone(), id);
            if is_dir {
                d.subdirs += 1;
            }
        }
        self.nodes.push(Node {
            name,
            parent,
            meta,
            kind,
        });
        id
    }

    /// Iterates over all folders, parents before children (breadth-first, children in name
    /// order).
    pub fn dirs_breadth_first(&self) -> Vec<NodeId> {
        let mut out = vec![ROOT];
        let mut i = 0;
        while i < out.len() {
            if let Some(d) = self.dir(out[i]) {
                out.extend(
                    d.children
                        .values()
                        .copied()
                        .filter(|c| self.dir(*c).is_some()),
                );
            }
            i += 1;
        }
        out
    }
}
