//! The screen shown in place of every other when the gateway does not accept calls from
//! this page's origin: sign-up cannot work here, and the site owner needs the fix.
//!
//! Stable hooks for browser tests: `section.zr-page-origin-not-allowed` and the notice
//! `#<p>-origin-not-allowed` (`role="alert"`).

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::components::page_heading::PageHeading;
use crate::context::{use_id_prefix, use_locale};
use crate::messages::is_web_origin;

/// Says that sign-up is unavailable on this page and names the `register-server` option
/// that admits `page_origin`, such as `https://shop.example`.
#[component]
pub fn OriginNotAllowedPage(#[prop(into)] page_origin: String) -> impl IntoView {
    let locale = use_locale();
    let prefix = use_id_prefix();
    let title_id = prefix.id("origin-not-allowed-title");
    let option = format!("--allowed-origin {page_origin}");
    let is_web_origin = is_web_origin(&page_origin);

    view! {
        <section class="zr-page zr-page-origin-not-allowed" aria-labelledby=title_id.clone()>
            <PageHeading id=title_id.clone() text=td_string!(locale, origin_not_allowed_title).to_owned() />
            <div class="zr-notice zr-notice-error" id=prefix.id("origin-not-allowed") role="alert" part="error">
                <p>{td_string!(locale, origin_not_allowed_body, origin = page_origin.clone())}</p>
                {match is_web_origin {
                    true => view! {
                        <p>{td_string!(locale, origin_not_allowed_fix)}</p>
                        <p>
                            <code class="zr-code">{option}</code>
                        </p>
                    }
                    .into_any(),
                    false => view! { <p>{td_string!(locale, origin_not_allowed_fix_not_web)}</p> }.into_any(),
                }}
            </div>
        </section>
    }
}
