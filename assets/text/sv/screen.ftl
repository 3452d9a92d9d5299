# screen: svenska

## src/tui/keymap.rs

# The actions of the counter screen (Funktion menu, help, key hints, popup titles).
screen-action-new-order = Ny order
screen-action-add-line = Ny rad
screen-action-edit-line = Ändra rad
screen-action-delete-line = Ta bort rad
screen-action-send-payment = Skicka mobilbetalning (SMS)
screen-action-check-payment = Kontrollera mobilbetalning
screen-action-cancel-payment = Annullera betalnings-SMS / Öppna order
screen-action-mark-complete = Markera klar
screen-action-book = Bokför
screen-action-credit = Kreditera
screen-action-print = Skriv ut
screen-action-settle = Skicka väntande uppdrag
screen-action-order-list = Orderlista
screen-action-day-report = Dagrapport
screen-action-choose-columns = Visa kolumn...
screen-action-cycle-status = Filter: status
screen-action-cycle-paid = Filter: betald/obetald
screen-action-sort-next = Sortera på nästa kolumn
screen-action-sort-reverse = Vänd sorteringen
screen-action-act-as-customer = Sandlåda: agera kund
screen-action-refresh = Uppdatera
screen-action-menu = Funktion
screen-action-help = Hjälp
screen-action-quit = Avsluta

# keymap.toml
screen-keymap-unknown-action = okänd åtgärd "{ $name }"
screen-keymap-unknown-key = okänd tangent "{ $key }"

## src/tui/model/actions.rs

# Why an action cannot run now (greyed in the Funktion menu).
screen-no-order-open = Ingen order öppen (F5)
screen-waiting = Vänta – { $busy }
screen-send-mark-complete-first = Ordern är ÖPPEN – markera den klar först ({ $key }), sedan skickas betalningen
screen-book-declined = Betalningen nekades eller gick ut – { $key } annullerar och öppnar ordern, skicka sedan en ny länk
screen-order-no-lines = Ordern har inga rader
screen-need-status = Ordern måste ha status { $need } (nu { $status })
screen-nothing-to-pay = Inget belopp att betala
screen-no-mobile = Kunden saknar mobilnummer
screen-payment-not-received = Betalningen är inte mottagen – Ctrl+L kontrollerar
screen-no-invoice = Ordern har ingen faktura i Verkstad – bokför först
screen-sandbox-only = Bara i sandlådan
screen-already-paid = Redan betald

# The status line while the worker runs an action.
screen-busy-sending = Skickar betalnings-SMS…
screen-busy-checking = Kontrollerar betalningen…
screen-busy-cancelling = Annullerar betalnings-SMS…
screen-busy-saving = Sparar…
screen-busy-booking = Bokför…
screen-busy-printing = Skriver ut…
screen-busy-settling = Skickar väntande uppdrag…

## src/tui/model/forms.rs

screen-form-find-customer = Sök kund (nr, namn, mobil)
screen-form-new-customer-name = …eller ny kund: namn
screen-form-new-customer-mobile = Ny kund: mobil
screen-form-regnr = Regnr
screen-form-new-vehicle = Nytt fordon: märke modell
screen-form-article = Artikel-/arbetsnr eller text
screen-form-quantity = Antal
screen-form-unit-price = À-pris exkl. moms (tomt = registrets)
screen-form-discount = Rabatt %
screen-form-credit-lines = Rader att kreditera, t.ex. 1,3 (tomt = hela fakturan)
screen-form-not-a-line-list = "{ $input }" är ingen radlista (t.ex. 1,3 eller 2-4)
screen-busy-creating-order = Skapar order…
screen-busy-crediting = Krediterar…

## src/tui/model/list.rs

screen-columns-choose-one = Välj minst en kolumn

## src/tui/model/menus.rs

screen-busy-customer = Kunden svarar…

## src/tui/worker.rs

# What an action did, on the status line.
screen-sms-sent = SMS skickat till { $mobile } – ordern är låst (MOBILBET)
screen-sms-already-sent = Betalnings-SMS är redan skickat till { $mobile }
# $method is " (Swish)" or empty, $at the time paid or empty.
screen-paid = Betald{ $method } { $at } – betalsätt MOBIL, Betalning mottagen ✓
screen-cancelled-refund = Betalnings-SMS annullerat, { $amount } kr återbetalas – ordern är öppen (KLART)
screen-order-reopened = Order { $nr } är öppen igen (KLART)
screen-cancelled = Betalnings-SMS annullerat – länken kan inte användas, ordern är öppen (KLART)
screen-marked-complete = Order { $nr } är KLART
screen-nothing-pending = Inget väntar hos { $provider }
screen-printed = { $what } sparad: { $path }
screen-order-created = Order { $nr } skapad – Insert lägger till rader
screen-line-saved = Raden är sparad
screen-line-deleted = Raden är borttagen
screen-booked = Bokförd: faktura { $invoice } ({ $method }), { $amount } kr – Ctrl+T skriver ut
screen-credit-invoice = Kreditfaktura { $invoice }: att återbetala { $amount } kr
screen-credit-reopen-refund = – Ctrl+U öppnar ordern och återbetalar kunden via { $provider }
screen-credit-reopen = – Ctrl+U öppnar ordern igen
screen-customer-declined = Kunden avböjde (sandlåda) – Ctrl+L visar det
screen-customer-paid = Kunden har betalat i sandlådan – tryck Ctrl+L för att kontrollera

## src/tui/view/mod.rs

screen-title-order = Order { $nr }  { $status }
screen-title-list = Orderlista (F5)
screen-title-day-report = Dagrapport (F4)
screen-sandbox-banner = SANDLÅDA – inga riktiga pengar

# The key hints at the bottom (short labels; the others are the actions' labels).
screen-hint-send = Skicka SMS
screen-hint-check = Kontrollera
screen-hint-list = Lista
screen-hint-columns = Kolumner
screen-hint-status = Status
screen-hint-paid = Betald
screen-hint-sort = Sortera

# The two-column help on a short terminal (at most 27 characters).
screen-help-send = Skicka betalnings-SMS
screen-help-check = Kontrollera betalning
screen-help-cancel = Annullera SMS / Öppna order

## src/tui/view/forms.rs

screen-form-waiting = Sparar … vänta på svaret
screen-form-wait = Vänta – sparar
screen-form-field-full = Fältet rymmer högst { $max } tecken
screen-form-keys = Tab/↑↓ byter fält, Enter = Spara, Esc = Avbryt

## src/tui/view/list.rs

screen-list-find = Sök:
screen-list-all = alla
screen-list-paid = betalda
screen-list-unpaid = obetalda
screen-list-summary = Status: { $status }   Betalning: { $paid }   Sortering: { $sort }   { $count }
screen-list-count = { $n ->
        [one] 1 order
       *[other] { $n } ordrar
    }
screen-list-count-at-least = minst { $n } ordrar
screen-list-counting = räknar…
screen-col-short-customer-no = Kundnr
screen-col-short-customer-name = Kundnamn
screen-col-short-total = Belopp
screen-col-short-payment-method = Betalsätt
screen-col-short-payment-received = Betald
screen-col-short-payment-received-at = Betald kl
screen-col-short-invoice-no = Fakt.nr
screen-list-searching = söker…
screen-list-hidden-columns = ←/→: { $n ->
        [one] 1 kolumn till
       *[other] { $n } kolumner till
    }
screen-list-no-match = Inga ordrar matchar.
screen-columns-keys = Mellanslag bockar, Enter = OK, Esc = Avbryt

## src/tui/view/menus.rs

screen-menu-title = Funktion
screen-help-title = Hjälp (F1)
screen-help-keys = Tangenter (ändras i keymap.toml bredvid config.toml):
screen-help-list = I listan: skriv för att söka, ↑↓ väljer, Enter öppnar,
screen-help-list-esc = Esc rensar sökningen.
screen-confirm-send = Skicka betalnings-SMS till { $mobile } på { $amount } kr?
screen-confirm-delete-line = Ta bort rad { $line }?
screen-confirm-reopen-credited = Öppna den krediterade ordern igen (KLART)? En mobilbetalning återbetalas till kunden via { $provider }.
screen-confirm-credit-all = Kreditera hela faktura { $invoice }: { $amount } kr tillbaka till kunden? En kreditfaktura skapas och bokförs.
screen-confirm-credit-lines = Kreditera { $count ->
        [one] rad
       *[other] rader
    } { $lines } av faktura { $invoice }: { $amount } kr tillbaka till kunden? En kreditfaktura skapas och bokförs.
screen-confirm-book-mobile = Bokför ordern som MOBIL (mobilbetalning mottagen)? Fakturanumret tas och ordern låses.
screen-confirm-cancel = Annullera betalnings-SMS och öppna ordern? En gjord betalning återbetalas.
screen-confirm-keys = Enter = Ja    Esc = Nej
screen-method-for = Betalsätt för { $amount } kr:
screen-method-cash = Kontant (avrundas till hela kronor)
screen-method-card = Kort
screen-method-invoice = Faktura (OCR och förfallodag)
screen-method-keys = Enter = Bokför    Esc = Avbryt
screen-customer-intro = Som kunden på telefonen:
screen-customer-pay-now = Betala nu
screen-customer-part-payment = Delbetalning
screen-customer-invoice = Faktura
screen-customer-decline = Avböj
screen-esc-cancel = Esc = Avbryt

## src/tui/view/order.rs

screen-opening-order = Öppnar order { $nr }…
screen-order-none = Ingen order öppen. F5 öppnar orderlistan, Enter öppnar en order.
screen-sms-sending = SMS skickas…
screen-sms-outcome-unknown = SMS skickas – utfall okänt
screen-billing-method = Betalsätt
screen-billing-received = Betalning mottagen
screen-billing-received-at = Tidpunkt för mottagen betalning
screen-billing-invoice-no = Fakturanr
screen-billing-mobile = Mobilbetalning
screen-billing-invoices = Fakturor
screen-lock-sending = LÅST – SMS skickas, utfall okänt (Ctrl+L)
screen-lock-sent = LÅST – betalnings-SMS skickat
screen-lock-booked = LÅST – bokförd
screen-order-heading = Order { $nr }
screen-customer = Kund
screen-vehicle = Fordon
screen-col-line = Rad
screen-col-kind = Typ
screen-col-article = Artnr
screen-col-description = Benämning
screen-col-quantity = Antal
screen-col-unit = Enh
screen-col-price = À-pris
screen-col-discount = Rab%
screen-col-vat = Moms
screen-col-amount = Belopp
screen-totals-net = Netto { $rate }
screen-totals-vat = Moms { $rate }
screen-totals-excl-vat = Summa exkl moms
screen-totals-outlays = Utlägg
screen-totals-to-pay = Att betala
screen-totals-title = Summa
screen-billing-title = Fakturering
screen-invoice-credit = kredit { $no }
screen-refund-failed = ⚠ återbetalning misslyckades – försök igen
screen-refund-pending = ⚠ återbetalning väntar
screen-capture-failed = ⚠ dragning misslyckades
screen-capture-pending = ⚠ dragning väntar

## src/tui/view/report.rs

screen-report-loading = Hämtar dagrapporten…
screen-report-keys = ← → föregående/nästa dag   Esc orderlistan

## src/tui/view/mod.rs (size)
screen-too-small = Fönstret är för litet (minst { $width }×{ $height })

## src/tui/model/forms.rs (Ändra kund)
screen-action-edit-customer = Ändra kund
screen-customer-saved = Kund { $no } är sparad
screen-form-customer-name = Namn
screen-form-customer-mobile = Mobil
screen-form-customer-email = E-post
screen-form-customer-street = Gatuadress
screen-form-customer-postal-code = Postnummer
screen-form-customer-city = Ort
screen-form-customer-national-id = Person-/organisationsnr
screen-form-customer-vat-no = Momsreg.nr
screen-form-customer-reverse-charge = Omvänd moms (ja/nej)
screen-form-customer-payee = Återbetalas till
screen-form-customer-payee-hint = Clearing-konto (5000-1001000), IBAN, BG 5050-1055 eller PG 4711-8; tomt = inga uppgifter
screen-form-customer-bic = BIC (vid IBAN)
screen-form-yes = ja
screen-form-no = nej
screen-form-pick-customer = ↓ väljer kund, Enter tar den

# The cash register.
screen-action-print-copy = Skriv ut kvittokopia
screen-action-print-klarna = Skriv ut Klarna-faktura
screen-not-klarna-booked = Klarna-fakturan finns för en order som bokförts med KLARNA
screen-invoice-paid = Betald { $date }
screen-invoice-unpaid = Obetald
screen-action-x-report = X-dagrapport (kassa)
screen-action-z-report = Z-dagrapport (stänger dagen)
screen-confirm-z-report = Ta Z-dagrapport för idag? Kassans dag stängs: rapporten numreras, sparas och kan aldrig ändras eller tas igen för samma dag.
screen-busy-z-report = Tar Z-dagrapport
screen-title-register = Kassarapport
screen-register-keys = ↑↓ PgUp PgDn bläddrar · Esc tillbaka · skriv ut: verkstad report x --out FIL.pdf
screen-training-banner = ÖVNINGSLÄGE
screen-training-sale = ÖVNING: övningskvitto { $no }, { $amount } kr – ordern och bokföringen är oförändrade. Utskrift: { $path }
screen-receipt-registered = Kvitto { $no } registrerat (kontrollkod { $code }).
screen-z-taken = Z-dagrapport nr { $no } för { $date } tagen och sparad.
screen-action-klarna-reserve = Reservera med Klarna (faktura)
screen-busy-reserving = Reserverar hos Klarna
screen-confirm-klarna-reserve = Reservera { $amount } kr hos Klarna? Kunden får fakturan från Klarna.
screen-klarna-reserved = Skickad till Klarna: { $amount } kr – kontrollera med Ctrl+L
screen-confirm-book-klarna = Bokför ordern som KLARNA? Reservationen dras hos Klarna (kunden betalar Klarna).
screen-help-klarna-reserve = Reservera med Klarna
screen-billing-klarna = Klarna-reservation
screen-klarna-store = butik { $store }
screen-lock-klarna = LÅST – reserverad hos Klarna
screen-klarna-folded = Rad { $lines }: delat antal går till Klarna som 1 st till radens belopp.

## src/tui/view/settle.rs: the disputes (F11) and payouts (Shift+F11) screens
screen-action-disputes = Tvister
screen-action-payouts = Utbetalningar
screen-title-disputes = Tvister
screen-title-payouts = Utbetalningar från Klarna och Resurs
screen-disputes-loading = Hämtar tvistregistret…
screen-payouts-loading = Hämtar utbetalningarna…
screen-busy-disputes = Synkar tvister
screen-busy-payouts = Hämtar utbetalningar
screen-dispute-rate = Tvistfrekvens { $percent } % ({ $disputes } av { $invoices } Klarna-ordrar, { $days } dagar)
screen-dispute-col-order = Order
screen-dispute-col-customer = Kund
screen-dispute-col-reason = Orsak
screen-dispute-col-amount = Belopp
screen-dispute-col-opened = Öppnad
screen-dispute-col-deadline = Svara senast
screen-dispute-col-state = Läge
screen-dispute-days = { $deadline } ({ $days } d)
screen-dispute-state = { $state ->
        [open] öppen
        [response_sent] besvarad
        [won] vunnen
        [lost] förlorad
        [deadline_missed] sista dag passerad
        [accepted] förlust accepterad
       *[other] { $state }
    }
screen-disputes-keys = ! = svara inom 3 dagar · ↑↓ PgUp PgDn bläddrar · Ctrl+R synka · Esc tillbaka · svara: verkstad dispute respond ID
screen-disputes-synced = { $synced } tvister synkade: { $opened } nya, { $won } vunna, { $lost } förlorade
screen-payout-col-reference = Text på kontoutdraget
screen-payout-col-date = Datum
screen-payout-col-net = Netto
screen-payout-col-sales = Försäljning
screen-payout-col-fees = Avgifter
screen-payout-col-returns = Returer
screen-payout-col-reversals = Återföringar
screen-payout-col-voucher = Ver.
screen-payouts-keys = H hämta nya utbetalningar · ↑↓ PgUp PgDn bläddrar · Esc tillbaka
screen-payouts-applied = { $applied } utbetalningar bokförda ({ $known } redan bokförda), { $invoices } fakturor betalda, { $unmatched } rader utan faktura
screen-order-paused = Faktura pausad – tvist öppen (svara senast { $deadline })
screen-disputes-no-klarna = Inga fakturor är bokförda som KLARNA – inga tvister att hämta

## src/tui/view/reconcile.rs: the reconciliation screen (F12), issue 14
screen-action-reconcile = Avstämning
screen-title-reconcile = Avstämning – inbetalningar från banken
screen-reconcile-loading = Hämtar inbetalningarna…
screen-reconcile-none = Inga inbetalningar – I läser in en bankfil (BgMax eller camt.054)
screen-reconcile-col-date = Datum
screen-reconcile-col-amount = Belopp
screen-reconcile-col-payer = Betalare
screen-reconcile-col-reference = Referens
screen-reconcile-col-reference-short = Ref
screen-reconcile-col-payer-short = Betal.
screen-reconcile-col-state = Läge
screen-reconcile-col-why = Varför
screen-reconcile-payment = Inbetalning { $payment }
screen-reconcile-ref = ref { $references }
screen-reconcile-suggests = förslag: faktura { $invoice }
screen-reconcile-waits-for = väntar på faktura för order { $nr }
screen-reconcile-pays = { $count ->
        [one] betalar faktura { $invoices }
       *[other] betalar fakturorna { $invoices }
    }
screen-reconcile-why = Varför: { $why }
screen-reconcile-keys = Enter godkänn förslag · M matcha mot faktura · O till OBS · I läs in bankfil · ↑↓ PgUp PgDn välj · Ctrl+R läs om · Esc tillbaka
screen-reconcile-keys-short = Enter godkänn förslag · M matcha · O till OBS · I läs in fil · Esc tillbaka
screen-reconcile-none-selected = Ingen inbetalning är vald
screen-reconcile-no-suggestion = Inbetalning { $payment } ({ $state }) har inget förslag att godkänna – M matchar för hand
screen-busy-reconcile-matching = Prickar av inbetalningen
screen-busy-reconcile-finding = Söker fakturan
screen-busy-reconcile-importing = Läser in bankfilen
screen-busy-reconcile-obs = Flyttar till OBS
screen-reconcile-not-an-invoice-no = "{ $input }" är inget fakturanummer – skriv fakturans nummer, t.ex. 12
screen-reconcile-no-path = Skriv sökvägen till bankfilen
screen-form-invoice-no = Faktura nr
screen-form-bank-file = Bankfil
screen-reconcile-match-title = Matcha inbetalning { $payment }
screen-reconcile-import-title = Läs in bankfil
screen-reconcile-obs-title = Till OBS
screen-confirm-reconcile-match = Pricka av inbetalning { $payment } ({ $amount } kr) mot faktura { $invoice }: { $buyer }, order { $nr }, öppet { $open } kr av { $to_pay } kr?
screen-confirm-reconcile-obs = Flytta inbetalning { $payment } på { $amount } kr till OBS-kontot (2999)?
screen-reconcile-imported = { $payments } betalningar: { $matched } avprickade, { $suggested } förslag, { $obs } OBS, { $prepayment } förskott
screen-reconcile-imported-known = ; { $known } fanns redan från en annan fil

## src/tui/view/refunds.rs: the refunds screen (Shift+F12), issue 15
screen-action-refunds = Återbetalningar
screen-title-refunds = Återbetalningar – till kundernas bankkonton
screen-refunds-loading = Hämtar återbetalningarna…
screen-refunds-none = Inga återbetalningar att göra och inga skickade
screen-refunds-col-id = Id
screen-refunds-col-customer = Kund
screen-refunds-col-amount = Belopp
screen-refunds-col-owed = Skyldig
screen-refunds-col-date = Datum
screen-refunds-col-payee = Till
screen-refunds-col-message = Meddelande
screen-refunds-sent-state = väntar på banken
screen-refunds-in-batch = skickad i omgång { $batch } – { $waiting }
screen-refunds-sending-all = B skickar alla med betalningsuppgifter: { $count } st, { $total } kr
screen-refunds-sending-chosen = Valda: { $count } st, { $total } kr – B gör en omgång av dem
screen-refunds-keys = Mellanslag välj · B gör omgång · A ändra belopp/datum · S läs status (pain.002) · { $customer } kundens betalningsuppgifter · ↑↓ välj rad · Ctrl+R läs om · Esc tillbaka
screen-refunds-keys-short = Mellanslag välj · B omgång · A ändra · S status · { $customer } kund · Esc tillbaka
screen-refunds-none-selected = Inget förslag är valt – flytta markören till ett förslag
screen-refunds-nothing-to-send = Inget att skicka: inget förslag har betalningsuppgifter (F3 här eller på ordern lägger in dem)
screen-refunds-batch-title = Gör omgång
screen-refunds-set-title = Ändra återbetalning { $id }
screen-refunds-status-title = Läs status från banken (pain.002)
screen-confirm-refunds-all = Inget förslag är valt. Gör en omgång av alla { $count } med betalningsuppgifter, { $total } kr?
screen-form-refund-file = Fil (pain.001)
screen-form-refund-amount = Belopp
screen-form-refund-date = Datum (ÅÅÅÅ-MM-DD)
screen-form-status-file = Statusfil
screen-refunds-no-path = Skriv sökvägen filen ska skrivas till
screen-refunds-no-status-path = Skriv sökvägen till bankens statusfil (pain.002)
screen-refunds-not-an-amount = "{ $input }" är inget belopp – skriv t.ex. 1000 eller 1 000,50
screen-refunds-not-a-date = "{ $input }" är inget datum – skriv ÅÅÅÅ-MM-DD, t.ex. 2026-12-05
screen-busy-refunds-batch = Gör omgången och skriver filen
screen-busy-refunds-status = Läser statusfilen
screen-refunds-set = { $id }: { $amount } kr den { $date }
screen-refunds-status-read = Status för { $msg_id }: { $count } betalningar, { $accepted } godkända, { $rejected } avvisade (avvisade är tillbaka bland förslagen)
