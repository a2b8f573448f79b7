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

/// Prepares the campaign `data` (next year's, as the office edited it) from `source`,
/// in one transaction: tasks, report forms (as drafts), frames and kit (hidden) are
/// copied. A frame dxday drew for `source` is drawn again with the new year on it;
/// the new campaign gets one too when `source` had no frame. `None` when `source` is
/// not there.
pub async fn prepare_next(
    db: &Db,
    actor: Option<dxday_domain::UserId>,
    source: dxday_domain::CampaignId,
    data: dxday_domain::campaign::CampaignData,
) -> Result<Option<dxday_store::next_year::Prepared>, Error> {
    use dxday_store::{frames, next_year};
    let Some(from) = campaigns::get(db, source).await? else {
        return Ok(None);
    };
    let kept = frames::for_campaign(db, source, false).await?;
    let new = data.clone();
    let (built_in, drawn) = tokio::task::spawn_blocking(move || {
        let old = crate::frames::default_frame(&from)?.sha256;
        let new = crate::frames::default_frame_of(from.id, &new)?;
        Ok::<_, Error>((old, new))
    })
    .await
    .map_err(|e| Error::Task(e.to_string()))??;
    let copy: Vec<_> = kept
        .iter()
        .filter(|f| f.sha256 != built_in)
        .map(|f| f.id)
        .collect();
    let drawn = if copy.len() < kept.len() || kept.is_empty() {
        vec![drawn]
    } else {
        Vec::new()
    };
    let frames = next_year::Frames {
        copy: &copy,
        drawn: &drawn,
    };
    Ok(next_year::prepare(db, actor, source, &data, frames).await?)
}
