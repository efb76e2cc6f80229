//! The product editor's pictures: drop files or pick them, watch them upload, then describe,
//! reorder and remove them. Uploads go through `XMLHttpRequest` because `fetch` cannot report
//! upload progress; everything else is a server function.

use leptos::prelude::*;

use super::api::{DeleteMedia, DescribeMedia, OrderMedia};
use super::model::MediaItem;
#[cfg(feature = "hydrate")]
use crate::back_office::send_file::{error_text, files_of, send_file};
use crate::back_office::style;
use crate::layout::form::{CsrfField, FormStatus};

/// How the last upload went, in words.
type Outcome = Option<Result<String, String>>;

/// Uploads `files` one after the other, adding each to the gallery as it arrives.
#[cfg(feature = "hydrate")]
fn upload(
    product_id: i32,
    mut files: Vec<leptos::web_sys::File>,
    gallery: RwSignal<Vec<MediaItem>>,
    progress: RwSignal<Option<u32>>,
    outcome: RwSignal<Outcome>,
) {
    if files.is_empty() {
        return;
    }
    let file = files.remove(0);
    let name = file.name();
    let url = super::model::upload_path(product_id);
    send_file(&url, &file, progress, move |status, body| {
        match serde_json::from_str::<MediaItem>(&body) {
            Ok(item) if status == 200 => {
                gallery.update(|all| all.push(item));
                outcome.set(Some(Ok(format!("{name} was added."))));
            }
            _ => outcome.set(Some(Err(format!("{name}: {}", error_text(status, body))))),
        }
        upload(product_id, files, gallery, progress, outcome);
    });
}

/// The gallery with `dragged` put in the place of `target`, as an id list.
fn dropped(items: &[MediaItem], dragged: i32, target: i32) -> Option<String> {
    if dragged == target {
        return None;
    }
    let to = items.iter().position(|m| m.id == target)?;
    let mut ids: Vec<i32> = items
        .iter()
        .map(|m| m.id)
        .filter(|id| *id != dragged)
        .collect();
    if ids.len() == items.len() {
        return None;
    }
    ids.insert(to.min(ids.len()), dragged);
    Some(ids.iter().map(i32::to_string).collect::<Vec<_>>().join(","))
}

/// The gallery with `id` moved one place by `step` (-1 up, +1 down), as an id list.
fn moved(items: &[MediaItem], id: i32, step: isize) -> Option<String> {
    let from = items.iter().position(|m| m.id == id)?;
    let to = from
        .checked_add_signed(step)
        .filter(|to| *to < items.len())?;
    let mut ids: Vec<i32> = items.iter().map(|m| m.id).collect();
    ids.swap(from, to);
    Some(ids.iter().map(i32::to_string).collect::<Vec<_>>().join(","))
}

/// The gallery as it now is and the actions on it, shared by the whole section.
#[derive(Clone, Copy)]
struct Gallery {
    product_id: i32,
    items: RwSignal<Vec<MediaItem>>,
    progress: RwSignal<Option<u32>>,
    outcome: RwSignal<Outcome>,
    reorder: ServerAction<OrderMedia>,
    describe: ServerAction<DescribeMedia>,
    delete: ServerAction<DeleteMedia>,
    /// The picture being dragged.
    dragged: RwSignal<Option<i32>>,
}

impl Gallery {
    /// Puts the dragged picture in the place of `target`.
    fn drop_on(self, target: i32) {
        if let Some(from) = self.dragged.get_untracked() {
            if let Some(ids) = self.items.with_untracked(|all| dropped(all, from, target)) {
                self.reorder.dispatch(OrderMedia {
                    product: self.product_id,
                    ids,
                });
            }
        }
        self.dragged.set(None);
    }

    /// Moves picture `id` one place up (-1) or down (+1).
    fn move_by(self, id: i32, step: isize) {
        if let Some(ids) = self.items.with(|all| moved(all, id, step)) {
            self.reorder.dispatch(OrderMedia {
                product: self.product_id,
                ids,
            });
        }
    }

    #[cfg(feature = "hydrate")]
    fn upload(self, files: Vec<leptos::web_sys::File>) {
        upload(
            self.product_id,
            files,
            self.items,
            self.progress,
            self.outcome,
        );
    }
}

#[component]
pub fn MediaGallery(product_id: i32, items: Vec<MediaItem>) -> impl IntoView {
    let gallery = Gallery {
        product_id,
        items: RwSignal::new(items),
        progress: RwSignal::new(None::<u32>),
        outcome: RwSignal::<Outcome>::new(None),
        reorder: ServerAction::<OrderMedia>::new(),
        describe: ServerAction::<DescribeMedia>::new(),
        delete: ServerAction::<DeleteMedia>::new(),
        dragged: RwSignal::new(None::<i32>),
    };
    // Each action answers with the gallery as it now is.
    Effect::new(move |_| {
        if let Some(Ok(list)) = gallery.reorder.value().get() {
            gallery.items.set(list);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(list)) = gallery.delete.value().get() {
            gallery.items.set(list);
        }
    });
    let (progress, outcome) = (gallery.progress, gallery.outcome);
    view! {
        <section class=style::media aria-labelledby="pictures-heading">
            <h2 id="pictures-heading">"Pictures"</h2>
            <Dropzone gallery/>
            {move || progress.get().map(|p| view! {
                <progress max="100" value=p aria-label="Upload progress">{format!("{p} %")}</progress>
            })}
            <div aria-live="polite">
                {move || outcome.get().map(|result| match result {
                    Ok(text) => view! { <p class=style::success>{text}</p> }.into_any(),
                    Err(text) => view! { <p class=style::problem role="alert">{text}</p> }.into_any(),
                })}
            </div>
            <p>"Drag pictures into order, or use Move up and Move down; the first is shown first."</p>
            <ol class=style::pictures aria-label="Pictures, first shown first">
                <For each=move || gallery.items.get() key=|m| (m.id, m.alt.clone()) let:item>
                    <Picture item gallery/>
                </For>
            </ol>
            <FormStatus value=gallery.describe.value() success=|_| Some("Alt text saved.".to_string())/>
            <FormStatus value=gallery.reorder.value() success=|_| None/>
            <FormStatus value=gallery.delete.value() success=|_| Some("Picture removed.".to_string())/>
        </section>
    }
}

/// Where files are dropped or picked to upload.
#[component]
fn Dropzone(gallery: Gallery) -> impl IntoView {
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        gallery.upload(files_of(ev.data_transfer().and_then(|d| d.files())));
    };
    let on_pick = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            let input = event_target::<leptos::web_sys::HtmlInputElement>(&ev);
            gallery.upload(files_of(input.files()));
            input.set_value("");
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, gallery);
    };
    view! {
        <div class=style::dropzone on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
            <p>"Drop JPEG, PNG, WebP or GIF pictures here (up to 10 MB each), or"</p>
            <label for="picture-files">"Add pictures"</label>
            <input id="picture-files" type="file" accept="image/jpeg,image/png,image/webp,image/gif" multiple on:change=on_pick/>
        </div>
    }
}

/// One picture: dragged into order, described, moved up or down, removed.
#[component]
fn Picture(item: MediaItem, gallery: Gallery) -> impl IntoView {
    let id = item.id;
    view! {
        <li
            draggable="true"
            on:dragstart=move |_| gallery.dragged.set(Some(id))
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); gallery.drop_on(id); }
        >
            <img src=item.url.clone() srcset=crate::catalog::domain::media::srcset(&item.url) sizes="8rem" alt=item.alt.clone() width=item.width height=item.height/>
            <ActionForm action=gallery.describe attr:class=style::inline>
                <CsrfField/>
                <input type="hidden" name="id" value=id/>
                <label for=format!("alt-{id}")>"Alt text"</label>
                <input id=format!("alt-{id}") name="alt" value=item.alt.clone()/>
                <button class="button secondary" type="submit">"Save"</button>
            </ActionForm>
            <div class=style::inline>
                <button type="button" class="button secondary" on:click=move |_| gallery.move_by(id, -1)>"Move up"</button>
                <button type="button" class="button secondary" on:click=move |_| gallery.move_by(id, 1)>"Move down"</button>
                <ActionForm action=gallery.delete>
                    <CsrfField/>
                    <input type="hidden" name="id" value=id/>
                    <button class="button secondary" type="submit">"Remove"</button>
                </ActionForm>
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: i32) -> MediaItem {
        MediaItem {
            id,
            url: String::new(),
            alt: String::new(),
            width: 1,
            height: 1,
        }
    }

    #[test]
    fn moving_swaps_neighbours_and_stops_at_the_ends() {
        let items = [item(1), item(2), item(3)];
        assert_eq!(moved(&items, 2, -1).as_deref(), Some("2,1,3"));
        assert_eq!(moved(&items, 2, 1).as_deref(), Some("1,3,2"));
        assert_eq!(moved(&items, 1, -1), None);
        assert_eq!(moved(&items, 3, 1), None);
        assert_eq!(moved(&items, 9, 1), None);
        assert_eq!(dropped(&items, 3, 1).as_deref(), Some("3,1,2"));
        assert_eq!(dropped(&items, 1, 3).as_deref(), Some("2,3,1"));
        assert_eq!(dropped(&items, 2, 2), None);
        assert_eq!(dropped(&items, 7, 2), None);
    }
}
