//! Bytes in, bytes out: every image dxday reads is checked against [`Limits`] before
//! it is decoded, and every error has a stable code and an i18n key.
//!
//! The avatar-frame pipeline: [`decode::decode_photo`] (limits, EXIF orientation) →
//! [`geometry::CropBox`] (cover crop, zoom, pan, quarter turns) → Lanczos3 resize with
//! premultiplied alpha → frame "over" photo → PNG or JPEG without metadata.

pub mod bulk;
pub mod certificate;
pub mod decode;
pub mod default_frame;
pub mod docx;
mod error;
pub mod frame;
pub mod geometry;
pub mod kit;
pub mod kit_art;
mod limits;
mod metrics;
pub mod orient;
pub mod pdf;
pub mod qr;
pub mod render;
pub mod share;
pub mod standee;
pub mod svg;
pub mod table;
pub mod thumb;
pub mod xlsx;

pub use error::MediaError;
pub use limits::Limits;
