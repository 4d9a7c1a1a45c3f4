//! The details screen: the registration form, checked with `register-core` on blur and on
//! submit, and sent as an ImportHumanUser body.
//!
//! Stable hooks for browser tests, with `<p>` the instance prefix such as `zr1`:
//! - `form.zr-form` with `data-method="password"` or `"passkey"`;
//! - inputs `name="username"`, `given-name`, `family-name`, `email`, `phone`, `password`,
//!   `password-confirmation`, each with id `<p>-<name>`, and the select
//!   `name="preferred-language"`;
//! - inline errors `#<p>-<name>-error`, the checklist `#<p>-password-rules` with
//!   `li[data-requirement][data-met]`;
//! - the password toggle `button[name="toggle-password"]`;
//! - the authenticator radios `input[name="platform-type"]` with the values `platform`,
//!   `crossPlatform` and `unspecified`;
//! - the error summary `#<p>-error-summary` (`role="alert"`), a request error
//!   `#<p>-request-error` with `button[name="retry"]`, and the notice
//!   `#<p>-earlier-attempt`, shown when "username taken" may be the person's own account;
//! - `button[type="submit"]`, disabled while the request is in flight, and
//!   `button[name="back"]`.

use std::collections::BTreeMap;

use leptos::html;
use leptos::prelude::*;
use leptos_i18n::td_string;
use register_core::failure::Failure;
use register_core::field::{Field, FieldError, Problem, ValidationErrors};
use register_core::link::PlatformType;
use register_core::registration::{Method, Registration, RegistrationForm};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::api::{ApiError, CreatedUser, GatewayContext};
use crate::components::error_summary::{ErrorSummary, SummaryEntry};
use crate::components::language_select::LanguageSelect;
use crate::components::page_heading::PageHeading;
use crate::components::password_checklist::{PasswordChecklist, PolicyState};
use crate::components::request_error::RequestError;
use crate::components::sign_in_link::{LinkStyle, SignInLink};
use crate::components::text_field::{FieldIds, TextField};
use crate::context::{Announcer, WidgetOwner, use_id_prefix, use_locale};
use crate::events::{EventSink, WidgetEvent};
use crate::i18n::Locale;
use crate::messages::{api_error_kind, api_error_message, field_label, problem_message};

/// The state of the details screen that outlives the screen itself. A new language or
/// sign-in link builds the screen again, possibly while a request is in flight, and the
/// rebuilt screen shows that request, its outcome and the problems found so far.
///
/// Each signal is kept as the read and write pair that `signal` returns, created by the
/// widget. The screen uses the same signal types as its own local ones, which keeps the
/// wasm bundle smaller than `RwSignal` would.
#[derive(Clone, Copy)]
pub struct DetailsState {
    problems: (ReadSignal<FieldProblems>, WriteSignal<FieldProblems>),
    summary_shown: (ReadSignal<bool>, WriteSignal<bool>),
    pending: (ReadSignal<bool>, WriteSignal<bool>),
    request_error: (ReadSignal<Option<ApiError>>, WriteSignal<Option<ApiError>>),
    /// The username of an earlier attempt whose response was lost or late. That attempt may
    /// have created the account, so a later "username taken" for that name may mean it.
    unanswered_username: StoredValue<Option<String>>,
    earlier_attempt_shown: (ReadSignal<bool>, WriteSignal<bool>),
    /// Problems from the server, each with the value the field had when it was sent. A
    /// check on blur keeps them while that value is unchanged, because only the server can
    /// check that a username is taken. The error summary takes focus after a failed
    /// submit, and the field that had focus would otherwise clear its own error.
    server_problems: StoredValue<Vec<ServerProblem>>,
}

impl DetailsState {
    /// Creates the state in the current reactive owner, which should be the widget's.
    pub fn new() -> DetailsState {
        DetailsState {
            problems: signal(FieldProblems::default()),
            summary_shown: signal(false),
            pending: signal(false),
            request_error: signal(None),
            unanswered_username: StoredValue::new(None),
            earlier_attempt_shown: signal(false),
            server_problems: StoredValue::new(Vec::new()),
        }
    }

    /// Clears the problems and the request error, for a person who comes back to the
    /// screen from the choice of method. A request in flight stays pending.
    pub fn clear_messages(&self) {
        self.problems.1.set(FieldProblems::default());
        self.summary_shown.1.set(false);
        self.request_error.1.set(None);
        self.earlier_attempt_shown.1.set(false);
        self.server_problems.set_value(Vec::new());
    }
}

impl Default for DetailsState {
    fn default() -> DetailsState {
        DetailsState::new()
    }
}

/// A problem the server reported, with the value its field had when it was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ServerProblem {
    field: Field,
    sent_value: String,
    problem: Problem,
}

/// The problems currently shown, per field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldProblems(BTreeMap<Field, Vec<Problem>>);

impl FieldProblems {
    pub fn from_errors<'a>(errors: impl IntoIterator<Item = &'a FieldError>) -> FieldProblems {
        let mut problems = FieldProblems::default();
        for error in errors {
            problems.0.entry(error.field).or_default().push(error.problem.clone());
        }
        problems
    }

    pub fn get(&self, field: Field) -> &[Problem] {
        self.0.get(&field).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn has(&self, field: Field) -> bool {
        !self.get(field).is_empty()
    }

    pub fn set(&mut self, field: Field, problems: Vec<Problem>) {
        if problems.is_empty() {
            self.0.remove(&field);
        } else {
            self.0.insert(field, problems);
        }
    }

    /// Returns the fields with problems, in form order.
    pub fn fields(&self) -> impl Iterator<Item = Field> + '_ {
        self.0.keys().copied()
    }
}

/// Returns the fields the form shows for `method`, in form order.
pub fn form_fields(method: Method) -> Vec<Field> {
    let mut fields = vec![
        Field::Username,
        Field::GivenName,
        Field::FamilyName,
        Field::Email,
        Field::Phone,
        Field::PreferredLanguage,
    ];
    if method == Method::Password {
        fields.extend([Field::Password, Field::PasswordConfirmation]);
    }
    fields
}

/// Returns the value of one field of the form.
pub fn field_value(form: &RegistrationForm, field: Field) -> String {
    match field {
        Field::Username => form.username.clone(),
        Field::GivenName => form.given_name.clone(),
        Field::FamilyName => form.family_name.clone(),
        Field::Email => form.email.clone(),
        Field::Phone => form.phone.clone(),
        Field::PreferredLanguage => form.preferred_language.clone(),
        Field::Password => form.password.clone(),
        Field::PasswordConfirmation => form.password_confirmation.clone(),
        Field::NickName | Field::DisplayName | Field::Gender => String::new(),
    }
}

/// Sets one field of the form; fields the form does not have are ignored.
pub fn set_field_value(form: &mut RegistrationForm, field: Field, value: String) {
    match field {
        Field::Username => form.username = value,
        Field::GivenName => form.given_name = value,
        Field::FamilyName => form.family_name = value,
        Field::Email => form.email = value,
        Field::Phone => form.phone = value,
        Field::PreferredLanguage => form.preferred_language = value,
        Field::Password => form.password = value,
        Field::PasswordConfirmation => form.password_confirmation = value,
        Field::NickName | Field::DisplayName | Field::Gender => {}
    }
}

/// The node refs of the form's inputs. Submit reads the values from them, so values that
/// a password manager or autofill set without input events are used too.
#[derive(Clone, Copy)]
struct InputRefs {
    username: NodeRef<html::Input>,
    given_name: NodeRef<html::Input>,
    family_name: NodeRef<html::Input>,
    email: NodeRef<html::Input>,
    phone: NodeRef<html::Input>,
    preferred_language: NodeRef<html::Select>,
    password: NodeRef<html::Input>,
    password_confirmation: NodeRef<html::Input>,
}

impl InputRefs {
    fn new() -> InputRefs {
        InputRefs {
            username: NodeRef::new(),
            given_name: NodeRef::new(),
            family_name: NodeRef::new(),
            email: NodeRef::new(),
            phone: NodeRef::new(),
            preferred_language: NodeRef::new(),
            password: NodeRef::new(),
            password_confirmation: NodeRef::new(),
        }
    }

    fn input(&self, field: Field) -> Option<NodeRef<html::Input>> {
        match field {
            Field::Username => Some(self.username),
            Field::GivenName => Some(self.given_name),
            Field::FamilyName => Some(self.family_name),
            Field::Email => Some(self.email),
            Field::Phone => Some(self.phone),
            Field::Password => Some(self.password),
            Field::PasswordConfirmation => Some(self.password_confirmation),
            Field::PreferredLanguage | Field::NickName | Field::DisplayName | Field::Gender => None,
        }
    }

    /// Copies every value present in the DOM into `form`.
    fn read_into(&self, form: &mut RegistrationForm) {
        for field in Field::ALL {
            if let Some(input) = self.input(field).and_then(|node| node.get_untracked()) {
                set_field_value(form, field, input.value());
            }
        }
        if let Some(select) = self.preferred_language.get_untracked() {
            form.preferred_language = select.value();
        }
    }

    fn focus(&self, field: Field) {
        if field == Field::PreferredLanguage {
            if let Some(select) = self.preferred_language.get_untracked() {
                let _ = select.focus();
            }
            return;
        }
        if let Some(input) = self.input(field).and_then(|node| node.get_untracked()) {
            let _ = input.focus();
        }
    }
}

/// Whether the browser reports a built-in passkey authenticator on this device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlatformAuthenticator {
    Checking,
    Available,
    Unavailable,
}

/// Asks `PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable()`. Browsers
/// without WebAuthn, or pages outside a secure context, count as unavailable.
async fn check_platform_authenticator() -> PlatformAuthenticator {
    let window = web_sys::window().expect("the widget runs in a window");
    let has_webauthn = js_sys::Reflect::get(&window, &JsValue::from_str("PublicKeyCredential"))
        .is_ok_and(|value| !value.is_undefined());
    if !has_webauthn {
        return PlatformAuthenticator::Unavailable;
    }
    let promise = web_sys::PublicKeyCredential::is_user_verifying_platform_authenticator_available();
    match JsFuture::from(promise).await {
        Ok(value) if value.as_bool() == Some(true) => PlatformAuthenticator::Available,
        _ => PlatformAuthenticator::Unavailable,
    }
}

/// Renders the form. Values live in `form`, owned by the caller, so they survive going back to
/// the method choice and every failure.
#[component]
pub fn DetailsPage(
    #[prop(into)] method: Signal<Method>,
    form: ReadSignal<RegistrationForm>,
    set_form: WriteSignal<RegistrationForm>,
    #[prop(into)] policy: Signal<PolicyState>,
    platform_type: ReadSignal<PlatformType>,
    set_platform_type: WriteSignal<PlatformType>,
    /// Shows the back button, when more than one method is enabled.
    show_back: bool,
    on_back: Callback<()>,
    /// Receives the created user and the registration that was sent.
    on_created: Callback<(CreatedUser, Registration)>,
    /// The request and error state, owned by the widget so that it outlives this screen.
    state: DetailsState,
) -> impl IntoView {
    // Signals.
    let (problems, set_problems) = state.problems;
    let (summary_requests, set_summary_requests) = signal(0_u32);
    let (summary_shown, set_summary_shown) = state.summary_shown;
    let (pending, set_pending) = state.pending;
    let (request_error, set_request_error) = state.request_error;
    let unanswered_username = state.unanswered_username;
    let (earlier_attempt_shown, set_earlier_attempt_shown) = state.earlier_attempt_shown;
    let server_problems = state.server_problems;
    let (password_shown, set_password_shown) = signal(false);
    let refs = InputRefs::new();
    // True while the pointer presses the submit button. Pressing moves focus, so the field
    // being left would show its errors and push the button down before the click lands.
    let submit_pressed = StoredValue::new(false);

    // Context.
    let locale = use_locale();
    let prefix = use_id_prefix();
    let gateway = expect_context::<GatewayContext>().0;
    let events = expect_context::<EventSink>();
    let announcer = expect_context::<Announcer>();
    let widget_owner = expect_context::<WidgetOwner>();
    let platform_authenticator = LocalResource::new(check_platform_authenticator);

    // Derived values.
    let min_length = move || policy.get().policy().map(|policy| policy.min_length);
    let messages_for = move |field: Field| {
        Signal::derive(move || {
            let min_length = min_length();
            problems.with(|problems| {
                problems
                    .get(field)
                    .iter()
                    .map(|problem| problem_message(locale, field, problem, min_length))
                    .collect::<Vec<_>>()
            })
        })
    };
    let value_of = move |field: Field| Signal::derive(move || form.with(|form| field_value(form, field)));
    let summary_entries = {
        let prefix = prefix.clone();
        Signal::derive(move || {
            if !summary_shown.get() {
                return Vec::new();
            }
            let min_length = min_length();
            let shown_fields = form_fields(method.get());
            problems.with(|problems| {
                problems
                    .fields()
                    .filter(|field| shown_fields.contains(field))
                    .flat_map(|field| {
                        let label = field_label(locale, field);
                        let input_id = FieldIds::new(&prefix, field).input;
                        problems.get(field).iter().map(move |problem| SummaryEntry {
                            field,
                            input_id: input_id.clone(),
                            message: format!("{label}: {}", problem_message(locale, field, problem, min_length)),
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let password_input_type = Signal::derive(move || if password_shown.get() { "text" } else { "password" });
    let is_password = move || method.get() == Method::Password;
    let title = Signal::derive(move || match method.get() {
        Method::Password => td_string!(locale, details_title_password).to_owned(),
        Method::Passkey => td_string!(locale, details_title_passkey).to_owned(),
    });

    // Callbacks.
    let check_field = move |field: Field| {
        let (mut found, value) = form.with_untracked(|form| {
            let found = form.check_field(field, method.get_untracked(), policy.get_untracked().policy().as_ref());
            (found, field_value(form, field))
        });
        server_problems.with_value(|reported| {
            for server_problem in reported {
                let still_applies = server_problem.field == field && server_problem.sent_value == value;
                if still_applies && !found.contains(&server_problem.problem) {
                    found.push(server_problem.problem.clone());
                }
            }
        });
        set_problems.update(|problems| problems.set(field, found));
    };
    let update_field = move |field: Field, value: String| {
        set_form.update(|form| set_field_value(form, field, value));
        // A field that shows an error is checked again while typing, so the error goes
        // away as soon as it is fixed.
        if problems.with_untracked(|problems| problems.has(field)) {
            check_field(field);
        }
        let confirmation_has_error = problems.with_untracked(|problems| problems.has(Field::PasswordConfirmation));
        if field == Field::Password && confirmation_has_error {
            check_field(Field::PasswordConfirmation);
        }
    };
    let leave_field = move |field: Field, value: String| {
        set_form.update(|form| set_field_value(form, field, value.clone()));
        // Tabbing through an empty field is not an error yet, and a press on the submit
        // button checks every field anyway.
        let untouched = value.is_empty() && !problems.with_untracked(|problems| problems.has(field));
        if !untouched && !submit_pressed.get_value() {
            check_field(field);
        }
    };
    let show_problems = move |errors: &ValidationErrors| {
        set_problems.set(FieldProblems::from_errors(errors.iter()));
        set_summary_shown.set(true);
        set_summary_requests.update(|count| *count += 1);
    };
    let report_failure = {
        let events = events.clone();
        move |error: ApiError, sent: &RegistrationForm| {
            events.report(WidgetEvent::Error {
                kind: api_error_kind(&error),
            });
            match &error {
                ApiError::Rejected(failure) if lands_on_form(failure, method.get_untracked()) => {
                    let mut errors = ValidationErrors::new();
                    let mut reported = Vec::new();
                    for error in failure.field_errors() {
                        reported.push(ServerProblem {
                            field: error.field,
                            sent_value: field_value(sent, error.field),
                            problem: error.problem.clone(),
                        });
                        errors.push(error.field, error.problem);
                    }
                    let _ = server_problems.try_set_value(reported);
                    show_problems(&errors);
                }
                _ => set_request_error.set(Some(error)),
            }
        }
    };
    let submit = {
        let gateway = gateway.clone();
        let report_failure = report_failure.clone();
        let widget_owner = widget_owner.clone();
        move || {
            submit_pressed.set_value(false);
            if pending.get_untracked() {
                return;
            }
            let mut current = form.get_untracked();
            refs.read_into(&mut current);
            set_form.set(current.clone());
            set_request_error.set(None);
            set_earlier_attempt_shown.set(false);

            let policy_now = policy.get_untracked().policy();
            let registration = match current.validate(method.get_untracked(), policy_now.as_ref()) {
                Ok(registration) => registration,
                Err(errors) => {
                    show_problems(&errors);
                    return;
                }
            };
            set_problems.set(FieldProblems::default());
            server_problems.set_value(Vec::new());
            set_summary_shown.set(false);
            set_pending.set(true);
            announcer.announce(td_string!(locale, submitting));

            let request = registration.to_import_request();
            let sent = gateway.import_human_user(request);
            let report_failure = report_failure.clone();
            // The task runs under the widget, not this screen: a rebuilt screen shows its
            // outcome, and removing the widget aborts it.
            widget_owner.spawn(async move {
                let result = sent.await;
                set_pending.set(false);
                match result {
                    Ok(created) => {
                        let _ = on_created.try_run((created, registration));
                    }
                    Err(error) => {
                        announcer.announce(String::new());
                        let username = registration.username().as_str();
                        let earlier = unanswered_username.try_get_value().flatten();
                        set_earlier_attempt_shown.set(earlier_attempt_may_own(earlier.as_deref(), username, &error));
                        if outcome_unknown(&error) {
                            let _ = unanswered_username.try_set_value(Some(username.to_owned()));
                        }
                        report_failure(error, &current);
                    }
                }
            });
        }
    };
    let submit_form = {
        let submit = submit.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            submit();
        }
    };
    let retry = Callback::new(move |()| submit());
    let focus_field = Callback::new(move |field: Field| refs.focus(field));
    let toggle_password = move |_| set_password_shown.update(|shown| *shown = !*shown);

    let field_callbacks = move |field: Field| {
        (
            Callback::new(move |value: String| update_field(field, value)),
            Callback::new(move |value: String| leave_field(field, value)),
        )
    };
    let text_field = move |field: Field, input_type: &'static str, autocomplete: &'static str, hint: Option<String>| {
        let (on_input, on_blur) = field_callbacks(field);
        let node_ref = refs.input(field).expect("text fields have input refs");
        let literal = matches!(field, Field::Username | Field::Email);
        let required = field != Field::Phone;
        match hint {
            Some(hint) => view! {
                <TextField
                    field=field
                    label=field_label(locale, field)
                    hint=hint
                    input_type=input_type
                    autocomplete=autocomplete
                    value=value_of(field)
                    errors=messages_for(field)
                    on_input=on_input
                    on_blur=on_blur
                    node_ref=node_ref
                    required=required
                    literal=literal
                />
            }
            .into_any(),
            None => view! {
                <TextField
                    field=field
                    label=field_label(locale, field)
                    input_type=input_type
                    autocomplete=autocomplete
                    value=value_of(field)
                    errors=messages_for(field)
                    on_input=on_input
                    on_blur=on_blur
                    node_ref=node_ref
                    required=required
                    literal=literal
                />
            }
            .into_any(),
        }
    };

    let rules_id = prefix.id("password-rules");
    let toggle_controls = StoredValue::new(format!(
        "{} {}",
        FieldIds::new(&prefix, Field::Password).input,
        FieldIds::new(&prefix, Field::PasswordConfirmation).input
    ));
    let (password_input, password_blur) = field_callbacks(Field::Password);
    let (confirmation_input, confirmation_blur) = field_callbacks(Field::PasswordConfirmation);
    let language_change = Callback::new(move |value: String| leave_field(Field::PreferredLanguage, value));

    view! {
        <section class="zr-page zr-page-details" aria-labelledby=prefix.id("details-title")>
            <PageHeading id=prefix.id("details-title") text=title />
            <ErrorSummary entries=summary_entries focus_requests=summary_requests.into() on_select=focus_field />
            <form
                class="zr-form"
                part="form"
                novalidate
                data-method=move || method.get().config_name()
                on:submit=submit_form
            >
                {text_field(Field::Username, "text", "username", Some(td_string!(locale, hint_username).to_owned()))}
                <Show when=move || earlier_attempt_shown.get()>
                    <EarlierAttemptNotice />
                </Show>
                {text_field(Field::GivenName, "text", "given-name", None)}
                {text_field(Field::FamilyName, "text", "family-name", None)}
                {text_field(Field::Email, "email", "email", Some(td_string!(locale, hint_email).to_owned()))}
                {text_field(Field::Phone, "tel", "tel", Some(td_string!(locale, hint_phone).to_owned()))}
                <LanguageSelect
                    label=field_label(locale, Field::PreferredLanguage)
                    hint=td_string!(locale, hint_preferred_language)
                    value=value_of(Field::PreferredLanguage)
                    errors=messages_for(Field::PreferredLanguage)
                    on_change=language_change
                    node_ref=refs.preferred_language
                />
                <Show when=is_password>
                    <TextField
                        field=Field::Password
                        label=field_label(locale, Field::Password)
                        input_type=password_input_type
                        autocomplete="new-password"
                        value=value_of(Field::Password)
                        errors=messages_for(Field::Password)
                        on_input=password_input
                        on_blur=password_blur
                        node_ref=refs.password
                        required=true
                        literal=true
                        described_by_extra=rules_id.clone()
                    >
                        <button
                            type="button"
                            class="zr-button zr-button-secondary zr-toggle-password"
                            part="button button-secondary"
                            name="toggle-password"
                            aria-controls=toggle_controls.get_value()
                            aria-pressed=move || if password_shown.get() { "true" } else { "false" }
                            on:click=toggle_password
                        >
                            {move || {
                                if password_shown.get() {
                                    td_string!(locale, hide_password)
                                } else {
                                    td_string!(locale, show_password)
                                }
                            }}
                        </button>
                    </TextField>
                    <PasswordChecklist id=rules_id.clone() policy=policy password=value_of(Field::Password) />
                    <TextField
                        field=Field::PasswordConfirmation
                        label=field_label(locale, Field::PasswordConfirmation)
                        input_type=password_input_type
                        autocomplete="new-password"
                        value=value_of(Field::PasswordConfirmation)
                        errors=messages_for(Field::PasswordConfirmation)
                        on_input=confirmation_input
                        on_blur=confirmation_blur
                        node_ref=refs.password_confirmation
                        required=true
                        literal=true
                    />
                </Show>
                <Show when=move || !is_password()>
                    <AuthenticatorChoice
                        platform_type=platform_type
                        set_platform_type=set_platform_type
                        platform_authenticator=Signal::derive(move || {
                            platform_authenticator.get().unwrap_or(PlatformAuthenticator::Checking)
                        })
                    />
                </Show>
                {move || {
                    request_error
                        .get()
                        .map(|error| {
                            let message = api_error_message(locale, &error);
                            let note = late_response(&error)
                                .then(|| td_string!(locale, request_outcome_unknown).to_owned());
                            match error.is_retryable() {
                                true => {
                                    view! { <RequestError message=message on_retry=retry pending=pending note=note /> }
                                        .into_any()
                                }
                                false => view! { <RequestError message=message note=note /> }.into_any(),
                            }
                        })
                }}
                <div class="zr-actions">
                    <button
                        type="submit"
                        class="zr-button zr-button-primary"
                        part="button button-primary"
                        aria-disabled=move || pending.get().then_some("true")
                        on:pointerdown=move |_| submit_pressed.set_value(true)
                        on:pointerleave=move |_| submit_pressed.set_value(false)
                        on:pointercancel=move |_| submit_pressed.set_value(false)
                    >
                        // The label shows that the request runs where the person looks.
                        // The live region announces it too.
                        {move || if pending.get() { td_string!(locale, submitting) } else { td_string!(locale, submit) }}
                    </button>
                    {show_back
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="zr-button zr-button-link"
                                    part="button button-link"
                                    name="back"
                                    aria-disabled=move || pending.get().then_some("true")
                                    on:click=move |_| {
                                        // Leaving during a request would let its outcome
                                        // replace the method choice a moment later.
                                        if !pending.get_untracked() {
                                            on_back.run(());
                                        }
                                    }
                                >
                                    {td_string!(locale, back_to_methods)}
                                </button>
                            }
                        })}
                </div>
            </form>
        </section>
    }
}

/// The choice of authenticator for the passkey method, as radio buttons named
/// `platform-type` whose values are the `requestPlatformType` values.
#[component]
fn AuthenticatorChoice(
    platform_type: ReadSignal<PlatformType>,
    set_platform_type: WriteSignal<PlatformType>,
    #[prop(into)] platform_authenticator: Signal<PlatformAuthenticator>,
) -> impl IntoView {
    let locale = use_locale();
    let prefix = use_id_prefix();
    let fieldset_id = prefix.id("platform-type");

    let option = move |choice: PlatformType| {
        let id = prefix.id(&format!("platform-type-{}", choice.query_value()));
        let hint_id = format!("{id}-hint");
        let unavailable_id = format!("{id}-unavailable");
        let (label, hint) = authenticator_texts(locale, choice);
        let is_unavailable = move || {
            choice == PlatformType::Platform && platform_authenticator.get() == PlatformAuthenticator::Unavailable
        };
        let described_by = {
            let hint_id = hint_id.clone();
            let unavailable_id = unavailable_id.clone();
            move || {
                if is_unavailable() {
                    format!("{hint_id} {unavailable_id}")
                } else {
                    hint_id.clone()
                }
            }
        };
        view! {
            <div class="zr-radio" class:zr-radio-unavailable=is_unavailable>
                <input
                    class="zr-radio-input"
                    part="radio"
                    type="radio"
                    id=id.clone()
                    name="platform-type"
                    value=choice.query_value()
                    prop:checked=move || platform_type.get() == choice
                    aria-describedby=described_by
                    on:change=move |_| set_platform_type.set(choice)
                />
                <label class="zr-radio-label" part="label" for=id.clone()>
                    {label}
                </label>
                <p class="zr-hint" id=hint_id.clone()>
                    {hint}
                </p>
                <Show when=is_unavailable>
                    <p class="zr-hint zr-unavailable" id=unavailable_id.clone()>
                        {td_string!(locale, authenticator_platform_unavailable)}
                    </p>
                </Show>
            </div>
        }
    };

    view! {
        <fieldset class="zr-fieldset" id=fieldset_id>
            <legend class="zr-legend" part="label">{td_string!(locale, authenticator_legend)}</legend>
            {PlatformType::ALL.into_iter().map(option).collect_view()}
        </fieldset>
    }
}

fn authenticator_texts(locale: Locale, choice: PlatformType) -> (&'static str, &'static str) {
    match choice {
        PlatformType::Platform => (
            td_string!(locale, authenticator_platform),
            td_string!(locale, authenticator_platform_hint),
        ),
        PlatformType::CrossPlatform => (
            td_string!(locale, authenticator_cross_platform),
            td_string!(locale, authenticator_cross_platform_hint),
        ),
        PlatformType::Unspecified => (
            td_string!(locale, authenticator_unspecified),
            td_string!(locale, authenticator_unspecified_hint),
        ),
    }
}

/// Returns true when a failed request may still have created the user, because its
/// response was lost or came too late while the gateway or ZITADEL finished the work.
pub fn outcome_unknown(error: &ApiError) -> bool {
    matches!(error, ApiError::Network) || late_response(error)
}

/// Returns true when the request timed out, in the browser or at the gateway. ZITADEL may
/// have created the user after all, so the person should look for its email before trying
/// again: a retry with changed details could create a second account.
pub fn late_response(error: &ApiError) -> bool {
    matches!(error, ApiError::TimedOut | ApiError::Rejected(Failure::TimedOut))
}

/// Returns true when `error` reports `username` as taken and an earlier attempt with the
/// same username got no response. That attempt may have created the account the person
/// is trying to create.
///
/// ZITADEL ignores case in usernames. This comparison ignores ASCII case only, because
/// full Unicode case mapping adds about 20 KB (before compression) to the wasm bundle, and
/// a person who retries rarely changes the case of other letters.
pub fn earlier_attempt_may_own(unanswered: Option<&str>, username: &str, error: &ApiError) -> bool {
    let same_name = unanswered.is_some_and(|earlier| earlier.eq_ignore_ascii_case(username));
    matches!(error, ApiError::Rejected(Failure::UsernameTaken)) && same_name
}

/// Explains that a "username taken" may be the person's own account, created by an
/// attempt whose response never arrived, and links to sign-in when the widget has a sign-in
/// URL. Hook for browser tests: `#<p>-earlier-attempt`.
#[component]
fn EarlierAttemptNotice() -> impl IntoView {
    let locale = use_locale();
    let prefix = use_id_prefix();

    view! {
        <div class="zr-notice zr-notice-warning" part="notice" id=prefix.id("earlier-attempt") role="status">
            <p class="zr-notice-text">{td_string!(locale, earlier_attempt_may_have_succeeded)}</p>
            <SignInLink style=LinkStyle::Secondary />
        </div>
    }
}

/// Returns true when `failure` carries problems for fields the form shows.
pub fn lands_on_form(failure: &Failure, method: Method) -> bool {
    let shown_fields = form_fields(method);
    let errors = failure.field_errors();
    !errors.is_empty() && errors.iter().all(|error| shown_fields.contains(&error.field))
}
