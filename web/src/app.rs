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
use crate::context::{Announcer, ConfigContext, IdPrefix, UiLocale};
use crate::events::{EventSink, StepName, WidgetEvent};
use crate::pages::choose_method::ChooseMethodPage;
use crate::pages::details::DetailsPage;
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

/// Renders one registration widget and provides its contexts.
#[component]
pub fn RegisterWidget(
    config: Arc<WidgetConfig>,
    id_prefix: IdPrefix,
    gateway: Arc<dyn Gateway>,
    events: EventSink,
) -> impl IntoView {
    // Signals.
    let only_method = config.only_method();
    let first_step = if only_method.is_some() {
        Step::Details
    } else {
        Step::ChooseMethod
    };
    let (step, set_step) = signal(first_step);
    let (method, set_method) = signal(only_method);
    let (form, set_form) = signal(RegistrationForm {
        preferred_language: locale_tag(config.locale).to_owned(),
        ..RegistrationForm::default()
    });
    let (platform_type, set_platform_type) = signal(PlatformType::Unspecified);
    let (announcement, set_announcement) = signal(String::new());
    let (user_moved, set_user_moved) = signal(false);

    // Context.
    let locale = config.locale;
    provide_context(ConfigContext(config.clone()));
    provide_context(UiLocale(locale));
    provide_context(id_prefix.clone());
    provide_context(GatewayContext(gateway.clone()));
    provide_context(events.clone());
    provide_context(Announcer(set_announcement));
    provide_context(HeadingFocus(user_moved.into()));

    // Derived values.
    let password_enabled = config.methods.contains(&Method::Password);
    let policy_resource = LocalResource::new(move || {
        let gateway = gateway.clone();
        async move {
            if password_enabled {
                Some(gateway.password_policy().await)
            } else {
                None
            }
        }
    });
    let policy = Signal::derive(move || match policy_resource.get() {
        None => PolicyState::Loading,
        Some(Some(Ok(policy))) => PolicyState::Loaded(policy),
        Some(Some(Err(_))) | Some(None) => PolicyState::Unavailable,
    });
    let chosen_method = Signal::derive(move || method.get().unwrap_or(Method::Password));
    let show_back = only_method.is_none();

    // Callbacks.
    let go_to = move |next: Step| {
        set_user_moved.set(true);
        set_step.set(next);
    };
    let choose_method = Callback::new(move |chosen: Method| {
        set_method.set(Some(chosen));
        go_to(Step::Details);
    });
    let go_back = Callback::new(move |()| go_to(Step::ChooseMethod));
    let finish_creation = {
        let events = events.clone();
        Callback::new(move |(created, registration): (CreatedUser, Registration)| {
            events.report(WidgetEvent::Registered {
                user_id: created.response.user_id.clone(),
                method: registration.method(),
            });
            set_announcement.set(td_string!(locale, status_account_created).to_owned());
            go_to(step_after_creation(
                created,
                &registration,
                platform_type.get_untracked(),
            ));
        })
    };

    // Effects.
    {
        let events = events.clone();
        Effect::new(move |_| events.report(WidgetEvent::Step(step.with(Step::name))));
    }
    Effect::new(move |_| {
        if let Some(Some(Err(error))) = policy_resource.get() {
            log_policy_error(&error);
        }
    });
    // Runs once, after the first screen is in the DOM.
    Effect::new(move |_| mark_first_screen());

    view! {
        <div class="zr-root" lang=locale_tag(locale) id=id_prefix.id("root")>
            <div class="zr-visually-hidden" role="status" aria-live="polite" id=id_prefix.id("status")>
                {move || announcement.get()}
            </div>
            {move || match step.get() {
                Step::ChooseMethod => view! { <ChooseMethodPage current=method on_choose=choose_method /> }.into_any(),
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
                        />
                    }
                        .into_any()
                }
                Step::Registered { email } => view! { <RegisteredPage email=email /> }.into_any(),
                Step::PasskeyLink(setup) => view! { <PasskeyLinkPage setup=*setup /> }.into_any(),
            }}
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
