//! A failed request: what went wrong and, when repeating may help, a retry button.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::context::{use_id_prefix, use_locale};

/// Renders an error notice with `role="alert"`, so screen readers announce it. The retry button
/// (`name="retry"`) appears when `on_retry` is given.
#[component]
pub fn RequestError(
    #[prop(into)] message: String,
    #[prop(optional)] on_retry: Option<Callback<()>>,
    /// Disables the retry button while the repeated request is in flight.
    #[prop(optional, into)]
    pending: Signal<bool>,
    /// A second paragraph, such as what to check before trying again.
    #[prop(optional_no_strip)]
    note: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let prefix = use_id_prefix();

    view! {
        <div class="zr-notice zr-notice-error" part="error" id=prefix.id("request-error") role="alert">
            <p class="zr-notice-text">{message}</p>
            {note.map(|note| view! { <p class="zr-notice-text">{note}</p> })}
            {on_retry
                .map(|retry| {
                    view! {
                        <button
                            type="button"
                            class="zr-button zr-button-secondary"
                            part="button button-secondary"
                            name="retry"
                            aria-disabled=move || pending.get().then_some("true")
                            on:click=move |_| retry.run(())
                        >
                            {td_string!(locale, retry)}
                        </button>
                    }
                })}
        </div>
    }
}
