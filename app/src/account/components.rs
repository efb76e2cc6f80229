//! Account pieces used outside the account pages: the header's account link, and the signal
//! that tells it someone signed in or out.

use leptos::prelude::*;

use super::api::current_account;
use crate::i18n::{td, td_string};
use crate::language::use_language;

/// Bumped after sign-in and sign-out so that everything showing the account reloads it.
#[derive(Debug, Clone, Copy)]
pub struct AccountChanged(pub RwSignal<u32>);

pub fn provide_account_changed() {
    provide_context(AccountChanged(RwSignal::new(0)));
}

/// Tells the page that the signed-in account changed.
pub fn notify_account_changed() {
    if let Some(AccountChanged(version)) = use_context::<AccountChanged>() {
        version.update(|v| *v += 1);
    }
}

/// "Sign in" for visitors, the person's first name (linking to their account) once signed in,
/// and "Back office" for staff.
#[component]
pub fn AccountLink(#[prop(into)] class: String) -> impl IntoView {
    let version = use_context::<AccountChanged>().map(|c| c.0);
    let account = Resource::new(move || version.map(|v| v.get()), |_| current_account());
    let language = use_language();
    view! {
        <Suspense fallback=|| ()>
            {
                let class = class.clone();
                move || {
                    let class = class.clone();
                    Suspend::new(async move {
                        match account.await {
                            Ok(Some(me)) => {
                                let first = me.name.split_whitespace().next().unwrap_or(td_string!(language, account.account)).to_string();
                                view! {
                                    {me.is_staff.then(|| view! { <a class=class.clone() href="/admin" rel="external">{td!(language, account.back_office)}</a> })}
                                    <a class=class href=crate::language::href("/account") aria-label=td_string!(language, account.your_account)>{first}</a>
                                }
                                    .into_any()
                            }
                            _ => view! { <a class=class href=crate::language::href("/account/sign-in")>{td!(language, account.sign_in)}</a> }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}
