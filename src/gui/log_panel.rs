//! The collapsible log panel under every screen: the core's naming notes for what is staged (in
//! the user's language) and the session's log lines (see [`super::logbook`]), warnings first in
//! colour. Closed, it is one button in the header with the count of warnings.

use iced::widget::{column, container, scrollable, text};
use iced::{Element, Length};
use kiln_core::Localized;
use tracing::Level;

use super::logbook::{LogBook, LogLine, KEPT};
use crate::i18n::Texts;

/// Height of the open panel in pixels.
const HEIGHT: f32 = 170.0;

/// The panel's state.
#[derive(Debug, Clone, Default)]
pub struct LogPanel {
    /// Shown or not.
    pub open: bool,
    /// The lines taken so far (the last [`KEPT`]).
    pub lines: Vec<LogLine>,
}

impl LogPanel {
    /// Takes the lines of `book` not seen yet.
    pub fn pull(&mut self, book: &LogBook) {
        let seen = self.lines.last().map_or(0, |l| l.seq);
        let new = book.since(seen);
        if new.is_empty() {
            return;
        }
        self.lines.extend(new);
        let excess = self.lines.len().saturating_sub(KEPT);
        self.lines.drain(..excess);
    }

    /// Warnings and errors taken so far.
    pub fn warnings(&self) -> usize {
        self.lines.iter().filter(|l| l.level <= Level::WARN).count()
    }

    /// The open panel: `notes` are the first of the staging's `note_count` naming notes.
    pub fn view<'a, M: 'a>(
        &'a self,
        texts: &Texts,
        notes: &[Localized],
        note_count: usize,
    ) -> Element<'a, M> {
        let mut col = column![].spacing(2);
        if note_count > 0 {
            col = col.push(
                text(texts.get("gui-log-notes", &[("count", note_count.into())]))
                    .size(14)
                    .style(text::warning),
            );
            for n in notes {
                col = col.push(text(format!("  {}", texts.localized(n))).size(13));
            }
            if note_count > notes.len() {
                col = col.push(
                    text(texts.get(
                        "gui-notes-more",
                        &[("count", (note_count - notes.len()).into())],
                    ))
                    .size(13),
                );
            }
        }
        if self.lines.is_empty() && note_count == 0 {
            col = col.push(text(texts.text("gui-log-empty")).size(13));
        }
        for l in &self.lines {
            let key = match l.level {
                Level::ERROR => "gui-log-error",
                Level::WARN => "gui-log-warning",
                _ => "gui-log-info",
            };
            let line = text(texts.get(key, &[("text", l.text.clone().into())])).size(13);
            col = col.push(if l.level <= Level::WARN {
                line.style(text::warning)
            } else {
                line
            });
        }
        container(
            scrollable(col.padding([4, 8]))
                .anchor_bottom()
                .width(Length::Fill)
                .height(Length::Fill),
        )
        .height(HEIGHT)
        .style(container::bordered_box)
        .into()
    }
}
