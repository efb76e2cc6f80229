use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::account::api::SignUp;
use crate::layout::form::{style, CsrfField, FormStatus, TextField};

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    view! {
        <Title text="Create an account"/>
        <Meta name="robots" content="noindex"/>
        <section class=style::panel aria-labelledby="sign-up-heading">
            <h1 id="sign-up-heading">"Create an account"</h1>
            <ActionForm action attr:class=style::form>
                <CsrfField/>
                <TextField label="Your name" name="name" autocomplete="name" required=true/>
                <TextField label="E-mail address" name="email" kind="email" autocomplete="email" required=true/>
                <TextField label="Password" name="password" kind="password" autocomplete="new-password" required=true
                    hint="At least 10 characters. A few unrelated words make a strong password."/>
                <FormStatus value=action.value() success=|notice| Some(notice.0.clone())/>
                <div class=style::actions>
                    <button class="button" type="submit" disabled=move || action.pending().get()>"Create account"</button>
                </div>
            </ActionForm>
            <p>"Already have an account? " <a href=crate::language::href("/account/sign-in")>"Sign in"</a></p>
        </section>
    }
}
