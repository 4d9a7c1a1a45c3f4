//! Runs the `register-server` binary as a separate process, as the browser tests do, and
//! checks its command line, its start-up output and its graceful stop.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use reqwest::StatusCode;

/// How long to wait for an expected output line before the test fails. It bounds a hang,
/// and no test asserts how fast a line arrives.
const LINE_WAIT: Duration = Duration::from_secs(60);

struct Process {
    child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

impl Process {
    fn start(arguments: &[&str]) -> Process {
        let mut child = Command::new(env!("CARGO_BIN_EXE_register-server"))
            .args(arguments)
            .env_clear()
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = lines(child.stderr.take().unwrap());
        Process { child, stdout, stderr }
    }

    /// Sends SIGTERM to this process and returns whether it exited successfully.
    fn terminate(mut self) -> (bool, Vec<String>) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let exit = self.child.wait().unwrap();
        let rest: Vec<String> = self.stderr.iter().collect();
        (exit.success(), rest)
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines(stream: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (sender, receiver) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

/// Returns the first line that contains `text`, and every line before it.
fn wait_for(receiver: &Receiver<String>, text: &str) -> (String, Vec<String>) {
    let mut earlier = Vec::new();
    loop {
        match receiver.recv_timeout(LINE_WAIT) {
            Ok(line) if line.contains(text) => return (line, earlier),
            Ok(line) => earlier.push(line),
            Err(error) => panic!("no line with {text:?} ({error}); output so far: {earlier:#?}"),
        }
    }
}

/// Reads `address=IP:PORT` from a log line.
fn address_in(line: &str) -> String {
    let start = line.find("address=").expect("log line has an address") + "address=".len();
    line[start..].split_whitespace().next().unwrap().to_owned()
}

/// Reads the token at the end of a printed token line.
fn token_in(line: &str) -> String {
    line.rsplit(": ").next().unwrap().trim().to_owned()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

#[tokio::test]
async fn stand_in_prints_generated_tokens_that_work() {
    let process = Process::start(&[
        "stand-in",
        "--stand-in-listen",
        "127.0.0.1:0",
        "--stand-in-public-origin",
        "http://127.0.0.1:18082",
    ]);
    let (service_line, _) = wait_for(&process.stdout, "service token");
    let (admin_line, _) = wait_for(&process.stdout, "admin token");
    let (listening, _) = wait_for(&process.stderr, "stand-in listening");
    let base = format!("http://{}", address_in(&listening));
    let client = client();

    let policy = format!("{base}/management/v1/policies/password/complexity");
    for line in [&service_line, &admin_line] {
        let response = client.get(&policy).bearer_auth(token_in(line)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{line}");
    }
    let link = format!("{base}/management/v1/users/1/passwordless/_link");
    let response = client
        .post(&link)
        .bearer_auth(token_in(&service_line))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    let body = serde_json::json!({
        "userName": "origin-user",
        "profile": { "firstName": "Ori", "lastName": "Gin" },
        "email": { "email": "ori@gin.example" },
        "requestPasswordlessRegistration": true
    });
    let created: serde_json::Value = client
        .post(format!("{base}/management/v1/users/human/_import"))
        .bearer_auth(token_in(&service_line))
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let registration_link = created["passwordlessRegistration"]["link"].as_str().unwrap();
    assert!(
        registration_link.starts_with("http://127.0.0.1:18082/ui/login/"),
        "{registration_link}"
    );

    let (exited_cleanly, rest) = process.terminate();
    assert!(exited_cleanly, "{rest:#?}");
    assert!(rest.iter().any(|line| line.contains("stopped")), "{rest:#?}");
}

#[tokio::test]
async fn default_command_starts_gateway_and_stand_in() {
    let process = Process::start(&["--listen", "127.0.0.1:0", "--stand-in-listen", "127.0.0.1:0"]);
    let (gateway_line, earlier) = wait_for(&process.stderr, "gateway listening");
    assert!(
        earlier.iter().any(|line| line.contains("in memory only")),
        "{earlier:#?}"
    );
    assert!(
        earlier.iter().any(|line| line.contains("stand-in listening")),
        "{earlier:#?}"
    );
    let (admin_line, printed_before) = wait_for(&process.stdout, "admin token");
    assert!(printed_before.is_empty(), "{printed_before:#?}");
    assert!(!admin_line.contains("service token"));

    let gateway = format!("http://{}", address_in(&gateway_line));
    let client = client();
    let health = client.get(format!("{gateway}/healthz")).send().await.unwrap();
    assert_eq!(health.text().await.unwrap(), "ok");
    let body = serde_json::json!({
        "userName": "binary-user",
        "profile": { "firstName": "Bin", "lastName": "Ary" },
        "email": { "email": "bin@ary.example" },
        "password": "Bin4ry-Passw0rd!"
    });
    let created = client
        .post(format!("{gateway}/management/v1/users/human/_import"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::OK);

    let (exited_cleanly, rest) = process.terminate();
    assert!(exited_cleanly, "{rest:#?}");
}

#[test]
fn help_lists_options_with_units() {
    let output = Command::new(env!("CARGO_BIN_EXE_register-server"))
        .arg("--help")
        .env_clear()
        .output()
        .unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for text in [
        "--listen",
        "--stand-in-listen",
        "--dist",
        "--allowed-origin",
        "--passwordless-expiry",
        "in seconds",
        "stand-in",
    ] {
        assert!(help.contains(text), "help lacks {text:?}");
    }
}

#[test]
fn invalid_option_fails_with_message() {
    let output = Command::new(env!("CARGO_BIN_EXE_register-server"))
        .args(["--methods", "sms"])
        .env_clear()
        .output()
        .unwrap();
    assert!(!output.status.success());
    let message = String::from_utf8(output.stderr).unwrap();
    assert!(message.contains("unknown registration method \"sms\""), "{message}");
}
