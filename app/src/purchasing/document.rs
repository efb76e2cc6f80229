//! A purchase order as the supplier receives it: a plain-text document anyone can read in their
//! mail client, and the same lines as a CSV file their system can import.

use super::model::PurchaseOrderDetail;
use crate::error::AppError;

/// The mail body: who orders what, where to deliver it, and the totals.
pub fn text(order: &PurchaseOrderDetail, shop_name: &str, shop_url: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!("Purchase order {}\n", order.number));
    out.push_str(&format!("From: {shop_name} ({shop_url})\n"));
    out.push_str(&format!(
        "To: {} <{}>\n",
        order.supplier, order.supplier_email
    ));
    out.push_str(&format!("Deliver to: {}\n", order.deliver_to));
    if let Some(by) = order.expected_by {
        out.push_str(&format!(
            "Expected by: {}\n",
            crate::domain::moment::day(by)
        ));
    }
    out.push('\n');
    out.push_str("Please deliver the following items:\n\n");
    let sku_width = order
        .lines
        .iter()
        .map(|l| l.sku.chars().count())
        .chain([3])
        .max()
        .unwrap_or(3);
    out.push_str(&format!(
        "{:<sku_width$}  {:>5}  {:>12}  {:>12}  Item\n",
        "SKU", "Qty", "Unit cost", "Line total"
    ));
    for line in &order.lines {
        let total = line
            .cost
            .times(u32::try_from(line.ordered).unwrap_or(0))
            .map(|m| m.to_string())
            .unwrap_or_default();
        out.push_str(&format!(
            "{:<sku_width$}  {:>5}  {:>12}  {:>12}  {}\n",
            line.sku,
            line.ordered,
            line.cost.to_string(),
            total,
            line.name
        ));
    }
    out.push_str(&format!("\nTotal: {}\n", order.total));
    out.push_str(&format!(
        "\nPlease quote {} on the delivery note. The same lines are attached as a CSV file.\n",
        order.number
    ));
    out
}

/// One row per line: SKU, item, quantity, unit cost and line total in the currency's decimals.
pub fn csv(order: &PurchaseOrderDetail) -> Result<Vec<u8>, AppError> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "purchase_order",
            "sku",
            "item",
            "quantity",
            "unit_cost",
            "line_total",
            "currency",
        ])
        .map_err(AppError::internal)?;
    for line in &order.lines {
        let total = line
            .cost
            .times(u32::try_from(line.ordered).unwrap_or(0))
            .map_err(AppError::internal)?;
        writer
            .write_record([
                order.number.as_str(),
                line.sku.as_str(),
                line.name.as_str(),
                &line.ordered.to_string(),
                &line.cost.to_decimal_string(),
                &total.to_decimal_string(),
                line.cost.currency().code(),
            ])
            .map_err(AppError::internal)?;
    }
    writer.into_inner().map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Currency, Money};
    use crate::purchasing::domain::PurchaseOrderStatus;
    use crate::purchasing::model::PurchaseOrderLineRow;

    fn order() -> PurchaseOrderDetail {
        let pln = |minor| Money::from_minor(minor, Currency::Pln);
        PurchaseOrderDetail {
            number: "PO-00007".into(),
            supplier: "Tessuti SpA".into(),
            supplier_email: "orders@tessuti.example".into(),
            deliver_to: "Central warehouse, ul. Logistyczna 4, Łódź".into(),
            status: PurchaseOrderStatus::Sent,
            created_by: "system".into(),
            created_at: 0,
            sent_at: Some(0),
            expected_by: Some(5 * 86_400),
            lines: vec![
                PurchaseOrderLineRow {
                    id: 1,
                    sku: "TEE-1".into(),
                    name: "Linen tee, \"M\"".into(),
                    ordered: 12,
                    received: 0,
                    cost: pln(1_050),
                },
                PurchaseOrderLineRow {
                    id: 2,
                    sku: "MUG-22".into(),
                    name: "Mug".into(),
                    ordered: 3,
                    received: 0,
                    cost: pln(400),
                },
            ],
            total: pln(13_800),
        }
    }

    #[test]
    fn the_document_names_every_line_and_the_total() {
        let text = text(&order(), "Mercato", "https://shop.test");
        assert!(text.starts_with("Purchase order PO-00007\n"));
        assert!(text.contains("Deliver to: Central warehouse"));
        assert!(text.contains("Expected by: 6 January 1970"), "{text}");
        let tee = text
            .lines()
            .find(|l| l.starts_with("TEE-1"))
            .expect("the TEE-1 line");
        assert!(tee.contains("12") && tee.contains("126.00") && tee.contains("Linen tee"));
        assert!(text.contains("Total: 138.00"));
    }

    #[test]
    fn the_csv_quotes_what_needs_quoting() {
        let csv = String::from_utf8(csv(&order()).expect("csv")).expect("UTF-8");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "purchase_order,sku,item,quantity,unit_cost,line_total,currency"
        );
        assert_eq!(
            lines[1],
            "PO-00007,TEE-1,\"Linen tee, \"\"M\"\"\",12,10.50,126.00,PLN"
        );
        assert_eq!(lines[2], "PO-00007,MUG-22,Mug,3,4.00,12.00,PLN");
    }
}
