//! axe-core on every screen and error state of the widget, in headless Chromium.
//!
//! The rules are WCAG 2.0, 2.1 and 2.2 at levels A and AA, which include
//! `autocomplete-valid` and `target-size`. Both are also enabled by name, so that a change
//! of axe's tags cannot drop them. Every screen must have zero violations. Each check
//! prints the rule ids axe ran, and fails when one of the two named rules did not run.

use std::sync::{Arc, OnceLock};

use fantoccini::Client;
use register_e2e::widget::{
    Person, choose_method, fill_details, fill_passwords, find, open, prefix, submit, type_into, wait_for,
};
use register_e2e::{Stack, StackOptions, in_browser};
use serde_json::{Value, json};
use tokio::sync::Mutex;

const WCAG_TAGS: [&str; 6] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];
const NAMED_RULES: [&str; 2] = ["autocomplete-valid", "target-size"];

fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = register_e2e::workspace_root().join("node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}; run `npm ci`", path.display()))
    })
}

/// Runs axe on the whole page and fails on any violation, listing each with its targets.
async fn assert_accessible(client: &Client, screen: &str) {
    let loaded = client
        .execute("return typeof window.axe === 'object';", Vec::new())
        .await
        .expect("script");
    if loaded != Value::Bool(true) {
        client.execute(axe_source(), Vec::new()).await.expect("inject axe-core");
    }
    let mut rules = serde_json::Map::new();
    for rule in NAMED_RULES {
        rules.insert(rule.to_owned(), json!({ "enabled": true }));
    }
    let options = json!({ "runOnly": { "type": "tag", "values": WCAG_TAGS }, "rules": rules });
    let script = "const done = arguments[arguments.length - 1]; \
        axe.run(document, arguments[0]).then((results) => done({ \
            ran: [...results.passes, ...results.violations, ...results.incomplete, ...results.inapplicable] \
                .map((rule) => rule.id).sort(), \
            violations: results.violations.map((rule) => ({ id: rule.id, help: rule.help, \
                targets: rule.nodes.map((node) => node.target.join(' ')) })), \
        }), (error) => done({ error: String(error) }));";
    let results = client.execute_async(script, vec![options]).await.expect("axe.run");
    assert!(results.get("error").is_none(), "axe failed on {screen}: {results}");

    let ran: Vec<&str> = results["ran"]
        .as_array()
        .expect("ran")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    println!("axe on {screen}: {} rules ran: {}", ran.len(), ran.join(" "));
    for rule in NAMED_RULES {
        assert!(ran.contains(&rule), "axe did not run {rule} on {screen}");
    }
    let violations = results["violations"].as_array().expect("violations");
    assert!(
        violations.is_empty(),
        "axe violations on {screen}: {}",
        serde_json::to_string_pretty(violations).unwrap()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn password_flow_screens_are_accessible() {
    let stack = Arc::new(Mutex::new(Stack::start(StackOptions::default()).await));
    let scenario_stack = Arc::clone(&stack);
    in_browser(move |client| async move {
        let widget_url = scenario_stack.lock().await.widget_url();
        open(&client, &widget_url).await;
        assert_accessible(&client, "method choice").await;

        choose_method(&client, "password").await;
        assert_accessible(&client, "empty password form").await;

        submit(&client).await;
        let prefix = prefix(&client).await;
        wait_for(&client, &format!("#{prefix}-error-summary")).await;
        assert_accessible(&client, "form with error summary").await;

        let person = Person::sample("a11y");
        fill_details(&client, &person).await;
        type_into(&client, "password", "abc").await;
        type_into(&client, "password-confirmation", "abd").await;
        find(&client, "[name=username]")
            .await
            .click()
            .await
            .expect("move focus");
        assert_accessible(&client, "password checklist and mismatch").await;

        fill_passwords(&client, &person.password).await;
        scenario_stack.lock().await.stop_gateway().await;
        submit(&client).await;
        wait_for(&client, &format!("#{prefix}-request-error")).await;
        assert_accessible(&client, "network error with retry").await;

        scenario_stack.lock().await.start_gateway().await;
        find(&client, "button[name=retry]").await.click().await.expect("retry");
        wait_for(&client, "section.zr-page-registered").await;
        assert_accessible(&client, "registered").await;

        open(&client, &widget_url).await;
        choose_method(&client, "password").await;
        let again = Person {
            email: "second@example.com".to_owned(),
            ..Person::sample("a11y-second")
        };
        fill_details(
            &client,
            &Person {
                username: person.username.to_uppercase(),
                ..again.clone()
            },
        )
        .await;
        fill_passwords(&client, &again.password).await;
        submit(&client).await;
        let prefix = register_e2e::widget::prefix(&client).await;
        wait_for(&client, &format!("#{prefix}-username-error")).await;
        assert_accessible(&client, "username taken").await;

        // A request without a response, then "username taken": the note that the account
        // may be the person's own joins the error.
        scenario_stack.lock().await.stop_gateway().await;
        submit(&client).await;
        wait_for(&client, "button[name=retry]").await;
        scenario_stack.lock().await.start_gateway().await;
        find(&client, "button[name=retry]").await.click().await.expect("retry");
        wait_for(&client, &format!("#{prefix}-earlier-attempt")).await;
        assert_accessible(&client, "username taken after a lost response").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn passkey_flow_screens_are_accessible() {
    let options = StackOptions {
        passwordless_expiry_seconds: Some(3),
        ..StackOptions::default()
    };
    let stack = Arc::new(Stack::start(options).await);
    let scenario_stack = Arc::clone(&stack);
    in_browser(move |client| async move {
        open(&client, &scenario_stack.widget_url()).await;
        choose_method(&client, "passkey").await;
        assert_accessible(&client, "passkey form with authenticator choice").await;

        fill_details(&client, &Person::sample("a11y-passkey")).await;
        let prefix = prefix(&client).await;
        submit(&client).await;
        wait_for(&client, &format!("a#{prefix}-passkey-link")).await;
        assert_accessible(&client, "passkey link with QR code and countdown").await;

        find(&client, "button[name=email-link]")
            .await
            .click()
            .await
            .expect("email link");
        wait_for(&client, &format!("#{prefix}-email-sent")).await;
        assert_accessible(&client, "link emailed").await;

        wait_for(&client, &format!("#{prefix}-link-expired")).await;
        assert_accessible(&client, "link expired").await;
    })
    .await;
}
