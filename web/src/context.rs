//! The contexts one widget instance provides to its screens, each wrapped in a newtype.
//!
//! Everything instance-specific travels through these, never through globals, so several
//! widgets can run on one page.

use std::future::Future;
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

/// The reactive owner of the whole widget. Requests run under it, so that they outlive a
/// screen that is built again but end when the widget is removed. The reference is weak:
/// the owner holds this context, and a strong reference would keep it alive forever.
#[derive(Clone)]
pub struct WidgetOwner(pub WeakOwner);

impl WidgetOwner {
    /// Runs `task` until it finishes or the widget is removed. Removing the widget drops
    /// the task, which aborts its request and clears its timer.
    pub fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        if let Some(owner) = self.0.upgrade() {
            owner.with(|| leptos::task::spawn_local_scoped_with_cancellation(task));
        }
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
