//! The live checklist of the organization's password rules.
//!
//! Only the rules the policy enables appear. Each line is checked with
//! `register-core`'s policy, so the ticks agree with ZITADEL's verdict.

use leptos::prelude::*;
use leptos_i18n::td_string;
use register_core::policy::{PasswordPolicy, Requirement};

use crate::context::use_locale;
use crate::messages::requirement_text;

/// The loading state of the password policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyState {
    Loading,
    Loaded(PasswordPolicy),
    /// The policy could not be read; the server still checks the password.
    Unavailable,
}

impl PolicyState {
    pub fn policy(&self) -> Option<PasswordPolicy> {
        match self {
            PolicyState::Loaded(policy) => Some(*policy),
            PolicyState::Loading | PolicyState::Unavailable => None,
        }
    }
}

/// Returns the stable name of a rule, used in `data-requirement` attributes.
pub fn requirement_key(requirement: Requirement) -> &'static str {
    match requirement {
        Requirement::MinLength => "min-length",
        Requirement::Lowercase => "lowercase",
        Requirement::Uppercase => "uppercase",
        Requirement::Number => "number",
        Requirement::Symbol => "symbol",
    }
}

/// Renders the checklist in an element with id `id` that the password input's
/// `aria-describedby` names. Each rule is an `<li data-requirement=… data-met=…>`.
#[component]
pub fn PasswordChecklist(
    id: String,
    #[prop(into)] policy: Signal<PolicyState>,
    #[prop(into)] password: Signal<String>,
) -> impl IntoView {
    let locale = use_locale();
    let statuses = move || match policy.get() {
        PolicyState::Loaded(policy) => Some((policy, password.with(|password| policy.check(password)))),
        PolicyState::Loading | PolicyState::Unavailable => None,
    };

    view! {
        <div class="zr-checklist" part="checklist" id=id>
            {move || match policy.get() {
                PolicyState::Loading => {
                    view! { <p class="zr-hint">{td_string!(locale, checklist_loading)}</p> }.into_any()
                }
                PolicyState::Unavailable => {
                    view! { <p class="zr-hint">{td_string!(locale, checklist_unavailable)}</p> }
                        .into_any()
                }
                PolicyState::Loaded(policy) if policy.requirements().is_empty() => ().into_any(),
                PolicyState::Loaded(policy) => {
                    let has_min_length = policy.requirements().contains(&Requirement::MinLength);
                    view! {
                        <p class="zr-checklist-title">{td_string!(locale, checklist_title)}</p>
                        <ul class="zr-checklist-rules">
                            {move || {
                                let Some((policy, report)) = statuses() else {
                                    return Vec::new();
                                };
                                report
                                    .statuses()
                                    .iter()
                                    .map(|status| {
                                        let text = requirement_text(locale, status.requirement, policy.min_length);
                                        let state = if status.met {
                                            td_string!(locale, requirement_met)
                                        } else {
                                            td_string!(locale, requirement_unmet)
                                        };
                                        view! {
                                            <li
                                                class="zr-rule"
                                                class:zr-rule-met=status.met
                                                data-requirement=requirement_key(status.requirement)
                                                data-met=if status.met { "true" } else { "false" }
                                            >
                                                <span class="zr-rule-icon" aria-hidden="true">
                                                    {if status.met { "✓" } else { "•" }}
                                                </span>
                                                <span class="zr-rule-text">{text}</span>
                                                <span class="zr-visually-hidden">" (" {state} ")"</span>
                                            </li>
                                        }
                                    })
                                    .collect::<Vec<_>>()
                            }}
                        </ul>
                        {has_min_length
                            .then(|| {
                                view! {
                                    <p class="zr-hint zr-checklist-note">
                                        {td_string!(locale, requirement_min_length_note)}
                                    </p>
                                }
                            })}
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
