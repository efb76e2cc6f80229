//! Turns the shop's texts (`locales/<locale>/<area>.json`) into the typed `i18n` module: a key
//! that is used but missing in English fails the build; `app/src/i18n.rs`'s tests fail on a key
//! missing in another language, a plural form a language needs, or a key nobody uses.

use std::error::Error;
use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

/// The areas of the shop that have texts, one file each per language.
const AREAS: [&str; 8] = [
    "common", "catalog", "search", "cart", "checkout", "orders", "account", "mails",
];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("cargo sets OUT_DIR")?).join("i18n");
    let config = Config::new("en")?
        .add_locales(["pl", "it", "id"])?
        .add_namespaces(AREAS)?
        // Texts with values must also render to plain strings (mails, error messages).
        .parse_options(ParseOptions::default().interpolate_display(true));
    let texts = TranslationsInfos::parse(config)?;
    texts.emit_diagnostics();
    texts.rerun_if_locales_changed();
    texts.generate_i18n_module(out)?;
    Ok(())
}
