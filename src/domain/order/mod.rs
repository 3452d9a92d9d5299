//! The work order (verkstadsorder): lines, totals, status machine.

use std::fmt;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Lang;
use super::ids::Regnr;
use super::lang::Labels;
use super::money::{Money, Percent, Quantity, VatRate};
use crate::t;

/// Order numbers come from an unbroken series that starts here.
pub const FIRST_ORDER_NR: i64 = 10001;

/// The largest order total we accept: 1 000 000 000 kr (far above any workshop order, far below
/// what integer öre can hold).
pub const MAX_ORDER_TOTAL_ORE: i64 = 100_000_000_000;

/// Check a set of lines as a whole: every line keeps the rules of its kind
/// ([`OrderLine::check`]) and the order total stays within [`MAX_ORDER_TOTAL_ORE`].
pub fn validate_lines(lines: &[OrderLine]) -> Result<(), DomainError> {
    for line in lines {
        line.check()?;
    }
    let total = Totals::of(lines).total;
    if total.amount().abs() > Money::from_ore(MAX_ORDER_TOTAL_ORE).amount() {
        return Err(DomainError::TotalTooLarge(total));
    }
    Ok(())
}

/// Status codes as ProMeister shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Status {
    /// ÖPPEN: being written up.
    #[serde(rename = "ÖPPEN")]
    Open,
    /// KLART: complete, ready to be paid.
    #[serde(rename = "KLART")]
    Complete,
    /// MOBILBET: payment SMS sent, order locked.
    #[serde(rename = "MOBILBET")]
    MobilePayment,
    /// BOKFÖRD: booked, has an invoice number, read-only.
    #[serde(rename = "BOKFÖRD")]
    Booked,
    /// KREDITERAD: the invoice has been credited.
    #[serde(rename = "KREDITERAD")]
    Credited,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Open,
        Status::Complete,
        Status::MobilePayment,
        Status::Booked,
        Status::Credited,
    ];

    /// The status code, as stored and shown.
    pub fn code(self) -> &'static str {
        match self {
            Status::Open => "ÖPPEN",
            Status::Complete => "KLART",
            Status::MobilePayment => "MOBILBET",
            Status::Booked => "BOKFÖRD",
            Status::Credited => "KREDITERAD",
        }
    }

    /// Parse a status code; accepts the code without Swedish letters too (OPPEN, BOKFORD).
    pub fn parse(s: &str) -> Option<Status> {
        let up = s.trim().to_uppercase().replace('Ö', "O");
        Status::ALL
            .into_iter()
            .find(|st| st.code().replace('Ö', "O") == up)
    }

    /// Lines and header may be changed only while the order is open or complete.
    pub fn is_editable(self) -> bool {
        matches!(self, Status::Open | Status::Complete)
    }

    /// Apply an action to this status: the status machine. Illegal moves are refused with a reason.
    pub fn apply(self, action: Action) -> Result<Status, DomainError> {
        use Action::*;
        use Status::*;
        let next = match (self, action) {
            (Open, MarkComplete) => Complete,
            (Complete, SendPayment) => MobilePayment,
            (MobilePayment | Credited, CancelPayment) => Complete,
            (Complete | MobilePayment, Book) => Booked,
            (Booked, Credit) => Credited,
            (from, action) => return Err(DomainError::IllegalTransition { from, action }),
        };
        Ok(next)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

/// What a user (or a payment check) does to an order's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// "Markera klar": ÖPPEN → KLART.
    MarkComplete,
    /// "Skicka mobilbetalning (SMS)": KLART → MOBILBET.
    SendPayment,
    /// "Annullera betalnings-SMS / Öppna order": MOBILBET → KLART, and KREDITERAD → KLART (the
    /// credited order is opened again, refunding a mobile payment).
    CancelPayment,
    /// "Bokför": KLART or MOBILBET (paid) → BOKFÖRD.
    Book,
    /// "Kreditera": BOKFÖRD → KREDITERAD.
    Credit,
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::MarkComplete,
        Action::SendPayment,
        Action::CancelPayment,
        Action::Book,
        Action::Credit,
    ];

    /// The action's name in the Funktion menu.
    pub fn label(self, lang: Lang) -> &'static str {
        static LABELS: Labels<5> = Labels::new();
        LABELS.get(Action::ALL, self, lang, |a, lang| match a {
            Action::MarkComplete => t!(lang, "action-mark-complete"),
            Action::SendPayment => t!(lang, "action-send-payment"),
            Action::CancelPayment => t!(lang, "action-cancel-payment"),
            Action::Book => t!(lang, "action-book"),
            Action::Credit => t!(lang, "action-credit"),
        })
    }
}

/// Payment methods (betalsätt).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum PaymentMethod {
    Mobil,
    Kontant,
    Kort,
    Faktura,
    /// An invoice through Klarna: reserved at Klarna, captured when booked, paid to us by
    /// Klarna's settlement (docs/KLARNA.md).
    Klarna,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 5] = [
        PaymentMethod::Mobil,
        PaymentMethod::Kontant,
        PaymentMethod::Kort,
        PaymentMethod::Faktura,
        PaymentMethod::Klarna,
    ];

    /// Paid through a payment provider: the sale is bound to the provider's payment (the
    /// reservation or the mobile payment) for exactly its amount, and the provider captures and
    /// refunds.
    pub fn via_provider(self) -> bool {
        matches!(self, PaymentMethod::Mobil | PaymentMethod::Klarna)
    }

    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::Mobil => "MOBIL",
            PaymentMethod::Kontant => "KONTANT",
            PaymentMethod::Kort => "KORT",
            PaymentMethod::Faktura => "FAKTURA",
            PaymentMethod::Klarna => "KLARNA",
        }
    }

    pub fn parse(s: &str) -> Option<PaymentMethod> {
        let up = s.trim().to_uppercase();
        PaymentMethod::ALL.into_iter().find(|m| m.code() == up)
    }
}

impl fmt::Display for PaymentMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

/// Kind of order line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LineKind {
    /// Labour.
    Arbete,
    /// Part.
    #[default]
    Artikel,
    /// Anything else (environmental fee, rental car…).
    Ovrigt,
    /// Utlägg: a disbursement the workshop paid on the customer's behalf and passes on at cost
    /// (the inspection fee, a towing bill). Not a sale: always 0 % VAT, no discount, outside the
    /// VAT basis, booked on a pass-through account (docs/BOOKKEEPING.md).
    #[serde(rename = "utlägg")]
    Utlagg,
}

impl LineKind {
    pub const ALL: [LineKind; 4] = [
        LineKind::Arbete,
        LineKind::Artikel,
        LineKind::Ovrigt,
        LineKind::Utlagg,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LineKind::Arbete => "arbete",
            LineKind::Artikel => "artikel",
            LineKind::Ovrigt => "övrigt",
            LineKind::Utlagg => "utlägg",
        }
    }

    /// Accepts Swedish and English names: arbete/labour, artikel/part, övrigt/other,
    /// utlägg/disbursement.
    pub fn parse(s: &str) -> Option<LineKind> {
        match s.trim().to_lowercase().as_str() {
            "arbete" | "labour" | "labor" | "a" => Some(LineKind::Arbete),
            "artikel" | "part" | "del" | "reservdel" => Some(LineKind::Artikel),
            "övrigt" | "ovrigt" | "other" | "ö" => Some(LineKind::Ovrigt),
            "utlägg" | "utlagg" | "disbursement" | "outlay" => Some(LineKind::Utlagg),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        static LABELS: Labels<4> = Labels::new();
        LABELS.get(LineKind::ALL, self, lang, |k, lang| match k {
            LineKind::Arbete => t!(lang, "line-kind-labour"),
            LineKind::Artikel => t!(lang, "line-kind-part"),
            LineKind::Ovrigt => t!(lang, "line-kind-other"),
            LineKind::Utlagg => t!(lang, "line-kind-outlay"),
        })
    }
}

/// One line of a work order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub kind: LineKind,
    pub article_no: Option<String>,
    pub description: String,
    pub quantity: Quantity,
    pub unit: String,
    /// Price per unit excluding VAT.
    pub unit_price: Money,
    pub discount: Percent,
    pub vat: VatRate,
}

impl OrderLine {
    /// Net amount of the line excluding VAT: quantity × unit price × (1 − discount), rounded to öre.
    pub fn net(&self) -> Money {
        let factor = Decimal::ONE - self.discount.value() / Decimal::ONE_HUNDRED;
        Money::round(self.quantity.value() * self.unit_price.amount() * factor)
    }

    /// An utlägg (disbursement): passed on at cost, outside the VAT basis.
    pub fn is_outlay(&self) -> bool {
        self.kind == LineKind::Utlagg
    }

    /// The rules of the line's kind: an utlägg carries 0 % VAT and no discount (it is passed on
    /// exactly as it was paid).
    pub fn check(&self) -> Result<(), DomainError> {
        if self.is_outlay() {
            if self.vat != VatRate::R0 {
                return Err(DomainError::OutlayVat(self.vat));
            }
            if !self.discount.is_zero() {
                return Err(DomainError::OutlayDiscount);
            }
        }
        Ok(())
    }
}

/// Net and VAT for one VAT rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatSum {
    pub rate: VatRate,
    pub net: Money,
    pub vat: Money,
}

/// Totals of an order: net per rate, VAT per rate, utlägg, total including VAT.
///
/// Rounding rule (docs/ROUNDING.md): each line's net is rounded to öre; VAT is computed once per
/// rate on the sum of that rate's rounded line nets and rounded to öre (half away from zero);
/// the total is the sum of the nets plus the sum of the VAT amounts plus the utlägg. No cash
/// rounding here.
///
/// Utlägg lines ([`LineKind::Utlagg`]) are not part of the VAT basis: they are in `outlays`,
/// not in `per_rate` or `net`. So `total = net + vat + outlays`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Totals {
    /// The VAT basis (beskattningsunderlag) and the VAT of each rate the lines use.
    pub per_rate: Vec<VatSum>,
    /// Utlägg passed on at cost, outside VAT.
    pub outlays: Money,
    /// The VAT basis: the nets of every line but the utlägg.
    pub net: Money,
    pub vat: Money,
    pub total: Money,
}

impl Totals {
    pub fn of(lines: &[OrderLine]) -> Totals {
        let mut per_rate: Vec<VatSum> = Vec::new();
        let sold = || lines.iter().filter(|l| !l.is_outlay());
        for rate in VatRate::ALL {
            if sold().any(|l| l.vat == rate) {
                let net: Money = sold().filter(|l| l.vat == rate).map(OrderLine::net).sum();
                let vat = Money::round(net.amount() * rate.fraction());
                per_rate.push(VatSum { rate, net, vat });
            }
        }
        let outlays = lines
            .iter()
            .filter(|l| l.is_outlay())
            .map(OrderLine::net)
            .sum();
        Totals::from_rates(per_rate, outlays)
    }

    /// The sums of VAT rows and utlägg: net, VAT and total follow from them.
    pub fn from_rates(per_rate: Vec<VatSum>, outlays: Money) -> Totals {
        let net = per_rate.iter().map(|r| r.net).sum();
        let vat = per_rate.iter().map(|r| r.vat).sum();
        Totals {
            per_rate,
            outlays,
            net,
            vat,
            total: net + vat + outlays,
        }
    }
}

/// A work order. Customer and vehicle are referred to by their business keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Order {
    pub nr: i64,
    pub customer_no: i64,
    pub regnr: Option<Regnr>,
    pub status: Status,
    pub lines: Vec<OrderLine>,
    pub payment_method: Option<PaymentMethod>,
    /// "Betalning mottagen".
    pub payment_received: bool,
    /// "Tidpunkt för mottagen betalning".
    pub payment_received_at: Option<DateTime<Utc>>,
    pub invoice_no: Option<i64>,
    pub booked_at: Option<DateTime<Utc>>,
    /// When the work was done: the order went ÖPPEN → KLART (or was imported KLART). The
    /// invoice's date of supply (leveransdatum) comes from it.
    pub completed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Row version for optimistic concurrency; bumped by every save.
    pub version: i64,
}

impl Order {
    pub fn totals(&self) -> Totals {
        Totals::of(&self.lines)
    }

    /// Refuses changes to lines and header unless the order is ÖPPEN or KLART.
    pub fn ensure_editable(&self) -> Result<(), DomainError> {
        if self.status.is_editable() {
            Ok(())
        } else {
            Err(DomainError::Locked(self.status))
        }
    }

    /// Replace the lines (the order must be editable).
    pub fn set_lines(&mut self, lines: Vec<OrderLine>) -> Result<(), DomainError> {
        self.ensure_editable()?;
        validate_lines(&lines)?;
        self.lines = lines;
        Ok(())
    }

    /// ÖPPEN → KLART at `at` (the work is done: the date of supply). An order without lines
    /// cannot be complete.
    pub fn mark_complete(&mut self, at: DateTime<Utc>) -> Result<(), DomainError> {
        let next = self.status.apply(Action::MarkComplete)?;
        if self.lines.is_empty() {
            return Err(DomainError::NoLines);
        }
        self.status = next;
        self.completed_at = Some(at);
        Ok(())
    }
}

/// Rule violations of the domain, shown to the user as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainError {
    Locked(Status),
    IllegalTransition {
        from: Status,
        action: Action,
    },
    NoLines,
    TotalTooLarge(Money),
    /// An utlägg line with a VAT rate other than 0 %.
    OutlayVat(VatRate),
    /// An utlägg line with a discount.
    OutlayDiscount,
}

impl DomainError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            DomainError::Locked(Status::MobilePayment) => t!(lang, "order-locked-payment-sms"),
            DomainError::Locked(Status::Booked) => t!(lang, "order-locked-booked"),
            DomainError::Locked(other) => t!(lang, "order-locked", status = other.to_string()),
            DomainError::IllegalTransition { from, action } => {
                let status = from.to_string();
                match action {
                    Action::MarkComplete => t!(lang, "order-cannot-mark-complete", status = status),
                    Action::SendPayment => t!(lang, "order-cannot-send-payment", status = status),
                    Action::CancelPayment => {
                        t!(lang, "order-cannot-cancel-payment", status = status)
                    }
                    Action::Book => t!(lang, "order-cannot-book", status = status),
                    Action::Credit => t!(lang, "order-cannot-credit", status = status),
                }
            }
            DomainError::NoLines => t!(lang, "order-no-lines"),
            DomainError::TotalTooLarge(total) => {
                t!(lang, "order-total-too-large", total = total.to_string())
            }
            DomainError::OutlayVat(rate) => {
                t!(lang, "order-outlay-vat", rate = rate.percent())
            }
            DomainError::OutlayDiscount => t!(lang, "order-outlay-discount"),
        }
    }
}

impl fmt::Display for DomainError {
    /// Swedish, the default language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::Sv))
    }
}

impl std::error::Error for DomainError {}

#[cfg(test)]
mod tests;
