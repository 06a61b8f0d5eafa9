//! Blocking rules (`[[block]]`): the parts of a key, each a field with a
//! transform, parsed and checked from the configuration's text.

/// A field a key part is taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The whole name (folded tokens).
    Name,
    /// The name's first token (the surname, Vietnamese order).
    Surname,
    /// The name's last token (the given name, Vietnamese order).
    Given,
    /// The tokens between the first and the last (the middle names), for a
    /// name of three words or more.
    Middle,
    /// The date of birth.
    Dob,
    /// The sex.
    Sex,
    /// The ID number.
    Id,
    /// An extra compared field (`[[compare]]` position).
    Extra(usize),
}

impl Field {
    /// A part of the name.
    pub fn is_name(self) -> bool {
        matches!(self, Field::Name | Field::Surname | Field::Given | Field::Middle)
    }
}

/// What is done to a field's value before it joins the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transform {
    /// The value as compared (names and extra fields folded; a date only when full).
    Exact,
    /// Vietnamese phonetic key of each word (d/gi/r/v, ch/tr, s/x, l/n … alike), any word order.
    Phonetic,
    /// The year of a date (any precision).
    Year,
    /// The month and day of a full date, any year (a year mistyped, or off by one).
    MonthDay,
    /// A full date with its day and month in either order (swapped by a
    /// reader that took one for the other).
    Unordered,
    /// The first N characters.
    First(usize),
    /// The digits only.
    Digits,
}

/// One part of a blocking key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// The field.
    pub field: Field,
    /// The transform.
    pub transform: Transform,
}

/// What a rule that skips large blocks adds to its text.
pub const SKIPPING_LARGE: &str = " (large blocks skipped)";

/// A blocking rule: the parts of its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The parts, in order.
    pub parts: Vec<Part>,
    /// A block of more than 16 persons (or the cap, when smaller) gives no
    /// candidate and is not reported as cut: the rule helps only where its
    /// key is rare (a name without a date finds a rare name whatever the
    /// date; a name sixteen persons share is no lead without one).
    pub skip_large: bool,
    /// As written in the configuration (for messages and `model.json`).
    pub text: String,
}

impl Rule {
    /// Parses a rule from its parts as written (`FIELD` or `FIELD:TRANSFORM`);
    /// `extras` are the base columns of the `[[compare]]` fields.
    pub fn parse(on: &[String], extras: &[String]) -> Result<Rule, String> {
        if on.is_empty() {
            return Err("on = [] names no field".into());
        }
        let parts = on.iter().map(|p| parse_part(p, extras)).collect::<Result<_, _>>()?;
        Ok(Rule { parts, skip_large: false, text: on.join(" + ") })
    }

    /// The rule, with blocks larger than the cap passed over (see [`Rule::skip_large`]).
    pub fn skipping_large(self) -> Rule {
        Rule { skip_large: true, text: format!("{}{SKIPPING_LARGE}", self.text), ..self }
    }

    /// The defaults: folded given name + full date (its day and month in
    /// either order), surname + full date (as written: a common surname's
    /// block would double, past the cap, at 10M persons),
    /// full date + sex + the CCCD's province digits, phonetic name + birth
    /// year, and for a row whose date is missing or wrong, surname + given
    /// name where few persons share them; for a row whose surname and
    /// given name are both noised, the date + the middle name's initial
    /// where few persons share them. A row takes the rules whose fields it has.
    pub fn defaults() -> Vec<Rule> {
        let rule = |on: &[&str]| {
            let on: Vec<String> = on.iter().map(|s| s.to_string()).collect();
            Rule::parse(&on, &[]).expect("the default rules parse")
        };
        vec![
            rule(&["name.given", "dob:unordered"]),
            rule(&["name.surname", "dob"]),
            rule(&["dob", "sex", "id:first:3"]),
            rule(&["name:phonetic", "dob:year"]),
            rule(&["name.surname", "name.given"]).skipping_large(),
            rule(&["dob:unordered", "name.middle:first:1"]).skipping_large(),
        ]
    }

    /// Added to the defaults for an export with names and no date of birth,
    /// whose rows the date's rules cannot search, once the model is learnt:
    /// the surname, and the given name, each with the middle name's
    /// initial, where few persons share them — a given name or a surname
    /// mistyped, a nickname or a placeholder, the other end found.
    pub fn name_parts() -> Vec<Rule> {
        let rule = |on: [&str; 2]| {
            let on: Vec<String> = on.iter().map(|s| s.to_string()).collect();
            Rule::parse(&on, &[]).expect("the name-part rules parse").skipping_large()
        };
        vec![rule(["name.surname", "name.middle:first:1"]), rule(["name.given", "name.middle:first:1"])]
    }
}

fn parse_part(text: &str, extras: &[String]) -> Result<Part, String> {
    let (name, transform) = match text.split_once(':') {
        Some((n, t)) => (n, t),
        None => (text, "exact"),
    };
    let field = match name {
        "name" => Field::Name,
        "name.surname" => Field::Surname,
        "name.given" => Field::Given,
        "name.middle" => Field::Middle,
        "dob" => Field::Dob,
        "sex" => Field::Sex,
        "id" => Field::Id,
        other => match extras.iter().position(|e| e == other) {
            Some(i) => Field::Extra(i),
            None => {
                return Err(format!(
                    "\"{text}\": no field \"{other}\"; use name, name.surname, name.middle, name.given, dob, sex, id, \
                     or the base column of a [[compare]] field"
                ))
            }
        },
    };
    let transform = match transform.split_once(':') {
        Some(("first", n)) => match n.parse::<usize>() {
            Ok(n) if n > 0 => Transform::First(n),
            _ => return Err(format!("\"{text}\": first:N needs a whole number N from 1")),
        },
        None if transform == "exact" || transform == "folded" => Transform::Exact,
        None if transform == "phonetic" => Transform::Phonetic,
        None if transform == "year" => Transform::Year,
        None if transform == "monthday" => Transform::MonthDay,
        None if transform == "unordered" => Transform::Unordered,
        None if transform == "digits" => Transform::Digits,
        _ => {
            return Err(format!(
                "\"{text}\": unknown transform \"{transform}\"; use exact, folded, phonetic, year, monthday, unordered, first:N or digits"
            ))
        }
    };
    let fits = match field {
        Field::Dob => {
            matches!(
                transform,
                Transform::Exact | Transform::Year | Transform::MonthDay | Transform::Unordered
            )
        }
        Field::Sex => transform == Transform::Exact,
        _ => !matches!(transform, Transform::Year | Transform::MonthDay | Transform::Unordered),
    };
    if !fits {
        return Err(format!(
            "\"{text}\": {transform:?} does not apply to {name} (dob takes exact, year, monthday or unordered, \
             sex exact, other fields anything but the date's)"
        ));
    }
    Ok(Part { field, transform })
}
