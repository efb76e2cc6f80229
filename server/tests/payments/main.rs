//! Payments: the Stripe adapter against a stand-in that speaks Stripe's API, and no card number
//! ever reaching the shop.
//!
//! `card_privacy` installs a logger for the whole process that keeps every line, at every level,
//! and checks that no card number is among them: whatever else this binary runs alongside it is
//! checked too.

mod card_privacy;
mod stripe;
