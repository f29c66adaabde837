//! The command line's progress observer: warnings for naming notes, a progress line on a
//! terminal, and Ctrl-C-free cancellation (none: the process is simply interrupted).

use std::io::{IsTerminal, Write};

use fluent_bundle::FluentValue;
use kiln_core::progress::{ProgressEvent, ProgressObserver};

use crate::i18n::{self, Texts};

/// Prints notes as warnings and, on a terminal, a progress line.
pub struct Printer {
    texts: Texts,
    terminal: bool,
    last_percent: Option<u64>,
    /// Bytes per block of the disc being written (2048 for data, 2352 for audio).
    block_bytes: f64,
}

impl Printer {
    pub fn new() -> Printer {
        Printer {
            texts: Texts::new(i18n::system_locale()),
            terminal: std::io::stderr().is_terminal(),
            last_percent: None,
            block_bytes: 2048.0,
        }
    }

    /// The same printer for an audio disc (2352-byte blocks).
    pub fn for_audio(mut self) -> Printer {
        self.block_bytes = 2352.0;
        self
    }
}

impl ProgressObserver for Printer {
    fn on_event(&mut self, event: &ProgressEvent) {
        match event {
            ProgressEvent::Naming(note) => {
                if self.last_percent.is_some() && self.terminal {
                    eprintln!();
                    self.last_percent = None;
                }
                super::warning(&self.texts, &self.texts.localized(&note.localized()));
            }
            ProgressEvent::BlockProgress { completed, total } if self.terminal && *total > 0 => {
                let percent = completed * 100 / total;
                if self.last_percent == Some(percent) {
                    return;
                }
                self.last_percent = Some(percent);
                let bytes = self.block_bytes;
                let mb = |b: u64| FluentValue::from(format!("{:.0}", b as f64 * bytes / 1e6));
                let line = self.texts.get(
                    "cli-progress",
                    &[
                        ("percent", FluentValue::from(percent)),
                        ("done", mb(*completed)),
                        ("total", mb(*total)),
                    ],
                );
                eprint!("\r{line}");
                let _ = std::io::stderr().flush();
            }
            ProgressEvent::BurnComplete { .. } if self.terminal && self.last_percent.is_some() => {
                eprintln!();
                self.last_percent = None;
            }
            _ => {}
        }
    }
}
