//! Which URLs point at a server on this machine, and how the client reaches it.
use super::Reach;
use std::net::{IpAddr, Ipv4Addr};

pub(crate) use crate::url::host;

pub(crate) fn is_loopback_host(h: &str) -> bool {
    h == "localhost"
        || h.ends_with(".localhost")
        || h.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// How a client reaches the server at `url` when that server runs on this machine; `None` for a
/// server elsewhere on the internet (no firewall of this machine is in the way of an answer).
pub(crate) fn reach(url: &str) -> Option<Reach> {
    let h = host(url)?;
    if is_loopback_host(&h) || h == "0.0.0.0" {
        return Some(Reach::Loopback);
    }
    let lan = match h.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ip.is_private() || ip.is_link_local() || is_cgnat(ip),
        Ok(IpAddr::V6(ip)) => {
            let seg = ip.segments()[0];
            (seg & 0xfe00) == 0xfc00 || (seg & 0xffc0) == 0xfe80
        }
        Err(_) => h.ends_with(".local") || h.ends_with(".lan") || !h.contains('.'),
    };
    lan.then_some(Reach::Lan)
}

/// 100.64.0.0/10 (Tailscale and carrier-grade NAT addresses, used for machines of one tailnet).
fn is_cgnat(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    o[0] == 100 && (64..128).contains(&o[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reach_of_urls() {
        assert_eq!(reach("http://localhost:3000/mcp"), Some(Reach::Loopback));
        assert_eq!(reach("http://[::1]:3000/mcp"), Some(Reach::Loopback));
        assert_eq!(reach("http://127.0.0.1:8931/sse"), Some(Reach::Loopback));
        assert_eq!(reach("http://192.168.1.20:8931/mcp"), Some(Reach::Lan));
        assert_eq!(reach("http://studio.local:8931/mcp"), Some(Reach::Lan));
        assert_eq!(reach("http://u:p@mybox:80/"), Some(Reach::Lan));
        assert_eq!(reach("https://mcp.linear.app/sse"), None);
        assert_eq!(reach("https://8.8.8.8/"), None);
        assert_eq!(reach("not a url"), None);
    }
}
