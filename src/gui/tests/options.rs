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
