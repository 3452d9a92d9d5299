//! The cash register's tables (migration 7): receipts, their prints, the electronic journal and
//! the Z reports. All append-only; the schema's triggers refuse any change.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::writer::SqliteWriter;
use super::{Result, StoreError, parse_ts, ts};
use crate::domain::Money;
use crate::domain::register::{GrandTotals, Receipt, RegisterReport, Tally};
use crate::store::{
    CoreWriter, JournalEntry, PeriodEntry, PeriodItem, RegisterPeriod, RegisterWriter,
};

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

fn receipts_where(
    conn: &Connection,
    sql_where: &str,
    p: impl rusqlite::Params,
) -> Result<Vec<Receipt>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT document_json FROM receipts WHERE {sql_where} ORDER BY register_id, no"
    ))?;
    let docs = stmt
        .query_map(p, |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    docs.iter().map(|d| from_json(d, "kvitto")).collect()
}

pub(super) fn receipts_of_order(conn: &Connection, nr: i64) -> Result<Vec<Receipt>> {
    receipts_where(conn, "order_nr = ?1", [nr])
}

pub(super) fn register_period(conn: &Connection, register_id: &str) -> Result<RegisterPeriod> {
    let last_z: Option<(i64, String, i64, i64, i64)> = conn
        .prepare_cached(
            "SELECT no, date, grand_sales_ore, grand_returns_ore, last_seq FROM z_reports \
             WHERE register_id = ?1 ORDER BY no DESC LIMIT 1",
        )?
        .query_row([register_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let after = last_z.as_ref().map_or(0, |z| z.4);
    let mut stmt = conn.prepare_cached(
        "SELECT seq, created_at, event, amount_ore, document_json FROM register_journal \
         WHERE register_id = ?1 AND seq > ?2 AND event IN ('receipt', 'copy') ORDER BY seq",
    )?;
    let rows = stmt
        .query_map(params![register_id, after], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut period = RegisterPeriod {
        after_seq: after,
        ..RegisterPeriod::default()
    };
    for (seq, at, event, amount, doc) in rows {
        let item = if event == "receipt" {
            PeriodItem::Receipt(Box::new(from_json(&doc, "kvitto")?))
        } else {
            PeriodItem::Copy(Money::from_ore(amount))
        };
        period.entries.push(PeriodEntry {
            seq,
            at: parse_ts(&at)?,
            item,
        });
    }
    if let Some((no, date, sales, returns, _)) = last_z {
        let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
            .map_err(|_| StoreError::Corrupt(format!("Z-rapport {no}: datum {date:?}")))?;
        let grand = GrandTotals {
            sales: Money::from_ore(sales),
            returns: Money::from_ore(returns),
        };
        period.last_z = Some((no, date, grand));
    }
    let (count, amount): (i64, i64) = conn.query_row(
        "SELECT count(*), coalesce(sum(total_ore), 0) FROM orders WHERE status = 'MOBILBET'",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    period.unfinished = Tally {
        count,
        amount: Money::from_ore(amount),
    };
    Ok(period)
}

pub(super) fn z_reports(conn: &Connection, register_id: &str) -> Result<Vec<RegisterReport>> {
    let mut stmt = conn
        .prepare_cached("SELECT document_json FROM z_reports WHERE register_id = ?1 ORDER BY no")?;
    let docs = stmt
        .query_map([register_id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    docs.iter().map(|d| from_json(d, "Z-rapport")).collect()
}

pub(super) fn journal(
    conn: &Connection,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Vec<JournalEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, register_id, created_at, event, receipt_no, z_no, amount_ore, document_json \
         FROM register_journal WHERE created_at >= ?1 AND created_at < ?2 ORDER BY seq",
    )?;
    let rows = stmt
        .query_map(params![ts(start), ts(end)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<i64>>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, String>(7)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(
            |(seq, register_id, at, event, receipt_no, z_no, amount, doc)| {
                Ok(JournalEntry {
                    seq,
                    register_id,
                    at: parse_ts(&at)?,
                    event,
                    receipt_no,
                    z_no,
                    amount: Money::from_ore(amount),
                    document: from_json(&doc, "journal")?,
                })
            },
        )
        .collect()
}

impl SqliteWriter<'_> {
    fn journal_entry(
        &self,
        register_id: &str,
        event: &str,
        receipt_no: Option<i64>,
        z_no: Option<i64>,
        amount: Money,
        document: &str,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO register_journal (register_id, created_at, event, receipt_no, z_no, \
                 amount_ore, document_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                register_id,
                ts(self.now()),
                event,
                receipt_no,
                z_no,
                amount.ore(),
                document
            ])?;
        Ok(())
    }
}

impl RegisterWriter for SqliteWriter<'_> {
    fn next_receipt_no(&self, register_id: &str) -> Result<i64> {
        Ok(self.conn().query_row(
            "SELECT coalesce(max(no), 0) + 1 FROM receipts WHERE register_id = ?1",
            [register_id],
            |r| r.get(0),
        )?)
    }

    fn insert_receipt(&mut self, r: &Receipt) -> Result<()> {
        let doc = json(r)?;
        self.conn()
            .prepare_cached(
                "INSERT INTO receipts (register_id, no, kind, training, order_nr, invoice_no, \
                 original_no, method, total_ore, to_pay_ore, control_code, unit_serial, created_at, \
                 document_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?
            .execute(params![
                r.register_id,
                r.no,
                r.kind.code(),
                r.training,
                r.order_nr,
                r.invoice_no,
                r.original,
                r.method.code(),
                r.total.ore(),
                r.to_pay.ore(),
                r.control_code,
                r.unit_serial,
                ts(self.now()),
                doc
            ])?;
        self.journal_entry(&r.register_id, "receipt", Some(r.no), None, r.to_pay, &doc)?;
        self.audit(
            "receipt",
            &format!("{}/{}", r.register_id, r.no),
            "registered",
            None::<&()>,
            Some(r),
        )
    }

    fn receipts_of_order(&self, nr: i64) -> Result<Vec<Receipt>> {
        receipts_of_order(self.conn(), nr)
    }

    fn receipt_printed(&self, register_id: &str, no: i64) -> Result<(bool, bool)> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.copy FROM receipt_prints p JOIN receipts r ON r.id = p.receipt_id \
             WHERE r.register_id = ?1 AND r.no = ?2",
        )?;
        let copies = stmt
            .query_map(params![register_id, no], |r| r.get::<_, bool>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((copies.contains(&false), copies.contains(&true)))
    }

    fn insert_receipt_print(
        &mut self,
        r: &Receipt,
        copy: bool,
        control_code: Option<&str>,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO receipt_prints (receipt_id, copy, control_code, created_at) \
                 VALUES ((SELECT id FROM receipts WHERE register_id = ?1 AND no = ?2), ?3, ?4, ?5)",
            )?
            .execute(params![
                r.register_id,
                r.no,
                copy,
                control_code,
                ts(self.now())
            ])?;
        if copy {
            let doc = serde_json::json!({
                "register_id": r.register_id,
                "receipt_no": r.no,
                "amount": r.to_pay,
                "control_code": control_code,
            });
            self.journal_entry(
                &r.register_id,
                "copy",
                Some(r.no),
                None,
                r.to_pay,
                &doc.to_string(),
            )?;
        }
        self.audit(
            "receipt",
            &format!("{}/{}", r.register_id, r.no),
            if copy { "printed_copy" } else { "printed" },
            None::<&()>,
            None::<&()>,
        )
    }

    fn register_period(&self, register_id: &str) -> Result<RegisterPeriod> {
        register_period(self.conn(), register_id)
    }

    fn insert_z_report(&mut self, z: &RegisterReport, last_seq: i64) -> Result<()> {
        let no =
            z.no.ok_or_else(|| StoreError::Corrupt("Z-rapport utan nummer".into()))?;
        let doc = json(z)?;
        self.conn()
            .prepare_cached(
                "INSERT INTO z_reports (register_id, no, date, last_seq, grand_sales_ore, \
                 grand_returns_ore, created_at, document_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                z.register_id,
                no,
                z.date.format("%Y-%m-%d").to_string(),
                last_seq,
                z.grand.sales.ore(),
                z.grand.returns.ore(),
                ts(self.now()),
                doc
            ])?;
        self.journal_entry(&z.register_id, "z_report", None, Some(no), z.net, &doc)?;
        self.audit(
            "z_report",
            &format!("{}/{}", z.register_id, no),
            "taken",
            None::<&()>,
            Some(z),
        )
    }
}
