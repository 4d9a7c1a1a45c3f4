//! Steps a person takes in a `<zitadel-register>` element, inside its shadow root or, with
//! `no-shadow`, inside the element itself. WebDriver finds elements in a shadow root only
//! from that root, so every lookup starts at the widget's render root.

use std::time::Duration;

use fantoccini::elements::{Element, ShadowRoot};
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use crate::widget::{Person, STEP_TIMEOUT};

/// One `<zitadel-register>` element on the current page.
#[derive(Clone, Debug)]
pub struct EmbeddedWidget {
    client: Client,
    /// A CSS selector for the element in the light DOM, such as `zitadel-register#first`.
    host: String,
}

/// The root that contains the widget's elements.
enum RenderRoot {
    Shadow(ShadowRoot),
    Light(Element),
}

impl EmbeddedWidget {
    pub fn new(client: &Client, host: &str) -> EmbeddedWidget {
        EmbeddedWidget {
            client: client.clone(),
            host: host.to_owned(),
        }
    }

    async fn render_root(&self) -> Option<RenderRoot> {
        let host = self.client.find(Locator::Css(&self.host)).await.ok()?;
        let has_shadow_root = self
            .client
            .execute("return arguments[0].shadowRoot !== null;", vec![json!(host)])
            .await
            .ok()?;
        if has_shadow_root == Value::Bool(true) {
            host.shadow_root().await.ok().map(RenderRoot::Shadow)
        } else {
            Some(RenderRoot::Light(host))
        }
    }

    /// Returns the first element matching `css` inside the widget, if there is one now.
    pub async fn try_find(&self, css: &str) -> Option<Element> {
        match self.render_root().await? {
            RenderRoot::Shadow(root) => root.find(Locator::Css(css)).await.ok(),
            RenderRoot::Light(host) => host.find(Locator::Css(css)).await.ok(),
        }
    }

    /// Returns true when an element matching `css` is inside the widget now.
    pub async fn exists(&self, css: &str) -> bool {
        self.try_find(css).await.is_some()
    }

    /// Returns the first element matching `css` inside the widget, which must exist.
    pub async fn find(&self, css: &str) -> Element {
        self.try_find(css)
            .await
            .unwrap_or_else(|| panic!("{css} not found in {}", self.host))
    }

    /// Waits until an element matching `css` is inside the widget and returns it.
    pub async fn wait_for(&self, css: &str) -> Element {
        let deadline = tokio::time::Instant::now() + STEP_TIMEOUT;
        loop {
            if let Some(element) = self.try_find(css).await {
                return element;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{css} did not appear in {}; it shows: {}",
                self.host,
                self.text().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the first screen is shown.
    pub async fn wait_until_ready(&self) {
        self.wait_for("section.zr-page-choose-method, form.zr-form").await;
    }

    /// Returns the instance prefix, such as `zr1`, from the username input's id.
    pub async fn prefix(&self) -> String {
        let input = self.wait_for("input[name=username]").await;
        let id = input.attr("id").await.expect("id").expect("username input has an id");
        id.strip_suffix("-username")
            .expect("ids end in the field name")
            .to_owned()
    }

    pub async fn choose_method(&self, method: &str) {
        self.wait_for(&format!("button[name=method][value={method}]"))
            .await
            .click()
            .await
            .expect("click method");
        self.wait_for(&format!("form.zr-form[data-method={method}]")).await;
    }

    /// Types into the input named `name`, replacing its value.
    pub async fn type_into(&self, name: &str, text: &str) {
        let input = self.find(&format!("[name={name}]")).await;
        input.clear().await.expect("clear input");
        input.send_keys(text).await.expect("type into input");
    }

    /// Returns the current value of the input named `name`.
    pub async fn value_of(&self, name: &str) -> String {
        let input = self.find(&format!("[name={name}]")).await;
        input.prop("value").await.expect("value property").unwrap_or_default()
    }

    pub async fn fill_details(&self, person: &Person) {
        for (name, value) in person.text_fields() {
            self.type_into(name, value).await;
        }
    }

    pub async fn fill_passwords(&self, password: &str) {
        self.type_into("password", password).await;
        self.type_into("password-confirmation", password).await;
    }

    pub async fn choose_platform_type(&self, platform_type: &str) {
        self.find(&format!("input[name=platform-type][value={platform_type}]"))
            .await
            .click()
            .await
            .expect("click radio");
    }

    pub async fn submit(&self) {
        self.find("form.zr-form button[type=submit]")
            .await
            .click()
            .await
            .expect("click submit");
    }

    /// Returns the widget's visible text.
    pub async fn text(&self) -> String {
        let script = "const host = document.querySelector(arguments[0]); \
                      if (host === null) { return ''; } \
                      const root = host.shadowRoot ?? host; \
                      const widget = root.querySelector('.zr-root'); \
                      return widget === null ? '' : widget.innerText;";
        let value = self
            .client
            .execute(script, vec![json!(self.host)])
            .await
            .unwrap_or(Value::Null);
        value.as_str().unwrap_or_default().to_owned()
    }
}

/// Returns the events the test page recorded in `window.widgetEvents`.
pub async fn recorded_events(client: &Client) -> Vec<Value> {
    let events = client
        .execute("return window.widgetEvents;", Vec::new())
        .await
        .expect("read window.widgetEvents");
    events.as_array().cloned().unwrap_or_default()
}

/// Returns the recorded events as `type detail-json` lines, for comparisons and messages.
pub fn event_lines(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|event| format!("{} {}", event["type"].as_str().unwrap_or_default(), event["detail"]))
        .collect()
}

/// Returns the computed values of `properties` for `element`.
pub async fn computed_style(client: &Client, element: &Element, properties: &[&str]) -> Vec<(String, String)> {
    let script = "const style = getComputedStyle(arguments[0]); \
                  return arguments[1].map((name) => [name, style.getPropertyValue(name)]);";
    let values = client
        .execute(script, vec![json!(element), json!(properties)])
        .await
        .expect("getComputedStyle");
    values
        .as_array()
        .expect("pairs")
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap_or_default().to_owned(),
                pair[1].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}
