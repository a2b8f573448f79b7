//! The outgoing register on both databases: numbers from 01 each year, taken only on
//! issue, never twice (also when clerks issue at the same moment), drafts editable and
//! issued documents final, delivery to the recipients in the same transaction.
//! (The demo data already holds 01/VHTT of 2024, so these tests number 2025 and 2026.)

use dxday_domain::document::{DocumentForm, DocumentStatus};
use dxday_domain::{DocumentId, Scope, UnitId};
use dxday_store::documents::{self, Refused};
use dxday_store::{Db, StoreError};
use time::macros::date;

use crate::helpers::Backend;
use crate::on_both_backends;

mod crash;
mod numbers;
mod scope;

async fn open(b: Backend) -> Option<(Db, crate::helpers::TestDb)> {
    crate::helpers::demo_db(b).await.map(|(db, t, _)| (db, t))
}

use crate::helpers::unit_of as unit;

fn form(subject: &str) -> DocumentForm {
    DocumentForm {
        kind: "dispatch".into(),
        parent_body: "UBND QUẬN NGÔ QUYỀN".into(),
        issuer_name: "PHÒNG VĂN HÓA VÀ THÔNG TIN".into(),
        symbol: "VHTT".into(),
        place: "Quận Ngô Quyền".into(),
        subject: subject.into(),
        addressees: "Ủy ban nhân dân 12 phường".into(),
        body: "Nội dung.".into(),
        authority: "KT.".into(),
        authority_title: "TRƯỞNG PHÒNG".into(),
        signer_title: "PHÓ TRƯỞNG PHÒNG".into(),
        signer_name: "Nguyễn Hồng Đại".into(),
        ..DocumentForm::default()
    }
}

async fn draft(db: &Db, issuer: UnitId, recipients: Vec<UnitId>, subject: &str) -> DocumentId {
    let data = form(subject).parse(issuer, recipients).expect("valid form");
    documents::insert_draft(db, None, crate::helpers::system(), &data)
        .await
        .expect("draft")
}

/// Issues draft `id` on `on` as the system, taking the register's next number.
async fn issue(db: &Db, id: DocumentId, on: time::Date) -> documents::Issued {
    documents::issue(db, None, crate::helpers::system(), id, on, None)
        .await
        .expect("issue")
        .expect("a draft")
}

async fn next_number(db: &Db, issuer: UnitId, year: i64) -> Option<i64> {
    sqlx::query_scalar::<sqlx::Any, i64>(
        "SELECT next_number FROM registers WHERE issuer_unit_id = $1 AND year = $2",
    )
    .bind(issuer.0)
    .bind(year)
    .fetch_optional(db.pool())
    .await
    .expect("register")
}
