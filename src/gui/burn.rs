//! The progress screen of a burn: the phase the core reports (preparing, writing, closing), a
//! progress bar, elapsed and remaining time, and a cancel button that asks first.

use std::time::{Duration, Instant};

use iced::widget::{button, center, column, progress_bar, row, space, text};
use iced::{Element, Length};
use kiln_core::progress::ProgressEvent;
use kiln_core::Format;

use super::widget;
use crate::i18n::Texts;

/// Where the burn is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Before the first block.
    Preparing,
    /// Writing blocks.
    Writing,
    /// Closing the disc or the image.
    Closing,
}

/// The progress screen's state.
#[derive(Debug, Clone)]
pub struct Burn {
    /// Data or audio.
    pub format: Format,
    /// The phase.
    pub phase: Phase,
    /// Blocks written.
    pub completed: u64,
    /// Blocks to write.
    pub total: u64,
    /// Tracks done and to do (audio).
    pub tracks: Option<(u32, u32)>,
    started: Instant,
    now: Instant,
    /// The cancel question is shown.
    pub confirm_cancel: bool,
    /// Cancel was asked; waiting for the core to stop.
    pub cancelling: bool,
    simulate: bool,
}

/// What the user or the burn did.
#[derive(Debug, Clone)]
pub enum Message {
    /// Ask to cancel.
    Cancel,
    /// Cancel for sure.
    ConfirmCancel,
    /// Do not cancel.
    KeepBurning,
    /// The clock moved.
    Ticked(Instant),
    /// The core reported progress.
    Progressed(ProgressEvent),
}

/// What the root must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Nothing.
    None,
    /// Set the burn's cancel flag.
    Cancel,
}

impl Burn {
    /// A burn that starts now.
    pub fn new(format: Format, simulate: bool) -> Burn {
        let now = Instant::now();
        Burn {
            format,
            phase: Phase::Preparing,
            completed: 0,
            total: 0,
            tracks: None,
            started: now,
            now,
            confirm_cancel: false,
            cancelling: false,
            simulate,
        }
    }

    /// Done so far, 0 to 1.
    pub fn fraction(&self) -> f32 {
        if self.total == 0 {
            0.0
        } else {
            (self.completed as f64 / self.total as f64).min(1.0) as f32
        }
    }

    /// Time since the start.
    pub fn elapsed(&self) -> Duration {
        self.now.saturating_duration_since(self.started)
    }

    /// Time left at the rate so far, once there is a rate.
    pub fn remaining(&self) -> Option<Duration> {
        if self.completed == 0 || self.total == 0 || self.completed >= self.total {
            return None;
        }
        let per_block = self.elapsed().as_secs_f64() / self.completed as f64;
        Some(Duration::from_secs_f64(
            per_block * (self.total - self.completed) as f64,
        ))
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Cancel if !self.cancelling => {
                self.confirm_cancel = true;
                Action::None
            }
            Message::Cancel => Action::None,
            Message::ConfirmCancel => {
                self.confirm_cancel = false;
                self.cancelling = true;
                Action::Cancel
            }
            Message::KeepBurning => {
                self.confirm_cancel = false;
                Action::None
            }
            Message::Ticked(now) => {
                self.now = now;
                Action::None
            }
            Message::Progressed(event) => {
                match event {
                    ProgressEvent::PreparingBurn { .. } => self.phase = Phase::Preparing,
                    ProgressEvent::BlockProgress { completed, total } => {
                        self.phase = Phase::Writing;
                        self.completed = completed;
                        self.total = total;
                    }
                    ProgressEvent::TrackProgress { completed, total } => {
                        self.tracks = Some((completed, total));
                    }
                    ProgressEvent::ClosingDisc { .. } => {
                        self.phase = Phase::Closing;
                        self.completed = self.total;
                    }
                    _ => {}
                }
                self.now = Instant::now().max(self.now);
                Action::None
            }
        }
    }

    /// The screen.
    pub fn view<'a>(&'a self, texts: &Texts) -> Element<'a, Message> {
        let phase = match (self.phase, self.simulate) {
            (_, _) if self.cancelling => texts.text("gui-phase-cancelling"),
            (Phase::Preparing, _) => texts.text("gui-phase-preparing"),
            (Phase::Writing, false) => texts.text("gui-phase-writing"),
            (Phase::Writing, true) => texts.text("gui-phase-simulating"),
            (Phase::Closing, _) => texts.text("gui-phase-closing"),
        };
        let percent = (self.fraction() * 100.0).floor() as u32;
        let mut col = column![
            text(phase).size(24),
            progress_bar(0.0..=1.0, self.fraction()).girth(18),
            row![
                text(texts.get("gui-percent", &[("percent", percent.into())])),
                space::horizontal(),
                text(texts.get("gui-elapsed", &[("time", clock(self.elapsed()).into())])),
                text(match self.remaining() {
                    Some(r) => texts.get("gui-remaining", &[("time", clock(r).into())]),
                    None => String::new(),
                }),
            ]
            .spacing(16),
        ]
        .spacing(12)
        .max_width(640);
        if let (Format::Audio, Some((done, total))) = (self.format, self.tracks) {
            col = col.push(text(texts.get(
                "gui-tracks-done",
                &[("done", done.into()), ("total", total.into())],
            )));
        }
        col = col.push(row![
            space::horizontal(),
            button(text(texts.text("gui-cancel")))
                .style(button::danger)
                .on_press_maybe((!self.cancelling).then_some(Message::Cancel)),
        ]);
        let screen: Element<'a, Message> = center(col.padding(24)).width(Length::Fill).into();
        if self.confirm_cancel {
            widget::confirm(
                screen,
                texts.text("gui-confirm-cancel"),
                texts.text("gui-confirm-cancel-yes"),
                texts.text("gui-keep-burning"),
                Message::ConfirmCancel,
                Message::KeepBurning,
            )
        } else {
            screen
        }
    }
}

/// `h:mm:ss` or `m:ss`.
pub fn clock(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_phases_and_asks_before_cancelling() {
        let mut b = Burn::new(Format::Data, false);
        b.update(Message::Progressed(ProgressEvent::BlockProgress {
            completed: 50,
            total: 200,
        }));
        assert_eq!(b.phase, Phase::Writing);
        assert_eq!(b.fraction(), 0.25);
        assert_eq!(b.update(Message::Cancel), Action::None);
        assert!(b.confirm_cancel);
        assert_eq!(b.update(Message::KeepBurning), Action::None);
        b.update(Message::Cancel);
        assert_eq!(b.update(Message::ConfirmCancel), Action::Cancel);
        assert!(b.cancelling);
        assert_eq!(clock(Duration::from_secs(3725)), "1:02:05");
        assert_eq!(clock(Duration::from_secs(65)), "1:05");
    }
}
