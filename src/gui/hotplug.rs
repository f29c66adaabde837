//! Drive hot-plug for the window: the core's drive watch ([`kiln_core::watch`]) as a stream of
//! its events, which the root turns into a subscription. The core decides what changed (a
//! drive arrived or left, a disc went in or out); the window lists the recorders again, and
//! chooses again the recorder the user wants when it is back ([`wanted_back`]).
//! Dropping the stream stops the watch (the window drops it for the length of a burn, as the
//! watch's documentation asks).

use std::time::Duration;

use iced::futures::channel::mpsc;
use iced::futures::{Stream, StreamExt};
use kiln_core::progress::{ProgressEvent, ProgressObserver};
use kiln_core::watch::{DriveSource, DriveWatch};
use kiln_core::RecorderInfo;

/// The recorder to choose after the drives were listed again: `wanted` (the user's last
/// choice, or the one remembered from the last run) when it is listed (by id: the same drive
/// plugged in again) and is not the `active` one already.
pub fn wanted_back(
    wanted: Option<&str>,
    active: Option<&str>,
    listed: &[RecorderInfo],
) -> Option<String> {
    let wanted = wanted.filter(|w| Some(*w) != active)?;
    listed
        .iter()
        .any(|r| r.id == wanted)
        .then(|| wanted.to_string())
}

/// Sends the watch's events into the stream.
#[cfg_attr(
    not(any(target_os = "linux", target_os = "macos", windows)),
    allow(dead_code)
)]
struct Forward(mpsc::UnboundedSender<ProgressEvent>);

impl ProgressObserver for Forward {
    fn on_event(&mut self, event: &ProgressEvent) {
        let _ = self.0.unbounded_send(event.clone());
    }
}

/// The changes `source` shows, looked at every `interval`, while the stream lives. An empty
/// stream when the watch's thread cannot start (logged).
#[cfg_attr(
    not(any(target_os = "linux", target_os = "macos", windows)),
    allow(dead_code)
)]
pub fn watch<S: DriveSource + 'static>(
    source: S,
    interval: Duration,
) -> impl Stream<Item = ProgressEvent> {
    let (tx, rx) = mpsc::unbounded();
    let watch = DriveWatch::spawn(source, interval, vec![Box::new(Forward(tx))])
        .inspect_err(|e| tracing::warn!(%e, "cannot watch the drives"))
        .ok();
    // The stream owns the watch: dropping one stops the other.
    rx.map(move |event| {
        let _owned: &Option<DriveWatch> = &watch;
        event
    })
}

/// This system's drives (sysfs on Linux), at the core's interval.
#[cfg(target_os = "linux")]
pub fn system() -> impl Stream<Item = ProgressEvent> {
    watch(
        kiln_core::watch::sysfs::SysfsDrives::system(),
        kiln_core::watch::DEFAULT_INTERVAL,
    )
}

/// This system's drives (the I/O Registry on macOS), at the core's interval.
#[cfg(target_os = "macos")]
pub fn system() -> impl Stream<Item = ProgressEvent> {
    watch(
        kiln_core::watch::iokit::IoKitDrives::new(),
        kiln_core::watch::DEFAULT_INTERVAL,
    )
}

/// This system's drives (the optical drive letters on Windows), at the core's interval.
#[cfg(windows)]
pub fn system() -> impl Stream<Item = ProgressEvent> {
    watch(
        kiln_core::watch::windows::WindowsDrives::new(),
        kiln_core::watch::DEFAULT_INTERVAL,
    )
}

/// No drive watch on this system yet: drives are listed when Kiln starts.
#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
pub fn system() -> impl Stream<Item = ProgressEvent> {
    iced::futures::stream::empty()
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use iced::futures::executor::block_on_stream;
    use kiln_core::watch::{MediumState, WatchedDrive};

    use super::*;

    /// Drives listed from a shared list; every drive holds a disc.
    struct Listed(Arc<Mutex<Vec<&'static str>>>);

    impl DriveSource for Listed {
        fn drives(&mut self) -> Vec<WatchedDrive> {
            let ids = self.0.lock().unwrap_or_else(|p| p.into_inner());
            ids.iter()
                .map(|id| WatchedDrive {
                    id: (*id).into(),
                    path: (*id).into(),
                })
                .collect()
        }

        fn medium(&mut self, _: &WatchedDrive) -> Option<MediumState> {
            Some(MediumState {
                present: true,
                changed: false,
            })
        }
    }

    #[test]
    fn the_wanted_recorder_is_chosen_only_when_listed_and_not_chosen_already() {
        let info = |id: &str| RecorderInfo {
            id: id.into(),
            kind: kiln_core::RecorderKind::Drive,
            name: id.into(),
            formats: vec![kiln_core::Format::Data],
        };
        let listed = [info("image"), info("/dev/sr0")];
        let back = wanted_back(Some("/dev/sr0"), Some("image"), &listed);
        assert_eq!(back.as_deref(), Some("/dev/sr0"));
        assert_eq!(
            wanted_back(Some("/dev/sr0"), Some("/dev/sr0"), &listed),
            None
        );
        assert_eq!(wanted_back(Some("/dev/sr1"), Some("image"), &listed), None);
        assert_eq!(wanted_back(None, Some("image"), &listed), None);
    }

    #[test]
    fn the_watch_reports_arrivals_and_removals_through_the_stream() {
        let plugged = Arc::new(Mutex::new(vec!["/dev/sr0"]));
        let mut events = block_on_stream(watch(Listed(plugged.clone()), Duration::from_millis(5)));
        // Give the watch its first look (which reports nothing) before plugging.
        std::thread::sleep(Duration::from_millis(50));
        plugged.lock().unwrap().push("/dev/sr1");
        assert!(matches!(
            events.next(),
            Some(ProgressEvent::RecorderArrived { id }) if id == "/dev/sr1"
        ));
        plugged.lock().unwrap().retain(|id| *id != "/dev/sr0");
        assert!(matches!(
            events.next(),
            Some(ProgressEvent::RecorderRemoved { id }) if id == "/dev/sr0"
        ));
    }
}
