-- Version 3: mobile payments. Every attempt to send a payment link, and every money-moving call
-- after it (cancel, refund, capture), is written here with its idempotency key BEFORE the call
-- goes out, so a retry or a restart after a crash reuses the key and the provider never makes a
-- second link or a second refund.

CREATE TABLE payment_attempts (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id),
    attempt INTEGER NOT NULL,
    provider TEXT NOT NULL,
    order_reference TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    -- The exact request sent, so that a retry after a crash sends the same body.
    request_json TEXT NOT NULL,
    amount_ore INTEGER NOT NULL,
    mobile TEXT NOT NULL,
    ttl_minutes INTEGER NOT NULL,
    -- sending: key stored, answer not yet stored; sent: the link exists; failed: refused, no
    -- link; cancelled: the link was cancelled (and any payment refunded).
    state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed', 'cancelled')),
    provider_payment_id TEXT UNIQUE,
    customer_url TEXT,
    payment_state TEXT,
    method TEXT,
    paid_at TEXT,
    refunded_ore INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (order_id, attempt)
) STRICT;

CREATE INDEX payment_attempts_state ON payment_attempts (state);

CREATE TABLE provider_calls (
    id INTEGER PRIMARY KEY,
    attempt_id INTEGER NOT NULL REFERENCES payment_attempts(id),
    kind TEXT NOT NULL CHECK (kind IN ('cancel', 'refund', 'capture')),
    idempotency_key TEXT NOT NULL UNIQUE,
    transaction_id TEXT,
    amount_ore INTEGER,
    state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
    error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX provider_calls_attempt ON provider_calls (attempt_id);
