# domain: English

## src/domain/columns.rs: the columns of the order list
column-nr = Nr
column-customer-no = Customer no
column-customer-name = Customer name
column-regnr = Reg. no
column-make-model = Vehicle
column-status = Status
column-total = Amount incl. VAT
column-payment-method = Payment method
column-payment-received = Payment received
column-payment-received-at = Time payment received
column-created-at = Created
column-updated-at = Updated
column-mobile = Mobile
column-invoice-no = Invoice no
column-booked-at = Booked
column-pay-provider = Paid via
column-pay-state = Payment state
column-invoice-paid = Invoice paid
column-invoice-paid-at = Paid on
column-unknown = Unknown column "{ $key }". Columns: { $columns }
column-none-chosen = No columns chosen
column-sort-direction = Unknown sort direction "{ $direction }" (asc or desc)
column-not-sortable = The list cannot be sorted on "{ $key }" (it is read per row shown)

## src/domain/customer.rs: customer and vehicle fields
customer-name-missing = The customer's name is missing
customer-name-too-long = The name is too long (at most 100 characters)
customer-email-invalid = "{ $email }" is not a valid e-mail address
vehicle-year-implausible = The model year { $year } is not plausible
vehicle-mileage-negative = The mileage must not be negative ({ $mileage })

## src/domain/ids/mod.rs: identifiers (personnummer, organisationsnummer, mobile, bankgiro, plusgiro, plate)
id-personnummer-format = Invalid personal identity number "{ $input }": write it as YYMMDD-NNNN or YYYYMMDD-NNNN
id-personnummer-date = Invalid personal identity number "{ $input }": the date of birth does not exist
id-personnummer-future = Invalid personal identity number "{ $input }": the date of birth is in the future
id-personnummer-serial = Invalid personal identity number "{ $input }": the birth number cannot be 000
id-personnummer-checksum = Invalid personal identity number "{ $input }": the check digit is wrong
id-orgnr-format = Invalid organisation number "{ $input }": write it as NNNNNN-NNNN (the third and fourth digits are at least 20)
id-orgnr-checksum = Invalid organisation number "{ $input }": the check digit is wrong
id-national-id-format = "{ $input }" is neither a personal identity number nor an organisation number
id-mobile-format = Invalid mobile number "{ $input }": write for example 070-123 45 67 or +47 123 45 678
id-not-swedish-mobile = "{ $input }" is not a Swedish mobile number (070, 072, 073, 076 or 079)
id-bankgiro-format = Invalid bankgiro number "{ $input }": write it as NNN-NNNN or NNNN-NNNN
id-bankgiro-checksum = Invalid bankgiro number "{ $input }": the check digit is wrong
id-plusgiro-format = Invalid plusgiro number "{ $input }": 2–8 digits, the last a check digit (e.g. 4711-8)
id-plusgiro-checksum = Invalid plusgiro number "{ $input }": the check digit is wrong
id-regnr-format = Invalid registration number "{ $input }": enter for example ABC123 or ABC12D
id-vat-no-format = Invalid VAT number "{ $input }": write the country code and 2–13 letters or digits, for example SE556677889901 or DK12345678
id-vat-no-swedish = Invalid Swedish VAT number "{ $input }": write SE, the ten digits of the organisation or personal identity number and 01, for example SE556677889901
id-vat-no-checksum = Invalid Swedish VAT number "{ $input }": the check digit of the organisation or personal identity number is wrong
id-bank-account-format = Invalid account number "{ $input }": write the clearing number and the account as CLEARING-ACCOUNT, e.g. 5000-1001000
id-bank-account-clearing = Invalid account number "{ $input }": the clearing number belongs to no bank
id-bank-account-length = Invalid account number "{ $input }": the wrong number of digits for an account at { $bank }
id-bank-account-checksum = Invalid account number "{ $input }": the check digit is wrong by { $bank }'s rules
id-iban-invalid = Invalid IBAN "{ $input }": the country code, length or check digits are wrong
id-bic-format = Invalid BIC "{ $input }": 8 or 11 characters, e.g. ESSESESS

## src/domain/invoice/mod.rs: document titles, credits
invoice-title-credit = CREDIT INVOICE
invoice-title-invoice = INVOICE
invoice-title-receipt = RECEIPT
credit-already-credited = Invoice { $invoice } has already been credited in full
credit-line-already-credited = Line { $pos } of invoice { $invoice } has already been credited
credit-no-such-line = Invoice { $invoice } has no line { $pos }
credit-no-lines = Give at least one line to credit

## src/domain/ledger.rs: the ledger settings and booking
ledger-unknown-setting = Unknown setting "{ $key }" under [accounts] in config.toml
ledger-not-an-account = [accounts] { $key } = { $number }: an account has four digits (1000–9999)
ledger-account-not-in-chart = [accounts] { $key } = { $account }: the account is not in the chart of accounts – add it under [chart] in config.toml
ledger-account-wrong-class = [accounts] { $key } = { $account }: the account must be in account class { $class }
ledger-unbalanced = The voucher does not balance: difference { $difference } kr

## src/domain/money.rs: amounts, quantities and percentages typed by the user
amount-not-a-number = "{ $input }" is not a number
amount-too-many-decimals = "{ $input }" has more than two decimals
amount-negative = "{ $input }" must not be negative
amount-not-positive = the quantity must be greater than zero ("{ $input }")
amount-too-large = "{ $input }" is too large
amount-discount-range = the discount must be between 0 and 100 % ("{ $input }")
amount-vat-rate = there is no VAT rate of { $input } % (25, 12, 6 or 0)

## src/domain/order.rs: the actions of the Funktion menu, line kinds, rule violations
action-mark-complete = Mark complete
action-send-payment = Send mobile payment (SMS)
action-cancel-payment = Cancel payment SMS / Reopen order
action-book = Book
action-credit = Credit
line-kind-labour = Labour
line-kind-part = Part
line-kind-other = Other
line-kind-outlay = Disbursement
order-locked-payment-sms = The order is locked – cancel the payment SMS first
order-locked-booked = The order is booked – credit the invoice to change it
order-locked = The order is locked (status { $status })
order-cannot-mark-complete = Cannot mark as complete an order with status { $status }
order-cannot-send-payment = Cannot send a payment SMS for an order with status { $status }
order-cannot-cancel-payment = Cannot cancel the payment SMS of an order with status { $status }
order-cannot-book = Cannot book an order with status { $status }
order-cannot-credit = Cannot credit an order with status { $status }
order-no-lines = The order has no lines
order-total-too-large = The order total { $total } kr is unreasonably large
order-outlay-vat = A disbursement always has 0 % VAT (not { $rate } %): it is outside the VAT Act
order-outlay-discount = A disbursement gets no discount: it is passed on at exactly the amount that was paid

## src/domain/payment.rs: payment states as the counter sees them (no provider named)
pay-choice-direct = Direct payment
pay-choice-part-payment = Part payment
pay-choice-invoice = Invoice
payment-state-pending = Not paid yet
payment-state-frozen = The payment is on hold for a check – wait
payment-state-inspection = Credit inspection in progress – wait
payment-state-authorized = Authorized, not captured yet
payment-state-paid = Paid
payment-state-rejected = Declined by the customer or refused by the payment provider
payment-state-expired = The link has expired
payment-state-cancelled = Cancelled
payment-state-refunded = Refunded
payment-state-partly-refunded = Partly refunded
payment-state-unknown = Unknown status

## src/domain/sie.rs: why a SIE file was not written
sie-unbalanced = Voucher { $series } { $voucher } does not balance: difference { $difference } kr
sie-outside-period = Voucher { $series } { $voucher } is dated { $date }, outside the export period { $from } – { $to }

# The cash register (kassaregister).
register-x-report = X daily report
register-z-report = Z daily report

## src/domain/reconcile: where an incoming payment stands and why
reconcile-state-matched = Matched
reconcile-state-suggested = Suggested
reconcile-state-obs = OBS
reconcile-state-prepayment = Prepayment
reconcile-why-ocr = OCR { $text } is invoice { $invoice }
reconcile-why-invoice-number = invoice number { $text } in the reference: invoice { $invoice }
reconcile-why-order-number = order number { $text } in the reference: invoice { $invoice }
reconcile-why-order-reference = payment reference { $text }: invoice { $invoice }
reconcile-why-provider-id = the payment provider's id { $text }: invoice { $invoice }
reconcile-why-amount-and-payer = the amount and the payer ({ $payer }) fit invoice { $invoice }, no other
reconcile-why-amount-only = the amount fits invoice { $invoice } but the payer does not – a suggestion, accept it or choose an invoice
reconcile-why-not-money-in = money out (a deduction or a debit), not a payment of an invoice
reconcile-why-refund-confirmed = refund { $refund } ({ $id }) paid by the bank: booked against 1930
reconcile-why-no-reference = no reference and no open invoice with the same amount and payer
reconcile-why-unknown-reference = the reference ({ $text }) finds no invoice or order
reconcile-why-several-candidates = { $count } open invoices have the same amount – choose the invoice
reconcile-why-already-paid = invoice { $invoice } is already paid
reconcile-why-order-not-invoiced = order { $nr } is not invoiced yet – a prepayment, matched when the invoice is booked
reconcile-why-several-orders = the reference names several orders not yet invoiced – choose the invoice
reconcile-why-by-hand = matched by hand to invoice { $invoice }
reconcile-why-moved-to-obs = moved to OBS by hand
reconcile-why-prepayment-applied = the prepayment matched to invoice { $invoice } when it was booked
reconcile-why-payout = payout { $reference } from { $provider }: booked on the bank when the payout was fetched, now confirmed by the bank
reconcile-why-payout-differs = the bank credited { $received } kr but the payout was { $net } kr – the difference is on OBS
reconcile-why-payout-already-closed = payout { $reference } was confirmed already by payment { $payment }
reconcile-why-several-targets = the reference names a payout and something more (invoices, orders or more payouts) – choose by hand
