//! A real shop for HTTP tests: a fresh database, the real router, a mail folder to read what the
//! shop sent, and the check that the stock ledger adds up when a scenario ends.

use std::collections::BTreeMap;
use std::path::PathBuf;

use axum::Router;
use clap::Parser;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Statement,
};

use app::backend::AppState;
use app::domain::Role;
use axum::http::StatusCode;
use server::cli::Cli;

use crate::{Client, Engine, FreshDatabase, PASSWORD, SITE};

pub struct Shop {
    pub router: Router,
    cli: Cli,
    pub state: AppState,
    pub media_dir: PathBuf,
    pub mail_dir: PathBuf,
    database: FreshDatabase,
}

impl Shop {
    pub async fn open(engine: Engine) -> Shop {
        Shop::open_with(engine, &[]).await
    }

    /// A shop started with extra command-line settings (e.g. another payment provider).
    pub async fn open_with(engine: Engine, settings: &[&str]) -> Shop {
        Shop::open_at(engine, SITE, settings).await
    }

    /// A shop that also listens on a real port of 127.0.0.1 (its site URL), so that others
    /// (the sandbox gateway's webhooks, load generators) can reach it over TCP.
    pub async fn open_served(engine: Engine, settings: &[&str]) -> Shop {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let site = format!("http://{}", listener.local_addr().expect("address"));
        let shop = Shop::open_at(engine, &site, settings).await;
        let router = shop.router.clone();
        tokio::spawn(async move {
            let _ = axum::serve(
                listener,
                router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await;
        });
        shop
    }

    async fn open_at(engine: Engine, site: &str, settings: &[&str]) -> Shop {
        let database = FreshDatabase::create(engine).await;
        let media_dir = database.folder.path().join("media");
        let mail_dir = database.folder.path().join("mail");
        let media = media_dir.display().to_string();
        let mail = mail_dir.display().to_string();
        let mut arguments = vec![
            "mercato",
            "--database-url",
            &database.url,
            "--media-dir",
            &media,
            "--mail-dir",
            &mail,
            "--site-url",
            site,
            // Each test's shop gets its own sandbox gateway on a free port.
            "--sandbox-addr",
            "127.0.0.1:0",
        ];
        arguments.extend_from_slice(settings);
        let cli = Cli::try_parse_from(arguments).expect("arguments");
        let (state, _) = server::startup::build_state(&cli.config)
            .await
            .expect("state");
        Shop {
            router: server::router::router(state.clone(), &media_dir),
            cli,
            state,
            media_dir,
            mail_dir,
            database,
        }
    }

    /// The same shop started again (a new process would see the same): new state and router
    /// on the same database.
    pub async fn restarted(&self) -> Router {
        let (state, _) = server::startup::build_state(&self.cli.config)
            .await
            .expect("state");
        server::router::router(state, &self.media_dir)
    }

    /// The shop's public URL (`SITE`, or the real address of a served shop).
    pub fn site(&self) -> &str {
        &self.state.site.site_url
    }

    pub fn database_url(&self) -> &str {
        &self.database.url
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// Fills the shop with `products` demo products.
    pub async fn seed(&self, products: usize) {
        app::backend::seed::seed(
            self.db(),
            &app::backend::media_store::LocalMediaStore::new(&self.media_dir),
            &app::backend::seed::SeedOptions {
                products,
                ..Default::default()
            },
        )
        .await
        .expect("seed");
        // Searchable at once (the shop would pick the change up within a second).
        self.state
            .search
            .rebuild(self.db(), |_, _| {})
            .await
            .expect("search index");
    }

    pub fn client(&self) -> Client {
        self.client_of(self.router.clone())
    }

    /// A browser talking to `router` (e.g. the shop after a restart).
    pub fn client_of(&self, router: Router) -> Client {
        Client {
            router,
            cookies: BTreeMap::new(),
            origin: Some(self.site().to_string()),
            headers: Vec::new(),
        }
    }

    /// Creates a verified account with `role` ("Administrator", "Customer" or a staff role).
    pub async fn account(&self, email: &str, role: &str) -> String {
        let role = match role {
            "Administrator" => Role::Administrator,
            "Customer" => Role::Customer,
            name => Role::Staff {
                role_name: name.to_string(),
                permissions: Default::default(),
            },
        };
        app::account::service::create_account(
            self.db(),
            email,
            "Test Person",
            PASSWORD,
            &role,
            true,
            app::i18n::Locale::en,
        )
        .await
        .expect("create account");
        email.to_string()
    }

    /// A client signed in as `email`.
    pub async fn signed_in(&self, email: &str) -> Client {
        let mut client = self.client();
        let response = client
            .post(
                "/api/account/sign-in",
                &[("email", email), ("password", PASSWORD)],
            )
            .await;
        assert!(
            response.status.is_success() || response.status == StatusCode::FOUND,
            "sign-in failed: {response:?}"
        );
        client
    }

    /// A client signed in as a new administrator.
    pub async fn signed_in_admin(&self) -> Client {
        let email = "boss@example.com";
        if app::backend::entities::user::Entity::find()
            .filter(app::backend::entities::user::Column::Email.eq(email))
            .one(self.db())
            .await
            .expect("query")
            .is_none()
        {
            self.account(email, "Administrator").await;
        }
        self.signed_in(email).await
    }

    /// The mails written to `to`, oldest first, once at least `at_least` have arrived (mail is
    /// sent in the background) or after five seconds.
    pub async fn mails_to(&self, to: &str, at_least: usize) -> Vec<String> {
        let mut mails = Vec::new();
        for _ in 0..100 {
            mails = self.read_mails(to);
            if mails.len() >= at_least {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        mails
    }

    fn read_mails(&self, to: &str) -> Vec<String> {
        let mut mails: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(&self.mail_dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                    .filter_map(|e| {
                        let text = std::fs::read_to_string(e.path()).ok()?;
                        let modified = e.metadata().ok()?.modified().ok()?;
                        Some((modified, text))
                    })
                    .filter(|(_, text)| {
                        text.lines()
                            .any(|l| l.starts_with("To: ") && l.contains(to))
                    })
                    .collect()
            })
            .unwrap_or_default();
        mails.sort_by_key(|(modified, _)| *modified);
        mails.into_iter().map(|(_, text)| text).collect()
    }

    /// The token of the link to `path` in the `nth` mail (counted from 1) sent to `to`.
    pub async fn mailed_token(&self, to: &str, path: &str, nth: usize) -> String {
        let mails = self.mails_to(to, nth).await;
        let mail = mails
            .get(nth - 1)
            .unwrap_or_else(|| panic!("no mail number {nth} to {to}"));
        // Quoted-printable may wrap long lines with "=\n"; undo that first.
        let text = mail
            .replace("=\r\n", "")
            .replace("=\n", "")
            .replace("=3D", "=");
        let start = text
            .find(&format!("{path}?token="))
            .unwrap_or_else(|| panic!("no {path} link in {text}"));
        text[start + path.len() + 7..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }

    pub async fn execute(&self, sql: &str) {
        self.db()
            .execute(Statement::from_string(
                self.db().get_database_backend(),
                sql.to_string(),
            ))
            .await
            .expect("SQL");
    }

    /// Ends a scenario: checks the stock ledger still adds up, then removes the database.
    pub async fn finish(self) {
        self.assert_ledger_adds_up().await;
        let Shop {
            state, database, ..
        } = self;
        let _ = state.db.close().await;
        database.remove().await;
    }
}

impl Shop {
    /// Every stock level equals the sum of its ledger movements (units on hand and reserved), and
    /// no movement belongs to a level that does not exist: whatever a scenario did to stock, it
    /// did through the ledger.
    pub async fn assert_ledger_adds_up(&self) {
        // A connection of its own: a scenario may have closed the shop's pool (to read the
        // SQLite file, say) before it ends.
        let db = sea_orm::Database::connect(self.database_url())
            .await
            .expect("a connection for the ledger check");
        let backend = db.get_database_backend();
        let rows = db
            .query_all(Statement::from_string(
                backend,
                "SELECT l.variant_id, l.location_id, \
                   CAST(l.on_hand AS BIGINT) AS on_hand, CAST(l.reserved AS BIGINT) AS reserved, \
                   CAST(COALESCE(SUM(m.on_hand_change), 0) AS BIGINT) AS moved_on_hand, \
                   CAST(COALESCE(SUM(m.reserved_change), 0) AS BIGINT) AS moved_reserved \
                 FROM stock_levels l LEFT JOIN stock_movements m \
                   ON m.variant_id = l.variant_id AND m.location_id = l.location_id \
                 GROUP BY l.id, l.variant_id, l.location_id, l.on_hand, l.reserved"
                    .to_string(),
            ))
            .await
            .expect("stock levels and their movements");
        let mut wrong = Vec::new();
        for row in &rows {
            let value = |column: &str| -> i64 { row.try_get("", column).expect(column) };
            let variant: i32 = row.try_get("", "variant_id").expect("variant_id");
            let location: i32 = row.try_get("", "location_id").expect("location_id");
            let level = (value("on_hand"), value("reserved"));
            let moved = (value("moved_on_hand"), value("moved_reserved"));
            if level != moved {
                wrong.push(format!(
                    "variant {variant} at location {location}: level (on hand, reserved) = \
                     {level:?}, its movements add up to {moved:?}"
                ));
            }
        }
        let orphans = db
            .query_all(Statement::from_string(
                backend,
                "SELECT m.variant_id, m.location_id FROM stock_movements m \
                 LEFT JOIN stock_levels l \
                   ON l.variant_id = m.variant_id AND l.location_id = m.location_id \
                 WHERE l.id IS NULL GROUP BY m.variant_id, m.location_id"
                    .to_string(),
            ))
            .await
            .expect("movements without a level");
        for row in &orphans {
            let variant: i32 = row.try_get("", "variant_id").expect("variant_id");
            let location: i32 = row.try_get("", "location_id").expect("location_id");
            wrong.push(format!(
                "variant {variant} at location {location}: movements but no stock level"
            ));
        }
        let _ = db.close().await;
        assert!(
            wrong.is_empty(),
            "the stock ledger does not add up ({} of {} levels):\n{}",
            wrong.len(),
            rows.len(),
            wrong.join("\n")
        );
    }
}
