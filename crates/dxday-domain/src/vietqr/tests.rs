use super::*;

/// Payloads published with their content, and where from.
/// (payload, BIN, account, amount, purpose as typed)
type Published = (
    &'static str,
    &'static str,
    &'static str,
    Option<u64>,
    Option<&'static str>,
);
const PUBLISHED: [Published; 3] = [
    // The subiz/vietqr Go library's README: 120.000 đ to VietinBank (970415)
    // account 0011001932418, "ủng hộ lũ lụt".
    (
        "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C",
        "970415",
        "0011001932418",
        Some(120_000),
        Some("ung ho lu lut"),
    ),
    // subiz/vietqr's tests: a static code for TPBank (970423) account 0099999999.
    (
        "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4",
        "970423",
        "0099999999",
        None,
        None,
    ),
    // subiz/vietqr's tests: 40.123 đ to MB (970422) account 0023457923442,
    // "chuyển khoản".
    (
        "00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA53037045405401235802VN62160812chuyen khoan6304722F",
        "970422",
        "0023457923442",
        Some(40_123),
        Some("chuyển khoản"),
    ),
];

fn code(
    bin: &str,
    account: &str,
    service: Service,
    amount: Option<u64>,
    bill_number: Option<&str>,
    purpose: Option<&str>,
) -> VietQr {
    VietQr {
        bin: bin.into(),
        account: account.into(),
        service,
        amount,
        purpose: purpose.map(str::to_string),
        bill_number: bill_number.map(str::to_string),
        merchant_name: None,
        merchant_city: None,
    }
}

/// Payloads printed in the NAPAS specification and issued by banks' payment
/// gateways, each with where it was printed. Each one parses to its fields and
/// the builder writes it back byte for byte.
fn printed() -> Vec<(&'static str, VietQr)> {
    use Service::{ToAccount, ToCard};
    vec![
        // NAPAS, VietQR specification, worked example of a dynamic code for a
        // transfer to an account (Sacombank 970403, 180 000 đ, bill NPS6869),
        // reproduced identically by the libraries that implement it (a PHP
        // VietQrCode builder's tests, the npm vietqr examples, a bank QR API's
        // documentation).
        (
            "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E",
            code(
                "970403",
                "0011012345678",
                ToAccount,
                Some(180_000),
                Some("NPS6869"),
                Some("thanh toan don hang"),
            ),
        ),
        // NAPAS, the same example for a transfer to a card (QRIBFTTC).
        (
            "00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC530370454061800005802VN62340107NPS68690819thanh toan don hang6304A203",
            code(
                "970403",
                "9704031101234567",
                ToCard,
                Some(180_000),
                Some("NPS6869"),
                Some("thanh toan don hang"),
            ),
        ),
        // KienlongBank (970452), KLBPay payment gateway: the response of
        // pay-staging.kienlongbank.co to a payment of 123 đ on 08/12/2022 (a
        // virtual account), printed in the bank's Node.js SDK README
        // (@unicloudvn/kpay-nodejs-sdk).
        (
            "00020101021238610010A000000727013100069704520117103722120867470840208QRIBFTTA530370454031235802VN62220818TT Don hang 12345663046352",
            code(
                "970452",
                "10372212086747084",
                ToAccount,
                Some(123),
                None,
                Some("TT Don hang 123456"),
            ),
        ),
        // MB (970422) through payOS: three codes issued in June–July 2025 for
        // pay.payos.vn checkouts (7 000, 15 000 and 6 000 đ), kept in a public
        // project's MySQL dump. The account is an MB virtual account alias
        // (letters and digits), which the parser accepts as banks issue it.
        (
            "00020101021238570010A000000727012700069704220113VQRQADAIJ55120208QRIBFTTA5303704540470005802VN62120808TL89 1006304E346",
            code(
                "970422",
                "VQRQADAIJ5512",
                ToAccount,
                Some(7_000),
                None,
                Some("TL89 100"),
            ),
        ),
        (
            "00020101021238570010A000000727012700069704220113VQRQADHSO97440208QRIBFTTA53037045405150005802VN62130809TL116 1006304D4DB",
            code(
                "970422",
                "VQRQADHSO9744",
                ToAccount,
                Some(15_000),
                None,
                Some("TL116 100"),
            ),
        ),
        (
            "00020101021238570010A000000727012700069704220113VQRQADHBZ13190208QRIBFTTA5303704540460005802VN62110807TL99 50630410B8",
            code(
                "970422",
                "VQRQADHBZ1319",
                ToAccount,
                Some(6_000),
                None,
                Some("TL99 50"),
            ),
        ),
    ]
}

#[test]
fn payloads_printed_by_napas_and_banks_are_read_and_written_exactly() {
    for (payload, fields) in printed() {
        assert_eq!(parse(payload).as_ref(), Ok(&fields), "{payload}");
        assert_eq!(fields.payload(), payload);
    }
    // The bill number is in the JSON the CLI prints.
    let json = serde_json::to_value(parse(printed()[0].0).expect("parses")).expect("json");
    assert_eq!(json["bill_number"], "NPS6869");
    assert_eq!(json["service"], "QRIBFTTA");
    // A repeated sub-tag of 62 is named with its place.
    let mut p = "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA5303704540618000058\
02VN62220107NPS68690107NPS68706304"
        .to_string();
    p.push_str(&format!("{:04X}", crc16(p.as_bytes())));
    let at = p.find("0107NPS6870").expect("second bill");
    assert_eq!(
        parse(&p),
        Err(ParseError::Repeated {
            tag: "62.01".into(),
            at
        })
    );
}

#[test]
fn the_crc_is_ccitt_false() {
    assert_eq!(crc16(b"123456789"), 0x29B1);
}

#[test]
fn published_payloads_are_built_and_parsed_exactly() {
    for (payload, bin, account, amount, purpose) in PUBLISHED {
        let built = VietQr::new(bin, account, amount, purpose, None).expect("valid");
        assert_eq!(built.payload(), payload);
        let parsed = parse(payload).expect(payload);
        assert_eq!(parsed, built);
    }
}

#[test]
fn a_payload_round_trips_with_every_field() {
    let q = VietQr::new(
        "970436",
        "1012345678",
        Some(35_000),
        Some("Bún chả Hàng Kênh, bàn 4"),
        Some("Quán Bún chả Bà Lan"),
    )
    .expect("valid");
    assert_eq!(q.purpose.as_deref(), Some("Bun cha Hang Kenh, ban 4"));
    let p = q.payload();
    assert!(p.starts_with("000201010212"));
    assert!(p.contains("5303704540535000"));
    assert_eq!(parse(&p).expect("parses"), q);
}

#[test]
fn bad_fields_make_no_code() {
    assert_eq!(
        VietQr::new("97042", "0011001932418", None, None, None),
        Err(BuildError::Bin("97042".into()))
    );
    assert_eq!(
        VietQr::new("970415", "00110A1932418", None, None, None),
        Err(BuildError::Account("00110A1932418".into()))
    );
    assert_eq!(
        VietQr::new("970415", "0011001932418", Some(0), None, None),
        Err(BuildError::Amount)
    );
    assert_eq!(
        VietQr::new("970415", "0011001932418", None, Some(&"x".repeat(26)), None),
        Err(BuildError::TooLong("purpose", 25))
    );
}

#[test]
fn the_parser_names_the_broken_field_and_where() {
    let good = PUBLISHED[0].0;
    // A wrong CRC.
    let wrong = format!("{}C15D", &good[..good.len() - 4]);
    assert_eq!(
        parse(&wrong),
        Err(ParseError::Crc {
            at: good.len() - 8,
            found: "C15D".into(),
            computed: "C15C".into()
        })
    );
    // Truncated in the middle of tag 62.
    let e = parse(&good[..good.len() - 20]).expect_err("truncated");
    let at62 = good.find("62170813").expect("tag 62");
    assert!(
        matches!(e, ParseError::Truncated { at, .. } if at == at62),
        "{e}"
    );
    assert!(e.to_string().contains("tag 62"), "{e}");
    // An unknown root tag, with a right CRC.
    let body = "00020101021127040000";
    let mut p = format!("{body}6304");
    p.push_str(&format!("{:04X}", crc16(p.as_bytes())));
    assert_eq!(
        parse(&p),
        Err(ParseError::UnknownTag {
            tag: "27".into(),
            at: 12
        })
    );
    // A BIN of five digits, with a right CRC.
    let q = VietQr {
        bin: "97041".into(),
        ..parse(good).expect("good")
    };
    let p = q.payload();
    let e = parse(&p).expect_err("bad BIN");
    let at_bin = p.find("000597041").expect("the BIN");
    assert!(
        matches!(&e, ParseError::BadValue { tag, at, .. } if tag == "38.01.00" && *at == at_bin),
        "{e}"
    );
    // A length that is not a number.
    assert_eq!(
        parse("000201010x12"),
        Err(ParseError::BadLength {
            tag: "01".into(),
            at: 6,
            length: "0x".into()
        })
    );
}
