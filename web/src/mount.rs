//! Mounting: the only module that touches the host page, together with `element` for the
//! custom element.
//!
//! `mount` renders a widget into a given element and returns a handle that removes it
//! again or gives it a new language or sign-in link. The standalone page mounts into its
//! `#register-kit` element with [`mount_in_page`]; `<zitadel-register>` mounts through the
//! same functions into its shadow root or, with `no-shadow`, into itself.

use std::any::Any;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;
use web_sys::HtmlElement;

use crate::api::{Gateway, HttpGateway};
use crate::app::RegisterWidget;
use crate::config::{AttributeNames, MountAttributes, WidgetConfig, parse_config};
use crate::context::IdPrefix;
use crate::events::EventSink;
use crate::style;

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
    mounted: Option<Box<dyn Any>>,
    config: ArcRwSignal<Arc<WidgetConfig>>,
    /// The parent of the widget's reactive owners. Leptos drops the mount's owner when
    /// the last reference goes, and a request in flight holds one, so the handle cleans
    /// this owner up itself: that ends the request and its timer with the widget.
    owner: Owner,
}

impl WidgetHandle {
    pub fn unmount(self) {
        drop(self);
    }

    /// Leaves the widget mounted for the rest of the page's life.
    pub fn keep(self) {
        std::mem::forget(self);
    }

    /// Returns the configuration the widget runs with.
    pub fn config(&self) -> Arc<WidgetConfig> {
        self.config.get_untracked()
    }

    /// Gives the running widget a new language or sign-in link; what the person typed
    /// stays. Returns `config` back as `Err` when it also changes the gateway or the
    /// methods, which needs a new widget from [`mount`].
    pub fn reconfigure(&self, config: WidgetConfig) -> Result<(), Box<WidgetConfig>> {
        let current = self.config();
        if current.needs_new_widget(&config) {
            return Err(Box::new(config));
        }
        if *current != config {
            self.config.set(Arc::new(config));
        }
        Ok(())
    }
}

/// Renders a widget into `element`, talking to `gateway` and reporting to `events`.
pub fn mount_with(
    element: HtmlElement,
    config: WidgetConfig,
    gateway: Arc<dyn Gateway>,
    events: EventSink,
) -> WidgetHandle {
    let config = ArcRwSignal::new(Arc::new(config));
    let widget_config = config.clone();
    let id_prefix = next_id_prefix();
    let owner = Owner::new();
    let mounted = owner.with(|| {
        leptos::mount::mount_to(element, move || {
            let config = Signal::from(widget_config);
            view! { <RegisterWidget config=config id_prefix=id_prefix gateway=gateway events=events /> }
        })
    });
    WidgetHandle {
        mounted: Some(Box::new(mounted)),
        config,
        owner,
    }
}

impl Drop for WidgetHandle {
    fn drop(&mut self) {
        drop(self.mounted.take());
        self.owner.cleanup();
    }
}

/// Renders a widget into `container` with the HTTP gateway, and dispatches its events on
/// `host`: the element the site owner placed, which may be `container` itself.
pub fn mount(container: HtmlElement, host: HtmlElement, config: WidgetConfig) -> WidgetHandle {
    let gateway = Arc::new(HttpGateway::new(config.api_base.clone()));
    mount_with(container, config, gateway, EventSink::dom(host))
}

/// Reads the configuration attributes of a mount element.
pub fn read_attributes(element: &HtmlElement, names: AttributeNames) -> MountAttributes {
    MountAttributes {
        api_base: element.get_attribute(names.api_base),
        methods: element.get_attribute(names.methods),
        sign_in_url: element.get_attribute(names.sign_in_url),
        lang: element.get_attribute(names.lang),
    }
}

/// Returns `navigator.language`, such as `de-CH`.
pub fn navigator_language() -> Option<String> {
    web_sys::window().and_then(|window| window.navigator().language())
}

/// Writes each ignored attribute value to the console, for the site owner.
pub fn warn_about(warnings: &[crate::config::ConfigWarning]) {
    for warning in warnings {
        web_sys::console::warn_1(&warning.to_string().into());
    }
}

/// Mounts the widget into `element`, configured by its `data-*` attributes.
pub fn mount_configured(element: HtmlElement) -> WidgetHandle {
    let attributes = read_attributes(&element, AttributeNames::DATA);
    let (config, warnings) = parse_config(&attributes, navigator_language().as_deref());
    warn_about(&warnings);
    mount(element.clone(), element, config)
}

/// Mounts the widget into the page's `#register-kit` element, if there is one, after
/// giving the document the widget's styles. This page bootstrap is the only lookup by id;
/// widgets themselves use node refs and prefixed ids.
pub fn mount_in_page() -> Option<WidgetHandle> {
    let document = web_sys::window()?.document()?;
    let element = document.get_element_by_id(MOUNT_ELEMENT_ID)?;
    let element: HtmlElement = wasm_bindgen::JsCast::dyn_into(element).ok()?;
    style::attach_to_document(&document);
    Some(mount_configured(element))
}
