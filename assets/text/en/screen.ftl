# screen: English

## src/tui/keymap.rs

# The actions of the counter screen (Funktion menu, help, key hints, popup titles).
screen-action-new-order = New order
screen-action-add-line = Add line
screen-action-edit-line = Edit line
screen-action-delete-line = Delete line
screen-action-send-payment = Send mobile payment (SMS)
screen-action-check-payment = Check mobile payment
screen-action-cancel-payment = Cancel payment SMS / Reopen order
screen-action-mark-complete = Mark complete
screen-action-book = Book
screen-action-credit = Credit
screen-action-print = Print
screen-action-settle = Send pending tasks
screen-action-order-list = Order list
screen-action-day-report = Day report
screen-action-choose-columns = Show columns...
screen-action-cycle-status = Filter: status
screen-action-cycle-paid = Filter: paid/unpaid
screen-action-sort-next = Sort by next column
screen-action-sort-reverse = Reverse the sort
screen-action-act-as-customer = Sandbox: act as customer
screen-action-refresh = Refresh
screen-action-menu = Function menu
screen-action-help = Help
screen-action-quit = Quit

# keymap.toml
screen-keymap-unknown-action = unknown action "{ $name }"
screen-keymap-unknown-key = unknown key "{ $key }"

## src/tui/model/actions.rs

# Why an action cannot run now (greyed in the Funktion menu).
screen-no-order-open = No order open (F5)
screen-waiting = Wait – { $busy }
screen-send-mark-complete-first = The order is ÖPPEN – mark it complete first ({ $key }), then send the payment
screen-book-declined = The payment was declined or expired – { $key } cancels and reopens the order, then send a new link
screen-order-no-lines = The order has no lines
screen-need-status = The order must have status { $need } (now { $status })
screen-nothing-to-pay = Nothing to pay
screen-no-mobile = The customer has no mobile number
screen-payment-not-received = The payment is not received – Ctrl+L checks
screen-no-invoice = The order has no invoice in Verkstad – book it first
screen-sandbox-only = Sandbox only
screen-already-paid = Already paid

# The status line while the worker runs an action.
screen-busy-sending = Sending the payment SMS…
screen-busy-checking = Checking the payment…
screen-busy-cancelling = Cancelling the payment SMS…
screen-busy-saving = Saving…
screen-busy-booking = Booking…
screen-busy-printing = Printing…
screen-busy-settling = Sending pending tasks…

## src/tui/model/forms.rs

screen-form-find-customer = Find customer (no, name, mobile)
screen-form-new-customer-name = …or new customer: name
screen-form-new-customer-mobile = New customer: mobile
screen-form-regnr = Reg. no
screen-form-new-vehicle = New vehicle: make model
screen-form-article = Article/labour no or text
screen-form-quantity = Quantity
screen-form-unit-price = Unit price excl. VAT (empty = register)
screen-form-discount = Discount %
screen-form-credit-lines = Lines to credit, e.g. 1,3 (empty = the whole invoice)
screen-form-not-a-line-list = "{ $input }" is not a list of lines (e.g. 1,3 or 2-4)
screen-busy-creating-order = Creating the order…
screen-busy-crediting = Crediting…

## src/tui/model/list.rs

screen-columns-choose-one = Choose at least one column

## src/tui/model/menus.rs

screen-busy-customer = The customer answers…

## src/tui/worker.rs

# What an action did, on the status line.
screen-sms-sent = SMS sent to { $mobile } – the order is locked (MOBILBET)
screen-sms-already-sent = The payment SMS was already sent to { $mobile }
# $method is " (Swish)" or empty, $at the time paid or empty.
screen-paid = Paid{ $method } { $at } – payment method MOBIL, Payment received ✓
screen-cancelled-refund = Payment SMS cancelled, { $amount } kr is refunded – the order is open (KLART)
screen-order-reopened = Order { $nr } is open again (KLART)
screen-cancelled = Payment SMS cancelled – the link cannot be used, the order is open (KLART)
screen-marked-complete = Order { $nr } is KLART (complete)
screen-nothing-pending = Nothing is pending at { $provider }
screen-printed = { $what } saved: { $path }
screen-order-created = Order { $nr } created – Insert adds lines
screen-line-saved = The line is saved
screen-line-deleted = The line is deleted
screen-booked = Booked: invoice { $invoice } ({ $method }), { $amount } kr – Ctrl+T prints
screen-credit-invoice = Credit invoice { $invoice }: { $amount } kr to pay back
screen-credit-reopen-refund = – Ctrl+U reopens the order and refunds the customer through { $provider }
screen-credit-reopen = – Ctrl+U reopens the order
screen-customer-declined = The customer declined (sandbox) – Ctrl+L shows it
screen-customer-paid = The customer paid in the sandbox – press Ctrl+L to check

## src/tui/view/mod.rs

screen-title-order = Order { $nr }  { $status }
screen-title-list = Order list (F5)
screen-title-day-report = Day report (F4)
screen-sandbox-banner = SANDBOX – no real money

# The key hints at the bottom (short labels; the others are the actions' labels).
screen-hint-send = Send SMS
screen-hint-check = Check
screen-hint-list = List
screen-hint-columns = Columns
screen-hint-status = Status
screen-hint-paid = Paid
screen-hint-sort = Sort

# The two-column help on a short terminal (at most 27 characters).
screen-help-send = Send payment SMS
screen-help-check = Check payment
screen-help-cancel = Cancel SMS / Reopen order

## src/tui/view/forms.rs

screen-form-waiting = Saving … waiting for the answer
screen-form-wait = Wait – saving
screen-form-field-full = The field holds at most { $max } characters
screen-form-keys = Tab/↑↓ change field, Enter = Save, Esc = Cancel

## src/tui/view/list.rs

screen-list-find = Find:
screen-list-all = all
screen-list-paid = paid
screen-list-unpaid = unpaid
screen-list-summary = Status: { $status }   Payment: { $paid }   Sort: { $sort }   { $count }
screen-list-count = { $n ->
        [one] 1 order
       *[other] { $n } orders
    }
screen-list-count-at-least = at least { $n } orders
screen-list-counting = counting…
screen-col-short-customer-no = Cust. no
screen-col-short-customer-name = Customer
screen-col-short-total = Amount
screen-col-short-payment-method = Method
screen-col-short-payment-received = Paid
screen-col-short-payment-received-at = Paid at
screen-col-short-invoice-no = Inv. no
screen-list-searching = searching…
screen-list-hidden-columns = ←/→: { $n ->
        [one] 1 more column
       *[other] { $n } more columns
    }
screen-list-no-match = No orders match.
screen-columns-keys = Space ticks, Enter = OK, Esc = Cancel

## src/tui/view/menus.rs

screen-menu-title = Function
screen-help-title = Help (F1)
screen-help-keys = Keys (change them in keymap.toml beside config.toml):
screen-help-list = In the list: type to search, ↑↓ select, Enter opens,
screen-help-list-esc = Esc clears the search.
screen-confirm-send = Send the payment SMS to { $mobile } for { $amount } kr?
screen-confirm-delete-line = Delete line { $line }?
screen-confirm-reopen-credited = Open the credited order again (KLART)? A mobile payment is refunded to the customer through { $provider }.
screen-confirm-credit-all = Credit all of invoice { $invoice }: { $amount } kr back to the customer? A credit invoice is made and booked.
screen-confirm-credit-lines = Credit { $count ->
        [one] line
       *[other] lines
    } { $lines } of invoice { $invoice }: { $amount } kr back to the customer? A credit invoice is made and booked.
screen-confirm-book-mobile = Book the order as MOBIL (mobile payment received)? The invoice number is taken and the order is locked.
screen-confirm-cancel = Cancel the payment SMS and reopen the order? A payment made is refunded.
screen-confirm-keys = Enter = Yes    Esc = No
screen-method-for = Payment method for { $amount } kr:
screen-method-cash = Cash (rounded to whole kronor)
screen-method-card = Card
screen-method-invoice = Invoice (OCR and due date)
screen-method-keys = Enter = Book    Esc = Cancel
screen-customer-intro = As the customer on the phone:
screen-customer-pay-now = Pay now
screen-customer-part-payment = Part payment
screen-customer-invoice = Invoice
screen-customer-decline = Decline
screen-esc-cancel = Esc = Cancel

## src/tui/view/order.rs

screen-opening-order = Opening order { $nr }…
screen-order-none = No order open. F5 opens the order list, Enter opens an order.
screen-sms-sending = Sending the SMS…
screen-sms-outcome-unknown = Sending the SMS – outcome unknown
screen-billing-method = Payment method
screen-billing-received = Payment received
screen-billing-received-at = Time payment received
screen-billing-invoice-no = Invoice no
screen-billing-mobile = Mobile payment
screen-billing-invoices = Invoices
screen-lock-sending = LOCKED – sending the SMS, outcome unknown (Ctrl+L)
screen-lock-sent = LOCKED – payment SMS sent
screen-lock-booked = LOCKED – booked
screen-order-heading = Order { $nr }
screen-customer = Customer
screen-vehicle = Vehicle
screen-col-line = Ln
screen-col-kind = Kind
screen-col-article = Art.no
screen-col-description = Description
screen-col-quantity = Qty
screen-col-unit = Unit
screen-col-price = Price
screen-col-discount = Disc%
screen-col-vat = VAT
screen-col-amount = Amount
screen-totals-net = Net { $rate }
screen-totals-vat = VAT { $rate }
screen-totals-excl-vat = Total excl VAT
screen-totals-outlays = Disbursements
screen-totals-to-pay = To pay
screen-totals-title = Totals
screen-billing-title = Invoicing
screen-invoice-credit = credit { $no }
screen-refund-failed = ⚠ refund failed – try again
screen-refund-pending = ⚠ refund pending
screen-capture-failed = ⚠ capture failed
screen-capture-pending = ⚠ capture pending

## src/tui/view/report.rs

screen-report-loading = Loading the day report…
screen-report-keys = ← → previous/next day   Esc the order list

## src/tui/view/mod.rs (size)
screen-too-small = The window is too small (at least { $width }×{ $height })

## src/tui/model/forms.rs (Ändra kund)
screen-action-edit-customer = Edit customer
screen-customer-saved = Customer { $no } is saved
screen-form-customer-name = Name
screen-form-customer-mobile = Mobile
screen-form-customer-email = E-mail
screen-form-customer-street = Street address
screen-form-customer-postal-code = Postal code
screen-form-customer-city = City
screen-form-customer-national-id = Personal/company id no
screen-form-customer-vat-no = VAT no.
screen-form-customer-reverse-charge = Reverse charge (yes/no)
screen-form-customer-payee = Refunds paid to
screen-form-customer-payee-hint = Clearing-account (5000-1001000), IBAN, BG 5050-1055 or PG 4711-8; empty = none
screen-form-customer-bic = BIC (with IBAN)
screen-form-yes = yes
screen-form-no = no
screen-form-pick-customer = ↓ chooses a customer, Enter takes it

# The cash register.
screen-action-print-copy = Print receipt copy
screen-action-print-klarna = Print Klarna invoice
screen-not-klarna-booked = The Klarna invoice exists for an order booked as KLARNA
screen-invoice-paid = Paid { $date }
screen-invoice-unpaid = Unpaid
screen-action-x-report = X daily report (register)
screen-action-z-report = Z daily report (closes the day)
screen-confirm-z-report = Take the Z daily report for today? The register's day is closed: the report is numbered, kept and can never be changed or taken again for the same day.
screen-busy-z-report = Taking the Z daily report
screen-title-register = Register report
screen-register-keys = ↑↓ PgUp PgDn scroll · Esc back · to print: verkstad report x --out FILE.pdf
screen-training-banner = TRAINING MODE
screen-training-sale = TRAINING: training receipt { $no }, { $amount } kr – the order and the books are unchanged. Printout: { $path }
screen-receipt-registered = Receipt { $no } registered (control code { $code }).
screen-z-taken = Z daily report no. { $no } for { $date } taken and kept.
screen-action-klarna-reserve = Reserve with Klarna (invoice)
screen-busy-reserving = Reserving at Klarna
screen-confirm-klarna-reserve = Reserve { $amount } kr at Klarna? The customer gets the invoice from Klarna.
screen-klarna-reserved = Sent to Klarna: { $amount } kr – check with Ctrl+L
screen-confirm-book-klarna = Book the order as KLARNA? The reservation is captured at Klarna (the customer pays Klarna).
screen-help-klarna-reserve = Reserve with Klarna
screen-billing-klarna = Klarna reservation
screen-klarna-store = store { $store }
screen-lock-klarna = LOCKED – reserved at Klarna
screen-klarna-folded = Line { $lines }: a part quantity goes to Klarna as 1 unit at the line's amount.

## src/tui/view/settle.rs: the disputes (F11) and payouts (Shift+F11) screens
screen-action-disputes = Disputes
screen-action-payouts = Payouts
screen-title-disputes = Disputes
screen-title-payouts = Payouts from Klarna and Resurs
screen-disputes-loading = Loading the disputes register…
screen-payouts-loading = Loading the payouts…
screen-busy-disputes = Syncing disputes
screen-busy-payouts = Fetching payouts
screen-dispute-rate = Dispute rate { $percent } % ({ $disputes } of { $invoices } Klarna orders, { $days } days)
screen-dispute-col-order = Order
screen-dispute-col-customer = Customer
screen-dispute-col-reason = Reason
screen-dispute-col-amount = Amount
screen-dispute-col-opened = Opened
screen-dispute-col-deadline = Answer by
screen-dispute-col-state = State
screen-dispute-days = { $deadline } ({ $days } d)
screen-dispute-state = { $state ->
        [open] open
        [response_sent] answered
        [won] won
        [lost] lost
        [deadline_missed] deadline passed
        [accepted] loss accepted
       *[other] { $state }
    }
screen-disputes-keys = ! = answer within 3 days · ↑↓ PgUp PgDn scroll · Ctrl+R sync · Esc back · answer: verkstad dispute respond ID
screen-disputes-synced = { $synced } disputes synced: { $opened } new, { $won } won, { $lost } lost
screen-payout-col-reference = Bank statement text
screen-payout-col-date = Date
screen-payout-col-net = Net
screen-payout-col-sales = Sales
screen-payout-col-fees = Fees
screen-payout-col-returns = Returns
screen-payout-col-reversals = Reversals
screen-payout-col-voucher = Voucher
screen-payouts-keys = H fetch new payouts · ↑↓ PgUp PgDn scroll · Esc back
screen-payouts-applied = { $applied } payouts booked ({ $known } already booked), { $invoices } invoices paid, { $unmatched } rows without an invoice
screen-order-paused = Invoice paused – dispute open (answer by { $deadline })
screen-disputes-no-klarna = No invoice is booked as KLARNA – no disputes to fetch

## src/tui/view/reconcile.rs: the reconciliation screen (F12), issue 14
screen-action-reconcile = Reconciliation
screen-title-reconcile = Reconciliation – incoming payments from the bank
screen-reconcile-loading = Reading the incoming payments…
screen-reconcile-none = No incoming payments – I imports a bank file (BgMax or camt.054)
screen-reconcile-col-date = Date
screen-reconcile-col-amount = Amount
screen-reconcile-col-payer = Payer
screen-reconcile-col-reference = Reference
screen-reconcile-col-reference-short = Ref
screen-reconcile-col-payer-short = Payer
screen-reconcile-col-state = State
screen-reconcile-col-why = Why
screen-reconcile-payment = Payment { $payment }
screen-reconcile-ref = ref { $references }
screen-reconcile-suggests = suggested: invoice { $invoice }
screen-reconcile-waits-for = waits for the invoice of order { $nr }
screen-reconcile-pays = { $count ->
        [one] pays invoice { $invoices }
       *[other] pays invoices { $invoices }
    }
screen-reconcile-why = Why: { $why }
screen-reconcile-keys = Enter accept suggestion · M match to invoice · O to OBS · I import bank file · ↑↓ PgUp PgDn select · Ctrl+R reload · Esc back
screen-reconcile-keys-short = Enter accept suggestion · M match · O to OBS · I import file · Esc back
screen-reconcile-none-selected = No payment is selected
screen-reconcile-no-suggestion = Payment { $payment } ({ $state }) has no suggestion to accept – M matches by hand
screen-busy-reconcile-matching = Matching the payment
screen-busy-reconcile-finding = Looking up the invoice
screen-busy-reconcile-importing = Importing the bank file
screen-busy-reconcile-obs = Moving to OBS
screen-reconcile-not-an-invoice-no = "{ $input }" is not an invoice number – type the invoice's number, e.g. 12
screen-reconcile-no-path = Type the path of the bank file
screen-form-invoice-no = Invoice no
screen-form-bank-file = Bank file
screen-reconcile-match-title = Match payment { $payment }
screen-reconcile-import-title = Import bank file
screen-reconcile-obs-title = To OBS
screen-confirm-reconcile-match = Match payment { $payment } ({ $amount } kr) to invoice { $invoice }: { $buyer }, order { $nr }, open { $open } kr of { $to_pay } kr?
screen-confirm-reconcile-obs = Move payment { $payment } of { $amount } kr to the OBS account (2999)?
screen-reconcile-imported = { $payments } payments: { $matched } matched, { $suggested } suggested, { $obs } OBS, { $prepayment } prepayment
screen-reconcile-imported-known = ; { $known } came already in another file

## src/tui/view/refunds.rs: the refunds screen (Shift+F12), issue 15
screen-action-refunds = Refunds
screen-title-refunds = Refunds – to customers' bank accounts
screen-refunds-loading = Reading the refunds…
screen-refunds-none = No refunds to make and none sent
screen-refunds-col-id = Id
screen-refunds-col-customer = Customer
screen-refunds-col-amount = Amount
screen-refunds-col-owed = Owed
screen-refunds-col-date = Date
screen-refunds-col-payee = To
screen-refunds-col-message = Message
screen-refunds-sent-state = waiting for the bank
screen-refunds-in-batch = sent in batch { $batch } – { $waiting }
screen-refunds-sending-all = B sends all with payment details: { $count }, { $total } kr
screen-refunds-sending-chosen = Chosen: { $count }, { $total } kr – B makes a batch of them
screen-refunds-keys = Space choose · B make batch · A change amount/date · S read status (pain.002) · { $customer } customer's payment details · ↑↓ move · Ctrl+R reload · Esc back
screen-refunds-keys-short = Space choose · B batch · A change · S status · { $customer } customer · Esc back
screen-refunds-none-selected = No proposal is selected – move the cursor to a proposal
screen-refunds-nothing-to-send = Nothing to send: no proposal has payment details (F3 here or on the order adds them)
screen-refunds-batch-title = Make batch
screen-refunds-set-title = Change refund { $id }
screen-refunds-status-title = Read status from the bank (pain.002)
screen-confirm-refunds-all = No proposal is chosen. Make a batch of all { $count } with payment details, { $total } kr?
screen-form-refund-file = File (pain.001)
screen-form-refund-amount = Amount
screen-form-refund-date = Date (YYYY-MM-DD)
screen-form-status-file = Status file
screen-refunds-no-path = Type the path to write the file to
screen-refunds-no-status-path = Type the path of the bank's status file (pain.002)
screen-refunds-not-an-amount = "{ $input }" is not an amount – type e.g. 1000 or 1000.50
screen-refunds-not-a-date = "{ $input }" is not a date – type YYYY-MM-DD, e.g. 2026-12-05
screen-busy-refunds-batch = Making the batch and writing the file
screen-busy-refunds-status = Reading the status file
screen-refunds-set = { $id }: { $amount } kr on { $date }
screen-refunds-status-read = Status of { $msg_id }: { $count } payments, { $accepted } accepted, { $rejected } rejected (rejected ones are back among the proposals)
