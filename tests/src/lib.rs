//! Harness for the browser end-to-end tests and the benchmark: real `register-server`
//! processes and a real headless Chromium driven by chromedriver, all on 127.0.0.1.
//!
//! [`Stack`] starts a stand-in process and a gateway process that serves the release
//! bundle, each on a free loopback port, so several tests can run side by side. [`Browser`]
//! starts chromedriver and a Chromium session with a fresh profile. [`HostSite`] serves
//! host pages for the embed on another loopback port.

pub mod axe;
pub mod browser;
pub mod embedded;
pub mod host_page;
pub mod stack;
pub mod widget;

pub use browser::{Browser, in_browser, in_browser_with_language};
pub use host_page::HostSite;
pub use stack::{Stack, StackOptions};

use std::path::PathBuf;

/// Returns the workspace root. `cargo test` sets CARGO_MANIFEST_DIR for the checkout it
/// runs in. The value compiled in is only the fallback, because checkouts that share a
/// target directory also share compiled code.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}

/// Returns a port on 127.0.0.1 that was free a moment ago. Another process may take it
/// before the caller binds it, which the callers handle by retrying a start.
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binding 127.0.0.1:0 failed");
    listener.local_addr().expect("bound listener has an address").port()
}
