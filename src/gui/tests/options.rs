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
