//! E-mail notices against a local SMTP sink: issuing a document mails the focal points
//! of the recipient units; a reminder mails only those that have not confirmed.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use dxday_domain::Role;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::helpers::{Backend, csrf_of, header, spawn_app_with};
use crate::on_both_backends;

/// One message the sink received.
#[derive(Debug, Clone, Default)]
pub(crate) struct Received {
    pub to: Vec<String>,
    pub data: String,
}

/// A minimal SMTP server on a loopback port that accepts every message.
pub(crate) async fn smtp_sink() -> (u16, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let inbox: Arc<Mutex<Vec<Received>>> = Arc::default();
    let store = inbox.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                let mut current = Received::default();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 sink\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        current
                            .to
                            .push(line[8..].trim().trim_matches(['<', '>']).to_string());
                        b"250 OK\r\n"
                    } else if upper.starts_with("DATA") {
                        let _ = write.write_all(b"354 go on\r\n").await;
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            current.data.push_str(&l);
                            current.data.push('\n');
                        }
                        if let Ok(mut s) = store.lock() {
                            s.push(std::mem::take(&mut current));
                        }
                        b"250 queued\r\n"
                    } else if upper.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        b"250 OK\r\n"
                    };
                    if write.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (port, inbox)
}

/// The text of a message: its body, decoded when it was sent in base64.
pub(crate) fn body_text(data: &str) -> String {
    let (head, body) = data.split_once("\n\n").unwrap_or((data, ""));
    if head
        .to_ascii_lowercase()
        .contains("content-transfer-encoding: base64")
    {
        let joined: String = body.split_whitespace().collect();
        String::from_utf8_lossy(&crate::browser::decode_base64(&joined)).to_string()
    } else if head
        .to_ascii_lowercase()
        .contains("content-transfer-encoding: quoted-printable")
    {
        quoted_printable(body)
    } else {
        body.to_string()
    }
}

/// Decodes a quoted-printable body (RFC 2045: `=XX` bytes, `=` at a line end joins).
fn quoted_printable(body: &str) -> String {
    let joined = body.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).to_string()
}

pub(crate) async fn wait_for(inbox: &Arc<Mutex<Vec<Received>>>, n: usize) -> Vec<Received> {
    for _ in 0..100 {
        let got = inbox.lock().map(|v| v.clone()).unwrap_or_default();
        if got.len() >= n {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    inbox.lock().map(|v| v.clone()).unwrap_or_default()
}

on_both_backends!(issuing_mails_the_recipients_focal_points_and_reminders_only_the_pending);
async fn issuing_mails_the_recipients_focal_points_and_reminders_only_the_pending(b: Backend) {
    let (port, inbox) = smtp_sink().await;
    let Some(app) = spawn_app_with(b, |c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    })
    .await
    else {
        return;
    };
    let office = app.office().await;
    let may_chai = app.ward().await;
    app.add_user(
        "dau-moi@lacvien.vn",
        Role::UnitFocalPoint,
        Some("p-lac-vien"),
    )
    .await;
    // A school's focal point: the document does not go to schools.
    app.add_user(
        "hieu-truong@th.edu.vn",
        Role::UnitFocalPoint,
        Some("th-mau"),
    )
    .await;
    let vhtt = app.unit_id("vhtt").await.to_string();
    let (_, html) = app.get(&office, "/quan-tri/van-ban/moi").await;
    let csrf = csrf_of(&html);
    let form: Vec<(&str, &str)> = vec![
        ("_csrf", &csrf),
        ("kind", "dispatch"),
        ("issuer_unit_id", &vhtt),
        ("issuer_name", "PHÒNG VĂN HÓA VÀ THÔNG TIN"),
        ("symbol", "VHTT"),
        ("place", "Quận Ngô Quyền"),
        ("subject", "báo cáo số liệu Tổ Công nghệ số cộng đồng"),
        ("addressees", "Ủy ban nhân dân 12 phường"),
        ("body", "Đề nghị báo cáo trước ngày 15/10."),
        ("authority", "KT."),
        ("authority_title", "TRƯỞNG PHÒNG"),
        ("signer_title", "PHÓ TRƯỞNG PHÒNG"),
        ("signer_name", "Nguyễn Hồng Đại"),
        ("group", "ward"),
    ];
    let res = office
        .post(app.url("/quan-tri/van-ban/moi"))
        .form(&form)
        .send()
        .await
        .expect("draft");
    assert_eq!(res.status().as_u16(), 303);
    let page = header(&res, "location").to_string();
    let today = dxday_domain::dates::format_dmy(dxday_domain::dates::today_in_vietnam(
        time::OffsetDateTime::now_utc(),
    ));
    assert_eq!(
        crate::helpers::status_of(
            office
                .post(app.url(&format!("{page}/ban-hanh")))
                .form(&[("_csrf", csrf.as_str()), ("issued_on", today.as_str())])
        )
        .await,
        303
    );

    let got = wait_for(&inbox, 2).await;
    let mut to: Vec<String> = got.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(
        to,
        ["dau-moi@lacvien.vn", "dau-moi@maychai.vn"],
        "the wards' focal points, one copy each"
    );
    for m in &got {
        assert!(m.data.contains("Subject: "), "{}", m.data);
        let text = body_text(&m.data);
        assert!(text.contains("Công văn 01/VHTT"), "{text}");
        assert!(text.contains("PHÒNG VĂN HÓA VÀ THÔNG TIN"), "{text}");
        assert!(
            text.contains(&format!("{}{page}", app.base)),
            "a link to the document: {text}"
        );
    }

    // Máy Chai confirms; the reminder goes to Lạc Viên only.
    let (_, html) = app.get(&may_chai, &page).await;
    assert_eq!(
        crate::helpers::status_of(
            may_chai
                .post(app.url(&format!("{page}/da-nhan")))
                .form(&[("_csrf", csrf_of(&html).as_str())])
        )
        .await,
        303
    );
    assert_eq!(
        crate::helpers::status_of(
            office
                .post(app.url(&format!("{page}/nhac")))
                .form(&[("_csrf", csrf.as_str())])
        )
        .await,
        303
    );
    let got = wait_for(&inbox, 3).await;
    assert_eq!(got.len(), 3);
    assert_eq!(got[2].to, ["dau-moi@lacvien.vn"]);
}

on_both_backends!(the_reminder_job_mails_units_whose_report_is_missing_once);
async fn the_reminder_job_mails_units_whose_report_is_missing_once(b: Backend) {
    let (port, inbox) = smtp_sink().await;
    let Some(app) = spawn_app_with(b, |c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    })
    .await
    else {
        return;
    };
    // Two wards with a focal point; Máy Chai has submitted the demo's results report,
    // Lạc Viên has not.
    app.add_user(
        "dau-moi@maychai.vn",
        Role::UnitFocalPoint,
        Some("p-may-chai"),
    )
    .await;
    app.add_user(
        "dau-moi@lacvien.vn",
        Role::UnitFocalPoint,
        Some("p-lac-vien"),
    )
    .await;
    let campaign = dxday_store::campaigns::list(&app.db).await.expect("c")[0].id;
    let request = dxday_store::reports::for_campaign(&app.db, campaign)
        .await
        .expect("requests")[0]
        .request
        .id;
    let may_chai = dxday_domain::UnitId(app.unit_id("p-may-chai").await);
    dxday_store::reports::save(
        &app.db,
        None,
        request,
        crate::helpers::scoped(may_chai),
        dxday_store::reports::Submission {
            submit: true,
            ..Default::default()
        },
    )
    .await
    .expect("save")
    .expect("submitted");
    // Leave the tasks' reminders out: mark every assignment of the two wards done.
    for code in ["p-may-chai", "p-lac-vien"] {
        let unit = app.unit_id(code).await;
        sqlx::query::<sqlx::Any>("UPDATE task_assignments SET progress = 100 WHERE unit_id = $1")
            .bind(unit)
            .execute(app.db.pool())
            .await
            .expect("done");
    }
    let sent = dxday_web::run_reminders(&app.state).await.expect("job");
    assert!(sent > 0);
    let got = wait_for(&inbox, 1).await;
    let to_reports: Vec<&Received> = got
        .iter()
        .filter(|m| body_text(&m.data).contains(&format!("/quan-tri/bao-cao/{request}")))
        .collect();
    assert_eq!(to_reports.len(), 1, "only the unit still missing: {got:?}");
    assert_eq!(to_reports[0].to, ["dau-moi@lacvien.vn"]);
    let text = body_text(&to_reports[0].data);
    assert!(
        text.contains("Quá hạn (hạn 05/11/2024): Báo cáo kết quả triển khai"),
        "{text}"
    );
    // The job again (or on another node): nothing new is sent.
    let before = inbox.lock().map(|v| v.len()).unwrap_or_default();
    assert_eq!(dxday_web::run_reminders(&app.state).await.expect("job"), 0);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(inbox.lock().map(|v| v.len()).unwrap_or_default(), before);
}
