//! The result screen: what the burn did (written, simulated, cancelled or failed with the core's
//! words), the verification, and the way back to a new compilation.

use iced::widget::{button, center, column, text};
use iced::{Element, Length};

use super::meter;
use super::session::BurnSummary;
use crate::i18n::Texts;

/// The result screen's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// What the burn did.
    pub summary: BurnSummary,
}

/// What the user did.
#[derive(Debug, Clone)]
pub enum Message {
    /// Back to the compilation.
    Close,
}

/// What the root must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Show the compilation again.
    Close,
}

impl Outcome {
    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Close => Action::Close,
        }
    }

    /// The headline's catalogue key.
    pub fn headline_key(&self) -> &'static str {
        let s = &self.summary;
        match (&s.error, s.cancelled, s.simulated) {
            (_, true, _) => "gui-result-cancelled",
            (Some(_), _, _) => "gui-result-failed",
            (None, _, true) => "gui-result-simulated",
            (None, _, false) => "gui-result-done",
        }
    }

    /// The screen.
    pub fn view<'a>(&'a self, texts: &Texts) -> Element<'a, Message> {
        let s = &self.summary;
        let headline = text(texts.text(self.headline_key())).size(26);
        let headline = match (&s.error, s.cancelled) {
            (Some(_), false) => headline.style(text::danger),
            (None, false) => headline.style(text::success),
            _ => headline,
        };
        let mut col = column![headline].spacing(12).max_width(640);
        match &s.error {
            Some(e) if !s.cancelled => col = col.push(text(texts.localized(e))),
            Some(_) => col = col.push(text(texts.text("gui-result-nothing-written"))),
            None => {
                col = col.push(text(texts.get(
                    "gui-result-size",
                    &[("size", meter::size(s.blocks * s.block_bytes).into())],
                )));
                if let (Some(p), false) = (&s.path, s.simulated) {
                    col = col.push(text(texts.get(
                        "gui-result-path",
                        &[("path", p.display().to_string().into())],
                    )));
                }
            }
        }
        if s.verified {
            col = col.push(text(texts.text("gui-verified")).style(text::success));
        }
        if let Some(block) = s.appended_at {
            col = col.push(text(texts.get("gui-appended", &[("block", block.into())])));
        }
        if s.left_open {
            col = col.push(text(texts.text("gui-left-open")));
        }
        col = col.push(button(text(texts.text("gui-new-disc"))).on_press(Message::Close));
        center(col.padding(24)).width(Length::Fill).into()
    }
}
