//! The compilation screen's view: format tabs, recorder and medium pickers with the disc in the
//! drive, the add buttons and data tools, the list, the add progress, the capacity meter, the
//! errors, the burn options and the format-change question.

use iced::widget::{button, column, container, pick_list, row, space, text};
use iced::{Element, Length};
use kiln_core::{Format, MediumSize};

use super::super::disc_line;
use super::super::list;
use super::super::meter;
use super::super::widget;
use super::{format_key, medium_label, recorder_label, Busy, Choice, Compose, Message};
use crate::i18n::Texts;

impl Compose {
    /// The screen.
    pub fn view<'a>(&'a self, texts: &Texts) -> Element<'a, Message> {
        let format = self.snapshot.format;
        let idle = self.busy.is_none();
        let tab = |f: Format, key: &str| {
            let b = button(text(texts.text(key))).style(if f == format {
                button::primary
            } else {
                button::secondary
            });
            b.on_press_maybe(idle.then_some(Message::SelectFormat(f)))
        };
        let recorders: Vec<Choice<String>> = self
            .snapshot
            .recorders
            .iter()
            .map(|r| Choice {
                value: r.id.clone(),
                label: recorder_label(texts, r),
            })
            .collect();
        let recorder = self.snapshot.recorder.as_ref().map(|r| Choice {
            value: r.id.clone(),
            label: recorder_label(texts, r),
        });
        let mut media: Vec<Choice<Option<MediumSize>>> = Vec::new();
        if self.snapshot.recorder_medium != MediumSize::Unlimited {
            media.push(Choice {
                value: None,
                label: texts.text("gui-medium-recorder"),
            });
        }
        media.extend(meter::choices(format).into_iter().map(|m| Choice {
            value: Some(m),
            label: medium_label(texts, m),
        }));
        let medium = media.iter().find(|c| c.value == self.medium).cloned();
        let medium = medium.or_else(|| {
            let m = self.medium();
            media.iter().find(|c| c.value == Some(m)).cloned()
        });
        let top = row![
            tab(Format::Data, "gui-format-data"),
            tab(Format::Audio, "gui-format-audio"),
            space::horizontal(),
            text(texts.text("gui-recorder")),
            pick_list(recorders, recorder, Message::SelectRecorder).width(220),
            text(texts.text("gui-medium")),
            pick_list(media, medium, Message::SelectMedium).width(240),
        ]
        .spacing(8)
        .align_y(iced::Alignment::Center);

        let mut adds = row![
            button(text(texts.text("gui-add-files")))
                .on_press_maybe(idle.then_some(Message::PickFiles)),
            button(text(texts.text("gui-add-folder")))
                .on_press_maybe(idle.then_some(Message::PickFolder)),
        ];
        if format == Format::Data {
            adds = adds.extend(self.data_tools(texts, idle));
        }
        let adds = adds.push(
            button(text(texts.text("gui-clear")))
                .style(button::secondary)
                .on_press_maybe((idle && !self.snapshot.is_empty()).then_some(Message::ClearAll)),
        );
        let adds = adds
            .push(space::horizontal())
            .push(
                text(texts.get(
                    "gui-items",
                    &[("count", list::count(&self.snapshot.rows).into())],
                ))
                .size(14),
            )
            .spacing(8)
            .align_y(iced::Alignment::Center);

        let mut body = column![top].spacing(10);
        // What disc is in the chosen drive, under the picker.
        if let Some(line) = disc_line::line(texts, &self.disc) {
            body = body.push(row![space::horizontal(), text(line).size(13)]);
        }
        body = body.push(adds).push(list::view(
            texts,
            &self.snapshot.rows,
            &self.tracks,
            &self.entries,
            idle,
            self.list,
            list::Events {
                scrolled: Message::Scrolled,
                track: Message::Tracks,
                entry: Message::Entries,
            },
        ));
        if let Some(Busy::Adding { completed, .. }) = self.busy {
            // The core counts items as it finds them: there is no total to show before the end.
            body = body.push(
                row![
                    text(texts.get("gui-adding", &[("done", completed.into())])),
                    space::horizontal(),
                    button(text(texts.text("gui-cancel")))
                        .style(button::danger)
                        .on_press(Message::CancelAdd),
                ]
                .spacing(8)
                .align_y(iced::Alignment::Center),
            );
        }
        body = body.push(meter::view(
            texts,
            format,
            self.snapshot.used_blocks,
            self.medium().blocks(),
        ));
        body = body.push(self.options_view(texts));
        if !self.errors.is_empty() {
            body = body.push(widget::errors(texts, &self.errors, Message::DismissErrors));
        }
        body = body.push(
            row![
                button(text(texts.text("gui-open-project")))
                    .style(button::secondary)
                    .on_press_maybe(idle.then_some(Message::OpenProject)),
                button(text(texts.text("gui-save-project")))
                    .style(button::secondary)
                    .on_press_maybe(
                        (idle && !self.snapshot.is_empty()).then_some(Message::SaveProjectAs)
                    ),
                space::horizontal(),
                button(text(texts.text("gui-burn")).size(18))
                    .padding([8, 24])
                    .style(button::success)
                    .on_press_maybe(self.can_burn().then_some(Message::StartBurn)),
            ]
            .spacing(8)
            .align_y(iced::Alignment::Center),
        );
        let screen = container(body.padding(16))
            .width(Length::Fill)
            .height(Length::Fill);
        if self.confirm_open.is_some() {
            return widget::confirm(
                screen.into(),
                texts.text("gui-confirm-open"),
                texts.text("gui-confirm-open-yes"),
                texts.text("gui-keep"),
                Message::ConfirmOpen,
                Message::KeepCompilation,
            );
        }
        match self.confirm_format {
            Some(f) => widget::confirm(
                screen.into(),
                texts.get(
                    "gui-confirm-format",
                    &[("format", texts.text(format_key(f)).into())],
                ),
                texts.text("gui-confirm-format-yes"),
                texts.text("gui-keep"),
                Message::ConfirmFormat,
                Message::KeepFormat,
            ),
            None => screen.into(),
        }
    }
}
