//! dxday's HTTP layer: axum handlers, compile-time checked templates, i18n, static
//! files. Handlers read as one sentence each: extract, authorise, act, respond.

mod assets;
pub mod client_ip;
mod csrf;
mod ctx;
mod download;
mod error;
mod features;
mod forms;
mod limits;
mod listing;
pub mod mail;
mod middleware;
pub mod paths;
mod pool;
mod register;
mod share;
mod sign;
mod state;
mod unit_picker;
mod upload;

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::routing::{get, post};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub use ctx::{Ctx, CurrentUser};
pub use dxday_app::i18n::Lang;
pub use error::AppError;
pub use features::bulk::{start_workers as start_bulk_workers, sweep as sweep_bulk};
pub use features::reminders::run_reminders;
pub use state::{AppState, WebConfig};

use features::{
    admin, auth, bulk, campaigns, display, documents, frames, honours, indicators, kit, offers,
    ops, payments, public, qr, reports, studio, tasks, teams, units, users,
};

/// Largest request body accepted (forms; uploads get their own limits later).
pub const BODY_LIMIT: usize = 256 * 1024;
/// Longest pause allowed between two pieces of a request body.
pub const BODY_IDLE_TIMEOUT: Duration = Duration::from_secs(10);

/// The separate metrics address's router: `/metrics` only.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route(paths::METRICS.pattern(), get(ops::metrics))
        .with_state(state)
}

/// The whole application as one router.
pub fn router(state: AppState) -> Router {
    let store = dxday_store::sessions::DbSessionStore::new(state.db.clone());
    let sessions = SessionManagerLayer::new(store)
        .with_name("dxday_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies())
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(
            state.config.session_hours,
        )));

    // Pages that use the session; the public pages below never touch it.
    let pages = Router::new()
        .route(
            paths::LOGIN.pattern(),
            get(auth::login_form).post(auth::login),
        )
        .route(paths::LOGOUT.pattern(), post(auth::logout))
        .route(paths::ADMIN.pattern(), get(admin::dashboard))
        .route(
            paths::PASSWORD.pattern(),
            get(auth::password_form).post(auth::password_change),
        )
        .route(paths::UNITS.pattern(), get(units::list))
        .merge(register::routes::<units::Units>(
            paths::UNIT_NEW,
            paths::UNIT_ARCHIVE,
        ))
        .route(paths::USERS.pattern(), get(users::list))
        .merge(register::routes::<users::Users>(
            paths::USER_NEW,
            paths::USER_ARCHIVE,
        ))
        .route(paths::CAMPAIGNS.pattern(), get(campaigns::list))
        .merge(register::routes::<campaigns::Campaigns>(
            paths::CAMPAIGN_NEW,
            paths::CAMPAIGN_ARCHIVE,
        ))
        .route(
            paths::CAMPAIGN_NEXT.pattern(),
            get(campaigns::next_form).post(campaigns::prepare_next),
        )
        .route(paths::AUDIT_LOG.pattern(), get(admin::audit_log))
        .route(
            paths::FRAMES.pattern(),
            get(frames::list)
                .post(frames::upload)
                .layer(DefaultBodyLimit::max(upload::UPLOAD_LIMIT)),
        )
        .route(
            paths::FRAMES_PARTICIPATION.pattern(),
            get(frames::participation_xlsx),
        )
        .route(
            paths::FRAME_ADMIN.pattern(),
            get(frames::admin_png).post(frames::update),
        )
        .route(paths::FRAME_ARCHIVE.pattern(), post(frames::archive))
        .route(paths::KIT.pattern(), get(kit::page))
        .route(paths::KIT_SHORT.pattern(), get(kit::short_link))
        .route(paths::KIT_SHORT_ASSET.pattern(), get(kit::short_link))
        .route(paths::KIT_ZIP.pattern(), get(kit::zip_all))
        .route(paths::KIT_DOWNLOAD.pattern(), get(kit::download))
        .route(paths::KIT_PREVIEW.pattern(), get(kit::preview))
        .route(
            paths::KIT_ADMIN.pattern(),
            get(kit::admin)
                .post(kit::upload)
                .layer(DefaultBodyLimit::max(kit::UPLOAD_LIMIT)),
        )
        .route(paths::KIT_ARCHIVE.pattern(), post(kit::archive))
        .route(
            paths::DISPLAY.pattern(),
            get(display::index)
                .post(display::create)
                .layer(DefaultBodyLimit::max(display::UPLOAD_LIMIT)),
        )
        .route(paths::DISPLAY_XLSX.pattern(), get(display::export_xlsx))
        .route(paths::DISPLAY_UNIT.pattern(), get(display::unit_view))
        .route(
            paths::DISPLAY_ITEM.pattern(),
            get(display::edit_form)
                .post(display::update)
                .layer(DefaultBodyLimit::max(display::UPLOAD_LIMIT)),
        )
        .route(paths::DISPLAY_DELETE.pattern(), post(display::delete))
        .route(paths::DISPLAY_PHOTO.pattern(), get(display::photo))
        .route(
            paths::STREETS.pattern(),
            get(payments::index).post(payments::create_street),
        )
        .route(
            paths::STREETS_IMPORT.pattern(),
            post(payments::import).layer(DefaultBodyLimit::max(payments::IMPORT_LIMIT)),
        )
        .route(paths::STREETS_XLSX.pattern(), get(payments::export))
        .route(
            paths::STREET.pattern(),
            get(payments::show).post(payments::update_street),
        )
        .route(
            paths::STREET_MERCHANTS.pattern(),
            post(payments::create_merchant),
        )
        .route(
            paths::MERCHANT.pattern(),
            get(payments::merchant_form).post(payments::update_merchant),
        )
        .route(
            paths::MERCHANT_DELETE.pattern(),
            post(payments::delete_merchant),
        )
        .route(paths::MERCHANT_STANDEE.pattern(), get(payments::standee))
        .route(paths::STREET_STANDEES.pattern(), get(payments::standees))
        .route(paths::PUBLIC_STREETS.pattern(), get(payments::public))
        .route(paths::PUBLIC_TEAMS.pattern(), get(teams::public))
        .route(paths::PUBLIC_HONOURS.pattern(), get(honours::public))
        .route(paths::PUBLIC_RESULTS.pattern(), get(indicators::public))
        .route(paths::INDICATORS.pattern(), get(indicators::index))
        .route(
            paths::INDICATOR_NEW.pattern(),
            get(indicators::new_form).post(indicators::create),
        )
        .route(paths::INDICATOR_GRID.pattern(), get(indicators::grid))
        .route(
            paths::RESULTS_REPORT.pattern(),
            get(indicators::report_form).post(indicators::save_report),
        )
        .route(
            paths::RESULTS_REPORT_FILE.pattern(),
            get(indicators::report_file),
        )
        .route(
            paths::INDICATOR.pattern(),
            get(indicators::show).post(indicators::update),
        )
        .route(
            paths::INDICATOR_TARGET.pattern(),
            post(indicators::set_target),
        )
        .route(paths::INDICATOR_IMPORT.pattern(), post(indicators::import))
        .route(
            paths::HONOURS.pattern(),
            get(honours::index).post(honours::create_movement),
        )
        .route(
            paths::HONOURS_MOVEMENT.pattern(),
            get(honours::show_movement),
        )
        .route(paths::HONOURS_REGISTER.pattern(), post(honours::register))
        .route(
            paths::HONOURS_NOMINATE.pattern(),
            post(honours::create_nomination),
        )
        .route(
            paths::HONOURS_SESSIONS.pattern(),
            post(honours::create_session),
        )
        .route(
            paths::HONOURS_NOMINATION.pattern(),
            get(honours::show_nomination).post(honours::update_nomination),
        )
        .route(
            paths::HONOURS_NOMINATION_STEP.pattern(),
            post(honours::step_nomination),
        )
        .route(paths::HONOURS_SESSION.pattern(), get(honours::show_session))
        .route(paths::HONOURS_PROPOSE.pattern(), post(honours::propose))
        .route(
            paths::HONOURS_BALLOTS.pattern(),
            post(honours::record_ballots),
        )
        .route(paths::HONOURS_MINUTES.pattern(), get(honours::minutes))
        .route(
            paths::HONOURS_DRAFT_DECISION.pattern(),
            post(honours::draft_decision),
        )
        .route(
            paths::HONOURS_DECISION.pattern(),
            get(honours::show_decision),
        )
        .route(
            paths::HONOURS_ISSUE.pattern(),
            post(honours::issue_decision),
        )
        .route(paths::HONOURS_REVOKE.pattern(), post(honours::revoke))
        .route(
            paths::HONOURS_CERTIFICATES.pattern(),
            get(honours::certificates),
        )
        .route(paths::HONOURS_PAPER.pattern(), get(honours::paper))
        .route(
            paths::HONOURS_REPORT_FILE.pattern(),
            get(honours::report_file)
                .post(honours::upload_report)
                .layer(DefaultBodyLimit::max(honours::REPORT_UPLOAD_LIMIT)),
        )
        .route(
            paths::HONOURS_MENTIONS.pattern(),
            post(honours::create_mention),
        )
        .route(
            paths::HONOURS_LAYOUT.pattern(),
            get(honours::show_layout).post(honours::save_layout),
        )
        .route(paths::TEAMS.pattern(), get(teams::index))
        .route(paths::TEAM_GROUPS.pattern(), post(teams::create_group))
        .route(
            paths::TEAM_GROUPS_IMPORT.pattern(),
            post(teams::import_groups).layer(DefaultBodyLimit::max(payments::IMPORT_LIMIT)),
        )
        .route(
            paths::TEAM_NEW.pattern(),
            get(teams::new_team).post(teams::create_team),
        )
        .route(
            paths::TEAM.pattern(),
            get(teams::show_team).post(teams::update_team),
        )
        .route(
            paths::TEAM_MEMBERS.pattern(),
            get(teams::new_member).post(teams::create_member),
        )
        .route(
            paths::MEMBER.pattern(),
            get(teams::show_member).post(teams::update_member),
        )
        .route(paths::TEAM_ACCOUNTS.pattern(), post(teams::set_account))
        .route(paths::TEAM_ACTIVITIES.pattern(), get(teams::activities))
        .route(
            paths::TEAM_ACTIVITY_NEW.pattern(),
            get(teams::new_activity)
                .post(teams::create_activity)
                .layer(DefaultBodyLimit::max(teams::ACTIVITY_UPLOAD_LIMIT)),
        )
        .route(
            paths::TEAM_ACTIVITY.pattern(),
            get(teams::show_activity)
                .post(teams::update_activity)
                .layer(DefaultBodyLimit::max(teams::ACTIVITY_UPLOAD_LIMIT)),
        )
        .route(
            paths::TEAM_ACTIVITY_PHOTO.pattern(),
            get(teams::activity_photo),
        )
        .route(
            paths::TEAM_DECISION.pattern(),
            get(teams::decision_file)
                .post(teams::upload_decision)
                .layer(DefaultBodyLimit::max(teams::DECISION_UPLOAD_LIMIT)),
        )
        .route(paths::TEAM_REPORTS.pattern(), get(teams::reports))
        .route(paths::TEAM_CADENCE.pattern(), post(teams::set_cadence))
        .route(
            paths::TEAM_REPORT.pattern(),
            get(teams::team_report).post(teams::save_team_report),
        )
        .route(
            paths::TEAM_REPORT_REVIEW.pattern(),
            post(teams::review_team_report),
        )
        .route(
            paths::WARD_TEAMS_REPORT.pattern(),
            get(teams::ward_report).post(teams::send_ward_report),
        )
        .route(
            paths::WARD_TEAMS_REPORT_REVIEW.pattern(),
            post(teams::review_ward_report),
        )
        .route(paths::TEAM_ROLLUP.pattern(), get(teams::rollup))
        .route(paths::TEAM_ROLLUP_XLSX.pattern(), get(teams::rollup_xlsx))
        .route(
            paths::TEAM_TARGETS.pattern(),
            get(teams::targets).post(teams::save_targets),
        )
        .route(paths::TEAMS_XLSX.pattern(), get(teams::register_xlsx))
        .route(paths::PUBLIC_OFFERS.pattern(), get(offers::public))
        .route(
            paths::OFFERS.pattern(),
            get(offers::admin).post(offers::create),
        )
        .route(paths::OFFER_DELETE.pattern(), post(offers::delete))
        .route(paths::MERCHANT_QR.pattern(), get(payments::merchant_qr))
        .route(paths::REPORTS.pattern(), get(reports::list))
        .route(paths::REPORTS_XLSX.pattern(), get(reports::export_all_xlsx))
        .route(
            paths::REPORT_NEW.pattern(),
            get(reports::new_form).post(reports::create),
        )
        .route(
            paths::REPORT.pattern(),
            get(reports::show)
                .post(reports::save)
                .layer(DefaultBodyLimit::max(upload::UPLOAD_LIMIT)),
        )
        .route(
            paths::REPORT_CHECK.pattern(),
            get(reports::check_page).post(reports::confirm),
        )
        .route(paths::REPORT_XLSX.pattern(), get(reports::export_xlsx))
        .route(paths::REPORT_DOCX.pattern(), get(reports::export_docx))
        .route(paths::REPORT_SEND.pattern(), post(reports::send))
        .route(
            paths::REPORT_REMIND.pattern(),
            post(features::reminders::remind_missing),
        )
        .route(paths::REPORT_UNIT.pattern(), get(reports::review_page))
        .route(paths::REPORT_REVIEW.pattern(), post(reports::review))
        .route(paths::REPORT_EVIDENCE.pattern(), get(reports::evidence))
        .route(paths::TASKS.pattern(), get(tasks::list))
        .route(paths::TASKS_XLSX.pattern(), get(tasks::export))
        .route(paths::TASKS_OVERVIEW.pattern(), get(tasks::overview))
        .route(
            paths::TASKS_IMPORT.pattern(),
            post(tasks::import).layer(DefaultBodyLimit::max(upload::UPLOAD_LIMIT)),
        )
        .route(
            paths::TASK_NEW.pattern(),
            get(tasks::new_form).post(tasks::create),
        )
        .route(paths::TASK_PROGRESS.pattern(), post(tasks::report))
        .route(paths::DOCUMENTS.pattern(), get(documents::list))
        .route(
            paths::DOCUMENT_NEW.pattern(),
            get(documents::new_form)
                .post(documents::create)
                .layer(DefaultBodyLimit::max(documents::FORM_LIMIT)),
        )
        .route(
            paths::DOCUMENTS_REGISTER.pattern(),
            get(documents::register_xlsx),
        )
        .route(paths::DOCUMENT.pattern(), get(documents::item))
        .route(
            paths::DOCUMENT_EDIT.pattern(),
            get(documents::edit_form)
                .post(documents::update)
                .layer(DefaultBodyLimit::max(documents::FORM_LIMIT)),
        )
        .route(paths::DOCUMENT_ISSUE.pattern(), post(documents::issue))
        .route(
            paths::DOCUMENT_ACKNOWLEDGE.pattern(),
            post(documents::acknowledge),
        )
        .route(paths::DOCUMENT_REMIND.pattern(), post(documents::remind))
        .route(paths::DOCUMENT_RECALL.pattern(), post(documents::recall))
        .route(
            paths::DOCUMENT_ATTACH.pattern(),
            post(documents::attach).layer(DefaultBodyLimit::max(upload::UPLOAD_LIMIT)),
        )
        .route(
            paths::DOCUMENT_ATTACHMENT.pattern(),
            get(documents::attachment),
        )
        .route(paths::DOCUMENT_DETACH.pattern(), post(documents::detach))
        .route(paths::BULK.pattern(), get(bulk::form))
        .route(paths::BULK_JOB.pattern(), get(bulk::show))
        .route(paths::BULK_DOWNLOAD.pattern(), get(bulk::download))
        .layer(sessions.clone())
        // Forms read bodies: a slow client may not hold a connection forever, and a request
        // that runs out of time (408) drops its work, which stops at its next check.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            state.config.request_timeout,
        ));

    // A unit's ZIP of photos: large, so it streams to disk and may take minutes to send.
    let bulk_upload = Router::new()
        .route(
            paths::BULK_START.pattern(),
            post(bulk::start).layer(DefaultBodyLimit::max(bulk::ZIP_LIMIT + 64 * 1024)),
        )
        .layer(sessions)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(15 * 60),
        ));

    // Public routes: a body (the counts, a photo) or a slow handler has the same time.
    let public = Router::new()
        .route(paths::HOME.pattern(), get(public::home))
        .route(paths::STUDIO.pattern(), get(studio::studio))
        .route(paths::QR_SVG.pattern(), get(qr::svg))
        .route(paths::QR_PNG.pattern(), get(qr::png))
        .route(paths::QR_A4.pattern(), get(qr::a4))
        .route(paths::STUDIO_FRAME.pattern(), get(studio::frame_png))
        .route(paths::SHARE_IMAGE.pattern(), get(share::image))
        .route(paths::SAMPLE_IMAGE.pattern(), get(share::sample))
        .route(
            paths::RENDER_API.pattern(),
            post(studio::render_api).layer(DefaultBodyLimit::max(upload::UPLOAD_LIMIT)),
        )
        .route(paths::COUNT_API.pattern(), post(studio::count_download))
        .route(paths::HEALTHZ.pattern(), get(ops::healthz))
        .route(paths::METRICS.pattern(), get(ops::metrics_with_token))
        .route(paths::STATIC.pattern(), get(assets::serve))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            state.config.request_timeout,
        ));

    let hsts = state.config.secure_cookies().then(|| {
        SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        )
    });
    Router::new()
        .merge(pages)
        .merge(bulk_upload)
        .merge(public)
        .fallback(ops::not_found)
        .route_layer(axum::middleware::from_fn(middleware::track_metrics))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            client_ip::layer,
        ))
        .with_state(state)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(
            ServiceBuilder::new()
                .layer(
                    TraceLayer::new_for_http().on_failure(middleware::log_failure as fn(_, _, &_)),
                )
                // A body that stops arriving for 10 s ends its request (slow clients).
                .layer(RequestBodyTimeoutLayer::new(BODY_IDLE_TIMEOUT))
                .map_request(|r: axum::http::Request<_>| r.map(axum::body::Body::new))
                .option_layer(hsts)
                .layer(CatchPanicLayer::new())
                .layer(CompressionLayer::new())
                .layer(axum::middleware::from_fn(middleware::every_request))
                // The largest body any route takes; each route's own limit is lower.
                .layer(RequestBodyLimitLayer::new(bulk::ZIP_LIMIT + 64 * 1024))
                .layer(CsrfLayer::new()),
        )
}
