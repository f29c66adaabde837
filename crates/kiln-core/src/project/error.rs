//! What can go wrong with a project: [`ProjectError`] when the file cannot be read or written
//! at all, [`ProjectIssue`] for one source while the rest of the project still loads. Both are
//! `Clone` (they travel in GUI messages) and have a [`Localized`] form, like [`crate::Error`].

use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use crate::l10n::{Localized, LocalizedArg};

/// The project file itself cannot be used.
#[non_exhaustive]
#[derive(Debug, Clone, thiserror::Error)]
pub enum ProjectError {
    /// Reading the file failed.
    #[error("cannot read the project '{path}': {source}")]
    Read {
        /// The project file.
        path: PathBuf,
        /// What the system said.
        source: Arc<io::Error>,
    },
    /// Writing the file failed; a project that was there before is left as it was.
    #[error("cannot save the project '{path}': {source}")]
    Write {
        /// The project file.
        path: PathBuf,
        /// What the system said.
        source: Arc<io::Error>,
    },
    /// The file is not a Kiln project (another kind of file, or not text).
    #[error("'{path}' is not a Kiln project")]
    NotAProject {
        /// The file.
        path: PathBuf,
    },
    /// The file is a Kiln project but damaged (cut short, edited wrongly).
    #[error("the project '{path}' is damaged: {reason}")]
    Damaged {
        /// The project file.
        path: PathBuf,
        /// Where and what, in the TOML reader's words.
        reason: String,
    },
    /// A newer Kiln wrote the file, in a version of the format this one does not know.
    #[error("the project '{path}' was saved by a newer Kiln (project version {version}; this Kiln reads up to version {supported}): update Kiln to open it")]
    NewerVersion {
        /// The project file.
        path: PathBuf,
        /// The file's version.
        version: i64,
        /// The newest version this Kiln reads.
        supported: i64,
    },
    /// A source's path is not Unicode text, which the project file cannot hold.
    #[error("'{path}' cannot be saved in a project: its name is not valid Unicode text. Rename it, or save without it")]
    NotUnicode {
        /// The path, as far as it can be shown.
        path: PathBuf,
    },
    /// An audio track of raw blocks has no file a project could name.
    #[error("track {track} was added as raw audio, not from a file, so a project cannot name it")]
    RawTrack {
        /// Its number, from 1.
        track: usize,
    },
}

/// A source of a project that did not load as saved; the rest of the project loads.
#[non_exhaustive]
#[derive(Debug, Clone, thiserror::Error)]
pub enum ProjectIssue {
    /// The source is neither where it was nor beside the project: it was left out.
    #[error("'{path}' is missing, so it was left out of the compilation")]
    Missing {
        /// Where it was when the project was saved.
        path: PathBuf,
    },
    /// The source changed since the project was saved: it is staged as it is now.
    #[error(
        "'{path}' has changed since the project was saved; the compilation has it as it is now"
    )]
    Changed {
        /// The source.
        path: PathBuf,
    },
    /// The core refused the source (its error names it): it was left out.
    #[error("{0}")]
    Refused(crate::Error),
}

impl ProjectError {
    /// The message for the user's language (see [`crate::l10n`]).
    pub fn localized(&self) -> Localized {
        let path = |p: &PathBuf| LocalizedArg::text(p.display());
        match self {
            ProjectError::Read { path: p, source } => Localized::new("error-project-read")
                .arg("path", path(p))
                .arg("source", LocalizedArg::text(source)),
            ProjectError::Write { path: p, source } => Localized::new("error-project-write")
                .arg("path", path(p))
                .arg("source", LocalizedArg::text(source)),
            ProjectError::NotAProject { path: p } => {
                Localized::new("error-project-not-a-project").arg("path", path(p))
            }
            ProjectError::Damaged { path: p, reason } => Localized::new("error-project-damaged")
                .arg("path", path(p))
                .arg("reason", reason.clone()),
            ProjectError::NewerVersion {
                path: p,
                version,
                supported,
            } => Localized::new("error-project-newer")
                .arg("path", path(p))
                .arg("version", LocalizedArg::Number(*version as f64))
                .arg("supported", LocalizedArg::Number(*supported as f64)),
            ProjectError::NotUnicode { path: p } => {
                Localized::new("error-project-not-unicode").arg("path", path(p))
            }
            ProjectError::RawTrack { track } => Localized::new("error-project-raw-track")
                .arg("track", LocalizedArg::Number(*track as f64)),
        }
    }

    /// One of each variant, for catalogue checks.
    pub fn samples() -> Vec<ProjectError> {
        let io = || Arc::new(io::Error::other("sample-io-error"));
        vec![
            ProjectError::Read {
                path: "/home/me/read.kiln".into(),
                source: io(),
            },
            ProjectError::Write {
                path: "/home/me/write.kiln".into(),
                source: io(),
            },
            ProjectError::NotAProject {
                path: "/home/me/photo.jpg".into(),
            },
            ProjectError::Damaged {
                path: "/home/me/damaged.kiln".into(),
                reason: "sample-toml-reason".into(),
            },
            ProjectError::NewerVersion {
                path: "/home/me/new.kiln".into(),
                version: 7,
                supported: 1,
            },
            ProjectError::NotUnicode {
                path: "/home/me/bad-name".into(),
            },
            ProjectError::RawTrack { track: 3 },
        ]
    }
}

impl ProjectIssue {
    /// The message for the user's language (see [`crate::l10n`]).
    pub fn localized(&self) -> Localized {
        match self {
            ProjectIssue::Missing { path } => Localized::new("issue-project-missing")
                .arg("path", LocalizedArg::text(path.display())),
            ProjectIssue::Changed { path } => Localized::new("issue-project-changed")
                .arg("path", LocalizedArg::text(path.display())),
            ProjectIssue::Refused(e) => e.localized(),
        }
    }

    /// Whether the source was left out (a changed one is staged).
    pub fn left_out(&self) -> bool {
        !matches!(self, ProjectIssue::Changed { .. })
    }

    /// One of each variant with a message of its own, for catalogue checks.
    pub fn samples() -> Vec<ProjectIssue> {
        vec![
            ProjectIssue::Missing {
                path: "/home/me/gone.flac".into(),
            },
            ProjectIssue::Changed {
                path: "/home/me/edited.txt".into(),
            },
        ]
    }
}
