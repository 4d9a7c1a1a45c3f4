//! The ZITADEL self-registration widget: a Leptos app that runs in the browser.
//!
//! It mounts into the standalone page's `#register-kit` element or into a
//! `<zitadel-register>` custom element on any site, reads its configuration from that
//! element's attributes, talks to `register-server`'s gateway and uses `register-core` for
//! every check, request body, link and error mapping. Both share every component and the
//! stylesheet; only the mounting differs. It never changes the host page's URL and never
//! stores anything in the browser.

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod context;
pub mod element;
pub mod events;
pub mod messages;
pub mod mount;
pub mod pages;
pub mod style;

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

/// Mounts the widget into the standalone page's `#register-kit` element; `index.html` calls
/// it once trunk has started the module. It is not a start function, so `register-kit.js`
/// on another site never mounts into an element that happens to have that id.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = mountPage)]
pub fn mount_page() {
    if let Some(handle) = mount::mount_in_page() {
        handle.keep();
    }
}
