use super::*;

/// One data object: its tag, its value and where the object starts.
struct Object<'a> {
    tag: &'a str,
    value: &'a str,
    at: usize,
}

/// Splits `s` (starting at byte `base` of the payload) into data objects.
fn objects(s: &str, base: usize) -> Result<Vec<Object<'_>>, ParseError> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let at = base + i;
        if s.len() - i < 4 {
            return Err(ParseError::Truncated {
                at,
                what: format!("{:?} is too short for a tag and a length", &s[i..]),
            });
        }
        let tag = &s[i..i + 2];
        let length = &s[i + 2..i + 4];
        if !tag.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseError::UnknownTag {
                tag: tag.to_string(),
                at,
            });
        }
        let Some(n) = length
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| length.parse::<usize>().ok())
            .flatten()
        else {
            return Err(ParseError::BadLength {
                tag: tag.to_string(),
                at,
                length: length.to_string(),
            });
        };
        if s.len() - i - 4 < n {
            return Err(ParseError::Truncated {
                at,
                what: format!("tag {tag} says {n} characters, {} remain", s.len() - i - 4),
            });
        }
        out.push(Object {
            tag,
            value: &s[i + 4..i + 4 + n],
            at,
        });
        i += 4 + n;
    }
    Ok(out)
}

/// Root tags of the EMVCo merchant-presented code that a VietQR may carry.
fn known_root(tag: &str) -> bool {
    matches!(
        tag,
        "00" | "01"
            | "38"
            | "52"
            | "53"
            | "54"
            | "55"
            | "56"
            | "57"
            | "58"
            | "59"
            | "60"
            | "61"
            | "62"
            | "63"
            | "64"
    )
}

/// The first object of a template whose tag is not `known`, or that appears a second
/// time, named with the template's `prefix` (`62.`) and where it starts.
fn check_tags(
    objects: &[Object<'_>],
    prefix: &str,
    known: impl Fn(&str) -> bool,
) -> Result<(), ParseError> {
    for (i, o) in objects.iter().enumerate() {
        let tag = || format!("{prefix}{}", o.tag);
        if !known(o.tag) {
            return Err(ParseError::UnknownTag {
                tag: tag(),
                at: o.at,
            });
        }
        if objects[..i].iter().any(|p| p.tag == o.tag) {
            return Err(ParseError::Repeated {
                tag: tag(),
                at: o.at,
            });
        }
    }
    Ok(())
}

fn bad(tag: &str, name: &'static str, at: usize, problem: impl Into<String>) -> ParseError {
    ParseError::BadValue {
        tag: tag.to_string(),
        name,
        at,
        problem: problem.into(),
    }
}

/// Reads a VietQR payload: the CRC first, then every data object, naming the first
/// one that is wrong and where.
pub fn parse(payload: &str) -> Result<VietQr, ParseError> {
    if let Some(at) = payload.bytes().position(|b| !(0x20..0x7f).contains(&b)) {
        return Err(ParseError::NotAscii { at });
    }
    let all = objects(payload, 0)?;
    check_tags(&all, "", known_root)?;
    // The CRC: the last object, four hex digits over everything before them.
    let crc = all
        .last()
        .filter(|o| o.tag == "63")
        .ok_or(ParseError::Missing {
            tag: "63",
            name: "CRC",
        })?;
    if crc.value.len() != 4 || !crc.value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad("63", "CRC", crc.at, "four hex digits expected"));
    }
    let computed = format!("{:04X}", crc16(&payload.as_bytes()[..crc.at + 4]));
    if !crc.value.eq_ignore_ascii_case(&computed) {
        return Err(ParseError::Crc {
            at: crc.at,
            found: crc.value.to_string(),
            computed,
        });
    }
    let get = |tag: &'static str, name: &'static str| {
        all.iter()
            .find(|o| o.tag == tag)
            .ok_or(ParseError::Missing { tag, name })
    };
    let format = get("00", "payload format indicator")?;
    if all[0].tag != "00" || format.value != "01" {
        return Err(bad(
            "00",
            "payload format indicator",
            format.at,
            "must be first and \"01\"",
        ));
    }
    let initiation = all.iter().find(|o| o.tag == "01");
    let dynamic = match initiation.map(|o| o.value) {
        None | Some("11") => false,
        Some("12") => true,
        Some(v) => {
            return Err(bad(
                "01",
                "point of initiation",
                initiation.map_or(0, |o| o.at),
                format!("\"11\" or \"12\" expected, found {v:?}"),
            ));
        }
    };
    let currency = get("53", "currency")?;
    if currency.value != "704" {
        return Err(bad(
            "53",
            "currency",
            currency.at,
            format!("\"704\" (VND) expected, found {:?}", currency.value),
        ));
    }
    let country = get("58", "country")?;
    if country.value != "VN" {
        return Err(bad(
            "58",
            "country",
            country.at,
            format!("\"VN\" expected, found {:?}", country.value),
        ));
    }
    let amount = match all.iter().find(|o| o.tag == "54") {
        Some(o) => {
            let a: u64 = o
                .value
                .parse()
                .ok()
                .filter(|a| *a > 0 && o.value.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| {
                    bad(
                        "54",
                        "amount",
                        o.at,
                        format!("a whole number of đồng expected, found {:?}", o.value),
                    )
                })?;
            Some(a)
        }
        None => None,
    };
    if dynamic && amount.is_none() {
        return Err(ParseError::Missing {
            tag: "54",
            name: "amount (the code is dynamic, 01 = 12)",
        });
    }
    // Tag 38: NAPAS's account information.
    let merchant = get("38", "merchant account information")?;
    let inner = objects(merchant.value, merchant.at + 4)?;
    let sub = |tag: &'static str, name: &'static str| {
        inner
            .iter()
            .find(|o| o.tag == tag)
            .ok_or(ParseError::Missing { tag, name })
    };
    if let Some(o) = inner.iter().find(|o| !matches!(o.tag, "00" | "01" | "02")) {
        return Err(ParseError::UnknownTag {
            tag: format!("38.{}", o.tag),
            at: o.at,
        });
    }
    let guid = sub("00", "38.00 GUID")?;
    if guid.value != NAPAS_GUID {
        return Err(bad(
            "38.00",
            "GUID",
            guid.at,
            format!("{NAPAS_GUID:?} (NAPAS) expected, found {:?}", guid.value),
        ));
    }
    let beneficiary = sub("01", "38.01 beneficiary")?;
    let b = objects(beneficiary.value, beneficiary.at + 4)?;
    if let Some(o) = b.iter().find(|o| !matches!(o.tag, "00" | "01")) {
        return Err(ParseError::UnknownTag {
            tag: format!("38.01.{}", o.tag),
            at: o.at,
        });
    }
    let bin = b
        .iter()
        .find(|o| o.tag == "00")
        .ok_or(ParseError::Missing {
            tag: "38.01.00",
            name: "bank BIN",
        })?;
    check_bin(bin.value).map_err(|e| bad("38.01.00", "bank BIN", bin.at, e.to_string()))?;
    let account = b
        .iter()
        .find(|o| o.tag == "01")
        .ok_or(ParseError::Missing {
            tag: "38.01.01",
            name: "account number",
        })?;
    if account.value.is_empty()
        || account.value.len() > 19
        || !account.value.bytes().all(|c| c.is_ascii_alphanumeric())
    {
        return Err(bad(
            "38.01.01",
            "account number",
            account.at,
            format!(
                "1 to 19 letters or digits expected, found {:?}",
                account.value
            ),
        ));
    }
    let service = match sub("02", "38.02 service code")? {
        o if o.value == "QRIBFTTA" => Service::ToAccount,
        o if o.value == "QRIBFTTC" => Service::ToCard,
        o => {
            return Err(bad(
                "38.02",
                "service code",
                o.at,
                format!("\"QRIBFTTA\" or \"QRIBFTTC\" expected, found {:?}", o.value),
            ));
        }
    };
    // Tag 62: additional data; 01 is the bill number, 08 the purpose.
    let extra = match all.iter().find(|o| o.tag == "62") {
        Some(o) => {
            let extra = objects(o.value, o.at + 4)?;
            check_tags(&extra, "62.", |tag| {
                matches!(
                    tag,
                    "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09"
                )
            })?;
            extra
        }
        None => Vec::new(),
    };
    let extra_text = |tag: &str| {
        extra
            .iter()
            .find(|x| x.tag == tag)
            .map(|x| x.value.to_string())
    };
    let text = |tag: &str| {
        all.iter()
            .find(|o| o.tag == tag)
            .map(|o| o.value.to_string())
    };
    Ok(VietQr {
        bin: bin.value.to_string(),
        account: account.value.to_string(),
        service,
        amount,
        purpose: extra_text("08"),
        bill_number: extra_text("01"),
        merchant_name: text("59"),
        merchant_city: text("60"),
    })
}
