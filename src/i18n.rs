//! User-facing text through Fluent catalogues (`i18n/<locale>/kiln.ftl`), embedded at build time.
//! The locale comes from the environment (`LC_ALL`, `LC_MESSAGES`, `LANG`); English is the
//! reference and the fallback for anything a catalogue lacks.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
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
    match FluentResource::try_new(source.to_string()) {
        Ok(res) | Err((res, _)) => {
            if let Err(errors) = b.add_resource(res) {
                tracing::warn!(?errors, locale, "catalogue has duplicate messages");
            }
        }
    }
    b
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
}
