//! The header's search box: a plain GET form to `/search` (it works before the WASM loads),
//! which, once hydrated, suggests products and categories as the shopper types. Requests wait
//! for a pause in typing, answers to older keystrokes are thrown away, and the list follows the
//! combobox pattern: arrows move, Enter opens, Escape closes.

use leptos::prelude::*;

use crate::i18n::{td, td_string};
use crate::search::api::suggest;
use crate::search::model::Suggestions;

stylance::import_crate_style!(style, "src/search/components/search_box.module.css");

/// How long typing must pause before suggestions are asked for.
const DEBOUNCE_MS: u64 = 150;
/// Fewer letters than this are not worth a request.
const MIN_CHARS: usize = 2;

#[component]
pub fn SearchBox() -> impl IntoView {
    let state = BoxState::new();
    let navigate = leptos_router::hooks::use_navigate();
    let go = move |href: String| {
        state.close();
        navigate(&href, Default::default());
    };
    let on_keydown = {
        let go = go.clone();
        move |ev: leptos::ev::KeyboardEvent| state.on_key(&ev, &go)
    };
    let language = crate::language::use_language();
    view! {
        <form class=style::search action=crate::language::href("/search") method="get" role="search">
            <label class="visually-hidden" for="search-input">{td!(language, search.placeholder)}</label>
            <input
                id="search-input"
                class=style::input
                type="search"
                name="q"
                placeholder=td_string!(language, search.placeholder)
                autocomplete="off"
                role="combobox"
                aria-autocomplete="list"
                aria-controls="search-suggestions"
                aria-expanded=move || state.open.get().to_string()
                aria-activedescendant=move || state.active.get().map(option_id)
                prop:value=move || state.text.get()
                on:input=move |ev| state.on_typing(event_target_value(&ev))
                on:keydown=on_keydown
                on:blur=move |_| set_timeout(move || state.open.set(false), std::time::Duration::from_millis(150))
            />
            <button class=style::submit type="submit">{td!(language, search.search)}</button>
            <ul
                id="search-suggestions"
                class=style::list
                role="listbox"
                aria-label=td_string!(language, search.suggestions)
                hidden=move || !state.open.get()
            >
                {move || suggestion_items(state, go.clone())}
            </ul>
        </form>
    }
}

fn option_id(i: usize) -> String {
    format!("search-option-{i}")
}

/// The categories, then the products, suggested for what was typed; `go` opens one.
fn suggestion_items(state: BoxState, go: impl Fn(String) + Clone + 'static) -> impl IntoView {
    let found = state.suggestions.get();
    let categories = found.categories.len();
    let active = state.active;
    found
        .categories
        .into_iter()
        .enumerate()
        .map(|(i, c)| (i, c.href, format!("{} (category)", c.name), None))
        .chain(
            found
                .products
                .into_iter()
                .enumerate()
                .map(|(i, p)| (categories + i, p.href, p.name, Some(p.price.to_string()))),
        )
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
                    <a href=crate::language::href(&href) tabindex="-1">{label}</a>
                    {price.map(|p| view! { <span class=style::price>{p}</span> })}
                </li>
            }
        })
        .collect_view()
}

/// What the box knows, shared by its handlers.
#[derive(Clone, Copy)]
struct BoxState {
    text: RwSignal<String>,
    suggestions: RwSignal<Suggestions>,
    open: RwSignal<bool>,
    /// The suggestion the arrows moved to.
    active: RwSignal<Option<usize>>,
    /// Every keystroke gets a number; only the answer to the latest one is shown.
    typed: StoredValue<u64>,
}

impl BoxState {
    fn new() -> Self {
        BoxState {
            text: RwSignal::new(String::new()),
            suggestions: RwSignal::new(Suggestions::default()),
            open: RwSignal::new(false),
            active: RwSignal::new(None),
            typed: StoredValue::new(0),
        }
    }

    /// The suggestions' links, in the list's order.
    fn options(self) -> Vec<String> {
        self.suggestions.with(|s| {
            s.categories
                .iter()
                .map(|c| c.href.clone())
                .chain(s.products.iter().map(|p| p.href.clone()))
                .collect::<Vec<_>>()
        })
    }

    fn close(self) {
        self.open.set(false);
        self.active.set(None);
    }

    /// Keeps the text and, once typing pauses, asks for suggestions.
    fn on_typing(self, value: String) {
        self.text.set(value.clone());
        self.active.set(None);
        self.typed.update_value(|n| *n += 1);
        let ticket = self.typed.get_value();
        if value.trim().chars().count() < MIN_CHARS {
            self.suggestions.set(Suggestions::default());
            self.open.set(false);
            return;
        }
        set_timeout(
            move || {
                if self.typed.get_value() != ticket {
                    return;
                }
                leptos::task::spawn_local(async move {
                    if let Ok(found) = suggest(value).await {
                        if self.typed.get_value() == ticket {
                            self.open.set(!found.is_empty());
                            self.suggestions.set(found);
                        }
                    }
                });
            },
            std::time::Duration::from_millis(DEBOUNCE_MS),
        );
    }

    /// Arrows move through the suggestions, Enter opens the active one (with `go`), Escape
    /// closes the list.
    fn on_key(self, ev: &leptos::ev::KeyboardEvent, go: &impl Fn(String)) {
        let count = self.options().len();
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                self.open.set(true);
                self.active
                    .update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                self.active
                    .update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            "Enter" => {
                if let Some(href) = self
                    .active
                    .get_untracked()
                    .and_then(|i| self.options().get(i).cloned())
                {
                    ev.prevent_default();
                    go(href);
                }
            }
            "Escape" => self.close(),
            _ => {}
        }
    }
}
