//! The one integration-test binary: real servers on loopback ports, real SQLite
//! files and (with DXDAY_TEST_POSTGRES_URL) a real PostgreSQL schema per test.

mod helpers;
mod kit_s3;
mod kit_web;
mod mail;
mod offers_web;
mod payments_web;

mod admin;
mod admin_lists;
mod auth;
mod browser;
mod bulk_web;
mod cli;
mod dashboard;
mod decree_layout;
mod demo;
mod deploy;
mod display_web;
mod documents_docx;
mod documents_store;
mod documents_web;
mod enum_checks;
mod frame_cli;
mod frames_web;
mod hardening;
mod honours;
mod indicators;
mod next_year;
mod ooxml;
mod printing;
mod public_site;
mod qr_codes;
mod reports_store;
mod reports_web;
mod results_report;
mod store;
mod tasks_store;
mod tasks_web;
mod team_work;
mod teams_web;
