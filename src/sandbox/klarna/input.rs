//! Reading request bodies the way Klarna's schema does: every amount and every `quantity` is an
//! integer (a fractional quantity is `400 BAD_VALUE`, never floored), amounts are minor units,
//! the lines must add up. Bodies are read as JSON values so that a refusal names the exact field
//! (`Bad value: order_lines[1].quantity`). Unknown fields are ignored.

use serde_json::{Map, Value};

use super::rules::Refusal;
use super::wire::OrderLine;

/// Largest amount Klarna's schema allows in one field (minor units).
pub const MAX_AMOUNT: i64 = 200_000_000;
/// At most this many order lines in one request.
pub const MAX_LINES: usize = 1000;
/// The line types Klarna knows.
const LINE_TYPES: [&str; 9] = [
    "physical",
    "discount",
    "shipping_fee",
    "sales_tax",
    "store_credit",
    "gift_card",
    "digital",
    "surcharge",
    "return_fee",
];

/// A session or an order: what Klarna Payments is asked to reserve.
#[derive(Debug, Clone, PartialEq)]
pub struct Purchase {
    pub purchase_country: String,
    pub purchase_currency: String,
    pub locale: Option<String>,
    pub order_amount: i64,
    pub order_tax_amount: i64,
    pub order_lines: Vec<OrderLine>,
    pub merchant_reference1: Option<String>,
    pub merchant_reference2: Option<String>,
    pub billing_address: Option<Value>,
    pub customer: Option<Value>,
    /// `merchant_urls.confirmation`: where `redirect_url` sends the customer.
    pub confirmation_url: Option<String>,
}

/// A capture (`captured_amount`) or a refund (`refunded_amount`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    pub amount: i64,
    pub description: Option<String>,
    pub reference: Option<String>,
    pub order_lines: Vec<OrderLine>,
}

fn bad(path: &str, why: impl std::fmt::Display) -> Refusal {
    Refusal::bad_value(format!("Bad value: {path} ({why})"))
}

fn missing(path: &str) -> Refusal {
    Refusal::bad_value(format!("Missing field: {path}"))
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// The body as a JSON object.
pub fn object(body: &[u8]) -> Result<Map<String, Value>, Refusal> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(Refusal::bad_value(
            "Bad value: the body must be a JSON object",
        )),
        Err(e) => Err(Refusal::bad_value(format!("Invalid JSON: {e}"))),
    }
}

/// An optional integer field; a fraction, a string or anything else is a bad value.
fn int(obj: &Map<String, Value>, prefix: &str, key: &str) -> Result<Option<i64>, Refusal> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| bad(&join(prefix, key), format_args!("{n} is not an integer"))),
        Some(other) => Err(bad(
            &join(prefix, key),
            format_args!("{other} is not an integer"),
        )),
    }
}

fn required_int(obj: &Map<String, Value>, prefix: &str, key: &str) -> Result<i64, Refusal> {
    int(obj, prefix, key)?.ok_or_else(|| missing(&join(prefix, key)))
}

fn amount(obj: &Map<String, Value>, prefix: &str, key: &str) -> Result<i64, Refusal> {
    let v = required_int(obj, prefix, key)?;
    if v.abs() > MAX_AMOUNT {
        return Err(bad(
            &join(prefix, key),
            format_args!("more than {MAX_AMOUNT}"),
        ));
    }
    Ok(v)
}

/// An optional text field of at most `max` characters.
fn text(
    obj: &Map<String, Value>,
    prefix: &str,
    key: &str,
    max: usize,
) -> Result<Option<String>, Refusal> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.chars().count() <= max => Ok(Some(s.clone())),
        Some(Value::String(_)) => Err(bad(
            &join(prefix, key),
            format_args!("longer than {max} characters"),
        )),
        Some(other) => Err(bad(
            &join(prefix, key),
            format_args!("{other} is not a string"),
        )),
    }
}

fn object_field(obj: &Map<String, Value>, key: &str) -> Result<Option<Value>, Refusal> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v @ Value::Object(_)) => Ok(Some(v.clone())),
        Some(_) => Err(bad(key, "not an object")),
    }
}

/// One order line, checked as Klarna checks it.
pub fn line(value: &Value, path: &str) -> Result<OrderLine, Refusal> {
    let Value::Object(obj) = value else {
        return Err(bad(path, "not an object"));
    };
    let name = text(obj, path, "name", 255)?.ok_or_else(|| missing(&join(path, "name")))?;
    if name.trim().is_empty() {
        return Err(bad(&join(path, "name"), "empty"));
    }
    // The seed's trap: a decimal quantity is never floored to an integer here.
    let quantity = required_int(obj, path, "quantity")?;
    if quantity < 0 {
        return Err(bad(&join(path, "quantity"), "negative"));
    }
    let unit_price = amount(obj, path, "unit_price")?;
    let total_amount = amount(obj, path, "total_amount")?;
    let tax_rate = int(obj, path, "tax_rate")?.unwrap_or(0);
    if !(0..=10_000).contains(&tax_rate) {
        return Err(bad(&join(path, "tax_rate"), "must be 0–10000"));
    }
    let total_discount_amount = int(obj, path, "total_discount_amount")?.unwrap_or(0);
    if !(0..=MAX_AMOUNT).contains(&total_discount_amount) {
        return Err(bad(
            &join(path, "total_discount_amount"),
            "must be 0–200000000",
        ));
    }
    let total_tax_amount = int(obj, path, "total_tax_amount")?.unwrap_or(0);
    let kind = text(obj, path, "type", 32)?;
    if let Some(k) = &kind
        && !LINE_TYPES.contains(&k.as_str())
    {
        return Err(bad(&join(path, "type"), format_args!("unknown type {k:?}")));
    }
    let expected = quantity
        .checked_mul(unit_price)
        .and_then(|gross| gross.checked_sub(total_discount_amount));
    if expected != Some(total_amount) {
        return Err(bad(
            &join(path, "total_amount"),
            format_args!("must be quantity × unit_price − total_discount_amount"),
        ));
    }
    if (total_tax_amount - tax_of(total_amount, tax_rate)).abs() > 1 {
        return Err(bad(
            &join(path, "total_tax_amount"),
            format_args!(
                "expected {} for total_amount {total_amount} at tax_rate {tax_rate}",
                tax_of(total_amount, tax_rate)
            ),
        ));
    }
    Ok(OrderLine {
        kind,
        reference: text(obj, path, "reference", 255)?,
        name,
        quantity,
        quantity_unit: text(obj, path, "quantity_unit", 10)?,
        unit_price,
        tax_rate,
        total_amount,
        total_discount_amount,
        total_tax_amount,
        merchant_data: text(obj, path, "merchant_data", 1024)?,
    })
}

/// The tax inside a tax-inclusive amount: `amount − amount × 10000 / (10000 + rate)`, rounded
/// half away from zero (Klarna accepts ±1 from it).
pub fn tax_of(amount: i64, rate: i64) -> i64 {
    let num = i128::from(amount) * i128::from(rate);
    let den = 10_000 + i128::from(rate);
    let half = den / 2;
    let q = if num >= 0 {
        (num + half) / den
    } else {
        (num - half) / den
    };
    i64::try_from(q).unwrap_or(i64::MAX)
}

fn lines(obj: &Map<String, Value>, required: bool) -> Result<Vec<OrderLine>, Refusal> {
    let list = match obj.get("order_lines") {
        None | Some(Value::Null) if required => return Err(missing("order_lines")),
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(list)) => list,
        Some(_) => return Err(bad("order_lines", "not an array")),
    };
    if list.len() > MAX_LINES {
        return Err(bad(
            "order_lines",
            format_args!("more than {MAX_LINES} lines"),
        ));
    }
    if required && list.is_empty() {
        return Err(bad("order_lines", "empty"));
    }
    list.iter()
        .enumerate()
        .map(|(i, v)| line(v, &format!("order_lines[{i}]")))
        .collect()
}

fn sum(lines: &[OrderLine], f: impl Fn(&OrderLine) -> i64) -> i64 {
    lines.iter().map(f).fold(0i64, i64::saturating_add)
}

/// A session (`POST /payments/v1/sessions`) or an order
/// (`POST /payments/v1/authorizations/{token}/order`): SE, SEK, the lines adding up to
/// `order_amount` and `order_tax_amount`.
pub fn purchase(body: &[u8]) -> Result<Purchase, Refusal> {
    let obj = object(body)?;
    let country = text(&obj, "", "purchase_country", 2)?
        .ok_or_else(|| missing("purchase_country"))?
        .to_ascii_uppercase();
    if country != "SE" {
        return Err(bad(
            "purchase_country",
            "the sandbox's stores sell in SE only",
        ));
    }
    let currency = text(&obj, "", "purchase_currency", 3)?
        .ok_or_else(|| missing("purchase_currency"))?
        .to_ascii_uppercase();
    if currency != "SEK" {
        return Err(bad(
            "purchase_currency",
            "the sandbox's stores take SEK only",
        ));
    }
    let order_amount = amount(&obj, "", "order_amount")?;
    if order_amount <= 0 {
        return Err(bad("order_amount", "must be more than 0"));
    }
    let order_tax_amount = amount(&obj, "", "order_tax_amount")?;
    let order_lines = lines(&obj, true)?;
    let total = sum(&order_lines, |l| l.total_amount);
    if total != order_amount {
        return Err(bad(
            "order_amount",
            format_args!("{order_amount} is not the sum of the lines' total_amount, {total}"),
        ));
    }
    let tax = sum(&order_lines, |l| l.total_tax_amount);
    if tax != order_tax_amount {
        return Err(bad(
            "order_tax_amount",
            format_args!("{order_tax_amount} is not the sum of the lines' total_tax_amount, {tax}"),
        ));
    }
    let confirmation_url = match obj.get("merchant_urls") {
        Some(Value::Object(urls)) => text(urls, "merchant_urls", "confirmation", 2000)?,
        _ => None,
    };
    Ok(Purchase {
        purchase_country: country,
        purchase_currency: currency,
        locale: text(&obj, "", "locale", 16)?,
        order_amount,
        order_tax_amount,
        order_lines,
        merchant_reference1: text(&obj, "", "merchant_reference1", 255)?,
        merchant_reference2: text(&obj, "", "merchant_reference2", 255)?,
        billing_address: object_field(&obj, "billing_address")?,
        customer: object_field(&obj, "customer")?,
        confirmation_url,
    })
}

/// A capture (`amount_key` = `captured_amount`) or a refund (`refunded_amount`): more than 0,
/// and equal to its lines' sum when lines are given.
pub fn movement(body: &[u8], amount_key: &str) -> Result<Movement, Refusal> {
    let obj = object(body)?;
    let value = required_int(&obj, "", amount_key)?;
    if !(1..=MAX_AMOUNT).contains(&value) {
        return Err(bad(amount_key, "must be 1–200000000"));
    }
    let order_lines = lines(&obj, false)?;
    if !order_lines.is_empty() {
        let total = sum(&order_lines, |l| l.total_amount);
        if total != value {
            return Err(bad(
                amount_key,
                format_args!("{value} is not the sum of the lines' total_amount, {total}"),
            ));
        }
    }
    Ok(Movement {
        amount: value,
        description: text(&obj, "", "description", 255)?,
        reference: text(&obj, "", "reference", 255)?,
        order_lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(v: Value) -> Vec<u8> {
        serde_json::to_vec(&v).unwrap()
    }

    fn order(lines: Value, amount: i64, tax: i64) -> Vec<u8> {
        body(json!({
            "purchase_country": "se", "purchase_currency": "SEK", "locale": "sv-SE",
            "order_amount": amount, "order_tax_amount": tax, "order_lines": lines
        }))
    }

    fn brakes(quantity: Value) -> Value {
        json!({"type": "physical", "name": "Bromsbelägg", "quantity": quantity,
               "unit_price": 125000, "tax_rate": 2500, "total_amount": 125000,
               "total_tax_amount": 25000})
    }

    #[test]
    fn a_valid_order_is_read_with_its_lines() {
        let p = purchase(&order(json!([brakes(json!(1))]), 125_000, 25_000)).unwrap();
        assert_eq!(p.purchase_country, "SE");
        assert_eq!(p.order_lines[0].quantity, 1);
        assert_eq!(p.order_lines[0].name, "Bromsbelägg");
    }

    #[test]
    fn a_fractional_quantity_is_a_bad_value_never_floored() {
        for q in [json!(1.5), json!(0.5), json!(1.0), json!("1")] {
            let e = purchase(&order(json!([brakes(q.clone())]), 125_000, 25_000)).unwrap_err();
            assert_eq!((e.status, e.code), (400, "BAD_VALUE"), "{q}");
            assert!(
                e.messages[0].starts_with("Bad value: order_lines[0].quantity"),
                "{:?}",
                e.messages
            );
        }
    }

    #[test]
    fn lines_must_add_up_and_each_line_must_be_consistent() {
        let e = purchase(&order(json!([brakes(json!(1))]), 125_100, 25_000)).unwrap_err();
        assert!(
            e.messages[0].starts_with("Bad value: order_amount"),
            "{e:?}"
        );
        let e = purchase(&order(json!([brakes(json!(1))]), 125_000, 24_000)).unwrap_err();
        assert!(
            e.messages[0].starts_with("Bad value: order_tax_amount"),
            "{e:?}"
        );
        let mut two = brakes(json!(2));
        let e = purchase(&order(json!([two.clone()]), 125_000, 25_000)).unwrap_err();
        assert!(
            e.messages[0].starts_with("Bad value: order_lines[0].total_amount"),
            "{e:?}"
        );
        two["total_tax_amount"] = json!(20_000);
        two["total_amount"] = json!(250_000);
        let e = purchase(&order(json!([two]), 250_000, 20_000)).unwrap_err();
        assert!(
            e.messages[0].starts_with("Bad value: order_lines[0].total_tax_amount"),
            "{e:?}"
        );
    }

    #[test]
    fn a_fraction_in_an_amount_a_missing_name_and_another_currency_are_refused() {
        let mut l = brakes(json!(1));
        l["unit_price"] = json!(1250.5);
        let e = purchase(&order(json!([l]), 125_000, 25_000)).unwrap_err();
        assert!(e.messages[0].contains("order_lines[0].unit_price"), "{e:?}");
        let mut l = brakes(json!(1));
        l.as_object_mut().unwrap().remove("name");
        let e = purchase(&order(json!([l]), 125_000, 25_000)).unwrap_err();
        assert_eq!(e.messages[0], "Missing field: order_lines[0].name");
        let mut b: Value =
            serde_json::from_slice(&order(json!([brakes(json!(1))]), 125_000, 25_000)).unwrap();
        b["purchase_currency"] = json!("EUR");
        assert!(purchase(&body(b)).is_err());
    }

    #[test]
    fn tax_inside_an_amount_rounds_half_away_from_zero() {
        assert_eq!(tax_of(125_000, 2500), 25_000);
        assert_eq!(tax_of(-12_500, 2500), -2_500);
        assert_eq!(tax_of(106, 600), 6);
        assert_eq!(tax_of(1, 2500), 0);
        assert_eq!(tax_of(0, 2500), 0);
    }

    #[test]
    fn a_movement_needs_a_positive_amount_matching_its_lines() {
        let m = movement(
            &body(json!({"captured_amount": 500, "reference": "F-1"})),
            "captured_amount",
        )
        .unwrap();
        assert_eq!((m.amount, m.reference.as_deref()), (500, Some("F-1")));
        assert!(movement(&body(json!({"captured_amount": 0})), "captured_amount").is_err());
        let e = movement(
            &body(json!({"refunded_amount": 100, "order_lines": [brakes(json!(1))]})),
            "refunded_amount",
        )
        .unwrap_err();
        assert!(
            e.messages[0].starts_with("Bad value: refunded_amount"),
            "{e:?}"
        );
        assert!(movement(b"", "captured_amount").is_err());
    }
}
