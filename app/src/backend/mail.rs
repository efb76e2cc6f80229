//! Outgoing e-mail: through an SMTP server when one is configured, otherwise written as `.eml`
//! files into a folder (and logged), so that a demo shop without a mail server still works and
//! tests can read what was sent.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::domain::EmailAddress;
use crate::error::AppError;

#[derive(Debug, thiserror::Error)]
pub enum MailSetupError {
    #[error("the sender address “{0}” is not a valid mailbox")]
    BadSender(String),
    #[error("the SMTP URL is not valid: {0}")]
    BadSmtpUrl(String),
    #[error("cannot create the mail folder {0}: {1}")]
    Folder(PathBuf, std::io::Error),
}

/// One message to one person, in plain text (readable in every mail client).
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: EmailAddress,
    pub subject: String,
    pub text: String,
}

/// The job that sends one queued mail (retried with back-off while the server refuses it).
pub const MAIL_JOB: &str = "mail.send";

/// A mail waiting in the job table.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct QueuedMail {
    pub to: String,
    pub subject: String,
    pub text: String,
}

/// Queues `mail` as a job of its own, in the caller's transaction: it goes out even if this
/// node stops, and one recipient's failing server does not resend to the others. A
/// `dedupe_key` keeps a repeated caller from queueing it twice.
pub async fn queue<C: sea_orm::ConnectionTrait>(
    db: &C,
    mail: &Mail,
    dedupe_key: Option<String>,
) -> Result<(), AppError> {
    crate::backend::jobs::enqueue(
        db,
        MAIL_JOB,
        &QueuedMail {
            to: mail.to.as_str().to_string(),
            subject: mail.subject.clone(),
            text: mail.text.clone(),
        },
        dedupe_key,
    )
    .await
}

impl QueuedMail {
    pub fn into_mail(self) -> Result<Mail, AppError> {
        Ok(Mail {
            to: EmailAddress::parse(&self.to).map_err(AppError::internal)?,
            subject: self.subject,
            text: self.text,
        })
    }
}

/// A file sent along with a mail (a purchase order as CSV, say).
#[derive(Debug, Clone)]
pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(PathBuf),
}

#[derive(Clone)]
pub struct Mailer {
    transport: Arc<Transport>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match *self.transport {
            Transport::Smtp(_) => "smtp".to_string(),
            Transport::Folder(ref folder) => format!("folder {}", folder.display()),
        };
        f.debug_struct("Mailer").field("transport", &kind).finish()
    }
}

fn sender(from: &str) -> Result<Mailbox, MailSetupError> {
    from.parse()
        .map_err(|_| MailSetupError::BadSender(from.to_string()))
}

impl Mailer {
    /// Sends through the SMTP server at `url` (`smtp://user:pass@host:587?tls=required`,
    /// `smtps://host`, or `smtp://host:25` without TLS for a local relay).
    pub fn smtp(url: &str, from: &str) -> Result<Mailer, MailSetupError> {
        let from = sender(from)?;
        // Building the transport starts its connection pool: it needs the Tokio runtime.
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailSetupError::BadSmtpUrl(e.to_string()))?
            .build();
        Ok(Mailer {
            transport: Arc::new(Transport::Smtp(transport)),
            from,
        })
    }

    /// Writes each mail as `<id>.eml` into `folder`.
    pub fn folder(folder: &Path, from: &str) -> Result<Mailer, MailSetupError> {
        std::fs::create_dir_all(folder)
            .map_err(|e| MailSetupError::Folder(folder.to_path_buf(), e))?;
        Ok(Mailer {
            transport: Arc::new(Transport::Folder(folder.to_path_buf())),
            from: sender(from)?,
        })
    }

    /// Sends without making the request wait: a request's duration must not tell whether a
    /// mail went out (it would reveal who has an account). A failure is logged.
    pub fn send_later(&self, mail: Mail) {
        let mailer = self.clone();
        tokio::spawn(async move {
            // `send` has already logged the cause.
            let _ = mailer.send(mail).await;
        });
    }

    pub async fn send(&self, mail: Mail) -> Result<(), AppError> {
        self.send_with(mail, Vec::new()).await
    }

    /// Sends `mail` with files attached (a multipart message whose first part is the text).
    #[tracing::instrument(skip_all, fields(to = %mail.to, subject = %mail.subject))]
    pub async fn send_with(
        &self,
        mail: Mail,
        attachments: Vec<Attachment>,
    ) -> Result<(), AppError> {
        use lettre::message::{MultiPart, SinglePart};

        let to: Mailbox = mail.to.as_str().parse().map_err(AppError::internal)?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject);
        let message = if attachments.is_empty() {
            builder
                .header(ContentType::TEXT_PLAIN)
                .body(mail.text)
                .map_err(AppError::internal)?
        } else {
            let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(mail.text));
            for file in attachments {
                let kind = ContentType::parse(&file.content_type).map_err(AppError::internal)?;
                parts = parts.singlepart(
                    lettre::message::Attachment::new(file.filename).body(file.bytes, kind),
                );
            }
            builder.multipart(parts).map_err(AppError::internal)?
        };
        match &*self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message).await.map_err(AppError::internal)?;
                tracing::info!("mail sent");
            }
            Transport::Folder(folder) => {
                let id = AsyncFileTransport::<Tokio1Executor>::new(folder)
                    .send(message)
                    .await
                    .map_err(AppError::internal)?;
                tracing::info!(file = %folder.join(format!("{id}.eml")).display(), "mail written (no SMTP server configured)");
            }
        }
        Ok(())
    }
}
