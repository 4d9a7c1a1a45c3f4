//! axe-core in the page under test, and Chromium's emulation of the dark colour scheme
//! through chromedriver's DevTools command endpoint.

use std::sync::OnceLock;

use fantoccini::Client;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{Value, json};

/// The WCAG 2.0, 2.1 and 2.2 rule tags at levels A and AA.
pub const WCAG_TAGS: [&str; 6] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = crate::workspace_root().join("node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}; run `npm ci`", path.display()))
    })
}

/// What one axe run found.
#[derive(Debug)]
pub struct AxeReport {
    /// The ids of every rule that ran.
    pub rules: Vec<String>,
    /// The violations as `{ id, help, targets }`.
    pub violations: Vec<Value>,
    /// The targets of every node that passed a rule. axe writes the target of a node inside
    /// a shadow root as a list of selectors, the host's first, in place of one selector.
    pub passed_targets: Vec<Value>,
}

/// Runs axe on `context`, such as `{ include: [["zitadel-register"]] }`, with the WCAG A and
/// AA rules and `extra_rules` enabled by name.
pub async fn run_axe(client: &Client, context: Value, extra_rules: &[&str]) -> AxeReport {
    let loaded = client
        .execute("return typeof window.axe === 'object';", Vec::new())
        .await
        .expect("check for axe-core");
    if loaded != Value::Bool(true) {
        client.execute(axe_source(), Vec::new()).await.expect("inject axe-core");
    }
    let mut rules = serde_json::Map::new();
    for rule in extra_rules {
        rules.insert((*rule).to_owned(), json!({ "enabled": true }));
    }
    let options = json!({ "runOnly": { "type": "tag", "values": WCAG_TAGS }, "rules": rules });
    let script = "const done = arguments[arguments.length - 1]; \
        axe.run(arguments[0], arguments[1]).then((results) => done({ \
            rules: [...results.passes, ...results.violations, ...results.incomplete, ...results.inapplicable] \
                .map((rule) => rule.id).sort(), \
            violations: results.violations.map((rule) => ({ id: rule.id, help: rule.help, \
                targets: rule.nodes.map((node) => node.target) })), \
            passedTargets: results.passes.flatMap((rule) => rule.nodes.map((node) => node.target)), \
        }), (error) => done({ error: String(error) }));";
    let results = client
        .execute_async(script, vec![context, options])
        .await
        .expect("axe.run");
    assert!(results.get("error").is_none(), "axe failed: {results}");
    let strings = |value: &Value| -> Vec<String> {
        value
            .as_array()
            .map(|items| items.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default()
    };
    AxeReport {
        rules: strings(&results["rules"]),
        violations: results["violations"].as_array().cloned().unwrap_or_default(),
        passed_targets: results["passedTargets"].as_array().cloned().unwrap_or_default(),
    }
}

/// A chromedriver command that runs one Chrome DevTools Protocol method in the session.
#[derive(Debug)]
struct DevToolsCommand {
    method: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for DevToolsCommand {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        let session_id = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session_id}/goog/cdp/execute"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (reqwest::Method, Option<String>) {
        let body = json!({ "cmd": self.method, "params": self.params });
        (reqwest::Method::POST, Some(body.to_string()))
    }
}

/// Makes the page match `@media (prefers-color-scheme: <scheme>)`, where `scheme` is
/// `light` or `dark`.
pub async fn emulate_color_scheme(client: &Client, scheme: &str) {
    let command = DevToolsCommand {
        method: "Emulation.setEmulatedMedia",
        params: json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
    };
    client
        .issue_cmd(command)
        .await
        .unwrap_or_else(|error| panic!("emulating prefers-color-scheme {scheme} failed: {error}"));
    let applied = client
        .execute(
            "return matchMedia(`(prefers-color-scheme: ${arguments[0]})`).matches;",
            vec![json!(scheme)],
        )
        .await
        .expect("matchMedia");
    assert_eq!(
        applied,
        Value::Bool(true),
        "the page does not match prefers-color-scheme {scheme}"
    );
}
