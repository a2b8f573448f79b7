//! The pictures dxday draws for a campaign from its own data: the link previews'
//! picture (`og:image`) and the start page's sample, each with its frame (the first
//! one, or the built-in one drawn with the campaign's words) around a neutral
//! silhouette.

use dxday_domain::campaign::CampaignData;
use dxday_media::MediaError;
use dxday_media::frame::Frame;
use dxday_media::share::ShareCard;

use crate::Lang;

/// Runs `draw` with `frame`, or with the built-in frame drawn with the campaign's
/// words (the site's name when there is no campaign).
fn with_frame<T>(
    campaign: Option<&CampaignData>,
    frame: Option<&Frame>,
    draw: impl FnOnce(&Frame) -> Result<T, MediaError>,
) -> Result<T, MediaError> {
    if let Some(f) = frame {
        return draw(f);
    }
    let text = match campaign {
        Some(c) => crate::frames::default_frame_text(c),
        None => dxday_media::default_frame::FrameText {
            title: Lang::Vi.t("site-name"),
            date: String::new(),
        },
    };
    draw(&dxday_media::default_frame::frame(&text, 1080)?)
}

/// The frame around a neutral silhouette, 240 px wide, as a JPEG: the start page's
/// sample of what the studio makes.
pub fn sample_jpeg(
    campaign: Option<&CampaignData>,
    frame: Option<&Frame>,
) -> Result<Vec<u8>, MediaError> {
    with_frame(campaign, frame, |f| dxday_media::share::sample_jpeg(f, 240))
}

/// The link previews' picture as a PNG for `campaign` (the site's own words when
/// there is none).
pub fn card_png(
    campaign: Option<&CampaignData>,
    frame: Option<&Frame>,
) -> Result<Vec<u8>, MediaError> {
    let site = Lang::Vi.t("site-name");
    let (title, theme, footer) = match campaign {
        Some(c) => (
            c.title.clone(),
            c.theme.clone(),
            format!("{site} · {}", dxday_domain::dates::format_dmy(c.day_on)),
        ),
        None => (site, Lang::Vi.t("footer-text"), String::new()),
    };
    let card = ShareCard {
        title: &title,
        theme: &theme,
        footer: &footer,
    };
    with_frame(campaign, frame, |f| dxday_media::share::png(f, &card))
}
