//! The one error type of the core. Every variant says what happened, to which file or drive, and
//! what the user can do about it; the variants cover the IMAPI v1 result codes that make sense for
//! Kiln (`IMAPI_E_NOTOPENED`, `IMAPI_E_DISCFULL`, `IMAPI_E_FILEEXISTS`, ...).
//!
//! Errors are `Clone` so they can travel inside GUI messages; non-Clone sources sit in an `Arc`.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use crate::l10n::{self, Localized, LocalizedArg};

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in Kiln's core.
#[non_exhaustive]
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// IMAPI_E_NOTOPENED.
    #[error("the disc master is not open: call open() first")]
    NotOpened,
    /// IMAPI_E_STASHINUSE: another client holds the disc master.
    #[error("the disc master is already open: close it before opening it again")]
    AlreadyOpened,
    /// IMAPI_E_NOACTIVEFORMAT.
    #[error("no disc format is chosen: choose data or audio first")]
    NoActiveFormat,
    /// IMAPI_E_NOACTIVERECORDER.
    #[error("no recorder is chosen: pick a recorder (or an image file) first")]
    NoActiveRecorder,
    /// IMAPI_E_WRONGFORMAT: the call belongs to the other format.
    #[error("this works only on a {expected} disc, but the active format is {active}: switch the format first")]
    WrongFormat {
        /// The format the call needs.
        expected: &'static str,
        /// The format that is active.
        active: &'static str,
    },
    /// The format is known but not available in this build or for this recorder.
    #[error("the {format} format is not available: {reason}")]
    FormatUnavailable {
        /// Which format.
        format: &'static str,
        /// Why not.
        reason: String,
    },
    /// The recorder id is unknown (IMAPI_E_DEVICE_NOTPRESENT for a stale id).
    #[error("there is no recorder '{id}': run `kiln recorders` to list them")]
    UnknownRecorder {
        /// The id that was asked for.
        id: String,
    },
    /// IMAPI_E_DISCFULL: the addition would not fit; nothing was added.
    #[error("the disc is full: this needs {missing_blocks} more blocks ({missing_mb:.1} MB) than the {medium} has free; nothing was added. Remove something, or choose a larger medium")]
    DiscFull {
        /// How many 2048-byte blocks are missing.
        missing_blocks: u64,
        /// The same in megabytes, for people.
        missing_mb: f64,
        /// The medium the staging was measured against.
        medium: String,
    },
    /// IMAPI_E_FILEEXISTS: a name is already staged at that place.
    #[error("'{disc_path}' is already on the disc, and '{incoming}' would take its place: nothing was added. Rename one of them, or add with the replace policy")]
    FileExists {
        /// Where on the disc.
        disc_path: String,
        /// The source that was being added.
        incoming: PathBuf,
    },
    /// A folder and a file claim the same place; replacing cannot turn one into the other.
    #[error("'{disc_path}' is a folder in one source and a file in another ('{incoming}'): rename one of them")]
    KindConflict {
        /// Where on the disc.
        disc_path: String,
        /// The source being added.
        incoming: PathBuf,
    },
    /// A name that no file system on the disc can hold.
    #[error("'{name}' cannot be a name on the disc: {reason}")]
    InvalidName {
        /// The name as given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A path on the disc given by the user is malformed.
    #[error("'{disc_path}' is not a usable path on the disc: {reason}")]
    InvalidDiscPath {
        /// The path as given.
        disc_path: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// IMAPI_E_TRACKOPEN.
    #[error("an audio track is still open: close it before this")]
    TrackOpen,
    /// IMAPI_E_TRACKNOTOPEN.
    #[error("no audio track is open: create a track first")]
    TrackNotOpen,
    /// A source path does not exist (or vanished before the write).
    #[error("'{path}' does not exist (was it moved or deleted?): put it back or remove it from the compilation")]
    SourceMissing {
        /// The source path.
        path: PathBuf,
    },
    /// A source cannot be read.
    #[error("cannot read '{path}': {source}. Check its permissions, or leave it out")]
    SourceUnreadable {
        /// The source path.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: Arc<io::Error>,
    },
    /// A source changed between staging and writing; the image would be inconsistent.
    #[error("'{path}' changed after it was added ({what}): the write was stopped so no inconsistent disc is made. Add it again and restart")]
    SourceChanged {
        /// The source path.
        path: PathBuf,
        /// What changed.
        what: String,
    },
    /// Following symbolic links found a loop.
    #[error("'{path}' is a symbolic link loop (it leads back to '{target}'): remove the link, or do not follow links")]
    SymlinkLoop {
        /// The link.
        path: PathBuf,
        /// Where the loop closes.
        target: PathBuf,
    },
    /// Following a symbolic link leads outside anything that can be read.
    #[error("'{path}' is a symbolic link to something that does not exist ('{target}'): fix or remove the link, or do not follow links")]
    DanglingSymlink {
        /// The link.
        path: PathBuf,
        /// Its target.
        target: PathBuf,
    },
    /// The staging is empty; there is nothing to record.
    #[error("nothing is staged: add files, folders or tracks first")]
    NothingStaged,
    /// IMAPI_E_MEDIUM_NOTPRESENT.
    #[error("there is no disc in {recorder}: insert a writable disc")]
    MediumNotPresent {
        /// The recorder.
        recorder: String,
    },
    /// IMAPI_E_MEDIUM_INVALIDTYPE.
    #[error("the disc in {recorder} cannot be used: {reason}")]
    MediumInvalid {
        /// The recorder.
        recorder: String,
        /// Why.
        reason: String,
    },
    /// IMAPI_E_DEVICE_NOTACCESSIBLE.
    #[error("cannot use {recorder}: {reason}")]
    DeviceNotAccessible {
        /// The recorder.
        recorder: String,
        /// Why, and what to do.
        reason: String,
    },
    /// IMAPI_E_LOSS_OF_STREAMING: the drive ran dry.
    #[error("{recorder} ran out of data while writing (buffer underrun): the disc is probably unusable. Close other programs, lower the speed, or turn on buffer-underrun protection")]
    LossOfStreaming {
        /// The recorder.
        recorder: String,
    },
    /// Reading the disc back after the burn did not give what was written: the burn failed even
    /// though every command succeeded.
    #[error("the disc in {recorder} failed verification: {reason}. The disc is not reliable: burn it again, on another disc or at a lower speed")]
    VerifyFailed {
        /// The recorder.
        recorder: String,
        /// What differed, and where.
        reason: String,
    },
    /// A session cannot be added: the disc is closed (finalized).
    #[error("the disc in {recorder} is closed (finalized): no session can be added to it. Insert a blank disc, or one left open for more sessions (kiln burn data --multisession)")]
    DiscClosed {
        /// The recorder.
        recorder: String,
    },
    /// A session cannot be added: the disc's last session is not a file system Kiln can keep.
    #[error("the last session of the disc in {recorder} (from block {session_start}) cannot be imported: {reason}. Nothing was written; insert a blank disc")]
    LastSessionUnreadable {
        /// The recorder.
        recorder: String,
        /// First block of the last session.
        session_start: u64,
        /// Why.
        reason: String,
    },
    /// The disc changed between importing its last session and writing the new one.
    #[error("the disc in {recorder} changed since its last session was imported (its next writable block is {found}, not {planned}): nothing was written. Clear the compilation and stage it again, so that the disc is read anew")]
    AppendPointMoved {
        /// The recorder.
        recorder: String,
        /// The block the new session was laid out for.
        planned: u64,
        /// The block the drive reports now.
        found: u64,
    },
    /// IMAPI_E_USERABORT.
    #[error("cancelled by the user")]
    UserAbort,
    /// Writing the output (an image file) failed.
    #[error("cannot write '{path}': {source}. Check the free space and permissions there")]
    OutputFailed {
        /// The output path.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: Arc<io::Error>,
    },
    /// An image given to read or inspect is not something Kiln understands.
    #[error("'{path}' is not a usable disc image: {reason}")]
    InvalidImage {
        /// The image path.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// ISO 9660 path tables number folders with 16 bits.
    #[error("the compilation has {folders} folders, more than the 65,535 an ISO 9660 disc can list: group some files into fewer folders")]
    TooManyFolders {
        /// How many there are.
        folders: usize,
    },
    /// A special file (FIFO, socket, device) was named explicitly; discs cannot hold it.
    #[error("'{path}' is a special file (FIFO, socket or device), which a disc cannot hold: leave it out")]
    SpecialFile {
        /// The source path.
        path: PathBuf,
    },
    /// An audio file cannot be decoded because its data is damaged.
    #[error("'{path}' is damaged audio ({reason}): re-rip or re-download it, or leave it out")]
    CorruptAudio {
        /// The audio file.
        path: PathBuf,
        /// What the decoder said.
        reason: String,
    },
    /// An audio file is in a format or codec that Kiln cannot decode.
    #[error("'{path}' is not an audio format Kiln can read ({reason}): convert it to FLAC, WAV or MP3 first")]
    UnsupportedAudio {
        /// The audio file.
        path: PathBuf,
        /// What is not supported.
        reason: String,
    },
    /// An audio track is shorter than the 4 seconds (300 blocks) that the Red Book requires.
    #[error("audio track {track} is only {blocks} blocks long, but a CD track must last at least 4 seconds (300 blocks): lengthen it, or join it to a neighbour")]
    TrackTooShort {
        /// The track number (1-based).
        track: u32,
        /// Its length in 2352-byte blocks.
        blocks: u64,
    },
    /// An audio CD holds at most 99 tracks.
    #[error("an audio CD holds at most 99 tracks, and this would make {count}: remove some tracks, or join them")]
    TooManyTracks {
        /// How many tracks there would be.
        count: usize,
    },
    /// Raw audio must be given in whole 2352-byte blocks.
    #[error("raw audio must come in whole 2352-byte blocks (588 stereo 16-bit samples), but {bytes} bytes were given: pad the data with silence to a multiple of 2352 bytes")]
    PartialBlock {
        /// How many bytes were given.
        bytes: usize,
    },
}

impl Error {
    /// Wraps an I/O error from reading a source file, choosing the right variant for its kind.
    pub fn from_source_io(path: impl Into<PathBuf>, err: io::Error) -> Self {
        let path = path.into();
        match err.kind() {
            io::ErrorKind::NotFound => Error::SourceMissing { path },
            _ => Error::SourceUnreadable {
                path,
                source: Arc::new(err),
            },
        }
    }

    /// Wraps an I/O error from writing an output file.
    pub fn output(path: impl Into<PathBuf>, err: io::Error) -> Self {
        Error::OutputFailed {
            path: path.into(),
            source: Arc::new(err),
        }
    }

    /// Carries this error through an `io::Read` boundary; [`Error::from_io`] takes it back out.
    pub fn into_io(self) -> io::Error {
        io::Error::other(self)
    }

    /// Recovers a core error carried by [`Error::into_io`], or wraps a plain I/O error as a write
    /// failure of `output`.
    pub fn from_io(err: io::Error, output: &std::path::Path) -> Self {
        if err.get_ref().is_some_and(|inner| inner.is::<Error>()) {
            if let Some(Ok(core)) = err.into_inner().map(|inner| inner.downcast::<Error>()) {
                return *core;
            }
            return Error::output(output, io::Error::other("lost error details"));
        }
        Error::output(output, err)
    }
}

impl Error {
    /// The error as a message id and arguments for the application's catalogue (see
    /// [`crate::l10n`]). The English catalogue text is this error's `Display`.
    pub fn localized(&self) -> Localized {
        let path = |p: &PathBuf| LocalizedArg::text(p.display());
        // Exhaustive on purpose: a new variant does not compile until it has a message id.
        match self {
            Error::NotOpened => Localized::new("error-not-opened"),
            Error::AlreadyOpened => Localized::new("error-already-opened"),
            Error::NoActiveFormat => Localized::new("error-no-active-format"),
            Error::NoActiveRecorder => Localized::new("error-no-active-recorder"),
            Error::WrongFormat { expected, active } => Localized::new("error-wrong-format")
                .arg("expected", *expected)
                .arg("active", *active),
            Error::FormatUnavailable { format, reason } => {
                Localized::new("error-format-unavailable")
                    .arg("format", *format)
                    .arg("reason", reason)
            }
            Error::UnknownRecorder { id } => Localized::new("error-unknown-recorder").arg("id", id),
            Error::DiscFull {
                missing_blocks,
                missing_mb,
                medium,
            } => Localized::new("error-disc-full")
                .arg("missing_blocks", *missing_blocks)
                .arg("missing_mb", l10n::rounded(*missing_mb, 1))
                .arg("medium", medium),
            Error::FileExists {
                disc_path,
                incoming,
            } => Localized::new("error-file-exists")
                .arg("disc_path", disc_path)
                .arg("incoming", path(incoming)),
            Error::KindConflict {
                disc_path,
                incoming,
            } => Localized::new("error-kind-conflict")
                .arg("disc_path", disc_path)
                .arg("incoming", path(incoming)),
            Error::InvalidName { name, reason } => Localized::new("error-invalid-name")
                .arg("name", name)
                .arg("reason", *reason),
            Error::InvalidDiscPath { disc_path, reason } => {
                Localized::new("error-invalid-disc-path")
                    .arg("disc_path", disc_path)
                    .arg("reason", *reason)
            }
            Error::TrackOpen => Localized::new("error-track-open"),
            Error::TrackNotOpen => Localized::new("error-track-not-open"),
            Error::SourceMissing { path: p } => {
                Localized::new("error-source-missing").arg("path", path(p))
            }
            Error::SourceUnreadable { path: p, source } => {
                Localized::new("error-source-unreadable")
                    .arg("path", path(p))
                    .arg("source", LocalizedArg::text(source))
            }
            Error::SourceChanged { path: p, what } => Localized::new("error-source-changed")
                .arg("path", path(p))
                .arg("what", what),
            Error::SymlinkLoop { path: p, target } => Localized::new("error-symlink-loop")
                .arg("path", path(p))
                .arg("target", path(target)),
            Error::DanglingSymlink { path: p, target } => Localized::new("error-dangling-symlink")
                .arg("path", path(p))
                .arg("target", path(target)),
            Error::NothingStaged => Localized::new("error-nothing-staged"),
            Error::MediumNotPresent { recorder } => {
                Localized::new("error-medium-not-present").arg("recorder", recorder)
            }
            Error::MediumInvalid { recorder, reason } => Localized::new("error-medium-invalid")
                .arg("recorder", recorder)
                .arg("reason", reason),
            Error::DeviceNotAccessible { recorder, reason } => {
                Localized::new("error-device-not-accessible")
                    .arg("recorder", recorder)
                    .arg("reason", reason)
            }
            Error::LossOfStreaming { recorder } => {
                Localized::new("error-loss-of-streaming").arg("recorder", recorder)
            }
            Error::VerifyFailed { recorder, reason } => Localized::new("error-verify-failed")
                .arg("recorder", recorder)
                .arg("reason", reason),
            Error::DiscClosed { recorder } => {
                Localized::new("error-disc-closed").arg("recorder", recorder)
            }
            Error::LastSessionUnreadable {
                recorder,
                session_start,
                reason,
            } => Localized::new("error-last-session-unreadable")
                .arg("recorder", recorder)
                .arg("session_start", *session_start)
                .arg("reason", reason),
            Error::AppendPointMoved {
                recorder,
                planned,
                found,
            } => Localized::new("error-append-point-moved")
                .arg("recorder", recorder)
                .arg("found", *found)
                .arg("planned", *planned),
            Error::UserAbort => Localized::new("error-user-abort"),
            Error::OutputFailed { path: p, source } => Localized::new("error-output-failed")
                .arg("path", path(p))
                .arg("source", LocalizedArg::text(source)),
            Error::InvalidImage { path: p, reason } => Localized::new("error-invalid-image")
                .arg("path", path(p))
                .arg("reason", reason),
            Error::TooManyFolders { folders } => {
                Localized::new("error-too-many-folders").arg("folders", *folders)
            }
            Error::SpecialFile { path: p } => {
                Localized::new("error-special-file").arg("path", path(p))
            }
            Error::CorruptAudio { path: p, reason } => Localized::new("error-corrupt-audio")
                .arg("path", path(p))
                .arg("reason", reason),
            Error::UnsupportedAudio { path: p, reason } => {
                Localized::new("error-unsupported-audio")
                    .arg("path", path(p))
                    .arg("reason", reason)
            }
            Error::TrackTooShort { track, blocks } => Localized::new("error-track-too-short")
                .arg("track", *track)
                .arg("blocks", *blocks),
            Error::TooManyTracks { count } => {
                Localized::new("error-too-many-tracks").arg("count", *count)
            }
            Error::PartialBlock { bytes } => {
                Localized::new("error-partial-block").arg("bytes", *bytes)
            }
        }
    }

    /// One sample of every variant, with distinct argument values, for tests of catalogues
    /// (applications cannot match the non-exhaustive enum, so they take this list).
    #[doc(hidden)]
    pub fn samples() -> Vec<Error> {
        let io = |msg: &str| Arc::new(io::Error::other(msg.to_string()));
        vec![
            Error::NotOpened,
            Error::AlreadyOpened,
            Error::NoActiveFormat,
            Error::NoActiveRecorder,
            Error::WrongFormat {
                expected: "audio",
                active: "data",
            },
            Error::FormatUnavailable {
                format: "audio",
                reason: "sample-reason-format".into(),
            },
            Error::UnknownRecorder {
                id: "sample-recorder-id".into(),
            },
            Error::DiscFull {
                missing_blocks: 6017,
                missing_mb: 12.3226,
                medium: "CD 80 min (703 MB)".into(),
            },
            Error::FileExists {
                disc_path: "/Sample/exists.txt".into(),
                incoming: "/home/me/incoming.txt".into(),
            },
            Error::KindConflict {
                disc_path: "/Sample/kind".into(),
                incoming: "/home/me/kind-file".into(),
            },
            Error::InvalidName {
                name: "sample-bad-name".into(),
                reason: "names cannot contain the NUL character",
            },
            Error::InvalidDiscPath {
                disc_path: "/sample/bad/".into(),
                reason: "it must end with a file or folder name",
            },
            Error::TrackOpen,
            Error::TrackNotOpen,
            Error::SourceMissing {
                path: "/home/me/missing.jpg".into(),
            },
            Error::SourceUnreadable {
                path: "/home/me/locked.jpg".into(),
                source: io("Permission denied (os error 13)"),
            },
            Error::SourceChanged {
                path: "/home/me/changed.log".into(),
                what: "it was modified".into(),
            },
            Error::SymlinkLoop {
                path: "/home/me/loop".into(),
                target: "/home/me".into(),
            },
            Error::DanglingSymlink {
                path: "/home/me/dangling".into(),
                target: "/gone/away".into(),
            },
            Error::NothingStaged,
            Error::MediumNotPresent {
                recorder: "sample-drive-empty".into(),
            },
            Error::MediumInvalid {
                recorder: "sample-drive-invalid".into(),
                reason: "sample-reason-medium".into(),
            },
            Error::DeviceNotAccessible {
                recorder: "sample-drive-busy".into(),
                reason: "sample-reason-device".into(),
            },
            Error::LossOfStreaming {
                recorder: "sample-drive-underrun".into(),
            },
            Error::VerifyFailed {
                recorder: "sample-drive-verify".into(),
                reason: "sample-reason-verify".into(),
            },
            Error::DiscClosed {
                recorder: "sample-drive-closed".into(),
            },
            Error::LastSessionUnreadable {
                recorder: "sample-drive-not-iso".into(),
                session_start: 11_550,
                reason: "sample-reason-not-iso".into(),
            },
            Error::AppendPointMoved {
                recorder: "sample-drive-moved".into(),
                planned: 2_048,
                found: 4_096,
            },
            Error::UserAbort,
            Error::OutputFailed {
                path: "/media/out/disc.iso".into(),
                source: io("No space left on device (os error 28)"),
            },
            Error::InvalidImage {
                path: "/home/me/not-an-image.iso".into(),
                reason: "sample-reason-image".into(),
            },
            Error::TooManyFolders { folders: 70123 },
            Error::SpecialFile {
                path: "/home/me/fifo".into(),
            },
            Error::CorruptAudio {
                path: "/music/broken.flac".into(),
                reason: "sample-reason-corrupt".into(),
            },
            Error::UnsupportedAudio {
                path: "/music/song.xyz".into(),
                reason: "sample-reason-codec".into(),
            },
            Error::TrackTooShort {
                track: 7,
                blocks: 299,
            },
            Error::TooManyTracks { count: 101 },
            Error::PartialBlock { bytes: 4701 },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which variant `e` is. Exhaustive: a new variant needs an arm here, and then a sample.
    fn variant(e: &Error) -> usize {
        match e {
            Error::NotOpened => 0,
            Error::AlreadyOpened => 1,
            Error::NoActiveFormat => 2,
            Error::NoActiveRecorder => 3,
            Error::WrongFormat { .. } => 4,
            Error::FormatUnavailable { .. } => 5,
            Error::UnknownRecorder { .. } => 6,
            Error::DiscFull { .. } => 7,
            Error::FileExists { .. } => 8,
            Error::KindConflict { .. } => 9,
            Error::InvalidName { .. } => 10,
            Error::InvalidDiscPath { .. } => 11,
            Error::TrackOpen => 12,
            Error::TrackNotOpen => 13,
            Error::SourceMissing { .. } => 14,
            Error::SourceUnreadable { .. } => 15,
            Error::SourceChanged { .. } => 16,
            Error::SymlinkLoop { .. } => 17,
            Error::DanglingSymlink { .. } => 18,
            Error::NothingStaged => 19,
            Error::MediumNotPresent { .. } => 20,
            Error::MediumInvalid { .. } => 21,
            Error::DeviceNotAccessible { .. } => 22,
            Error::LossOfStreaming { .. } => 23,
            Error::UserAbort => 24,
            Error::OutputFailed { .. } => 25,
            Error::InvalidImage { .. } => 26,
            Error::TooManyFolders { .. } => 27,
            Error::SpecialFile { .. } => 28,
            Error::CorruptAudio { .. } => 29,
            Error::UnsupportedAudio { .. } => 30,
            Error::TrackTooShort { .. } => 31,
            Error::TooManyTracks { .. } => 32,
            Error::PartialBlock { .. } => 33,
            Error::VerifyFailed { .. } => 34,
            Error::DiscClosed { .. } => 35,
            Error::LastSessionUnreadable { .. } => 36,
            Error::AppendPointMoved { .. } => 37,
        }
    }

    /// One more than the highest arm of [`variant`].
    const VARIANTS: usize = 38;

    #[test]
    fn samples_cover_every_variant_once() {
        let mut seen = [0usize; VARIANTS];
        for e in Error::samples() {
            let v = variant(&e);
            assert!(v < VARIANTS, "raise VARIANTS to cover {e:?}");
            seen[v] += 1;
        }
        for (v, n) in seen.iter().enumerate() {
            assert_eq!(*n, 1, "variant {v} has {n} samples in Error::samples()");
        }
    }

    #[test]
    fn every_variant_has_its_own_id_and_its_fields_as_arguments() {
        let samples = Error::samples();
        let mut ids: Vec<&str> = samples.iter().map(|e| e.localized().id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), samples.len());
        for e in &samples {
            let l = e.localized();
            assert!(l.id.starts_with("error-"), "{}", l.id);
            let shown = e.to_string();
            for (name, value) in &l.args {
                let text = match value {
                    LocalizedArg::Number(n) if *name == "missing_mb" => format!("{n:.1}"),
                    other => other.to_string(),
                };
                assert!(shown.contains(&text), "{}: '{text}' not in '{shown}'", l.id);
            }
        }
    }
}
