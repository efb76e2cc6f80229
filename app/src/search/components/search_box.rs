//! The header's search box: a plain GET form to `/search` (it works before the WASM loads),
//! which, once hydrated, suggests products and categories as the shopper types. Requests wait
//! for a pause in typing, answers to older keystrokes are thrown away, and the list follows the
//! combobox pattern: arrows move, Enter opens, Escape closes.

use leptos::prelude::*;

use crate::search::api::suggest;
use crate::search::model::Suggestions;

stylance::import_crate_style!(style, "src/search/components/search_box.module.css");

/// How long typing must pause before suggestions are asked for.
const DEBOUNCE_MS: u64 = 150;
/// Fewer letters than this are not worth a request.
const MIN_CHARS: usize = 2;

#[component]
pub fn SearchBox() -> impl IntoView {
    let text = RwSignal::new(String::new());
    let suggestions = RwSignal::new(Suggestions::default());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    // Every keystroke gets a number; only the answer to the latest one is shown.
    let typed = StoredValue::new(0_u64);

    let options = move || {
        suggestions.with(|s| {
            s.categories
                .iter()
                .map(|c| c.href.clone())
                .chain(s.products.iter().map(|p| p.href.clone()))
                .collect::<Vec<_>>()
        })
    };
    let navigate = leptos_router::hooks::use_navigate();
    let go = move |href: String| {
        open.set(false);
        active.set(None);
        navigate(&href, Default::default());
    };

    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        text.set(value.clone());
        active.set(None);
        typed.update_value(|n| *n += 1);
        let ticket = typed.get_value();
        if value.trim().chars().count() < MIN_CHARS {
            suggestions.set(Suggestions::default());
            open.set(false);
            return;
        }
        set_timeout(
            move || {
                if typed.get_value() != ticket {
                    return;
                }
                leptos::task::spawn_local(async move {
                    if let Ok(found) = suggest(value).await {
                        if typed.get_value() == ticket {
                            open.set(!found.is_empty());
                            suggestions.set(found);
                        }
                    }
                });
            },
            std::time::Duration::from_millis(DEBOUNCE_MS),
        );
    };

    let on_keydown = {
        let go = go.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let count = options().len();
            match ev.key().as_str() {
                "ArrowDown" if count > 0 => {
                    ev.prevent_default();
                    open.set(true);
                    active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
                }
                "ArrowUp" if count > 0 => {
                    ev.prevent_default();
                    active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
                }
                "Enter" => {
                    if let Some(href) = active
                        .get_untracked()
                        .and_then(|i| options().get(i).cloned())
                    {
                        ev.prevent_default();
                        go(href);
                    }
                }
                "Escape" => {
                    open.set(false);
                    active.set(None);
                }
                _ => {}
            }
        }
    };

    let option_id = |i: usize| format!("search-option-{i}");
    view! {
        <form class=style::search action="/search" method="get" role="search">
            <label class="visually-hidden" for="search-input">"Search products"</label>
            <input
                id="search-input"
                class=style::input
                type="search"
                name="q"
                placeholder="Search products"
                autocomplete="off"
                role="combobox"
                aria-autocomplete="list"
                aria-controls="search-suggestions"
                aria-expanded=move || open.get().to_string()
                aria-activedescendant=move || active.get().map(option_id)
                prop:value=move || text.get()
                on:input=on_input
                on:keydown=on_keydown
                on:blur=move |_| set_timeout(move || open.set(false), std::time::Duration::from_millis(150))
            />
            <button class=style::submit type="submit">"Search"</button>
            <ul
                id="search-suggestions"
                class=style::list
                role="listbox"
                aria-label="Suggestions"
                hidden=move || !open.get()
            >
                {move || {
                    let found = suggestions.get();
                    let categories = found.categories.len();
                    let go = go.clone();
                    found
                        .categories
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| (i, c.href, format!("{} (category)", c.name), None))
                        .chain(found.products.into_iter().enumerate().map(|(i, p)| {
                            (categories + i, p.href, p.name, Some(p.price.to_string()))
                        }))
                        .map(|(i, href, label, price)| {
                            let go = go.clone();
                            let target = href.clone();
                            view! {
                                <li
                                    id=option_id(i)
                                    role="option"
                                    class=style::option
                                    aria-selected=move || (active.get() == Some(i)).to_string()
                                    on:mousedown=move |ev| {
                                        ev.prevent_default();
                                        go(target.clone());
                                    }
                                >
                                    <a href=href tabindex="-1">{label}</a>
                                    {price.map(|p| view! { <span class=style::price>{p}</span> })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </form>
    }
}
