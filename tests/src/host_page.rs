//! A host site for the embed tests: a minimal HTTP server on a free 127.0.0.1 port that
//! serves HTML pages from memory, so the pages are on another origin than the gateway.
//!
//! The pages are `examples/host-page/index.html`, pointed at the test's gateway, and test
//! pages built around the example's hostile CSS. The server serves GET requests only and
//! closes each connection after one response.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::workspace_root;

/// The origin of the embed in the example page: trunk serve under `cargo xtask dev`.
pub const EXAMPLE_GATEWAY_ORIGIN: &str = "http://127.0.0.1:8080";

/// The largest request head the server reads, in bytes.
const MAX_REQUEST_HEAD: usize = 16 * 1024;

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
                tokio::spawn(async move { answer(stream, pages).await });
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

/// Reads one request and writes the page, or 404.
async fn answer(stream: TcpStream, pages: Pages) {
    let mut head = Vec::new();
    let mut buffer = [0_u8; 2048];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") && head.len() < MAX_REQUEST_HEAD {
        if stream.readable().await.is_err() {
            return;
        }
        match stream.try_read(&mut buffer) {
            Ok(0) => return,
            Ok(count) => head.extend_from_slice(&buffer[..count]),
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(_) => return,
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut request_line = head.lines().next().unwrap_or_default().split_whitespace();
    let method = request_line.next().unwrap_or_default();
    let target = request_line.next().unwrap_or_default();
    let path = target.split('?').next().unwrap_or_default();
    let page = pages.lock().expect("pages lock").get(path).cloned();
    let (status, body) = match (method, page) {
        ("GET", Some(page)) => ("200 OK", page),
        _ => ("404 Not Found", "not found".to_owned()),
    };
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\n\
         cache-control: no-store\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    write_all(&stream, response.as_bytes()).await;
}

/// Writes every byte of `bytes`, or stops at the first error.
async fn write_all(stream: &TcpStream, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        if stream.writable().await.is_err() {
            return;
        }
        match stream.try_write(bytes) {
            Ok(count) => bytes = &bytes[count..],
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(_) => return,
        }
    }
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
