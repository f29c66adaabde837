//! The command line's progress observer: warnings for naming notes, a progress line on a
//! terminal, and Ctrl-C-free cancellation (none: the process is simply interrupted).
//!
//! While a drive writes, the line also shows the speed, the fill of Kiln's read-ahead buffer and
//! of the drive's buffer, and the elapsed and remaining time; closing the disc is a line of its
//! own with its estimate, and reading the disc back (verify) a progress line of its own.

use std::io::{IsTerminal, Write};

use fluent_bundle::FluentValue;
use kiln_core::progress::{ProgressEvent, ProgressObserver, WriteStatus};

use crate::i18n::{self, Texts};

/// Prints notes as warnings and, on a terminal, a progress line.
pub struct Printer {
    texts: Texts,
    terminal: bool,
    last_percent: Option<u64>,
    /// Bytes per block of the disc being written (2048 for data, 2352 for audio).
    block_bytes: f64,
    /// The last block progress, and the last drive status while writing to a drive.
    blocks: Option<(u64, u64)>,
    status: Option<WriteStatus>,
    /// The disc is being read back: block progress counts blocks read.
    verifying: bool,
}

impl Printer {
    pub fn new() -> Printer {
        Printer {
            texts: Texts::new(i18n::system_locale()),
            terminal: std::io::stderr().is_terminal(),
            last_percent: None,
            block_bytes: 2048.0,
            blocks: None,
            status: None,
            verifying: false,
        }
    }

    /// The same printer for an audio disc (2352-byte blocks).
    pub fn for_audio(mut self) -> Printer {
        self.block_bytes = 2352.0;
        self
    }

    fn end_line(&mut self) {
        if self.last_percent.is_some() && self.terminal {
            eprintln!();
            self.last_percent = None;
        }
    }

    fn print_line(&mut self) {
        let Some((completed, total)) = self.blocks.filter(|(_, t)| *t > 0) else {
            return;
        };
        let percent = completed * 100 / total;
        let bytes = self.block_bytes;
        let mb = |b: u64| FluentValue::from(format!("{:.0}", b as f64 * bytes / 1e6));
        let line = match self.status {
            None => self.texts.get(
                if self.verifying {
                    "cli-progress-verify"
                } else {
                    "cli-progress"
                },
                &[
                    ("percent", FluentValue::from(percent)),
                    ("done", mb(completed)),
                    ("total", mb(total)),
                ],
            ),
            Some(w) => status_line(&self.texts, percent, mb(completed), mb(total), &w),
        };
        self.last_percent = Some(percent);
        // Pad over the end of a longer previous line.
        eprint!("\r{line:<100}");
        let _ = std::io::stderr().flush();
    }
}

/// "Writing: 42% (1800 of 4295 MB) at 16× · buffer 98% · drive 95% · 0:24 elapsed, 0:36 left"
fn status_line(
    texts: &Texts,
    percent: u64,
    done: FluentValue<'static>,
    total: FluentValue<'static>,
    w: &WriteStatus,
) -> String {
    let unknown = || texts.text("cli-unknown");
    let pct = |f: f64| format!("{:.0}%", f * 100.0);
    texts.get(
        "cli-progress-drive",
        &[
            ("percent", FluentValue::from(percent)),
            ("done", done),
            ("total", total),
            (
                "speed",
                FluentValue::from(w.speed_x.map_or_else(unknown, super::media::speed_label)),
            ),
            ("host", FluentValue::from(pct(w.host_buffer))),
            (
                "drive",
                FluentValue::from(w.drive_buffer.map_or_else(unknown, pct)),
            ),
            ("elapsed", FluentValue::from(clock(w.elapsed_seconds))),
            (
                "remaining",
                FluentValue::from(w.remaining_seconds.map_or_else(unknown, clock)),
            ),
        ],
    )
}

/// Seconds as m:ss (h:mm:ss past an hour).
fn clock(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

impl ProgressObserver for Printer {
    fn on_event(&mut self, event: &ProgressEvent) {
        match event {
            ProgressEvent::Naming(note) => {
                self.end_line();
                super::warning(&self.texts, &self.texts.localized(&note.localized()));
            }
            ProgressEvent::Notice(notice) => {
                self.end_line();
                super::warning(&self.texts, &self.texts.localized(&notice.localized()));
            }
            ProgressEvent::BlockProgress { completed, total } if self.terminal && *total > 0 => {
                self.blocks = Some((*completed, *total));
                if self.last_percent != Some(completed * 100 / total) {
                    self.print_line();
                }
            }
            ProgressEvent::Writing(w) if self.terminal => {
                self.status = Some(*w);
                self.print_line();
            }
            ProgressEvent::ClosingDisc { estimated_seconds } if self.terminal => {
                self.end_line();
                eprintln!(
                    "{}",
                    self.texts.get(
                        "cli-closing",
                        &[("seconds", FluentValue::from(*estimated_seconds))]
                    )
                );
            }
            ProgressEvent::Verifying { .. } if self.terminal => {
                self.end_line();
                // The drive's figures were about writing; the read-back line has none.
                self.status = None;
                self.blocks = None;
                self.verifying = true;
            }
            ProgressEvent::BurnComplete { .. } if self.terminal => self.end_line(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_reads_like_a_clock() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(75), "1:15");
        assert_eq!(clock(3600 + 61), "1:01:01");
    }

    #[test]
    fn the_drive_line_shows_every_figure_in_both_languages() {
        let w = WriteStatus {
            host_buffer: 0.984,
            drive_buffer: Some(0.95),
            speed_x: Some(16.02),
            elapsed_seconds: 24,
            remaining_seconds: Some(36),
        };
        for locale in ["en", "it"] {
            let texts = Texts::new(locale);
            let line = status_line(
                &texts,
                42,
                FluentValue::from("1800"),
                FluentValue::from("4295"),
                &w,
            );
            for part in ["42%", "1800", "4295", "16×", "98%", "95%", "0:24", "0:36"] {
                assert!(line.contains(part), "{locale}: {part} missing in {line}");
            }
        }
        let texts = Texts::new("en");
        let unknown = WriteStatus {
            drive_buffer: None,
            speed_x: None,
            remaining_seconds: None,
            ..w
        };
        let line = status_line(
            &texts,
            0,
            FluentValue::from("0"),
            FluentValue::from("1"),
            &unknown,
        );
        assert!(line.contains("drive ?"), "{line}");
    }
}
