//! Project commands, run as `cargo xtask <command>`.
//!
//! - `dev`: runs the widget with `trunk serve` against `register-server` and its stand-in.
//! - `test`: installs the missing tools, then runs every check and test suite.
//! - `bench`: measures bundle sizes, time to an interactive form and registration
//!   throughput, and writes `BENCHMARKS.md`.

mod bench;
mod dev;
mod process;
mod test;
mod tools;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  dev     run the widget on http://127.0.0.1:8080 against the built-in ZITADEL stand-in
  test    install missing tools, then run formatting, lints and every test suite
  bench   measure bundle size, load time and registration throughput into BENCHMARKS.md";

fn main() -> ExitCode {
    let command = std::env::args().nth(1);
    let result = match command.as_deref() {
        Some("dev") => dev::run(),
        Some("test") => test::run(),
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

/// Returns the workspace root: the parent of this crate's directory.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}
