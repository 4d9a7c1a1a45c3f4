//! The Rust side of the `<zitadel-register>` custom element.
//!
//! A custom element class must extend `HTMLElement`, so `register-kit.js` defines it in
//! JavaScript (see `web/embed/register-kit.js`). That class creates one [`ElementWidget`]
//! when the element connects, calls [`ElementWidget::attributes_changed`] when an observed
//! attribute changes, and frees the widget when the element leaves the document, which
//! unmounts it: its DOM, signals, effects and timers go with it.
//!
//! By default the widget renders into an open shadow root that has its own stylesheet.
//! With the `no-shadow` attribute it renders into the element itself, in light DOM, and the
//! stylesheet goes to the document once.

use url::Url;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

use crate::config::{AttributeNames, parse_element_config};
use crate::mount::{WidgetHandle, mount, navigator_language, read_attributes, warn_about};
use crate::style;

/// The element's name.
pub const ELEMENT_NAME: &str = "zitadel-register";

/// The attribute that selects light DOM rendering. It is read when the element connects.
pub const NO_SHADOW_ATTRIBUTE: &str = "no-shadow";

/// The widget of one connected `<zitadel-register>` element.
#[wasm_bindgen]
pub struct ElementWidget {
    host: HtmlElement,
    /// The element the widget renders into: a `<div>` in the shadow root, or `host`.
    container: HtmlElement,
    /// The directory `register-kit.js` was loaded from, the default `api-base`.
    script_base: Url,
    handle: Option<WidgetHandle>,
}

#[wasm_bindgen]
impl ElementWidget {
    /// Mounts a widget for `host`, configured by its attributes. `script_base` is the URL of
    /// the directory that `register-kit.js` was loaded from.
    #[wasm_bindgen(constructor)]
    pub fn new(host: HtmlElement, script_base: &str) -> Result<ElementWidget, JsValue> {
        let script_base = Url::parse(script_base).map_err(|error| {
            JsValue::from_str(&format!(
                "register-kit: invalid script address {script_base:?}: {error}"
            ))
        })?;
        let container = render_target(&host)?;
        let mut widget = ElementWidget {
            host,
            container,
            script_base,
            handle: None,
        };
        widget.mount_fresh();
        Ok(widget)
    }

    /// Reads the attributes again after one of them changed. A new `lang` or
    /// `sign-in-url` applies to the running widget; a new `api-base` or `methods` starts a
    /// new one.
    #[wasm_bindgen(js_name = attributesChanged)]
    pub fn attributes_changed(&mut self) {
        let config = self.read_config();
        let Some(handle) = self.handle.as_ref() else {
            self.mount_fresh();
            return;
        };
        if let Err(config) = handle.reconfigure(config) {
            if let Some(old) = self.handle.take() {
                old.unmount();
            }
            self.handle = Some(mount(self.container.clone(), self.host.clone(), *config));
        }
    }
}

impl ElementWidget {
    fn read_config(&self) -> crate::config::WidgetConfig {
        let attributes = read_attributes(&self.host, AttributeNames::ELEMENT);
        let (config, warnings) = parse_element_config(&attributes, navigator_language().as_deref(), &self.script_base);
        warn_about(&warnings);
        config
    }

    fn mount_fresh(&mut self) {
        let config = self.read_config();
        self.handle = Some(mount(self.container.clone(), self.host.clone(), config));
    }
}

impl Drop for ElementWidget {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.unmount();
        }
        if self.container != self.host {
            self.container.remove();
        }
    }
}

/// Returns the element to render into, creating the shadow root and attaching the styles.
/// An element that already has a shadow root, from an earlier connection or declarative
/// shadow DOM, keeps it, because a shadow root cannot be removed again.
fn render_target(host: &HtmlElement) -> Result<HtmlElement, JsValue> {
    let document = host
        .owner_document()
        .ok_or_else(|| JsValue::from_str("register-kit: the element has no document"))?;
    let wants_light_dom = host.has_attribute(NO_SHADOW_ATTRIBUTE);
    let existing_root = host.shadow_root();
    if wants_light_dom && existing_root.is_none() {
        style::attach_to_document(&document);
        return Ok(host.clone());
    }
    if wants_light_dom {
        web_sys::console::warn_1(
            &"register-kit: ignored no-shadow, because this element already has a shadow root; set it before the element first connects"
                .into(),
        );
    }
    let root = match existing_root {
        Some(root) => root,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    style::attach_to_shadow_root(&root);
    let container: HtmlElement = document.create_element("div")?.dyn_into()?;
    root.append_child(&container)?;
    Ok(container)
}
