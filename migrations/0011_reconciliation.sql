-- Verkstad schema version 11: reconciliation of incoming payments (issue 14,
-- docs/RECONCILIATION.md). The bank's files as imported, each payment in them with where it
-- stands and why, every booking made for a payment, and the receipts against invoices linked
-- to the payment that paid them.
--
-- What records money is append-only: a file, a payment's amount and identity, a booking and a
-- receipt are never changed or removed (triggers refuse it). Only where a payment stands (its
-- state, reason, suggestion, what is held for it) changes, each change with a booking row and
-- an audit event.

-- An imported file, by the hash of its content: the same file again is found and changes
-- nothing.
CREATE TABLE bank_files (
    id INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    -- The sender's name for the file (BgMax TK01 timestamp, camt.054 MsgId).
    file_id TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('bgmax', 'camt054')),
    file_name TEXT,
    test INTEGER NOT NULL CHECK (test IN (0, 1)),
    payments INTEGER NOT NULL,
    -- Entries already imported from another file (skipped).
    known INTEGER NOT NULL,
    total_ore INTEGER NOT NULL,
    imported_at TEXT NOT NULL
) STRICT;

-- One payment (a BgMax TK20/TK21, a camt.054 transaction). `entry_key` names it the same in
-- any file (source, account, booking date, the bank's id of the entry, amount), so the same
-- entry in another file is recognised and skipped.
CREATE TABLE incoming_payments (
    id INTEGER PRIMARY KEY,
    file INTEGER NOT NULL REFERENCES bank_files(id),
    source TEXT NOT NULL CHECK (source IN ('bankgiro', 'camt054')),
    entry_key TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    bank_id TEXT NOT NULL,
    booked_on TEXT NOT NULL,
    amount_ore INTEGER NOT NULL,
    payer_json TEXT NOT NULL,
    references_json TEXT NOT NULL,
    -- The voucher of the import (bank 1930 against 1510, 3740, 2420, 2999); none for 0,00.
    voucher_no INTEGER REFERENCES vouchers(number),
    imported_at TEXT NOT NULL,
    -- Where it stands now.
    state TEXT NOT NULL CHECK (state IN ('matched', 'suggested', 'obs', 'prepayment')),
    reason_json TEXT NOT NULL,
    suggested_invoice INTEGER REFERENCES invoices(invoice_no),
    -- The order a prepayment waits for.
    waiting_order INTEGER,
    -- What waits on OBS 2999 (obs, suggested) or 2420 (prepayment) for this payment.
    held_ore INTEGER NOT NULL,
    -- What was left as the customer's credit on 2420 (more paid than asked).
    credit_ore INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX incoming_payments_state ON incoming_payments (state, booked_on);
CREATE INDEX incoming_payments_waiting ON incoming_payments (waiting_order)
    WHERE state = 'prepayment';
CREATE INDEX incoming_payments_file ON incoming_payments (file);

-- Every booking made for a payment: the import, a match by hand, a move to OBS, a prepayment
-- applied when its invoice was booked.
CREATE TABLE payment_bookings (
    id INTEGER PRIMARY KEY,
    payment INTEGER NOT NULL REFERENCES incoming_payments(id),
    action TEXT NOT NULL CHECK (action IN ('import', 'match', 'obs', 'prepayment_applied')),
    state TEXT NOT NULL CHECK (state IN ('matched', 'suggested', 'obs', 'prepayment')),
    voucher_no INTEGER REFERENCES vouchers(number),
    reason_json TEXT NOT NULL,
    at TEXT NOT NULL
) STRICT;

CREATE INDEX payment_bookings_payment ON payment_bookings (payment);

-- A receipt of a bank payment names the payment (a provider's payout row leaves it NULL).
ALTER TABLE invoice_receipts ADD COLUMN payment INTEGER REFERENCES incoming_payments(id);

CREATE INDEX invoice_receipts_payment ON invoice_receipts (payment) WHERE payment IS NOT NULL;

-- "Amount and payer": the FAKTURA invoices asking a given amount.
CREATE INDEX invoices_faktura_to_pay ON invoices (to_pay_ore)
    WHERE kind = 'faktura' AND method = 'FAKTURA';

CREATE TRIGGER bank_files_no_update BEFORE UPDATE ON bank_files
BEGIN
    SELECT RAISE(ABORT, 'imported bank files are append-only');
END;

CREATE TRIGGER bank_files_no_delete BEFORE DELETE ON bank_files
BEGIN
    SELECT RAISE(ABORT, 'imported bank files are append-only');
END;

CREATE TRIGGER incoming_payments_no_delete BEFORE DELETE ON incoming_payments
BEGIN
    SELECT RAISE(ABORT, 'incoming payments are append-only');
END;

CREATE TRIGGER incoming_payments_money_fixed BEFORE UPDATE OF file, source, entry_key, account,
    bank_id, booked_on, amount_ore, payer_json, references_json, voucher_no, imported_at
    ON incoming_payments
BEGIN
    SELECT RAISE(ABORT, 'an incoming payment as imported cannot be changed');
END;

-- A matched payment stays matched (its receipts are append-only).
CREATE TRIGGER incoming_payments_matched_final BEFORE UPDATE OF state ON incoming_payments
WHEN OLD.state = 'matched' AND NEW.state <> 'matched'
BEGIN
    SELECT RAISE(ABORT, 'a matched payment stays matched');
END;

CREATE TRIGGER payment_bookings_no_update BEFORE UPDATE ON payment_bookings
BEGIN
    SELECT RAISE(ABORT, 'payment bookings are append-only');
END;

CREATE TRIGGER payment_bookings_no_delete BEFORE DELETE ON payment_bookings
BEGIN
    SELECT RAISE(ABORT, 'payment bookings are append-only');
END;
