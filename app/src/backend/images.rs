//! Turning an uploaded picture into the WebP files the storefront serves, on a blocking thread
//! (decoding and resizing are CPU work). Decoding has limits, so a small file that claims a huge
//! canvas is refused instead of filling the memory.

use std::io::Cursor;

use image::imageops::FilterType;
use image::{ExtendedColorType, ImageFormat, ImageReader, Limits};

use crate::catalog::domain::media::{widths_for, ImageKind, MediaError, MAX_IMAGE_SIDE};

/// One stored size of a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendition {
    pub width: u32,
    pub height: u32,
    pub webp: Vec<u8>,
}

/// Checks `bytes` (by content) and renders them in every width the storefront uses, smallest
/// first, as lossless WebP.
pub fn renditions(bytes: &[u8]) -> Result<Vec<Rendition>, MediaError> {
    let format = match ImageKind::sniff(bytes)? {
        ImageKind::Jpeg => ImageFormat::Jpeg,
        ImageKind::Png => ImageFormat::Png,
        ImageKind::Gif => ImageFormat::Gif,
        ImageKind::WebP => ImageFormat::WebP,
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let picture = reader.decode().map_err(|err| match err {
        image::ImageError::Limits(_) => MediaError::TooManyPixels,
        _ => MediaError::Unreadable,
    })?;
    widths_for(picture.width())
        .into_iter()
        .map(|width| {
            let sized = if width == picture.width() {
                picture.clone()
            } else {
                picture.resize(width, MAX_IMAGE_SIDE, FilterType::CatmullRom)
            };
            let rgba = sized.to_rgba8();
            let mut webp = Vec::new();
            image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
                .encode(&rgba, rgba.width(), rgba.height(), ExtendedColorType::Rgba8)
                .map_err(|_| MediaError::Unreadable)?;
            Ok(Rendition {
                width: rgba.width(),
                height: rgba.height(),
                webp,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut bytes = Vec::new();
        picture
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .expect("encode");
        bytes
    }

    #[test]
    fn a_picture_is_stored_in_each_width_it_reaches_keeping_its_shape() {
        let sizes = renditions(&png(1600, 800)).expect("renditions");
        let dims: Vec<(u32, u32)> = sizes.iter().map(|r| (r.width, r.height)).collect();
        assert_eq!(dims, vec![(300, 150), (600, 300), (1200, 600)]);
        for size in &sizes {
            assert_eq!(ImageKind::sniff(&size.webp), Ok(ImageKind::WebP));
        }
    }

    #[test]
    fn text_renamed_to_png_and_broken_pictures_are_refused() {
        assert_eq!(renditions(b"hello, I am text"), Err(MediaError::NotAnImage));
        let mut broken = png(50, 50);
        broken.truncate(40);
        assert_eq!(renditions(&broken), Err(MediaError::Unreadable));
    }
}
