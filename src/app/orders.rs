//! Order use cases of the counter screen: new order (find or create the customer, find or add
//! the vehicle) and line editing with optimistic concurrency.

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use super::error::{AppError, InputField, Part, Result};
use super::import::{import_orders, line_from_json};
use crate::domain::ids::{Mobile, Regnr};
use crate::domain::search::Filter;
use crate::domain::{LineKind, Money, Order, OrderLine, Percent, Quantity, Status, VatRate};
use crate::msg;
use crate::store::prelude::*;
use crate::store::{Store, StoreError};
use crate::text::Message;

/// The "Ny order" form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewOrderInput {
    /// Find an existing customer: number, name or mobile.
    pub find: String,
    /// Or create one: name and mobile.
    pub name: String,
    pub mobile: String,
    /// The vehicle: an existing plate, or a new one with make and model.
    pub regnr: String,
    pub make_model: String,
}

/// Who a new order is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderCustomer {
    /// An existing customer by number: an unknown number is an error.
    Number(i64),
    /// The one customer a number, name or mobile points at (the screen's search field).
    Find(String),
    /// A new customer (or the one with exactly this name and mobile).
    New { name: String, mobile: String },
}

/// A new order: customer and, optionally, the vehicle (an existing plate, or a new one with
/// make and model).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    pub customer: OrderCustomer,
    pub regnr: String,
    pub make: String,
    pub model: String,
}

/// Create an ÖPPEN order from the form. Returns its number.
/// Every error names the form's field it is about ([`AppError::Field`]), so that the screen can
/// show it there and keep what was typed.
pub fn create_order(
    store: &impl Store,
    actor: &str,
    input: &NewOrderInput,
    today: NaiveDate,
) -> Result<i64> {
    let find = input.find.trim();
    let customer = if !find.is_empty() {
        let no = find_customer(store, find).map_err(|e| e.at(InputField::FindCustomer))?;
        OrderCustomer::Number(no)
    } else if !input.name.trim().is_empty() {
        if !input.mobile.trim().is_empty() {
            Mobile::parse(input.mobile.trim())
                .map_err(|e| AppError::from(e).at(InputField::NewCustomerMobile))?;
        }
        OrderCustomer::New {
            name: input.name.clone(),
            mobile: input.mobile.clone(),
        }
    } else {
        return Err(AppError::Invalid(msg!("order-give-customer")).at(InputField::FindCustomer));
    };
    if !input.regnr.trim().is_empty() {
        Regnr::parse(input.regnr.trim()).map_err(|e| AppError::from(e).at(InputField::Regnr))?;
    }
    let (make, model) = input
        .make_model
        .trim()
        .split_once(' ')
        .unwrap_or((input.make_model.trim(), ""));
    create(
        store,
        actor,
        &NewOrder {
            customer,
            regnr: input.regnr.clone(),
            make: make.to_string(),
            model: model.to_string(),
        },
        today,
    )
}

/// Create an ÖPPEN order (the counter screen's "Ny order" and `verkstad order new`): every
/// field is checked before anything is written. Returns its number.
pub fn create(store: &impl Store, actor: &str, input: &NewOrder, today: NaiveDate) -> Result<i64> {
    let customer = match &input.customer {
        OrderCustomer::Number(no) => {
            if store.customer(*no)?.is_none() {
                return Err(StoreError::CustomerNotFound(*no).into());
            }
            json!({ "customer_no": no })
        }
        OrderCustomer::Find(text) => json!({ "customer_no": find_customer(store, text.trim())? }),
        OrderCustomer::New { name, mobile } => {
            if name.trim().is_empty() {
                return Err(AppError::Invalid(msg!("order-new-customer-name")));
            }
            let mut c = Map::new();
            c.insert("name".into(), name.trim().into());
            if !mobile.trim().is_empty() {
                c.insert("mobile".into(), mobile.trim().into());
            }
            Value::Object(c)
        }
    };
    let mut record = Map::new();
    record.insert("customer".into(), customer);
    if !input.regnr.trim().is_empty() {
        record.insert(
            "vehicle".into(),
            json!({
                "regnr": input.regnr.trim(),
                "make": input.make.trim(),
                "model": input.model.trim(),
            }),
        );
    }
    let text = Value::Array(vec![Value::Object(record)]).to_string();
    let nrs = import_orders(store, actor, &text, today).map_err(|e| match e {
        AppError::Record { source, .. } => *source,
        other => other,
    })?;
    nrs.first()
        .copied()
        .ok_or_else(|| AppError::Invalid(msg!("order-none-created")))
}

/// The one customer a number, name or mobile points at.
fn find_customer(store: &impl Store, text: &str) -> Result<i64> {
    if let Ok(no) = text.parse::<i64>()
        && store.customer(no)?.is_some()
    {
        return Ok(no);
    }
    let filter =
        Filter::new(text).ok_or_else(|| AppError::Invalid(msg!("order-customer-empty")))?;
    let found = store.find_customers(&filter, 6)?;
    match found.as_slice() {
        [one] => Ok(one.customer_no),
        [] => Err(AppError::Invalid(msg!(
            "order-no-customer-matches",
            text = text
        ))),
        many => {
            let names = many
                .iter()
                .take(5)
                .map(|c| format!("{} {}", c.customer_no, c.name))
                .collect::<Vec<_>>()
                .join(", ");
            Err(AppError::Invalid(msg!(
                "order-several-customers-match",
                names = names
            )))
        }
    }
}

/// The line form: an article or labour number from the register, or a free text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    pub article_or_text: String,
    pub quantity: String,
    pub unit_price: String,
    pub discount: String,
}

/// Whether a text typed as a line looks like an article or labour number (one word with a
/// digit: "OF-1021", "A100") rather than a free text ("Olja", "Byte av torkarblad").
fn looks_like_article_number(what: &str) -> bool {
    !what.contains(char::is_whitespace) && what.chars().any(|c| c.is_ascii_digit())
}

/// A line typed as "Utlägg: Besiktningsavgift" (or "Disbursement: …", any case): an utlägg
/// line, and what follows the colon. The line form has no field for the kind, so this is how
/// the counter makes one.
pub fn outlay_text(what: &str) -> Option<&str> {
    let (word, rest) = what.split_once(':')?;
    (LineKind::parse(word) == Some(LineKind::Utlagg)).then(|| rest.trim())
}

/// The line form's values, checked field by field: every error names its field.
fn line_value(store: &impl Store, input: &LineInput) -> Result<Value> {
    let typed = input.article_or_text.trim();
    let outlay = outlay_text(typed);
    let what = outlay.unwrap_or(typed);
    if what.is_empty() {
        return Err(AppError::Invalid(msg!("line-give-article-or-text")).at(InputField::Article));
    }
    let mut l = Map::new();
    if outlay.is_some() {
        l.insert("kind".into(), LineKind::Utlagg.code().into());
        let discount = input.discount.trim();
        if !discount.is_empty() && Percent::parse(discount).is_ok_and(|d| !d.is_zero()) {
            return Err(
                AppError::from(crate::domain::order::DomainError::OutlayDiscount)
                    .at(InputField::Discount),
            );
        }
    }
    match store.article(what)? {
        // Stored as the register writes it.
        Some(article) => {
            l.insert("article_no".into(), article.number.into());
        }
        None if looks_like_article_number(what) => {
            return Err(
                AppError::Invalid(msg!("line-article-not-in-register", number = what))
                    .at(InputField::Article),
            );
        }
        None => {
            l.insert("description".into(), what.into());
        }
    }
    let checked =
        |field: InputField, r: std::result::Result<(), AppError>| r.map_err(|e| e.at(field));
    if !input.quantity.trim().is_empty() {
        checked(
            InputField::Quantity,
            Quantity::parse(input.quantity.trim())
                .map(|_| ())
                .map_err(AppError::from),
        )?;
    }
    if !input.unit_price.trim().is_empty() {
        checked(
            InputField::UnitPrice,
            Money::parse_non_negative(input.unit_price.trim())
                .map(|_| ())
                .map_err(AppError::from),
        )?;
    }
    if !input.discount.trim().is_empty() {
        checked(
            InputField::Discount,
            Percent::parse(input.discount.trim())
                .map(|_| ())
                .map_err(AppError::from),
        )?;
    }
    l.insert(
        "quantity".into(),
        if input.quantity.trim().is_empty() {
            "1".into()
        } else {
            input.quantity.trim().into()
        },
    );
    if !input.unit_price.trim().is_empty() {
        l.insert("unit_price".into(), input.unit_price.trim().into());
    }
    if !input.discount.trim().is_empty() {
        l.insert("discount".into(), input.discount.trim().into());
    }
    Ok(Value::Object(l))
}

/// Refuse a change to an order that is locked, saying why and how to unlock it (the screen and
/// the command line show the same message).
pub fn ensure_unlocked(order: &Order) -> Result<()> {
    let nr = order.nr;
    match order.status {
        Status::Open | Status::Complete => Ok(()),
        Status::MobilePayment => Err(AppError::Invalid(msg!("order-locked-sms-sent", nr = nr))),
        Status::Booked => Err(AppError::Invalid(msg!("order-locked-is-booked", nr = nr))),
        Status::Credited => Err(AppError::Invalid(msg!("order-locked-is-credited", nr = nr))),
    }
}

/// Change the lines of order `nr` in one transaction: refused when the order is locked, or when
/// its version is no longer `version` (someone else saved in between).
fn change_lines(
    store: &impl Store,
    actor: &str,
    nr: i64,
    version: i64,
    f: impl FnOnce(&mut Vec<OrderLine>) -> Result<()>,
) -> Result<Order> {
    store.write(actor, |w| {
        let mut order = w.order(nr)?;
        ensure_unlocked(&order)?;
        if order.version != version {
            return Err(StoreError::Conflict { nr }.into());
        }
        let mut lines = order.lines.clone();
        f(&mut lines)?;
        order.set_lines(lines)?;
        Ok(w.save_order(&order, "lines_changed")?)
    })
}

fn no_such_line(pos: usize, count: usize) -> AppError {
    AppError::Invalid(msg!("line-no-such-line", pos = pos, count = count))
}

/// Add (`index` None) or replace a line. `version` is the order version the screen shows: if
/// someone else saved in between, nothing is written and the conflict is reported.
pub fn save_line(
    store: &impl Store,
    actor: &str,
    nr: i64,
    version: i64,
    index: Option<usize>,
    input: &LineInput,
) -> Result<Order> {
    let shown = store.order(nr)?.ok_or(StoreError::OrderNotFound(nr))?;
    ensure_unlocked(&shown.order)?;
    let pos = index.map_or(shown.order.lines.len() + 1, |i| i + 1);
    let line = line_from_json(store, pos, line_value(store, input)?)?;
    change_lines(store, actor, nr, version, |lines| {
        match index {
            Some(i) if i < lines.len() => lines[i] = line,
            Some(_) => return Err(AppError::Invalid(msg!("line-does-not-exist"))),
            None => lines.push(line),
        }
        Ok(())
    })
}

/// Remove a line.
pub fn delete_line(
    store: &impl Store,
    actor: &str,
    nr: i64,
    version: i64,
    index: usize,
) -> Result<Order> {
    change_lines(store, actor, nr, version, |lines| {
        if index >= lines.len() {
            return Err(AppError::Invalid(msg!("line-does-not-exist")));
        }
        lines.remove(index);
        Ok(())
    })
}

/// A line as the command line gives it: an article from the register (`article`), or a free
/// text with quantity and price; every other field optional. For a change, only what is given
/// changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineChange {
    pub article: Option<String>,
    pub text: Option<String>,
    pub quantity: Option<String>,
    pub price: Option<String>,
    pub unit: Option<String>,
    pub vat: Option<String>,
    pub kind: Option<String>,
    pub discount: Option<String>,
}

/// A value of one field of a line, its error named by the field (`antal: …`).
fn field<T, E: Into<AppError>>(name: Message, r: std::result::Result<T, E>) -> Result<T> {
    r.map_err(|e| AppError::within(Part::Words(name), e))
}

impl LineChange {
    fn is_empty(&self) -> bool {
        *self == LineChange::default()
    }

    /// Check every given value on its own, naming the field, before anything is written.
    fn check(&self, store: &impl Store) -> Result<()> {
        if let Some(a) = &self.article
            && (a.trim().is_empty() || store.article(a.trim())?.is_none())
        {
            return Err(AppError::Invalid(msg!(
                "line-unknown-article",
                article = a.trim()
            )));
        }
        if let Some(t) = &self.text
            && t.trim().is_empty()
        {
            return Err(AppError::Invalid(msg!("line-text-empty")));
        }
        if let Some(u) = &self.unit
            && u.trim().is_empty()
        {
            return Err(AppError::Invalid(msg!("line-unit-empty")));
        }
        if let Some(q) = &self.quantity {
            field(msg!("line-field-quantity"), Quantity::parse(q))?;
        }
        if let Some(p) = &self.price {
            field(msg!("line-field-unit-price"), Money::parse_non_negative(p))?;
        }
        if let Some(v) = &self.vat {
            field(msg!("line-field-vat"), VatRate::parse(v))?;
        }
        if let Some(d) = &self.discount {
            field(msg!("line-field-discount"), Percent::parse(d))?;
        }
        if let Some(k) = &self.kind {
            LineKind::parse(k)
                .ok_or_else(|| AppError::Invalid(msg!("line-unknown-kind", kind = k)))?;
        }
        Ok(())
    }

    /// Put the given values over `base` (the import format). A line made an utlägg without a
    /// VAT rate given gets 0 %, the only rate an utlägg has.
    fn overlay(&self, base: &mut Map<String, Value>) {
        let to_outlay = self.kind.as_deref().and_then(LineKind::parse) == Some(LineKind::Utlagg);
        if to_outlay && self.vat.is_none() {
            base.insert("vat".into(), "0".into());
        }
        let fields = [
            ("description", &self.text),
            ("quantity", &self.quantity),
            ("unit_price", &self.price),
            ("unit", &self.unit),
            ("vat", &self.vat),
            ("kind", &self.kind),
            ("discount", &self.discount),
        ];
        for (key, value) in fields {
            if let Some(v) = value {
                base.insert(key.into(), v.trim().into());
            }
        }
    }
}

/// A stored line in the import format, so that a change is checked as a new line is.
fn line_json(l: &OrderLine) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("kind".into(), l.kind.code().into());
    if let Some(a) = &l.article_no {
        m.insert("article_no".into(), a.clone().into());
    }
    m.insert("description".into(), l.description.clone().into());
    m.insert(
        "quantity".into(),
        l.quantity.value().normalize().to_string().into(),
    );
    m.insert("unit".into(), l.unit.clone().into());
    m.insert("unit_price".into(), l.unit_price.to_plain().into());
    m.insert(
        "discount".into(),
        l.discount.value().normalize().to_string().into(),
    );
    m.insert("vat".into(), l.vat.percent().to_string().into());
    m
}

/// The order, refused when it does not exist or is locked.
fn editable_order(store: &impl Store, nr: i64) -> Result<Order> {
    let d = store.order(nr)?.ok_or(StoreError::OrderNotFound(nr))?;
    ensure_unlocked(&d.order)?;
    Ok(d.order)
}

/// `verkstad order line add`: an article from the register (quantity 1 unless given), or a
/// free text with quantity and price. An unknown article number is an error, not a free text.
pub fn add_line(store: &impl Store, actor: &str, nr: i64, change: &LineChange) -> Result<Order> {
    let order = editable_order(store, nr)?;
    change.check(store)?;
    let mut base = Map::new();
    match (&change.article, &change.text) {
        (Some(a), _) => {
            base.insert("article_no".into(), a.trim().into());
            base.insert("quantity".into(), "1".into());
        }
        (None, Some(_)) => {
            if change.quantity.is_none() || change.price.is_none() {
                return Err(AppError::Invalid(msg!("line-free-text-needs-qty-price")));
            }
        }
        (None, None) => {
            return Err(AppError::Invalid(msg!("line-give-article-or-text-flag")));
        }
    }
    change.overlay(&mut base);
    let pos = order.lines.len() + 1;
    let line = line_from_json(store, pos, Value::Object(base))?;
    change_lines(store, actor, nr, order.version, |lines| {
        lines.push(line);
        Ok(())
    })
}

/// `verkstad order line set NR POS`: change only what is given of line `pos` (from 1). A new
/// article takes text, unit, price, VAT and kind from the register unless they are given too.
pub fn set_line(
    store: &impl Store,
    actor: &str,
    nr: i64,
    pos: usize,
    change: &LineChange,
) -> Result<Order> {
    let order = editable_order(store, nr)?;
    let count = order.lines.len();
    let old = pos
        .checked_sub(1)
        .and_then(|i| order.lines.get(i))
        .ok_or_else(|| no_such_line(pos, count))?;
    if change.is_empty() {
        return Err(AppError::Invalid(msg!("line-nothing-to-change")));
    }
    change.check(store)?;
    let mut base = line_json(old);
    if let Some(a) = &change.article {
        // Another article: the register fills the rest; quantity and discount are kept.
        base.retain(|key, _| key == "quantity" || key == "discount");
        base.insert("article_no".into(), a.trim().into());
    }
    change.overlay(&mut base);
    let line = line_from_json(store, pos, Value::Object(base))?;
    change_lines(store, actor, nr, order.version, |lines| {
        let slot = lines
            .get_mut(pos - 1)
            .ok_or_else(|| no_such_line(pos, count))?;
        *slot = line;
        Ok(())
    })
}

/// `verkstad order line rm NR POS`: remove line `pos` (from 1).
pub fn remove_line(store: &impl Store, actor: &str, nr: i64, pos: usize) -> Result<Order> {
    let order = editable_order(store, nr)?;
    let count = order.lines.len();
    if pos == 0 || pos > count {
        return Err(no_such_line(pos, count));
    }
    change_lines(store, actor, nr, order.version, |lines| {
        if pos > lines.len() {
            return Err(no_such_line(pos, lines.len()));
        }
        lines.remove(pos - 1);
        Ok(())
    })
}
