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

/// The tree and the actions that change it, shared by every row.
#[derive(Clone, Copy)]
struct Tree {
    nodes: RwSignal<Vec<CategoryNode>>,
    save: ServerAction<SaveCategory>,
    moving: ServerAction<MoveCategory>,
    delete: ServerAction<DeleteCategory>,
    /// The category being dragged.
    dragged: RwSignal<Option<i32>>,
}

impl Tree {
    fn move_to(self, id: i32, parent: Option<i32>, index: usize) {
        self.moving.dispatch(MoveCategory {
            id,
            parent: parent.unwrap_or(0),
            index: u32::try_from(index).unwrap_or(u32::MAX),
        });
    }

    /// Moves `id` one place up (-1) or down (+1) among its siblings.
    fn step(self, id: i32, by: isize) {
        if let Some((parent, index, count)) = self.nodes.with(|n| place_of(n, id)) {
            if let Some(to) = index.checked_add_signed(by).filter(|to| *to < count) {
                self.move_to(id, parent, to);
            }
        }
    }

    /// Puts the dragged category in the place of `id`.
    fn drop_on(self, id: i32) {
        if let (Some(from), Some((parent, index, _))) = (
            self.dragged.get_untracked(),
            self.nodes.with_untracked(|n| place_of(n, id)),
        ) {
            if from != id {
                self.move_to(from, parent, index);
            }
        }
        self.dragged.set(None);
    }
}

#[component]
fn CategoryEditor(nodes: Vec<CategoryNode>) -> impl IntoView {
    let tree = Tree {
        nodes: RwSignal::new(nodes),
        save: ServerAction::<SaveCategory>::new(),
        moving: ServerAction::<MoveCategory>::new(),
        delete: ServerAction::<DeleteCategory>::new(),
        dragged: RwSignal::new(None::<i32>),
    };
    for value in [tree.save.value(), tree.moving.value(), tree.delete.value()] {
        Effect::new(move |_| {
            if let Some(Ok(nodes)) = value.get() {
                tree.nodes.set(nodes);
            }
        });
    }
    view! {
        <p>"Drag a category onto another to put it in that place, or use Up, Down and Move."</p>
        <ul class=style::tree aria-label="Categories">
            {move || tree.nodes.get().into_iter().map(|node| view! { <CategoryItem node tree/> }).collect_view()}
        </ul>
        <h2>"New category"</h2>
        <NewCategory tree/>
        <FormStatus value=tree.save.value() success=|_| Some("Saved.".to_string())/>
        <FormStatus value=tree.moving.value() success=|_| Some("Moved.".to_string())/>
        <FormStatus value=tree.delete.value() success=|_| Some("Deleted.".to_string())/>
    }
}

/// One category of the tree: dragged, moved up or down, deleted, renamed or moved elsewhere.
#[component]
fn CategoryItem(node: CategoryNode, tree: Tree) -> impl IntoView {
    let id = node.id;
    let where_it_is = format!("/c/{} · {} products", node.slug, node.products);
    let depth = node.depth.min(5);
    let (label, title) = (node.name.clone(), node.name.clone());
    let drop_here = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        ev.stop_propagation();
        tree.drop_on(id);
    };
    view! {
        <li
            class=style::branch
            data-depth=depth
            draggable="true"
            on:dragstart=move |ev: leptos::ev::DragEvent| { ev.stop_propagation(); tree.dragged.set(Some(id)); }
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=drop_here
            aria-label=label
        >
            <div class=style::inline>
                <strong>{title}</strong>
                <small>{where_it_is}</small>
                <button type="button" class="button secondary" on:click=move |_| tree.step(id, -1)>"Up"</button>
                <button type="button" class="button secondary" on:click=move |_| tree.step(id, 1)>"Down"</button>
                <ActionForm action=tree.delete>
                    <CsrfField/>
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button secondary">"Delete"</button>
                </ActionForm>
            </div>
            <RenameOrMove node tree/>
        </li>
    }
}

/// A category's forms to rename it and to put it in another category.
#[component]
fn RenameOrMove(node: CategoryNode, tree: Tree) -> impl IntoView {
    let id = node.id;
    let parent_id = node.parent_id;
    let summary = format!("Rename or move {}", node.name);
    let (name, slug) = (node.name, node.slug);
    view! {
        <details>
            <summary>{summary}</summary>
            <ActionForm action=tree.save attr:class=style::inline>
                <CsrfField/>
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="parent" value="0"/>
                <label for=format!("name-{id}")>"Name"</label>
                <input id=format!("name-{id}") name="name" value=name/>
                <label for=format!("slug-{id}")>"Web address"</label>
                <input id=format!("slug-{id}") name="slug" value=slug/>
                <button class="button" type="submit">"Rename"</button>
            </ActionForm>
            <ActionForm action=tree.moving attr:class=style::inline>
                <CsrfField/>
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="index" value="999999"/>
                <label for=format!("parent-{id}")>"Put it in"</label>
                <select id=format!("parent-{id}") name="parent">
                    <option value="0">"The top level"</option>
                    {move || tree.nodes.get().into_iter().filter(|n| n.id != id).map(|n| view! {
                        <option value=n.id selected=parent_id == Some(n.id)>{format!("{}{}", "– ".repeat(n.depth), n.name)}</option>
                    }).collect_view()}
                </select>
                <button class="button" type="submit">"Move"</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn NewCategory(tree: Tree) -> impl IntoView {
    view! {
        <ActionForm action=tree.save attr:class=style::inline>
            <CsrfField/>
            <input type="hidden" name="id" value="0"/>
            <label for="new-category-name">"Name"</label>
            <input id="new-category-name" name="name" required/>
            <label for="new-category-slug">"Web address (optional)"</label>
            <input id="new-category-slug" name="slug"/>
            <label for="new-category-parent">"In"</label>
            <select id="new-category-parent" name="parent">
                <option value="0">"The top level"</option>
                {move || tree.nodes.get().into_iter().map(|n| view! {
                    <option value=n.id>{format!("{}{}", "– ".repeat(n.depth), n.name)}</option>
                }).collect_view()}
            </select>
            <button class="button" type="submit">"Add category"</button>
        </ActionForm>
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
