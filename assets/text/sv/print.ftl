# print: svenska

## src/print/mod.rs
print-pdf-failed = PDF-filen kunde inte skapas: { $error }
print-pdf-empty = PDF-filen kunde inte skapas: ingen PDF-data
print-method-cash = Kontant
print-method-card = Kort
print-method-mobile = Mobilbetalning (Resurs)
print-method-klarna = Faktura via Klarna
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
print-seller-seat = Styrelsens säte: { $seat }
print-supply-date = Leveransdatum
print-buyer-vat-no = Momsreg.nr { $nr }
print-outlays-heading = Utlägg (ingen moms)
print-total-outlays = Utlägg (ingen moms)
print-reverse-charge = Omvänd betalningsskyldighet – köparen redovisar momsen (artikel 196 i mervärdesskattedirektivet 2006/112/EG)
print-vat-exempt-reason = Undantag från skatteplikt enligt 10 kap. mervärdesskattelagen (2023:200)
print-outlay-reason = Utlägg – utanför mervärdesskattelagens tillämpningsområde
print-payment-terms = Betalningsvillkor { $days } dagar netto
print-late-interest = Dröjsmålsränta { $rate }
print-late-interest-by-law = Dröjsmålsränta enligt räntelagen

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

## src/print/mod.rs (the cash register)
print-demo-register-mark = *** DEMO – inget riktigt kassaregister ***

## src/print/receipt.rs
print-mark-copy = KOPIA
print-mark-training = ÖVNING
print-mark-pro-forma = EJ KVITTO
print-receipt-title-sale = KVITTO
print-receipt-title-return = RETURKVITTO
print-receipt-title-pro-forma = PROFORMAKVITTO
print-receipt-number = Kvitto nr { $no }
print-register-id = Kassa { $id }
print-receipt-return-of = Retur av kvitto nr { $no }
print-receipt-training-note = Övningskvitto – inte en försäljning
print-col-amount-incl-vat = Belopp inkl. moms
print-receipt-return-total = Summa retur
print-receipt-unit = Kontrollenhet { $serial }
print-receipt-code = Kontrollkod { $code }

## src/print/register.rs
print-report-numbered = { $title } nr { $no }
print-report-taken = Skapad { $at }
print-report-receipts = Kvitton nr { $first }–{ $last }
print-report-no-receipts = Inga kvitton
print-report-x-note = X-dagrapporten nollställer ingenting.
print-report-z-note = Z-dagrapporten avslutar perioden. Grand total nollställs aldrig.
print-report-period = Summa för perioden
print-report-count = Antal
print-report-sales = Försäljning
print-report-returns = Returer
print-report-net = Netto
print-report-per-group = Försäljning per huvudgrupp (netto)
print-report-vat = Moms per momssats (netto)
print-report-per-method = Försäljning och returer per betalsätt
print-report-register = Kassan
print-report-change-float = Växelkassa
print-report-goods = Sålda varor
print-report-services = Sålda tjänster
print-report-receipt-count = Antal kvitton
print-report-drawer = Lådöppningar
print-report-special = Särskilda registreringar
print-report-copies = Kvittokopior
print-report-training = Övningskvitton
print-report-pro-forma = Proformakvitton
print-report-unfinished = Ej avslutade försäljningar
print-report-discounts = Rabatter
print-report-other-reducing = Övriga reducerande registreringar
print-report-grand = Grand total
print-report-grand-sales = Grand total försäljning
print-report-grand-returns = Grand total retur
print-report-grand-net = Grand total netto
print-klarna-pay-to = Betalas till
print-klarna-pay-how = Klarna, enligt fakturan från Klarna (detta är ingen betalningsuppmaning)

# The Klarna invoice (Klarna-faktura): what the customer pays to Klarna.
print-col-unit-price-incl-vat = À-pris inkl. moms
print-klarna-title = Klarna-faktura
print-klarna-copy-mark = KOPIA – utskrift { $n }
print-klarna-reference = Klarnas referens
print-klarna-activated = Aktiverad hos Klarna
print-klarna-due = Förfallodag (Klarna)
print-klarna-order-id = Klarnas order-id
print-klarna-our-reference = Vår referens
print-klarna-our-invoice = Vår faktura
print-klarna-not-to-seller = Betalas till Klarna – inte till { $seller }
print-klarna-claim = { $seller } har överlåtit fordran till Klarna. Klarna skickar fakturan till dig.
print-klarna-refunded = Återbetalt av Klarna
print-klarna-to-pay = Att betala till Klarna
print-klarna-due-on = { $date } (Klarna)
print-klarna-due-by-klarna = enligt Klarnas faktura
print-klarna-pay-to-label = Betalas till
print-klarna-how-heading = Så betalar du
print-klarna-how = Betala till Klarna i Klarna-appen eller enligt fakturan eller e-postmeddelandet från Klarna, med Klarnas referens { $reference }
print-klarna-terms-days = Klarnas villkor: { $days } dagar från aktiveringen { $date }, förfallodagen på Klarnas faktura gäller
print-klarna-terms = Förfallodag och villkor enligt Klarnas faktura
