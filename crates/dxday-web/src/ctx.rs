//! The page context every template gets (language, account, CSRF token, flash
//! message), and the extractors that build it.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::HeaderValue;
use axum::http::request::Parts;
use dxday_domain::{Role, Scope, ScopedUnit, UnitId, UserId, dates};
use dxday_store::users::{self, User};
use time::Date;
use tower_sessions::Session;

use crate::{AppError, AppState, Lang, assets, csrf};

/// Session keys.
pub(crate) const USER_ID: &str = "user_id";
pub(crate) const EPOCH: &str = "epoch";
pub(crate) const FLASH: &str = "flash";

/// What every page template needs.
pub struct Ctx {
    pub lang: Lang,
    pub user: Option<User>,
    /// The session's CSRF token (empty on pages without a session).
    pub csrf: String,
    /// A one-time message from the previous request (already translated).
    pub flash: Option<String>,
    /// The path of this page, for the language switch.
    pub path: String,
}

impl Ctx {
    /// The context of a public page: no session is touched.
    pub fn public(lang: Lang, path: &str) -> Ctx {
        Ctx {
            lang,
            user: None,
            csrf: String::new(),
            flash: None,
            path: local_path(path),
        }
    }

    /// A message in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// A date as dd/mm/yyyy.
    pub fn date(&self, d: &Date) -> String {
        dates::format_dmy(*d)
    }

    /// An optional date as dd/mm/yyyy, or empty.
    pub fn opt_date(&self, d: &Option<Date>) -> String {
        d.map(dates::format_dmy).unwrap_or_default()
    }

    /// A report's period (a month `10/2026`, a quarter `Quý IV/2026`).
    pub fn period(&self, p: &dxday_domain::team::Period) -> String {
        dxday_app::format::report_period(self.lang, *p)
    }

    /// A number with the language's thousands separator.
    pub fn num(&self, n: &i64) -> String {
        self.lang.number(*n)
    }

    /// An embedded file's hashed URL.
    pub fn asset(&self, name: &str) -> String {
        assets::url(name)
    }

    /// The other language, for the switch link.
    pub fn other_lang(&self) -> Lang {
        match self.lang {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    /// True when the account may manage units and campaigns.
    pub fn can_manage_setup(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.data.role.can_manage_setup())
    }

    /// True when the account is the office's.
    pub fn is_office(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.data.role.is_office())
    }

    /// True when the account may frame a unit's photos in bulk.
    pub fn can_frame_in_bulk(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.data.role.can_frame_in_bulk())
    }

    /// True when the account may manage accounts.
    pub fn can_manage_users(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.data.role.can_manage_users())
    }
}

/// A request path made safe to put in a link of this site: always one leading slash,
/// so `//evil.example/x` (a scheme-relative URL to another host) becomes
/// `/evil.example/x`, and no backslash (browsers read `/\\host` as `//host`).
pub fn local_path(path: &str) -> String {
    let rest = path.trim_start_matches(['/', '\\']);
    format!("/{}", rest.replace('\\', "%5C"))
}

/// The request's language (chosen by the middleware), as an extractor.
pub struct PageLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<PageLang, Self::Rejection> {
        Ok(PageLang(
            parts.extensions.get::<Lang>().copied().unwrap_or_default(),
        ))
    }
}

/// The logged-in account, its scope and the page context. Extracting it redirects
/// to the login page when nobody (or a stale session) is logged in.
pub struct CurrentUser {
    pub ctx: Ctx,
    pub user: User,
    pub scope: Scope,
    pub session: Session,
}

impl CurrentUser {
    /// Refuses the request with 403 unless the role passes `allowed`.
    pub fn require(&self, allowed: fn(Role) -> bool) -> Result<(), AppError> {
        if allowed(self.user.data.role) {
            Ok(())
        } else {
            Err(self.forbidden())
        }
    }

    /// 403 for this account (its error page keeps the signed-in header).
    pub fn forbidden(&self) -> AppError {
        AppError::ForbiddenFor(Box::new(crate::error::SignedIn {
            user: self.user.clone(),
            csrf: self.ctx.csrf.clone(),
        }))
    }

    /// `unit`, when the account's scope covers it (the office any unit, a unit only
    /// itself); another unit's records answer 404.
    pub fn visible(&self, unit: UnitId) -> Result<ScopedUnit, AppError> {
        self.scope.unit(unit).ok_or(AppError::NotFound)
    }

    /// The account's own unit (none for an account without one).
    pub fn own_unit(&self) -> Option<ScopedUnit> {
        self.user.data.unit_id.and_then(|u| self.scope.unit(u))
    }

    /// The ward whose records this account keeps (payment streets, community teams):
    /// a ward's focal point's own ward; anyone else gets 403.
    pub async fn own_ward(&self, db: &dxday_store::Db) -> Result<UnitId, AppError> {
        let role = self.user.data.role;
        let unit = self.user.data.unit_id.ok_or_else(|| self.forbidden())?;
        if role.is_office() || role == Role::CommunityTeamMember {
            return Err(self.forbidden());
        }
        let kind = dxday_store::units::entry(db, unit)
            .await?
            .map(|u| u.data.kind);
        if kind == Some(dxday_domain::unit::UnitKind::Ward) {
            Ok(unit)
        } else {
            Err(self.forbidden())
        }
    }

    /// The account's id, for the audit log.
    pub fn actor(&self) -> Option<UserId> {
        Some(self.user.id)
    }

    /// Leaves a message for the next page.
    pub async fn flash(&self, key: &str) -> Result<(), AppError> {
        self.session.insert(FLASH, key).await?;
        Ok(())
    }
}

fn session_of(parts: &Parts) -> Result<Session, AppError> {
    parts
        .extensions
        .get::<Session>()
        .cloned()
        .ok_or_else(|| AppError::internal("session layer missing"))
}

/// The page context. A logged-in account's token lives in its session; a visitor
/// without one gets the signed cookie token (the second value: a `Set-Cookie` to send
/// when the cookie is new), so that no session row is written for them.
async fn page_ctx(
    state: &AppState,
    parts: &Parts,
    session: &Session,
    user: Option<User>,
) -> Result<(Ctx, Option<HeaderValue>), AppError> {
    let lang = parts.extensions.get::<Lang>().copied().unwrap_or_default();
    let mut set_cookie = None;
    let csrf = if user.is_some() {
        csrf::token(session).await?
    } else if let Some(t) = csrf::existing(session).await? {
        t
    } else if let Some(t) = csrf::cookie_token(&parts.headers, &state.config.signing_key) {
        t
    } else {
        let t = csrf::new_cookie_token(&state.config.signing_key);
        set_cookie = csrf::cookie_header(&t, state.config.secure_cookies());
        t
    };
    let flash = match user {
        Some(_) => session.remove::<String>(FLASH).await?.map(|k| lang.t(&k)),
        None => None,
    };
    let ctx = Ctx {
        lang,
        user,
        csrf,
        flash,
        path: local_path(parts.uri.path()),
    };
    Ok((ctx, set_cookie))
}

/// The valid account of a session, or `None` (a stale session is emptied).
async fn session_user(state: &AppState, session: &Session) -> Result<Option<User>, AppError> {
    let Some(id) = session.get::<i64>(USER_ID).await? else {
        return Ok(None);
    };
    let epoch = session.get::<i64>(EPOCH).await?.unwrap_or(-1);
    match users::get_for_session(&state.db, UserId(id)).await? {
        Some(u) if !u.archived && u.session_epoch == epoch => Ok(Some(u)),
        _ => {
            session.flush().await?;
            Ok(None)
        }
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<CurrentUser, AppError> {
        let session = session_of(parts)?;
        let Some(user) = session_user(state, &session).await? else {
            let next = parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default();
            return Err(AppError::LoginRequired { next });
        };
        let scope = Scope::for_account(user.data.role, user.data.unit_id);
        let (ctx, _) = page_ctx(state, parts, &session, Some(user.clone())).await?;
        Ok(CurrentUser {
            ctx,
            user,
            scope,
            session,
        })
    }
}

/// The page context of a page that uses the session but needs no login (the login page).
pub struct SessionCtx {
    pub ctx: Ctx,
    pub session: Session,
    /// The visitor's new CSRF cookie, to send with the page.
    pub set_cookie: Option<HeaderValue>,
}

/// `res` with a visitor's new CSRF cookie, if one was made.
pub fn with_cookie(
    mut res: axum::response::Response,
    set_cookie: Option<HeaderValue>,
) -> axum::response::Response {
    if let Some(v) = set_cookie {
        res.headers_mut().append(axum::http::header::SET_COOKIE, v);
    }
    res
}

impl FromRequestParts<AppState> for SessionCtx {
    type Rejection = AppError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<SessionCtx, AppError> {
        let session = session_of(parts)?;
        let user = session_user(state, &session).await?;
        let (ctx, set_cookie) = page_ctx(state, parts, &session, user).await?;
        Ok(SessionCtx {
            ctx,
            session,
            set_cookie,
        })
    }
}

impl OptionalFromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<CurrentUser>, AppError> {
        match <CurrentUser as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(u) => Ok(Some(u)),
            Err(AppError::LoginRequired { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn links_built_from_the_request_path_stay_on_this_site() {
        assert_eq!(local_path("//evil.example/x"), "/evil.example/x");
        assert_eq!(local_path("/\\evil.example/x"), "/evil.example/x");
        assert_eq!(local_path("/a\\b"), "/a%5Cb");
        let units = crate::paths::UNITS.pattern();
        assert_eq!(local_path(units), units);
        assert_eq!(local_path(""), "/");
    }
}
