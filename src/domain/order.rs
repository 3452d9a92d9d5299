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

/// Check a set of lines as a whole: the order total must stay within [`MAX_ORDER_TOTAL_ORE`].
pub fn validate_lines(lines: &[OrderLine]) -> Result<(), DomainError> {
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
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 4] = [
        PaymentMethod::Mobil,
        PaymentMethod::Kontant,
        PaymentMethod::Kort,
        PaymentMethod::Faktura,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::Mobil => "MOBIL",
            PaymentMethod::Kontant => "KONTANT",
            PaymentMethod::Kort => "KORT",
            PaymentMethod::Faktura => "FAKTURA",
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
}

impl LineKind {
    pub const ALL: [LineKind; 3] = [LineKind::Arbete, LineKind::Artikel, LineKind::Ovrigt];

    pub fn code(self) -> &'static str {
        match self {
            LineKind::Arbete => "arbete",
            LineKind::Artikel => "artikel",
            LineKind::Ovrigt => "övrigt",
        }
    }

    /// Accepts Swedish and English names: arbete/labour, artikel/part, övrigt/other.
    pub fn parse(s: &str) -> Option<LineKind> {
        match s.trim().to_lowercase().as_str() {
            "arbete" | "labour" | "labor" | "a" => Some(LineKind::Arbete),
            "artikel" | "part" | "del" | "reservdel" => Some(LineKind::Artikel),
            "övrigt" | "ovrigt" | "other" | "ö" => Some(LineKind::Ovrigt),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        static LABELS: Labels<3> = Labels::new();
        LABELS.get(LineKind::ALL, self, lang, |k, lang| match k {
            LineKind::Arbete => t!(lang, "line-kind-labour"),
            LineKind::Artikel => t!(lang, "line-kind-part"),
            LineKind::Ovrigt => t!(lang, "line-kind-other"),
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
}

/// Net and VAT for one VAT rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatSum {
    pub rate: VatRate,
    pub net: Money,
    pub vat: Money,
}

/// Totals of an order: net per rate, VAT per rate, total including VAT.
///
/// Rounding rule (docs/ROUNDING.md): each line's net is rounded to öre; VAT is computed once per
/// rate on the sum of that rate's rounded line nets and rounded to öre (half away from zero);
/// the total is the sum of the nets plus the sum of the VAT amounts. No cash rounding here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Totals {
    pub per_rate: Vec<VatSum>,
    pub net: Money,
    pub vat: Money,
    pub total: Money,
}

impl Totals {
    pub fn of(lines: &[OrderLine]) -> Totals {
        let mut per_rate: Vec<VatSum> = Vec::new();
        for rate in VatRate::ALL {
            let net: Money = lines
                .iter()
                .filter(|l| l.vat == rate)
                .map(OrderLine::net)
                .sum();
            if lines.iter().any(|l| l.vat == rate) {
                let vat = Money::round(net.amount() * rate.fraction());
                per_rate.push(VatSum { rate, net, vat });
            }
        }
        let net = per_rate.iter().map(|r| r.net).sum();
        let vat = per_rate.iter().map(|r| r.vat).sum();
        Totals {
            per_rate,
            net,
            vat,
            total: net + vat,
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

    /// ÖPPEN → KLART. An order without lines cannot be complete.
    pub fn mark_complete(&mut self) -> Result<(), DomainError> {
        let next = self.status.apply(Action::MarkComplete)?;
        if self.lines.is_empty() {
            return Err(DomainError::NoLines);
        }
        self.status = next;
        Ok(())
    }
}

/// Rule violations of the domain, shown to the user as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainError {
    Locked(Status),
    IllegalTransition { from: Status, action: Action },
    NoLines,
    TotalTooLarge(Money),
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
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn line(qty: &str, price: &str, disc: &str, vat: VatRate) -> OrderLine {
        OrderLine {
            kind: LineKind::Artikel,
            article_no: None,
            description: "x".into(),
            quantity: Quantity::parse(qty).unwrap(),
            unit: "st".into(),
            unit_price: Money::parse(price).unwrap(),
            discount: Percent::parse(disc).unwrap(),
            vat,
        }
    }

    #[test]
    fn line_net_rounds_to_ore() {
        // 1,5 h × 845,50 = 1268,25
        assert_eq!(
            line("1,5", "845,50", "0", VatRate::R25).net().ore(),
            126_825
        );
        // 3 × 33,33 with 10 % discount = 89,991 → 89,99
        assert_eq!(line("3", "33,33", "10", VatRate::R25).net().ore(), 8_999);
        // 0,5 × 0,05 = 0,025 → 0,03 (half away from zero)
        assert_eq!(line("0,5", "0,05", "0", VatRate::R25).net().ore(), 3);
        // 100 % discount is free
        assert_eq!(line("2", "100", "100", VatRate::R25).net().ore(), 0);
    }

    #[test]
    fn vat_is_computed_per_rate_on_rounded_line_nets() {
        // Three lines of 0,10 at 25 %: per-line VAT would be 0,03 × 3 = 0,09; per rate it is
        // round(0,30 × 0,25) = round(0,075) = 0,08.
        let lines = vec![
            line("1", "0,10", "0", VatRate::R25),
            line("1", "0,10", "0", VatRate::R25),
            line("1", "0,10", "0", VatRate::R25),
            line("2", "49,90", "0", VatRate::R12),
            line("1", "120", "0", VatRate::R0),
        ];
        let t = Totals::of(&lines);
        assert_eq!(t.per_rate.len(), 3);
        assert_eq!(t.per_rate[0].rate, VatRate::R25);
        assert_eq!(t.per_rate[0].net.ore(), 30);
        assert_eq!(t.per_rate[0].vat.ore(), 8);
        assert_eq!(t.per_rate[1].rate, VatRate::R12);
        assert_eq!(t.per_rate[1].net.ore(), 9_980);
        assert_eq!(t.per_rate[1].vat.ore(), 1_198); // 11,976 → 11,98
        assert_eq!(t.per_rate[2].vat.ore(), 0);
        assert_eq!(t.net.ore(), 30 + 9_980 + 12_000);
        assert_eq!(t.vat.ore(), 8 + 1_198);
        assert_eq!(t.total, t.net + t.vat);
        assert_eq!(t.total.amount(), dec!(232.16));
    }

    #[test]
    fn typical_workshop_order() {
        // Labour 1,5 h à 895 + oil filter 189 + 4,3 l oil à 129, all 25 %.
        let lines = vec![
            line("1,5", "895", "0", VatRate::R25),
            line("1", "189", "0", VatRate::R25),
            line("4,3", "129", "0", VatRate::R25),
        ];
        let t = Totals::of(&lines);
        assert_eq!(t.net.amount(), dec!(2086.20));
        assert_eq!(t.vat.amount(), dec!(521.55));
        assert_eq!(t.total.amount(), dec!(2607.75));
        let (cash, diff) = t.total.cash_rounded();
        assert_eq!(cash.amount(), dec!(2608));
        assert_eq!(diff.amount(), dec!(0.25));
    }

    #[test]
    fn absurd_totals_are_refused() {
        let big = line("100000000", "100000000", "0", VatRate::R25);
        let err = validate_lines(&[big.clone(), big]).unwrap_err();
        assert!(matches!(err, DomainError::TotalTooLarge(_)));
        assert!(err.message(Lang::Sv).contains("orimligt stor"));
        assert!(validate_lines(&[line("10", "99999", "0", VatRate::R25)]).is_ok());
    }

    #[test]
    fn empty_order_totals_zero() {
        let t = Totals::of(&[]);
        assert!(t.per_rate.is_empty());
        assert!(t.total.is_zero());
    }

    #[test]
    fn every_legal_transition() {
        use Action::*;
        use Status::*;
        let legal = [
            (Open, MarkComplete, Complete),
            (Complete, SendPayment, MobilePayment),
            (MobilePayment, CancelPayment, Complete),
            (Credited, CancelPayment, Complete),
            (Complete, Book, Booked),
            (MobilePayment, Book, Booked),
            (Booked, Credit, Credited),
        ];
        for (from, action, to) in legal {
            assert_eq!(from.apply(action), Ok(to), "{from} {action:?}");
        }
        // Every other pair is refused, with the status named in the message.
        for from in Status::ALL {
            for action in Action::ALL {
                if legal.iter().any(|(f, a, _)| *f == from && *a == action) {
                    continue;
                }
                let err = from.apply(action).unwrap_err();
                assert_eq!(err, DomainError::IllegalTransition { from, action });
                assert!(err.message(Lang::Sv).contains(from.code()));
                assert!(err.message(Lang::En).contains(from.code()));
            }
        }
    }

    #[test]
    fn locked_orders_refuse_changes() {
        let mut order = Order {
            nr: FIRST_ORDER_NR,
            customer_no: 10001,
            regnr: None,
            status: Status::MobilePayment,
            lines: vec![line("1", "100", "0", VatRate::R25)],
            payment_method: None,
            payment_received: false,
            payment_received_at: None,
            invoice_no: None,
            booked_at: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
        };
        let err = order.set_lines(vec![]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Ordern är låst – annullera betalnings-SMS först"
        );
        assert_eq!(order.lines.len(), 1);
        order.status = Status::Booked;
        assert!(
            order
                .set_lines(vec![])
                .unwrap_err()
                .to_string()
                .contains("bokförd")
        );
        order.status = Status::Complete;
        order.set_lines(vec![]).unwrap();
        order.status = Status::Open;
        assert_eq!(order.mark_complete(), Err(DomainError::NoLines));
        assert_eq!(order.status, Status::Open);
    }

    #[test]
    fn status_codes_parse_with_and_without_swedish_letters() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.code()), Some(s));
            assert_eq!(Status::parse(&s.code().to_lowercase()), Some(s));
        }
        assert_eq!(Status::parse("bokford"), Some(Status::Booked));
        assert_eq!(Status::parse("OPPEN"), Some(Status::Open));
        assert_eq!(Status::parse("BETALD"), None);
    }
}
