//! A labelled text input composed GOV.UK-style: label, hint, inline errors and the input,
//! tied together with `aria-describedby` and `aria-invalid`.

use leptos::html;
use leptos::prelude::*;
use register_core::field::Field;

use crate::components::field_error::FieldError;
use crate::context::use_id_prefix;

/// The element ids of a form field, derived from the instance prefix and the field key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldIds {
    pub input: String,
    pub hint: String,
    pub error: String,
}

impl FieldIds {
    pub fn new(prefix: &crate::context::IdPrefix, field: Field) -> FieldIds {
        FieldIds {
            input: prefix.id(field.key()),
            hint: prefix.id(&format!("{}-hint", field.key())),
            error: prefix.id(&format!("{}-error", field.key())),
        }
    }
}

/// Returns the value of `aria-describedby`: the hint, any extra ids, then the error.
pub fn described_by(ids: &FieldIds, has_hint: bool, extra: Option<&str>, has_errors: bool) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    if has_hint {
        parts.push(&ids.hint);
    }
    if let Some(extra) = extra {
        parts.push(extra);
    }
    if has_errors {
        parts.push(&ids.error);
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Renders a text, email, tel or password input with its label, hint and errors. The input's
/// `name` is the field key, such as `username` or `given-name`.
#[component]
pub fn TextField(
    field: Field,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    /// The `type` attribute: `text`, `email`, `tel` or `password`.
    #[prop(into)]
    input_type: Signal<&'static str>,
    /// The `autocomplete` token, such as `given-name` or `new-password`.
    autocomplete: &'static str,
    #[prop(into)] value: Signal<String>,
    /// Translated error messages; the field is marked invalid while there are any.
    #[prop(into)]
    errors: Signal<Vec<String>>,
    on_input: Callback<String>,
    on_blur: Callback<String>,
    node_ref: NodeRef<html::Input>,
    #[prop(optional)] required: bool,
    /// Turns off spell checking and automatic capitals, for usernames and addresses.
    #[prop(optional)]
    literal: bool,
    /// Another element that describes the input, such as the password checklist.
    #[prop(optional, into)]
    described_by_extra: Option<String>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let prefix = use_id_prefix();
    let ids = FieldIds::new(&prefix, field);
    let has_hint = hint.is_some();
    let has_errors = move || errors.with(|errors| !errors.is_empty());
    let aria_described_by = {
        let ids = ids.clone();
        move || described_by(&ids, has_hint, described_by_extra.as_deref(), has_errors())
    };
    let aria_invalid = move || has_errors().then_some("true");
    let read_input = move |event: leptos::ev::Event| event_target_value(&event);

    // Writes the value into the input only when it differs from what the input shows.
    // Writing on every keystroke would move the caret: an email input reports its value
    // without a trailing space, so the value written back differs from the text typed.
    Effect::new(move |_| {
        let wanted = value.get();
        if let Some(input) = node_ref.get()
            && input.value() != wanted
        {
            input.set_value(&wanted);
        }
    });

    view! {
        <div class="zr-field" part="field" class:zr-field-invalid=has_errors data-field=field.key()>
            <label class="zr-label" part="label" for=ids.input.clone()>
                {label}
            </label>
            {hint.map(|hint| view! { <p class="zr-hint" part="hint" id=ids.hint.clone()>{hint}</p> })}
            <FieldError id=ids.error.clone() messages=errors />
            <div class="zr-input-row">
                <input
                    class="zr-input"
                    part="input"
                    id=ids.input.clone()
                    name=field.key()
                    type=move || input_type.get()
                    autocomplete=autocomplete
                    required=required
                    spellcheck=literal.then_some("false")
                    autocapitalize=literal.then_some("none")
                    aria-invalid=aria_invalid
                    aria-describedby=aria_described_by
                    // Chromium fires blur at an input that is removed while it has focus,
                    // after the screen's callbacks are disposed, so they are only tried.
                    on:input=move |event| {
                        on_input.try_run(read_input(event));
                    }
                    on:change=move |event| {
                        on_input.try_run(read_input(event));
                    }
                    on:blur=move |event: leptos::ev::FocusEvent| {
                        on_blur.try_run(event_target_value(&event));
                    }
                    node_ref=node_ref
                />
                {children.map(|children| children())}
            </div>
        </div>
    }
}
