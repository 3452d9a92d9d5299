//! Payment attempts and provider calls: the outbox of every provider call that moves money.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::writer::SqliteWriter;
use super::{Result, StoreError, parse_ts, ts};
use crate::domain::Money;
use crate::domain::payment::{AttemptState, CallKind, CallState, PaymentState};
use crate::store::{CoreWriter, PaymentWriter};
use crate::store::{NewAttempt, PaymentAttempt, ProviderCall};

/// A stored state word read back into its enum; a word that is not one of ours is
/// [`StoreError::Corrupt`], naming what it was.
fn code<T>(s: &str, from_code: fn(&str) -> Option<T>, what: &str) -> Result<T> {
    from_code(s).ok_or_else(|| StoreError::Corrupt(format!("{what} {s:?}")))
}

const ATTEMPT_COLS: &str = "a.id, o.nr, a.attempt, a.provider, a.order_reference, a.idempotency_key, \
    a.request_json, a.amount_ore, a.mobile, a.ttl_minutes, a.state, a.provider_payment_id, \
    a.customer_url, a.payment_state, a.method, a.paid_at, a.refunded_ore, a.error, a.created_at, \
    a.updated_at, a.authorized_ore, a.provider_store";

fn attempt_from_row(r: &Row<'_>) -> Result<PaymentAttempt> {
    Ok(PaymentAttempt {
        id: r.get(0)?,
        order_nr: r.get(1)?,
        attempt: r.get(2)?,
        provider: r.get(3)?,
        order_reference: r.get(4)?,
        idempotency_key: r.get(5)?,
        request_json: r.get(6)?,
        amount: Money::from_ore(r.get(7)?),
        mobile: r.get(8)?,
        ttl_minutes: r.get(9)?,
        state: code(
            &r.get::<_, String>(10)?,
            AttemptState::from_code,
            "betalningsförsök",
        )?,
        provider_payment_id: r.get(11)?,
        customer_url: r.get(12)?,
        payment_state: r
            .get::<_, Option<String>>(13)?
            .map(|s| code(&s, PaymentState::from_code, "betalningsstatus"))
            .transpose()?,
        method: r.get(14)?,
        paid_at: r
            .get::<_, Option<String>>(15)?
            .as_deref()
            .map(parse_ts)
            .transpose()?,
        refunded: Money::from_ore(r.get(16)?),
        error: r.get(17)?,
        created_at: parse_ts(&r.get::<_, String>(18)?)?,
        updated_at: parse_ts(&r.get::<_, String>(19)?)?,
        authorized: r.get::<_, Option<i64>>(20)?.map(Money::from_ore),
        provider_store: r.get(21)?,
    })
}

fn attempts_where(
    conn: &Connection,
    cond: &str,
    p: &[&dyn rusqlite::ToSql],
) -> Result<Vec<PaymentAttempt>> {
    let sql = format!(
        "SELECT {ATTEMPT_COLS} FROM payment_attempts a JOIN orders o ON o.id = a.order_id \
         WHERE {cond} ORDER BY a.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(p)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(attempt_from_row(r)?);
    }
    Ok(out)
}

/// All attempts of an order, oldest first.
pub(super) fn attempts_of(conn: &Connection, nr: i64) -> Result<Vec<PaymentAttempt>> {
    attempts_where(conn, "o.nr = ?1", &[&nr])
}

/// The attempt with this provider payment id.
pub(super) fn attempt_by_payment_id(conn: &Connection, id: &str) -> Result<Option<PaymentAttempt>> {
    Ok(attempts_where(conn, "a.provider_payment_id = ?1", &[&id])?.pop())
}

/// Attempts that may still change: sending, or sent on an order that waits for payment.
pub(super) fn open_attempts(conn: &Connection) -> Result<Vec<PaymentAttempt>> {
    attempts_where(
        conn,
        "a.state = 'sending' OR (a.state = 'sent' AND o.status = 'MOBILBET')",
        &[],
    )
}

pub(super) fn calls_of(conn: &Connection, attempt_id: i64) -> Result<Vec<ProviderCall>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, attempt_id, kind, idempotency_key, transaction_id, amount_ore, state, error, \
         created_at, updated_at FROM provider_calls WHERE attempt_id = ?1 ORDER BY id",
    )?;
    let mut rows = stmt.query([attempt_id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(ProviderCall {
            id: r.get(0)?,
            attempt_id: r.get(1)?,
            kind: code(&r.get::<_, String>(2)?, CallKind::from_code, "anropstyp")?,
            idempotency_key: r.get(3)?,
            transaction_id: r.get(4)?,
            amount: r.get::<_, Option<i64>>(5)?.map(Money::from_ore),
            state: code(
                &r.get::<_, String>(6)?,
                CallState::from_code,
                "anropsstatus",
            )?,
            error: r.get(7)?,
            created_at: parse_ts(&r.get::<_, String>(8)?)?,
            updated_at: parse_ts(&r.get::<_, String>(9)?)?,
        });
    }
    Ok(out)
}

impl PaymentWriter for SqliteWriter<'_> {
    /// Attempts of an order inside this transaction.
    fn attempts(&self, nr: i64) -> Result<Vec<PaymentAttempt>> {
        attempts_of(self.conn(), nr)
    }

    /// The next attempt number of an order and its order reference "NR-ATTEMPT".
    fn next_attempt(&self, nr: i64) -> Result<(i64, String)> {
        let attempt: i64 = self.conn().query_row(
            "SELECT coalesce(max(a.attempt), 0) + 1 FROM payment_attempts a \
             JOIN orders o ON o.id = a.order_id WHERE o.nr = ?1",
            [nr],
            |r| r.get(0),
        )?;
        // The reference carries this database's installation id: two databases that share a
        // provider account never find each other's payments by reference.
        let installation = self.installation()?;
        Ok((attempt, installation.payment_reference(nr, attempt)))
    }

    /// Record a new attempt in state `sending`. The idempotency key and the exact request are
    /// stored here, before any call.
    fn insert_attempt(&mut self, new: NewAttempt) -> Result<PaymentAttempt> {
        let order_id: i64 = self
            .conn()
            .query_row("SELECT id FROM orders WHERE nr = ?1", [new.order_nr], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(StoreError::OrderNotFound(new.order_nr))?;
        let (attempt, reference, request_json) =
            (new.attempt, new.order_reference, new.request_json);
        let now = ts(self.now());
        self.conn().execute(
            "INSERT INTO payment_attempts (order_id, attempt, provider, order_reference, \
             idempotency_key, request_json, amount_ore, mobile, ttl_minutes, state, created_at, updated_at, \
             provider_store) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'sending', ?10, ?10, ?11)",
            params![
                order_id,
                attempt,
                new.provider,
                reference,
                new.idempotency_key,
                request_json,
                new.amount.ore(),
                new.mobile,
                new.ttl_minutes,
                now,
                new.provider_store
            ],
        )?;
        let id = self.conn().last_insert_rowid();
        let row = attempts_where(self.conn(), "a.id = ?1", &[&id])?
            .pop()
            .ok_or(StoreError::OrderNotFound(new.order_nr))?;
        self.audit(
            "payment",
            &reference,
            "attempt_created",
            None::<&()>,
            Some(&row),
        )?;
        Ok(row)
    }

    /// Save the changed fields of an attempt, with an audit event.
    fn update_attempt(&mut self, a: &PaymentAttempt, action: &str) -> Result<PaymentAttempt> {
        let before = attempts_where(self.conn(), "a.id = ?1", &[&a.id])?.pop();
        self.conn().execute(
            "UPDATE payment_attempts SET state = ?2, provider_payment_id = ?3, customer_url = ?4, \
             payment_state = ?5, method = ?6, paid_at = ?7, refunded_ore = ?8, error = ?9, \
             updated_at = ?10, authorized_ore = ?11 WHERE id = ?1",
            params![
                a.id,
                a.state.code(),
                a.provider_payment_id,
                a.customer_url,
                a.payment_state.map(PaymentState::code),
                a.method,
                a.paid_at.map(ts),
                a.refunded.ore(),
                a.error,
                ts(self.now()),
                a.authorized.map(Money::ore),
            ],
        )?;
        let after = attempts_where(self.conn(), "a.id = ?1", &[&a.id])?
            .pop()
            .ok_or_else(|| StoreError::Corrupt(format!("betalningsförsök {}", a.id)))?;
        if before.as_ref() != Some(&after) {
            self.audit(
                "payment",
                &a.order_reference,
                action,
                before.as_ref(),
                Some(&after),
            )?;
        }
        Ok(after)
    }

    /// The pending call of this kind for an attempt, or a new one recorded now (key stored
    /// before the call). A retry finds the pending call and reuses its key.
    fn pending_call(
        &mut self,
        attempt: &PaymentAttempt,
        kind: CallKind,
        transaction_id: Option<&str>,
        amount: Option<Money>,
        new_key: &str,
    ) -> Result<ProviderCall> {
        if let Some(c) = calls_of(self.conn(), attempt.id)?.into_iter().find(|c| {
            c.kind == kind
                && c.state == CallState::Pending
                && (transaction_id.is_none() || c.transaction_id.as_deref() == transaction_id)
        }) {
            return Ok(c);
        }
        let now = ts(self.now());
        self.conn().execute(
            "INSERT INTO provider_calls (attempt_id, kind, idempotency_key, transaction_id, \
             amount_ore, state, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            params![
                attempt.id,
                kind.code(),
                new_key,
                transaction_id,
                amount.map(Money::ore),
                CallState::Pending.code(),
                now
            ],
        )?;
        let id = self.conn().last_insert_rowid();
        let call = calls_of(self.conn(), attempt.id)?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| StoreError::Corrupt(format!("anrop {id}")))?;
        self.audit(
            "payment",
            &attempt.order_reference,
            &format!("{}_requested", kind.code()),
            None::<&()>,
            Some(&call),
        )?;
        Ok(call)
    }

    /// Mark a provider call done or failed.
    fn finish_call(
        &mut self,
        attempt: &PaymentAttempt,
        call: &ProviderCall,
        ok: bool,
        error: Option<&str>,
    ) -> Result<()> {
        let state = if ok {
            CallState::Done
        } else {
            CallState::Failed
        };
        self.conn().execute(
            "UPDATE provider_calls SET state = ?2, error = ?3, updated_at = ?4 WHERE id = ?1",
            params![call.id, state.code(), error, ts(self.now())],
        )?;
        let action = format!("{}_{}", call.kind.code(), state.code());
        self.audit(
            "payment",
            &attempt.order_reference,
            &action,
            Some(call),
            Some(&serde_json::json!({ "state": state.code(), "error": error })),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::demo::{DemoSpec, generate};
    use crate::store::Store as _;
    use crate::store::sqlite::SqliteStore;

    #[test]
    fn a_stored_word_that_is_not_ours_is_corrupt_naming_it() {
        let err = code("void", CallKind::from_code, "anropstyp").unwrap_err();
        assert!(matches!(&err, StoreError::Corrupt(w) if w == "anropstyp \"void\""));
        assert_eq!(
            code("done", CallState::from_code, "anropsstatus").unwrap(),
            CallState::Done
        );
    }

    #[test]
    fn an_unknown_payment_state_in_the_database_is_refused_as_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("t.db")).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let spec = DemoSpec {
            orders: 3,
            seed: 1,
            today,
        };
        generate(&store, "test", spec).unwrap();
        let nr = store.max_order_nr().unwrap();
        let attempt = store
            .write("test", |w| {
                let (attempt, order_reference) = w.next_attempt(nr)?;
                let mut a = w.insert_attempt(NewAttempt {
                    order_nr: nr,
                    attempt,
                    order_reference,
                    provider: "test".into(),
                    provider_store: None,
                    idempotency_key: "k-1".into(),
                    request_json: "{}".into(),
                    amount: Money::from_ore(100),
                    mobile: "+46701234567".into(),
                    ttl_minutes: 30,
                })?;
                a.payment_state = Some(PaymentState::PartlyRefunded);
                w.update_attempt(&a, "test")
            })
            .unwrap();
        let read = store.payment_attempts(nr).unwrap();
        assert_eq!(read, vec![attempt.clone()]);
        assert_eq!(read[0].payment_state, Some(PaymentState::PartlyRefunded));

        store
            .write("test", |w| {
                w.conn()
                    .execute("UPDATE payment_attempts SET payment_state = 'frozzen'", [])?;
                Ok::<_, StoreError>(())
            })
            .unwrap();
        let err = store.payment_attempts(nr).unwrap_err();
        assert!(
            matches!(&err, StoreError::Corrupt(w) if w.contains("frozzen")),
            "{err:?}"
        );
    }
}
