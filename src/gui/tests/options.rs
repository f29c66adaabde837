//! Burn options that belong to discs: verify after burn and "leave the disc open" go to the
//! core's `RecordOptions` and the virtual recorder records, reads back and reports them.

use iced_test::simulator;

use super::*;

#[test]
fn a_virtual_disc_is_verified_by_the_core_and_can_be_left_open() {
    let (mut k, dir) = kiln("en");
    let (pics, big) = sources(dir.path());
    drop_file(&mut k, &pics);
    drop_file(&mut k, &big);
    {
        // An image file is not read back: no disc options.
        let mut ui = simulator(k.view());
        assert!(ui.find("Verify after burning").is_err());
        assert!(ui.find("Leave the disc open").is_err());
    }
    let choice = |id: &str| compose::Choice {
        value: id.to_string(),
        label: id.to_string(),
    };
    send(
        &mut k,
        compose::Message::SelectRecorder(choice("virtual-cd-r")),
    );
    assert_eq!(
        k.compose.snapshot.recorder.as_ref().map(|r| r.id.as_str()),
        Some("virtual-cd-r")
    );
    // Under the picker: what disc is in it, as the core describes it (a fresh blank CD-R).
    {
        let mut ui = simulator(k.view());
        let line = "CD-R · blank · 737.0 MB free · writes at 52×, 48×, 40×, 32×, 24×, 16×";
        assert!(ui.find(line).is_ok(), "{:?}", k.compose.disc);
    }
    // The virtual CD-R's drive offers its speeds; pick one from the list.
    let kbps: Vec<u32> = k.compose.speeds.iter().map(|s| s.kbps).collect();
    assert_eq!(kbps, [9173, 8467, 7056, 5645, 4234, 2822]);
    // (iced_test cannot open a pick list: the choice is sent as the list sends it.)
    let third = k.compose.speeds[4];
    assert_eq!(compose::speed_label(&k.texts, third), "24× (4234 kB/s)");
    let italian = crate::i18n::Texts::new("it");
    let dvd = kiln_core::WriteSpeed {
        kbps: 3324,
        x: 3324.0 / 1385.0,
    };
    assert_eq!(compose::speed_label(&italian, dvd), "2,4× (3324 kB/s)");
    let label = compose::speed_label(&k.texts, third);
    send(
        &mut k,
        compose::Message::SelectSpeed(compose::Choice {
            value: Some(third.kbps),
            label,
        }),
    );
    let messages: Vec<Message> = {
        let mut ui = simulator(k.view());
        assert!(ui.find("Verify after burning").is_ok());
        ui.click("Leave the disc open").unwrap();
        ui.into_messages().collect()
    };
    for m in messages {
        let _ = k.update(m);
    }
    assert!(k.compose.options.multisession && k.compose.options.verify);
    let saved = dir.path().join("virtual.iso");
    send(
        &mut k,
        compose::Message::EditImagePath(saved.display().to_string()),
    );
    let effect = k.update(Message::Compose(compose::Message::StartBurn));
    let Effect::Run(session::Job::Burn(request)) = &effect else {
        panic!("no burn")
    };
    assert!(request.options.verify && request.options.multisession);
    assert_eq!(request.options.speed, Some(third.x));
    assert!((third.x - 24.0).abs() < 0.01);
    assert_eq!(request.options.image_path.as_deref(), Some(saved.as_path()));
    settle(&mut k, effect);
    let Screen::Finished(outcome) = &k.screen else {
        panic!("no result screen")
    };
    assert_eq!(outcome.summary.error, None);
    assert!(outcome.summary.verified && outcome.summary.left_open);
    let mut ui = simulator(k.view());
    assert!(ui
        .find("Verified: the disc reads back exactly as it was sent.")
        .is_ok());
    assert!(ui
        .find("The disc was left open: it can take more sessions.")
        .is_ok());
    assert!(saved.exists());
}

/// A data disc left open by an earlier burn: the window's burn imports its last session under
/// the new files, so the new session keeps the old files, and the result says so.
#[test]
fn a_data_disc_left_open_gets_a_new_session_on_top() {
    use std::sync::atomic::AtomicBool;

    use kiln_core::mmc::burn::DriveRecorder;
    use kiln_core::transport::emulated::{EmulatedDrive, MediumKind};
    use kiln_core::{DiscMaster, RecordOptions, RecorderInfo, RecorderKind};

    let dir = tempfile::tempdir().unwrap();
    let backing = dir.path().join("disc");
    let drive = Arc::new(Mutex::new(
        EmulatedDrive::new(MediumKind::DvdPlusR)
            .with_backing_file(&backing)
            .unwrap(),
    ));
    let shared = drive.clone();
    let info = RecorderInfo {
        id: "emu".into(),
        kind: RecorderKind::Emulated,
        name: "Test drive".into(),
        formats: vec![Format::Data],
    };
    let recorder = DriveRecorder::new(info, move |_: &RecordOptions| Ok(shared.clone()))
        .with_poll_interval(std::time::Duration::from_millis(1));
    let mut master = DiscMaster::with_recorders(vec![Box::new(recorder)]);
    master.open().unwrap();
    let master = Arc::new(Mutex::new(master));
    let open = std::collections::BTreeSet::new();
    let run = |job| {
        session::execute(
            &master,
            job,
            &open,
            Arc::new(AtomicBool::new(false)),
            |_| {},
        )
    };
    let (one, two) = (dir.path().join("one.txt"), dir.path().join("two.txt"));
    std::fs::write(&one, b"first session\n").unwrap();
    std::fs::write(&two, b"second session\n").unwrap();
    run(session::Job::SetFormat {
        format: Format::Data,
        recorder: Some("emu".into()),
    });
    let burn = |path: &Path| {
        run(session::Job::Add {
            paths: vec![path.to_path_buf()],
            label: "KILN".into(),
            into: None,
        });
        run(session::Job::Burn(session::BurnRequest {
            options: RecordOptions {
                multisession: true,
                ..RecordOptions::default()
            },
            audio: None,
            label: None,
        }))
        .burned
        .unwrap()
    };
    let first = burn(&one);
    assert_eq!((first.error.clone(), first.appended_at), (None, None));
    let second = burn(&two);
    assert_eq!(second.error, None);
    let nwa = drive.lock().unwrap().medium().unwrap().tracks[1].start;
    assert_eq!(second.appended_at, Some(u64::from(nwa)));
    let bytes = std::fs::read(&backing).unwrap();
    let listing = kiln_core::inspect::list_session(
        std::io::Cursor::new(&bytes),
        bytes.len() as u64,
        u64::from(nwa),
    )
    .unwrap();
    let names: Vec<&str> = listing.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["one.txt", "two.txt"]);
    let texts = crate::i18n::Texts::new("en");
    let line = texts.get("gui-appended", &[("block", u64::from(nwa).into())]);
    assert!(line.contains(&nwa.to_string()), "{line}");
}

#[test]
fn the_label_typed_after_staging_is_the_volume_label_of_the_burned_image() {
    let (mut k, dir) = kiln("en");
    let (pics, _) = sources(dir.path());
    drop_file(&mut k, &pics);
    let used = k.compose.snapshot.used_blocks;
    // Typed into the field with something staged: nothing staged is lost.
    let messages = {
        let mut ui = simulator(k.view());
        ui.click(iced::widget::Id::from("label")).unwrap();
        ui.typewrite(" 2026");
        ui.into_messages().collect::<Vec<_>>()
    };
    for m in messages {
        let effect = k.update(m);
        settle(&mut k, effect);
    }
    assert_eq!(k.compose.options.label, "KILN 2026");
    assert_eq!(k.compose.snapshot.used_blocks, used);
    let iso = dir.path().join("labelled.iso");
    send(
        &mut k,
        compose::Message::EditImagePath(iso.display().to_string()),
    );
    send(&mut k, compose::Message::StartBurn);
    let Screen::Finished(outcome) = &k.screen else {
        panic!("no result screen")
    };
    assert_eq!(outcome.summary.error, None);
    let bytes = std::fs::read(&iso).unwrap();
    assert_eq!(bytes.len() as u64, used * 2048);
    // The primary volume descriptor's volume identifier, in ISO 9660 d-characters.
    assert_eq!(&bytes[16 * 2048 + 40..16 * 2048 + 49], b"KILN_2026");
}
