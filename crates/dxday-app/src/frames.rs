//! Avatar frames as stored records: a checked frame with its content hash, and the
//! built-in frame dxday draws for a campaign.

use dxday_domain::CampaignId;
use dxday_media::MediaError;
use dxday_media::frame::Frame;
use dxday_store::campaigns::Campaign;
use dxday_store::frames::NewFrame;

/// The SHA-256 of `bytes` in lower-case hex: the name a stored file gets from its
/// content.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The built-in frame for a campaign (drawn by dxday with the campaign's day), ready
/// to store; its window is the campaign's display window.
pub fn default_frame(campaign: &Campaign) -> Result<NewFrame, MediaError> {
    use dxday_media::default_frame::{FrameText, draw};
    let year = format!(" năm {}", campaign.data.year);
    let title = campaign
        .data
        .title
        .strip_suffix(&year)
        .unwrap_or(&campaign.data.title)
        .to_string();
    let day = campaign.data.day_on;
    let text = FrameText {
        title,
        date: format!(
            "{:02}.{:02}.{}",
            day.day(),
            u8::from(day.month()),
            day.year()
        ),
    };
    let img = draw(&text, 1080)?;
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| MediaError::Encode(e.to_string()))?;
    let report = Frame::from_png(&png)?.report;
    let window = (campaign.data.display_from, campaign.data.display_to);
    Ok(new_frame(campaign.id, text.title, &report, png, window))
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
