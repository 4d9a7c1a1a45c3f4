//! Registration in a real browser: headless Chromium on the release bundle, served by a
//! real gateway process that forwards to a real stand-in process, all on 127.0.0.1.
//!
//! Each test starts its own processes on free ports, types and tabs as a person would, and
//! checks the outcome where it lands: in the page, in the stand-in's users and outbox, and
//! in the server logs.

use std::sync::Arc;

use fantoccini::Client;
use fantoccini::key::Key;
use register_e2e::widget::{
    Person, choose_method, choose_platform_type, exists, fill_details, fill_password_registration, fill_passwords,
    find, key, open, page_text, prefix, press, submit, tab_to, type_into, value_of, wait_for,
};
use register_e2e::{Stack, StackOptions, in_browser, in_browser_with_language};
use serde_json::{Value, json};
use tokio::sync::Mutex;
use url::Url;

/// Returns the users whose username is `username`, ignoring case as ZITADEL does.
async fn users_named(stack: &Stack, username: &str) -> Vec<Value> {
    let expected = username.to_lowercase();
    stack
        .users()
        .await
        .into_iter()
        .filter(|user| {
            user["userName"]
                .as_str()
                .is_some_and(|name| name.to_lowercase() == expected)
        })
        .collect()
}

/// Returns the outbox entries addressed to `recipient`.
async fn mails_to(stack: &Stack, recipient: &str) -> Vec<Value> {
    stack
        .outbox()
        .await
        .into_iter()
        .filter(|mail| mail["recipient"] == json!(recipient))
        .collect()
}

async fn checklist_state(client: &Client, requirement: &str) -> String {
    let item = find(client, &format!("li[data-requirement={requirement}]")).await;
    item.attr("data-met").await.expect("data-met").unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn password_registration_creates_user_and_mail() {
    let stack = Arc::new(Stack::start(StackOptions::default()).await);
    let person = Person::sample("password");
    let scenario_stack = Arc::clone(&stack);
    let scenario_person = person.clone();
    in_browser(move |client| async move {
        let stack = scenario_stack;
        let person = scenario_person;
        open(&client, &stack.widget_url()).await;
        choose_method(&client, "password").await;
        fill_details(&client, &person).await;

        let password = find(&client, "[name=password]").await;
        password.send_keys("abc").await.expect("type");
        assert_eq!(checklist_state(&client, "lowercase").await, "true");
        assert_eq!(checklist_state(&client, "uppercase").await, "false");
        assert_eq!(checklist_state(&client, "min-length").await, "false");
        password.send_keys("DEF").await.expect("type");
        assert_eq!(checklist_state(&client, "uppercase").await, "true");
        assert_eq!(checklist_state(&client, "number").await, "false");
        password.send_keys("12!").await.expect("type");
        for requirement in ["min-length", "lowercase", "uppercase", "number", "symbol"] {
            assert_eq!(checklist_state(&client, requirement).await, "true", "{requirement}");
        }

        fill_passwords(&client, &person.password).await;
        submit(&client).await;
        wait_for(&client, "section.zr-page-registered").await;
        let text = page_text(&client).await;
        assert!(
            text.contains(&person.email),
            "done screen does not name the email: {text}"
        );
        assert!(exists(&client, "a[data-action=sign-in]").await);
        let url = client.current_url().await.expect("url");
        assert_eq!(url.as_str(), stack.widget_url(), "the widget changed the page URL");
    })
    .await;

    let users = users_named(&stack, &person.username).await;
    assert_eq!(users.len(), 1, "{users:?}");
    let user = &users[0];
    assert_eq!(user["userName"], json!(person.username));
    assert_eq!(user["email"], json!(person.email));
    assert_eq!(user["phone"], json!("+41710000000"));
    assert_eq!(user["hasPassword"], json!(true));
    assert_eq!(user["preferredLanguage"], json!("en"));
    let user_text = user.to_string();
    assert!(user_text.contains(&person.given_name), "{user_text}");
    assert!(user_text.contains(&person.family_name), "{user_text}");
    assert_ne!(user["isEmailVerified"], json!(true));

    let mails = mails_to(&stack, &person.email).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0]["kind"], json!("initialization"));

    let logs = stack.logs();
    assert!(!logs.is_empty(), "the servers wrote no log lines");
    assert!(
        !logs.contains(&person.password),
        "the password appears in a server log line"
    );
    assert!(
        !logs.contains("abcDEF12!"),
        "a typed password appears in a server log line"
    );
}

async fn register_passkey(stack: Arc<Stack>, platform_type: &'static str) {
    let person = Person::sample(&format!("passkey-{}", platform_type.to_lowercase()));
    let scenario_stack = Arc::clone(&stack);
    let scenario_person = person.clone();
    in_browser(move |client| async move {
        let stack = scenario_stack;
        let person = scenario_person;
        open(&client, &stack.widget_url()).await;
        choose_method(&client, "passkey").await;
        fill_details(&client, &person).await;
        choose_platform_type(&client, platform_type).await;
        let prefix = prefix(&client).await;
        submit(&client).await;

        let link = wait_for(&client, &format!("a#{prefix}-passkey-link")).await;
        assert_eq!(
            link.attr("data-platform-type").await.unwrap(),
            Some(platform_type.to_owned())
        );
        let href = link.attr("href").await.unwrap().expect("link has an href");
        let url = Url::parse(&href).expect("href is a URL");
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect();
        let keys: Vec<&str> = pairs.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(keys, ["userID", "orgID", "codeID", "code", "requestPlatformType"]);
        assert_eq!(pairs[4].1, platform_type);
        assert_eq!(url.origin().ascii_serialization(), stack.stand_in_origin());

        let users = users_named(&stack, &person.username).await;
        assert_eq!(users.len(), 1, "{users:?}");
        let user_id = users[0]["id"].as_str().expect("user id").to_owned();
        assert_eq!(pairs[0].1, user_id, "userID");
        assert!(
            pairs[1].1.chars().all(|character| character.is_ascii_digit()),
            "orgID {:?}",
            pairs[1].1
        );
        assert!(!pairs[2].1.is_empty(), "codeID");
        assert_eq!(pairs[3].1.len(), 12, "code length");
        assert!(exists(&client, &format!("#{prefix}-passkey-qr")).await, "no QR code");
        assert!(exists(&client, &format!("#{prefix}-countdown")).await, "no countdown");

        link.click().await.expect("click the passkey link");
        let page = wait_for(&client, "[data-platform-type][data-user-id]").await;
        let landed = client.current_url().await.expect("url");
        assert_eq!(landed.as_str(), href, "the browser did not land on the link unchanged");
        assert_eq!(
            page.attr("data-platform-type").await.unwrap(),
            Some(platform_type.to_owned())
        );
        assert_eq!(page.attr("data-user-id").await.unwrap(), Some(user_id));
        assert_eq!(page.attr("data-code-state").await.unwrap(), Some("valid".to_owned()));
        let text = page_text(&client).await.to_lowercase();
        let authenticator_words = match platform_type {
            "platform" => "this device",
            "crossPlatform" => "security key",
            _ => "any authenticator",
        };
        assert!(
            text.contains(authenticator_words),
            "init page does not name {authenticator_words}: {text}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn passkey_registration_on_this_device() {
    register_passkey(Arc::new(Stack::start(StackOptions::default()).await), "platform").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn passkey_registration_with_security_key() {
    register_passkey(Arc::new(Stack::start(StackOptions::default()).await), "crossPlatform").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn passkey_registration_with_any_authenticator() {
    register_passkey(Arc::new(Stack::start(StackOptions::default()).await), "unspecified").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn email_me_the_link_needs_the_ticket() {
    let stack = Arc::new(Stack::start(StackOptions::default()).await);
    let person = Person::sample("emailed");
    let scenario_stack = Arc::clone(&stack);
    let scenario_person = person.clone();
    in_browser(move |client| async move {
        let stack = scenario_stack;
        let person = scenario_person;
        open(&client, &stack.widget_url()).await;
        choose_method(&client, "passkey").await;
        fill_details(&client, &person).await;
        let prefix = prefix(&client).await;
        submit(&client).await;
        wait_for(&client, &format!("a#{prefix}-passkey-link")).await;
        find(&client, "button[name=email-link]")
            .await
            .click()
            .await
            .expect("click email link");
        wait_for(&client, &format!("#{prefix}-email-sent")).await;
    })
    .await;

    let users = users_named(&stack, &person.username).await;
    assert_eq!(users.len(), 1);
    let user_id = users[0]["id"].as_str().expect("user id").to_owned();
    let mails = mails_to(&stack, &person.email).await;
    let link_mails: Vec<&Value> = mails
        .iter()
        .filter(|mail| mail["kind"] == json!("passwordless-registration"))
        .collect();
    assert_eq!(link_mails.len(), 1, "{mails:?}");
    let link = link_mails[0]["link"].as_str().expect("mail has a link");
    assert!(
        link.starts_with(&format!(
            "{}/ui/login/login/passwordless/init?",
            stack.stand_in_origin()
        )),
        "{link}"
    );
    assert!(link.contains(&format!("userID={user_id}")), "{link}");

    let send_link = format!(
        "{}/management/v1/users/{user_id}/passwordless/_send_link",
        stack.gateway_origin()
    );
    let response = stack
        .http()
        .post(&send_link)
        .json(&json!({}))
        .send()
        .await
        .expect("request");
    assert_eq!(
        response.status().as_u16(),
        403,
        "a request without the ticket was accepted"
    );
    let forged = stack
        .http()
        .post(&send_link)
        .header("x-register-ticket", "forged.ticket")
        .json(&json!({}))
        .send()
        .await
        .expect("request");
    assert_eq!(forged.status().as_u16(), 403, "a forged ticket was accepted");
    let link_mails_after = mails_to(&stack, &person.email)
        .await
        .into_iter()
        .filter(|mail| mail["kind"] == json!("passwordless-registration"))
        .count();
    assert_eq!(link_mails_after, 1, "a refused request still sent a mail");
}

#[tokio::test(flavor = "multi_thread")]
async fn taken_username_keeps_other_values() {
    let stack = Arc::new(Stack::start(StackOptions::default()).await);
    let existing = Person::sample("taken");
    let existing_form = register_core::registration::RegistrationForm {
        username: existing.username.clone(),
        given_name: existing.given_name.clone(),
        family_name: existing.family_name.clone(),
        email: existing.email.clone(),
        phone: String::new(),
        preferred_language: "en".to_owned(),
        password: existing.password.clone(),
        password_confirmation: existing.password.clone(),
    };
    let body = existing_form
        .validate(register_core::registration::Method::Password, None)
        .expect("valid")
        .to_import_request();
    let import = format!("{}/management/v1/users/human/_import", stack.gateway_origin());
    let response = stack.http().post(&import).json(&body).send().await.expect("request");
    assert!(
        response.status().is_success(),
        "{}",
        response.text().await.unwrap_or_default()
    );

    let person = Person {
        username: existing.username.to_uppercase(),
        email: "other@example.com".to_owned(),
        ..Person::sample("other")
    };
    let scenario_stack = Arc::clone(&stack);
    let scenario_person = person.clone();
    in_browser(move |client| async move {
        let stack = scenario_stack;
        let person = scenario_person;
        open(&client, &stack.widget_url()).await;
        choose_method(&client, "password").await;
        fill_details(&client, &person).await;
        fill_passwords(&client, &person.password).await;
        submit(&client).await;

        let prefix = prefix(&client).await;
        let error = wait_for(&client, &format!("#{prefix}-username-error")).await;
        let message = error.text().await.expect("text").to_lowercase();
        assert!(message.contains("taken"), "username error says {message:?}");
        let username = find(&client, "[name=username]").await;
        assert_eq!(username.attr("aria-invalid").await.unwrap(), Some("true".to_owned()));
        let described_by = username.attr("aria-describedby").await.unwrap().unwrap_or_default();
        assert!(
            described_by.contains(&format!("{prefix}-username-error")),
            "{described_by}"
        );
        for (name, value) in person.text_fields() {
            assert_eq!(value_of(&client, name).await, value, "{name} lost its value");
        }
        assert_eq!(value_of(&client, "password").await, person.password);
        assert_eq!(value_of(&client, "password-confirmation").await, person.password);
        for name in ["given-name", "family-name", "email", "phone"] {
            assert!(
                !exists(&client, &format!("#{prefix}-{name}-error")).await,
                "{name} shows an error"
            );
        }
    })
    .await;

    assert_eq!(
        users_named(&stack, &person.username).await.len(),
        1,
        "a second user was created"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn gateway_down_then_retry_creates_one_user() {
    let stack = Arc::new(Mutex::new(Stack::start(StackOptions::default()).await));
    let person = Person::sample("retry");
    let scenario_stack = Arc::clone(&stack);
    let scenario_person = person.clone();
    in_browser(move |client| async move {
        let person = scenario_person;
        let widget_url = scenario_stack.lock().await.widget_url();
        let prefix = fill_password_registration(&client, &widget_url, &person).await;

        scenario_stack.lock().await.stop_gateway().await;
        submit(&client).await;
        let notice = wait_for(&client, &format!("#{prefix}-request-error")).await;
        let message = notice.text().await.expect("text");
        assert!(!message.trim().is_empty(), "the request error is empty");
        let focus = client
            .execute(
                "return document.activeElement.matches('form.zr-form button[type=submit]');",
                Vec::new(),
            )
            .await
            .expect("read focus");
        assert_eq!(
            focus,
            json!(true),
            "the submit button lost the keyboard focus during the request"
        );
        assert!(exists(&client, "button[name=retry]").await, "no retry button");
        for (name, value) in person.text_fields() {
            assert_eq!(value_of(&client, name).await, value, "{name} lost its value");
        }
        assert_eq!(value_of(&client, "password").await, person.password);

        scenario_stack.lock().await.start_gateway().await;
        find(&client, "button[name=retry]")
            .await
            .click()
            .await
            .expect("click retry");
        wait_for(&client, "section.zr-page-registered").await;
    })
    .await;

    let stack = stack.lock().await;
    assert_eq!(users_named(&stack, &person.username).await.len(), 1);
}

/// ZITADEL finishes after the gateway has given up: the user exists, but the page got
/// only "took too long". The retry then meets "username taken", and the page adds a note
/// that the account may be the person's own instead of only asking for another name.
#[tokio::test(flavor = "multi_thread")]
async fn late_answer_then_taken_points_to_own_account() {
    let options = StackOptions {
        stand_in_arguments: vec!["--stand-in-delay".into(), "2000".into()],
        gateway_arguments: vec!["--upstream-timeout".into(), "1".into()],
        ..StackOptions::default()
    };
    let stack = Arc::new(Mutex::new(Stack::start(options).await));
    let person = Person::sample("late");
    let scenario_stack = Arc::clone(&stack);
    let scenario_person = person.clone();
    in_browser(move |client| async move {
        let person = scenario_person;
        let widget_url = scenario_stack.lock().await.widget_url();
        let prefix = fill_password_registration(&client, &widget_url, &person).await;

        submit(&client).await;
        wait_for(&client, "button[name=retry]").await;
        assert!(!exists(&client, &format!("#{prefix}-earlier-attempt")).await);
        // The stand-in created the user before the gateway gave up on its response.
        let created = users_named(&*scenario_stack.lock().await, &person.username).await;
        assert_eq!(created.len(), 1, "the first attempt created no user");

        let mut stack = scenario_stack.lock().await;
        stack.stop_gateway().await;
        stack.set_gateway_arguments(vec!["--upstream-timeout".into(), "10".into()]);
        stack.start_gateway().await;
        drop(stack);
        find(&client, "button[name=retry]")
            .await
            .click()
            .await
            .expect("click retry");

        let notice = wait_for(&client, &format!("#{prefix}-earlier-attempt")).await;
        let text = notice.text().await.expect("text");
        assert!(text.contains("may have worked"), "{text}");
        let error = find(&client, &format!("#{prefix}-username-error")).await;
        assert!(error.text().await.expect("text").contains("already taken"));
        for (name, value) in person.text_fields() {
            assert_eq!(value_of(&client, name).await, value, "{name} lost its value");
        }
        assert_eq!(value_of(&client, "password").await, person.password);
    })
    .await;

    let stack = stack.lock().await;
    assert_eq!(users_named(&stack, &person.username).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn typed_text_keeps_spaces_and_order() {
    let stack = Arc::new(Stack::start(StackOptions::default()).await);
    let scenario_stack = Arc::clone(&stack);
    in_browser(move |client| async move {
        open(&client, &scenario_stack.widget_url()).await;
        choose_method(&client, "password").await;
        let cases = [
            ("email", "anna @example.com"),
            ("email", "Anna <anna@example.com>"),
            ("given-name", "Anna  Maria "),
            ("username", "anna maria"),
            ("phone", "+41 71 000 00 00"),
        ];
        for (name, text) in cases {
            let input = find(&client, &format!("[name={name}]")).await;
            input.clear().await.expect("clear");
            for character in text.chars() {
                input
                    .send_keys(&character.to_string())
                    .await
                    .expect("type one character");
            }
            let shown = value_of(&client, name).await;
            let expected = if name == "email" { text.trim_end() } else { text };
            assert_eq!(shown, expected, "{name} shows {shown:?} after typing {text:?}");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn double_click_creates_one_user() {
    let stack = Arc::new(Stack::start(StackOptions::default()).await);
    let person = Person::sample("double");
    let scenario_stack = Arc::clone(&stack);
    let scenario_person = person.clone();
    in_browser(move |client| async move {
        let stack = scenario_stack;
        let person = scenario_person;
        open(&client, &stack.widget_url()).await;
        choose_method(&client, "password").await;
        fill_details(&client, &person).await;
        fill_passwords(&client, &person.password).await;
        let script = "const button = document.querySelector('form.zr-form button[type=submit]'); \
                      button.click(); button.click(); button.click();";
        client.execute(script, Vec::new()).await.expect("click three times");
        wait_for(&client, "section.zr-page-registered").await;
    })
    .await;

    assert_eq!(users_named(&stack, &person.username).await.len(), 1);
    assert_eq!(mails_to(&stack, &person.email).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn expired_link_offers_email() {
    let options = StackOptions {
        passwordless_expiry_seconds: Some(2),
        ..StackOptions::default()
    };
    let stack = Arc::new(Stack::start(options).await);
    let person = Person::sample("expired");
    let scenario_stack = Arc::clone(&stack);
    in_browser(move |client| async move {
        let stack = scenario_stack;
        open(&client, &stack.widget_url()).await;
        choose_method(&client, "passkey").await;
        fill_details(&client, &person).await;
        let prefix = prefix(&client).await;
        submit(&client).await;
        wait_for(&client, &format!("a#{prefix}-passkey-link")).await;
        let expired = wait_for(&client, &format!("#{prefix}-link-expired")).await;
        let text = expired.text().await.expect("text").to_lowercase();
        assert!(text.contains("expired"), "expired notice says {text:?}");
        let email_button = find(&client, "button[name=email-link]").await;
        assert!(
            email_button.is_enabled().await.expect("enabled state"),
            "email option is disabled"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn keyboard_only_registration() {
    let stack = Arc::new(Stack::start(StackOptions::default()).await);
    let person = Person::sample("keyboard");
    let scenario_stack = Arc::clone(&stack);
    let scenario_person = person.clone();
    in_browser(move |client| async move {
        let stack = scenario_stack;
        let person = scenario_person;
        open(&client, &stack.widget_url()).await;
        tab_to(&client, "button[name=method][value=password]", 20).await;
        press(&client, &key(Key::Enter)).await;
        wait_for(&client, "form.zr-form[data-method=password]").await;

        for (name, value) in person.text_fields() {
            tab_to(&client, &format!("[name={name}]"), 20).await;
            press(&client, value).await;
        }
        tab_to(&client, "[name=password]", 20).await;
        press(&client, &person.password).await;
        tab_to(&client, "[name=password-confirmation]", 20).await;
        press(&client, &person.password).await;
        tab_to(&client, "form.zr-form button[type=submit]", 20).await;
        press(&client, &key(Key::Enter)).await;
        wait_for(&client, "section.zr-page-registered").await;
    })
    .await;

    let users = users_named(&stack, &person.username).await;
    assert_eq!(users.len(), 1);
    assert_eq!(users[0]["email"], json!(person.email));
}

/// Returns the English texts of the catalog that differ from their German translation.
fn english_only_texts() -> Vec<String> {
    let read = |name: &str| -> Value {
        let path = register_e2e::workspace_root().join("web/locales").join(name);
        serde_json::from_str(&std::fs::read_to_string(&path).expect("catalog")).expect("catalog is JSON")
    };
    let english = read("en.json");
    let german = read("de.json");
    let mut texts = Vec::new();
    collect_differing(&english, &german, &mut texts);
    texts
}

fn collect_differing(english: &Value, german: &Value, texts: &mut Vec<String>) {
    match (english, german) {
        (Value::Object(english), Value::Object(german)) => {
            for (key, value) in english {
                collect_differing(value, german.get(key).unwrap_or(&Value::Null), texts);
            }
        }
        (Value::String(english), german) if german.as_str() != Some(english.as_str()) => {
            let fixed_part = english.split('{').next().unwrap_or_default().trim();
            if fixed_part.split_whitespace().count() >= 3 {
                texts.push(fixed_part.to_owned());
            }
        }
        _ => {}
    }
}

fn assert_german(text: &str, english_texts: &[String], screen: &str) {
    for english in english_texts {
        assert!(
            !text.contains(english.as_str()),
            "{screen} shows English text {english:?}:\n{text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn german_ui_throughout() {
    let stack = Arc::new(Stack::start(StackOptions::default()).await);
    let english_texts = english_only_texts();
    assert!(
        english_texts.len() > 20,
        "too few catalog texts to compare: {}",
        english_texts.len()
    );
    let person = Person::sample("deutsch");
    let scenario_stack = Arc::clone(&stack);
    let scenario_person = person.clone();
    in_browser_with_language("de-DE", move |client| async move {
        let stack = scenario_stack;
        let person = scenario_person;
        open(&client, &stack.widget_url()).await;
        let lang = client
            .execute(
                "return document.querySelector('.zr-root').getAttribute('lang');",
                Vec::new(),
            )
            .await;
        assert_eq!(lang.ok(), Some(json!("de")), "the widget does not declare German");
        let text = page_text(&client).await;
        assert!(text.contains("Passwort"), "method screen: {text}");
        assert_german(&text, &english_texts, "method screen");

        choose_method(&client, "password").await;
        submit(&client).await;
        let prefix = prefix(&client).await;
        wait_for(&client, &format!("#{prefix}-error-summary")).await;
        let text = page_text(&client).await;
        assert!(text.contains("Benutzername"), "form: {text}");
        assert_german(&text, &english_texts, "form with errors");

        fill_details(&client, &person).await;
        type_into(&client, "password", "kurz").await;
        let text = page_text(&client).await;
        assert_german(&text, &english_texts, "password checklist");
        fill_passwords(&client, &person.password).await;
        submit(&client).await;
        wait_for(&client, "section.zr-page-registered").await;
        let text = page_text(&client).await;
        assert!(text.contains(&person.email), "done screen: {text}");
        assert_german(&text, &english_texts, "done screen");
    })
    .await;

    let users = users_named(&stack, &person.username).await;
    assert_eq!(users.len(), 1);
    assert_eq!(
        users[0]["preferredLanguage"],
        json!("de"),
        "the UI language is not the preferred language"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn autofilled_values_are_read_and_checked() {
    let stack = Arc::new(Stack::start(StackOptions::default()).await);
    let person = Person::sample("autofill");
    let scenario_stack = Arc::clone(&stack);
    let scenario_person = person.clone();
    in_browser(move |client| async move {
        let stack = scenario_stack;
        let person = scenario_person;
        open(&client, &stack.widget_url()).await;
        choose_method(&client, "password").await;
        let set_values = "for (const [name, value] of arguments[0]) { \
                              document.querySelector(`[name=\"${name}\"]`).value = value; }";
        let mut values: Vec<(String, String)> = person
            .text_fields()
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        values.push(("email".to_owned(), "not-an-address".to_owned()));
        values.push(("password".to_owned(), person.password.clone()));
        values.push(("password-confirmation".to_owned(), person.password.clone()));
        client
            .execute(set_values, vec![json!(values)])
            .await
            .expect("set values by script");
        submit(&client).await;
        let prefix = prefix(&client).await;
        wait_for(&client, &format!("#{prefix}-email-error")).await;
        assert!(
            !exists(&client, &format!("#{prefix}-username-error")).await,
            "autofilled username was not read"
        );

        client
            .execute(set_values, vec![json!([["email", person.email.clone()]])])
            .await
            .expect("set email by script");
        submit(&client).await;
        wait_for(&client, "section.zr-page-registered").await;
    })
    .await;

    let users = users_named(&stack, &person.username).await;
    assert_eq!(users.len(), 1);
    assert_eq!(users[0]["email"], json!(person.email));
    assert_eq!(users[0]["phone"], json!("+41710000000"));
}
