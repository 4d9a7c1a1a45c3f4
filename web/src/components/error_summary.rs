//! The error summary shown after a failed submit. It takes focus and links to each field
//! with a problem, as GOV.UK's error summary does.

use leptos::html;
use leptos::prelude::*;
use leptos_i18n::td_string;
use register_core::field::Field;

use crate::context::{use_id_prefix, use_locale};

/// One line of the summary: the field to link to and the message shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryEntry {
    pub field: Field,
    /// The input's element id, used for the link's `href`.
    pub input_id: String,
    pub message: String,
}

/// Renders a `role="alert"` box with id `<prefix>-error-summary`. It focuses itself each time
/// `focus_requests` grows. Its links have `href="#<input id>"` for users without
/// JavaScript-aware tools, but a click only moves focus through `on_select`: the host
/// page's URL never changes.
#[component]
pub fn ErrorSummary(
    #[prop(into)] entries: Signal<Vec<SummaryEntry>>,
    focus_requests: Signal<u32>,
    on_select: Callback<Field>,
) -> impl IntoView {
    let locale = use_locale();
    let prefix = use_id_prefix();
    let summary_ref = NodeRef::<html::Div>::new();
    let title_id = prefix.id("error-summary-title");
    let has_entries = move || entries.with(|entries| !entries.is_empty());
    let title = move || {
        let count = entries.with(Vec::len) as u64;
        td_string!(locale, error_summary_title, count = count)
    };

    // Focus again after every failed submit, once the summary is in the DOM.
    Effect::new(move |handled: Option<u32>| {
        let requested = focus_requests.get();
        let handled = handled.unwrap_or(0);
        match summary_ref.get() {
            Some(summary) if requested > handled => {
                let _ = summary.focus();
                requested
            }
            _ => handled,
        }
    });

    view! {
        <Show when=has_entries>
            <div
                class="zr-error-summary"
                part="error-summary"
                id=prefix.id("error-summary")
                role="alert"
                tabindex="-1"
                aria-labelledby=title_id.clone()
                node_ref=summary_ref
            >
                <h3 class="zr-error-summary-title" id=title_id.clone()>
                    {title}
                </h3>
                <p class="zr-error-summary-intro">{td_string!(locale, error_summary_intro)}</p>
                <ul class="zr-error-summary-list">
                    {move || {
                        entries
                            .get()
                            .into_iter()
                            .map(|entry| {
                                let field = entry.field;
                                view! {
                                    <li>
                                        <a
                                            href=format!("#{}", entry.input_id)
                                            data-field=field.key()
                                            on:click=move |event| {
                                                event.prevent_default();
                                                on_select.run(field);
                                            }
                                        >
                                            {entry.message}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}
