//! The campaign in force: the one the public site, the kit, the studio and the
//! office's pages show today.

use dxday_domain::campaign::pick_current;
use dxday_domain::dates::today_in_vietnam;
use dxday_store::Db;
use dxday_store::campaigns::{self, Campaign};

use crate::Error;

/// The campaign shown today: the ongoing one, else the next, else the last ended.
pub async fn current(db: &Db) -> Result<Option<Campaign>, Error> {
    let all = campaigns::list_public(db).await?;
    let today = today_in_vietnam(time::OffsetDateTime::now_utc());
    let datas: Vec<_> = all.iter().map(|c| c.data.clone()).collect();
    Ok(pick_current(&datas, today).and_then(|i| all.into_iter().nth(i)))
}

/// The public campaign of `year` when one is given (not found when there is none,
/// or the year is not a number), else the current one.
pub async fn of_year(db: &Db, year: &str) -> Result<Option<Campaign>, Error> {
    if year.trim().is_empty() {
        return current(db).await;
    }
    let year: i32 = year.trim().parse().map_err(|_| Error::NotFound)?;
    let found = campaigns::list_public(db)
        .await?
        .into_iter()
        .find(|c| c.data.year == year);
    found.map(Some).ok_or(Error::NotFound)
}
