//! Units: office roles manage them; a focal point sees only its own unit.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::unit::{UnitData, UnitForm, valid_on};
use dxday_domain::{FieldErrors, Role, Scope, UnitId, UserId, dates};
use dxday_store::units::{self, Unit};
use time::OffsetDateTime;

use crate::forms::{Errors, NotSaved, Opt, choice, kind_options, unit_options};
use crate::listing::{Listing, SortKey};
use crate::middleware::render;
use crate::paths::{self, Route};
use crate::register::Register;
use crate::{AppError, AppState, Ctx, CurrentUser};

#[derive(Template)]
#[template(path = "admin/units.html")]
struct UnitsPage {
    ctx: Ctx,
    rows: Vec<UnitRow>,
    list: Listing,
    kinds: Vec<Opt>,
    states: Vec<Opt>,
}

struct UnitRow {
    unit: Unit,
    kind_label: String,
    in_force: bool,
    /// Position in the register's order.
    order: i64,
}

/// `GET /quan-tri/don-vi`: searched by name or code (`q`), filtered by kind (`loai`)
/// and state (`tinh-trang`: in force, ended, archived), sorted and paged.
pub async fn list(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let today = dates::today_in_vietnam(OffsetDateTime::now_utc());
    let mut list = Listing::new(paths::UNITS, query, "loai");
    let kind = list.param("loai").to_string();
    let state = list.param("tinh-trang").to_string();
    let rows: Vec<UnitRow> = units::list(&app.db, &me.scope)
        .await?
        .into_iter()
        .map(|u| UnitRow {
            kind_label: me.ctx.t(u.data.kind.label_key()),
            in_force: !u.archived && valid_on(u.data.valid_from, u.data.valid_to, today),
            order: 0,
            unit: u,
        })
        .filter(|r| kind.is_empty() || r.unit.data.kind.as_str() == kind)
        .filter(|r| match state.as_str() {
            "hieu-luc" => r.in_force,
            "het-hieu-luc" => !r.in_force && !r.unit.archived,
            "luu-tru" => r.unit.archived,
            _ => true,
        })
        .enumerate()
        .map(|(i, mut r)| {
            r.order = i64::try_from(i).unwrap_or(i64::MAX);
            r
        })
        .collect();
    let rows = list.apply(
        rows,
        |r| {
            let d = &r.unit.data;
            let gso = d.gso_code.as_ref().map_or("", |g| g.as_str());
            format!("{} {} {gso}", d.name, d.code.as_str())
        },
        |column, r| match column {
            "ten" => SortKey::text(&r.unit.data.name),
            "ma" => SortKey::text(r.unit.data.code.as_str()),
            "so-nguoi" => SortKey::opt_num(r.unit.data.staff_count),
            "hieu-luc" => SortKey::num(r.unit.data.valid_from.to_julian_day()),
            // The register's own order: archived last, then by kind and name.
            _ => SortKey::num(r.order),
        },
    );
    let mut kinds = vec![Opt {
        value: String::new(),
        label: me.ctx.t("audit-filter-any"),
        selected: kind.is_empty(),
    }];
    kinds.extend(kind_options(me.ctx.lang, &kind));
    let states = choice(
        me.ctx.lang,
        "audit-filter-any",
        ["hieu-luc", "het-hieu-luc", "luu-tru"]
            .iter()
            .map(|s| (s.to_string(), me.ctx.t(&format!("units-state-{s}"))))
            .collect(),
        &state,
    );
    render(
        StatusCode::OK,
        &UnitsPage {
            ctx: me.ctx,
            rows,
            list,
            kinds,
            states,
        },
    )
}

#[derive(Template)]
#[template(path = "admin/unit_form.html")]
pub struct UnitFormPage {
    ctx: Ctx,
    /// `None` for a new unit.
    id: Option<UnitId>,
    archived: bool,
    read_only: bool,
    form: UnitForm,
    errors: Errors,
    kinds: Vec<Opt>,
    parents: Vec<Opt>,
}

impl UnitFormPage {
    /// A count as the language writes it (1.250), or the text as typed.
    fn count_text(&self, s: &str) -> String {
        s.trim()
            .parse::<i64>()
            .map(|n| self.ctx.lang.number(n))
            .unwrap_or_else(|_| s.to_string())
    }
}

/// The register of units: a focal point sees only its own unit, read-only.
pub struct Units;

impl Register for Units {
    type Id = UnitId;
    type Form = UnitForm;
    type Data = UnitData;
    type Page = UnitFormPage;
    const PAGE: Route = paths::UNIT;
    const PUBLIC: bool = true;

    fn may_see(_: &CurrentUser) -> Result<(), AppError> {
        Ok(())
    }

    fn may_change(me: &CurrentUser) -> Result<(), AppError> {
        me.require(Role::can_manage_setup)
    }

    fn blank(_: &CurrentUser) -> UnitForm {
        UnitForm {
            valid_from: dates::format_iso(dates::today_in_vietnam(OffsetDateTime::now_utc())),
            ..UnitForm::default()
        }
    }

    fn parse(form: &UnitForm, _: bool) -> Result<UnitData, FieldErrors> {
        form.parse()
    }

    async fn load(
        app: &AppState,
        me: &CurrentUser,
        id: UnitId,
    ) -> Result<Option<(UnitForm, bool)>, AppError> {
        let unit = units::get(&app.db, &me.scope, id).await?;
        Ok(unit.map(|u| (UnitForm::from_data(&u.data), u.archived)))
    }

    async fn insert(
        app: &AppState,
        actor: Option<UserId>,
        data: UnitData,
    ) -> Result<UnitId, NotSaved> {
        Ok(units::insert(&app.db, actor, &data).await?)
    }

    async fn update(
        app: &AppState,
        scope: &Scope,
        actor: Option<UserId>,
        id: UnitId,
        data: UnitData,
    ) -> Result<bool, NotSaved> {
        Ok(units::update(&app.db, scope, actor, id, &data).await?)
    }

    async fn set_archived(
        app: &AppState,
        me: &CurrentUser,
        id: UnitId,
        archived: bool,
    ) -> Result<bool, AppError> {
        Ok(units::set_archived(&app.db, &me.scope, me.actor(), id, archived).await?)
    }

    async fn page(
        app: &AppState,
        me: CurrentUser,
        id: Option<UnitId>,
        archived: bool,
        form: UnitForm,
        errors: Errors,
    ) -> Result<UnitFormPage, AppError> {
        let all = units::directory(&app.db).await?;
        let lang = me.ctx.lang;
        let read_only = !me.user.data.role.can_manage_setup();
        Ok(UnitFormPage {
            kinds: kind_options(lang, &form.kind),
            parents: unit_options(lang, &all, &form.parent_id, "units-no-parent", id),
            ctx: me.ctx,
            id,
            archived,
            read_only,
            form,
            errors,
        })
    }
}
