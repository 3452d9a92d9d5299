-- Version 7: the order list sorted on a customer's mobile number walks this index (as it walks
-- customers_name and the unique customer_no) instead of sorting every matching order.
CREATE INDEX customers_mobile ON customers (mobile);
