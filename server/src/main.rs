//! The `register-server` binary: reads the configuration, sets up logging and runs until
//! Ctrl-C or SIGTERM.

use std::process::ExitCode;

use clap::Parser;
use register_server::{Config, telemetry};

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    telemetry::init();
    match register_server::run(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "register-server stopped");
            ExitCode::FAILURE
        }
    }
}
