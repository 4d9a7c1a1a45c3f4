//! Generates the `i18n` module from the translation catalogs in `locales/`.

use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

fn main() {
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts"));
    let options = ParseOptions::new().interpolate_display(true);
    let config = Config::new("en")
        .and_then(|config| config.add_locale("de"))
        .expect("the locale names are valid")
        .parse_options(options);
    let translations = TranslationsInfos::parse(config).expect("the translation catalogs in locales/ parse");
    translations.rerun_if_locales_changed();
    translations.emit_diagnostics();
    translations
        .generate_i18n_module(out_dir.join("i18n"))
        .expect("the i18n module can be written to OUT_DIR");
}
