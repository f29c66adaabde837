//! Progress events and cancellation, in the spirit of IMAPI's `IDiscMasterProgressEvents`.
//!
//! Observers subscribe to a [`crate::DiscMaster`] and receive [`ProgressEvent`]s. Cancellation is
//! part of the protocol, as IMAPI's `QueryCancel`: long operations poll
//! [`ProgressObserver::query_cancel`] between units of work and stop with
//! [`crate::Error::UserAbort`] when any observer answers `true`.

use crate::data::NamingNote;
use crate::Error;

/// One thing that happened during staging or recording.
#[non_exhaustive]
#[derive(Debug, Clone)]
pub enum ProgressEvent {
    /// Staging progress: `completed` of `total` items scanned (IMAPI's `NotifyAddProgress`).
    AddProgress {
        /// Items done.
        completed: u64,
        /// Items known so far (may grow while a folder is scanned).
        total: u64,
    },
    /// Writing progress in blocks (IMAPI's `NotifyBlockProgress`).
    BlockProgress {
        /// Blocks written.
        completed: u64,
        /// Blocks to write.
        total: u64,
    },
    /// Writing progress in tracks (IMAPI's `NotifyTrackProgress`).
    TrackProgress {
        /// Tracks done.
        completed: u32,
        /// Tracks to write.
        total: u32,
    },
    /// The burn is being prepared (IMAPI's `NotifyPreparingBurn`).
    PreparingBurn {
        /// Estimated seconds until writing starts.
        estimated_seconds: u32,
    },
    /// How the drive is being fed, sent by drive recorders a few times a second while writing,
    /// beside [`ProgressEvent::BlockProgress`] (IMAPI has no such event; IMAPI2's
    /// `IDiscFormat2DataEventArgs` has the same figures).
    Writing(WriteStatus),
    /// The disc is being closed (IMAPI's `NotifyClosingDisc`): a phase of its own after the
    /// last block is written (flushing the drive's cache, writing the lead-out, closing the
    /// track and session), whose length is estimated separately.
    ClosingDisc {
        /// Estimated seconds for closing.
        estimated_seconds: u32,
    },
    /// The disc is being read back and compared with what was sent (verify after burn, on by
    /// default); the [`ProgressEvent::BlockProgress`] events that follow count blocks read, not
    /// written. IMAPI v1 has no verify and no such event.
    Verifying {
        /// Blocks to read back.
        blocks: u64,
    },
    /// The burn finished (IMAPI's `NotifyBurnComplete`).
    BurnComplete {
        /// `None` on success, the error otherwise.
        error: Option<Error>,
    },
    /// An erase finished (IMAPI's `NotifyEraseComplete`).
    EraseComplete {
        /// `None` on success, the error otherwise.
        error: Option<Error>,
    },
    /// A recorder appeared (IMAPI's `NotifyPnPActivity`).
    RecorderArrived {
        /// Its id.
        id: String,
    },
    /// A recorder went away (IMAPI's `NotifyPnPActivity`).
    RecorderRemoved {
        /// Its id.
        id: String,
    },
    /// A disc was inserted into, taken out of, or swapped in a recorder (seen by
    /// [`crate::watch`]).
    MediaChanged {
        /// The recorder's id.
        id: String,
        /// Whether a disc is in the recorder now.
        present: bool,
    },
    /// Something was recorded differently from the source and the user should know (a name
    /// shortened for Joliet, a symbolic link that only Rock Ridge can hold, a date clamped...).
    Naming(NamingNote),
    /// The burn did something differently from what was staged and goes on (CD-TEXT that the
    /// recorder cannot write, for one).
    Notice(crate::notice::BurnNotice),
}

/// The state of a burn while blocks are written to a drive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WriteStatus {
    /// Fill of Kiln's read-ahead ring between the sources and the drive, 0.0–1.0.
    pub host_buffer: f64,
    /// Fill of the drive's own buffer, 0.0–1.0 (READ BUFFER CAPACITY); `None` when the drive
    /// does not tell.
    pub drive_buffer: Option<f64>,
    /// Writing speed over the last seconds as a multiple of the medium's 1× (CD 75 blocks/s,
    /// DVD 1385 kB/s, BD 4495 kB/s); `None` until it can be measured.
    pub speed_x: Option<f64>,
    /// Seconds since the first block was sent.
    pub elapsed_seconds: u64,
    /// Estimated seconds until the last block is sent (closing the disc not included: see
    /// [`ProgressEvent::ClosingDisc`]); `None` until the speed is known.
    pub remaining_seconds: Option<u64>,
}

/// Receives progress events; defaulted so an observer implements only what it needs.
pub trait ProgressObserver: Send {
    /// Called for every event.
    fn on_event(&mut self, _event: &ProgressEvent) {}

    /// Polled between units of work; `true` cancels the operation (IMAPI's `QueryCancel`).
    fn query_cancel(&mut self) -> bool {
        false
    }
}

/// A handle returned by subscribing, used to unsubscribe (IMAPI's advise cookie).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Subscription(pub(crate) u64);

/// The observers of one disc master.
#[derive(Default)]
pub(crate) struct Observers {
    next: u64,
    list: Vec<(Subscription, Box<dyn ProgressObserver>)>,
}

impl Observers {
    pub(crate) fn add(&mut self, observer: Box<dyn ProgressObserver>) -> Subscription {
        self.next += 1;
        let id = Subscription(self.next);
        self.list.push((id, observer));
        id
    }

    pub(crate) fn remove(&mut self, id: Subscription) -> bool {
        let before = self.list.len();
        self.list.retain(|(s, _)| *s != id);
        self.list.len() != before
    }

    pub(crate) fn clear(&mut self) {
        self.list.clear();
    }
}

/// Where long operations report to: events out, cancellation in.
pub trait Reporter {
    /// Sends an event to every observer.
    fn emit(&mut self, event: ProgressEvent);
    /// Asks every observer whether to cancel.
    fn cancelled(&mut self) -> bool;
    /// Returns `Err(UserAbort)` when an observer asked to cancel.
    fn check_cancel(&mut self) -> Result<(), Error> {
        if self.cancelled() {
            Err(Error::UserAbort)
        } else {
            Ok(())
        }
    }
}

impl Reporter for Observers {
    fn emit(&mut self, event: ProgressEvent) {
        for (_, o) in &mut self.list {
            o.on_event(&event);
        }
    }

    fn cancelled(&mut self) -> bool {
        // Ask everyone, so no observer misses a poll it counts on.
        self.list
            .iter_mut()
            .fold(false, |any, (_, o)| o.query_cancel() || any)
    }
}

/// A reporter that drops events and never cancels, for callers that do not watch progress.
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Reporter for Silent {
    fn emit(&mut self, _event: ProgressEvent) {}
    fn cancelled(&mut self) -> bool {
        false
    }
}
