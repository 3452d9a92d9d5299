//! Checking a create request and making the new payment record (providers.md §5.4–5.5):
//! references, callback URLs, government ids, the store's payment methods and the amount rules.

use super::*;

/// `^[\w-]{1,36}$`.
pub fn valid_order_reference(s: &str) -> bool {
    let n = s.chars().count();
    (1..=36).contains(&n)
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// Only loopback callback URLs are ever called: the sandbox never sends traffic anywhere else.
pub fn is_loopback_url(raw: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(raw) else {
        return false;
    };
    if !matches!(url.scheme(), "http" | "https") || !url.username().is_empty() {
        return false;
    }
    // `host_str` is normalised by the URL parser ("127.1" becomes "127.0.0.1").
    matches!(url.host_str(), Some(h) if h == "127.0.0.1" || h.eq_ignore_ascii_case("localhost"))
}

/// A callback URL a merchant may give: http or https on any host, without credentials.
pub fn is_callback_url(raw: &str) -> bool {
    reqwest::Url::parse(raw).is_ok_and(|url| {
        matches!(url.scheme(), "http" | "https")
            && url.username().is_empty()
            && url.password().is_none()
            && url.host_str().is_some_and(|h| !h.is_empty())
    })
}

/// A personnummer as the sandbox keeps it: 12 digits. Accepts 12 digits or the 10-digit form
/// (`YYMMDD-NNNN`, `YYMMDDNNNN`, or `YYMMDD+NNNN` for a person of 100 or more), with the century
/// taken from `today`'s year as the personnummer rules say. `None` for anything else.
pub fn government_id_12(raw: &str, today_year: i32) -> Option<String> {
    let raw = raw.trim();
    let plus = raw.contains('+');
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, '-' | '+' | ' '))
        .collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        12 => Some(digits),
        10 => {
            let yy: i32 = digits[..2].parse().ok()?;
            let mut year = today_year - today_year.rem_euclid(100) + yy;
            if year > today_year {
                year -= 100;
            }
            if plus {
                year -= 100;
            }
            Some(format!("{year:04}{}", &digits[2..]))
        }
        _ => None,
    }
}

/// The payment methods of the sandbox's store (`GET /v2/stores/{id}/payment_methods`): the three
/// ways to pay on the customer page, with purchase limits in the style of Resurs.
pub fn store_payment_methods(base_url: &str) -> Vec<StorePaymentMethod> {
    let kr = |kr: i64| Amount(kr * 100);
    let terms = |id: &str, kind: &str, append_amount: bool| LegalLink {
        url: format!("{base_url}/_sim/terms/{id}/{}", kind.to_lowercase()),
        link_type: kind.into(),
        append_amount,
    };
    [
        (Method::Direct, "CARD", 1, 100_000),
        (Method::Partpayment, "RESURS_PART_PAYMENT", 500, 200_000),
        (Method::Invoice, "RESURS_INVOICE", 10, 50_000),
    ]
    .into_iter()
    .map(|(method, kind, min, max)| {
        let PaymentMethod { id, name } = method.payment_method();
        let mut legal_links = vec![terms(&id, "GENERAL_TERMS", false)];
        if method == Method::Partpayment {
            legal_links.push(terms(&id, "SECCI", true));
            legal_links.push(terms(&id, "PRICE_INFO", true));
        }
        StorePaymentMethod {
            id,
            name,
            method_type: kind.into(),
            min_purchase_limit: kr(min),
            max_purchase_limit: kr(max),
            min_application_limit: kr(min),
            max_application_limit: kr(max),
            legal_links,
            enabled_for_legal_customer: method != Method::Partpayment,
            enabled_for_natural_customer: true,
        }
    })
    .collect()
}

/// Checks the lines of a create or action request and returns their sum.
pub(super) fn sum_lines(lines: &[OrderLine]) -> Result<Amount, Rejection> {
    let mut total: i64 = 0;
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        if line.description.trim().is_empty() {
            return Err(Rejection::validation(format!(
                "orderLines[{n}]: description is required"
            )));
        }
        if line.quantity.0 <= 0 {
            return Err(Rejection::validation(format!(
                "orderLines[{n}]: quantity must be > 0"
            )));
        }
        if !VAT_RATES.contains(&line.vat_rate.0) {
            return Err(Rejection::validation(format!(
                "orderLines[{n}]: vatRate must be one of 0, 6, 12, 25"
            )));
        }
        let amount = line.total_amount_including_vat.0;
        if amount.abs() > MAX_LINE_AMOUNT {
            return Err(Rejection::validation(format!(
                "orderLines[{n}]: totalAmountIncludingVat is out of range"
            )));
        }
        total += amount; // cannot overflow: at most 1000 lines of ≤ 1e12 are summed in practice
    }
    Ok(Amount(total))
}

/// Validates `POST /v2/payments` against the store and its payment methods, and returns the
/// order total. Unknown fields were already ignored when the body was read.
pub fn validate_create(
    req: &CreatePayment,
    store_id: &str,
    methods: &[StorePaymentMethod],
) -> Result<Amount, Rejection> {
    if req.store_id != store_id {
        return Err(Rejection::field(
            "storeId",
            format!("unknown storeId {:?}", req.store_id),
        ));
    }
    if let Some(reference) = &req.order.order_reference
        && !valid_order_reference(reference)
    {
        return Err(Rejection::field(
            "order.orderReference",
            "must match ^[\\w-]{1,36}$",
        ));
    }
    if req.order.order_lines.is_empty() {
        return Err(Rejection::field(
            "order.orderLines",
            "at least one line is needed",
        ));
    }
    if req.order.order_lines.len() > 1000 {
        return Err(Rejection::field("order.orderLines", "more than 1000 lines"));
    }
    let total = sum_lines(&req.order.order_lines)?;
    if total.0 <= 0 {
        return Err(Rejection::validation("the order total must be > 0"));
    }
    let natural = !req.customer.customer_type.eq_ignore_ascii_case("LEGAL");
    match req.payment_method_id.as_deref().map(str::trim) {
        Some(id) if !id.is_empty() => {
            let Some(method) = methods.iter().find(|m| m.id == id) else {
                return Err(Rejection::field(
                    "paymentMethodId",
                    format!("{id:?} is not a payment method of this store"),
                ));
            };
            if !method.allows(total, natural) {
                return Err(Rejection::field(
                    "paymentMethodId",
                    format!(
                        "{} cannot be used for {total} (limits {}–{})",
                        method.name, method.min_purchase_limit, method.max_purchase_limit
                    ),
                ));
            }
        }
        _ => {
            if !methods.is_empty() && !methods.iter().any(|m| m.allows(total, natural)) {
                return Err(Rejection::field(
                    "order.orderLines",
                    format!(
                        "the total {total} is outside the purchase limits of every payment \
                         method of this store"
                    ),
                ));
            }
        }
    }
    let phone = req
        .customer
        .mobile_phone
        .as_deref()
        .map(str::trim)
        .unwrap_or("");
    if phone.is_empty() {
        if req.options.deliver_links {
            return Err(Rejection::field(
                "customer.mobilePhone",
                "required when options.deliverLinks is true",
            ));
        }
    } else if Mobile::parse(phone).is_err() {
        return Err(Rejection::field(
            "customer.mobilePhone",
            format!("{phone:?} is not a valid mobile number"),
        ));
    }
    if let Some(gid) = req.customer.government_id.as_deref()
        && !gid.trim().is_empty()
        && government_id_12(gid, 2000).is_none()
    {
        return Err(Rejection::field(
            "customer.governmentId",
            "must be a personnummer of 10 or 12 digits",
        ));
    }
    if let Some(ttl) = req.options.time_to_live_in_minutes
        && !(1..=43_200).contains(&ttl)
    {
        return Err(Rejection::field(
            "options.timeToLiveInMinutes",
            "must be 1–43200",
        ));
    }
    if let Some(cb) = &req.options.callbacks {
        for (field, url) in [
            ("options.callbacks.authorization.url", &cb.authorization),
            ("options.callbacks.management.url", &cb.management),
        ] {
            if let Some(url) = url
                && !is_callback_url(&url.url)
            {
                return Err(Rejection::field(field, "must be an http or https URL"));
            }
        }
    }
    Ok(total)
}

/// Builds a new TASK_REDIRECTION_REQUIRED payment from a validated request whose
/// `orderReference` is set. A 10-digit `governmentId` is kept in its 12-digit form, and a
/// `paymentMethodId` of the store becomes the payment's `paymentMethod`.
pub fn new_record(
    mut req: CreatePayment,
    total: Amount,
    id: String,
    customer_url: String,
    methods: &[StorePaymentMethod],
    now: DateTime<Utc>,
) -> Record {
    if let Some(gid) = req.customer.government_id.take() {
        req.customer.government_id = government_id_12(&gid, now.year()).or(Some(gid));
    }
    let payment_method = req.payment_method_id.as_deref().and_then(|id| {
        methods
            .iter()
            .find(|m| m.id == id.trim())
            .map(|m| PaymentMethod {
                id: m.id.clone(),
                name: m.name.clone(),
            })
    });
    let ttl = req
        .options
        .time_to_live_in_minutes
        .unwrap_or(DEFAULT_TTL_MINUTES);
    let callbacks = req.options.callbacks.clone().unwrap_or_default();
    let creator = req.metadata.as_ref().and_then(|m| m.creator.clone());
    let payment = Payment {
        id,
        created: timestamp(now),
        store_id: req.store_id,
        status: PaymentStatus::TaskRedirectionRequired,
        payment_method,
        country_code: Some("SE".into()),
        customer: Some(req.customer),
        metadata: req.metadata,
        task_redirection_urls: Some(TaskRedirectionUrls {
            merchant_url: None,
            customer_url: Some(customer_url),
        }),
        order: PaymentOrder {
            order_reference: req.order.order_reference.unwrap_or_default(),
            total_order_amount: total,
            authorized_amount: Amount(0),
            captured_amount: Amount(0),
            canceled_amount: Amount(0),
            refunded_amount: Amount(0),
            possible_actions: Vec::new(),
            action_log: vec![ActionLogEntry {
                action_id: Uuid::new_v4().to_string(),
                action_type: "CREATE".into(),
                created: timestamp(now),
                order_lines: req.order.order_lines,
                transaction_id: None,
                creator,
            }],
        },
    };
    let mut record = Record {
        payment,
        internal: Internal {
            automatic_capture: req.options.automatic_capture,
            expires_at: now + Duration::minutes(i64::from(ttl)),
            authorization_url: callbacks.authorization.map(|u| u.url),
            management_url: callbacks.management.map(|u| u.url),
            scheduled: None,
            link_end: None,
        },
    };
    refresh_actions(&mut record);
    record
}
