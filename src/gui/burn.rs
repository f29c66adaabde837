//! The progress screen of a burn: the phase the core reports (preparing, writing track n of N,
//! closing the disc with its own estimate, verifying), a progress bar, the speed and the fill of
//! Kiln's and the drive's buffers while a drive writes, elapsed and remaining time, and a cancel
//! button that asks first.

use std::time::{Duration, Instant};

use iced::widget::{button, center, column, progress_bar, row, space, text};
use iced::{Element, Length};
use kiln_core::progress::{ProgressEvent, WriteStatus};
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
    /// Reading the disc back to compare it with what was sent.
    Verifying,
}

/// The progress screen's state.
#[derive(Debug, Clone)]
pub struct Burn {
    /// Data or audio.
    pub format: Format,
    /// The phase.
    pub phase: Phase,
    /// Blocks written (read back, while verifying).
    pub completed: u64,
    /// Blocks to write (to read back, while verifying).
    pub total: u64,
    /// Tracks done and to do (audio).
    pub tracks: Option<(u32, u32)>,
    /// How the drive is fed (drives only; cleared when writing ends).
    pub status: Option<WriteStatus>,
    /// When closing began and the core's estimate of its length in seconds.
    closing: Option<(Instant, u32)>,
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
            status: None,
            closing: None,
            started: now,
            now,
            confirm_cancel: false,
            cancelling: false,
            simulate,
        }
    }

    /// Done so far, 0 to 1: blocks written, then the closing estimate's share (never full before
    /// the core says it is done), then blocks read back.
    pub fn fraction(&self) -> f32 {
        if self.phase == Phase::Closing {
            return match self.closing {
                Some((since, estimate)) if estimate > 0 => {
                    let spent = self.now.saturating_duration_since(since).as_secs_f64();
                    (spent / f64::from(estimate)).min(0.99) as f32
                }
                _ => 0.0,
            };
        }
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

    /// Time left in the current phase: the core's estimate while a drive writes, the closing
    /// estimate while closing, else the rate so far.
    pub fn remaining(&self) -> Option<Duration> {
        match self.phase {
            Phase::Writing => {
                if let Some(left) = self.status.and_then(|s| s.remaining_seconds) {
                    return Some(Duration::from_secs(left));
                }
            }
            Phase::Closing => {
                let (since, estimate) = self.closing?;
                let spent = self.now.saturating_duration_since(since);
                return Some(Duration::from_secs(u64::from(estimate)).saturating_sub(spent));
            }
            _ => {}
        }
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
                self.now = Instant::now().max(self.now);
                match event {
                    ProgressEvent::PreparingBurn { .. } => self.phase = Phase::Preparing,
                    ProgressEvent::BlockProgress { completed, total } => {
                        if self.phase != Phase::Verifying {
                            self.phase = Phase::Writing;
                        }
                        self.completed = completed;
                        self.total = total;
                    }
                    ProgressEvent::TrackProgress { completed, total } => {
                        self.tracks = Some((completed, total));
                    }
                    ProgressEvent::Writing(status) => {
                        self.phase = Phase::Writing;
                        self.status = Some(status);
                    }
                    ProgressEvent::ClosingDisc { estimated_seconds } => {
                        self.phase = Phase::Closing;
                        self.completed = self.total;
                        self.status = None;
                        self.closing = Some((self.now, estimated_seconds));
                    }
                    ProgressEvent::Verifying { blocks } => {
                        self.phase = Phase::Verifying;
                        self.completed = 0;
                        self.total = blocks;
                        self.status = None;
                        // The rate of writing says nothing about reading: measure afresh.
                        self.started = self.now;
                    }
                    _ => {}
                }
                Action::None
            }
        }
    }

    /// The phase as a headline.
    fn headline(&self, texts: &Texts) -> String {
        match (self.phase, self.simulate) {
            _ if self.cancelling => texts.text("gui-phase-cancelling"),
            (Phase::Preparing, _) => texts.text("gui-phase-preparing"),
            (Phase::Writing, true) => texts.text("gui-phase-simulating"),
            (Phase::Writing, false) => match (self.format, self.tracks) {
                (Format::Audio, Some((done, total))) if done < total => texts.get(
                    "gui-phase-writing-track",
                    &[("track", (done + 1).into()), ("total", total.into())],
                ),
                _ => texts.text("gui-phase-writing"),
            },
            (Phase::Closing, _) => match self.closing {
                Some((_, estimate)) if estimate > 0 => texts.get(
                    "gui-phase-closing-estimate",
                    &[("seconds", estimate.into())],
                ),
                _ => texts.text("gui-phase-closing"),
            },
            (Phase::Verifying, _) => texts.text("gui-phase-verifying"),
        }
    }

    /// The speed and the two buffers, while a drive writes.
    fn drive_view<'a>(texts: &Texts, status: &WriteStatus) -> Element<'a, Message> {
        let percent = |f: f64| {
            texts.get(
                "gui-percent",
                &[("percent", ((f * 100.0).round() as u32).into())],
            )
        };
        let speed = match status.speed_x {
            Some(x) => texts.get(
                "gui-speed-now",
                &[("speed", ((x * 10.0).round() / 10.0).into())],
            ),
            None => texts.get("gui-speed-now", &[("speed", "…".into())]),
        };
        let buffer = |label: String, fill: Option<f64>| {
            let value = match fill {
                Some(f) => percent(f),
                None => texts.text("gui-buffer-unknown"),
            };
            column![
                row![text(label), space::horizontal(), text(value)],
                progress_bar(0.0..=1.0, fill.unwrap_or(0.0) as f32).girth(8),
            ]
            .spacing(4)
            .width(Length::FillPortion(1))
        };
        column![
            text(speed),
            row![
                buffer(texts.text("gui-host-buffer"), Some(status.host_buffer)),
                buffer(texts.text("gui-drive-buffer"), status.drive_buffer),
            ]
            .spacing(24),
        ]
        .spacing(8)
        .into()
    }

    /// The screen.
    pub fn view<'a>(&'a self, texts: &Texts) -> Element<'a, Message> {
        let percent = (self.fraction() * 100.0).floor() as u32;
        let mut col = column![
            text(self.headline(texts)).size(24),
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
        if let Some(status) = &self.status {
            col = col.push(Self::drive_view(texts, status));
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

    fn progressed(b: &mut Burn, e: ProgressEvent) {
        b.update(Message::Progressed(e));
    }

    fn status(elapsed: u64, remaining: Option<u64>) -> WriteStatus {
        WriteStatus {
            host_buffer: 0.9,
            drive_buffer: Some(0.75),
            speed_x: Some(15.96),
            elapsed_seconds: elapsed,
            remaining_seconds: remaining,
        }
    }

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

    #[test]
    fn writing_closing_and_verifying_each_have_their_bar_and_estimate() {
        let texts = Texts::new("en");
        let mut b = Burn::new(Format::Data, false);
        let t0 = b.started;
        progressed(
            &mut b,
            ProgressEvent::PreparingBurn {
                estimated_seconds: 3,
            },
        );
        assert_eq!(b.headline(&texts), "Preparing…");
        b.update(Message::Ticked(t0 + Duration::from_secs(60)));
        progressed(
            &mut b,
            ProgressEvent::BlockProgress {
                completed: 1000,
                total: 4000,
            },
        );
        progressed(&mut b, ProgressEvent::Writing(status(58, Some(170))));
        assert_eq!(b.phase, Phase::Writing);
        // The drive's estimate, not the rate since the start.
        assert_eq!(b.remaining(), Some(Duration::from_secs(170)));
        assert_eq!(b.fraction(), 0.25);

        progressed(
            &mut b,
            ProgressEvent::ClosingDisc {
                estimated_seconds: 40,
            },
        );
        assert_eq!(b.phase, Phase::Closing);
        assert!(b.status.is_none(), "the drive figures were about writing");
        assert_eq!(b.headline(&texts), "Closing the disc (about 40 s)…");
        assert_eq!(b.fraction(), 0.0);
        b.update(Message::Ticked(t0 + Duration::from_secs(70)));
        assert_eq!(b.fraction(), 0.25);
        assert_eq!(b.remaining(), Some(Duration::from_secs(30)));
        // Never full before the core says closing is over.
        b.update(Message::Ticked(t0 + Duration::from_secs(200)));
        assert_eq!(b.fraction(), 0.99);
        assert_eq!(b.remaining(), Some(Duration::ZERO));

        progressed(&mut b, ProgressEvent::Verifying { blocks: 4000 });
        assert_eq!(b.phase, Phase::Verifying);
        assert_eq!(b.headline(&texts), "Verifying: reading the disc back…");
        assert_eq!(b.fraction(), 0.0);
        progressed(
            &mut b,
            ProgressEvent::BlockProgress {
                completed: 0,
                total: 4000,
            },
        );
        progressed(
            &mut b,
            ProgressEvent::BlockProgress {
                completed: 3000,
                total: 4000,
            },
        );
        assert_eq!(
            b.phase,
            Phase::Verifying,
            "read-back blocks are not writing"
        );
        assert_eq!(b.fraction(), 0.75);
    }

    #[test]
    fn audio_says_which_track_is_being_written() {
        for (locale, first, last) in [
            ("en", "Writing track 1 of 3…", "Writing track 3 of 3…"),
            (
                "it",
                "Scrittura della traccia 1 di 3…",
                "Scrittura della traccia 3 di 3…",
            ),
        ] {
            let texts = Texts::new(locale);
            let mut b = Burn::new(Format::Audio, false);
            progressed(
                &mut b,
                ProgressEvent::TrackProgress {
                    completed: 0,
                    total: 3,
                },
            );
            progressed(
                &mut b,
                ProgressEvent::BlockProgress {
                    completed: 10,
                    total: 900,
                },
            );
            assert_eq!(b.headline(&texts), first);
            progressed(
                &mut b,
                ProgressEvent::TrackProgress {
                    completed: 2,
                    total: 3,
                },
            );
            assert_eq!(b.headline(&texts), last);
        }
    }

    #[test]
    fn the_drive_figures_are_shown_while_writing() {
        let mut k = Burn::new(Format::Data, false);
        progressed(
            &mut k,
            ProgressEvent::BlockProgress {
                completed: 1000,
                total: 4000,
            },
        );
        progressed(&mut k, ProgressEvent::Writing(status(58, Some(170))));
        for (locale, shown) in [
            (
                "en",
                ["Speed 16×", "Kiln's buffer", "90%", "Drive buffer", "75%"],
            ),
            (
                "it",
                [
                    "Velocità 16×",
                    "Buffer di Kiln",
                    "90%",
                    "Buffer del masterizzatore",
                    "75%",
                ],
            ),
        ] {
            let texts = Texts::new(locale);
            let mut ui = iced_test::simulator(k.view(&texts));
            for t in shown {
                assert!(ui.find(t).is_ok(), "{locale}: {t:?} is not shown");
            }
        }
        // A drive that does not report its buffer says so.
        progressed(
            &mut k,
            ProgressEvent::Writing(WriteStatus {
                drive_buffer: None,
                ..status(59, None)
            }),
        );
        let texts = Texts::new("en");
        let mut ui = iced_test::simulator(k.view(&texts));
        assert!(ui.find("not reported").is_ok());
    }
}
