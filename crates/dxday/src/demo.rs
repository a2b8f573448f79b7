//! The demo data set, loaded by `serve` into an empty database. The CLI is the system
//! actor here: it hands the demo the scope that reaches every unit.

use dxday_domain::Scope;
use dxday_domain::dates::today_in_vietnam;
use dxday_store::Db;
use dxday_store::demo::DemoOutcome;
use dxday_store::files::Files;

/// The whole demo as of today: the seed's 2024 campaign, the campaign live or next
/// today prepared from it, their kits, offers and counts, and payment streets.
pub async fn load_if_empty(db: &Db, files: &Files) -> anyhow::Result<DemoOutcome> {
    let today = today_in_vietnam(time::OffsetDateTime::now_utc());
    load_on(db, files, today).await
}

/// [`load_if_empty`] as of `today` (a Vietnam date).
pub async fn load_on(db: &Db, files: &Files, today: time::Date) -> anyhow::Result<DemoOutcome> {
    Ok(dxday_app::demo::load_if_empty(db, files, &Scope::system(), today).await?)
}

/// The seed alone (its units, the 2024 campaign with its directive, tasks and report
/// request, and the built-in frame): what most tests start from.
pub async fn load_seed_if_empty(db: &Db) -> anyhow::Result<DemoOutcome> {
    Ok(dxday_app::demo::load_seed_if_empty(db, &Scope::system()).await?)
}
