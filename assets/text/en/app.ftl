# app: English

## src/app/config.rs: the config file
config-unknown-language = unknown language "{ $lang }" (sv or en)
config-chart-not-an-account = [chart] "{ $number }": an account has four digits (1000–9999)
company-name-missing = the company name is missing
config-secret-readable = { $path } holds the Resurs secret but other users can read it (mode { $mode }). Run: chmod 600 { $path }
io-read-failed = Could not read { $path }: { $error }
io-save-columns-failed = Could not save the columns in { $path }: { $error }

## src/app/error.rs: an error named by the part of the input it is about
app-record = Record { $index }: { $error }
app-error-in-file = Error in { $path }: { $error }

## src/app/import.rs: the import file of orders (also the counter screen's line form)
import-line-malformed = line { $pos }: { $error }
import-unknown-article = line { $pos }: unknown article number "{ $article }" (give description and unit price)
import-unknown-line-kind = line { $pos }: unknown line kind "{ $kind }" (arbete, artikel, övrigt or utlägg)
import-description-missing = line { $pos }: description is missing
import-quantity-not-a-number = line { $pos }: quantity: { $value } is not a number
import-unit-price-not-a-number = line { $pos }: unit price: { $value } is not a number
import-unit-price-missing = line { $pos }: unit price is missing
import-discount-not-a-number = line { $pos }: discount: { $value } is not a number
import-vat-not-a-number = line { $pos }: VAT: { $value } is not a number
import-status-not-importable = status { $status } cannot be imported (only ÖPPEN or KLART)
import-unknown-status = unknown status "{ $status }"
import-not-json = The file is not valid JSON (line { $line }, column { $column }): { $error }
import-not-a-list = The file must hold a JSON array of orders
import-malformed-record = malformed record: { $error }

## src/app/install.rs: demo data and `verkstad init`
install-demo-refused = { $db } is a real database (the workshop's books) – demo data is never written into it, nothing was changed. Try demo data in a file of its own: verkstad --db demo.db demo
install-demo-database = { $db } is a demo database – it cannot become the workshop's real books. Choose a new file for the real database, e.g. verkstad --db verkstad-real.db init …
install-database-in-use = { $db } already holds orders or vouchers – init only makes a new, empty database. Choose another file with --db
install-address-missing = The company's address is missing (it is on every invoice): give { $flags }
io-create-folder-failed = Could not create the folder { $path }: { $error }

## src/app/ledger.rs: booking, credits, documents, the day report, SIE
book-waits-for-mobile-payment = Order { $nr } waits for a mobile payment – cancel the payment SMS before booking with { $method }
book-payment-not-received = The payment for order { $nr } has not been received – check the payment (Ctrl+L) or cancel the payment SMS
book-mobile-not-received = Order { $nr } can be booked as MOBIL only once the mobile payment is received (send the payment SMS with Ctrl+S)
book-klarna-not-reserved = Order { $nr } can be booked as KLARNA only once Klarna has accepted the reservation (reserve with Klarna in the Funktion menu)
klarna-invoice-label = Klarna invoice { $no }
klarna-invoice-label-copy = Klarna invoice { $no } (copy, print { $n })
klarna-invoice-not-booked-klarna = Order { $nr } is not a booked KLARNA order (status { $status }, payment method { $method }): the Klarna invoice exists for an order booked as KLARNA
klarna-invoice-not-captured = Klarna has not captured order { $nr } yet: send the pending capture (Ctrl+Y, verkstad pay settle { $nr }), then print the Klarna invoice
klarna-invoice-lines-mismatch = Klarna's lines of order { $nr } come to { $lines } kr but Klarna captured { $captured } kr: the Klarna invoice is not printed (see verkstad klarna show { $nr })
book-choose-payment-method = Choose a payment method: KONTANT, KORT or FAKTURA
book-buyer-address-missing = Customer { $no } has no address – an invoice must carry the buyer's name and address
book-no-received-payment = Order { $nr } has no received mobile payment to book – check the payment (Ctrl+L)
book-amount-not-checked = The amount Resurs authorised for order { $nr } has not been checked – check the payment (Ctrl+L) before booking
book-reverse-charge-needs-vat-no = Customer { $no } has reverse charge but no VAT number – give it (verkstad customer set { $no } --vat-no …) before booking order { $nr }
book-reverse-charge-not-mobile = Order { $nr }: customer { $no } has reverse charge – the sale is invoiced without Swedish VAT and cannot be paid by mobile payment; choose KORT, KONTANT or FAKTURA
credit-order-has-no-invoice = Order { $nr } has no invoice
credit-invoice-booked-elsewhere = Invoice { $invoice } (order { $nr }) was booked outside Verkstad and is not in the invoice register – credit it where it was booked
credit-capture-pending = The capture at Resurs for invoice { $invoice } is not done – send it first (Ctrl+Y, `verkstad pay settle { $nr }`)
document-no-such-invoice = Order { $nr } has no invoice { $invoice }
document-order-not-booked = Order { $nr } is not booked in Verkstad – book it first (there is no invoice to print)
io-write-failed = Could not write { $path }: { $error }
report-date-cannot-be-shown = { $date } cannot be shown
sie-period-backwards = The period is backwards: { $from } to { $to }

## src/app/orders.rs: new orders, lines and customers
order-give-customer = Give the customer: number, name or mobile – or a name for a new customer
order-new-customer-name = Give a name for a new customer
order-none-created = No order was created
order-customer-empty = Give the customer
order-no-customer-matches = No customer matches "{ $text }" – fill in name and mobile for a new customer
order-several-customers-match = Several customers match: { $names } – type the customer number
line-give-article-or-text = Give an article number or a text
order-locked-sms-sent = Order { $nr } is locked: a payment SMS has been sent. Cancel it first: verkstad pay cancel { $nr } (Ctrl+U)
order-locked-is-booked = Order { $nr } is locked: it is booked. Credit the invoice first: verkstad credit { $nr } (Ctrl+D), then open the order: verkstad pay cancel { $nr } (Ctrl+U)
order-locked-is-credited = Order { $nr } is locked: it is credited. Open it again first: verkstad pay cancel { $nr } (Ctrl+U)
line-no-such-line = Line { $pos } does not exist (the order has { $count ->
        [one] { $count } line
       *[other] { $count } lines
    })
line-does-not-exist = The line does not exist
line-field-quantity = quantity
line-field-unit-price = unit price
line-field-vat = VAT
line-field-discount = discount
line-unknown-article = Unknown article number "{ $article }" – it is not in the article register
line-text-empty = The text is empty
line-unit-empty = The unit is empty
line-unknown-kind = unknown line kind "{ $kind }" (arbete, artikel, övrigt or utlägg)
line-free-text-needs-qty-price = A free-text line needs quantity and unit price (--qty and --price)
line-give-article-or-text-flag = Give an article number (--article) or a text (--text)
line-nothing-to-change = Nothing to change: give at least one of --article, --text, --qty, --price, --unit, --vat, --kind, --discount
customer-nothing-to-change = Nothing to change: give at least one of --name, --mobile, --email, --street, --postal-code, --city, --national-id, --vat-no, --reverse-charge
customer-reverse-charge-needs-vat-no = Reverse charge needs the buyer's VAT number – give it first
customer-yes-or-no = "{ $value }": answer yes or no

## src/app/pay/issue.rs: payment states that stop a use case
pay-amount-mismatch = { $provider } authorised { $authorized } kr but order { $nr } is for { $total } kr – the order is not marked paid and is not booked. Cancel or refund with Ctrl+U (verkstad pay cancel { $nr }), then send a new link.
pay-outcome-unknown = Sending the SMS – outcome unknown for order { $nr } ({ $cause }). The order stays locked until the outcome is known: check with Ctrl+L (verkstad pay check { $nr }).
pay-foreign-payment = The payment with reference { $reference } at { $provider } is for { $amount } kr, but order { $nr } was sent for { $expected } kr – it is not accepted. Contact { $provider }.
pay-link-withdrawn = Order { $nr } was reopened while the link was being made – the link is cancelled at { $provider }. Send a new link (Ctrl+S).
pay-no-active-link = Order { $nr } has no active payment link

## src/app/pay/mod.rs: what a send or a settle did
pay-earlier-link-replaced = The earlier link for { $old } kr did not match the order's { $total } kr and was cancelled first.
pay-settled-refund = Credit invoice { $no }: { $amount } kr refunded to the customer through { $provider }
pay-settled-capture = Invoice { $no }: the payment is captured at { $provider }

## src/app/pay/send.rs: sending a payment link
pay-link-not-remade = Order { $nr }: the payment link could not be made anew – try again
pay-nothing-to-pay = Order { $nr } has no amount to pay
pay-customer-has-no-mobile = Customer { $no } has no mobile number – add one first
pay-stored-request = Stored request: { $error }

## src/app/pay/settle.rs: refunds and captures
pay-cannot-refund = Cannot refund { $wanted } kr: { $refundable } kr can be refunded

## src/app/provider.rs: the payment provider, its purchase limits, acting as the customer
pay-sandbox-only = Sandbox only
pay-no-payment-link = No payment link
pay-outside-purchase-limits = The amount { $total } kr is outside the purchase limits at { $provider } for the store ({ $min }–{ $max } kr; { $methods }). No SMS was sent – take the payment another way.
io-listen-failed = Could not listen on 127.0.0.1:{ $port }: { $error }
io-sandbox-failed = The Resurs sandbox could not start: { $error }

## src/app/workshop/mod.rs, src/app/workshop/screen.rs: the workshop's callbacks and tasks
io-callbacks-failed = Could not listen: { $error }
io-internal-error = Internal error: { $error }
io-listen-port-failed = Could not listen on port { $port }: { $error }

## src/cli/mod.rs, src/tui/mod.rs: the terminal failed (AppError::Io)
io-output-failed = Could not write output: { $error }
io-runtime-failed = Could not start: { $error }
io-terminal-failed = Terminal error: { $error }

## src/store/mod.rs: errors of the database
store-database-error = Database error: { $error }
store-cannot-open = Could not open the database { $path }: { $error }
store-schema-too-new = The database has schema version { $found }, but this version of Verkstad only knows version { $known }. Update Verkstad.
store-conflict = Order { $nr } was changed by someone else since you opened it. Your changes were not saved – open the order again.
store-order-not-found = Order { $nr } does not exist
store-customer-not-found = Customer { $no } does not exist
store-busy = The database is busy with another user – try again
store-corrupt = Invalid value in the database ({ $what })

## src/app/orders.rs (the line form)
line-article-not-in-register = Article { $number } is not in the register – type the number as the register has it, or a text for a free line

# The cash register (kassaregister).
register-bad-id = The register id "{ $id }" will not do: 1–32 characters, e.g. KASSA-1 ([register] id in config.toml)
register-training-not-registered = Training mode practises counter sales only (KONTANT, KORT, MOBIL), not { $method }
receipt-already-printed = Receipt { $no } (order { $nr }) has already been printed: a receipt prints once. A copy: Funktion → Print receipt copy (verkstad print { $nr } --copy)
receipt-copy-already-printed = The copy of receipt { $no } has already been printed: only one copy may be printed
register-z-future = A Z daily report for { $date } cannot be taken: the day has not begun
register-z-taken = The Z daily report for { $date } has already been taken (no. { $no }): a Z report is taken once a day and never changed
register-z-before-last = A Z daily report for { $date } cannot be taken: the latest Z report is for { $last }
register-no-control-unit = The receipt cannot be registered: no control unit is connected
print-copy-not-a-receipt = Invoice { $no } is not a receipt: an invoice is printed again without --copy
receipt-label = Receipt { $no }{ $copy ->
        [yes] {" "}(copy)
       *[no] {""}
    }
receipt-original-first = Receipt { $no } has not been printed yet: print the original first (verkstad print { $nr }); a copy is a second print
register-training-no-credit = Training mode: order { $nr } is not credited (a credit reaches the books). Leave training mode to credit for real

klarna-customer-missing = Customer { $no } has no { $missing ->
        [pnr] personal identity number
        [email] e-mail address
        [mobile] mobile number
        [pnr-email] personal identity number and e-mail address
        [pnr-mobile] personal identity number and mobile number
        [email-mobile] e-mail address and mobile number
       *[all] personal identity number, e-mail address and mobile number
    } – Klarna needs the personal identity number, e-mail and mobile number for an invoice (edit the customer with F3)
klarna-not-reserved = Order { $nr } is not reserved at Klarna
## src/app/settlement.rs, src/app/disputes.rs, src/app/workshop/settlement.rs
settlement-not-configured = Payouts and disputes from { $provider } are not configured yet
settlement-internal = Payout { $reference }: its rows could not be put together – nothing was booked
dispute-not-found = No dispute with id "{ $id }" in the register (run "verkstad dispute sync")
pay-other-provider-live = Order { $nr } has a payment in progress at { $provider } – check it (Ctrl+L) or cancel it (Ctrl+U) first

## src/app/reconcile.rs: incoming payments
reconcile-internal = The payment of { $amount } kr does not balance in the books – nothing was booked (a program error, please report it)
reconcile-no-such-payment = There is no incoming payment { $payment }
reconcile-already-matched = Incoming payment { $payment } is already matched – correct it in the books if it was wrong
reconcile-already-obs = Incoming payment { $payment } is on the OBS account already
reconcile-not-a-faktura = Invoice { $invoice } does not exist or is not an invoice with payment terms (FAKTURA)
reconcile-invoice-paid = Invoice { $invoice } is already paid
reconcile-not-money-in = Incoming payment { $payment } is money out and cannot pay an invoice
reconcile-no-suggestion = Incoming payment { $payment } has no suggestion – choose the invoice

## src/app/refunds.rs: refunds to customers' bank accounts (issue 15)
refund-payee-one-kind = Give one of --account, --iban (with --bic when needed), --bankgiro, --plusgiro or --no-payment-details
refund-bic-needs-iban = A BIC goes with an IBAN: give the IBAN too, or leave the BIC empty
refund-no-such-proposal = There is no refund proposal { $id } (see verkstad refund list)
refund-nothing-to-change = Give --amount or --date
refund-amount-not-positive = The amount { $amount } kr must be more than zero
refund-amount-above-owed = { $amount } kr is more than the customer is owed on { $id } ({ $owed } kr)
refund-date-past = The date { $date } has passed
refund-batch-not-written = Batch { $batch } is made but its file could not be written to { $path }: { $error } – write it again with verkstad refund file { $batch } --out FILE
refund-no-company-iban = The company's account is missing: set [company] iban (and bic) in config.toml
refund-no-payee = { $id }: customer { $customer } has no payment details (verkstad customer set { $customer } --account CLEARING-ACCOUNT)
refund-nothing-to-batch = There are no refunds to send (customers without payment details are left out)
refund-no-such-batch = There is no refund batch { $batch }
refund-status-unknown-message = The status file is about message { $msg_id }, which is not one of our refund batches – nothing was changed
refund-status-unknown-payment = The status file names payment { $id }, which is not in batch { $msg_id } – nothing was changed
refund-pain002-not-xml = The status file cannot be read ({ $element }): { $error } – nothing was changed
refund-pain002-not-pain002 = The file is not a pain.002 status report ({ $element }) – nothing was changed
refund-pain002-missing = The status file lacks { $element } – nothing was changed
refund-pain002-unknown-status = The status file has an unknown status "{ $code }" in { $element } – nothing was changed
