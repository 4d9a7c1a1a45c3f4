//! A stand-in process and a gateway process, started from the `register-server` binary.
//!
//! The gateway serves the release bundle from `dist/` and forwards to the stand-in over
//! real HTTP, as it would forward to ZITADEL. The two are separate processes so that a
//! test can stop and restart the gateway while the stand-in keeps its users.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tokio::process::{Child, Command};

use crate::{free_port, workspace_root};

/// The service token both processes share. It is a test value, never a real secret.
pub const SERVICE_TOKEN: &str = "e2e-service-token-4f1c9a";

/// The admin token of the stand-in.
pub const ADMIN_TOKEN: &str = "e2e-admin-token-7d2b0e";

/// Settings that differ between tests.
#[derive(Clone, Debug, Default)]
pub struct StackOptions {
    /// The stand-in's passwordless code lifetime in seconds; the stand-in default if None.
    pub passwordless_expiry_seconds: Option<u64>,
    /// Origins the gateway admits for CORS.
    pub allowed_origins: Vec<String>,
    /// Extra arguments for the gateway.
    pub gateway_arguments: Vec<String>,
    /// Extra arguments for the stand-in.
    pub stand_in_arguments: Vec<String>,
    /// Starts the gateway without the release bundle, for tests that need only the API.
    pub without_bundle: bool,
    /// The gateway's per-IP limit on registrations per minute. None turns it off, because
    /// every test browser shares the address 127.0.0.1.
    pub rate_limit_per_minute: Option<u32>,
}

/// One server process; its output goes to a file in the stack's log directory.
struct ServerProcess {
    child: Child,
}

/// The running stand-in and gateway.
pub struct Stack {
    stand_in: ServerProcess,
    gateway: Option<ServerProcess>,
    gateway_port: u16,
    stand_in_port: u16,
    options: StackOptions,
    log_dir: tempfile::TempDir,
    http: reqwest::Client,
}

impl Stack {
    /// Starts the stand-in and the gateway and waits until both respond.
    pub async fn start(options: StackOptions) -> Stack {
        let log_dir = tempfile::Builder::new()
            .prefix("register-e2e-logs-")
            .tempdir()
            .expect("temp dir");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("http client");
        let stand_in_port = free_port();
        let stand_in = start_stand_in(&log_dir, stand_in_port, &options).await;
        let mut stack = Stack {
            stand_in,
            gateway: None,
            gateway_port: free_port(),
            stand_in_port,
            options,
            log_dir,
            http,
        };
        stack.start_gateway().await;
        stack
    }

    /// Returns the gateway's origin, which also serves the widget page.
    pub fn gateway_origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.gateway_port)
    }

    /// Returns the stand-in's origin, where registration links point.
    pub fn stand_in_origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.stand_in_port)
    }

    /// Returns the widget page's address.
    pub fn widget_url(&self) -> String {
        format!("{}/", self.gateway_origin())
    }

    /// Stops the gateway process and waits until it has exited.
    pub async fn stop_gateway(&mut self) {
        if let Some(mut gateway) = self.gateway.take() {
            let _ = gateway.child.kill().await;
        }
    }

    /// Replaces the gateway's extra arguments. They take effect at the next
    /// [`Stack::start_gateway`].
    pub fn set_gateway_arguments(&mut self, arguments: Vec<String>) {
        self.options.gateway_arguments = arguments;
    }

    /// Starts the gateway on its port, again if it was stopped.
    pub async fn start_gateway(&mut self) {
        assert!(self.gateway.is_none(), "gateway is already running");
        let number = std::fs::read_dir(self.log_dir.path())
            .map(|entries| entries.count())
            .unwrap_or(0);
        let log_path = self.log_dir.path().join(format!("gateway-{number}.log"));
        let mut arguments = vec![
            "--listen".to_owned(),
            format!("127.0.0.1:{}", self.gateway_port),
            "--upstream".to_owned(),
            self.stand_in_origin(),
            "--rate-limit-per-minute".to_owned(),
            self.options.rate_limit_per_minute.unwrap_or(0).to_string(),
        ];
        if !self.options.without_bundle {
            arguments.push("--dist".to_owned());
            arguments.push(dist_dir().display().to_string());
        }
        for origin in &self.options.allowed_origins {
            arguments.push("--allowed-origin".to_owned());
            arguments.push(origin.clone());
        }
        arguments.extend(self.options.gateway_arguments.iter().cloned());
        let child = spawn_server(&arguments, &log_path);
        self.gateway = Some(ServerProcess { child });
        wait_until_ready(&self.http, &format!("{}/healthz", self.gateway_origin())).await;
    }

    /// Returns the stand-in's users, as `/stand-in/users` lists them.
    pub async fn users(&self) -> Vec<Value> {
        self.stand_in_list("users").await
    }

    /// Returns the mails the stand-in would have sent.
    pub async fn outbox(&self) -> Vec<Value> {
        self.stand_in_list("outbox").await
    }

    async fn stand_in_list(&self, name: &str) -> Vec<Value> {
        let url = format!("{}/stand-in/{name}", self.stand_in_origin());
        let response = self
            .http
            .get(&url)
            .send()
            .await
            .unwrap_or_else(|error| panic!("GET {url} failed: {error}"));
        let body: Value = response
            .json()
            .await
            .unwrap_or_else(|error| panic!("GET {url} is not JSON: {error}"));
        match body {
            Value::Array(items) => items,
            Value::Object(mut map) => match map.remove(name) {
                Some(Value::Array(items)) => items,
                other => panic!("GET {url} has no {name} list: {other:?}"),
            },
            other => panic!("GET {url} returned {other}"),
        }
    }

    /// Returns everything both processes have written so far.
    pub fn logs(&self) -> String {
        let mut text = String::new();
        let entries = std::fs::read_dir(self.log_dir.path()).expect("log dir is readable");
        for entry in entries.flatten() {
            text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
        text
    }

    /// Returns the HTTP client the harness uses, for direct requests to the gateway.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        let _ = self.stand_in.child.start_kill();
        if let Some(gateway) = self.gateway.as_mut() {
            let _ = gateway.child.start_kill();
        }
    }
}

async fn start_stand_in(log_dir: &tempfile::TempDir, port: u16, options: &StackOptions) -> ServerProcess {
    let log_path = log_dir.path().join("stand-in.log");
    let origin = format!("http://127.0.0.1:{port}");
    let mut arguments = vec![
        "stand-in".to_owned(),
        "--stand-in-listen".to_owned(),
        format!("127.0.0.1:{port}"),
        "--stand-in-public-origin".to_owned(),
        origin.clone(),
    ];
    if let Some(seconds) = options.passwordless_expiry_seconds {
        arguments.push("--passwordless-expiry".to_owned());
        arguments.push(seconds.to_string());
    }
    arguments.extend(options.stand_in_arguments.iter().cloned());
    let child = spawn_server(&arguments, &log_path);
    let http = reqwest::Client::new();
    wait_until_ready(&http, &format!("{origin}/stand-in/users")).await;
    ServerProcess { child }
}

fn spawn_server(arguments: &[String], log_path: &Path) -> Child {
    let binary = server_binary();
    let log = File::create(log_path).expect("log file");
    let log_for_stderr = log.try_clone().expect("log file handle");
    Command::new(&binary)
        .args(arguments)
        .env("REGISTER_SERVICE_TOKEN", SERVICE_TOKEN)
        .env("REGISTER_ADMIN_TOKEN", ADMIN_TOKEN)
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::from(log))
        .stderr(Stdio::from(log_for_stderr))
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|error| panic!("could not start {}: {error}", binary.display()))
}

async fn wait_until_ready(http: &reqwest::Client, url: &str) {
    for _ in 0..300 {
        if let Ok(response) = http.get(url).send().await
            && response.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{url} did not answer within 30 s; see the server log");
}

/// Returns the server binary: `REGISTER_SERVER_BIN`, else the debug build beside this
/// test program, which cargo puts in `<target>/debug/deps/`.
pub fn server_binary() -> PathBuf {
    let beside_tests = || {
        let executable = std::env::current_exe().ok()?;
        Some(executable.parent()?.parent()?.join("register-server"))
    };
    let binary = std::env::var_os("REGISTER_SERVER_BIN")
        .map(PathBuf::from)
        .or_else(beside_tests)
        .unwrap_or_else(|| workspace_root().join("target/debug/register-server"));
    assert!(
        binary.exists(),
        "{} is missing; run `cargo build -p register-server` or `cargo xtask test`",
        binary.display()
    );
    binary
}

/// Returns the release bundle directory: `REGISTER_DIST`, else `dist/` in the workspace.
pub fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("REGISTER_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist"));
    assert!(
        dist.join("index.html").exists(),
        "{} has no index.html; run `trunk build --release` or `cargo xtask test`",
        dist.display()
    );
    dist
}
