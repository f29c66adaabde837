//! The window's keyboard shortcuts, as messages: Ctrl+S saves the project (Ctrl+Shift+S asks
//! where), Ctrl+O opens one (Cmd on macOS: iced's "command" modifier); F2 renames the selected
//! data entry, Delete removes the selected entry or track, Alt+↑ / Alt+↓ move the selected
//! track. The root's subscription calls [`shortcut`] for every key press.

use iced::{event, keyboard};

use super::{compose, tracks, Message};

/// The message for a key press, if it is a shortcut. Keys a focused text field took (`status`
/// captured) are its own, except the command shortcuts, which no field uses.
pub fn shortcut(
    key: &keyboard::Key,
    modifiers: keyboard::Modifiers,
    status: event::Status,
) -> Option<Message> {
    use keyboard::key::Named;
    use keyboard::Key;
    let c = match key.as_ref() {
        Key::Character(c) if modifiers.command() && c.eq_ignore_ascii_case("s") => {
            Some(if modifiers.shift() {
                compose::Message::SaveProjectAs
            } else {
                compose::Message::SaveProject
            })
        }
        Key::Character(c) if modifiers.command() && c.eq_ignore_ascii_case("o") => {
            Some(compose::Message::OpenProject)
        }
        _ => None,
    };
    if let Some(c) = c {
        return Some(Message::Compose(c));
    }
    if status != event::Status::Ignored {
        return None;
    }
    let m = match key {
        Key::Named(Named::ArrowUp) if modifiers.alt() => {
            compose::Message::Tracks(tracks::Message::MoveSelected(-1))
        }
        Key::Named(Named::ArrowDown) if modifiers.alt() => {
            compose::Message::Tracks(tracks::Message::MoveSelected(1))
        }
        Key::Named(Named::Delete) => compose::Message::RemoveSelected,
        Key::Named(Named::F2) => compose::Message::RenameSelected,
        _ => return None,
    };
    Some(Message::Compose(m))
}

#[cfg(test)]
mod tests {
    use keyboard::key::Named;
    use keyboard::{Key, Modifiers};

    use super::*;

    fn press(key: Key, modifiers: Modifiers, status: event::Status) -> Option<Message> {
        shortcut(&key, modifiers, status)
    }

    #[test]
    fn command_keys_save_and_open_even_from_a_text_field() {
        let ctrl = Modifiers::COMMAND;
        let typing = event::Status::Captured;
        assert!(matches!(
            press(Key::Character("s".into()), ctrl, typing),
            Some(Message::Compose(compose::Message::SaveProject))
        ));
        assert!(matches!(
            press(Key::Character("S".into()), ctrl | Modifiers::SHIFT, typing),
            Some(Message::Compose(compose::Message::SaveProjectAs))
        ));
        assert!(matches!(
            press(Key::Character("o".into()), ctrl, event::Status::Ignored),
            Some(Message::Compose(compose::Message::OpenProject))
        ));
        assert!(press(Key::Character("s".into()), Modifiers::empty(), typing).is_none());
        // A text field's own keys stay its own.
        assert!(press(Key::Named(Named::Delete), Modifiers::empty(), typing).is_none());
        assert!(matches!(
            press(
                Key::Named(Named::F2),
                Modifiers::empty(),
                event::Status::Ignored
            ),
            Some(Message::Compose(compose::Message::RenameSelected))
        ));
    }
}
