//! Running child processes with the project's tool directory on PATH.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::workspace_root;

/// Returns PATH with `node_modules/.bin` first, so that trunk finds binaryen's wasm-opt 132
/// before any other wasm-opt, such as Debian's 108, which writes broken wasm.
pub fn tool_path() -> OsString {
    let node_bin = workspace_root().join("node_modules").join(".bin");
    let cargo_bin = cargo_home().join("bin");
    let current = std::env::var_os("PATH").unwrap_or_default();
    let mut entries = vec![node_bin, cargo_bin];
    entries.extend(std::env::split_paths(&current));
    std::env::join_paths(entries).unwrap_or(current)
}

pub fn cargo_home() -> std::path::PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(Into::into)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .unwrap_or_else(|| ".cargo".into())
}

/// Builds a command that runs in the workspace root with the tool PATH.
pub fn command(program: &str, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(workspace_root())
        .env("PATH", tool_path());
    command
}

/// Runs a command, streaming its output, and returns whether it succeeded.
pub fn run_status(mut command: Command) -> Result<bool, String> {
    let description = describe(&command);
    println!("$ {description}");
    let status = command
        .status()
        .map_err(|error| format!("could not start {description}: {error}"))?;
    Ok(status.success())
}

/// Runs a command, requires success, and returns nothing.
pub fn run_checked(command: Command) -> Result<(), String> {
    let description = describe(&command);
    if run_status(command)? {
        Ok(())
    } else {
        Err(format!("{description} failed"))
    }
}

/// Runs a command and returns its standard output, or None when it cannot start or fails.
pub fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let output = command(program, args).stderr(Stdio::null()).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Runs a command while echoing every output line, and returns the lines and whether it
/// succeeded. Standard error is merged into the same stream, in order.
pub fn run_capturing(mut command: Command) -> Result<(bool, Vec<String>), String> {
    let description = describe(&command);
    println!("$ {description}");
    let (reader, writer) = std::io::pipe().map_err(|error| format!("could not create a pipe: {error}"))?;
    let writer_for_stderr = writer
        .try_clone()
        .map_err(|error| format!("could not clone a pipe: {error}"))?;
    command.stdout(writer).stderr(writer_for_stderr);
    let mut child = command
        .spawn()
        .map_err(|error| format!("could not start {description}: {error}"))?;
    drop(command);

    let mut lines = Vec::new();
    for line in BufReader::new(reader).lines() {
        let line = line.unwrap_or_default();
        println!("{line}");
        lines.push(line);
    }
    let status = child
        .wait()
        .map_err(|error| format!("{description} did not finish: {error}"))?;
    Ok((status.success(), lines))
}

fn describe(command: &Command) -> String {
    let mut parts = vec![command.get_program().to_string_lossy().into_owned()];
    parts.extend(command.get_args().map(|arg| arg.to_string_lossy().into_owned()));
    parts.join(" ")
}
