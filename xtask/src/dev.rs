//! `cargo xtask dev`: the widget on http://127.0.0.1:8080, served by `trunk serve`, against
//! `register-server` with its built-in ZITADEL stand-in. Ctrl-C stops both.

use std::process::Child;
use std::sync::mpsc;
use std::time::Duration;

use crate::process::{command, run_checked};
use crate::tools::{self, Needs};
use crate::workspace_root;

const WIDGET_URL: &str = "http://127.0.0.1:8080";
const GATEWAY_ADDRESS: &str = "127.0.0.1:8081";
const STAND_IN_ADDRESS: &str = "127.0.0.1:8082";

pub fn run() -> Result<(), String> {
    let root = workspace_root();
    let missing: Vec<&str> = [
        (
            root.join("server/src/main.rs").exists(),
            "the server (server/src/main.rs)",
        ),
        (root.join("web/Cargo.toml").exists(), "the web app (web/Cargo.toml)"),
        (root.join("index.html").exists(), "the page trunk builds (index.html)"),
        (root.join("Trunk.toml").exists(), "the trunk configuration (Trunk.toml)"),
    ]
    .into_iter()
    .filter(|(exists, _)| !exists)
    .map(|(_, what)| what)
    .collect();
    if !missing.is_empty() {
        return Err(format!("cannot start yet; missing: {}", missing.join(", ")));
    }

    tools::ensure(Needs::Build)?;
    run_checked(command("cargo", &["build", "-p", "register-server"]))?;

    let server_binary = root.join("target/debug/register-server");
    let mut server = command(
        &server_binary.to_string_lossy(),
        &["--listen", GATEWAY_ADDRESS, "--stand-in-listen", STAND_IN_ADDRESS],
    )
    .spawn()
    .map_err(|error| format!("could not start {}: {error}", server_binary.display()))?;

    let trunk = command("trunk", &["serve", "--offline"]).spawn();
    let mut trunk = match trunk {
        Ok(trunk) => trunk,
        Err(error) => {
            stop(&mut server);
            return Err(format!("could not start trunk serve: {error}"));
        }
    };

    println!();
    println!("  widget:           {WIDGET_URL}  (ready once trunk prints that it is serving)");
    println!("  stand-in outbox:  http://{STAND_IN_ADDRESS}/stand-in/outbox");
    println!("  stand-in users:   http://{STAND_IN_ADDRESS}/stand-in/users");
    println!("  press Ctrl-C to stop both");
    println!();

    let (stop_sender, stop_receiver) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop_sender.send(());
    })
    .map_err(|error| format!("could not install the Ctrl-C handler: {error}"))?;

    let outcome = loop {
        if stop_receiver.recv_timeout(Duration::from_millis(300)).is_ok() {
            break Ok(());
        }
        if let Ok(Some(status)) = server.try_wait() {
            break Err(format!("register-server exited with {status}"));
        }
        if let Ok(Some(status)) = trunk.try_wait() {
            break Err(format!("trunk serve exited with {status}"));
        }
    };
    stop(&mut trunk);
    stop(&mut server);
    println!("stopped register-server and trunk serve");
    outcome
}

/// Asks a child to stop with SIGTERM, so that it can stop its own children, then kills
/// it if it is still running after five seconds.
fn stop(child: &mut Child) {
    if !matches!(child.try_wait(), Ok(None)) {
        return;
    }
    let _ = command("kill", &["-TERM", &child.id().to_string()]).status();
    for _ in 0..50 {
        if !matches!(child.try_wait(), Ok(None)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
}
