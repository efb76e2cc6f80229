//! The catalog services against real databases: the demo seed, listings, sorting, paging,
//! product pages and stock, each on SQLite and on PostgreSQL.

use app::backend::entities::{product, stock_level, variant};
use app::backend::seed::{self, SeedError, SeedOptions};
use app::catalog::service::{self, PRODUCTS_PER_PAGE};
use app::domain::{ListingQuery, ProductSort};
use app::error::AppError;
use app::inventory::domain::Availability;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use test_support::services::{self as support, on_both_databases, TestDb};

fn query(page: u32, sort: ProductSort) -> ListingQuery {
    ListingQuery::parse(Some(&page.to_string()), Some(sort.as_param())).expect("valid query")
}

on_both_databases!(migrations_run_twice_without_harm, async |t: &TestDb| {
    use sea_orm_migration::MigratorTrait;
    app::backend::migration::Migrator::up(&t.db, None)
        .await
        .expect("second run is a no-op");
    let applied = app::backend::migration::Migrator::get_applied_migrations(&t.db)
        .await
        .expect("list migrations");
    assert_eq!(
        applied.len(),
        app::backend::migration::Migrator::migrations().len()
    );
});

on_both_databases!(seed_builds_a_demo_shop_once, async |t: &TestDb| {
    let summary = t.seed(120).await;
    assert_eq!(summary.products, 120);
    assert!(summary.brands >= 15);
    assert!(summary.categories >= 8 + 16);
    assert!(summary.variants > summary.products);
    let stored = product::Entity::find().count(&t.db).await.expect("count");
    assert_eq!(stored, 120);
    let levels = stock_level::Entity::find()
        .count(&t.db)
        .await
        .expect("count");
    assert_eq!(
        levels as usize,
        summary.variants * 2,
        "every variant stocked at both locations"
    );
    assert!(t
        .database
        .folder
        .path()
        .join("media/seed/apparel-navy-1.svg")
        .exists());

    let again = seed::seed(&t.db, &t.media(), &SeedOptions::default()).await;
    assert!(matches!(again, Err(SeedError::NotEmpty)));
    // Ids were chosen by the seed: an ordinary insert afterwards must not collide.
    let extra = app::backend::entities::brand::ActiveModel {
        slug: Set("late-brand".into()),
        name: Set("Late Brand".into()),
        ..Default::default()
    }
    .insert(&t.db)
    .await
    .expect("insert after seeding");
    assert!(extra.id as usize > summary.brands);
});

on_both_databases!(
    home_shows_every_top_category_with_counts,
    async |t: &TestDb| {
        t.seed(90).await;
        let home = service::home(&t.db, &support::site()).await.expect("home");
        assert_eq!(home.categories.len(), 9);
        let listed: u64 = home.categories.iter().map(|c| c.product_count).sum();
        let published = product::Entity::find()
            .filter(product::Column::Published.eq(true))
            .count(&t.db)
            .await
            .expect("count");
        assert_eq!(listed, published);
        assert!(!home.featured.is_empty());
        assert_eq!(home.newest.len(), 8);
        assert!(home.newest.iter().all(|card| card.image.is_some()));
    }
);

on_both_databases!(category_pages_sort_and_page, async |t: &TestDb| {
    t.seed(400).await;
    let site = support::site();
    let cheapest = service::category_page(
        &t.db,
        &site,
        "clothing",
        query(1, ProductSort::PriceLowToHigh),
    )
    .await
    .expect("clothing");
    // The top category lists its sub-categories' products.
    assert!(cheapest.products.total > u64::from(PRODUCTS_PER_PAGE));
    assert_eq!(cheapest.products.items.len(), PRODUCTS_PER_PAGE as usize);
    assert_eq!(cheapest.children.len(), 3);
    let prices: Vec<i64> = cheapest
        .products
        .items
        .iter()
        .map(|c| c.price.minor())
        .collect();
    assert!(
        prices.windows(2).all(|w| w[0] <= w[1]),
        "ascending: {prices:?}"
    );

    let dearest = service::category_page(
        &t.db,
        &site,
        "clothing",
        query(1, ProductSort::PriceHighToLow),
    )
    .await
    .expect("clothing");
    let prices: Vec<i64> = dearest
        .products
        .items
        .iter()
        .map(|c| c.price.minor())
        .collect();
    assert!(
        prices.windows(2).all(|w| w[0] >= w[1]),
        "descending: {prices:?}"
    );

    let by_name = service::category_page(&t.db, &site, "clothing", query(1, ProductSort::Name))
        .await
        .expect("clothing");
    let names: Vec<&str> = by_name
        .products
        .items
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "by name: {names:?}");

    let second = service::category_page(&t.db, &site, "clothing", query(2, ProductSort::Name))
        .await
        .expect("page 2");
    assert_eq!(second.canonical_url, "https://shop.test/c/clothing?page=2");
    assert!(second
        .products
        .items
        .iter()
        .all(|c| !names.contains(&c.name.as_str())));

    let beyond =
        service::category_page(&t.db, &site, "clothing", query(99, ProductSort::Name)).await;
    assert!(
        matches!(beyond, Err(AppError::NotFound { .. })),
        "{beyond:?}"
    );
    let unknown =
        service::category_page(&t.db, &site, "no-such-thing", ListingQuery::default()).await;
    assert!(matches!(unknown, Err(AppError::NotFound { .. })));

    let sub = service::category_page(&t.db, &site, "jackets", ListingQuery::default())
        .await
        .expect("jackets");
    assert_eq!(
        sub.ancestors
            .iter()
            .map(|c| c.slug.as_str())
            .collect::<Vec<_>>(),
        ["clothing"]
    );
});

on_both_databases!(unpublished_products_stay_hidden, async |t: &TestDb| {
    t.seed(60).await;
    let first = product::Entity::find_by_id(1)
        .one(&t.db)
        .await
        .expect("query")
        .expect("product 1");
    let slug = first.slug.clone();
    let mut hidden: product::ActiveModel = first.into();
    hidden.published = Set(false);
    hidden.update(&t.db).await.expect("unpublish");
    let page = service::product_page(&t.db, &support::site(), &slug).await;
    assert!(matches!(page, Err(AppError::NotFound { .. })));
    let listing =
        service::category_page(&t.db, &support::site(), "clothing", ListingQuery::default())
            .await
            .expect("clothing");
    assert!(listing.products.items.iter().all(|c| c.slug != slug));
});

on_both_databases!(
    product_pages_show_variants_and_real_stock,
    async |t: &TestDb| {
        t.seed(60).await;
        // Product 1 is apparel: colour × size variants.
        let row = product::Entity::find_by_id(1)
            .one(&t.db)
            .await
            .expect("query")
            .expect("product 1");
        let site = support::site();
        let page = service::product_page(&t.db, &site, &row.slug)
            .await
            .expect("product page");
        assert_eq!(
            page.axes
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>(),
            ["Colour", "Size"]
        );
        assert_eq!(page.specifications.len(), 4);
        assert!(page.images.len() >= 2);
        assert!(page.variants.iter().all(|v| v.values.len() == 2));
        assert!(page.variants.iter().all(|v| v.image_index.is_some()));
        assert_eq!(
            page.canonical_url,
            format!("https://shop.test/p/{}", row.slug)
        );
        assert!(page.json_ld.contains("\"@type\":\"Product\""));
        let lowest = page.variants.iter().map(|v| v.price.minor()).min();
        assert_eq!(lowest, Some(row.min_price_minor));

        // Reserve everything of one variant: the page must call it out of stock.
        let sku = page.variants[0].sku.clone();
        let variant = variant::Entity::find()
            .filter(variant::Column::Sku.eq(sku.clone()))
            .one(&t.db)
            .await
            .expect("query")
            .expect("variant");
        for level in stock_level::Entity::find()
            .filter(stock_level::Column::VariantId.eq(variant.id))
            .all(&t.db)
            .await
            .expect("levels")
        {
            let on_hand = level.on_hand;
            let mut level: stock_level::ActiveModel = level.into();
            level.on_hand = Set(on_hand.max(3));
            level.reserved = Set(on_hand.max(3));
            level.update(&t.db).await.expect("reserve");
        }
        let page = service::product_page(&t.db, &site, &row.slug)
            .await
            .expect("product page");
        let shown = page
            .variants
            .iter()
            .find(|v| v.sku == sku)
            .map(|v| v.availability);
        assert_eq!(shown, Some(Availability::OutOfStock));

        let missing = service::product_page(&t.db, &site, "no-such-product").await;
        assert!(matches!(missing, Err(AppError::NotFound { .. })));
    }
);

on_both_databases!(
    listings_offer_quick_add_only_for_one_variant_products,
    async |t: &TestDb| {
        use app::catalog::model::QuickAdd;
        t.seed(200).await;
        let mut seen = (0, 0);
        for slug in ["kitchen", "lighting", "audio", "clothing"] {
            let page =
                service::category_page(&t.db, &support::site(), slug, ListingQuery::default())
                    .await
                    .expect("category");
            for card in page.products.items {
                let owner = product::Entity::find()
                    .filter(product::Column::Slug.eq(card.slug.as_str()))
                    .one(&t.db)
                    .await
                    .expect("query")
                    .expect("product");
                let variants = variant::Entity::find()
                    .filter(variant::Column::ProductId.eq(owner.id))
                    .all(&t.db)
                    .await
                    .expect("variants");
                match (&card.quick_add, variants.as_slice()) {
                    (QuickAdd::Sku(sku), [only]) => {
                        assert_eq!(sku, &only.sku);
                        seen.0 += 1;
                    }
                    (QuickAdd::SoldOut, [_]) => {}
                    (QuickAdd::ChooseOptions, [_, _, ..]) => seen.1 += 1,
                    (offer, variants) => {
                        panic!("{}: {offer:?} for {} variants", card.slug, variants.len())
                    }
                }
            }
        }
        assert!(
            seen.0 > 0 && seen.1 > 0,
            "the demo has both kinds: {seen:?}"
        );
    }
);
