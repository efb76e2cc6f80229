use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::account::api::SignIn;
use crate::account::components::notify_account_changed;
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
    view! {
        <Title text="Sign in"/>
        <Meta name="robots" content="noindex"/>
        <section class=style::panel aria-labelledby="sign-in-heading">
            <h1 id="sign-in-heading">"Sign in"</h1>
            <ActionForm action attr:class=style::form>
                <CsrfField/>
                <TextField label="E-mail address" name="email" kind="email" autocomplete="username" required=true/>
                <TextField label="Password" name="password" kind="password" autocomplete="current-password" required=true/>
                <FormStatus value=action.value() success=|_| None/>
                <div class=style::actions>
                    <button class="button" type="submit" disabled=move || action.pending().get()>"Sign in"</button>
                    <a href=crate::language::href("/account/forgot")>"Forgot your password?"</a>
                </div>
            </ActionForm>
            <p>"New here? " <a href=crate::language::href("/account/sign-up")>"Create an account"</a></p>
        </section>
    }
}
