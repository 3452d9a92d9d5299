//! Klarna's payouts and disputes as the neutral [`SettlementSource`] and [`DisputeSource`]:
//! every configured store's (the sandbox's two test stores when none is configured), read with
//! each store's own credentials and mapped into `domain::settlement`'s types.

use chrono::{DateTime, NaiveDate, Utc};

use super::client::PROVIDER;
use super::ledger::{self, DisputeAttachment, TransactionKind};
use super::provider::KlarnaProvider;
use crate::domain::settlement::{
    Dispute, DisputeRequest, DisputeState, Payout, PayoutRow, RowKind,
};
use crate::payments::{
    Attachment, DisputeSource, ProviderError, ProviderFuture, Refusal, SettlementSource,
};

/// Every Klarna store's payouts and disputes.
pub struct KlarnaSources {
    stores: Vec<KlarnaProvider>,
}

impl KlarnaSources {
    pub fn new(stores: Vec<KlarnaProvider>) -> KlarnaSources {
        KlarnaSources { stores }
    }

    /// The store that holds dispute `krn` (another store's is 404 to a store).
    async fn holder(&self, krn: &str) -> Result<(&KlarnaProvider, ledger::Dispute), ProviderError> {
        let mut last = None;
        for store in &self.stores {
            match store.client().dispute(krn).await {
                Ok(d) => return Ok((store, d)),
                Err(e) if e.refusal() == Some(Refusal::NotFound) => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| ProviderError::Refused {
            provider: PROVIDER,
            status: 404,
            kind: Refusal::NotFound,
            code: "NOT_FOUND".into(),
            message: krn.to_string(),
        }))
    }
}

fn row(t: ledger::SettlementTransaction) -> PayoutRow {
    let (kind, amount) = match t.kind {
        TransactionKind::Sale => (RowKind::Sale, t.amount),
        TransactionKind::Return => (RowKind::Return, t.amount),
        TransactionKind::Fee => (RowKind::Fee, t.amount),
        TransactionKind::Reversal => (RowKind::Reversal, t.amount),
        // Commission is kept from the payout: signed as it moves the payout.
        TransactionKind::Commission => (RowKind::Other("COMMISSION".into()), -t.amount),
        TransactionKind::Other(word) => (RowKind::Other(word), t.amount),
    };
    PayoutRow {
        kind,
        detail: Some(t.detailed_type).filter(|d| !d.is_empty()),
        amount,
        vat: crate::domain::Money::ZERO,
        order_reference: t.merchant_reference,
        provider_order_id: t.order_id,
        capture_id: t.capture_id,
        refund_id: t.refund_id,
        dispute_id: t.dispute_reference,
        sale_date: None,
    }
}

fn time(s: Option<&str>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn dispute(d: ledger::Dispute) -> Dispute {
    let state = match (d.state.as_str(), d.outcome.as_deref()) {
        ("CLOSED", Some("WON")) => DisputeState::Won,
        ("CLOSED", _) => DisputeState::Lost,
        ("REPRESENTMENT", _) => DisputeState::ResponseSent,
        _ => DisputeState::Open,
    };
    Dispute {
        provider: PROVIDER.to_string(),
        provider_order_id: Some(d.order_id).filter(|o| !o.is_empty()),
        order_reference: d.merchant_reference,
        reason: d.reason,
        amount: d.disputed_amount,
        // Klarna states no fee with a dispute: it comes as the payout's DISPUTE_FEE row.
        fee: None,
        opened_at: time(d.opened_at.as_deref()).unwrap_or_else(Utc::now),
        deadline: time(d.expires_at.as_deref()).map(|t| t.date_naive()),
        state,
        requests: d
            .open_requests
            .iter()
            .map(|r| DisputeRequest {
                id: r.to_string(),
                text: None,
                deadline: None,
                answered: false,
            })
            .collect(),
        id: d.krn,
    }
}

impl SettlementSource for KlarnaSources {
    fn name(&self) -> &'static str {
        PROVIDER
    }

    fn payouts_since(&self, since: NaiveDate) -> ProviderFuture<'_, Vec<Payout>> {
        Box::pin(async move {
            let mut out = Vec::new();
            for store in &self.stores {
                let client = store.client();
                for p in client.all_payouts(since).await? {
                    let rows = client.all_transactions(&p.payment_reference).await?;
                    out.push(Payout {
                        provider: PROVIDER.to_string(),
                        payment_reference: p.payment_reference,
                        payout_date: p.payout_date,
                        currency: p.currency,
                        rows: rows.into_iter().map(row).collect(),
                        net: p.totals.settlement,
                        opening_debt: p.totals.repaid,
                        closing_debt: p.totals.closing_debt,
                    });
                }
            }
            out.sort_by(|a, b| {
                (a.payout_date, &a.payment_reference).cmp(&(b.payout_date, &b.payment_reference))
            });
            Ok(out)
        })
    }
}

impl DisputeSource for KlarnaSources {
    fn name(&self) -> &'static str {
        PROVIDER
    }

    fn list(&self) -> ProviderFuture<'_, Vec<Dispute>> {
        Box::pin(async move {
            let mut out = Vec::new();
            for store in &self.stores {
                let mut offset = 0;
                loop {
                    let page = store.client().disputes(offset, 100).await?;
                    out.extend(page.items.into_iter().map(dispute));
                    match page.next_offset {
                        Some(next) if next > offset => offset = next,
                        _ => break,
                    }
                }
            }
            out.sort_by_key(|d| d.opened_at);
            Ok(out)
        })
    }

    fn get<'a>(&'a self, id: &'a str) -> ProviderFuture<'a, Dispute> {
        Box::pin(async move { Ok(dispute(self.holder(id).await?.1)) })
    }

    fn respond<'a>(
        &'a self,
        id: &'a str,
        text: &'a str,
        attachment: Option<&'a Attachment>,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, Dispute> {
        Box::pin(async move {
            let (store, d) = self.holder(id).await?;
            let Some(request) = d.open_requests.first().copied() else {
                return Err(ProviderError::Refused {
                    provider: PROVIDER,
                    status: 409,
                    kind: Refusal::NotAllowed,
                    code: "NO_OPEN_REQUEST".into(),
                    message: id.to_string(),
                });
            };
            let file = attachment.map(|a| DisputeAttachment {
                file_name: a.file_name.clone(),
                content_type: a.content_type.clone(),
                size: i64::try_from(a.bytes.len()).unwrap_or(i64::MAX),
            });
            store
                .client()
                .respond(id, request, text, file.as_ref(), idempotency_key)
                .await?;
            Ok(dispute(store.client().dispute(id).await?))
        })
    }

    fn accept_loss<'a>(
        &'a self,
        id: &'a str,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, Dispute> {
        Box::pin(async move {
            let (store, _) = self.holder(id).await?;
            store.client().accept_loss(id, idempotency_key).await?;
            Ok(dispute(store.client().dispute(id).await?))
        })
    }
}
