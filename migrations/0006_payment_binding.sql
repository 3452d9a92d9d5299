-- Version 6: a booked MOBIL sale is bound to the one payment that paid it, for exactly its amount.
--
-- `payment_attempts.authorized_ore` is the amount the provider says it authorised for the
-- attempt, stored when a check finds the payment paid (or authorised). A check whose authorised
-- amount differs from the order total does not mark the order paid.
ALTER TABLE payment_attempts ADD COLUMN authorized_ore INTEGER;

-- `invoices.payment_attempt_id` names the payment a MOBIL invoice was paid by. It is set in the
-- booking transaction and never changed after, one invoice per payment, and the schema itself
-- refuses a binding whose authorised amount is not the invoice total to the öre.
ALTER TABLE invoices ADD COLUMN payment_attempt_id INTEGER REFERENCES payment_attempts(id);

CREATE UNIQUE INDEX invoices_payment_attempt ON invoices (payment_attempt_id)
    WHERE payment_attempt_id IS NOT NULL AND kind = 'faktura';

CREATE TRIGGER invoices_payment_fixed BEFORE UPDATE OF payment_attempt_id ON invoices
WHEN OLD.payment_attempt_id IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the payment of a booked invoice cannot be changed');
END;

CREATE TRIGGER invoices_payment_amount BEFORE UPDATE OF payment_attempt_id ON invoices
WHEN NEW.payment_attempt_id IS NOT NULL AND (
    NEW.kind != 'faktura' OR NEW.method != 'MOBIL'
    OR coalesce((SELECT authorized_ore FROM payment_attempts WHERE id = NEW.payment_attempt_id), -1)
        != NEW.total_ore
    OR (SELECT amount_ore FROM payment_attempts WHERE id = NEW.payment_attempt_id) != NEW.total_ore)
BEGIN
    SELECT RAISE(ABORT, 'a MOBIL invoice must equal the amount its payment authorised');
END;
