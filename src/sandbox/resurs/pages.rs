//! The customer's side in Swedish HTML (providers.md §5.8): the payment link page and the small
//! receipt pages. No JavaScript; every customer- or merchant-provided text is escaped.

use super::machine::{LinkState, Record};
use crate::payments::resurs::dto::Amount;

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Swedish number format with a space between thousands and a decimal comma: "1 914,38".
pub fn format_kr(amount: Amount) -> String {
    let sign = if amount.0 < 0 { "-" } else { "" };
    let abs = amount.0.unsigned_abs();
    let (kr, ore) = (abs / 100, abs % 100);
    let digits = kr.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped},{ore:02}")
}

/// Swedish quantity: "1", "1,5".
fn format_quantity(hundredths: i64) -> String {
    let whole = hundredths / 100;
    let frac = (hundredths % 100).abs();
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole},{}", f / 10),
        f => format!("{whole},{f:02}"),
    }
}

fn layout(workshop: &str, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} – {workshop}</title>\n<style>\n\
         body{{font-family:system-ui,sans-serif;max-width:34rem;margin:1.5rem auto;padding:0 1rem;color:#222}}\n\
         table{{width:100%;border-collapse:collapse}}td,th{{padding:.3rem;border-bottom:1px solid #ddd;text-align:left}}\n\
         td.num,th.num{{text-align:right}}.total{{font-size:1.3rem;font-weight:bold;margin:1rem 0}}\n\
         .sandbox{{background:#fff3cd;padding:.4rem .6rem;font-size:.85rem}}\n\
         fieldset{{margin:1rem 0}}button{{font-size:1rem;padding:.5rem 1.2rem;margin-right:.5rem}}\n\
         </style>\n</head>\n<body>\n<p class=\"sandbox\">Testmiljö – inga riktiga pengar dras.</p>\n\
         <h1>{workshop}</h1>\n{body}\n</body>\n</html>\n",
        title = escape(title),
        workshop = escape(workshop),
    )
}

/// A page with a heading and one message (receipts and refusals).
pub fn message_page(workshop: &str, title: &str, message: &str) -> String {
    layout(
        workshop,
        title,
        &format!("<h2>{}</h2>\n<p>{}</p>", escape(title), escape(message)),
    )
}

/// `GET /pay/{id}`.
pub fn payment_page(workshop: &str, record: &Record) -> String {
    let payment = &record.payment;
    let order = &payment.order;
    let lines = order
        .action_log
        .iter()
        .find(|e| e.action_type == "CREATE")
        .map(|e| e.order_lines.as_slice())
        .unwrap_or_default();
    let mut rows = String::new();
    for line in lines {
        rows.push_str(&format!(
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} kr</td></tr>\n",
            escape(&line.description),
            escape(
                format!(
                    "{} {}",
                    format_quantity(line.quantity.0),
                    line.quantity_unit
                )
                .trim_end()
            ),
            format_kr(line.total_amount_including_vat),
        ));
    }
    let table = format!(
        "<p>Order {}</p>\n<table>\n<tr><th>Beskrivning</th><th class=\"num\">Antal</th>\
         <th class=\"num\">Belopp</th></tr>\n{rows}</table>\n\
         <p class=\"total\">Att betala: {} kr</p>\n",
        escape(&order.order_reference),
        format_kr(order.total_order_amount),
    );
    let action = format!("/pay/{}", escape(&payment.id));
    let tail = match super::machine::link_state(record) {
        LinkState::Payable => format!(
            "<form method=\"post\" action=\"{action}/accept\">\n<fieldset>\n\
             <legend>Välj hur du vill betala</legend>\n\
             <label><input type=\"radio\" name=\"method\" value=\"direct\" checked> Betala nu</label><br>\n\
             <label><input type=\"radio\" name=\"method\" value=\"partpayment\"> Delbetalning</label><br>\n\
             <label><input type=\"radio\" name=\"method\" value=\"invoice\"> Faktura</label>\n\
             </fieldset>\n\
             <p><label>Personnummer (valfritt, ÅÅÅÅMMDDNNNN)<br>\
             <input type=\"text\" name=\"governmentId\" inputmode=\"numeric\" autocomplete=\"off\"></label></p>\n\
             <button type=\"submit\">Betala</button>\n\
             <button type=\"submit\" formaction=\"{action}/decline\">Avböj</button>\n</form>\n"
        ),
        LinkState::Paid => "<p><strong>Betalningen är redan gjord.</strong></p>\n".into(),
        LinkState::UnderReview => "<p><strong>Betalningen granskas…</strong></p>\n".into(),
        LinkState::Expired => {
            "<p><strong>Länken har gått ut. Länken är inte längre giltig.</strong></p>\n".into()
        }
        LinkState::Invalid => "<p><strong>Länken är inte längre giltig.</strong></p>\n".into(),
    };
    layout(workshop, "Betalning", &format!("{table}{tail}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_amounts() {
        assert_eq!(format_kr(Amount(191_438)), "1 914,38");
        assert_eq!(format_kr(Amount(5)), "0,05");
        assert_eq!(format_kr(Amount(100_000_000)), "1 000 000,00");
        assert_eq!(format_kr(Amount(-12_345)), "-123,45");
        assert_eq!(format_quantity(150), "1,5");
        assert_eq!(format_quantity(125), "1,25");
        assert_eq!(format_quantity(200), "2");
    }

    #[test]
    fn escapes_html() {
        assert_eq!(
            escape("<b a=\"x\">&'"),
            "&lt;b a=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
