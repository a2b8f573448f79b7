//! One module per feature: handlers with their forms and page types.

pub mod admin;
pub mod auth;
pub mod campaigns;
pub mod ops;
pub mod public;
pub mod units;
pub mod users;
