//! Data discs: the staged file tree, its names in ISO 9660, Joliet and Rock Ridge, the exact block
//! layout, and the streaming image writer.

mod notes;

pub use notes::{Namespace, NamingNote, NoteKind};
