//! The ZITADEL self-registration widget: a Leptos app that runs in the browser.
//!
//! It mounts into a given element, reads its configuration from that element's data
//! attributes, talks to `register-server`'s gateway and uses `register-core` for every
//! check, request body, link and error mapping. It never changes the host page's URL and
//! never stores anything in the browser.

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod context;
pub mod events;
pub mod messages;
pub mod mount;
pub mod pages;

/// The generated translation module: the `Locale` enum and the catalogs of `locales/`.
// NOTE: leptos_i18n 0.6 deprecates count ranges in favour of ICU plurals. Its `plurals`
// feature needs baked ICU data, which Cargo cannot resolve together with the ICU crates of
// the build script. Ranges cover the one and other forms that English and German need.
#[allow(deprecated)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
pub use generated::i18n;

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the widget into the page's `#register-kit` element when the module loads. Pages
/// without that element, such as the test runner's, get no widget.
#[cfg(not(test))]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    if let Some(handle) = mount::mount_in_page() {
        handle.keep();
    }
}
