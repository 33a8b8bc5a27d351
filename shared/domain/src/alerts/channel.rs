//! Webhook channels: where a rule's firings are also sent, what a channel may point at, and what
//! each delivery did.
//!
//! A channel names an `https` URL. Webhooks are sent from inside the deployment's network, so a
//! URL that reaches a private, loopback, link-local or otherwise non-public address would let
//! whoever writes channels probe the VPC or the instance metadata service: such addresses are
//! refused when the channel is written and again for every address the host resolves to when a
//! delivery is sent ([`address_refusal`]), unless the operator allowed a range explicitly.

use crate::FieldError;
use crate::ids::UserId;
use chrono::{DateTime, Utc};
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use std::sync::LazyLock;
use utoipa::ToSchema;
use uuid::Uuid;

/// The body a channel receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChannelFormat {
    /// The firing as JSON (`type`, `delivery_id`, `event`).
    #[default]
    Json,
    /// `{"text": ...}`, which Slack, Mattermost and Teams incoming webhooks accept.
    Slack,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Written with the firing; not yet answered (or the sender stopped before it was).
    Pending,
    Delivered,
    /// Every attempt failed, or the address was refused; also sent to the dead-letter queue.
    Failed,
}

/// How a channel's deliveries have gone.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ChannelHealth {
    pub delivered: u64,
    pub failed: u64,
    /// Failed deliveries since the last one that arrived.
    pub consecutive_failures: u32,
    pub last_delivery_at: Option<DateTime<Utc>>,
    pub last_state: Option<DeliveryState>,
    pub last_error: Option<String>,
}

/// A webhook channel. Its signing secret lives in Secrets Manager under `secret_id`; it is shown
/// once, when the channel is created or its secret rotated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AlertChannel {
    pub id: Uuid,
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub format: ChannelFormat,
    pub enabled: bool,
    pub secret_id: String,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(default)]
    pub health: ChannelHealth,
    pub version: u64,
}

/// One firing (or test message) sent to one channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Delivery {
    /// Derived from the firing and the channel, so one firing is delivered to a channel once.
    pub id: Uuid,
    pub channel_id: Uuid,
    /// The firing; `None` for a test message.
    pub event_id: Option<Uuid>,
    pub rule_id: Option<Uuid>,
    pub summary: String,
    pub state: DeliveryState,
    pub attempts: u32,
    /// The receiver's last HTTP status.
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl Delivery {
    /// The id of `event`'s delivery to `channel`.
    pub fn id_for(event: Uuid, channel: Uuid) -> Uuid {
        Uuid::new_v5(&event, channel.as_bytes())
    }
}

pub const NAME_MAX: usize = 100;
pub const URL_MAX: usize = 2048;

/// Checks a channel's name and URL as written (the URL's host is resolved and checked again at
/// every delivery). All problems come back together.
pub fn check_channel(name: &str, url: &str, allowed: &[IpNet]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if name.trim().is_empty() || name.chars().count() > NAME_MAX {
        errors.push(FieldError::new("name", "length", format!("1 to {NAME_MAX} characters")));
    }
    if let Err(e) = check_url(url, allowed) {
        errors.push(FieldError::new("url", e.code(), e.to_string()));
    }
    errors
}

/// Why a webhook URL or address is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlRefusal {
    #[error("not a valid absolute URL")]
    Invalid,
    #[error("longer than {URL_MAX} characters")]
    TooLong,
    #[error("only https URLs are allowed")]
    NotHttps,
    #[error("credentials in the URL are not allowed (the request is signed instead)")]
    Credentials,
    #[error("{0} is not a public address")]
    PrivateAddress(IpAddr),
}

impl UrlRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            UrlRefusal::Invalid | UrlRefusal::TooLong => "format",
            UrlRefusal::NotHttps => "scheme",
            UrlRefusal::Credentials => "credentials",
            UrlRefusal::PrivateAddress(_) => "private_address",
        }
    }
}

/// Parses and checks a webhook URL: `https`, no user info, and when the host is an address
/// literal, a public one.
pub fn check_url(raw: &str, allowed: &[IpNet]) -> Result<url::Url, UrlRefusal> {
    if raw.len() > URL_MAX {
        return Err(UrlRefusal::TooLong);
    }
    let url = url::Url::parse(raw.trim()).map_err(|_| UrlRefusal::Invalid)?;
    if url.scheme() != "https" {
        return Err(UrlRefusal::NotHttps);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlRefusal::Credentials);
    }
    match url.host() {
        None => return Err(UrlRefusal::Invalid),
        Some(url::Host::Ipv4(ip)) => address_refusal(IpAddr::V4(ip), allowed).map_or(Ok(()), Err)?,
        Some(url::Host::Ipv6(ip)) => address_refusal(IpAddr::V6(ip), allowed).map_or(Ok(()), Err)?,
        Some(url::Host::Domain(d)) if d.eq_ignore_ascii_case("localhost") || d.ends_with(".localhost") => {
            return Err(UrlRefusal::PrivateAddress(IpAddr::from([127, 0, 0, 1])));
        }
        Some(url::Host::Domain(_)) => {}
    }
    Ok(url)
}

/// Ranges that are not the public internet (IANA special-purpose registries): private,
/// shared (CGNAT), loopback, link-local (the metadata service), documentation, benchmarking,
/// multicast, reserved; NAT64 and IPv4-mapped IPv6 are judged by the IPv4 address they carry.
static NOT_PUBLIC: LazyLock<Vec<IpNet>> = LazyLock::new(|| {
    [
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/128",
        "::1/128",
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
    ]
    .iter()
    .map(|n| n.parse().expect("a valid range"))
    .collect()
});

/// Why `ip` may not receive webhooks (`None`: it may). `allowed` ranges are accepted even when
/// not public (an operator's explicit choice, e.g. a receiver inside the VPC).
pub fn address_refusal(ip: IpAddr, allowed: &[IpNet]) -> Option<UrlRefusal> {
    let judged = match ip {
        IpAddr::V6(v6) => match (v6.to_ipv4_mapped(), v6.segments()) {
            (Some(v4), _) => IpAddr::V4(v4),
            // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last 32 bits.
            (None, [0x64, 0xff9b, 0, 0, 0, 0, hi, lo]) => {
                IpAddr::V4(std::net::Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo)))
            }
            _ => ip,
        },
        IpAddr::V4(_) => ip,
    };
    if allowed.iter().any(|n| n.contains(&judged)) {
        return None;
    }
    NOT_PUBLIC.iter().any(|n| n.contains(&judged)).then_some(UrlRefusal::PrivateAddress(ip))
}

/// Parses `WEBHOOK_ALLOWED_CIDRS` (comma separated ranges or addresses).
pub fn parse_ranges(raw: &str) -> Result<Vec<IpNet>, String> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpNet>()
                .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("{s:?} is not an address range"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(url: &str) -> Option<&'static str> {
        check_url(url, &[]).err().map(|e| e.code())
    }

    #[test]
    fn only_public_https_urls_without_credentials_are_accepted() {
        let cases = [
            ("https://hooks.example.com/services/x", None),
            ("https://93.184.216.34:8443/hook", None),
            ("https://[2606:2800:220:1::]/hook", None),
            ("http://hooks.example.com/x", Some("scheme")),
            ("ftp://hooks.example.com/x", Some("scheme")),
            ("https://user:pw@hooks.example.com/", Some("credentials")),
            ("hooks.example.com/x", Some("format")),
            ("https://127.0.0.1/x", Some("private_address")),
            ("https://localhost:9000/x", Some("private_address")),
            ("https://api.localhost/x", Some("private_address")),
            ("https://10.1.2.3/x", Some("private_address")),
            ("https://172.31.255.1/x", Some("private_address")),
            ("https://192.168.0.10/x", Some("private_address")),
            ("https://169.254.169.254/latest/meta-data/", Some("private_address")),
            ("https://100.100.1.1/x", Some("private_address")),
            ("https://0.0.0.0/x", Some("private_address")),
            ("https://[::1]/x", Some("private_address")),
            ("https://[fd00:ec2::254]/x", Some("private_address")),
            ("https://[fe80::1]/x", Some("private_address")),
            ("https://[::ffff:169.254.169.254]/x", Some("private_address")),
            ("https://[64:ff9b::a9fe:a9fe]/x", Some("private_address")),
            // Decimal and hex forms of an address are normalised by the URL parser first.
            ("https://2852039166/x", Some("private_address")),
            ("https://0x7f000001/x", Some("private_address")),
        ];
        for (url, want) in cases {
            assert_eq!(refused(url), want, "{url}");
        }
        assert_eq!(refused(&format!("https://example.com/{}", "a".repeat(URL_MAX))), Some("format"));
    }

    #[test]
    fn an_allowed_range_admits_its_addresses_and_no_others() {
        let allowed = parse_ranges("127.0.0.1/32, 10.20.0.0/16").unwrap();
        assert_eq!(check_url("https://127.0.0.1:8443/x", &allowed).map(|_| ()), Ok(()));
        assert_eq!(address_refusal("10.20.3.4".parse().unwrap(), &allowed), None);
        assert!(address_refusal("10.21.0.1".parse().unwrap(), &allowed).is_some());
        assert!(address_refusal("127.0.0.2".parse().unwrap(), &allowed).is_some());
        assert!(parse_ranges("10.0.0.0/33").is_err());
        assert_eq!(parse_ranges("").unwrap(), Vec::<IpNet>::new());
        assert_eq!(parse_ranges("::1").unwrap().len(), 1);
    }

    #[test]
    fn a_channel_names_every_problem_at_once() {
        let codes: Vec<_> =
            check_channel(" ", "http://x", &[]).into_iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(codes, [("name", "length"), ("url", "scheme")].map(|(f, c)| (f.to_owned(), c.to_owned())));
    }
}
