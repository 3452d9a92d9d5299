//! Settlements (payouts and their transactions, providers.md §2.3) and Disputes (§2.4) as typed
//! calls of a [`KlarnaClient`], read into neutral-ish structs with [`Money`] amounts: what the
//! books need to mark an invoice paid, returned, charged back or disputed.

use chrono::NaiveDate;
use reqwest::Method;

use super::client::{KlarnaClient, protocol, segment};
use super::dto;
use crate::domain::Money;
use crate::payments::ProviderError;

/// One page of a list, and where the next begins (None on the last page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub next_offset: Option<i64>,
}

/// A payout's totals. Every amount is positive; the name says which way it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayoutTotals {
    pub sales: Money,
    pub returns: Money,
    pub fees: Money,
    pub reversals: Money,
    pub commission: Money,
    /// Debt from an earlier payout repaid by this one.
    pub repaid: Money,
    /// What is carried as debt to the next payout.
    pub closing_debt: Money,
    /// What reaches the bank account.
    pub settlement: Money,
}

/// A payout: one transfer to our bank account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payout {
    /// The reference on the bank statement.
    pub payment_reference: String,
    pub payout_date: NaiveDate,
    pub currency: String,
    pub totals: PayoutTotals,
}

/// What a settlement transaction is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransactionKind {
    /// A capture paid to us.
    Sale,
    /// A refund taken back.
    Return,
    /// Klarna's fee.
    Fee,
    /// A charge-back after a lost dispute.
    Reversal,
    Commission,
    /// Any other of Klarna's types (CORRECTION, HOLDBACK, …), as Klarna names it.
    Other(String),
}

impl TransactionKind {
    fn of(s: &str) -> TransactionKind {
        match s {
            "SALE" => TransactionKind::Sale,
            "RETURN" => TransactionKind::Return,
            "FEE" => TransactionKind::Fee,
            "REVERSAL" => TransactionKind::Reversal,
            "COMMISSION" => TransactionKind::Commission,
            other => TransactionKind::Other(other.to_string()),
        }
    }
}

/// One row of a payout: what it was for, and the ids to find our invoice or credit note by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettlementTransaction {
    pub kind: TransactionKind,
    /// Klarna's finer word (`PURCHASE`, `PURCHASE_FEE_PERCENTAGE`, `DISPUTE_FEE`, …).
    pub detailed_type: String,
    /// Positive; [`Self::kind`] says which way it goes.
    pub amount: Money,
    pub order_id: Option<String>,
    pub capture_id: Option<String>,
    pub refund_id: Option<String>,
    /// `merchant_reference1`: our order reference.
    pub merchant_reference: Option<String>,
    /// The capture's or refund's `reference` (our invoice or credit-note number).
    pub capture_reference: Option<String>,
    pub refund_reference: Option<String>,
    /// The dispute's KRN, on a charge-back and its fee.
    pub dispute_reference: Option<String>,
    pub payment_reference: Option<String>,
}

/// A dispute: the customer contests an invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dispute {
    pub krn: String,
    pub order_id: String,
    pub merchant_reference: Option<String>,
    /// `goods_not_received`, `faulty_goods`, `unauthorized_purchase`, …
    pub reason: String,
    /// `INITIATED` (waiting for us), `REPRESENTMENT` (Klarna decides) or `CLOSED`.
    pub state: String,
    /// `WON` or `LOST` once closed.
    pub outcome: Option<String>,
    pub disputed_amount: Money,
    /// Our deadline (ISO 8601): missing it loses the dispute.
    pub expires_at: Option<String>,
    /// When the customer opened it (ISO 8601).
    pub opened_at: Option<String>,
    /// Klarna's open requests we may answer.
    pub open_requests: Vec<i64>,
}

/// A file to send with an answer (the sandbox keeps its name and size only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisputeAttachment {
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}

fn next_offset(p: &dto::Pagination) -> Option<i64> {
    (p.next.is_some() && p.count > 0).then_some(p.offset + p.count)
}

fn payout(p: dto::Payout) -> Result<Payout, ProviderError> {
    let date = p.payout_date.get(..10).unwrap_or(&p.payout_date);
    let payout_date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_err(|e| protocol(format!("payout_date {}: {e}", p.payout_date)))?;
    let t = &p.totals;
    Ok(Payout {
        payment_reference: p.payment_reference,
        payout_date,
        currency: p.currency_code,
        totals: PayoutTotals {
            sales: Money::from_ore(t.sale_amount),
            returns: Money::from_ore(t.return_amount),
            fees: Money::from_ore(t.fee_amount),
            reversals: Money::from_ore(t.reversal_amount),
            commission: Money::from_ore(t.commission_amount),
            repaid: Money::from_ore(t.repay_amount),
            closing_debt: Money::from_ore(t.closing_debt_balance_amount),
            settlement: Money::from_ore(t.settlement_amount),
        },
    })
}

fn transaction(t: dto::Transaction) -> SettlementTransaction {
    SettlementTransaction {
        kind: TransactionKind::of(&t.kind),
        detailed_type: t.detailed_type,
        amount: Money::from_ore(t.amount),
        order_id: nonempty(t.order_id),
        capture_id: nonempty(t.capture_id),
        refund_id: nonempty(t.refund_id),
        merchant_reference: nonempty(t.merchant_reference1),
        capture_reference: nonempty(t.merchant_capture_reference),
        refund_reference: nonempty(t.merchant_refund_reference),
        dispute_reference: nonempty(t.reversal_reference),
        payment_reference: nonempty(t.payment_reference),
    }
}

fn dispute(d: dto::Dispute) -> Dispute {
    Dispute {
        open_requests: d
            .requests
            .iter()
            .filter(|r| r.responses.is_empty())
            .map(|r| r.request_id)
            .collect(),
        krn: d.dispute_krn,
        order_id: d.order_id,
        merchant_reference: nonempty(d.merchant_reference1),
        reason: d.reason,
        state: d.state,
        outcome: d.outcome,
        disputed_amount: Money::from_ore(d.disputed_amount),
        expires_at: d.expires_at,
        opened_at: d.opened_at,
    }
}

fn paging(offset: i64, size: i64) -> Vec<(&'static str, String)> {
    vec![
        ("offset", offset.max(0).to_string()),
        ("size", size.clamp(1, 500).to_string()),
    ]
}

impl KlarnaClient {
    /// `GET /settlements/v1/payouts?start_date=…`: one page of payouts since `since`, oldest
    /// first.
    pub async fn payouts(
        &self,
        since: NaiveDate,
        offset: i64,
        size: i64,
    ) -> Result<Page<Payout>, ProviderError> {
        let mut q = paging(offset, size);
        q.push(("start_date", since.to_string()));
        let c: dto::PayoutCollection = self.get_json("/settlements/v1/payouts", &q).await?;
        Ok(Page {
            next_offset: next_offset(&c.pagination),
            total: c.pagination.total,
            items: c
                .payouts
                .into_iter()
                .map(payout)
                .collect::<Result<_, _>>()?,
        })
    }

    /// Every payout since `since`, page by page.
    pub async fn all_payouts(&self, since: NaiveDate) -> Result<Vec<Payout>, ProviderError> {
        let mut all = Vec::new();
        let mut offset = 0;
        loop {
            let page = self.payouts(since, offset, 100).await?;
            all.extend(page.items);
            match page.next_offset {
                Some(next) if next > offset => offset = next,
                _ => return Ok(all),
            }
        }
    }

    /// `GET /settlements/v1/transactions?payment_reference=…`: one page of a payout's rows.
    pub async fn transactions(
        &self,
        payment_reference: &str,
        offset: i64,
        size: i64,
    ) -> Result<Page<SettlementTransaction>, ProviderError> {
        let mut q = paging(offset, size);
        q.push(("payment_reference", payment_reference.to_string()));
        let c: dto::TransactionCollection =
            self.get_json("/settlements/v1/transactions", &q).await?;
        Ok(Page {
            next_offset: next_offset(&c.pagination),
            total: c.pagination.total,
            items: c.transactions.into_iter().map(transaction).collect(),
        })
    }

    /// Every row of a payout, page by page.
    pub async fn all_transactions(
        &self,
        payment_reference: &str,
    ) -> Result<Vec<SettlementTransaction>, ProviderError> {
        let mut all = Vec::new();
        let mut offset = 0;
        loop {
            let page = self.transactions(payment_reference, offset, 100).await?;
            all.extend(page.items);
            match page.next_offset {
                Some(next) if next > offset => offset = next,
                _ => return Ok(all),
            }
        }
    }

    /// `GET /disputes/v2/disputes`: one page, oldest first.
    pub async fn disputes(&self, offset: i64, size: i64) -> Result<Page<Dispute>, ProviderError> {
        let c: dto::DisputeCollection = self
            .get_json("/disputes/v2/disputes", &paging(offset, size))
            .await?;
        Ok(Page {
            next_offset: next_offset(&c.pagination),
            total: c.pagination.total,
            items: c.disputes.into_iter().map(dispute).collect(),
        })
    }

    /// `GET /disputes/v2/disputes/{dispute_krn}`.
    pub async fn dispute(&self, krn: &str) -> Result<Dispute, ProviderError> {
        let path = format!("/disputes/v2/disputes/{}", segment(krn));
        Ok(dispute(self.get_json(&path, &[]).await?))
    }

    /// `POST …/{dispute_krn}/accept-loss`: we give up; the amount is charged back.
    pub async fn accept_loss(&self, krn: &str, key: &str) -> Result<(), ProviderError> {
        let path = format!("/disputes/v2/disputes/{}/accept-loss", segment(krn));
        self.call(Method::POST, &path, &[], None::<&()>, Some(key))
            .await
            .map(drop)
    }

    /// Answer Klarna's request `request_id` with `text` and, when given, an attachment
    /// (uploaded first, with the key `{key}-attachment`).
    pub async fn respond(
        &self,
        krn: &str,
        request_id: i64,
        text: &str,
        attachment: Option<&DisputeAttachment>,
        key: &str,
    ) -> Result<(), ProviderError> {
        let base = format!("/disputes/v2/disputes/{}", segment(krn));
        let mut attachment_ids = Vec::new();
        if let Some(a) = attachment {
            let body = dto::AttachmentBody {
                file_name: a.file_name.clone(),
                content_type: a.content_type.clone(),
                size: a.size,
            };
            let created: dto::AttachmentCreated = self
                .call(
                    Method::POST,
                    &format!("{base}/attachments"),
                    &[],
                    Some(&body),
                    Some(&format!("{key}-attachment")),
                )
                .await?
                .json("attachment")?;
            attachment_ids.push(created.attachment_id);
        }
        let body = dto::ResponseBody {
            comment: text.to_string(),
            attachment_ids,
        };
        let path = format!("{base}/requests/{request_id}/responses");
        self.call(Method::POST, &path, &[], Some(&body), Some(key))
            .await
            .map(drop)
    }
}
