use leptos::prelude::*;

use crate::catalog::model::ProductView;

stylance::import_crate_style!(style, "src/catalog/components/variant_picker.module.css");

/// One group of radio buttons per option axis. Choosing a value moves the selection to an
/// existing variant (see `ProductView::choose`) and shows that variant's image.
#[component]
pub fn VariantPicker(
    product: StoredValue<ProductView>,
    selection: RwSignal<Vec<String>>,
    shown_image: RwSignal<usize>,
) -> impl IntoView {
    let axes = product.with_value(|p| p.axes.clone());
    view! {
        <div class=style::picker>
            {axes
                .into_iter()
                .enumerate()
                .map(|(axis, option)| {
                    let group = format!("option-{axis}");
                    view! {
                        <fieldset class=style::axis>
                            <legend>
                                {option.name.clone()} ": "
                                <strong>{move || selection.with(|s| s.get(axis).cloned().unwrap_or_default())}</strong>
                            </legend>
                            <div class=style::values>
                                {option
                                    .values
                                    .into_iter()
                                    .map(|value| {
                                        let v = value.clone();
                                        let exists = {
                                            let v = value.clone();
                                            move || selection.with(|s| product.with_value(|p| p.combination_exists(s, axis, &v)))
                                        };
                                        let checked = {
                                            let v = value.clone();
                                            move || selection.with(|s| s.get(axis) == Some(&v))
                                        };
                                        let pick = move |_| {
                                            let next = product.with_value(|p| p.choose(&selection.get_untracked(), axis, &v));
                                            if let Some(image) = product.with_value(|p| p.variant_with(&next).and_then(|v| v.image_index)) {
                                                shown_image.set(image);
                                            }
                                            selection.set(next);
                                        };
                                        view! {
                                            <label class=style::chip class:unavailable=move || !exists()>
                                                <input type="radio" name=group.clone() value=value.clone() prop:checked=checked on:change=pick/>
                                                <span>{value}</span>
                                            </label>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        </fieldset>
                    }
                })
                .collect_view()}
        </div>
    }
}
