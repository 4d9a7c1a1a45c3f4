//! The preferred-language select, sent to ZITADEL as `preferredLanguage`.

use leptos::html;
use leptos::prelude::*;
use register_core::field::Field;

use crate::components::field_error::FieldError;
use crate::components::text_field::{FieldIds, described_by};
use crate::context::use_id_prefix;

/// The languages offered, as BCP 47 tags with their endonyms. An endonym is the
/// language's name in that language, so it reads the same in every interface language
/// and needs no translation.
pub const LANGUAGES: [(&str, &str); 10] = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("es", "Español"),
    ("pt", "Português"),
    ("nl", "Nederlands"),
    ("pl", "Polski"),
    ("sv", "Svenska"),
    ("ja", "日本語"),
];

/// Renders a `<select name="preferred-language">` with its label, hint and errors.
#[component]
pub fn LanguageSelect(
    #[prop(into)] label: String,
    #[prop(into)] hint: String,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] errors: Signal<Vec<String>>,
    on_change: Callback<String>,
    node_ref: NodeRef<html::Select>,
) -> impl IntoView {
    let prefix = use_id_prefix();
    let ids = FieldIds::new(&prefix, Field::PreferredLanguage);
    let has_errors = move || errors.with(|errors| !errors.is_empty());
    let aria_described_by = {
        let ids = ids.clone();
        move || described_by(&ids, true, None, has_errors())
    };
    let aria_invalid = move || has_errors().then_some("true");

    view! {
        <div class="zr-field" part="field" class:zr-field-invalid=has_errors data-field=Field::PreferredLanguage.key()>
            <label class="zr-label" part="label" for=ids.input.clone()>
                {label}
            </label>
            <p class="zr-hint" part="hint" id=ids.hint.clone()>
                {hint}
            </p>
            <FieldError id=ids.error.clone() messages=errors />
            <select
                class="zr-select"
                part="input"
                id=ids.input.clone()
                name=Field::PreferredLanguage.key()
                autocomplete="language"
                aria-invalid=aria_invalid
                aria-describedby=aria_described_by
                prop:value=move || value.get()
                on:change=move |event| {
                    on_change.try_run(event_target_value(&event));
                }
                node_ref=node_ref
            >
                {LANGUAGES
                    .into_iter()
                    .map(|(tag, name)| {
                        view! {
                            <option value=tag lang=tag selected=move || value.with(|value| value == tag)>
                                {name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
