//! E-mail notices of new documents and reminders.

use super::*;

/// E-mails the focal points of the recipient units (of those that have not confirmed,
/// for a reminder), in the background, when SMTP is configured. In Vietnamese: the
/// notices go to civil servants' mailboxes.
pub(super) fn notify(app: &AppState, id: DocumentId, reminder: bool) {
    let Some(mailer) = app.config.mailer.clone() else {
        return;
    };
    let app = app.clone();
    tokio::spawn(async move {
        let result = async {
            let Some(doc) = documents::get(&app.db, id).await? else {
                return Ok::<usize, AppError>(0);
            };
            let to = documents::focal_point_emails(&app.db, id, reminder).await?;
            if to.is_empty() {
                return Ok(0);
            }
            let lang = crate::Lang::Vi;
            let name = format!(
                "{} {}",
                lang.t(doc.data.kind.label_key()),
                doc.number_symbol()
            );
            let args = |extra: &[(&'static str, String)]| {
                let mut v = vec![("doc", name.clone())];
                v.extend_from_slice(extra);
                v
            };
            let subject = lang.t_args(
                if reminder {
                    "mail-remind-subject"
                } else {
                    "mail-doc-subject"
                },
                &args(&[]),
            );
            let body = lang.t_args(
                "mail-doc-body",
                &args(&[
                    ("issuer", doc.data.issuer_name.clone()),
                    (
                        "subject",
                        doc.data.subject.lines().collect::<Vec<_>>().join(" "),
                    ),
                    (
                        "link",
                        format!("{}/quan-tri/van-ban/{}", app.config.public_url, id),
                    ),
                ]),
            );
            let notice = crate::mail::Notice { to, subject, body };
            Ok(mailer.send(&notice).await)
        }
        .await;
        match result {
            Ok(n) => tracing::info!(document = %id, sent = n, reminder, "e-mail notices"),
            Err(e) => tracing::warn!(document = %id, error = %e, "e-mail notices not sent"),
        }
    });
}
