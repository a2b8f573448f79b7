//! The store on both databases: migrations, demo data, refusal of a newer schema.

use dxday_domain::Scope;
use dxday_domain::unit::UnitKind;
use dxday_store::demo::{self, DemoOutcome};
use dxday_store::{Db, StoreError, campaigns, units};

use crate::helpers::{Backend, test_db};
use crate::on_both_backends;

async fn open(b: Backend) -> Option<(Db, crate::helpers::TestDb)> {
    let t = test_db(b).await?;
    let db = Db::connect(&t.url).await.expect("connect");
    db.migrate().await.expect("migrate");
    Some((db, t))
}

async fn the_demo_data_loads_once_into_an_empty_database(b: Backend) {
    let Some((db, _t)) = open(b).await else {
        return;
    };
    assert_eq!(
        demo::load_if_empty(&db, crate::helpers::system())
            .await
            .expect("load"),
        DemoOutcome::Loaded {
            units: 34,
            campaigns: 1
        }
    );
    assert_eq!(
        demo::load_if_empty(&db, crate::helpers::system())
            .await
            .expect("again"),
        DemoOutcome::SkippedNotEmpty
    );
    let all = units::directory(&db).await.expect("list");
    let wards: Vec<_> = all
        .iter()
        .filter(|u| u.data.kind == UnitKind::Ward)
        .collect();
    assert_eq!(wards.len(), 12);
    let codes: Vec<_> = wards
        .iter()
        .filter_map(|w| w.data.gso_code.as_ref().map(|g| g.as_str().to_string()))
        .collect();
    assert_eq!(codes.first().map(String::as_str), Some("11263"));
    assert_eq!(codes.last().map(String::as_str), Some("11296"));
    assert!(
        wards
            .iter()
            .any(|w| w.data.name == "Ủy ban nhân dân phường Đổng Quốc Bình")
    );
    let office = all
        .iter()
        .find(|u| u.data.kind == UnitKind::Office)
        .expect("office");
    assert_eq!(office.data.name, "Phòng Văn hóa và Thông tin");
    assert_eq!(
        office.parent_name.as_deref(),
        Some("Ủy ban nhân dân quận Ngô Quyền")
    );
    assert!(
        all.iter()
            .any(|u| u.data.name == "Trung tâm Văn hóa - Thông tin và Thể thao quận")
    );
    assert!(
        all.iter()
            .filter(|u| u.data.kind == UnitKind::School)
            .all(|s| s.data.is_sample)
    );
    let c = &campaigns::list(&db).await.expect("campaigns")[0];
    assert_eq!(c.data.year, 2024);
    assert_eq!(
        dxday_domain::dates::format_dmy(c.data.display_from),
        "01/10/2024"
    );
    assert_eq!(
        dxday_domain::dates::format_dmy(c.data.display_to),
        "10/10/2024"
    );
    assert_eq!(dxday_domain::dates::format_dmy(c.data.day_on), "10/10/2024");
    assert_eq!(c.issuer_name.as_deref(), Some("Phòng Văn hóa và Thông tin"));
    // Every insert was audited, as the system.
    let n: i64 = sqlx::query_scalar::<sqlx::Any, i64>(
        "SELECT COUNT(*) FROM audit_log WHERE actor_user_id IS NULL",
    )
    .fetch_one(db.pool())
    .await
    .expect("count");
    assert_eq!(
        n, 37,
        "34 units, 1 campaign, the dispatch drafted and issued"
    );
    // The seed dispatch: number 01 of the office's 2024 register, delivered to the
    // departments, mass organisations, culture centre, 12 wards and schools.
    let seed = dxday_store::documents::find_by_number(&db, 1, "VHTT", 2024)
        .await
        .expect("find")
        .expect("the seed dispatch");
    assert_eq!(seed.number_line(), "Số: 01/VHTT");
    assert_eq!(
        seed.issued_on
            .map(dxday_domain::dates::format_dmy)
            .as_deref(),
        Some("07/10/2024")
    );
    let deliveries = dxday_store::documents::deliveries(&db, seed.id)
        .await
        .expect("deliveries");
    assert_eq!(deliveries.len(), 32);
    assert!(deliveries.iter().all(|d| d.delivered_at.is_some()));
    // The tasks the dispatch names, from that dispatch, assigned to its recipients.
    let campaign = c.id;
    let all = dxday_store::tasks::for_campaign(&db, campaign)
        .await
        .expect("tasks");
    assert_eq!(all.len(), 9);
    assert!(
        all.iter()
            .all(|t| t.data.source_document_id == Some(seed.id))
    );
    let ward = units::find_by_code(&db, "p-may-chai")
        .await
        .expect("q")
        .expect("ward");
    let school = units::find_by_code(&db, "th-mau")
        .await
        .expect("q")
        .expect("school");
    let of_ward =
        dxday_store::tasks::assignments_of(&db, campaign, crate::helpers::scoped(ward.id))
            .await
            .expect("a");
    let of_school =
        dxday_store::tasks::assignments_of(&db, campaign, crate::helpers::scoped(school.id))
            .await
            .expect("a");
    assert_eq!(
        (of_ward.len(), of_school.len()),
        (8, 6),
        "wards also run the consumption month and community teams"
    );
    assert_eq!(
        dxday_store::tasks::statuses(&db, campaign)
            .await
            .expect("statuses")
            .len(),
        4
    );
}
on_both_backends!(the_demo_data_loads_once_into_an_empty_database);

async fn a_database_migrated_by_a_newer_dxday_is_refused(b: Backend) {
    let Some((db, _t)) = open(b).await else {
        return;
    };
    let known = db.migration_names().len() as i64;
    assert_eq!(db.schema_version().await.expect("version"), Some(known));
    sqlx::query::<sqlx::Any>(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (9999, 'from the future', TRUE, $1, 0)",
    )
    .bind(vec![0u8; 48])
    .execute(db.pool())
    .await
    .expect("insert future migration");
    match db.migrate().await {
        Err(StoreError::DatabaseNewer { db: 9999, known: k }) if k == known => {}
        other => panic!("expected DatabaseNewer, got {other:?}"),
    }
}
on_both_backends!(a_database_migrated_by_a_newer_dxday_is_refused);

async fn a_unit_cannot_become_its_own_ancestor(b: Backend) {
    let Some((db, _t)) = open(b).await else {
        return;
    };
    demo::load_if_empty(&db, crate::helpers::system())
        .await
        .expect("load");
    let district = units::find_by_code(&db, "ubnd-quan")
        .await
        .expect("q")
        .expect("district");
    let office = units::find_by_code(&db, "vhtt")
        .await
        .expect("q")
        .expect("office");
    let mut data = district.data.clone();
    data.parent_id = Some(office.id);
    match units::update(&db, &Scope::system(), None, district.id, &data).await {
        Err(StoreError::Field {
            field: "parent_id", ..
        }) => {}
        other => panic!("expected a parent error, got {other:?}"),
    }
}
on_both_backends!(a_unit_cannot_become_its_own_ancestor);

async fn text_keeps_its_vietnamese_diacritics_through_the_database(b: Backend) {
    let Some((db, _t)) = open(b).await else {
        return;
    };
    demo::load_if_empty(&db, crate::helpers::system())
        .await
        .expect("load");
    let u = units::find_by_code(&db, "p-dong-quoc-binh")
        .await
        .expect("q")
        .expect("ward");
    assert_eq!(u.data.name, "Ủy ban nhân dân phường Đổng Quốc Bình");
    assert_eq!(u.data.name.chars().count(), 37);
}
on_both_backends!(text_keeps_its_vietnamese_diacritics_through_the_database);
