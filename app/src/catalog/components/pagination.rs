use leptos::prelude::*;

use crate::domain::ProductSort;
use crate::i18n::{td, td_string};

stylance::import_crate_style!(style, "src/catalog/components/pagination.module.css");

/// Previous / numbered / next links; the sort order travels with every link. Plain `<a>`s: the
/// router navigates them in place, and only the current page is marked as current.
#[component]
pub fn Pagination(base: String, page: u32, pages: u32, sort: ProductSort) -> impl IntoView {
    let href = move |n: u32| {
        let mut query = Vec::new();
        if n > 1 {
            query.push(format!("page={n}"));
        }
        if sort != ProductSort::default() {
            query.push(format!("sort={}", sort.as_param()));
        }
        if query.is_empty() {
            base.clone()
        } else {
            format!("{base}?{}", query.join("&"))
        }
    };
    view! { <PageLinks page pages href/> }
}

/// Previous / numbered / next links to the pages `href` names; nothing when there is one page.
#[component]
pub fn PageLinks(
    page: u32,
    pages: u32,
    href: impl Fn(u32) -> String + Send + Sync + 'static,
) -> impl IntoView {
    let numbers = visible_pages(page, pages);
    let language = crate::language::use_language();
    (pages > 1).then(|| {
        view! {
            <nav class=style::pagination aria-label=td_string!(language, common.pages)>
                {(page > 1).then(|| view! { <a href=crate::language::href(&href(page - 1)) rel="prev">{td!(language, common.previous)}</a> })}
                <ol>
                    {numbers
                        .into_iter()
                        .map(|n| match n {
                            Some(n) if n == page => view! { <li><span aria-current="page">{n}</span></li> }.into_any(),
                            Some(n) => view! { <li><a href=crate::language::href(&href(n)) aria-label=td_string!(language, common.page_number, number = n)>{n}</a></li> }.into_any(),
                            None => view! { <li aria-hidden="true">"…"</li> }.into_any(),
                        })
                        .collect_view()}
                </ol>
                {(page < pages).then(|| view! { <a href=crate::language::href(&href(page + 1)) rel="next">{td!(language, common.next)}</a> })}
            </nav>
        }
    })
}

/// The first, the last and the pages around the current one; `None` marks a gap.
fn visible_pages(page: u32, pages: u32) -> Vec<Option<u32>> {
    let mut shown: Vec<u32> = [1, page.saturating_sub(1), page, page + 1, pages]
        .into_iter()
        .filter(|n| (1..=pages).contains(n))
        .collect();
    shown.sort_unstable();
    shown.dedup();
    let mut out = Vec::new();
    for (i, n) in shown.iter().enumerate() {
        if i > 0 && n - shown[i - 1] > 1 {
            out.push(None);
        }
        out.push(Some(*n));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::visible_pages;

    #[test]
    fn shows_ends_and_neighbours() {
        assert_eq!(visible_pages(1, 1), vec![Some(1)]);
        assert_eq!(
            visible_pages(5, 10),
            vec![Some(1), None, Some(4), Some(5), Some(6), None, Some(10)]
        );
        assert_eq!(visible_pages(2, 3), vec![Some(1), Some(2), Some(3)]);
    }
}
