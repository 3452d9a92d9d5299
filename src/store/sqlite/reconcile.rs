//! Bank files, incoming payments, their bookings and receipts in SQLite (migration 11).

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::rows::date;
use super::settlement::invoice_asks;
use super::{Result, SqliteStore, SqliteWriter, StoreError, parse_ts, ts};
use crate::domain::Money;
use crate::domain::reconcile::{Found, KnownPayout, OpenInvoice, State};
use crate::store::reconcile::{
    BankFileRecord, IncomingPaymentRecord, PaymentBooking, PaymentStanding, ReconcileStore,
    ReconcileWriter,
};
use crate::store::settlement::InvoiceReceipt;

fn to_json(v: &impl Serialize) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_json<T: DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("{e}: {s}")))
}

/// What is open on an invoice: what it asks, plus its credit invoices (negative), less what
/// has been received, plus what booked refunds paid back of it (issue 15); `$buyer` is the
/// buyer's columns or empty, `$where` the condition.
///
/// Invariant: an invoice's open amount is its balance on the receivables account (1510). A
/// refund sent and not yet booked is still owed (the open amount stays negative until the
/// bank's debit books it).
macro_rules! open_invoice_sql {
    ($buyer:expr, $where:expr) => {
        concat!(
            "SELECT i.invoice_no, o.nr, i.to_pay_ore, ",
            invoice_asks!(),
            " - COALESCE((SELECT sum(r.amount_ore) FROM invoice_receipts r \
            WHERE r.invoice_no = i.invoice_no), 0) \
            + COALESCE((SELECT sum(f.amount_ore) FROM refunds f WHERE f.source = 'invoice' \
            AND f.source_id = i.invoice_no AND f.state = 'booked'), 0) AS open_ore",
            $buyer,
            " FROM invoices i JOIN orders o ON o.id = i.order_id WHERE ",
            $where
        )
    };
}

/// The buyer's name and personal or organisation number, read from the invoice's document.
/// Only "amount and payer" compares them, so a lookup by number does not parse the document.
macro_rules! buyer_cols {
    () => {
        ", COALESCE(json_extract(i.document_json, '$.buyer.name'), ''), \
        json_extract(i.document_json, '$.buyer.national_id')"
    };
}

// The parameters are written `+?N` on purpose. SQLite's planner marks a parameter it compares
// as a plain `?N` (in a join's candidate plans, in LIMIT) as one whose value may change the
// plan, and then a statement whose bindings are cleared expires; rusqlite clears the bindings
// of every statement returned to its cache, so each lookup was parsed and planned again (a
// third of the import's time in `sqlite3Reprepare`, docs/BENCHMARKS.md). A unary plus leaves
// the value and the use of the index as they are and the parameter unmarked.

/// One FAKTURA invoice by number, with its buyer.
const OPEN_INVOICE: &str = open_invoice_sql!(
    buyer_cols!(),
    "i.invoice_no = +?1 AND i.kind = 'faktura' AND i.method = 'FAKTURA'"
);

/// One FAKTURA invoice by number, without its buyer (left empty).
const OPEN_AMOUNT: &str = open_invoice_sql!(
    "",
    "i.invoice_no = +?1 AND i.kind = 'faktura' AND i.method = 'FAKTURA'"
);

/// The open FAKTURA invoices asking exactly an amount, with their buyers.
const ASKING: &str = concat!(
    "SELECT * FROM (",
    open_invoice_sql!(
        buyer_cols!(),
        "i.to_pay_ore = +?1 AND i.kind = 'faktura' AND i.method = 'FAKTURA'"
    ),
    ") WHERE open_ore > 0 ORDER BY invoice_no LIMIT +?2"
);

fn open_invoice_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OpenInvoice> {
    Ok(OpenInvoice {
        invoice_no: r.get(0)?,
        order_nr: r.get(1)?,
        to_pay: Money::from_ore(r.get(2)?),
        open: Money::from_ore(r.get(3)?),
        buyer: r.get(4)?,
        buyer_id: r.get(5)?,
    })
}

fn open_amount_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OpenInvoice> {
    Ok(OpenInvoice {
        invoice_no: r.get(0)?,
        order_nr: r.get(1)?,
        to_pay: Money::from_ore(r.get(2)?),
        open: Money::from_ore(r.get(3)?),
        buyer: String::new(),
        buyer_id: None,
    })
}

fn open_invoice(conn: &Connection, no: i64) -> Result<Option<OpenInvoice>> {
    Ok(conn
        .prepare_cached(OPEN_INVOICE)?
        .query_row([no], open_invoice_row)
        .optional()?)
}

fn open_amount(conn: &Connection, no: i64) -> Result<Option<OpenInvoice>> {
    Ok(conn
        .prepare_cached(OPEN_AMOUNT)?
        .query_row([no], open_amount_row)
        .optional()?)
}

macro_rules! payment_cols {
    () => {
        "id, file, source, entry_key, account, bank_id, booked_on, \
        amount_ore, payer_json, references_json, voucher_no, imported_at, state, reason_json, \
        suggested_invoice, waiting_order, held_ore, credit_ore"
    };
}
const PAYMENT_COLS: &str = payment_cols!();

type RawPayment = (
    [i64; 2],
    [String; 5],
    i64,
    [String; 2],
    Option<i64>,
    [String; 3],
    [Option<i64>; 2],
    [i64; 2],
);

fn payments_where(
    conn: &Connection,
    clause: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<IncomingPaymentRecord>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {PAYMENT_COLS} FROM incoming_payments {clause}"
    ))?;
    let raw: Vec<RawPayment> = st
        .query_map(args, |r| {
            Ok((
                [r.get(0)?, r.get(1)?],
                [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
                r.get(7)?,
                [r.get(8)?, r.get(9)?],
                r.get(10)?,
                [r.get(11)?, r.get(12)?, r.get(13)?],
                [r.get(14)?, r.get(15)?],
                [r.get(16)?, r.get(17)?],
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut receipts = conn
        .prepare_cached("SELECT invoice_no FROM invoice_receipts WHERE payment = ?1 ORDER BY id")?;
    let mut out = Vec::with_capacity(raw.len());
    for (
        [id, file],
        [source, entry_key, account, bank_id, booked],
        amount,
        [payer, references],
        voucher_no,
        [imported, state, reasons],
        [suggested_invoice, waiting_order],
        [held, credit],
    ) in raw
    {
        let invoices = receipts
            .query_map([id], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.push(IncomingPaymentRecord {
            id,
            file,
            source,
            entry_key,
            account,
            bank_id,
            booked_on: date(&booked)?,
            amount: Money::from_ore(amount),
            payer: from_json(&payer)?,
            references: from_json(&references)?,
            voucher_no,
            imported_at: parse_ts(&imported)?,
            standing: PaymentStanding {
                state: State::parse(&state)
                    .ok_or_else(|| StoreError::Corrupt(format!("betalning {id}: {state}")))?,
                reasons: from_json(&reasons)?,
                suggested_invoice,
                waiting_order,
                held: Money::from_ore(held),
                credit: Money::from_ore(credit),
            },
            invoices,
        });
    }
    Ok(out)
}

/// The work list's order: suggested, OBS, prepayment, matched; oldest first within each.
const WORK_ORDER: &str = "ORDER BY CASE state WHEN 'suggested' THEN 0 WHEN 'obs' THEN 1 \
    WHEN 'prepayment' THEN 2 ELSE 3 END, booked_on, id";

impl ReconcileStore for SqliteStore {
    fn incoming_payments(
        &self,
        open_only: bool,
        limit: usize,
    ) -> Result<Vec<IncomingPaymentRecord>> {
        let filter = if open_only {
            "WHERE state IN ('suggested', 'obs')"
        } else {
            ""
        };
        self.read(|c| {
            payments_where(
                c,
                &format!("{filter} {WORK_ORDER} LIMIT ?1"),
                &[&(limit as i64)],
            )
        })
    }

    fn incoming_payment(&self, id: i64) -> Result<Option<IncomingPaymentRecord>> {
        self.read(|c| Ok(payments_where(c, "WHERE id = ?1", &[&id])?.pop()))
    }

    fn open_invoice(&self, invoice_no: i64) -> Result<Option<OpenInvoice>> {
        self.read(|c| open_invoice(c, invoice_no))
    }
}

impl ReconcileWriter for SqliteWriter<'_> {
    fn set_page_cache(&mut self, size: i64) -> Result<i64> {
        let before: i64 = self
            .conn()
            .query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn().pragma_update(None, "cache_size", size)?;
        Ok(before)
    }

    fn bank_file_by_hash(&self, content_hash: &str) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT id FROM bank_files WHERE content_hash = ?1")?
            .query_row([content_hash], |r| r.get(0))
            .optional()?)
    }

    fn insert_bank_file(&mut self, f: &BankFileRecord) -> Result<i64> {
        self.conn().execute(
            "INSERT INTO bank_files (content_hash, file_id, format, file_name, test, payments, \
             known, total_ore, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                f.content_hash,
                f.file_id,
                f.format,
                f.file_name,
                f.test as i64,
                f.payments,
                f.known,
                f.total.ore(),
                ts(crate::store::CoreWriter::now(self)),
            ],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    fn payment_entry_known(&self, entry_key: &str) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached("SELECT 1 FROM incoming_payments WHERE entry_key = ?1")?
            .exists([entry_key])?)
    }

    fn insert_incoming_payment(&mut self, p: &IncomingPaymentRecord) -> Result<i64> {
        let s = &p.standing;
        self.conn()
            .prepare_cached(concat!(
                "INSERT INTO incoming_payments (",
                payment_cols!(),
                ") VALUES (NULL, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, \
                 ?15, ?16, ?17)"
            ))?
            .execute(params![
                p.file,
                p.source,
                p.entry_key,
                p.account,
                p.bank_id,
                p.booked_on.to_string(),
                p.amount.ore(),
                to_json(&p.payer)?,
                to_json(&p.references)?,
                p.voucher_no,
                ts(p.imported_at),
                s.state.code(),
                to_json(&s.reasons)?,
                s.suggested_invoice,
                s.waiting_order,
                s.held.ore(),
                s.credit.ore(),
            ])?;
        Ok(self.conn().last_insert_rowid())
    }

    fn set_payment_standing(&mut self, id: i64, s: &PaymentStanding) -> Result<()> {
        self.conn()
            .prepare_cached(
                "UPDATE incoming_payments SET state = ?2, reason_json = ?3, \
                 suggested_invoice = ?4, waiting_order = ?5, held_ore = ?6, credit_ore = ?7 \
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                s.state.code(),
                to_json(&s.reasons)?,
                s.suggested_invoice,
                s.waiting_order,
                s.held.ore(),
                s.credit.ore(),
            ])?;
        Ok(())
    }

    fn insert_payment_booking(&mut self, b: &PaymentBooking) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO payment_bookings (payment, action, state, voucher_no, reason_json, \
                 at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                b.payment,
                b.action,
                b.state.code(),
                b.voucher_no,
                to_json(&b.reasons)?,
                ts(crate::store::CoreWriter::now(self)),
            ])?;
        Ok(())
    }

    fn insert_payment_receipt(&mut self, payment: i64, r: &InvoiceReceipt) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO invoice_receipts (invoice_no, amount_ore, source, source_reference, \
                 voucher_no, received_on, recorded_at, payment) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                r.invoice_no,
                r.amount.ore(),
                r.source,
                r.source_reference,
                r.voucher_no,
                r.received_on.to_string(),
                ts(crate::store::CoreWriter::now(self)),
                payment,
            ])?;
        Ok(())
    }

    fn payment(&self, id: i64) -> Result<Option<IncomingPaymentRecord>> {
        Ok(payments_where(self.conn(), "WHERE id = ?1", &[&id])?.pop())
    }

    fn prepayments_waiting(&self, order_nr: i64) -> Result<Vec<IncomingPaymentRecord>> {
        payments_where(
            self.conn(),
            "WHERE state = 'prepayment' AND waiting_order = ?1 ORDER BY booked_on, id",
            &[&order_nr],
        )
    }

    fn find_open_invoice(&self, invoice_no: i64) -> Result<Option<OpenInvoice>> {
        open_invoice(self.conn(), invoice_no)
    }

    fn find_open_amount(&self, invoice_no: i64) -> Result<Option<OpenInvoice>> {
        open_amount(self.conn(), invoice_no)
    }

    fn find_order(&self, nr: i64) -> Result<Found> {
        let row: Option<(Option<i64>, String)> = self
            .conn()
            .prepare_cached("SELECT invoice_no, status FROM orders WHERE nr = ?1")?
            .query_row([nr], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(match row {
            None => Found::Nothing,
            Some((Some(no), _)) => match open_amount(self.conn(), no)? {
                Some(inv) => Found::Invoice(inv),
                // Booked at the counter or through a provider: not ours to match.
                None => Found::Nothing,
            },
            Some((None, _)) => Found::OrderNotInvoiced { order_nr: nr },
        })
    }

    fn order_of_reference(&self, order_reference: &str) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT o.nr FROM payment_attempts a JOIN orders o ON o.id = a.order_id \
                 WHERE a.order_reference = ?1",
            )?
            .query_row([order_reference], |r| r.get(0))
            .optional()?)
    }

    fn order_of_provider_id(&self, provider_payment_id: &str) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT o.nr FROM payment_attempts a JOIN orders o ON o.id = a.order_id \
                 WHERE a.provider_payment_id = ?1",
            )?
            .query_row([provider_payment_id], |r| r.get(0))
            .optional()?)
    }

    fn invoices_asking(&self, amount: Money, limit: usize) -> Result<Vec<OpenInvoice>> {
        Ok(self
            .conn()
            .prepare_cached(ASKING)?
            .query_map(params![amount.ore(), limit as i64], open_invoice_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn payout_by_reference(&self, reference: &str) -> Result<Option<KnownPayout>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT p.id, p.provider, p.payment_reference, p.net_ore, b.payment \
                 FROM payouts p LEFT JOIN payout_bank_entries b ON b.payout = p.id \
                 WHERE p.payment_reference = +?1 ORDER BY p.id LIMIT 1",
            )?
            .query_row([reference], |r| {
                Ok(KnownPayout {
                    id: r.get(0)?,
                    provider: r.get(1)?,
                    reference: r.get(2)?,
                    net: Money::from_ore(r.get(3)?),
                    closed_by: r.get(4)?,
                })
            })
            .optional()?)
    }

    fn close_payout(&mut self, payout: i64, payment: i64) -> Result<()> {
        let at = ts(crate::store::CoreWriter::now(self));
        self.conn()
            .prepare_cached(
                "INSERT INTO payout_bank_entries (payout, payment, closed_at) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![payout, payment, at])?;
        Ok(())
    }

    fn obs_payments_naming(&self, text: &str) -> Result<Vec<IncomingPaymentRecord>> {
        payments_where(
            self.conn(),
            "WHERE state = 'obs' AND instr(references_json, ?1) > 0 ORDER BY booked_on, id",
            &[&text],
        )
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::{Connection, OptionalExtension, StatementStatus};

    use super::{ASKING, OPEN_AMOUNT, OPEN_INVOICE};
    use crate::store::sqlite::SqliteStore;

    /// The lookups an import runs once per payment are prepared once: their cached statements
    /// are not parsed and planned again for each new invoice number (see the `+?N` note).
    #[test]
    fn lookups_are_not_prepared_again_for_each_payment() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.db");
        drop(SqliteStore::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        for sql in [OPEN_AMOUNT, OPEN_INVOICE] {
            for no in 1..=4_i64 {
                let mut st = conn.prepare_cached(sql).unwrap();
                st.query_row([no], |_| Ok(())).optional().unwrap();
                assert_eq!(st.get_status(StatementStatus::RePrepare), 0, "{sql}");
            }
        }
        for ore in 1..=4_i64 {
            let mut st = conn.prepare_cached(ASKING).unwrap();
            st.query_row([ore * 100, 20], |_| Ok(()))
                .optional()
                .unwrap();
            assert_eq!(st.get_status(StatementStatus::RePrepare), 0, "{ASKING}");
        }
    }
}
