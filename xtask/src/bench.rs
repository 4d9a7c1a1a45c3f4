//! `cargo xtask bench`: measures the release bundle, the time to an interactive form and
//! the registration throughput, and writes them to `BENCHMARKS.md`.
//!
//! Sizes are exact. Timings come from the `register-bench` binary of the `register-e2e`
//! crate, which drives headless Chromium and loads the gateway on loopback. Nothing here
//! compares a timing against a limit.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::process::{command, output_of, run_capturing, run_checked};
use crate::tools::{self, CHROMEDRIVER, CHROMIUM, Needs};
use crate::workspace_root;

const LOAD_RUNS: &str = "20";
/// The stable entry file that sites embedding the widget load.
const EMBED_ENTRY: &str = "register-kit.js";
const LOAD_REQUESTS: &str = "2000";
const LOAD_CONCURRENCY: &str = "16";

/// The sizes of one file, in bytes.
struct FileSize {
    name: String,
    raw: usize,
    gzip: usize,
    brotli: usize,
}

pub fn run() -> Result<(), String> {
    tools::ensure(Needs::BuildAndBrowser)?;
    let root = workspace_root();
    run_checked(command("trunk", &["build", "--release", "--offline"]))?;
    let sizes = measure_bundle(&root.join("dist"))?;

    run_checked(command("cargo", &["build", "--release", "-p", "register-server"]))?;
    run_checked(command(
        "cargo",
        &["build", "--release", "-p", "register-e2e", "--bin", "register-bench"],
    ))?;
    let mut bench = command(
        &crate::built_binary("release", "register-bench").to_string_lossy(),
        &[
            "--runs",
            LOAD_RUNS,
            "--requests",
            LOAD_REQUESTS,
            "--concurrency",
            LOAD_CONCURRENCY,
        ],
    );
    bench
        .env("REGISTER_DIST", root.join("dist"))
        .env("REGISTER_SERVER_BIN", crate::built_binary("release", "register-server"))
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env("CHROMIUM", CHROMIUM);
    let (succeeded, lines) = run_capturing(bench)?;
    if !succeeded {
        return Err("register-bench failed; BENCHMARKS.md was not changed".into());
    }
    let figures = parse_figures(&lines);

    let report = render_report(&sizes, &figures);
    let path = root.join("BENCHMARKS.md");
    std::fs::write(&path, report).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

/// Measures every wasm, JS and CSS file of the bundle, largest first.
fn measure_bundle(dist: &Path) -> Result<Vec<FileSize>, String> {
    let entries = std::fs::read_dir(dist).map_err(|error| format!("cannot read {}: {error}", dist.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|extension| extension.to_str()),
                Some("wasm" | "js" | "css")
            )
        })
        .collect();
    files.sort();

    let mut sizes = Vec::new();
    for path in files {
        let bytes = std::fs::read(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        sizes.push(FileSize {
            name: path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default(),
            raw: bytes.len(),
            gzip: gzip_size(&bytes)?,
            brotli: brotli_size(&bytes)?,
        });
    }
    sizes.sort_by_key(|size| std::cmp::Reverse(size.raw));
    Ok(sizes)
}

/// Returns the size after `gzip -9`, from the system's gzip.
fn gzip_size(bytes: &[u8]) -> Result<usize, String> {
    let mut child = std::process::Command::new("gzip")
        .args(["-9", "-c", "-n"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|error| format!("could not start gzip: {error}"))?;
    let mut stdin = child.stdin.take().ok_or("gzip has no stdin")?;
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child
        .wait_with_output()
        .map_err(|error| format!("gzip failed: {error}"))?;
    writer
        .join()
        .map_err(|_| "gzip writer panicked".to_owned())?
        .map_err(|error| format!("gzip input failed: {error}"))?;
    Ok(output.stdout.len())
}

/// Returns the size after brotli at quality 11 with a 4 MiB window, as `brotli -q 11`.
fn brotli_size(bytes: &[u8]) -> Result<usize, String> {
    let mut compressed = Vec::new();
    let parameters = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut compressed, &parameters)
        .map_err(|error| format!("brotli failed: {error}"))?;
    Ok(compressed.len())
}

/// Reads the `key=value` lines that register-bench prints.
fn parse_figures(lines: &[String]) -> BTreeMap<String, String> {
    lines
        .iter()
        .filter_map(|line| line.strip_prefix("bench: "))
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| (key.trim().to_owned(), value.trim().to_owned()))
        .collect()
}

/// Formats a table row with the summed sizes of the files whose names pass `include`.
fn transfer_row(label: &str, sizes: &[FileSize], include: impl Fn(&str) -> bool) -> String {
    let included: Vec<&FileSize> = sizes.iter().filter(|size| include(&size.name)).collect();
    let raw: usize = included.iter().map(|size| size.raw).sum();
    let gzip: usize = included.iter().map(|size| size.gzip).sum();
    let brotli: usize = included.iter().map(|size| size.brotli).sum();
    format!("| {label} | {raw} | {gzip} | {brotli} |")
}

fn machine_description() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let memory_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("MemTotal:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<u64>().ok())
        })
        .map_or_else(
            || "unknown".to_owned(),
            |kib| format!("{:.0}", kib as f64 / 1024.0 / 1024.0),
        );
    let os = output_of("uname", &["-sr"]).unwrap_or_default();
    let chromium = output_of(CHROMIUM, &["--version"]).unwrap_or_default();
    format!(
        "{cores} cores ({cpu}), {memory_gib} GiB memory, {}, {}",
        os.trim(),
        chromium.trim()
    )
}

fn render_report(sizes: &[FileSize], figures: &BTreeMap<String, String>) -> String {
    let figure = |key: &str| figures.get(key).cloned().unwrap_or_else(|| "not measured".to_owned());
    let date = output_of("date", &["-u", "+%Y-%m-%d"]).unwrap_or_default();
    let mut report = String::new();
    let _ = writeln!(report, "# Benchmarks\n");
    let _ = writeln!(
        report,
        "Written by `cargo xtask bench`. Every figure below comes from one run of that command.\n"
    );
    let _ = writeln!(report, "- Date: {}", date.trim());
    let _ = writeln!(report, "- Machine: {}", machine_description());
    let _ = writeln!(
        report,
        "- Commit: {}\n",
        output_of("git", &["rev-parse", "--short", "HEAD"])
            .unwrap_or_default()
            .trim()
    );

    let _ = writeln!(report, "## Release bundle\n");
    let _ = writeln!(
        report,
        "`trunk build --release` with the `wasm-release` profile and wasm-opt 132 `-Oz`. Sizes in bytes; gzip is \
         `gzip -9`, brotli is quality 11 with a 4 MiB window.\n"
    );
    let _ = writeln!(report, "| file | raw | gzip -9 | brotli |");
    let _ = writeln!(report, "|---|---:|---:|---:|");
    for size in sizes {
        let _ = writeln!(
            report,
            "| {} | {} | {} | {} |",
            size.name, size.raw, size.gzip, size.brotli
        );
    }
    let _ = writeln!(report, "{}", transfer_row("**embed transfer**", sizes, |_| true));
    let _ = writeln!(
        report,
        "{}\n",
        transfer_row("**standalone transfer** (without index.html)", sizes, |name| name
            != EMBED_ENTRY)
    );
    let _ = writeln!(
        report,
        "The embed loads `{EMBED_ENTRY}`, which loads the wasm-bindgen module and the wasm. The standalone \
         page loads the module and the wasm from `index.html`. The CSS is inside the wasm.\n"
    );

    let _ = writeln!(report, "## Time to an interactive form\n");
    let _ = writeln!(
        report,
        "From navigation start until the first screen of the widget is in the DOM (its `register-kit:ready` performance mark), in headless Chromium on loopback \
         with a fresh profile per run and the release bundle served by `register-server`.\n"
    );
    let _ = writeln!(report, "| runs | median | min | max |");
    let _ = writeln!(report, "|---:|---:|---:|---:|");
    let _ = writeln!(
        report,
        "| {} | {} ms | {} ms | {} ms |\n",
        figure("load_runs"),
        figure("load_median_ms"),
        figure("load_min_ms"),
        figure("load_max_ms")
    );

    let _ = writeln!(report, "## Registrations through gateway and stand-in\n");
    let _ = writeln!(
        report,
        "Password registrations with distinct usernames, sent over HTTP/1.1 on loopback to the gateway, which \
         validates each and forwards it to the stand-in. The stand-in hashes no passwords and keeps users in \
         memory, so these figures measure the gateway and the kit's validation, not ZITADEL. The rate limit is \
         off for this run. Load tool: {}.\n",
        figure("load_tool")
    );
    let _ = writeln!(
        report,
        "| requests | concurrency | registrations/s | p50 | p99 | errors |"
    );
    let _ = writeln!(report, "|---:|---:|---:|---:|---:|---:|");
    let _ = writeln!(
        report,
        "| {} | {} | {} | {} ms | {} ms | {} |",
        figure("requests"),
        figure("concurrency"),
        figure("registrations_per_second"),
        figure("latency_p50_ms"),
        figure("latency_p99_ms"),
        figure("errors")
    );
    report
}
