//! The window's settings (language, theme, last recorder, window size, the default burn options),
//! kept as a small `key = value` file in
//! the platform's config folder and written atomically: a temporary file beside it, then a rename,
//! so a crash never leaves half a file.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The light or dark theme, or whichever the system prefers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    /// Light or dark as the desktop says (the XDG portal's colour scheme on Linux, the system
    /// appearance on Windows and macOS), following it when it changes.
    #[default]
    System,
    /// Dark text on light backgrounds.
    Light,
    /// Light text on dark backgrounds.
    Dark,
}

impl ThemeChoice {
    /// Every choice, in the order the picker lists them.
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    /// The catalogue key of its name.
    pub fn key(self) -> &'static str {
        match self {
            ThemeChoice::System => "gui-theme-system",
            ThemeChoice::Light => "gui-theme-light",
            ThemeChoice::Dark => "gui-theme-dark",
        }
    }
}

/// What the window remembers between runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The catalogue's locale (`en`, `it`).
    pub locale: String,
    /// System, light or dark.
    pub theme: ThemeChoice,
    /// The id of the recorder chosen last.
    pub last_recorder: Option<String>,
    /// The window's size when it was last closed (logical pixels).
    pub window: Option<(u32, u32)>,
    /// Verify after burning, as last chosen (the default for the next compilation).
    pub verify: bool,
    /// Eject when done, as last chosen.
    pub eject: bool,
}

/// The smallest window size kept (the window's own minimum); anything smaller in the file is
/// taken as damaged.
pub const MIN_WINDOW: (u32, u32) = (760, 520);

impl Settings {
    /// The defaults: the system's locale, the system's theme, no recorder.
    pub fn with_locale(locale: &str) -> Settings {
        Settings {
            locale: locale.to_string(),
            theme: ThemeChoice::System,
            last_recorder: None,
            window: None,
            verify: true,
            eject: true,
        }
    }

    /// Reads settings from `text`; unknown keys and bad lines are ignored, missing keys keep the
    /// defaults of `base`.
    pub fn parse(text: &str, base: Settings) -> Settings {
        let mut s = base;
        for line in text.lines() {
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let value = value.trim();
            match key.trim() {
                "locale" if crate::i18n::CATALOGUES.iter().any(|(l, _)| *l == value) => {
                    s.locale = value.to_string();
                }
                "theme" => {
                    s.theme = match value {
                        "dark" => ThemeChoice::Dark,
                        "light" => ThemeChoice::Light,
                        _ => ThemeChoice::System,
                    };
                }
                "last_recorder" if !value.is_empty() => s.last_recorder = Some(value.to_string()),
                "window" => {
                    let size = value.split_once('x').and_then(|(w, h)| {
                        Some((w.trim().parse::<u32>().ok()?, h.trim().parse::<u32>().ok()?))
                    });
                    // A size below the minimum or beyond any screen is not a window's.
                    if let Some((w, h)) = size.filter(|(w, h)| {
                        (MIN_WINDOW.0..=16_384).contains(w) && (MIN_WINDOW.1..=16_384).contains(h)
                    }) {
                        s.window = Some((w, h));
                    }
                }
                "verify" => s.verify = value != "false",
                "eject" => s.eject = value != "false",
                _ => {}
            }
        }
        s
    }

    /// The file's text.
    pub fn to_text(&self) -> String {
        let theme = match self.theme {
            ThemeChoice::System => "system",
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        };
        let mut out = format!(
            "# Kiln settings\nlocale = {}\ntheme = {theme}\n",
            self.locale
        );
        if let Some(r) = &self.last_recorder {
            // One line per key: a recorder id with a line break could not be read back.
            if !r.contains(['\n', '\r']) {
                out.push_str(&format!("last_recorder = {r}\n"));
            }
        }
        if let Some((w, h)) = self.window {
            out.push_str(&format!("window = {w}x{h}\n"));
        }
        out.push_str(&format!(
            "verify = {}\neject = {}\n",
            self.verify, self.eject
        ));
        out
    }

    /// Loads from `path`; a missing or unreadable file gives `base`.
    pub fn load(path: &Path, base: Settings) -> Settings {
        match std::fs::read_to_string(path) {
            Ok(text) => Settings::parse(&text, base),
            Err(_) => base,
        }
    }

    /// Writes to `path` atomically (temporary file in the same folder, flushed, then renamed).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let result = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(self.to_text().as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

/// Where the settings live: `KILN_CONFIG_DIR` when set (tests, portable installs), else the
/// platform's config folder (`~/.config/kiln` on Linux).
pub fn path() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("KILN_CONFIG_DIR") {
        return Some(PathBuf::from(dir).join("settings.conf"));
    }
    directories::ProjectDirs::from("org", "Kiln", "kiln")
        .map(|d| d.config_dir().join("settings.conf"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_ignores_junk() {
        let s = Settings {
            locale: "it".into(),
            theme: ThemeChoice::Dark,
            last_recorder: Some("image".into()),
            window: Some((1280, 800)),
            verify: false,
            eject: true,
        };
        let back = Settings::parse(&s.to_text(), Settings::with_locale("en"));
        assert_eq!(back, s);
        let junk = Settings::parse(
            "locale = xx\nnonsense\ntheme=dark",
            Settings::with_locale("en"),
        );
        assert_eq!(junk.locale, "en");
        assert_eq!(junk.theme, ThemeChoice::Dark);
    }

    #[test]
    fn every_theme_choice_round_trips_and_the_default_follows_the_system() {
        assert_eq!(Settings::with_locale("en").theme, ThemeChoice::System);
        for theme in ThemeChoice::ALL {
            let s = Settings {
                theme,
                ..Settings::with_locale("en")
            };
            assert_eq!(
                Settings::parse(&s.to_text(), Settings::with_locale("it")),
                s
            );
        }
        // A window size that no window has is ignored; so is junk.
        for bad in [
            "window = 10x10",
            "window = 99999x800",
            "window = big",
            "window = 800x",
        ] {
            assert_eq!(
                Settings::parse(bad, Settings::with_locale("en")).window,
                None,
                "{bad}"
            );
        }
        assert_eq!(
            Settings::parse("window = 900 x 600", Settings::with_locale("en")).window,
            Some((900, 600))
        );
        // Verify and eject default to on; only "false" turns them off.
        let off = Settings::parse("verify = false\neject = false", Settings::with_locale("en"));
        assert!(!off.verify && !off.eject);
        assert!(Settings::with_locale("en").verify && Settings::with_locale("en").eject);
        // A value from a newer or older Kiln falls back to the system's choice.
        let odd = Settings::parse("theme = sepia", Settings::with_locale("en"));
        assert_eq!(odd.theme, ThemeChoice::System);
    }

    #[test]
    fn saves_atomically_and_loads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("settings.conf");
        let s = Settings {
            theme: ThemeChoice::Light,
            ..Settings::with_locale("it")
        };
        s.save(&path).unwrap();
        assert!(!dir.path().join("sub").join("settings.conf.tmp").exists());
        assert_eq!(Settings::load(&path, Settings::with_locale("en")), s);
        let missing = Settings::load(&dir.path().join("none"), Settings::with_locale("en"));
        assert_eq!(missing.locale, "en");
    }
}
