use leptos::prelude::*;

use crate::catalog::model::Image;
use crate::i18n::td_string;

stylance::import_crate_style!(style, "src/catalog/components/gallery.module.css");

/// The product's images: one large, thumbnails to switch between them without a reload.
#[component]
pub fn Gallery(images: Vec<Image>, shown: RwSignal<usize>) -> impl IntoView {
    let count = images.len();
    let language = crate::language::use_language();
    let images = StoredValue::new(images);
    let main = move || images.with_value(|all| all.get(shown.get()).or(all.first()).cloned());
    view! {
        <div class=style::gallery>
            <div class=style::main>
                {move || main().map(|img| view! {
                    <img
                        srcset=crate::catalog::domain::media::srcset(&img.url)
                        sizes="(max-width: 40rem) 100vw, 50vw"
                        src=img.url
                        alt=img.alt
                        width=img.width
                        height=img.height
                        fetchpriority="high"
                    />
                })}
            </div>
            {(count > 1).then(|| view! {
                <ul class=style::thumbs aria-label=td_string!(language, catalog.product_images)>
                    {images.with_value(|all| all.iter().cloned().enumerate().map(|(i, img)| view! {
                        <li>
                            <button
                                type="button"
                                class=style::thumb
                                aria-label=td_string!(language, catalog.show_image, number = i + 1, count)
                                aria-pressed=move || (shown.get() == i).to_string()
                                on:click=move |_| shown.set(i)
                            >
                                <img src=img.url alt="" width=96 height=96 loading="lazy" decoding="async"/>
                            </button>
                        </li>
                    }).collect_view())}
                </ul>
            })}
        </div>
    }
}
