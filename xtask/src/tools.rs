//! Installs the tools the build and the tests need, skipping each that is already present
//! in the right version.
//!
//! - the `wasm32-unknown-unknown` target, through rustup;
//! - trunk, through `cargo install --locked`;
//! - wasm-bindgen-cli, in exactly the version of the `wasm-bindgen` crate in Cargo.lock,
//!   through `cargo install` without `--locked`, because its own lockfile requires a
//!   webpki-roots version that the registry does not have;
//! - wasm-opt from binaryen 132 and the other Node tools, through `npm ci`;
//! - Chromium and chromedriver, through apt-get on Debian when running as root.

use std::path::Path;

use crate::process::{command, output_of, run_checked};
use crate::workspace_root;

pub const TRUNK_VERSION: &str = "0.21.14";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const WASM_OPT_VERSION: &str = "version 132";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The tools a command needs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// trunk, wasm-bindgen, wasm-opt and the wasm target.
    Build,
    /// Everything for `Build`, plus Chromium and chromedriver.
    BuildAndBrowser,
}

pub fn ensure(needs: Needs) -> Result<(), String> {
    ensure_wasm_target()?;
    ensure_node_tools()?;
    ensure_wasm_bindgen()?;
    ensure_trunk()?;
    if needs == Needs::BuildAndBrowser {
        ensure_browser()?;
    }
    Ok(())
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    run_checked(command("rustup", &["target", "add", WASM_TARGET]))
}

fn ensure_trunk() -> Result<(), String> {
    let expected = format!("trunk {TRUNK_VERSION}");
    if output_of("trunk", &["--version"]).is_some_and(|version| version.trim() == expected) {
        return Ok(());
    }
    println!("installing trunk {TRUNK_VERSION}; on two cores this takes about 15 minutes");
    run_checked(command(
        "cargo",
        &["install", "--locked", "trunk", "--version", TRUNK_VERSION],
    ))
}

fn ensure_wasm_bindgen() -> Result<(), String> {
    let version = pinned_wasm_bindgen_version()?;
    let expected = format!("wasm-bindgen {version}");
    if output_of("wasm-bindgen", &["--version"]).is_some_and(|output| output.trim() == expected) {
        return Ok(());
    }
    println!("installing wasm-bindgen-cli {version}; this takes about 4 minutes");
    // NOTE: without --locked on purpose; see the module comment.
    run_checked(command(
        "cargo",
        &["install", "--force", "wasm-bindgen-cli", "--version", &version],
    ))
}

/// Reads the version of the `wasm-bindgen` crate from Cargo.lock.
pub fn pinned_wasm_bindgen_version() -> Result<String, String> {
    let lock_path = workspace_root().join("Cargo.lock");
    let lock =
        std::fs::read_to_string(&lock_path).map_err(|error| format!("cannot read {}: {error}", lock_path.display()))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            let version_line = lines.next().unwrap_or_default();
            if let Some(version) = version_line.trim().strip_prefix("version = \"") {
                return Ok(version.trim_end_matches('"').to_owned());
            }
        }
    }
    Err(format!(
        "Cargo.lock has no wasm-bindgen package; build register-web once to add it ({})",
        lock_path.display()
    ))
}

fn ensure_node_tools() -> Result<(), String> {
    let root = workspace_root();
    let wasm_opt = root.join("node_modules/.bin/wasm-opt");
    let lock_is_newer = is_newer(
        &root.join("package-lock.json"),
        &root.join("node_modules/.package-lock.json"),
    );
    let wasm_opt_works = output_of(&wasm_opt.to_string_lossy(), &["--version"])
        .is_some_and(|version| version.contains(WASM_OPT_VERSION));
    if wasm_opt_works && !lock_is_newer {
        return Ok(());
    }
    if output_of("npm", &["--version"]).is_none() {
        return Err("npm is missing; install Node.js 20 or newer with npm, e.g. `apt-get install nodejs npm`".into());
    }
    run_checked(command("npm", &["ci", "--no-audit", "--no-fund"]))
}

fn is_newer(path: &Path, than: &Path) -> bool {
    let modified = |path: &Path| std::fs::metadata(path).and_then(|metadata| metadata.modified()).ok();
    match (modified(path), modified(than)) {
        (Some(left), Some(right)) => left > right,
        _ => true,
    }
}

fn ensure_browser() -> Result<(), String> {
    let has_browser = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if has_browser {
        return Ok(());
    }
    let is_debian = Path::new("/etc/debian_version").exists();
    let is_root = output_of("id", &["-u"]).is_some_and(|uid| uid.trim() == "0");
    if !(is_debian && is_root) {
        return Err(format!(
            "Chromium and chromedriver are missing: install them so that {CHROMIUM} and {CHROMEDRIVER} exist \
             (on Debian: `sudo apt-get install chromium chromium-driver`)"
        ));
    }
    let mut update = command("apt-get", &["update"]);
    update.env("DEBIAN_FRONTEND", "noninteractive");
    run_checked(update)?;
    let mut install = command("apt-get", &["install", "-y", "chromium", "chromium-driver"]);
    install.env("DEBIAN_FRONTEND", "noninteractive");
    run_checked(install)
}
