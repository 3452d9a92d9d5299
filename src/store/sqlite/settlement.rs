//! Payouts, invoice receipts and disputes in SQLite (migration 10).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::rows::date;
use super::{Result, SqliteStore, SqliteWriter, StoreError, parse_ts, ts};
use crate::domain::Money;
use crate::domain::settlement::{DisputeState, PayoutRow, PayoutTotals, RowKind};
use crate::store::settlement::{
    DisputeRecord, InvoicePaid, InvoiceReceipt, MatchedInvoice, PayoutRecord, PayoutRowRecord,
    SettlementStore, SettlementWriter,
};

fn opt_date(s: Option<String>) -> Result<Option<NaiveDate>> {
    s.as_deref().map(date).transpose()
}

fn ore(n: i64) -> Money {
    Money::from_ore(n)
}

const PAYOUT_COLS: &str = "id, provider, payment_reference, payout_date, currency, net_ore, \
    sales_ore, returns_ore, fees_ore, reversals_ore, other_ore, opening_debt_ore, \
    closing_debt_ore, voucher_no, applied_at";

fn payout_rows(conn: &Connection, payout_id: i64) -> Result<Vec<PayoutRowRecord>> {
    let mut st = conn.prepare_cached(
        "SELECT pos, kind, detail, amount_ore, vat_ore, order_reference, provider_order_id, \
         capture_id, refund_id, dispute_id, sale_date, effect, invoice_no FROM payout_rows \
         WHERE payout_id = ?1 ORDER BY pos",
    )?;
    let raw = st
        .query_map([payout_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                [
                    r.get::<_, Option<String>>(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                ],
                r.get::<_, String>(11)?,
                r.get::<_, Option<i64>>(12)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raw.into_iter()
        .map(
            |(pos, kind, detail, amount, vat, ids, effect, invoice_no)| {
                let [
                    order_reference,
                    provider_order_id,
                    capture_id,
                    refund_id,
                    dispute_id,
                    sale,
                ] = ids;
                Ok(PayoutRowRecord {
                    pos,
                    row: PayoutRow {
                        kind: RowKind::parse(&kind),
                        detail,
                        amount: ore(amount),
                        vat: ore(vat),
                        order_reference,
                        provider_order_id,
                        capture_id,
                        refund_id,
                        dispute_id,
                        sale_date: opt_date(sale)?,
                    },
                    effect,
                    invoice_no,
                })
            },
        )
        .collect()
}

fn payouts(conn: &Connection, provider: &str, limit: usize) -> Result<Vec<PayoutRecord>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {PAYOUT_COLS} FROM payouts WHERE provider = ?1 \
         ORDER BY payout_date DESC, id DESC LIMIT ?2"
    ))?;
    let raw = st
        .query_map(params![provider, limit as i64], |r| {
            let n: [i64; 8] = [
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
                r.get(12)?,
            ];
            Ok((
                r.get::<_, i64>(0)?,
                [
                    r.get::<_, String>(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(14)?,
                ],
                n,
                r.get::<_, i64>(13)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raw.into_iter()
        .map(
            |(id, [provider, reference, day, currency, applied], n, voucher_no)| {
                Ok(PayoutRecord {
                    provider,
                    payment_reference: reference,
                    payout_date: date(&day)?,
                    currency,
                    net: ore(n[0]),
                    totals: PayoutTotals {
                        sales: ore(n[1]),
                        returns: ore(n[2]),
                        fees: ore(n[3]),
                        reversals: ore(n[4]),
                        other: ore(n[5]),
                    },
                    opening_debt: ore(n[6]),
                    closing_debt: ore(n[7]),
                    voucher_no,
                    applied_at: parse_ts(&applied)?,
                    rows: payout_rows(conn, id)?,
                })
            },
        )
        .collect()
}

/// What invoice `i` asks once its credit invoices are taken off (a credit invoice's `to_pay` is
/// negative): the amount its receipts must reach for it to be paid. The one definition read by
/// [`invoice_paid`], the order list's paid columns and reconciliation's open amount, so that
/// "paid" means the same everywhere (an invoice credited in part is paid by the rest).
macro_rules! invoice_asks {
    () => {
        "(i.to_pay_ore + COALESCE((SELECT sum(c.to_pay_ore) FROM invoices c \
         WHERE c.original_no = i.invoice_no AND c.kind = 'kredit'), 0))"
    };
}
pub(super) use invoice_asks;
const INVOICE_ASKS: &str = invoice_asks!();

fn invoice_paid(conn: &Connection, invoice_no: i64) -> Result<Option<InvoicePaid>> {
    let Some(to_pay) = conn
        .query_row(
            &format!("SELECT {INVOICE_ASKS} FROM invoices i WHERE i.invoice_no = ?1"),
            [invoice_no],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
    else {
        return Ok(None);
    };
    let mut st = conn.prepare_cached(
        "SELECT amount_ore, source, source_reference, voucher_no, received_on \
         FROM invoice_receipts WHERE invoice_no = ?1 ORDER BY received_on, id",
    )?;
    let raw = st
        .query_map([invoice_no], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut received = Money::ZERO;
    let mut paid_on = None;
    let mut receipts = Vec::new();
    for (amount, source, source_reference, voucher_no, day) in raw {
        let day = date(&day)?;
        received += ore(amount);
        if paid_on.is_none() && to_pay > 0 && received.ore() >= to_pay {
            paid_on = Some(day);
        }
        receipts.push(InvoiceReceipt {
            invoice_no,
            amount: ore(amount),
            source,
            source_reference,
            voucher_no,
            received_on: day,
        });
    }
    Ok(Some(InvoicePaid {
        invoice_no,
        to_pay: ore(to_pay),
        received,
        paid_on,
        receipts,
    }))
}

const DISPUTE_COLS: &str = "id, provider, provider_order_id, order_reference, order_nr, \
    invoice_no, reason, amount_ore, fee_ore, opened_at, deadline, state, outcome, \
    requests_json, synced_at, chargeback_voucher, fee_voucher";

/// The order's customer, read beside the stored columns.
const DISPUTE_CUSTOMER: &str = "(SELECT c.name FROM orders o JOIN customers c \
    ON c.id = o.customer_id WHERE o.nr = disputes.order_nr)";

fn disputes_where(
    conn: &Connection,
    clause: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<DisputeRecord>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {DISPUTE_COLS}, {DISPUTE_CUSTOMER} FROM disputes WHERE {clause} \
         ORDER BY opened_at, id"
    ))?;
    type Raw = (
        [String; 2],
        [Option<String>; 2],
        [Option<i64>; 2],
        String,
        (i64, Option<i64>),
        [String; 3],
        Option<String>,
        String,
        String,
        [Option<i64>; 2],
        Option<String>,
    );
    let raw: Vec<Raw> = st
        .query_map(args, |r| {
            Ok((
                [r.get(0)?, r.get(1)?],
                [r.get(2)?, r.get(3)?],
                [r.get(4)?, r.get(5)?],
                r.get(6)?,
                (r.get(7)?, r.get(8)?),
                [r.get(9)?, r.get(10)?, r.get(11)?],
                r.get(12)?,
                r.get(13)?,
                r.get(14)?,
                [r.get(15)?, r.get(16)?],
                r.get(17)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raw.into_iter()
        .map(
            |(
                [id, provider],
                [provider_order_id, order_reference],
                [order_nr, invoice_no],
                reason,
                (amount, fee),
                [opened, deadline, state],
                outcome,
                requests,
                synced,
                [chargeback_voucher, fee_voucher],
                customer,
            )| {
                Ok(DisputeRecord {
                    state: DisputeState::parse(&state)
                        .ok_or_else(|| StoreError::Corrupt(format!("tvist {id}: {state}")))?,
                    requests: serde_json::from_str(&requests)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    id,
                    provider,
                    provider_order_id,
                    order_reference,
                    order_nr,
                    customer,
                    invoice_no,
                    reason,
                    amount: ore(amount),
                    fee: fee.map(ore),
                    opened_at: parse_ts(&opened)?,
                    deadline: date(&deadline)?,
                    outcome,
                    synced_at: parse_ts(&synced)?,
                    chargeback_voucher,
                    fee_voucher,
                })
            },
        )
        .collect()
}

impl SettlementStore for SqliteStore {
    fn payouts(&self, provider: &str, limit: usize) -> Result<Vec<PayoutRecord>> {
        self.read(|c| payouts(c, provider, limit))
    }

    fn last_payout_date(&self, provider: &str) -> Result<Option<NaiveDate>> {
        self.read(|c| {
            let d: Option<String> = c.query_row(
                "SELECT max(payout_date) FROM payouts WHERE provider = ?1",
                [provider],
                |r| r.get(0),
            )?;
            opt_date(d)
        })
    }

    fn invoice_paid(&self, invoice_no: i64) -> Result<Option<InvoicePaid>> {
        self.read(|c| invoice_paid(c, invoice_no))
    }

    fn disputes(&self) -> Result<Vec<DisputeRecord>> {
        self.read(|c| disputes_where(c, "1", &[]))
    }

    fn dispute(&self, id: &str) -> Result<Option<DisputeRecord>> {
        self.read(|c| Ok(disputes_where(c, "id = ?1", &[&id])?.pop()))
    }

    fn disputes_of_order(&self, nr: i64) -> Result<Vec<DisputeRecord>> {
        self.read(|c| disputes_where(c, "order_nr = ?1", &[&nr]))
    }

    fn dispute_counts(
        &self,
        provider: &str,
        method: &str,
        since: DateTime<Utc>,
    ) -> Result<(i64, i64)> {
        self.read(|c| {
            let disputes: i64 = c.query_row(
                "SELECT count(*) FROM disputes WHERE provider = ?1 AND opened_at >= ?2",
                params![provider, ts(since)],
                |r| r.get(0),
            )?;
            let invoices: i64 = c.query_row(
                "SELECT count(*) FROM invoices WHERE method = ?1 AND kind = 'faktura' \
                 AND date >= ?2",
                params![method, since.date_naive().to_string()],
                |r| r.get(0),
            )?;
            Ok((disputes, invoices))
        })
    }

    fn has_invoice_with_method(&self, method: &str) -> Result<bool> {
        self.read(|c| {
            Ok(
                c.prepare_cached("SELECT 1 FROM invoices WHERE method = ?1 LIMIT 1")?
                    .exists(params![method])?,
            )
        })
    }
}

impl SettlementWriter for SqliteWriter<'_> {
    fn payout_known(&self, provider: &str, payment_reference: &str) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached("SELECT 1 FROM payouts WHERE provider = ?1 AND payment_reference = ?2")?
            .exists(params![provider, payment_reference])?)
    }

    fn invoice_for(
        &self,
        order_reference: Option<&str>,
        provider_order_id: Option<&str>,
    ) -> Result<Option<MatchedInvoice>> {
        let mut st = self.conn().prepare_cached(
            "SELECT i.invoice_no, o.nr FROM payment_attempts a \
             JOIN invoices i ON i.payment_attempt_id = a.id AND i.kind = 'faktura' \
             JOIN orders o ON o.id = i.order_id WHERE a.id = (SELECT id FROM payment_attempts \
             WHERE order_reference = ?1 UNION ALL SELECT id FROM payment_attempts \
             WHERE provider_payment_id = ?2 LIMIT 1)",
        )?;
        Ok(st
            .query_row(params![order_reference, provider_order_id], |r| {
                Ok(MatchedInvoice {
                    invoice_no: r.get(0)?,
                    order_nr: r.get(1)?,
                })
            })
            .optional()?)
    }

    fn insert_payout(&mut self, p: &PayoutRecord) -> Result<()> {
        let t = &p.totals;
        self.conn().execute(
            &format!(
                "INSERT INTO payouts ({PAYOUT_COLS}) VALUES (NULL, ?1, ?2, ?3, ?4, ?5, ?6, ?7, \
                 ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
            ),
            params![
                p.provider,
                p.payment_reference,
                p.payout_date.to_string(),
                p.currency,
                p.net.ore(),
                t.sales.ore(),
                t.returns.ore(),
                t.fees.ore(),
                t.reversals.ore(),
                t.other.ore(),
                p.opening_debt.ore(),
                p.closing_debt.ore(),
                p.voucher_no,
                ts(p.applied_at),
            ],
        )?;
        let id = self.conn().last_insert_rowid();
        let mut st = self.conn().prepare_cached(
            "INSERT INTO payout_rows (payout_id, pos, kind, detail, amount_ore, vat_ore, \
             order_reference, provider_order_id, capture_id, refund_id, dispute_id, sale_date, \
             effect, invoice_no) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        for r in &p.rows {
            let row = &r.row;
            st.execute(params![
                id,
                r.pos,
                row.kind.code(),
                row.detail,
                row.amount.ore(),
                row.vat.ore(),
                row.order_reference,
                row.provider_order_id,
                row.capture_id,
                row.refund_id,
                row.dispute_id,
                row.sale_date.map(|d| d.to_string()),
                r.effect,
                r.invoice_no,
            ])?;
        }
        Ok(())
    }

    fn insert_invoice_receipt(&mut self, r: &InvoiceReceipt) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO invoice_receipts (invoice_no, amount_ore, source, source_reference, \
                 voucher_no, received_on, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                r.invoice_no,
                r.amount.ore(),
                r.source,
                r.source_reference,
                r.voucher_no,
                r.received_on.to_string(),
                ts(crate::store::CoreWriter::now(self)),
            ])?;
        Ok(())
    }

    fn dispute(&self, id: &str) -> Result<Option<DisputeRecord>> {
        Ok(disputes_where(self.conn(), "id = ?1", &[&id])?.pop())
    }

    fn put_dispute(&mut self, d: &DisputeRecord) -> Result<()> {
        let requests =
            serde_json::to_string(&d.requests).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.conn().execute(
            &format!(
                "INSERT INTO disputes ({DISPUTE_COLS}, created_at) VALUES (?1, ?2, ?3, ?4, ?5, \
                 ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?15) \
                 ON CONFLICT (id) DO UPDATE SET provider_order_id = excluded.provider_order_id, \
                 order_reference = excluded.order_reference, order_nr = excluded.order_nr, \
                 invoice_no = excluded.invoice_no, reason = excluded.reason, \
                 amount_ore = excluded.amount_ore, fee_ore = excluded.fee_ore, \
                 deadline = excluded.deadline, state = excluded.state, \
                 outcome = excluded.outcome, requests_json = excluded.requests_json, \
                 synced_at = excluded.synced_at, chargeback_voucher = excluded.chargeback_voucher, \
                 fee_voucher = excluded.fee_voucher"
            ),
            params![
                d.id,
                d.provider,
                d.provider_order_id,
                d.order_reference,
                d.order_nr,
                d.invoice_no,
                d.reason,
                d.amount.ore(),
                d.fee.map(Money::ore),
                ts(d.opened_at),
                d.deadline.to_string(),
                d.state.code(),
                d.outcome,
                requests,
                ts(d.synced_at),
                d.chargeback_voucher,
                d.fee_voucher,
            ],
        )?;
        Ok(())
    }

    fn dispute_booked_by_payout(&self, dispute_id: &str, effect: &str) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT p.voucher_no FROM payout_rows r JOIN payouts p ON p.id = r.payout_id \
                 WHERE r.dispute_id = ?1 AND r.effect = ?2 LIMIT 1",
            )?
            .query_row(params![dispute_id, effect], |r| r.get(0))
            .optional()?)
    }
}
