//! `/admin/products/new` and `/admin/products/:id`: the product editor. The whole product is sent
//! at once and saved in one transaction; every problem comes back with its field and is shown
//! beside it. Variant rows can be added while editing; rows left blank are ignored.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::back_office::{style, AdminSection};
use crate::catalog::admin::media::MediaGallery;
use crate::catalog::admin::products::api::{open_product_editor, SaveProduct};
use crate::catalog::admin::products::model::{Choices, ProductEditor};
use crate::catalog::domain::product_draft::{SpecificationInput, VariantInput};
use crate::catalog::domain::{FieldProblem, ProductInput};
use crate::domain::Permission;
use crate::error::AppError;
use crate::layout::form::FormStatus;
use crate::layout::Loaded;

#[component]
pub fn AdminProductEditorPage() -> impl IntoView {
    let params = use_params_map();
    let editor = Resource::new(
        // "new" (or anything that is not an id) opens an empty editor.
        move || {
            params.with(|p| {
                p.get("id")
                    .and_then(|id| id.parse::<i32>().ok())
                    .unwrap_or(0)
            })
        },
        open_product_editor,
    );
    view! {
        <AdminSection title="Product" needs=Some(Permission::ViewCatalog)>
            <p><a href="/admin/products">"← All products"</a></p>
            <Loaded resource=editor render=|editor| view! {
                <ProductForm editor=editor.clone()/>
                {match editor.id {
                    Some(id) => view! { <MediaGallery product_id=id items=editor.media/> }.into_any(),
                    None => view! { <p>"Save the product first; then you can add its pictures here."</p> }.into_any(),
                }}
            }/>
        </AdminSection>
    }
}

/// The form's fields as name/value pairs, as the browser would post them.
#[cfg(feature = "hydrate")]
fn form_pairs(form: &leptos::web_sys::HtmlFormElement) -> Option<Vec<(String, String)>> {
    let data = leptos::web_sys::FormData::new_with_form(form).ok()?;
    let params = leptos::web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
    let text: String = params.to_string().into();
    Some(
        form_urlencoded::parse(text.as_bytes())
            .into_owned()
            .collect(),
    )
}

fn field_id(name: &str) -> String {
    let id: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("f-{}", id.trim_matches('-').replace("--", "-"))
}

/// The message for `name`, if the last save found a problem there.
fn problem_for(
    problems: Memo<Vec<FieldProblem>>,
    name: String,
) -> impl Fn() -> Option<String> + Copy + Send + Sync {
    let name = StoredValue::new(name);
    move || {
        problems.with(|list| {
            list.iter()
                .find(|p| name.with_value(|n| *n == p.field))
                .map(|p| p.message.clone())
        })
    }
}

/// A labelled input with its problem, if any, right below it.
#[component]
fn Field(
    label: String,
    name: String,
    #[prop(into)] value: String,
    problems: Memo<Vec<FieldProblem>>,
    #[prop(optional)] multiline: bool,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let id = field_id(&name);
    let error_id = format!("{id}-problem");
    let problem = problem_for(problems, name.clone());
    let described = {
        let error_id = error_id.clone();
        move || problem().map(|_| error_id.clone())
    };
    let input = if multiline {
        view! { <textarea id=id.clone() name=name rows="6" aria-invalid=move || problem().is_some().to_string() aria-describedby=described>{value}</textarea> }.into_any()
    } else {
        view! { <input id=id.clone() name=name type=kind value=value autocomplete="off" aria-invalid=move || problem().is_some().to_string() aria-describedby=described/> }.into_any()
    };
    view! {
        <div class=style::field>
            <label for=id.clone()>{label}</label>
            {input}
            {hint.map(|text| view! { <small>{text}</small> })}
            {move || problem().map(|message| view! { <p class=style::problem id=error_id.clone()>{message}</p> })}
        </div>
    }
}

fn select_options(choices: &Choices, selected: &str) -> impl IntoView {
    choices
        .iter()
        .map(|(slug, name)| view! { <option value=slug.clone() selected=slug == selected>{name.clone()}</option> })
        .collect_view()
}

#[component]
fn ProductForm(editor: ProductEditor) -> impl IntoView {
    let save = ServerAction::<SaveProduct>::new();
    let id = editor.id.unwrap_or(0);
    let problems = Memo::new(move |_| match save.value().get() {
        Some(Err(AppError::Invalid(list))) => list,
        _ => Vec::new(),
    });
    let form_ref = NodeRef::<leptos::html::Form>::new();

    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            if id == 0 {
                navigate(&format!("/admin/products/{}", saved.id), Default::default());
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        if let Some(pairs) = form_ref.get().as_ref().and_then(form_pairs) {
            save.dispatch(SaveProduct {
                id,
                form: ProductInput::from_pairs(&pairs),
            });
        }
    };
    let ProductEditor {
        input,
        categories,
        brands,
        locations,
        reserved,
        ..
    } = editor;
    view! {
        <form node_ref=form_ref on:submit=submit class=style::editor aria-label="Product">
            <ProductFields input=input.clone() categories brands problems/>
            <SearchAndMediaFields input=input.clone() problems/>
            <SpecificationFields specifications=input.specifications problems/>
            <VariantFields variants=input.variants locations reserved problems/>

            <button class="button" type="submit" disabled=move || save.pending().get()>"Save product"</button>
            <FormStatus value=save.value() success=move |saved| Some(format!("Saved. The product is at /p/{}.", saved.slug))/>
        </form>
    }
}

/// The product's own fields: texts, category, brand, tax rate, publication.
#[component]
fn ProductFields(
    input: ProductInput,
    categories: Choices,
    brands: Choices,
    problems: Memo<Vec<FieldProblem>>,
) -> impl IntoView {
    let category_problem = problem_for(problems, "category".to_string());
    view! {
        <fieldset>
            <legend>"The product"</legend>
            <Field label="Name".into() name="name".into() value=input.name.clone() problems/>
            <Field label="Web address".into() name="slug".into() value=input.slug.clone() problems hint="Left empty, it is made from the name: /p/your-product-name"/>
            <Field label="Description".into() name="description".into() value=input.description.clone() problems multiline=true/>
            <div class=style::field>
                <label for="f-category">"Category"</label>
                <select id="f-category" name="category">
                    <option value="">"Choose…"</option>
                    {select_options(&categories, &input.category)}
                </select>
                {move || category_problem().map(|m| view! { <p class=style::problem>{m}</p> })}
            </div>
            <div class=style::field>
                <label for="f-brand">"Brand"</label>
                <select id="f-brand" name="brand">
                    <option value="">"No brand"</option>
                    {select_options(&brands, &input.brand)}
                </select>
            </div>
            <div class=style::field>
                <label for="f-tax-class">"Tax rate"</label>
                <select id="f-tax-class" name="tax_class">
                    <option value="standard" selected=input.tax_class != "reduced">"Standard"</option>
                    <option value="reduced" selected=input.tax_class == "reduced">"Reduced (books, food)"</option>
                </select>
            </div>
            <label class=style::check>
                <input type="checkbox" name="published" checked=input.published.is_some()/>
                " Published: shown in the shop and in search"
            </label>
        </fieldset>
    }
}

#[component]
fn SearchAndMediaFields(input: ProductInput, problems: Memo<Vec<FieldProblem>>) -> impl IntoView {
    view! {
        <fieldset>
            <legend>"Search engines and media"</legend>
            <Field label="Title for search engines".into() name="seo_title".into() value=input.seo_title.clone() problems/>
            <Field label="Description for search engines".into() name="seo_description".into() value=input.seo_description.clone() problems/>
            <Field label="Video link".into() name="video_url".into() value=input.video_url.clone() problems kind="url" hint="https://… of a YouTube or Vimeo page"/>
        </fieldset>
    }
}

/// Name and value rows, with one empty row to type a new one in, and a button for more.
#[component]
fn SpecificationFields(
    specifications: Vec<SpecificationInput>,
    problems: Memo<Vec<FieldProblem>>,
) -> impl IntoView {
    let spec_rows = RwSignal::new(specifications.len() + 1);
    let specifications = StoredValue::new(specifications);
    view! {
        <fieldset>
            <legend>"Specifications"</legend>
            <For each=move || 0..spec_rows.get() key=|i| *i let:i>
                {
                    let spec = specifications.with_value(|s| s.get(i).cloned()).unwrap_or_default();
                    view! {
                        <div class=style::row>
                            <Field label=format!("Specification {} name", i + 1) name=format!("specifications[{i}][name]") value=spec.name problems/>
                            <Field label="Value".into() name=format!("specifications[{i}][value]") value=spec.value problems/>
                        </div>
                    }
                }
            </For>
            <button type="button" class="button secondary" on:click=move |_| spec_rows.update(|n| *n += 1)>"Add a specification"</button>
        </fieldset>
    }
}

/// One section per variant (at least one), and a button for more.
#[component]
fn VariantFields(
    variants: Vec<VariantInput>,
    locations: Choices,
    reserved: Vec<Vec<i32>>,
    problems: Memo<Vec<FieldProblem>>,
) -> impl IntoView {
    let variant_rows = RwSignal::new(variants.len().max(1));
    let variants = StoredValue::new(variants);
    let locations = StoredValue::new(locations);
    let reserved = StoredValue::new(reserved);
    let variants_problem = problem_for(problems, "variants".to_string());
    view! {
        <fieldset>
            <legend>"Variants"</legend>
            <p>"Each variant is one thing a shopper can buy: its options (e.g. “Size: M, Colour: Red”), SKU, price and stock."</p>
            {move || variants_problem().map(|m| view! { <p class=style::problem role="alert">{m}</p> })}
            <For each=move || 0..variant_rows.get() key=|i| *i let:i>
                {
                    let variant = variants.with_value(|v| v.get(i).cloned());
                    view! { <VariantSection i variant locations reserved problems/> }
                }
            </For>
            <button type="button" class="button secondary" on:click=move |_| variant_rows.update(|n| *n += 1)>"Add a variant"</button>
        </fieldset>
    }
}

/// Variant `i`: SKU, options, prices, weight, stock per location; a saved one can be removed.
#[component]
fn VariantSection(
    i: usize,
    /// None for a new row.
    variant: Option<VariantInput>,
    locations: StoredValue<Choices>,
    reserved: StoredValue<Vec<Vec<i32>>>,
    problems: Memo<Vec<FieldProblem>>,
) -> impl IntoView {
    let existing = variant.is_some();
    let variant = variant.unwrap_or_default();
    view! {
        <section class=style::variant aria-label=format!("Variant {}", i + 1)>
            <h3>{format!("Variant {}", i + 1)}</h3>
            <div class=style::row>
                <Field label="SKU".into() name=format!("variants[{i}][sku]") value=variant.sku.clone() problems/>
                <Field label="Options".into() name=format!("variants[{i}][options]") value=variant.options.clone() problems/>
            </div>
            <div class=style::row>
                <Field label="Price".into() name=format!("variants[{i}][price]") value=variant.price.clone() problems/>
                <Field label="Compare-at price".into() name=format!("variants[{i}][compare_at]") value=variant.compare_at.clone() problems/>
                <Field label="Weight (g)".into() name=format!("variants[{i}][weight_grams]") value=variant.weight_grams.clone() problems/>
            </div>
            <div class=style::row>
                {locations.with_value(|places| places.iter().enumerate().map(|(j, (code, name))| {
                    let on_hand = variant.stock.get(j).map(|s| s.on_hand.clone()).unwrap_or_default();
                    let seen = variant.stock.get(j).and_then(|s| s.seen.clone()).unwrap_or_default();
                    let held = reserved.with_value(|r| r.get(i).and_then(|row| row.get(j)).copied().unwrap_or(0));
                    view! {
                        <div>
                            <input type="hidden" name=format!("variants[{i}][stock][{j}][location]") value=code.clone()/>
                            <input type="hidden" name=format!("variants[{i}][stock][{j}][seen]") value=seen/>
                            <Field label=format!("Stock at {name}") name=format!("variants[{i}][stock][{j}][on_hand]") value=on_hand problems/>
                            {(held > 0).then(|| view! { <small>{format!("{held} reserved for orders")}</small> })}
                        </div>
                    }
                }).collect_view())}
            </div>
            {existing.then(|| view! {
                <label class=style::check>
                    <input type="checkbox" name=format!("variants[{i}][remove]")/>
                    " Remove this variant"
                </label>
            })}
        </section>
    }
}
