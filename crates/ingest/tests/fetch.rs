//! `fetch` against real HTTP/1.1 servers on loopback, started by each test.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use wirewatch_ingest::fetch::{
    decode, FetchConfig, FetchError, Fetched, Fetcher, Validators, DEFAULT_USER_AGENT,
};

/// A request as the server saw it.
#[derive(Debug, Clone)]
struct Request {
    path: String,
    headers: Vec<(String, String)>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the server does with a request.
enum Reply {
    /// Send these bytes, then close.
    Raw(Vec<u8>),
    /// Read the request, never answer (the connection stays open a while).
    Silent,
}

type Handler = dyn Fn(&Request, &str) -> Reply + Send + Sync;

/// A loopback server: one thread accepting, one thread per connection, `Connection: close`.
struct Server {
    base: String,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    /// `handler` gets the request and the server's base URL (`http://127.0.0.1:PORT`).
    fn start(handler: impl Fn(&Request, &str) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("local address"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let (log, server_base) = (requests.clone(), base.clone());
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                let (handler, log, base) = (handler.clone(), log.clone(), server_base.clone());
                thread::spawn(move || serve(stream, &*handler, &log, &base));
            }
        });
        Server { base, requests }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("request log").clone()
    }
}

fn serve(mut stream: TcpStream, handler: &Handler, log: &Mutex<Vec<Request>>, base: &str) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 65_536 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut lines = head.split("\r\n");
    let path = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .unwrap_or("")
        .to_string();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let request = Request { path, headers };
    log.lock().expect("request log").push(request.clone());
    match handler(&request, base) {
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes);
            let _ = stream.flush();
        }
        Reply::Silent => thread::sleep(Duration::from_secs(3)),
    }
}

/// A complete response with `Content-Length` and `Connection: close`.
fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut out = format!("HTTP/1.1 {status}\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    Reply::Raw(bytes)
}

fn redirect(status: &str, location: &str) -> Reply {
    response(status, &[("Location", location)], b"moved")
}

fn fetcher() -> Fetcher {
    Fetcher::new(FetchConfig {
        timeout: Duration::from_secs(10),
        ..FetchConfig::default()
    })
}

const LATIN1_PAGE: &[u8] = b"<!DOCTYPE html><html><head><title>Caf\xe9</title></head>\
<body><p>Le caf\xe9 de Z\xfcrich a ferm\xe9 \xab d\xe9finitivement \xbb.</p></body></html>";

#[test]
fn defaults() {
    let config = FetchConfig::default();
    assert_eq!(config.timeout, Duration::from_secs(20));
    assert_eq!(config.max_bytes, 20_000_000);
    assert_eq!(config.max_redirects, 5);
    assert_eq!(config.user_agent, DEFAULT_USER_AGENT);
    assert!(DEFAULT_USER_AGENT.starts_with("wirewatch/0."));
    assert!(DEFAULT_USER_AGENT.ends_with(" (+https://github.com/wirewatch/wirewatch)"));
}

#[test]
fn latin1_page_is_decoded_with_the_header_charset() {
    let server = Server::start(|_, _| {
        response(
            "200 OK",
            &[("Content-Type", "Text/HTML; Charset=ISO-8859-1")],
            LATIN1_PAGE,
        )
    });
    let fetched = fetcher().get(&server.url("/page"), None).expect("fetched");
    assert_eq!(fetched.status, 200);
    assert_eq!(fetched.url, server.url("/page"));
    assert_eq!(fetched.content_type.as_deref(), Some("text/html"));
    assert_eq!(fetched.charset.as_deref(), Some("iso-8859-1"));
    assert_eq!(fetched.body, LATIN1_PAGE);
    assert!(!fetched.not_modified);
    let text = decode(&fetched);
    assert!(text.contains("<title>Café</title>"), "decoded: {text}");
    assert!(text.contains("Le café de Zürich a fermé « définitivement »."));
}

#[test]
fn charset_from_the_page_when_the_header_has_none() {
    let page: &[u8] =
        b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\
</head><body>\xcc\xee\xf1\xea\xe2\xe0</body></html>";
    let server =
        Server::start(move |_, _| response("200 OK", &[("Content-Type", "text/html")], page));
    let fetched = fetcher().get(&server.url("/ru"), None).expect("fetched");
    assert_eq!(fetched.charset, None);
    assert!(decode(&fetched).contains("<body>Москва</body>"));
}

#[test]
fn redirect_chain_gives_the_final_url() {
    let server = Server::start(|request, base| match request.path.as_str() {
        "/start" => redirect("301 Moved Permanently", "/middle"),
        "/middle" => redirect("302 Found", &format!("{base}/final?x=1")),
        "/final?x=1" => response("200 OK", &[("Content-Type", "text/plain")], b"arrived"),
        _ => response("404 Not Found", &[], b""),
    });
    let fetched = fetcher().get(&server.url("/start"), None).expect("fetched");
    assert_eq!(fetched.url, server.url("/final?x=1"));
    assert_eq!(fetched.status, 200);
    assert_eq!(fetched.body, b"arrived");
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/start", "/middle", "/final?x=1"]);
}

/// `/hop/N` redirects to `/hop/N+1` up to `/hop/LAST`, which answers 200.
fn hops(last: u32) -> Server {
    Server::start(move |request, _| {
        let n: u32 = request
            .path
            .strip_prefix("/hop/")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        if n >= last {
            response("200 OK", &[], b"done")
        } else {
            redirect("302 Found", &format!("/hop/{}", n + 1))
        }
    })
}

#[test]
fn more_redirects_than_allowed_is_an_error() {
    let fetcher = Fetcher::new(FetchConfig {
        max_redirects: 3,
        timeout: Duration::from_secs(10),
        ..FetchConfig::default()
    });
    // Exactly the limit is fine.
    let server = hops(3);
    let fetched = fetcher
        .get(&server.url("/hop/0"), None)
        .expect("three redirects");
    assert_eq!(fetched.url, server.url("/hop/3"));
    // One more is not.
    let server = hops(4);
    let url = server.url("/hop/0");
    match fetcher.get(&url, None) {
        Err(FetchError::TooManyRedirects {
            url: named,
            max_redirects: 3,
        }) => assert_eq!(named, url),
        other => panic!("expected TooManyRedirects, got {other:?}"),
    }
    // An endless loop ends too.
    let server = Server::start(|_, _| redirect("301 Moved Permanently", "/again"));
    let error = fetcher.get(&server.url("/"), None).expect_err("a loop");
    assert!(
        matches!(error, FetchError::TooManyRedirects { .. }),
        "{error:?}"
    );
}

#[test]
fn no_redirect_allowed() {
    let fetcher = Fetcher::new(FetchConfig {
        max_redirects: 0,
        timeout: Duration::from_secs(10),
        ..FetchConfig::default()
    });
    let server = hops(1);
    let error = fetcher
        .get(&server.url("/hop/0"), None)
        .expect_err("no redirect allowed");
    assert!(
        matches!(
            error,
            FetchError::TooManyRedirects {
                max_redirects: 0,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(fetcher.get(&server.url("/hop/1"), None).is_ok());
}

#[test]
fn body_over_max_bytes_is_too_large() {
    let big = vec![b'x'; 5_000];
    let server = Server::start(move |request, _| match request.path.as_str() {
        // Announced length.
        "/sized" => response("200 OK", &[], &big),
        // No length announced: chunked.
        "/chunked" => {
            let mut bytes =
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    .to_vec();
            for _ in 0..5 {
                bytes.extend_from_slice(b"3e8\r\n");
                bytes.extend_from_slice(&[b'y'; 1000]);
                bytes.extend_from_slice(b"\r\n");
            }
            bytes.extend_from_slice(b"0\r\n\r\n");
            Reply::Raw(bytes)
        }
        // Exactly the limit.
        _ => response("200 OK", &[], &big[..4_000]),
    });
    let fetcher = Fetcher::new(FetchConfig {
        max_bytes: 4_000,
        timeout: Duration::from_secs(10),
        ..FetchConfig::default()
    });
    for path in ["/sized", "/chunked"] {
        match fetcher.get(&server.url(path), None) {
            Err(FetchError::TooLarge { url, max_bytes }) => {
                assert_eq!(url, server.url(path));
                assert_eq!(max_bytes, 4_000);
            }
            other => panic!("{path}: expected TooLarge, got {other:?}"),
        }
    }
    let fetched = fetcher
        .get(&server.url("/exact"), None)
        .expect("at the limit");
    assert_eq!(fetched.body.len(), 4_000);
}

#[test]
fn gzip_body_is_decompressed() {
    use flate2::write::GzEncoder;
    let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all("<p>Compressé</p>".as_bytes())
        .expect("gzip");
    let gzipped = encoder.finish().expect("gzip");
    let server = Server::start(move |_, _| {
        response(
            "200 OK",
            &[
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Encoding", "gzip"),
            ],
            &gzipped,
        )
    });
    let fetched = fetcher().get(&server.url("/z"), None).expect("fetched");
    assert_eq!(decode(&fetched), "<p>Compressé</p>");
}

#[test]
fn etag_round_trip_gives_not_modified() {
    const ETAG: &str = "\"v1-abc\"";
    const LAST_MODIFIED: &str = "Tue, 03 Jun 2025 10:00:00 GMT";
    let server = Server::start(|request, _| {
        if request.header("If-None-Match") == Some(ETAG) {
            response("304 Not Modified", &[("ETag", ETAG)], b"")
        } else {
            response(
                "200 OK",
                &[
                    ("Content-Type", "application/rss+xml"),
                    ("ETag", ETAG),
                    ("Last-Modified", LAST_MODIFIED),
                ],
                b"<rss version=\"2.0\"><channel></channel></rss>",
            )
        }
    });
    let fetcher = fetcher();
    let first = fetcher
        .get(&server.url("/feed"), None)
        .expect("first fetch");
    assert_eq!(first.status, 200);
    assert!(!first.not_modified);
    assert_eq!(
        first.validators,
        Validators {
            etag: Some(ETAG.to_string()),
            last_modified: Some(LAST_MODIFIED.to_string()),
        }
    );
    let second = fetcher
        .get(&server.url("/feed"), Some(&first.validators))
        .expect("conditional fetch");
    assert_eq!(second.status, 304);
    assert!(second.not_modified);
    assert!(second.body.is_empty());
    // The server repeated the ETag only; the Last-Modified sent is kept.
    assert_eq!(second.validators, first.validators);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].header("If-None-Match"), None);
    assert_eq!(requests[1].header("If-None-Match"), Some(ETAG));
    assert_eq!(requests[1].header("If-Modified-Since"), Some(LAST_MODIFIED));
}

#[test]
fn not_found_is_a_status_error() {
    let server = Server::start(|_, _| {
        response(
            "404 Not Found",
            &[("Content-Type", "text/html")],
            b"<h1>no</h1>",
        )
    });
    let url = server.url("/missing");
    match fetcher().get(&url, None) {
        Err(FetchError::Status { url: named, status }) => {
            assert_eq!(status, 404);
            assert_eq!(named, url);
        }
        other => panic!("expected Status, got {other:?}"),
    }
    let server = Server::start(|_, _| response("503 Service Unavailable", &[], b""));
    let error = fetcher().get(&server.url("/"), None).expect_err("503");
    assert!(matches!(error, FetchError::Status { status: 503, .. }));
    assert!(error.to_string().contains("503"));
}

#[test]
fn silent_server_times_out() {
    let server = Server::start(|_, _| Reply::Silent);
    let fetcher = Fetcher::new(FetchConfig {
        timeout: Duration::from_millis(300),
        ..FetchConfig::default()
    });
    let url = server.url("/slow");
    match fetcher.get(&url, None) {
        Err(FetchError::Timeout { url: named, .. }) => assert_eq!(named, url),
        other => panic!("expected Timeout, got {other:?}"),
    }
}

#[test]
fn user_agent_reaches_the_server() {
    let server = Server::start(|_, _| response("200 OK", &[], b"ok"));
    fetcher().get(&server.url("/a"), None).expect("fetched");
    let custom = Fetcher::new(FetchConfig {
        user_agent: "test-agent/1.0".to_string(),
        timeout: Duration::from_secs(10),
        ..FetchConfig::default()
    });
    custom.get(&server.url("/b"), None).expect("fetched");
    let requests = server.requests();
    assert_eq!(requests[0].header("User-Agent"), Some(DEFAULT_USER_AGENT));
    assert_eq!(requests[1].header("User-Agent"), Some("test-agent/1.0"));
    assert!(requests[0]
        .header("Accept")
        .is_some_and(|a| a.contains("application/rss+xml")));
}

#[test]
fn only_http_and_https() {
    for url in [
        "ftp://example.com/feed",
        "file:///etc/hosts",
        "data:text/plain,hi",
    ] {
        match fetcher().get(url, None) {
            Err(FetchError::Scheme { url: named }) => assert_eq!(named, url),
            other => panic!("{url}: expected Scheme, got {other:?}"),
        }
    }
    assert!(matches!(
        fetcher().get("no scheme at all", None),
        Err(FetchError::InvalidUrl { .. })
    ));
}

#[test]
fn refused_connection_names_the_url() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let url = format!("http://127.0.0.1:{port}/");
    let error = fetcher().get(&url, None).expect_err("nothing listens");
    assert!(
        matches!(&error, FetchError::Connect { url: named, .. } if *named == url),
        "{error:?}"
    );
    assert!(error.to_string().contains(&url));
}

#[test]
fn broken_responses_are_errors() {
    let server = Server::start(|request, _| match request.path.as_str() {
        "/garbage" => Reply::Raw(b"this is not HTTP\r\n\r\n".to_vec()),
        "/no-location" => response("302 Found", &[], b"where?"),
        "/bad-location" => redirect("301 Moved Permanently", "ftp://example.com/x"),
        "/short" => Reply::Raw(
            b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\nonly this"
                .to_vec(),
        ),
        _ => Reply::Raw(Vec::new()),
    });
    for path in [
        "/garbage",
        "/no-location",
        "/bad-location",
        "/short",
        "/empty",
    ] {
        let result: Result<Fetched, FetchError> = fetcher().get(&server.url(path), None);
        let error = result.expect_err(path);
        assert!(
            error.to_string().contains(&server.url(path)),
            "{path}: {error}"
        );
    }
}

#[test]
fn unsendable_validators_are_an_error() {
    let server = Server::start(|_, _| response("200 OK", &[], b"ok"));
    let validators = Validators {
        etag: Some("\"v1\"\r\nX-Injected: yes".to_string()),
        last_modified: None,
    };
    let url = server.url("/");
    let error = fetcher()
        .get(&url, Some(&validators))
        .expect_err("a header value with a line break");
    assert!(
        matches!(&error, FetchError::Http { url: named, .. } if *named == url),
        "{error:?}"
    );
    assert!(server
        .requests()
        .iter()
        .all(|r| r.header("X-Injected").is_none()));
}
