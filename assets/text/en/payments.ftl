# payments: English

## src/payments/mod.rs: how a provider call failed
provider-timeout = timed out
provider-no-connection = no connection
provider-connection-lost = the connection broke
provider-still-working = an earlier request is still in progress
provider-refused = { $provider } refused: { $message } ({ $code })
provider-unavailable = { $provider } is not answering: { $reason }
provider-auth = { $provider } did not accept the credentials: { $message }
provider-protocol = Unexpected answer from { $provider }: { $message }
provider-nothing-to-check = { $provider }: nothing to check

## src/payments/resurs/connect.rs: choosing the Resurs client
resurs-credentials-incomplete = The Resurs credentials are incomplete: client_id, client_secret and store_id are all needed
resurs-no-sandbox-answers = No Resurs sandbox answers at { $url }

## src/payments/resurs/setup.rs: `verkstad pay setup` for Resurs
resurs-setup-store-unknown = The store "{ $store }" (store_id) is not among the Resurs stores of these credentials. Stores: { $stores }. Set one of them as store_id in [resurs] or VERKSTAD_RESURS_STORE_ID.
resurs-setup-store-unknown-no-stores = The store "{ $store }" (store_id) is not among the Resurs stores of these credentials. Stores: none. Set one of them as store_id in [resurs] or VERKSTAD_RESURS_STORE_ID.
resurs-setup-sandbox = sandbox – no real money
resurs-setup-real-money = real money
resurs-setup-stores = Stores:
resurs-setup-chosen = ← store_id (chosen)
resurs-setup-methods-of = Payment methods of { $store }:
resurs-setup-for-both = persons and companies
resurs-setup-for-persons = persons
resurs-setup-for-companies = companies
resurs-setup-disabled = disabled
resurs-setup-right = store_id is right: the store exists and has { $count ->
        [one] { $count } payment method
       *[other] { $count } payment methods
    }. Payment links can be sent for { $min }–{ $max } kr.
resurs-setup-right-no-methods = store_id is right, but the store has no payment methods for private persons: no payment links can be sent.

## src/payments/klarna/connect.rs: choosing the Klarna store
klarna-no-sandbox-answers = No Klarna sandbox answers at { $url }
klarna-store-unknown = The Klarna store "{ $store }" is not in [klarna]; the stores are: { $stores }
klarna-line-folded = Line { $line } ({ $description }, { $quantity }) goes to Klarna as 1 unit at the line's amount – Klarna takes whole quantities only
