//! The one place where the widget reports what happens to the host page.
//!
//! For now each event is written to the console. The custom element will dispatch them as
//! DOM events instead (`zitadel-register:step`, `zitadel-register:registered`,
//! `zitadel-register:error`). No event carries a password, a ticket or a registration link.

use std::sync::Arc;

use register_core::registration::Method;

/// A screen of the widget, as reported in step events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepName {
    ChooseMethod,
    Details,
    Registered,
    PasskeyLink,
}

impl StepName {
    /// Returns the stable name used in events.
    pub fn as_str(self) -> &'static str {
        match self {
            StepName::ChooseMethod => "choose-method",
            StepName::Details => "details",
            StepName::Registered => "registered",
            StepName::PasskeyLink => "passkey-link",
        }
    }
}

/// Something the host page may want to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WidgetEvent {
    /// The widget shows another screen.
    Step(StepName),
    /// ZITADEL created the user.
    Registered { user_id: String, method: Method },
    /// A request failed; `kind` is a stable, lowercase name such as `network`.
    Error { kind: &'static str },
}

/// Receives the events of one widget instance.
#[derive(Clone)]
pub struct EventSink(Arc<dyn Fn(&WidgetEvent) + Send + Sync>);

impl EventSink {
    pub fn new(receiver: impl Fn(&WidgetEvent) + Send + Sync + 'static) -> EventSink {
        EventSink(Arc::new(receiver))
    }

    /// Returns a sink that writes each event to the browser console.
    pub fn console() -> EventSink {
        EventSink::new(|event| web_sys::console::info_1(&describe(event).into()))
    }

    pub fn report(&self, event: WidgetEvent) {
        (self.0)(&event);
    }
}

fn describe(event: &WidgetEvent) -> String {
    match event {
        WidgetEvent::Step(step) => format!("register-kit: step {}", step.as_str()),
        WidgetEvent::Registered { user_id, method } => {
            format!(
                "register-kit: registered user_id={user_id} method={}",
                method.config_name()
            )
        }
        WidgetEvent::Error { kind } => format!("register-kit: error kind={kind}"),
    }
}
