//! `cargo xtask test`: every check and test suite, ending with one `N passed, N failed` line.
//!
//! Each check (formatting, a clippy run, the release build) counts as one. Each test of a
//! suite counts as one, read from the suite's own summary. A suite that fails without a
//! summary, for example because it did not compile, counts as one failure.

use std::path::Path;

use crate::process::{command, run_capturing, run_status};
use crate::tools::{self, CHROMEDRIVER, Needs};
use crate::workspace_root;

/// The outcome of one step.
struct StepResult {
    name: String,
    passed: u64,
    failed: u64,
}

pub fn run() -> Result<(), String> {
    tools::ensure(Needs::BuildAndBrowser)?;
    let root = workspace_root();
    let mut results = Vec::new();

    results.push(check("cargo fmt", command("cargo", &["fmt", "--all", "--check"]))?);
    results.push(check(
        "clippy (native)",
        command(
            "cargo",
            &[
                "clippy",
                "--workspace",
                "--exclude",
                "register-web",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
    )?);
    if has_web_app(&root) {
        let mut clippy_web = command(
            "cargo",
            &[
                "clippy",
                "-p",
                "register-web",
                "--target",
                "wasm32-unknown-unknown",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        );
        clippy_web.env("CARGO_TERM_COLOR", "never");
        results.push(check("clippy (wasm)", clippy_web)?);
    }

    results.push(suite(
        "native tests",
        command(
            "cargo",
            &[
                "test",
                "--workspace",
                "--exclude",
                "register-web",
                "--exclude",
                "register-e2e",
            ],
        ),
    )?);
    let server_build = check("server binary", command("cargo", &["build", "-p", "register-server"]))?;
    let server_built = server_build.failed == 0;
    results.push(server_build);

    if has_web_app(&root) {
        let mut wasm_tests = command(
            "cargo",
            &["test", "-p", "register-web", "--target", "wasm32-unknown-unknown"],
        );
        wasm_tests.env("CHROMEDRIVER", CHROMEDRIVER);
        results.push(suite("wasm tests (headless Chromium)", wasm_tests)?);

        let build = check(
            "release build (trunk)",
            command("trunk", &["build", "--release", "--offline"]),
        )?;
        let build_passed = build.failed == 0;
        results.push(build);
        if build_passed && server_built && has_e2e_suite(&root) {
            results.push(suite("browser end-to-end tests", e2e_command(&root))?);
        }
    }

    if server_built && has_contract_suite(&root) {
        results.push(suite(
            "contract fixtures",
            command("cargo", &["test", "-p", "register-e2e", "--test", "contract_fixtures"]),
        )?);
        results.push(node_suite("contract tests (@zitadel/proto)", &root)?);
    }

    print_summary(&results);
    let failed: u64 = results.iter().map(|result| result.failed).sum();
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} failed"))
    }
}

fn has_web_app(root: &Path) -> bool {
    root.join("web/Cargo.toml").exists() && root.join("index.html").exists()
}

fn has_e2e_suite(root: &Path) -> bool {
    root.join("tests/tests/registration.rs").exists()
}

fn has_contract_suite(root: &Path) -> bool {
    root.join("tests/contract").is_dir() && root.join("tests/tests/contract_fixtures.rs").exists()
}

/// Builds the command for the browser tests: they start the debug server binary and serve
/// the release bundle from `dist/`.
fn e2e_command(root: &Path) -> std::process::Command {
    let mut e2e = command(
        "cargo",
        &[
            "test",
            "-p",
            "register-e2e",
            "--test",
            "registration",
            "--test",
            "accessibility",
            "--test",
            "embed",
            "--",
            "--test-threads",
            "2",
        ],
    );
    e2e.env("REGISTER_DIST", root.join("dist"))
        .env("REGISTER_SERVER_BIN", crate::built_binary("debug", "register-server"))
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env("CHROMIUM", tools::CHROMIUM);
    e2e
}

/// Runs a check that counts as one passed or failed step.
fn check(name: &str, command: std::process::Command) -> Result<StepResult, String> {
    println!("\n==> {name}");
    let passed = run_status(command)?;
    Ok(StepResult {
        name: name.to_owned(),
        passed: u64::from(passed),
        failed: u64::from(!passed),
    })
}

/// Runs a libtest suite (cargo test, wasm-bindgen-test-runner) and counts its tests.
fn suite(name: &str, command: std::process::Command) -> Result<StepResult, String> {
    println!("\n==> {name}");
    let (succeeded, lines) = run_capturing(command)?;
    let (passed, failed) = count_libtest(&lines);
    Ok(settle(name, succeeded, passed, failed))
}

/// Runs the `node --test` suite and counts its tests from the TAP summary.
fn node_suite(name: &str, root: &Path) -> Result<StepResult, String> {
    println!("\n==> {name}");
    let contract_dir = root.join("tests/contract");
    let mut node = command("node", &["--test", "--test-reporter=tap"]);
    node.current_dir(&contract_dir);
    let (succeeded, lines) = run_capturing(node)?;
    let (passed, failed) = count_tap(&lines);
    Ok(settle(name, succeeded, passed, failed))
}

/// Records at least one failure when the command failed but no failed test was counted.
fn settle(name: &str, succeeded: bool, passed: u64, failed: u64) -> StepResult {
    let failed = if !succeeded && failed == 0 { 1 } else { failed };
    StepResult {
        name: name.to_owned(),
        passed,
        failed,
    }
}

/// Sums the `test result: ok. N passed; M failed; …` lines of libtest.
fn count_libtest(lines: &[String]) -> (u64, u64) {
    let mut passed = 0;
    let mut failed = 0;
    for line in lines {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            continue;
        };
        passed += number_before(rest, " passed");
        failed += number_before(rest, " failed");
    }
    (passed, failed)
}

/// Reads the `# pass N` and `# fail N` lines of a TAP summary.
fn count_tap(lines: &[String]) -> (u64, u64) {
    let read = |prefix: &str| {
        lines
            .iter()
            .filter_map(|line| line.trim().strip_prefix(prefix))
            .filter_map(|number| number.trim().parse::<u64>().ok())
            .next_back()
            .unwrap_or(0)
    };
    (read("# pass "), read("# fail "))
}

/// Returns the number right before `marker`, such as 12 in `ok. 12 passed;`.
fn number_before(text: &str, marker: &str) -> u64 {
    let Some(end) = text.find(marker) else { return 0 };
    let digits: String = text[..end].chars().rev().take_while(char::is_ascii_digit).collect();
    digits.chars().rev().collect::<String>().parse().unwrap_or(0)
}

fn print_summary(results: &[StepResult]) {
    println!("\n==> summary");
    for result in results {
        let status = if result.failed == 0 { "ok    " } else { "FAILED" };
        println!(
            "{status} {:<40} {} passed, {} failed",
            result.name, result.passed, result.failed
        );
    }
    let passed: u64 = results.iter().map(|result| result.passed).sum();
    let failed: u64 = results.iter().map(|result| result.failed).sum();
    println!("{passed} passed, {failed} failed");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn libtest_summaries_are_summed() {
        let output = lines(
            "test a ... ok\n\
             test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.1s\n\
             test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out\n",
        );
        assert_eq!(count_libtest(&output), (15, 2));
    }

    #[test]
    fn tap_summary_is_read() {
        let output = lines("ok 1 - parses\n1..4\n# tests 4\n# pass 3\n# fail 1\n# cancelled 0\n");
        assert_eq!(count_tap(&output), (3, 1));
    }

    #[test]
    fn failed_command_without_summary_counts_once() {
        let result = settle("build", false, 0, 0);
        assert_eq!((result.passed, result.failed), (0, 1));
        let result = settle("tests", false, 10, 2);
        assert_eq!((result.passed, result.failed), (10, 2));
    }

    #[test]
    fn number_before_marker() {
        assert_eq!(number_before("ok. 12 passed; 0 failed", " passed"), 12);
        assert_eq!(number_before("ok. 12 passed; 0 failed", " failed"), 0);
        assert_eq!(number_before("nothing here", " passed"), 0);
    }
}
