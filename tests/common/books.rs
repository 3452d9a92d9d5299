//! What the books say, read from a real SQLite file: every voucher, an account's balance.

use chrono::NaiveDate;
use verkstad::domain::Money;
use verkstad::domain::ledger::Voucher;
use verkstad::store::Database;
use verkstad::store::prelude::*;

/// Every voucher in the database, in number order.
pub fn vouchers(db: &Database) -> Vec<Voucher> {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    db.vouchers_between(day(2000, 1, 1), day(2100, 1, 1))
        .unwrap()
}

/// What the vouchers have put on `account`, in total (debit positive).
pub fn balance(db: &Database, account: u16) -> Money {
    vouchers(db)
        .iter()
        .flat_map(|v| v.rows.iter())
        .filter(|p| p.account.number() == account)
        .map(|p| p.amount)
        .sum()
}
