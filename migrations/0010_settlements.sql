-- Verkstad schema version 10: provider payouts, what has been received against an invoice, and
-- the disputes register (issue 13; docs/BOOKKEEPING.md "Provider payouts", docs/KLARNA.md).
--
-- Everything that records money is append-only: a payout, its rows and an invoice's receipts are
-- never changed or removed (triggers refuse it). A dispute is synced from the provider and so its
-- state may change, but the vouchers of its chargeback and fee, once set, never change (so
-- neither is booked twice) and a dispute is never removed.

-- A payout of a provider: one voucher, booked when it was applied.
CREATE TABLE payouts (
    id INTEGER PRIMARY KEY,
    provider TEXT NOT NULL,
    -- The text on the bank statement.
    payment_reference TEXT NOT NULL,
    payout_date TEXT NOT NULL,
    currency TEXT NOT NULL,
    net_ore INTEGER NOT NULL CHECK (net_ore >= 0),
    sales_ore INTEGER NOT NULL,
    returns_ore INTEGER NOT NULL,
    fees_ore INTEGER NOT NULL,
    reversals_ore INTEGER NOT NULL,
    other_ore INTEGER NOT NULL,
    opening_debt_ore INTEGER NOT NULL,
    closing_debt_ore INTEGER NOT NULL,
    voucher_no INTEGER NOT NULL UNIQUE REFERENCES vouchers(number),
    applied_at TEXT NOT NULL,
    UNIQUE (provider, payment_reference)
) STRICT;

CREATE INDEX payouts_date ON payouts (payout_date);

-- What each row of a payout did in our books (domain::settlement::RowEffect). One row per
-- position of the payout: a second fetch of the same payout finds it and writes nothing.
CREATE TABLE payout_rows (
    payout_id INTEGER NOT NULL REFERENCES payouts(id),
    pos INTEGER NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT,
    amount_ore INTEGER NOT NULL,
    vat_ore INTEGER NOT NULL,
    order_reference TEXT,
    provider_order_id TEXT,
    capture_id TEXT,
    refund_id TEXT,
    dispute_id TEXT,
    sale_date TEXT,
    effect TEXT NOT NULL CHECK (effect IN ('invoice_paid', 'return', 'fee', 'dispute_fee',
        'dispute_fee_cleared', 'chargeback', 'chargeback_cleared', 'unmatched')),
    invoice_no INTEGER REFERENCES invoices(invoice_no),
    PRIMARY KEY (payout_id, pos)
) STRICT;

CREATE INDEX payout_rows_dispute ON payout_rows (dispute_id) WHERE dispute_id IS NOT NULL;
CREATE INDEX payout_rows_unmatched ON payout_rows (effect) WHERE effect = 'unmatched';

-- What has been received against an invoice, from any source: a provider's payout row
-- ('klarna', later 'resurs'), a bank file's payment (issue 14: 'bankgiro', 'camt054').
-- `source_reference` names the receipt within its source (a payout's payment reference and row)
-- and is unique per source, so the same receipt is never counted twice. An invoice is paid when
-- its receipts come to what it asks (`to_pay`); the day is the last receipt's.
CREATE TABLE invoice_receipts (
    id INTEGER PRIMARY KEY,
    invoice_no INTEGER NOT NULL REFERENCES invoices(invoice_no),
    amount_ore INTEGER NOT NULL,
    source TEXT NOT NULL,
    source_reference TEXT NOT NULL,
    voucher_no INTEGER NOT NULL REFERENCES vouchers(number),
    received_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (source, source_reference)
) STRICT;

CREATE INDEX invoice_receipts_invoice ON invoice_receipts (invoice_no);

CREATE TABLE disputes (
    -- The provider's id (Klarna: the dispute's KRN).
    id TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    provider_order_id TEXT,
    order_reference TEXT,
    -- Our order and invoice, when the dispute could be matched.
    order_nr INTEGER,
    invoice_no INTEGER REFERENCES invoices(invoice_no),
    reason TEXT NOT NULL,
    amount_ore INTEGER NOT NULL,
    fee_ore INTEGER,
    opened_at TEXT NOT NULL,
    deadline TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'response_sent', 'won', 'lost', 'accepted')),
    -- How it ended in our books: lost as the provider decided, deadline_missed (open past its
    -- deadline), accepted (we gave in), won.
    outcome TEXT CHECK (outcome IN ('won', 'lost', 'deadline_missed', 'accepted')),
    requests_json TEXT NOT NULL,
    synced_at TEXT NOT NULL,
    chargeback_voucher INTEGER REFERENCES vouchers(number),
    fee_voucher INTEGER REFERENCES vouchers(number),
    created_at TEXT NOT NULL
) STRICT;

CREATE INDEX disputes_order ON disputes (order_nr);
CREATE INDEX disputes_opened ON disputes (opened_at);

CREATE TRIGGER payouts_no_update BEFORE UPDATE ON payouts
BEGIN
    SELECT RAISE(ABORT, 'payouts are append-only');
END;

CREATE TRIGGER payouts_no_delete BEFORE DELETE ON payouts
BEGIN
    SELECT RAISE(ABORT, 'payouts are append-only');
END;

CREATE TRIGGER payout_rows_no_update BEFORE UPDATE ON payout_rows
BEGIN
    SELECT RAISE(ABORT, 'payout rows are append-only');
END;

CREATE TRIGGER payout_rows_no_delete BEFORE DELETE ON payout_rows
BEGIN
    SELECT RAISE(ABORT, 'payout rows are append-only');
END;

CREATE TRIGGER invoice_receipts_no_update BEFORE UPDATE ON invoice_receipts
BEGIN
    SELECT RAISE(ABORT, 'invoice receipts are append-only');
END;

CREATE TRIGGER invoice_receipts_no_delete BEFORE DELETE ON invoice_receipts
BEGIN
    SELECT RAISE(ABORT, 'invoice receipts are append-only');
END;

CREATE TRIGGER disputes_no_delete BEFORE DELETE ON disputes
BEGIN
    SELECT RAISE(ABORT, 'disputes are kept');
END;

CREATE TRIGGER disputes_chargeback_once BEFORE UPDATE OF chargeback_voucher ON disputes
WHEN OLD.chargeback_voucher IS NOT NULL
    AND NEW.chargeback_voucher IS NOT OLD.chargeback_voucher
BEGIN
    SELECT RAISE(ABORT, 'a dispute''s chargeback is booked once');
END;

CREATE TRIGGER disputes_fee_once BEFORE UPDATE OF fee_voucher ON disputes
WHEN OLD.fee_voucher IS NOT NULL AND NEW.fee_voucher IS NOT OLD.fee_voucher
BEGIN
    SELECT RAISE(ABORT, 'a dispute''s fee is booked once');
END;
