//! Who may do what. Every permission the back office knows is named here, once; each admin
//! server function declares the one it needs and the server checks it before anything else.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One thing a member of staff may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Permission {
    /// Open the back office and look up products, variants and stock.
    ViewCatalog,
    /// Change product texts, categories, media and publication.
    EditProducts,
    /// Change prices and compare-at prices.
    EditPrices,
    /// Change stock levels at a location.
    EditStock,
    ViewOrders,
    /// Fulfil, cancel and refund orders.
    ManageOrders,
    ViewCustomers,
    /// Create staff accounts and change anyone's role.
    ManageStaff,
    ViewAuditLog,
    /// Sell over the counter at a store's till (and read the stock there).
    Pos,
    /// Suppliers, reorder rules and purchase orders: create, send, receive, cancel.
    ManagePurchasing,
}

impl Permission {
    pub const ALL: [Permission; 11] = [
        Permission::ViewCatalog,
        Permission::EditProducts,
        Permission::EditPrices,
        Permission::EditStock,
        Permission::ViewOrders,
        Permission::ManageOrders,
        Permission::ViewCustomers,
        Permission::ManageStaff,
        Permission::ViewAuditLog,
        Permission::Pos,
        Permission::ManagePurchasing,
    ];

    /// The stable name stored in the database with a staff role.
    pub fn code(self) -> &'static str {
        match self {
            Permission::ViewCatalog => "catalog.view",
            Permission::EditProducts => "products.edit",
            Permission::EditPrices => "prices.edit",
            Permission::EditStock => "stock.edit",
            Permission::ViewOrders => "orders.view",
            Permission::ManageOrders => "orders.manage",
            Permission::ViewCustomers => "customers.view",
            Permission::ManageStaff => "staff.manage",
            Permission::ViewAuditLog => "audit.view",
            Permission::Pos => "pos",
            Permission::ManagePurchasing => "purchasing.manage",
        }
    }

    pub fn from_code(code: &str) -> Option<Permission> {
        Permission::ALL
            .into_iter()
            .find(|p| p.code() == code.trim())
    }

    /// Parses a stored comma-separated list, skipping names a newer version may have removed.
    pub fn parse_list(codes: &str) -> BTreeSet<Permission> {
        codes.split(',').filter_map(Permission::from_code).collect()
    }

    pub fn format_list(permissions: &BTreeSet<Permission>) -> String {
        permissions
            .iter()
            .map(|p| p.code())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// What kind of account someone has; staff carry the permissions of their role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Customer,
    Staff {
        role_name: String,
        permissions: BTreeSet<Permission>,
    },
    Administrator,
}

impl Role {
    pub fn allows(&self, permission: Permission) -> bool {
        match self {
            Role::Administrator => true,
            Role::Staff { permissions, .. } => permissions.contains(&permission),
            Role::Customer => false,
        }
    }

    /// Whether the back office opens at all for this account.
    pub fn is_staff(&self) -> bool {
        !matches!(self, Role::Customer)
    }

    pub fn label(&self) -> String {
        match self {
            Role::Customer => "Customer".to_string(),
            Role::Staff { role_name, .. } => role_name.clone(),
            Role::Administrator => "Administrator".to_string(),
        }
    }

    /// The stored `kind` of a user row.
    pub fn kind(&self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Staff { .. } => "staff",
            Role::Administrator => "administrator",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let codes: BTreeSet<_> = Permission::ALL.iter().map(|p| p.code()).collect();
        assert_eq!(codes.len(), Permission::ALL.len());
        for permission in Permission::ALL {
            assert_eq!(Permission::from_code(permission.code()), Some(permission));
        }
    }

    #[test]
    fn stored_lists_round_trip_and_ignore_unknown_names() {
        let set: BTreeSet<_> = [Permission::EditStock, Permission::ViewCatalog].into();
        let stored = Permission::format_list(&set);
        assert_eq!(Permission::parse_list(&stored), set);
        assert_eq!(
            Permission::parse_list("stock.edit, retired.permission"),
            [Permission::EditStock].into()
        );
    }

    #[test]
    fn roles_grant_what_they_should() {
        let clerk = Role::Staff {
            role_name: "Stock clerk".into(),
            permissions: [Permission::ViewCatalog, Permission::EditStock].into(),
        };
        assert!(clerk.allows(Permission::EditStock));
        assert!(!clerk.allows(Permission::EditPrices));
        assert!(clerk.is_staff());
        assert!(Permission::ALL
            .iter()
            .all(|p| Role::Administrator.allows(*p)));
        assert!(Permission::ALL.iter().all(|p| !Role::Customer.allows(*p)));
        assert!(!Role::Customer.is_staff());
    }
}
