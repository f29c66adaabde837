//! Localizable messages without a localization library: the core names a message by id and hands
//! over its arguments; the application looks the id up in its own catalogue (Kiln uses Fluent) and
//! formats the arguments for the user's language.
//!
//! Every [`Error`](crate::Error) and every [`NamingNote`](crate::data::NamingNote) has a
//! `localized()` form. Their `Display` stays English, for logs.
//!
//! Conventions, which catalogues rely on:
//! - ids are kebab-case and start with the kind of message: `error-disc-full`, `note-renamed`;
//! - argument names are the snake_case field names of the variant (`disc_path`, `missing_mb`);
//! - paths are given as text, as `Path::display` shows them;
//! - numbers are plain values; measurements meant to show a fixed number of decimals (such as
//!   megabytes with one decimal) are already rounded to them, and the catalogue asks for the
//!   decimals (Fluent: `NUMBER($missing_mb, minimumFractionDigits: 1)`).

use std::fmt;

/// A message for people, by id, with its arguments; see the [module docs](self).
#[derive(Debug, Clone, PartialEq)]
pub struct Localized {
    /// The message id in the application's catalogue, such as `error-disc-full`.
    pub id: &'static str,
    /// The arguments, by name, in the order the English text uses them.
    pub args: Vec<(&'static str, LocalizedArg)>,
}

/// One argument of a [`Localized`] message.
#[derive(Debug, Clone, PartialEq)]
pub enum LocalizedArg {
    /// Text shown as it is: a file name, a path on the disc, a drive's name, or a detail that
    /// comes from elsewhere (the operating system, a decoder) and stays in its own words.
    Text(String),
    /// A number: a count, a size in blocks, megabytes. Catalogues format it for the language
    /// (decimal separator) and may choose plural forms by it.
    Number(f64),
}

impl Localized {
    /// A message without arguments (add them with [`Localized::arg`]).
    pub fn new(id: &'static str) -> Localized {
        Localized {
            id,
            args: Vec::new(),
        }
    }

    /// The same message with one more argument.
    pub fn arg(mut self, name: &'static str, value: impl Into<LocalizedArg>) -> Localized {
        self.args.push((name, value.into()));
        self
    }

    /// The value of the argument `name`, if there is one.
    pub fn get(&self, name: &str) -> Option<&LocalizedArg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

impl LocalizedArg {
    /// Text from anything that displays itself (paths via `Path::display`, I/O errors).
    pub fn text(value: impl fmt::Display) -> LocalizedArg {
        LocalizedArg::Text(value.to_string())
    }
}

impl fmt::Display for LocalizedArg {
    /// The argument as English shows it (numbers without grouping).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocalizedArg::Text(t) => f.write_str(t),
            LocalizedArg::Number(n) => write!(f, "{n}"),
        }
    }
}

impl From<String> for LocalizedArg {
    fn from(value: String) -> Self {
        LocalizedArg::Text(value)
    }
}

impl From<&str> for LocalizedArg {
    fn from(value: &str) -> Self {
        LocalizedArg::Text(value.to_string())
    }
}

impl From<&String> for LocalizedArg {
    fn from(value: &String) -> Self {
        LocalizedArg::Text(value.clone())
    }
}

impl From<f64> for LocalizedArg {
    fn from(value: f64) -> Self {
        LocalizedArg::Number(value)
    }
}

impl From<u64> for LocalizedArg {
    fn from(value: u64) -> Self {
        // Exact up to 2^53: far beyond any block count or file count on a disc.
        LocalizedArg::Number(value as f64)
    }
}

impl From<usize> for LocalizedArg {
    fn from(value: usize) -> Self {
        LocalizedArg::Number(value as f64)
    }
}

impl From<u32> for LocalizedArg {
    fn from(value: u32) -> Self {
        LocalizedArg::Number(f64::from(value))
    }
}

/// `value` rounded to `decimals` decimals exactly as `format!("{value:.decimals$}")` rounds it,
/// so a catalogue showing that many decimals prints the same digits as the English `Display`.
pub(crate) fn rounded(value: f64, decimals: usize) -> f64 {
    format!("{value:.decimals$}").parse().unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_finds_arguments() {
        let m = Localized::new("error-x")
            .arg("path", "/a")
            .arg("count", 3usize)
            .arg("mb", 1.5);
        assert_eq!(m.id, "error-x");
        assert_eq!(m.get("path"), Some(&LocalizedArg::Text("/a".into())));
        assert_eq!(m.get("count"), Some(&LocalizedArg::Number(3.0)));
        assert_eq!(m.get("nope"), None);
        assert_eq!(
            m.get("count").map(ToString::to_string).as_deref(),
            Some("3")
        );
        assert_eq!(m.get("mb").map(ToString::to_string).as_deref(), Some("1.5"));
    }

    #[test]
    fn rounding_matches_display() {
        for v in [0.25, 0.35, 12.349, 12.35, 0.04, 1e6 + 0.05, 3.0] {
            let shown = format!("{v:.1}");
            let r = rounded(v, 1);
            let back = if r.fract() == 0.0 {
                format!("{r}.0")
            } else {
                format!("{r}")
            };
            assert_eq!(back, shown, "{v}");
        }
    }
}
