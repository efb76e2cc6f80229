//! `/admin/products/import`: a CSV file in (checked first, then all or nothing, or the valid
//! products only), and the whole catalog out in the same format.

use leptos::prelude::*;

use crate::back_office::{style, AdminSection};
use crate::catalog::admin::products::model::ImportReport;
use crate::domain::Permission;

#[component]
pub fn ProductImportPage() -> impl IntoView {
    let progress = RwSignal::new(None::<u32>);
    let working = RwSignal::new(false);
    let report = RwSignal::new(None::<Result<ImportReport, String>>);
    let valid_only = RwSignal::new(false);
    let on_pick = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use crate::back_office::send_file::{error_text, files_of, send_file};
            let input = event_target::<leptos::web_sys::HtmlInputElement>(&ev);
            if let Some(file) = files_of(input.files()).into_iter().next() {
                let mode = if valid_only.get_untracked() {
                    "valid"
                } else {
                    "all"
                };
                report.set(None);
                working.set(true);
                send_file(
                    &crate::catalog::admin::products::model::import_path(mode),
                    &file,
                    progress,
                    move |status, body| {
                        working.set(false);
                        report.set(Some(match serde_json::from_str::<ImportReport>(&body) {
                            Ok(done) if status == 200 => Ok(done),
                            _ => Err(error_text(status, body)),
                        }));
                    },
                );
            }
            input.set_value("");
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, valid_only, working);
    };
    view! {
        <AdminSection title="Import and export products" needs=Some(Permission::ViewCatalog)>
            <p>
                <a href="/admin/products/export.csv" rel="external" download="products.csv">"Download all products (CSV)"</a>
                " — one row per variant, in the format the import reads."
            </p>
            <section aria-labelledby="import-heading" class=style::media>
                <h2 id="import-heading">"Import a CSV file"</h2>
                <p>"Rows with the same slug are one product; its first row holds the product's own fields. Products whose slug exists are updated. Every row is checked before anything is written."</p>
                <fieldset>
                    <legend>"If some rows have problems"</legend>
                    <label class=style::check>
                        <input type="radio" name="mode" checked=true on:change=move |_| valid_only.set(false)/>
                        " Import nothing and list the problems"
                    </label>
                    <label class=style::check>
                        <input type="radio" name="mode" on:change=move |_| valid_only.set(true)/>
                        " Import the valid products and list the rest"
                    </label>
                </fieldset>
                <label for="import-file">"CSV file to import"</label>
                <input id="import-file" type="file" accept=".csv,text/csv" on:change=on_pick/>
                {move || progress.get().map(|p| view! {
                    <progress max="100" value=p aria-label="Upload progress">{format!("{p} %")}</progress>
                })}
                {move || (working.get() && progress.get().is_none()).then(|| view! {
                    <p role="status">"Checking and importing…"</p>
                })}
                {move || report.get().map(|outcome| match outcome {
                    Ok(done) => view! { <Report report=done/> }.into_any(),
                    Err(text) => view! { <p class=style::problem role="alert">{text}</p> }.into_any(),
                })}
            </section>
        </AdminSection>
    }
}

#[component]
fn Report(report: ImportReport) -> impl IntoView {
    let summary = if report.imported {
        format!(
            "Imported: {} created, {} updated, {} skipped ({} rows, {} products).",
            report.created, report.updated, report.skipped, report.rows, report.products
        )
    } else if report.problems.is_empty() {
        "The file had no products to import.".to_string()
    } else {
        format!(
            "Nothing was imported: {} problem{} in {} rows.",
            report.problems.len(),
            if report.problems.len() == 1 { "" } else { "s" },
            report.rows
        )
    };
    view! {
        <p role="status">{summary}</p>
        {(!report.problems.is_empty()).then(|| view! {
            <table class="data" aria-label="Problems in the file">
                <thead><tr><th scope="col">"Line"</th><th scope="col">"Column"</th><th scope="col">"Problem"</th></tr></thead>
                <tbody>
                    {report.problems.into_iter().map(|p| view! {
                        <tr><td>{p.line}</td><td>{p.column}</td><td>{p.message}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}
