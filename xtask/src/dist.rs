//! `cargo xtask dist`: the release build to deploy. It writes the widget's bundle to
//! `dist/` (the standalone page and the `register-kit.js` embed) and builds a release
//! `register-server` in cargo's target directory, after installing the tools the build
//! needs. It prints both paths.

use crate::process::{command, run_checked};
use crate::tools::{self, Needs};
use crate::workspace_root;

pub fn run() -> Result<(), String> {
    tools::ensure(Needs::Build)?;
    run_checked(command("trunk", &["build", "--release", "--offline"]))?;
    run_checked(command("cargo", &["build", "--release", "-p", "register-server"]))?;
    let root = workspace_root();
    println!();
    println!("  bundle: {}", root.join("dist").display());
    println!(
        "  server: {}",
        crate::built_binary("release", "register-server").display()
    );
    Ok(())
}
