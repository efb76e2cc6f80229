use leptos::prelude::*;

use crate::back_office::{style, AdminSection};
use crate::domain::moment::moment;
use crate::domain::Permission;
use crate::inventory::api::list_locations;
use crate::layout::form::{CsrfField, FormStatus};
use crate::layout::Loaded;
use crate::staff::api_keys::api::{list_api_keys, CreateApiKey, RevokeApiKey};
use crate::staff::api_keys::model::{ApiKeyRow, NewApiKey};

/// `/admin/api-keys`: the keys tills sign their requests with.
#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let create = ServerAction::<CreateApiKey>::new();
    let revoke = ServerAction::<RevokeApiKey>::new();
    let keys = Resource::new(
        move || create.version().get() + revoke.version().get(),
        |_| list_api_keys(),
    );
    let locations = Resource::new(|| (), |_| list_locations());
    view! {
        <AdminSection title="API keys" needs=Some(Permission::ManageStaff)>
            <p>"A till or cash register posts its sales to "<code>"POST /api/pos/v1/sales"</code>
               " and reads stock at "<code>"GET /api/pos/v1/stock"</code>" with "
               <code>"Authorization: Bearer <key>"</code>". Each key may only sell, and only in its store."</p>
            <Loaded resource=keys render=move |rows| view! { <KeyTable rows revoke/> }/>
            <h2>"New till key"</h2>
            <ActionForm action=create attr:class=style::stacked>
                <CsrfField/>
                <label>"Name" <input name="name" required placeholder="Kraków till 1"/></label>
                <label>"Store"
                    <Loaded resource=locations render=|locations| view! {
                        <select name="location">
                            {locations.into_iter().filter(|l| l.kind == "store").map(|s| view! { <option value=s.code>{s.name}</option> }).collect_view()}
                        </select>
                    }/>
                </label>
                <button class="button" type="submit">"Make key"</button>
            </ActionForm>
            <FormStatus value=create.value() success=|_: &NewApiKey| None/>
            {move || create.value().get().and_then(Result::ok).map(|made| view! {
                <p class=style::notice role="status">
                    {format!("The key for “{}” — copy it now, it is not shown again: ", made.name)}
                    <code data-testid="new-api-key">{made.key}</code>
                </p>
            })}
            <FormStatus value=revoke.value() success=|_| Some("Key revoked.".to_string())/>
        </AdminSection>
    }
}

#[component]
fn KeyTable(rows: Vec<ApiKeyRow>, revoke: ServerAction<RevokeApiKey>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p>"No keys yet."</p> }.into_any();
    }
    view! {
        <table class="data">
            <thead><tr>
                <th scope="col">"Name"</th><th scope="col">"Key starts"</th><th scope="col">"Store"</th>
                <th scope="col">"Made"</th><th scope="col">"Last used"</th><th scope="col"><span class="visually-hidden">"Revoke"</span></th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|row| view! {
                    <tr>
                        <td>{row.name.clone()}</td>
                        <td><code>{format!("{}…", row.prefix)}</code></td>
                        <td>{row.store.clone().unwrap_or_else(|| "any".to_string())}</td>
                        <td>{moment(row.created_at)}</td>
                        <td>{row.last_used_at.map(moment).unwrap_or_else(|| "never".to_string())}</td>
                        <td>{match row.revoked_at {
                            Some(at) => format!("revoked {}", moment(at)).into_any(),
                            None => view! {
                                <ActionForm action=revoke attr:class=style::inline>
                                    <CsrfField/>
                                    <input type="hidden" name="id" value=row.id.to_string()/>
                                    <button class="button" type="submit" aria-label=format!("Revoke {}", row.name)>"Revoke"</button>
                                </ActionForm>
                            }.into_any(),
                        }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
