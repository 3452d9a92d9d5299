# domain: English

## Amounts, quantities and percentages typed by the user (domain/money.rs)
amount-not-a-number = "{ $input }" is not a number
amount-too-many-decimals = "{ $input }" has more than two decimals
amount-negative = "{ $input }" must not be negative
amount-not-positive = the quantity must be greater than zero ("{ $input }")
amount-too-large = "{ $input }" is too large
amount-discount-range = the discount must be between 0 and 100 % ("{ $input }")
amount-vat-rate = there is no VAT rate of { $input } % (25, 12, 6 or 0)
