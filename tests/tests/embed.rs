//! The embed: `<zitadel-register>` on a host page of another origin, in headless Chromium.
//!
//! The host pages come from a [`HostSite`] on one 127.0.0.1 port. `register-kit.js`, its
//! wasm and the API come from a gateway process on another port, which forwards to a
//! stand-in process. Every host page carries the hostile global CSS of `examples/host-page`:
//! `* { box-sizing: content-box; font: 40px serif; color: red }`, `input { display: none }`
//! and `button { all: unset }`.

use std::collections::BTreeMap;

use fantoccini::Client;
use register_e2e::axe::{emulate_color_scheme, run_axe};
use register_e2e::embedded::{EmbeddedWidget, computed_style, event_lines, recorded_events};
use register_e2e::host_page::{example_page, hostile_page};
use register_e2e::widget::{self, Person, wait_until};
use register_e2e::{HostSite, Stack, StackOptions, in_browser};
use serde_json::{Value, json};
use url::Url;

/// Starts a host site and a gateway that allows the site's origin.
async fn start_allowed() -> (HostSite, Stack) {
    let site = HostSite::start().await;
    let stack = Stack::start(StackOptions {
        allowed_origins: vec![site.origin().to_owned()],
        ..StackOptions::default()
    })
    .await;
    (site, stack)
}

/// Returns the entries of the example page's event log, as `type detail-json` lines.
async fn example_log(client: &Client) -> Vec<String> {
    let lines = client
        .execute(
            "return [...document.querySelectorAll('#event-log li')].map((entry) => entry.textContent);",
            Vec::new(),
        )
        .await
        .expect("read the event log");
    lines
        .as_array()
        .expect("log lines")
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// Waits until the example page's event log has `count` entries and returns them.
async fn wait_for_log(client: &Client, count: usize) -> Vec<String> {
    wait_until(
        client,
        &format!("document.querySelectorAll('#event-log li').length >= {count}"),
    )
    .await;
    example_log(client).await
}

/// Returns the users whose username is `username`.
async fn users_named(stack: &Stack, username: &str) -> Vec<Value> {
    stack
        .users()
        .await
        .into_iter()
        .filter(|user| user["userName"] == json!(username))
        .collect()
}

/// Fails unless every event line has exactly the documented detail fields, each with a
/// harmless value, so that no event can carry a password, a ticket, a link or its code.
fn assert_only_documented_details(lines: &[String], password: &str) {
    const STEPS: [&str; 4] = ["choose-method", "details", "registered", "passkey-link"];
    for line in lines {
        assert!(!line.contains(password), "an event carries the password: {line}");
        let (name, detail) = line.split_once(' ').expect("type and detail");
        let detail: Value = serde_json::from_str(detail).expect("detail is JSON");
        let fields = detail.as_object().expect("detail is an object");
        let mut keys: Vec<&str> = fields.keys().map(String::as_str).collect();
        keys.sort_unstable();
        match name {
            "zitadel-register:step" => {
                assert_eq!(keys, ["step"], "{line}");
                assert!(STEPS.contains(&detail["step"].as_str().unwrap_or_default()), "{line}");
            }
            "zitadel-register:registered" => {
                assert_eq!(keys, ["method", "userId"], "{line}");
                let user_id = detail["userId"].as_str().unwrap_or_default();
                assert!(
                    !user_id.is_empty() && user_id.bytes().all(|byte| byte.is_ascii_digit()),
                    "{line}"
                );
                assert!(
                    ["password", "passkey"].contains(&detail["method"].as_str().unwrap_or_default()),
                    "{line}"
                );
            }
            "zitadel-register:error" => {
                assert_eq!(keys, ["kind"], "{line}");
                let kind = detail["kind"].as_str().unwrap_or_default();
                assert!(
                    kind.bytes().all(|byte| byte.is_ascii_lowercase() || byte == b'-'),
                    "{line}"
                );
            }
            other => panic!("unknown event {other}: {line}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn password_registration_in_shadow_root() {
    let (site, stack) = start_allowed().await;
    let page = site.put("/", example_page(&stack.gateway_origin()));
    let person = Person::sample("embed-password");
    let scenario_person = person.clone();
    let (lines_sender, lines_receiver) = tokio::sync::oneshot::channel();
    in_browser(move |client| async move {
        let person = scenario_person;
        client.goto(&page).await.expect("open host page");
        let widget = EmbeddedWidget::new(&client, "zitadel-register");
        widget.wait_until_ready().await;
        let in_light_dom = client
            .execute("return document.querySelector('.zr-root') !== null;", Vec::new())
            .await
            .expect("query light DOM");
        assert_eq!(
            in_light_dom,
            json!(false),
            "the widget rendered outside its shadow root"
        );

        widget.choose_method("password").await;
        widget.fill_details(&person).await;
        widget.fill_passwords(&person.password).await;
        widget.submit().await;
        widget.wait_for("section.zr-page-registered").await;
        let text = widget.text().await;
        assert!(text.contains(&person.email), "done screen: {text}");
        let url = client.current_url().await.expect("url");
        assert_eq!(url.as_str(), page, "the widget changed the host page's URL");

        let lines = wait_for_log(&client, 4).await;
        let _ = lines_sender.send(lines);
    })
    .await;

    let users = users_named(&stack, &person.username).await;
    assert_eq!(users.len(), 1, "{users:?}");
    let user_id = users[0]["id"].as_str().expect("user id");
    let lines = lines_receiver.await.expect("the scenario read the event log");
    assert_eq!(
        lines,
        [
            r#"zitadel-register:step {"step":"choose-method"}"#.to_owned(),
            r#"zitadel-register:step {"step":"details"}"#.to_owned(),
            format!(r#"zitadel-register:registered {{"userId":"{user_id}","method":"password"}}"#),
            r#"zitadel-register:step {"step":"registered"}"#.to_owned(),
        ]
    );
    assert_only_documented_details(&lines, &person.password);
}

#[tokio::test(flavor = "multi_thread")]
async fn passkey_registration_in_shadow_root() {
    let (site, stack) = start_allowed().await;
    let page = site.put("/", example_page(&stack.gateway_origin()));
    let person = Person::sample("embed-passkey");
    let scenario_person = person.clone();
    let stand_in_origin = stack.stand_in_origin();
    let (result_sender, result_receiver) = tokio::sync::oneshot::channel();
    in_browser(move |client| async move {
        let person = scenario_person;
        client.goto(&page).await.expect("open host page");
        let widget = EmbeddedWidget::new(&client, "zitadel-register");
        widget.choose_method("passkey").await;
        widget.fill_details(&person).await;
        widget.choose_platform_type("crossPlatform").await;
        let prefix = widget.prefix().await;
        widget.submit().await;

        let link = widget.wait_for(&format!("a#{prefix}-passkey-link")).await;
        let href = link.attr("href").await.expect("href").expect("link has an href");
        let url = Url::parse(&href).expect("href is a URL");
        assert_eq!(url.origin().ascii_serialization(), stand_in_origin);
        let platform_type = url
            .query_pairs()
            .find(|(key, _)| key == "requestPlatformType")
            .map(|(_, value)| value.into_owned());
        assert_eq!(platform_type.as_deref(), Some("crossPlatform"));
        assert!(widget.exists(&format!("#{prefix}-passkey-qr")).await, "no QR code");

        let lines = wait_for_log(&client, 4).await;
        let code = url
            .query_pairs()
            .find(|(key, _)| key == "code")
            .map(|(_, value)| value.into_owned())
            .expect("the link has a code");
        let _ = result_sender.send((lines, href, code));
    })
    .await;

    let users = users_named(&stack, &person.username).await;
    assert_eq!(users.len(), 1, "{users:?}");
    let user_id = users[0]["id"].as_str().expect("user id");
    let (lines, href, code) = result_receiver.await.expect("the scenario read the event log");
    assert_eq!(
        lines,
        [
            r#"zitadel-register:step {"step":"choose-method"}"#.to_owned(),
            r#"zitadel-register:step {"step":"details"}"#.to_owned(),
            format!(r#"zitadel-register:registered {{"userId":"{user_id}","method":"passkey"}}"#),
            r#"zitadel-register:step {"step":"passkey-link"}"#.to_owned(),
        ]
    );
    assert_only_documented_details(&lines, &person.password);
    for line in &lines {
        assert!(!line.contains(&href), "an event carries the link: {line}");
        assert!(!line.contains(&code), "an event carries the code: {line}");
    }
}

/// The computed properties that must be the same wherever the widget renders. Widths are
/// left out, because they follow the width of the host's container.
const CONTROL_PROPERTIES: [&str; 31] = [
    "display",
    "box-sizing",
    "position",
    "visibility",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "line-height",
    "letter-spacing",
    "word-spacing",
    "text-transform",
    "text-align",
    "color",
    "background-color",
    "padding-top",
    "padding-right",
    "padding-bottom",
    "padding-left",
    "border-top-width",
    "border-top-style",
    "border-top-color",
    "border-left-width",
    "border-left-style",
    "border-top-left-radius",
    "margin-top",
    "margin-bottom",
    "height",
    "min-height",
    "cursor",
];

/// The inputs and buttons compared on the password form, by selector.
const FORM_CONTROLS: [&str; 7] = [
    "input[name=username]",
    "input[name=email]",
    "input[name=password]",
    "select[name=preferred-language]",
    "button[type=submit]",
    "button[name=toggle-password]",
    "button[name=back]",
];

/// Reads the computed styles of the method button and the form controls of one widget.
/// `find` returns the element for a selector, inside whichever root the widget uses.
async fn control_styles<F, Fut>(client: &Client, find: F) -> BTreeMap<String, Vec<(String, String)>>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = fantoccini::elements::Element>,
{
    let mut styles = BTreeMap::new();
    let method_button = "button[name=method][value=password]";
    let element = find(method_button.to_owned()).await;
    styles.insert(
        method_button.to_owned(),
        computed_style(client, &element, &CONTROL_PROPERTIES).await,
    );
    element.click().await.expect("choose the password method");
    for selector in FORM_CONTROLS {
        let element = find(selector.to_owned()).await;
        styles.insert(
            selector.to_owned(),
            computed_style(client, &element, &CONTROL_PROPERTIES).await,
        );
    }
    styles
}

/// Fails with every property that differs between `expected` and `actual`.
fn assert_same_styles(
    expected: &BTreeMap<String, Vec<(String, String)>>,
    actual: &BTreeMap<String, Vec<(String, String)>>,
    mode: &str,
) {
    let mut differences = Vec::new();
    for (selector, expected_values) in expected {
        let actual_values = &actual[selector];
        for ((name, expected_value), (_, actual_value)) in expected_values.iter().zip(actual_values) {
            if expected_value != actual_value {
                differences.push(format!(
                    "{selector} {name}: standalone {expected_value:?}, {mode} {actual_value:?}"
                ));
            }
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn controls_look_as_on_standalone_page() {
    let (site, stack) = start_allowed().await;
    let gateway = stack.gateway_origin();
    let standalone = stack.widget_url();
    let shadow_page = site.put(
        "/",
        hostile_page(
            Some(&gateway),
            r#"<main><zitadel-register id="shadowed"></zitadel-register></main>"#,
        ),
    );
    let light_page = site.put(
        "/no-shadow",
        hostile_page(
            Some(&gateway),
            r#"<main><zitadel-register id="light" no-shadow></zitadel-register></main>"#,
        ),
    );
    in_browser(move |client| async move {
        widget::open(&client, &standalone).await;
        let standalone_styles = control_styles(&client, |selector| {
            let client = client.clone();
            async move { widget::wait_for(&client, &selector).await }
        })
        .await;
        let submit_cursor = standalone_styles["button[type=submit]"]
            .iter()
            .find(|(name, _)| name == "cursor")
            .map(|(_, value)| value.as_str());
        assert_eq!(submit_cursor, Some("pointer"), "the standalone page is unstyled");

        client.goto(&shadow_page).await.expect("open host page");
        let shadowed = EmbeddedWidget::new(&client, "#shadowed");
        let shadow_styles = control_styles(&client, |selector| {
            let shadowed = shadowed.clone();
            async move { shadowed.wait_for(&selector).await }
        })
        .await;
        assert_same_styles(&standalone_styles, &shadow_styles, "shadow root");

        client.goto(&light_page).await.expect("open no-shadow page");
        let light = EmbeddedWidget::new(&client, "zitadel-register#light");
        let light_styles = control_styles(&client, |selector| {
            let light = light.clone();
            async move { light.wait_for(&selector).await }
        })
        .await;
        assert_same_styles(&standalone_styles, &light_styles, "no-shadow");
    })
    .await;
}

/// The host page of the isolation test: elements with the same names as the widget's.
const HOST_ELEMENTS: &str = r##"
<style>html { overflow-y: scroll; }</style>
<header><h1 id="title">Example shop</h1><p id="intro">Welcome. <a id="link" href="#intro">More</a></p></header>
<form id="host-form">
  <fieldset id="host-fieldset">
    <legend id="host-legend">Newsletter</legend>
    <label id="host-label" for="host-input">Email</label>
    <input id="host-input" name="email">
    <select id="host-select"><option>Weekly</option></select>
    <button id="host-button" type="button">Subscribe</button>
  </fieldset>
</form>
<h2 id="host-heading">Offers</h2>
<ul id="host-list"><li id="host-item">One</li></ul>
<section id="widgets"></section>
"##;

/// The host elements whose every computed property must stay the same.
const HOST_SELECTORS: [&str; 14] = [
    "#title",
    "#intro",
    "#link",
    "#host-form",
    "#host-fieldset",
    "#host-legend",
    "#host-label",
    "#host-input",
    "#host-select",
    "#host-button",
    "#host-heading",
    "#host-list",
    "#host-item",
    "header",
];

/// Containers whose size grows with the widgets; their size properties are left out.
const CONTAINER_SELECTORS: [&str; 3] = ["html", "body", "#widgets"];
const SIZE_PROPERTIES: [&str; 6] = [
    "width",
    "height",
    "block-size",
    "inline-size",
    "perspective-origin",
    "transform-origin",
];

/// Returns every computed property of every host element, keyed by selector.
async fn host_styles(client: &Client) -> BTreeMap<String, BTreeMap<String, String>> {
    let script = "const [selectors, containers, sizes] = arguments; \
        const read = (selector, skip) => { \
            const style = getComputedStyle(document.querySelector(selector)); \
            const values = {}; \
            for (const name of style) { if (!skip.includes(name)) { values[name] = style.getPropertyValue(name); } } \
            return [selector, values]; \
        }; \
        return [...selectors.map((selector) => read(selector, [])), \
                ...containers.map((selector) => read(selector, sizes))];";
    let value = client
        .execute(
            script,
            vec![
                json!(HOST_SELECTORS),
                json!(CONTAINER_SELECTORS),
                json!(SIZE_PROPERTIES),
            ],
        )
        .await
        .expect("read host styles");
    let pairs: Vec<(String, BTreeMap<String, String>)> = serde_json::from_value(value).expect("style pairs");
    pairs.into_iter().collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn widget_leaves_host_styles_alone() {
    let (site, stack) = start_allowed().await;
    let gateway = stack.gateway_origin();
    let page = site.put("/", hostile_page(None, HOST_ELEMENTS));
    in_browser(move |client| async move {
        client.goto(&page).await.expect("open host page");
        let before = host_styles(&client).await;
        assert!(
            before["#title"].len() > 100,
            "too few properties read: {}",
            before["#title"].len()
        );
        assert_eq!(
            before["#host-input"]["display"], "none",
            "the hostile CSS did not apply"
        );

        let embed = "const [script, done] = [arguments[0], arguments[arguments.length - 1]]; \
            import(script).then(() => { \
                const shadowed = document.createElement('zitadel-register'); \
                shadowed.id = 'shadowed'; \
                const light = document.createElement('zitadel-register'); \
                light.id = 'light'; \
                light.setAttribute('no-shadow', ''); \
                document.getElementById('widgets').append(shadowed, light); \
                done(null); \
            }, (error) => done(String(error)));";
        let outcome = client
            .execute_async(embed, vec![json!(format!("{gateway}/register-kit.js"))])
            .await
            .expect("load the embed");
        assert_eq!(outcome, Value::Null, "loading register-kit.js failed");
        EmbeddedWidget::new(&client, "#shadowed").wait_until_ready().await;
        EmbeddedWidget::new(&client, "#light").wait_until_ready().await;

        let after = host_styles(&client).await;
        let mut differences = Vec::new();
        for (selector, values) in &before {
            for (name, value) in values {
                let now = &after[selector][name];
                if now != value {
                    differences.push(format!("{selector} {name}: {value:?} became {now:?}"));
                }
            }
        }
        assert!(differences.is_empty(), "{}", differences.join("\n"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_shadow_registration_on_hostile_page() {
    let (site, stack) = start_allowed().await;
    let page = site.put(
        "/",
        hostile_page(
            Some(&stack.gateway_origin()),
            r#"<main><zitadel-register id="light" no-shadow methods="password"></zitadel-register></main>"#,
        ),
    );
    let person = Person::sample("embed-light");
    let scenario_person = person.clone();
    in_browser(move |client| async move {
        let person = scenario_person;
        client.goto(&page).await.expect("open host page");
        let widget = EmbeddedWidget::new(&client, "#light");
        widget.wait_for("form.zr-form[data-method=password]").await;
        let light_dom = client
            .execute(
                "const host = document.getElementById('light'); \
                 return [host.shadowRoot === null, host.querySelector('input[name=username]') !== null, \
                         getComputedStyle(host.querySelector('input[name=username]')).display];",
                Vec::new(),
            )
            .await
            .expect("inspect the element");
        assert_eq!(light_dom, json!([true, true, "block"]), "no shadow root, inputs shown");

        widget.fill_details(&person).await;
        widget.fill_passwords(&person.password).await;
        widget.submit().await;
        widget.wait_for("section.zr-page-registered").await;
        wait_until(&client, "window.widgetEvents.length >= 3").await;
        let events = recorded_events(&client).await;
        let lines = event_lines(&events);
        assert_eq!(lines[0], r#"zitadel-register:step {"step":"details"}"#, "{lines:?}");
        assert_eq!(events[1]["type"], "zitadel-register:registered", "{lines:?}");
        assert_eq!(events[1]["detail"]["method"], "password", "{lines:?}");
        assert_eq!(lines[2], r#"zitadel-register:step {"step":"registered"}"#, "{lines:?}");
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_only_documented_details(&lines, &person.password);
    })
    .await;
    assert_eq!(users_named(&stack, &person.username).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn disallowed_origin_shows_error() {
    let site = HostSite::start().await;
    let stack = Stack::start(StackOptions::default()).await;
    let page = site.put("/", example_page(&stack.gateway_origin()));
    let origin = site.origin().to_owned();
    in_browser(move |client| async move {
        client.goto(&page).await.expect("open host page");
        let widget = EmbeddedWidget::new(&client, "zitadel-register");
        let notice = widget.wait_for("[id$=-origin-not-allowed][role=alert]").await;
        let text = notice.text().await.expect("notice text");
        assert!(text.contains(&origin), "the notice does not name {origin}: {text}");
        assert!(
            text.contains(&format!("--allowed-origin {origin}")),
            "the notice does not name the fix: {text}"
        );
        assert!(!widget.exists("form.zr-form").await, "the form is offered anyway");
        assert!(
            !widget.exists("button[name=method]").await,
            "the method choice is offered anyway"
        );
        let lines = wait_for_log(&client, 2).await;
        assert!(
            lines.contains(&r#"zitadel-register:error {"kind":"origin-not-allowed"}"#.to_owned()),
            "{lines:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn shadow_root_has_no_axe_violations() {
    let (site, stack) = start_allowed().await;
    let page = site.put("/", example_page(&stack.gateway_origin()));
    let person = Person::sample("embed-axe");
    in_browser(move |client| async move {
        let check = |screen: &'static str| {
            let client = client.clone();
            async move {
                let context = json!({ "include": [["zitadel-register"]] });
                let report = run_axe(&client, context, &["autocomplete-valid", "target-size"]).await;
                assert!(
                    report.rules.iter().any(|rule| rule == "color-contrast"),
                    "axe did not check contrast on {screen}"
                );
                let inside_shadow = report
                    .passed_targets
                    .iter()
                    .filter(|target| target[0].as_array().is_some_and(|path| path.len() == 2))
                    .count();
                assert!(
                    inside_shadow > 5,
                    "axe checked only {inside_shadow} nodes inside the shadow root on {screen}"
                );
                assert!(
                    report.violations.is_empty(),
                    "axe violations on {screen}: {}",
                    serde_json::to_string_pretty(&report.violations).unwrap()
                );
            }
        };

        for scheme in ["light", "dark"] {
            client.goto(&page).await.expect("open host page");
            emulate_color_scheme(&client, scheme).await;
            let widget = EmbeddedWidget::new(&client, "zitadel-register");
            widget.wait_until_ready().await;
            let background = client
                .execute(
                    "const root = document.querySelector('zitadel-register').shadowRoot.querySelector('.zr-root'); \
                     return getComputedStyle(root).backgroundColor;",
                    Vec::new(),
                )
                .await
                .expect("read the background");
            let expected_background = if scheme == "light" {
                "rgb(255, 255, 255)"
            } else {
                "rgb(17, 24, 39)"
            };
            assert_eq!(background, json!(expected_background), "{scheme} scheme");
            check(if scheme == "light" {
                "method choice, light"
            } else {
                "method choice, dark"
            })
            .await;

            widget.choose_method("password").await;
            widget.submit().await;
            widget.wait_for("[id$=-error-summary]").await;
            check(if scheme == "light" {
                "form with errors, light"
            } else {
                "form with errors, dark"
            })
            .await;
        }

        widget_registered_screen(&client, &person).await;
        check("registered, dark").await;
    })
    .await;
}

/// Registers `person` with a password in the example page's widget, from the error state.
async fn widget_registered_screen(client: &Client, person: &Person) {
    let widget = EmbeddedWidget::new(client, "zitadel-register");
    widget.fill_details(person).await;
    widget.fill_passwords(&person.password).await;
    widget.submit().await;
    widget.wait_for("section.zr-page-registered").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn instances_work_independently() {
    let (site, stack) = start_allowed().await;
    let page = site.put(
        "/",
        hostile_page(
            Some(&stack.gateway_origin()),
            r#"<zitadel-register id="first" methods="password"></zitadel-register>
               <zitadel-register id="second" lang="de"></zitadel-register>"#,
        ),
    );
    let person = Person::sample("embed-first");
    let scenario_person = person.clone();
    in_browser(move |client| async move {
        let person = scenario_person;
        client.goto(&page).await.expect("open host page");
        let first = EmbeddedWidget::new(&client, "#first");
        let second = EmbeddedWidget::new(&client, "#second");
        first.wait_for("form.zr-form[data-method=password]").await;
        second.wait_for("section.zr-page-choose-method").await;
        assert!(
            second
                .text()
                .await
                .contains("Wie möchten Sie sich bei Ihrem neuen Konto anmelden?")
        );

        second.choose_method("password").await;
        let first_prefix = first.prefix().await;
        let second_prefix = second.prefix().await;
        assert_ne!(first_prefix, second_prefix, "two widgets share an id prefix");

        first.fill_details(&person).await;
        assert_eq!(
            second.value_of("username").await,
            "",
            "typing in one widget filled the other"
        );
        first.fill_passwords(&person.password).await;
        first.submit().await;
        first.wait_for("section.zr-page-registered").await;
        assert!(
            second.exists("form.zr-form[data-method=password]").await,
            "the second widget left its form"
        );

        wait_until(&client, "window.widgetEvents.length >= 5").await;
        let events = recorded_events(&client).await;
        let of = |target: &str| -> Vec<String> {
            let mine: Vec<Value> = events
                .iter()
                .filter(|event| event["target"] == json!(target))
                .cloned()
                .collect();
            event_lines(&mine)
        };
        let first_lines = of("first");
        let second_lines = of("second");
        assert_eq!(first_lines.len(), 3, "{first_lines:?}");
        assert_eq!(first_lines[0], r#"zitadel-register:step {"step":"details"}"#);
        assert!(
            first_lines[1].starts_with("zitadel-register:registered"),
            "{first_lines:?}"
        );
        assert_eq!(first_lines[2], r#"zitadel-register:step {"step":"registered"}"#);
        assert_eq!(
            second_lines,
            [
                r#"zitadel-register:step {"step":"choose-method"}"#,
                r#"zitadel-register:step {"step":"details"}"#,
            ],
        );
    })
    .await;
    assert_eq!(users_named(&stack, &person.username).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn attribute_changes_update_widget() {
    let (site, stack) = start_allowed().await;
    let page = site.put(
        "/",
        hostile_page(
            Some(&stack.gateway_origin()),
            r#"<zitadel-register id="live" lang="en" methods="password passkey"></zitadel-register>"#,
        ),
    );
    in_browser(move |client| async move {
        client.goto(&page).await.expect("open host page");
        let widget = EmbeddedWidget::new(&client, "#live");
        widget.choose_method("password").await;
        widget.type_into("username", "kept-while-switching").await;
        widget.type_into("password", "Typed-Pa55word!").await;
        let set_attribute = "document.getElementById('live').setAttribute(arguments[0], arguments[1]);";

        client
            .execute(set_attribute, vec![json!("lang"), json!("de")])
            .await
            .expect("set lang");
        let deadline = tokio::time::Instant::now() + widget::STEP_TIMEOUT;
        while !widget.text().await.contains("Konto mit Passwort erstellen") {
            assert!(
                tokio::time::Instant::now() < deadline,
                "lang=de did not apply: {}",
                widget.text().await
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let lang = client
            .execute(
                "return document.getElementById('live').shadowRoot.querySelector('.zr-root').lang;",
                Vec::new(),
            )
            .await
            .expect("read lang");
        assert_eq!(lang, json!("de"));
        assert_eq!(widget.value_of("username").await, "kept-while-switching");
        assert_eq!(widget.value_of("password").await, "Typed-Pa55word!");

        client
            .execute(set_attribute, vec![json!("methods"), json!("passkey")])
            .await
            .expect("set methods");
        widget.wait_for("form.zr-form[data-method=passkey]").await;
        assert!(
            !widget.exists("button[name=method]").await,
            "the method choice remains after methods=passkey"
        );
        assert_eq!(
            widget.value_of("username").await,
            "",
            "a new methods attribute starts a new widget"
        );
        assert!(widget.text().await.contains("Passkey"), "the new widget keeps lang=de");
    })
    .await;
}

/// Counts the intervals the page has running: the page wraps `setInterval` and
/// `clearInterval` before the embed loads.
const INTERVAL_TRACKER: &str = r#"<script>
  window.activeIntervals = new Set();
  const originalSetInterval = window.setInterval.bind(window);
  const originalClearInterval = window.clearInterval.bind(window);
  window.setInterval = (...args) => { const id = originalSetInterval(...args); window.activeIntervals.add(id); return id; };
  window.clearInterval = (id) => { window.activeIntervals.delete(id); originalClearInterval(id); };
</script>"#;

#[tokio::test(flavor = "multi_thread")]
async fn removing_element_cleans_up() {
    let (site, stack) = start_allowed().await;
    let body = format!(
        r#"{INTERVAL_TRACKER}
           <div id="first-place"><zitadel-register id="widget" methods="passkey"></zitadel-register></div>
           <div id="second-place"></div>"#
    );
    let page = site.put("/", hostile_page(Some(&stack.gateway_origin()), &body));
    let person = Person::sample("embed-removed");
    in_browser(move |client| async move {
        client.goto(&page).await.expect("open host page");
        let widget = EmbeddedWidget::new(&client, "#widget");
        widget.wait_for("form.zr-form[data-method=passkey]").await;
        widget.type_into("username", &person.username).await;

        client
            .execute(
                "document.getElementById('second-place').append(document.getElementById('widget'));",
                Vec::new(),
            )
            .await
            .expect("move the element");
        assert_eq!(
            widget.value_of("username").await,
            person.username,
            "moving the element within the page lost the typed value"
        );

        widget.fill_details(&person).await;
        let prefix = widget.prefix().await;
        widget.submit().await;
        widget.wait_for(&format!("#{prefix}-countdown")).await;
        let running = client
            .execute("return window.activeIntervals.size;", Vec::new())
            .await
            .expect("count intervals");
        assert_eq!(running, json!(1), "the countdown should be the one running interval");
        wait_until(&client, "window.widgetEvents.length >= 3").await;
        let events_before_removal = recorded_events(&client).await.len();

        client
            .execute(
                "window.removedWidget = document.getElementById('widget'); window.removedWidget.remove();",
                Vec::new(),
            )
            .await
            .expect("remove the element");
        wait_until(
            &client,
            "window.removedWidget.shadowRoot.childElementCount === 0 && window.activeIntervals.size === 0",
        )
        .await;
        assert_eq!(
            recorded_events(&client).await.len(),
            events_before_removal,
            "the removed widget still sends events"
        );

        let reinsert = "const element = document.createElement('zitadel-register'); \
                        element.id = 'again'; element.setAttribute('methods', 'passkey'); \
                        document.getElementById('first-place').append(element);";
        client
            .execute(reinsert, Vec::new())
            .await
            .expect("insert a new element");
        let again = EmbeddedWidget::new(&client, "#again");
        again.wait_for("form.zr-form[data-method=passkey]").await;
        assert_eq!(again.value_of("username").await, "");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn gateway_outage_is_not_a_disallowed_origin() {
    let site = HostSite::start().await;
    let stack = Stack::start(StackOptions {
        allowed_origins: vec![site.origin().to_owned()],
        ..StackOptions::default()
    })
    .await;
    let page = site.put("/", example_page(&stack.gateway_origin()));
    let stack = std::sync::Arc::new(tokio::sync::Mutex::new(stack));
    let scenario_stack = std::sync::Arc::clone(&stack);
    let person = Person::sample("embed-outage");
    in_browser(move |client| async move {
        client.goto(&page).await.expect("open host page");
        let widget = EmbeddedWidget::new(&client, "zitadel-register");
        widget.choose_method("password").await;
        widget.fill_details(&person).await;
        widget.fill_passwords(&person.password).await;
        let prefix = widget.prefix().await;

        scenario_stack.lock().await.stop_gateway().await;
        widget.submit().await;
        let notice = widget.wait_for(&format!("#{prefix}-request-error")).await;
        let text = notice.text().await.expect("notice text");
        assert!(
            !text.contains("--allowed-origin"),
            "an unreachable gateway was reported as a disallowed origin: {text}"
        );
        assert!(
            widget.exists("button[name=retry]").await,
            "no retry for a network error"
        );
        let lines = wait_for_log(&client, 3).await;
        assert_eq!(
            lines.last().map(String::as_str),
            Some(r#"zitadel-register:error {"kind":"network"}"#),
            "{lines:?}"
        );

        scenario_stack.lock().await.start_gateway().await;
        widget.find("button[name=retry]").await.click().await.expect("retry");
        widget.wait_for("section.zr-page-registered").await;
    })
    .await;
}

/// Theme settings of a host page: custom properties on `:root` and rules for `::part()`.
const THEME: &str = r#"<style>
  :root { --zr-color-primary: rgb(0, 90, 0); --zr-radius: 0px; --zr-font-family: monospace; }
  zitadel-register::part(error-summary) { border-top-color: rgb(120, 0, 0); }
  zitadel-register::part(label) { text-decoration-line: underline; }
  zitadel-register::part(button-link) { letter-spacing: 1px; }
</style>"#;

/// Documented part names. The password form after a failed submit shows every one of them.
const PART_NAMES: [&str; 14] = [
    "root",
    "heading",
    "form",
    "field",
    "label",
    "hint",
    "input",
    "button",
    "button-primary",
    "button-secondary",
    "button-link",
    "error",
    "error-summary",
    "checklist",
];

#[tokio::test(flavor = "multi_thread")]
async fn theme_crosses_the_shadow_boundary() {
    let (site, stack) = start_allowed().await;
    let body = format!(r#"{THEME}<zitadel-register id="themed" methods="password passkey"></zitadel-register>"#);
    let page = site.put("/", hostile_page(Some(&stack.gateway_origin()), &body));
    in_browser(move |client| async move {
        client.goto(&page).await.expect("open host page");
        let widget = EmbeddedWidget::new(&client, "#themed");
        let method_button = widget.wait_for("button[name=method][value=password]").await;
        let method_styles = computed_style(&client, &method_button, &["font-family"]).await;
        assert_eq!(method_styles[0].1, "monospace", "--zr-font-family did not apply");
        method_button.click().await.expect("choose password");
        widget.submit().await;
        widget.wait_for("[id$=-error-summary]").await;

        let submit = widget.find("button[type=submit]").await;
        let submit_styles = computed_style(&client, &submit, &["background-color", "border-top-left-radius"]).await;
        assert_eq!(submit_styles[0].1, "rgb(0, 90, 0)", "--zr-color-primary did not apply");
        assert_eq!(submit_styles[1].1, "0px", "--zr-radius did not apply");

        let summary = widget.find("[id$=-error-summary]").await;
        let summary_styles = computed_style(&client, &summary, &["border-top-color"]).await;
        assert_eq!(
            summary_styles[0].1, "rgb(120, 0, 0)",
            "::part(error-summary) did not apply"
        );
        let label = widget.find("label[for$=-username]").await;
        let label_styles = computed_style(&client, &label, &["text-decoration-line"]).await;
        assert_eq!(label_styles[0].1, "underline", "::part(label) did not apply");
        let back = widget.find("button[name=back]").await;
        let back_styles = computed_style(&client, &back, &["letter-spacing"]).await;
        assert_eq!(back_styles[0].1, "1px", "::part(button-link) did not apply");

        widget.type_into("password", "abc").await;
        let present = client
            .execute(
                "const root = document.getElementById('themed').shadowRoot; \
                 return arguments[0].filter((name) => root.querySelector(`[part~=\"${name}\"]`) !== null);",
                vec![json!(PART_NAMES)],
            )
            .await
            .expect("find parts");
        assert_eq!(present, json!(PART_NAMES), "some documented parts are missing");
    })
    .await;
}
