//! Generates the `i18n` module from the translation catalogs in `locales/`, and writes the
//! widget's stylesheet without comments and indentation for `style.rs` to include.

use std::path::{Path, PathBuf};

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

/// The stylesheet, relative to this crate.
const STYLESHEET: &str = "../style/register.css";

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

    write_compact_stylesheet(Path::new(STYLESHEET), &out_dir.join("register.css"));
}

/// Copies the stylesheet without comments, indentation and blank lines. The wasm module
/// carries the result, so this keeps the comments out of the bundle.
fn write_compact_stylesheet(source: &Path, target: &Path) {
    println!("cargo::rerun-if-changed={}", source.display());
    let css = std::fs::read_to_string(source).expect("style/register.css is readable");
    let mut without_comments = String::with_capacity(css.len());
    let mut rest = css.as_str();
    while let Some(start) = rest.find("/*") {
        without_comments.push_str(&rest[..start]);
        let length = rest[start..]
            .find("*/")
            .expect("every comment in style/register.css is closed");
        rest = &rest[start + length + 2..];
    }
    without_comments.push_str(rest);
    let compact: Vec<&str> = without_comments
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    std::fs::write(target, compact.join("\n")).expect("the stylesheet can be written to OUT_DIR");
}
