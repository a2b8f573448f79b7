//! What the office writes on a campaign's results report, one record per campaign.

use dxday_domain::indicator::ResultsReportData;
use dxday_domain::{CampaignId, UserId};
use sqlx::{Any, FromRow};

use crate::audit::{self, Entry};
use crate::time_text::now_text;
use crate::{Db, StoreError};

#[derive(FromRow)]
struct Row {
    addressees: String,
    copies: String,
    authority_line: Option<String>,
    signer_title: String,
    signer_name: String,
    highlights: String,
    difficulties: String,
    proposals: String,
}

fn split(s: &str) -> Vec<String> {
    s.lines()
        .map(str::to_string)
        .filter(|l| !l.is_empty())
        .collect()
}

/// The campaign's results report as the office wrote it, or `None` when it has not.
pub async fn results_report(
    db: &Db,
    campaign: CampaignId,
) -> Result<Option<ResultsReportData>, StoreError> {
    let row = sqlx::query_as::<Any, Row>(
        "SELECT addressees, copies, authority_line, signer_title, signer_name, highlights, difficulties, proposals
         FROM results_reports WHERE campaign_id = $1",
    )
    .bind(campaign.0)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|r| ResultsReportData {
        addressees: split(&r.addressees),
        copies: split(&r.copies),
        authority_line: r.authority_line,
        signer_title: r.signer_title,
        signer_name: r.signer_name,
        highlights: split(&r.highlights),
        difficulties: split(&r.difficulties),
        proposals: split(&r.proposals),
    }))
}

/// Saves what the office writes on the campaign's results report.
pub async fn save_results_report(
    db: &Db,
    actor: Option<UserId>,
    campaign: CampaignId,
    d: &ResultsReportData,
) -> Result<(), StoreError> {
    audit::write(db, actor, async |tx| {
        sqlx::query::<Any>("DELETE FROM results_reports WHERE campaign_id = $1")
            .bind(campaign.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query::<Any>(
            "INSERT INTO results_reports (campaign_id, addressees, copies, authority_line, signer_title,
                signer_name, highlights, difficulties, proposals, updated_by, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(campaign.0)
        .bind(d.addressees.join("\n"))
        .bind(d.copies.join("\n"))
        .bind(d.authority_line.clone())
        .bind(&d.signer_title)
        .bind(&d.signer_name)
        .bind(d.highlights.join("\n"))
        .bind(d.difficulties.join("\n"))
        .bind(d.proposals.join("\n"))
        .bind(actor.map(|a| a.0))
        .bind(now_text())
        .execute(&mut *tx)
        .await?;
        Ok((
            (),
            Entry::new("campaign.results_report", "campaign", campaign.0).after(d),
        ))
    })
    .await
}
