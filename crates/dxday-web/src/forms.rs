//! Helpers that turn domain forms and their errors into what templates show.

use std::collections::HashMap;

use dxday_domain::FieldErrors;
use dxday_domain::Role;
use dxday_domain::unit::UnitKind;
use dxday_store::StoreError;
use dxday_store::units::Unit;

use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::{AppError, CurrentUser, Lang};

/// Field errors, translated, by field name.
#[derive(Debug, Default)]
pub struct Errors(HashMap<&'static str, String>);

impl Errors {
    /// Translates the domain's field errors.
    pub fn from_fields(lang: Lang, e: &FieldErrors) -> Errors {
        Errors(e.0.iter().map(|f| (f.field, lang.t(f.key))).collect())
    }

    /// The message of a field, or `None`.
    pub fn get(&self, field: &str) -> Option<&String> {
        self.0.get(field)
    }

    /// True when the form has no error.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Turns a store error on a form field into a form error; any other error passes on.
pub fn field_error(lang: Lang, e: StoreError) -> Result<Errors, AppError> {
    match e {
        StoreError::Field { field, key } => {
            let mut fe = FieldErrors::default();
            fe.add(field, key);
            Ok(Errors::from_fields(lang, &fe))
        }
        other => Err(other.into()),
    }
}

/// One `<option>`.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Options for the values of `all` (an enum's `ALL`), each with its value and label.
pub fn options<T: Copy>(
    all: &[T],
    value: impl Fn(T) -> String,
    label: impl Fn(T) -> String,
    selected: &str,
) -> Vec<Opt> {
    all.iter()
        .map(|t| Opt {
            selected: value(*t) == selected,
            value: value(*t),
            label: label(*t),
        })
        .collect()
}

/// Options for the unit kinds.
pub fn kind_options(lang: Lang, selected: &str) -> Vec<Opt> {
    UnitKind::ALL
        .iter()
        .map(|k| Opt {
            value: k.as_str().into(),
            label: lang.t(k.label_key()),
            selected: k.as_str() == selected,
        })
        .collect()
}

/// Options for the roles.
pub fn role_options(lang: Lang, selected: &str) -> Vec<Opt> {
    Role::ALL
        .iter()
        .map(|r| Opt {
            value: r.as_str().into(),
            label: lang.t(r.label_key()),
            selected: r.as_str() == selected,
        })
        .collect()
}

/// Options for a unit choice, with an empty first option labelled `none_key`.
pub fn unit_options(
    lang: Lang,
    units: &[Unit],
    selected: &str,
    none_key: &str,
    skip: Option<dxday_domain::UnitId>,
) -> Vec<Opt> {
    let mut v = vec![Opt {
        value: String::new(),
        label: lang.t(none_key),
        selected: selected.is_empty(),
    }];
    v.extend(
        units
            .iter()
            .filter(|u| !u.archived && Some(u.id) != skip)
            .map(|u| Opt {
                value: u.id.0.to_string(),
                label: u.data.name.clone(),
                selected: u.id.0.to_string() == selected,
            }),
    );
    v
}

/// After a successful write: leaves `flash` for the next page and redirects to `to`
/// (303, so a reload does not post again).
pub async fn saved(me: &CurrentUser, flash: &str, to: String) -> Result<Response, AppError> {
    me.flash(flash).await?;
    Ok(Redirect::to(&to).into_response())
}

/// Why a form's write did not save.
pub enum NotSaved {
    /// A field error shows the form again; any other is the request's error.
    Store(StoreError),
    /// Refused with its own answer (no such record in the scope: 404; a state: 409).
    Refused(AppError),
}

impl From<StoreError> for NotSaved {
    fn from(e: StoreError) -> Self {
        NotSaved::Store(e)
    }
}

impl From<dxday_app::Error> for NotSaved {
    fn from(e: dxday_app::Error) -> Self {
        match e {
            dxday_app::Error::Store(e) => NotSaved::Store(e),
            e => NotSaved::Refused(e.into()),
        }
    }
}

impl From<AppError> for NotSaved {
    fn from(e: AppError) -> Self {
        NotSaved::Refused(e)
    }
}

/// A form's errors as parsed: the domain's (translated here) or already shown ones.
pub trait FormErrors {
    fn into_errors(self, lang: Lang) -> Errors;
}

impl FormErrors for FieldErrors {
    fn into_errors(self, lang: Lang) -> Errors {
        Errors::from_fields(lang, &self)
    }
}

impl FormErrors for Errors {
    fn into_errors(self, _: Lang) -> Errors {
        self
    }
}

/// The create and update flow of every form: the parsed form is written and the
/// browser sent to the record's page with "saved"; a field error, the form's or the
/// store's (a name already taken), shows the form again with 422 and the message by
/// its field. `write` gives the record's page, or why it did not save: a store error
/// (a field error shows the form again) or a refusal with its own answer (404, 409).
/// `again` renders the form with the errors.
pub async fn save_form<D, E: FormErrors, T: askama::Template>(
    me: CurrentUser,
    parsed: Result<D, E>,
    write: impl AsyncFnOnce(D) -> Result<String, NotSaved>,
    again: impl AsyncFnOnce(CurrentUser, Errors) -> Result<T, AppError>,
) -> Result<Response, AppError> {
    save_form_saying("flash-saved", me, parsed, write, again).await
}

/// [`save_form`] with its own message after the write.
pub async fn save_form_saying<D, E: FormErrors, T: askama::Template>(
    flash: &str,
    me: CurrentUser,
    parsed: Result<D, E>,
    write: impl AsyncFnOnce(D) -> Result<String, NotSaved>,
    again: impl AsyncFnOnce(CurrentUser, Errors) -> Result<T, AppError>,
) -> Result<Response, AppError> {
    let lang = me.ctx.lang;
    let errors = match parsed {
        Err(e) => e.into_errors(lang),
        Ok(data) => match write(data).await {
            Ok(to) => return saved(&me, flash, to).await,
            Err(NotSaved::Refused(e)) => return Err(e),
            Err(NotSaved::Store(e)) => field_error(lang, e)?,
        },
    };
    crate::middleware::render(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        &again(me, errors).await?,
    )
}

/// The archive / restore form: `archived=1` archives, `archived=0` restores.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ArchiveForm {
    pub archived: String,
}

impl ArchiveForm {
    /// True to archive, false to restore.
    pub fn archive(&self) -> bool {
        self.archived != "0"
    }

    /// The message shown after the change.
    pub fn flash_key(&self) -> &'static str {
        if self.archive() {
            "flash-archived"
        } else {
            "flash-restored"
        }
    }
}

/// A form with no field but its CSRF token (log out, delete).
#[derive(Deserialize, Default)]
pub struct Empty {}

/// A choice among `items` (id, label) with an empty first option labelled `none`.
pub fn choice(lang: Lang, none: &str, items: Vec<(String, String)>, selected: &str) -> Vec<Opt> {
    let mut v = vec![Opt {
        value: String::new(),
        label: lang.t(none),
        selected: selected.is_empty(),
    }];
    v.extend(items.into_iter().map(|(value, label)| Opt {
        selected: value == selected,
        value,
        label,
    }));
    v
}
