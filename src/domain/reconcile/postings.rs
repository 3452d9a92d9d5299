//! The voucher rows of a reconciliation decision.

use super::{Decision, State};
use crate::domain::ledger::{Account, Accounts, Posting, Role, merge};
use crate::domain::money::Money;
use crate::domain::order::PaymentMethod;

/// The accounts a payment is booked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReconcileAccounts {
    /// 1930: where the money came in.
    pub bank: Account,
    /// 1510: the customers' receivable (FAKTURA invoices).
    pub receivable: Account,
    /// 3740: differences within the tolerance.
    pub rounding: Account,
    /// 2999: OBS-konto, unidentified money.
    pub unidentified: Account,
    /// 2420: prepayments and customers' credit.
    pub prepayment: Account,
}

impl ReconcileAccounts {
    pub fn of(a: &Accounts) -> ReconcileAccounts {
        ReconcileAccounts {
            bank: a.get(Role::Bank),
            receivable: a.get(Role::Method(PaymentMethod::Faktura)),
            rounding: a.get(Role::Rounding),
            unidentified: a.get(Role::Unidentified),
            prepayment: a.get(Role::Prepayment),
        }
    }

    /// Where a decision's held money waits.
    pub fn holding(&self, state: State) -> Account {
        match state {
            State::Prepayment => self.prepayment,
            _ => self.unidentified,
        }
    }
}

/// The voucher rows of a decision over `amount`, the money taken from `from` (the bank for a
/// payment just imported, OBS for one matched by hand, 2420 for a prepayment applied): `from`
/// debited with the amount less what a provider payout's voucher booked there already
/// (`settled`: a payout's bank credit books nothing but a difference), each invoice's receivable credited with its allocation, the rounding
/// credited to 3740, the credit to 2420, and what is held to OBS or 2420. Merged per account,
/// zero rows left out; balances because of the decision's invariant (checked: an unbalanced
/// decision gives no rows).
pub fn postings(
    from: Account,
    amount: Money,
    d: &Decision,
    acc: &ReconcileAccounts,
) -> Option<Vec<Posting>> {
    let rows = vec![
        Posting {
            account: from,
            amount: amount - d.settled,
        },
        Posting {
            account: acc.receivable,
            amount: -d.allocated(),
        },
        Posting {
            account: acc.rounding,
            amount: -d.rounding,
        },
        Posting {
            account: acc.prepayment,
            amount: -d.credit,
        },
        Posting {
            account: acc.holding(d.state),
            amount: -d.held,
        },
    ];
    let sum: Money = rows.iter().map(|p| p.amount).sum();
    if !sum.is_zero() {
        return None;
    }
    Some(
        merge(rows)
            .into_iter()
            .filter(|p| !p.amount.is_zero())
            .collect(),
    )
}
