//! The compilation screen's burn options (label, simulate, verify, speed, leave open, eject,
//! where the file goes, the album's CD-TEXT) and the data disc's "New folder" and the folder additions go into.
//! Split from `compose.rs` by concern: these only read the state and build widgets.

use iced::widget::{button, checkbox, column, pick_list, row, text, text_input};
use iced::{Element, Length};
use kiln_core::Format;

use super::super::entries;
use super::super::tracks;
use super::{data_rows, speed_label, Choice, Compose, Message};
use crate::i18n::Texts;

impl Compose {
    /// "New folder" and the folder additions and new folders go into (the selected one).
    pub(super) fn data_tools<'a>(&'a self, texts: &Texts, idle: bool) -> Vec<Element<'a, Message>> {
        let into = self
            .entries
            .target_folder(data_rows(&self.snapshot))
            .map_or_else(|| texts.text("gui-into-root"), |f| format!("{f}/"));
        vec![
            button(text(texts.text("gui-new-folder")))
                .style(button::secondary)
                .on_press_maybe(idle.then(|| {
                    Message::Entries(entries::Message::NewFolder(
                        texts.text("gui-new-folder-name"),
                    ))
                }))
                .into(),
            text(texts.get("gui-adding-into", &[("folder", into.into())]))
                .size(14)
                .into(),
        ]
    }

    /// The speeds the recorder offers, "40× (7,056 kB/s)", after its fastest.
    fn speed_list<'a>(&'a self, texts: &Texts) -> Element<'a, Message> {
        let mut choices = vec![Choice {
            value: None,
            label: texts.text("gui-speed-max"),
        }];
        choices.extend(self.speeds.iter().map(|&s| Choice {
            value: Some(s.kbps),
            label: speed_label(texts, s),
        }));
        let chosen = choices
            .iter()
            .find(|c| c.value == self.options.speed)
            .cloned();
        pick_list(choices, chosen, Message::SelectSpeed)
            .width(170)
            .into()
    }

    pub(super) fn options_view<'a>(&'a self, texts: &Texts) -> Element<'a, Message> {
        let audio = self.snapshot.format == Format::Audio;
        let mut options = row![].spacing(12).align_y(iced::Alignment::Center);
        if !audio {
            // The label can change at any time: the core applies it without touching what is
            // staged (it goes with the next addition and with the burn).
            options = options.push(text(texts.text("gui-label"))).push(
                text_input("KILN", &self.options.label)
                    .id("label")
                    .on_input(Message::EditLabel)
                    .width(180),
            );
        }
        options = options.push(
            checkbox(self.options.simulate)
                .label(texts.text("gui-simulate"))
                .on_toggle(Message::ToggleSimulate),
        );
        // Verify, multisession and eject are about discs, real or virtual.
        if !self.writes_image() {
            options = options.push(
                checkbox(self.options.verify)
                    .label(texts.text("gui-verify"))
                    .on_toggle(Message::ToggleVerify),
            );
            if !self.speeds.is_empty() {
                options = options
                    .push(text(texts.text("gui-speed")))
                    .push(self.speed_list(texts));
            }
            if !audio {
                options = options.push(
                    checkbox(self.options.multisession)
                        .label(texts.text("gui-multisession"))
                        .on_toggle(Message::ToggleMultisession),
                );
            }
            options = options.push(
                checkbox(self.options.eject)
                    .label(texts.text("gui-eject"))
                    .on_toggle(Message::ToggleEject),
            );
        }
        let mut col = column![].spacing(8);
        if audio {
            // The disc's CD-TEXT; the tracks' is edited on their rows.
            let idle = self.busy.is_none();
            let field = |id: &'static str,
                         placeholder: String,
                         value: &'a str,
                         edit: fn(String) -> tracks::Message| {
                text_input(&placeholder, value)
                    .id(id)
                    .on_input_maybe(idle.then_some(move |s| Message::Tracks(edit(s))))
                    .on_submit_maybe(idle.then_some(Message::Tracks(tracks::Message::Commit)))
                    .width(Length::FillPortion(1))
            };
            col = col.push(
                row![
                    text(texts.text("gui-album-title")),
                    field(
                        "album-title",
                        texts.text("gui-album-title-hint"),
                        &self.tracks.disc.title,
                        tracks::Message::EditAlbumTitle
                    ),
                    text(texts.text("gui-album-performer")),
                    field(
                        "album-performer",
                        texts.text("gui-performer-hint"),
                        &self.tracks.disc.performer,
                        tracks::Message::EditAlbumPerformer
                    ),
                ]
                .spacing(8)
                .align_y(iced::Alignment::Center),
            );
        }
        // Wrapped: with a drive's options the row is wider than a small window.
        col = col.push(options.wrap().vertical_spacing(8));
        if self.saves_file() {
            col = col.push(
                row![
                    text(texts.text(if self.writes_image() {
                        "gui-image-path"
                    } else {
                        "gui-virtual-path"
                    })),
                    text_input("", &self.options.image_path).on_input(Message::EditImagePath),
                    button(text(texts.text("gui-choose"))).on_press(Message::PickImagePath),
                ]
                .spacing(8)
                .align_y(iced::Alignment::Center),
            );
        }
        col.into()
    }
}
