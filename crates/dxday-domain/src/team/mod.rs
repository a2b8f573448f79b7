//! Community digital technology teams (tổ công nghệ số cộng đồng): one per residential
//! group (tổ dân phố, thôn) of a ward, founded by a decision of the ward's People's
//! Committee (guidance 793/BTTTT-THH of 05/3/2022), with members drawn from the group's
//! head, the youth and women's unions, teachers, police, telecom staff (QĐ 1690/QĐ-TTg:
//! members belong to the local digital transformation network). Members are personal
//! data; the public sees a team, its group and the contact it chose to publish.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::errors::{optional_text, required_text};
use crate::payment::{fold_key, phone};
use crate::task::{CellError, Header};
use crate::unit::{parse_count, parse_optional_id};
use crate::{FieldErrors, GroupId, TeamId, dates};

mod activity;
mod import;
mod indicator;
mod period;
mod rollup;
pub use activity::*;
pub use import::*;
pub use indicator::*;
pub use period::*;
pub use rollup::*;

stored_enum! {
    /// Where a team stands.
    pub enum TeamStatus (refused "err-choice", empty Active) {
        Active = "active", label "team-status-active";
        /// Merged into another team (its successor) after groups were merged.
        Merged = "merged", label "team-status-merged";
        Dissolved = "dissolved", label "team-status-dissolved";
    }
}

stored_enum! {
    /// A member's role in the team.
    pub enum MemberRole (refused "err-choice", empty Member) {
        Leader = "leader", label "member-role-leader";
        Deputy = "deputy", label "member-role-deputy";
        Member = "member", label "member-role-member";
    }
}

stored_enum! {
    /// Where a member was trained in digital skills.
    pub enum Platform (refused "err-choice") {
        /// The ministry's open learning platform (onetouch.mic.gov.vn).
        OneTouch = "onetouch", label "platform-onetouch";
        /// The "Bình dân học vụ số" movement's platform (from 2025).
        Bdhvs = "bdhvs", label "platform-bdhvs";
        Other = "other", label "platform-other";
    }
}

/// A residential group as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupData {
    pub code: String,
    pub name: String,
    pub households: Option<i64>,
    pub population: Option<i64>,
}

/// A group's code: letters, digits and hyphens, as the ward writes it ("tdp-01").
fn group_code(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        Err("err-required")
    } else if s.len() > 40
        || !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
    {
        Err("err-group-code")
    } else {
        Ok(s.to_lowercase())
    }
}

/// The group form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupForm {
    pub code: String,
    pub name: String,
    pub households: String,
    pub population: String,
}

impl GroupForm {
    pub fn parse(&self) -> Result<GroupData, FieldErrors> {
        let mut e = FieldErrors::default();
        let code = e.check("code", group_code(&self.code));
        let name = e.check("name", required_text(&self.name, 200));
        let households = e.check("households", parse_count(&self.households));
        let population = e.check("population", parse_count(&self.population));
        parsed!(
            e,
            GroupData {
                code,
                name,
                households,
                population,
            }
        )
    }
}

/// A team as stored (its ward is the group's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamData {
    pub group_id: GroupId,
    pub name: String,
    pub status: TeamStatus,
    /// The founding decision: its number (e.g. "45/QĐ-UBND"), date and issuer.
    pub decision_number: Option<String>,
    pub decision_date: Option<Date>,
    pub decision_issuer: Option<String>,
    /// The team that took over when groups were merged.
    pub successor_id: Option<TeamId>,
    /// The public contact the team chose to publish.
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    /// One line of what the team helps with, for the public page.
    pub help_line: Option<String>,
    /// A member of the local digital transformation network (QĐ 1690/QĐ-TTg).
    pub network_member: bool,
}

/// The team form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TeamForm {
    pub group_id: String,
    pub name: String,
    pub status: String,
    pub decision_number: String,
    pub decision_date: String,
    pub decision_issuer: String,
    pub successor_id: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub help_line: String,
    pub network_member: String,
}

impl TeamForm {
    /// Parses the form; a merged team names its successor.
    pub fn parse(&self) -> Result<TeamData, FieldErrors> {
        let mut e = FieldErrors::default();
        let group_id = match e.check("group_id", parse_optional_id::<GroupId>(&self.group_id)) {
            Some(Some(g)) => Some(g),
            Some(None) => {
                e.add("group_id", "err-required");
                None
            }
            None => None,
        };
        let name = e.check("name", required_text(&self.name, 200));
        let status = e.check("status", TeamStatus::parse(&self.status));
        let decision_number = e.check("decision_number", optional_text(&self.decision_number, 50));
        let decision_date = e.check(
            "decision_date",
            dates::parse_optional_date(&self.decision_date),
        );
        let decision_issuer = e.check("decision_issuer", optional_text(&self.decision_issuer, 200));
        let successor_id = e.check("successor_id", parse_optional_id(&self.successor_id));
        let contact_name = e.check("contact_name", optional_text(&self.contact_name, 100));
        let contact_phone = e.check("contact_phone", phone(&self.contact_phone));
        let help_line = e.check("help_line", optional_text(&self.help_line, 300));
        if status == Some(TeamStatus::Merged) && successor_id == Some(None) {
            e.add("successor_id", "err-team-successor");
        }
        let network_member = matches!(self.network_member.as_str(), "1" | "on" | "true");
        parsed!(
            e,
            TeamData {
                group_id,
                name,
                status,
                decision_number,
                decision_date,
                decision_issuer,
                successor_id,
                contact_name,
                contact_phone,
                help_line;
                network_member: network_member,
            }
        )
    }

    /// The form filled with a stored team.
    pub fn from_data(t: &TeamData) -> TeamForm {
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        TeamForm {
            group_id: t.group_id.to_string(),
            name: t.name.clone(),
            status: t.status.as_str().into(),
            decision_number: text(&t.decision_number),
            decision_date: t.decision_date.map(dates::format_iso).unwrap_or_default(),
            decision_issuer: text(&t.decision_issuer),
            successor_id: t.successor_id.map(|s| s.to_string()).unwrap_or_default(),
            contact_name: text(&t.contact_name),
            contact_phone: text(&t.contact_phone),
            help_line: text(&t.help_line),
            network_member: if t.network_member {
                "1".into()
            } else {
                String::new()
            },
        }
    }
}

/// A member as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberData {
    pub name: String,
    pub role: MemberRole,
    /// Where they come from: the group's head, the youth union, a school, the police…
    pub organisation: Option<String>,
    pub phone: Option<String>,
    pub joined_on: Option<Date>,
    pub left_on: Option<Date>,
    pub platform: Option<Platform>,
    pub certificate_ref: Option<String>,
}

/// The member form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberForm {
    pub name: String,
    pub role: String,
    pub organisation: String,
    pub phone: String,
    pub joined_on: String,
    pub left_on: String,
    pub platform: String,
    pub certificate_ref: String,
}

impl MemberForm {
    pub fn parse(&self) -> Result<MemberData, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = e.check("name", required_text(&self.name, 100));
        let role = e.check("role", MemberRole::parse(&self.role));
        let organisation = e.check("organisation", optional_text(&self.organisation, 200));
        let phone = e.check("phone", phone(&self.phone));
        let joined_on = e.check("joined_on", dates::parse_optional_date(&self.joined_on));
        let left_on = e.check("left_on", dates::parse_optional_date(&self.left_on));
        let platform = e.check(
            "platform",
            match self.platform.trim() {
                "" => Ok(None),
                p => Platform::parse(p).map(Some),
            },
        );
        let certificate_ref = e.check("certificate_ref", optional_text(&self.certificate_ref, 100));
        if let (Some(Some(a)), Some(Some(b))) = (joined_on, left_on)
            && b < a
        {
            e.add("left_on", "err-date-order");
        }
        parsed!(
            e,
            MemberData {
                name,
                role,
                organisation,
                phone,
                joined_on,
                left_on,
                platform,
                certificate_ref,
            }
        )
    }

    /// The form filled with a stored member.
    pub fn from_data(m: &MemberData) -> MemberForm {
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        let date = |d: Option<Date>| d.map(dates::format_iso).unwrap_or_default();
        MemberForm {
            name: m.name.clone(),
            role: m.role.as_str().into(),
            organisation: text(&m.organisation),
            phone: text(&m.phone),
            joined_on: date(m.joined_on),
            left_on: date(m.left_on),
            platform: m
                .platform
                .map(|p| p.as_str().to_string())
                .unwrap_or_default(),
            certificate_ref: text(&m.certificate_ref),
        }
    }
}

/// A team's words folded for a search typed without accents.
pub fn search_key(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| fold_key(p))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
