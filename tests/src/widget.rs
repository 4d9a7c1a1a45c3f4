//! Steps a person takes in the widget, written against its stable hooks: element names,
//! `data-*` attributes and ids with the instance prefix.

use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::Value;

/// How long a step may wait for the page to change. Only an upper bound for waiting:
/// no test compares how long anything took.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(30);

/// The values a person types into the details form.
#[derive(Clone, Debug)]
pub struct Person {
    pub username: String,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub phone: String,
    pub password: String,
}

impl Person {
    /// Returns a valid person whose username and email contain `tag`.
    pub fn sample(tag: &str) -> Person {
        Person {
            username: format!("anna-{tag}"),
            given_name: "Anna".to_owned(),
            family_name: "Muster-Lüdenscheidt".to_owned(),
            email: format!("anna.{tag}+news@example.com"),
            phone: "+41 71 000 00 00".to_owned(),
            password: "Secr3t-P4ssw0rd!".to_owned(),
        }
    }

    /// Returns the text fields in form order, as `(input name, value)` pairs.
    pub fn text_fields(&self) -> [(&'static str, &str); 5] {
        [
            ("username", &self.username),
            ("given-name", &self.given_name),
            ("family-name", &self.family_name),
            ("email", &self.email),
            ("phone", &self.phone),
        ]
    }
}

/// Returns a key as the text WebDriver sends for it.
pub fn key(key: Key) -> String {
    char::from(key).to_string()
}

/// Waits until an element matching `css` exists and returns it.
pub async fn wait_for(client: &Client, css: &str) -> Element {
    client
        .wait()
        .at_most(STEP_TIMEOUT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|error| panic!("{css} did not appear: {error}"))
}

/// Waits until `condition`, a JavaScript expression, is true in the page.
pub async fn wait_until(client: &Client, condition: &str) {
    let script = format!("return Boolean({condition});");
    let deadline = tokio::time::Instant::now() + STEP_TIMEOUT;
    loop {
        let value = client.execute(&script, Vec::new()).await.unwrap_or(Value::Bool(false));
        if value == Value::Bool(true) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{condition} did not become true"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Returns the first element matching `css`, which must exist.
pub async fn find(client: &Client, css: &str) -> Element {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|error| panic!("{css} not found: {error}"))
}

/// Returns true when an element matching `css` exists now.
pub async fn exists(client: &Client, css: &str) -> bool {
    client.find(Locator::Css(css)).await.is_ok()
}

/// Opens the widget page and waits until the first screen is shown.
pub async fn open(client: &Client, url: &str) {
    client
        .goto(url)
        .await
        .unwrap_or_else(|error| panic!("could not open {url}: {error}"));
    wait_for(client, "section.zr-page-choose-method, form.zr-form").await;
}

/// Returns the instance prefix of the first widget on the page, such as `zr1`.
pub async fn prefix(client: &Client) -> String {
    let input = wait_for(client, "input[name=username]").await;
    let id = input
        .attr("id")
        .await
        .expect("id attribute")
        .expect("username input has an id");
    id.strip_suffix("-username")
        .expect("ids end in the field name")
        .to_owned()
}

/// Chooses the password or passkey method on the first screen.
pub async fn choose_method(client: &Client, method: &str) {
    let button = wait_for(client, &format!("button[name=method][value={method}]")).await;
    button.click().await.expect("click method");
    wait_for(client, &format!("form.zr-form[data-method={method}]")).await;
}

/// Types into the input named `name`, replacing what it holds.
pub async fn type_into(client: &Client, name: &str, text: &str) {
    let input = find(client, &format!("[name={name}]")).await;
    input.clear().await.expect("clear input");
    input.send_keys(text).await.expect("type into input");
}

/// Returns the current value of the input named `name`.
pub async fn value_of(client: &Client, name: &str) -> String {
    let input = find(client, &format!("[name={name}]")).await;
    input.prop("value").await.expect("value property").unwrap_or_default()
}

/// Types every text field of `person`.
pub async fn fill_details(client: &Client, person: &Person) {
    for (name, value) in person.text_fields() {
        type_into(client, name, value).await;
    }
}

/// Types the password and its confirmation.
pub async fn fill_passwords(client: &Client, password: &str) {
    type_into(client, "password", password).await;
    type_into(client, "password-confirmation", password).await;
}

/// Opens the widget at `widget_url`, chooses the password method and fills in every field
/// for `person`. Returns the widget's id prefix.
pub async fn fill_password_registration(client: &Client, widget_url: &str, person: &Person) -> String {
    open(client, widget_url).await;
    choose_method(client, "password").await;
    fill_details(client, person).await;
    fill_passwords(client, &person.password).await;
    prefix(client).await
}

/// Selects the authenticator radio with the `requestPlatformType` value `platform_type`.
pub async fn choose_platform_type(client: &Client, platform_type: &str) {
    let radio = find(client, &format!("input[name=platform-type][value={platform_type}]")).await;
    radio.click().await.expect("click radio");
}

/// Clicks the submit button.
pub async fn submit(client: &Client) {
    find(client, "form.zr-form button[type=submit]")
        .await
        .click()
        .await
        .expect("click submit");
}

/// Returns the visible text of the page.
pub async fn page_text(client: &Client) -> String {
    let value = client
        .execute("return document.body.innerText;", Vec::new())
        .await
        .expect("read text");
    value.as_str().unwrap_or_default().to_owned()
}

/// Presses Tab until the focused element matches `css`, and fails after `max_presses`.
pub async fn tab_to(client: &Client, css: &str, max_presses: usize) {
    let script = format!("return document.activeElement !== null && document.activeElement.matches({css:?});");
    for _ in 0..max_presses {
        if client.execute(&script, Vec::new()).await.expect("check focus") == Value::Bool(true) {
            return;
        }
        let active = client.active_element().await.expect("active element");
        active.send_keys(&key(Key::Tab)).await.expect("press Tab");
    }
    let focused = client
        .execute(
            "return document.activeElement && document.activeElement.outerHTML.slice(0, 200);",
            Vec::new(),
        )
        .await
        .expect("describe focus");
    panic!("Tab never reached {css}; focus is on {focused}");
}

/// Sends keys to the focused element.
pub async fn press(client: &Client, keys: &str) {
    let active = client.active_element().await.expect("active element");
    active.send_keys(keys).await.expect("send keys");
}
