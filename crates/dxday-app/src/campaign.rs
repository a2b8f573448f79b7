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

/// The office printed at the top of a spreadsheet: the parent body and the campaign's
/// issuing unit as the unit's latest document prints them ("UBND quận Ngô Quyền",
/// then "Phòng Văn hóa và Thông tin", one per line); the unit's name when it has issued
/// nothing; empty without a campaign or an issuing unit.
pub async fn office_heading(db: &Db) -> Result<String, Error> {
    let Some(campaign) = current(db).await? else {
        return Ok(String::new());
    };
    let Some(issuer) = campaign.data.issuer_unit_id else {
        return Ok(String::new());
    };
    Ok(
        match dxday_store::documents::latest_issued_by(db, issuer).await? {
            Some(doc) => doc.data.letterhead().join("\n"),
            None => dxday_store::units::name(db, issuer)
                .await?
                .unwrap_or_default(),
        },
    )
}

/// The office printed at the top of an export of what `scope` reaches: the unit's own
/// name for a unit that sees only itself (a ward), else [`office_heading`].
pub async fn office_for(db: &Db, scope: &dxday_domain::Scope) -> Result<String, Error> {
    if let Some(unit) = scope.only_unit() {
        return Ok(dxday_store::units::name(db, unit)
            .await?
            .unwrap_or_default());
    }
    office_heading(db).await
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
