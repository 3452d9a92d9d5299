use chrono::NaiveDate;

use super::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn today() -> NaiveDate {
    date(2026, 11, 22)
}

fn pnr(s: &str) -> Result<Personnummer, IdError> {
    Personnummer::parse(s, today())
}

/// `payload` followed by its Luhn check digit.
fn with_check(payload: &str) -> String {
    let check = luhn_check_digit(payload).expect("digit payload");
    format!("{payload}{check}")
}

/// A 12-digit personnummer with dash: `century` + `payload` (YYMMDDNNN) + check digit,
/// the check digit computed over the 10-digit form as the standard requires.
fn with_century(century: &str, payload: &str) -> String {
    let ten = with_check(payload);
    format!("{century}{}-{}", &ten[..6], &ten[6..])
}

#[test]
fn luhn_worked_example() {
    assert_eq!(luhn_check_digit("640823323"), Some(4));
    assert!(luhn_valid("6408233234"));
    assert!(!luhn_valid("6408233235"));
}

#[test]
fn luhn_known_numbers() {
    assert!(luhn_valid("79927398713"));
    assert!(luhn_valid("4111111111111111"));
    assert!(luhn_valid("1234567897"));
    assert!(luhn_valid("5560160680"));
    assert!(luhn_valid("00"));
    assert!(!luhn_valid("79927398710"));
    assert!(!luhn_valid("1234567898"));
}

#[test]
fn luhn_rejects_non_digits_and_short_input() {
    assert_eq!(luhn_check_digit(""), None);
    assert_eq!(luhn_check_digit("12a"), None);
    assert_eq!(luhn_check_digit("１２"), None); // full-width digits
    assert_eq!(luhn_check_digit("0"), Some(0));
    assert_eq!(luhn_check_digit("9"), Some(1)); // 18 → 1+8 = 9
    assert!(!luhn_valid(""));
    assert!(!luhn_valid("0"));
    assert!(!luhn_valid("6408233234 "));
    assert!(!luhn_valid("640823-3234"));
}

#[test]
fn personnummer_all_forms_agree() {
    for s in [
        "640823-3234",
        "6408233234",
        "196408233234",
        "19640823-3234",
        "  640823-3234\t",
    ] {
        let p = pnr(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(p.canonical(), "19640823-3234", "{s}");
        assert_eq!(p.to_string(), "19640823-3234");
        assert_eq!(p.birth_date(), date(1964, 8, 23));
        assert!(!p.is_coordination());
    }
    assert_eq!(pnr("640823+3234").unwrap().canonical(), "18640823-3234");
}

#[test]
fn personnummer_century_from_separator() {
    let hundred_plus = pnr("121212+1212").unwrap();
    assert_eq!(hundred_plus.birth_date(), date(1912, 12, 12));
    assert_eq!(hundred_plus.canonical(), "19121212-1212");
    let young = pnr("121212-1212").unwrap();
    assert_eq!(young.birth_date(), date(2012, 12, 12));
    assert_eq!(pnr("1212121212").unwrap(), young);
}

/// A person over 100 in the 12-digit form with `+` (seen refused): the written century
/// wins, the `+` is accepted and the number is the same as with `-`.
#[test]
fn personnummer_twelve_digits_with_plus() {
    let p = pnr("19090527+1474").unwrap();
    assert_eq!(p.birth_date(), date(1909, 5, 27));
    assert_eq!(p.canonical(), "19090527-1474");
    assert_eq!(pnr("19090527-1474").unwrap(), p);
    assert_eq!(pnr("090527+1474").unwrap(), p);
    assert_eq!(
        NationalId::parse("19090527+1474", today())
            .unwrap()
            .canonical(),
        "19090527-1474"
    );
    // The century given wins, also when `+` is written for someone under 100.
    let young = with_century("20", "090527147");
    let young_plus = young.replacen('-', "+", 1);
    let y = pnr(&young_plus).unwrap_or_else(|e| panic!("{young_plus}: {e}"));
    assert_eq!(y.birth_date(), date(2009, 5, 27));
    // The rest of the rules still apply.
    assert_eq!(
        pnr("19090527+1475"),
        Err(IdError::PersonnummerChecksum("19090527+1475".into()))
    );
    let s = "20270101+1231";
    assert!(pnr(s).is_err());
    assert_eq!(
        pnr("1909052+71474"),
        Err(IdError::PersonnummerFormat("1909052+71474".into()))
    );
}

#[test]
fn bankgiro_and_plusgiro_have_a_luhn_check_digit() {
    // 123-4566: Luhn over 123456 gives 6.
    assert_eq!(Bankgiro::parse("123-4566").unwrap().canonical(), "123-4566");
    assert_eq!(
        Bankgiro::parse(" 1234566 ").unwrap().canonical(),
        "123-4566"
    );
    assert_eq!(
        Bankgiro::parse("5050-1055").unwrap().canonical(),
        "5050-1055"
    );
    assert_eq!(
        Bankgiro::parse("50501055").unwrap().canonical(),
        "5050-1055"
    );
    assert_eq!(
        Bankgiro::parse("123-4567"),
        Err(IdError::BankgiroChecksum("123-4567".into()))
    );
    for bad in [
        "",
        "12-3456",
        "12345-678",
        "123456",
        "123456789",
        "123-456a",
        "1234-56789",
    ] {
        assert_eq!(
            Bankgiro::parse(bad),
            Err(IdError::BankgiroFormat(bad.into())),
            "{bad:?}"
        );
    }
    // 4711-8: Luhn over 4711 gives 8.
    assert_eq!(Plusgiro::parse("4711-8").unwrap().canonical(), "4711-8");
    assert_eq!(Plusgiro::parse("47118").unwrap().canonical(), "4711-8");
    assert_eq!(Plusgiro::parse("18").unwrap().canonical(), "1-8");
    let eight = format!("1234567{}", luhn_check_digit("1234567").unwrap());
    assert!(Plusgiro::parse(&eight).is_ok());
    assert_eq!(
        Plusgiro::parse("4711-3"),
        Err(IdError::PlusgiroChecksum("4711-3".into()))
    );
    for bad in ["", "1", "123456789-0", "47-11-2", "4711-83", "abc-1"] {
        assert_eq!(
            Plusgiro::parse(bad),
            Err(IdError::PlusgiroFormat(bad.into())),
            "{bad:?}"
        );
    }
}

#[test]
fn personnummer_century_boundary_is_today() {
    // Born today: this century. Born tomorrow's date: last century.
    let born_today = with_check("261122123");
    assert_eq!(pnr(&born_today).unwrap().birth_date(), date(2026, 11, 22));
    let tomorrow = with_check("261123123");
    assert_eq!(pnr(&tomorrow).unwrap().birth_date(), date(1926, 11, 23));
}

#[test]
fn personnummer_leap_day_depends_on_century() {
    let leap = with_check("000229123");
    assert_eq!(pnr(&leap).unwrap().birth_date(), date(2000, 2, 29));
    let plus = format!("{}+{}", &leap[..6], &leap[6..]);
    assert_eq!(pnr(&plus), Err(IdError::PersonnummerDate(plus.clone())));
}

#[test]
fn personnummer_future_rejected() {
    let s = with_century("20", "270101123");
    assert_eq!(pnr(&s), Err(IdError::PersonnummerFuture(s.clone())));
    let s = with_century("20", "261123123");
    assert_eq!(pnr(&s), Err(IdError::PersonnummerFuture(s.clone())));
    assert!(pnr(&with_century("20", "261122123")).is_ok());
}

#[test]
fn personnummer_serial_000_rejected() {
    let s = with_check("640823000");
    assert_eq!(pnr(&s), Err(IdError::PersonnummerSerial(s.clone())));
}

#[test]
fn personnummer_invalid_date_rejected() {
    let s = with_century("19", "900230123");
    assert_eq!(pnr(&s), Err(IdError::PersonnummerDate(s.clone())));
    for payload in [
        "901301123",
        "900100123",
        "900132123",
        "900160123",
        "900192123",
    ] {
        let s = with_check(payload);
        assert_eq!(pnr(&s), Err(IdError::PersonnummerDate(s.clone())), "{s}");
    }
}

#[test]
fn personnummer_checksum_and_format_errors() {
    assert_eq!(
        pnr("640823-3235"),
        Err(IdError::PersonnummerChecksum("640823-3235".into()))
    );
    for s in ["", "640823-323", "640823_3234", "6408-233234", "abc"] {
        assert_eq!(pnr(s), Err(IdError::PersonnummerFormat(s.into())), "{s:?}");
    }
}

#[test]
fn samordningsnummer() {
    // Worked by hand: payload 701063234, weights 2,1,2,… from the right:
    // 8+3+4+3+(12→3)+0+2+0+(14→5) = 28, check digit 2.
    let literal = pnr("701063-2342").unwrap();
    assert!(literal.is_coordination());
    assert_eq!(literal.birth_date(), date(1970, 10, 3));
    assert_eq!(literal.canonical(), "19701063-2342");

    let computed = with_check("701063555");
    let p = pnr(&computed).unwrap();
    assert!(p.is_coordination());
    assert_eq!(p.birth_date(), date(1970, 10, 3));
    assert_eq!(
        p.canonical(),
        format!("19{}-{}", &computed[..6], &computed[6..])
    );
    assert_eq!(pnr(&p.canonical()).unwrap(), p);

    // Day 60 + 31 in a 30-day month does not exist.
    let bad = with_check("700991123");
    assert_eq!(pnr(&bad), Err(IdError::PersonnummerDate(bad.clone())));
}

#[test]
fn orgnr() {
    let ericsson = Orgnr::parse("556016-0680").unwrap();
    assert_eq!(ericsson.canonical(), "556016-0680");
    assert_eq!(ericsson.to_string(), "556016-0680");
    assert_eq!(ericsson.vat_number(), "SE556016068001");
    for s in [
        "5560160680",
        "165560160680",
        "16556016-0680",
        " 556016-0680 ",
    ] {
        assert_eq!(Orgnr::parse(s), Ok(ericsson.clone()), "{s}");
    }
    assert_eq!(
        Orgnr::parse("556016-0681"),
        Err(IdError::OrgnrChecksum("556016-0681".into()))
    );
    // Digits 3–4 below 20 look like a personnummer.
    assert_eq!(
        Orgnr::parse("640823-3234"),
        Err(IdError::OrgnrFormat("640823-3234".into()))
    );
    for s in [
        "",
        "556016-068",
        "175560160680",
        "55601606800",
        "556016+0680",
    ] {
        assert_eq!(
            Orgnr::parse(s),
            Err(IdError::OrgnrFormat(s.into())),
            "{s:?}"
        );
    }
}

#[test]
fn national_id_decides_by_shape() {
    let org = NationalId::parse("556016-0680", today()).unwrap();
    assert!(matches!(org, NationalId::Org(_)));
    assert_eq!(org.canonical(), "556016-0680");
    assert!(matches!(
        NationalId::parse("165560160680", today()),
        Ok(NationalId::Org(_))
    ));

    let person = NationalId::parse("640823-3234", today()).unwrap();
    assert!(matches!(person, NationalId::Person(_)));
    assert_eq!(person.to_string(), "19640823-3234");
    assert!(matches!(
        NationalId::parse("701063-2342", today()),
        Ok(NationalId::Person(p)) if p.is_coordination()
    ));

    assert_eq!(
        NationalId::parse("556016-0681", today()),
        Err(IdError::OrgnrChecksum("556016-0681".into()))
    );
    assert_eq!(
        NationalId::parse("640823-3235", today()),
        Err(IdError::PersonnummerChecksum("640823-3235".into()))
    );
    assert_eq!(
        NationalId::parse("hej", today()),
        Err(IdError::NationalIdFormat("hej".into()))
    );
}

#[test]
fn mobile_normalisation() {
    for s in [
        "070-123 45 67",
        "0701234567",
        "+46701234567",
        "0046701234567",
        "46701234567",
        "+46 (0)70 123 45 67",
        "+46 70-123.45.67",
        "(070) 123 45 67",
    ] {
        let m = Mobile::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(m.as_str(), "+46701234567", "{s}");
        assert!(m.is_swedish());
        assert_eq!(m.display(), "070-123 45 67");
        assert_eq!(m.to_string(), "+46701234567");
    }
    for prefix in ["072", "073", "076", "079"] {
        assert!(
            Mobile::parse(&format!("{prefix}1234567")).is_ok(),
            "{prefix}"
        );
    }
}

#[test]
fn mobile_rejects_swedish_non_mobiles() {
    for s in [
        "08-123 45 67",
        "071-123 45 67",
        "074-123 45 67",
        "070-123 45 6",
        "070-123 45 678",
    ] {
        assert_eq!(
            Mobile::parse(s),
            Err(IdError::NotSwedishMobile(s.into())),
            "{s}"
        );
    }
}

#[test]
fn mobile_international() {
    let norway: Mobile = "+4712345678".parse().unwrap();
    assert_eq!(norway.as_str(), "+4712345678");
    assert!(!norway.is_swedish());
    assert_eq!(norway.display(), "+4712345678");
    assert_eq!(Mobile::parse("0047 123 45 678"), Ok(norway));
    assert_eq!(
        Mobile::parse("+44 (0)20 7946 0958").unwrap().as_str(),
        "+442079460958"
    );
    assert!(Mobile::parse("+1234567").is_err()); // 7 digits: too short
    assert!(Mobile::parse("+1234567890123456").is_err()); // 16 digits: too long
    assert!(Mobile::parse("+0123456789").is_err());
}

#[test]
fn mobile_rejects_garbage() {
    for s in [
        "12345",
        "abc",
        "",
        "+",
        "00",
        "070-ABC 45 67",
        "+46 70 123 45 6x",
        "701234567",
    ] {
        assert_eq!(
            Mobile::parse(s),
            Err(IdError::MobileFormat(s.into())),
            "{s:?}"
        );
    }
}

#[test]
fn regnr() {
    assert_eq!(Regnr::parse("ABC123").unwrap().as_str(), "ABC123");
    let r: Regnr = " abc 12d ".parse().unwrap();
    assert_eq!(r.as_str(), "ABC12D");
    assert_eq!(r.to_string(), "ABC12D");
    assert_eq!(Regnr::parse("ABC-123").unwrap().as_str(), "ABC123");
    for s in [
        "AB123",
        "ABCD12",
        "IQV123",
        "AIC123",
        "ABC12O",
        "ABC12I",
        "ABC12Q",
        "ABC12V",
        "ÅÄÖ123",
        "ABÅ123",
        "ABC1234",
        "ABC1D3",
        "",
        "123ABC",
    ] {
        assert_eq!(
            Regnr::parse(s),
            Err(IdError::RegnrFormat(s.into())),
            "{s:?}"
        );
    }
    assert!(Regnr::parse("ABC123").unwrap() < Regnr::parse("ABD123").unwrap());
}

#[test]
fn messages_in_both_languages() {
    let errors = [
        pnr("abc").unwrap_err(),
        pnr(&with_century("19", "900230123")).unwrap_err(),
        pnr(&with_century("20", "270101123")).unwrap_err(),
        pnr(&with_check("640823000")).unwrap_err(),
        pnr("640823-3235").unwrap_err(),
        Orgnr::parse("x").unwrap_err(),
        Orgnr::parse("556016-0681").unwrap_err(),
        NationalId::parse("x", today()).unwrap_err(),
        Mobile::parse("abc").unwrap_err(),
        Mobile::parse("08-123 45 67").unwrap_err(),
        Bankgiro::parse("12-34").unwrap_err(),
        Bankgiro::parse("123-4567").unwrap_err(),
        Plusgiro::parse("1").unwrap_err(),
        Plusgiro::parse("4711-3").unwrap_err(),
        Regnr::parse("AB123").unwrap_err(),
    ];
    for (i, e) in errors.iter().enumerate() {
        // Every variant appears exactly once.
        assert!(
            errors[..i]
                .iter()
                .all(|o| std::mem::discriminant(o) != std::mem::discriminant(e)),
            "{e:?}"
        );
        let sv = e.message(Lang::Sv);
        let en = e.message(Lang::En);
        assert!(!sv.is_empty() && !en.is_empty());
        assert_ne!(sv, en);
        assert_eq!(sv, e.to_string());
        assert_eq!(e.message(Lang::default()), sv);
    }
    assert_eq!(
        pnr("640823-3235").unwrap_err().message(Lang::Sv),
        "Ogiltigt personnummer \"640823-3235\": kontrollsiffran stämmer inte"
    );
    assert_eq!(
        pnr("640823-3235").unwrap_err().message(Lang::En),
        "Invalid personal identity number \"640823-3235\": the check digit is wrong"
    );
    assert_eq!(
        Mobile::parse("08-123 45 67").unwrap_err().message(Lang::Sv),
        "\"08-123 45 67\" är inte ett svenskt mobilnummer (070, 072, 073, 076 eller 079)"
    );
    assert_eq!(
        Regnr::parse("AB123").unwrap_err().message(Lang::Sv),
        "Ogiltigt registreringsnummer \"AB123\": ange till exempel ABC123 eller ABC12D"
    );
}

#[test]
fn nasty_input_never_panics() {
    let long_digits = "1".repeat(10_000);
    let long_plus = format!("+{}", "4".repeat(500));
    let nasty = [
        "",
        " ",
        "+",
        "-",
        "00",
        "0",
        "(0)",
        "+(0)",
        "+46(0)",
        "0046",
        "+46",
        "16",
        "16-",
        "ÅÅÅ",
        "ÅÄÖ",
        "😀",
        "😀😀😀😀😀😀",
        "640823-323😀",
        "6408😀233234",
        "19640823-323é",
        "1964082😀-3234",
        "16556016-068é",
        "5560160680\u{301}",
        "ÅBC12",
        "ß12345",
        "ǅǅǅ12D",
        "\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}",
        "----------",
        "+++++++++++",
        "000000-0000",
        "999999-9999",
        "999999+9999",
        "99999999-9999",
        "00000000-0000",
        "000000000000",
        "1612345678901",
        "16+234567890",
        "0000000000000000000",
        "+460",
        "+46(0)(0)(0)",
        "١٢٣٤٥٦٧٨٩٠", // Arabic-Indic digits
        &long_digits,
        &long_plus,
    ];
    let todays = [today(), NaiveDate::MIN, NaiveDate::MAX, date(1, 1, 1)];
    for s in nasty {
        let _ = luhn_check_digit(s);
        let _ = luhn_valid(s);
        for today in todays {
            let _ = Personnummer::parse(s, today).map(|p| p.canonical());
            let _ = NationalId::parse(s, today).map(|id| id.canonical());
        }
        let _ = Orgnr::parse(s).map(|o| (o.canonical(), o.vat_number()));
        let _ = Mobile::parse(s).map(|m| m.display());
        let _ = Regnr::parse(s);
        if let Err(e) = Mobile::parse(s) {
            let _ = (e.message(Lang::Sv), e.message(Lang::En));
        }
    }
    // Valid numbers with extreme "today" values must not panic either.
    for today in todays {
        let _ = Personnummer::parse("640823-3234", today).map(|p| p.canonical());
        let _ = Personnummer::parse("121212+1212", today).map(|p| p.canonical());
    }
}
