//! The one place where the widget reports what happens to the host page.
//!
//! [`EventSink::dom`] dispatches each report as a `CustomEvent` on the element the widget
//! is mounted on: the `<zitadel-register>` element, or the standalone page's mount element.
//! The events bubble and are composed, so they leave a shadow root and reach `document`:
//!
//! | event | `detail` |
//! |---|---|
//! | `zitadel-register:step` | `{ step }`: `choose-method`, `details`, `registered` or `passkey-link` |
//! | `zitadel-register:registered` | `{ userId, method }`: ZITADEL's user id, `password` or `passkey` |
//! | `zitadel-register:error` | `{ kind }`: a stable name such as `network` or `origin-not-allowed` |
//!
//! No event carries a password, a ticket, a registration link or its code: the detail
//! objects are built here from [`WidgetEvent`], which contains none of them.

use std::sync::Arc;

use register_core::registration::Method;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

/// The name of the step event.
pub const STEP_EVENT: &str = "zitadel-register:step";
/// The name of the event that reports a created user.
pub const REGISTERED_EVENT: &str = "zitadel-register:registered";
/// The name of the error event.
pub const ERROR_EVENT: &str = "zitadel-register:error";

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

impl WidgetEvent {
    /// Returns the DOM event name.
    pub fn name(&self) -> &'static str {
        match self {
            WidgetEvent::Step(_) => STEP_EVENT,
            WidgetEvent::Registered { .. } => REGISTERED_EVENT,
            WidgetEvent::Error { .. } => ERROR_EVENT,
        }
    }

    /// Returns the `detail` fields of the DOM event, as name and value pairs.
    pub fn detail_fields(&self) -> Vec<(&'static str, String)> {
        match self {
            WidgetEvent::Step(step) => vec![("step", step.as_str().to_owned())],
            WidgetEvent::Registered { user_id, method } => {
                vec![("userId", user_id.clone()), ("method", method.config_name().to_owned())]
            }
            WidgetEvent::Error { kind } => vec![("kind", (*kind).to_owned())],
        }
    }
}

/// Receives the events of one widget instance.
#[derive(Clone)]
pub struct EventSink(Arc<dyn Fn(&WidgetEvent) + Send + Sync>);

impl EventSink {
    pub fn new(receiver: impl Fn(&WidgetEvent) + Send + Sync + 'static) -> EventSink {
        EventSink(Arc::new(receiver))
    }

    /// Returns a sink that dispatches each event on `target` as a bubbling, composed
    /// `CustomEvent`.
    pub fn dom(target: HtmlElement) -> EventSink {
        // The browser runs the widget on one thread; the wrapper only satisfies the Send
        // bound of Leptos contexts.
        let target = SendWrapper::new(target);
        EventSink::new(move |event| {
            if let Some(dom_event) = custom_event(event) {
                let _ = target.dispatch_event(&dom_event);
            }
        })
    }

    pub fn report(&self, event: WidgetEvent) {
        (self.0)(&event);
    }
}

/// Builds the DOM event for `event`, or `None` when the browser fails to create it.
pub fn custom_event(event: &WidgetEvent) -> Option<CustomEvent> {
    let detail = js_sys::Object::new();
    for (name, value) in event.detail_fields() {
        js_sys::Reflect::set(&detail, &JsValue::from_str(name), &JsValue::from_str(&value)).ok()?;
    }
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    CustomEvent::new_with_event_init_dict(event.name(), &init).ok()
}

#[cfg(test)]
mod tests {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn events_bubble_out_of_shadow_roots() {
        let cases = [
            (
                WidgetEvent::Step(StepName::PasskeyLink),
                STEP_EVENT,
                vec![("step", "passkey-link")],
            ),
            (
                WidgetEvent::Registered {
                    user_id: "259242039378509826".into(),
                    method: Method::Passkey,
                },
                REGISTERED_EVENT,
                vec![("userId", "259242039378509826"), ("method", "passkey")],
            ),
            (
                WidgetEvent::Error {
                    kind: "origin-not-allowed",
                },
                ERROR_EVENT,
                vec![("kind", "origin-not-allowed")],
            ),
        ];
        for (event, name, fields) in cases {
            let dom_event = custom_event(&event).expect("the browser creates the event");
            assert_eq!(dom_event.type_(), name);
            assert!(dom_event.bubbles(), "{name}");
            assert!(dom_event.composed(), "{name}");
            let detail = dom_event.detail();
            let detail_object: &js_sys::Object = detail.unchecked_ref();
            let keys: Vec<String> = js_sys::Object::keys(detail_object)
                .iter()
                .filter_map(|key| key.as_string())
                .collect();
            let expected_keys: Vec<&str> = fields.iter().map(|(key, _)| *key).collect();
            assert_eq!(keys, expected_keys, "{name}");
            for (key, value) in fields {
                let actual = js_sys::Reflect::get(&detail, &key.into()).unwrap().as_string();
                assert_eq!(actual.as_deref(), Some(value), "{name} {key}");
            }
        }
    }
}
