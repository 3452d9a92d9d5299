# app: svenska

## src/app/config.rs: the config file
config-unknown-language = okänt språk "{ $lang }" (sv eller en)
config-chart-not-an-account = [chart] "{ $number }": ett konto har fyra siffror (1000–9999)
company-name-missing = företagets namn saknas
config-secret-readable = { $path } innehåller Resurs-hemligheten men kan läsas av andra (rättigheter { $mode }). Kör: chmod 600 { $path }
io-read-failed = Kunde inte läsa { $path }: { $error }
io-save-columns-failed = Kunde inte spara kolumnerna i { $path }: { $error }

## src/app/error.rs: an error named by the part of the input it is about
app-record = Post { $index }: { $error }
app-error-in-file = Fel i { $path }: { $error }

## src/app/import.rs: the import file of orders (also the counter screen's line form)
import-line-malformed = rad { $pos }: { $error }
import-unknown-article = rad { $pos }: okänt artikelnummer "{ $article }" (ange beskrivning och à-pris)
import-unknown-line-kind = rad { $pos }: okänd radtyp "{ $kind }" (arbete, artikel, övrigt eller utlägg)
import-description-missing = rad { $pos }: beskrivning saknas
import-quantity-not-a-number = rad { $pos }: antal: { $value } är inte ett tal
import-unit-price-not-a-number = rad { $pos }: à-pris: { $value } är inte ett tal
import-unit-price-missing = rad { $pos }: à-pris saknas
import-discount-not-a-number = rad { $pos }: rabatt: { $value } är inte ett tal
import-vat-not-a-number = rad { $pos }: moms: { $value } är inte ett tal
import-status-not-importable = status { $status } kan inte importeras (bara ÖPPEN eller KLART)
import-unknown-status = okänd status "{ $status }"
import-not-json = Filen är inte giltig JSON (rad { $line }, kolumn { $column }): { $error }
import-not-a-list = Filen ska innehålla en JSON-lista med ordrar
import-malformed-record = felaktig post: { $error }

## src/app/install.rs: demo data and `verkstad init`
install-demo-refused = { $db } är en riktig databas (verkstadens bokföring) – demodata skrivs aldrig in i den, inget är ändrat. Prova demodata i en egen fil: verkstad --db demo.db demo
install-demo-database = { $db } är en demodatabas – den kan inte bli verkstadens riktiga bokföring. Välj en ny fil för den riktiga databasen, t.ex. verkstad --db verkstad-riktig.db init …
install-database-in-use = { $db } har redan ordrar eller verifikationer – init gör bara en ny, tom databas. Välj en annan fil med --db
install-address-missing = Företagets adress saknas (den står på varje faktura): ange { $flags }
io-create-folder-failed = Kunde inte skapa mappen { $path }: { $error }

## src/app/ledger.rs: booking, credits, documents, the day report, SIE
book-waits-for-mobile-payment = Order { $nr } väntar på mobilbetalning – annullera betalnings-SMS innan du bokför med { $method }
book-payment-not-received = Betalningen för order { $nr } är inte mottagen – kontrollera betalningen (Ctrl+L) eller annullera betalnings-SMS
book-mobile-not-received = Order { $nr } kan bokföras som MOBIL först när mobilbetalningen är mottagen (skicka betalnings-SMS med Ctrl+S)
book-klarna-not-reserved = Order { $nr } kan bokföras som KLARNA först när Klarna har godkänt reservationen (reservera med Klarna i Funktion-menyn)
klarna-invoice-label = Klarna-faktura { $no }
klarna-invoice-label-copy = Klarna-faktura { $no } (kopia, utskrift { $n })
klarna-invoice-not-booked-klarna = Order { $nr } är ingen bokförd KLARNA-order (status { $status }, betalsätt { $method }): Klarna-fakturan finns för en order som bokförts med KLARNA
klarna-invoice-not-captured = Klarna har inte dragit order { $nr } än: skicka den väntande dragningen (Ctrl+Y, verkstad pay settle { $nr }) och skriv ut Klarna-fakturan sedan
klarna-invoice-lines-mismatch = Klarnas rader för order { $nr } blir { $lines } kr men Klarna har dragit { $captured } kr: Klarna-fakturan skrivs inte ut (se verkstad klarna show { $nr })
book-choose-payment-method = Ange betalsätt: KONTANT, KORT eller FAKTURA
book-buyer-address-missing = Kund { $no } saknar adress – en faktura ska ha köparens namn och adress
book-no-received-payment = Order { $nr } har ingen mottagen mobilbetalning att bokföra – kontrollera betalningen (Ctrl+L)
book-amount-not-checked = Beloppet som Resurs godkände för order { $nr } är inte kontrollerat – kontrollera betalningen (Ctrl+L) innan du bokför
book-reverse-charge-needs-vat-no = Kund { $no } har omvänd betalningsskyldighet men inget momsregistreringsnummer – ange det (verkstad customer set { $no } --vat-no …) innan order { $nr } bokförs
book-reverse-charge-not-mobile = Order { $nr }: kund { $no } har omvänd betalningsskyldighet – försäljningen faktureras utan svensk moms och kan inte betalas med mobilbetalning; välj KORT, KONTANT eller FAKTURA
credit-order-has-no-invoice = Order { $nr } har ingen faktura
credit-invoice-booked-elsewhere = Faktura { $invoice } (order { $nr }) bokfördes utanför Verkstad och finns inte i fakturaregistret – kreditera den där den bokfördes
credit-capture-pending = Dragningen hos Resurs för faktura { $invoice } är inte klar – skicka den först (Ctrl+Y, `verkstad pay settle { $nr }`)
document-no-such-invoice = Order { $nr } har ingen faktura { $invoice }
document-order-not-booked = Order { $nr } är inte bokförd i Verkstad – bokför den först (det finns ingen faktura att skriva ut)
io-write-failed = Kunde inte skriva { $path }: { $error }
report-date-cannot-be-shown = { $date } kan inte visas
sie-period-backwards = Perioden är baklänges: { $from } till { $to }

## src/app/orders.rs: new orders, lines and customers
order-give-customer = Ange kund: kundnr, namn eller mobil – eller namn för en ny kund
order-new-customer-name = Ange namn för en ny kund
order-none-created = Ingen order skapades
order-customer-empty = Ange kund
order-no-customer-matches = Ingen kund matchar "{ $text }" – fyll i namn och mobil för en ny kund
order-several-customers-match = Flera kunder matchar: { $names } – skriv kundnumret
line-give-article-or-text = Ange artikelnummer eller text
order-locked-sms-sent = Order { $nr } är låst: ett betalnings-SMS är skickat. Annullera det först: verkstad pay cancel { $nr } (Ctrl+U)
order-locked-is-booked = Order { $nr } är låst: den är bokförd. Kreditera fakturan först: verkstad credit { $nr } (Ctrl+D), öppna sedan ordern: verkstad pay cancel { $nr } (Ctrl+U)
order-locked-is-credited = Order { $nr } är låst: den är krediterad. Öppna den igen först: verkstad pay cancel { $nr } (Ctrl+U)
line-no-such-line = Rad { $pos } finns inte (ordern har { $count ->
        [one] { $count } rad
       *[other] { $count } rader
    })
line-does-not-exist = Raden finns inte
line-field-quantity = antal
line-field-unit-price = à-pris
line-field-vat = moms
line-field-discount = rabatt
line-unknown-article = Okänt artikelnummer "{ $article }" – det finns inte i artikelregistret
line-text-empty = Texten är tom
line-unit-empty = Enheten är tom
line-unknown-kind = okänd radtyp "{ $kind }" (arbete, artikel, övrigt eller utlägg)
line-free-text-needs-qty-price = En rad med fri text behöver antal och à-pris (--qty och --price)
line-give-article-or-text-flag = Ange artikelnummer (--article) eller en text (--text)
line-nothing-to-change = Inget att ändra: ange minst ett av --article, --text, --qty, --price, --unit, --vat, --kind, --discount
customer-nothing-to-change = Inget att ändra: ange minst ett av --name, --mobile, --email, --street, --postal-code, --city, --national-id, --vat-no, --reverse-charge
customer-reverse-charge-needs-vat-no = Omvänd betalningsskyldighet kräver köparens momsregistreringsnummer – ange det först
customer-yes-or-no = "{ $value }": svara ja eller nej

## src/app/pay/issue.rs: payment states that stop a use case
pay-amount-mismatch = { $provider } har godkänt { $authorized } kr men order { $nr } är på { $total } kr – ordern markeras inte som betald och bokförs inte. Annullera eller återbetala med Ctrl+U (verkstad pay cancel { $nr }) och skicka sedan en ny länk.
pay-outcome-unknown = SMS skickas – utfall okänt för order { $nr } ({ $cause }). Ordern är låst tills utfallet är känt: kontrollera med Ctrl+L (verkstad pay check { $nr }).
pay-foreign-payment = Betalningen med referens { $reference } hos { $provider } gäller { $amount } kr, men order { $nr } skickades för { $expected } kr – den tas inte emot. Kontakta { $provider }.
pay-link-withdrawn = Order { $nr } öppnades igen medan länken skapades – länken är annullerad hos { $provider }. Skicka en ny länk (Ctrl+S).
pay-no-active-link = Order { $nr } har ingen aktiv betalningslänk

## src/app/pay/mod.rs: what a send or a settle did
pay-earlier-link-replaced = Den tidigare länken på { $old } kr stämde inte med orderns { $total } kr och annullerades först.
pay-settled-refund = Kreditfaktura { $no }: { $amount } kr återbetalt till kunden via { $provider }
pay-settled-capture = Faktura { $no }: betalningen är dragen hos { $provider }

## src/app/pay/send.rs: sending a payment link
pay-link-not-remade = Order { $nr }: betalningslänken kunde inte göras om – försök igen
pay-nothing-to-pay = Order { $nr } har inget belopp att betala
pay-customer-has-no-mobile = Kund { $no } har inget mobilnummer – lägg till ett först
pay-stored-request = Sparad begäran: { $error }

## src/app/pay/settle.rs: refunds and captures
pay-cannot-refund = Det går inte att återbetala { $wanted } kr: { $refundable } kr kan återbetalas

## src/app/provider.rs: the payment provider, its purchase limits, acting as the customer
pay-sandbox-only = Bara i sandlådan
pay-no-payment-link = Ingen betalningslänk
pay-outside-purchase-limits = Beloppet { $total } kr ligger utanför köpgränserna hos { $provider } för butiken ({ $min }–{ $max } kr; { $methods }). Inget SMS skickades – ta betalt på annat sätt.
io-listen-failed = Kunde inte lyssna på 127.0.0.1:{ $port }: { $error }
io-sandbox-failed = Resurs-sandlådan kunde inte starta: { $error }

## src/app/workshop/mod.rs, src/app/workshop/screen.rs: the workshop's callbacks and tasks
io-callbacks-failed = Kunde inte lyssna: { $error }
io-internal-error = Internt fel: { $error }
io-listen-port-failed = Kunde inte lyssna på port { $port }: { $error }

## src/cli/mod.rs, src/tui/mod.rs: the terminal failed (AppError::Io)
io-output-failed = Kunde inte skriva utdata: { $error }
io-runtime-failed = Kunde inte starta: { $error }
io-terminal-failed = Terminalfel: { $error }

## src/store/mod.rs: errors of the database
store-database-error = Databasfel: { $error }
store-cannot-open = Kunde inte öppna databasen { $path }: { $error }
store-schema-too-new = Databasen har schemaversion { $found }, men den här versionen av Verkstad känner bara till version { $known }. Uppdatera Verkstad.
store-conflict = Order { $nr } har ändrats av någon annan sedan du öppnade den. Dina ändringar är inte sparade – öppna ordern igen.
store-order-not-found = Order { $nr } finns inte
store-customer-not-found = Kund { $no } finns inte
store-busy = Databasen är upptagen av en annan användare – försök igen
store-corrupt = Ogiltigt värde i databasen ({ $what })

## src/app/orders.rs (the line form)
line-article-not-in-register = Artikel { $number } finns inte i registret – skriv artikelnumret som registret har det, eller en text för en fri rad

# The cash register (kassaregister).
register-bad-id = Kassabeteckningen "{ $id }" duger inte: 1–32 tecken, t.ex. KASSA-1 ([register] id i config.toml)
register-training-not-registered = I övningsläge övas bara kassaförsäljning (KONTANT, KORT, MOBIL), inte { $method }
receipt-already-printed = Kvitto { $no } (order { $nr }) är redan utskrivet: ett kvitto skrivs ut en gång. En kopia: Funktion → Skriv ut kvittokopia (verkstad print { $nr } --copy)
receipt-copy-already-printed = Kopian av kvitto { $no } är redan utskriven: bara en kopia får skrivas ut
register-z-future = Z-dagrapport för { $date } går inte att ta: dagen har inte börjat
register-z-taken = Z-dagrapport för { $date } är redan tagen (nr { $no }): en Z-rapport tas en gång per dag och ändras aldrig
register-z-before-last = Z-dagrapport för { $date } går inte att ta: den senaste Z-rapporten gäller { $last }
register-no-control-unit = Kvittot kan inte registreras: ingen kontrollenhet är ansluten
print-copy-not-a-receipt = Faktura { $no } är inget kvitto: en faktura skrivs ut igen utan --copy
receipt-label = Kvitto { $no }{ $copy ->
        [yes] {" "}(kopia)
       *[no] {""}
    }
receipt-original-first = Kvitto { $no } har inte skrivits ut ännu: skriv ut originalet först (verkstad print { $nr }); en kopia är en andra utskrift
register-training-no-credit = Övningsläge: order { $nr } krediteras inte (en kreditering når bokföringen). Avsluta övningsläget för att kreditera på riktigt

klarna-customer-missing = Kund { $no } saknar { $missing ->
        [pnr] personnummer
        [email] e-postadress
        [mobile] mobilnummer
        [pnr-email] personnummer och e-postadress
        [pnr-mobile] personnummer och mobilnummer
        [email-mobile] e-postadress och mobilnummer
       *[all] personnummer, e-postadress och mobilnummer
    } – Klarna kräver personnummer, e-post och mobilnummer för faktura (ändra kunden med F3)
klarna-not-reserved = Order { $nr } är inte reserverad hos Klarna
## src/app/settlement.rs, src/app/disputes.rs, src/app/workshop/settlement.rs
settlement-not-configured = Utbetalningar och tvister från { $provider } är inte konfigurerade än
settlement-internal = Utbetalning { $reference }: raderna kunde inte läsas ihop – inget bokfördes
dispute-not-found = Ingen tvist med id "{ $id }" i registret (kör "verkstad dispute sync")
pay-other-provider-live = Order { $nr } har en pågående betalning hos { $provider } – kontrollera den (Ctrl+L) eller annullera den (Ctrl+U) först

## src/app/reconcile.rs: incoming payments
reconcile-internal = Inbetalningen på { $amount } kr går inte jämnt ut i bokföringen – inget bokfördes (programfel, rapportera)
reconcile-no-such-payment = Det finns ingen inbetalning { $payment }
reconcile-already-matched = Inbetalning { $payment } är redan avprickad – rätta den i bokföringen om den blev fel
reconcile-already-obs = Inbetalning { $payment } ligger redan på OBS-kontot
reconcile-not-a-faktura = Faktura { $invoice } finns inte eller är ingen faktura med betalningsvillkor (FAKTURA)
reconcile-invoice-paid = Faktura { $invoice } är redan betald
reconcile-not-money-in = Inbetalning { $payment } är pengar ut och kan inte betala en faktura
reconcile-no-suggestion = Inbetalning { $payment } har inget förslag – välj faktura

## src/app/refunds.rs: refunds to customers' bank accounts (issue 15)
refund-payee-one-kind = Ange ett av --account, --iban (med --bic vid behov), --bankgiro, --plusgiro eller --no-payment-details
refund-bic-needs-iban = BIC hör till ett IBAN: skriv IBAN-numret också, eller lämna BIC tomt
refund-no-such-proposal = Det finns inget återbetalningsförslag { $id } (se verkstad refund list)
refund-nothing-to-change = Ange --amount eller --date
refund-amount-not-positive = Beloppet { $amount } kr måste vara större än noll
refund-amount-above-owed = { $amount } kr är mer än kunden har att få tillbaka på { $id } ({ $owed } kr)
refund-date-past = Datumet { $date } har redan varit
refund-batch-not-written = Omgång { $batch } är gjord men filen kunde inte skrivas till { $path }: { $error } – skriv den igen med verkstad refund file { $batch } --out FIL
refund-no-company-iban = Företagets konto saknas: ange [company] iban (och bic) i config.toml
refund-no-payee = { $id }: kund { $customer } saknar betalningsuppgifter (verkstad customer set { $customer } --account CLEARING-KONTO)
refund-nothing-to-batch = Det finns inga återbetalningar att skicka (kunder utan betalningsuppgifter tas inte med)
refund-no-such-batch = Det finns ingen återbetalningsomgång { $batch }
refund-status-unknown-message = Statusfilen gäller meddelande { $msg_id }, som inte är en av våra återbetalningsomgångar – inget ändrades
refund-status-unknown-payment = Statusfilen nämner betalning { $id }, som inte finns i omgång { $msg_id } – inget ändrades
refund-pain002-not-xml = Statusfilen går inte att läsa ({ $element }): { $error } – inget ändrades
refund-pain002-not-pain002 = Filen är ingen pain.002-statusrapport ({ $element }) – inget ändrades
refund-pain002-missing = Statusfilen saknar { $element } – inget ändrades
refund-pain002-unknown-status = Statusfilen har okänd status "{ $code }" i { $element } – inget ändrades
