//! Enum columns accept only their enum's stored names, on both databases (migration
//! 0013: CHECK constraints on PostgreSQL, aborting triggers on SQLite), and the lists
//! in the database are the lists in the code.

use dxday_domain::Role;
use dxday_domain::display::Channel;
use dxday_domain::document::{Circulation, DocumentStatus, DocumentType, Urgency};
use dxday_domain::honours::{
    AwardClass, DecisionStatus, Denominator, Gender, IssuerKind, LegalTopic, NominationStatus,
    Procedure, Recipient, VoteMethod,
};
use dxday_domain::indicator::{Counting, Direction, Level, RollUp, Source, TargetLevel};
use dxday_domain::kit::AssetCategory;
use dxday_domain::payment::{MerchantKind, StreetStatus};
use dxday_domain::report::{Aggregation, IndicatorKind, ReportKind, ReportStatus};
use dxday_domain::task::{ActivityType, AssignmentRole};
use dxday_domain::team::{ActivityKind, MemberRole, Platform, TeamStatus};
use dxday_domain::unit::UnitKind;
use dxday_media::frame::Aspect;
use dxday_media::kit::AssetFormat;
use dxday_store::Backend as DbBackend;
use dxday_store::Db;

use crate::helpers::{Backend, test_db};
use crate::on_both_backends;

/// Each constrained column with its enum's stored names.
fn columns() -> Vec<(&'static str, &'static str, Vec<&'static str>)> {
    let mut status = DocumentStatus::ALL.map(DocumentStatus::as_str).to_vec();
    // A document being issued holds this state inside the issuing transaction.
    status.insert(1, "issuing");
    vec![
        (
            "units",
            "kind",
            UnitKind::ALL.map(UnitKind::as_str).to_vec(),
        ),
        ("users", "role", Role::ALL.map(Role::as_str).to_vec()),
        (
            "documents",
            "kind",
            DocumentType::ALL.map(DocumentType::as_str).to_vec(),
        ),
        ("documents", "status", status),
        (
            "documents",
            "urgency",
            Urgency::ALL.map(Urgency::as_str).to_vec(),
        ),
        (
            "documents",
            "circulation",
            Circulation::ALL.map(Circulation::as_str).to_vec(),
        ),
        (
            "frames",
            "aspect",
            [Aspect::Square, Aspect::Portrait, Aspect::Story]
                .map(Aspect::as_str)
                .to_vec(),
        ),
        (
            "tasks",
            "activity",
            ActivityType::ALL.map(ActivityType::as_str).to_vec(),
        ),
        (
            "task_assignments",
            "role",
            AssignmentRole::ALL.map(AssignmentRole::as_str).to_vec(),
        ),
        (
            "report_requests",
            "kind",
            ReportKind::ALL.map(ReportKind::as_str).to_vec(),
        ),
        (
            "report_indicators",
            "kind",
            IndicatorKind::ALL.map(IndicatorKind::as_str).to_vec(),
        ),
        (
            "report_indicators",
            "aggregation",
            Aggregation::ALL.map(Aggregation::as_str).to_vec(),
        ),
        (
            "unit_reports",
            "status",
            ReportStatus::ALL.map(ReportStatus::as_str).to_vec(),
        ),
        (
            "kit_assets",
            "category",
            AssetCategory::ALL.map(AssetCategory::as_str).to_vec(),
        ),
        (
            "kit_assets",
            "format",
            // An asset that is a link (a video on YouTube) has no file format.
            [
                AssetFormat::ALL.map(AssetFormat::as_str).as_slice(),
                &["link"],
            ]
            .concat(),
        ),
        (
            "display_evidence",
            "channel",
            Channel::ALL.map(Channel::as_str).to_vec(),
        ),
        (
            "payment_streets",
            "status",
            StreetStatus::ALL.map(StreetStatus::as_str).to_vec(),
        ),
        (
            "merchants",
            "kind",
            MerchantKind::ALL.map(MerchantKind::as_str).to_vec(),
        ),
        (
            "community_teams",
            "status",
            TeamStatus::ALL.map(TeamStatus::as_str).to_vec(),
        ),
        (
            "team_members",
            "role",
            MemberRole::ALL.map(MemberRole::as_str).to_vec(),
        ),
        (
            "team_members",
            "platform",
            Platform::ALL.map(Platform::as_str).to_vec(),
        ),
        (
            "team_activities",
            "kind",
            ActivityKind::ALL.map(ActivityKind::as_str).to_vec(),
        ),
        (
            "team_reports",
            "status",
            ReportStatus::ALL.map(ReportStatus::as_str).to_vec(),
        ),
        (
            "legal_bases",
            "topic",
            LegalTopic::ALL.map(LegalTopic::as_str).to_vec(),
        ),
        (
            "award_types",
            "class",
            AwardClass::ALL.map(AwardClass::as_str).to_vec(),
        ),
        (
            "award_authorities",
            "issuer_kind",
            IssuerKind::ALL.map(IssuerKind::as_str).to_vec(),
        ),
        (
            "voting_rules",
            "method",
            VoteMethod::ALL.map(VoteMethod::as_str).to_vec(),
        ),
        (
            "voting_rules",
            "denominator",
            Denominator::ALL.map(Denominator::as_str).to_vec(),
        ),
        (
            "nominations",
            "recipient",
            Recipient::ALL.map(Recipient::as_str).to_vec(),
        ),
        (
            "nominations",
            "gender",
            Gender::ALL.map(Gender::as_str).to_vec(),
        ),
        (
            "nominations",
            "procedure",
            Procedure::ALL.map(Procedure::as_str).to_vec(),
        ),
        (
            "nominations",
            "status",
            NominationStatus::ALL.map(NominationStatus::as_str).to_vec(),
        ),
        (
            "council_sessions",
            "method",
            VoteMethod::ALL.map(VoteMethod::as_str).to_vec(),
        ),
        (
            "council_sessions",
            "denominator",
            Denominator::ALL.map(Denominator::as_str).to_vec(),
        ),
        (
            "award_decisions",
            "issuer_kind",
            IssuerKind::ALL.map(IssuerKind::as_str).to_vec(),
        ),
        (
            "award_decisions",
            "status",
            DecisionStatus::ALL.map(DecisionStatus::as_str).to_vec(),
        ),
        (
            "honour_mentions",
            "recipient",
            Recipient::ALL.map(Recipient::as_str).to_vec(),
        ),
        (
            "indicators",
            "level",
            Level::ALL.map(Level::as_str).to_vec(),
        ),
        (
            "indicators",
            "rollup",
            RollUp::ALL.map(RollUp::as_str).to_vec(),
        ),
        (
            "indicators",
            "counting",
            Counting::ALL.map(Counting::as_str).to_vec(),
        ),
        (
            "indicators",
            "direction",
            Direction::ALL.map(Direction::as_str).to_vec(),
        ),
        (
            "indicators",
            "source",
            Source::ALL.map(Source::as_str).to_vec(),
        ),
        (
            "indicator_targets",
            "level",
            TargetLevel::ALL.map(TargetLevel::as_str).to_vec(),
        ),
    ]
}

/// The quoted names in the database's rule for `table.column`.
async fn rule_of(db: &Db, table: &str, column: &str) -> Vec<String> {
    let sql = match db.backend() {
        DbBackend::Postgres => format!(
            "SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
             WHERE c.conname = '{table}_{column}_check' AND n.nspname = current_schema()"
        ),
        DbBackend::Sqlite => format!(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = '{table}_{column}_check_insert'"
        ),
    };
    let text: String = sqlx::query_scalar::<sqlx::Any, String>(sqlx::AssertSqlSafe(sql))
        .fetch_optional(db.pool())
        .await
        .expect("read the rule")
        .unwrap_or_else(|| panic!("no rule for {table}.{column}"));
    let when = text.split("RAISE").next().unwrap_or_default();
    when.split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

async fn enum_columns_accept_only_their_enums_names(b: Backend) {
    let Some(t) = test_db(b).await else {
        return;
    };
    let db = Db::connect(&t.url).await.expect("connect");
    db.migrate().await.expect("migrate");
    for (table, column, names) in columns() {
        assert_eq!(
            rule_of(&db, table, column).await,
            names,
            "{table}.{column}: the database's list is the code's"
        );
    }
    dxday_store::demo::load_if_empty(&db, crate::helpers::system())
        .await
        .expect("demo");
    for (table, column, names) in [
        (
            "units",
            "kind",
            UnitKind::ALL.map(UnitKind::as_str).to_vec(),
        ),
        (
            "documents",
            "urgency",
            Urgency::ALL.map(Urgency::as_str).to_vec(),
        ),
        (
            "tasks",
            "activity",
            ActivityType::ALL.map(ActivityType::as_str).to_vec(),
        ),
    ] {
        let set = |v: &str| {
            format!("UPDATE {table} SET {column} = '{v}' WHERE id = (SELECT MIN(id) FROM {table})")
        };
        let run = async |sql: String| {
            sqlx::query::<sqlx::Any>(sqlx::AssertSqlSafe(sql))
                .execute(db.pool())
                .await
        };
        let first = names[0];
        let changed = run(set(names[names.len() - 1]))
            .await
            .expect("a listed name");
        assert_eq!(changed.rows_affected(), 1, "{table} has demo rows");
        let refused = run(set("not_a_name")).await;
        assert!(refused.is_err(), "{table}.{column} took an unknown name");
        run(set(first)).await.expect("back to a listed name");
    }
}
on_both_backends!(enum_columns_accept_only_their_enums_names);
