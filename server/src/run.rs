//! Starting and stopping the servers: the gateway with the built-in stand-in, the gateway
//! with a real upstream, or the stand-in alone.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::path::Path;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use url::Url;

use crate::clock::Clock;
use crate::config::{Command, Config};
use crate::error::StartError;
use crate::gateway::{self, GatewaySettings, RateLimitSettings, TicketKey};
use crate::secret::Secret;
use crate::stand_in::{self, StandIn, StandInSettings};

/// Servers that are running, and the means to stop them.
#[derive(Debug)]
pub struct Running {
    gateway_address: Option<SocketAddr>,
    stand_in_address: Option<SocketAddr>,
    stop: watch::Sender<bool>,
    tasks: JoinSet<std::io::Result<()>>,
}

impl Running {
    /// Returns the gateway's bound address, unless only the stand-in runs.
    pub fn gateway_address(&self) -> Option<SocketAddr> {
        self.gateway_address
    }

    /// Returns the stand-in's bound address, unless the gateway uses a real upstream.
    pub fn stand_in_address(&self) -> Option<SocketAddr> {
        self.stand_in_address
    }

    /// Waits until a server stops by itself, which happens only on an error.
    pub async fn wait_for_failure(&mut self) -> Result<(), StartError> {
        match self.tasks.join_next().await {
            Some(result) => task_result(result),
            None => std::future::pending().await,
        }
    }

    /// Stops every server gracefully and waits for them.
    pub async fn stop(mut self) -> Result<(), StartError> {
        let _ = self.stop.send(true);
        while let Some(result) = self.tasks.join_next().await {
            task_result(result)?;
        }
        tracing::info!("stopped");
        Ok(())
    }
}

fn task_result(result: Result<std::io::Result<()>, tokio::task::JoinError>) -> Result<(), StartError> {
    match result {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => Err(StartError::Serve(error)),
        Err(join_error) => Err(StartError::Serve(std::io::Error::other(join_error))),
    }
}

/// Starts the servers that `config` selects, and returns once every listener is open.
pub async fn start(config: &Config) -> Result<Running, StartError> {
    let (stop, stopped) = watch::channel(false);
    match config.command {
        Some(Command::StandIn) => start_stand_in_alone(config, stop, stopped).await,
        None => start_gateway(config, stop, stopped).await,
    }
}

/// Runs until Ctrl-C or SIGTERM, then stops gracefully.
pub async fn run(config: Config) -> Result<(), StartError> {
    // The signal handlers are installed before the listeners open, so that a signal that
    // arrives right after start-up stops the servers gracefully too.
    let shutdown = shutdown_signal();
    let mut running = start(&config).await?;
    tokio::select! {
        () = shutdown => {
            tracing::info!("shutdown requested");
            running.stop().await
        }
        result = running.wait_for_failure() => result,
    }
}

async fn start_stand_in_alone(
    config: &Config,
    stop: watch::Sender<bool>,
    stopped: watch::Receiver<bool>,
) -> Result<Running, StartError> {
    let service_token = token_or_generated(config.service_token()?, "service token (ORG_USER_MANAGER permissions)");
    let admin_token = token_or_generated(config.admin_token()?, "admin token (all permissions)");
    let listener = bind(config.stand_in_listen).await?;
    let address = local_address(&listener)?;
    let stand_in = stand_in_for(config, address, service_token, admin_token);
    warn_in_memory();
    tracing::info!(address = %address, org_id = %stand_in.settings().org_id, "stand-in listening");
    let mut tasks = JoinSet::new();
    tasks.spawn(serve(listener, stand_in::app(stand_in), stopped));
    Ok(Running {
        gateway_address: None,
        stand_in_address: Some(address),
        stop,
        tasks,
    })
}

async fn start_gateway(
    config: &Config,
    stop: watch::Sender<bool>,
    stopped: watch::Receiver<bool>,
) -> Result<Running, StartError> {
    // Settings that can fail are checked before any listener opens.
    let ticket_key = match &config.ticket_key_file {
        Some(path) => TicketKey::read_file(path)?,
        None => TicketKey::generate(),
    };
    if let Some(dist) = &config.dist {
        check_dist(dist)?;
    }
    if !gateway::upstream_timeout_fits_widget(config.upstream_timeout()) {
        tracing::warn!(
            upstream_timeout_seconds = config.upstream_timeout,
            "--upstream-timeout is longer than 12 s: with the password policy wait, a slow ZITADEL \
             outlasts the widget's 15 s and shows as a browser timeout instead of the gateway's 504"
        );
    }

    let mut tasks = JoinSet::new();
    let (upstream, service_token, org_id, stand_in_address) = match &config.upstream {
        Some(upstream) => {
            let service_token = config.service_token()?.ok_or(StartError::MissingServiceToken)?;
            (upstream.clone(), service_token, config.org_id.clone(), None)
        }
        None => {
            // Only the gateway needs this token, so a generated one is never printed.
            let service_token = config.service_token()?.unwrap_or_else(Secret::generate);
            let admin_token = token_or_generated(config.admin_token()?, "admin token (all permissions)");
            let listener = bind(config.stand_in_listen).await?;
            let address = local_address(&listener)?;
            let stand_in = stand_in_for(config, address, service_token.clone(), admin_token);
            let org_id = stand_in.settings().org_id.clone();
            warn_in_memory();
            tracing::info!(address = %address, org_id = %org_id, "stand-in listening");
            tasks.spawn(serve(listener, stand_in::app(stand_in), stopped.clone()));
            let upstream = Url::parse(&format!("http://{}", reachable(address))).expect("a socket address forms a URL");
            (upstream, service_token, Some(org_id), Some(address))
        }
    };

    let rate_limit = NonZeroU32::new(config.rate_limit_per_minute).map(|per_minute| {
        let burst = NonZeroU32::new(config.rate_limit_burst).unwrap_or(NonZeroU32::MIN);
        RateLimitSettings {
            client_ip_header: config.client_ip_header.clone(),
            ..RateLimitSettings::per_minute(per_minute, burst)
        }
    });
    let settings = GatewaySettings {
        upstream: upstream.clone(),
        service_token,
        org_id,
        methods: config.enabled_methods(),
        allowed_origins: config.allowed_origins.clone(),
        rate_limit,
        upstream_timeout: config.upstream_timeout(),
        ticket_key,
        dist: config.dist.clone(),
        frame_ancestors: config.frame_ancestors.clone(),
        clock: Clock::System,
    };
    let router = gateway::app(settings)?;
    let listener = bind(config.listen).await?;
    let address = local_address(&listener)?;
    tracing::info!(
        address = %address,
        upstream = %upstream,
        methods = ?config.enabled_methods().iter().map(|method| method.config_name()).collect::<Vec<_>>(),
        "gateway listening"
    );
    tasks.spawn(serve(listener, router, stopped));
    Ok(Running {
        gateway_address: Some(address),
        stand_in_address,
        stop,
        tasks,
    })
}

fn stand_in_for(
    config: &Config,
    address: SocketAddr,
    service_token: Secret,
    admin_token: Secret,
) -> std::sync::Arc<StandIn> {
    let public_origin = config.stand_in_public_origin.clone().unwrap_or_else(|| {
        Url::parse(&format!("http://{}", reachable(address))).expect("a socket address forms a URL")
    });
    StandIn::new(StandInSettings {
        org_id: config.stand_in_org_id(),
        public_origin,
        service_token,
        admin_token,
        password_policy: config.password_policy(),
        passwordless_expiry: config.passwordless_expiry(),
        api_delay: config.stand_in_delay(),
        clock: Clock::System,
    })
}

/// Returns the given token, or generates one and prints it to standard output, so that a
/// developer can call the stand-in with it. It is printed, not logged, and only when it
/// was generated.
/// Checks that `dist` is a directory with the widget's `index.html`, so that a mistyped
/// path fails at start instead of as 404s later.
fn check_dist(dist: &Path) -> Result<(), StartError> {
    let problem = if !dist.is_dir() {
        "not a directory"
    } else if !dist.join("index.html").is_file() {
        "no index.html in it"
    } else {
        return Ok(());
    };
    Err(StartError::DistNotUsable {
        path: dist.to_path_buf(),
        problem,
    })
}

fn token_or_generated(token: Option<Secret>, description: &str) -> Secret {
    token.unwrap_or_else(|| {
        let token = Secret::generate();
        println!(
            "stand-in {description}, generated for this run: {}",
            token.expose_secret()
        );
        token
    })
}

fn warn_in_memory() {
    tracing::warn!(
        "the ZITADEL stand-in keeps users in memory only: they are lost when the server stops. \
         Set --upstream to use a real ZITADEL"
    );
}

async fn bind(address: SocketAddr) -> Result<TcpListener, StartError> {
    TcpListener::bind(address)
        .await
        .map_err(|source| StartError::Bind { address, source })
}

fn local_address(listener: &TcpListener) -> Result<SocketAddr, StartError> {
    listener.local_addr().map_err(StartError::Serve)
}

/// Returns an address that a client can connect to: an unspecified address (0.0.0.0 or
/// ::) becomes the loopback address of the same family.
fn reachable(address: SocketAddr) -> SocketAddr {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, address.port())
}

/// Serves `router` on `listener` until `stopped` turns true, with each connection's peer
/// address available to the handlers.
pub async fn serve(listener: TcpListener, router: Router, mut stopped: watch::Receiver<bool>) -> std::io::Result<()> {
    let shutdown = async move {
        let _ = stopped.wait_for(|&is_stopped| is_stopped).await;
    };
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

/// Installs the handlers for Ctrl-C (SIGINT) and SIGTERM at once, and returns a future
/// that completes when either signal arrives.
#[cfg(unix)]
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{SignalKind, signal};

    let interrupt = signal(SignalKind::interrupt());
    let terminate = signal(SignalKind::terminate());
    async move {
        match (interrupt, terminate) {
            (Ok(mut interrupt), Ok(mut terminate)) => {
                tokio::select! {
                    _ = interrupt.recv() => {}
                    _ = terminate.recv() => {}
                }
            }
            (Err(error), _) | (_, Err(error)) => {
                tracing::warn!(%error, "cannot listen for SIGINT and SIGTERM; stop the server with SIGKILL");
                std::future::pending::<()>().await;
            }
        }
    }
}

/// Returns a future that completes on Ctrl-C.
#[cfg(not(unix))]
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unspecified_addresses_become_loopback() {
        let cases = [
            ("0.0.0.0:8082", "127.0.0.1:8082"),
            ("[::]:8082", "[::1]:8082"),
            ("127.0.0.1:8082", "127.0.0.1:8082"),
        ];
        for (address, expected) in cases {
            assert_eq!(reachable(address.parse().unwrap()).to_string(), expected);
        }
    }

    #[test]
    fn dist_needs_index_html() {
        let directory = crate::test_support::TempDir::new("run-dist");
        let missing = directory.path().join("missing");

        let error = check_dist(&missing).unwrap_err().to_string();
        assert!(error.contains("not a directory"), "{error}");
        assert!(error.contains("cargo xtask dist"), "{error}");
        let error = check_dist(directory.path()).unwrap_err().to_string();
        assert!(error.contains("no index.html"), "{error}");

        std::fs::write(directory.path().join("index.html"), "<!doctype html>").unwrap();
        assert!(check_dist(directory.path()).is_ok());
    }
}
