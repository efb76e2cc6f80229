use leptos::prelude::*;

use crate::audit::api::audit_log;
use crate::audit::model::AuditRow;
use crate::back_office::{style, AdminSection};
use crate::domain::Permission;
use crate::layout::Loaded;

#[component]
pub fn AuditPage() -> impl IntoView {
    let entries = Resource::new(|| (), |_| audit_log(Some(1)));
    view! {
        <AdminSection title="Audit log" needs=Some(Permission::ViewAuditLog)>
            <Loaded resource=entries render=audit_table/>
        </AdminSection>
    }
}

fn audit_table(rows: Vec<AuditRow>) -> AnyView {
    if rows.is_empty() {
        return view! { <p>"Nothing has been changed yet."</p> }.into_any();
    }
    view! {
        <table class="data">
            <thead><tr>
                <th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th>
                <th scope="col">"Subject"</th><th scope="col">"Before"</th><th scope="col">"After"</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|row| view! {
                    <tr>
                        <td>{row.at}</td><td>{row.actor}</td><td>{row.action}</td><td>{row.subject}</td>
                        <td class=style::json>{row.before}</td><td class=style::json>{row.after}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
