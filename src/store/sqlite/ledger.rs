//! The journal (vouchers), the chart of accounts used, and invoices with the provider work they
//! still need (capture, refund).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::rows::date;
use super::writer::SqliteWriter;
use super::{Result, StoreError, ts};
use crate::domain::Money;
use crate::domain::invoice::Invoice;
use crate::domain::ledger::{Account, Chart, Posting, Voucher};
use crate::domain::payment::{ProviderAction, ProviderTask, StoredInvoice, TaskState};
use crate::store::{CoreWriter, LedgerWriter};

fn account(n: i64) -> Result<Account> {
    u32::try_from(n)
        .ok()
        .and_then(Account::new)
        .ok_or_else(|| StoreError::Corrupt(format!("konto {n}")))
}

/// The provider work of an invoice row: none without an action; a stored word that is not one
/// of ours is [`StoreError::Corrupt`].
fn task(
    action: Option<String>,
    state: Option<String>,
    error: Option<String>,
) -> Result<Option<ProviderTask>> {
    let Some(action) = action else {
        return Ok(None);
    };
    let action = ProviderAction::from_code(&action)
        .ok_or_else(|| StoreError::Corrupt(format!("leverantörsåtgärd {action:?}")))?;
    let state = match state {
        // Rows written before the state column was filled: the work is due.
        None => TaskState::Due,
        Some(s) => TaskState::from_code(&s)
            .ok_or_else(|| StoreError::Corrupt(format!("leverantörsstatus {s:?}")))?,
    };
    Ok(Some(ProviderTask {
        action,
        state,
        error,
    }))
}

const INVOICE_COLUMNS: &str = "document_json, provider_action, provider_state, provider_error";

type InvoiceRow = (String, Option<String>, Option<String>, Option<String>);

fn stored_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<InvoiceRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn stored((json, action, state, error): InvoiceRow) -> Result<StoredInvoice> {
    let invoice: Invoice =
        serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(format!("faktura: {e}")))?;
    Ok(StoredInvoice {
        invoice,
        task: task(action, state, error)?,
    })
}

pub(super) fn invoice(conn: &Connection, no: i64) -> Result<Option<StoredInvoice>> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {INVOICE_COLUMNS} FROM invoices WHERE invoice_no = ?1"
        ))?
        .query_row([no], stored_from_row)
        .optional()?;
    row.map(stored).transpose()
}

pub(super) fn invoices_of_order(conn: &Connection, nr: i64) -> Result<Vec<StoredInvoice>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {INVOICE_COLUMNS} FROM invoices \
         WHERE order_id = (SELECT id FROM orders WHERE nr = ?1) ORDER BY invoice_no"
    ))?;
    let rows = stmt
        .query_map([nr], stored_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(stored).collect()
}

pub(super) fn invoices_on(conn: &Connection, day: NaiveDate) -> Result<Vec<StoredInvoice>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {INVOICE_COLUMNS} FROM invoices WHERE date = ?1 ORDER BY invoice_no"
    ))?;
    let rows = stmt
        .query_map([day.to_string()], stored_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(stored).collect()
}

pub(super) fn voucher(conn: &Connection, number: i64) -> Result<Option<Voucher>> {
    let head = conn
        .prepare_cached("SELECT series, date, text FROM vouchers WHERE number = ?1")?
        .query_row([number], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .optional()?;
    let Some((series, d, text)) = head else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT account, amount_ore FROM voucher_rows WHERE voucher_no = ?1 ORDER BY pos",
    )?;
    let rows = stmt
        .query_map([number], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(Voucher {
        series,
        number,
        date: date(&d)?,
        text,
        rows: rows
            .into_iter()
            .map(|(a, ore)| {
                Ok(Posting {
                    account: account(a)?,
                    amount: Money::from_ore(ore),
                })
            })
            .collect::<Result<_>>()?,
    }))
}

/// Every voucher dated `from..=to`, in number order, with its rows.
pub(super) fn vouchers_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Voucher>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.number, v.series, v.date, v.text, r.account, r.amount_ore \
         FROM vouchers v JOIN voucher_rows r ON r.voucher_no = v.number \
         WHERE v.date BETWEEN ?1 AND ?2 ORDER BY v.number, r.pos",
    )?;
    let mut rows = stmt.query(params![from.to_string(), to.to_string()])?;
    let mut out: Vec<Voucher> = Vec::new();
    while let Some(r) = rows.next()? {
        let number: i64 = r.get(0)?;
        let posting = Posting {
            account: account(r.get(4)?)?,
            amount: Money::from_ore(r.get(5)?),
        };
        match out.last_mut() {
            Some(v) if v.number == number => v.rows.push(posting),
            _ => out.push(Voucher {
                series: r.get(1)?,
                number,
                date: date(r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?)?,
                text: r.get(3)?,
                rows: vec![posting],
            }),
        }
    }
    Ok(out)
}

/// The account names stored with the journal.
pub(super) fn chart(conn: &Connection) -> Result<Chart> {
    let mut chart = Chart::default();
    let mut stmt = conn.prepare_cached("SELECT number, name FROM accounts")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (n, name) in rows {
        chart.insert(account(n)?, &name);
    }
    Ok(chart)
}

/// Mobile payments of `start..end`: links sent, payments received, and links still waiting now.
/// (`+payment_received` keeps SQLite on the status index: MOBILBET orders are few, unpaid
/// orders are many.)
pub(super) fn mobile_counts(
    conn: &Connection,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<(i64, i64, i64)> {
    let (start, end) = (ts(start), ts(end));
    Ok(conn.query_row(
        "SELECT \
           (SELECT count(*) FROM payment_attempts WHERE state != 'failed' \
              AND created_at >= ?1 AND created_at < ?2), \
           (SELECT count(*) FROM payment_attempts WHERE paid_at >= ?1 AND paid_at < ?2), \
           (SELECT count(*) FROM orders WHERE status = 'MOBILBET' AND +payment_received = 0)",
        params![start, end],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

impl LedgerWriter for SqliteWriter<'_> {
    /// Store the names of accounts a voucher uses (the chart at booking time, for SIE).
    fn put_accounts(
        &mut self,
        chart: &Chart,
        accounts: impl IntoIterator<Item = Account>,
    ) -> Result<()> {
        let mut stmt = self.conn().prepare_cached(
            "INSERT INTO accounts (number, name) VALUES (?1, ?2) \
             ON CONFLICT (number) DO UPDATE SET name = excluded.name WHERE name != excluded.name",
        )?;
        for a in accounts {
            let name = chart.name(a).unwrap_or("");
            stmt.execute(params![a.number(), name])?;
        }
        Ok(())
    }

    /// Append a voucher to the journal. It must balance; the number must be the next of the
    /// 'voucher' series (taken by the caller in this transaction).
    fn insert_voucher(&mut self, v: &Voucher) -> Result<()> {
        if !v.is_balanced() {
            return Err(StoreError::Corrupt(format!(
                "verifikation {} balanserar inte ({} kr)",
                v.number,
                v.sum()
            )));
        }
        self.conn()
            .prepare_cached(
                "INSERT INTO vouchers (number, series, date, text, created_at, actor) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                v.number,
                v.series,
                v.date.to_string(),
                v.text,
                ts(self.now()),
                self.actor()
            ])?;
        let mut stmt = self.conn().prepare_cached(
            "INSERT INTO voucher_rows (voucher_no, pos, account, amount_ore) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (i, p) in v.rows.iter().enumerate() {
            stmt.execute(params![
                v.number,
                i as i64 + 1,
                p.account.number(),
                p.amount.ore()
            ])?;
        }
        if !self.is_bulk() {
            self.audit(
                "voucher",
                &v.number.to_string(),
                "booked",
                None::<&()>,
                Some(v),
            )?;
        }
        Ok(())
    }

    /// Store a booked invoice or credit invoice, with the provider work it needs.
    fn insert_invoice(&mut self, inv: &Invoice, action: Option<ProviderAction>) -> Result<()> {
        let json = serde_json::to_string(inv).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.conn()
            .prepare_cached(
                "INSERT INTO invoices (invoice_no, kind, order_id, original_no, date, method, \
                 total_ore, to_pay_ore, ocr, due_date, voucher_no, document_json, created_at, \
                 provider_action, provider_state) \
                 VALUES (?1, ?2, (SELECT id FROM orders WHERE nr = ?3), ?4, ?5, ?6, ?7, ?8, ?9, \
                 ?10, ?11, ?12, ?13, ?14, ?15)",
            )?
            .execute(params![
                inv.no,
                inv.kind.code(),
                inv.order_nr,
                inv.original.map(|(n, _)| n),
                inv.date.to_string(),
                inv.method.code(),
                inv.total.ore(),
                inv.to_pay.ore(),
                inv.ocr,
                inv.due_date.map(|d| d.to_string()),
                inv.voucher_no,
                json,
                ts(self.now()),
                action.map(ProviderAction::code),
                action.map(|_| TaskState::Due.code()),
            ])?;
        if !self.is_bulk() {
            self.audit(
                "invoice",
                &inv.no.to_string(),
                inv.kind.code(),
                None::<&()>,
                Some(inv),
            )?;
        }
        Ok(())
    }

    /// Bind a MOBIL invoice to the payment attempt that paid it, in the booking transaction.
    /// The schema refuses a second binding, a binding of another kind of invoice, and one whose
    /// authorised amount is not the invoice total to the öre (migration 6).
    fn bind_invoice_payment(&mut self, no: i64, attempt_id: i64) -> Result<()> {
        self.conn()
            .prepare_cached("UPDATE invoices SET payment_attempt_id = ?2 WHERE invoice_no = ?1")?
            .execute(params![no, attempt_id])?;
        if !self.is_bulk() {
            self.audit(
                "invoice",
                &no.to_string(),
                "payment_bound",
                None::<&()>,
                Some(&serde_json::json!({ "payment_attempt_id": attempt_id })),
            )?;
        }
        Ok(())
    }

    /// Record how the provider work of an invoice went.
    fn set_invoice_task(
        &mut self,
        no: i64,
        state: TaskState,
        error: Option<&str>,
    ) -> Result<StoredInvoice> {
        let before = invoice(self.conn(), no)?
            .ok_or_else(|| StoreError::Corrupt(format!("faktura {no}")))?;
        self.conn()
            .prepare_cached(
                "UPDATE invoices SET provider_state = ?2, provider_error = ?3 WHERE invoice_no = ?1",
            )?
            .execute(params![no, state.code(), error])?;
        let after = invoice(self.conn(), no)?
            .ok_or_else(|| StoreError::Corrupt(format!("faktura {no}")))?;
        self.audit(
            "invoice",
            &no.to_string(),
            &format!(
                "{}_{}",
                before
                    .task
                    .as_ref()
                    .map(|t| t.action.code())
                    .unwrap_or("provider"),
                state.code()
            ),
            before.task.as_ref(),
            after.task.as_ref(),
        )?;
        Ok(after)
    }

    fn invoice(&self, no: i64) -> Result<Option<StoredInvoice>> {
        invoice(self.conn(), no)
    }

    fn invoices_of_order(&self, nr: i64) -> Result<Vec<StoredInvoice>> {
        invoices_of_order(self.conn(), nr)
    }

    fn voucher(&self, number: i64) -> Result<Option<Voucher>> {
        voucher(self.conn(), number)
    }
}
