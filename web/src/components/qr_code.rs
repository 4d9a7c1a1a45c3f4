//! A QR code of a link, drawn as inline SVG.

use leptos::prelude::*;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode as QrMatrix};

/// Renders `text` as an SVG QR code, or `None` when it is too long for a QR code.
pub fn qr_svg(text: &str) -> Option<String> {
    let matrix = QrMatrix::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let svg = matrix
        .render::<svg::Color<'_>>()
        .min_dimensions(192, 192)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .quiet_zone(true)
        .build();
    // The renderer writes an XML declaration first, which HTML does not use.
    let start = svg.find("<svg")?;
    Some(svg[start..].to_owned())
}

/// Renders the QR code as an image with a text alternative. Renders nothing when the text does
/// not fit into a QR code.
#[component]
pub fn QrCode(#[prop(into)] text: String, #[prop(into)] label: String, id: String) -> impl IntoView {
    let svg = qr_svg(&text);

    svg.map(|svg| {
        view! { <div class="zr-qr" id=id role="img" aria-label=label inner_html=svg></div> }
    })
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn link_renders_as_svg() {
        let svg = qr_svg("http://127.0.0.1:8082/ui/login/login/passwordless/init?userID=1&code=abc").unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"), "{svg}");
    }

    #[wasm_bindgen_test]
    fn overlong_text_gives_none() {
        assert_eq!(qr_svg(&"x".repeat(5000)), None);
    }
}
