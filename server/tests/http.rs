//! Real-HTTP tests: the gateway and the stand-in on loopback ports, called over TCP.

mod support;

use register_core::api::REGISTRATION_TICKET_HEADER;
use reqwest::StatusCode;
use reqwest::header;
use serde_json::{Value, json};
use support::*;
use url::Url;

const IMPORT: &str = "/management/v1/users/human/_import";

async fn import(client: &reqwest::Client, gateway: &str, body: &Value) -> reqwest::Response {
    client
        .post(format!("{gateway}{IMPORT}"))
        .header(header::ORIGIN, "http://127.0.0.1:8080")
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn gateway_forwards_to_separate_stand_in() {
    let tokens = TokenFiles::new();
    let stand_in = start(&[
        "stand-in",
        "--stand-in-listen",
        "127.0.0.1:0",
        "--service-token-file",
        &tokens.service_token(),
        "--admin-token-file",
        &tokens.admin_token(),
        "--org-id",
        "42",
    ])
    .await;
    assert!(stand_in.gateway_address().is_none());
    let stand_in_base = url(stand_in.stand_in_address(), "");

    let gateway = start(&[
        "--listen",
        "127.0.0.1:0",
        "--upstream",
        &stand_in_base,
        "--service-token-file",
        &tokens.service_token(),
        "--org-id",
        "42",
    ])
    .await;
    assert!(gateway.stand_in_address().is_none());
    let gateway_base = url(gateway.gateway_address(), "");
    let client = client();

    let response = import(&client, &gateway_base, &password_registration("minnie")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["details"]["resourceOwner"], "42");

    let users: Value = client
        .get(format!("{stand_in_base}/stand-in/users"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(users[0]["userName"], "minnie");
    assert_eq!(users[0]["id"], created["userId"]);

    gateway.stop().await.unwrap();
    stand_in.stop().await.unwrap();
}

#[tokio::test]
async fn gateway_without_token_for_upstream_does_not_start() {
    let config = <register_server::Config as clap::Parser>::try_parse_from([
        "register-server",
        "--listen",
        "127.0.0.1:0",
        "--upstream",
        "http://127.0.0.1:9",
    ])
    .unwrap();
    if std::env::var_os("REGISTER_SERVICE_TOKEN").is_some() {
        return;
    }
    let error = register_server::start(&config).await.unwrap_err();
    assert!(
        matches!(error, register_server::StartError::MissingServiceToken),
        "{error}"
    );
}

#[tokio::test]
async fn password_and_passkey_registration_through_built_in_stand_in() {
    let tokens = TokenFiles::new();
    let running = start_built_in(&tokens, &["--passwordless-expiry", "120"]).await;
    let gateway = url(running.gateway_address(), "");
    let stand_in = url(running.stand_in_address(), "");
    let client = client();

    let policy = client
        .get(format!("{gateway}/management/v1/policies/password/complexity"))
        .send()
        .await
        .unwrap();
    assert_eq!(policy.status(), StatusCode::OK);
    assert_eq!(policy.headers()[header::CACHE_CONTROL], "public, max-age=60");

    let response = import(&client, &gateway, &password_registration("minnie")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "http://127.0.0.1:8080"
    );
    let exposed = response.headers()[header::ACCESS_CONTROL_EXPOSE_HEADERS]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(exposed.contains(REGISTRATION_TICKET_HEADER), "{exposed}");

    let response = import(&client, &gateway, &passkey_registration("mickey")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let ticket = response.headers()[REGISTRATION_TICKET_HEADER]
        .to_str()
        .unwrap()
        .to_owned();
    let created: Value = response.json().await.unwrap();
    let user_id = created["userId"].as_str().unwrap().to_owned();
    assert_eq!(created["passwordlessRegistration"]["expiration"], "120s");
    let link = Url::parse(created["passwordlessRegistration"]["link"].as_str().unwrap()).unwrap();
    assert_eq!(format!("{}", link.origin().ascii_serialization()), stand_in);

    let page = client
        .get(format!("{link}&requestPlatformType=platform"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"data-platform-type="platform""#), "{html}");
    assert!(html.contains(&format!(r#"data-user-id="{user_id}""#)), "{html}");

    let send_link = format!("{gateway}/management/v1/users/{user_id}/passwordless/_send_link");
    let refused = client.post(&send_link).json(&json!({})).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let sent = client
        .post(&send_link)
        .header(REGISTRATION_TICKET_HEADER, &ticket)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), StatusCode::OK);

    let outbox: Value = client
        .get(format!("{stand_in}/stand-in/outbox"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let kinds: Vec<&str> = outbox
        .as_array()
        .unwrap()
        .iter()
        .map(|mail| mail["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["initialization", "initialization", "passwordless-registration"]);
    assert_eq!(outbox[2]["recipient"], "mickey@mouse.com");
    assert_eq!(outbox[2]["userId"], user_id.as_str());

    let form: Vec<(String, String)> = link.query_pairs().into_owned().collect();
    let registered = client.post(link.as_str()).form(&form).send().await.unwrap();
    assert_eq!(registered.status(), StatusCode::OK);
    let reused = client.get(link.as_str()).send().await.unwrap();
    assert_eq!(reused.status(), StatusCode::GONE);

    let hidden = client
        .post(format!("{gateway}/management/v1/users/{user_id}/passwordless/_link"))
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);

    running.stop().await.unwrap();
}

#[tokio::test]
async fn rate_limit_counts_the_peer_address() {
    let tokens = TokenFiles::new();
    let running = start_built_in(&tokens, &["--rate-limit-per-minute", "1", "--rate-limit-burst", "2"]).await;
    let gateway = url(running.gateway_address(), "");
    let client = client();

    for user_name in ["first", "second"] {
        let response = import(&client, &gateway, &password_registration(user_name)).await;
        assert_eq!(response.status(), StatusCode::OK, "{user_name}");
    }
    let limited = import(&client, &gateway, &password_registration("third")).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = limited.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let body: Value = limited.json().await.unwrap();
    assert_eq!(body["code"], 8);

    running.stop().await.unwrap();
}

#[tokio::test]
async fn stand_in_rejects_missing_and_wrong_tokens_over_http() {
    let tokens = TokenFiles::new();
    let running = start_built_in(&tokens, &[]).await;
    let stand_in = url(running.stand_in_address(), "");
    let client = client();
    let policy = format!("{stand_in}/management/v1/policies/password/complexity");

    let missing = client.get(&policy).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    let wrong = client.get(&policy).bearer_auth("wrong").send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let admin = client.get(&policy).bearer_auth(ADMIN_TOKEN).send().await.unwrap();
    assert_eq!(admin.status(), StatusCode::OK);

    running.stop().await.unwrap();
}
