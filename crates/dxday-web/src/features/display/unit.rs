//! A unit's declarations page, as the unit and the office see it.

use super::*;
use crate::paths;

pub struct Line {
    pub e: Evidence,
    pub channel: String,
    pub period: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Editing {
    New,
    Existing(DisplayId),
    /// The office reading a unit's declarations: no form.
    ReadOnly,
}

#[derive(Template)]
#[template(path = "admin/display_unit.html")]
pub(super) struct UnitPage {
    ctx: Ctx,
    unit_name: String,
    title: String,
    window: String,
    lines: Vec<Line>,
    summary: Vec<(String, CoverCell)>,
    editable: bool,
    /// The form's target: `/quan-tri/hien-thi` or `/quan-tri/hien-thi/{id}`.
    action: String,
    editing: bool,
    form: DisplayForm,
    channels: Vec<Opt>,
    errors: Errors,
}

pub(super) async fn unit_page(
    app: &AppState,
    me: CurrentUser,
    campaign: &Campaign,
    unit: ScopedUnit,
    editing: Editing,
    refused: Option<(DisplayForm, Errors)>,
) -> Result<UnitPage, AppError> {
    let lang = me.ctx.lang;
    let evidence = display::for_unit(&app.db, campaign.id, unit).await?;
    let (form, errors) = match (refused, editing) {
        (Some(r), _) => r,
        (None, Editing::Existing(id)) => (
            evidence
                .iter()
                .find(|e| e.id == id)
                .map(|e| DisplayForm::of(&e.data))
                .ok_or(AppError::NotFound)?,
            Errors::default(),
        ),
        (None, _) => (DisplayForm::default(), Errors::default()),
    };
    let refs: Vec<&Evidence> = evidence.iter().collect();
    let summary = Channel::ALL
        .iter()
        .map(|c| lang.t(c.label_key()))
        .zip(cells(window_of(campaign), &refs))
        .collect();
    let unit_name = dxday_store::units::entry(&app.db, unit.id())
        .await?
        .map(|u| u.data.name)
        .unwrap_or_default();
    Ok(UnitPage {
        channels: options(
            &Channel::ALL,
            |c| c.as_str().into(),
            |c| lang.t(c.label_key()),
            &form.channel,
        ),
        lines: evidence
            .into_iter()
            .map(|e| Line {
                channel: lang.t(e.data.channel.label_key()),
                period: format!(
                    "{} – {}",
                    dxday_domain::dates::format_dmy(e.data.shown_from),
                    dxday_domain::dates::format_dmy(e.data.shown_to)
                ),
                e,
            })
            .collect(),
        summary,
        editable: editing != Editing::ReadOnly,
        action: match editing {
            Editing::Existing(id) => paths::DISPLAY_ITEM.with(id),
            _ => paths::DISPLAY.into(),
        },
        editing: matches!(editing, Editing::Existing(_)),
        title: campaign.data.title.clone(),
        window: window_text(campaign),
        ctx: me.ctx,
        unit_name,
        form,
        errors,
    })
}

/// `GET /quan-tri/hien-thi/don-vi/{unit}`: a unit's declarations, read only (the
/// office, or the unit itself).
pub async fn unit_view(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(unit): Path<UnitId>,
) -> Result<Response, AppError> {
    let unit = me.visible(unit)?;
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let page = unit_page(&app, me, &campaign, unit, Editing::ReadOnly, None).await?;
    render(StatusCode::OK, &page)
}

/// `GET /quan-tri/hien-thi/{id}`: the form to change one of the unit's declarations.
pub async fn edit_form(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<DisplayId>,
) -> Result<Response, AppError> {
    let unit = declaring_unit(&me)?;
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let page = unit_page(&app, me, &campaign, unit, Editing::Existing(id), None).await?;
    render(StatusCode::OK, &page)
}
