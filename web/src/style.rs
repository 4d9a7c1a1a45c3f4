//! The widget's stylesheet, compiled into the wasm bundle from `style/register.css`, and how
//! it is attached to a page.
//!
//! A shadow root gets the sheet in its `adoptedStyleSheets`, so the sheet reaches nothing
//! outside the root. The standalone page and elements without a shadow root get it once in
//! the document's `adoptedStyleSheets`, where every rule is scoped under `.zr-root`. All
//! instances share one constructed `CSSStyleSheet`. Browsers without constructable
//! stylesheets get a `<style>` element with the same text instead.

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CssStyleSheet, Document, ShadowRoot};

/// The text of `style/register.css`, without its comments: `build.rs` removes them.
pub const WIDGET_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/register.css"));

/// The attribute that marks the `<style>` element of the fallback, so it is added only once
/// to a document.
const STYLE_ELEMENT_MARKER: &str = "data-zitadel-register-style";

thread_local! {
    /// The shared sheet, or `None` when this browser cannot construct stylesheets.
    static SHARED_SHEET: RefCell<Option<Option<CssStyleSheet>>> = const { RefCell::new(None) };
}

/// Returns the shared constructed sheet, building it on first use.
fn shared_sheet() -> Option<CssStyleSheet> {
    SHARED_SHEET.with(|cell| {
        cell.borrow_mut()
            .get_or_insert_with(|| {
                let sheet = CssStyleSheet::new().ok()?;
                sheet.replace_sync(WIDGET_CSS).ok()?;
                Some(sheet)
            })
            .clone()
    })
}

/// Returns true when `target` has an `adoptedStyleSheets` property, as every browser with
/// constructable stylesheets has.
fn supports_adoption(target: &JsValue) -> bool {
    js_sys::Reflect::get(target, &"adoptedStyleSheets".into()).is_ok_and(|value| value.is_object())
}

/// Gives a shadow root the widget's styles, and nothing else.
pub fn attach_to_shadow_root(root: &ShadowRoot) {
    if supports_adoption(root)
        && let Some(sheet) = shared_sheet()
    {
        root.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
        return;
    }
    let Some(document) = root.owner_document() else { return };
    let already_styled = root
        .query_selector(&format!("style[{STYLE_ELEMENT_MARKER}]"))
        .ok()
        .flatten()
        .is_some();
    if !already_styled && let Some(style) = style_element(&document) {
        let _ = root.prepend_with_node_1(&style);
    }
}

/// Adds the widget's styles to the document, keeping the sheets the page already adopted.
/// Calling it again is harmless: the sheet is added only when it is missing.
pub fn attach_to_document(document: &Document) {
    if supports_adoption(document)
        && let Some(sheet) = shared_sheet()
    {
        let adopted = document.adopted_style_sheets();
        if !adopted.includes(&sheet, 0) {
            let sheets = adopted.slice(0, adopted.length());
            sheets.push(&sheet);
            document.set_adopted_style_sheets(&sheets);
        }
        return;
    }
    let already_styled = document
        .query_selector(&format!("style[{STYLE_ELEMENT_MARKER}]"))
        .ok()
        .flatten()
        .is_some();
    if already_styled {
        return;
    }
    if let (Some(head), Some(style)) = (document.head(), style_element(document)) {
        let _ = head.append_child(&style);
    }
}

// NOTE: the tests run in Chromium, which has constructable stylesheets, so this fallback
// for older browsers is not covered by them.
fn style_element(document: &Document) -> Option<web_sys::Element> {
    let style = document.create_element("style").ok()?;
    style.set_attribute(STYLE_ELEMENT_MARKER, "").ok()?;
    style.set_text_content(Some(WIDGET_CSS));
    style.dyn_into().ok()
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    /// Returns the CSS text without comments.
    fn without_comments(css: &str) -> String {
        let mut text = String::new();
        let mut rest = css;
        while let Some(start) = rest.find("/*") {
            text.push_str(&rest[..start]);
            let end = rest[start..].find("*/").expect("every comment is closed");
            rest = &rest[start + end + 2..];
        }
        text.push_str(rest);
        text
    }

    /// Returns the selector lists of every style rule, descending into `@media` blocks.
    fn selector_lists(css: &str) -> Vec<String> {
        let mut selectors = Vec::new();
        let mut rest = css.trim();
        while !rest.is_empty() {
            let open = rest.find('{').expect("a rule has a block");
            let prelude = rest[..open].trim().to_owned();
            let mut depth = 0;
            let mut close = open;
            for (offset, character) in rest[open..].char_indices() {
                match character {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            close = open + offset;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let block = &rest[open + 1..close];
            if prelude.starts_with("@media") {
                selectors.extend(selector_lists(block));
            } else {
                selectors.push(prelude);
            }
            rest = rest[close + 1..].trim();
        }
        selectors
    }

    /// Splits a selector list at the commas outside parentheses.
    fn split_selector_list(list: &str) -> Vec<&str> {
        let mut selectors = Vec::new();
        let mut depth = 0;
        let mut start = 0;
        for (index, character) in list.char_indices() {
            match character {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    selectors.push(list[start..index].trim());
                    start = index + 1;
                }
                _ => {}
            }
        }
        selectors.push(list[start..].trim());
        selectors
    }

    #[wasm_bindgen_test]
    fn every_rule_is_scoped_to_the_widget() {
        let lists = selector_lists(&without_comments(WIDGET_CSS));
        assert!(lists.len() > 40, "only {} rules found", lists.len());
        for list in lists {
            for selector in split_selector_list(&list) {
                let scoped = selector == ".zr-root"
                    || selector.starts_with(".zr-root ")
                    || selector.starts_with(":host")
                    || selector == "zitadel-register"
                    || selector.starts_with("zitadel-register[");
                assert!(scoped, "selector {selector:?} may match elements of the host page");
            }
        }
    }

    #[wasm_bindgen_test]
    fn widget_never_sets_a_public_property() {
        let css = without_comments(WIDGET_CSS);
        let declarations = css.split([';', '{', '}']).map(str::trim);
        for declaration in declarations {
            assert!(
                !declaration.starts_with("--zr-"),
                "{declaration:?} sets a public property, which would override the site's theme"
            );
        }
    }

    #[wasm_bindgen_test]
    fn sizes_do_not_follow_the_host_root_font_size() {
        let css = without_comments(WIDGET_CSS);
        assert!(
            !css.contains("rem"),
            "the stylesheet uses rem, which follows the host page"
        );
    }

    /// Returns the default colour of each private colour property in the first block that
    /// starts with `block_start`, such as `("text", "#1b1f24")`.
    fn default_colours(css: &str, block_start: &str) -> Vec<(String, String)> {
        let start = css.find(block_start).expect("the block exists");
        let block = &css[start..start + css[start..].find('}').expect("the block ends")];
        block
            .lines()
            .filter_map(|line| line.trim().strip_prefix("--_zr-color-"))
            .filter_map(|line| {
                let (name, value) = line.split_once(':')?;
                let default = value.split(',').nth(1)?.trim().trim_end_matches(");").trim();
                Some((name.to_owned(), default.to_owned()))
            })
            .collect()
    }

    fn channel(hex: &str) -> f64 {
        let value = f64::from(u8::from_str_radix(hex, 16).expect("hex colour")) / 255.0;
        if value <= 0.039_28 {
            value / 12.92
        } else {
            ((value + 0.055) / 1.055).powf(2.4)
        }
    }

    /// Returns the relative luminance of a `#rrggbb` colour, as WCAG 2.1 defines it.
    fn luminance(colour: &str) -> f64 {
        let hex = colour.strip_prefix('#').expect("colour starts with #");
        assert_eq!(hex.len(), 6, "{colour} is not #rrggbb");
        0.2126 * channel(&hex[0..2]) + 0.7152 * channel(&hex[2..4]) + 0.0722 * channel(&hex[4..6])
    }

    fn contrast(first: &str, second: &str) -> f64 {
        let (first, second) = (luminance(first), luminance(second));
        (first.max(second) + 0.05) / (first.min(second) + 0.05)
    }

    #[wasm_bindgen_test]
    fn default_colours_meet_wcag_aa_in_both_schemes() {
        // Each pair the widget shows together: foreground, background, minimum ratio.
        // Text needs 4.5:1; borders and focus rings, which are not text, need 3:1.
        let pairs = [
            ("text", "background", 4.5),
            ("text", "surface", 4.5),
            ("text", "error-surface", 4.5),
            ("text", "success-surface", 4.5),
            ("text", "warning-surface", 4.5),
            ("muted", "background", 4.5),
            ("muted", "surface", 4.5),
            ("primary", "background", 4.5),
            ("on-primary", "primary", 4.5),
            ("on-primary", "primary-hover", 4.5),
            ("error", "background", 4.5),
            ("error", "error-surface", 4.5),
            ("success", "surface", 4.5),
            ("success", "success-surface", 4.5),
            ("warning", "background", 4.5),
            ("warning", "warning-surface", 4.5),
            ("border", "background", 3.0),
            ("focus", "background", 3.0),
            ("focus", "surface", 3.0),
        ];
        let css = without_comments(WIDGET_CSS);
        for (scheme, block_start) in [("light", ".zr-root {"), ("dark", "@media (prefers-color-scheme: dark)")] {
            let colours = default_colours(&css, block_start);
            assert_eq!(colours.len(), 15, "{scheme}: {colours:?}");
            let colour = |name: &str| {
                colours
                    .iter()
                    .find(|(candidate, _)| candidate == name)
                    .map(|(_, value)| value.clone())
                    .unwrap_or_else(|| panic!("{scheme} scheme has no {name} colour"))
            };
            for (foreground, background, minimum) in pairs {
                let ratio = contrast(&colour(foreground), &colour(background));
                assert!(
                    ratio >= minimum,
                    "{scheme}: {foreground} on {background} has contrast {ratio:.2}, below {minimum}"
                );
            }
        }
    }
}
