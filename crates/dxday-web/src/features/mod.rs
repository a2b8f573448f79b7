//! One module per feature: handlers with their forms and page types.

pub mod admin;
pub mod auth;
pub mod bulk;
pub mod campaigns;
pub mod display;
pub mod documents;
pub mod frames;
pub mod honours;
pub mod indicators;
pub mod kit;
pub mod offers;
pub mod ops;
pub mod payments;
pub mod public;
pub mod qr;
pub mod reminders;
pub mod reports;
pub mod studio;
pub mod tasks;
pub mod teams;
pub mod units;
pub mod users;
