//! A link to a shop page keeps the page's language only if it goes through `language::href`:
//! the router's `<A>` leaves an absolute address as it is (only `use_navigate` adds the router's
//! prefix), and a plain `<a>` is the browser's. This test finds the links that forgot.

use std::path::Path;

/// The back office stays at `/admin` in every language; its pages are not checked.
fn is_back_office(path: &Path) -> bool {
    let text = path.to_string_lossy();
    [
        "/admin",
        "back_office",
        "/staff/",
        "/purchasing/",
        "/inventory/",
        "/till/",
        "/audit/",
    ]
    .iter()
    .any(|part| text.contains(part))
}

fn shop_views(dir: &Path, found: &mut Vec<(String, usize, String)>) {
    for entry in std::fs::read_dir(dir)
        .expect("readable source folder")
        .flatten()
    {
        let path = entry.path();
        if is_back_office(&path) {
            continue;
        }
        if path.is_dir() {
            shop_views(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("links.rs") {
            let text = std::fs::read_to_string(&path).expect("readable source");
            for (n, line) in text.lines().enumerate() {
                if line.trim_start().starts_with("//") {
                    continue;
                }
                let forgot = line.contains("<A href=")
                    && !line.contains("<A href=crate::language::href(")
                    || line.contains("<a ")
                        && line.contains("href=\"/")
                        && !line.contains("rel=\"external\"");
                if forgot {
                    found.push((path.display().to_string(), n + 1, line.trim().to_string()));
                }
            }
        }
    }
}

#[test]
fn every_shop_link_keeps_the_page_language() {
    let mut found = Vec::new();
    shop_views(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    assert!(
        found.is_empty(),
        "links that would leave the page's language (use crate::language::href):\n{found:#?}"
    );
}
