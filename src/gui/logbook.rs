//! The session's log for the window's log panel: a `tracing` layer that keeps the last
//! [`KEPT`] events (Kiln's own from INFO up, other crates' warnings and errors) in memory, from
//! any thread, so the panel can show what the core said during a burn without reading a file.
//! The window takes the lines it has not seen yet after each message (a lock and a copy, never
//! a wait on I/O).

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

/// Lines kept; older ones are dropped.
pub const KEPT: usize = 1000;

/// One logged event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    /// Its place in the session, from 1.
    pub seq: u64,
    /// Its level.
    pub level: Level,
    /// The message and its fields (`message key=value ...`).
    pub text: String,
}

#[derive(Debug, Default)]
struct Book {
    lines: VecDeque<LogLine>,
    last: u64,
}

/// The kept lines, shared between the layer and the window.
#[derive(Debug, Clone, Default)]
pub struct LogBook(Arc<Mutex<Book>>);

impl LogBook {
    /// The book the application's subscriber writes to.
    pub fn global() -> &'static LogBook {
        static BOOK: OnceLock<LogBook> = OnceLock::new();
        BOOK.get_or_init(LogBook::default)
    }

    fn push(&self, level: Level, text: String) {
        let mut b = self.0.lock().unwrap_or_else(|p| p.into_inner());
        b.last += 1;
        let seq = b.last;
        b.lines.push_back(LogLine { seq, level, text });
        while b.lines.len() > KEPT {
            b.lines.pop_front();
        }
    }

    /// The lines after `seq` (all of them for 0).
    pub fn since(&self, seq: u64) -> Vec<LogLine> {
        let b = self.0.lock().unwrap_or_else(|p| p.into_inner());
        b.lines.iter().filter(|l| l.seq > seq).cloned().collect()
    }

    /// A layer that writes into this book: Kiln's events from INFO up, others' from WARN up.
    pub fn layer<S>(&self) -> impl Layer<S>
    where
        S: Subscriber + for<'a> LookupSpan<'a>,
    {
        let targets = Targets::new()
            .with_target("kiln", Level::INFO)
            .with_target("kiln_core", Level::INFO)
            // The window system's complaints about the desktop (XSETTINGS, XRandR sizes) are
            // not the user's business unless they are errors.
            .with_target("winit", Level::ERROR)
            .with_target("sctk", Level::ERROR)
            .with_target("wgpu", Level::ERROR)
            .with_target("naga", Level::ERROR)
            .with_default(Level::WARN);
        Capture(self.clone()).with_filter(targets)
    }
}

struct Capture(LogBook);

impl<S: Subscriber> Layer<S> for Capture {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut text = Text::default();
        event.record(&mut text);
        self.0.push(*event.metadata().level(), text.0);
    }
}

/// The message first, then the other fields as `key=value`.
#[derive(Default)]
struct Text(String);

impl Visit for Text {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let rest = std::mem::take(&mut self.0);
            let _ = write!(self.0, "{value:?}{rest}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0 = format!("{value}{}", self.0);
        } else {
            let _ = write!(self.0, " {}={value}", field.name());
        }
    }
}

#[cfg(test)]
mod tests {
    use tracing_subscriber::prelude::*;

    use super::*;

    #[test]
    fn keeps_kilns_info_and_everyones_warnings_with_their_fields() {
        let book = LogBook::default();
        let subscriber = tracing_subscriber::registry().with(book.layer());
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(blocks = 12, "writing data");
            tracing::debug!("not kept");
            tracing::info!(target: "other", "not kept either");
            tracing::warn!(target: "other", path = "/a b", "kept");
        });
        let lines = book.since(0);
        let texts: Vec<(&str, Level)> = lines.iter().map(|l| (l.text.as_str(), l.level)).collect();
        assert_eq!(
            texts,
            [
                ("writing data blocks=12", Level::INFO),
                ("kept path=/a b", Level::WARN)
            ]
        );
        assert_eq!(book.since(lines[0].seq).len(), 1);
        for i in 0..KEPT + 5 {
            book.push(Level::WARN, i.to_string());
        }
        let all = book.since(0);
        assert_eq!(all.len(), KEPT);
        assert_eq!(all[KEPT - 1].text, (KEPT + 4).to_string());
    }
}
