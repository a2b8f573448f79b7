//! The campaign's identity kit (bộ nhận diện): assets by category, each with usage
//! notes and the window in which units display it (by default the campaign's,
//! 01/10–10/10).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::errors::{optional_text, required_text};
use crate::{FieldErrors, dates};

stored_enum! {
    /// What an asset is for.
    pub enum AssetCategory (refused "err-choice") {
        Logo = "logo", label "kit-cat-logo";
        /// Banner for web portals.
        PortalBanner = "portal_banner", label "kit-cat-portal-banner";
        /// Slide for electronic boards and public screens.
        ScreenSlide = "screen_slide", label "kit-cat-screen-slide";
        SocialImage = "social_image", label "kit-cat-social-image";
        Poster = "poster", label "kit-cat-poster";
        AvatarFrame = "avatar_frame", label "kit-cat-avatar-frame";
        /// Guidelines for using the kit.
        Guideline = "guideline", label "kit-cat-guideline";
        /// A video, uploaded or linked.
        Video = "video", label "kit-cat-video";
    }
}

/// An asset's description as stored (the file's facts are read from the file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetData {
    pub title: String,
    pub category: AssetCategory,
    pub usage_notes: Option<String>,
    pub display_from: Date,
    pub display_to: Date,
    /// A video kept elsewhere (YouTube, the ministry's site), instead of a file.
    pub external_url: Option<String>,
}

/// The asset form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AssetForm {
    pub title: String,
    pub category: String,
    pub usage_notes: String,
    pub display_from: String,
    pub display_to: String,
    pub external_url: String,
}

impl AssetForm {
    /// Parses the form; the display window must lie within the campaign's
    /// (`campaign_from`–`campaign_to`), and is the campaign's display window when left
    /// empty.
    pub fn parse(
        &self,
        default_window: (Date, Date),
        campaign: (Date, Date),
    ) -> Result<AssetData, FieldErrors> {
        let mut e = FieldErrors::default();
        let title = e.check("title", required_text(&self.title, 200));
        let category = e.check("category", AssetCategory::parse(&self.category));
        let usage_notes = e.check("usage_notes", optional_text(&self.usage_notes, 2000));
        let from = e
            .check(
                "display_from",
                dates::parse_optional_date(&self.display_from),
            )
            .map(|d| d.unwrap_or(default_window.0));
        let to = e
            .check("display_to", dates::parse_optional_date(&self.display_to))
            .map(|d| d.unwrap_or(default_window.1));
        if let (Some(a), Some(b)) = (from, to) {
            if b < a {
                e.add("display_to", "err-date-order");
            } else if a < campaign.0 || b > campaign.1 {
                e.add("display_to", "err-kit-window");
            }
        }
        let external_url = e.check(
            "external_url",
            optional_text(&self.external_url, 500).and_then(|u| match u {
                Some(u) if !(u.starts_with("https://") || u.starts_with("http://")) => {
                    Err("err-url")
                }
                other => Ok(other),
            }),
        );
        match (title, category, usage_notes, from, to, external_url) {
            (
                Some(title),
                Some(category),
                Some(usage_notes),
                Some(display_from),
                Some(display_to),
                Some(external_url),
            ) if e.is_empty() => Ok(AssetData {
                title,
                category,
                usage_notes,
                display_from,
                display_to,
                external_url,
            }),
            _ => Err(e),
        }
    }
}

/// A file name for a download: the title in ASCII letters and digits joined by
/// hyphens (Vietnamese letters without their marks), and the extension.
pub fn download_name(title: &str, extension: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(fold_vietnamese) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let stem: String = out.trim_end_matches('-').chars().take(80).collect();
    let stem = if stem.is_empty() {
        "tep".to_string()
    } else {
        stem
    };
    format!("{stem}.{extension}")
}

/// A Vietnamese letter without its marks (đ → d).
pub(crate) fn fold_vietnamese(c: char) -> Option<char> {
    const GROUPS: [(&str, char); 14] = [
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'A'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ÈÉẺẼẸÊỀẾỂỄỆ", 'E'),
        ("ìíỉĩị", 'i'),
        ("ÌÍỈĨỊ", 'I'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'O'),
        ("ùúủũụưừứửữự", 'u'),
        ("ÙÚỦŨỤƯỪỨỬỮỰ", 'U'),
        ("ỳýỷỹỵ", 'y'),
        ("ỲÝỶỸỴ", 'Y'),
        ("đ", 'd'),
        ("Đ", 'D'),
    ];
    if c.is_ascii() {
        return Some(c);
    }
    GROUPS
        .iter()
        .find(|(set, _)| set.contains(c))
        .map(|(_, base)| *base)
        .or(Some(' '))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const WINDOW: (Date, Date) = (date!(2024 - 10 - 01), date!(2024 - 10 - 10));
    const CAMPAIGN: (Date, Date) = (date!(2024 - 09 - 20), date!(2024 - 10 - 31));

    fn form() -> AssetForm {
        AssetForm {
            title: "Banner cổng thông tin 1920×600".into(),
            category: "portal_banner".into(),
            ..AssetForm::default()
        }
    }

    #[test]
    fn the_window_defaults_to_the_campaign_s_and_stays_inside_it() {
        let d = form().parse(WINDOW, CAMPAIGN).expect("valid");
        assert_eq!((d.display_from, d.display_to), WINDOW);
        let mut f = form();
        f.display_from = "25/09/2024".into();
        f.display_to = "05/11/2024".into();
        assert_eq!(
            f.parse(WINDOW, CAMPAIGN).unwrap_err().get("display_to"),
            Some("err-kit-window")
        );
        f.display_to = "20/09/2024".into();
        assert_eq!(
            f.parse(WINDOW, CAMPAIGN).unwrap_err().get("display_to"),
            Some("err-date-order")
        );
    }

    #[test]
    fn a_video_link_must_be_a_web_address() {
        let mut f = form();
        f.category = "video".into();
        f.external_url = "javascript:alert(1)".into();
        assert_eq!(
            f.parse(WINDOW, CAMPAIGN).unwrap_err().get("external_url"),
            Some("err-url")
        );
        f.external_url = "https://www.youtube.com/watch?v=abc".into();
        assert!(f.parse(WINDOW, CAMPAIGN).is_ok());
        f.category = "sticker".into();
        assert_eq!(
            f.parse(WINDOW, CAMPAIGN).unwrap_err().get("category"),
            Some("err-choice")
        );
    }

    #[test]
    fn download_names_are_ascii() {
        assert_eq!(
            download_name("Banner cổng thông tin – Ngày Chuyển đổi số 2024", "png"),
            "banner-cong-thong-tin-ngay-chuyen-doi-so-2024.png"
        );
        assert_eq!(download_name("Đường dây nóng", "pdf"), "duong-day-nong.pdf");
        assert_eq!(download_name("……", "svg"), "tep.svg");
    }
}
