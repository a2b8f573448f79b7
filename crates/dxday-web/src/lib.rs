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
pub mod mail;
mod middleware;
mod pool;
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
pub use features::tasks::run_reminders;
pub use state::{AppState, WebConfig};

use features::{
    admin, auth, bulk, campaigns, display, documents, frames, kit, offers, ops, payments, public,
    qr, reports, studio, tasks, units, users,
};

/// Largest request body accepted (forms; uploads get their own limits later).
pub const BODY_LIMIT: usize = 256 * 1024;
/// Longest pause allowed between two pieces of a request body.
pub const BODY_IDLE_TIMEOUT: Duration = Duration::from_secs(10);

/// The separate metrics address's router: `/metrics` only.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(ops::metrics))
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
        .route("/dang-nhap", get(auth::login_form).post(auth::login))
        .route("/dang-xuat", post(auth::logout))
        .route("/quan-tri", get(admin::dashboard))
        .route(
            "/quan-tri/mat-khau",
            get(auth::password_form).post(auth::password_change),
        )
        .route("/quan-tri/don-vi", get(units::list))
        .route(
            "/quan-tri/don-vi/moi",
            get(units::new_form).post(units::create),
        )
        .route(
            "/quan-tri/don-vi/{id}",
            get(units::edit_form).post(units::update),
        )
        .route("/quan-tri/don-vi/{id}/luu-tru", post(units::archive))
        .route("/quan-tri/nguoi-dung", get(users::list))
        .route(
            "/quan-tri/nguoi-dung/moi",
            get(users::new_form).post(users::create),
        )
        .route(
            "/quan-tri/nguoi-dung/{id}",
            get(users::edit_form).post(users::update),
        )
        .route("/quan-tri/nguoi-dung/{id}/luu-tru", post(users::archive))
        .route("/quan-tri/chien-dich", get(campaigns::list))
        .route(
            "/quan-tri/chien-dich/moi",
            get(campaigns::new_form).post(campaigns::create),
        )
        .route(
            "/quan-tri/chien-dich/{id}",
            get(campaigns::edit_form).post(campaigns::update),
        )
        .route(
            "/quan-tri/chien-dich/{id}/luu-tru",
            post(campaigns::archive),
        )
        .route("/quan-tri/nhat-ky", get(admin::audit_log))
        .route(
            "/quan-tri/khung-anh",
            get(frames::list)
                .post(frames::upload)
                .layer(DefaultBodyLimit::max(upload::UPLOAD_LIMIT)),
        )
        .route(
            "/quan-tri/khung-anh/tham-gia.xlsx",
            get(frames::participation_xlsx),
        )
        .route(
            "/quan-tri/khung-anh/{file}",
            get(frames::admin_png).post(frames::update),
        )
        .route("/quan-tri/khung-anh/{id}/luu-tru", post(frames::archive))
        .route("/bo-nhan-dien", get(kit::page))
        .route("/k/{year}", get(kit::short_link))
        .route("/k/{year}/{rest}", get(kit::short_link))
        .route("/bo-nhan-dien/tai-tat-ca.zip", get(kit::zip_all))
        .route("/bo-nhan-dien/{id}/tai-ve", get(kit::download))
        .route("/bo-nhan-dien/xem/{name}", get(kit::preview))
        .route(
            "/quan-tri/bo-nhan-dien",
            get(kit::admin)
                .post(kit::upload)
                .layer(DefaultBodyLimit::max(kit::UPLOAD_LIMIT)),
        )
        .route("/quan-tri/bo-nhan-dien/{id}/luu-tru", post(kit::archive))
        .route(
            "/quan-tri/hien-thi",
            get(display::index)
                .post(display::create)
                .layer(DefaultBodyLimit::max(display::UPLOAD_LIMIT)),
        )
        .route(
            "/quan-tri/hien-thi/tong-hop.xlsx",
            get(display::export_xlsx),
        )
        .route("/quan-tri/hien-thi/don-vi/{unit}", get(display::unit_view))
        .route(
            "/quan-tri/hien-thi/{id}",
            get(display::edit_form)
                .post(display::update)
                .layer(DefaultBodyLimit::max(display::UPLOAD_LIMIT)),
        )
        .route("/quan-tri/hien-thi/{id}/xoa", post(display::delete))
        .route("/quan-tri/hien-thi/{id}/anh", get(display::photo))
        .route(
            "/quan-tri/tuyen-pho",
            get(payments::index).post(payments::create_street),
        )
        .route(
            "/quan-tri/tuyen-pho/nhap",
            post(payments::import).layer(DefaultBodyLimit::max(payments::IMPORT_LIMIT)),
        )
        .route("/quan-tri/tuyen-pho/xuat.xlsx", get(payments::export))
        .route(
            "/quan-tri/tuyen-pho/{id}",
            get(payments::show).post(payments::update_street),
        )
        .route(
            "/quan-tri/tuyen-pho/{id}/co-so",
            post(payments::create_merchant),
        )
        .route(
            "/quan-tri/co-so/{id}",
            get(payments::merchant_form).post(payments::update_merchant),
        )
        .route("/quan-tri/co-so/{id}/xoa", post(payments::delete_merchant))
        .route("/quan-tri/co-so/{id}/standee.png", get(payments::standee))
        .route(
            "/quan-tri/tuyen-pho/{id}/standees.pdf",
            get(payments::standees),
        )
        .route("/tuyen-pho-so", get(payments::public))
        .route("/thang-tieu-dung-so", get(offers::public))
        .route("/quan-tri/uu-dai", get(offers::admin).post(offers::create))
        .route("/quan-tri/uu-dai/{id}/xoa", post(offers::delete))
        .route("/tuyen-pho-so/qr/{name}", get(payments::merchant_qr))
        .route("/quan-tri/bao-cao", get(reports::list))
        .route(
            "/quan-tri/bao-cao/tong-hop.xlsx",
            get(reports::export_all_xlsx),
        )
        .route(
            "/quan-tri/bao-cao/moi",
            get(reports::new_form).post(reports::create),
        )
        .route(
            "/quan-tri/bao-cao/{id}",
            get(reports::show)
                .post(reports::save)
                .layer(DefaultBodyLimit::max(upload::UPLOAD_LIMIT)),
        )
        .route(
            "/quan-tri/bao-cao/{id}/tong-hop.xlsx",
            get(reports::export_xlsx),
        )
        .route(
            "/quan-tri/bao-cao/{id}/bao-cao.docx",
            get(reports::export_docx),
        )
        .route(
            "/quan-tri/bao-cao/{id}/don-vi/{unit}",
            get(reports::review_page),
        )
        .route(
            "/quan-tri/bao-cao/{id}/don-vi/{unit}/duyet",
            post(reports::review),
        )
        .route(
            "/quan-tri/bao-cao/{id}/don-vi/{unit}/tep/{file}",
            get(reports::evidence),
        )
        .route("/quan-tri/nhiem-vu", get(tasks::list))
        .route("/quan-tri/nhiem-vu.xlsx", get(tasks::export))
        .route("/quan-tri/nhiem-vu/tong-hop", get(tasks::overview))
        .route(
            "/quan-tri/nhiem-vu/nhap",
            post(tasks::import).layer(DefaultBodyLimit::max(upload::UPLOAD_LIMIT)),
        )
        .route(
            "/quan-tri/nhiem-vu/moi",
            get(tasks::new_form).post(tasks::create),
        )
        .route("/quan-tri/nhiem-vu/{id}/tien-do", post(tasks::report))
        .route("/quan-tri/van-ban", get(documents::list))
        .route(
            "/quan-tri/van-ban/moi",
            get(documents::new_form)
                .post(documents::create)
                .layer(DefaultBodyLimit::max(documents::FORM_LIMIT)),
        )
        .route(
            "/quan-tri/van-ban/so-di.xlsx",
            get(documents::register_xlsx),
        )
        .route("/quan-tri/van-ban/{item}", get(documents::item))
        .route(
            "/quan-tri/van-ban/{id}/sua",
            get(documents::edit_form)
                .post(documents::update)
                .layer(DefaultBodyLimit::max(documents::FORM_LIMIT)),
        )
        .route("/quan-tri/van-ban/{id}/ban-hanh", post(documents::issue))
        .route(
            "/quan-tri/van-ban/{id}/da-nhan",
            post(documents::acknowledge),
        )
        .route("/quan-tri/van-ban/{id}/nhac", post(documents::remind))
        .route("/quan-tri/van-ban/{id}/thu-hoi", post(documents::recall))
        .route(
            "/quan-tri/van-ban/{id}/dinh-kem",
            post(documents::attach).layer(DefaultBodyLimit::max(upload::UPLOAD_LIMIT)),
        )
        .route(
            "/quan-tri/van-ban/{id}/dinh-kem/{file}",
            get(documents::attachment),
        )
        .route(
            "/quan-tri/van-ban/{id}/dinh-kem/{file}/xoa",
            post(documents::detach),
        )
        .route("/quan-tri/ghep-khung-hang-loat", get(bulk::form))
        .route("/quan-tri/ghep-khung-hang-loat/{id}", get(bulk::show))
        .route(
            "/quan-tri/ghep-khung-hang-loat/{id}/tai-ve",
            get(bulk::download),
        )
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
            "/quan-tri/ghep-khung-hang-loat/moi",
            post(bulk::start).layer(DefaultBodyLimit::max(bulk::ZIP_LIMIT + 64 * 1024)),
        )
        .layer(sessions)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(15 * 60),
        ));

    // Public routes: a body (the counts, a photo) or a slow handler has the same time.
    let public = Router::new()
        .route("/", get(public::home))
        .route("/khung-anh", get(studio::studio))
        .route("/qr.svg", get(qr::svg))
        .route("/qr.png", get(qr::png))
        .route("/qr-a4.png", get(qr::a4))
        .route("/khung-anh/{file}", get(studio::frame_png))
        .route(
            "/api/frames/{id}/render",
            post(studio::render_api).layer(DefaultBodyLimit::max(upload::UPLOAD_LIMIT)),
        )
        .route("/api/frames/{id}/downloads", post(studio::count_download))
        .route("/healthz", get(ops::healthz))
        .route("/metrics", get(ops::metrics_with_token))
        .route("/static/{file}", get(assets::serve))
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
