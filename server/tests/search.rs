//! Product search against the real index and router, on both databases: ranking, typos,
//! prefixes, facets, the price filter, odd input, and changes reaching every node's index
//! within two seconds.

use test_support as support;
use test_support::on_both_databases;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;

use app::backend::entities::{product, search_query, variant};
use test_support::{Client, Shop};

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The results for a search page's query string.
async fn search(client: &mut Client, query: &str) -> Value {
    let reply = client
        .get(&format!("/api/search/results?query={}", encode(query)))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{query}: {reply:?}");
    serde_json::from_str(&reply.body).expect("json")
}

fn names(results: &Value) -> Vec<String> {
    results["products"]
        .as_array()
        .expect("products")
        .iter()
        .map(|p| p["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn facet<'a>(results: &'a Value, name: &str) -> &'a Vec<Value> {
    results["facets"]
        .as_array()
        .expect("facets")
        .iter()
        .find(|f| f["name"] == name)
        .and_then(|f| f["values"].as_array())
        .unwrap_or_else(|| panic!("no {name} facet in {results}"))
}

/// Two published products: one named after `word`, one mentioning it only in its description.
async fn name_and_description(shop: &Shop, word: &str) -> (product::Model, product::Model) {
    let published = product::Entity::find()
        .filter(product::Column::Published.eq(true))
        .order_by_asc(product::Column::Id)
        .all(shop.db())
        .await
        .expect("products");
    let (named, described) = (published[0].clone(), published[1].clone());
    shop.execute(&format!(
        "UPDATE products SET name = 'The {word} Jacket' WHERE id = {}",
        named.id
    ))
    .await;
    shop.execute(&format!(
        "UPDATE products SET description = 'Goes well with a {word} jacket.' WHERE id = {}",
        described.id
    ))
    .await;
    shop.state
        .search
        .refresh(shop.db(), &[named.id, described.id])
        .await
        .expect("refresh");
    (named, described)
}

on_both_databases!(
    words_rank_by_where_they_match_and_forgive_typos,
    async |shop: &Shop| {
        shop.seed(30).await;
        name_and_description(shop, "Zephyrine").await;
        let mut client = shop.client();

        let found = search(&mut client, "q=zephyrine").await;
        let found_names = names(&found);
        assert_eq!(found["total"], 2, "{found}");
        assert_eq!(found_names[0], "The Zephyrine Jacket", "name hits first");

        for typo in [
            "zephyrnie",
            "zepyhrine",
            "zephyrina",
            "zephyrin",
            "zephyrrine",
        ] {
            let found = search(&mut client, &format!("q={typo}")).await;
            assert!(
                names(&found).contains(&"The Zephyrine Jacket".to_string()),
                "{typo}: {found}"
            );
        }
        // Two edits, or a typo in a short word, is too far.
        assert_eq!(search(&mut client, "q=zehpyrnie").await["total"], 0);
        // Prefixes while typing, in the suggestions.
        let suggestions: Value =
            serde_json::from_str(&client.get("/api/search/suggest?text=zephy").await.body)
                .expect("json");
        assert_eq!(
            suggestions["products"][0]["name"], "The Zephyrine Jacket",
            "{suggestions}"
        );
        // Nothing found: a correction and popular products.
        let none = search(&mut client, "q=zephyrinne+qqqq").await;
        assert_eq!(none["total"], 0);
        assert!(!none["popular"].as_array().expect("popular").is_empty());
        // One edit per word is forgiven; two get a "did you mean".
        assert_eq!(
            search(&mut client, "q=jackett+zzephyrine").await["total"],
            1
        );
        let far = search(&mut client, "q=zehpyrnie").await;
        assert_eq!(far["correction"][0], "zephyrine", "{far}");
        // A SKU finds its product.
        let named = product::Entity::find()
            .filter(product::Column::Name.eq("The Zephyrine Jacket"))
            .one(shop.db())
            .await
            .expect("query")
            .expect("product");
        let sku = variant::Entity::find()
            .filter(variant::Column::ProductId.eq(named.id))
            .one(shop.db())
            .await
            .expect("query")
            .expect("variant")
            .sku;
        let by_sku = search(&mut client, &format!("q={}", encode(&sku))).await;
        assert_eq!(names(&by_sku)[0], "The Zephyrine Jacket", "{sku}: {by_sku}");
        // Searches are kept for the merchant.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let kept = search_query::Entity::find()
            .all(shop.db())
            .await
            .expect("queries");
        assert!(
            kept.iter().any(|q| q.text == "zephyrine" && q.results == 2),
            "{kept:?}"
        );
    }
);

on_both_databases!(facets_count_and_filters_narrow, async |shop: &Shop| {
    shop.seed(60).await;
    let mut client = shop.client();
    let all = search(&mut client, "").await;
    let total = all["total"].as_u64().expect("total");
    assert!(total >= 40, "{total}");
    let brands = facet(&all, "Brand");
    let (first, second) = (&brands[0], &brands[1]);
    let first_count = first["count"].as_u64().expect("count");
    let first_href = first["href"].as_str().expect("href");

    // One brand: its products only; the other brands keep their counts (to add them).
    let one = search(&mut client, first_href.trim_start_matches("/search?")).await;
    assert_eq!(one["total"].as_u64(), Some(first_count));
    let brands_now = facet(&one, "Brand");
    let second_now = brands_now
        .iter()
        .find(|b| b["label"] == second["label"])
        .expect("other brand still offered");
    assert_eq!(second_now["count"], second["count"]);
    assert_eq!(
        brands_now.iter().filter(|b| b["selected"] == true).count(),
        1
    );
    // Adding the second brand: both.
    let both = search(
        &mut client,
        second_now["href"]
            .as_str()
            .expect("href")
            .trim_start_matches("/search?"),
    )
    .await;
    assert_eq!(
        both["total"].as_u64(),
        Some(first_count + second["count"].as_u64().expect("count"))
    );

    // Category: a drill-down with counts that add up.
    let categories = facet(&all, "Category");
    let top = &categories[0];
    let within = search(
        &mut client,
        top["href"]
            .as_str()
            .expect("href")
            .trim_start_matches("/search?"),
    )
    .await;
    assert_eq!(within["total"], top["count"]);

    // Price: inclusive bounds, every price within them, sorted ascending.
    let prices = |results: &Value| -> Vec<i64> {
        results["products"]
            .as_array()
            .expect("products")
            .iter()
            .map(|p| p["price"]["minor"].as_i64().expect("price"))
            .collect()
    };
    let ranged = search(&mut client, "min=20&max=60&sort=price-asc").await;
    let got = prices(&ranged);
    assert!(!got.is_empty());
    assert!(got.iter().all(|p| (2000..=6000).contains(p)), "{got:?}");
    assert!(got.windows(2).all(|w| w[0] <= w[1]), "ascending: {got:?}");
    let descending = prices(&search(&mut client, "sort=price-desc").await);
    assert!(
        descending.windows(2).all(|w| w[0] >= w[1]),
        "{descending:?}"
    );
    // In stock only.
    let stocked = search(&mut client, "stock=1").await;
    assert!(stocked["total"].as_u64() <= Some(total));
});

on_both_databases!(
    odd_search_input_gets_an_answer_not_an_error,
    async |shop: &Shop| {
        shop.seed(10).await;
        let mut client = shop.client();
        let long = "words ".repeat(2000);
        for query in [
            format!("q={}", encode(&long)),
            "q=%3F%21%E2%80%A6+***".to_string(),
            "min=-5&max=abc".to_string(),
            "min=90&max=10".to_string(),
            "brand=no-such-brand&attr=colour%3Aplaid&category=nowhere".to_string(),
            "sort=sideways&page=999999".to_string(),
            "brand=%3Cscript%3E".to_string(),
        ] {
            let reply = client
                .get(&format!("/api/search/results?query={}", encode(&query)))
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{query}: {reply:?}");
        }
        let swapped = search(&mut client, "min=90&max=10").await;
        assert!(swapped["notices"][0]
            .as_str()
            .unwrap_or_default()
            .contains("wrong way round"));
        let unknown = search(&mut client, "brand=no-such-brand").await;
        assert!(
            unknown["notices"][0]
                .as_str()
                .unwrap_or_default()
                .contains("no brand"),
            "{unknown}"
        );
    }
);

// A price change made through the back office on one node is searchable on another node
// (another shop process on the same database) within two seconds.
on_both_databases!(
    changes_reach_every_node_within_two_seconds,
    async |shop: &Shop| {
        shop.seed(10).await;
        let other_node = shop.restarted().await;
        let mut elsewhere = shop.client_of(other_node);
        tokio::time::sleep(Duration::from_millis(300)).await;
        shop.account("admin@example.com", "Administrator").await;
        let mut admin = shop.signed_in("admin@example.com").await;
        let cheapest_before = search(&mut elsewhere, "sort=price-asc").await["products"][0]
            ["price"]["minor"]
            .as_i64()
            .expect("price");
        let item = variant::Entity::find()
            .order_by_desc(variant::Column::PriceMinor)
            .one(shop.db())
            .await
            .expect("query")
            .expect("variant");
        let published = product::Entity::find_by_id(item.product_id)
            .one(shop.db())
            .await
            .expect("query")
            .expect("product")
            .published;
        assert!(published, "the demo's most expensive variant is on sale");
        let changed = Instant::now();
        let reply = admin
            .post(
                "/api/admin/price/set",
                &[("sku", &item.sku), ("price", "0.01")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        let mut seen_after = None;
        while changed.elapsed() < Duration::from_secs(5) {
            let cheapest = search(&mut elsewhere, "sort=price-asc").await["products"][0]["price"]
                ["minor"]
                .as_i64()
                .expect("price");
            if cheapest == 1 {
                seen_after = Some(changed.elapsed());
                break;
            }
            assert_eq!(cheapest, cheapest_before);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let seen_after = seen_after.expect("the other node saw the new price");
        assert!(seen_after < Duration::from_secs(2), "took {seen_after:?}");
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reindex_command_rebuilds_and_asks_every_node_to() {
    use clap::Parser;
    use sea_orm::PaginatorTrait;

    use app::backend::entities::search_change;

    let shop = Shop::open(support::Engine::Sqlite).await;
    shop.seed(5).await;
    let requests = || async {
        search_change::Entity::find()
            .filter(search_change::Column::ProductId.is_null())
            .count(shop.db())
            .await
            .expect("count")
    };
    let before = requests().await;
    let cli = server::cli::Cli::try_parse_from([
        "mercato",
        "--database-url",
        shop.database_url(),
        "search",
        "reindex",
    ])
    .expect("arguments");
    server::cli::run(cli).await.expect("reindex");
    assert_eq!(
        requests().await,
        before + 1,
        "running nodes are asked to rebuild"
    );
    shop.finish().await;
}
