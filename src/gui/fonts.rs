//! The window's fonts: every glyph it draws comes from a font compiled into the binary.
//!
//! Text is set in Fira Sans (embedded by iced's `fira-sans` feature). The few symbols on buttons
//! and rows (✎ ✕ ↑ ↓ ▸ ▾ ...) come from Kiln Symbols, a subset of DejaVu Sans made by
//! `scripts/fonts.sh` (licence in `assets/fonts/`). Without it, cosmic-text takes any glyph Fira Sans
//! lacks from whatever fonts the system has — the window would look different on every system,
//! show empty boxes where no system font has the glyph, and its screen snapshots would depend on
//! the fonts installed. The tests below fail when a string of the window or of a catalogue holds a
//! character neither font has.
//!
//! File names and tags chosen by the user are different: they may be in any script, and for those
//! the system's fonts are exactly what should be used.

use iced::widget::{text, Text};
use iced::Font;

/// Kiln Symbols, as loaded into iced's font system at start.
pub const SYMBOLS_TTF: &[u8] = include_bytes!("../../assets/fonts/KilnSymbols.ttf");

/// The font of the window's text.
pub const TEXT: Font = Font::with_name("Fira Sans");

/// The font of the symbols below.
pub const SYMBOLS: Font = Font::with_name("Kiln Symbols");

/// Rename.
pub const RENAME: &str = "✎";
/// Remove.
pub const REMOVE: &str = "✕";
/// Move up.
pub const UP: &str = "↑";
/// Move down.
pub const DOWN: &str = "↓";
/// A folder that is open in the tree.
pub const EXPANDED: &str = "▾";
/// A folder that is closed in the tree.
pub const COLLAPSED: &str = "▸";

/// Every symbol above (the tests check that Kiln Symbols has each one).
#[cfg(test)]
const ALL_SYMBOLS: &[&str] = &[RENAME, REMOVE, UP, DOWN, EXPANDED, COLLAPSED];

/// A symbol, drawn with Kiln Symbols.
pub fn symbol<'a>(symbol: &'a str) -> Text<'a> {
    text(symbol).font(SYMBOLS)
}

/// The iced settings the window runs with (also used by the tests' simulator, so that what the
/// tests render is what the window shows).
pub fn settings() -> iced::Settings {
    iced::Settings {
        fonts: vec![SYMBOLS_TTF.into()],
        default_font: TEXT,
        ..iced::Settings::default()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn has_glyph(font: &[u8], c: char) -> bool {
        let face = ttf_parser::Face::parse(font, 0).expect("an embedded font parses");
        face.glyph_index(c).is_some()
    }

    fn fira_sans() -> &'static [u8] {
        iced_test::renderer::graphics::text::FIRA_SANS_REGULAR
    }

    fn family_name(font: &[u8]) -> Option<String> {
        let face = ttf_parser::Face::parse(font, 0).ok()?;
        face.names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::FAMILY && n.is_unicode())
            .and_then(|n| n.to_string())
    }

    #[test]
    fn the_fonts_are_the_families_the_window_asks_for() {
        assert_eq!(family_name(SYMBOLS_TTF).as_deref(), Some("Kiln Symbols"));
        assert_eq!(family_name(fira_sans()).as_deref(), Some("Fira Sans"));
    }

    #[test]
    fn kiln_symbols_has_every_symbol() {
        for s in ALL_SYMBOLS {
            for c in s.chars() {
                assert!(
                    has_glyph(SYMBOLS_TTF, c),
                    "Kiln Symbols lacks {c:?} (U+{:04X}): add it to scripts/fonts.sh",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn fira_sans_has_every_character_of_the_catalogues() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n");
        let mut checked = 0;
        for locale in std::fs::read_dir(&dir).unwrap() {
            let file = locale.unwrap().path().join("kiln.ftl");
            let catalogue = std::fs::read_to_string(&file).unwrap();
            for (n, line) in catalogue.lines().enumerate() {
                if line.trim_start().starts_with('#') {
                    continue;
                }
                for c in line.chars().filter(|c| !c.is_control()) {
                    assert!(
                        has_glyph(fira_sans(), c),
                        "{}:{}: Fira Sans has no {c:?} (U+{:04X}); the system's fonts would draw it",
                        file.display(),
                        n + 1,
                        c as u32
                    );
                    checked += 1;
                }
            }
        }
        assert!(
            checked > 10_000,
            "the catalogues were not read ({checked} characters)"
        );
    }

    /// Every character outside ASCII in the window's code (comments and tests aside) is in Fira
    /// Sans; symbols that are not live only in this file, as the constants above.
    #[test]
    fn the_window_draws_no_character_its_fonts_lack() {
        let mut files = vec![];
        let mut pending = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src/gui")];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() && path.file_name().is_some_and(|n| n != "tests") {
                    pending.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && path
                        .file_name()
                        .is_some_and(|n| n != "tests.rs" && n != "fonts.rs")
                {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 10, "src/gui was not read");
        for file in files {
            let source = std::fs::read_to_string(&file).unwrap();
            // The code before `#[cfg(test)]`, without comments.
            let code = source.split("#[cfg(test)]").next().unwrap_or_default();
            for (n, line) in code.lines().enumerate() {
                let line = line.split("//").next().unwrap_or_default();
                for c in line.chars().filter(|c| !c.is_ascii()) {
                    assert!(
                        has_glyph(fira_sans(), c),
                        "{}:{}: Fira Sans has no {c:?} (U+{:04X}): make it a symbol in fonts.rs",
                        file.display(),
                        n + 1,
                        c as u32
                    );
                }
            }
        }
    }
}
