//! Component tests of the widget in a real browser (headless Chromium through
//! wasm-bindgen-test). Each test mounts a widget with a fake gateway, drives the DOM the
//! way a user does, and checks the text and attributes the user gets. No test waits for a clock: `settle`
//! only lets the browser run the tasks that are already queued.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use register_core::failure::Failure;
use register_core::policy::PasswordPolicy;
use register_core::registration::Method;
use register_core::wire::{ImportHumanUserRequest, ImportHumanUserResponse, PasswordlessRegistration};
use register_web::api::{ApiError, CreatedUser, Gateway, LocalFuture, RegistrationTicket, parse_response};
use register_web::config::{ApiBase, WidgetConfig};
use register_web::element::ElementWidget;
use register_web::events::{EventSink, StepName, WidgetEvent};
use register_web::i18n::Locale;
use register_web::mount::{WidgetHandle, mount_with};
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, Event, EventInit, FocusEvent, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A gateway with canned responses that records the requests the widget sent.
struct FakeGateway {
    policy: Result<PasswordPolicy, ApiError>,
    import_results: Mutex<VecDeque<Result<CreatedUser, ApiError>>>,
    imports: Mutex<Vec<ImportHumanUserRequest>>,
    sent_links: Mutex<Vec<(String, String)>>,
    /// While true, import responses wait for [`FakeGateway::release_imports`].
    hold_imports: Mutex<bool>,
    /// The resolve functions of the held responses.
    held_responses: Mutex<Vec<SendWrapper<js_sys::Function>>>,
    /// What became of each import response: delivered, or dropped while it waited.
    import_outcomes: Arc<Mutex<Vec<ImportOutcome>>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ImportOutcome {
    Delivered,
    Dropped,
}

/// Records the outcome of one import response when it is dropped.
struct OutcomeRecorder {
    outcomes: Arc<Mutex<Vec<ImportOutcome>>>,
    delivered: bool,
}

impl Drop for OutcomeRecorder {
    fn drop(&mut self) {
        let outcome = if self.delivered {
            ImportOutcome::Delivered
        } else {
            ImportOutcome::Dropped
        };
        self.outcomes.lock().unwrap().push(outcome);
    }
}

impl FakeGateway {
    fn new(policy: PasswordPolicy) -> FakeGateway {
        FakeGateway {
            policy: Ok(policy),
            import_results: Mutex::new(VecDeque::new()),
            imports: Mutex::new(Vec::new()),
            sent_links: Mutex::new(Vec::new()),
            hold_imports: Mutex::new(false),
            held_responses: Mutex::new(Vec::new()),
            import_outcomes: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Holds every later import response until [`FakeGateway::release_imports`].
    fn hold_imports(&self) {
        *self.hold_imports.lock().unwrap() = true;
    }

    /// Lets the held import responses arrive.
    fn release_imports(&self) {
        *self.hold_imports.lock().unwrap() = false;
        for resolve in self.held_responses.lock().unwrap().drain(..) {
            resolve.call0(&wasm_bindgen::JsValue::NULL).unwrap();
        }
    }

    /// Returns a gateway whose every response lacks the CORS permission for `page_origin`.
    fn disallowing(page_origin: &str) -> FakeGateway {
        FakeGateway {
            policy: Err(ApiError::OriginNotAllowed {
                page_origin: page_origin.into(),
            }),
            ..FakeGateway::new(POLICY)
        }
    }

    fn queue_import_result(&self, result: Result<CreatedUser, ApiError>) {
        self.import_results.lock().unwrap().push_back(result);
    }

    fn imports(&self) -> Vec<ImportHumanUserRequest> {
        self.imports.lock().unwrap().clone()
    }
}

impl Gateway for FakeGateway {
    fn password_policy(&self) -> LocalFuture<Result<PasswordPolicy, ApiError>> {
        let policy = self.policy.clone();
        Box::pin(async move { policy })
    }

    fn import_human_user(&self, request: ImportHumanUserRequest) -> LocalFuture<Result<CreatedUser, ApiError>> {
        self.imports.lock().unwrap().push(request);
        let result = self
            .import_results
            .lock()
            .unwrap()
            .pop_front()
            .expect("the test queued a result for every import");
        let held_response = (*self.hold_imports.lock().unwrap()).then(|| {
            let mut resolve_function = None;
            let promise = js_sys::Promise::new(&mut |resolve, _| resolve_function = Some(resolve));
            let resolve = resolve_function.expect("the promise executor runs at once");
            self.held_responses.lock().unwrap().push(SendWrapper::new(resolve));
            SendWrapper::new(JsFuture::from(promise))
        });
        let recorder = OutcomeRecorder {
            outcomes: self.import_outcomes.clone(),
            delivered: false,
        };
        Box::pin(async move {
            // Moved as a whole: naming only its field would capture only the field.
            let mut recorder = recorder;
            if let Some(release) = held_response {
                release.await.unwrap();
            }
            // Resolve in a later task, as a real request does.
            next_task().await;
            recorder.delivered = true;
            result
        })
    }

    fn send_passwordless_link(&self, user_id: String, ticket: RegistrationTicket) -> LocalFuture<Result<(), ApiError>> {
        self.sent_links
            .lock()
            .unwrap()
            .push((user_id, ticket.expose_secret().to_owned()));
        Box::pin(async { Ok(()) })
    }
}

const POLICY: PasswordPolicy = PasswordPolicy::ZITADEL_DEFAULT;

struct Widget {
    root: HtmlElement,
    handle: Option<WidgetHandle>,
    events: Arc<Mutex<Vec<WidgetEvent>>>,
}

impl Widget {
    async fn mount(methods: Vec<Method>, locale: Locale, gateway: Arc<FakeGateway>) -> Widget {
        let document = web_sys::window().unwrap().document().unwrap();
        let root: HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        let config = test_config(methods, locale);
        let events = Arc::new(Mutex::new(Vec::new()));
        let recorder = events.clone();
        let sink = EventSink::new(move |event| recorder.lock().unwrap().push(event.clone()));
        let handle = mount_with(root.clone(), config, gateway, sink);
        settle().await;
        Widget {
            root,
            handle: Some(handle),
            events,
        }
    }

    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    /// Gives the running widget a new configuration, as a changed attribute does.
    async fn reconfigure(&self, config: WidgetConfig) -> Result<(), Box<WidgetConfig>> {
        let result = self.handle.as_ref().expect("mounted").reconfigure(config);
        settle().await;
        result
    }

    fn recorded(&self) -> Vec<WidgetEvent> {
        self.events.lock().unwrap().clone()
    }

    fn get(&self, selector: &str) -> Element {
        self.find(selector)
            .unwrap_or_else(|| panic!("no element matches {selector}"))
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .map(|index| list.item(index).unwrap().dyn_into().unwrap())
            .collect()
    }

    fn input(&self, name: &str) -> HtmlInputElement {
        self.get(&format!("[name=\"{name}\"]")).dyn_into().unwrap()
    }

    fn by_id(&self, id: &str) -> Option<Element> {
        self.find(&format!("[id=\"{id}\"]"))
    }

    /// Types `value` into an input as a user does: one input event for the new value.
    async fn type_into(&self, name: &str, value: &str) {
        let input = self.input(name);
        input.focus().unwrap();
        input.set_value(value);
        let init = EventInit::new();
        init.set_bubbles(true);
        input
            .dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
            .unwrap();
        settle().await;
    }

    async fn blur(&self, name: &str) {
        let input = self.input(name);
        input.dispatch_event(&FocusEvent::new("blur").unwrap()).unwrap();
        settle().await;
    }

    async fn click(&self, selector: &str) {
        let element: HtmlElement = self.get(selector).dyn_into().unwrap();
        element.click();
        settle().await;
    }

    /// Returns the inline error text of the field named `name`, found through its
    /// `aria-describedby`, or None when the field shows no error.
    fn error_of(&self, name: &str) -> Option<String> {
        let input = self.get(&format!("[name=\"{name}\"]"));
        let described_by = input.get_attribute("aria-describedby").unwrap_or_default();
        described_by
            .split_whitespace()
            .filter(|id| id.ends_with("-error"))
            .filter_map(|id| self.by_id(id))
            .map(|element| element.text_content().unwrap_or_default())
            .next()
    }

    fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    async fn fill_valid_details(&self) {
        self.type_into("username", "minnie-mouse").await;
        self.type_into("given-name", "Minnie").await;
        self.type_into("family-name", "Mouse").await;
        self.type_into("email", "minnie@mouse.example").await;
        self.type_into("phone", "+41 71 000 00 00").await;
    }
}

impl Drop for Widget {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.unmount();
        }
        self.root.remove();
    }
}

fn test_config(methods: Vec<Method>, locale: Locale) -> WidgetConfig {
    WidgetConfig {
        api_base: ApiBase::SameOrigin,
        methods,
        sign_in_url: Some(url::Url::parse("http://127.0.0.1:8082/ui/login/").unwrap()),
        locale,
    }
}

/// Resolves in the browser's next task, after the queued tasks and microtasks ran.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback(&resolve).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Lets effects, render updates and fake responses that are already queued run.
async fn settle() {
    for _ in 0..4 {
        next_task().await;
    }
}

/// Records the uncaught errors that reach the window. A panic in a task or an event
/// handler of the widget arrives there.
struct WindowErrors {
    errors: Arc<Mutex<Vec<String>>>,
    listener: wasm_bindgen::closure::Closure<dyn Fn(web_sys::ErrorEvent)>,
}

impl WindowErrors {
    fn record() -> WindowErrors {
        let errors = Arc::new(Mutex::new(Vec::<String>::new()));
        let recorder = errors.clone();
        let listener =
            wasm_bindgen::closure::Closure::<dyn Fn(web_sys::ErrorEvent)>::new(move |event: web_sys::ErrorEvent| {
                recorder.lock().unwrap().push(event.message());
            });
        web_sys::window()
            .unwrap()
            .add_event_listener_with_callback("error", listener.as_ref().unchecked_ref())
            .unwrap();
        WindowErrors { errors, listener }
    }

    /// Stops recording and returns the messages recorded.
    fn stop(self) -> Vec<String> {
        web_sys::window()
            .unwrap()
            .remove_event_listener_with_callback("error", self.listener.as_ref().unchecked_ref())
            .unwrap();
        self.errors.lock().unwrap().clone()
    }
}

fn active_element() -> Option<Element> {
    web_sys::window().unwrap().document().unwrap().active_element()
}

/// Sorts an error response exactly as the HTTP gateway does.
fn rejection(status: u16, body: &str) -> ApiError {
    parse_response::<ImportHumanUserResponse>(status, body).expect_err("the test body is an error")
}

fn created_user(passwordless: Option<PasswordlessRegistration>, ticket: Option<&str>) -> CreatedUser {
    CreatedUser {
        response: ImportHumanUserResponse {
            user_id: "259242039378509826".into(),
            details: None,
            passwordless_registration: passwordless,
        },
        ticket: ticket.map(|ticket| RegistrationTicket::new(ticket.into())),
        received_at_unix_ms: js_sys::Date::now() as u64,
    }
}

#[wasm_bindgen_test]
async fn blur_shows_inline_error_tied_to_field() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    let widget = Widget::mount(vec![Method::Password], Locale::en, gateway).await;

    widget.type_into("email", "anna@").await;
    widget.blur("email").await;
    let email = widget.input("email");
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described_by = email.get_attribute("aria-describedby").unwrap();
    assert!(described_by.contains("-email-hint"), "{described_by}");
    let error = widget.error_of("email").expect("email shows an error");
    assert!(error.contains("The part after the @ is not a valid domain"), "{error}");

    widget.type_into("email", "anna@example.com").await;
    assert_eq!(widget.error_of("email"), None);
    assert_eq!(widget.input("email").get_attribute("aria-invalid"), None);
}

#[wasm_bindgen_test]
async fn empty_field_is_not_flagged_on_blur() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    let widget = Widget::mount(vec![Method::Password], Locale::en, gateway).await;

    widget.blur("username").await;
    assert_eq!(widget.error_of("username"), None);
}

#[wasm_bindgen_test]
async fn press_on_submit_defers_blur_check() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    let widget = Widget::mount(vec![Method::Password], Locale::en, gateway).await;
    widget.type_into("email", "anna@").await;

    // Pressing the button moves focus first. An error shown now would push the button
    // down before the click lands.
    let submit = widget.get("button[type=submit]");
    submit
        .dispatch_event(&web_sys::PointerEvent::new("pointerdown").unwrap())
        .unwrap();
    widget.blur("email").await;
    assert_eq!(widget.error_of("email"), None);

    widget.click("button[type=submit]").await;
    let error = widget.error_of("email").expect("submit checks the email");
    assert!(error.contains("not a valid domain"), "{error}");
}

#[wasm_bindgen_test]
async fn submit_checks_every_field() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    let widget = Widget::mount(vec![Method::Password], Locale::en, gateway.clone()).await;

    widget.type_into("username", "minnie").await;
    widget.type_into("phone", "071 000").await;
    widget.type_into("password", "Secr3tP4ssw0rd!").await;
    widget.type_into("password-confirmation", "Secr3tP4ssw0rd?").await;
    widget.click("button[type=submit]").await;

    assert_eq!(widget.error_of("username"), None);
    assert_eq!(
        widget.error_of("given-name").as_deref(),
        Some("Error: Enter your given name")
    );
    assert_eq!(
        widget.error_of("family-name").as_deref(),
        Some("Error: Enter your family name")
    );
    assert_eq!(
        widget.error_of("email").as_deref(),
        Some("Error: Enter your email address")
    );
    let phone = widget.error_of("phone").unwrap();
    assert!(phone.contains("Start with + or 00 and the country code"), "{phone}");
    assert_eq!(widget.error_of("password"), None);
    let confirmation = widget.error_of("password-confirmation").unwrap();
    assert!(confirmation.contains("The passwords do not match"), "{confirmation}");
    for name in ["given-name", "family-name", "email", "phone", "password-confirmation"] {
        let invalid = widget.input(name).get_attribute("aria-invalid");
        assert_eq!(invalid.as_deref(), Some("true"), "{name}");
    }
    assert!(gateway.imports().is_empty(), "an invalid form was sent");
}

#[wasm_bindgen_test]
async fn checklist_shows_only_enabled_rules() {
    let policy = PasswordPolicy {
        min_length: 10,
        has_lowercase: false,
        has_uppercase: true,
        has_number: false,
        has_symbol: false,
    };
    let gateway = Arc::new(FakeGateway::new(policy));
    let widget = Widget::mount(vec![Method::Password], Locale::en, gateway).await;

    let rules: Vec<String> = widget
        .all("li[data-requirement]")
        .iter()
        .map(|rule| rule.get_attribute("data-requirement").unwrap())
        .collect();
    assert_eq!(rules, vec!["min-length", "uppercase"]);
    let min_length = widget.get("li[data-requirement=min-length]").text_content().unwrap();
    assert!(min_length.contains("at least 10 characters"), "{min_length}");
    let password = widget.input("password");
    let described_by = password.get_attribute("aria-describedby").unwrap();
    assert!(described_by.contains("-password-rules"), "{described_by}");

    widget.type_into("password", "short").await;
    let met = |requirement: &str| {
        widget
            .get(&format!("li[data-requirement={requirement}]"))
            .get_attribute("data-met")
            .unwrap()
    };
    assert_eq!(met("min-length"), "false");
    assert_eq!(met("uppercase"), "false");

    widget.type_into("password", "Long enough").await;
    assert_eq!(met("min-length"), "true");
    assert_eq!(met("uppercase"), "true");
}

#[wasm_bindgen_test]
async fn checklist_lines_are_translated() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    let widget = Widget::mount(vec![Method::Password], Locale::de, gateway).await;

    let lines: Vec<String> = widget
        .all("li[data-requirement] .zr-rule-text")
        .iter()
        .map(|line| line.text_content().unwrap())
        .collect();
    assert_eq!(
        lines,
        vec![
            "mindestens 8 Zeichen",
            "einen Kleinbuchstaben (a–z)",
            "einen Großbuchstaben (A–Z)",
            "eine Ziffer (0–9)",
            "ein Sonderzeichen, ein Leerzeichen oder einen Buchstaben wie ä",
        ]
    );
}

#[wasm_bindgen_test]
async fn error_summary_takes_focus_and_links_fields() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    let widget = Widget::mount(vec![Method::Passkey], Locale::en, gateway).await;
    let hash_before = web_sys::window().unwrap().location().hash().unwrap();

    widget.type_into("username", "minnie").await;
    widget.click("button[type=submit]").await;

    let summary = widget.get(".zr-error-summary");
    assert_eq!(summary.get_attribute("role").as_deref(), Some("alert"));
    assert!(summary.id().ends_with("-error-summary"), "{}", summary.id());
    assert_eq!(active_element(), Some(summary.clone()));
    let title = widget.get(".zr-error-summary-title").text_content().unwrap();
    assert_eq!(title, "There are 3 problems");

    let links = widget.all(".zr-error-summary a");
    let targets: Vec<String> = links
        .iter()
        .map(|link| link.get_attribute("data-field").unwrap())
        .collect();
    assert_eq!(targets, vec!["given-name", "family-name", "email"]);
    for link in &links {
        let href = link.get_attribute("href").unwrap();
        let target_id = href.strip_prefix('#').unwrap();
        let target = widget
            .by_id(target_id)
            .unwrap_or_else(|| panic!("{href} names no element"));
        let field = link.get_attribute("data-field").unwrap();
        assert_eq!(target.get_attribute("name"), Some(field));
    }

    let email_link = links[2].clone().dyn_into::<HtmlElement>().unwrap();
    email_link.click();
    settle().await;
    let email: Element = widget.input("email").into();
    assert_eq!(active_element(), Some(email));
    let hash_after = web_sys::window().unwrap().location().hash().unwrap();
    assert_eq!(hash_after, hash_before, "the summary changed the page URL");
}

#[wasm_bindgen_test]
async fn summary_focuses_again_on_every_failed_submit() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    let widget = Widget::mount(vec![Method::Passkey], Locale::en, gateway).await;

    widget.click("button[type=submit]").await;
    let summary = widget.get(".zr-error-summary");
    widget.input("username").focus().unwrap();
    widget.click("button[type=submit]").await;
    assert_eq!(active_element(), Some(summary));
}

#[wasm_bindgen_test]
async fn taken_username_lands_on_username_field() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    let body = r#"{"code":6,"message":"Benutzer existiert bereits (V3-DKcYh)","details":[{"@type":"type.googleapis.com/zitadel.v1.ErrorDetail","id":"V3-DKcYh","message":"Benutzer existiert bereits"}]}"#;
    gateway.queue_import_result(Err(rejection(409, body)));
    let widget = Widget::mount(vec![Method::Password], Locale::en, gateway.clone()).await;

    widget.fill_valid_details().await;
    widget.type_into("password", "Secr3tP4ssw0rd!").await;
    widget.type_into("password-confirmation", "Secr3tP4ssw0rd!").await;
    widget.click("button[type=submit]").await;

    assert_eq!(gateway.imports().len(), 1);
    assert_eq!(
        widget.error_of("username").as_deref(),
        Some("Error: This username is already taken. Choose another one")
    );
    assert!(!widget.text().contains("Benutzer existiert"), "raw server text shown");
    assert_eq!(widget.input("username").value(), "minnie-mouse");
    assert_eq!(widget.input("given-name").value(), "Minnie");
    assert_eq!(widget.input("email").value(), "minnie@mouse.example");
    assert_eq!(widget.input("password").value(), "Secr3tP4ssw0rd!");
    assert_eq!(widget.input("password-confirmation").value(), "Secr3tP4ssw0rd!");
    assert!(widget.find(".zr-error-summary").is_some());
}

const USERNAME_TAKEN: &str = r#"{"code":6,"message":"User already exists (V3-DKcYh)","details":[{"@type":"type.googleapis.com/zitadel.v1.ErrorDetail","id":"V3-DKcYh","message":"User already exists"}]}"#;

#[wasm_bindgen_test]
async fn server_error_survives_leaving_field() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    gateway.queue_import_result(Err(rejection(409, USERNAME_TAKEN)));
    let widget = Widget::mount(vec![Method::Passkey], Locale::en, gateway).await;
    widget.fill_valid_details().await;

    // Enter in a field submits without moving focus. The summary then takes focus, and
    // the field is left with the value the server rejected.
    widget.input("username").focus().unwrap();
    widget.click("button[type=submit]").await;
    let summary = widget.get(".zr-error-summary");
    assert_eq!(active_element(), Some(summary));
    widget.blur("username").await;
    let error = widget.error_of("username").expect("the taken error is gone");
    assert!(error.contains("already taken"), "{error}");

    widget.type_into("username", "minnie-mouse-2").await;
    assert_eq!(widget.error_of("username"), None);
}

#[wasm_bindgen_test]
async fn taken_after_lost_response_notes_own_account() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    gateway.queue_import_result(Err(rejection(504, r#"{"code":4,"message":"upstream timed out"}"#)));
    gateway.queue_import_result(Err(rejection(409, USERNAME_TAKEN)));
    let widget = Widget::mount(vec![Method::Password], Locale::en, gateway.clone()).await;
    widget.fill_valid_details().await;
    widget.type_into("password", "Secr3tP4ssw0rd!").await;
    widget.type_into("password-confirmation", "Secr3tP4ssw0rd!").await;
    widget.click("button[type=submit]").await;
    assert!(
        widget.find("[id$=-earlier-attempt]").is_none(),
        "shown before any conflict"
    );
    let notice = widget.get("[id$=-request-error]").text_content().unwrap();
    assert!(
        notice.contains("do not know whether your account was created"),
        "{notice}"
    );

    // The same name in other letter case is the same account to ZITADEL.
    widget.type_into("username", "Minnie-Mouse").await;
    widget.click("button[name=retry]").await;

    assert_eq!(gateway.imports().len(), 2);
    let error = widget
        .error_of("username")
        .unwrap_or_else(|| panic!("no error: {}", widget.text()));
    assert!(error.contains("already taken"), "{error}");
    let notice = widget.get("[id$=-earlier-attempt]");
    assert_eq!(notice.get_attribute("role").as_deref(), Some("status"));
    let text = notice.text_content().unwrap();
    assert!(text.contains("may have worked"), "{text}");
    let sign_in = notice
        .query_selector("a[data-action=sign-in]")
        .unwrap()
        .expect("sign-in link");
    assert_eq!(
        sign_in.get_attribute("href").as_deref(),
        Some("http://127.0.0.1:8082/ui/login/")
    );
    assert_eq!(widget.input("password").value(), "Secr3tP4ssw0rd!");
}

#[wasm_bindgen_test]
async fn taken_after_clear_failure_has_no_notice() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    gateway.queue_import_result(Err(ApiError::Rejected(Failure::Unavailable)));
    gateway.queue_import_result(Err(rejection(409, USERNAME_TAKEN)));
    gateway.queue_import_result(Err(ApiError::TimedOut));
    gateway.queue_import_result(Err(rejection(409, USERNAME_TAKEN)));
    let widget = Widget::mount(vec![Method::Passkey], Locale::en, gateway.clone()).await;
    widget.fill_valid_details().await;

    // An outage response means that nothing was created.
    widget.click("button[type=submit]").await;
    widget.click("button[name=retry]").await;
    assert!(widget.error_of("username").is_some());
    assert!(widget.find("[id$=-earlier-attempt]").is_none(), "{}", widget.text());

    // A lost response for one username does not apply to another.
    widget.type_into("username", "mickey").await;
    widget.click("button[type=submit]").await;
    widget.type_into("username", "minnie-mouse").await;
    widget.click("button[type=submit]").await;
    assert_eq!(gateway.imports().len(), 4);
    assert!(widget.error_of("username").is_some());
    assert!(widget.find("[id$=-earlier-attempt]").is_none(), "{}", widget.text());
}

#[wasm_bindgen_test]
async fn notice_is_translated() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    gateway.queue_import_result(Err(ApiError::Network));
    gateway.queue_import_result(Err(rejection(409, USERNAME_TAKEN)));
    let widget = Widget::mount(vec![Method::Passkey], Locale::de, gateway).await;
    widget.fill_valid_details().await;
    widget.click("button[type=submit]").await;
    widget.click("button[name=retry]").await;

    let text = widget.get("[id$=-earlier-attempt]").text_content().unwrap();
    assert!(text.contains("Posteingang"), "{text}");
    assert!(text.contains("Zur Anmeldung"), "{text}");
}

#[wasm_bindgen_test]
async fn rate_limit_names_wait_and_retries() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    gateway.queue_import_result(Err(ApiError::RateLimited {
        retry_after_seconds: Some(42),
    }));
    let widget = Widget::mount(vec![Method::Passkey], Locale::en, gateway).await;
    widget.fill_valid_details().await;
    widget.click("button[type=submit]").await;

    let notice = widget.get("[id$=-request-error]").text_content().unwrap();
    assert!(notice.contains("Wait 42 seconds"), "{notice}");
    assert!(widget.find("button[name=retry]").is_some());
    assert_eq!(widget.input("username").value(), "minnie-mouse");
}

#[wasm_bindgen_test]
async fn server_field_ids_land_on_their_fields() {
    let cases = [
        (
            r#"{"code":3,"message":"invalid","details":[{"@type":"x","id":"REGISTER-email","message":"m"}]}"#,
            "email",
            "The server did not accept this value",
        ),
        (
            r#"{"code":3,"message":"x","details":[{"@type":"x","id":"DOMAIN-VoaRj","message":"Password must contain upper case"}]}"#,
            "password",
            "Add an uppercase letter (A–Z)",
        ),
        (
            r#"{"code":3,"message":"invalid ImportHumanUserRequest_Phone.Phone: value does not have prefix \"+\"","details":[]}"#,
            "phone",
            "The server did not accept this value",
        ),
    ];
    for (body, field, expected) in cases {
        let gateway = Arc::new(FakeGateway::new(POLICY));
        gateway.queue_import_result(Err(rejection(400, body)));
        let widget = Widget::mount(vec![Method::Password], Locale::en, gateway).await;
        widget.fill_valid_details().await;
        widget.type_into("password", "Secr3tP4ssw0rd!").await;
        widget.type_into("password-confirmation", "Secr3tP4ssw0rd!").await;
        widget.click("button[type=submit]").await;

        let error = widget
            .error_of(field)
            .unwrap_or_else(|| panic!("{field} shows no error"));
        assert!(error.contains(expected), "{field}: {error}");
        assert_eq!(widget.input("username").value(), "minnie-mouse", "{field}");
        assert_eq!(widget.input("phone").value(), "+41 71 000 00 00", "{field}");
    }
}

#[wasm_bindgen_test]
async fn network_failure_offers_retry_and_keeps_values() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    gateway.queue_import_result(Err(ApiError::Network));
    gateway.queue_import_result(Ok(created_user(None, None)));
    let widget = Widget::mount(vec![Method::Password], Locale::en, gateway.clone()).await;

    widget.fill_valid_details().await;
    widget.type_into("password", "Secr3tP4ssw0rd!").await;
    widget.type_into("password-confirmation", "Secr3tP4ssw0rd!").await;
    widget.click("button[type=submit]").await;

    let notice = widget.get("[id$=-request-error]").text_content().unwrap();
    assert!(notice.contains("could not be reached"), "{notice}");
    assert!(
        !notice.contains("do not know"),
        "an unreachable service created nothing: {notice}"
    );
    assert_eq!(widget.input("email").value(), "minnie@mouse.example");

    widget.click("button[name=retry]").await;
    let imports = gateway.imports();
    assert_eq!(imports.len(), 2);
    assert_eq!(imports[0], imports[1], "the retry sent different values");
    assert!(widget.find(".zr-page-registered").is_some(), "{}", widget.text());
    assert!(widget.text().contains("minnie@mouse.example"));
}

#[wasm_bindgen_test]
async fn upstream_outage_is_retryable_but_config_error_is_not() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    gateway.queue_import_result(Err(ApiError::Rejected(Failure::PermissionDenied)));
    let widget = Widget::mount(vec![Method::Passkey], Locale::en, gateway).await;
    widget.fill_valid_details().await;
    widget.click("button[type=submit]").await;

    let notice = widget.get("[id$=-request-error]").text_content().unwrap();
    assert!(notice.contains("not set up correctly"), "{notice}");
    assert!(widget.find("button[name=retry]").is_none());
}

#[wasm_bindgen_test]
async fn pending_request_shows_on_button() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    gateway.queue_import_result(Ok(created_user(None, None)));
    let widget = Widget::mount(vec![Method::Password, Method::Passkey], Locale::en, gateway.clone()).await;
    widget.click("button[name=method][value=passkey]").await;
    widget.fill_valid_details().await;
    gateway.hold_imports();
    widget.click("button[type=submit]").await;

    let submit = widget.get("button[type=submit]");
    assert_eq!(submit.text_content().as_deref(), Some("Creating your account…"));
    assert_eq!(submit.get_attribute("aria-disabled").as_deref(), Some("true"));
    let back = widget.get("button[name=back]");
    assert_eq!(back.get_attribute("aria-disabled").as_deref(), Some("true"));
    widget.click("button[name=back]").await;
    assert!(
        widget.find("form.zr-form").is_some(),
        "Back left the screen during the request"
    );

    gateway.release_imports();
    settle().await;
    assert!(widget.find(".zr-page-passkey-link").is_some(), "{}", widget.text());
}

#[wasm_bindgen_test]
async fn double_click_sends_one_request() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    gateway.queue_import_result(Ok(created_user(None, None)));
    let widget = Widget::mount(vec![Method::Password], Locale::en, gateway.clone()).await;
    widget.fill_valid_details().await;
    widget.type_into("password", "Secr3tP4ssw0rd!").await;
    widget.type_into("password-confirmation", "Secr3tP4ssw0rd!").await;

    let submit: HtmlElement = widget.get("button[type=submit]").dyn_into().unwrap();
    submit.click();
    submit.click();
    settle().await;

    assert_eq!(gateway.imports().len(), 1);
}

#[wasm_bindgen_test]
async fn autofilled_values_are_read_on_submit() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    gateway.queue_import_result(Ok(created_user(None, None)));
    let widget = Widget::mount(vec![Method::Password], Locale::en, gateway.clone()).await;

    // A password manager sets values without firing input events.
    for (name, value) in [
        ("username", "autofilled"),
        ("given-name", "Auto"),
        ("family-name", "Filled"),
        ("email", "auto@filled.example"),
        ("password", "Secr3tP4ssw0rd!"),
        ("password-confirmation", "Secr3tP4ssw0rd!"),
    ] {
        widget.input(name).set_value(value);
    }
    widget.click("button[type=submit]").await;

    let imports = gateway.imports();
    assert_eq!(imports.len(), 1);
    assert_eq!(imports[0].user_name, "autofilled");
    assert_eq!(imports[0].email.as_ref().unwrap().email, "auto@filled.example");
    assert_eq!(imports[0].password, "Secr3tP4ssw0rd!");
    assert_eq!(imports[0].profile.as_ref().unwrap().preferred_language, "en");
}

#[wasm_bindgen_test]
async fn values_survive_going_back_to_method_choice() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    let widget = Widget::mount(vec![Method::Password, Method::Passkey], Locale::en, gateway).await;

    widget.click("button[name=method][value=password]").await;
    widget.type_into("username", "minnie").await;
    widget.type_into("email", "minnie@mouse.example").await;
    widget.click("button[name=back]").await;
    assert!(widget.find(".zr-page-choose-method").is_some());

    widget.click("button[name=method][value=passkey]").await;
    assert_eq!(widget.input("username").value(), "minnie");
    assert_eq!(widget.input("email").value(), "minnie@mouse.example");
    assert!(widget.find("[name=password]").is_none());
    assert!(widget.find("[name=platform-type]").is_some());
}

#[wasm_bindgen_test]
async fn passkey_link_uses_chosen_authenticator() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    let registration = PasswordlessRegistration {
        link: "http://127.0.0.1:8082/ui/login/login/passwordless/init?userID=259242039378509826&orgID=1&codeID=2&code=aB3dE6gH9jK2".into(),
        lifetime: "3600s".parse().unwrap(),
        expiration: "3600s".parse().unwrap(),
    };
    gateway.queue_import_result(Ok(created_user(Some(registration), Some("ticket-1"))));
    let widget = Widget::mount(vec![Method::Passkey], Locale::en, gateway.clone()).await;

    widget.fill_valid_details().await;
    widget.click("input[name=platform-type][value=crossPlatform]").await;
    widget.click("button[type=submit]").await;

    let imports = gateway.imports();
    assert!(imports[0].request_passwordless_registration);
    assert!(imports[0].password.is_empty());

    let link = widget.get("a[data-platform-type]");
    assert_eq!(
        link.get_attribute("data-platform-type").as_deref(),
        Some("crossPlatform")
    );
    let href = link.get_attribute("href").unwrap();
    assert!(
        href.ends_with("&code=aB3dE6gH9jK2&requestPlatformType=crossPlatform"),
        "{href}"
    );
    assert!(widget.find("[id$=-passkey-qr] svg").is_some());
    let countdown = widget.get("[id$=-countdown]").text_content().unwrap();
    assert!(countdown.starts_with("Time left: "), "{countdown}");
    assert!(widget.find("[id$=-link-expiry][data-expires-at]").is_some());

    widget.click("button[name=email-link]").await;
    let sent = gateway.sent_links.lock().unwrap().clone();
    assert_eq!(sent, vec![("259242039378509826".to_owned(), "ticket-1".to_owned())]);
    let confirmation = widget.get("[id$=-email-sent]").text_content().unwrap();
    assert!(confirmation.contains("minnie@mouse.example"), "{confirmation}");
    // ZITADEL mails the link without the chosen authenticator, and the page states it.
    assert!(confirmation.contains("does not keep your choice"), "{confirmation}");
    let button = widget.get("button[name=email-link]").text_content().unwrap();
    assert_eq!(button, "Email me the link again");

    let events = widget.events.lock().unwrap().clone();
    assert!(events.contains(&WidgetEvent::Registered {
        user_id: "259242039378509826".into(),
        method: Method::Passkey
    }));
}

#[wasm_bindgen_test]
async fn expired_link_explains_next_step() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    let registration = PasswordlessRegistration {
        link: "http://127.0.0.1:8082/ui/login/login/passwordless/init?userID=1&code=x".into(),
        lifetime: "0s".parse().unwrap(),
        expiration: "60s".parse().unwrap(),
    };
    let mut created = created_user(Some(registration), Some("ticket-1"));
    created.received_at_unix_ms -= 10 * 60 * 1000;
    gateway.queue_import_result(Ok(created));
    let widget = Widget::mount(vec![Method::Passkey], Locale::en, gateway).await;
    widget.fill_valid_details().await;
    widget.click("button[type=submit]").await;

    // The response arrived ten minutes ago and the link lived for one.
    let expired = widget.get("[id$=-link-expired]").text_content().unwrap();
    assert!(expired.contains("The link has expired"), "{expired}");
    assert!(expired.contains("Email me a new link"), "{expired}");
    assert!(widget.find("a[data-platform-type]").is_none());
    let button = widget.get("button[name=email-link]").text_content().unwrap();
    assert_eq!(button, "Email me a new link");
}

#[wasm_bindgen_test]
async fn german_interface_is_complete() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    let widget = Widget::mount(vec![Method::Password, Method::Passkey], Locale::de, gateway).await;

    assert_eq!(
        widget.get("h2").text_content().as_deref(),
        Some("Wie möchten Sie sich bei Ihrem neuen Konto anmelden?")
    );
    widget.click("button[name=method][value=password]").await;
    let label = widget.get("label[for$=-email]").text_content().unwrap();
    assert_eq!(label, "E-Mail-Adresse");
    assert_eq!(widget.get(".zr-root").get_attribute("lang").as_deref(), Some("de"));
    let select: web_sys::HtmlSelectElement = widget.get("select[name=preferred-language]").dyn_into().unwrap();
    assert_eq!(select.value(), "de");
}

#[wasm_bindgen_test]
async fn preferred_language_follows_new_language() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    let widget = Widget::mount(vec![Method::Passkey], Locale::en, gateway).await;
    let preferred =
        || -> web_sys::HtmlSelectElement { widget.get("select[name=preferred-language]").dyn_into().unwrap() };
    assert_eq!(preferred().value(), "en");

    widget
        .reconfigure(test_config(vec![Method::Passkey], Locale::de))
        .await
        .unwrap();
    assert_eq!(preferred().value(), "de", "an untouched choice follows the interface");

    let select = preferred();
    select.set_value("fr");
    let init = EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    settle().await;
    widget
        .reconfigure(test_config(vec![Method::Passkey], Locale::en))
        .await
        .unwrap();
    assert_eq!(preferred().value(), "fr", "a choice of the person stays");
}

#[wasm_bindgen_test]
async fn new_language_keeps_typed_values() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    let widget = Widget::mount(vec![Method::Password], Locale::en, gateway).await;
    widget.type_into("username", "minnie-mouse").await;
    widget.type_into("password", "Typed-Pa55word!").await;

    let applied = widget
        .reconfigure(test_config(vec![Method::Password], Locale::de))
        .await;
    assert!(applied.is_ok(), "a new language needs no new widget");
    assert_eq!(
        widget.get("h2").text_content().as_deref(),
        Some("Konto mit Passwort erstellen")
    );
    assert_eq!(widget.get(".zr-root").get_attribute("lang").as_deref(), Some("de"));
    assert_eq!(widget.input("username").value(), "minnie-mouse");
    assert_eq!(widget.input("password").value(), "Typed-Pa55word!");
}

#[wasm_bindgen_test]
async fn new_language_keeps_request_in_flight() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    gateway.queue_import_result(Err(ApiError::Network));
    gateway.queue_import_result(Err(rejection(409, USERNAME_TAKEN)));
    let widget = Widget::mount(vec![Method::Passkey], Locale::en, gateway.clone()).await;
    widget.fill_valid_details().await;
    gateway.hold_imports();
    widget.click("button[type=submit]").await;

    let applied = widget.reconfigure(test_config(vec![Method::Passkey], Locale::de)).await;
    assert!(applied.is_ok());
    let button = widget.get("button[type=submit]");
    assert_eq!(button.get_attribute("aria-disabled").as_deref(), Some("true"));
    widget.click("button[type=submit]").await;
    assert_eq!(gateway.imports().len(), 1, "the rebuilt screen sent the request again");

    gateway.release_imports();
    settle().await;
    let notice = widget
        .find("[id$=-request-error]")
        .unwrap_or_else(|| panic!("no request error: {}", widget.text()))
        .text_content()
        .unwrap();
    assert!(notice.contains("nicht erreichbar"), "{notice}");
    assert_eq!(button.get_attribute("aria-disabled"), None);

    // Server problems also survive a rebuild.
    widget.click("button[name=retry]").await;
    widget
        .reconfigure(test_config(vec![Method::Passkey], Locale::en))
        .await
        .unwrap();
    let error = widget.error_of("username").expect("the taken error is gone");
    assert!(error.contains("already taken"), "{error}");
    assert!(widget.find("[id$=-earlier-attempt]").is_some());
}

#[wasm_bindgen_test]
async fn new_sign_in_link_applies_in_place() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    gateway.queue_import_result(Ok(created_user(None, None)));
    let widget = Widget::mount(vec![Method::Password], Locale::en, gateway).await;
    let mut config = test_config(vec![Method::Password], Locale::en);
    config.sign_in_url = Some(url::Url::parse("https://auth.example/ui/login/").unwrap());
    assert!(widget.reconfigure(config).await.is_ok());

    widget.fill_valid_details().await;
    widget.type_into("password", "Secr3t-P4ssw0rd!").await;
    widget.type_into("password-confirmation", "Secr3t-P4ssw0rd!").await;
    widget.click("button[type=submit]").await;
    let link = widget.get("a[data-action=sign-in]");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://auth.example/ui/login/")
    );
}

#[wasm_bindgen_test]
async fn new_methods_need_a_new_widget() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    let widget = Widget::mount(vec![Method::Password, Method::Passkey], Locale::en, gateway).await;
    let outcome = widget.reconfigure(test_config(vec![Method::Passkey], Locale::en)).await;
    assert_eq!(outcome.map_err(|config| config.methods), Err(vec![Method::Passkey]));
    assert!(
        widget.find("button[name=method]").is_some(),
        "the running widget changed although it needs replacing"
    );
}

#[wasm_bindgen_test]
async fn disallowed_origin_replaces_the_screens() {
    let gateway = Arc::new(FakeGateway::disallowing("https://shop.example"));
    let widget = Widget::mount(vec![Method::Password, Method::Passkey], Locale::en, gateway).await;

    let notice = widget.get("[id$=-origin-not-allowed]");
    assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
    let text = notice.text_content().unwrap();
    assert!(text.contains("https://shop.example"), "{text}");
    assert!(text.contains("--allowed-origin https://shop.example"), "{text}");
    assert!(
        widget.find("button[name=method]").is_none(),
        "the method choice is still offered"
    );
    assert!(widget.find("form").is_none(), "the form is still offered");
    assert!(widget.recorded().contains(&WidgetEvent::Error {
        kind: "origin-not-allowed"
    }));
}

#[wasm_bindgen_test]
async fn registered_is_reported_before_its_screen() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    gateway.queue_import_result(Ok(created_user(None, None)));
    let widget = Widget::mount(vec![Method::Password], Locale::en, gateway).await;
    widget.fill_valid_details().await;
    widget.type_into("password", "Secr3t-P4ssw0rd!").await;
    widget.type_into("password-confirmation", "Secr3t-P4ssw0rd!").await;
    widget.click("button[type=submit]").await;

    assert_eq!(
        widget.recorded(),
        vec![
            WidgetEvent::Step(StepName::Details),
            WidgetEvent::Registered {
                user_id: "259242039378509826".into(),
                method: Method::Password
            },
            WidgetEvent::Step(StepName::Registered),
        ]
    );
}

/// Creates a `<div>` host in the page for the custom element code, with `attributes`.
fn element_host(attributes: &[(&str, &str)]) -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    for (name, value) in attributes {
        host.set_attribute(name, value).unwrap();
    }
    document.body().unwrap().append_child(&host).unwrap();
    host
}

/// Returns the test page's origin with a trailing slash, as `register-kit.js` passes it.
fn page_base() -> String {
    format!("{}/", web_sys::window().unwrap().location().origin().unwrap())
}

#[wasm_bindgen_test]
async fn element_renders_into_its_shadow_root() {
    let host = element_host(&[("lang", "de"), ("methods", "password")]);
    let widget = ElementWidget::new(host.clone(), &page_base()).expect("the widget mounts");
    settle().await;

    let root = host.shadow_root().expect("the element has a shadow root");
    assert_eq!(
        root.adopted_style_sheets().length(),
        1,
        "the shadow root has no stylesheet"
    );
    let heading = root.query_selector("h2").unwrap().expect("a screen is shown");
    assert_eq!(heading.text_content().as_deref(), Some("Konto mit Passwort erstellen"));
    assert!(
        host.query_selector(".zr-root").unwrap().is_none(),
        "rendered into light DOM"
    );

    host.set_attribute("lang", "en").unwrap();
    let mut widget = widget;
    widget.attributes_changed();
    settle().await;
    let heading = root.query_selector("h2").unwrap().unwrap();
    assert_eq!(
        heading.text_content().as_deref(),
        Some("Create your account with a password")
    );

    drop(widget);
    settle().await;
    assert_eq!(root.child_element_count(), 0, "unmounting left DOM in the shadow root");
    host.remove();
}

#[wasm_bindgen_test]
async fn element_without_shadow_renders_in_light_dom() {
    let host = element_host(&[("no-shadow", ""), ("methods", "passkey")]);
    let widget = ElementWidget::new(host.clone(), &page_base()).expect("the widget mounts");
    settle().await;

    assert!(host.shadow_root().is_none(), "no-shadow attached a shadow root");
    assert!(
        host.query_selector("form.zr-form[data-method=passkey]")
            .unwrap()
            .is_some()
    );
    let document = web_sys::window().unwrap().document().unwrap();
    assert!(
        document.adopted_style_sheets().length() >= 1,
        "the document did not get the widget's stylesheet"
    );

    drop(widget);
    settle().await;
    assert!(
        host.query_selector(".zr-root").unwrap().is_none(),
        "unmounting left DOM behind"
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn unmounting_during_a_request_is_safe() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    gateway.queue_import_result(Ok(created_user(None, None)));
    let mut widget = Widget::mount(vec![Method::Password], Locale::en, gateway.clone()).await;
    widget.fill_valid_details().await;
    widget.type_into("password", "Secr3t-P4ssw0rd!").await;
    widget.type_into("password-confirmation", "Secr3t-P4ssw0rd!").await;

    let errors = WindowErrors::record();

    // The response is held back, so the widget is gone while the request waits.
    gateway.hold_imports();
    let submit: HtmlElement = widget.get("button[type=submit]").dyn_into().unwrap();
    submit.click();
    settle().await;
    widget.handle.take().expect("mounted").unmount();
    gateway.release_imports();
    settle().await;

    assert_eq!(errors.stop(), Vec::<String>::new(), "a task failed after unmounting");
    assert_eq!(gateway.imports().len(), 1, "the request was not sent");
    let outcomes = gateway.import_outcomes.lock().unwrap().clone();
    assert_eq!(
        outcomes,
        vec![ImportOutcome::Dropped],
        "the request outlived the widget"
    );
    assert!(widget.find(".zr-root").is_none(), "unmounting left DOM behind");
    assert_eq!(widget.recorded(), vec![WidgetEvent::Step(StepName::Details)]);
}

#[wasm_bindgen_test]
async fn leaving_focused_input_is_safe() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    let widget = Widget::mount(vec![Method::Password, Method::Passkey], Locale::en, gateway).await;
    widget.click("button[name=method][value=password]").await;
    widget.type_into("username", "minnie-mouse").await;
    let errors = WindowErrors::record();

    // The next screen replaces the focused input, and Chromium sends it a blur. A click
    // from script leaves the focus where it was, as pressing Enter on a field would.
    widget.click("button[name=back]").await;
    widget.click("button[name=method][value=passkey]").await;
    widget
        .reconfigure(test_config(vec![Method::Password, Method::Passkey], Locale::de))
        .await
        .unwrap();

    assert_eq!(errors.stop(), Vec::<String>::new(), "an event handler failed");
    assert_eq!(widget.input("username").value(), "minnie-mouse");
}

#[wasm_bindgen_test]
async fn new_language_leaves_focus_alone() {
    let gateway = Arc::new(FakeGateway::new(POLICY));
    let widget = Widget::mount(vec![Method::Password, Method::Passkey], Locale::en, gateway).await;
    widget.click("button[name=method][value=password]").await;
    let heading = widget.get("h2");
    assert_eq!(
        active_element(),
        Some(heading),
        "moving to a screen focuses its heading"
    );

    let document = web_sys::window().unwrap().document().unwrap();
    let outside: HtmlElement = document.create_element("input").unwrap().dyn_into().unwrap();
    document.body().unwrap().append_child(&outside).unwrap();
    outside.focus().unwrap();
    assert!(
        widget
            .reconfigure(test_config(vec![Method::Password, Method::Passkey], Locale::de))
            .await
            .is_ok()
    );

    assert_eq!(
        widget.get("h2").text_content().as_deref(),
        Some("Konto mit Passwort erstellen")
    );
    let outside_element: &Element = outside.as_ref();
    let focused_outside = active_element().as_ref() == Some(outside_element);
    outside.remove();
    assert!(focused_outside, "the rebuilt screen took focus from the host page");
}
