//! Emulation and honours (thi đua, khen thưởng): the public honour roll
//! `/vinh-danh`; the movements, where a unit writes and sends its nominations (its own
//! only: another unit's answer 404) and the office takes them in or returns them; the
//! council's sessions and the award decisions, which only office roles run (a leader
//! issues). Every rule is checked by the store in the write's transaction; a refusal
//! answers 409 with its message and writes nothing.

mod council;
mod decisions;
mod layout;
mod movements;
mod nominations;
mod public;

pub use council::*;
pub use decisions::*;
pub use layout::*;
pub use movements::*;
pub use nominations::*;
pub use public::*;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use dxday_store::honours::{self as h, Refused};

use crate::csrf::CsrfForm;
use crate::forms::saved;
use crate::middleware::render;
use crate::paths;
use crate::{AppError, AppState, Ctx, CurrentUser};

/// Today on Vietnam's clock.
fn today() -> time::Date {
    dxday_domain::dates::today_in_vietnam(time::OffsetDateTime::now_utc())
}

/// A store's refusal as an answer: 404, or 409 with the rule's message.
fn refused(r: Refused) -> AppError {
    match r {
        Refused::NotFound => AppError::NotFound,
        Refused::Rule(key) => AppError::Conflict(key),
    }
}

/// The choices of the nomination form: recipient, award, gender.
pub(super) struct Choices {
    pub recipients: Vec<crate::forms::Opt>,
    pub award_types: Vec<crate::forms::Opt>,
    pub genders: Vec<crate::forms::Opt>,
}

pub(super) async fn choices(
    app: &AppState,
    lang: crate::Lang,
    form: &dxday_domain::honours::NominationForm,
) -> Result<Choices, AppError> {
    use crate::forms::{Opt, options};
    use dxday_domain::honours::{Gender, Recipient};
    let types = h::award_types(&app.db).await?;
    let mut genders = vec![Opt {
        value: String::new(),
        label: lang.t("honours-gender-none"),
        selected: form.gender.is_empty(),
    }];
    genders.extend(options(
        &Gender::ALL,
        |g| g.as_str().into(),
        |g| lang.t(g.label_key()),
        &form.gender,
    ));
    Ok(Choices {
        recipients: options(
            &Recipient::ALL,
            |r| r.as_str().into(),
            |r| lang.t(r.label_key()),
            &form.recipient,
        ),
        award_types: types
            .iter()
            .map(|t| Opt {
                value: t.code.clone(),
                label: t.name.clone(),
                selected: t.code == form.award_type,
            })
            .collect(),
        genders,
    })
}

/// A printed paper as a DOCX download, rendered on the pool.
async fn docx_download(
    app: &AppState,
    printed: dxday_media::docx::OfficialDocument,
    name: &str,
) -> Result<Response, AppError> {
    let bytes = app
        .pool
        .run("err-busy-work", move |_| {
            dxday_media::docx::render(&printed)
        })
        .await??;
    crate::download::attachment(name, crate::download::DOCX, bytes)
}
