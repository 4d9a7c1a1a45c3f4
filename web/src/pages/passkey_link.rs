//! The passkey screen after the user was created: open the registration link, scan it as a
//! QR code on another device, copy it, or have ZITADEL email it.
//!
//! The link carries a one-time code. It appears only in this screen's DOM: it is never
//! logged, stored or written into the host page's URL.
//!
//! Stable hooks for browser tests, with `<p>` the instance prefix:
//! - `section.zr-page-passkey-link`;
//! - the primary link `a#<p>-passkey-link[data-platform-type]`, which opens ZITADEL's
//!   setup page in the top window;
//! - the QR code `#<p>-passkey-qr` (`role="img"`);
//! - `button[name="copy-link"]` and `button[name="email-link"]`;
//! - the expiry `#<p>-link-expiry` with `data-expires-at` (milliseconds since the epoch),
//!   the countdown `#<p>-countdown`, and `#<p>-link-expired` once the link has expired;
//! - the email confirmation `#<p>-email-sent`.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::td_string;
use register_core::expiration::{LinkExpiry, countdown_text};
use register_core::link::{PlatformType, registration_link};
use register_core::wire::PasswordlessRegistration;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::api::{ApiError, GatewayContext, RegistrationTicket};
use crate::components::page_heading::PageHeading;
use crate::components::qr_code::QrCode;
use crate::components::request_error::RequestError;
use crate::config::locale_tag;
use crate::context::{Announcer, WidgetOwner, use_id_prefix, use_locale};
use crate::events::{EventSink, WidgetEvent};
use crate::i18n::Locale;
use crate::messages::{api_error_kind, api_error_message};

/// Everything the passkey screen needs about the new user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasskeySetup {
    pub user_id: String,
    pub email: String,
    pub registration: PasswordlessRegistration,
    pub ticket: Option<RegistrationTicket>,
    /// When the import response arrived, in milliseconds since the Unix epoch.
    pub received_at_unix_ms: u64,
    pub platform_type: PlatformType,
}

/// The state of "email me the link".
#[derive(Clone, Debug, PartialEq, Eq)]
enum EmailLinkState {
    Idle,
    Sending,
    Sent,
    Failed(ApiError),
}

/// The state of "copy link".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

fn now_unix_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Formats a moment as a local time of day, such as `14:05`, in the UI language.
fn local_time(unix_ms: u64, locale: Locale) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(unix_ms as f64));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"hour".into(), &"numeric".into());
    let _ = js_sys::Reflect::set(&options, &"minute".into(), &"2-digit".into());
    date.to_locale_time_string_with_options(locale_tag(locale), &options)
        .into()
}

/// Writes `text` to the clipboard; false when the Clipboard API is missing or refuses.
async fn copy_to_clipboard(text: String) -> bool {
    let window = web_sys::window().expect("the widget runs in a window");
    let navigator = window.navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).is_ok_and(|value| !value.is_undefined());
    if !has_clipboard {
        return false;
    }
    JsFuture::from(navigator.clipboard().write_text(&text)).await.is_ok()
}

/// Renders the passkey screen.
#[component]
pub fn PasskeyLinkPage(setup: PasskeySetup) -> impl IntoView {
    // Signals.
    let (now, set_now) = signal(now_unix_ms());
    let (email_state, set_email_state) = signal(EmailLinkState::Idle);
    let (copy_state, set_copy_state) = signal(CopyState::Idle);

    // Context.
    let locale = use_locale();
    let prefix = use_id_prefix();
    let gateway = expect_context::<GatewayContext>().0;
    let events = expect_context::<EventSink>();
    let announcer = expect_context::<Announcer>();
    let widget_owner = expect_context::<WidgetOwner>();

    // Derived values.
    let link = registration_link(&setup.registration.link, setup.platform_type).ok();
    let expiry = LinkExpiry::from_registration(setup.received_at_unix_ms, &setup.registration);
    let is_expired = move || expiry.is_some_and(|expiry| expiry.is_expired(now.get()));
    let expiry_time = expiry.map(|expiry| local_time(expiry.expires_at_unix_ms(), locale));
    let time_left = move || {
        expiry.map(|expiry| {
            let countdown = countdown_text(expiry.remaining(now.get()));
            td_string!(locale, passkey_time_left, countdown = countdown)
        })
    };
    let is_sending = move || email_state.get() == EmailLinkState::Sending;
    let button_text = match setup.platform_type {
        PlatformType::Platform => td_string!(locale, passkey_button_platform),
        PlatformType::CrossPlatform => td_string!(locale, passkey_button_cross_platform),
        PlatformType::Unspecified => td_string!(locale, passkey_button_unspecified),
    };

    // Callbacks.
    let copy_link = {
        let link = link.clone();
        move |_| {
            let Some(link) = link.clone() else { return };
            spawn_local(async move {
                let copied = copy_to_clipboard(link.to_string()).await;
                let state = if copied { CopyState::Copied } else { CopyState::Failed };
                set_copy_state.set(state);
                if copied {
                    announcer.announce(td_string!(locale, link_copied));
                }
            });
        }
    };
    let send_email = {
        let user_id = setup.user_id.clone();
        let ticket = setup.ticket.clone();
        Callback::new(move |()| {
            let Some(ticket) = ticket.clone() else { return };
            if email_state.get_untracked() == EmailLinkState::Sending {
                return;
            }
            set_email_state.set(EmailLinkState::Sending);
            announcer.announce(td_string!(locale, email_sending));
            let sent = gateway.send_passwordless_link(user_id.clone(), ticket);
            let events = events.clone();
            widget_owner.spawn(async move {
                match sent.await {
                    Ok(()) => {
                        // The confirmation has its own status role, which announces it.
                        announcer.announce(String::new());
                        set_email_state.set(EmailLinkState::Sent);
                    }
                    Err(error) => {
                        announcer.announce(String::new());
                        events.report(WidgetEvent::Error {
                            kind: api_error_kind(&error),
                        });
                        set_email_state.set(EmailLinkState::Failed(error));
                    }
                }
            });
        })
    };

    // Effects: the countdown ticks once a second until the screen goes away.
    if expiry.is_some()
        && let Ok(interval) = set_interval_with_handle(move || set_now.set(now_unix_ms()), Duration::from_secs(1))
    {
        on_cleanup(move || interval.clear());
    }
    Effect::new(move |was_expired: Option<bool>| {
        let expired = is_expired();
        if expired && was_expired == Some(false) {
            announcer.announce(td_string!(locale, passkey_expired_now));
        }
        expired
    });

    let title_id = prefix.id("passkey-title");
    let email = setup.email.clone();
    let has_ticket = setup.ticket.is_some();
    let expires_at_attribute = expiry.map(|expiry| expiry.expires_at_unix_ms().to_string());

    let open_link_view = {
        let link = link.clone();
        let prefix = prefix.clone();
        move || {
            link.clone().map(|link| {
                view! {
                    <a
                        class="zr-button zr-button-primary zr-passkey-link"
                        part="button button-primary"
                        id=prefix.id("passkey-link")
                        href=link.to_string()
                        target="_top"
                        data-platform-type=setup.platform_type.query_value()
                    >
                        {button_text}
                    </a>
                    <div class="zr-other-device">
                        <h3 class="zr-subheading">{td_string!(locale, passkey_other_device_title)}</h3>
                        <p>{td_string!(locale, passkey_other_device_intro)}</p>
                        <QrCode
                            id=prefix.id("passkey-qr")
                            text=link.to_string()
                            label=td_string!(locale, passkey_qr_label)
                        />
                        <button
                            type="button"
                            class="zr-button zr-button-secondary"
                            part="button button-secondary"
                            name="copy-link"
                            on:click=copy_link.clone()
                        >
                            {td_string!(locale, copy_link)}
                        </button>
                        {move || match copy_state.get() {
                            CopyState::Idle => None,
                            CopyState::Copied => Some(view! { <p class="zr-hint">{td_string!(locale, link_copied)}</p> }.into_any()),
                            CopyState::Failed => Some(view! { <p class="zr-hint">{td_string!(locale, copy_failed)}</p> }.into_any()),
                        }}
                    </div>
                }
            })
        }
    };

    view! {
        <section class="zr-page zr-page-passkey-link" aria-labelledby=title_id.clone()>
            <PageHeading id=title_id.clone() text=td_string!(locale, passkey_title).to_owned() />
            {match link {
                Some(_) => view! { <p>{td_string!(locale, passkey_intro)}</p> }.into_any(),
                None => view! { <RequestError message=td_string!(locale, failure_missing_link) /> }.into_any(),
            }}
            {expiry_time
                .clone()
                .map(|time| {
                    let expired_time = time.clone();
                    view! {
                        <Show
                            when=is_expired
                            fallback=move || {
                                view! {
                                    <p class="zr-expiry" id=use_id_prefix().id("link-expiry") data-expires-at=expires_at_attribute.clone()>
                                        {td_string!(locale, passkey_expires_at, time = time.clone())}
                                        " "
                                        <span class="zr-countdown" id=use_id_prefix().id("countdown")>
                                            {time_left}
                                        </span>
                                    </p>
                                }
                            }
                        >
                            <div class="zr-notice zr-notice-warning" part="notice" id=use_id_prefix().id("link-expired")>
                                <h3 class="zr-subheading">{td_string!(locale, passkey_expired_title)}</h3>
                                <p>{td_string!(locale, passkey_expired_body, time = expired_time.clone())}</p>
                            </div>
                        </Show>
                    }
                })}
            <Show when=move || !is_expired()>{open_link_view.clone()}</Show>
            <div class="zr-email-link">
                {match has_ticket {
                    true => view! {
                        <button
                            type="button"
                            class="zr-button zr-button-secondary"
                            part="button button-secondary"
                            name="email-link"
                            aria-disabled=move || is_sending().then_some("true")
                            on:click=move |_| send_email.run(())
                        >
                            {move || {
                                if is_expired() {
                                    td_string!(locale, email_new_link)
                                } else if email_state.with(|state| matches!(state, EmailLinkState::Sent)) {
                                    td_string!(locale, email_link_again)
                                } else {
                                    td_string!(locale, email_link)
                                }
                            }}
                        </button>
                    }
                    .into_any(),
                    false => view! { <p class="zr-hint">{td_string!(locale, email_link_unavailable)}</p> }.into_any(),
                }}
                {
                    let email = email.clone();
                    move || match email_state.get() {
                        EmailLinkState::Idle => None,
                        EmailLinkState::Sending => {
                            Some(view! { <p class="zr-hint">{td_string!(locale, email_sending)}</p> }.into_any())
                        }
                        EmailLinkState::Sent => Some(
                            view! {
                                <div class="zr-notice zr-notice-success" part="notice" id=use_id_prefix().id("email-sent") role="status">
                                    <p>{td_string!(locale, email_link_sent, email = email.clone())}</p>
                                    // ZITADEL builds the mailed link without requestPlatformType.
                                    {(setup.platform_type != PlatformType::Unspecified)
                                        .then(|| view! { <p>{td_string!(locale, email_link_choice_note)}</p> })}
                                </div>
                            }
                                .into_any(),
                        ),
                        EmailLinkState::Failed(error) => {
                            let message = api_error_message(locale, &error);
                            Some(
                                match error.is_retryable() {
                                    true => view! { <RequestError message=message on_retry=send_email /> }.into_any(),
                                    false => view! { <RequestError message=message /> }.into_any(),
                                },
                            )
                        }
                    }
                }
            </div>
            <p class="zr-hint">{td_string!(locale, passkey_confirm_email_note, email = email.clone())}</p>
        </section>
    }
}
