//! A host site for the embed tests: hyper's HTTP/1.1 server on a free 127.0.0.1 port,
//! serving HTML pages from memory, so the pages are on another origin than the gateway.
//!
//! The pages are `examples/host-page/index.html`, pointed at the test's gateway, and test
//! pages built around the example's hostile CSS. The server handles GET requests only.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{CACHE_CONTROL, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::workspace_root;

/// The origin of the embed in the example page: trunk serve under `cargo xtask dev`.
pub const EXAMPLE_GATEWAY_ORIGIN: &str = "http://127.0.0.1:8080";

type Pages = Arc<Mutex<HashMap<String, String>>>;

/// The running host site. Dropping it stops the server.
pub struct HostSite {
    origin: String,
    pages: Pages,
    server: JoinHandle<()>,
}

impl HostSite {
    /// Starts the server on a free port. Its origin is known at once, so a gateway can be
    /// started that allows it before any page exists.
    pub async fn start() -> HostSite {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("bound listener has an address").port();
        let pages: Pages = Arc::default();
        let server_pages = Arc::clone(&pages);
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let pages = Arc::clone(&server_pages);
                tokio::spawn(serve_connection(stream, pages));
            }
        });
        HostSite {
            origin: format!("http://127.0.0.1:{port}"),
            pages,
            server,
        }
    }

    /// Returns the site's origin, such as `http://127.0.0.1:40123`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Serves `html` at `path`, which starts with `/`, and returns the page's address.
    pub fn put(&self, path: &str, html: String) -> String {
        assert!(path.starts_with('/'), "{path} does not start with /");
        self.pages.lock().expect("pages lock").insert(path.to_owned(), html);
        format!("{}{path}", self.origin)
    }
}

impl Drop for HostSite {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Serves the requests of one connection with hyper's HTTP/1.1 server.
async fn serve_connection(stream: TcpStream, pages: Pages) {
    let service = service_fn(move |request: Request<Incoming>| {
        let response = respond(&request, &pages);
        async move { Ok::<_, Infallible>(response) }
    });
    // A browser that closes its connection early ends it with an error; nothing is lost.
    let _ = http1::Builder::new()
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// Returns the page at the request's path for GET, or 404.
fn respond(request: &Request<Incoming>, pages: &Pages) -> Response<Full<Bytes>> {
    let page = match *request.method() {
        Method::GET => pages.lock().expect("pages lock").get(request.uri().path()).cloned(),
        _ => None,
    };
    let (status, body) = match page {
        Some(page) => (StatusCode::OK, page),
        None => (StatusCode::NOT_FOUND, "not found".to_owned()),
    };
    Response::builder()
        .status(status)
        .header(CONTENT_TYPE, "text/html; charset=utf-8")
        .header(CACHE_CONTROL, "no-store")
        .body(Full::new(Bytes::from(body)))
        .expect("status and headers are valid")
}

/// Returns `examples/host-page/index.html` as written.
pub fn example_page_source() -> String {
    let path = workspace_root().join("examples/host-page/index.html");
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

/// Returns the example page with the embed loaded from `gateway_origin` in place of the
/// development address.
pub fn example_page(gateway_origin: &str) -> String {
    let source = example_page_source();
    assert!(
        source.contains(&format!("{EXAMPLE_GATEWAY_ORIGIN}/register-kit.js")),
        "the example page no longer loads {EXAMPLE_GATEWAY_ORIGIN}/register-kit.js"
    );
    source.replace(EXAMPLE_GATEWAY_ORIGIN, gateway_origin)
}

/// Returns the example page's first `<style>` element: its hostile global CSS.
pub fn hostile_style() -> String {
    let source = example_page_source();
    let start = source.find("<style>").expect("the example page has a <style> element");
    let end = source[start..].find("</style>").expect("the <style> element is closed") + start;
    source[start..end + "</style>".len()].to_owned()
}

/// More hostile global CSS for the test pages: inherited properties that the example page
/// does not set, so the tests also see those stop at the widget's boundary.
pub const MORE_HOSTILE_CSS: &str = "<style>
  * { letter-spacing: 3px; word-spacing: 12px; text-transform: uppercase; font-style: italic; line-height: 3; text-align: right; }
</style>";

/// Returns a page with the example's hostile CSS, [`MORE_HOSTILE_CSS`] and `body`. The page records every event
/// of the widget in `window.widgetEvents` as `{ type, target, detail }`, where `target` is
/// the id of the element the event was dispatched on. With `gateway_origin`, the head
/// loads the embed from there; without it, the test loads the embed itself later.
pub fn hostile_page(gateway_origin: Option<&str>, body: &str) -> String {
    let script = gateway_origin
        .map(|origin| format!(r#"<script type="module" src="{origin}/register-kit.js"></script>"#))
        .unwrap_or_default();
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>host page</title>
{style}
{MORE_HOSTILE_CSS}
<script>
  window.widgetEvents = [];
  for (const name of ["zitadel-register:step", "zitadel-register:registered", "zitadel-register:error"]) {{
    document.addEventListener(name, (event) => {{
      window.widgetEvents.push({{ type: event.type, target: event.target.id, detail: event.detail }});
    }});
  }}
</script>
{script}
</head>
<body>
{body}
</body>
</html>"#,
        style = hostile_style()
    )
}
