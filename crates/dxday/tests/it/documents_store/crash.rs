use super::*;

on_both_backends!(a_crash_before_commit_leaves_a_draft_and_no_number_taken);
async fn a_crash_before_commit_leaves_a_draft_and_no_number_taken(b: Backend) {
    let Some((db, _t)) = open(b).await else {
        return;
    };
    let office = unit(&db, "vhtt").await;
    let ward = unit(&db, "p-dong-khe").await;
    let a = draft(&db, office, vec![ward], "mất điện giữa chừng").await;
    {
        // Everything of an issue is written, then the process dies before COMMIT:
        // here the transaction is dropped, as a dead connection's would be.
        let mut tx = db.begin().await.expect("begin");
        let issued = documents::issue_in(
            &mut tx,
            None,
            crate::helpers::system(),
            a,
            date!(2025 - 10 - 09),
            None,
        )
        .await
        .expect("issue")
        .expect("a draft");
        assert_eq!((issued.number, issued.delivered), (1, 1));
        drop(tx);
    }
    let doc = documents::get(&db, a).await.expect("get").expect("doc");
    assert_eq!(doc.status, DocumentStatus::Draft);
    assert_eq!(doc.number, None);
    assert_eq!(
        next_number(&db, office, 2025).await,
        None,
        "no register row, no number taken"
    );
    assert!(
        documents::deliveries(&db, a)
            .await
            .expect("deliveries")
            .iter()
            .all(|d| d.delivered_at.is_none())
    );
    let issued = issue(&db, a, date!(2025 - 10 - 09)).await;
    assert_eq!(issued.number, 1, "the number was never lost");
}
