//! The job queue: jobs wait in the database through a crash of the real binary and run once;
//! claimed jobs wait out their lease and failures back off.

use std::process::{Child, Command, Stdio};
use test_support as support;
use test_support::on_both_databases;

use sea_orm::EntityTrait;
use serde_json::json;

use crate::{admin_with_supplier, alerts_to, jobs_of, purchase_orders, set_rule, stocked, BOSS};
use app::backend::auth::unix_now;
use app::backend::entities::job;
use app::backend::jobs;
use app::domain::retry_delay_secs;
use test_support::Shop;

/// A `mercato` process of its own on the shop's database and mail folder; killed when dropped.
struct Mercato {
    child: Child,
    port: u16,
    log: std::path::PathBuf,
}

impl Mercato {
    async fn start(shop: &Shop, workers: &str) -> Mercato {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let folder = shop.mail_dir.parent().expect("the test folder");
        let log = folder.join(format!("mercato-{port}.log"));
        let child = Command::new(env!("CARGO_BIN_EXE_mercato"))
            .args([
                "--database-url",
                shop.database_url(),
                "--media-dir",
                &shop.media_dir.display().to_string(),
                "--mail-dir",
                &shop.mail_dir.display().to_string(),
                "--site-url",
                support::SITE,
                "--addr",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--sandbox-addr",
                "127.0.0.1:0",
                "--job-workers",
                workers,
            ])
            .env("MERCATO_SEED_DEMO", "false")
            .env("MERCATO_LOG", "info,sqlx=warn,sea_orm=warn")
            .env_remove("RUST_LOG")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("start mercato");
        let mut running = Mercato { child, port, log };
        running.wait_until_up().await;
        running
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    async fn wait_until_up(&mut self) {
        let url = format!("http://127.0.0.1:{}/health", self.port);
        for _ in 0..600 {
            if let Some(status) = self.child.try_wait().expect("child") {
                panic!("mercato stopped ({status}):\n{}", self.log());
            }
            if let Ok(reply) = reqwest::get(&url).await {
                if reply.status().is_success() {
                    return;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("mercato did not come up within 60 s:\n{}", self.log());
    }

    /// SIGKILL: no graceful shutdown, as in a crash.
    fn kill(mut self) {
        self.child.kill().expect("kill");
        self.child.wait().expect("wait");
    }
}

impl Drop for Mercato {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

on_both_databases!(
    jobs_wait_in_the_database_through_a_crash_and_run_once,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = stocked(shop, 0, 3, 0).await;
        let (mut admin, supplier) = admin_with_supplier(shop, &item, "draft").await;
        set_rule(&mut admin, &item.sku, "", "5", "24", &supplier).await;
        let pending = jobs_of(shop, "stock.low").await;
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].status, "pending");

        // A node without workers comes up and is killed: the job waits.
        let first = Mercato::start(shop, "0").await;
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        first.kill();
        let still = jobs_of(shop, "stock.low").await;
        assert_eq!(
            (still[0].status.as_str(), still[0].attempts),
            ("pending", 0)
        );
        assert!(purchase_orders(shop).await.is_empty());

        // A node with workers comes up and does it.
        let second = Mercato::start(shop, "2").await;
        let mut done = None;
        for _ in 0..600 {
            let now = jobs_of(shop, "stock.low").await.remove(0);
            if now.status == "done" {
                done = Some(now);
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let log = second.log();
        let done = done.unwrap_or_else(|| panic!("the job was not done within 60 s:\n{log}"));
        assert_eq!(done.attempts, 1, "{done:?}");
        assert_eq!(purchase_orders(shop).await.len(), 1);
        let alerts = shop.mails_to(BOSS, 1).await;
        // Give a second run (there must be none) time to show.
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        second.kill();
        assert_eq!(alerts_to(shop, BOSS).await.len(), 1, "{alerts:?}");
        assert_eq!(purchase_orders(shop).await.len(), 1);
        assert_eq!(jobs_of(shop, "stock.low").await[0].attempts, 1);
    }
);

on_both_databases!(
    a_claimed_job_waits_out_its_lease_and_failures_back_off,
    async |shop: &Shop| {
        let db = shop.db();
        let now = unix_now();
        jobs::enqueue(db, "test.noop", &json!({}), None)
            .await
            .expect("enqueue");
        let first = jobs::claim(db, "worker-a", now, 60)
            .await
            .expect("claim")
            .expect("a job");
        assert_eq!(first.attempts, 1);
        // Worker A dies holding it: nobody else gets it before the lease ends ...
        assert!(jobs::claim(db, "worker-b", now + 60, 60)
            .await
            .expect("claim")
            .is_none());
        // ... and then worker B does.
        let second = jobs::claim(db, "worker-b", now + 61, 60)
            .await
            .expect("claim")
            .expect("the abandoned job");
        assert_eq!((second.id, second.attempts), (first.id, 2));
        // A coming back to life cannot finish what B now holds.
        jobs::finish(db, &first, "worker-a").await.expect("finish");
        let row = job::Entity::find_by_id(first.id)
            .one(db)
            .await
            .expect("query")
            .expect("job");
        assert_eq!(
            (row.status.as_str(), row.locked_by.as_deref()),
            ("running", Some("worker-b"))
        );
        jobs::finish(db, &second, "worker-b").await.expect("finish");
        assert!(
            jobs::claim(db, "worker-c", now + 1_000_000, 60)
                .await
                .expect("claim")
                .is_none(),
            "done is never run again"
        );

        // A job that fails is tried again later, each time after a longer wait, then given up.
        jobs::enqueue(
            db,
            "test.unknown",
            &json!({ "n": 1 }),
            Some("unknown-1".into()),
        )
        .await
        .expect("enqueue");
        assert!(server::workers::run_next(&shop.state, "worker-a")
            .await
            .expect("run"));
        let row = jobs_of(shop, "test.unknown").await.remove(0);
        assert_eq!((row.status.as_str(), row.attempts), ("pending", 1));
        assert!(row.last_error.is_some(), "{row:?}");
        assert!(row.run_at >= now + retry_delay_secs(1));
        assert!(
            !server::workers::run_next(&shop.state, "worker-a")
                .await
                .expect("run"),
            "not due yet"
        );
        let mut run_at = row.run_at;
        for attempt in 2..=jobs::MAX_ATTEMPTS {
            assert!(jobs::claim(db, "worker-b", run_at - 1, 60)
                .await
                .expect("claim")
                .is_none());
            let claimed = jobs::claim(db, "worker-b", run_at, 60)
                .await
                .expect("claim")
                .expect("due");
            assert_eq!(claimed.attempts, attempt);
            jobs::fail(db, &claimed, "worker-b", "still broken", run_at)
                .await
                .expect("fail");
            let row = jobs_of(shop, "test.unknown").await.remove(0);
            if attempt < jobs::MAX_ATTEMPTS {
                assert_eq!(row.status, "pending");
                assert_eq!(
                    row.run_at - run_at,
                    retry_delay_secs(u32::try_from(attempt).expect("attempt"))
                );
                run_at = row.run_at;
            } else {
                assert_eq!(row.status, "failed");
                assert_eq!(row.last_error.as_deref(), Some("still broken"));
                assert!(row.finished_at.is_some());
            }
        }
        assert!(
            jobs::claim(db, "worker-c", run_at + 1_000_000, 60)
                .await
                .expect("claim")
                .is_none(),
            "failed for good"
        );
        // Its dedupe key is free again: the same work can be queued anew.
        jobs::enqueue(
            db,
            "test.unknown",
            &json!({ "n": 2 }),
            Some("unknown-1".into()),
        )
        .await
        .expect("enqueue");
        assert_eq!(jobs_of(shop, "test.unknown").await.len(), 2);
    }
);
