//! Product and category pictures for the demo shop, drawn as SVG by the program: nothing is
//! downloaded. One drawing per kind of goods, coloured per variant colour.

use super::plan::{Colour, Kind};

pub const IMAGE_SIZE: i32 = 800;
const LEAF: &str = "#3f7d4e";

/// The shape of a kind of goods in an 800×800 box, filled with `fill` (and `accent` for details).
fn silhouette(kind: Kind, fill: &str, accent: &str) -> String {
    match kind {
        Kind::Apparel => format!(
            r#"<path d="M268 170 L340 138 Q400 190 460 138 L532 170 L640 268 L574 336 L540 306 L540 648 L260 648 L260 306 L226 336 L160 268 Z" fill="{fill}"/>
<path d="M340 138 Q400 190 460 138" fill="none" stroke="{accent}" stroke-width="10"/>"#
        ),
        Kind::Footwear => format!(
            r#"<path d="M140 500 Q148 392 236 380 L330 370 Q372 300 436 330 L520 384 Q610 402 664 436 Q704 462 694 512 L140 512 Z" fill="{fill}"/>
<rect x="132" y="508" width="570" height="44" rx="20" fill="{accent}"/>
<path d="M350 372 L420 420 M380 352 L450 404 M410 336 L480 388" stroke="{accent}" stroke-width="10" stroke-linecap="round"/>"#
        ),
        Kind::Audio => format!(
            r#"<path d="M236 470 V372 A164 164 0 0 1 564 372 V470" fill="none" stroke="{fill}" stroke-width="40" stroke-linecap="round"/>
<rect x="190" y="430" width="104" height="170" rx="40" fill="{fill}"/>
<rect x="506" y="430" width="104" height="170" rx="40" fill="{fill}"/>
<rect x="214" y="460" width="56" height="110" rx="24" fill="{accent}"/>
<rect x="530" y="460" width="56" height="110" rx="24" fill="{accent}"/>"#
        ),
        Kind::Kitchen => format!(
            r#"<path d="M520 330 Q640 330 640 450 Q640 560 520 560" fill="none" stroke="{fill}" stroke-width="44"/>
<path d="M220 260 H540 V560 Q540 640 460 640 H300 Q220 640 220 560 Z" fill="{fill}"/>
<ellipse cx="380" cy="262" rx="160" ry="26" fill="{accent}"/>"#
        ),
        Kind::Lighting => format!(
            r#"<ellipse cx="400" cy="650" rx="130" ry="28" fill="{fill}"/>
<path d="M400 640 L340 420 L470 250" fill="none" stroke="{fill}" stroke-width="22" stroke-linecap="round"/>
<path d="M410 170 L590 230 L520 370 Z" fill="{fill}"/>
<circle cx="545" cy="318" r="26" fill="{accent}"/>"#
        ),
        Kind::Books => format!(
            r#"<rect x="250" y="150" width="320" height="480" rx="14" fill="{fill}"/>
<rect x="250" y="150" width="42" height="480" rx="10" fill="{accent}" opacity="0.55"/>
<rect x="330" y="240" width="200" height="22" rx="11" fill="{accent}"/>
<rect x="330" y="286" width="150" height="16" rx="8" fill="{accent}" opacity="0.7"/>
<rect x="330" y="540" width="120" height="14" rx="7" fill="{accent}" opacity="0.7"/>"#
        ),
        Kind::Outdoor => format!(
            r#"<path d="M330 200 Q400 120 470 200" fill="none" stroke="{fill}" stroke-width="26"/>
<rect x="250" y="200" width="300" height="440" rx="70" fill="{fill}"/>
<rect x="300" y="420" width="200" height="150" rx="34" fill="{accent}" opacity="0.6"/>
<rect x="300" y="280" width="200" height="22" rx="11" fill="{accent}"/>"#
        ),
        Kind::Beauty => format!(
            r#"<rect x="350" y="170" width="100" height="90" rx="14" fill="{accent}"/>
<rect x="378" y="250" width="44" height="50" fill="{accent}" opacity="0.8"/>
<rect x="280" y="296" width="240" height="350" rx="56" fill="{fill}"/>
<rect x="320" y="420" width="160" height="110" rx="12" fill="{accent}" opacity="0.75"/>"#
        ),
        // Leaves stay green whatever the pot's colour.
        Kind::Garden => format!(
            r#"<path d="M400 470 Q300 380 250 250 Q370 290 400 470 Z" fill="{LEAF}"/>
<path d="M400 470 Q420 320 520 220 Q560 360 400 470 Z" fill="{LEAF}"/>
<path d="M400 470 Q380 330 400 170 Q450 330 400 470 Z" fill="{LEAF}" opacity="0.85"/>
<path d="M270 460 H530 L500 650 H300 Z" fill="{fill}"/>
<rect x="256" y="446" width="288" height="40" rx="10" fill="{fill}"/>"#
        ),
    }
}

/// A light background tinted towards nothing in particular, so products of any colour read well.
fn background(view: u8) -> (&'static str, &'static str) {
    match view {
        1 => ("#f6f3ee", "#ebe5da"),
        _ => ("#eef1f4", "#dde3ea"),
    }
}

/// The accent colour drawn on top of `colour`: dark on light colours, light on dark ones.
fn accent_for(colour: &Colour) -> &'static str {
    let hex = colour.hex.trim_start_matches('#');
    let channel = |i: usize| u32::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
    let luminance = channel(0) * 299 + channel(2) * 587 + channel(4) * 114;
    if luminance > 150_000 {
        "#3b3a36"
    } else {
        "#f4efe6"
    }
}

/// View 1 is the whole product; view 2 a close-up.
pub fn product_svg(kind: Kind, colour: &Colour, view: u8) -> String {
    let (bg_top, bg_bottom) = background(view);
    let shape = silhouette(kind, colour.hex, accent_for(colour));
    let transform = if view == 1 {
        String::new()
    } else {
        r#" transform="translate(-260 -240) scale(1.65)""#.to_string()
    };
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{IMAGE_SIZE}" height="{IMAGE_SIZE}" viewBox="0 0 800 800">
<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="{bg_top}"/><stop offset="1" stop-color="{bg_bottom}"/></linearGradient></defs>
<rect width="800" height="800" fill="url(#bg)"/>
<ellipse cx="400" cy="680" rx="250" ry="26" fill="#000" opacity="0.07"/>
<g{transform}>{shape}</g>
</svg>"##
    )
}

/// A category tile: the kind's drawing in a signature colour on a soft field.
pub fn category_svg(kind: Kind, colour: &Colour) -> String {
    product_svg(kind, colour, 1)
}

pub fn product_image_key(kind: Kind, colour: &Colour, view: u8) -> String {
    format!(
        "seed/{}-{}-{view}.svg",
        kind.key(),
        colour.name.to_ascii_lowercase()
    )
}

#[cfg(test)]
mod tests {
    use super::super::plan::PALETTE;
    use super::*;

    #[test]
    fn every_drawing_is_a_complete_svg() {
        for kind in Kind::ALL {
            for colour in PALETTE {
                let svg = product_svg(kind, colour, 2);
                assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
                assert!(svg.contains(colour.hex));
            }
        }
    }

    #[test]
    fn accents_contrast_with_the_fill() {
        let ivory = PALETTE.iter().find(|c| c.name == "Ivory").copied();
        let black = PALETTE.iter().find(|c| c.name == "Black").copied();
        assert_eq!(ivory.map(|c| accent_for(&c)), Some("#3b3a36"));
        assert_eq!(black.map(|c| accent_for(&c)), Some("#f4efe6"));
    }
}
