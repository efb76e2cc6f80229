//! Purchase orders: their states, what may happen in each, and receiving goods against them.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PurchaseOrderStatus {
    Draft,
    Sent,
    PartlyReceived,
    Received,
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PurchaseOrderError {
    #[error("Only a draft purchase order can be sent; this one is {0}.")]
    NotADraft(&'static str),
    #[error("Goods can be received only on a sent purchase order; this one is {0}.")]
    NotReceivable(&'static str),
    #[error("A {0} purchase order cannot be cancelled.")]
    NotCancellable(&'static str),
    #[error("Receive between 1 and {outstanding} units of {sku}.")]
    TooMany { sku: String, outstanding: i32 },
    #[error("Say how many units arrived.")]
    NothingReceived,
}

impl PurchaseOrderStatus {
    pub const ALL: [PurchaseOrderStatus; 5] = [
        PurchaseOrderStatus::Draft,
        PurchaseOrderStatus::Sent,
        PurchaseOrderStatus::PartlyReceived,
        PurchaseOrderStatus::Received,
        PurchaseOrderStatus::Cancelled,
    ];

    /// Still expecting goods (or not yet sent): a reorder must not order the same item again.
    pub const OPEN: [PurchaseOrderStatus; 3] = [
        PurchaseOrderStatus::Draft,
        PurchaseOrderStatus::Sent,
        PurchaseOrderStatus::PartlyReceived,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PurchaseOrderStatus::Draft => "draft",
            PurchaseOrderStatus::Sent => "sent",
            PurchaseOrderStatus::PartlyReceived => "partly_received",
            PurchaseOrderStatus::Received => "received",
            PurchaseOrderStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<PurchaseOrderStatus> {
        PurchaseOrderStatus::ALL
            .into_iter()
            .find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            PurchaseOrderStatus::Draft => "draft",
            PurchaseOrderStatus::Sent => "sent",
            PurchaseOrderStatus::PartlyReceived => "partly received",
            PurchaseOrderStatus::Received => "received",
            PurchaseOrderStatus::Cancelled => "cancelled",
        }
    }

    pub fn is_open(self) -> bool {
        PurchaseOrderStatus::OPEN.contains(&self)
    }

    pub fn send(self) -> Result<PurchaseOrderStatus, PurchaseOrderError> {
        match self {
            PurchaseOrderStatus::Draft => Ok(PurchaseOrderStatus::Sent),
            other => Err(PurchaseOrderError::NotADraft(other.label())),
        }
    }

    /// The state after a receipt that leaves `outstanding` units still to come over all lines.
    pub fn receive(self, outstanding: i64) -> Result<PurchaseOrderStatus, PurchaseOrderError> {
        match self {
            PurchaseOrderStatus::Sent | PurchaseOrderStatus::PartlyReceived => {
                Ok(if outstanding > 0 {
                    PurchaseOrderStatus::PartlyReceived
                } else {
                    PurchaseOrderStatus::Received
                })
            }
            other => Err(PurchaseOrderError::NotReceivable(other.label())),
        }
    }

    /// Cancelling a partly received order closes it: what arrived stays, the rest never comes.
    pub fn cancel(self) -> Result<PurchaseOrderStatus, PurchaseOrderError> {
        if self.is_open() {
            Ok(PurchaseOrderStatus::Cancelled)
        } else {
            Err(PurchaseOrderError::NotCancellable(self.label()))
        }
    }
}

/// Checks a receipt of `units` against a line that ordered `ordered` and has `received` so far.
pub fn check_receipt(
    sku: &str,
    ordered: i32,
    received: i32,
    units: i32,
) -> Result<(), PurchaseOrderError> {
    let outstanding = (ordered - received).max(0);
    if units < 1 || units > outstanding {
        return Err(PurchaseOrderError::TooMany {
            sku: sku.to_string(),
            outstanding,
        });
    }
    Ok(())
}

/// How staff and suppliers refer to a purchase order: "PO-00042".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseOrderNumber(pub i32);

impl fmt::Display for PurchaseOrderNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PO-{:05}", self.0)
    }
}

impl PurchaseOrderNumber {
    /// Accepts "PO-00042", "po-42" or "42".
    pub fn parse(text: &str) -> Option<PurchaseOrderNumber> {
        let text = text.trim();
        let digits = text
            .strip_prefix("PO-")
            .or_else(|| text.strip_prefix("po-"))
            .unwrap_or(text);
        digits
            .parse()
            .ok()
            .filter(|id| *id > 0)
            .map(PurchaseOrderNumber)
    }
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;
    use PurchaseOrderStatus::*;

    #[test]
    fn follows_draft_sent_received() {
        assert_eq!(Draft.send(), Ok(Sent));
        assert!(Sent.send().is_err());
        assert_eq!(Sent.receive(3), Ok(PartlyReceived));
        assert_eq!(PartlyReceived.receive(0), Ok(Received));
        assert_eq!(Sent.receive(0), Ok(Received));
        assert!(Draft.receive(0).is_err(), "send it first");
        assert!(Received.receive(0).is_err());
        assert!(Cancelled.receive(1).is_err());
    }

    #[test]
    fn open_orders_can_be_cancelled() {
        for status in [Draft, Sent, PartlyReceived] {
            assert_eq!(status.cancel(), Ok(Cancelled));
        }
        assert!(Received.cancel().is_err());
        assert!(Cancelled.cancel().is_err());
    }

    #[test]
    fn receipts_stay_within_what_is_outstanding() {
        assert_eq!(check_receipt("A", 10, 4, 6), Ok(()));
        assert_eq!(
            check_receipt("A", 10, 4, 7),
            Err(PurchaseOrderError::TooMany {
                sku: "A".into(),
                outstanding: 6
            })
        );
        assert!(check_receipt("A", 10, 4, 0).is_err());
        assert!(check_receipt("A", 10, 10, 1).is_err());
    }

    #[test]
    fn numbers_read_and_print() {
        assert_eq!(PurchaseOrderNumber(42).to_string(), "PO-00042");
        assert_eq!(
            PurchaseOrderNumber::parse("PO-00042"),
            Some(PurchaseOrderNumber(42))
        );
        assert_eq!(
            PurchaseOrderNumber::parse("42"),
            Some(PurchaseOrderNumber(42))
        );
        assert_eq!(PurchaseOrderNumber::parse("PO-0"), None);
        assert_eq!(PurchaseOrderNumber::parse("PO-x"), None);
        for status in PurchaseOrderStatus::ALL {
            assert_eq!(PurchaseOrderStatus::from_code(status.code()), Some(status));
        }
    }
}
