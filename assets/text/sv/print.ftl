# print: svenska

## src/print/mod.rs
print-pdf-failed = PDF-filen kunde inte skapas: { $error }
print-pdf-empty = PDF-filen kunde inte skapas: ingen PDF-data
print-method-cash = Kontant
print-method-card = Kort
print-method-mobile = Mobilbetalning (Resurs)
print-method-invoice = Faktura
print-demo-mark = *** DEMO – ej giltig faktura ***

## src/print/sheet.rs
print-col-article-no = Art.nr
print-col-description = Beskrivning
print-col-quantity = Antal
print-col-unit = Enhet
print-col-unit-price = À-pris
print-col-discount = Rabatt
print-col-vat = Moms
print-col-amount = Belopp
print-seller-orgnr = Org.nr { $nr }
print-seller-vat-no = Momsreg.nr { $nr }
print-seller-f-skatt = Godkänd för F-skatt
print-seller-phone = Tel { $phone }
print-seller-email = E-post { $email }
print-receipt-no = Kvittonr
print-invoice-no = Fakturanr
print-date = Datum
print-invoice-date = Fakturadatum
print-due-date = Förfallodag
print-customer-no = Kundnr
print-order-nr = Ordernr
print-regnr = Reg.nr
print-buyer-id = Person-/org.nr { $id }
print-credits-invoice = Krediterar faktura { $no } daterad { $date }
print-credits-receipt = Krediterar kvitto { $no } daterat { $date }
print-credit-note-receipt = Kredit – negativa belopp minskar kvitterat belopp och moms
print-credit-note-invoice = Kredit – negativa belopp minskar fakturerat belopp och moms
print-vat-rate = Moms { $rate }
print-total-net = Summa exkl. moms
print-total-vat = Summa moms
print-total-credit = Kredit inkl. moms
print-total-gross = Totalt inkl. moms
print-rounding = Öresavrundning
print-to-pay-back = Att återbetala
print-to-pay = Att betala
print-payment-details = Betalningsinformation
print-ocr = OCR
print-payment = Betalning
print-payment-method = Betalsätt
print-paid-credit = Betalt
print-paid = Betald
print-buyer-heading = Kund
print-sum-base = Underlag
print-sum-amount = Belopp

## src/print/pdf.rs
print-page = Sida { $page } av { $pages }

## src/print/report.rs
print-day-title = Dagrapport { $date }
print-day-per-method = Försäljning per betalsätt
print-day-total = Summa
print-day-rounding = varav avrundning
print-day-per-rate = Moms per momssats
print-day-base = underlag
print-day-vat = moms
print-day-invoices = Fakturor och kvitton
print-day-credits = Kreditfakturor
print-day-mobile = Mobilbetalningar
print-day-mobile-sent = skickade
print-day-mobile-paid = betalda
print-day-mobile-waiting = väntar nu (MOBILBET)
print-day-pending-capture = Faktura { $no }: dragning hos Resurs väntar
print-day-pending-refund = Faktura { $no }: återbetalning via Resurs väntar
