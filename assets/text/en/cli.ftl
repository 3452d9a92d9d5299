# cli: English

## src/main.rs
cli-error-prefix = error:

## src/cli/mod.rs
cli-unknown-lang = Unknown language "{ $lang }" (sv or en)
cli-no-data-folder = No data folder found – give the database with --db
cli-not-order-nr = "{ $input }" is not an order number
cli-not-invoice-no = "{ $input }" is not an invoice number
cli-not-line-no = "{ $input }" is not a line number (1, 2, …)
cli-not-customer-no = "{ $input }" is not a customer number
cli-not-date = "{ $input }" is not a date (YYYY-MM-DD)
cli-unknown-format-json = Unknown format "{ $format }" (text or json)
cli-not-line-list = "{ $input }" is not a list of lines (e.g. 1,3 or 2-4)
cli-to-before-from = --to { $to } is before --from { $from }
cli-demo-created =
    Demo data created: { $orders ->
        [one] 1 order
       *[other] { $orders } orders
    } with { $lines ->
        [one] 1 line
       *[other] { $lines } lines
    }, { $customers ->
        [one] 1 customer
       *[other] { $customers } customers
    }, { $vehicles ->
        [one] 1 vehicle
       *[other] { $vehicles } vehicles
    } (seed { $seed }).
cli-read-failed = Could not read { $path }: { $error }
cli-imported =
    { $n ->
        [one] 1 order imported
       *[other] { $n } orders imported
    }: { $list }
cli-complete = Order { $nr } is KLART (complete).
cli-seeded =
    New database: demo data created ({ $orders ->
        [one] 1 order
       *[other] { $orders } orders
    }, { $customers ->
        [one] 1 customer
       *[other] { $customers } customers
    }) – { $db }
cli-seeded-demo = This is a DEMO database. For real books: verkstad --db FILE init --name … --orgnr …
cli-keymap-error = Error in the key file { $error }

## src/cli/orders.rs
cli-unknown-status = Unknown status "{ $status }" (ÖPPEN, KLART, MOBILBET, BOKFÖRD, KREDITERAD)
cli-paid-yes-no = --paid takes yes or no, not "{ $input }"
cli-unknown-list-format = Unknown format "{ $format }" (table, csv or json)
cli-show-created = created
cli-show-customer = Customer
cli-show-vehicle = Vehicle
cli-show-col-line = Ln
cli-show-col-kind = Kind
cli-show-col-article = Art.no
cli-show-col-description = Description
cli-show-col-qty = Qty
cli-show-col-unit = Unit
cli-show-col-price = Price
cli-show-col-discount = Disc%
cli-show-col-vat = VAT
cli-show-col-amount = Amount
cli-show-net = Net { $rate }
cli-show-rate-vat = VAT
cli-show-total-net = Total excl. VAT
cli-show-total-vat = VAT
cli-show-outlays = Disbursements (no VAT)
cli-show-to-pay = To pay
cli-show-invoicing = Invoicing
cli-show-method = Payment method
cli-show-received = Payment received
cli-show-invoice-no = Invoice no
cli-show-invoice-paid = Invoice
cli-show-paid-on = Paid { $date }
cli-show-unpaid = Unpaid
cli-show-booked = Booked

## src/cli/overview.rs
cli-overview-database = Database: { $path } (schema { $version })
cli-overview-counts =
    { $orders ->
        [one] 1 order
       *[other] { $orders } orders
    }, { $customers ->
        [one] 1 customer
       *[other] { $customers } customers
    }, { $vehicles ->
        [one] 1 vehicle
       *[other] { $vehicles } vehicles
    }
cli-overview-commands = Commands:
cli-overview-order-list = list orders (like F5)
cli-overview-order-show = show one order
cli-overview-order-new = new order (--plate, --make, --model)
cli-overview-line-add = add a line (--qty, --price, --vat, --discount)
cli-overview-line-set = change / remove a line
cli-overview-customer = show / change a customer
cli-overview-order-complete = mark an order complete
cli-overview-order-import = import orders
cli-overview-columns = the list's columns
cli-overview-pay = mobile payment (SMS link)
cli-overview-book = book (MOBIL: a paid order)
cli-overview-credit = credit the invoice
cli-overview-print = print the invoice/receipt
cli-overview-report-day = day report
cli-overview-export-sie = SIE 4I for the accounts
cli-overview-demo = generate demo data (demo database only)
cli-overview-init = a new real database with the company details
cli-overview-help = all help

## src/cli/counter.rs
cli-give-customer = Give the customer: --customer NO for an existing customer, or --name and --mobile for a new one
cli-order-created = Order { $nr } created (ÖPPEN).
cli-line-added = Line { $pos } added to order { $nr }.
cli-line-changed = Line { $pos } of order { $nr } changed.
cli-line-removed = Line { $pos } removed from order { $nr }.
cli-customer-changed = Customer { $no } changed.
cli-customer-no = Customer no
cli-customer-name = Name
cli-customer-mobile = Mobile
cli-customer-email = E-mail
cli-customer-national-id = National id
cli-customer-address = Address
cli-customer-vat-no = VAT no.
cli-customer-reverse-charge = Reverse charge
cli-customer-payment-details = Bank account
cli-answer-yes = yes
cli-answer-no = no
cli-no-config-folder = No config folder found – give the file with --config
cli-init-done =
    Real database ready: { $db } (installation { $id }).
    The company "{ $name }" is under [company] in { $config }.
    It never gets demo data. Start the counter: verkstad --db { $db }
cli-kind-demo = Kind: DEMO – demo data, not real books (verkstad init makes a real database); installation { $id }
cli-kind-real = Kind: real database (books); installation { $id }

## src/cli/books.rs
cli-unknown-method = Unknown payment method "{ $input }" (MOBIL, KONTANT, KORT or FAKTURA)
cli-booked = Order { $nr } is BOOKED (BOKFÖRD): invoice { $no } ({ $method }), { $amount } kr, voucher A { $voucher }.
cli-booked-cash = To pay in cash: { $amount } kr (rounding { $rounding } kr)
cli-booked-ocr = OCR { $ocr }, due date { $due }
cli-example-company = Note: company details are missing ([company] in config.toml) – the invoice has example details.
cli-credited = Credit invoice { $no } of { $amount } kr refers to invoice { $original } (line { $positions }), voucher A { $voucher }.
cli-credit-cash = To pay back in cash: { $amount } kr
cli-credit-rounding = (rounding { $rounding } kr)
cli-credit-order-credited = Order { $nr } is CREDITED (KREDITERAD).
cli-credit-refund-hint = Open the order again to refund { $amount } kr to the customer through Resurs: Funktion → Cancel payment SMS / Reopen order, or `verkstad pay cancel { $nr }`.
cli-credit-reopen-hint = `verkstad pay cancel { $nr }` opens the order again (KLART).
cli-print-format = { $path }: give a file ending in .pdf or .txt
cli-print-saved = Saved: { $pdf } and { $text }
cli-sie-exported =
    SIE 4I: { $count ->
        [one] 1 voucher
       *[other] { $count } vouchers
    } { $from } – { $to } → { $path }

## src/cli/pay.rs
cli-sandbox-notice = SANDBOX – no real money, the { $name } sandbox ({ $url })
cli-pay-sent = SMS sent to { $mobile }: { $amount } kr to pay for order { $nr }. The order is locked (MOBILBET).
cli-pay-link = Link: { $url }
cli-pay-already-sent = The payment SMS was already sent to { $mobile } ({ $amount } kr) – no new SMS was sent.
cli-pay-paid-mobile = Payment method MOBIL, Payment received ✓
cli-pay-reopened = Order { $nr } is open again ({ $status }).
cli-pay-link-cancelled = Payment SMS cancelled: the link can no longer be used. Order { $nr } is open again ({ $status }).
cli-pay-refunded = { $amount } kr is refunded to the customer.
cli-pay-nothing-pending = Nothing is pending at { $provider } for order { $nr }.
cli-pay-none-waiting = No orders wait for a mobile payment.
cli-pay-received = Payment received ✓
cli-pay-listening = Receiving { $name } callbacks at { $url }/callbacks/… – Ctrl+C
cli-pay-no-attempts = No payment attempts.
cli-sandbox-stop = Stop with Ctrl+C.
cli-sandbox-stop-idle = Stops by itself after { $secs } s without a request, or with Ctrl+C.
cli-sandbox-listening =
    The Resurs sandbox listens on { $url } (process { $pid }, state: { $state }).
    SMS: { $url }/_sim/outbox/sms   Customer page: { $url }/pay/<id>
    Klarna: { $url }/_sim/klarna/stores (test stores; docs/KLARNA.md)
cli-sandbox-stopped = The sandbox stops: nobody called it for { $secs } s, or its state file was removed.

# The cash register.
cli-unknown-report-format = Unknown format "{ $format }": text, json or pdf
cli-pdf-needs-out = A PDF is written to a file: give --out FILE.pdf
cli-journal-exported = { $n } journal entries → { $path }
cli-receipt-registered = { $kind ->
        [return] Return receipt
       *[other] Receipt
    } { $no } registered in { $register }, control code { $code }.
cli-return-no-receipt = Order { $nr } has no cash register receipt: a return is for a counter sale (KONTANT, KORT, MOBIL). An invoice is credited: verkstad credit { $nr }
cli-training-sale = TRAINING: training receipt { $no } for order { $nr }, { $amount } kr. The order and the books are unchanged.
cli-klarna-reserved = Order { $nr } reserved at Klarna (store { $store }) for { $amount } kr – MOBILBET until Klarna has decided; check with `verkstad pay check { $nr }`
cli-klarna-already-reserved = Order { $nr } already has a Klarna reservation (store { $store }) for { $amount } kr
cli-klarna-not-placed = Order { $nr }: reserved in Klarna store { $store }, but the customer has not authorized yet – no order at Klarna
cli-klarna-show-head = Order { $nr } at Klarna (store { $store }): order_id { $id }, reference { $reference }
cli-klarna-show-status = Status { $status }, decision { $decision }
cli-klarna-show-amounts = Amount { $order } kr, captured { $captured } kr, refunded { $refunded } kr; the lines as sent:

## src/cli/settle.rs
cli-settle-fetched = Payouts from { $provider } since { $since }: { $applied } new booked, { $known } already booked
cli-settle-applied = Payout { $reference } { $date }: { $net } kr to the bank, voucher { $voucher }, { $invoices } invoices paid
cli-settle-unmatched = { "  " }Row { $pos } ({ $kind } { $amount } kr, reference "{ $reference }") belongs to no invoice – booked on the suspense account, check it
cli-settle-refused = Payout { $reference } was not booked: its rows come to { $rows } kr but { $net } kr was paid out
cli-settle-none = No payouts booked
cli-settle-row = { $date }  { $reference }  net { $net } kr  sales { $sales }  returns { $returns }  fees { $fees }  reversals { $reversals }  voucher { $voucher }  ({ $rows } rows)
cli-dispute-none = No disputes
cli-dispute-line = { $mark } deadline { $deadline } ({ $days } days left)  { $id }  order { $nr }  { $customer }  { $reason }  { $amount } kr  { $state }
cli-dispute-state = { $state ->
        [open] open – invoice paused
        [response_sent] answered – invoice paused
        [won] won – invoice active
        [lost] lost – charged back
        [deadline_missed] lost (deadline passed) – charged back
        [accepted] loss accepted – charged back
       *[other] { $state }
    }
cli-dispute-detail = { "  " }Opened { $opened }, invoice { $invoice }, reference { $reference }, chargeback voucher { $chargeback }, dispute fee voucher { $fee }
cli-dispute-rate = Dispute rate over the last { $days } days: { $disputes } disputes / { $invoices } Klarna invoices = { $percent } %
cli-dispute-rate-warning = Warning: the dispute rate is above 1.2 % – above 1.5 % Klarna charges an elevated dispute fee
cli-dispute-rate-elevated = The dispute rate is above 1.5 %: Klarna's elevated dispute fee applies
cli-dispute-responded = Answer sent on dispute { $id } – { $provider } reviews it
cli-dispute-accepted = Dispute { $id }: loss accepted, the chargeback of { $amount } kr booked
cli-dispute-synced = { $synced } disputes synced: { $opened } new, { $won } won, { $lost } lost
cli-dispute-unmatched = Dispute { $id } belongs to no invoice here

## src/cli/reconcile.rs
cli-not-payment-no = "{ $input }" is not an incoming payment number (see "verkstad reconcile list")
cli-overview-resurs-payouts = Resurs payouts into the books (1931 → bank, fee)
cli-overview-reconcile = incoming payments from the bank (BgMax, camt.054) matched to invoices
cli-overview-refund = refunds to customers' bank accounts (pain.001, pain.002)
cli-reconcile-none = No incoming payments
cli-reconcile-file-known = The file { $file } is imported already – nothing changed
cli-reconcile-imported = File { $file }: { $payments } new incoming payments – { $matched } matched, { $suggested } suggested, { $obs } on OBS, { $prepayment } prepayments; { $known } came in another file already
cli-reconcile-test-file = Note: Bankgirot marked the file as a test file (T) – its money is not real
cli-reconcile-payment = { "  " }Payment { $payment }: { $amount } kr, { $state }, voucher { $voucher } – { $why }
cli-reconcile-row = { $payment }  { $date }  { $amount } kr  { $state }  { $payer }  ref "{ $references }"  invoices [{ $invoices }]: { $why }
cli-reconcile-matched = Incoming payment { $payment } ({ $amount } kr) matched to invoice { $invoices }, voucher { $voucher }
cli-reconcile-moved-to-obs = Incoming payment { $payment } ({ $amount } kr) is now on the OBS account, voucher { $voucher }

## src/cli/refund.rs: refunds to customers' bank accounts (issue 15)
cli-not-refund-id = "{ $input }" is not a refund proposal (F and an invoice number, I and a payment number; see "verkstad refund list")
cli-not-batch-no = "{ $input }" is not a batch number
cli-refund-none = No refunds to make and none sent
cli-refund-no-payee = no payment details
cli-refund-proposal = { $id }  customer { $customer } { $name }  { $amount } kr (owed { $owed } kr)  { $date }  to { $payee }  "{ $message }"
cli-refund-also-sent = ; also sent { $amount } kr
cli-refund-rejected-before = ; rejected by the bank: { $reason }
cli-refund-sent = Refund { $refund } ({ $id }) customer { $customer }: { $amount } kr on { $date }, sent in batch { $batch } – waiting for the bank
cli-refund-batch-made = Batch { $batch } ({ $msg_id }): { $count } refunds, { $total } kr, written to { $file }
cli-refund-left-out = Without payment details, left out: { $ids }
cli-refund-file-written = Batch { $batch } ({ $msg_id }) written to { $file }
cli-refund-status-head = Status of { $msg_id }: { $count } payments
cli-refund-status-rejected = Refund { $refund } ({ $id }): rejected { $code } { $reason } – back among the proposals
cli-refund-status-settled = Refund { $refund } ({ $id }): { $code } paid from our account – booked when the bank's debit is imported (reconcile import)
cli-refund-status-accepted = Refund { $refund } ({ $id }): { $code } accepted by the bank
