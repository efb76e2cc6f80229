use leptos::prelude::*;

use crate::back_office::{style, AdminSection};
use crate::domain::Permission;
use crate::layout::form::{CsrfField, FormStatus};
use crate::layout::ErrorPage;
use crate::staff::api::{list_staff, InviteStaff, SetRole};

#[component]
pub fn StaffPage() -> impl IntoView {
    let save = ServerAction::<SetRole>::new();
    let invite = ServerAction::<InviteStaff>::new();
    let directory = Resource::new(
        move || (save.version().get(), invite.version().get()),
        |_| list_staff(),
    );
    view! {
        <AdminSection title="Staff and roles" needs=Some(Permission::ManageStaff)>
            <Suspense fallback=|| view! { <p class="loading">{crate::i18n::td!(crate::language::use_language(), common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match directory.await {
                        Ok(directory) => view! {
                            <table class="data">
                                <thead><tr><th scope="col">"E-mail"</th><th scope="col">"Name"</th><th scope="col">"Role"</th></tr></thead>
                                <tbody>
                                    {directory.members.into_iter().map(|m| view! {
                                        <tr><td>{m.email}</td><td>{m.name}</td><td>{m.role}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <h2>"Change someone's role"</h2>
                            <p>"The person is signed out everywhere, so the new role applies at once."</p>
                            <ActionForm action=save attr:class=style::inline>
                                <CsrfField/>
                                <label for="role-email">"E-mail"</label>
                                <input id="role-email" name="email" type="email" required/>
                                <label for="role-name">"Role"</label>
                                <select id="role-name" name="role">
                                    {directory.roles.into_iter().map(|r| view! { <option value=r.clone()>{r.clone()}</option> }).collect_view()}
                                </select>
                                <button class="button" type="submit">"Change role"</button>
                            </ActionForm>
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Suspense>
            <FormStatus value=save.value() success=|_| Some("Role changed.".to_string())/>
            <h2>"Invite someone"</h2>
            <p>"They get an e-mail with a link to choose their own password; nobody else ever knows it."</p>
            <ActionForm action=invite attr:class=style::inline>
                <CsrfField/>
                <label for="invite-email">"E-mail"</label>
                <input id="invite-email" name="email" type="email" required/>
                <label for="invite-name">"Name"</label>
                <input id="invite-name" name="name" required/>
                <label for="invite-role">"Role"</label>
                <select id="invite-role" name="role">
                    <option value="Stock clerk">"Stock clerk"</option>
                    <option value="Order handler">"Order handler"</option>
                    <option value="Administrator">"Administrator"</option>
                </select>
                <button class="button" type="submit">"Send the invitation"</button>
            </ActionForm>
            <FormStatus value=invite.value() success=|_| Some("Invitation sent.".to_string())/>
        </AdminSection>
    }
}
