use leptos::prelude::*;

use super::section::AdminSection;
use crate::back_office::dashboard::SalesDashboard;

#[component]
pub fn AdminHomePage() -> impl IntoView {
    view! {
        <AdminSection title="Back office" needs=None>
            <SalesDashboard/>
        </AdminSection>
    }
}
