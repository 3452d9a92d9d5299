# payments: svenska

## src/payments/mod.rs: how a provider call failed
provider-timeout = tidsgränsen gick ut
provider-no-connection = ingen anslutning
provider-connection-lost = anslutningen bröts
provider-still-working = en tidigare begäran pågår fortfarande
provider-refused = { $provider } nekade: { $message } ({ $code })
provider-unavailable = { $provider } svarar inte: { $reason }
provider-auth = { $provider } godtog inte inloggningsuppgifterna: { $message }
provider-protocol = Oväntat svar från { $provider }: { $message }
provider-nothing-to-check = { $provider }: inget att kontrollera

## src/payments/resurs/connect.rs: choosing the Resurs client
resurs-credentials-incomplete = Resurs-uppgifterna är ofullständiga: client_id, client_secret och store_id behövs alla
resurs-no-sandbox-answers = Ingen Resurs-sandlåda svarar på { $url }

## src/payments/resurs/setup.rs: `verkstad pay setup` for Resurs
resurs-setup-store-unknown = Butiken "{ $store }" (store_id) finns inte hos Resurs för dessa inloggningsuppgifter. Butiker: { $stores }. Ange en av dem som store_id i [resurs] eller VERKSTAD_RESURS_STORE_ID.
resurs-setup-store-unknown-no-stores = Butiken "{ $store }" (store_id) finns inte hos Resurs för dessa inloggningsuppgifter. Butiker: inga. Ange en av dem som store_id i [resurs] eller VERKSTAD_RESURS_STORE_ID.
resurs-setup-sandbox = sandlåda – inga riktiga pengar
resurs-setup-real-money = riktiga pengar
resurs-setup-stores = Butiker:
resurs-setup-chosen = ← store_id (vald)
resurs-setup-methods-of = Betalsätt i { $store }:
resurs-setup-for-both = privat och företag
resurs-setup-for-persons = privat
resurs-setup-for-companies = företag
resurs-setup-disabled = avstängt
resurs-setup-right = store_id stämmer: butiken finns och har { $count } betalsätt. Betalningslänkar kan skickas för { $min }–{ $max } kr.
resurs-setup-right-no-methods = store_id stämmer, men butiken har inga betalsätt för privatpersoner: inga betalningslänkar kan skickas.

## src/payments/klarna/connect.rs: choosing the Klarna store
klarna-no-sandbox-answers = Ingen Klarna-sandlåda svarar på { $url }
klarna-store-unknown = Klarna-butiken "{ $store }" finns inte i [klarna]; butikerna är: { $stores }
klarna-line-folded = Rad { $line } ({ $description }, { $quantity }) går till Klarna som 1 st till radens belopp – Klarna tar bara hela antal
