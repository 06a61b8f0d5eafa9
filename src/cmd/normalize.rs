//! `doisoat normalize`: shows how doisoat reads single values, so a clerk or
//! analyst can check a doubtful name, ID or date without running a job.

use serde_json::{json, Value};

use crate::classify::flags;
use crate::cli::{DateOrderArg, Field, NormalizeArgs};
use crate::error::Result;
use crate::normalize::{
    cccd_structure, normalize_id, normalize_name, parse_date, parse_sex, province, DateOrder, IdKind,
    IdScheme,
};

/// Runs `doisoat normalize`.
pub fn run(args: NormalizeArgs) -> Result<()> {
    let scheme = if args.generic_ids { IdScheme::Generic } else { IdScheme::Vn };
    let order = match args.date_order {
        DateOrderArg::Dmy => DateOrder::Dmy,
        DateOrderArg::Mdy => DateOrder::Mdy,
        DateOrderArg::Ymd => DateOrder::Ymd,
    };
    let mut out = String::new();
    for value in &args.values {
        let v = describe(args.field, value, scheme, order);
        if args.json {
            out.push_str(&v.to_string());
        } else {
            out.push_str(&as_text(&v));
        }
        out.push('\n');
    }
    super::write_stdout(&out)
}

/// The JSON description of one value.
pub fn describe(field: Field, value: &str, scheme: IdScheme, order: DateOrder) -> Value {
    match field {
        Field::Name => {
            let n = normalize_name(value);
            let parts = n.parts();
            json!({
                "field": "name", "input": value, "canonical": n.canonical, "folded": n.folded,
                "surname": parts.as_ref().map(|p| p.surname),
                "middle": parts.as_ref().map(|p| p.middle),
                "given": parts.as_ref().map(|p| p.given),
                "flags": flags::codes(flags::name_reasons(&n), flags::name_notes(&n)),
            })
        }
        Field::Id => {
            let id = normalize_id(value, scheme);
            let structure = (scheme == IdScheme::Vn).then(|| cccd_structure(&id, None, None));
            let kind = match id.kind {
                IdKind::Missing => "invalid",
                k => k.as_str(),
            };
            let mut v = json!({
                "field": "id", "input": value,
                "normalized": (!id.value.is_empty() && id.kind != IdKind::Invalid).then_some(&id.value),
                "kind": kind, "flags": flags::codes(flags::id_reasons(&id, structure), vec![]),
            });
            if id.kind == IdKind::Cccd && scheme == IdScheme::Vn {
                v["decoded"] = decode_cccd(&id.value);
            }
            v
        }
        Field::Dob => {
            let read = parse_date(value, order);
            let flags = flags::codes(flags::dob_reasons(&read, true), flags::dob_notes(&read));
            let (normalized, precision) = match &read {
                Ok((d, _)) => (Some(d.iso()), Some(d.precision().as_str())),
                Err(_) => (None, None),
            };
            json!({"field": "dob", "input": value, "normalized": normalized, "precision": precision, "flags": flags})
        }
        Field::Gender => {
            let sex = parse_sex(value);
            let flags: Vec<&str> = if sex.is_none() { vec!["GENDER_UNKNOWN"] } else { vec![] };
            json!({"field": "gender", "input": value, "normalized": sex.map(|s| s.as_str()), "flags": flags})
        }
        Field::Province => match province::parse_province(value) {
            Some(p) => json!({
                "field": "province", "input": value, "normalized": format!("{:03}", p.code), "name": p.name,
                "merged_into": p.merged_into, "new_code": format!("{:02}", p.new_code), "flags": [],
            }),
            None => {
                json!({"field": "province", "input": value, "normalized": null, "flags": ["PROVINCE_UNKNOWN"]})
            }
        },
    }
}

/// What a CCCD's digits say: birth-registration place, sex, birth year.
fn decode_cccd(value: &str) -> Value {
    let code: u16 = value[0..3].parse().unwrap_or(0);
    let g = u32::from(value.as_bytes()[3] - b'0');
    let year = 1900 + 100 * (g / 2) + value[4..6].parse::<u32>().unwrap_or(0);
    let place = province::by_code(code).map(|p| p.name);
    json!({
        "place_code": format!("{code:03}"),
        "place": place.or((101..=295).contains(&code).then_some("abroad")),
        "sex": if g % 2 == 0 { "male" } else { "female" },
        "birth_year": year,
    })
}

/// One line for a person: `input → normalised  [flags]`.
fn as_text(v: &Value) -> String {
    let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("");
    let shown = match s("field") {
        "name" => format!("{}  /  {}", s("canonical"), s("folded")),
        "id" => format!("{} ({})", s("normalized"), s("kind")),
        "dob" => format!("{} ({})", s("normalized"), s("precision")),
        "province" => format!("{} {}", s("normalized"), s("name")),
        _ => s("normalized").to_string(),
    };
    let flags: Vec<&str> =
        v["flags"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let flags = if flags.is_empty() { String::new() } else { format!("  [{}]", flags.join(", ")) };
    format!("{} -> {shown}{flags}", s("input"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn done_when_examples_of_issue_3() {
        let a = describe(Field::Name, "Nguyễn Văn Hoà", IdScheme::Vn, DateOrder::Dmy);
        let b = describe(Field::Name, "NGUYEN VAN HOA", IdScheme::Vn, DateOrder::Dmy);
        let c = describe(Field::Name, "Nguyễn Văn Hòa", IdScheme::Vn, DateOrder::Dmy);
        assert_eq!(a["folded"], b["folded"]);
        assert_eq!(a["canonical"], c["canonical"]);
        let id = describe(Field::Id, "79123456789", IdScheme::Vn, DateOrder::Dmy);
        assert_eq!(id["normalized"], "079123456789");
        assert_eq!(id["flags"][0], "ID_LEADING_ZERO_RESTORED");
        let legacy = describe(Field::Name, "NguyÔn V¨n H¶i", IdScheme::Vn, DateOrder::Dmy);
        assert_eq!(legacy["canonical"], "NGUYỄN VĂN HẢI");
        let dob = describe(Field::Dob, "1950", IdScheme::Vn, DateOrder::Dmy);
        assert_eq!((dob["normalized"].as_str(), dob["precision"].as_str()), (Some("1950"), Some("year")));
    }

    #[test]
    fn cccd_is_decoded() {
        let v = describe(Field::Id, "037153000257", IdScheme::Vn, DateOrder::Dmy);
        assert_eq!(v["decoded"]["place"], "Ninh Bình");
        assert_eq!(v["decoded"]["birth_year"], 1953);
        assert_eq!(v["decoded"]["sex"], "female");
    }
}
