//! Settlements, disputes, and the state across a restart.

use super::*;

#[tokio::test]
async fn a_payout_pays_what_is_captured_less_fees_once() {
    let sbx = start().await;
    let first = sbx.reserve(A, &ten_thousand(), None).await.order_id;
    let second = sbx.reserve(A, &ten_thousand(), None).await.order_id;
    let c1 = header(&sbx.capture(A, &first, 1_000_000, None).await, "Capture-Id");
    sbx.capture(A, &second, 200_000, None).await;
    let r = sbx
        .post(
            A,
            &format!("/ordermanagement/v1/orders/{first}/refunds"),
            &json!({"refunded_amount": 50_000}),
        )
        .await;
    let refund_id = header(&r, "Refund-Id");

    let made = sbx.payouts(json!({"username": "PK_TEST_STORE_A"})).await;
    assert_eq!(made.len(), 1);
    let payout = &made[0];
    // 2,49 % of each sale: 24 900 + 4 980 öre.
    assert_eq!(payout.totals.sale_amount, 1_200_000);
    assert_eq!(payout.totals.return_amount, 50_000);
    assert_eq!(payout.totals.fee_amount, 29_880);
    assert_eq!(payout.totals.settlement_amount, 1_200_000 - 50_000 - 29_880);
    assert_eq!(payout.currency_code, "SEK");
    assert_eq!(payout.payment_reference.len(), 8);

    let reference = &payout.payment_reference;
    let fetched: Payout = sbx
        .get(A, &format!("/settlements/v1/payouts/{reference}"))
        .await;
    let again: Payout = sbx
        .get(A, &format!("/settlements/v1/payouts/{reference}"))
        .await;
    assert_eq!(fetched, again);
    assert_eq!(fetched.totals, payout.totals);
    assert!(fetched.transactions.ends_with(&format!(
        "/settlements/v1/transactions?payment_reference={reference}"
    )));

    let rows: TransactionCollection = sbx
        .get(
            A,
            &format!("/settlements/v1/transactions?payment_reference={reference}"),
        )
        .await;
    assert_eq!(rows.pagination.total, 5);
    let kinds: Vec<(&str, &str, i64)> = rows
        .transactions
        .iter()
        .map(|t| (t.kind.as_str(), t.detailed_type.as_str(), t.amount))
        .collect();
    assert_eq!(
        kinds,
        [
            ("SALE", "PURCHASE", 1_000_000),
            ("SALE", "PURCHASE", 200_000),
            ("RETURN", "PURCHASE_RETURN", 50_000),
            ("FEE", "PURCHASE_FEE_PERCENTAGE", 24_900),
            ("FEE", "PURCHASE_FEE_PERCENTAGE", 4_980),
        ]
    );
    let sale = &rows.transactions[0];
    assert_eq!(sale.capture_id, c1);
    assert_eq!(sale.order_id, first);
    assert_eq!(sale.merchant_reference1.as_deref(), Some("10042"));
    assert_eq!(sale.merchant_capture_reference.as_deref(), Some("F-1001"));
    assert_eq!(sale.payment_reference.as_deref(), Some(reference.as_str()));
    assert_eq!(
        rows.transactions[2].refund_id.as_deref(),
        Some(refund_id.as_str())
    );
    assert_eq!(rows.transactions[2].capture_id, "");
    assert_eq!(rows.transactions[3].capture_id, c1);

    // Paging: two at a time.
    let page: TransactionCollection = sbx
        .get(
            A,
            &format!("/settlements/v1/transactions?payment_reference={reference}&size=2&offset=2"),
        )
        .await;
    assert_eq!((page.pagination.count, page.pagination.offset), (2, 2));
    assert_eq!(page.transactions[0].amount, 50_000);
    assert!(page.pagination.next.unwrap().contains("offset=4&size=2"));
    let by_order: TransactionCollection = sbx
        .get(
            A,
            &format!("/settlements/v1/transactions?order_id={second}"),
        )
        .await;
    assert_eq!(by_order.transactions.len(), 2);

    // Nothing new: no payout, and the list still has the one.
    assert!(sbx.payouts(json!({})).await.is_empty());
    let list: PayoutCollection = sbx.get(A, "/settlements/v1/payouts").await;
    assert_eq!(list.payouts.len(), 1);
    assert_eq!(list.pagination.total, 1);
    let since: PayoutCollection = sbx
        .get(A, "/settlements/v1/payouts?start_date=2999-01-01")
        .await;
    assert!(since.payouts.is_empty());

    // A fee of the driver's choosing: 1 % + 1,00 kr.
    let third = sbx.reserve(A, &ten_thousand(), None).await.order_id;
    sbx.capture(A, &third, 100_000, None).await;
    let made = sbx
        .payouts(json!({"fee_rate": 100, "fee_fixed": 100}))
        .await;
    assert_eq!(made[0].totals.fee_amount, 1_100);
}

#[tokio::test]
async fn disputes_deadlines_answers_and_outcomes() {
    let sbx = start().await;
    let id = sbx.reserve(A, &ten_thousand(), None).await.order_id;
    sbx.capture(A, &id, 1_000_000, None).await;
    let (status, e) = sbx
        .sim(
            "/_sim/klarna/disputes",
            json!({"order_id": "nope", "reason": "return"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{e}");

    let (status, v) = sbx
        .sim(
            "/_sim/klarna/disputes",
            json!({"order_id": id, "reason": "goods_not_received"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let d: Dispute = serde_json::from_value(v).unwrap();
    assert!(
        d.dispute_krn
            .starts_with("krn:klarna:eu1:dispute:goods_not_received:")
    );
    assert_eq!(
        (d.state.as_str(), d.disputed_amount),
        ("INITIATED", 1_000_000)
    );
    let opened = chrono::DateTime::parse_from_rfc3339(&d.opened_at).unwrap();
    let deadline = chrono::DateTime::parse_from_rfc3339(&d.expires_at).unwrap();
    assert_eq!((deadline - opened).num_days(), 21);
    let (status, _) = sbx
        .sim(
            "/_sim/klarna/disputes",
            json!({"order_id": id, "reason": "return"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Listed and read by its store only.
    let list: DisputeCollection = sbx.get(A, "/disputes/v2/disputes").await;
    assert_eq!(list.disputes.len(), 1);
    let none: DisputeCollection = sbx.get(B, "/disputes/v2/disputes").await;
    assert!(none.disputes.is_empty());
    let krn = d.dispute_krn.clone();
    let path = format!("/disputes/v2/disputes/{krn}");
    assert_eq!(
        sbx.call(B, Method::GET, &path, None, None).await.status(),
        StatusCode::NOT_FOUND
    );

    // Answer with an attachment: under review, and the deadline no longer decides.
    let r = sbx
        .post(
            A,
            &format!("{path}/attachments"),
            &json!({"file_name": "leverans.pdf", "content_type": "application/pdf", "size": 2048}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let attachment: Value = r.json().await.unwrap();
    let r = sbx
        .post(A, &format!("{path}/requests/1/responses"), &json!({"comment": "Levererad 3/12, kvitto bifogat.", "attachment_ids": [attachment["attachment_id"]]}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let d: Dispute = sbx.get(A, &path).await;
    assert_eq!(d.state, "REPRESENTMENT");
    assert_eq!(
        d.requests[0].responses[0].comment,
        "Levererad 3/12, kvitto bifogat."
    );
    assert_eq!(d.attachments[0].file_name, "leverans.pdf");
    sbx.advance(22 * DAY).await;
    assert_eq!(sbx.get::<Dispute>(A, &path).await.state, "REPRESENTMENT");

    // Won: the invoice stands, nothing is charged back.
    let (status, v) = sbx
        .sim(
            &format!("/_sim/klarna/disputes/{krn}/decide"),
            json!({"outcome": "won"}),
        )
        .await;
    assert_eq!(
        (status, v["outcome"].as_str()),
        (StatusCode::OK, Some("WON"))
    );
    let made = sbx.payouts(json!({})).await;
    assert_eq!(made[0].totals.reversal_amount, 0);

    // Unauthorized purchase: seven days; lost → REVERSAL + DISPUTE_FEE in the next payout.
    let (_, v) = sbx
        .sim(
            "/_sim/klarna/disputes",
            json!({"order_id": id, "reason": "unauthorized_purchase", "disputed_amount": 400_000}),
        )
        .await;
    let d: Dispute = serde_json::from_value(v).unwrap();
    let days = chrono::DateTime::parse_from_rfc3339(&d.expires_at).unwrap()
        - chrono::DateTime::parse_from_rfc3339(&d.opened_at).unwrap();
    assert_eq!(days.num_days(), 7);
    let (status, v) = sbx
        .sim(
            &format!("/_sim/klarna/disputes/{}/decide", d.dispute_krn),
            json!({"outcome": "lost"}),
        )
        .await;
    assert_eq!(
        (status, v["outcome"].as_str()),
        (StatusCode::OK, Some("LOST"))
    );
    let made = sbx.payouts(json!({})).await;
    let t = &made[0].totals;
    assert_eq!(
        (t.reversal_amount, t.fee_amount, t.sale_amount),
        (400_000, 15_000, 0)
    );
    assert_eq!(
        (t.settlement_amount, t.closing_debt_balance_amount),
        (0, 415_000)
    );
    let rows: TransactionCollection = sbx
        .get(
            A,
            &format!(
                "/settlements/v1/transactions?payment_reference={}",
                made[0].payment_reference
            ),
        )
        .await;
    let kinds: Vec<(&str, &str)> = rows
        .transactions
        .iter()
        .map(|t| (t.kind.as_str(), t.detailed_type.as_str()))
        .collect();
    assert_eq!(kinds, [("REVERSAL", "REVERSAL"), ("FEE", "DISPUTE_FEE")]);
    assert!(
        rows.transactions
            .iter()
            .all(|t| t.reversal_reference.as_deref() == Some(d.dispute_krn.as_str()))
    );

    // Unanswered past the deadline: lost by the clock.
    let (_, v) = sbx
        .sim(
            "/_sim/klarna/disputes",
            json!({"order_id": id, "reason": "faulty_goods", "disputed_amount": 100_000}),
        )
        .await;
    let d: Dispute = serde_json::from_value(v).unwrap();
    sbx.advance(21 * DAY).await;
    let d: Dispute = sbx
        .get(A, &format!("/disputes/v2/disputes/{}", d.dispute_krn))
        .await;
    assert_eq!(
        (d.state.as_str(), d.outcome.as_deref()),
        ("CLOSED", Some("LOST"))
    );
    assert_eq!(d.closing_reason.as_deref(), Some("DEADLINE_MISSED"));
    let r = sbx
        .post(
            A,
            &format!(
                "/disputes/v2/disputes/{}/requests/1/responses",
                d.dispute_krn
            ),
            &json!({"comment": "late"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let made = sbx.payouts(json!({})).await;
    assert_eq!(
        (made[0].totals.reversal_amount, made[0].totals.fee_amount),
        (100_000, 15_000)
    );
    assert_eq!(made[0].totals.opening_debt_balance_amount, 415_000);

    // Accepting the loss: the chargeback without the fee.
    let (_, v) = sbx
        .sim(
            "/_sim/klarna/disputes",
            json!({"order_id": id, "reason": "return", "disputed_amount": 50_000}),
        )
        .await;
    let krn = v["dispute_krn"].as_str().unwrap().to_string();
    let r = sbx
        .post(
            A,
            &format!("/disputes/v2/disputes/{krn}/accept-loss"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let made = sbx.payouts(json!({})).await;
    assert_eq!(
        (made[0].totals.reversal_amount, made[0].totals.fee_amount),
        (50_000, 0)
    );
    let closed: DisputeCollection = sbx.get(A, "/disputes/v2/disputes?state=CLOSED").await;
    assert_eq!(closed.pagination.total, 4);
}

#[tokio::test]
async fn state_survives_a_restart_and_sim_reset_clears_it() {
    let sbx = start().await;
    let id = sbx.reserve(A, &ten_thousand(), None).await.order_id;
    let capture_id = header(&sbx.capture(A, &id, 300_000, Some("k")).await, "Capture-Id");
    let reference = sbx.payouts(json!({})).await[0].payment_reference.clone();
    let (_, v) = sbx
        .sim(
            "/_sim/klarna/disputes",
            json!({"order_id": id, "reason": "return"}),
        )
        .await;
    let krn = v["dispute_krn"].as_str().unwrap().to_string();
    sbx.advance(DAY).await;
    let Sbx {
        handle,
        http,
        state,
        _dir,
        ..
    } = sbx;
    handle.shutdown().await;
    assert!(state.with_file_name("klarna-sandbox.db").exists());

    let handle = serve_on(&state).await;
    let sbx = Sbx {
        base: handle.base_url(),
        handle,
        http,
        state,
        _dir,
    };
    let order = sbx.order(A, &id).await;
    assert_eq!(
        (order.captured_amount, order.captures[0].capture_id.as_str()),
        (300_000, capture_id.as_str())
    );
    // The idempotency key is remembered, the payout and the dispute are there, the clock too.
    assert_eq!(
        header(&sbx.capture(A, &id, 300_000, Some("k")).await, "Capture-Id"),
        capture_id
    );
    let _: Payout = sbx
        .get(A, &format!("/settlements/v1/payouts/{reference}"))
        .await;
    let d: Dispute = sbx.get(A, &format!("/disputes/v2/disputes/{krn}")).await;
    assert_eq!(d.state, "INITIATED");
    sbx.advance(20 * DAY).await;
    let d: Dispute = sbx.get(A, &format!("/disputes/v2/disputes/{krn}")).await;
    assert_eq!(d.outcome.as_deref(), Some("LOST"));

    // POST /_sim/reset resets Klarna with Resurs.
    let (status, _) = sbx.sim("/_sim/reset", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let r = sbx
        .call(
            A,
            Method::GET,
            &format!("/ordermanagement/v1/orders/{id}"),
            None,
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let list: PayoutCollection = sbx.get(A, "/settlements/v1/payouts").await;
    assert!(list.payouts.is_empty());
    sbx.handle.shutdown().await;
}
