# cli: svenska

## src/main.rs
cli-error-prefix = fel:

## src/cli/mod.rs
cli-unknown-lang = Okänt språk "{ $lang }" (sv eller en)
cli-no-data-folder = Hittar ingen datamapp – ange databasen med --db
cli-not-order-nr = "{ $input }" är inget ordernummer
cli-not-invoice-no = "{ $input }" är inget fakturanummer
cli-not-line-no = "{ $input }" är inget radnummer (1, 2, …)
cli-not-customer-no = "{ $input }" är inget kundnummer
cli-not-date = "{ $input }" är inget datum (ÅÅÅÅ-MM-DD)
cli-unknown-format-json = Okänt format "{ $format }" (text eller json)
cli-not-line-list = "{ $input }" är ingen radlista (t.ex. 1,3 eller 2-4)
cli-to-before-from = --to { $to } är före --from { $from }
cli-demo-created =
    Demodata skapad: { $orders ->
        [one] 1 order
       *[other] { $orders } ordrar
    } med { $lines ->
        [one] 1 rad
       *[other] { $lines } rader
    }, { $customers ->
        [one] 1 kund
       *[other] { $customers } kunder
    }, { $vehicles } fordon (frö { $seed }).
cli-read-failed = Kunde inte läsa { $path }: { $error }
cli-imported =
    { $n ->
        [one] 1 order importerad
       *[other] { $n } ordrar importerade
    }: { $list }
cli-complete = Order { $nr } är KLART.
cli-seeded =
    Ny databas: demodata skapad ({ $orders ->
        [one] 1 order
       *[other] { $orders } ordrar
    }, { $customers ->
        [one] 1 kund
       *[other] { $customers } kunder
    }) – { $db }
cli-seeded-demo = Det här är en DEMO-databas. För riktig bokföring: verkstad --db FIL init --name … --orgnr …
cli-keymap-error = Fel i tangentfilen { $error }

## src/cli/orders.rs
cli-unknown-status = Okänd status "{ $status }" (ÖPPEN, KLART, MOBILBET, BOKFÖRD, KREDITERAD)
cli-paid-yes-no = --paid tar yes eller no, inte "{ $input }"
cli-unknown-list-format = Okänt format "{ $format }" (table, csv eller json)
cli-show-created = skapad
cli-show-customer = Kund
cli-show-vehicle = Fordon
cli-show-col-line = Rad
cli-show-col-kind = Typ
cli-show-col-article = Artnr
cli-show-col-description = Benämning
cli-show-col-qty = Antal
cli-show-col-unit = Enh
cli-show-col-price = À-pris
cli-show-col-discount = Rab%
cli-show-col-vat = Moms
cli-show-col-amount = Belopp
cli-show-net = Netto { $rate }
cli-show-rate-vat = moms
cli-show-total-net = Summa exkl. moms
cli-show-total-vat = Moms
cli-show-outlays = Utlägg (ingen moms)
cli-show-to-pay = Att betala
cli-show-invoicing = Fakturering
cli-show-method = Betalsätt
cli-show-received = Betalning mottagen
cli-show-invoice-no = Fakturanr
cli-show-invoice-paid = Fakturan
cli-show-paid-on = Betald { $date }
cli-show-unpaid = Obetald
cli-show-booked = Bokförd

## src/cli/overview.rs
cli-overview-database = Databas: { $path } (schema { $version })
cli-overview-counts =
    { $orders ->
        [one] 1 order
       *[other] { $orders } ordrar
    }, { $customers ->
        [one] 1 kund
       *[other] { $customers } kunder
    }, { $vehicles } fordon
cli-overview-commands = Kommandon:
cli-overview-order-list = lista ordrar (som F5)
cli-overview-order-show = visa en order
cli-overview-order-new = ny order (--plate, --make, --model)
cli-overview-line-add = ny rad (--qty, --price, --vat, --discount)
cli-overview-line-set = ändra / ta bort en rad
cli-overview-customer = visa / ändra en kund
cli-overview-order-complete = markera en order som KLART
cli-overview-order-import = importera ordrar
cli-overview-columns = listans kolumner
cli-overview-pay = mobilbetalning (SMS-länk)
cli-overview-book = bokför (MOBIL: betald order)
cli-overview-credit = kreditera fakturan
cli-overview-print = skriv ut faktura/kvitto
cli-overview-report-day = dagrapport
cli-overview-export-sie = SIE 4I till bokföringen
cli-overview-demo = skapa demodata (bara i en demodatabas)
cli-overview-init = ny riktig databas med företagets uppgifter
cli-overview-help = all hjälp

## src/cli/counter.rs
cli-give-customer = Ange kunden: --customer NR för en befintlig kund, eller --name och --mobile för en ny
cli-order-created = Order { $nr } skapad (ÖPPEN).
cli-line-added = Rad { $pos } tillagd i order { $nr }.
cli-line-changed = Rad { $pos } i order { $nr } ändrad.
cli-line-removed = Rad { $pos } borttagen ur order { $nr }.
cli-customer-changed = Kund { $no } ändrad.
cli-customer-no = Kundnr
cli-customer-name = Namn
cli-customer-mobile = Mobil
cli-customer-email = E-post
cli-customer-national-id = Person-/orgnr
cli-customer-address = Adress
cli-customer-vat-no = Momsreg.nr
cli-customer-reverse-charge = Omvänd moms
cli-customer-payment-details = Bankkonto
cli-answer-yes = ja
cli-answer-no = nej
cli-no-config-folder = Hittar ingen konfigurationsmapp – ange filen med --config
cli-init-done =
    Riktig databas klar: { $db } (installation { $id }).
    Företaget "{ $name }" står under [company] i { $config }.
    Den får aldrig demodata. Starta kassan: verkstad --db { $db }
cli-kind-demo = Typ: DEMO – demodata, ingen riktig bokföring (verkstad init gör en riktig databas); installation { $id }
cli-kind-real = Typ: riktig databas (bokföring); installation { $id }

## src/cli/books.rs
cli-unknown-method = Okänt betalsätt "{ $input }" (MOBIL, KONTANT, KORT eller FAKTURA)
cli-booked = Order { $nr } är BOKFÖRD: faktura { $no } ({ $method }), { $amount } kr, verifikation A { $voucher }.
cli-booked-cash = Att betala kontant: { $amount } kr (öresavrundning { $rounding } kr)
cli-booked-ocr = OCR { $ocr }, förfallodag { $due }
cli-example-company = Obs: företagsuppgifter saknas ([company] i config.toml) – fakturan har exempeluppgifter.
cli-credited = Kreditfaktura { $no } på { $amount } kr avser faktura { $original } (rad { $positions }), verifikation A { $voucher }.
cli-credit-cash = Att återbetala kontant: { $amount } kr
cli-credit-rounding = (öresavrundning { $rounding } kr)
cli-credit-order-credited = Order { $nr } är KREDITERAD.
cli-credit-refund-hint = Öppna ordern igen för att återbetala { $amount } kr till kunden via Resurs: Funktion → Annullera betalnings-SMS / Öppna order, eller `verkstad pay cancel { $nr }`.
cli-credit-reopen-hint = `verkstad pay cancel { $nr }` öppnar ordern igen (KLART).
cli-print-format = { $path }: ange en fil som slutar på .pdf eller .txt
cli-print-saved = Sparad: { $pdf } och { $text }
cli-sie-exported =
    SIE 4I: { $count ->
        [one] 1 verifikation
       *[other] { $count } verifikationer
    } { $from } – { $to } → { $path }

## src/cli/pay.rs
cli-sandbox-notice = SANDLÅDA – inga riktiga pengar, { $name }-sandlådan ({ $url })
cli-pay-sent = SMS skickat till { $mobile }: { $amount } kr att betala för order { $nr }. Ordern är låst (MOBILBET).
cli-pay-link = Länk: { $url }
cli-pay-already-sent = Betalnings-SMS är redan skickat till { $mobile } ({ $amount } kr) – inget nytt SMS skickades.
cli-pay-paid-mobile = Betalsätt MOBIL, Betalning mottagen ✓
cli-pay-reopened = Order { $nr } är öppen igen ({ $status }).
cli-pay-link-cancelled = Betalnings-SMS annullerat: länken kan inte längre användas. Order { $nr } är öppen igen ({ $status }).
cli-pay-refunded = { $amount } kr återbetalas till kunden.
cli-pay-nothing-pending = Inget väntar hos { $provider } för order { $nr }.
cli-pay-none-waiting = Inga ordrar väntar på mobilbetalning.
cli-pay-received = Betalning mottagen ✓
cli-pay-listening = Tar emot { $name }-anrop på { $url }/callbacks/… – Ctrl+C
cli-pay-no-attempts = Inga betalningsförsök.
cli-sandbox-stop = Avsluta med Ctrl+C.
cli-sandbox-stop-idle = Avslutas av sig själv efter { $secs } s utan anrop, eller med Ctrl+C.
cli-sandbox-listening =
    Resurs-sandlådan lyssnar på { $url } (process { $pid }, tillstånd: { $state }).
    SMS: { $url }/_sim/outbox/sms   Kundsida: { $url }/pay/<id>
    Klarna: { $url }/_sim/klarna/stores (testbutiker; docs/KLARNA.md)
cli-sandbox-stopped = Sandlådan avslutas: ingen har anropat den på { $secs } s, eller dess tillståndsfil är borttagen.

# The cash register.
cli-unknown-report-format = Okänt format "{ $format }": text, json eller pdf
cli-pdf-needs-out = PDF skrivs till en fil: ange --out FIL.pdf
cli-journal-exported = { $n } journalposter → { $path }
cli-receipt-registered = { $kind ->
        [return] Returkvitto
       *[other] Kvitto
    } { $no } registrerat i { $register }, kontrollkod { $code }.
cli-return-no-receipt = Order { $nr } har inget kassakvitto: retur görs för en kassaförsäljning (KONTANT, KORT, MOBIL). En faktura krediteras: verkstad credit { $nr }
cli-training-sale = ÖVNING: övningskvitto { $no } för order { $nr }, { $amount } kr. Ordern och bokföringen är oförändrade.
cli-klarna-reserved = Order { $nr } reserverad hos Klarna (butik { $store }) på { $amount } kr – MOBILBET tills Klarna har beslutat; kontrollera med `verkstad pay check { $nr }`
cli-klarna-already-reserved = Order { $nr } har redan en reservation hos Klarna (butik { $store }) på { $amount } kr
cli-klarna-not-placed = Order { $nr }: reserverad i Klarna-butik { $store }, men kunden har inte godkänt än – ingen order hos Klarna
cli-klarna-show-head = Order { $nr } hos Klarna (butik { $store }): order_id { $id }, referens { $reference }
cli-klarna-show-status = Status { $status }, beslut { $decision }
cli-klarna-show-amounts = Belopp { $order } kr, draget { $captured } kr, återbetalt { $refunded } kr; raderna som skickats:

## src/cli/settle.rs
cli-settle-fetched = Utbetalningar från { $provider } sedan { $since }: { $applied } nya bokförda, { $known } redan bokförda
cli-settle-applied = Utbetalning { $reference } { $date }: { $net } kr till banken, verifikation { $voucher }, { $invoices } fakturor betalda
cli-settle-unmatched = { "  " }Rad { $pos } ({ $kind } { $amount } kr, referens "{ $reference }") hör inte till någon faktura – bokförd på OBS-konto, kontrollera
cli-settle-refused = Utbetalning { $reference } bokfördes inte: raderna blir { $rows } kr men { $net } kr betalades ut
cli-settle-none = Inga utbetalningar bokförda
cli-settle-row = { $date }  { $reference }  netto { $net } kr  försäljning { $sales }  returer { $returns }  avgifter { $fees }  återföringar { $reversals }  ver. { $voucher }  ({ $rows } rader)
cli-dispute-none = Inga tvister
cli-dispute-line = { $mark } sista dag { $deadline } ({ $days } dagar kvar)  { $id }  order { $nr }  { $customer }  { $reason }  { $amount } kr  { $state }
cli-dispute-state = { $state ->
        [open] öppen – fakturan pausad
        [response_sent] besvarad – fakturan pausad
        [won] vunnen – fakturan aktiv
        [lost] förlorad – återförd
        [deadline_missed] förlorad (sista dag passerad) – återförd
        [accepted] förlust accepterad – återförd
       *[other] { $state }
    }
cli-dispute-detail = { "  " }Öppnad { $opened }, faktura { $invoice }, referens { $reference }, återföring ver. { $chargeback }, tvistavgift ver. { $fee }
cli-dispute-rate = Tvistkvot senaste { $days } dagarna: { $disputes } tvister / { $invoices } Klarnafakturor = { $percent } %
cli-dispute-rate-warning = Varning: tvistkvoten är över 1,2 % – över 1,5 % tar Klarna förhöjd tvistavgift
cli-dispute-rate-elevated = Tvistkvoten är över 1,5 %: Klarnas förhöjda tvistavgift gäller
cli-dispute-responded = Svar skickat på tvist { $id } – { $provider } granskar
cli-dispute-accepted = Tvist { $id }: förlusten accepterad, återföringen { $amount } kr bokförd
cli-dispute-synced = { $synced } tvister synkade: { $opened } nya, { $won } vunna, { $lost } förlorade
cli-dispute-unmatched = Tvist { $id } hör inte till någon faktura här

## src/cli/reconcile.rs
cli-not-payment-no = "{ $input }" är inte ett inbetalningsnummer (se "verkstad reconcile list")
cli-overview-resurs-payouts = Resurs utbetalningar till bokföringen (1931 → bank, avgift)
cli-overview-reconcile = inbetalningar från banken (BgMax, camt.054) mot fakturor
cli-overview-refund = återbetalningar till kunders bankkonton (pain.001, pain.002)
cli-reconcile-none = Inga inbetalningar
cli-reconcile-file-known = Filen { $file } är redan inläst – inget ändrades
cli-reconcile-imported = Fil { $file }: { $payments } nya inbetalningar – { $matched } avprickade, { $suggested } förslag, { $obs } på OBS, { $prepayment } förskott; { $known } fanns redan från en annan fil
cli-reconcile-test-file = Obs! Filen är märkt som testfil (T) hos Bankgirot – pengarna är inte riktiga
cli-reconcile-payment = { "  " }Inbetalning { $payment }: { $amount } kr, { $state }, verifikation { $voucher } – { $why }
cli-reconcile-row = { $payment }  { $date }  { $amount } kr  { $state }  { $payer }  ref "{ $references }"  fakturor [{ $invoices }]: { $why }
cli-reconcile-matched = Inbetalning { $payment } ({ $amount } kr) avprickad mot faktura { $invoices }, verifikation { $voucher }
cli-reconcile-moved-to-obs = Inbetalning { $payment } ({ $amount } kr) ligger nu på OBS-kontot, verifikation { $voucher }

## src/cli/refund.rs: refunds to customers' bank accounts (issue 15)
cli-not-refund-id = "{ $input }" är inget återbetalningsförslag (F och fakturanummer, I och inbetalningsnummer; se "verkstad refund list")
cli-not-batch-no = "{ $input }" är inget omgångsnummer
cli-refund-none = Inga återbetalningar att göra och inga skickade
cli-refund-no-payee = betalningsuppgifter saknas
cli-refund-proposal = { $id }  kund { $customer } { $name }  { $amount } kr (skyldig { $owed } kr)  { $date }  till { $payee }  "{ $message }"
cli-refund-also-sent = ; dessutom skickat { $amount } kr
cli-refund-rejected-before = ; avvisad av banken: { $reason }
cli-refund-sent = Återbetalning { $refund } ({ $id }) kund { $customer }: { $amount } kr den { $date }, skickad i omgång { $batch } – väntar på banken
cli-refund-batch-made = Omgång { $batch } ({ $msg_id }): { $count } återbetalningar, { $total } kr, skriven till { $file }
cli-refund-left-out = Utan betalningsuppgifter, inte med: { $ids }
cli-refund-file-written = Omgång { $batch } ({ $msg_id }) skriven till { $file }
cli-refund-status-head = Status för { $msg_id }: { $count } betalningar
cli-refund-status-rejected = Återbetalning { $refund } ({ $id }): avvisad { $code } { $reason } – tillbaka bland förslagen
cli-refund-status-settled = Återbetalning { $refund } ({ $id }): { $code } betald från vårt konto – bokförs när bankens debitering läses in (reconcile import)
cli-refund-status-accepted = Återbetalning { $refund } ({ $id }): { $code } godkänd av banken
