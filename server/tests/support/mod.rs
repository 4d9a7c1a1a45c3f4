//! Helpers for the integration tests: temporary token files, servers on loopback ports
//! and an HTTP client.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::Parser;
use register_server::{Config, Running};

pub const SERVICE_TOKEN: &str = "integration-service-token-5f2b9c";
pub const ADMIN_TOKEN: &str = "integration-admin-token-8d41e7";
pub const PASSWORD: &str = "Integr4tion-Passw0rd!";

/// A directory with the token files, removed on drop.
pub struct TokenFiles {
    directory: PathBuf,
}

impl TokenFiles {
    pub fn new() -> TokenFiles {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let directory = std::env::temp_dir().join(format!(
            "register-server-it-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&directory).unwrap();
        std::fs::write(directory.join("service-token"), format!("{SERVICE_TOKEN}\n")).unwrap();
        std::fs::write(directory.join("admin-token"), format!("{ADMIN_TOKEN}\n")).unwrap();
        TokenFiles { directory }
    }

    pub fn service_token(&self) -> String {
        self.path("service-token")
    }

    pub fn admin_token(&self) -> String {
        self.path("admin-token")
    }

    pub fn directory(&self) -> &Path {
        &self.directory
    }

    fn path(&self, name: &str) -> String {
        self.directory.join(name).to_str().unwrap().to_owned()
    }
}

impl Drop for TokenFiles {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.directory);
    }
}

/// Starts `register-server` with `arguments`, as the binary would parse them.
pub async fn start(arguments: &[&str]) -> Running {
    let mut all = vec!["register-server"];
    all.extend_from_slice(arguments);
    let config = Config::try_parse_from(all).unwrap();
    register_server::start(&config).await.unwrap()
}

/// Starts the gateway with the built-in stand-in, both on free loopback ports.
pub async fn start_built_in(tokens: &TokenFiles, extra: &[&str]) -> Running {
    let service_token = tokens.service_token();
    let admin_token = tokens.admin_token();
    let mut arguments = vec![
        "--listen",
        "127.0.0.1:0",
        "--stand-in-listen",
        "127.0.0.1:0",
        "--service-token-file",
        &service_token,
        "--admin-token-file",
        &admin_token,
        "--allowed-origin",
        "http://127.0.0.1:8080",
    ];
    arguments.extend_from_slice(extra);
    start(&arguments).await
}

pub fn url(address: Option<std::net::SocketAddr>, path: &str) -> String {
    format!("http://{}{path}", address.unwrap())
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

pub fn password_registration(user_name: &str) -> serde_json::Value {
    serde_json::json!({
        "userName": user_name,
        "profile": { "firstName": "Minnie", "lastName": "Mouse", "preferredLanguage": "en" },
        "email": { "email": "minnie@mouse.com" },
        "password": PASSWORD
    })
}

pub fn passkey_registration(user_name: &str) -> serde_json::Value {
    serde_json::json!({
        "userName": user_name,
        "profile": { "firstName": "Mickey", "lastName": "Mouse" },
        "email": { "email": "mickey@mouse.com" },
        "requestPasswordlessRegistration": true
    })
}
