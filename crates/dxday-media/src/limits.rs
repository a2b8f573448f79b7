//! Limits checked before any pixel is decoded.

/// How large an input may be, in bytes and in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_width: u32,
    pub max_height: u32,
    /// Width × height.
    pub max_pixels: u64,
}

impl Limits {
    /// Photos: 25 MB, 50 megapixels, no side over 12 000 px (a 48-MP phone photo fits).
    pub const PHOTO: Limits = Limits {
        max_bytes: 25 * 1024 * 1024,
        max_width: 12_000,
        max_height: 12_000,
        max_pixels: 50_000_000,
    };

    /// Frames: 10 MB, at most 4096×4096.
    pub const FRAME: Limits = Limits {
        max_bytes: 10 * 1024 * 1024,
        max_width: 4096,
        max_height: 4096,
        max_pixels: 4096 * 4096,
    };

    /// The decoder's memory ceiling for an image within these limits (RGBA 8-bit plus slack).
    pub fn max_alloc(&self) -> u64 {
        self.max_pixels * 4 + 64 * 1024 * 1024
    }

    /// True when `width`×`height` is within the limits.
    pub fn fits(&self, width: u32, height: u32) -> bool {
        width > 0
            && height > 0
            && width <= self.max_width
            && height <= self.max_height
            && u64::from(width) * u64::from(height) <= self.max_pixels
    }
}
