//! Settlement transactions, payouts and disputes in the state file.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{OpResult, Store, from_json, ms, to_json};
use crate::sandbox::klarna::disputes;
use crate::sandbox::klarna::rules::Refusal;
use crate::sandbox::klarna::wire::{Dispute, Payout, Transaction};

/// Which payouts `GET /settlements/v1/payouts` asks for.
#[derive(Debug, Clone, Default)]
pub struct PayoutFilter {
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub currency_code: Option<String>,
}

/// A page: `size` items from `offset`.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub size: i64,
    pub offset: i64,
}

impl Store {
    /// A transaction not yet paid out.
    pub fn add_transaction(&mut self, username: &str, t: &Transaction) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO transactions (username, order_id, payment_reference, body)
             VALUES (?1, ?2, ?3, ?4)",
            params![username, t.order_id, t.payment_reference, to_json(t)?],
        )?;
        Ok(())
    }

    /// The store's transactions not yet in a payout, oldest first, with their row numbers.
    pub fn unpaid(&self, username: &str) -> rusqlite::Result<Vec<(i64, Transaction)>> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, body FROM transactions
             WHERE username = ?1 AND payment_reference IS NULL ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![username], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        rows.map(|row| row.and_then(|(seq, body)| Ok((seq, from_json(&body)?))))
            .collect()
    }

    /// Books a payout: the unpaid rows `seqs` now belong to it, `fees` are added to it, and every
    /// one of them carries `paid` (its `payment_reference` and `payout` link) as in `items`.
    pub fn book_payout(
        &mut self,
        username: &str,
        payout: &Payout,
        date: DateTime<Utc>,
        items: &[(Option<i64>, Transaction)],
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO payouts (payment_reference, seq, username, payout_date, body)
             VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM payouts), ?2, ?3, ?4)",
            params![
                payout.payment_reference,
                username,
                ms(date),
                to_json(payout)?
            ],
        )?;
        for (seq, t) in items {
            match seq {
                Some(seq) => self.conn.execute(
                    "UPDATE transactions SET payment_reference = ?1, body = ?2 WHERE seq = ?3",
                    params![payout.payment_reference, to_json(t)?, seq],
                )?,
                None => self.conn.execute(
                    "INSERT INTO transactions (username, order_id, payment_reference, body)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![username, t.order_id, payout.payment_reference, to_json(t)?],
                )?,
            };
        }
        Ok(())
    }

    pub fn payment_reference_taken(&self, reference: &str) -> rusqlite::Result<bool> {
        Ok(self
            .one::<Payout>(
                "SELECT body FROM payouts WHERE payment_reference = ?1",
                params![reference],
            )?
            .is_some())
    }

    pub fn payout(&self, username: &str, reference: &str) -> rusqlite::Result<Option<Payout>> {
        self.one(
            "SELECT body FROM payouts WHERE payment_reference = ?1 AND username = ?2",
            params![reference, username],
        )
    }

    /// The store's newest payout (its closing debt is the next one's opening debt).
    pub fn last_payout(&self, username: &str) -> rusqlite::Result<Option<Payout>> {
        self.one(
            "SELECT body FROM payouts WHERE username = ?1 ORDER BY seq DESC LIMIT 1",
            params![username],
        )
    }

    /// The store's payouts, oldest first, and how many match in all.
    pub fn payouts(
        &self,
        username: &str,
        filter: &PayoutFilter,
        page: Page,
    ) -> rusqlite::Result<(Vec<Payout>, i64)> {
        let args = params![
            username,
            filter.start.map(ms),
            filter.end.map(ms),
            filter.currency_code.as_deref().map(str::to_ascii_uppercase)
        ];
        let matching = "FROM payouts WHERE username = ?1
             AND (?2 IS NULL OR payout_date >= ?2) AND (?3 IS NULL OR payout_date <= ?3)
             AND (?4 IS NULL OR json_extract(body, '$.currency_code') = ?4)";
        let total: i64 =
            self.conn
                .query_row(&format!("SELECT COUNT(*) {matching}"), args, |r| r.get(0))?;
        let list = self.many(
            &format!("SELECT body {matching} ORDER BY seq LIMIT ?5 OFFSET ?6"),
            params![
                username,
                filter.start.map(ms),
                filter.end.map(ms),
                filter.currency_code.as_deref().map(str::to_ascii_uppercase),
                page.size,
                page.offset
            ],
        )?;
        Ok((list, total))
    }

    /// The store's paid-out transactions, in the order they were made, of one payout and/or one
    /// order, and how many match in all.
    pub fn transactions(
        &self,
        username: &str,
        payment_reference: Option<&str>,
        order_id: Option<&str>,
        page: Page,
    ) -> rusqlite::Result<(Vec<Transaction>, i64)> {
        let matching = "FROM transactions WHERE username = ?1 AND payment_reference IS NOT NULL
             AND (?2 IS NULL OR payment_reference = ?2) AND (?3 IS NULL OR order_id = ?3)";
        let total: i64 = self.conn.query_row(
            &format!("SELECT COUNT(*) {matching}"),
            params![username, payment_reference, order_id],
            |r| r.get(0),
        )?;
        let list = self.many(
            &format!("SELECT body {matching} ORDER BY seq LIMIT ?4 OFFSET ?5"),
            params![
                username,
                payment_reference,
                order_id,
                page.size,
                page.offset
            ],
        )?;
        Ok((list, total))
    }

    // ---- disputes ----

    pub fn save_dispute(&mut self, username: &str, d: &Dispute) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO disputes (dispute_krn, seq, username, order_id, state, due_at, body)
             VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM disputes), ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (dispute_krn) DO UPDATE SET state = excluded.state,
                 due_at = excluded.due_at, body = excluded.body",
            params![
                d.dispute_krn,
                username,
                d.order_id,
                d.state,
                disputes::due_at(d).map(ms),
                to_json(d)?
            ],
        )?;
        Ok(())
    }

    /// A dispute of the store `username`; another store's does not exist for it.
    pub fn dispute(&self, username: &str, krn: &str) -> OpResult<Dispute> {
        let found: Option<Dispute> = self.one(
            "SELECT body FROM disputes WHERE dispute_krn = ?1 AND username = ?2",
            params![krn, username],
        )?;
        Ok(found.ok_or_else(|| Refusal::not_found(format!("Dispute {krn} not found")))?)
    }

    /// A dispute of any store, with its store.
    pub fn dispute_any(&self, krn: &str) -> rusqlite::Result<Option<(String, Dispute)>> {
        let row: Option<(String, String)> = {
            use rusqlite::OptionalExtension;
            self.conn
                .query_row(
                    "SELECT username, body FROM disputes WHERE dispute_krn = ?1",
                    params![krn],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
        };
        row.map(|(u, body)| Ok((u, from_json(&body)?))).transpose()
    }

    /// Whether the order has a dispute that is not closed.
    pub fn open_dispute_on(&self, order_id: &str) -> rusqlite::Result<bool> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM disputes WHERE order_id = ?1 AND state <> 'CLOSED'",
            params![order_id],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }

    /// The store's disputes, oldest first, of one order and/or in one state.
    pub fn disputes(
        &self,
        username: &str,
        order_id: Option<&str>,
        state: Option<&str>,
        page: Page,
    ) -> rusqlite::Result<(Vec<Dispute>, i64)> {
        let matching = "FROM disputes WHERE username = ?1
             AND (?2 IS NULL OR order_id = ?2) AND (?3 IS NULL OR state = ?3)";
        let total: i64 = self.conn.query_row(
            &format!("SELECT COUNT(*) {matching}"),
            params![username, order_id, state],
            |r| r.get(0),
        )?;
        let list = self.many(
            &format!("SELECT body {matching} ORDER BY seq LIMIT ?4 OFFSET ?5"),
            params![username, order_id, state, page.size, page.offset],
        )?;
        Ok((list, total))
    }
}
