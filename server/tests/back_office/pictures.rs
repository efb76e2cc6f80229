//! Product pictures: checked, resized, ordered, described and removed, in the media folder or
//! an S3 bucket.

use axum::http::StatusCode;
use test_support as support;
use test_support::on_both_databases;

use crate::new_product;
use test_support::shopping::json_of;
use test_support::{Client, Shop};

fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 200) as u8, (y % 200) as u8, 90])
    });
    let mut bytes = Vec::new();
    picture
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .expect("encode");
    bytes
}

on_both_databases!(
    pictures_are_checked_resized_ordered_described_and_removed,
    async |shop: &Shop| {
        shop.seed(5).await;
        let mut admin = shop.signed_in_admin().await;
        let saved = json_of(
            &admin
                .post_json(
                    "/api/admin/product/save",
                    &new_product("Pictured Tee", ["PIC-S", "PIC-M"]),
                )
                .await,
        );
        let id = saved["id"].as_i64().expect("id");
        let path = format!("/api/admin/products/{id}/images?alt=Front%20view");

        let text = admin
            .post_bytes(
                &path,
                "image/png",
                b"this is a text file renamed to shirt.png".to_vec(),
            )
            .await;
        assert_eq!(text.status, StatusCode::BAD_REQUEST, "{text:?}");
        assert!(
            text.body.contains("not a JPEG, PNG, WebP or GIF"),
            "{}",
            text.body
        );
        let huge = admin
            .post_bytes(
                &path,
                "image/png",
                vec![0u8; app::catalog::domain::media::MAX_IMAGE_BYTES + 1],
            )
            .await;
        assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
        let mut visitor = shop.client();
        assert_eq!(
            visitor
                .post_bytes(&path, "image/png", png(10, 10))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        shop.account("clerk@example.com", "Stock clerk").await;
        let mut clerk = shop.signed_in("clerk@example.com").await;
        assert_eq!(
            clerk
                .post_bytes(&path, "image/png", png(10, 10))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let mut foreign = shop.signed_in_admin().await;
        foreign.origin = Some("https://evil.example".into());
        assert_eq!(
            foreign
                .post_bytes(&path, "image/png", png(10, 10))
                .await
                .status,
            StatusCode::FORBIDDEN,
            "the CSRF guard covers uploads"
        );
        assert_eq!(
            admin
                .post_bytes(
                    "/api/admin/products/999999/images",
                    "image/png",
                    png(10, 10)
                )
                .await
                .status,
            StatusCode::NOT_FOUND
        );

        let first = admin.post_bytes(&path, "image/png", png(1600, 1000)).await;
        assert_eq!(first.status, StatusCode::OK, "{first:?}");
        let first = json_of(&first);
        assert_eq!(
            (first["width"].as_i64(), first["height"].as_i64()),
            (Some(1200), Some(750))
        );
        let url = first["url"].as_str().expect("url").to_string();
        assert!(url.ends_with("-1200.webp"), "{url}");
        for width in [300, 600, 1200] {
            let key = url
                .trim_start_matches("/media/")
                .replace("-1200.webp", &format!("-{width}.webp"));
            let stored = std::fs::read(shop.media_dir.join(&key)).expect("stored size");
            assert_eq!(
                app::catalog::domain::media::ImageKind::sniff(&stored),
                Ok(app::catalog::domain::media::ImageKind::WebP)
            );
        }
        let served = shop.client().get(&url).await;
        assert_eq!(served.status, StatusCode::OK, "served at /media");

        let second = json_of(&admin.post_bytes(&path, "image/png", png(200, 200)).await);
        assert_eq!(second["width"], 200, "small pictures are not enlarged");
        let (a, b) = (
            first["id"].as_i64().expect("id"),
            second["id"].as_i64().expect("id"),
        );

        let order = admin
            .post(
                "/api/admin/media/order",
                &[("product", &id.to_string()), ("ids", &format!("{b},{a}"))],
            )
            .await;
        assert_eq!(order.status, StatusCode::OK, "{order:?}");
        assert_eq!(json_of(&order)[0]["id"], b);
        let partial = admin
            .post(
                "/api/admin/media/order",
                &[("product", &id.to_string()), ("ids", &a.to_string())],
            )
            .await;
        assert_eq!(
            partial.status,
            StatusCode::CONFLICT,
            "every picture must be named"
        );
        let described = admin
            .post(
                "/api/admin/media/alt",
                &[("id", &a.to_string()), ("alt", "Back view")],
            )
            .await;
        assert_eq!(described.status, StatusCode::OK);
        let too_long = admin
            .post(
                "/api/admin/media/alt",
                &[("id", &a.to_string()), ("alt", &"x".repeat(301))],
            )
            .await;
        assert_eq!(too_long.status, StatusCode::BAD_REQUEST);

        let page = json_of(
            &shop
                .client()
                .get("/api/catalog/product?slug=pictured-tee")
                .await,
        );
        let images = page["images"].as_array().expect("images").clone();
        assert_eq!(images.len(), 2, "{page}");
        assert_eq!(
            images[1]["alt"], "Back view",
            "the reordered gallery: {page}"
        );

        let removed = admin
            .post("/api/admin/media/delete", &[("id", &b.to_string())])
            .await;
        assert_eq!(removed.status, StatusCode::OK);
        assert_eq!(json_of(&removed).as_array().map(Vec::len), Some(1));
    }
);

/// A shop started with `settings`, a new product called `name`, and `picture` uploaded for it:
/// (shop, its administrator, the product's id, the upload's reply).
async fn shop_with_a_picture(
    engine: support::Engine,
    settings: &[String],
    name: &str,
    picture: Vec<u8>,
) -> (Shop, Client, i64, support::Reply) {
    let shop = Shop::open_with(
        engine,
        &settings.iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .await;
    shop.seed(3).await;
    let mut admin = shop.signed_in_admin().await;
    let sku = name.to_uppercase().replace(' ', "-");
    let saved = json_of(
        &admin
            .post_json(
                "/api/admin/product/save",
                &new_product(name, [&format!("{sku}-S"), &format!("{sku}-M")]),
            )
            .await,
    );
    let id = saved["id"].as_i64().expect("id");
    let reply = admin
        .post_bytes(
            &format!("/api/admin/products/{id}/images"),
            "image/png",
            picture,
        )
        .await;
    (shop, admin, id, reply)
}

/// With a bucket configured, pictures go there (signed with the bucket's keys) and pages link to
/// the bucket's public address; a bucket that refuses leaves the gallery untouched.
async fn pictures_go_to_an_s3_bucket(engine: support::Engine) {
    let bucket =
        support::s3_double::S3Double::start("shop-media", "AKIDMERCATO", "bucket secret").await;
    let public = format!("{}/{}", bucket.endpoint, bucket.bucket);
    let settings = |secret: &'static str| {
        vec![
            "--media-s3-endpoint".to_string(),
            bucket.endpoint.clone(),
            "--media-s3-bucket".to_string(),
            bucket.bucket.clone(),
            "--media-s3-access-key".to_string(),
            "AKIDMERCATO".to_string(),
            "--media-s3-secret-key".to_string(),
            secret.to_string(),
            "--media-public-url".to_string(),
            public.clone(),
        ]
    };
    let good = settings("bucket secret");
    let (shop, _, id, added) =
        shop_with_a_picture(engine, &good, "Bucket Tee", png(900, 600)).await;
    assert_eq!(added.status, StatusCode::OK, "{added:?}");
    let url = json_of(&added)["url"].as_str().expect("url").to_string();
    assert!(
        url.starts_with(&public) && url.ends_with("-600.webp"),
        "{url}"
    );
    let stored = bucket.objects();
    assert_eq!(stored.len(), 2, "300 and 600 px: {stored:?}");
    assert!(stored.iter().all(
        |(key, kind, size)| key.starts_with(&format!("products/{id}/"))
            && kind == "image/webp"
            && *size > 0
    ));
    let served = reqwest::get(&url).await.expect("the bucket answers");
    assert_eq!(served.status(), 200);
    assert_eq!(&served.bytes().await.expect("bytes")[8..12], b"WEBP");
    let page = shop.client().get("/p/bucket-tee").await;
    let policy = page.headers["content-security-policy"]
        .to_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        policy.contains(&format!("img-src 'self' data: {}", bucket.endpoint)),
        "pages may show the bucket's pictures: {policy}"
    );
    shop.finish().await;

    // The same bucket with the wrong secret: S3 refuses, the shop says so and keeps nothing.
    let wrong = settings("not the secret");
    let (shop, mut admin, id, refused) =
        shop_with_a_picture(engine, &wrong, "Refused Tee", png(400, 400)).await;
    assert_eq!(
        refused.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{refused:?}"
    );
    assert!(
        refused.body.contains("could not be stored"),
        "{}",
        refused.body
    );
    let editor = json_of(&admin.get(&format!("/api/admin/product?id={id}")).await);
    assert_eq!(editor["media"].as_array().map(Vec::len), Some(0));
    assert_eq!(bucket.objects().len(), 2, "nothing more stored");
    shop.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pictures_go_to_an_s3_bucket_on_sqlite() {
    pictures_go_to_an_s3_bucket(support::Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pictures_go_to_an_s3_bucket_on_postgres() {
    pictures_go_to_an_s3_bucket(support::Engine::Postgres).await;
}
