//! Avatar frames as stored records: a checked frame with its content hash, and the
//! built-in frame dxday draws for a campaign.

use dxday_domain::CampaignId;
use dxday_domain::campaign::CampaignData;
use dxday_media::MediaError;
use dxday_media::frame::Frame;
use dxday_media::xlsx::{self, Cell};
use dxday_store::Db;
use dxday_store::campaigns::Campaign;
use dxday_store::frames::{self, NewFrame};
use dxday_store::units;

use crate::{Error, Lang};

/// The SHA-256 of `bytes` in lower-case hex: the name a stored file gets from its
/// content.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The words of a campaign's built-in frame: its title without the year, and its day.
pub fn default_frame_text(campaign: &CampaignData) -> dxday_media::default_frame::FrameText {
    let year = format!(" năm {}", campaign.year);
    let title = campaign
        .title
        .strip_suffix(&year)
        .unwrap_or(&campaign.title)
        .to_string();
    let day = campaign.day_on;
    dxday_media::default_frame::FrameText {
        title,
        date: format!(
            "{:02}.{:02}.{}",
            day.day(),
            u8::from(day.month()),
            day.year()
        ),
    }
}

/// The built-in frame for a campaign (drawn by dxday with the campaign's day), ready
/// to store; its window is the campaign's display window.
pub fn default_frame(campaign: &Campaign) -> Result<NewFrame, MediaError> {
    default_frame_of(campaign.id, &campaign.data)
}

/// [`default_frame`] for campaign data (`id` is the campaign it will belong to).
pub fn default_frame_of(id: CampaignId, campaign: &CampaignData) -> Result<NewFrame, MediaError> {
    use dxday_media::default_frame::draw;
    let text = default_frame_text(campaign);
    let img = draw(&text, 1080)?;
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| MediaError::Encode(e.to_string()))?;
    let report = Frame::from_png(&png)?.report;
    let window = (campaign.display_from, campaign.display_to);
    Ok(new_frame(id, text.title, &report, png, window))
}

/// A checked frame, ready to store, with its content hash.
pub fn new_frame(
    campaign_id: CampaignId,
    title: String,
    report: &dxday_media::frame::FrameReport,
    png: Vec<u8>,
    (from, to): (time::Date, time::Date),
) -> NewFrame {
    let sha256 = sha256_hex(&png);
    NewFrame {
        campaign_id,
        title,
        aspect: report.aspect.as_str().to_string(),
        width: i64::from(report.width),
        height: i64::from(report.height),
        transparent_permille: i64::from(report.transparent_permille),
        circle_safe: report.circle_safe,
        png,
        sha256,
        active_from: from,
        active_to: to,
    }
}

/// One unit's participation.
pub struct ParticipationRow {
    pub name: String,
    /// The unit's code, for its studio link (empty for downloads without a unit link).
    pub code: String,
    pub downloads: i64,
    pub staff: Option<i64>,
    /// Downloads per staff member, in per cent, when the staff count is known.
    pub rate: Option<i64>,
}

/// Downloads per unit (units without downloads included, links without a unit last).
pub async fn participation(
    db: &Db,
    campaign: CampaignId,
) -> Result<(Vec<ParticipationRow>, i64), Error> {
    let counts = frames::downloads_by_unit(db, campaign).await?;
    let total = counts.iter().map(|(_, n)| n).sum();
    let mut rows: Vec<ParticipationRow> = units::directory(db)
        .await?
        .into_iter()
        .filter(|u| !u.archived)
        .map(|u| {
            let downloads = counts
                .iter()
                .find(|(k, _)| *k == u.id.0)
                .map_or(0, |(_, n)| *n);
            let staff = u.data.staff_count.filter(|n| *n > 0);
            ParticipationRow {
                code: u.data.code.as_str().to_string(),
                name: u.data.name,
                downloads,
                staff,
                rate: staff.map(|s| downloads * 100 / s),
            }
        })
        .collect();
    if let Some((_, n)) = counts.iter().find(|(k, _)| *k == 0) {
        rows.push(ParticipationRow {
            name: String::new(),
            code: String::new(),
            downloads: *n,
            staff: None,
            rate: None,
        });
    }
    Ok((rows, total))
}

/// The participation table as a workbook: downloads, staff and rate per unit.
pub async fn participation_xlsx(
    db: &Db,
    campaign: &Campaign,
    lang: Lang,
) -> Result<Vec<u8>, Error> {
    let (rows, _) = participation(db, campaign.id).await?;
    let t = |k: &str| lang.t(k);
    let headers = [
        t("field-unit_id"),
        t("frames-downloads"),
        t("field-staff_count"),
        t("frames-rate"),
    ];
    let cells: Vec<Vec<Cell>> = rows
        .into_iter()
        .map(|r| {
            let name = if r.name.is_empty() {
                t("frames-no-unit")
            } else {
                r.name
            };
            let rate = r.staff.map_or(Cell::Empty, |s| {
                Cell::Percent(r.downloads as f64 / s as f64)
            });
            vec![
                Cell::Text(name),
                Cell::Int(r.downloads),
                r.staff.map_or(Cell::Empty, Cell::Int),
                rate,
            ]
        })
        .collect();
    Ok(xlsx::workbook(&[xlsx::Sheet {
        name: t("frames-sheet"),
        office: crate::campaign::office_heading(db).await?,
        title: format!("{} — {}", t("frames-participation"), campaign.data.title),
        period: crate::format::period(
            lang,
            Some(campaign.data.starts_on),
            Some(campaign.data.ends_on),
        ),
        headers: headers.to_vec(),
        rows: cells,
        ..xlsx::Sheet::default()
    }])?)
}
