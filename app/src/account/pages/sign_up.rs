use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::account::api::SignUp;
use crate::i18n::{td, td_string};
use crate::language::use_language;
use crate::layout::form::{style, CsrfField, FormStatus, TextField};

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let language = use_language();
    view! {
        <Title text=td_string!(language, account.create_account)/>
        <Meta name="robots" content="noindex"/>
        <section class=style::panel aria-labelledby="sign-up-heading">
            <h1 id="sign-up-heading">{td!(language, account.create_account)}</h1>
            <ActionForm action attr:class=style::form>
                <CsrfField/>
                <TextField label=td_string!(language, account.your_name) name="name" autocomplete="name" required=true/>
                <TextField label=td_string!(language, account.email_address) name="email" kind="email" autocomplete="email" required=true/>
                <TextField label=td_string!(language, account.password) name="password" kind="password" autocomplete="new-password" required=true
                    hint=td_string!(language, account.password_hint)/>
                <FormStatus value=action.value() success=|notice| Some(notice.0.clone())/>
                <div class=style::actions>
                    <button class="button" type="submit" disabled=move || action.pending().get()>{td!(language, account.create_account_button)}</button>
                </div>
            </ActionForm>
            <p>{td!(language, account.have_account)}" " <a href=crate::language::href("/account/sign-in")>{td!(language, account.sign_in)}</a></p>
        </section>
    }
}
