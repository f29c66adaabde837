//! The one error type of the core. Every variant says what happened, to which file or drive, and
//! what the user can do about it; the variants cover the IMAPI v1 result codes that make sense for
//! Kiln (`IMAPI_E_NOTOPENED`, `IMAPI_E_DISCFULL`, `IMAPI_E_FILEEXISTS`, ...).
//!
//! Errors are `Clone` so they can travel inside GUI messages; non-Clone sources sit in an `Arc`.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;

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
