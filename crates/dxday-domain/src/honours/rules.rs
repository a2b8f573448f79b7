//! The rules read from dated data: which "Căn cứ" lines and which authority are in
//! force on a date, and what a council's vote comes to.

use serde::{Deserialize, Serialize};
use time::Date;

use super::{Denominator, IssuerKind, LegalTopic, VoteMethod};
use crate::FieldErrors;

/// A span of days a rule is in force: from `from`, until `to` included (open-ended
/// when `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct InForce {
    pub from: Date,
    pub to: Option<Date>,
}

impl InForce {
    pub fn covers(self, day: Date) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }

    /// Checks that the span does not end before it starts.
    pub fn check(self) -> Result<InForce, &'static str> {
        match self.to {
            Some(to) if to < self.from => Err("err-date-order"),
            _ => Ok(self),
        }
    }
}

/// One "Căn cứ" line of the register of legal bases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalBasis {
    pub topic: LegalTopic,
    /// As printed, without the final punctuation ("Căn cứ Luật Thi đua, khen thưởng
    /// ngày 15 tháng 6 năm 2022").
    pub citation: String,
    pub in_force: InForce,
    /// Its place among the lines of a document (the law before the decree).
    pub position: i64,
}

/// The lines of `topics` in force on `day`, by topic (in the order given), then by
/// position.
pub fn citations_on<'a>(bases: &'a [LegalBasis], topics: &[LegalTopic], day: Date) -> Vec<&'a str> {
    let mut found: Vec<(usize, i64, &str)> = bases
        .iter()
        .filter(|b| b.in_force.covers(day))
        .filter_map(|b| {
            topics
                .iter()
                .position(|t| *t == b.topic)
                .map(|i| (i, b.position, b.citation.as_str()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, _, c)| c).collect()
}

/// What a citation names: its number and symbol ("98/2023/NĐ-CP", "505/QĐ-TTg") when
/// it has one, else its words after "Căn cứ" without the final punctuation.
fn instrument(citation: &str) -> String {
    let numbered = citation
        .split_whitespace()
        .map(|t| t.trim_matches(|c: char| matches!(c, ',' | ';' | '.' | '(' | ')')))
        .find(|t| {
            t.contains('/')
                && t.chars().any(|c| c.is_ascii_digit())
                && t.rsplit('/')
                    .next()
                    .is_some_and(|last| last.chars().any(char::is_uppercase))
        });
    match numbered {
        Some(n) => n.to_string(),
        None => citation
            .trim()
            .trim_start_matches("Căn cứ")
            .trim()
            .trim_end_matches([';', '.', ','])
            .to_string(),
    }
}

/// The register's entry a "Căn cứ" line cites that is not in force on `day` (expired,
/// or not yet in force), if any — unless the line also cites one that is.
pub fn out_of_force<'a>(bases: &'a [LegalBasis], line: &str, day: Date) -> Option<&'a LegalBasis> {
    let cited = |b: &&LegalBasis| {
        let key = instrument(&b.citation);
        !key.is_empty() && line.contains(key.as_str())
    };
    if bases.iter().filter(cited).any(|b| b.in_force.covers(day)) {
        return None;
    }
    bases.iter().filter(cited).find(|b| !b.in_force.covers(day))
}

/// One row of the authority table: who may give an award type, and in which span of
/// days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authority {
    pub issuer_kind: IssuerKind,
    pub award_type_code: String,
    pub in_force: InForce,
    /// The council must vote before the award.
    pub needs_council: bool,
}

/// The row that lets `issuer` give `award_type` on `day`, if any.
pub fn authority_on<'a>(
    table: &'a [Authority],
    issuer: IssuerKind,
    award_type: &str,
    day: Date,
) -> Option<&'a Authority> {
    table.iter().find(|a| {
        a.issuer_kind == issuer && a.award_type_code == award_type && a.in_force.covers(day)
    })
}

/// A share: `num` out of `den` (90 % is 9/10, two thirds 2/3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ratio {
    pub num: i64,
    pub den: i64,
}

impl Ratio {
    /// "90%", "50,5 %", "2/3" or "1" (all); the error is an i18n key.
    pub fn parse(s: &str) -> Result<Ratio, &'static str> {
        let s = s.trim();
        let bad = "err-ratio";
        let ratio = if let Some(pct) = s.strip_suffix('%') {
            let pct = pct.trim().replace(',', ".");
            let (whole, frac) = pct.split_once('.').unwrap_or((&pct, ""));
            if frac.len() > 2 || whole.is_empty() {
                return Err(bad);
            }
            let scale = 10_i64.pow(frac.len() as u32);
            let w: i64 = whole.parse().map_err(|_| bad)?;
            let f: i64 = if frac.is_empty() {
                0
            } else {
                frac.parse().map_err(|_| bad)?
            };
            Ratio {
                num: w * scale + f,
                den: 100 * scale,
            }
        } else if let Some((n, d)) = s.split_once('/') {
            Ratio {
                num: n.trim().parse().map_err(|_| bad)?,
                den: d.trim().parse().map_err(|_| bad)?,
            }
        } else {
            Ratio {
                num: s.parse().map_err(|_| bad)?,
                den: 1,
            }
        };
        if ratio.num < 0 || ratio.den <= 0 || ratio.num > ratio.den {
            return Err(bad);
        }
        Ok(ratio)
    }

    /// True when `count` is at least this share of `of`.
    pub fn met_by(self, count: i64, of: i64) -> bool {
        i128::from(count) * i128::from(self.den) >= i128::from(self.num) * i128::from(of)
    }

    /// "90%", "2/3".
    pub fn text(self) -> String {
        if 100 % self.den == 0 {
            format!("{}%", self.num * (100 / self.den))
        } else if self.den % 100 == 0 && self.den > 100 {
            let scale = self.den / 100;
            let frac_digits = scale.ilog10() as usize;
            let text = format!(
                "{}.{:0w$}",
                self.num / scale,
                self.num % scale,
                w = frac_digits
            );
            format!("{}%", text.replace('.', ","))
        } else {
            format!("{}/{}", self.num, self.den)
        }
    }
}

/// A council's voting rule, as configured: not law (the thresholds in force for a
/// ward's giấy khen are set by the council's own rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VotingRule {
    pub method: VoteMethod,
    pub denominator: Denominator,
    /// Votes for needed, as a share of the denominator.
    pub threshold: Ratio,
    /// Members who must take part (present, with written opinions when counted), as a
    /// share of all members.
    pub quorum: Ratio,
    /// Absent members' written opinions count as votes.
    pub count_written: bool,
}

/// Who sat in a council session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    pub members_total: i64,
    pub members_present: i64,
    /// Absent members who sent a written opinion.
    pub written_opinions: i64,
}

impl Attendance {
    /// Checks the counts against each other; errors are (field, i18n key).
    pub fn check(self) -> Result<Attendance, FieldErrors> {
        let mut e = FieldErrors::default();
        if self.members_total < 1 {
            e.add("members_total", "err-council-total");
        }
        if self.members_present < 0 || self.members_present > self.members_total {
            e.add("members_present", "err-council-present");
        }
        if self.written_opinions < 0
            || self.members_present + self.written_opinions > self.members_total
        {
            e.add("written_opinions", "err-council-written");
        }
        if e.is_empty() { Ok(self) } else { Err(e) }
    }

    /// The members whose votes count under `rule`.
    pub fn voters(self, rule: &VotingRule) -> i64 {
        self.members_present
            + if rule.count_written {
                self.written_opinions
            } else {
                0
            }
    }
}

/// One nominee's ballot counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    pub votes_for: i64,
    pub against: i64,
    pub blank: i64,
    pub invalid: i64,
}

impl Ballot {
    pub fn cast(self) -> i64 {
        self.votes_for + self.against + self.blank + self.invalid
    }

    /// Refuses negative counts and more ballots than voters (`err-ballot-over`).
    pub fn check(self, at: Attendance, rule: &VotingRule) -> Result<Ballot, &'static str> {
        if [self.votes_for, self.against, self.blank, self.invalid]
            .iter()
            .any(|v| *v < 0)
        {
            return Err("err-ballot-negative");
        }
        if self.cast() > at.voters(rule) {
            return Err("err-ballot-over");
        }
        Ok(self)
    }
}

/// What a vote came to. Computed, never typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub quorum_met: bool,
    pub passed: bool,
    /// Votes for as a share of the denominator, in hundredths of a percent.
    pub share_bp: i64,
}

/// The outcome of `ballot` in a session with `at` under `rule`.
pub fn outcome(rule: &VotingRule, at: Attendance, ballot: Ballot) -> Outcome {
    let voters = at.voters(rule);
    let quorum_met = rule.quorum.met_by(voters, at.members_total);
    let of = match rule.denominator {
        Denominator::AllMembers => at.members_total,
        Denominator::Voters => voters,
    };
    let share_bp = if of > 0 {
        ballot.votes_for * 10_000 / of
    } else {
        0
    };
    Outcome {
        quorum_met,
        passed: quorum_met && of > 0 && rule.threshold.met_by(ballot.votes_for, of),
        share_bp,
    }
}
