//! `cargo xtask dev`: the widget on http://127.0.0.1:8080, served by `trunk serve`, against
//! `register-server` with its built-in ZITADEL stand-in, and the embed example
//! (`examples/host-page`) on http://127.0.0.1:8090, another origin. Ctrl-C stops all.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Child;
use std::sync::mpsc;
use std::time::Duration;

use crate::process::{command, run_checked};
use crate::tools::{self, Needs};
use crate::workspace_root;

const WIDGET_URL: &str = "http://127.0.0.1:8080";
const GATEWAY_ADDRESS: &str = "127.0.0.1:8081";
const STAND_IN_ADDRESS: &str = "127.0.0.1:8082";
/// The origin of the embed example. The gateway allows it, so its widget can call the API.
const HOST_PAGE_ORIGIN: &str = "http://127.0.0.1:8090";
const HOST_PAGE_ADDRESS: &str = "127.0.0.1:8090";

/// Returns the first of `options` that `dev` sets itself, in the form `--name` or
/// `--name=value`.
fn fixed_option_in(options: &[String]) -> Option<&'static str> {
    options.iter().find_map(|option| {
        let name = option.split('=').next().unwrap_or(option);
        FIXED_OPTIONS.into_iter().find(|fixed| *fixed == name)
    })
}

/// The register-server options that `dev` sets itself. trunk's proxy and the embed
/// example expect the gateway and the stand-in on these addresses.
const FIXED_OPTIONS: [&str; 2] = ["--listen", "--stand-in-listen"];

/// Runs the development setup; `server_options` are passed on to register-server.
pub fn run(server_options: &[String]) -> Result<(), String> {
    if let Some(option) = fixed_option_in(server_options) {
        return Err(format!(
            "{option} cannot be changed here: `cargo xtask dev` runs the gateway on {GATEWAY_ADDRESS} and the \
             stand-in on {STAND_IN_ADDRESS}, where trunk's proxy and the embed example expect them. For other \
             addresses, run register-server directly."
        ));
    }
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

    let server_binary = crate::built_binary("debug", "register-server");
    let host_page = root.join("examples/host-page/index.html");
    let host_page_listener = TcpListener::bind(HOST_PAGE_ADDRESS)
        .map_err(|error| format!("cannot listen on {HOST_PAGE_ADDRESS} for the embed example: {error}"))?;
    std::thread::spawn(move || serve_host_page(host_page_listener, host_page));

    let mut server = command(
        &server_binary.to_string_lossy(),
        &[
            "--listen",
            GATEWAY_ADDRESS,
            "--stand-in-listen",
            STAND_IN_ADDRESS,
            "--allowed-origin",
            HOST_PAGE_ORIGIN,
        ],
    );
    server.args(server_options);
    let mut server = server
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
    println!("  embed example:    {HOST_PAGE_ORIGIN}  (examples/host-page on another origin)");
    println!("  stand-in outbox:  http://{STAND_IN_ADDRESS}/stand-in/outbox");
    println!("  stand-in users:   http://{STAND_IN_ADDRESS}/stand-in/users");
    println!("  press Ctrl-C to stop everything");
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

/// Serves `page` for GET / and /index.html, read again for every request so that edits
/// show on reload. Every other request gets 404. Runs until the process exits.
fn serve_host_page(listener: TcpListener, page: PathBuf) {
    for stream in listener.incoming().flatten() {
        if let Err(error) = answer_host_page_request(stream, &page) {
            eprintln!("embed example: request failed: {error}");
        }
    }
}

fn answer_host_page_request(stream: TcpStream, page: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut header_line = String::new();
    while reader.read_line(&mut header_line)? > 2 {
        header_line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let is_page = parts.next() == Some("GET") && matches!(parts.next(), Some("/" | "/index.html"));
    let (status, body) = match is_page {
        true => match std::fs::read(page) {
            Ok(body) => ("200 OK", body),
            Err(error) => (
                "500 Internal Server Error",
                format!("cannot read {}: {error}", page.display()).into_bytes(),
            ),
        },
        false => ("404 Not Found", b"not found".to_vec()),
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\n\
         cache-control: no-cache\r\nconnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_options_are_refused() {
        let options = |list: &[&str]| list.iter().map(|option| option.to_string()).collect::<Vec<_>>();
        assert_eq!(
            fixed_option_in(&options(&["--listen", "127.0.0.1:9000"])),
            Some("--listen")
        );
        assert_eq!(
            fixed_option_in(&options(&["--stand-in-listen=127.0.0.1:9001"])),
            Some("--stand-in-listen")
        );
        assert_eq!(
            fixed_option_in(&options(&["--allowed-origin", "http://127.0.0.1:3000"])),
            None
        );
        assert_eq!(fixed_option_in(&options(&["--stand-in-delay", "1500"])), None);
    }
}
