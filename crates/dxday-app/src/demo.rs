//! The living demo: after the seed's 2024 campaign (kept as the dispatch has it), the
//! campaign live or next on the day the demo is loaded, prepared from it as an office
//! would; for both, a kit drawn by dxday from the campaign's words, the consumption
//! month's offers and participation counts up to that day; and payment streets with
//! their shops (and VietQR codes) in three wards; and the 2024 emulation movement
//! with its nominations, council vote, award decision and honour roll. Every name of a shop or an
//! enterprise says "(mẫu)": it is sample data.

use dxday_domain::campaign::CampaignData;
use dxday_domain::kit::{AssetCategory, AssetData};
use dxday_domain::offer::OfferForm;
use dxday_domain::payment::{MerchantForm, StreetForm};
use dxday_domain::{Scope, dates};
use dxday_media::kit_art::{self, KitText, Piece};
use dxday_store::campaigns::{self, Campaign};
use dxday_store::demo::DemoOutcome;
use dxday_store::files::Files;
use dxday_store::kit::StoredFile;
use dxday_store::{Db, StoreError, frames, kit, offers, payments, units};
use serde::Deserialize;
use time::Date;

use crate::Error;

const SAMPLES: &str = include_str!("../demo/samples.json");

#[derive(Deserialize)]
struct Samples {
    kit: Vec<KitSample>,
    streets: Vec<StreetSample>,
    offers: Vec<OfferForm>,
    teams: Vec<WardTeams>,
}

/// A ward's residential groups, each with its team and members.
#[derive(Deserialize)]
struct WardTeams {
    ward: String,
    groups: Vec<GroupSample>,
}

#[derive(Deserialize)]
struct GroupSample {
    code: String,
    name: String,
    households: i64,
    population: i64,
    team: String,
    help: String,
    decision: String,
    members: Vec<MemberSample>,
}

#[derive(Deserialize)]
struct MemberSample {
    name: String,
    role: String,
    organisation: String,
    platform: String,
}

#[derive(Deserialize)]
struct KitSample {
    piece: String,
    category: String,
    /// With `{year}` for the campaign's year.
    title: String,
    usage: String,
}

#[derive(Deserialize)]
struct StreetSample {
    ward: String,
    name: String,
    segment_from: String,
    segment_to: String,
    decision_number: String,
    merchants: Vec<MerchantSample>,
}

#[derive(Deserialize)]
struct MerchantSample {
    name: String,
    kind: String,
    category: String,
    address: String,
    bank_bin: String,
    account_number: String,
    account_holder: String,
    card: bool,
    ewallet: bool,
}

fn corrupt(what: impl std::fmt::Display) -> Error {
    Error::Store(StoreError::Corrupt(format!("demo samples: {what}")))
}

/// Loads the seed into an empty database, with each campaign's built-in frame; the
/// data the tests start from.
pub async fn load_seed_if_empty(db: &Db, system: &Scope) -> Result<DemoOutcome, Error> {
    let outcome = dxday_store::demo::load_if_empty(db, system).await?;
    if let DemoOutcome::Loaded { .. } = outcome {
        for c in campaigns::list(db).await? {
            let frame = tokio::task::spawn_blocking(move || crate::frames::default_frame(&c))
                .await
                .map_err(|e| Error::Task(e.to_string()))??;
            frames::insert(db, None, &frame).await?;
        }
    }
    Ok(outcome)
}

/// Loads the whole demo into an empty database as of `today` (a Vietnam date): the
/// seed, the campaign live or next on `today`, their kits, offers and counts, and the
/// payment streets.
pub async fn load_if_empty(
    db: &Db,
    files: &Files,
    system: &Scope,
    today: Date,
) -> Result<DemoOutcome, Error> {
    let outcome = load_seed_if_empty(db, system).await?;
    let DemoOutcome::Loaded { units, campaigns } = outcome else {
        return Ok(outcome);
    };
    let samples: Samples = serde_json::from_str(SAMPLES).map_err(corrupt)?;
    let seed = campaigns::list(db)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| corrupt("no campaign"))?;
    let next = seed.data.for_year(seed.data.live_or_next_year(today));
    crate::campaign::prepare_next(db, None, seed.id, next)
        .await?
        .ok_or_else(|| corrupt("the seed campaign"))?;
    for c in campaigns::list(db).await? {
        draw_kit(db, files, &c, &samples.kit).await?;
        add_offers(db, &c, &samples.offers).await?;
        add_counts(db, &c, today).await?;
    }
    add_streets(db, &seed.data, &samples.streets).await?;
    add_teams(db, &samples.teams, today).await?;
    crate::honours::demo::load(db, system).await?;
    crate::indicators::demo::load(db, system, &seed).await?;
    Ok(DemoOutcome::Loaded {
        units,
        campaigns: campaigns + 1,
    })
}

/// The kit of `c`, drawn around the frame it already has and stored as uploads are.
async fn draw_kit(db: &Db, files: &Files, c: &Campaign, kit: &[KitSample]) -> Result<(), Error> {
    let first = frames::for_campaign(db, c.id, false)
        .await?
        .into_iter()
        .next();
    let png = match first {
        Some(f) => frames::png(db, f.id).await?,
        None => None,
    }
    .ok_or_else(|| corrupt("a campaign without its frame"))?;
    let data = c.data.clone();
    let pieces: Vec<String> = kit.iter().map(|k| k.piece.clone()).collect();
    let checked = tokio::task::spawn_blocking(move || {
        let frame = dxday_media::frame::Frame::from_png(&png)?;
        pieces
            .iter()
            .map(|p| {
                Ok(crate::uploads::check_kit_file(picture(
                    p, &data, &png, &frame,
                )?)?)
            })
            .collect::<Result<Vec<_>, Error>>()
    })
    .await
    .map_err(|e| Error::Task(e.to_string()))??;
    let year = c.data.year.to_string();
    for (k, checked) in kit.iter().zip(checked) {
        let stored: StoredFile = crate::uploads::store(files, "kit", checked).await?.into();
        let asset = AssetData {
            title: k.title.replace("{year}", &year),
            category: AssetCategory::parse(&k.category).map_err(corrupt)?,
            usage_notes: Some(k.usage.clone()),
            display_from: c.data.display_from,
            display_to: c.data.display_to,
            external_url: None,
        };
        kit::insert(db, None, c.id, &asset, Some(&stored)).await?;
    }
    Ok(())
}

/// The PNG of one kit piece for campaign `c`, whose built-in frame is `frame_png`
/// (`frame` decoded).
fn picture(
    piece: &str,
    c: &CampaignData,
    frame_png: &[u8],
    frame: &dxday_media::frame::Frame,
) -> Result<Vec<u8>, Error> {
    let day = c.day_on;
    let (date, year) = (
        format!("{:02}/{:02}", day.day(), u8::from(day.month())),
        c.year.to_string(),
    );
    let footer = format!(
        "{} – {}",
        dates::format_dmy(c.starts_on),
        dates::format_dmy(c.ends_on)
    );
    let text = KitText {
        title: &c.title,
        theme: &c.theme,
        day: &date,
        year: &year,
        footer: &footer,
    };
    let piece = match piece {
        "logo" => Piece::Logo,
        "portal_banner" => Piece::PortalBanner,
        "screen_slide" => Piece::ScreenSlide,
        "poster" => Piece::Poster,
        "social_image" => {
            let card = dxday_media::share::ShareCard {
                title: &c.title,
                theme: &c.theme,
                footer: &footer,
            };
            return Ok(dxday_media::share::png(frame, &card)?);
        }
        "frame" => return Ok(frame_png.to_vec()),
        other => return Err(corrupt(other)),
    };
    Ok(kit_art::png(piece, &text, frame)?)
}

/// The offers of the consumption month of `c` (none when it has no such month).
async fn add_offers(db: &Db, c: &Campaign, list: &[OfferForm]) -> Result<(), Error> {
    let (Some(from), Some(to)) = (c.data.consumption_from, c.data.consumption_to) else {
        return Ok(());
    };
    for o in list {
        let data = o.parse((from, to)).map_err(|e| corrupt(format!("{e:?}")))?;
        offers::insert(db, None, c.id, &data).await?;
    }
    Ok(())
}

/// Frame downloads by ward, and kit downloads by asset, for each day of the display
/// window up to `today`, in a steady made-up pattern (more near the day itself).
async fn add_counts(db: &Db, c: &Campaign, today: Date) -> Result<(), Error> {
    let Some(frame) = frames::for_campaign(db, c.id, false)
        .await?
        .into_iter()
        .next()
    else {
        return Ok(());
    };
    let wards: Vec<i64> = units::directory(db)
        .await?
        .into_iter()
        .filter(|u| u.data.kind == dxday_domain::unit::UnitKind::Ward)
        .map(|u| u.id.0)
        .collect();
    let assets: Vec<i64> = kit::list(db, c.id, false)
        .await?
        .into_iter()
        .map(|a| a.id.0)
        .collect();
    let mut day = c.data.display_from;
    let mut n = 0i64;
    while day <= c.data.display_to.min(today) {
        let near = 10 - (c.data.day_on - day).whole_days().clamp(0, 9);
        for (i, ward) in wards.iter().chain(std::iter::once(&0)).enumerate() {
            let count = 8 + near * 6 + (i as i64 * 37 + n * 11) % 23;
            frames::count_downloads(db, frame.id, day, *ward, count).await?;
        }
        // The kit's files, fetched less often than the frame.
        let kit_counts: Vec<(i64, i64)> = assets
            .iter()
            .enumerate()
            .map(|(i, a)| (*a, 2 + near * 2 + (i as i64 * 13 + n * 7) % 9))
            .collect();
        kit::add_downloads(db, &kit_counts, day).await?;
        day = day.next_day().unwrap_or(day);
        n += 1;
        if n > 366 {
            break;
        }
    }
    Ok(())
}

/// The payment streets of three wards, launched on the seed campaign's first day once
/// their shops are in.
async fn add_streets(db: &Db, seed: &CampaignData, list: &[StreetSample]) -> Result<(), Error> {
    let banks = payments::banks(db).await?;
    let known = |bin: &str| banks.iter().any(|b| b.bin == bin);
    let launch = dates::format_iso(seed.starts_on);
    let decided = dates::format_iso(seed.starts_on.previous_day().unwrap_or(seed.starts_on));
    for s in list {
        let ward = units::find_by_code(db, &s.ward)
            .await?
            .ok_or_else(|| corrupt(&s.ward))?
            .id;
        let mut form = StreetForm {
            name: s.name.clone(),
            segment_from: s.segment_from.clone(),
            segment_to: s.segment_to.clone(),
            status: "deploying".into(),
            decision_number: s.decision_number.clone(),
            decision_date: decided.clone(),
            launch_date: String::new(),
            target_percent: "100".into(),
        };
        let data = form.parse().map_err(|e| corrupt(format!("{e:?}")))?;
        let street = payments::insert_street(db, None, ward, &data).await?;
        for m in &s.merchants {
            let yes = |b: bool| if b { "1" } else { "" }.to_string();
            let data = MerchantForm {
                name: m.name.clone(),
                kind: m.kind.clone(),
                category: m.category.clone(),
                address: m.address.clone(),
                bank_qr: "1".into(),
                card: yes(m.card),
                ewallet: yes(m.ewallet),
                bank_bin: m.bank_bin.clone(),
                account_number: m.account_number.clone(),
                account_holder: m.account_holder.clone(),
                verified_on: decided.clone(),
                verified_by: "Tổ công nghệ số cộng đồng".into(),
                ..MerchantForm::default()
            }
            .parse(&known)
            .map_err(|e| corrupt(format!("{}: {e:?}", m.name)))?;
            payments::insert_merchant(db, None, street, ward, &data)
                .await?
                .ok_or_else(|| corrupt(&m.name))?;
        }
        form.status = "launched".into();
        form.launch_date = launch.clone();
        let data = form.parse().map_err(|e| corrupt(format!("{e:?}")))?;
        payments::update_street(db, None, street, ward, &data).await?;
    }
    Ok(())
}

/// Residential groups, a team for each (founded by the ward's decision, its leader
/// as the public contact) and its members, in three wards; their activities of last
/// month and this one, and last month's reports: most approved, one waiting for its
/// ward, one never sent (so the roll-up shows completeness).
async fn add_teams(db: &Db, list: &[WardTeams], today: Date) -> Result<(), Error> {
    use dxday_domain::team::{GroupData, MemberForm, TeamForm};
    use dxday_store::teams;
    let mut k = 0;
    for w in list {
        let ward = units::find_by_code(db, &w.ward)
            .await?
            .ok_or_else(|| corrupt(&w.ward))?;
        for g in &w.groups {
            let data = GroupData {
                code: g.code.clone(),
                name: g.name.clone(),
                households: Some(g.households),
                population: Some(g.population),
            };
            let group = teams::insert_group(db, None, ward.id, &data).await?;
            let leader = g.members.iter().find(|m| m.role == "leader");
            let team = TeamForm {
                group_id: group.to_string(),
                name: g.team.clone(),
                decision_number: g.decision.clone(),
                decision_date: "2025-08-08".into(),
                decision_issuer: ward.data.name.clone(),
                contact_name: leader.map(|m| m.name.clone()).unwrap_or_default(),
                help_line: g.help.clone(),
                network_member: "1".into(),
                ..TeamForm::default()
            }
            .parse()
            .map_err(|e| corrupt(format!("{e:?}")))?;
            let team = teams::insert_team(db, None, ward.id, &team).await?;
            for m in &g.members {
                let data = MemberForm {
                    name: m.name.clone(),
                    role: m.role.clone(),
                    organisation: m.organisation.clone(),
                    joined_on: "2025-08-08".into(),
                    platform: m.platform.clone(),
                    ..MemberForm::default()
                }
                .parse()
                .map_err(|e| corrupt(format!("{e:?}")))?;
                teams::insert_member(db, None, ward.id, team, &data).await?;
            }
            add_team_work(db, ward.id, team, group, g.households, k, today).await?;
            k += 1;
        }
    }
    Ok(())
}

/// The `k`th demo team's activities (last month and this month up to `today`) and last
/// month's report.
async fn add_team_work(
    db: &Db,
    ward: dxday_domain::UnitId,
    team: dxday_domain::TeamId,
    group: dxday_domain::GroupId,
    households: i64,
    k: i64,
    today: Date,
) -> Result<(), Error> {
    use dxday_domain::team::{ActivityData, ActivityKind, HOUSEHOLDS_REACHED, Period};
    use dxday_store::teams;
    let this = Period::month_of(today);
    let last = this.previous();
    let days = [3, 7, 10, 14, 17, 21, 24, 28];
    for (i, day) in (0i64..).zip(days) {
        for p in [last, this] {
            let Ok(held_on) = p.start.replace_day(day) else {
                continue;
            };
            if held_on > today {
                continue;
            }
            let kind = ActivityKind::ALL[(i + k) as usize % ActivityKind::ALL.len()];
            let reached = 15 + (k * 7 + i * 11) % 40;
            let mut counts = vec![
                ("attendance", reached),
                ("people_guided", reached / 2),
                ("vneid_activated", (k + i) % 6),
                ("online_dossiers", (k * 3 + i) % 5),
                ("cashless_started", i % 3),
            ];
            if kind == ActivityKind::TrainingClass {
                counts.push(("skills_trained", reached * 2 / 3));
            }
            let data = ActivityData {
                held_on,
                group_id: group,
                kind,
                place: None,
                note: Some("(mẫu)".into()),
                counts: counts
                    .into_iter()
                    .map(|(c, v)| (c.to_string(), v))
                    .collect(),
            };
            teams::insert_activity(db, None, ward, team, &data, None)
                .await?
                .map_err(|r| corrupt(format!("{r:?}")))?;
        }
    }
    if k % 6 == 5 {
        return Ok(());
    }
    let mut figures = teams::activity_figures(db, team, last).await?;
    figures.insert(
        HOUSEHOLDS_REACHED.into(),
        Some(households.min((k + 2) * 45)),
    );
    teams::save_team_report(db, None, ward, Some(team), last, &figures, true)
        .await?
        .map_err(|r| corrupt(format!("{r:?}")))?;
    if k % 6 != 2 {
        teams::review_team_report(db, None, ward, Some(team), last, true, None)
            .await?
            .map_err(|r| corrupt(format!("{r:?}")))?;
    }
    Ok(())
}
