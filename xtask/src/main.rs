//! Project commands, run as `cargo xtask <command>`.
//!
//! - `dev`: runs the widget with `trunk serve` against `register-server` and its stand-in.
//! - `test`: installs the missing tools, then runs every check and test suite.
//! - `bench`: measures bundle sizes, time to an interactive form and registration
//!   throughput, and writes `BENCHMARKS.md`.

mod bench;
mod dev;
mod dist;
mod process;
mod test;
mod tools;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  dev [OPTION...]  run the widget on http://127.0.0.1:8080 against the built-in ZITADEL
                   stand-in; options go to register-server, e.g. --allowed-origin URL
  test             install missing tools, then run formatting, lints and every test suite
  dist             build the release bundle into dist/ and a release register-server
  bench            measure bundle size, load time and registration throughput into BENCHMARKS.md";

fn main() -> ExitCode {
    let mut arguments = std::env::args().skip(1);
    let command = arguments.next();
    let rest: Vec<String> = arguments.collect();
    let takes_no_options = !matches!(command.as_deref(), Some("dev"));
    if takes_no_options && !rest.is_empty() {
        eprintln!("xtask: unexpected arguments {rest:?}\n\n{USAGE}");
        return ExitCode::FAILURE;
    }
    let result = match command.as_deref() {
        Some("dev") => dev::run(&rest),
        Some("test") => test::run(),
        Some("dist") => dist::run(),
        Some("bench") => bench::run(),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other:?}\n\n{USAGE}")),
        None => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Returns cargo's target directory, where cargo builds this program as `<target>/debug/xtask`.
/// Reading it from this program's own path follows `CARGO_TARGET_DIR` and cargo's
/// configuration without asking cargo.
pub fn target_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|executable| Some(executable.parent()?.parent()?.to_path_buf()))
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// Returns the path of `binary` built with `profile`, such as `debug` or `release`.
pub fn built_binary(profile: &str, binary: &str) -> PathBuf {
    target_dir().join(profile).join(binary)
}

/// Returns the workspace root: the parent of this crate's directory. `cargo run` sets
/// CARGO_MANIFEST_DIR for the checkout it runs in. The value compiled in is only the
/// fallback, because checkouts that share a target directory also share this binary.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}
