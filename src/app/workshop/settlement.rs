//! The settlement and dispute use cases of [`Workshop`] (issue 13; Resurs's payouts, issue 14):
//! payouts applied to the books, the settlement view, the disputes register and its outcomes, the dispute rate.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use super::Workshop;
use crate::app::disputes::{self, Answer, SyncOutcome};
use crate::app::error::{AppError, Result};
use crate::app::settlement::{self, PayoutProvider, SettlementOutcome};
use crate::domain::settlement::DisputeRate;
use crate::msg;
use crate::payments::{Attachment, DisputeSource, SettlementSource};
use crate::store::{DisputeRecord, InvoicePaid, PayoutRecord, SettlementStore};

/// The provider whose settlements and disputes Verkstad books (Klarna's, issue 13).
pub const SETTLEMENT_PROVIDER: &str = "Klarna";

/// Where a provider's payouts and disputes come from: the Klarna client implements both.
#[derive(Clone)]
pub struct ProviderSources {
    pub settlements: Arc<dyn SettlementSource>,
    pub disputes: Arc<dyn DisputeSource>,
}

impl Workshop {
    /// Connect the provider's settlements and disputes (the Klarna client, when configured; an
    /// in-memory source in tests). Replaces what was connected.
    pub fn set_provider_sources(&self, sources: ProviderSources) {
        let mut slot = self
            .inner
            .sources
            .write()
            .unwrap_or_else(|p| p.into_inner());
        *slot = Some(sources);
    }

    fn sources(&self) -> Result<ProviderSources> {
        self.inner
            .sources
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| {
                AppError::Invalid(msg!(
                    "settlement-not-configured",
                    provider = SETTLEMENT_PROVIDER
                ))
            })
    }

    /// The sources connected (or set by a test); Klarna's stores are connected on first use
    /// (the built-in sandbox's when `[klarna]` names none).
    async fn connected_sources(&self) -> Result<ProviderSources> {
        if let Ok(s) = self.sources() {
            return Ok(s);
        }
        let sources = crate::app::provider::connect_klarna_sources(
            &self.inner.config,
            self.inner.config_path.as_deref(),
            &self.inner.db,
        )
        .await?;
        self.set_provider_sources(sources.clone());
        Ok(sources)
    }

    /// Klarna's payouts (connected on first use); `payout_source(PayoutProvider::Klarna)`.
    pub async fn settlement_source(&self) -> Result<Arc<dyn SettlementSource>> {
        self.payout_source(PayoutProvider::Klarna).await
    }

    /// Connect Resurs's payouts (an in-memory source in tests). Replaces what was connected.
    pub fn set_resurs_payouts(&self, source: Arc<dyn SettlementSource>) {
        let mut slot = self
            .inner
            .resurs_payouts
            .write()
            .unwrap_or_else(|p| p.into_inner());
        *slot = Some(source);
    }

    /// A provider's payouts: Klarna's stores, or the Resurs client (the built-in sandbox when
    /// `[resurs]` has no credentials), connected on first use.
    pub async fn payout_source(
        &self,
        provider: PayoutProvider,
    ) -> Result<Arc<dyn SettlementSource>> {
        match provider {
            PayoutProvider::Klarna => Ok(self.connected_sources().await?.settlements),
            PayoutProvider::Resurs => {
                let set = self
                    .inner
                    .resurs_payouts
                    .read()
                    .unwrap_or_else(|p| p.into_inner())
                    .clone();
                if let Some(s) = set {
                    return Ok(s);
                }
                let source = crate::app::provider::connect_resurs_payouts(
                    &self.inner.config,
                    self.inner.config_path.as_deref(),
                    &self.inner.db,
                )
                .await?;
                self.set_resurs_payouts(Arc::clone(&source));
                Ok(source)
            }
        }
    }

    /// The provider's disputes (Klarna's, connected on first use).
    pub async fn dispute_source(&self) -> Result<Arc<dyn DisputeSource>> {
        Ok(self.connected_sources().await?.disputes)
    }

    /// `klarna settlements`: [`Workshop::apply_payouts`] for Klarna.
    pub async fn apply_settlements(&self, since: Option<NaiveDate>) -> Result<SettlementOutcome> {
        self.apply_payouts(PayoutProvider::Klarna, since).await
    }

    /// `klarna settlements` / `resurs payouts`: fetch the provider's payouts since the last one
    /// applied (`since` to look further back) and apply each new one in one transaction with
    /// its audit event: invoices paid, the payout's voucher booked (the receivable — Klarna's
    /// 1581, Resurs's 1931 — credited, fees on 6064, the net on the bank).
    pub async fn apply_payouts(
        &self,
        provider: PayoutProvider,
        since: Option<NaiveDate>,
    ) -> Result<SettlementOutcome> {
        let source = self.payout_source(provider).await?;
        let books = self.books()?;
        let since = match since {
            Some(d) => d,
            None => settlement::fetch_start(self.store(), source.name(), self.today())?,
        };
        settlement::apply_payouts(self.store(), self.actor(), &books, &*source, since).await
    }

    /// Klarna's payouts applied, newest first (the settlement view).
    pub fn settlements(&self, limit: usize) -> Result<Vec<PayoutRecord>> {
        self.payouts(PayoutProvider::Klarna, limit)
    }

    /// A provider's payouts applied, newest first, with their rows.
    pub fn payouts(&self, provider: PayoutProvider, limit: usize) -> Result<Vec<PayoutRecord>> {
        settlement::list(self.store(), provider.name(), limit)
    }

    /// Whether an invoice is paid, when, and by which receipts.
    pub fn invoice_paid(&self, invoice_no: i64) -> Result<Option<InvoicePaid>> {
        Ok(self.store().invoice_paid(invoice_no)?)
    }

    /// `dispute sync`: the provider's disputes into the register, outcomes booked.
    pub async fn sync_disputes(&self) -> Result<SyncOutcome> {
        let source = self.dispute_source().await?;
        let books = self.books()?;
        disputes::sync(self.store(), self.actor(), &books, &*source, self.today()).await
    }

    /// The register, open disputes first by nearest deadline.
    pub fn disputes(&self) -> Result<Vec<DisputeRecord>> {
        disputes::list(self.store())
    }

    pub fn dispute(&self, id: &str) -> Result<DisputeRecord> {
        self.store()
            .dispute(id)?
            .ok_or_else(|| AppError::Invalid(msg!("dispute-not-found", id = id)))
    }

    /// `dispute respond ID --text T [--attach FILE]`.
    pub async fn respond_dispute(
        &self,
        id: &str,
        text: &str,
        attach: Option<&Path>,
    ) -> Result<DisputeRecord> {
        let source = self.dispute_source().await?;
        let books = self.books()?;
        self.dispute(id)?;
        let attachment = attach.map(read_attachment).transpose()?;
        let answer = Answer {
            text: text.to_string(),
            attachment,
        };
        let today = self.today();
        disputes::respond(
            self.store(),
            self.actor(),
            &books,
            &*source,
            id,
            &answer,
            today,
        )
        .await
    }

    /// `dispute accept ID`: give in; booked like a lost dispute.
    pub async fn accept_dispute_loss(&self, id: &str) -> Result<DisputeRecord> {
        let source = self.dispute_source().await?;
        let books = self.books()?;
        self.dispute(id)?;
        let today = self.today();
        disputes::accept_loss(self.store(), self.actor(), &books, &*source, id, today).await
    }

    /// Disputes opened per KLARNA invoice over the last `window_days` days, with its level.
    pub fn dispute_rate(&self, window_days: u32) -> Result<DisputeRate> {
        disputes::rate(
            self.store(),
            SETTLEMENT_PROVIDER,
            (self.inner.clock)(),
            window_days,
        )
    }

    /// The open dispute that pauses the order's invoice ("pausad"), if any.
    pub fn order_paused(&self, nr: i64) -> Result<Option<DisputeRecord>> {
        disputes::paused(self.store(), nr)
    }

    /// Whether any invoice is booked as KLARNA: without one the counter screen never syncs
    /// disputes in the background (no Klarna sandbox is started for a workshop without Klarna).
    pub fn has_klarna_invoices(&self) -> Result<bool> {
        Ok(self
            .store()
            .has_invoice_with_method(crate::domain::PaymentMethod::Klarna.code())?)
    }

    /// Today as the use cases see it (deadlines are counted from it).
    pub fn today_date(&self) -> NaiveDate {
        self.today()
    }
}

fn read_attachment(path: &Path) -> Result<Attachment> {
    let bytes = std::fs::read(path).map_err(|e| {
        AppError::Invalid(msg!(
            "cli-read-failed",
            path = path.display().to_string(),
            error = e.to_string()
        ))
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let content_type = match ext.as_str() {
        "pdf" => "application/pdf",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    };
    Ok(Attachment {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        content_type: content_type.into(),
        bytes,
    })
}
