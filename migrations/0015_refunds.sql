-- Refunds to customers' bank accounts (issue 15): the customer's payment details, the refunds
-- (proposals changed by hand, sent in a batch, rejected, booked) and the batches (pain.001).

-- Where a customer's refunds are paid: one row per customer, the kind's fields set.
CREATE TABLE customer_payment_details (
    customer_no INTEGER PRIMARY KEY REFERENCES customers(customer_no),
    kind TEXT NOT NULL CHECK (kind IN ('account', 'iban', 'bankgiro', 'plusgiro')),
    -- account: clearing number and account number (digits).
    clearing TEXT,
    account TEXT,
    -- iban: electronic form; bic optional.
    iban TEXT,
    bic TEXT,
    -- bankgiro / plusgiro: canonical form.
    giro TEXT,
    updated_at TEXT NOT NULL,
    CHECK ((kind = 'account') = (clearing IS NOT NULL AND account IS NOT NULL)),
    CHECK ((kind = 'iban') = (iban IS NOT NULL)),
    CHECK ((kind IN ('bankgiro', 'plusgiro')) = (giro IS NOT NULL))
) STRICT;

-- A batch of refunds written as one pain.001 file. The file is stored as written, so writing
-- the same batch again gives the same bytes; msg_id is unique (a new batch, a new id).
CREATE TABLE refund_batches (
    id INTEGER PRIMARY KEY,
    msg_id TEXT NOT NULL UNIQUE,
    pay_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    count INTEGER NOT NULL,
    total_ore INTEGER NOT NULL,
    xml TEXT NOT NULL
) STRICT;

CREATE TRIGGER refund_batches_no_update BEFORE UPDATE ON refund_batches
BEGIN
    SELECT RAISE(ABORT, 'refund batches are append-only');
END;

CREATE TRIGGER refund_batches_no_delete BEFORE DELETE ON refund_batches
BEGIN
    SELECT RAISE(ABORT, 'refund batches are append-only');
END;

-- A refund: money owed back to a customer on a FAKTURA invoice (source 'invoice', its credit
-- notes made it owed) or on a bank payment's credit on 2420 (source 'payment').
--   proposed: a proposal whose amount or date was changed by hand (at most one per source);
--   sent:     in a batch, waiting for the bank; the money is still owed (1510 / 2420);
--   rejected: the bank refused it (reason); the source is proposed again;
--   booked:   the bank's debit (camt.054) confirmed it: voucher 1510/2420 against 1930.
CREATE TABLE refunds (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL CHECK (source IN ('invoice', 'payment')),
    source_id INTEGER NOT NULL,
    customer_no INTEGER NOT NULL,
    amount_ore INTEGER NOT NULL CHECK (amount_ore > 0),
    pay_on TEXT NOT NULL,
    reference TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('proposed', 'sent', 'rejected', 'booked')),
    -- The bank's reason (pain.002 StsRsnInf) for a rejected refund.
    reason TEXT,
    -- Invariant (issue 15): a refund is in at most one batch. The batch is set once, when the
    -- refund is sent, and never changed or cleared (trigger below); a rejected refund stays
    -- in its batch and the money is proposed again as a new refund.
    batch INTEGER REFERENCES refund_batches(id),
    end_to_end_id TEXT UNIQUE,
    -- The payment details as sent (JSON), so the batch is what was paid.
    payee_json TEXT,
    voucher_no INTEGER REFERENCES vouchers(number),
    -- The bank's debit that confirmed it.
    payment INTEGER REFERENCES incoming_payments(id),
    created_at TEXT NOT NULL,
    CHECK ((state = 'proposed') = (batch IS NULL)),
    CHECK ((state = 'booked') = (voucher_no IS NOT NULL))
) STRICT;

-- At most one proposal changed by hand per source.
CREATE UNIQUE INDEX refunds_one_proposal ON refunds (source, source_id) WHERE state = 'proposed';
CREATE INDEX refunds_source ON refunds (source, source_id, state);
CREATE INDEX refunds_batch ON refunds (batch);

CREATE TRIGGER refunds_batch_fixed BEFORE UPDATE OF batch ON refunds
WHEN OLD.batch IS NOT NULL AND (NEW.batch IS NULL OR NEW.batch <> OLD.batch)
BEGIN
    SELECT RAISE(ABORT, 'a refund is in at most one batch');
END;

CREATE TRIGGER refunds_booked_final BEFORE UPDATE ON refunds
WHEN OLD.state IN ('booked', 'rejected')
BEGIN
    SELECT RAISE(ABORT, 'a booked or rejected refund does not change');
END;

CREATE TRIGGER refunds_no_delete_sent BEFORE DELETE ON refunds
WHEN OLD.state <> 'proposed'
BEGIN
    SELECT RAISE(ABORT, 'a sent refund is kept');
END;
