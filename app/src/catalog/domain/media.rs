//! Product pictures as the back office accepts them: what a file really is (by its first bytes,
//! never its name), how large it may be, the widths the storefront is served, and alt text.

use serde::{Deserialize, Serialize};

/// Uploads larger than this are refused before they are read.
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;
/// Pictures wider or taller than this are refused (a small file can claim a huge canvas).
pub const MAX_IMAGE_SIDE: u32 = 8_000;
/// The widths each picture is stored in, as WebP; the largest is the one pages link to.
pub const IMAGE_WIDTHS: [u32; 3] = [300, 600, 1200];
pub const MAX_ALT_CHARS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImageKind {
    Jpeg,
    Png,
    Gif,
    WebP,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    #[error("The file is empty.")]
    Empty,
    #[error("The file is larger than 10 MB; save it smaller and try again.")]
    TooLarge,
    #[error("This file is not a JPEG, PNG, WebP or GIF picture (whatever its name says).")]
    NotAnImage,
    #[error("The picture could not be read: it may be damaged.")]
    Unreadable,
    #[error("The picture is larger than 8,000 pixels on a side.")]
    TooManyPixels,
    #[error("Alt text can be at most 300 characters long.")]
    AltTooLong,
}

impl ImageKind {
    /// What the bytes are, from their signature.
    pub fn sniff(bytes: &[u8]) -> Result<ImageKind, MediaError> {
        if bytes.is_empty() {
            return Err(MediaError::Empty);
        }
        if bytes.len() > MAX_IMAGE_BYTES {
            return Err(MediaError::TooLarge);
        }
        let kind = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            ImageKind::Jpeg
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            ImageKind::Png
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            ImageKind::Gif
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            ImageKind::WebP
        } else {
            return Err(MediaError::NotAnImage);
        };
        Ok(kind)
    }
}

/// The widths to store a picture `width` pixels wide in: the standard widths it reaches, or its
/// own width when it is narrower than the smallest (pictures are never enlarged).
pub fn widths_for(width: u32) -> Vec<u32> {
    let fitting: Vec<u32> = IMAGE_WIDTHS.into_iter().filter(|w| *w <= width).collect();
    if fitting.is_empty() {
        vec![width.max(1)]
    } else {
        fitting
    }
}

/// Alt text, trimmed; empty is allowed (a decorative picture) but not too long.
pub fn alt_text(text: &str) -> Result<String, MediaError> {
    let text = text.trim();
    if text.chars().count() > MAX_ALT_CHARS {
        return Err(MediaError::AltTooLong);
    }
    Ok(text.to_string())
}

/// `srcset` for a picture stored by width ("…-1200.webp" next to "…-600.webp", "…-300.webp");
/// None for pictures stored in one size (the demo's drawings).
pub fn srcset(url: &str) -> Option<String> {
    let stem = url.strip_suffix(".webp")?;
    let (base, largest) = stem.rsplit_once('-')?;
    let largest: u32 = largest.parse().ok()?;
    let sizes: Vec<String> = IMAGE_WIDTHS
        .into_iter()
        .filter(|w| *w < largest)
        .chain([largest])
        .map(|w| format!("{base}-{w}.webp {w}w"))
        .collect();
    Some(sizes.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_known_by_their_bytes_not_their_name() {
        assert_eq!(
            ImageKind::sniff(b"\x89PNG\r\n\x1a\n...."),
            Ok(ImageKind::Png)
        );
        assert_eq!(
            ImageKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Ok(ImageKind::Jpeg)
        );
        assert_eq!(ImageKind::sniff(b"GIF89a.."), Ok(ImageKind::Gif));
        assert_eq!(
            ImageKind::sniff(b"RIFF\0\0\0\0WEBPVP8 "),
            Ok(ImageKind::WebP)
        );
        assert_eq!(
            ImageKind::sniff(b"this is a text file renamed to .png"),
            Err(MediaError::NotAnImage)
        );
        assert_eq!(ImageKind::sniff(b""), Err(MediaError::Empty));
        assert_eq!(
            ImageKind::sniff(&vec![0xFF; MAX_IMAGE_BYTES + 1]),
            Err(MediaError::TooLarge)
        );
    }

    #[test]
    fn widths_never_enlarge() {
        assert_eq!(widths_for(4_000), vec![300, 600, 1200]);
        assert_eq!(widths_for(800), vec![300, 600]);
        assert_eq!(widths_for(120), vec![120]);
    }

    #[test]
    fn srcsets_list_the_stored_widths() {
        assert_eq!(
            srcset("/media/products/7/ab12-1200.webp").as_deref(),
            Some("/media/products/7/ab12-300.webp 300w, /media/products/7/ab12-600.webp 600w, /media/products/7/ab12-1200.webp 1200w")
        );
        assert_eq!(
            srcset("/media/products/7/ab12-600.webp").as_deref(),
            Some("/media/products/7/ab12-300.webp 300w, /media/products/7/ab12-600.webp 600w")
        );
        assert_eq!(srcset("/media/seed/apparel-red-1.svg"), None);
        assert!(alt_text(&"x".repeat(301)).is_err());
        assert_eq!(alt_text("  Red shirt "), Ok("Red shirt".to_string()));
    }
}
