# domain: svenska

## Amounts, quantities and percentages typed by the user (domain/money.rs)
amount-not-a-number = "{ $input }" är inte ett tal
amount-too-many-decimals = "{ $input }" har fler än två decimaler
amount-negative = "{ $input }" får inte vara negativt
amount-not-positive = antalet måste vara större än noll ("{ $input }")
amount-too-large = "{ $input }" är för stort
amount-discount-range = rabatten måste vara mellan 0 och 100 % ("{ $input }")
amount-vat-rate = momssatsen { $input } % finns inte (25, 12, 6 eller 0)
