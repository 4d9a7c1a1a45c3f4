//! The built web app: files from the `--dist` directory, with precompressed variants.
//!
//! A file with a `.br` or `.gz` sibling is sent compressed to browsers that accept it.
//! Assets whose names carry a content hash, as trunk writes them
//! (`register-web-1a2b3c4d5e6f7a8b_bg.wasm`), are cached as immutable. Everything else,
//! `index.html` and the embed's entry point `register-kit.js` first of all, must be
//! revalidated on every use.
//!
//! Pages on other origins load the embed with `<script type="module">`, which fetches the
//! scripts and the wasm file with CORS. Every file except HTML pages is therefore sent with
//! `Access-Control-Allow-Origin: *`: the bundle is public and sent without cookies. The API
//! routes keep their own allowlist (`--allowed-origin`).
//!
//! HTML pages carry a Content-Security-Policy that allows WebAssembly
//! (`'wasm-unsafe-eval'`) and the inline scripts of the page itself, by their SHA-256
//! hashes, since trunk writes an inline script that starts the wasm module.

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};
use tower_http::services::ServeDir;

/// The largest HTML page the gateway reads to hash its inline scripts, in bytes.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";
const ANY_ORIGIN: &str = "*";

/// The directory to serve and the framing rule of its pages.
#[derive(Clone, Debug)]
pub struct StaticSettings {
    pub directory: PathBuf,
    /// The sources of the CSP `frame-ancestors` directive, such as `'self'`.
    pub frame_ancestors: String,
}

/// Builds the router that serves the directory, for use as the gateway's fallback.
pub fn router(settings: StaticSettings) -> Router {
    let serve_dir = ServeDir::new(&settings.directory)
        .precompressed_br()
        .precompressed_gzip()
        .call_fallback_on_method_not_allowed(true)
        .fallback(axum::handler::HandlerWithoutStateExt::into_service(super::not_found));
    Router::new()
        .fallback_service(serve_dir)
        .layer(axum::middleware::from_fn_with_state(Arc::new(settings), add_headers))
}

/// Sets caching and security headers, and the CSP of HTML pages.
async fn add_headers(State(settings): State<Arc<StaticSettings>>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let may_be_page = path.ends_with('/') || path.ends_with(".html");
    if may_be_page {
        // Pages are read to hash their scripts, so they are always sent uncompressed.
        request.headers_mut().remove(header::ACCEPT_ENCODING);
    }

    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|content_type| content_type.starts_with("text/html"));
    let mut response = if is_html {
        with_page_policy(response, &settings.frame_ancestors).await
    } else {
        response
    };

    let cache_control = if response.status().is_success() && !is_html && is_hashed_asset(&path) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control));
    if !is_html {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static(ANY_ORIGIN),
        );
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// Reads an HTML response and adds its Content-Security-Policy.
async fn with_page_policy(response: Response, frame_ancestors: &str) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(html) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        tracing::warn!(max_bytes = MAX_PAGE_BYTES, "page is too large to serve");
        return super::not_found().await.into_response();
    };
    let policy = content_security_policy(&html, frame_ancestors);
    match HeaderValue::from_str(&policy) {
        Ok(value) => {
            parts.headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
        Err(error) => tracing::warn!(%error, "content security policy is not a valid header value"),
    }
    Response::from_parts(parts, Body::from(html))
}

/// Builds the policy of one page.
fn content_security_policy(html: &[u8], frame_ancestors: &str) -> String {
    let script_hashes: String = inline_scripts(html)
        .into_iter()
        .map(|script| format!(" 'sha256-{}'", STANDARD.encode(Sha256::digest(script))))
        .collect();
    // NOTE: styles allow 'unsafe-inline', because the widget sets style attributes and
    // writes <style> elements into its shadow root.
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{script_hashes}; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {frame_ancestors}"
    )
}

/// Returns the content of every `<script>` element without a `src` attribute.
fn inline_scripts(html: &[u8]) -> Vec<&[u8]> {
    let lowercase = html.to_ascii_lowercase();
    let mut scripts = Vec::new();
    let mut position = 0;
    while let Some(offset) = find(&lowercase[position..], b"<script") {
        let tag_start = position + offset;
        let Some(tag_length) = find(&lowercase[tag_start..], b">") else {
            break;
        };
        let content_start = tag_start + tag_length + 1;
        let Some(content_length) = find(&lowercase[content_start..], b"</script") else {
            break;
        };
        let attributes = &lowercase[tag_start + b"<script".len()..content_start - 1];
        let has_source = attributes
            .split(|byte| byte.is_ascii_whitespace())
            .any(|attribute| attribute.starts_with(b"src="));
        if !has_source {
            scripts.push(&html[content_start..content_start + content_length]);
        }
        position = content_start + content_length;
    }
    scripts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Returns true when the file name ends in a content hash: a hyphen and at least 8 hex
/// digits before the extension, optionally followed by `_bg` as wasm-bindgen names wasm
/// files.
fn is_hashed_asset(path: &str) -> bool {
    let file_name = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, _extension)) = file_name.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((_, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    hash.len() >= 8 && hash.bytes().all(|byte| byte.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;

    use super::*;
    use crate::test_support::TempDir;

    const INDEX: &str = "<!doctype html><html><head><script type=\"module\">import init from '/app-0123456789abcdef.js';init();</script>\
<script src=\"/extra.js\"></script></head><body></body></html>";

    fn dist() -> TempDir {
        let directory = TempDir::new("dist");
        let root = directory.path();
        std::fs::write(root.join("index.html"), INDEX).unwrap();
        std::fs::write(root.join("app-0123456789abcdef.js"), "console.log('plain')").unwrap();
        std::fs::write(root.join("app-0123456789abcdef.js.br"), "brotli bytes").unwrap();
        std::fs::write(root.join("app-0123456789abcdef.js.gz"), "gzip bytes").unwrap();
        std::fs::write(root.join("app-0123456789abcdef_bg.wasm"), "wasm").unwrap();
        std::fs::write(root.join("register-kit.js"), "import './app-0123456789abcdef.js';").unwrap();
        std::fs::write(root.join("favicon.ico"), "icon").unwrap();
        directory
    }

    fn app(directory: &TempDir) -> Router {
        router(StaticSettings {
            directory: directory.path().to_owned(),
            frame_ancestors: "'self' https://shop.example".into(),
        })
    }

    fn get(uri: &str, accept_encoding: Option<&str>) -> Request<Body> {
        let mut request = Request::builder().uri(uri);
        if let Some(encoding) = accept_encoding {
            request = request.header(header::ACCEPT_ENCODING, encoding);
        }
        request.body(Body::empty()).unwrap()
    }

    #[tokio::test]
    async fn precompressed_files_are_chosen_by_accept_encoding() {
        let directory = dist();
        let cases = [
            (Some("br, gzip"), Some("br"), "brotli bytes"),
            (Some("gzip"), Some("gzip"), "gzip bytes"),
            (None, None, "console.log('plain')"),
        ];
        for (accept, encoding, body) in cases {
            let response = app(&directory)
                .oneshot(get("/app-0123456789abcdef.js", accept))
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            let actual_encoding = response
                .headers()
                .get(header::CONTENT_ENCODING)
                .map(|value| value.to_str().unwrap().to_owned());
            assert_eq!(actual_encoding.as_deref(), encoding, "{accept:?}");
            assert_eq!(response.headers()[header::CACHE_CONTROL], IMMUTABLE);
            let bytes = axum::body::to_bytes(response.into_body(), 1024).await.unwrap();
            assert_eq!(bytes, body.as_bytes());
        }
    }

    #[tokio::test]
    async fn index_is_revalidated_and_has_csp() {
        let directory = dist();
        for uri in ["/", "/index.html"] {
            let response = app(&directory).oneshot(get(uri, Some("br, gzip"))).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{uri}");
            assert_eq!(response.headers()[header::CACHE_CONTROL], REVALIDATE);
            assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
            let policy = response.headers()[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .to_owned();
            assert!(
                policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
                "{policy}"
            );
            assert!(
                policy.contains("frame-ancestors 'self' https://shop.example"),
                "{policy}"
            );
            let bytes = axum::body::to_bytes(response.into_body(), 8192).await.unwrap();
            assert_eq!(bytes, INDEX.as_bytes());
        }
    }

    #[tokio::test]
    async fn other_files_are_revalidated_and_missing_ones_are_not_found() {
        let directory = dist();
        let response = app(&directory).oneshot(get("/favicon.ico", None)).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CACHE_CONTROL], REVALIDATE);
        assert_eq!(response.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");

        for uri in ["/missing-0123456789abcdef.js", "/../Cargo.toml", "/%2e%2e/secret"] {
            let response = app(&directory).oneshot(get(uri, None)).await.unwrap();
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{uri}");
            assert_eq!(response.headers()[header::CACHE_CONTROL], REVALIDATE, "{uri}");
        }

        let post = Request::builder()
            .method("POST")
            .uri("/index.html")
            .body(Body::empty())
            .unwrap();
        assert_eq!(
            app(&directory).oneshot(post).await.unwrap().status(),
            StatusCode::NOT_FOUND
        );
    }

    #[tokio::test]
    async fn embed_files_load_from_any_origin() {
        let directory = dist();
        let cases = [
            ("/register-kit.js", "text/javascript", REVALIDATE),
            ("/app-0123456789abcdef.js", "text/javascript", IMMUTABLE),
            ("/app-0123456789abcdef_bg.wasm", "application/wasm", IMMUTABLE),
        ];
        for (uri, content_type, cache_control) in cases {
            let request = Request::builder()
                .uri(uri)
                .header(header::ORIGIN, "http://127.0.0.1:8090")
                .body(Body::empty())
                .unwrap();
            let response = app(&directory).oneshot(request).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{uri}");
            assert_eq!(
                response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
                ANY_ORIGIN,
                "{uri}"
            );
            assert_eq!(response.headers()[header::CONTENT_TYPE], content_type, "{uri}");
            assert_eq!(response.headers()[header::CACHE_CONTROL], cache_control, "{uri}");
        }

        let page = app(&directory).oneshot(get("/index.html", None)).await.unwrap();
        assert!(
            page.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none(),
            "pages are not shared with other origins"
        );
    }

    #[test]
    fn inline_script_hashes() {
        let scripts = inline_scripts(INDEX.as_bytes());
        assert_eq!(
            scripts,
            vec![&b"import init from '/app-0123456789abcdef.js';init();"[..]]
        );
        let policy = content_security_policy(INDEX.as_bytes(), "'none'");
        let expected = STANDARD.encode(Sha256::digest(scripts[0]));
        assert!(policy.contains(&format!("'sha256-{expected}'")), "{policy}");

        let cases: [(&str, usize); 4] = [
            ("<SCRIPT>a</SCRIPT><script>b</script>", 2),
            ("<script src='/x.js'></script>", 0),
            ("<script data-src=x>c</script>", 1),
            ("<script>unterminated", 0),
        ];
        for (html, count) in cases {
            assert_eq!(inline_scripts(html.as_bytes()).len(), count, "{html}");
        }
    }

    #[test]
    fn hashed_asset_names() {
        let cases = [
            ("/register-web-1a2b3c4d5e6f7a8b.js", true),
            ("/register-web-1a2b3c4d5e6f7a8b_bg.wasm", true),
            ("/style-0123abcd.css", true),
            ("/index.html", false),
            ("/favicon.ico", false),
            ("/my-cafe.js", false),
            ("/register-web.js", false),
            ("/register-kit.js", false),
        ];
        for (path, hashed) in cases {
            assert_eq!(is_hashed_asset(path), hashed, "{path}");
        }
    }
}
