//! The account pages: sign-in and sign-up, the e-mailed link pages, and the account itself.

mod account;
mod links;
mod sign_in;
mod sign_up;

pub use account::AccountPage;
pub use links::{ForgotPasswordPage, ResetPasswordPage, VerifyEmailPage};
pub use sign_in::SignInPage;
pub use sign_up::SignUpPage;
