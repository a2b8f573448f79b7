//! The client's address: the peer's, or — only when the peer is one of the configured
//! trusted proxies (`DXDAY_TRUSTED_PROXIES`) — the one the proxies forwarded
//! (`Forwarded: for=…`, else `X-Forwarded-For`), read from the right, skipping the
//! trusted proxies themselves, so that a client cannot choose its own address.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

use crate::{AppError, AppState};

/// The address a request comes from, after the trusted proxies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// Parses `DXDAY_TRUSTED_PROXIES`: CIDRs or single addresses, separated by commas or
/// spaces. The error names the entry that is wrong.
pub fn parse_trusted(list: &str) -> Result<Vec<IpNet>, String> {
    list.split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpNet>()
                .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("not an address or CIDR in DXDAY_TRUSTED_PROXIES: {s:?}"))
        })
        .collect()
}

/// The client's address for a request from `peer` with `headers`.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let chain = forwarded_chain(headers);
    // From the nearest hop outwards: the first address that is not a trusted proxy.
    let mut client = peer;
    for hop in chain.iter().rev() {
        match hop {
            Some(ip) => {
                client = *ip;
                if !is_trusted(ip) {
                    return client;
                }
            }
            // An obfuscated or unreadable hop: nothing beyond it can be believed.
            None => return client,
        }
    }
    client
}

/// The forwarded addresses, client first: `Forwarded`'s `for=` when present, else
/// `X-Forwarded-For`. `None` for an entry that is not an address.
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let values = |name: &str| -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(',').map(|s| s.trim().to_string()))
            .filter(|s| !s.is_empty())
            .collect()
    };
    let forwarded = values("forwarded");
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .map(|element| {
                element
                    .split(';')
                    .find_map(|pair| {
                        let (k, v) = pair.trim().split_once('=')?;
                        k.trim().eq_ignore_ascii_case("for").then(|| v.trim())
                    })
                    .and_then(parse_node)
            })
            .collect();
    }
    values("x-forwarded-for")
        .iter()
        .map(|s| parse_node(s))
        .collect()
}

/// An address as proxies write it: `203.0.113.7`, `"[2001:db8::1]:4711"`,
/// `203.0.113.7:4711`.
fn parse_node(s: &str) -> Option<IpAddr> {
    let s = s.trim().trim_matches('"');
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(rest) = s.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    s.parse::<SocketAddr>().ok().map(|a| a.ip())
}

/// Puts the [`ClientIp`] of every request in its extensions.
pub async fn layer(State(app): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
    let ip = resolve(peer, req.headers(), &app.config.trusted_proxies);
    req.extensions_mut().insert(ClientIp(ip));
    next.run(req).await
}

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<ClientIp, AppError> {
        parts
            .extensions
            .get::<ClientIp>()
            .copied()
            .ok_or_else(|| AppError::internal("client address layer missing"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().expect("header"));
        }
        h
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let proxies = parse_trusted("10.0.0.0/8, 192.0.2.1").expect("list");
        let peer: IpAddr = "10.1.2.3".parse().expect("ip");
        let outsider: IpAddr = "198.51.100.9".parse().expect("ip");
        let xff = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.7, 10.9.9.9")]);
        // No trusted proxies (the default): the peer, whatever the headers say.
        assert_eq!(resolve(peer, &xff, &[]), peer);
        // From an untrusted peer, headers are ignored.
        assert_eq!(resolve(outsider, &xff, &proxies), outsider);
        // Through trusted proxies: the first untrusted hop from the right; what the
        // client itself wrote further left (6.6.6.6) is not believed.
        assert_eq!(
            resolve(peer, &xff, &proxies),
            "203.0.113.7".parse::<IpAddr>().expect("ip")
        );
        let fwd = headers(&[(
            "forwarded",
            "for=6.6.6.6, for=\"[2001:db8::7]:4711\";proto=https, for=192.0.2.1",
        )]);
        assert_eq!(
            resolve(peer, &fwd, &proxies),
            "2001:db8::7".parse::<IpAddr>().expect("ip")
        );
        let hidden = headers(&[("forwarded", "for=_hidden, for=10.2.2.2")]);
        assert_eq!(
            resolve(peer, &hidden, &proxies),
            "10.2.2.2".parse::<IpAddr>().expect("ip")
        );
        assert!(parse_trusted("10.0.0.0/8,nonsense").is_err());
        assert!(parse_trusted("").expect("empty").is_empty());
    }
}
