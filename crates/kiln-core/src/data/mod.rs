//! Data discs: the staged file tree, its names in ISO 9660, Joliet and Rock Ridge, the exact block
//! layout, and the streaming image writer.
//!
//! Tree → names → layout → sector stream: [`DataStaging`] holds the tree and its exact size,
//! [`ImageReader`] lays it out and streams it.

mod accounting;
mod descriptors;
mod dirs;
mod import;
mod layout;
mod lister;
mod listing;
mod names;
mod notes;
mod records;
mod report;
mod scan;
mod source;
mod staging;
mod susp;
pub mod time;
mod tree;
mod writer;

pub use listing::{FolderEntry, StagedFolders};
pub use notes::{Namespace, NamingNote, NoteKind};
pub use staging::{AddSummary, BlockStats, ConflictPolicy, DataOptions, DataStaging};
pub use tree::{Kind, Node, NodeId, Tree, ROOT};
pub use writer::ImageReader;
