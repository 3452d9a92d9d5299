# domain: svenska

## src/domain/columns.rs: the columns of the order list
column-nr = Nr
column-customer-no = Kundnr
column-customer-name = Kundnamn
column-regnr = Regnr
column-make-model = Fordon
column-status = Status
column-total = Belopp inkl. moms
column-payment-method = Betalsätt
column-payment-received = Betalning mottagen
column-payment-received-at = Tidpunkt för mottagen betalning
column-created-at = Skapad
column-updated-at = Ändrad
column-mobile = Mobil
column-invoice-no = Fakturanr
column-booked-at = Bokförd
column-pay-provider = Betalväg
column-pay-state = Betalstatus
column-invoice-paid = Faktura betald
column-invoice-paid-at = Betald den
column-unknown = Okänd kolumn "{ $key }". Kolumner: { $columns }
column-none-chosen = Inga kolumner valda
column-sort-direction = Okänd sorteringsriktning "{ $direction }" (asc eller desc)
column-not-sortable = Listan kan inte sorteras på "{ $key }" (den läses per visad rad)

## src/domain/customer.rs: customer and vehicle fields
customer-name-missing = Kundens namn saknas
customer-name-too-long = Namnet är för långt (högst 100 tecken)
customer-email-invalid = "{ $email }" är ingen giltig e-postadress
vehicle-year-implausible = Årsmodellen { $year } är inte rimlig
vehicle-mileage-negative = Mätarställningen får inte vara negativ ({ $mileage })

## src/domain/ids/mod.rs: identifiers (personnummer, organisationsnummer, mobile, bankgiro, plusgiro, plate)
id-personnummer-format = Ogiltigt personnummer "{ $input }": skriv det som ÅÅMMDD-NNNN eller ÅÅÅÅMMDD-NNNN
id-personnummer-date = Ogiltigt personnummer "{ $input }": födelsedatumet finns inte
id-personnummer-future = Ogiltigt personnummer "{ $input }": födelsedatumet ligger i framtiden
id-personnummer-serial = Ogiltigt personnummer "{ $input }": födelsenumret får inte vara 000
id-personnummer-checksum = Ogiltigt personnummer "{ $input }": kontrollsiffran stämmer inte
id-orgnr-format = Ogiltigt organisationsnummer "{ $input }": skriv det som NNNNNN-NNNN (tredje och fjärde siffran är minst 20)
id-orgnr-checksum = Ogiltigt organisationsnummer "{ $input }": kontrollsiffran stämmer inte
id-national-id-format = "{ $input }" är varken ett personnummer eller ett organisationsnummer
id-mobile-format = Ogiltigt mobilnummer "{ $input }": skriv till exempel 070-123 45 67 eller +47 123 45 678
id-not-swedish-mobile = "{ $input }" är inte ett svenskt mobilnummer (070, 072, 073, 076 eller 079)
id-bankgiro-format = Ogiltigt bankgironummer "{ $input }": skriv det som NNN-NNNN eller NNNN-NNNN
id-bankgiro-checksum = Ogiltigt bankgironummer "{ $input }": kontrollsiffran stämmer inte
id-plusgiro-format = Ogiltigt plusgironummer "{ $input }": 2–8 siffror, den sista en kontrollsiffra (t.ex. 4711-8)
id-plusgiro-checksum = Ogiltigt plusgironummer "{ $input }": kontrollsiffran stämmer inte
id-regnr-format = Ogiltigt registreringsnummer "{ $input }": ange till exempel ABC123 eller ABC12D
id-vat-no-format = Ogiltigt momsregistreringsnummer "{ $input }": skriv landskoden och 2–13 bokstäver eller siffror, till exempel SE556677889901 eller DK12345678
id-vat-no-swedish = Ogiltigt svenskt momsregistreringsnummer "{ $input }": skriv SE, organisations- eller personnumrets tio siffror och 01, till exempel SE556677889901
id-vat-no-checksum = Ogiltigt svenskt momsregistreringsnummer "{ $input }": kontrollsiffran i organisations- eller personnumret stämmer inte
id-bank-account-format = Ogiltigt kontonummer "{ $input }": skriv clearingnummer och kontonummer som CLEARING-KONTO, t.ex. 5000-1001000
id-bank-account-clearing = Ogiltigt kontonummer "{ $input }": clearingnumret hör inte till någon bank
id-bank-account-length = Ogiltigt kontonummer "{ $input }": fel antal siffror för ett konto i { $bank }
id-bank-account-checksum = Ogiltigt kontonummer "{ $input }": kontrollsiffran stämmer inte enligt { $bank }s regler
id-iban-invalid = Ogiltigt IBAN "{ $input }": landskod, längd eller kontrollsiffror stämmer inte
id-bic-format = Ogiltig BIC "{ $input }": 8 eller 11 tecken, t.ex. ESSESESS

## src/domain/invoice/mod.rs: document titles, credits
invoice-title-credit = KREDITFAKTURA
invoice-title-invoice = FAKTURA
invoice-title-receipt = KVITTO
credit-already-credited = Faktura { $invoice } är redan krediterad i sin helhet
credit-line-already-credited = Rad { $pos } på faktura { $invoice } är redan krediterad
credit-no-such-line = Faktura { $invoice } har ingen rad { $pos }
credit-no-lines = Ange minst en rad att kreditera

## src/domain/ledger.rs: the ledger settings and booking
ledger-unknown-setting = Okänd inställning "{ $key }" under [accounts] i config.toml
ledger-not-an-account = [accounts] { $key } = { $number }: ett konto har fyra siffror (1000–9999)
ledger-account-not-in-chart = [accounts] { $key } = { $account }: kontot finns inte i kontoplanen – lägg till det under [chart] i config.toml
ledger-account-wrong-class = [accounts] { $key } = { $account }: kontot ska vara i kontoklass { $class }
ledger-unbalanced = Verifikationen balanserar inte: differens { $difference } kr

## src/domain/money.rs: amounts, quantities and percentages typed by the user
amount-not-a-number = "{ $input }" är inte ett tal
amount-too-many-decimals = "{ $input }" har fler än två decimaler
amount-negative = "{ $input }" får inte vara negativt
amount-not-positive = antalet måste vara större än noll ("{ $input }")
amount-too-large = "{ $input }" är för stort
amount-discount-range = rabatten måste vara mellan 0 och 100 % ("{ $input }")
amount-vat-rate = momssatsen { $input } % finns inte (25, 12, 6 eller 0)

## src/domain/order.rs: the actions of the Funktion menu, line kinds, rule violations
action-mark-complete = Markera klar
action-send-payment = Skicka mobilbetalning (SMS)
action-cancel-payment = Annullera betalnings-SMS / Öppna order
action-book = Bokför
action-credit = Kreditera
line-kind-labour = Arbete
line-kind-part = Artikel
line-kind-other = Övrigt
line-kind-outlay = Utlägg
order-locked-payment-sms = Ordern är låst – annullera betalnings-SMS först
order-locked-booked = Ordern är bokförd – kreditera fakturan för att ändra
order-locked = Ordern är låst (status { $status })
order-cannot-mark-complete = Det går inte att markera som klar en order med status { $status }
order-cannot-send-payment = Det går inte att skicka betalnings-SMS för en order med status { $status }
order-cannot-cancel-payment = Det går inte att annullera betalnings-SMS för en order med status { $status }
order-cannot-book = Det går inte att bokföra en order med status { $status }
order-cannot-credit = Det går inte att kreditera en order med status { $status }
order-no-lines = Ordern har inga rader
order-total-too-large = Orderns summa { $total } kr är orimligt stor
order-outlay-vat = Ett utlägg har alltid 0 % moms (inte { $rate } %): det ligger utanför mervärdesskattelagen
order-outlay-discount = Ett utlägg får ingen rabatt: det vidarefaktureras med exakt det belopp som betalades

## src/domain/payment.rs: payment states as the counter sees them (no provider named)
pay-choice-direct = Direktbetalning
pay-choice-part-payment = Delbetalning
pay-choice-invoice = Faktura
payment-state-pending = Inte betald ännu
payment-state-frozen = Betalningen är pausad för kontroll – vänta
payment-state-inspection = Kreditprövning pågår – vänta
payment-state-authorized = Godkänd, inte dragen ännu
payment-state-paid = Betald
payment-state-rejected = Avböjd av kunden eller nekad av betalningsleverantören
payment-state-expired = Länken har gått ut
payment-state-cancelled = Annullerad
payment-state-refunded = Återbetald
payment-state-partly-refunded = Delvis återbetald
payment-state-unknown = Okänd status

## src/domain/sie.rs: why a SIE file was not written
sie-unbalanced = Verifikation { $series } { $voucher } balanserar inte: differens { $difference } kr
sie-outside-period = Verifikation { $series } { $voucher } är daterad { $date }, utanför exportens period { $from } – { $to }

# The cash register (kassaregister).
register-x-report = X-dagrapport
register-z-report = Z-dagrapport

## src/domain/reconcile: where an incoming payment stands and why
reconcile-state-matched = Avprickad
reconcile-state-suggested = Förslag
reconcile-state-obs = OBS
reconcile-state-prepayment = Förskott
reconcile-why-ocr = OCR { $text } är faktura { $invoice }
reconcile-why-invoice-number = fakturanummer { $text } i referensen: faktura { $invoice }
reconcile-why-order-number = ordernummer { $text } i referensen: faktura { $invoice }
reconcile-why-order-reference = betalningsreferens { $text }: faktura { $invoice }
reconcile-why-provider-id = betalnings-id { $text } hos betalningsleverantören: faktura { $invoice }
reconcile-why-amount-and-payer = beloppet och betalaren ({ $payer }) stämmer med faktura { $invoice }, ingen annan
reconcile-why-amount-only = beloppet stämmer med faktura { $invoice } men inte betalaren – förslag, godkänn eller välj faktura
reconcile-why-not-money-in = pengar ut (avdrag eller debitering), ingen betalning av en faktura
reconcile-why-refund-confirmed = återbetalning { $refund } ({ $id }) betald av banken: bokförd mot 1930
reconcile-why-no-reference = ingen referens och ingen öppen faktura med samma belopp och betalare
reconcile-why-unknown-reference = referensen ({ $text }) hittar ingen faktura eller order
reconcile-why-several-candidates = { $count } öppna fakturor har samma belopp – välj faktura
reconcile-why-already-paid = faktura { $invoice } är redan betald
reconcile-why-order-not-invoiced = order { $nr } är inte fakturerad än – förskott, avprickas när fakturan bokförs
reconcile-why-several-orders = referensen nämner flera order som inte är fakturerade – välj faktura
reconcile-why-by-hand = avprickad för hand mot faktura { $invoice }
reconcile-why-moved-to-obs = flyttad till OBS för hand
reconcile-why-prepayment-applied = förskottet avprickat mot faktura { $invoice } när den bokfördes
reconcile-why-payout = utbetalning { $reference } från { $provider }: bokförd på banken när utbetalningen hämtades, nu bekräftad av banken
reconcile-why-payout-differs = banken satte in { $received } kr men utbetalningen var { $net } kr – skillnaden står på OBS
reconcile-why-payout-already-closed = utbetalning { $reference } är redan bekräftad av inbetalning { $payment }
reconcile-why-several-targets = referensen nämner en utbetalning och något mer (fakturor, order eller fler utbetalningar) – välj för hand
