use leptos::prelude::*;

use super::section::{AdminSection, SECTIONS};

#[component]
pub fn AdminHomePage() -> impl IntoView {
    view! {
        <AdminSection title="Back office" needs=None>
            <p>"Choose a section on the left. You see the sections your role allows."</p>
            <p>"Sections in this version: " {SECTIONS.iter().map(|(_, label, _)| *label).collect::<Vec<_>>().join(", ")} "."</p>
        </AdminSection>
    }
}
