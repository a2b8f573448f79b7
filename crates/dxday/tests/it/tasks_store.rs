//! The task tree on both databases: progress rolls up from units to tasks to parents
//! in the change's transaction; cycles and foreign parents are refused.

use dxday_domain::CampaignId;
use dxday_domain::TaskId;
use dxday_domain::task::{AssignmentRole, TaskForm};
use dxday_store::{Db, StoreError, tasks};

use crate::helpers::Backend;
use crate::on_both_backends;

use crate::helpers::demo_db as open;

use crate::helpers::unit_of as unit;

async fn task(
    db: &Db,
    campaign: CampaignId,
    title: &str,
    parent: Option<i64>,
    weight: &str,
) -> i64 {
    let form = TaskForm {
        title: title.into(),
        activity: "plan_task".into(),
        parent_id: parent.map(|p| p.to_string()).unwrap_or_default(),
        starts_on: "01/10/2024".into(),
        due_on: "31/10/2024".into(),
        weight: weight.into(),
        ..TaskForm::default()
    };
    (tasks::insert(db, None, campaign, &form.parse().expect("valid task"), &[])
        .await
        .expect("insert task"))
    .0
}

async fn progress(db: &Db, id: i64) -> i64 {
    tasks::get(db, TaskId(id))
        .await
        .expect("get")
        .expect("task")
        .progress
}

on_both_backends!(progress_rolls_up_from_units_to_tasks_to_parents);
async fn progress_rolls_up_from_units_to_tasks_to_parents(b: Backend) {
    let Some((db, _t, campaign)) = open(b).await else {
        return;
    };
    let (w1, w2, w3) = (
        unit(&db, "p-may-chai").await,
        unit(&db, "p-may-to").await,
        unit(&db, "p-van-my").await,
    );
    let plan = task(&db, campaign, "Triển khai Kế hoạch 224/KH-UBND", None, "").await;
    let a = task(&db, campaign, "Tuyên truyền", Some(plan), "").await;
    let b2 = task(
        &db,
        campaign,
        "Ra quân Tổ Công nghệ số cộng đồng",
        Some(plan),
        "",
    )
    .await;
    tasks::assign(&db, None, TaskId(a), w1, AssignmentRole::Lead, None)
        .await
        .expect("assign");
    tasks::assign(&db, None, TaskId(a), w2, AssignmentRole::Support, None)
        .await
        .expect("assign");
    tasks::assign(&db, None, TaskId(a), w3, AssignmentRole::Watch, None)
        .await
        .expect("assign");
    assert!(
        tasks::set_progress(&db, None, TaskId(a), crate::helpers::scoped(w1), 80)
            .await
            .expect("progress")
    );
    assert!(
        tasks::set_progress(&db, None, TaskId(a), crate::helpers::scoped(w2), 40)
            .await
            .expect("progress")
    );
    assert!(
        tasks::set_progress(&db, None, TaskId(a), crate::helpers::scoped(w3), 0)
            .await
            .expect("progress")
    );
    assert_eq!(
        progress(&db, a).await,
        60,
        "lead and supporting units; watching does not count"
    );
    assert_eq!(progress(&db, b2).await, 0);
    assert_eq!(
        progress(&db, plan).await,
        30,
        "the plain average of its two children"
    );
    // A unit without an assignment on the task reports nothing.
    assert!(
        !tasks::set_progress(&db, None, TaskId(b2), crate::helpers::scoped(w1), 50)
            .await
            .expect("progress")
    );
    // Weights: a heavy child counts more.
    let heavy = task(&db, campaign, "Phổ cập bộ nhận diện", None, "").await;
    let x = task(&db, campaign, "Bảng điện tử", Some(heavy), "3").await;
    let y = task(&db, campaign, "Mạng xã hội", Some(heavy), "1").await;
    tasks::assign(&db, None, TaskId(x), w1, AssignmentRole::Lead, None)
        .await
        .expect("assign");
    tasks::assign(&db, None, TaskId(y), w1, AssignmentRole::Lead, None)
        .await
        .expect("assign");
    tasks::set_progress(&db, None, TaskId(x), crate::helpers::scoped(w1), 100)
        .await
        .expect("progress");
    assert_eq!(progress(&db, heavy).await, 75);
    // Moving a child recomputes both the old and the new parent.
    tasks::set_parent(&db, None, TaskId(x), Some(TaskId(plan)))
        .await
        .expect("move");
    assert_eq!(progress(&db, heavy).await, 0);
    assert_eq!(progress(&db, plan).await, 72, "(60 + 0 + 100·3) / 5");
}

on_both_backends!(cycles_and_unknown_parents_are_refused_and_nothing_changes);
async fn cycles_and_unknown_parents_are_refused_and_nothing_changes(b: Backend) {
    let Some((db, _t, campaign)) = open(b).await else {
        return;
    };
    let before = tasks::for_campaign(&db, campaign)
        .await
        .expect("list")
        .len();
    let top = task(&db, campaign, "Gốc", None, "").await;
    let mid = task(&db, campaign, "Giữa", Some(top), "").await;
    let leaf = task(&db, campaign, "Lá", Some(mid), "").await;
    for (id, parent) in [(top, leaf), (top, mid), (mid, mid)] {
        match tasks::set_parent(&db, None, TaskId(id), Some(TaskId(parent))).await {
            Err(StoreError::Field { field, key }) => {
                assert_eq!((field, key), ("parent_id", "err-task-cycle"))
            }
            other => panic!("{id} under {parent}: {other:?}"),
        }
    }
    assert_eq!(
        tasks::get(&db, TaskId(top))
            .await
            .expect("get")
            .expect("task")
            .data
            .parent_id,
        None,
        "nothing changed"
    );
    match tasks::set_parent(&db, None, TaskId(leaf), Some(TaskId(999_999))).await {
        Err(StoreError::Field { field, key }) => {
            assert_eq!((field, key), ("parent_id", "err-choice"))
        }
        other => panic!("unknown parent: {other:?}"),
    }
    let form = TaskForm {
        title: "Mồ côi".into(),
        activity: "honours".into(),
        parent_id: "999999".into(),
        ..TaskForm::default()
    };
    assert!(matches!(
        tasks::insert(&db, None, campaign, &form.parse().expect("form"), &[]).await,
        Err(StoreError::Field {
            field: "parent_id",
            ..
        })
    ));
    assert_eq!(
        tasks::for_campaign(&db, campaign)
            .await
            .expect("list")
            .len(),
        before + 3
    );
}

on_both_backends!(reminders_are_sent_once_per_rule_however_often_the_job_runs);
async fn reminders_are_sent_once_per_rule_however_often_the_job_runs(b: Backend) {
    use time::macros::date;
    let Some((db, _t, campaign)) = open(b).await else {
        return;
    };
    let ward = unit(&db, "p-cau-dat").await;
    let other = unit(&db, "p-le-loi").await;
    // Due 10/11/2025: T-3 on 07/11. The demo tasks ended in October 2024 (overdue).
    let form = TaskForm {
        title: "Báo cáo kết quả Tổ Công nghệ số cộng đồng".into(),
        activity: "community_teams".into(),
        due_on: "10/11/2025".into(),
        ..TaskForm::default()
    };
    let data = form.parse().expect("valid");
    let id = tasks::insert(
        &db,
        None,
        campaign,
        &data,
        &[
            (ward, AssignmentRole::Lead),
            (other, AssignmentRole::Support),
        ],
    )
    .await
    .expect("task");
    tasks::set_progress(&db, None, id, crate::helpers::scoped(other), 100)
        .await
        .expect("done");
    let on = |d| dxday_store::reminders::run(&db, d);
    let ours = |v: &[dxday_store::reminders::NewReminder]| {
        v.iter()
            .filter(|r| r.subject == "task" && r.subject_id == id.0)
            .map(|r| (r.unit_id, r.rule.clone()))
            .collect::<Vec<_>>()
    };
    let first = on(date!(2025 - 11 - 07)).await.expect("run");
    assert_eq!(
        ours(&first),
        vec![(ward, "t-3".to_string())],
        "the finished unit gets none"
    );
    let again = on(date!(2025 - 11 - 07)).await.expect("run");
    assert!(
        ours(&again).is_empty(),
        "a second run the same day sends nothing"
    );
    assert!(
        on(date!(2025 - 11 - 08))
            .await
            .map(|v| ours(&v))
            .expect("run")
            .is_empty(),
        "no rule on T-2"
    );
    // Two runs at the same moment (two nodes): one reminder.
    let (x, y) = tokio::join!(on(date!(2025 - 11 - 12)), on(date!(2025 - 11 - 12)));
    let both = ours(&x.expect("x")).len() + ours(&y.expect("y")).len();
    assert_eq!(both, 1, "one overdue reminder for 12/11");
    let shown = dxday_store::reminders::for_unit(&db, ward, 50)
        .await
        .expect("list");
    let mine: Vec<_> = shown
        .iter()
        .filter(|r| r.subject == "task" && r.subject_id == id.0)
        .collect();
    assert_eq!(mine.len(), 2);
    assert!(mine[0].is_overdue() && mine[0].due_dmy() == "10/11/2025");
}
