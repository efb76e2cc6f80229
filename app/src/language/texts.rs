//! The checks the compiler leaves to CI: `build.rs` only warns when a language lacks a key or a
//! plural form (the English text would show instead), and nothing notices a text nobody uses.
//! These tests fail on each.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use icu_plurals::{PluralCategory, PluralRules};

const LANGUAGES: [&str; 4] = ["en", "pl", "it", "id"];
const PLURAL_FORMS: [(&str, PluralCategory); 6] = [
    ("zero", PluralCategory::Zero),
    ("one", PluralCategory::One),
    ("two", PluralCategory::Two),
    ("few", PluralCategory::Few),
    ("many", PluralCategory::Many),
    ("other", PluralCategory::Other),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One language's texts: `area.key.sub` (plural forms under their base key) → the plural forms
/// given (empty for a plain text) and the values each text interpolates.
#[derive(Default)]
struct Texts(BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>);

fn placeholders(text: &str) -> BTreeSet<String> {
    text.split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}"))
        .map(|(name, _)| name.trim().to_string())
        .collect()
}

/// Adds one file's (or object's) texts. As `leptos_i18n` reads them, `key_one` + `key_other`
/// are the plural forms of `key`, but a lone `key_other` (say `error_other`) is a plain text.
fn flatten(prefix: &str, value: &serde_json::Value, texts: &mut Texts) {
    let serde_json::Value::Object(map) = value else {
        panic!("{prefix}: texts are grouped in objects");
    };
    let form_of = |key: &str| {
        PLURAL_FORMS.iter().find_map(|(form, _)| {
            key.strip_suffix(&format!("_{form}"))
                .map(|base| (base.to_string(), form.to_string()))
        })
    };
    let mut forms_of_base: BTreeMap<String, usize> = BTreeMap::new();
    for key in map.keys() {
        if let Some((base, _)) = form_of(key) {
            *forms_of_base.entry(base).or_default() += 1;
        }
    }
    for (key, value) in map {
        let path = format!("{prefix}.{key}");
        match value {
            serde_json::Value::Object(_) => flatten(&path, value, texts),
            serde_json::Value::String(text) => {
                let (key, form) = match form_of(key) {
                    Some((base, form)) if forms_of_base[&base] > 1 => {
                        (format!("{prefix}.{base}"), Some(form))
                    }
                    _ => (path, None),
                };
                let entry = texts.0.entry(key).or_default();
                entry.0.extend(form);
                entry.1.extend(placeholders(text));
            }
            other => panic!("{path}: a text must be a string, not {other}"),
        }
    }
}

fn areas() -> Vec<String> {
    let mut areas: Vec<String> = std::fs::read_dir(root().join("locales/en"))
        .expect("app/locales/en exists")
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            name.strip_suffix(".json").map(str::to_string)
        })
        .collect();
    areas.sort();
    areas
}

fn texts_of(language: &str) -> Texts {
    let mut texts = Texts::default();
    for area in areas() {
        let file = root().join(format!("locales/{language}/{area}.json"));
        let json =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let value: serde_json::Value =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        flatten(&area, &value, &mut texts);
    }
    texts
}

fn plural_forms_needed(language: &str) -> BTreeSet<String> {
    let locale: icu_locale_core::Locale = language.parse().expect("a language tag");
    let rules = PluralRules::try_new_cardinal(locale.into()).expect("CLDR has plural rules");
    let needed: Vec<PluralCategory> = rules.categories().collect();
    PLURAL_FORMS
        .iter()
        .filter(|(_, category)| needed.contains(category))
        .map(|(form, _)| form.to_string())
        .collect()
}

#[test]
fn every_language_has_every_text_with_the_same_values() {
    let english = texts_of("en");
    assert!(!english.0.is_empty(), "no English texts found");
    for language in LANGUAGES {
        let texts = texts_of(language);
        let missing: Vec<&String> = english
            .0
            .keys()
            .filter(|k| !texts.0.contains_key(*k))
            .collect();
        let extra: Vec<&String> = texts
            .0
            .keys()
            .filter(|k| !english.0.contains_key(*k))
            .collect();
        assert!(missing.is_empty(), "{language} lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "{language} has texts English lacks: {extra:?}"
        );
        for (key, (_, values)) in &texts.0 {
            let english_values = &english.0[key].1;
            assert_eq!(
                values, english_values,
                "{language} {key}: interpolates {values:?}, English {english_values:?}"
            );
        }
    }
}

#[test]
fn every_plural_text_has_the_forms_its_language_needs() {
    for language in LANGUAGES {
        let needed = plural_forms_needed(language);
        let english = texts_of("en");
        for (key, (forms, _)) in &texts_of(language).0 {
            let plural_in_english = !english.0[key].0.is_empty();
            if needed.len() == 1 {
                // One form for every number (Indonesian): the text is written once, unsuffixed.
                assert!(forms.is_empty(), "{language} {key}: needs no plural forms");
            } else if plural_in_english || !forms.is_empty() {
                assert_eq!(forms, &needed, "{language} {key}: plural forms");
            }
        }
    }
    // The rules themselves, as CLDR gives them: Polish counts 1, 2–4 and 5+ apart.
    assert_eq!(plural_forms_needed("pl").len(), 4);
    assert_eq!(plural_forms_needed("id").len(), 1);
}

fn sources(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir)
        .expect("readable source folder")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("texts.rs") {
            out.push_str(&std::fs::read_to_string(&path).expect("readable source"));
        }
    }
}

#[test]
fn every_text_is_used() {
    let mut code = String::new();
    sources(&root().join("src"), &mut code);
    let used = |key: &str| {
        code.match_indices(key).any(|(at, _)| {
            let next = code[at + key.len()..].chars().next();
            !next.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
        })
    };
    let unused: Vec<String> = texts_of("en").0.into_keys().filter(|k| !used(k)).collect();
    assert!(unused.is_empty(), "texts no code uses: {unused:?}");
}
