//! User-facing text through Fluent catalogues (`i18n/<locale>/kiln.ftl`), embedded at build time.
//! The locale comes from the environment (`LC_ALL`, `LC_MESSAGES`, `LANG`); English is the
//! reference and the fallback for anything a catalogue lacks.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use kiln_core::{Localized, LocalizedArg};
use unic_langid::LanguageIdentifier;

/// The catalogues Kiln ships, by locale.
pub const CATALOGUES: &[(&str, &str)] = &[
    ("en", include_str!("../i18n/en/kiln.ftl")),
    ("it", include_str!("../i18n/it/kiln.ftl")),
];

/// A loaded catalogue with the English one behind it.
pub struct Texts {
    bundle: FluentBundle<FluentResource>,
    fallback: FluentBundle<FluentResource>,
}

fn bundle(locale: &str) -> FluentBundle<FluentResource> {
    let source = CATALOGUES
        .iter()
        .find(|(l, _)| *l == locale)
        .map_or(CATALOGUES[0].1, |(_, s)| *s);
    let lang: LanguageIdentifier = locale.parse().unwrap_or_default();
    let mut b = FluentBundle::new_concurrent(vec![lang]);
    // Isolation marks around arguments would end up in terminals and file names.
    b.set_use_isolating(false);
    // NUMBER(), for decimals (`NUMBER($missing_mb, minimumFractionDigits: 1)`).
    if let Err(e) = b.add_builtins() {
        tracing::warn!(?e, locale, "cannot add Fluent's built-in functions");
    }
    if DECIMAL_COMMA.contains(&locale) {
        b.set_formatter(Some(decimal_comma));
    }
    match FluentResource::try_new(source.to_string()) {
        Ok(res) | Err((res, _)) => {
            if let Err(errors) = b.add_resource(res) {
                tracing::warn!(?errors, locale, "catalogue has duplicate messages");
            }
        }
    }
    b
}

/// Locales that write decimals with a comma (12,3 MB); the others use a point.
const DECIMAL_COMMA: &[&str] = &["it"];

/// Formats numbers with a decimal comma; other values as Fluent does.
fn decimal_comma<M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(n.as_string().replace('.', ",")),
        _ => None,
    }
}

/// A core message's arguments as Fluent values.
fn fluent_args(message: &Localized) -> Vec<(&'static str, FluentValue<'static>)> {
    message
        .args
        .iter()
        .map(|(name, value)| {
            let v = match value {
                LocalizedArg::Text(t) => FluentValue::from(t.clone()),
                LocalizedArg::Number(n) => FluentValue::from(*n),
            };
            (*name, v)
        })
        .collect()
}

/// The locale to use: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that names one we have.
pub fn system_locale() -> &'static str {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var) {
            if v.is_empty() {
                continue;
            }
            let lang = v.split(['_', '.', '@', '-']).next().unwrap_or("");
            return CATALOGUES
                .iter()
                .find(|(l, _)| *l == lang)
                .map_or("en", |(l, _)| *l);
        }
    }
    "en"
}

impl Texts {
    /// The catalogue of `locale` (English when unknown).
    pub fn new(locale: &str) -> Texts {
        Texts {
            bundle: bundle(locale),
            fallback: bundle("en"),
        }
    }

    /// A message with arguments.
    pub fn get(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fa = FluentArgs::new();
        for (k, v) in args {
            fa.set(*k, v.clone());
        }
        for b in [&self.bundle, &self.fallback] {
            if let Some(pattern) = b.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = b.format_pattern(pattern, Some(&fa), &mut errors);
                return text.into_owned();
            }
        }
        id.to_string()
    }

    /// A message without arguments.
    pub fn text(&self, id: &str) -> String {
        self.get(id, &[])
    }

    /// A message of the core (an error, a naming note) in this catalogue's language.
    ///
    /// Should no catalogue know the id (a core newer than the catalogues), the id and the
    /// arguments are shown, so the facts still reach the user.
    pub fn localized(&self, message: &Localized) -> String {
        let known = [&self.bundle, &self.fallback]
            .iter()
            .any(|b| b.get_message(message.id).and_then(|m| m.value()).is_some());
        if !known {
            tracing::warn!(id = message.id, "no catalogue has this message");
            let args: Vec<String> = message
                .args
                .iter()
                .map(|(name, value)| format!("{name}: {value}"))
                .collect();
            return if args.is_empty() {
                message.id.to_string()
            } else {
                format!("{} ({})", message.id, args.join(", "))
            };
        }
        self.get(message.id, &fluent_args(message))
    }

    /// `message` from this locale's own catalogue only (no English fallback), or what is wrong.
    #[cfg(test)]
    fn localized_strictly(&self, message: &Localized) -> Result<String, String> {
        let pattern = self
            .bundle
            .get_message(message.id)
            .and_then(|m| m.value())
            .ok_or_else(|| format!("no message '{}'", message.id))?;
        let mut fa = FluentArgs::new();
        for (k, v) in fluent_args(message) {
            fa.set(k, v);
        }
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, Some(&fa), &mut errors);
        if errors.is_empty() {
            Ok(text.into_owned())
        } else {
            Err(format!("'{}': {errors:?}", message.id))
        }
    }
}

/// Every message id a catalogue defines.
#[cfg(test)]
pub fn message_ids(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(" = "))
        .filter_map(|l| l.split(" = ").next())
        .map(|s| s.trim().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_has_every_english_message_and_parses() {
        let english = message_ids(CATALOGUES[0].1);
        assert!(english.len() > 10);
        for (locale, source) in CATALOGUES {
            assert!(
                FluentResource::try_new(source.to_string()).is_ok(),
                "{locale} catalogue does not parse"
            );
            let ids = message_ids(source);
            let mut unique = ids.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), ids.len(), "{locale} defines a message twice");
            for id in &english {
                assert!(ids.contains(id), "locale {locale} lacks '{id}'");
            }
            for id in &ids {
                assert!(english.contains(id), "locale {locale} has unknown '{id}'");
            }
        }
    }

    #[test]
    fn italian_and_english_differ_and_take_arguments() {
        let en = Texts::new("en");
        let it = Texts::new("it");
        let args = [("message", FluentValue::from("x"))];
        assert_eq!(en.get("cli-error", &args), "error: x");
        assert_eq!(it.get("cli-error", &args), "errore: x");
        assert_eq!(Texts::new("xx").text("cli-preparing"), "Preparing…");
    }

    /// How `value` must appear in `locale`'s text for the argument `name`.
    fn shown(locale: &str, name: &str, value: &LocalizedArg) -> String {
        let text = value.to_string();
        match (locale, name, value) {
            ("it", _, LocalizedArg::Number(_)) => text.replace('.', ","),
            // Format names are words the catalogue translates.
            ("it", "expected" | "active" | "format", _) if text == "data" => "dati".into(),
            _ => text,
        }
    }

    /// Checks one core message in every locale; `english` is the core's Display text.
    fn check(message: &Localized, english: &str) {
        for (locale, _) in CATALOGUES {
            let texts = Texts::new(locale);
            let text = texts
                .localized_strictly(message)
                .unwrap_or_else(|e| panic!("{locale}: {e}"));
            for (name, value) in &message.args {
                let want = shown(locale, name, value);
                assert!(
                    text.contains(&want),
                    "{locale} '{}' lacks ${name} = '{want}': {text}",
                    message.id
                );
            }
            assert!(!text.contains('{'), "{locale}: {text}");
            if *locale == "en" {
                assert_eq!(
                    text, english,
                    "English '{}' drifted from the core",
                    message.id
                );
            } else {
                assert_ne!(text, english, "{locale} '{}' is not translated", message.id);
            }
            assert_eq!(texts.localized(message), text);
        }
    }

    #[test]
    fn every_core_error_is_in_every_catalogue() {
        let samples = kiln_core::Error::samples();
        assert!(samples.len() > 30);
        for e in &samples {
            check(&e.localized(), &e.to_string());
        }
    }

    #[test]
    fn every_project_error_and_issue_is_in_every_catalogue() {
        use kiln_core::project::{ProjectError, ProjectIssue};
        for e in ProjectError::samples() {
            check(&e.localized(), &e.to_string());
        }
        for i in ProjectIssue::samples() {
            check(&i.localized(), &i.to_string());
        }
    }

    #[test]
    fn every_naming_note_is_in_every_catalogue() {
        for note in kiln_core::data::NamingNote::samples() {
            check(&note.localized(), &note.to_string());
        }
    }

    #[test]
    fn every_burn_notice_is_in_every_catalogue() {
        for notice in kiln_core::notice::BurnNotice::samples() {
            check(&notice.localized(), &notice.to_string());
        }
    }

    #[test]
    fn italian_numbers_use_a_decimal_comma_and_plurals() {
        let it = Texts::new("it");
        let full = |blocks: u64, mb: f64| kiln_core::Error::DiscFull {
            missing_blocks: blocks,
            missing_mb: mb,
            medium: "DVD".into(),
        };
        let text = it.localized(&full(1, 0.002).localized());
        assert!(text.contains("serve 1 blocco (0,0 MB)"), "{text}");
        let text = it.localized(&full(6000, 12.0).localized());
        assert!(text.contains("servono 6000 blocchi (12,0 MB)"), "{text}");
        let en = Texts::new("en");
        let e = full(6000, 12.0);
        assert_eq!(en.localized(&e.localized()), e.to_string());
    }

    #[test]
    fn an_unknown_id_still_shows_its_arguments() {
        let m = Localized::new("error-from-the-future")
            .arg("path", "/x")
            .arg("n", 3u64);
        assert_eq!(
            Texts::new("it").localized(&m),
            "error-from-the-future (path: /x, n: 3)"
        );
    }
}
