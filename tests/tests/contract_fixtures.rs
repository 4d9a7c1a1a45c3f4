//! Writes the JSON that the contract tests judge with ZITADEL's protobuf descriptors.
//!
//! - `requests/`: the ImportHumanUser body register-core builds for each sample user;
//! - `responses/`: every kind of body the stand-in and the gateway return, success and
//!   error, captured over real HTTP;
//! - `manifest.json`: the file names, so the Node suite notices a missing fixture.
//!
//! The files go to `CONTRACT_FIXTURES`, else `target/contract/` in the workspace. The Node
//! suite in `tests/contract/` reads them; `cargo xtask test` runs both in that order.

use std::path::PathBuf;

use register_core::policy::PasswordPolicy;
use register_core::registration::{Method, RegistrationForm};
use register_e2e::stack::{ADMIN_TOKEN, SERVICE_TOKEN};
use register_e2e::{Stack, StackOptions, workspace_root};
use reqwest::{Method as HttpMethod, StatusCode};
use serde_json::{Value, json};

fn fixture_dir() -> PathBuf {
    std::env::var_os("CONTRACT_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/contract"))
}

/// A sample person, as typed into the form.
struct SampleUser {
    name: &'static str,
    method: Method,
    form: RegistrationForm,
}

fn sample(name: &'static str, method: Method, fields: [&str; 6], password: &str) -> SampleUser {
    let [username, given_name, family_name, email, phone, preferred_language] = fields;
    SampleUser {
        name,
        method,
        form: RegistrationForm {
            username: username.to_owned(),
            given_name: given_name.to_owned(),
            family_name: family_name.to_owned(),
            email: email.to_owned(),
            phone: phone.to_owned(),
            preferred_language: preferred_language.to_owned(),
            password: password.to_owned(),
            password_confirmation: password.to_owned(),
        },
    }
}

fn sample_users() -> Vec<SampleUser> {
    let longest_name = "ä".repeat(200);
    let longest_username: &'static str = Box::leak("u".repeat(200).into_boxed_str());
    let longest_name: &'static str = Box::leak(longest_name.into_boxed_str());
    vec![
        sample(
            "password-minimal",
            Method::Password,
            ["minnie-mouse", "Minnie", "Mouse", "minnie@mouse.com", "", ""],
            "Secr3tP4ssw0rd!",
        ),
        sample(
            "password-full",
            Method::Password,
            [
                "anna.example",
                "Anna",
                "Example",
                "anna.example+news@example.com",
                "+41 71 000 00 00",
                "de-CH",
            ],
            "correct Horse 1",
        ),
        sample(
            "password-unicode-names",
            Method::Password,
            ["seán", "Seán", "O'Brien", "sean@example.ie", "0044 20 7946 0958", "ga"],
            "Öffnen-Sesam1",
        ),
        sample(
            "passkey-minimal",
            Method::Passkey,
            ["tanaka", "倫", "田中", "rin@example.jp", "", "ja"],
            "",
        ),
        sample(
            "passkey-idn-domain",
            Method::Passkey,
            [
                "jürgen",
                "Jürgen",
                "Müller-Lüdenscheidt",
                "jürgen@bücher.example",
                "+49 (0)30 1234567",
                "de",
            ],
            "",
        ),
        sample(
            "passkey-longest-values",
            Method::Passkey,
            [
                longest_username,
                longest_name,
                longest_name,
                "a@b.example",
                "+123456789012345",
                "zh-Hant-TW",
            ],
            "",
        ),
    ]
}

struct FixtureWriter {
    directory: PathBuf,
    requests: Vec<String>,
    responses: Vec<String>,
}

impl FixtureWriter {
    fn new() -> FixtureWriter {
        let directory = fixture_dir();
        let _ = std::fs::remove_dir_all(&directory);
        std::fs::create_dir_all(directory.join("requests")).expect("create requests dir");
        std::fs::create_dir_all(directory.join("responses")).expect("create responses dir");
        FixtureWriter {
            directory,
            requests: Vec::new(),
            responses: Vec::new(),
        }
    }

    /// Records a request body. `path` contains the path parameters that grpc-gateway merges
    /// into the message, such as `{"userId": "1"}`.
    fn request(&mut self, name: &str, schema: &str, body: Value, path: Value) {
        let file = format!("{name}.json");
        let fixture = json!({ "schema": schema, "body": body, "path": path });
        std::fs::write(self.directory.join("requests").join(&file), fixture.to_string()).expect("write fixture");
        self.requests.push(file);
    }

    fn response(&mut self, name: &str, schema: &str, status: StatusCode, body: Value) {
        let file = format!("{name}.json");
        let fixture = json!({ "schema": schema, "status": status.as_u16(), "body": body });
        std::fs::write(self.directory.join("responses").join(&file), fixture.to_string()).expect("write fixture");
        self.responses.push(file);
    }

    fn finish(self, required_response_schemas: &[&str]) {
        let manifest = json!({
            "requests": self.requests,
            "responses": self.responses,
            "requiredResponseSchemas": required_response_schemas,
        });
        std::fs::write(self.directory.join("manifest.json"), manifest.to_string()).expect("write manifest");
    }
}

/// A request that must fail, and the status it must fail with.
struct ErrorCall {
    name: &'static str,
    method: HttpMethod,
    url: String,
    token: Option<&'static str>,
    body: Option<Value>,
    status: StatusCode,
}

impl ErrorCall {
    fn new(
        name: &'static str,
        method: HttpMethod,
        url: String,
        token: Option<&'static str>,
        body: Option<Value>,
        status: StatusCode,
    ) -> ErrorCall {
        ErrorCall {
            name,
            method,
            url,
            token,
            body,
            status,
        }
    }
}

/// Sends a request and returns the status and the JSON body.
async fn call(
    http: &reqwest::Client,
    method: HttpMethod,
    url: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = http.request(method.clone(), url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|error| panic!("{method} {url} failed: {error}"));
    let status = response.status();
    let text = response.text().await.expect("response body");
    let body = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{method} {url} returned non-JSON {text:?}: {error}"));
    (status, body)
}

#[tokio::test]
async fn write_contract_fixtures() {
    let mut writer = FixtureWriter::new();
    let policy = PasswordPolicy::ZITADEL_DEFAULT;

    for user in sample_users() {
        let registration = user
            .form
            .validate(user.method, Some(&policy))
            .unwrap_or_else(|errors| panic!("sample {} is invalid: {errors}", user.name));
        let body = serde_json::to_value(registration.to_import_request()).expect("serialize");
        writer.request(
            user.name,
            "zitadel.management.v1.ImportHumanUserRequest",
            body,
            json!({}),
        );
    }
    writer.request(
        "send-link-empty",
        "zitadel.management.v1.SendPasswordlessRegistrationRequest",
        serde_json::to_value(register_core::wire::SendPasswordlessRegistrationRequest::default()).expect("serialize"),
        json!({ "userId": "259242039378509826" }),
    );

    let stack = Stack::start(StackOptions {
        without_bundle: true,
        ..StackOptions::default()
    })
    .await;
    let http = stack.http().clone();
    let stand_in = stack.stand_in_origin();
    let gateway = stack.gateway_origin();
    let management = |origin: &str, path: &str| format!("{origin}/management/v1{path}");
    let import_url = management(&stand_in, "/users/human/_import");

    let (status, body) = call(
        &http,
        HttpMethod::GET,
        &management(&stand_in, "/policies/password/complexity"),
        Some(SERVICE_TOKEN),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    writer.response(
        "stand-in-policy",
        "zitadel.management.v1.GetPasswordComplexityPolicyResponse",
        status,
        body,
    );

    let (status, body) = call(
        &http,
        HttpMethod::GET,
        &management(&gateway, "/policies/password/complexity"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    writer.response(
        "gateway-policy",
        "zitadel.management.v1.GetPasswordComplexityPolicyResponse",
        status,
        body,
    );

    let mut created_ids = Vec::new();
    for user in sample_users() {
        let registration = user.form.validate(user.method, Some(&policy)).expect("valid sample");
        let request = serde_json::to_value(registration.to_import_request()).expect("serialize");
        let (status, body) = call(&http, HttpMethod::POST, &import_url, Some(SERVICE_TOKEN), Some(request)).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", user.name);
        created_ids.push(body["userId"].as_str().expect("userId").to_owned());
        writer.response(
            &format!("stand-in-import-{}", user.name),
            "zitadel.management.v1.ImportHumanUserResponse",
            status,
            body,
        );
    }

    let verified_import = json!({
        "userName": "operator-created",
        "profile": { "firstName": "Olga", "lastName": "Operator", "nickName": "Ole", "displayName": "Olga O.", "gender": "GENDER_DIVERSE" },
        "email": { "email": "olga@example.com", "isEmailVerified": true },
        "phone": { "phone": "+41710000000", "isPhoneVerified": true },
        "password": "Secr3tP4ssw0rd!",
        "passwordChangeRequired": true
    });
    let (status, body) = call(
        &http,
        HttpMethod::POST,
        &import_url,
        Some(ADMIN_TOKEN),
        Some(verified_import),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    writer.response(
        "stand-in-import-verified",
        "zitadel.management.v1.ImportHumanUserResponse",
        status,
        body,
    );

    let user_id = created_ids[0].clone();
    let link_url = management(&stand_in, &format!("/users/{user_id}/passwordless/_link"));
    let (status, body) = call(&http, HttpMethod::POST, &link_url, Some(ADMIN_TOKEN), Some(json!({}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    writer.response(
        "stand-in-link",
        "zitadel.management.v1.AddPasswordlessRegistrationResponse",
        status,
        body,
    );

    let send_url = management(&stand_in, &format!("/users/{user_id}/passwordless/_send_link"));
    let (status, body) = call(&http, HttpMethod::POST, &send_url, Some(SERVICE_TOKEN), Some(json!({}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    writer.response(
        "stand-in-send-link",
        "zitadel.management.v1.SendPasswordlessRegistrationResponse",
        status,
        body,
    );

    for (index, id) in created_ids.iter().enumerate() {
        let url = management(&stand_in, &format!("/users/{id}"));
        let (status, body) = call(&http, HttpMethod::GET, &url, Some(SERVICE_TOKEN), None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        writer.response(
            &format!("stand-in-user-{index}"),
            "zitadel.management.v1.GetUserByIDResponse",
            status,
            body,
        );
    }
    let by_login_name = format!(
        "{}?loginName=MINNIE-mouse",
        management(&stand_in, "/global/users/_by_login_name")
    );
    let (status, body) = call(&http, HttpMethod::GET, &by_login_name, Some(SERVICE_TOKEN), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    writer.response(
        "stand-in-user-by-login-name",
        "zitadel.management.v1.GetUserByLoginNameGlobalResponse",
        status,
        body,
    );

    let existing_user = serde_json::to_value(
        sample_users()[0]
            .form
            .validate(Method::Password, Some(&policy))
            .unwrap()
            .to_import_request(),
    )
    .unwrap();
    let mut shouting = existing_user.clone();
    shouting["userName"] = json!("MINNIE-MOUSE");
    let error_calls = vec![
        ErrorCall::new(
            "stand-in-error-no-token",
            HttpMethod::POST,
            import_url.clone(),
            None,
            Some(existing_user.clone()),
            StatusCode::UNAUTHORIZED,
        ),
        ErrorCall::new(
            "stand-in-error-username-taken",
            HttpMethod::POST,
            import_url.clone(),
            Some(SERVICE_TOKEN),
            Some(shouting),
            StatusCode::CONFLICT,
        ),
        ErrorCall::new(
            "stand-in-error-link-forbidden",
            HttpMethod::POST,
            link_url.clone(),
            Some(SERVICE_TOKEN),
            Some(json!({})),
            StatusCode::FORBIDDEN,
        ),
        ErrorCall::new(
            "stand-in-error-user-not-found",
            HttpMethod::GET,
            management(&stand_in, "/users/999999999999999999"),
            Some(SERVICE_TOKEN),
            None,
            StatusCode::NOT_FOUND,
        ),
        ErrorCall::new(
            "stand-in-error-request-rule",
            HttpMethod::POST,
            import_url.clone(),
            Some(SERVICE_TOKEN),
            Some(
                json!({ "userName": "", "profile": { "firstName": "A", "lastName": "B" }, "email": { "email": "a@b.example" } }),
            ),
            StatusCode::BAD_REQUEST,
        ),
        ErrorCall::new(
            "stand-in-error-email",
            HttpMethod::POST,
            import_url.clone(),
            Some(SERVICE_TOKEN),
            Some(
                json!({ "userName": "x1", "profile": { "firstName": "A", "lastName": "B" }, "email": { "email": "Anna <anna@example.com>" } }),
            ),
            StatusCode::BAD_REQUEST,
        ),
        ErrorCall::new(
            "stand-in-error-password-rule",
            HttpMethod::POST,
            import_url.clone(),
            Some(SERVICE_TOKEN),
            Some(
                json!({ "userName": "x2", "profile": { "firstName": "A", "lastName": "B" }, "email": { "email": "a@b.example" }, "password": "Öffnen-sesam1" }),
            ),
            StatusCode::BAD_REQUEST,
        ),
        ErrorCall::new(
            "gateway-error-forbidden-field",
            HttpMethod::POST,
            management(&gateway, "/users/human/_import"),
            None,
            Some(
                json!({ "userName": "x3", "profile": { "firstName": "A", "lastName": "B" }, "email": { "email": "a@b.example", "isEmailVerified": true }, "requestPasswordlessRegistration": true }),
            ),
            StatusCode::BAD_REQUEST,
        ),
        ErrorCall::new(
            "gateway-error-fields",
            HttpMethod::POST,
            management(&gateway, "/users/human/_import"),
            None,
            Some(
                json!({ "userName": "x\u{200B}", "profile": { "firstName": "", "lastName": "B" }, "email": { "email": "a@" }, "requestPasswordlessRegistration": true }),
            ),
            StatusCode::BAD_REQUEST,
        ),
        ErrorCall::new(
            "gateway-error-send-link-without-ticket",
            HttpMethod::POST,
            management(&gateway, &format!("/users/{user_id}/passwordless/_send_link")),
            None,
            Some(json!({})),
            StatusCode::FORBIDDEN,
        ),
    ];
    for error_call in error_calls {
        let ErrorCall {
            name,
            method,
            url,
            token,
            body,
            status: expected_status,
        } = error_call;
        let (status, body) = call(&http, method, &url, token, body).await;
        assert_eq!(status, expected_status, "{name}: {body}");
        writer.response(name, "error", status, body);
    }

    writer.finish(&[
        "zitadel.management.v1.GetPasswordComplexityPolicyResponse",
        "zitadel.management.v1.ImportHumanUserResponse",
        "zitadel.management.v1.AddPasswordlessRegistrationResponse",
        "zitadel.management.v1.SendPasswordlessRegistrationResponse",
        "zitadel.management.v1.GetUserByIDResponse",
        "zitadel.management.v1.GetUserByLoginNameGlobalResponse",
        "error",
    ]);
}
