//! Drive hot-plug and media-change watching (IMAPI's `NotifyPnPActivity`, plus media changes):
//! a background thread polls the system's drive list and each drive's media state at a modest
//! interval and reports what changed to observers as [`ProgressEvent::RecorderArrived`],
//! [`ProgressEvent::RecorderRemoved`] and [`ProgressEvent::MediaChanged`].
//!
//! Polling rather than OS notifications, on purpose: Linux's in-kernel media polling is off by
//! default (`events_poll_msecs`), so a media change would go unseen without asking the drive
//! anyway, and one mechanism for both keeps this small. [`Poller`] holds the logic and is
//! synchronous (tests call it step by step); [`DriveWatch`] runs it on a thread. Where the
//! drives come from is a [`DriveSource`]: on Linux `sysfs::SysfsDrives` (`/sys/class/block/sr*`
//! and GET EVENT STATUS NOTIFICATION through SG_IO), on macOS `iokit::IoKitDrives` (the I/O
//! Registry's authoring drives, a disc being present when its BSD name is), on Windows
//! `windows::WindowsDrives` (the optical drive letters, a disc and its changes from
//! `IOCTL_STORAGE_CHECK_VERIFY2`; the rules are in [`letters`], tested on every platform).
//!
//! On Linux the media poll reaches the drive even while Kiln burns on it (the shared
//! descriptor is not kept out by the burn's `O_EXCL`); drives answer GET EVENT STATUS
//! NOTIFICATION while writing, but an application should still stop its watch (drop the
//! [`DriveWatch`]) for the length of a burn rather than add commands to a busy drive.

#[cfg(target_os = "macos")]
pub mod iokit;
pub mod letters;
#[cfg(target_os = "linux")]
pub mod sysfs;
#[cfg(windows)]
pub mod windows;

use std::collections::BTreeMap;
use std::io;
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::mmc::{cdb, parse};
use crate::progress::{ProgressEvent, ProgressObserver};
use crate::transport::{execute_checked, DataDirection, ScsiTransport};

/// The default polling interval: often enough to feel live, rare enough that a drive spends
/// no noticeable time answering (libburn and udisks poll every 2 s).
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(2);

/// A drive as the source lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchedDrive {
    /// The recorder ID (the same as `kiln recorders` shows, e.g. `/dev/sr0`).
    pub id: String,
    /// The device to ask about its medium.
    pub path: PathBuf,
}

/// What a drive says about its medium.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediumState {
    /// A medium is in the drive.
    pub present: bool,
    /// The drive reported a media event since it was last asked (new medium, removal,
    /// change): a disc swapped between two polls shows up here while `present` stays true.
    pub changed: bool,
}

/// Where the poller learns which drives exist and what is in them.
pub trait DriveSource: Send {
    /// The drives present now.
    fn drives(&mut self) -> Vec<WatchedDrive>;
    /// The medium state of `drive`, or `None` when the drive cannot be asked right now
    /// (busy, no permission, gone): the last known state is kept.
    fn medium(&mut self, drive: &WatchedDrive) -> Option<MediumState>;
}

/// Asks a drive for its media event and presence with GET EVENT STATUS NOTIFICATION (polled,
/// media class), which drives answer even with a UNIT ATTENTION pending and without a medium.
/// `None` if the drive does not support it or the command fails.
pub fn medium_state(transport: &mut (impl ScsiTransport + ?Sized)) -> Option<MediumState> {
    let mut buf = [0u8; 8];
    let n = execute_checked(
        transport,
        &cdb::get_event_status_notification(cdb::EVENT_CLASS_MEDIA, 8),
        DataDirection::FromDevice(&mut buf),
        Duration::from_secs(5),
    )
    .ok()?;
    let event = parse::parse_media_event(&buf[..n.min(buf.len())]).ok()??;
    Some(MediumState {
        present: event.present,
        // 2 new media, 3 media removal, 4 media changed (MMC-6 table "Media Status Event").
        changed: matches!(event.event, 2..=4),
    })
}

/// Compares successive looks at a [`DriveSource`] and says what changed.
pub struct Poller<S: DriveSource> {
    source: S,
    /// Known drives and their last known medium presence (`None`: never answered).
    known: BTreeMap<String, Option<bool>>,
    started: bool,
}

impl<S: DriveSource> std::fmt::Debug for Poller<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Poller")
            .field("known", &self.known)
            .finish()
    }
}

impl<S: DriveSource> Poller<S> {
    /// A poller that has not looked yet.
    pub fn new(source: S) -> Self {
        Poller {
            source,
            known: BTreeMap::new(),
            started: false,
        }
    }

    /// The source, to change it between polls (tests).
    pub fn source_mut(&mut self) -> &mut S {
        &mut self.source
    }

    /// Looks once. The first look only learns the drives and their media (the application
    /// has just listed them); later looks report drives that appeared (arrival, in ID order),
    /// drives that went away (removal), and media inserted, removed or swapped.
    pub fn poll(&mut self) -> Vec<ProgressEvent> {
        let drives = self.source.drives();
        let mut events = Vec::new();
        let present: BTreeMap<String, WatchedDrive> =
            drives.into_iter().map(|d| (d.id.clone(), d)).collect();
        let gone: Vec<String> = self
            .known
            .keys()
            .filter(|id| !present.contains_key(*id))
            .cloned()
            .collect();
        for id in gone {
            self.known.remove(&id);
            tracing::info!(recorder = %id, "drive removed");
            events.push(ProgressEvent::RecorderRemoved { id });
        }
        for (id, drive) in &present {
            let state = self.source.medium(drive);
            match self.known.get_mut(id) {
                None => {
                    self.known.insert(id.clone(), state.map(|s| s.present));
                    if self.started {
                        tracing::info!(recorder = %id, "drive arrived");
                        events.push(ProgressEvent::RecorderArrived { id: id.clone() });
                    }
                }
                Some(last) => {
                    let Some(state) = state else { continue };
                    let flipped = last.is_some_and(|was| was != state.present);
                    let swapped = state.changed && state.present && *last == Some(true);
                    *last = Some(state.present);
                    if flipped || swapped {
                        tracing::info!(recorder = %id, present = state.present, "medium changed");
                        events.push(ProgressEvent::MediaChanged {
                            id: id.clone(),
                            present: state.present,
                        });
                    }
                }
            }
        }
        self.started = true;
        events
    }
}

/// A running watch: a thread polling a [`DriveSource`] and telling observers. Dropping it (or
/// [`DriveWatch::stop`]) stops the thread at once, without waiting out the interval.
#[derive(Debug)]
pub struct DriveWatch {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl DriveWatch {
    /// Starts polling `source` every `interval` and sends each change to every observer.
    /// Fails only if the thread cannot be created.
    pub fn spawn<S: DriveSource + 'static>(
        source: S,
        interval: Duration,
        mut observers: Vec<Box<dyn ProgressObserver>>,
    ) -> io::Result<Self> {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("kiln-drive-watch".into())
            .spawn(move || {
                let mut poller = Poller::new(source);
                poller.poll();
                // Any message, or the handle going away, ends the loop.
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(interval) {
                    for event in poller.poll() {
                        for o in &mut observers {
                            o.on_event(&event);
                        }
                    }
                }
            })?;
        Ok(DriveWatch {
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Stops the thread and waits for it.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        // Closing the channel wakes the thread out of its wait.
        self.stop.take();
        if let Some(thread) = self.thread.take() {
            if thread.join().is_err() {
                tracing::warn!("the drive watch thread panicked");
            }
        }
    }
}

impl Drop for DriveWatch {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Watches this system's drives (Linux: sysfs and SG_IO) every `interval`.
#[cfg(target_os = "linux")]
pub fn watch_drives(
    interval: Duration,
    observers: Vec<Box<dyn ProgressObserver>>,
) -> io::Result<DriveWatch> {
    DriveWatch::spawn(sysfs::SysfsDrives::system(), interval, observers)
}

/// Watches this system's drives (macOS: the I/O Registry) every `interval`.
#[cfg(target_os = "macos")]
pub fn watch_drives(
    interval: Duration,
    observers: Vec<Box<dyn ProgressObserver>>,
) -> io::Result<DriveWatch> {
    DriveWatch::spawn(iokit::IoKitDrives::new(), interval, observers)
}

/// Watches this system's drives (Windows: the optical drive letters) every `interval`.
#[cfg(windows)]
pub fn watch_drives(
    interval: Duration,
    observers: Vec<Box<dyn ProgressObserver>>,
) -> io::Result<DriveWatch> {
    DriveWatch::spawn(windows::WindowsDrives::new(), interval, observers)
}
