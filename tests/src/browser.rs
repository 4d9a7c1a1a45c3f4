//! Headless Chromium through chromedriver, with a fresh profile per browser.

use std::future::Future;
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use serde_json::{Map, Value, json};
use tokio::process::{Child, Command};

use crate::free_port;

/// The Chromium flags for a root user in a container without network access beyond
/// loopback: no sandbox, no GPU, and none of Chromium's own background connections.
const CHROMIUM_FLAGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// A running chromedriver with one Chromium session.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver on a free loopback port and opens an English session with a
    /// new profile.
    pub async fn start() -> Browser {
        Browser::start_with_language("en-US").await
    }

    /// Starts a browser whose preferred language, as `navigator.language` reports it, is
    /// `language`, such as `de-DE`.
    pub async fn start_with_language(language: &str) -> Browser {
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".to_owned());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
        let profile = tempfile::Builder::new()
            .prefix("register-e2e-chromium-")
            .tempdir()
            .expect("temp dir");

        let port = free_port();
        let mut driver = Command::new(&chromedriver);
        driver
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .process_group(0);
        let driver = driver
            .spawn()
            .unwrap_or_else(|error| panic!("could not start {chromedriver}: {error}"));

        let mut arguments: Vec<String> = CHROMIUM_FLAGS.iter().map(|flag| (*flag).to_owned()).collect();
        arguments.push(format!("--user-data-dir={}", profile.path().display()));
        arguments.push("--window-size=1280,900".to_owned());
        arguments.push(format!("--lang={language}"));
        arguments.push(format!("--accept-lang={language}"));
        let preferences = json!({ "intl": { "accept_languages": language } });
        let mut capabilities = Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({ "binary": chromium, "args": arguments, "prefs": preferences }),
        );

        let webdriver_url = format!("http://127.0.0.1:{port}");
        let client = connect(&webdriver_url, capabilities).await;
        Browser {
            client,
            driver,
            _profile: profile,
        }
    }

    /// Ends the WebDriver session first, so that Chromium exits, then stops chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        kill_process_group(&self.driver);
        let _ = self.driver.kill().await;
    }
}

/// Connects to chromedriver, retrying while it starts up.
async fn connect(webdriver_url: &str, capabilities: Map<String, Value>) -> Client {
    let mut last_error = String::new();
    for _ in 0..100 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let result = ClientBuilder::new(connector)
            .capabilities(capabilities.clone())
            .connect(webdriver_url)
            .await;
        match result {
            Ok(client) => return client,
            Err(error) => last_error = error.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver at {webdriver_url} did not accept a session: {last_error}");
}

/// Kills chromedriver and every Chromium process it started, which share its group.
fn kill_process_group(child: &Child) {
    if let Some(pid) = child.id() {
        let _ = std::process::Command::new("kill")
            .args(["-KILL", "--", &format!("-{pid}")])
            .status();
    }
}

/// Runs `scenario` with a fresh browser, and closes the browser even when the scenario
/// panics, so that no Chromium outlives a failed test.
pub async fn in_browser<F, Fut>(scenario: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    in_browser_with_language("en-US", scenario).await;
}

/// Runs `scenario` like [`in_browser`], in a browser that prefers `language`.
pub async fn in_browser_with_language<F, Fut>(language: &str, scenario: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let browser = Browser::start_with_language(language).await;
    let outcome = tokio::spawn(scenario(browser.client.clone())).await;
    browser.close().await;
    if let Err(error) = outcome {
        match error.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(error) => panic!("scenario did not finish: {error}"),
        }
    }
}
