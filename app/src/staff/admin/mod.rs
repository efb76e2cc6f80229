//! The staff pages of the back office: members and roles, API keys.

mod api_keys;
mod staff;

pub use api_keys::ApiKeysPage;
pub use staff::StaffPage;
