//! Periodic work on several nodes at once (issue 21, point 5): two nodes on one
//! PostgreSQL database and one file storage run every periodic job at the same moment
//! — deadline reminders, the sweep of bulk jobs cut by a stopped node, the writing of
//! kit download counts, the sweep of expired sessions — and each effect happens once:
//! one e-mail per reminder, each cut job resumed once, every download counted once.

use std::collections::BTreeMap;

use dxday_domain::Role;
use tower_sessions::session_store::ExpiredDeletion;

use crate::hardening::bulk::{job_state, stale_job};
use crate::helpers::{Backend, spawn_on_with, system, test_db};
use crate::mail::{smtp_sink, wait_for};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn periodic_work_on_two_nodes_at_once_has_its_effects_once() {
    let Some(t) = test_db(Backend::Postgres).await else {
        return;
    };
    let (port, inbox) = smtp_sink().await;
    let smtp = format!("smtp://127.0.0.1:{port}");
    let files = t.dir.path().join("shared-files");
    let node = |smtp: String, files: std::path::PathBuf| {
        move |c: &mut dxday::config::Config| {
            c.smtp_url = Some(smtp);
            c.files_url = Some(files.display().to_string());
        }
    };
    let url = t.url.clone();
    let a = spawn_on_with(url.clone(), t.dir, false, node(smtp.clone(), files.clone())).await;
    // The living demo, as `dxday serve` loads it: the kit with its files, the plan.
    let today = dxday_domain::dates::today_in_vietnam(time::OffsetDateTime::now_utc());
    dxday_app::demo::load_if_empty(&a.db, &a.state.config.files, system(), today)
        .await
        .expect("the demo loads");
    let b = spawn_on_with(
        url,
        tempfile::tempdir().expect("dir"),
        false,
        node(smtp, files),
    )
    .await;

    // Deadline reminders, run by both nodes at once, three times over.
    for (email, unit) in [
        ("dau-moi@maychai.vn", "p-may-chai"),
        ("dau-moi@lacvien.vn", "p-lac-vien"),
    ] {
        a.add_user(email, Role::UnitFocalPoint, Some(unit)).await;
    }
    let mut created = 0;
    for _ in 0..3 {
        let (x, y) = tokio::join!(
            dxday_web::run_reminders(&a.state),
            dxday_web::run_reminders(&b.state)
        );
        created += x.expect("node A's reminders") + y.expect("node B's reminders");
    }
    let rows = a.count("reminders").await as usize;
    assert!(rows > 0, "the demo's plan has deadlines to remind of");
    assert_eq!(created, rows, "each reminder created by one node, once");
    let (mailed,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM reminders r JOIN units u ON u.id = r.unit_id \
         WHERE u.code IN ('p-may-chai', 'p-lac-vien')",
    )
    .fetch_one(a.db.pool())
    .await
    .expect("reminders of the two wards");
    assert!(mailed > 0);
    let got = wait_for(&inbox, mailed as usize).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let got_now = inbox.lock().map(|v| v.len()).unwrap_or_default();
    assert_eq!(got.len(), mailed as usize, "one e-mail per reminder");
    assert_eq!(got_now, got.len(), "and no more");

    // Bulk jobs cut by a stopped node: both nodes sweep at once; each job is queued
    // again once, framed by one node, and done.
    stale_job(&a, "cut-1", "p-may-chai", 0).await;
    stale_job(&a, "cut-2", "p-lac-vien", 1).await;
    let (x, y) = tokio::join!(
        dxday_web::sweep_bulk(&a.state),
        dxday_web::sweep_bulk(&b.state)
    );
    x.expect("node A's sweep");
    y.expect("node B's sweep");
    for (id, attempts_before) in [("cut-1", 0), ("cut-2", 1)] {
        let mut state = String::new();
        for _ in 0..150 {
            state = job_state(&a, id).await;
            if state == "done" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(state, "done", "{id} resumed and finished");
        let job = dxday_store::bulk::get(&a.db, id)
            .await
            .expect("get")
            .expect("the job");
        assert_eq!(job.attempts, attempts_before + 1, "{id} claimed once");
        assert_eq!(job.framed, 2);
    }

    // Kit downloads counted in each node's memory, written by both at once: assets
    // touched in opposite orders (locks taken in one order, so no deadlock), every
    // download counted once.
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM kit_assets ORDER BY id")
        .fetch_all(a.db.pool())
        .await
        .expect("assets");
    assert!(ids.len() >= 3, "the demo's kit: {ids:?}");
    let counts = || async {
        sqlx::query_as::<_, (i64, i64)>(
            "SELECT a.id, a.downloads + COALESCE((SELECT CAST(SUM(d.downloads) AS BIGINT) \
             FROM kit_download_days d WHERE d.asset_id = a.id), 0) FROM kit_assets a",
        )
        .fetch_all(a.db.pool())
        .await
        .expect("counts")
        .into_iter()
        .collect::<BTreeMap<i64, i64>>()
    };
    let before = counts().await;
    for round in 0..20 {
        for (i, id) in ids.iter().enumerate() {
            for _ in 0..=(i + round) % 3 {
                a.state.kit_downloads.add(*id);
            }
        }
        for id in ids.iter().rev() {
            b.state.kit_downloads.add(*id);
        }
        let (x, y) = tokio::join!(
            a.state.kit_downloads.flush(&a.db),
            b.state.kit_downloads.flush(&b.db)
        );
        x.expect("node A writes its counts");
        y.expect("node B writes its counts");
    }
    let after = counts().await;
    for (i, id) in ids.iter().enumerate() {
        let from_a: i64 = (0..20).map(|round| ((i + round) % 3 + 1) as i64).sum();
        // Each download is in the asset's total and in its day's row.
        assert_eq!(
            after[id] - before[id],
            2 * (from_a + 20),
            "asset {id}: every download counted once"
        );
    }

    // Expired sessions, swept by both at once.
    let (sweep_a, sweep_b) = (
        dxday_store::sessions::DbSessionStore::new(a.db.clone()),
        dxday_store::sessions::DbSessionStore::new(b.db.clone()),
    );
    let (x, y) = tokio::join!(sweep_a.delete_expired(), sweep_b.delete_expired());
    x.expect("node A's session sweep");
    y.expect("node B's session sweep");
}
