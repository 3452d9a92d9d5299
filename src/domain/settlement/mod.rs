//! Provider settlements in the books (issue 13): a payout of a payment provider (Klarna's
//! settlement, Resurs's payout) as neutral data, and the voucher it makes. Pure: the app decides
//! what each row of a payout is to us ([`RowEffect`]: which invoice it pays, whether a dispute's
//! chargeback or fee is already booked) and [`payout_postings`] turns that into one balanced
//! voucher. docs/BOOKKEEPING.md, "Provider payouts", has a worked example.
//!
//! Amounts follow the ledger: positive debit, negative credit.

mod dispute;

pub use dispute::{
    Dispute, DisputeRate, DisputeRequest, DisputeState, RATE_ELEVATED_PERMILLE,
    RATE_WARNING_PERMILLE, RateLevel, chargeback_postings, dispute_fee_postings, dispute_rate,
    standard_deadline,
};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ledger::{Account, Accounts, Posting, Role, merge};
use super::money::Money;

/// What a row of a payout is, as the provider types it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RowKind {
    /// A captured sale paid out to us.
    Sale,
    /// A refund to the customer, taken back from the payout.
    Return,
    /// A fee the provider keeps (purchase fees, a dispute fee).
    Fee,
    /// A chargeback: a lost dispute's amount taken back.
    Reversal,
    /// Any other type, by the provider's word (COMMISSION, HOLDBACK, …). Its amount is signed
    /// as it moves the payout: positive is paid to us.
    Other(String),
}

impl RowKind {
    /// The provider's word for the kind (`SALE`, `RETURN`, `FEE`, `REVERSAL`, or the other's).
    pub fn code(&self) -> &str {
        match self {
            RowKind::Sale => "SALE",
            RowKind::Return => "RETURN",
            RowKind::Fee => "FEE",
            RowKind::Reversal => "REVERSAL",
            RowKind::Other(s) => s,
        }
    }

    pub fn parse(code: &str) -> RowKind {
        match code {
            "SALE" => RowKind::Sale,
            "RETURN" => RowKind::Return,
            "FEE" => RowKind::Fee,
            "REVERSAL" => RowKind::Reversal,
            other => RowKind::Other(other.to_string()),
        }
    }

    /// What a row of this kind adds to the payout: its amount, signed.
    pub fn signed(&self, amount: Money) -> Money {
        match self {
            RowKind::Sale | RowKind::Other(_) => amount,
            RowKind::Return | RowKind::Fee | RowKind::Reversal => -amount,
        }
    }
}

/// The detailed type of a dispute's fee (Klarna's `DISPUTE_FEE`).
pub const DISPUTE_FEE: &str = "DISPUTE_FEE";

/// One row of a payout, as the provider reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutRow {
    pub kind: RowKind,
    /// The provider's detailed type (`PURCHASE`, `PURCHASE_FEE_PERCENTAGE`, `DISPUTE_FEE`, …).
    pub detail: Option<String>,
    /// As the provider reports it: positive for SALE, RETURN, FEE and REVERSAL (the kind says
    /// which way it goes), signed for [`RowKind::Other`].
    pub amount: Money,
    /// VAT included in a fee's amount (0 when the provider states none).
    pub vat: Money,
    /// Our order reference ("10042-1"): Klarna's `merchant_reference1`.
    pub order_reference: Option<String>,
    /// The provider's order id.
    pub provider_order_id: Option<String>,
    pub capture_id: Option<String>,
    pub refund_id: Option<String>,
    /// The dispute a REVERSAL or a dispute fee belongs to (Klarna's `reversal_reference`, the
    /// dispute's KRN).
    pub dispute_id: Option<String>,
    pub sale_date: Option<NaiveDate>,
}

impl PayoutRow {
    /// Is this the fee of a dispute?
    pub fn is_dispute_fee(&self) -> bool {
        self.kind == RowKind::Fee
            && (self.detail.as_deref() == Some(DISPUTE_FEE) || self.dispute_id.is_some())
    }
}

/// A payout: what the provider paid to our bank account on a day, and the rows it is made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payout {
    /// The provider's display name ("Klarna").
    pub provider: String,
    /// The text on the bank statement; unique per provider.
    pub payment_reference: String,
    pub payout_date: NaiveDate,
    pub currency: String,
    pub rows: Vec<PayoutRow>,
    /// What reaches the bank (Klarna's `settlement_amount`), never below 0.
    pub net: Money,
    /// What we owed the provider from an earlier payout, repaid from this one.
    pub opening_debt: Money,
    /// What we owe the provider after this payout (when its rows came to less than nothing).
    pub closing_debt: Money,
}

/// The sums of a payout's rows per kind, each positive as reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PayoutTotals {
    pub sales: Money,
    pub returns: Money,
    pub fees: Money,
    pub reversals: Money,
    /// Other rows, signed (positive is paid to us).
    pub other: Money,
}

impl Payout {
    pub fn totals(&self) -> PayoutTotals {
        let mut t = PayoutTotals::default();
        for r in &self.rows {
            match r.kind {
                RowKind::Sale => t.sales += r.amount,
                RowKind::Return => t.returns += r.amount,
                RowKind::Fee => t.fees += r.amount,
                RowKind::Reversal => t.reversals += r.amount,
                RowKind::Other(_) => t.other += r.amount,
            }
        }
        t
    }

    /// What the rows add up to, before any debt: sales − returns − fees − reversals + other.
    pub fn gross(&self) -> Money {
        self.rows.iter().map(|r| r.kind.signed(r.amount)).sum()
    }

    /// Whether the net is what the rows and the debts say: gross − opening debt + closing debt.
    pub fn adds_up(&self) -> bool {
        self.net == self.gross() - self.opening_debt + self.closing_debt && !self.net.is_negative()
    }
}

/// What a payout row is to our books, decided by the app from what the store knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowEffect {
    /// A SALE that pays our invoice: the receivable is credited.
    InvoicePaid { invoice_no: i64 },
    /// A RETURN of our invoice's refund (booked on the receivable when the credit was booked):
    /// the receivable is debited.
    Return { invoice_no: Option<i64> },
    /// A fee: the fee account (and input VAT when stated).
    Fee,
    /// A dispute's fee booked here for the first time: the fee account.
    DisputeFee { dispute_id: Option<String> },
    /// A dispute's fee already booked when the dispute was lost (fee account against the
    /// receivable): the payout's row clears the receivable.
    DisputeFeeCleared { dispute_id: String },
    /// A REVERSAL whose chargeback is booked here for the first time: the loss account.
    Chargeback { dispute_id: Option<String> },
    /// A REVERSAL whose chargeback was booked when the dispute was lost (loss against the
    /// receivable): the row clears the receivable.
    ChargebackCleared { dispute_id: String },
    /// No invoice of ours is found for the row: kept and reported, and booked on the
    /// unidentified account (OBS-konto) until the accountant moves it.
    Unmatched,
}

impl RowEffect {
    /// The code stored with the row (migration 10).
    pub fn code(&self) -> &'static str {
        match self {
            RowEffect::InvoicePaid { .. } => "invoice_paid",
            RowEffect::Return { .. } => "return",
            RowEffect::Fee => "fee",
            RowEffect::DisputeFee { .. } => "dispute_fee",
            RowEffect::DisputeFeeCleared { .. } => "dispute_fee_cleared",
            RowEffect::Chargeback { .. } => "chargeback",
            RowEffect::ChargebackCleared { .. } => "chargeback_cleared",
            RowEffect::Unmatched => "unmatched",
        }
    }

    pub fn invoice_no(&self) -> Option<i64> {
        match self {
            RowEffect::InvoicePaid { invoice_no } => Some(*invoice_no),
            RowEffect::Return { invoice_no } => *invoice_no,
            _ => None,
        }
    }
}

/// Why a payout cannot be booked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettlementError {
    /// The rows and debts do not come to the net paid out.
    DoesNotAddUp { net: Money, rows: Money },
    /// The app gave an effect per row, but not as many as there are rows.
    EffectsMismatch,
}

/// The accounts a payout is booked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayoutAccounts {
    /// What the provider owes us (Klarna: 1581).
    pub receivable: Account,
    pub bank: Account,
    pub fee: Account,
    pub input_vat: Account,
    pub loss: Account,
    pub unidentified: Account,
}

impl PayoutAccounts {
    /// The accounts of the configured roles, with `receivable` the provider's clearing account.
    pub fn of(accounts: &Accounts, receivable: Account) -> PayoutAccounts {
        PayoutAccounts {
            receivable,
            bank: accounts.get(Role::Bank),
            fee: accounts.get(Role::ProviderFee),
            input_vat: accounts.get(Role::InputVat),
            loss: accounts.get(Role::ChargebackLoss),
            unidentified: accounts.get(Role::Unidentified),
        }
    }
}

/// The voucher rows of a payout, one effect per row: the bank debited with the net; SALE rows
/// credit the receivable (an unmatched one: the unidentified account); RETURN rows debit it;
/// fees debit the fee account (their VAT the input VAT account); a REVERSAL debits the loss
/// account unless its chargeback is already booked (then the receivable); a dispute fee debits
/// the fee account unless already booked (then the receivable); a debt repaid or carried moves
/// the receivable. Rows are merged per account and zero rows left out; the result balances.
pub fn payout_postings(
    payout: &Payout,
    effects: &[RowEffect],
    acc: &PayoutAccounts,
) -> Result<Vec<Posting>, SettlementError> {
    if effects.len() != payout.rows.len() {
        return Err(SettlementError::EffectsMismatch);
    }
    if !payout.adds_up() {
        return Err(SettlementError::DoesNotAddUp {
            net: payout.net,
            rows: payout.gross() - payout.opening_debt + payout.closing_debt,
        });
    }
    let mut rows = vec![Posting {
        account: acc.bank,
        amount: payout.net,
    }];
    let mut post = |account: Account, amount: Money| rows.push(Posting { account, amount });
    for (row, effect) in payout.rows.iter().zip(effects) {
        // What the row takes from (+) or adds to (−) the payout, as a debit.
        let debit = -row.kind.signed(row.amount);
        match effect {
            RowEffect::Unmatched => post(acc.unidentified, debit),
            RowEffect::InvoicePaid { .. }
            | RowEffect::Return { .. }
            | RowEffect::DisputeFeeCleared { .. }
            | RowEffect::ChargebackCleared { .. } => post(acc.receivable, debit),
            RowEffect::Fee | RowEffect::DisputeFee { .. } => {
                post(acc.input_vat, row.vat);
                post(acc.fee, debit - row.vat);
            }
            RowEffect::Chargeback { .. } => post(acc.loss, debit),
        }
    }
    // A debt repaid from this payout was Klarna's claim on us; a debt carried is one more.
    post(acc.receivable, payout.opening_debt - payout.closing_debt);
    let first = rows[0];
    let mut rows: Vec<Posting> = merge(rows)
        .into_iter()
        .filter(|p| !p.amount.is_zero())
        .collect();
    if rows.is_empty() {
        rows.push(first);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests;
