//! Mounting: the only module that touches the host page.
//!
//! `mount` renders a widget into a given element and returns a handle that removes it
//! again. The custom element will call the same function with its shadow root.

use std::any::Any;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;
use web_sys::HtmlElement;

use crate::api::{Gateway, HttpGateway};
use crate::app::RegisterWidget;
use crate::config::{MountAttributes, WidgetConfig, parse_config};
use crate::context::IdPrefix;
use crate::events::EventSink;

/// The id of the element in `index.html` that the page bootstrap mounts into.
pub const MOUNT_ELEMENT_ID: &str = "register-kit";

static NEXT_INSTANCE: AtomicU32 = AtomicU32::new(1);

/// Returns a fresh id prefix such as `zr1`, unique within the page.
pub fn next_id_prefix() -> IdPrefix {
    let instance = NEXT_INSTANCE.fetch_add(1, Ordering::Relaxed);
    IdPrefix(format!("zr{instance}").into())
}

/// A mounted widget. Dropping it, or calling [`WidgetHandle::unmount`], removes the
/// widget's DOM and disposes its signals, effects and timers.
#[must_use = "dropping the handle unmounts the widget; call keep() to leave it mounted"]
pub struct WidgetHandle {
    mounted: Box<dyn Any>,
}

impl WidgetHandle {
    pub fn unmount(self) {
        drop(self.mounted);
    }

    /// Leaves the widget mounted for the rest of the page's life.
    pub fn keep(self) {
        std::mem::forget(self.mounted);
    }
}

/// Renders a widget into `element`, talking to `gateway` and reporting to `events`.
pub fn mount_with(
    element: HtmlElement,
    config: WidgetConfig,
    gateway: Arc<dyn Gateway>,
    events: EventSink,
) -> WidgetHandle {
    let config = Arc::new(config);
    let id_prefix = next_id_prefix();
    let mounted = leptos::mount::mount_to(element, move || {
        view! { <RegisterWidget config=config id_prefix=id_prefix gateway=gateway events=events /> }
    });
    WidgetHandle {
        mounted: Box::new(mounted),
    }
}

/// Renders a widget into `element` with the HTTP gateway and console events.
pub fn mount(element: HtmlElement, config: WidgetConfig) -> WidgetHandle {
    let gateway = Arc::new(HttpGateway::new(config.api_base.clone()));
    mount_with(element, config, gateway, EventSink::console())
}

/// Reads the `data-*` configuration attributes of a mount element.
pub fn read_attributes(element: &HtmlElement) -> MountAttributes {
    MountAttributes {
        api_base: element.get_attribute("data-api-base"),
        methods: element.get_attribute("data-methods"),
        sign_in_url: element.get_attribute("data-sign-in-url"),
        lang: element.get_attribute("data-lang"),
    }
}

/// Mounts the widget into `element`, configured by its data attributes. Ignored
/// attribute values are reported on the console.
pub fn mount_configured(element: HtmlElement) -> WidgetHandle {
    let navigator_language = web_sys::window().and_then(|window| window.navigator().language());
    let (config, warnings) = parse_config(&read_attributes(&element), navigator_language.as_deref());
    for warning in warnings {
        web_sys::console::warn_1(&warning.to_string().into());
    }
    mount(element, config)
}

/// Mounts the widget into the page's `#register-kit` element, if there is one. This page
/// bootstrap is the only lookup by id; widgets themselves use node refs and prefixed ids.
pub fn mount_in_page() -> Option<WidgetHandle> {
    let document = web_sys::window()?.document()?;
    let element = document.get_element_by_id(MOUNT_ELEMENT_ID)?;
    let element: HtmlElement = wasm_bindgen::JsCast::dyn_into(element).ok()?;
    Some(mount_configured(element))
}
