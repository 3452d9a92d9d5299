# bankfiles: English

## src/bankfiles/error.rs: where in a bank file the problem is
bankfile-at-file = The bank file cannot be read: { $problem }
bankfile-at-record = line { $line } (TK{ $record }): { $problem }
bankfile-at-element = line { $line }, column { $column }: { $problem }

## what is wrong
bankfile-empty = the file is empty
bankfile-unknown-format = the file is neither BgMax (which starts with 01BGMAX) nor camt.054 (XML)
bankfile-record-length = the record has { $found } characters, it must have 80
bankfile-unknown-record = unknown record type
bankfile-no-start = the file must start with a start record (TK01)
bankfile-out-of-place = the record may not follow TK{ $after }
bankfile-after-end = the record stands after the end record (TK70)
bankfile-no-end = the file ends without an end record (TK70)
bankfile-not-a-number = { $field } "{ $value }" is not a number
bankfile-invalid-value = { $field } "{ $value }" is not allowed
bankfile-invalid-date = { $field } "{ $value }" is not a valid date
bankfile-invalid-bankgiro = the bankgiro number "{ $value }" has a wrong check digit
bankfile-count-mismatch = { $field } is given as { $stated } but the file has { $counted }
bankfile-sum-mismatch = the amount { $stated } does not agree with the sum of the payments, { $counted }
bankfile-currency = the currency "{ $value }" is not accepted, only SEK
bankfile-not-utf8 = the file is not UTF-8
bankfile-xml = the XML is broken: { $detail }
bankfile-not-camt054 = the document is not camt.054.001.02 or camt.054.001.08 ({ $found })
bankfile-missing-element = { $path } is missing
bankfile-missing-attribute = { $path } has no { $attribute }
bankfile-not-an-amount = { $path } "{ $value }" is not an amount (digits with at most two decimals)
bankfile-not-a-date = { $path } "{ $value }" is not a valid date
bankfile-not-an-indicator = { $path } "{ $value }" must be CRDT or DBIT
bankfile-not-booked = { $path } "{ $value }": only booked entries (BOOK) are accepted
bankfile-repeated = { $path } occurs more than once

## the fields of a BgMax record
bankfile-field-layout = the layout name
bankfile-field-version = the version
bankfile-field-timestamp = the timestamp
bankfile-field-test-mark = the test mark
bankfile-field-bankgiro = the bankgiro number
bankfile-field-plusgiro = the plusgiro number
bankfile-field-currency = the currency
bankfile-field-amount = amount
bankfile-field-reference-code = the reference code
bankfile-field-channel = the payment channel
bankfile-field-serial = the serial number
bankfile-field-image-mark = the image mark
bankfile-field-deduction-code = the deduction code
bankfile-field-date = the payment date
bankfile-field-count = the number of payments
bankfile-field-payment-count = the number of payment records (TK20)
bankfile-field-deduction-count = the number of deduction records (TK21)
bankfile-field-reference-count = the number of extra reference records (TK22/TK23)
bankfile-field-deposit-count = the number of deposit records (TK15)
bankfile-field-reference = the OCR reference
