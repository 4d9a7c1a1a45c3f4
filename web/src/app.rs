//! The widget's root: it provides the instance contexts, owns the form values and moves
//! between the screens.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_i18n::td_string;
use register_core::link::PlatformType;
use register_core::registration::{Method, Registration, RegistrationForm};

use crate::api::{ApiError, CreatedUser, Gateway, GatewayContext};
use crate::components::page_heading::HeadingFocus;
use crate::components::password_checklist::PolicyState;
use crate::config::{WidgetConfig, locale_tag};
use crate::context::{Announcer, ConfigContext, IdPrefix, WidgetOwner};
use crate::events::{EventSink, StepName, WidgetEvent};
use crate::i18n::Locale;
use crate::messages::api_error_kind;
use crate::pages::choose_method::ChooseMethodPage;
use crate::pages::details::{DetailsPage, DetailsState};
use crate::pages::origin_not_allowed::OriginNotAllowedPage;
use crate::pages::passkey_link::{PasskeyLinkPage, PasskeySetup};
use crate::pages::registered::RegisteredPage;

/// The screen the widget shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    ChooseMethod,
    Details,
    /// The password method is done; a confirmation email went to `email`.
    Registered {
        email: String,
    },
    PasskeyLink(Box<PasskeySetup>),
}

impl Step {
    pub fn name(&self) -> StepName {
        match self {
            Step::ChooseMethod => StepName::ChooseMethod,
            Step::Details => StepName::Details,
            Step::Registered { .. } => StepName::Registered,
            Step::PasskeyLink(_) => StepName::PasskeyLink,
        }
    }
}

/// Returns the screen that follows a successful ImportHumanUser call.
pub fn step_after_creation(created: CreatedUser, registration: &Registration, platform_type: PlatformType) -> Step {
    let received_at_unix_ms = created.received_at_unix_ms;
    let email = registration.email().as_str().to_owned();
    match (registration.method(), created.response.passwordless_registration) {
        (Method::Passkey, Some(passwordless)) => Step::PasskeyLink(Box::new(PasskeySetup {
            user_id: created.response.user_id,
            email,
            registration: passwordless,
            ticket: created.ticket,
            received_at_unix_ms,
            platform_type,
        })),
        // A passkey registration without a link: the passkey screen explains the problem.
        (Method::Passkey, None) => Step::PasskeyLink(Box::new(PasskeySetup {
            user_id: created.response.user_id,
            email,
            registration: Default::default(),
            ticket: created.ticket,
            received_at_unix_ms,
            platform_type,
        })),
        (Method::Password, _) => Step::Registered { email },
    }
}

/// Renders one registration widget and provides its contexts. `config` may change while
/// the widget runs, but only in its language and sign-in link: a new gateway or a new set
/// of methods needs a new widget.
#[component]
pub fn RegisterWidget(
    config: Signal<Arc<WidgetConfig>>,
    id_prefix: IdPrefix,
    gateway: Arc<dyn Gateway>,
    events: EventSink,
) -> impl IntoView {
    let initial = config.get_untracked();

    // Signals.
    let only_method = initial.only_method();
    let first_step = if only_method.is_some() {
        Step::Details
    } else {
        Step::ChooseMethod
    };
    let (step, set_step) = signal(first_step);
    let (method, set_method) = signal(only_method);
    let (form, set_form) = signal(RegistrationForm {
        preferred_language: locale_tag(initial.locale).to_owned(),
        ..RegistrationForm::default()
    });
    let (platform_type, set_platform_type) = signal(PlatformType::Unspecified);
    let (announcement, set_announcement) = signal(String::new());
    let (user_moved, set_user_moved) = signal(false);
    let details_state = DetailsState::new();
    // The configuration the current screen was built with.
    let built_with = StoredValue::new(initial.clone());

    // Context.
    let owner = Owner::current().expect("the widget renders under an owner");
    provide_context(WidgetOwner(owner.downgrade()));
    provide_context(ConfigContext(config));
    provide_context(id_prefix.clone());
    provide_context(GatewayContext(gateway.clone()));
    provide_context(events.clone());
    provide_context(Announcer(set_announcement));
    provide_context(HeadingFocus(user_moved.into()));

    // Derived values.
    // The policy is read for every method: besides the password rules, the response shows
    // early whether this page may call the gateway at all.
    let policy_resource = LocalResource::new(move || {
        let gateway = gateway.clone();
        async move { gateway.password_policy().await }
    });
    let policy = Signal::derive(move || match policy_resource.get() {
        None => PolicyState::Loading,
        Some(Ok(policy)) => PolicyState::Loaded(policy),
        Some(Err(_)) => PolicyState::Unavailable,
    });
    let disallowed_origin = Memo::new(move |_| match policy_resource.get() {
        Some(Err(ApiError::OriginNotAllowed { page_origin })) => Some(page_origin),
        _ => None,
    });
    let chosen_method = Signal::derive(move || method.get().unwrap_or(Method::Password));
    let show_back = only_method.is_none();
    let lang = move || config.with(|config| locale_tag(config.locale));

    // Callbacks.
    let go_to = move |next: Step| {
        set_user_moved.set(true);
        set_step.set(next);
    };
    let choose_method = Callback::new(move |chosen: Method| {
        set_method.set(Some(chosen));
        details_state.clear_messages();
        go_to(Step::Details);
    });
    let go_back = Callback::new(move |()| go_to(Step::ChooseMethod));
    let finish_creation = {
        let events = events.clone();
        Callback::new(move |(created, registration): (CreatedUser, Registration)| {
            let locale = config.with_untracked(|config| config.locale);
            let registered = WidgetEvent::Registered {
                user_id: created.response.user_id.clone(),
                method: registration.method(),
            };
            set_announcement.set(td_string!(locale, status_account_created).to_owned());
            go_to(step_after_creation(
                created,
                &registration,
                platform_type.get_untracked(),
            ));
            // Reported last: a listener of the host page may remove the widget.
            events.report(registered);
        })
    };

    // Effects.
    {
        let events = events.clone();
        Effect::new(move |_| events.report(WidgetEvent::Step(step.with(Step::name))));
    }
    Effect::new(move |_| {
        if let Some(Err(error)) = policy_resource.get() {
            log_policy_error(&error);
            if matches!(error, ApiError::OriginNotAllowed { .. }) {
                events.report(WidgetEvent::Error {
                    kind: api_error_kind(&error),
                });
            }
        }
    });
    // The preferred language follows the interface language while it still matches it,
    // so a host page that sets `lang` after mounting also sets the emails' language. A
    // language the person picked stays.
    Effect::new(move |previous: Option<Locale>| {
        let locale = config.with(|config| config.locale);
        if let Some(previous) = previous
            && previous != locale
        {
            set_form.update(|form| {
                if form.preferred_language == locale_tag(previous) {
                    form.preferred_language = locale_tag(locale).to_owned();
                }
            });
        }
        locale
    });
    // Runs once, after the first screen is in the DOM.
    Effect::new(move |_| mark_first_screen());

    view! {
        <div class="zr-root" part="root" lang=lang id=id_prefix.id("root")>
            <div class="zr-visually-hidden" role="status" aria-live="polite" id=id_prefix.id("status")>
                {move || announcement.get()}
            </div>
            <Show
                when=move || disallowed_origin.with(Option::is_none)
                fallback=move || {
                    config.track();
                    view! { <OriginNotAllowedPage page_origin=disallowed_origin.get().unwrap_or_default() /> }
                }
            >
                {move || {
                    // Builds the screen again when the language or the sign-in link changes.
                    // The host page made that change, not the person, so the rebuilt heading
                    // does not take focus.
                    // The details screen keeps its request state in `details_state`, so a
                    // request in flight and its outcome show on the rebuilt screen.
                    let current = config.get();
                    if !Arc::ptr_eq(&current, &built_with.get_value()) {
                        built_with.set_value(current);
                        set_user_moved.set(false);
                    }
                    match step.get() {
                        Step::ChooseMethod => {
                            view! { <ChooseMethodPage current=method on_choose=choose_method /> }.into_any()
                        }
                        Step::Details => {
                            view! {
                                <DetailsPage
                                    method=chosen_method
                                    form=form
                                    set_form=set_form
                                    policy=policy
                                    platform_type=platform_type
                                    set_platform_type=set_platform_type
                                    show_back=show_back
                                    on_back=go_back
                                    on_created=finish_creation
                                    state=details_state
                                />
                            }
                                .into_any()
                        }
                        Step::Registered { email } => view! { <RegisteredPage email=email /> }.into_any(),
                        Step::PasskeyLink(setup) => view! { <PasskeyLinkPage setup=*setup /> }.into_any(),
                    }
                }}
            </Show>
        </div>
    }
}

/// The name of the performance mark set when the first screen is in the DOM and can take
/// input. Site owners and `cargo xtask bench` read it with `performance.getEntriesByName`.
pub const READY_MARK: &str = "register-kit:ready";

fn mark_first_screen() {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark(READY_MARK);
    }
}

fn log_policy_error(error: &ApiError) {
    let text = format!("register-kit: password policy could not be read: {error:?}");
    web_sys::console::warn_1(&text.into());
}
