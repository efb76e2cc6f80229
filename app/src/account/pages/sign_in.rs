use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::account::api::SignIn;
use crate::account::components::notify_account_changed;
use crate::i18n::{td, td_string};
use crate::language::use_language;
use crate::layout::form::{style, CsrfField, FormStatus, TextField};

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            notify_account_changed();
            navigate("/account", Default::default());
        }
    });
    let language = use_language();
    view! {
        <Title text=td_string!(language, account.sign_in)/>
        <Meta name="robots" content="noindex"/>
        <section class=style::panel aria-labelledby="sign-in-heading">
            <h1 id="sign-in-heading">{td!(language, account.sign_in)}</h1>
            <ActionForm action attr:class=style::form>
                <CsrfField/>
                <TextField label=td_string!(language, account.email_address) name="email" kind="email" autocomplete="username" required=true/>
                <TextField label=td_string!(language, account.password) name="password" kind="password" autocomplete="current-password" required=true/>
                <FormStatus value=action.value() success=|_| None/>
                <div class=style::actions>
                    <button class="button" type="submit" disabled=move || action.pending().get()>{td!(language, account.sign_in)}</button>
                    <a href=crate::language::href("/account/forgot")>{td!(language, account.forgot)}</a>
                </div>
            </ActionForm>
            <p>{td!(language, account.new_here)}" " <a href=crate::language::href("/account/sign-up")>{td!(language, account.create_account)}</a></p>
        </section>
    }
}
