//! schema.org `Product` data for search engines, written on the server.

use serde_json::json;

use super::model::ProductView;
use crate::backend::SiteConfig;

pub fn product_json_ld(product: &ProductView, site: &SiteConfig) -> String {
    let offers: Vec<_> = product
        .variants
        .iter()
        .map(|v| {
            json!({
                "@type": "Offer",
                "sku": v.sku,
                "price": v.price.to_decimal_string(),
                "priceCurrency": v.price.currency().code(),
                "availability": v.availability.schema_org(),
                "url": product.canonical_url,
            })
        })
        .collect();
    let images: Vec<String> = product
        .images
        .iter()
        .map(|i| site.absolute(&i.url))
        .collect();
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "description": product.description,
        "image": images,
        "url": product.canonical_url,
        "offers": offers,
    });
    if let Some(sku) = product.default_variant().map(|v| v.sku.clone()) {
        data["sku"] = json!(sku);
    }
    if let Some(brand) = &product.brand {
        data["brand"] = json!({ "@type": "Brand", "name": brand });
    }
    // Inside <script>, "</script" would end the element early and "<!--" would change how
    // the rest is parsed: JSON may spell every "<" as "\u003c", so none reaches the parser.
    data.to_string().replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::VariantView;
    use crate::domain::{Currency, Money};
    use crate::inventory::domain::Availability;

    #[test]
    fn describes_offers_and_cannot_break_out_of_its_script() {
        let product = ProductView {
            slug: "mug".into(),
            name: "Mug </script><script>alert(1)</script>".into(),
            description: "A mug.".into(),
            brand: Some("Oakhollow".into()),
            categories: vec![],
            specifications: vec![],
            axes: vec![],
            variants: vec![VariantView {
                sku: "KIT-1".into(),
                values: vec![],
                price: Money::from_minor(1299, Currency::Eur),
                compare_at: None,
                availability: Availability::InStock,
                image_index: None,
            }],
            images: vec![],
            video_url: None,
            seo_title: String::new(),
            seo_description: String::new(),
            canonical_url: "https://shop.test/p/mug".into(),
            json_ld: String::new(),
        };
        let site = SiteConfig {
            site_url: "https://shop.test".into(),
            currency: Currency::Eur,
        };
        let text = product_json_ld(&product, &site);
        assert!(!text.contains("</script>"));
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(parsed["offers"][0]["price"], "12.99");
        assert_eq!(parsed["offers"][0]["priceCurrency"], "EUR");
        assert_eq!(parsed["brand"]["name"], "Oakhollow");
        assert_eq!(parsed["sku"], "KIT-1");
    }
}
