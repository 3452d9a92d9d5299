# print: English

## src/print/mod.rs
print-pdf-failed = The PDF file could not be made: { $error }
print-pdf-empty = The PDF file could not be made: no PDF data
print-method-cash = Cash
print-method-card = Card
print-method-mobile = Mobile payment (Resurs)
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
