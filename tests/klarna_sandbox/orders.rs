//! Order Management: capture, idempotency, refund, cancel, extend, release, expiry.

use super::*;

#[tokio::test]
async fn capture_part_then_the_rest_and_never_above_remaining() {
    let sbx = start().await;
    let id = sbx.reserve(A, &ten_thousand(), None).await.order_id;
    let r = sbx.capture(A, &id, 400_000, None).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let first = header(&r, "Capture-Id");
    assert_eq!(
        header(&r, "Location"),
        sbx.url(&format!("/ordermanagement/v1/orders/{id}/captures/{first}"))
    );
    let order = sbx.order(A, &id).await;
    assert_eq!(order.status, "PART_CAPTURED");
    assert_eq!(
        (order.captured_amount, order.remaining_authorized_amount),
        (400_000, 600_000)
    );

    let (status, e) = error(sbx.capture(A, &id, 600_001, None).await).await;
    assert_eq!(
        (status.as_u16(), e.error_code.as_str()),
        (403, "CAPTURE_NOT_ALLOWED")
    );
    assert_eq!(
        sbx.capture(A, &id, 600_000, None).await.status(),
        StatusCode::CREATED
    );
    let order = sbx.order(A, &id).await;
    assert_eq!(order.status, "CAPTURED");
    assert_eq!(order.captures.len(), 2);
    assert_eq!(order.captures[0].reference.as_deref(), Some("F-1001"));
    let c: Value = sbx
        .get(
            A,
            &format!("/ordermanagement/v1/orders/{id}/captures/{first}"),
        )
        .await;
    assert_eq!(c["captured_amount"], 400_000);
    let (status, e) = error(sbx.capture(A, &id, 1, None).await).await;
    assert_eq!(
        (status.as_u16(), e.error_code.as_str()),
        (403, "CAPTURE_NOT_ALLOWED")
    );
}

#[tokio::test]
async fn the_same_idempotency_key_captures_once_with_the_same_capture_id() {
    let sbx = start().await;
    let id = sbx.reserve(A, &ten_thousand(), None).await.order_id;
    let first = sbx.capture(A, &id, 300_000, Some("key-1")).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let again = sbx.capture(A, &id, 300_000, Some("key-1")).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(header(&first, "Capture-Id"), header(&again, "Capture-Id"));
    assert_eq!(header(&first, "Location"), header(&again, "Location"));
    assert_eq!(header(&again, "Idempotent-Replayed"), "true");
    // Only the key matters: another body with the same key is the first answer again.
    let other = sbx.capture(A, &id, 5, Some("key-1")).await;
    assert_eq!(header(&first, "Capture-Id"), header(&other, "Capture-Id"));
    let order = sbx.order(A, &id).await;
    assert_eq!((order.captures.len(), order.captured_amount), (1, 300_000));
    // Another key is another capture; a refused call keeps nothing for its key.
    let (status, _) = error(sbx.capture(A, &id, 900_000, Some("key-2")).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        sbx.capture(A, &id, 700_000, Some("key-2")).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(sbx.order(A, &id).await.status, "CAPTURED");
    // Refunds and cancels honour it as well.
    let path = format!("/ordermanagement/v1/orders/{id}/refunds");
    let body = json!({"refunded_amount": 1_000});
    let r1 = sbx
        .call(A, Method::POST, &path, Some(&body), Some("refund-1"))
        .await;
    let r2 = sbx
        .call(A, Method::POST, &path, Some(&body), Some("refund-1"))
        .await;
    assert_eq!(header(&r1, "Refund-Id"), header(&r2, "Refund-Id"));
    assert_eq!(sbx.order(A, &id).await.refunded_amount, 1_000);
}

#[tokio::test]
async fn refund_part_and_whole_and_never_above_what_is_captured() {
    let sbx = start().await;
    let id = sbx.reserve(A, &ten_thousand(), None).await.order_id;
    let path = format!("/ordermanagement/v1/orders/{id}/refunds");
    let (status, e) = error(sbx.post(A, &path, &json!({"refunded_amount": 1})).await).await;
    assert_eq!(
        (status.as_u16(), e.error_code.as_str()),
        (403, "REFUND_NOT_ALLOWED")
    );
    sbx.capture(A, &id, 600_000, None).await;
    let r = sbx
        .post(
            A,
            &path,
            &json!({"refunded_amount": 100_000, "reference": "K-1"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let refund_id = header(&r, "Refund-Id");
    assert!(header(&r, "Location").ends_with(&format!("/refunds/{refund_id}")));
    let refund: Value = sbx.get(A, &format!("{path}/{refund_id}")).await;
    assert_eq!(
        (
            refund["refunded_amount"].as_i64(),
            refund["reference"].as_str()
        ),
        (Some(100_000), Some("K-1"))
    );
    let (status, e) = error(
        sbx.post(A, &path, &json!({"refunded_amount": 500_001}))
            .await,
    )
    .await;
    assert_eq!(
        (status.as_u16(), e.error_code.as_str()),
        (403, "REFUND_NOT_ALLOWED")
    );
    assert_eq!(
        sbx.post(A, &path, &json!({"refunded_amount": 500_000}))
            .await
            .status(),
        StatusCode::CREATED
    );
    let order = sbx.order(A, &id).await;
    assert_eq!(
        (order.captured_amount, order.refunded_amount),
        (600_000, 600_000)
    );
    assert_eq!(order.refunds.len(), 2);
    assert_eq!(order.captures[0].refunded_amount, 600_000);
}

#[tokio::test]
async fn cancel_an_uncaptured_order_release_and_extend() {
    let sbx = start().await;
    let id = sbx.reserve(A, &ten_thousand(), None).await.order_id;
    let cancel = format!("/ordermanagement/v1/orders/{id}/cancel");
    assert_eq!(
        sbx.post(A, &cancel, &json!({})).await.status(),
        StatusCode::NO_CONTENT
    );
    let order = sbx.order(A, &id).await;
    assert_eq!(
        (order.status.as_str(), order.remaining_authorized_amount),
        ("CANCELLED", 0)
    );
    let (status, e) = error(sbx.capture(A, &id, 1, None).await).await;
    assert_eq!(
        (status.as_u16(), e.error_code.as_str()),
        (403, "CAPTURE_NOT_ALLOWED")
    );
    let (status, e) = error(sbx.post(A, &cancel, &json!({})).await).await;
    assert_eq!(
        (status.as_u16(), e.error_code.as_str()),
        (403, "CANCEL_NOT_ALLOWED")
    );

    // A captured order is not cancelled; its rest is released instead.
    let id = sbx.reserve(A, &ten_thousand(), None).await.order_id;
    sbx.capture(A, &id, 250_000, None).await;
    let (status, e) = error(
        sbx.post(
            A,
            &format!("/ordermanagement/v1/orders/{id}/cancel"),
            &json!({}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status.as_u16(), e.error_code.as_str()),
        (403, "CANCEL_NOT_ALLOWED")
    );
    let before = sbx.order(A, &id).await.expires_at;
    let extend = format!("/ordermanagement/v1/orders/{id}/extend-authorization-time");
    assert_eq!(
        sbx.post(A, &extend, &json!({})).await.status(),
        StatusCode::NO_CONTENT
    );
    let after = sbx.order(A, &id).await.expires_at;
    let days = chrono::DateTime::parse_from_rfc3339(&after).unwrap()
        - chrono::DateTime::parse_from_rfc3339(&before).unwrap();
    assert_eq!(days.num_days(), 28);
    let release = format!("/ordermanagement/v1/orders/{id}/release-remaining-authorization");
    assert_eq!(
        sbx.post(A, &release, &json!({})).await.status(),
        StatusCode::NO_CONTENT
    );
    let order = sbx.order(A, &id).await;
    assert_eq!(
        (order.status.as_str(), order.remaining_authorized_amount),
        ("CAPTURED", 0)
    );
    let (status, e) = error(sbx.post(A, &release, &json!({})).await).await;
    assert_eq!(
        (status.as_u16(), e.error_code.as_str()),
        (403, "NOT_ALLOWED")
    );
}

#[tokio::test]
async fn an_uncaptured_reservation_expires_by_the_clock() {
    let sbx = start().await;
    let id = sbx.reserve(A, &ten_thousand(), None).await.order_id;
    sbx.advance(28 * DAY - 60).await;
    assert_eq!(sbx.order(A, &id).await.status, "AUTHORIZED");
    sbx.advance(60).await;
    let order = sbx.order(A, &id).await;
    assert_eq!(
        (order.status.as_str(), order.remaining_authorized_amount),
        ("EXPIRED", 0)
    );
    let (status, e) = error(sbx.capture(A, &id, 1, None).await).await;
    assert_eq!(
        (status.as_u16(), e.error_code.as_str()),
        (403, "CAPTURE_NOT_ALLOWED")
    );
    let extend = format!("/ordermanagement/v1/orders/{id}/extend-authorization-time");
    assert_eq!(
        sbx.post(A, &extend, &json!({})).await.status(),
        StatusCode::FORBIDDEN
    );
}
