//! The inline error messages under a form field.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::context::use_locale;

/// Renders the error messages of one field in an element whose id the field's
/// `aria-describedby` names. Renders nothing when `messages` is empty.
#[component]
pub fn FieldError(
    /// The id that the field's `aria-describedby` refers to.
    id: String,
    #[prop(into)] messages: Signal<Vec<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let has_messages = move || messages.with(|messages| !messages.is_empty());

    view! {
        <Show when=has_messages>
            <div class="zr-field-error" part="error" id=id.clone()>
                {move || {
                    messages
                        .get()
                        .into_iter()
                        .map(|message| {
                            view! {
                                <p class="zr-field-error-message">
                                    <span class="zr-visually-hidden">
                                        {td_string!(locale, error_prefix)} " "
                                    </span>
                                    {message}
                                </p>
                            }
                        })
                        .collect_view()
                }}
            </div>
        </Show>
    }
}
