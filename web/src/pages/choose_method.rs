//! The first screen: password or passkey. Skipped when only one method is enabled.
//!
//! Stable hooks for browser tests: `section.zr-page-choose-method` and one
//! `button[name="method"]` per enabled method, with `value="password"` or `"passkey"`.

use leptos::prelude::*;
use leptos_i18n::td_string;
use register_core::registration::Method;

use crate::components::page_heading::PageHeading;
use crate::context::{use_config, use_id_prefix, use_locale};

/// Renders one large button per enabled method. The method chosen last time is marked with
/// `aria-current`, so going back keeps the earlier choice visible.
#[component]
pub fn ChooseMethodPage(#[prop(into)] current: Signal<Option<Method>>, on_choose: Callback<Method>) -> impl IntoView {
    let locale = use_locale();
    let prefix = use_id_prefix();
    let config = use_config();
    let title_id = prefix.id("choose-method-title");

    let method_button = move |method: Method| {
        let (label, hint) = match method {
            Method::Password => (
                td_string!(locale, method_password),
                td_string!(locale, method_password_hint),
            ),
            Method::Passkey => (
                td_string!(locale, method_passkey),
                td_string!(locale, method_passkey_hint),
            ),
        };
        let hint_id = prefix.id(&format!("method-{}-hint", method.config_name()));
        let is_current = move || current.get() == Some(method);
        view! {
            <li class="zr-method">
                <button
                    type="button"
                    class="zr-button zr-method-button"
                    part="button button-method"
                    class:zr-method-current=is_current
                    name="method"
                    value=method.config_name()
                    aria-describedby=hint_id.clone()
                    aria-current=move || is_current().then_some("true")
                    on:click=move |_| on_choose.run(method)
                >
                    <span class="zr-method-label">{label}</span>
                </button>
                <p class="zr-hint" id=hint_id.clone()>
                    {hint}
                </p>
            </li>
        }
    };

    view! {
        <section class="zr-page zr-page-choose-method" aria-labelledby=title_id.clone()>
            <PageHeading id=title_id.clone() text=td_string!(locale, choose_method_title).to_owned() />
            <p class="zr-intro">{td_string!(locale, choose_method_intro)}</p>
            <ul class="zr-methods">{config.methods.iter().copied().map(method_button).collect_view()}</ul>
        </section>
    }
}
