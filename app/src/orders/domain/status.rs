//! An order's life as an explicit state machine: which events may move it where. Anything else
//! is refused, so a late or repeated payment webhook, a double click on "cancel" or a refund of
//! an unpaid order cannot put an order into a state that makes no sense.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatus {
    /// Placed, stock reserved, waiting for the payment provider.
    PendingPayment,
    Paid,
    /// Handed to the carrier.
    Fulfilled,
    Delivered,
    Cancelled,
    PartlyRefunded,
    Refunded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderEvent {
    PaymentSucceeded,
    /// The shopper gave up, the card was declined for good, or the merchant cancelled the
    /// order before it shipped (a paid one gets all its money back with it).
    Cancel,
    /// Nobody paid within the reservation time; the stock goes back.
    ReservationExpired,
    Fulfil,
    Deliver,
    /// Some of the money goes back.
    RefundPart,
    /// All of the money (that was not yet refunded) goes back.
    RefundRest,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("An order that is {from} cannot be {verb}.", from = .from.label(), verb = .event.verb())]
pub struct TransitionError {
    pub from: OrderStatus,
    pub event: OrderEvent,
}

impl OrderEvent {
    fn verb(self) -> &'static str {
        match self {
            OrderEvent::PaymentSucceeded => "paid",
            OrderEvent::Cancel => "cancelled",
            OrderEvent::ReservationExpired => "expired",
            OrderEvent::Fulfil => "fulfilled",
            OrderEvent::Deliver => "marked as delivered",
            OrderEvent::RefundPart | OrderEvent::RefundRest => "refunded",
        }
    }
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 7] = [
        OrderStatus::PendingPayment,
        OrderStatus::Paid,
        OrderStatus::Fulfilled,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
        OrderStatus::PartlyRefunded,
        OrderStatus::Refunded,
    ];

    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::PendingPayment => "waiting for payment",
            OrderStatus::Paid => "paid",
            OrderStatus::Fulfilled => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::PartlyRefunded => "partly refunded",
            OrderStatus::Refunded => "refunded",
        }
    }

    /// The stable name stored with the order.
    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::PendingPayment => "pending_payment",
            OrderStatus::Paid => "paid",
            OrderStatus::Fulfilled => "fulfilled",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::PartlyRefunded => "partly_refunded",
            OrderStatus::Refunded => "refunded",
        }
    }

    pub fn from_code(code: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the order still holds reserved stock (it returns on cancel or expiry).
    pub fn holds_reservation(self) -> bool {
        self == OrderStatus::PendingPayment
    }

    /// Where `event` takes an order in this state.
    pub fn apply(self, event: OrderEvent) -> Result<OrderStatus, TransitionError> {
        use OrderEvent as E;
        use OrderStatus as S;
        let next = match (self, event) {
            (S::PendingPayment, E::PaymentSucceeded) => S::Paid,
            (S::PendingPayment, E::Cancel | E::ReservationExpired) => S::Cancelled,
            (S::Paid, E::Cancel) => S::Cancelled,
            (S::Paid, E::Fulfil) => S::Fulfilled,
            (S::Fulfilled, E::Deliver) => S::Delivered,
            (S::Paid | S::Fulfilled | S::Delivered | S::PartlyRefunded, E::RefundPart) => {
                S::PartlyRefunded
            }
            (S::Paid | S::Fulfilled | S::Delivered | S::PartlyRefunded, E::RefundRest) => {
                S::Refunded
            }
            (from, event) => return Err(TransitionError { from, event }),
        };
        Ok(next)
    }
}

/// Orders whose money the shop received (refunds are taken off their amount).
pub const SOLD_STATUSES: [OrderStatus; 4] = [
    OrderStatus::Paid,
    OrderStatus::Fulfilled,
    OrderStatus::Delivered,
    OrderStatus::PartlyRefunded,
];

#[cfg(test)]
mod tests {
    use super::*;
    use OrderEvent as E;
    use OrderStatus as S;

    const EVENTS: [OrderEvent; 7] = [
        E::PaymentSucceeded,
        E::Cancel,
        E::ReservationExpired,
        E::Fulfil,
        E::Deliver,
        E::RefundPart,
        E::RefundRest,
    ];

    /// Every allowed move; every other (state, event) pair must be refused.
    const ALLOWED: &[(OrderStatus, OrderEvent, OrderStatus)] = &[
        (S::PendingPayment, E::PaymentSucceeded, S::Paid),
        (S::PendingPayment, E::Cancel, S::Cancelled),
        (S::PendingPayment, E::ReservationExpired, S::Cancelled),
        (S::Paid, E::Cancel, S::Cancelled),
        (S::Paid, E::Fulfil, S::Fulfilled),
        (S::Paid, E::RefundPart, S::PartlyRefunded),
        (S::Paid, E::RefundRest, S::Refunded),
        (S::Fulfilled, E::Deliver, S::Delivered),
        (S::Fulfilled, E::RefundPart, S::PartlyRefunded),
        (S::Fulfilled, E::RefundRest, S::Refunded),
        (S::Delivered, E::RefundPart, S::PartlyRefunded),
        (S::Delivered, E::RefundRest, S::Refunded),
        (S::PartlyRefunded, E::RefundPart, S::PartlyRefunded),
        (S::PartlyRefunded, E::RefundRest, S::Refunded),
    ];

    #[test]
    fn exactly_the_listed_transitions_are_allowed() {
        for from in OrderStatus::ALL {
            for event in EVENTS {
                let expected = ALLOWED
                    .iter()
                    .find(|(f, e, _)| *f == from && *e == event)
                    .map(|(_, _, to)| *to);
                match (from.apply(event), expected) {
                    (Ok(to), Some(want)) => assert_eq!(to, want, "{from:?} + {event:?}"),
                    (Err(err), None) => assert_eq!(err, TransitionError { from, event }),
                    (got, want) => panic!("{from:?} + {event:?}: got {got:?}, want {want:?}"),
                }
            }
        }
    }

    #[test]
    fn a_second_payment_or_cancel_is_refused_with_a_sentence() {
        let paid = S::PendingPayment.apply(E::PaymentSucceeded).expect("paid");
        let again = paid.apply(E::PaymentSucceeded).expect_err("paid twice");
        assert_eq!(again.to_string(), "An order that is paid cannot be paid.");
        assert!(
            S::Fulfilled.apply(E::Cancel).is_err(),
            "a shipped order is refunded, not cancelled"
        );
        let cancelled = S::PendingPayment.apply(E::Cancel).expect("cancelled");
        assert!(
            cancelled.apply(E::PaymentSucceeded).is_err(),
            "a late payment needs a refund, not a state change"
        );
        assert!(
            S::PendingPayment.apply(E::RefundRest).is_err(),
            "nothing to refund yet"
        );
    }

    #[test]
    fn codes_round_trip() {
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::from_code(status.code()), Some(status));
        }
        assert!(S::PendingPayment.holds_reservation());
        assert!(!S::Paid.holds_reservation());
    }
}
