//! Checkout against the real router, the real sandbox gateway (over HTTP) and both databases:
//! the cart, placing orders (one order per attempt, stock reserved and sold exactly once),
//! payment webhooks verified and applied once, reservations that expire, and a checkout attempt
//! resumed after a crash.

mod cart;
mod payment;
mod placing;
mod resume;
