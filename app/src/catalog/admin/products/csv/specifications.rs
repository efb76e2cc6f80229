//! The `specifications` cell: "Material: Cotton; Fit: Regular", written by the export and read
//! by the import, with the escapes that let any specification the editor accepts round-trip.

use crate::catalog::domain::product_draft::SpecificationInput;

/// "Material: Cotton; Fit: Regular" ⇄ specifications. A `:` or `;` inside a name or value
/// (and a backslash) is written with a backslash before it, so that every specification the
/// editor accepts comes back from the file as it was.
pub fn specifications_text(specs: &[(String, String)]) -> String {
    let escape = |text: &str| {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if matches!(c, '\\' | ':' | ';') {
                out.push('\\');
            }
            out.push(c);
        }
        out
    };
    specs
        .iter()
        .map(|(name, value)| format!("{}: {}", escape(name), escape(value)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `text` split at each `separator` without a backslash before it (at the first one only
/// when `once`).
fn split_unescaped(text: &str, separator: char, once: bool) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut escaped) = (0, false);
    for (i, c) in text.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == separator && (!once || parts.is_empty()) {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Undoes `specifications_text`'s escapes; any other backslash is kept as typed.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next @ ('\\' | ':' | ';')) if c == '\\' => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

pub(super) fn parse_specifications(text: &str) -> Result<Vec<SpecificationInput>, String> {
    split_unescaped(text, ';', false)
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|part| match split_unescaped(part, ':', true).as_slice() {
            [name, value] => Ok(SpecificationInput {
                name: unescape(name.trim()),
                value: unescape(value.trim()),
            }),
            _ => Err(format!(
                "Write specifications as “Name: value; Name: value” (not “{part}”)."
            )),
        })
        .collect()
}
