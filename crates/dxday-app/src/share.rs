//! The picture of a campaign's link previews (`og:image`): its frame (the first one,
//! or the built-in one drawn with the campaign's words) around a neutral silhouette,
//! with its title and theme.

use dxday_domain::campaign::CampaignData;
use dxday_media::MediaError;
use dxday_media::frame::Frame;
use dxday_media::share::ShareCard;

use crate::Lang;

/// The picture as a PNG for `campaign` (the site's own words when there is none)
/// with `frame`, or the built-in frame when the campaign has none.
pub fn card_png(
    campaign: Option<&CampaignData>,
    frame: Option<&Frame>,
) -> Result<Vec<u8>, MediaError> {
    let site = Lang::Vi.t("site-name");
    let built_in;
    let frame = match frame {
        Some(f) => f,
        None => {
            let text = match campaign {
                Some(c) => crate::frames::default_frame_text(c),
                None => dxday_media::default_frame::FrameText {
                    title: site.clone(),
                    date: String::new(),
                },
            };
            built_in = dxday_media::default_frame::frame(&text, 1080)?;
            &built_in
        }
    };
    let (title, theme, footer) = match campaign {
        Some(c) => (
            c.title.clone(),
            c.theme.clone(),
            format!("{site} · {}", dxday_domain::dates::format_dmy(c.day_on)),
        ),
        None => (site, Lang::Vi.t("footer-text"), String::new()),
    };
    dxday_media::share::png(
        frame,
        &ShareCard {
            title: &title,
            theme: &theme,
            footer: &footer,
        },
    )
}
