//! Pure types and rules of dxday. Nothing here does IO: every value that crosses
//! the edge of the system is parsed into one of these types first.

/// A record from form fields that each parsed: `Ok(record)` when every listed field is
/// `Some` and `errors` is empty, else `Err(errors)`.
///
/// `parsed!(e, Data { a, b; c: expr })` builds `Data` from the parsed `a` and `b` (by
/// their names) and the other fields after `;`. When a parsed value goes into the record
/// under another name or through an expression, `parsed!(e, [a, b], body)` lists the
/// fields to check and `body` uses each name as its parsed value.
macro_rules! parsed {
    ($errors:expr, $ty:ident { $($field:ident),+ $(,)? $(; $($extra:ident : $value:expr),+ $(,)?)? }) => {
        parsed!($errors, [$($field),+], $ty { $($field,)+ $($($extra: $value,)+)? })
    };
    ($errors:expr, [$($field:ident),+ $(,)?], $body:expr $(,)?) => {
        match ($($field,)+) {
            ($(Some($field),)+) if $errors.is_empty() => Ok($body),
            _ => Err($errors),
        }
    };
}

#[macro_use]
mod stored;

pub mod banks;
pub mod campaign;
pub mod collation;
pub mod dates;
pub mod display;
pub mod document;
pub mod errors;
pub mod honours;
pub mod ids;
pub mod indicator;
pub mod kit;
pub mod offer;
pub mod payment;
pub mod report;
pub mod role;
pub mod scope;
pub mod task;
pub mod team;
pub mod unit;
pub mod user;
pub mod vietqr;

pub use errors::{FieldError, FieldErrors};
pub use ids::{
    ActivityId, ActivityPhotoId, AssetId, CampaignId, DecisionId, DisplayId, DocumentId, FrameId,
    GroupId, IndicatorId, MemberId, MerchantId, MovementId, NominationId, OfferId, RequestId,
    SessionId, StreetId, TaskId, TeamId, TeamReportId, UnitId, UserId,
};
pub use role::Role;
pub use scope::{Scope, ScopedUnit};
