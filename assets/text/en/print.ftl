# print: English

## src/print/mod.rs
print-pdf-failed = The PDF file could not be made: { $error }
print-pdf-empty = The PDF file could not be made: no PDF data
print-method-cash = Cash
print-method-card = Card
print-method-mobile = Mobile payment (Resurs)
print-method-klarna = Invoice through Klarna
print-method-invoice = Invoice
print-demo-mark = *** DEMO – not a valid invoice ***

## src/print/sheet.rs
print-col-article-no = Art. no.
print-col-description = Description
print-col-quantity = Qty
print-col-unit = Unit
print-col-unit-price = Unit price
print-col-discount = Discount
print-col-vat = VAT
print-col-amount = Amount
print-seller-orgnr = Org. no. { $nr }
print-seller-vat-no = VAT reg. no. { $nr }
print-seller-f-skatt = Approved for F-skatt (F-tax)
print-seller-phone = Phone { $phone }
print-seller-email = E-mail { $email }
print-receipt-no = Receipt no.
print-invoice-no = Invoice no.
print-date = Date
print-invoice-date = Invoice date
print-due-date = Due date
print-customer-no = Customer no.
print-order-nr = Order no.
print-regnr = Reg. no.
print-buyer-id = ID no. { $id }
print-credits-invoice = Credits invoice { $no } dated { $date }
print-credits-receipt = Credits receipt { $no } dated { $date }
print-credit-note-receipt = Credit – negative amounts reduce the receipted amount and VAT
print-credit-note-invoice = Credit – negative amounts reduce the invoiced amount and VAT
print-vat-rate = VAT { $rate }
print-total-net = Total excl. VAT
print-total-vat = Total VAT
print-total-credit = Credit incl. VAT
print-total-gross = Total incl. VAT
print-rounding = Rounding
print-to-pay-back = To pay back
print-to-pay = To pay
print-payment-details = Payment details
print-ocr = OCR reference
print-payment = Payment
print-payment-method = Payment method
print-paid-credit = Paid
print-paid = Paid
print-buyer-heading = Customer
print-sum-base = Taxable amount
print-sum-amount = Amount
print-seller-seat = Registered office: { $seat }
print-supply-date = Date of supply
print-buyer-vat-no = VAT reg. no. { $nr }
print-outlays-heading = Disbursements (no VAT)
print-total-outlays = Disbursements (no VAT)
print-reverse-charge = Reverse charge – the buyer accounts for the VAT (Article 196 of the VAT Directive 2006/112/EC)
print-vat-exempt-reason = Exempt from VAT under chapter 10 of the Swedish VAT Act (2023:200)
print-outlay-reason = Disbursements – outside the scope of the Swedish VAT Act
print-payment-terms = Payment terms { $days } days net
print-late-interest = Late payment interest { $rate }
print-late-interest-by-law = Late payment interest according to the Swedish Interest Act (räntelagen)

## src/print/pdf.rs
print-page = Page { $page } of { $pages }

## src/print/report.rs
print-day-title = Day report { $date }
print-day-per-method = Sales per payment method
print-day-total = Total
print-day-rounding = of which rounding
print-day-per-rate = VAT per rate
print-day-base = base
print-day-vat = VAT
print-day-invoices = Invoices and receipts
print-day-credits = Credit invoices
print-day-mobile = Mobile payments
print-day-mobile-sent = sent
print-day-mobile-paid = paid
print-day-mobile-waiting = waiting now (MOBILBET)
print-day-pending-capture = Invoice { $no }: capture at Resurs pending
print-day-pending-refund = Invoice { $no }: refund through Resurs pending

## src/print/mod.rs (the cash register)
print-demo-register-mark = *** DEMO – not a real cash register ***

## src/print/receipt.rs
print-mark-copy = COPY
print-mark-training = TRAINING
print-mark-pro-forma = NOT A RECEIPT
print-receipt-title-sale = RECEIPT
print-receipt-title-return = RETURN RECEIPT
print-receipt-title-pro-forma = PRO FORMA RECEIPT
print-receipt-number = Receipt no. { $no }
print-register-id = Register { $id }
print-receipt-return-of = Return of receipt no. { $no }
print-receipt-training-note = Training receipt – not a sale
print-col-amount-incl-vat = Amount incl. VAT
print-receipt-return-total = Return total
print-receipt-unit = Control unit { $serial }
print-receipt-code = Control code { $code }

## src/print/register.rs
print-report-numbered = { $title } no. { $no }
print-report-taken = Taken { $at }
print-report-receipts = Receipts no. { $first }–{ $last }
print-report-no-receipts = No receipts
print-report-x-note = The X report resets nothing.
print-report-z-note = The Z report closes the period. The grand totals are never reset.
print-report-period = Period totals
print-report-count = Count
print-report-sales = Sales
print-report-returns = Returns
print-report-net = Net
print-report-per-group = Sales per main group (net)
print-report-vat = VAT per rate (net)
print-report-per-method = Sales and returns per payment method
print-report-register = The register
print-report-change-float = Change float
print-report-goods = Goods sold
print-report-services = Services sold
print-report-receipt-count = Receipts
print-report-drawer = Drawer openings
print-report-special = Special registrations
print-report-copies = Receipt copies
print-report-training = Training receipts
print-report-pro-forma = Pro forma receipts
print-report-unfinished = Unfinished sales
print-report-discounts = Discounts
print-report-other-reducing = Other reducing registrations
print-report-grand = Grand total
print-report-grand-sales = Grand total sales
print-report-grand-returns = Grand total returns
print-report-grand-net = Grand total net
print-klarna-pay-to = Paid to
print-klarna-pay-how = Klarna, as Klarna's invoice says (this is not a payment request)

# The Klarna invoice: what the customer pays to Klarna.
print-col-unit-price-incl-vat = Unit price incl. VAT
print-klarna-title = Klarna invoice
print-klarna-copy-mark = COPY – print { $n }
print-klarna-reference = Klarna reference
print-klarna-activated = Activated at Klarna
print-klarna-due = Due date (Klarna)
print-klarna-order-id = Klarna order id
print-klarna-our-reference = Our reference
print-klarna-our-invoice = Our invoice
print-klarna-not-to-seller = To be paid to Klarna – not to { $seller }
print-klarna-claim = { $seller } has assigned the claim to Klarna. Klarna sends you the invoice.
print-klarna-refunded = Refunded by Klarna
print-klarna-to-pay = To pay to Klarna
print-klarna-due-on = { $date } (Klarna)
print-klarna-due-by-klarna = as Klarna's invoice says
print-klarna-pay-to-label = Pay to
print-klarna-how-heading = How to pay
print-klarna-how = Pay Klarna in the Klarna app or as Klarna's invoice or e-mail says, with Klarna's reference { $reference }
print-klarna-terms-days = Klarna's terms: { $days } days from activation on { $date }; the due date on Klarna's invoice applies
print-klarna-terms = Due date and terms as Klarna's invoice says
