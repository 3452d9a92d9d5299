//! The outboxes and drivers of the sandbox store: callback deliveries (queue, attempts, log),
//! the SMS outbox, idempotency records and injected faults.

use super::*;

impl Store {
    pub(super) fn enqueue(
        &mut self,
        record: &Record,
        events: &[Event],
        now: DateTime<Utc>,
    ) -> OpResult<()> {
        let payment_id = &record.payment.id;
        for event in events {
            let (kind, url, body) = match event {
                Event::Authorization(status) => (
                    "authorization",
                    &record.internal.authorization_url,
                    serde_json::to_string(&AuthorizationCallback {
                        payment_id: payment_id.clone(),
                        status: (*status).into(),
                        created: timestamp(now),
                    })?,
                ),
                Event::Management { action, action_id } => (
                    "management",
                    &record.internal.management_url,
                    serde_json::to_string(&ManagementCallback {
                        payment_id: payment_id.clone(),
                        action: (*action).into(),
                        action_id: action_id.clone(),
                        created: timestamp(now),
                    })?,
                ),
            };
            let Some(url) = url else { continue };
            if machine::is_loopback_url(url) {
                self.conn.execute(
                    "INSERT INTO callbacks (payment_id, kind, url, body, next_attempt_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![payment_id, kind, url, body, ms(now)],
                )?;
            } else {
                // Recorded like any callback, but never sent: the sandbox only calls this
                // machine. No next attempt, and the log says why.
                let attempts = serde_json::json!([{
                    "at": timestamp(now),
                    "skipped": "not delivered: the sandbox only calls 127.0.0.1 and localhost",
                }]);
                self.conn.execute(
                    "INSERT INTO callbacks (payment_id, kind, url, body, attempts, next_attempt_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, NULL)",
                    params![payment_id, kind, url, body, attempts.to_string()],
                )?;
            }
        }
        Ok(())
    }

    /// Callbacks due now; they are marked in progress until [`Store::record_attempt`].
    pub fn take_due_callbacks(&mut self) -> rusqlite::Result<Vec<CallbackJob>> {
        let now = ms(self.now());
        let jobs: Vec<CallbackJob> = {
            let mut stmt = self.conn.prepare(
                "SELECT seq, payment_id, kind, url, body, attempts FROM callbacks
                 WHERE delivered = 0 AND in_progress = 0 AND next_attempt_at IS NOT NULL
                   AND next_attempt_at <= ?1 ORDER BY seq",
            )?;
            stmt.query_map(params![now], |r| {
                let attempts: String = r.get(5)?;
                Ok(CallbackJob {
                    seq: r.get(0)?,
                    payment_id: r.get(1)?,
                    kind: r.get(2)?,
                    url: r.get(3)?,
                    body: r.get(4)?,
                    attempts: serde_json::from_str::<Vec<Value>>(&attempts)
                        .map(|a| a.len())
                        .unwrap_or(0),
                })
            })?
            .collect::<rusqlite::Result<_>>()?
        };
        for job in &jobs {
            self.conn.execute(
                "UPDATE callbacks SET in_progress = 1 WHERE seq = ?1",
                params![job.seq],
            )?;
        }
        Ok(jobs)
    }

    /// Records one attempt and schedules the next one on the retry schedule (or gives up).
    pub fn record_attempt(
        &mut self,
        seq: i64,
        at: DateTime<Utc>,
        result: &AttemptResult,
    ) -> rusqlite::Result<()> {
        let attempts: String = self.conn.query_row(
            "SELECT attempts FROM callbacks WHERE seq = ?1",
            params![seq],
            |r| r.get(0),
        )?;
        let mut attempts: Vec<Value> = serde_json::from_str(&attempts).unwrap_or_default();
        let (entry, delivered) = match result {
            AttemptResult::Status(code) => (
                serde_json::json!({"at": timestamp(at), "status": code}),
                (200..300).contains(code),
            ),
            AttemptResult::Error(e) => {
                (serde_json::json!({"at": timestamp(at), "error": e}), false)
            }
        };
        attempts.push(entry);
        let next = if delivered {
            None
        } else {
            RETRY_SCHEDULE_SECS.get(attempts.len()).map(|secs| {
                let delay = if self.fast_retries {
                    Duration::milliseconds(*secs)
                } else {
                    Duration::seconds(*secs)
                };
                ms(self.now() + delay)
            })
        };
        self.conn.execute(
            "UPDATE callbacks SET attempts = ?2, delivered = ?3, in_progress = 0,
                    next_attempt_at = ?4 WHERE seq = ?1",
            params![seq, Value::Array(attempts).to_string(), delivered, next],
        )?;
        Ok(())
    }

    pub fn next_callback_due(&self) -> rusqlite::Result<Option<DateTime<Utc>>> {
        self.conn
            .query_row(
                "SELECT MIN(next_attempt_at) FROM callbacks WHERE delivered = 0 AND in_progress = 0",
                [],
                |r| r.get::<_, Option<i64>>(0),
            )
            .map(|v| v.map(from_ms))
    }

    /// The delivery log (`GET /_sim/callbacks`).
    pub fn list_callbacks(&self) -> rusqlite::Result<Vec<Value>> {
        let mut stmt = self.conn.prepare(
            "SELECT payment_id, kind, body, url, attempts, delivered, next_attempt_at
             FROM callbacks ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| {
            let body: String = r.get(2)?;
            let attempts: String = r.get(4)?;
            let next: Option<i64> = r.get(6)?;
            Ok(serde_json::json!({
                "paymentId": r.get::<_, String>(0)?,
                "kind": r.get::<_, String>(1)?,
                "body": serde_json::from_str::<Value>(&body).unwrap_or(Value::String(body)),
                "loopback": machine::is_loopback_url(&r.get::<_, String>(3)?),
                "url": r.get::<_, String>(3)?,
                "attempts": serde_json::from_str::<Value>(&attempts).unwrap_or_default(),
                "delivered": r.get::<_, bool>(5)?,
                "nextAttemptAt": next.map(|v| timestamp(from_ms(v))),
            }))
        })?;
        rows.collect()
    }

    // ---- SMS outbox ----

    pub fn add_sms(&mut self, sms: &Sms) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO sms_outbox (to_number, text, payment_id, customer_url, sent_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                sms.to,
                sms.text,
                sms.payment_id,
                sms.customer_url,
                sms.sent_at
            ],
        )?;
        Ok(())
    }

    pub fn list_sms(&self) -> rusqlite::Result<Vec<Sms>> {
        let mut stmt = self.conn.prepare(
            "SELECT to_number, text, payment_id, customer_url, sent_at FROM sms_outbox ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Sms {
                to: r.get(0)?,
                text: r.get(1)?,
                payment_id: r.get(2)?,
                customer_url: r.get(3)?,
                sent_at: r.get(4)?,
            })
        })?;
        rows.collect()
    }

    // ---- idempotency ----

    /// Looks up (and if new, reserves) an idempotency key.
    pub fn idem_begin(
        &mut self,
        client_id: &str,
        method: &str,
        path: &str,
        key: &str,
        hash: &str,
    ) -> rusqlite::Result<Begin> {
        let now = self.now();
        let cutoff = ms(now - Duration::hours(IDEMPOTENCY_TTL_HOURS));
        self.conn.execute(
            "DELETE FROM idempotency WHERE created_at < ?1",
            params![cutoff],
        )?;
        let row = self
            .conn
            .query_row(
                "SELECT body_hash, done, status, body FROM idempotency
                 WHERE client_id = ?1 AND method = ?2 AND path = ?3 AND key = ?4",
                params![client_id, method, path, key],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, bool>(1)?,
                        r.get::<_, Option<u16>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ))
                },
            )
            .optional()?;
        Ok(match row {
            None => {
                self.conn.execute(
                    "INSERT INTO idempotency (client_id, method, path, key, body_hash, done,
                                              created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)",
                    params![client_id, method, path, key, hash, ms(now)],
                )?;
                Begin::Fresh
            }
            Some((stored, _, _, _)) if stored != hash => Begin::Reused,
            Some((_, true, Some(status), Some(body))) => Begin::Replay(status, body),
            Some(_) => Begin::InUse,
        })
    }

    /// Stores the answer to a reserved key. With `done = false` the key stays "in use" until
    /// [`Store::idem_done`] (used while a `delay_ms` fault holds the answer back).
    #[allow(clippy::too_many_arguments)]
    pub fn idem_store(
        &mut self,
        client_id: &str,
        method: &str,
        path: &str,
        key: &str,
        status: u16,
        body: &str,
        done: bool,
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "UPDATE idempotency SET status = ?5, body = ?6, done = ?7
             WHERE client_id = ?1 AND method = ?2 AND path = ?3 AND key = ?4",
            params![client_id, method, path, key, status, body, done],
        )?;
        Ok(())
    }

    pub fn idem_done(
        &mut self,
        client_id: &str,
        method: &str,
        path: &str,
        key: &str,
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "UPDATE idempotency SET done = 1
             WHERE client_id = ?1 AND method = ?2 AND path = ?3 AND key = ?4",
            params![client_id, method, path, key],
        )?;
        Ok(())
    }

    // ---- faults ----

    pub fn add_fault(
        &mut self,
        pattern: &str,
        mode: &str,
        count: u32,
        delay_ms: u64,
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO faults (pattern, mode, remaining, delay_ms) VALUES (?1, ?2, ?3, ?4)",
            params![
                pattern,
                mode,
                count,
                i64::try_from(delay_ms).unwrap_or(i64::MAX)
            ],
        )?;
        Ok(())
    }

    /// The first armed fault matching `path`, consuming one of its `count`.
    pub fn take_fault(&mut self, path: &str) -> rusqlite::Result<Option<Fault>> {
        let faults: Vec<(i64, String, String, i64)> = {
            let mut stmt = self.conn.prepare(
                "SELECT seq, pattern, mode, delay_ms FROM faults WHERE remaining > 0 ORDER BY seq",
            )?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        for (seq, pattern, mode, delay_ms) in faults {
            if path_matches(&pattern, path) {
                self.conn.execute(
                    "UPDATE faults SET remaining = remaining - 1 WHERE seq = ?1",
                    params![seq],
                )?;
                return Ok(Fault::parse(&mode, u64::try_from(delay_ms).unwrap_or(0)));
            }
        }
        Ok(None)
    }
}
