//! The link to the sign-in page that the site owner configured, shown when the person
//! has an account.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::context::{use_config, use_locale};

/// The button style of the link: primary or secondary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkStyle {
    Primary,
    Secondary,
}

/// Renders `a[data-action="sign-in"]` as a button that opens the sign-in URL in the top
/// window, or nothing when the widget has no sign-in URL.
#[component]
pub fn SignInLink(style: LinkStyle) -> impl IntoView {
    let locale = use_locale();
    let (class, part) = match style {
        LinkStyle::Primary => ("zr-button zr-button-primary", "button button-primary"),
        LinkStyle::Secondary => ("zr-button zr-button-secondary", "button button-secondary"),
    };
    use_config().sign_in_url.clone().map(|url| {
        view! {
            <a class=class part=part data-action="sign-in" href=url.to_string() target="_top">
                {td_string!(locale, sign_in_link)}
            </a>
        }
    })
}
