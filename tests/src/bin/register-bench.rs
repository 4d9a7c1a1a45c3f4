//! Measures the figures `cargo xtask bench` writes to BENCHMARKS.md, printed as
//! `bench: key=value` lines:
//!
//! - the time from navigation start until the widget's first screen is in the DOM, in
//!   headless Chromium with a fresh profile per run;
//! - password registrations per second and their latency, sent with this program's own
//!   load generator (reqwest on tokio, a fixed number of concurrent workers) to the gateway,
//!   which forwards each to the stand-in.
//!
//! Everything runs on 127.0.0.1 in processes this program starts.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fantoccini::Locator;
use register_core::policy::PasswordPolicy;
use register_core::registration::{Method, RegistrationForm};
use register_e2e::{Browser, Stack, StackOptions};

/// The measured settings, from the command line.
struct Settings {
    runs: usize,
    requests: usize,
    concurrency: usize,
}

fn parse_settings() -> Result<Settings, String> {
    let mut settings = Settings {
        runs: 20,
        requests: 2000,
        concurrency: 16,
    };
    let mut arguments = std::env::args().skip(1);
    while let Some(name) = arguments.next() {
        let value = arguments.next().ok_or_else(|| format!("{name} needs a value"))?;
        let number: usize = value
            .parse()
            .map_err(|_| format!("{name} needs a whole number, not {value:?}"))?;
        if number == 0 {
            return Err(format!("{name} must be at least 1"));
        }
        match name.as_str() {
            "--runs" => settings.runs = number,
            "--requests" => settings.requests = number,
            "--concurrency" => settings.concurrency = number,
            _ => {
                return Err(format!(
                    "unknown option {name}; expected --runs, --requests or --concurrency"
                ));
            }
        }
    }
    Ok(settings)
}

#[tokio::main]
async fn main() {
    let settings = match parse_settings() {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("register-bench: {message}");
            std::process::exit(2);
        }
    };

    let load_times = measure_load_times(settings.runs).await;
    print_figure("load_runs", load_times.len());
    print_figure("load_median_ms", format!("{:.0}", percentile(&load_times, 50.0)));
    print_figure(
        "load_min_ms",
        format!("{:.0}", load_times.first().copied().unwrap_or(f64::NAN)),
    );
    print_figure(
        "load_max_ms",
        format!("{:.0}", load_times.last().copied().unwrap_or(f64::NAN)),
    );

    measure_registrations(settings.requests, settings.concurrency).await;
}

fn print_figure(key: &str, value: impl std::fmt::Display) {
    println!("bench: {key}={value}");
}

/// Returns the sorted load times in milliseconds, one per run, each in a new browser.
async fn measure_load_times(runs: usize) -> Vec<f64> {
    let stack = Stack::start(StackOptions::default()).await;
    let mut times = Vec::with_capacity(runs);
    for run in 0..runs {
        let browser = Browser::start().await;
        let time = load_time(&browser, &stack.widget_url()).await;
        browser.close().await;
        eprintln!("load run {}: {time:.0} ms", run + 1);
        times.push(time);
    }
    times.sort_by(f64::total_cmp);
    times
}

/// Navigates to the widget and returns the milliseconds from navigation start until the
/// first screen was in the DOM, read from the `register-kit:ready` performance mark that
/// the widget sets, so polling by this program adds nothing to the figure.
async fn load_time(browser: &Browser, url: &str) -> f64 {
    let client = &browser.client;
    client.goto(url).await.expect("navigation failed");
    let first_control = client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("button[name=method], input[name=username]"))
        .await
        .expect("the first screen did not appear");
    let script = "const control = arguments[0]; control.focus(); \
                  const mark = performance.getEntriesByName('register-kit:ready')[0]; \
                  return document.activeElement === control && mark ? mark.startTime : -1;";
    let value = client
        .execute(
            script,
            vec![serde_json::to_value(&first_control).expect("element reference")],
        )
        .await
        .expect("script failed");
    let milliseconds = value.as_f64().expect("number");
    assert!(
        milliseconds >= 0.0,
        "the first screen did not take focus, or the widget set no ready mark"
    );
    milliseconds
}

/// Sends `requests` password registrations with `concurrency` workers and prints the
/// throughput and latency percentiles.
async fn measure_registrations(requests: usize, concurrency: usize) {
    let stack = Stack::start(StackOptions {
        without_bundle: true,
        ..StackOptions::default()
    })
    .await;
    let endpoint = format!("{}/management/v1/users/human/_import", stack.gateway_origin());
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .expect("http client");
    let next_index = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));

    let started = Instant::now();
    let mut workers = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let client = client.clone();
        let endpoint = endpoint.clone();
        let next_index = Arc::clone(&next_index);
        let errors = Arc::clone(&errors);
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let index = next_index.fetch_add(1, Ordering::Relaxed);
                if index >= requests {
                    return latencies;
                }
                let body = registration_body(index);
                let sent = Instant::now();
                let response = client.post(&endpoint).json(&body).send().await;
                let succeeded = match response {
                    Ok(response) => response.status().is_success() && response.bytes().await.is_ok(),
                    Err(_) => false,
                };
                latencies.push(sent.elapsed().as_secs_f64() * 1000.0);
                if !succeeded {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    let mut latencies = Vec::with_capacity(requests);
    for worker in workers {
        latencies.extend(worker.await.expect("worker panicked"));
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);

    print_figure(
        "load_tool",
        format!("register-bench's own generator (reqwest on tokio, {concurrency} concurrent workers, keep-alive)"),
    );
    print_figure("requests", requests);
    print_figure("concurrency", concurrency);
    print_figure("registrations_per_second", format!("{:.0}", requests as f64 / elapsed));
    print_figure("latency_p50_ms", format!("{:.2}", percentile(&latencies, 50.0)));
    print_figure("latency_p99_ms", format!("{:.2}", percentile(&latencies, 99.0)));
    print_figure("errors", errors.load(Ordering::Relaxed));
}

/// Builds the ImportHumanUser body of the `index`-th sample user with register-core, as
/// the widget would.
fn registration_body(index: usize) -> serde_json::Value {
    let form = RegistrationForm {
        username: format!("bench-user-{index}"),
        given_name: "Bench".to_owned(),
        family_name: format!("User {index}"),
        email: format!("bench-{index}@example.com"),
        phone: String::new(),
        preferred_language: "en".to_owned(),
        password: "Secr3tP4ssw0rd!".to_owned(),
        password_confirmation: "Secr3tP4ssw0rd!".to_owned(),
    };
    let registration = form
        .validate(Method::Password, Some(&PasswordPolicy::ZITADEL_DEFAULT))
        .expect("sample registration is valid");
    serde_json::to_value(registration.to_import_request()).expect("serializable body")
}

/// Returns the nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], percent: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((percent / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
