//! The pages e-mailed links open, and the page that sends the password link.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::account::api::{RequestPasswordReset, ResetPassword, VerifyEmail};
use crate::i18n::{td, td_string};
use crate::language::use_language;
use crate::layout::form::{style, CsrfField, FormStatus, TextField};

fn token_from_query() -> String {
    use_query_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default()
}

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let action = ServerAction::<VerifyEmail>::new();
    let token = token_from_query();
    let language = use_language();
    view! {
        <Title text=td_string!(language, account.confirm_title)/>
        <Meta name="robots" content="noindex"/>
        <section class=style::panel aria-labelledby="verify-heading">
            <h1 id="verify-heading">{td!(language, account.confirm_title)}</h1>
            <ActionForm action attr:class=style::form>
                <CsrfField/>
                <input type="hidden" name="token" value=token/>
                <FormStatus value=action.value() success=|notice| Some(notice.0.clone())/>
                <div class=style::actions>
                    <button class="button" type="submit" disabled=move || action.pending().get()>{td!(language, account.confirm_button)}</button>
                    <a href=crate::language::href("/account/sign-in")>{td!(language, account.sign_in)}</a>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let language = use_language();
    view! {
        <Title text=td_string!(language, account.forgot)/>
        <Meta name="robots" content="noindex"/>
        <section class=style::panel aria-labelledby="forgot-heading">
            <h1 id="forgot-heading">{td!(language, account.forgot)}</h1>
            <p>{td!(language, account.forgot_lead)}</p>
            <ActionForm action attr:class=style::form>
                <CsrfField/>
                <TextField label=td_string!(language, account.email_address) name="email" kind="email" autocomplete="email" required=true/>
                <FormStatus value=action.value() success=|notice| Some(notice.0.clone())/>
                <div class=style::actions>
                    <button class="button" type="submit" disabled=move || action.pending().get()>{td!(language, account.send_link)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let token = token_from_query();
    let language = use_language();
    view! {
        <Title text=td_string!(language, account.reset_title)/>
        <Meta name="robots" content="noindex"/>
        <section class=style::panel aria-labelledby="reset-heading">
            <h1 id="reset-heading">{td!(language, account.reset_title)}</h1>
            <ActionForm action attr:class=style::form>
                <CsrfField/>
                <input type="hidden" name="token" value=token/>
                <TextField label=td_string!(language, account.new_password) name="password" kind="password" autocomplete="new-password" required=true
                    hint=td_string!(language, account.reset_hint)/>
                <FormStatus value=action.value() success=|notice| Some(notice.0.clone())/>
                <div class=style::actions>
                    <button class="button" type="submit" disabled=move || action.pending().get()>{td!(language, account.save_password)}</button>
                    <a href=crate::language::href("/account/sign-in")>{td!(language, account.sign_in)}</a>
                </div>
            </ActionForm>
        </section>
    }
}
