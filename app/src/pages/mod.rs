pub mod air;
pub mod board;
pub mod complaints;
pub mod content;
pub mod error;
pub mod home;
pub mod inspection;
pub mod not_found;
pub mod offline;
pub mod public_stats;
pub mod staff;
pub mod staff_air;
pub mod staff_cases;
pub mod staff_content;
pub mod staff_dashboard;
pub mod staff_inspection_admin;
pub mod staff_inspections;
pub mod staff_outbox;
pub mod staff_sources;
pub mod staff_trail;
pub mod staff_warnings;
pub mod staff_workdays;
pub mod track;

/// Text for a `<textarea>`'s content. Leptos writes a textarea's children
/// unescaped (tachys treats it as raw text), so a value holding
/// `</textarea>` would end the element and inject markup: escape it here.
/// Browsers decode the entities, so the field shows exactly what was typed.
pub fn textarea_text(value: &str) -> String {
    value.replace('&', "&amp;").replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    #[test]
    fn textarea_text_cannot_close_the_element() {
        assert_eq!(
            super::textarea_text("a</textarea><script>&"),
            "a&lt;/textarea>&lt;script>&amp;"
        );
    }
}
