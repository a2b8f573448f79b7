//! The digital consumption month's offers, by campaign.

use dxday_domain::offer::OfferData;
use dxday_domain::{CampaignId, OfferId, UserId};
use serde::Serialize;
use sqlx::{Any, FromRow};

use crate::audit::{self, Entry};
use crate::time_text::{date, date_text, now_text};
use crate::{Db, StoreError};

/// A stored offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Offer {
    pub id: OfferId,
    pub data: OfferData,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    enterprise: String,
    sector: String,
    offer: String,
    channel_url: Option<String>,
    valid_from: String,
    valid_to: String,
}

/// A campaign's offers, by sector, then enterprise.
pub async fn list(db: &Db, campaign: CampaignId) -> Result<Vec<Offer>, StoreError> {
    sqlx::query_as::<Any, Row>(
        "SELECT id, enterprise, sector, offer, channel_url, valid_from, valid_to
         FROM consumption_offers WHERE campaign_id = $1 ORDER BY sector, enterprise, id",
    )
    .bind(campaign.0)
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(|r| {
        Ok(Offer {
            id: OfferId(r.id),
            data: OfferData {
                enterprise: r.enterprise,
                sector: r.sector,
                offer: r.offer,
                channel_url: r.channel_url,
                valid_from: date(&r.valid_from)?,
                valid_to: date(&r.valid_to)?,
            },
        })
    })
    .collect()
}

/// Stores an offer of `campaign`.
pub async fn insert(
    db: &Db,
    actor: Option<UserId>,
    campaign: CampaignId,
    d: &OfferData,
) -> Result<OfferId, StoreError> {
    audit::write(db, actor, async |tx| {
        let id = sqlx::query_scalar::<Any, i64>(
            "INSERT INTO consumption_offers (campaign_id, enterprise, sector, offer, channel_url, valid_from, valid_to, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(campaign.0)
        .bind(&d.enterprise)
        .bind(&d.sector)
        .bind(&d.offer)
        .bind(&d.channel_url)
        .bind(date_text(d.valid_from))
        .bind(date_text(d.valid_to))
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        Ok((OfferId(id), Entry::new("offer.create", "consumption_offer", id)
            .after(&d)))
    })
    .await
}

/// Deletes an offer; `false` when there is none.
pub async fn delete(db: &Db, actor: Option<UserId>, id: OfferId) -> Result<bool, StoreError> {
    let entry = Entry::new("offer.delete", "consumption_offer", id.0);
    audit::write_rows(db, actor, entry, async |tx| {
        let done = sqlx::query::<Any>("DELETE FROM consumption_offers WHERE id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        Ok(done.rows_affected())
    })
    .await
}
