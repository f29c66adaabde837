//! Naming notes: every place where what is recorded differs from the source, reported with the
//! original and the recorded form so nothing changes silently.

use std::fmt;

use crate::l10n::Localized;

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

impl Namespace {
    /// The name space's name (a proper name: the same in every language).
    pub fn name(self) -> &'static str {
        match self {
            Namespace::Iso9660 => "ISO 9660",
            Namespace::Joliet => "Joliet",
            Namespace::RockRidge => "Rock Ridge",
        }
    }
}

impl NamingNote {
    /// The note as a message id and arguments for the application's catalogue (see
    /// [`crate::l10n`]). The English catalogue text is this note's `Display`; the arguments are
    /// `disc_path`, and `namespace` where the text names it, plus the kind's own fields.
    pub fn localized(&self) -> Localized {
        let base = |id| Localized::new(id).arg("disc_path", &self.disc_path);
        let ns = self.namespace.name();
        // Exhaustive on purpose: a new kind does not compile until it has a message id.
        match &self.kind {
            NoteKind::Renamed { recorded } => base("note-renamed")
                .arg("recorded", recorded)
                .arg("namespace", ns),
            NoteKind::LongerThanSpec { chars } => base("note-longer-than-spec")
                .arg("chars", *chars)
                .arg("namespace", ns),
            NoteKind::PathLongerThanSpec { bytes } => base("note-path-longer-than-spec")
                .arg("bytes", *bytes)
                .arg("namespace", ns),
            NoteKind::SymlinkOnlyInRockRidge { target } => {
                base("note-symlink-only-in-rock-ridge").arg("target", target)
            }
            NoteKind::SpecialFileSkipped => base("note-special-file-skipped"),
            NoteKind::DateClamped { recorded } => base("note-date-clamped")
                .arg("namespace", ns)
                .arg("recorded", recorded),
            NoteKind::Relocated => base("note-relocated"),
            NoteKind::LinkLeavesCompilation { target } => {
                base("note-link-leaves-compilation").arg("target", target)
            }
            NoteKind::NotUnicode => base("note-not-unicode"),
        }
    }

    /// One note of every kind, with distinct argument values, for tests of catalogues
    /// (applications cannot match the non-exhaustive [`NoteKind`], so they take this list).
    #[doc(hidden)]
    pub fn samples() -> Vec<NamingNote> {
        let note = |disc_path: &str, namespace, kind| NamingNote {
            disc_path: disc_path.to_string(),
            namespace,
            kind,
        };
        vec![
            note(
                "/Photos/Émilie 🎉.jpg",
                Namespace::Joliet,
                NoteKind::Renamed {
                    recorded: "Émilie _.jpg".into(),
                },
            ),
            note(
                "/Docs/a-very-long-name",
                Namespace::Joliet,
                NoteKind::LongerThanSpec { chars: 97 },
            ),
            note(
                "/Deep/path",
                Namespace::Joliet,
                NoteKind::PathLongerThanSpec { bytes: 251 },
            ),
            note(
                "/link",
                Namespace::Iso9660,
                NoteKind::SymlinkOnlyInRockRidge {
                    target: "../sample-target".into(),
                },
            ),
            note(
                "/dev-node",
                Namespace::RockRidge,
                NoteKind::SpecialFileSkipped,
            ),
            note(
                "/old.txt",
                Namespace::Iso9660,
                NoteKind::DateClamped {
                    recorded: "1900-01-01T00:00:00Z".into(),
                },
            ),
            note(
                "/a/b/c/d/e/f/g/h/i",
                Namespace::Iso9660,
                NoteKind::Relocated,
            ),
            note(
                "/outside",
                Namespace::RockRidge,
                NoteKind::LinkLeavesCompilation {
                    target: "/etc/sample-outside".into(),
                },
            ),
            note(
                "/bad\u{fffd}name",
                Namespace::RockRidge,
                NoteKind::NotUnicode,
            ),
        ]
    }
}

impl fmt::Display for NamingNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ns = self.namespace.name();
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Which kind `k` is. Exhaustive: a new kind needs an arm here, and then a sample.
    fn kind(k: &NoteKind) -> usize {
        match k {
            NoteKind::Renamed { .. } => 0,
            NoteKind::LongerThanSpec { .. } => 1,
            NoteKind::PathLongerThanSpec { .. } => 2,
            NoteKind::SymlinkOnlyInRockRidge { .. } => 3,
            NoteKind::SpecialFileSkipped => 4,
            NoteKind::DateClamped { .. } => 5,
            NoteKind::Relocated => 6,
            NoteKind::LinkLeavesCompilation { .. } => 7,
            NoteKind::NotUnicode => 8,
        }
    }

    /// One more than the highest arm of [`kind`].
    const KINDS: usize = 9;

    #[test]
    fn samples_cover_every_kind_once_and_arguments_are_in_the_text() {
        let mut seen = [0usize; KINDS];
        for note in NamingNote::samples() {
            let k = kind(&note.kind);
            assert!(k < KINDS, "raise KINDS to cover {note:?}");
            seen[k] += 1;
            let l = note.localized();
            assert!(l.id.starts_with("note-"), "{}", l.id);
            let shown = note.to_string();
            for (_, value) in &l.args {
                let text = value.to_string();
                assert!(shown.contains(&text), "{}: '{text}' not in '{shown}'", l.id);
            }
        }
        assert!(seen.iter().all(|n| *n == 1), "{seen:?}");
    }
}
