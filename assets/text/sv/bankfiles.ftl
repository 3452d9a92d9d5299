# bankfiles: svenska

## src/bankfiles/error.rs: var i en bankfil felet finns
bankfile-at-file = Bankfilen kan inte läsas: { $problem }
bankfile-at-record = rad { $line } (TK{ $record }): { $problem }
bankfile-at-element = rad { $line }, kolumn { $column }: { $problem }

## vad som är fel
bankfile-empty = filen är tom
bankfile-unknown-format = filen är varken BgMax (ska börja med 01BGMAX) eller camt.054 (XML)
bankfile-record-length = posten har { $found } tecken, ska ha 80
bankfile-unknown-record = okänd posttyp
bankfile-no-start = filen ska börja med en startpost (TK01)
bankfile-out-of-place = posten får inte komma efter TK{ $after }
bankfile-after-end = posten står efter slutposten (TK70)
bankfile-no-end = filen tar slut utan slutpost (TK70)
bankfile-not-a-number = { $field } "{ $value }" är inte ett tal
bankfile-invalid-value = { $field } "{ $value }" är inte tillåtet
bankfile-invalid-date = { $field } "{ $value }" är inget giltigt datum
bankfile-invalid-bankgiro = bankgironumret "{ $value }" har fel kontrollsiffra
bankfile-count-mismatch = { $field } anges till { $stated } men filen har { $counted }
bankfile-sum-mismatch = beloppet { $stated } stämmer inte med summan av betalningarna, { $counted }
bankfile-currency = valutan "{ $value }" tas inte emot, bara SEK
bankfile-not-utf8 = filen är inte UTF-8
bankfile-xml = XML-filen är trasig: { $detail }
bankfile-not-camt054 = dokumentet är inte camt.054.001.02 eller camt.054.001.08 ({ $found })
bankfile-missing-element = { $path } saknas
bankfile-missing-attribute = { $path } saknar { $attribute }
bankfile-not-an-amount = { $path } "{ $value }" är inget belopp (siffror med högst två decimaler)
bankfile-not-a-date = { $path } "{ $value }" är inget giltigt datum
bankfile-not-an-indicator = { $path } "{ $value }" ska vara CRDT eller DBIT
bankfile-not-booked = { $path } "{ $value }": bara bokförda poster (BOOK) tas emot
bankfile-repeated = { $path } förekommer mer än en gång

## fälten i en BgMax-post
bankfile-field-layout = layoutnamnet
bankfile-field-version = versionen
bankfile-field-timestamp = tidsstämpeln
bankfile-field-test-mark = testmarkeringen
bankfile-field-bankgiro = bankgironumret
bankfile-field-plusgiro = plusgironumret
bankfile-field-currency = valutan
bankfile-field-amount = belopp
bankfile-field-reference-code = referenskoden
bankfile-field-channel = betalningskanalen
bankfile-field-serial = löpnumret
bankfile-field-image-mark = avibildmarkeringen
bankfile-field-deduction-code = avdragskoden
bankfile-field-date = betalningsdagen
bankfile-field-count = antalet betalningar
bankfile-field-payment-count = antalet betalningsposter (TK20)
bankfile-field-deduction-count = antalet avdragsposter (TK21)
bankfile-field-reference-count = antalet extra referensposter (TK22/TK23)
bankfile-field-deposit-count = antalet insättningsposter (TK15)
bankfile-field-reference = OCR-referensen
