-- Verkstad schema version 9: payment method KLARNA (an invoice through Klarna, issue 13).
--
-- * orders.payment_method and invoices.method may be 'KLARNA'. A CHECK cannot be altered in
--   SQLite, and rebuilding orders (a million rows, with its indexes and triggers) and invoices
--   would take long; widening an IN list only lets more rows through, so every stored row still
--   satisfies it and the on-disk format is unchanged. The fixup in store/sqlite/migrations.rs
--   therefore edits the two CHECK clauses in sqlite_schema (SQLite's documented procedure for
--   constraint changes that existing rows already meet: lang_altertable.html §7), bumps
--   schema_version, and checks the result. It refuses to run if the text is not found exactly.
-- * A KLARNA invoice is bound to its reservation like a MOBIL invoice to its payment: the
--   trigger below replaces version 6's and also admits KLARNA, for exactly the authorised amount.

DROP TRIGGER invoices_payment_amount;

CREATE TRIGGER invoices_payment_amount BEFORE UPDATE OF payment_attempt_id ON invoices
WHEN NEW.payment_attempt_id IS NOT NULL AND (
    NEW.kind != 'faktura' OR NEW.method NOT IN ('MOBIL', 'KLARNA')
    OR coalesce((SELECT authorized_ore FROM payment_attempts WHERE id = NEW.payment_attempt_id), -1)
        != NEW.total_ore
    OR (SELECT amount_ore FROM payment_attempts WHERE id = NEW.payment_attempt_id) != NEW.total_ore)
BEGIN
    SELECT RAISE(ABORT, 'a MOBIL or KLARNA invoice must equal the amount its payment authorised');
END;

-- The Klarna store a reservation was made in (several stores, each with its own credentials;
-- one default, chosen per order). NULL for providers without stores (Resurs).
ALTER TABLE payment_attempts ADD COLUMN provider_store TEXT;
