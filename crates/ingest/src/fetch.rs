//! HTTP(S) GET for news pages and feeds.
//!
//! A [`Fetcher`] sends GET requests with wirewatch's `User-Agent`, follows a bounded number of
//! redirects, refuses bodies over a size limit (an error, never a silently truncated body),
//! supports conditional GET ([`Validators`]: `ETag` / `Last-Modified`) and turns every failure
//! into a [`FetchError`] that names the URL. Only `http` and `https` URLs are fetched. TLS is
//! rustls with the Mozilla root certificates built in (no system libraries), and gzip-encoded
//! bodies are decompressed (the size limit applies to the decompressed body).
//!
//! [`decode`] turns a fetched body into text, with the charset the server or the page declares.
//!
//! The HTTP client honours the usual `HTTP_PROXY` / `HTTPS_PROXY` / `ALL_PROXY` / `NO_PROXY`
//! environment variables.

use std::io::ErrorKind;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use ureq::ResponseExt;

/// The `User-Agent` that [`FetchConfig::default`] sends.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "wirewatch/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/wirewatch/wirewatch)"
);

/// The `Accept` header sent with every request: pages and feeds first, anything else after.
const ACCEPT: &str = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,\
application/feed+json,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.8";

/// How far into a body [`decode`] looks for an HTML or XML charset declaration.
const SNIFF_BYTES: usize = 4096;

/// How a [`Fetcher`] behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchConfig {
    /// Time allowed for the whole exchange, from name lookup through redirects to the last byte
    /// of the body. Default 20 s.
    pub timeout: Duration,
    /// Largest body accepted, in bytes (after decompression). A larger body is
    /// [`FetchError::TooLarge`]. Default 20 MB (20,000,000 bytes).
    pub max_bytes: usize,
    /// Redirects followed at most; one more is [`FetchError::TooManyRedirects`]. With 0, no
    /// redirect is followed and any redirect is that error. Default 5.
    pub max_redirects: u32,
    /// `User-Agent` header sent with every request. Default [`DEFAULT_USER_AGENT`].
    pub user_agent: String,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            timeout: Duration::from_secs(20),
            max_bytes: 20_000_000,
            max_redirects: 5,
            user_agent: DEFAULT_USER_AGENT.to_string(),
        }
    }
}

/// What a server said to identify a version of a resource, for a conditional GET: sent back as
/// `If-None-Match` and `If-Modified-Since`, they let the server answer `304 Not Modified`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` header, verbatim (quotes and `W/` prefix included).
    pub etag: Option<String>,
    /// The `Last-Modified` header, verbatim (an HTTP date).
    pub last_modified: Option<String>,
}

impl Validators {
    /// True when neither validator is known.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// A successful response: 2xx, or 304 to a conditional GET.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL that answered, after redirects.
    pub url: String,
    /// HTTP status code (2xx or 304).
    pub status: u16,
    /// Media type from `Content-Type`, lower case, without parameters (e.g. `text/html`).
    pub content_type: Option<String>,
    /// The `charset` parameter of `Content-Type`, lower case, without quotes.
    pub charset: Option<String>,
    /// The body (decompressed when the server sent it gzip-encoded); empty on 304.
    pub body: Vec<u8>,
    /// Validators of this response, for the next conditional GET. On a 304 that repeats
    /// neither, the ones that were sent.
    pub validators: Validators,
    /// True when the server answered `304 Not Modified`: what the caller has is current.
    pub not_modified: bool,
}

/// Why a fetch failed. Every variant names the URL concerned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The URL does not parse.
    #[error("{url}: not a valid URL: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The URL's scheme is neither `http` nor `https`.
    #[error("{url}: only http and https URLs can be fetched")]
    Scheme {
        /// The URL as given.
        url: String,
    },
    /// The server answered with a status other than 2xx or 304.
    #[error("{url}: HTTP status {status}")]
    Status {
        /// The URL that answered (after redirects).
        url: String,
        /// The status code.
        status: u16,
    },
    /// The body is larger than [`FetchConfig::max_bytes`].
    #[error("{url}: body larger than {max_bytes} bytes")]
    TooLarge {
        /// The URL that answered (after redirects).
        url: String,
        /// The limit that was exceeded.
        max_bytes: usize,
    },
    /// More redirects than [`FetchConfig::max_redirects`].
    #[error("{url}: more than {max_redirects} redirects")]
    TooManyRedirects {
        /// The URL as given.
        url: String,
        /// The limit that was exceeded.
        max_redirects: u32,
    },
    /// The exchange took longer than [`FetchConfig::timeout`].
    #[error("{url}: timed out after {timeout:?}")]
    Timeout {
        /// The URL as given.
        url: String,
        /// The time allowed.
        timeout: Duration,
    },
    /// No connection could be made: unknown host, refused, unreachable.
    #[error("{url}: could not connect: {reason}")]
    Connect {
        /// The URL as given.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// The TLS handshake failed (bad certificate, unsupported protocol, ...).
    #[error("{url}: TLS error: {reason}")]
    Tls {
        /// The URL as given.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// Anything else: a malformed response, a redirect to an unusable location, a connection
    /// dropped mid-body, a bad gzip stream, an unsendable validator.
    #[error("{url}: {reason}")]
    Http {
        /// The URL as given.
        url: String,
        /// What went wrong.
        reason: String,
    },
}

/// An HTTP(S) client for pages and feeds. Cheap to share by reference; connections are kept
/// alive and reused between calls.
#[derive(Debug)]
pub struct Fetcher {
    config: FetchConfig,
    agent: ureq::Agent,
}

impl Fetcher {
    /// A client that behaves as `config` says.
    pub fn new(config: FetchConfig) -> Fetcher {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(config.max_redirects)
            .max_redirects_will_error(true)
            .timeout_global(Some(config.timeout))
            .user_agent(config.user_agent.as_str())
            .accept(ACCEPT)
            .build()
            .into();
        Fetcher { config, agent }
    }

    /// The configuration this client was made with.
    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// GET `url`. With `validators`, a conditional GET: `If-None-Match` / `If-Modified-Since`
    /// are sent, and a `304 Not Modified` answer is a [`Fetched`] with `not_modified: true` and
    /// an empty body. Redirects are followed up to [`FetchConfig::max_redirects`].
    ///
    /// Errors: [`FetchError::InvalidUrl`] / [`FetchError::Scheme`] before anything is sent;
    /// [`FetchError::Status`] for an answer other than 2xx or 304; [`FetchError::TooLarge`]
    /// for a body over [`FetchConfig::max_bytes`]; [`FetchError::Timeout`],
    /// [`FetchError::Connect`], [`FetchError::Tls`], [`FetchError::TooManyRedirects`] and
    /// [`FetchError::Http`] for the rest.
    pub fn get(&self, url: &str, validators: Option<&Validators>) -> Result<Fetched, FetchError> {
        let request_url = check_url(url)?;
        // The HTTP client is not ours: should it panic on some hostile response, that is this
        // fetch's failure, not the caller's.
        catch_unwind(AssertUnwindSafe(|| {
            self.get_checked(url, &request_url, validators)
        }))
        .unwrap_or_else(|_| {
            Err(FetchError::Http {
                url: url.to_string(),
                reason: "internal error in the HTTP client".to_string(),
            })
        })
    }

    fn get_checked(
        &self,
        url: &str,
        request_url: &str,
        validators: Option<&Validators>,
    ) -> Result<Fetched, FetchError> {
        let mut request = self.agent.get(request_url);
        if let Some(validators) = validators {
            if let Some(etag) = &validators.etag {
                request = request.header("If-None-Match", etag.as_str());
            }
            if let Some(last_modified) = &validators.last_modified {
                request = request.header("If-Modified-Since", last_modified.as_str());
            }
        }
        let mut response = request.call().map_err(|e| self.error(url, e))?;

        let final_url = response.get_uri().to_string();
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let (content_type, charset) = header("content-type")
            .map(|v| parse_content_type(&v))
            .unwrap_or((None, None));
        let mut response_validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };

        if status == 304 {
            if let Some(sent) = validators {
                if response_validators.etag.is_none() {
                    response_validators.etag = sent.etag.clone();
                }
                if response_validators.last_modified.is_none() {
                    response_validators.last_modified = sent.last_modified.clone();
                }
            }
            return Ok(Fetched {
                url: final_url,
                status,
                content_type,
                charset,
                body: Vec::new(),
                validators: response_validators,
                not_modified: true,
            });
        }
        if (300..400).contains(&status) && self.config.max_redirects == 0 {
            return Err(FetchError::TooManyRedirects {
                url: url.to_string(),
                max_redirects: 0,
            });
        }
        if !(200..300).contains(&status) {
            return Err(FetchError::Status {
                url: final_url,
                status,
            });
        }

        let too_large = || FetchError::TooLarge {
            url: final_url.clone(),
            max_bytes: self.config.max_bytes,
        };
        let max_bytes = u64::try_from(self.config.max_bytes).unwrap_or(u64::MAX);
        // An announced length says it at once; a gzip body's length is its compressed size.
        let compressed =
            header("content-encoding").is_some_and(|e| !e.eq_ignore_ascii_case("identity"));
        if !compressed
            && response
                .body()
                .content_length()
                .is_some_and(|n| n > max_bytes)
        {
            return Err(too_large());
        }
        let body = response
            .body_mut()
            .with_config()
            .limit(max_bytes)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => too_large(),
                e => self.error(url, e),
            })?;

        Ok(Fetched {
            url: final_url,
            status,
            content_type,
            charset,
            body,
            validators: response_validators,
            not_modified: false,
        })
    }

    /// The typed error for a failure of the HTTP client while fetching `url`.
    fn error(&self, url: &str, error: ureq::Error) -> FetchError {
        let url = url.to_string();
        match error {
            ureq::Error::Timeout(_) => FetchError::Timeout {
                url,
                timeout: self.config.timeout,
            },
            ureq::Error::TooManyRedirects => FetchError::TooManyRedirects {
                url,
                max_redirects: self.config.max_redirects,
            },
            ureq::Error::HostNotFound => FetchError::Connect {
                url,
                reason: "host not found".to_string(),
            },
            ureq::Error::ConnectionFailed | ureq::Error::ConnectProxyFailed(_) => {
                FetchError::Connect {
                    url,
                    reason: error.to_string(),
                }
            }
            ureq::Error::Io(ref io) => match io.kind() {
                ErrorKind::TimedOut | ErrorKind::WouldBlock => FetchError::Timeout {
                    url,
                    timeout: self.config.timeout,
                },
                ErrorKind::ConnectionRefused
                | ErrorKind::AddrNotAvailable
                | ErrorKind::NetworkUnreachable
                | ErrorKind::HostUnreachable
                | ErrorKind::NetworkDown => FetchError::Connect {
                    url,
                    reason: io.to_string(),
                },
                _ => FetchError::Http {
                    url,
                    reason: io.to_string(),
                },
            },
            ureq::Error::Tls(_)
            | ureq::Error::Rustls(_)
            | ureq::Error::Pem(_)
            | ureq::Error::TlsRequired => FetchError::Tls {
                url,
                reason: error.to_string(),
            },
            other => FetchError::Http {
                url,
                reason: other.to_string(),
            },
        }
    }
}

/// The URL to request: parsed, normalised (percent-encoding, IDNA host), without fragment;
/// http and https only.
fn check_url(url: &str) -> Result<String, FetchError> {
    let mut parsed = url::Url::parse(url.trim()).map_err(|e| FetchError::InvalidUrl {
        url: url.to_string(),
        reason: e.to_string(),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(FetchError::Scheme {
            url: url.to_string(),
        });
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(FetchError::InvalidUrl {
            url: url.to_string(),
            reason: "no host".to_string(),
        });
    }
    parsed.set_fragment(None);
    Ok(parsed.to_string())
}

/// Media type (lower case, no parameters) and charset (lower case, unquoted) of a
/// `Content-Type` value.
fn parse_content_type(value: &str) -> (Option<String>, Option<String>) {
    let mut parts = value.split(';');
    let mime = parts
        .next()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let charset = parts
        .filter_map(|p| p.split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, v)| {
            v.trim()
                .trim_matches(['"', '\''])
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|c| !c.is_empty());
    (mime, charset)
}

/// The body of `fetched` as text. The encoding is, in order: a byte-order mark; the charset of
/// the `Content-Type` header; a declaration in the first 4 KiB of the body (`<meta charset>`,
/// `<meta http-equiv="Content-Type" content="...; charset=...">`, or an XML declaration's
/// `encoding`); UTF-8 when the body is valid UTF-8; else Windows-1252 (what browsers assume of
/// old pages). Labels are read as the WHATWG Encoding Standard says (`iso-8859-1` is
/// Windows-1252, for instance); an unknown label is ignored. Bytes invalid in the chosen
/// encoding become U+FFFD. Never fails.
pub fn decode(fetched: &Fetched) -> String {
    let bytes = fetched.body.as_slice();
    let declared = fetched
        .charset
        .as_deref()
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .or_else(|| sniff_declared(bytes));
    let encoding = match declared {
        Some(encoding) => encoding,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => encoding_rs::WINDOWS_1252,
    };
    // `decode` honours a byte-order mark over the given encoding.
    encoding.decode(bytes).0.into_owned()
}

/// The encoding a document declares in its first bytes: an HTML `<meta>` with `charset`, or an
/// XML declaration with `encoding`. UTF-16 declared inside a document that had to be read as
/// ASCII to find it is taken as UTF-8, as HTML parsers do.
fn sniff_declared(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = bytes[..bytes.len().min(SNIFF_BYTES)].to_ascii_lowercase();
    let label = xml_encoding(&head).or_else(|| meta_charset(&head))?;
    let encoding = encoding_rs::Encoding::for_label(label)?;
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return Some(encoding_rs::UTF_8);
    }
    if encoding == encoding_rs::X_USER_DEFINED {
        return Some(encoding_rs::WINDOWS_1252);
    }
    Some(encoding)
}

/// The `encoding` of an XML declaration at the start of `head` (lower case already).
fn xml_encoding(head: &[u8]) -> Option<&[u8]> {
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = &head[start..];
    if !rest.starts_with(b"<?xml") {
        return None;
    }
    let end = find(rest, b"?>")?;
    attribute_value(&rest[..end], b"encoding")
}

/// The charset of the first `<meta>` tag in `head` (lower case already) that declares one,
/// either as `charset=` or inside `content="text/html; charset=..."`.
fn meta_charset(head: &[u8]) -> Option<&[u8]> {
    let mut at = 0;
    while let Some(found) = find(&head[at..], b"<meta") {
        let tag_start = at + found + b"<meta".len();
        let tag_end = find(&head[tag_start..], b">").map_or(head.len(), |e| tag_start + e);
        if let Some(label) = attribute_value(&head[tag_start..tag_end], b"charset") {
            return Some(label);
        }
        at = tag_end;
    }
    None
}

/// The value after the first `name` `=` in `tag`: optional white space around `=`, optional
/// quotes; the value is the run of label characters that follows.
fn attribute_value<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut at = 0;
    while let Some(found) = find(&tag[at..], name) {
        let mut i = at + found + name.len();
        at = i;
        while tag.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if tag.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while tag
            .get(i)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
        {
            i += 1;
        }
        let start = i;
        while tag
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
        {
            i += 1;
        }
        if i > start {
            return Some(&tag[start..i]);
        }
    }
    None
}

/// Position of the first occurrence of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetched(charset: Option<&str>, body: &[u8]) -> Fetched {
        Fetched {
            url: "http://example.com/".into(),
            status: 200,
            content_type: Some("text/html".into()),
            charset: charset.map(str::to_string),
            body: body.to_vec(),
            validators: Validators::default(),
            not_modified: false,
        }
    }

    #[test]
    fn content_type_parameters() {
        assert_eq!(
            parse_content_type("Text/HTML; Charset=\"ISO-8859-1\""),
            (Some("text/html".into()), Some("iso-8859-1".into()))
        );
        assert_eq!(
            parse_content_type("application/rss+xml"),
            (Some("application/rss+xml".into()), None)
        );
        assert_eq!(parse_content_type(";charset="), (None, None));
    }

    #[test]
    fn decode_order() {
        // Header charset wins over the page's declaration.
        let page = b"<meta charset=utf-8>Caf\xe9";
        assert_eq!(
            decode(&fetched(Some("windows-1252"), page)),
            "<meta charset=utf-8>Café"
        );
        // <meta charset>, with spaces and quotes.
        let page = b"<html><head><META CharSet = 'ISO-8859-1'></head>Caf\xe9";
        assert!(decode(&fetched(None, page)).ends_with("Café"));
        // http-equiv.
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">\xc1";
        assert!(decode(&fetched(None, page)).ends_with('а'));
        // XML declaration.
        let feed = b"<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><rss>\xa4</rss>";
        assert!(decode(&fetched(None, feed)).contains('€'));
        // UTF-8, then Windows-1252.
        assert_eq!(decode(&fetched(None, "Café".as_bytes())), "Café");
        assert_eq!(decode(&fetched(None, b"Caf\xe9 \x93q\x94")), "Café “q”");
        // An unknown label is ignored.
        assert_eq!(decode(&fetched(Some("nonsense"), b"Caf\xe9")), "Café");
        // BOM over everything.
        assert_eq!(
            decode(&fetched(Some("windows-1252"), b"\xef\xbb\xbfCaf\xc3\xa9")),
            "Café"
        );
        // Declared UTF-16 in an ASCII-readable page means UTF-8.
        assert_eq!(
            decode(&fetched(None, "<meta charset=utf-16>é".as_bytes())),
            "<meta charset=utf-16>é"
        );
        assert_eq!(decode(&fetched(None, b"")), "");
        assert_eq!(decode(&fetched(None, b"<meta charset=")), "<meta charset=");
    }

    #[test]
    fn urls_checked() {
        assert!(matches!(
            check_url("ftp://example.com/"),
            Err(FetchError::Scheme { .. })
        ));
        assert!(matches!(
            check_url("file:///etc/passwd"),
            Err(FetchError::Scheme { .. })
        ));
        assert!(matches!(
            check_url("not a url"),
            Err(FetchError::InvalidUrl { .. })
        ));
        assert_eq!(
            check_url(" https://example.com/a b#frag ").as_deref(),
            Ok("https://example.com/a%20b")
        );
    }
}
