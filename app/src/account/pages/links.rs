//! The pages e-mailed links open, and the page that sends the password link.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::account::api::{RequestPasswordReset, ResetPassword, VerifyEmail};
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
    view! {
        <Title text="Confirm your e-mail address"/>
        <Meta name="robots" content="noindex"/>
        <section class=style::panel aria-labelledby="verify-heading">
            <h1 id="verify-heading">"Confirm your e-mail address"</h1>
            <ActionForm action attr:class=style::form>
                <CsrfField/>
                <input type="hidden" name="token" value=token/>
                <FormStatus value=action.value() success=|notice| Some(notice.0.clone())/>
                <div class=style::actions>
                    <button class="button" type="submit" disabled=move || action.pending().get()>"Confirm my address"</button>
                    <a href=crate::language::href("/account/sign-in")>"Sign in"</a>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    view! {
        <Title text="Forgot your password?"/>
        <Meta name="robots" content="noindex"/>
        <section class=style::panel aria-labelledby="forgot-heading">
            <h1 id="forgot-heading">"Forgot your password?"</h1>
            <p>"Enter your e-mail address and we will send you a link to choose a new password."</p>
            <ActionForm action attr:class=style::form>
                <CsrfField/>
                <TextField label="E-mail address" name="email" kind="email" autocomplete="email" required=true/>
                <FormStatus value=action.value() success=|notice| Some(notice.0.clone())/>
                <div class=style::actions>
                    <button class="button" type="submit" disabled=move || action.pending().get()>"Send the link"</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let token = token_from_query();
    view! {
        <Title text="Choose a new password"/>
        <Meta name="robots" content="noindex"/>
        <section class=style::panel aria-labelledby="reset-heading">
            <h1 id="reset-heading">"Choose a new password"</h1>
            <ActionForm action attr:class=style::form>
                <CsrfField/>
                <input type="hidden" name="token" value=token/>
                <TextField label="New password" name="password" kind="password" autocomplete="new-password" required=true
                    hint="At least 10 characters."/>
                <FormStatus value=action.value() success=|notice| Some(notice.0.clone())/>
                <div class=style::actions>
                    <button class="button" type="submit" disabled=move || action.pending().get()>"Save the new password"</button>
                    <a href=crate::language::href("/account/sign-in")>"Sign in"</a>
                </div>
            </ActionForm>
        </section>
    }
}
