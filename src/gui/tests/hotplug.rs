//! Drive hot-plug in the recorder picker: the drive watch's events (the subscription's
//! message) make the window list the recorders again; the chosen one stays chosen while it is
//! there, and when it goes the window says so and falls back to the image file.

use std::sync::{Arc, Mutex};

use iced::{Point, Size};
use iced_test::{simulator, Simulator};
use kiln_core::mmc::burn::DriveRecorder;
use kiln_core::progress::ProgressEvent;
use kiln_core::recorder::{ImageFileRecorder, Recorder};
use kiln_core::transport::emulated::{EmulatedDrive, MediumKind};
use kiln_core::{DiscMaster, RecordOptions, RecorderInfo, RecorderKind};

use super::super::compose::Choice;
use super::*;

type Plugged = Arc<Mutex<Vec<&'static str>>>;

/// A window whose drives are the ids in `plugged` each time the core lists them: emulated
/// CD-R drives named "ACME <id>".
fn window(plugged: &Plugged) -> (Kiln, tempfile::TempDir) {
    window_with(plugged, Settings::with_locale("en"))
}

/// [`window`] with these settings.
fn window_with(plugged: &Plugged, settings: Settings) -> (Kiln, tempfile::TempDir) {
    let list = plugged.clone();
    let find = move || {
        list.lock()
            .unwrap()
            .iter()
            .map(|id| {
                let drive = Arc::new(Mutex::new(EmulatedDrive::new(MediumKind::CdR)));
                let info = RecorderInfo {
                    id: (*id).into(),
                    kind: RecorderKind::Drive,
                    name: format!("ACME {id}"),
                    formats: vec![Format::Data, Format::Audio],
                };
                Box::new(DriveRecorder::new(info, move |_: &RecordOptions| {
                    Ok(drive.clone())
                })) as Box<dyn Recorder>
            })
            .collect()
    };
    let mut master = DiscMaster::with_recorders(vec![Box::new(ImageFileRecorder)])
        .with_drive_finder(Box::new(find));
    master.open().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut k, effect) = Kiln::new(
        Arc::new(Mutex::new(master)),
        settings,
        dir.path().to_path_buf(),
    );
    settle(&mut k, effect);
    (k, dir)
}

/// What the subscription sends for `event`, and what it leads to.
fn watched(k: &mut Kiln, event: ProgressEvent) {
    let effect = k.update(Message::DrivesChanged(event));
    assert!(
        matches!(effect, Effect::Run(session::Job::Rescan { .. })),
        "no rescan: {effect:?}"
    );
    settle(k, effect);
}

fn chosen(k: &Kiln) -> Option<String> {
    k.compose.snapshot.recorder.as_ref().map(|r| r.id.clone())
}

fn listed(k: &Kiln) -> Vec<String> {
    let r = &k.compose.snapshot.recorders;
    r.iter().map(|r| r.id.clone()).collect()
}

/// Opens the recorder picker (right of its "Recorder" label) and clicks down its menu until an
/// entry selects the recorder `id`; `None` when no entry does. The picker and its menu draw their
/// text themselves, so the simulator cannot find them by it.
fn pick(k: &Kiln, id: &str) -> Option<Message> {
    let size = Size::new(1040.0, 720.0);
    let label = simulator(k.view()).find("Recorder").ok()?;
    let b = iced_test::selector::Bounded::visible_bounds(&label)?;
    // 8 px of spacing, then the 220-px picker, whose menu opens below it.
    let picker = Point::new(b.x + b.width + 8.0 + 110.0, b.center_y());
    (1..100).find_map(|step| {
        let mut ui: Simulator<'_, Message> =
            Simulator::with_size(Default::default(), size, k.view());
        ui.point_at(picker);
        let _ = ui.simulate(iced_test::simulator::click());
        // The menu selects the entry the cursor moved onto.
        let at = Point::new(picker.x, b.center_y() + 5.0 * step as f32);
        ui.point_at(at);
        let moved = iced::Event::Mouse(iced::mouse::Event::CursorMoved { position: at });
        let _ = ui.simulate([moved]);
        let _ = ui.simulate(iced_test::simulator::click());
        ui.into_messages().find(|m| {
            matches!(m, Message::Compose(compose::Message::SelectRecorder(Choice { value, .. })) if value == id)
        })
    })
}

fn run(k: &mut Kiln, messages: Vec<Message>) {
    for m in messages {
        let effect = k.update(m);
        settle(k, effect);
    }
}

#[test]
fn the_picker_follows_drives_that_come_and_go() {
    let plugged: Plugged = Arc::new(Mutex::new(vec!["/dev/sr0"]));
    let (mut k, _dir) = window(&plugged);
    assert_eq!(listed(&k), ["image", "/dev/sr0"]);
    // The user picks the drive in the picker.
    let choice = pick(&k, "/dev/sr0").expect("the drive is not in the picker");
    run(&mut k, vec![choice]);
    assert_eq!(chosen(&k).as_deref(), Some("/dev/sr0"));

    // A second drive is plugged in: it is offered, and the choice stays.
    plugged.lock().unwrap().push("/dev/sr1");
    watched(
        &mut k,
        ProgressEvent::RecorderArrived {
            id: "/dev/sr1".into(),
        },
    );
    assert_eq!(listed(&k), ["image", "/dev/sr0", "/dev/sr1"]);
    assert_eq!(chosen(&k).as_deref(), Some("/dev/sr0"));
    assert!(k.compose.errors.is_empty(), "{:?}", k.compose.errors);
    assert!(
        pick(&k, "/dev/sr1").is_some(),
        "the new drive is not in the picker"
    );

    // A disc goes in: the drive is asked again (its speeds), the choice stays.
    watched(
        &mut k,
        ProgressEvent::MediaChanged {
            id: "/dev/sr0".into(),
            present: true,
        },
    );
    assert_eq!(chosen(&k).as_deref(), Some("/dev/sr0"));
    assert!(k.compose.busy.is_none());

    // The chosen drive is unplugged: the window says so and falls back to the image file.
    plugged.lock().unwrap().retain(|id| *id != "/dev/sr0");
    watched(
        &mut k,
        ProgressEvent::RecorderRemoved {
            id: "/dev/sr0".into(),
        },
    );
    assert_eq!(listed(&k), ["image", "/dev/sr1"]);
    assert_eq!(chosen(&k).as_deref(), Some("image"));
    assert!(
        pick(&k, "/dev/sr0").is_none(),
        "the unplugged drive is still offered"
    );
    let notice = "The recorder “ACME /dev/sr0” is gone (unplugged or switched off): the image \
                  file is chosen instead. Choose another recorder before burning if you want one.";
    let mut ui = simulator(k.view());
    assert!(ui.find(notice).is_ok(), "no notice");
    // The fallback is not remembered as the user's choice.
    assert_eq!(k.settings.last_recorder.as_deref(), Some("/dev/sr0"));
    let italian = crate::i18n::Texts::new("it").localized(&k.compose.errors[0]);
    assert!(
        italian.contains("ACME /dev/sr0") && italian != notice,
        "{italian}"
    );
}

#[test]
fn a_change_during_a_job_is_listed_when_the_job_ends() {
    let plugged: Plugged = Arc::new(Mutex::new(Vec::new()));
    let (mut k, dir) = window(&plugged);
    let (_, big) = sources(dir.path());
    let adding = k.update(Message::FileDropped(big));
    assert!(matches!(adding, Effect::Run(session::Job::Add { .. })));
    plugged.lock().unwrap().push("/dev/sr3");
    let effect = k.update(Message::DrivesChanged(ProgressEvent::RecorderArrived {
        id: "/dev/sr3".into(),
    }));
    // Nothing runs beside the addition; the rescan follows it.
    assert!(matches!(effect, Effect::None));
    settle(&mut k, adding);
    assert_eq!(listed(&k), ["image", "/dev/sr3"]);
    assert!(!k.compose.rescan_pending);
    assert!(k.compose.busy.is_none());
}

#[test]
fn a_chosen_drive_that_comes_back_is_chosen_again() {
    let plugged: Plugged = Arc::new(Mutex::new(vec!["/dev/sr0", "/dev/sr1"]));
    let (mut k, _dir) = window(&plugged);
    let choice = pick(&k, "/dev/sr1").expect("the drive is not in the picker");
    run(&mut k, vec![choice]);
    assert_eq!(chosen(&k).as_deref(), Some("/dev/sr1"));
    plugged.lock().unwrap().retain(|id| *id != "/dev/sr1");
    let removed = ProgressEvent::RecorderRemoved {
        id: "/dev/sr1".into(),
    };
    watched(&mut k, removed);
    assert_eq!(chosen(&k).as_deref(), Some("image"));
    // Another drive coming or going does not bring it back: it is not there.
    watched(
        &mut k,
        ProgressEvent::MediaChanged {
            id: "/dev/sr0".into(),
            present: true,
        },
    );
    assert_eq!(chosen(&k).as_deref(), Some("image"));
    // Plugged in again (same id): chosen again, without a word about it being gone.
    plugged.lock().unwrap().push("/dev/sr1");
    watched(
        &mut k,
        ProgressEvent::RecorderArrived {
            id: "/dev/sr1".into(),
        },
    );
    assert_eq!(chosen(&k).as_deref(), Some("/dev/sr1"));
    assert!(k.compose.errors.is_empty(), "{:?}", k.compose.errors);
    assert_eq!(k.settings.last_recorder.as_deref(), Some("/dev/sr1"));

    // A recorder the user picks instead is not overridden when the old one comes back.
    let choice = pick(&k, "image").expect("no image recorder in the picker");
    run(&mut k, vec![choice]);
    plugged.lock().unwrap().retain(|id| *id != "/dev/sr1");
    watched(
        &mut k,
        ProgressEvent::RecorderRemoved {
            id: "/dev/sr1".into(),
        },
    );
    plugged.lock().unwrap().push("/dev/sr1");
    watched(
        &mut k,
        ProgressEvent::RecorderArrived {
            id: "/dev/sr1".into(),
        },
    );
    assert_eq!(chosen(&k).as_deref(), Some("image"));
}

#[test]
fn the_remembered_recorder_is_chosen_at_start_or_when_it_arrives() {
    let remembered = Settings {
        last_recorder: Some("/dev/sr2".into()),
        ..Settings::with_locale("en")
    };
    let plugged: Plugged = Arc::new(Mutex::new(vec!["/dev/sr0", "/dev/sr2"]));
    let (k, _started) = window_with(&plugged, remembered.clone());
    assert_eq!(chosen(&k).as_deref(), Some("/dev/sr2"));

    // Not plugged in at start: the image file stands in, and is not remembered over it.
    let plugged: Plugged = Arc::new(Mutex::new(vec!["/dev/sr0"]));
    let (mut k, _dir) = window_with(&plugged, remembered);
    assert_eq!(chosen(&k).as_deref(), Some("image"));
    assert_eq!(k.settings.last_recorder.as_deref(), Some("/dev/sr2"));
    plugged.lock().unwrap().push("/dev/sr2");
    watched(
        &mut k,
        ProgressEvent::RecorderArrived {
            id: "/dev/sr2".into(),
        },
    );
    assert_eq!(chosen(&k).as_deref(), Some("/dev/sr2"));
}
