//! Runs a full registration with real log capture, and checks that no token, password,
//! registration code or registration link appears in a log line, and that no token or
//! password appears in a response.
//!
//! This file contains one test, because it installs the global log subscriber.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use register_core::api::REGISTRATION_TICKET_HEADER;
use register_server::telemetry;
use serde_json::{Value, json};
use support::*;
use tracing_subscriber::EnvFilter;
use url::Url;

const WEAK_PASSWORD: &str = "weakpassword-9f3a";

/// A log writer that appends to a shared buffer.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Records a response as text (status, headers and body) and returns its headers and body.
async fn record(responses: &mut Vec<String>, response: reqwest::Response) -> (reqwest::header::HeaderMap, String) {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.text().await.unwrap();
    responses.push(format!("{status} {headers:?} {body}"));
    (headers, body)
}

fn code_of(link: &Url) -> String {
    link.query_pairs()
        .find(|(key, _)| key == "code")
        .unwrap()
        .1
        .into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_registration_leaks_no_secret() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber =
        telemetry::subscriber(EnvFilter::new("info,register_server=trace"), move || writer.clone()).finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let tokens = TokenFiles::new();
    let running = start_built_in(&tokens, &[]).await;
    let gateway = url(running.gateway_address(), "");
    let stand_in = url(running.stand_in_address(), "");
    let client = client();
    let import = format!("{gateway}/management/v1/users/human/_import");
    let mut responses = Vec::new();

    let policy = client
        .get(format!("{gateway}/management/v1/policies/password/complexity"))
        .send()
        .await
        .unwrap();
    record(&mut responses, policy).await;

    let password_user = client
        .post(&import)
        .json(&password_registration("minnie"))
        .send()
        .await
        .unwrap();
    assert_eq!(password_user.status(), 200);
    record(&mut responses, password_user).await;

    let mut weak = password_registration("weak");
    weak["password"] = json!(WEAK_PASSWORD);
    let rejected = client.post(&import).json(&weak).send().await.unwrap();
    assert_eq!(rejected.status(), 400);
    record(&mut responses, rejected).await;

    let passkey_user = client
        .post(&import)
        .json(&passkey_registration("mickey"))
        .send()
        .await
        .unwrap();
    assert_eq!(passkey_user.status(), 200);
    let ticket = passkey_user.headers()[REGISTRATION_TICKET_HEADER]
        .to_str()
        .unwrap()
        .to_owned();
    // This response carries the code by design: the browser needs the link. It is kept
    // apart and checked for tokens and passwords only.
    let passkey_body: Value = passkey_user.json().await.unwrap();
    let returned_link = Url::parse(passkey_body["passwordlessRegistration"]["link"].as_str().unwrap()).unwrap();
    let returned_code = code_of(&returned_link);
    let user_id = passkey_body["userId"].as_str().unwrap().to_owned();

    let send_link = format!("{gateway}/management/v1/users/{user_id}/passwordless/_send_link");
    let refused = client.post(&send_link).json(&json!({})).send().await.unwrap();
    assert_eq!(refused.status(), 403);
    record(&mut responses, refused).await;
    let sent = client
        .post(&send_link)
        .header(REGISTRATION_TICKET_HEADER, &ticket)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 200);
    record(&mut responses, sent).await;

    let outbox: Value = client
        .get(format!("{stand_in}/stand-in/outbox"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mails = outbox.as_array().unwrap();
    let mailed_link = mails
        .iter()
        .find_map(|mail| mail["link"].as_str())
        .map(|link| Url::parse(link).unwrap())
        .unwrap();
    let mailed_code = code_of(&mailed_link);
    let mail_codes: Vec<String> = mails
        .iter()
        .filter_map(|mail| mail["code"].as_str())
        .filter(|code| code.bytes().any(|byte| byte.is_ascii_alphabetic()))
        .map(str::to_owned)
        .collect();

    let page = client.get(returned_link.as_str()).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let form: Vec<(String, String)> = mailed_link.query_pairs().into_owned().collect();
    let registered = client.post(mailed_link.as_str()).form(&form).send().await.unwrap();
    assert_eq!(registered.status(), 200);
    let wrong_token = client
        .get(format!("{stand_in}/management/v1/users/{user_id}"))
        .bearer_auth("not-the-token")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_token.status(), 401);

    running.stop().await.unwrap();

    let logs = capture.text();
    for expected in [
        "keeps users in memory only",
        "gateway listening",
        "stand-in listening",
        "upstream call finished",
        "request finished",
        "user registered",
        "stand-in sent a mail",
        "stand-in registered a passkey",
    ] {
        assert!(logs.contains(expected), "the logs lack {expected:?}:\n{logs}");
    }

    let mut log_secrets = vec![
        SERVICE_TOKEN.to_owned(),
        ADMIN_TOKEN.to_owned(),
        PASSWORD.to_owned(),
        WEAK_PASSWORD.to_owned(),
        returned_code.clone(),
        returned_link.to_string(),
        mailed_code.clone(),
        mailed_link.to_string(),
        ticket.clone(),
    ];
    log_secrets.extend(mail_codes);
    for secret in &log_secrets {
        assert!(!logs.contains(secret.as_str()), "a log line contains {secret:?}");
    }

    let response_secrets = [
        SERVICE_TOKEN,
        ADMIN_TOKEN,
        PASSWORD,
        WEAK_PASSWORD,
        &mailed_code,
        &returned_code,
    ];
    for response in &responses {
        for secret in response_secrets {
            assert!(!response.contains(secret), "a response contains {secret:?}: {response}");
        }
    }
    let passkey_text = passkey_body.to_string();
    for secret in [SERVICE_TOKEN, ADMIN_TOKEN, PASSWORD, &mailed_code] {
        assert!(
            !passkey_text.contains(secret),
            "the passkey response contains {secret:?}"
        );
    }
}
