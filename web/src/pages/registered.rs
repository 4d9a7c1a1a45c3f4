//! The done screen of the password method: the account exists and a confirmation email is
//! on its way.
//!
//! Stable hooks for browser tests: `section.zr-page-registered` and the sign-in link
//! `a[data-action="sign-in"]`, present only when `data-sign-in-url` is set.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::components::page_heading::PageHeading;
use crate::components::sign_in_link::{LinkStyle, SignInLink};
use crate::context::{use_config, use_id_prefix, use_locale};

/// Says that the account was created and that an email went to `email`. ZITADEL sends
/// that email because self-registered users always start with an unverified address.
#[component]
pub fn RegisteredPage(#[prop(into)] email: String) -> impl IntoView {
    let locale = use_locale();
    let prefix = use_id_prefix();
    let config = use_config();
    let title_id = prefix.id("registered-title");

    view! {
        <section class="zr-page zr-page-registered" aria-labelledby=title_id.clone()>
            <PageHeading id=title_id.clone() text=td_string!(locale, registered_title).to_owned() />
            <p>{td_string!(locale, registered_account_created)}</p>
            <p class="zr-email-sent">{td_string!(locale, registered_email_sent, email = email.clone())}</p>
            {config
                .sign_in_url
                .is_some()
                .then(|| {
                    view! {
                        <p>{td_string!(locale, registered_sign_in_intro)}</p>
                        <SignInLink style=LinkStyle::Primary />
                    }
                })}
        </section>
    }
}
