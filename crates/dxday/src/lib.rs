//! The dxday binary as a library: configuration, CLI commands and the assembled
//! application, so integration tests start exactly what `dxday serve` starts.

pub mod app;
pub mod award_cmd;
pub mod backup_cmd;
pub mod banks_cmd;
pub mod campaign_cmd;
pub mod cli;
pub mod config;
pub mod demo;
pub mod document_cmd;
pub mod first_admin;
pub mod frame_cmd;
pub mod qr_cmd;
pub mod report_cmd;
pub mod teams_cmd;
pub mod vietqr_cmd;
