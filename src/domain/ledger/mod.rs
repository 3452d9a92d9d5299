//! The general ledger side of a sale: BAS accounts, vouchers (verifikationer) and the postings a
//! booking makes (shared/docs/nordic-conventions.md §1). Pure: no I/O, no clock.
//!
//! Amounts follow SIE: positive is debit, negative is credit, and every voucher sums to zero.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Lang;
use super::money::{Money, VatRate};
use super::order::{LineKind, OrderLine, PaymentMethod, Totals};
use crate::t;

/// A BAS account number: four digits, 1000–9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Account(u16);

impl Account {
    pub fn new(n: u32) -> Option<Account> {
        (1000..=9999).contains(&n).then_some(Account(n as u16))
    }

    pub fn number(self) -> u16 {
        self.0
    }

    /// The account class: the first digit (1 assets, 2 liabilities, 3 revenue, …).
    pub fn class(self) -> u8 {
        (self.0 / 1000) as u8
    }
}

impl TryFrom<u32> for Account {
    type Error = String;
    fn try_from(n: u32) -> Result<Self, String> {
        Account::new(n).ok_or_else(|| format!("{n} är inte ett fyrsiffrigt BAS-konto"))
    }
}

impl From<Account> for u32 {
    fn from(a: Account) -> u32 {
        a.0 as u32
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

fn acc(n: u16) -> Account {
    Account(n)
}

/// The chart of accounts (kontoplan): the accounts a voucher may use, with their names. Starts
/// with the BAS accounts Verkstad books to; config.toml adds more under `[chart]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    names: BTreeMap<Account, String>,
}

/// BAS names of the accounts the default booking uses, and the usual alternatives.
const BAS: &[(u16, &str)] = &[
    (1510, "Kundfordringar"),
    (1516, "Tvistiga kundfordringar"),
    (1580, "Fordringar för kontokort och kuponger"),
    (1581, "Klarna avräkning"),
    (1680, "Andra kortfristiga fordringar"),
    (1686, "Fordringar för kontokort och kuponger"),
    (1910, "Kassa"),
    (1920, "PlusGiro"),
    (1930, "Företagskonto/checkkonto/affärskonto"),
    (1931, "Resurs Bank avräkning"),
    (2420, "Förskott från kunder"),
    (2611, "Utgående moms på försäljning inom Sverige, 25 %"),
    (2621, "Utgående moms på försäljning inom Sverige, 12 %"),
    (2631, "Utgående moms på försäljning inom Sverige, 6 %"),
    (2640, "Ingående mervärdesskatt"),
    (2999, "OBS-konto"),
    (3001, "Försäljning inom Sverige, 25 % moms"),
    (3002, "Försäljning inom Sverige, 12 % moms"),
    (3003, "Försäljning inom Sverige, 6 % moms"),
    (3004, "Försäljning inom Sverige, momsfri"),
    (3041, "Försäljning tjänst inom Sverige, 25 % moms"),
    (3042, "Försäljning tjänst inom Sverige, 12 % moms"),
    (3043, "Försäljning tjänst inom Sverige, 6 % moms"),
    (3044, "Försäljning tjänst inom Sverige, momsfri"),
    (3308, "Försäljning tjänster till annat EU-land"),
    (3740, "Öres- och kronutjämning"),
    (6064, "Factoringavgifter"),
    (6351, "Konstaterade förluster på kundfordringar"),
];

impl Default for Chart {
    fn default() -> Self {
        Chart {
            names: BAS
                .iter()
                .map(|(n, name)| (acc(*n), name.to_string()))
                .collect(),
        }
    }
}

impl Chart {
    /// Add or rename an account.
    pub fn insert(&mut self, account: Account, name: &str) {
        self.names.insert(account, name.to_string());
    }

    pub fn name(&self, account: Account) -> Option<&str> {
        self.names.get(&account).map(String::as_str)
    }

    pub fn contains(&self, account: Account) -> bool {
        self.names.contains_key(&account)
    }

    pub fn iter(&self) -> impl Iterator<Item = (Account, &str)> {
        self.names.iter().map(|(a, n)| (*a, n.as_str()))
    }
}

/// What an account is used for in a booking; names the setting in config.toml `[accounts]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The debit account of a payment method.
    Method(PaymentMethod),
    /// Cash rounding (öres- och kronutjämning).
    Rounding,
    /// Sales of parts and other goods at a VAT rate.
    Parts(VatRate),
    /// Sales of labour at a VAT rate.
    Labour(VatRate),
    /// Output VAT at a rate (not 0 %).
    Vat(VatRate),
    /// Utlägg passed on to the customer: a pass-through receivable, not revenue.
    Outlay,
    /// Sales with reverse charge (omvänd betalningsskyldighet): services to a business in
    /// another EU country, no Swedish VAT.
    ReverseCharge,
    /// The bank account a provider's payout lands on.
    Bank,
    /// A payment provider's fees (Klarna's purchase and dispute fees).
    ProviderFee,
    /// Input VAT on a provider's fee, when the provider states any.
    InputVat,
    /// The loss of a dispute lost (the chargeback): a confirmed bad debt.
    ChargebackLoss,
    /// Money a provider paid out that no invoice of ours can be found for (OBS-konto), until
    /// the accountant moves it.
    Unidentified,
    /// Customers' prepayments and credit (förskott från kunder): a bank payment that arrived
    /// before its invoice, or more than the invoices asked (issue 14).
    Prepayment,
}

impl Role {
    /// The key in config.toml `[accounts]`, e.g. `mobil`, `parts_25`, `vat_12`.
    pub fn key(self) -> String {
        match self {
            Role::Method(m) => m.code().to_lowercase(),
            Role::Rounding => "rounding".into(),
            Role::Parts(r) => format!("parts_{}", r.percent()),
            Role::Labour(r) => format!("labour_{}", r.percent()),
            Role::Vat(r) => format!("vat_{}", r.percent()),
            Role::Outlay => "utlagg".into(),
            Role::ReverseCharge => "reverse_charge".into(),
            Role::Bank => "bank".into(),
            Role::ProviderFee => "klarna_fee".into(),
            Role::InputVat => "input_vat".into(),
            Role::ChargebackLoss => "chargeback_loss".into(),
            Role::Unidentified => "unidentified".into(),
            Role::Prepayment => "prepayment".into(),
        }
    }

    /// Every role, in the order config.toml lists them.
    pub fn all() -> Vec<Role> {
        let mut out: Vec<Role> = PaymentMethod::ALL.into_iter().map(Role::Method).collect();
        out.push(Role::Rounding);
        out.extend(VatRate::ALL.into_iter().map(Role::Parts));
        out.extend(VatRate::ALL.into_iter().map(Role::Labour));
        out.extend(
            VatRate::ALL
                .into_iter()
                .filter(|r| r.percent() > 0)
                .map(Role::Vat),
        );
        out.push(Role::Outlay);
        out.push(Role::ReverseCharge);
        out.extend([
            Role::Bank,
            Role::ProviderFee,
            Role::InputVat,
            Role::ChargebackLoss,
            Role::Unidentified,
            Role::Prepayment,
        ]);
        out
    }

    /// The account class a role's account must belong to.
    fn class(self) -> u8 {
        match self {
            Role::Method(_) | Role::Outlay | Role::Bank => 1,
            Role::Vat(_) | Role::InputVat | Role::Unidentified | Role::Prepayment => 2,
            Role::Rounding | Role::Parts(_) | Role::Labour(_) | Role::ReverseCharge => 3,
            Role::ProviderFee | Role::ChargebackLoss => 6,
        }
    }
}

/// The accounts a booking uses. Defaults follow BAS and the issue: MOBIL 1931 (Resurs clearing),
/// KORT 1580, KONTANT 1910, FAKTURA 1510, rounding 3740, parts 3001–3004, labour 3041–3044,
/// output VAT 2611/2621/2631, utlägg 1680, reverse-charge sales 3308.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accounts {
    map: BTreeMap<String, Account>,
}

impl Default for Accounts {
    fn default() -> Self {
        let mut map = BTreeMap::new();
        for role in Role::all() {
            let n = match role {
                Role::Method(PaymentMethod::Mobil) => 1931,
                Role::Method(PaymentMethod::Kort) => 1580,
                Role::Method(PaymentMethod::Kontant) => 1910,
                Role::Method(PaymentMethod::Faktura) => 1510,
                // What Klarna owes us for captured invoices until its settlement pays it: an own
                // sub-account in the 158x group (docs/BOOKKEEPING.md), `klarna = …` to change.
                Role::Method(PaymentMethod::Klarna) => 1581,
                Role::Rounding => 3740,
                Role::Parts(r) => 3001 + rate_index(r),
                Role::Labour(r) => 3041 + rate_index(r),
                Role::Vat(r) => 2611 + 10 * rate_index(r),
                Role::Outlay => 1680,
                Role::ReverseCharge => 3308,
                Role::Bank => 1930,
                Role::ProviderFee => 6064,
                Role::InputVat => 2640,
                Role::ChargebackLoss => 6351,
                Role::Unidentified => 2999,
                Role::Prepayment => 2420,
            };
            map.insert(role.key(), acc(n));
        }
        Accounts { map }
    }
}

fn rate_index(r: VatRate) -> u16 {
    match r.percent() {
        25 => 0,
        12 => 1,
        6 => 2,
        _ => 3,
    }
}

impl Accounts {
    /// The defaults with the user's settings (`key = account`) applied and checked against the
    /// chart: unknown keys, unknown accounts and accounts of the wrong class are refused.
    pub fn configured(
        settings: &BTreeMap<String, u32>,
        chart: &Chart,
    ) -> Result<Accounts, LedgerError> {
        let mut accounts = Accounts::default();
        for (key, n) in settings {
            let role = Role::all()
                .into_iter()
                .find(|r| r.key() == *key)
                .ok_or_else(|| LedgerError::UnknownSetting(key.clone()))?;
            let account = Account::new(*n).ok_or(LedgerError::NotAnAccount {
                key: key.clone(),
                number: *n,
            })?;
            if !chart.contains(account) {
                return Err(LedgerError::UnknownAccount {
                    key: key.clone(),
                    account,
                });
            }
            if account.class() != role.class() {
                return Err(LedgerError::WrongClass {
                    key: key.clone(),
                    account,
                    class: role.class(),
                });
            }
            accounts.map.insert(key.clone(), account);
        }
        Ok(accounts)
    }

    pub fn get(&self, role: Role) -> Account {
        // Every role has a default, so the key is always there.
        self.map.get(&role.key()).copied().unwrap_or(acc(2999))
    }

    /// The account a line is credited to: an utlägg to the pass-through account; under reverse
    /// charge every other line to the reverse-charge sales account; else labour to the labour
    /// accounts, parts and other lines to the goods accounts of the line's rate.
    pub fn sales(&self, kind: LineKind, rate: VatRate, taxation: Taxation) -> Account {
        match (kind, taxation) {
            (LineKind::Utlagg, _) => self.get(Role::Outlay),
            (_, Taxation::ReverseCharge) => self.get(Role::ReverseCharge),
            (LineKind::Arbete, Taxation::Domestic) => self.get(Role::Labour(rate)),
            (LineKind::Artikel | LineKind::Ovrigt, Taxation::Domestic) => {
                self.get(Role::Parts(rate))
            }
        }
    }

    /// Every account the booking may use.
    pub fn all(&self) -> impl Iterator<Item = Account> + '_ {
        self.map.values().copied()
    }
}

/// How VAT applies to a sale.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Taxation {
    /// Swedish VAT at each line's rate.
    #[default]
    Domestic,
    /// Omvänd betalningsskyldighet (reverse charge): the buyer, a business in another EU
    /// country, accounts for the VAT. The invoice carries no Swedish VAT (every line at 0 %) and
    /// the sale is booked on its own account with no output VAT.
    ReverseCharge,
}

impl Taxation {
    pub fn of(reverse_charge: bool) -> Taxation {
        if reverse_charge {
            Taxation::ReverseCharge
        } else {
            Taxation::Domestic
        }
    }
}

/// One row of a voucher: positive debit, negative credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posting {
    pub account: Account,
    pub amount: Money,
}

/// A voucher (verifikation) of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voucher {
    /// Voucher series, "A".
    pub series: String,
    pub number: i64,
    pub date: NaiveDate,
    pub text: String,
    pub rows: Vec<Posting>,
}

impl Voucher {
    pub fn sum(&self) -> Money {
        self.rows.iter().map(|p| p.amount).sum()
    }

    pub fn is_balanced(&self) -> bool {
        self.sum().is_zero()
    }

    /// Debit total (the voucher's turnover).
    pub fn debit(&self) -> Money {
        self.rows
            .iter()
            .filter(|p| !p.amount.is_negative())
            .map(|p| p.amount)
            .sum()
    }
}

/// The amount a customer pays for a total with a payment method, and the rounding: cash is
/// rounded to whole kronor (1–49 öre down, 50–99 up); every other method pays to the öre.
pub fn amount_to_pay(total: Money, method: PaymentMethod) -> (Money, Money) {
    if method == PaymentMethod::Kontant {
        total.cash_rounded()
    } else {
        (total, Money::ZERO)
    }
}

/// The postings of a sale (or, with negated lines and totals, of a credit): debit the payment
/// method's account with what is paid, credit each sales account with its lines' nets (an
/// utlägg: the pass-through account; reverse charge: its own sales account, see
/// [`Accounts::sales`]) and each VAT account with the VAT of its rate (as `totals` has it), and
/// put a cash rounding on the rounding account. Rows are merged per account, zero rows left out,
/// and the result balances. Under reverse charge the lines are the invoice's (every one at 0 %),
/// so no output VAT is booked.
pub fn sale_postings(
    lines: &[OrderLine],
    totals: &Totals,
    method: PaymentMethod,
    taxation: Taxation,
    accounts: &Accounts,
) -> Vec<Posting> {
    let (paid, rounding) = amount_to_pay(totals.total, method);
    let mut rows: Vec<Posting> = vec![Posting {
        account: accounts.get(Role::Method(method)),
        amount: paid,
    }];
    let mut add = |account: Account, amount: Money| {
        if let Some(p) = rows.iter_mut().skip(1).find(|p| p.account == account) {
            p.amount += amount;
        } else {
            rows.push(Posting { account, amount });
        }
    };
    for line in lines {
        add(accounts.sales(line.kind, line.vat, taxation), -line.net());
    }
    for rate in &totals.per_rate {
        if rate.rate.percent() > 0 {
            add(accounts.get(Role::Vat(rate.rate)), -rate.vat);
        }
    }
    // What is paid minus what is owed: rounded down, the rounding is a debit (a cost).
    add(accounts.get(Role::Rounding), -rounding);
    let first = rows[0];
    let mut rows: Vec<Posting> = rows.into_iter().filter(|p| !p.amount.is_zero()).collect();
    if rows.is_empty() {
        rows.push(first);
    }
    rows
}

/// Negate every amount: the exact reversal of postings.
pub fn reversed(rows: &[Posting]) -> Vec<Posting> {
    rows.iter()
        .map(|p| Posting {
            account: p.account,
            amount: -p.amount,
        })
        .collect()
}

/// Sum postings per account (accounts in order of first appearance).
pub fn merge(rows: impl IntoIterator<Item = Posting>) -> Vec<Posting> {
    let mut out: Vec<Posting> = Vec::new();
    for r in rows {
        match out.iter_mut().find(|p| p.account == r.account) {
            Some(p) => p.amount += r.amount,
            None => out.push(r),
        }
    }
    out
}

/// OCR reference of an invoice: the invoice number, a length digit (the total length including
/// both check digits, mod 10) and a Luhn check digit over everything before it (§3).
pub fn ocr_reference(invoice_no: i64) -> String {
    let base = invoice_no.abs().to_string();
    let len_digit = (base.len() + 2) % 10;
    let payload = format!("{base}{len_digit}");
    let check = super::ids::luhn_check_digit(&payload).unwrap_or(0);
    format!("{payload}{check}")
}

/// Check an OCR reference with length digit and Luhn check digit.
pub fn ocr_valid(ocr: &str) -> bool {
    let n = ocr.len();
    n >= 3
        && ocr.bytes().all(|b| b.is_ascii_digit())
        && (ocr.as_bytes()[n - 2] - b'0') as usize == n % 10
        && super::ids::luhn_valid(ocr)
}

/// Errors in the ledger settings and in booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerError {
    UnknownSetting(String),
    NotAnAccount {
        key: String,
        number: u32,
    },
    UnknownAccount {
        key: String,
        account: Account,
    },
    WrongClass {
        key: String,
        account: Account,
        class: u8,
    },
    Unbalanced(Money),
}

impl LedgerError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            LedgerError::UnknownSetting(k) => t!(lang, "ledger-unknown-setting", key = k),
            LedgerError::NotAnAccount { key, number } => t!(
                lang,
                "ledger-not-an-account",
                key = key,
                number = number.to_string()
            ),
            LedgerError::UnknownAccount { key, account } => t!(
                lang,
                "ledger-account-not-in-chart",
                key = key,
                account = account.to_string()
            ),
            LedgerError::WrongClass {
                key,
                account,
                class,
            } => t!(
                lang,
                "ledger-account-wrong-class",
                key = key,
                account = account.to_string(),
                class = class.to_string()
            ),
            LedgerError::Unbalanced(m) => t!(lang, "ledger-unbalanced", difference = m.to_string()),
        }
    }
}

impl std::fmt::Display for LedgerError {
    /// Swedish, the default language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Sv))
    }
}

impl std::error::Error for LedgerError {}

#[cfg(test)]
mod tests;
