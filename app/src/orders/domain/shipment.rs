//! Handing an order to a carrier: which carriers the shop knows, what a tracking number looks
//! like, and where a customer follows the parcel.

use serde::{Deserialize, Serialize};

/// Carriers whose tracking pages the shop can link to; anything else is `Other` (the number is
/// still sent, without a link).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Carrier {
    Dhl,
    Dpd,
    FedEx,
    Gls,
    InPost,
    PocztaPolska,
    PostNl,
    RoyalMail,
    Ups,
    Usps,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShipmentError {
    #[error("Choose a carrier from the list.")]
    UnknownCarrier,
    #[error("Enter the tracking number the carrier gave you.")]
    MissingTrackingNumber,
    #[error("A tracking number has 4 to 40 letters and digits (spaces and dashes are ignored).")]
    InvalidTrackingNumber,
}

impl Carrier {
    pub const ALL: [Carrier; 11] = [
        Carrier::Dhl,
        Carrier::Dpd,
        Carrier::FedEx,
        Carrier::Gls,
        Carrier::InPost,
        Carrier::PocztaPolska,
        Carrier::PostNl,
        Carrier::RoyalMail,
        Carrier::Ups,
        Carrier::Usps,
        Carrier::Other,
    ];

    /// The stable name stored with a shipment and used in forms.
    pub fn code(self) -> &'static str {
        match self {
            Carrier::Dhl => "dhl",
            Carrier::Dpd => "dpd",
            Carrier::FedEx => "fedex",
            Carrier::Gls => "gls",
            Carrier::InPost => "inpost",
            Carrier::PocztaPolska => "poczta-polska",
            Carrier::PostNl => "postnl",
            Carrier::RoyalMail => "royal-mail",
            Carrier::Ups => "ups",
            Carrier::Usps => "usps",
            Carrier::Other => "other",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Carrier::Dhl => "DHL",
            Carrier::Dpd => "DPD",
            Carrier::FedEx => "FedEx",
            Carrier::Gls => "GLS",
            Carrier::InPost => "InPost",
            Carrier::PocztaPolska => "Poczta Polska",
            Carrier::PostNl => "PostNL",
            Carrier::RoyalMail => "Royal Mail",
            Carrier::Ups => "UPS",
            Carrier::Usps => "USPS",
            Carrier::Other => "Other carrier",
        }
    }

    pub fn parse(code: &str) -> Result<Carrier, ShipmentError> {
        Carrier::ALL
            .into_iter()
            .find(|c| c.code() == code.trim())
            .ok_or(ShipmentError::UnknownCarrier)
    }

    /// The carrier's public tracking page for `number`, if it has one.
    pub fn tracking_url(self, number: &TrackingNumber) -> Option<String> {
        let n = number.as_str();
        let url = match self {
            Carrier::Dhl => {
                format!("https://www.dhl.com/global-en/home/tracking.html?tracking-id={n}")
            }
            Carrier::Dpd => format!("https://tracking.dpd.de/status/en_US/parcel/{n}"),
            Carrier::FedEx => format!("https://www.fedex.com/fedextrack/?trknbr={n}"),
            Carrier::Gls => format!("https://gls-group.com/track/{n}"),
            Carrier::InPost => format!("https://inpost.pl/sledzenie-przesylek?number={n}"),
            Carrier::PocztaPolska => {
                format!("https://emonitoring.poczta-polska.pl/?numer={n}")
            }
            Carrier::PostNl => format!("https://jouw.postnl.nl/track-and-trace/{n}"),
            Carrier::RoyalMail => {
                format!("https://www.royalmail.com/track-your-item#/tracking-results/{n}")
            }
            Carrier::Ups => format!("https://www.ups.com/track?tracknum={n}"),
            Carrier::Usps => format!("https://tools.usps.com/go/TrackConfirmAction?tLabels={n}"),
            Carrier::Other => return None,
        };
        Some(url)
    }
}

/// A carrier's tracking number: 4–40 ASCII letters and digits, upper-cased, with the spaces and
/// dashes people copy along removed. Only such characters ever reach a URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TrackingNumber(String);

impl TrackingNumber {
    pub fn parse(text: &str) -> Result<TrackingNumber, ShipmentError> {
        let cleaned: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if cleaned.is_empty() {
            return Err(ShipmentError::MissingTrackingNumber);
        }
        if !(4..=40).contains(&cleaned.len()) || !cleaned.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(ShipmentError::InvalidTrackingNumber);
        }
        Ok(TrackingNumber(cleaned.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for TrackingNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_numbers_are_cleaned_and_checked() {
        let n = TrackingNumber::parse(" 1z999-aa1 0123 4567 84 ").expect("valid");
        assert_eq!(n.as_str(), "1Z999AA10123456784");
        assert_eq!(
            TrackingNumber::parse("  "),
            Err(ShipmentError::MissingTrackingNumber)
        );
        assert_eq!(
            TrackingNumber::parse("AB1"),
            Err(ShipmentError::InvalidTrackingNumber)
        );
        assert_eq!(
            TrackingNumber::parse("12345?x=<script>"),
            Err(ShipmentError::InvalidTrackingNumber)
        );
        assert_eq!(
            TrackingNumber::parse(&"9".repeat(41)),
            Err(ShipmentError::InvalidTrackingNumber)
        );
    }

    #[test]
    fn carriers_round_trip_and_link_to_their_tracking_pages() {
        for carrier in Carrier::ALL {
            assert_eq!(Carrier::parse(carrier.code()), Ok(carrier));
        }
        assert_eq!(Carrier::parse("pigeon"), Err(ShipmentError::UnknownCarrier));
        let n = TrackingNumber::parse("1Z999AA10123456784").expect("valid");
        assert_eq!(
            Carrier::Ups.tracking_url(&n).as_deref(),
            Some("https://www.ups.com/track?tracknum=1Z999AA10123456784")
        );
        assert_eq!(Carrier::Other.tracking_url(&n), None);
        for carrier in Carrier::ALL.into_iter().filter(|c| *c != Carrier::Other) {
            let url = carrier.tracking_url(&n).expect("a link");
            assert!(
                url.starts_with("https://") && url.contains(n.as_str()),
                "{url}"
            );
        }
    }
}
