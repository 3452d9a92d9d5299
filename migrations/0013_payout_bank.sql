-- Verkstad schema version 13: the bank's credit of a provider payout (issue 14,
-- docs/RECONCILIATION.md "Provider payouts"). A payout's voucher books its net on the bank
-- account when the payout is applied; the bank file's credit carrying the payout's reference
-- then closes it instead of being booked again.
--
-- Invariant kept here: a payout is closed by at most one incoming payment, and an incoming
-- payment closes at most one payout (the two keys), so a payout's money is on the bank account
-- once. Append-only, like the payouts and payments it links.
CREATE TABLE payout_bank_entries (
    payout INTEGER PRIMARY KEY REFERENCES payouts(id),
    payment INTEGER NOT NULL UNIQUE REFERENCES incoming_payments(id),
    closed_at TEXT NOT NULL
) STRICT;

-- The matcher looks a reference up among every provider's payouts.
CREATE INDEX payouts_reference ON payouts (payment_reference);

CREATE TRIGGER payout_bank_entries_no_update BEFORE UPDATE ON payout_bank_entries
BEGIN
    SELECT RAISE(ABORT, 'payout bank entries are append-only');
END;

CREATE TRIGGER payout_bank_entries_no_delete BEFORE DELETE ON payout_bank_entries
BEGIN
    SELECT RAISE(ABORT, 'payout bank entries are append-only');
END;
