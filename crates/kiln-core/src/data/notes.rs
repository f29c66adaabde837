//! Naming notes: every place where what is recorded differs from the source, reported with the
//! original and the recorded form so nothing changes silently.

use std::fmt;

/// Which of the disc's name spaces a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Namespace {
    /// ISO 9660 (8.3 names, what DOS and the most basic readers see).
    Iso9660,
    /// Joliet (what Windows sees).
    Joliet,
    /// Rock Ridge (what Linux, macOS and the BSDs see).
    RockRidge,
}

/// Why a note was made.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteKind {
    /// The name was changed: too long, forbidden characters, or characters the name space cannot
    /// encode (emoji in Joliet's UCS-2), made unique against its siblings when needed.
    Renamed {
        /// The name as recorded.
        recorded: String,
    },
    /// The name is kept whole but is longer than the specification's limit (Joliet: 64
    /// characters); Windows reads it, some older readers may not.
    LongerThanSpec {
        /// Its length in characters.
        chars: usize,
    },
    /// The full path is longer than the specification's limit (Joliet: 240 bytes); it is kept.
    PathLongerThanSpec {
        /// Its length in bytes.
        bytes: usize,
    },
    /// A symbolic link: only Rock Ridge holds it; ISO 9660 shows an empty file, Joliet omits it.
    SymlinkOnlyInRockRidge {
        /// The link target.
        target: String,
    },
    /// A special file (FIFO, socket, device) was skipped.
    SpecialFileSkipped,
    /// A date outside what the name space can hold was clamped (never wrapped).
    DateClamped {
        /// The date as recorded, ISO 8601.
        recorded: String,
    },
    /// A folder deeper than ISO 9660's eight levels was relocated (Rock Ridge shows it in place).
    Relocated,
    /// A symbolic link points outside the compilation: on the disc it will point into the
    /// reader's own file system (or nowhere); with links followed, the copy was recorded.
    LinkLeavesCompilation {
        /// The link target.
        target: String,
    },
    /// The source name is not valid UTF-8; undecodable bytes were replaced.
    NotUnicode,
}

/// One note: a source item, the name space concerned, and what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamingNote {
    /// The item's path on the disc, as the user sees it (Rock Ridge form, `/`-separated).
    pub disc_path: String,
    /// The name space.
    pub namespace: Namespace,
    /// What happened.
    pub kind: NoteKind,
}

impl fmt::Display for NamingNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ns = match self.namespace {
            Namespace::Iso9660 => "ISO 9660",
            Namespace::Joliet => "Joliet",
            Namespace::RockRidge => "Rock Ridge",
        };
        let p = &self.disc_path;
        match &self.kind {
            NoteKind::Renamed { recorded } => write!(f, "{p}: recorded as '{recorded}' in {ns}"),
            NoteKind::LongerThanSpec { chars } => write!(
                f,
                "{p}: name of {chars} characters kept whole in {ns} (the specification allows 64; Windows reads it)"
            ),
            NoteKind::PathLongerThanSpec { bytes } => write!(
                f,
                "{p}: path of {bytes} bytes kept in {ns} (the specification allows 240; Windows reads it)"
            ),
            NoteKind::SymlinkOnlyInRockRidge { target } => write!(
                f,
                "{p}: symbolic link to '{target}' is recorded as a link only for Linux/macOS (Rock Ridge); Windows will not see it"
            ),
            NoteKind::SpecialFileSkipped => write!(
                f,
                "{p}: special file (FIFO, socket or device) left out; discs cannot hold it"
            ),
            NoteKind::DateClamped { recorded } => {
                write!(f, "{p}: date outside what {ns} can hold, recorded as {recorded}")
            }
            NoteKind::Relocated => write!(
                f,
                "{p}: folder deeper than ISO 9660's 8 levels, moved to /rr_moved for plain ISO 9660 readers (Linux/macOS see it in place)"
            ),
            NoteKind::LinkLeavesCompilation { target } => write!(
                f,
                "{p}: symbolic link to '{target}', which is outside the compilation"
            ),
            NoteKind::NotUnicode => write!(
                f,
                "{p}: the source name is not valid UTF-8; undecodable bytes were replaced with U+FFFD"
            ),
        }
    }
}
