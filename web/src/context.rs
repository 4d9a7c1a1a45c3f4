//! The contexts one widget instance provides to its screens, each wrapped in a newtype.
//!
//! Everything instance-specific travels through these, never through globals, so several
//! widgets can run on one page.

use std::sync::Arc;

use leptos::prelude::*;

use crate::config::WidgetConfig;
use crate::i18n::Locale;

/// The configuration of this instance. Its language and sign-in link may change while the
/// widget runs: screens read the configuration once, when they are built, and the widget
/// builds the current screen again after every change.
#[derive(Clone, Copy)]
pub struct ConfigContext(pub Signal<Arc<WidgetConfig>>);

/// The prefix of every element id in this instance, such as `zr1`, so that ids stay unique
/// with several widgets on one page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdPrefix(pub Arc<str>);

impl IdPrefix {
    /// Returns the id `<prefix>-<name>`.
    pub fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.0)
    }
}

/// Writes to the instance's polite live region, which screen readers announce.
#[derive(Clone, Copy)]
pub struct Announcer(pub WriteSignal<String>);

impl Announcer {
    pub fn announce(&self, text: impl Into<String>) {
        self.0.set(text.into());
    }
}

/// Returns the interface language of the screen being built.
pub fn use_locale() -> Locale {
    expect_context::<ConfigContext>()
        .0
        .with_untracked(|config| config.locale)
}

pub fn use_id_prefix() -> IdPrefix {
    expect_context::<IdPrefix>()
}

/// Returns the configuration of the screen being built.
pub fn use_config() -> Arc<WidgetConfig> {
    expect_context::<ConfigContext>().0.get_untracked()
}
