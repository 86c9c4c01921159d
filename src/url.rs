//! The one URL splitter of the doctor: the parts of `scheme://[userinfo@]host[:port]/path?query`
//! that checks, probes, the bridge and the platform checks need. Lenient on purpose: a config's
//! URL may hold an unexpanded `${VAR}` or characters a strict parser rejects, and the doctor must
//! still say something about it; it validates nothing.

/// A URL's parts, borrowed from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parts<'a> {
    pub scheme: &'a str,
    pub userinfo: Option<&'a str>,
    /// Without the brackets of an IPv6 literal; as written (not lower-cased).
    pub host: &'a str,
    pub port: Option<&'a str>,
    /// From the first `/` after the authority, without query or fragment (may be empty).
    pub path: &'a str,
    pub query: Option<&'a str>,
    /// `scheme://authority`, as written.
    pub origin: &'a str,
}

/// Splits an absolute URL (one with `://`).
pub fn split(url: &str) -> Option<Parts<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_len];
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let (host, port) = match host_port.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((h, after)) => (h, after.strip_prefix(':')),
            None => (v6, None),
        },
        None => match host_port.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        },
    };
    let after = &rest[authority_len..];
    let (before_fragment, _) = after.split_once('#').unwrap_or((after, ""));
    let (path, query) = match before_fragment.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (before_fragment, None),
    };
    Some(Parts {
        scheme,
        userinfo,
        host,
        port,
        path,
        query,
        origin: &url[..scheme.len() + 3 + authority_len],
    })
}

/// The host of a URL, lower-cased, without brackets, userinfo or port.
pub fn host(url: &str) -> Option<String> {
    let h = split(url)?.host;
    (!h.is_empty()).then(|| h.to_ascii_lowercase())
}

/// The explicit port of a URL.
pub fn port(url: &str) -> Option<u16> {
    split(url)?.port?.parse().ok()
}

/// The credentials written into a URL (`user:password` before the `@`).
pub fn userinfo(url: &str) -> Option<&str> {
    split(url)?.userinfo
}

/// The `key=value` pairs of a URL's query.
pub fn query_pairs(url: &str) -> impl Iterator<Item = (&str, &str)> {
    split(url)
        .and_then(|p| p.query)
        .unwrap_or("")
        .split('&')
        .filter_map(|kv| kv.split_once('='))
}

/// `scheme://authority` and the path without its trailing `/` (query and fragment dropped); a
/// URL without a scheme is taken as a path from its first `/`.
pub fn origin_and_path(url: &str) -> (String, String) {
    match split(url) {
        Some(p) => (
            p.origin.to_string(),
            p.path.trim_end_matches('/').to_string(),
        ),
        None => {
            let start = url.find('/').unwrap_or(url.len());
            let path = url[start..].split(['?', '#']).next().unwrap_or("");
            (
                url[..start].to_string(),
                path.trim_end_matches('/').to_string(),
            )
        }
    }
}

/// Resolves a reference against a base URL (RFC 3986, the common cases: absolute, scheme-
/// relative, absolute path, relative path).
pub fn join(base: &str, rel: &str) -> String {
    if rel.starts_with("http://") || rel.starts_with("https://") {
        return rel.to_string();
    }
    let Some(p) = split(base) else {
        return rel.to_string();
    };
    if let Some(r) = rel.strip_prefix("//") {
        return format!("{}://{r}", p.scheme);
    }
    if rel.starts_with('/') {
        return format!("{}{rel}", p.origin);
    }
    let dir = match p.path.rfind('/') {
        Some(i) => &p.path[..=i],
        None => "/",
    };
    format!("{}{dir}{rel}", p.origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts() {
        let p = split("https://user:pw@Example.com:8443/a/b/?x=1&token=t#frag").unwrap();
        assert_eq!(p.scheme, "https");
        assert_eq!(p.userinfo, Some("user:pw"));
        assert_eq!(p.host, "Example.com");
        assert_eq!(p.port, Some("8443"));
        assert_eq!(p.path, "/a/b/");
        assert_eq!(p.query, Some("x=1&token=t"));
        assert_eq!(p.origin, "https://user:pw@Example.com:8443");
        assert_eq!(
            host("https://user:pw@Example.com:8443/a"),
            Some("example.com".into())
        );
        assert_eq!(host("http://[::1]:3000/mcp"), Some("::1".into()));
        assert_eq!(host("not a url"), None);
        assert_eq!(host("http:///x"), None);
        assert_eq!(
            query_pairs("http://h/p?x=1&token=t").collect::<Vec<_>>(),
            vec![("x", "1"), ("token", "t")]
        );
        // A password holding `@`: the host is after the last one.
        assert_eq!(userinfo("http://u:p@ss@proxy:3128"), Some("u:p@ss"));
        // An unexpanded reference stays readable.
        assert_eq!(host("https://${HOST}/mcp"), Some("${host}".into()));
    }

    #[test]
    fn ports() {
        assert_eq!(port("https://example.com/mcp"), None);
        assert_eq!(port("https://example.com:8443/mcp"), Some(8443));
        assert_eq!(port("https://user:pw@example.com:9443"), Some(9443));
        assert_eq!(port("https://[::1]:7443/x"), Some(7443));
        assert_eq!(port("https://[::1]/x"), None);
    }

    #[test]
    fn origins_and_joins() {
        assert_eq!(
            origin_and_path("https://h:1/a/mcp/?q=1"),
            ("https://h:1".to_string(), "/a/mcp".to_string())
        );
        assert_eq!(
            origin_and_path("https://h"),
            ("https://h".to_string(), String::new())
        );
        assert_eq!(
            join("http://127.0.0.1:3/sse", "/message?sessionId=a"),
            "http://127.0.0.1:3/message?sessionId=a"
        );
        assert_eq!(
            join("http://h/a/sse", "messages/?s=1"),
            "http://h/a/messages/?s=1"
        );
        assert_eq!(join("http://h/sse", "http://x/y"), "http://x/y");
        assert_eq!(join("http://h:1", "/m"), "http://h:1/m");
        assert_eq!(join("https://h/a", "//cdn/x"), "https://cdn/x");
    }
}
