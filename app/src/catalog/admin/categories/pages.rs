//! `/admin/categories` (the tree: drag a category onto another to put it in that place, or use
//! the buttons, which work from the keyboard) and `/admin/brands`.

use leptos::prelude::*;

use super::api::{
    brand_list, category_tree, DeleteBrand, DeleteCategory, MoveCategory, SaveBrand, SaveCategory,
};
use super::model::{children_of, BrandRow, CategoryNode};
use crate::back_office::{style, AdminSection};
use crate::domain::Permission;
use crate::layout::form::{CsrfField, FormStatus};
use crate::layout::Loaded;

#[component]
pub fn CategoriesPage() -> impl IntoView {
    let loaded = Resource::new(|| (), |_| category_tree());
    view! {
        <AdminSection title="Categories" needs=Some(Permission::ViewCatalog)>
            <Loaded resource=loaded render=|nodes| view! { <CategoryEditor nodes/> }/>
        </AdminSection>
    }
}

/// Where a category sits among its siblings.
fn place_of(nodes: &[CategoryNode], id: i32) -> Option<(Option<i32>, usize, usize)> {
    let node = nodes.iter().find(|n| n.id == id)?;
    let siblings = children_of(nodes, node.parent_id);
    let index = siblings.iter().position(|n| n.id == id)?;
    Some((node.parent_id, index, siblings.len()))
}

#[component]
fn CategoryEditor(nodes: Vec<CategoryNode>) -> impl IntoView {
    let tree = RwSignal::new(nodes);
    let save = ServerAction::<SaveCategory>::new();
    let moving = ServerAction::<MoveCategory>::new();
    let delete = ServerAction::<DeleteCategory>::new();
    let dragged = RwSignal::new(None::<i32>);
    for value in [save.value(), moving.value(), delete.value()] {
        Effect::new(move |_| {
            if let Some(Ok(nodes)) = value.get() {
                tree.set(nodes);
            }
        });
    }
    let move_to = move |id: i32, parent: Option<i32>, index: usize| {
        moving.dispatch(MoveCategory {
            id,
            parent: parent.unwrap_or(0),
            index: u32::try_from(index).unwrap_or(u32::MAX),
        });
    };
    let step = move |id: i32, by: isize| {
        if let Some((parent, index, count)) = tree.with(|n| place_of(n, id)) {
            if let Some(to) = index.checked_add_signed(by).filter(|to| *to < count) {
                move_to(id, parent, to);
            }
        }
    };
    let item = move |node: CategoryNode| {
        let id = node.id;
        let parent_id = node.parent_id;
        let summary = format!("Rename or move {}", node.name);
        let where_it_is = format!("/c/{} · {} products", node.slug, node.products);
        let depth = node.depth.min(5);
        let (name, slug) = (node.name, node.slug);
        let (label, title) = (name.clone(), name.clone());
        let drop_here = move |ev: leptos::ev::DragEvent| {
            ev.prevent_default();
            ev.stop_propagation();
            if let (Some(from), Some((parent, index, _))) = (
                dragged.get_untracked(),
                tree.with_untracked(|n| place_of(n, id)),
            ) {
                if from != id {
                    move_to(from, parent, index);
                }
            }
            dragged.set(None);
        };
        view! {
            <li
                class=style::branch
                data-depth=depth
                draggable="true"
                on:dragstart=move |ev: leptos::ev::DragEvent| { ev.stop_propagation(); dragged.set(Some(id)); }
                on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
                on:drop=drop_here
                aria-label=label
            >
                <div class=style::inline>
                    <strong>{title}</strong>
                    <small>{where_it_is}</small>
                    <button type="button" class="button secondary" on:click=move |_| step(id, -1)>"Up"</button>
                    <button type="button" class="button secondary" on:click=move |_| step(id, 1)>"Down"</button>
                    <ActionForm action=delete>
                        <CsrfField/>
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class="button secondary">"Delete"</button>
                    </ActionForm>
                </div>
                <details>
                    <summary>{summary}</summary>
                    <ActionForm action=save attr:class=style::inline>
                        <CsrfField/>
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="parent" value="0"/>
                        <label for=format!("name-{id}")>"Name"</label>
                        <input id=format!("name-{id}") name="name" value=name/>
                        <label for=format!("slug-{id}")>"Web address"</label>
                        <input id=format!("slug-{id}") name="slug" value=slug/>
                        <button class="button" type="submit">"Rename"</button>
                    </ActionForm>
                    <ActionForm action=moving attr:class=style::inline>
                        <CsrfField/>
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="index" value="999999"/>
                        <label for=format!("parent-{id}")>"Put it in"</label>
                        <select id=format!("parent-{id}") name="parent">
                            <option value="0">"The top level"</option>
                            {move || tree.get().into_iter().filter(|n| n.id != id).map(|n| view! {
                                <option value=n.id selected=parent_id == Some(n.id)>{format!("{}{}", "– ".repeat(n.depth), n.name)}</option>
                            }).collect_view()}
                        </select>
                        <button class="button" type="submit">"Move"</button>
                    </ActionForm>
                </details>
            </li>
        }
    };
    view! {
        <p>"Drag a category onto another to put it in that place, or use Up, Down and Move."</p>
        <ul class=style::tree aria-label="Categories">
            {move || tree.get().into_iter().map(item).collect_view()}
        </ul>
        <h2>"New category"</h2>
        <ActionForm action=save attr:class=style::inline>
            <CsrfField/>
            <input type="hidden" name="id" value="0"/>
            <label for="new-category-name">"Name"</label>
            <input id="new-category-name" name="name" required/>
            <label for="new-category-slug">"Web address (optional)"</label>
            <input id="new-category-slug" name="slug"/>
            <label for="new-category-parent">"In"</label>
            <select id="new-category-parent" name="parent">
                <option value="0">"The top level"</option>
                {move || tree.get().into_iter().map(|n| view! {
                    <option value=n.id>{format!("{}{}", "– ".repeat(n.depth), n.name)}</option>
                }).collect_view()}
            </select>
            <button class="button" type="submit">"Add category"</button>
        </ActionForm>
        <FormStatus value=save.value() success=|_| Some("Saved.".to_string())/>
        <FormStatus value=moving.value() success=|_| Some("Moved.".to_string())/>
        <FormStatus value=delete.value() success=|_| Some("Deleted.".to_string())/>
    }
}

#[component]
pub fn BrandsPage() -> impl IntoView {
    let loaded = Resource::new(|| (), |_| brand_list());
    view! {
        <AdminSection title="Brands" needs=Some(Permission::ViewCatalog)>
            <Loaded resource=loaded render=|rows| view! { <BrandEditor rows/> }/>
        </AdminSection>
    }
}

#[component]
fn BrandEditor(rows: Vec<BrandRow>) -> impl IntoView {
    let list = RwSignal::new(rows);
    let save = ServerAction::<SaveBrand>::new();
    let delete = ServerAction::<DeleteBrand>::new();
    for value in [save.value(), delete.value()] {
        Effect::new(move |_| {
            if let Some(Ok(rows)) = value.get() {
                list.set(rows);
            }
        });
    }
    view! {
        <table class="data">
            <thead><tr><th scope="col">"Brand"</th><th scope="col">"Products"</th><th scope="col">"Change"</th></tr></thead>
            <tbody>
                {move || list.get().into_iter().map(|b| {
                    let id = b.id;
                    let rename_label = format!("New name for {}", b.name);
                    let delete_label = format!("Delete {}", b.name);
                    view! {
                        <tr>
                            <td>{b.name.clone()}<br/><small>{b.slug.clone()}</small></td>
                            <td>{b.products}</td>
                            <td>
                                <ActionForm action=save attr:class=style::inline>
                                    <CsrfField/>
                                    <input type="hidden" name="id" value=id/>
                                    <label class="visually-hidden" for=format!("brand-{id}")>{rename_label}</label>
                                    <input id=format!("brand-{id}") name="name" value=b.name.clone()/>
                                    <input type="hidden" name="slug" value=b.slug.clone()/>
                                    <button class="button secondary" type="submit">"Rename"</button>
                                </ActionForm>
                                <ActionForm action=delete>
                                    <CsrfField/>
                                    <input type="hidden" name="id" value=id/>
                                    <button class="button secondary" type="submit">{delete_label}</button>
                                </ActionForm>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <h2>"New brand"</h2>
        <ActionForm action=save attr:class=style::inline>
            <CsrfField/>
            <input type="hidden" name="id" value="0"/>
            <label for="new-brand-name">"Name"</label>
            <input id="new-brand-name" name="name" required/>
            <label for="new-brand-slug">"Web address (optional)"</label>
            <input id="new-brand-slug" name="slug"/>
            <button class="button" type="submit">"Add brand"</button>
        </ActionForm>
        <FormStatus value=save.value() success=|_| Some("Saved.".to_string())/>
        <FormStatus value=delete.value() success=|_| Some("Deleted.".to_string())/>
    }
}
