//! E-mail notices through SMTP when `DXDAY_SMTP_URL` is set: a new document for a
//! unit's focal points, and reminders. Sending happens after the change is committed,
//! in the background; a failure is logged and never undoes the change (the in-app
//! inbox has the notice anyway).

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// A configured SMTP sender.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from).finish()
    }
}

/// One notice to send.
#[derive(Debug, Clone)]
pub struct Notice {
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
}

impl Mailer {
    /// A sender for `url` (smtp://, smtps://, `?tls=required`) from `from`; the error
    /// says which of the two is wrong.
    pub fn new(url: &str, from: &str) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("DXDAY_SMTP_URL: {e}"))?
            .build();
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| format!("DXDAY_MAIL_FROM: {e}"))?;
        Ok(Mailer { transport, from })
    }

    /// Sends each recipient its own copy (no one sees the others' addresses).
    pub async fn send(&self, notice: &Notice) -> usize {
        let mut sent = 0;
        for to in &notice.to {
            let Ok(to_box) = to.parse::<Mailbox>() else {
                tracing::warn!(to = %to, "not an e-mail address; notice skipped");
                continue;
            };
            // 8-bit UTF-8 text with CRLF lines (readable as sent); lettre picks another
            // encoding when a line is too long for 8 bits.
            let text = notice.body.replace("\r\n", "\n").replace('\n', "\r\n");
            let body = Body::new_with_encoding(text.clone(), ContentTransferEncoding::EightBit)
                .unwrap_or_else(|_| Body::new(text));
            let message = Message::builder()
                .from(self.from.clone())
                .to(to_box)
                .subject(notice.subject.clone())
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(body),
                );
            match message {
                Ok(m) => match self.transport.send(m).await {
                    Ok(_) => sent += 1,
                    Err(e) => tracing::warn!(error = %e, "e-mail notice not sent"),
                },
                Err(e) => tracing::warn!(error = %e, "e-mail notice not built"),
            }
        }
        sent
    }
}
