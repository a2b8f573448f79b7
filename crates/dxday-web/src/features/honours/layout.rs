//! An issuer's calibration of its pre-printed blanks: where each text of the
//! certificate goes, in millimetres from the top-left corner, measured on the
//! calibration page laid over a blank. Office roles only.

use std::collections::HashMap;

use dxday_domain::{Role, UnitId};
use dxday_media::certificate::{Field, Layout};

use super::*;

#[derive(Template)]
#[template(path = "admin/honours_layout.html")]
struct LayoutPage {
    ctx: Ctx,
    unit: UnitId,
    unit_name: String,
    rows: Vec<(&'static str, String, String)>,
    error: Option<String>,
}

async fn current(app: &AppState, unit: UnitId) -> Result<Layout, AppError> {
    Ok(match h::certificate_layout(&app.db, unit).await? {
        Some(json) => serde_json::from_str(&json).map_err(AppError::internal)?,
        None => Layout::default(),
    })
}

fn rows(layout: &Layout) -> Vec<(&'static str, String, String)> {
    layout
        .spots
        .iter()
        .map(|(f, s)| {
            (
                f.as_str(),
                format!("{:.1}", s.x_mm),
                format!("{:.1}", s.y_mm),
            )
        })
        .collect()
}

async fn page(
    app: &AppState,
    me: CurrentUser,
    unit: UnitId,
    rows: Vec<(&'static str, String, String)>,
    error: Option<String>,
) -> Result<LayoutPage, AppError> {
    let u = dxday_store::units::entry(&app.db, unit)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(LayoutPage {
        ctx: me.ctx,
        unit,
        unit_name: u.data.name,
        rows,
        error,
    })
}

/// `GET /quan-tri/thi-dua/phoi/{unit}`.
pub async fn show_layout(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(unit): Path<UnitId>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let unit = me.visible(unit)?.id();
    let layout = current(&app, unit).await?;
    let p = page(&app, me, unit, rows(&layout), None).await?;
    render(axum::http::StatusCode::OK, &p)
}

/// `POST /quan-tri/thi-dua/phoi/{unit}`: the positions measured (`{field}_x`,
/// `{field}_y` in mm, a decimal comma allowed); a position off the page is refused
/// with the field's name, nothing saved.
pub async fn save_layout(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(unit): Path<UnitId>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let scoped = me.visible(unit)?;
    let mut layout = current(&app, unit).await?;
    let number = |k: String| -> Option<f32> {
        form.get(&k)
            .and_then(|v| v.trim().replace(',', ".").parse::<f32>().ok())
            .filter(|v| v.is_finite())
    };
    let mut bad: Option<&'static str> = None;
    for (f, spot) in layout.spots.iter_mut() {
        match (
            number(format!("{}_x", f.as_str())),
            number(format!("{}_y", f.as_str())),
        ) {
            (Some(x), Some(y)) => {
                spot.x_mm = x;
                spot.y_mm = y;
            }
            _ => bad = bad.or(Some(f.as_str())),
        }
    }
    let checked = match bad {
        Some(f) => Err(f.to_string()),
        None => layout.check(),
    };
    if let Err(field) = checked {
        let lang = me.ctx.lang;
        let message = format!("{}: {field}", lang.t("err-layout"));
        let shown = Field::ALL
            .iter()
            .map(|f| {
                let v = |axis: &str| {
                    form.get(&format!("{}_{axis}", f.as_str()))
                        .cloned()
                        .unwrap_or_default()
                };
                (f.as_str(), v("x"), v("y"))
            })
            .collect();
        let p = page(&app, me, unit, shown, Some(message)).await?;
        return render(axum::http::StatusCode::UNPROCESSABLE_ENTITY, &p);
    }
    let json = serde_json::to_string(&layout).map_err(AppError::internal)?;
    h::save_certificate_layout(&app.db, me.actor(), scoped, &json).await?;
    saved(&me, "flash-saved", paths::HONOURS_LAYOUT.with(unit)).await
}
