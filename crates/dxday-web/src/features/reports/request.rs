//! A new report request (office): its indicators, target units and due date.

use super::*;
use crate::paths;

/// A campaign indicator offered on the form.
pub struct Offered {
    pub i: Indicator,
    pub checked: bool,
    pub kind: String,
    pub aggregation: String,
}

/// A custom indicator row as typed.
#[derive(Default, Clone)]
pub struct CustomRow {
    pub n: usize,
    pub label: String,
    pub kind: String,
    pub measure: String,
    pub aggregation: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/report_form.html")]
pub(super) struct FormPage {
    ctx: Ctx,
    form: RequestForm,
    errors: Errors,
    kinds: Vec<Opt>,
    offered: Vec<Offered>,
    custom: Vec<CustomRow>,
    kind_opts: Vec<(String, String)>,
    aggregation_opts: Vec<(String, String)>,
    targets: Vec<GroupChoice>,
}

pub(super) async fn form_page(
    app: &AppState,
    me: CurrentUser,
    form: RequestForm,
    chosen: &[String],
    custom: Vec<CustomRow>,
    targets: &[UnitId],
    errors: Errors,
) -> Result<FormPage, AppError> {
    let lang = me.ctx.lang;
    let offered_units = unit_picker::offered(app).await?;
    Ok(FormPage {
        kinds: ReportKind::ALL
            .iter()
            .map(|k| Opt {
                value: k.as_str().into(),
                label: lang.t(k.label_key()),
                selected: k.as_str() == form.kind,
            })
            .collect(),
        offered: campaign_indicators()
            .into_iter()
            .map(|i| Offered {
                checked: chosen.contains(&i.code),
                kind: lang.t(i.kind.label_key()),
                aggregation: lang.t(i.aggregation.label_key()),
                i,
            })
            .collect(),
        custom,
        kind_opts: IndicatorKind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), lang.t(k.label_key())))
            .collect(),
        aggregation_opts: Aggregation::ALL
            .iter()
            .map(|a| (a.as_str().to_string(), lang.t(a.label_key())))
            .collect(),
        targets: unit_picker::groups(lang, &offered_units, targets),
        ctx: me.ctx,
        form,
        errors,
    })
}

pub(super) fn blank_custom() -> Vec<CustomRow> {
    (1..=CUSTOM_ROWS)
        .map(|n| CustomRow {
            n,
            kind: "number".into(),
            aggregation: "sum".into(),
            ..CustomRow::default()
        })
        .collect()
}

/// `GET /quan-tri/bao-cao/moi` (office).
pub async fn new_form(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let form = RequestForm {
        kind: "thematic".into(),
        ..RequestForm::default()
    };
    let all: Vec<String> = campaign_indicators().into_iter().map(|i| i.code).collect();
    let page = form_page(&app, me, form, &all, blank_custom(), &[], Errors::default()).await?;
    render(StatusCode::OK, &page)
}

/// The office's own indicators as typed (rows `c1`…), each parsed onto `indicators`;
/// `true` when a row is refused (its message is on the row).
fn custom_rows(
    lang: crate::Lang,
    pairs: &[(String, String)],
    indicators: &mut Vec<Indicator>,
) -> (Vec<CustomRow>, bool) {
    let field = |name: String| {
        pairs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut bad = false;
    let rows = (1..=CUSTOM_ROWS)
        .map(|n| {
            let mut row = CustomRow {
                n,
                label: field(format!("c{n}_label")),
                kind: field(format!("c{n}_kind")),
                measure: field(format!("c{n}_measure")),
                aggregation: field(format!("c{n}_aggregation")),
                error: None,
            };
            match parse_custom_indicator(n, &row.label, &row.kind, &row.measure, &row.aggregation) {
                Ok(Some(i)) => indicators.push(i),
                Ok(None) => {}
                Err(key) => {
                    row.error = Some(lang.t(key));
                    bad = true;
                }
            }
            row
        })
        .collect();
    (rows, bad)
}

/// `POST /quan-tri/bao-cao/moi`: the request, its indicators and targets, in one
/// transaction.
pub async fn create(
    State(app): State<AppState>,
    me: CurrentUser,
    CsrfFormPairs(form, pairs): CsrfFormPairs<RequestForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let lang = me.ctx.lang;
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::BadRequest("err-choice"))?;
    let targets = unit_picker::chosen(&app, &pairs, "target", "target_group").await?;
    let chosen: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "indicator")
        .map(|(_, v)| v.clone())
        .collect();
    let mut indicators: Vec<Indicator> = campaign_indicators()
        .into_iter()
        .filter(|i| chosen.contains(&i.code))
        .collect();
    let (custom, custom_bad) = custom_rows(lang, &pairs, &mut indicators);
    let parsed = form.parse();
    let mut fe = parsed.as_ref().err().cloned().unwrap_or_default();
    if indicators.is_empty() && !custom_bad {
        fe.add("indicators", "err-report-no-indicator");
    }
    if targets.is_empty() {
        fe.add("targets", "err-report-no-target");
    }
    let parsed = match parsed {
        Ok(data) if fe.is_empty() && !custom_bad => Ok(data),
        _ => Err(fe),
    };
    let actor = me.actor();
    let write = async |data| {
        let id = reports::insert(&app.db, actor, campaign.id, &data, &indicators, &targets).await?;
        Ok(paths::REPORT.with(id))
    };
    crate::forms::save_form(me, parsed, write, async |me, errors| {
        form_page(&app, me, form, &chosen, custom, &targets, errors).await
    })
    .await
}
