//! Media errors: each has a stable code (for logs and the API) and an i18n key (for people).

/// Why an image was refused or could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {bytes} bytes, more than the {max} allowed")]
    TooManyBytes { bytes: usize, max: usize },
    #[error("the image is {width}×{height} pixels, more than allowed")]
    TooManyPixels { width: u32, height: u32 },
    #[error("not an image in a supported format (JPEG or PNG)")]
    UnsupportedFormat,
    #[error("HEIC/HEIF photos are not supported")]
    Heic,
    #[error("the image is damaged or truncated: {0}")]
    Corrupt(String),
    #[error("a frame must be a PNG with transparency")]
    FrameNotPngWithAlpha,
    #[error("a frame must be square, 4:5 or 9:16 (it is {width}×{height})")]
    FrameAspect { width: u32, height: u32 },
    #[error(
        "the frame has no transparent window ({percent_tenths} ‰ transparent, at least 50 ‰ needed)"
    )]
    NoTransparentWindow { percent_tenths: u32 },
    #[error("invalid crop parameters")]
    BadCrop,
    #[error("invalid output size {0}")]
    BadSize(u32),
    #[error("encoding failed: {0}")]
    Encode(String),
    /// Too many conversions already running or waiting: try again shortly (503).
    #[error("busy")]
    Busy,
    /// The work was stopped: the request that asked for it is gone.
    #[error("cancelled")]
    Cancelled,
    /// A table past the import's caps (rows, columns, cells, inflated size).
    #[error("the table is too large: {0}")]
    TableBounds(String),
    /// An SVG with something active or external in it.
    #[error("the SVG is not safe to publish: {0}")]
    UnsafeSvg(String),
}

impl MediaError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            MediaError::Empty => "media.empty",
            MediaError::TooManyBytes { .. } => "media.too_many_bytes",
            MediaError::TooManyPixels { .. } => "media.too_many_pixels",
            MediaError::UnsupportedFormat => "media.unsupported_format",
            MediaError::Heic => "media.heic",
            MediaError::Corrupt(_) => "media.corrupt",
            MediaError::FrameNotPngWithAlpha => "media.frame_not_png_alpha",
            MediaError::FrameAspect { .. } => "media.frame_aspect",
            MediaError::NoTransparentWindow { .. } => "media.no_window",
            MediaError::BadCrop => "media.bad_crop",
            MediaError::BadSize(_) => "media.bad_size",
            MediaError::Encode(_) => "media.encode",
            MediaError::UnsafeSvg(_) => "media.unsafe_svg",
            MediaError::TableBounds(_) => "media.table_bounds",
            MediaError::Cancelled => "media.cancelled",
            MediaError::Busy => "media.busy",
        }
    }

    /// The i18n key of the message people see.
    pub fn key(&self) -> &'static str {
        match self {
            MediaError::Empty => "err-media-empty",
            MediaError::TooManyBytes { .. } => "err-media-too-many-bytes",
            MediaError::TooManyPixels { .. } => "err-media-too-many-pixels",
            MediaError::UnsupportedFormat => "err-media-format",
            MediaError::Heic => "err-media-heic",
            MediaError::Corrupt(_) => "err-media-corrupt",
            MediaError::FrameNotPngWithAlpha => "err-frame-png-alpha",
            MediaError::FrameAspect { .. } => "err-frame-aspect",
            MediaError::NoTransparentWindow { .. } => "err-frame-no-window",
            MediaError::BadCrop => "err-media-crop",
            MediaError::BadSize(_) => "err-media-size",
            MediaError::Encode(_) => "err-media-encode",
            MediaError::UnsafeSvg(_) => "err-kit-svg",
            MediaError::TableBounds(_) => "err-import-bounds",
            MediaError::Cancelled => "http-408",
            MediaError::Busy => "err-busy-pdf",
        }
    }

    /// True when the input is at fault (a 4xx), false for a server fault.
    pub fn is_input_error(&self) -> bool {
        !matches!(self, MediaError::Encode(_))
    }
}
