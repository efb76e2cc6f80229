use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::account::api::{
    my_account, AddAddress, DeleteAddress, SignOut, SignOutEverywhere, UpdateName,
};
use crate::account::components::notify_account_changed;
use crate::account::model::{AccountOverview, SavedAddress};
use crate::domain::address::countries_in;
use crate::error::AppError;
use crate::i18n::{td, td_string};
use crate::language::use_language;
use crate::layout::form::{style, CsrfField, FormStatus, TextField};
use crate::layout::ErrorPage;
use crate::orders::api::my_orders;
use crate::orders::pages::OrderHistory;

stylance::import_crate_style!(page, "src/account/pages/account.module.css");

#[component]
pub fn AccountPage() -> impl IntoView {
    let add_address = ServerAction::<AddAddress>::new();
    let delete_address = ServerAction::<DeleteAddress>::new();
    let update_name = ServerAction::<UpdateName>::new();
    let overview = Resource::new(
        move || {
            (
                add_address.version().get(),
                delete_address.version().get(),
                update_name.version().get(),
            )
        },
        |_| my_account(),
    );
    let language = use_language();
    view! {
        <Title text=td_string!(language, account.your_account)/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <p class="loading">{crate::i18n::td!(crate::language::use_language(), common.loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Account overview add_address delete_address update_name/> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <SignInFirst/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SignInFirst() -> impl IntoView {
    let language = use_language();
    view! {
        <section class=style::panel aria-labelledby="account-heading">
            <h1 id="account-heading">{td!(language, account.your_account)}</h1>
            <p>{td!(language, account.sign_in_first)}</p>
            <p class=style::actions>
                <a class="button" href=crate::language::href("/account/sign-in")>{td!(language, account.sign_in)}</a>
                <a href=crate::language::href("/account/sign-up")>{td!(language, account.create_account)}</a>
            </p>
        </section>
    }
}

#[component]
fn Account(
    overview: AccountOverview,
    add_address: ServerAction<AddAddress>,
    delete_address: ServerAction<DeleteAddress>,
    update_name: ServerAction<UpdateName>,
) -> impl IntoView {
    let summary = overview.summary;
    let language = use_language();
    view! {
        <div class=page::layout>
            <header class=page::intro>
                <h1>{td_string!(language, account.hello, name = summary.name.clone())}</h1>
                <p>{format!("{} · {}", summary.email, summary.role)}</p>
                {summary.is_staff.then(|| view! { <p><a class="button" href="/admin" rel="external">{td!(language, account.open_back_office)}</a></p> })}
            </header>

            <section class=page::card aria-labelledby="orders-heading">
                <h2 id="orders-heading">{td!(language, account.your_orders)}</h2>
                <Orders/>
            </section>

            <section class=page::card aria-labelledby="profile-heading">
                <h2 id="profile-heading">{td!(language, account.profile)}</h2>
                <ActionForm action=update_name attr:class=style::form>
                    <CsrfField/>
                    <TextField label=td_string!(language, account.your_name) name="name" autocomplete="name" required=true value=summary.name/>
                    <FormStatus value=update_name.value() success=|notice| Some(notice.0.clone())/>
                    <div class=style::actions><button class="button" type="submit">{td!(language, account.save_name)}</button></div>
                </ActionForm>
            </section>

            <Addresses addresses=overview.addresses add_address delete_address/>
            <SignOutButtons/>
        </div>
    }
}

/// The saved addresses, each with a button to remove it, and a form to add one.
#[component]
fn Addresses(
    addresses: Vec<SavedAddress>,
    add_address: ServerAction<AddAddress>,
    delete_address: ServerAction<DeleteAddress>,
) -> impl IntoView {
    let language = use_language();
    view! {
        <section class=page::card aria-labelledby="addresses-heading">
            <h2 id="addresses-heading">{td!(language, account.saved_addresses)}</h2>
            {if addresses.is_empty() {
                view! { <p>{td!(language, account.no_addresses)}</p> }.into_any()
            } else {
                view! {
                    <ul class=page::addresses>
                        {addresses
                            .into_iter()
                            .map(|saved| {
                                let line = saved.one_line();
                                view! {
                                    <li>
                                        <span>{line}</span>
                                        {saved.is_default.then(|| view! { <strong class=page::badge>{td!(language, account.default)}</strong> })}
                                        <ActionForm action=delete_address attr:class=page::inline>
                                            <CsrfField/>
                                            <input type="hidden" name="id" value=saved.id.to_string()/>
                                            <button class="link-button" type="submit">{td!(language, account.remove)}</button>
                                        </ActionForm>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }.into_any()
            }}
            <AddAddressForm add_address/>
            <FormStatus value=delete_address.value() success=|_| None/>
        </section>
    }
}

#[component]
fn AddAddressForm(add_address: ServerAction<AddAddress>) -> impl IntoView {
    let language = use_language();
    view! {
        <details class=page::add>
            <summary>{td!(language, account.add_address)}</summary>
            <ActionForm action=add_address attr:class=style::form>
                <CsrfField/>
                <TextField label=td_string!(language, account.full_name) name="address[full_name]" autocomplete="name" required=true/>
                <TextField label=td_string!(language, account.line1) name="address[line1]" autocomplete="address-line1" required=true/>
                <TextField label=td_string!(language, account.line2) name="address[line2]" autocomplete="address-line2"/>
                <TextField label=td_string!(language, account.postal_code) name="address[postal_code]" autocomplete="postal-code" required=true/>
                <TextField label=td_string!(language, account.city) name="address[city]" autocomplete="address-level2" required=true/>
                <TextField label=td_string!(language, account.region) name="address[region]" autocomplete="address-level1"/>
                <div class=style::field>
                    <label for="field-country">{td!(language, account.country)}</label>
                    <select id="field-country" name="address[country]" autocomplete="country">
                        {countries_in(language).into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                    </select>
                </div>
                <TextField label=td_string!(language, account.phone) name="address[phone]" kind="tel" autocomplete="tel"/>
                <label class=page::check><input type="checkbox" name="make_default"/>" "{td!(language, account.make_default)}</label>
                <FormStatus value=add_address.value() success=|notice| Some(notice.0.clone())/>
                <div class=style::actions><button class="button" type="submit">{td!(language, account.save_address)}</button></div>
            </ActionForm>
        </details>
    }
}

/// Signing out here or on every device; either way the shopper goes to the home page.
#[component]
fn SignOutButtons() -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    let sign_out_everywhere = ServerAction::<SignOutEverywhere>::new();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        let left = matches!(sign_out.value().get(), Some(Ok(())))
            || matches!(sign_out_everywhere.value().get(), Some(Ok(())));
        if left {
            notify_account_changed();
            navigate("/", Default::default());
        }
    });
    let language = use_language();
    view! {
        <section class=page::card aria-labelledby="security-heading">
            <h2 id="security-heading">{td!(language, account.sign_out)}</h2>
            <div class=style::actions>
                <ActionForm action=sign_out attr:class=page::inline>
                    <CsrfField/>
                    <button class="button" type="submit">{td!(language, account.sign_out)}</button>
                </ActionForm>
                <ActionForm action=sign_out_everywhere attr:class=page::inline>
                    <CsrfField/>
                    <button class="link-button" type="submit">{td!(language, account.sign_out_everywhere)}</button>
                </ActionForm>
            </div>
        </section>
    }
}

#[component]
fn Orders() -> impl IntoView {
    let orders = Resource::new(|| (), |_| my_orders());
    view! {
        <Suspense fallback=|| view! { <p class="loading">{crate::i18n::td!(crate::language::use_language(), common.loading)}</p> }>
            {move || Suspend::new(async move {
                match orders.await {
                    Ok(orders) => view! { <OrderHistory orders/> }.into_any(),
                    Err(error) => view! { <p role="alert">{error.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
