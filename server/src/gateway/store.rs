//! The gateway's memory: payments by id, their state changes, and the JSON object the shop sees.
//! Nothing here holds a card number; a payment only ever learns a card's brand and last four.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use super::card::CardSummary;

/// A payment as the gateway keeps it.
#[derive(Debug, Clone)]
pub struct Payment {
    pub id: String,
    pub amount: i64,
    pub amount_refunded: i64,
    pub currency: String,
    pub reference: String,
    pub description: String,
    pub success_url: String,
    pub cancel_url: String,
    pub webhook_url: String,
    pub created: i64,
    pub expires_at: i64,
    /// Set once the payment succeeds.
    pub card: Option<CardSummary>,
    /// A card waiting for the shopper's confirmation step.
    pub pending: Option<CardSummary>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Open,
    Succeeded,
    Expired,
}

/// Why a payment can no longer be paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    Succeeded,
    Expired,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefundError {
    NotSucceeded,
    FullyRefunded,
    BadAmount { remaining: i64 },
}

impl RefundError {
    pub fn message(&self) -> String {
        match self {
            RefundError::NotSucceeded => "Only a succeeded payment can be refunded.".to_string(),
            RefundError::FullyRefunded => "This payment is already fully refunded.".to_string(),
            RefundError::BadAmount { remaining } => {
                format!("The refund amount must be between 1 and {remaining}.")
            }
        }
    }
}

impl Payment {
    /// A payment is paid once and for all; an unpaid one expires after `expires_at`.
    pub fn status(&self, now: i64) -> Status {
        if self.card.is_some() {
            Status::Succeeded
        } else if now > self.expires_at {
            Status::Expired
        } else {
            Status::Open
        }
    }

    /// Whether the shopper may still pay, and why not.
    pub fn payable(&self, now: i64) -> Result<(), Closed> {
        match self.status(now) {
            Status::Open => Ok(()),
            Status::Succeeded => Err(Closed::Succeeded),
            Status::Expired => Err(Closed::Expired),
        }
    }

    pub fn succeed(&mut self, card: CardSummary, now: i64) -> Result<(), Closed> {
        self.payable(now)?;
        self.card = Some(card);
        self.pending = None;
        Ok(())
    }

    /// Refunds `amount` (everything not yet refunded when `None`) and returns the amount.
    pub fn refund(&mut self, amount: Option<i64>, now: i64) -> Result<i64, RefundError> {
        if self.status(now) != Status::Succeeded {
            return Err(RefundError::NotSucceeded);
        }
        let remaining = self.amount - self.amount_refunded;
        if remaining <= 0 {
            return Err(RefundError::FullyRefunded);
        }
        let amount = amount.unwrap_or(remaining);
        if !(1..=remaining).contains(&amount) {
            return Err(RefundError::BadAmount { remaining });
        }
        self.amount_refunded += amount;
        Ok(amount)
    }

    pub fn hosted_url(&self, public_url: &str) -> String {
        format!("{}/pay/{}", public_url.trim_end_matches('/'), self.id)
    }

    /// The payment as the API and webhooks show it.
    pub fn object(&self, public_url: &str, now: i64) -> PaymentObject {
        PaymentObject {
            id: self.id.clone(),
            status: self.status(now),
            amount: self.amount,
            amount_refunded: self.amount_refunded,
            currency: self.currency.clone(),
            reference: self.reference.clone(),
            url: self.hosted_url(public_url),
            card_brand: self.card.as_ref().map(|c| c.brand.as_str().to_string()),
            card_last4: self.card.as_ref().map(|c| c.last4.clone()),
            created: self.created,
            expires_at: self.expires_at,
        }
    }
}

/// The payment object of the HTTP contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentObject {
    pub id: String,
    pub status: Status,
    pub amount: i64,
    pub amount_refunded: i64,
    pub currency: String,
    pub reference: String,
    pub url: String,
    pub card_brand: Option<String>,
    pub card_last4: Option<String>,
    pub created: i64,
    pub expires_at: i64,
}

/// All payments, shared by the handlers. The lock is only held inside these methods, never
/// across an `.await`.
#[derive(Debug, Clone, Default)]
pub struct Payments {
    inner: Arc<Mutex<HashMap<String, Payment>>>,
}

impl Payments {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Payment>> {
        // A panic elsewhere cannot leave a payment half-written: every change below is a
        // single assignment, so the data behind a poisoned lock is still sound.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn insert(&self, payment: Payment) {
        self.map().insert(payment.id.clone(), payment);
    }

    pub fn get(&self, id: &str) -> Option<Payment> {
        self.map().get(id).cloned()
    }

    /// Runs `change` on the payment under the lock and returns its result with the payment as
    /// it is afterwards.
    pub fn update<R>(
        &self,
        id: &str,
        change: impl FnOnce(&mut Payment) -> R,
    ) -> Option<(R, Payment)> {
        let mut map = self.map();
        let payment = map.get_mut(id)?;
        let result = change(payment);
        Some((result, payment.clone()))
    }
}

/// A fresh id such as `pay_` + 24 random letters and digits.
pub fn new_id(prefix: &str) -> anyhow::Result<String> {
    const LEN: usize = 24;
    let mut id = String::with_capacity(prefix.len() + LEN);
    id.push_str(prefix);
    let mut taken = 0;
    // 43 URL-safe characters hold about 41 alphanumerics; draw again in the rare case of fewer.
    while taken < LEN {
        let secret = app::backend::auth::secret::new_secret()
            .map_err(|err| anyhow::anyhow!("the system random generator failed: {err}"))?;
        for c in secret.chars().filter(char::is_ascii_alphanumeric) {
            if taken == LEN {
                break;
            }
            id.push(c);
            taken += 1;
        }
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gateway::card::Brand;

    fn payment(expires_at: i64) -> Payment {
        Payment {
            id: "pay_test".to_string(),
            amount: 1_000,
            amount_refunded: 0,
            currency: "EUR".to_string(),
            reference: "M-1".to_string(),
            description: "Order M-1".to_string(),
            success_url: "https://shop.test/ok".to_string(),
            cancel_url: "https://shop.test/back".to_string(),
            webhook_url: "https://shop.test/hook".to_string(),
            created: 100,
            expires_at,
            card: None,
            pending: None,
        }
    }

    fn visa() -> CardSummary {
        CardSummary {
            brand: Brand::Visa,
            last4: "4242".to_string(),
        }
    }

    #[test]
    fn unpaid_payments_expire_after_their_deadline() {
        let mut p = payment(200);
        assert_eq!(p.status(200), Status::Open);
        assert_eq!(p.status(201), Status::Expired);
        assert_eq!(p.succeed(visa(), 201), Err(Closed::Expired));
        assert_eq!(p.succeed(visa(), 150), Ok(()));
        assert_eq!(p.status(10_000), Status::Succeeded, "paid stays paid");
        assert_eq!(p.succeed(visa(), 150), Err(Closed::Succeeded));
    }

    #[test]
    fn refunds_up_to_what_was_paid() {
        let mut p = payment(200);
        assert_eq!(p.refund(None, 150), Err(RefundError::NotSucceeded));
        p.succeed(visa(), 150).expect("open");
        assert_eq!(
            p.refund(Some(0), 150),
            Err(RefundError::BadAmount { remaining: 1_000 })
        );
        assert_eq!(
            p.refund(Some(1_001), 150),
            Err(RefundError::BadAmount { remaining: 1_000 })
        );
        assert_eq!(p.refund(Some(300), 150), Ok(300));
        assert_eq!(p.refund(None, 9_999), Ok(700));
        assert_eq!(p.amount_refunded, 1_000);
        assert_eq!(p.refund(None, 150), Err(RefundError::FullyRefunded));
    }

    #[test]
    fn the_object_shows_brand_and_last_four_only() {
        let mut p = payment(200);
        let open = p.object("http://gw.test/", 150);
        assert_eq!(open.url, "http://gw.test/pay/pay_test");
        assert_eq!(open.card_brand, None);
        p.succeed(visa(), 150).expect("open");
        let json = serde_json::to_value(p.object("http://gw.test", 150)).expect("json");
        assert_eq!(json["status"], "succeeded");
        assert_eq!(json["card_brand"], "visa");
        assert_eq!(json["card_last4"], "4242");
    }

    #[test]
    fn ids_have_a_prefix_and_24_alphanumerics() {
        let a = new_id("pay_").expect("random");
        let b = new_id("pay_").expect("random");
        assert_eq!(a.len(), 28);
        assert!(a.starts_with("pay_"));
        assert!(a[4..].chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
    }
}
