//! Sex / gender values: `Nam/Nữ`, `NAM/NU`, `M/F`, `Male/Female`, `1/0` ...

/// A person's sex as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Nam.
    Male,
    /// Nữ.
    Female,
}

impl Sex {
    /// Lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

/// Extra sex values from the config (`[gender] male = ["1"], female = ["2"]`),
/// which take precedence over the usual spellings.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenderMap {
    /// Values meaning male.
    #[serde(default)]
    pub male: Vec<String>,
    /// Values meaning female.
    #[serde(default)]
    pub female: Vec<String>,
}

impl GenderMap {
    /// Parses a value: the configured values first, then [`parse_sex`].
    pub fn parse(&self, raw: &str) -> Option<Sex> {
        if self.male.is_empty() && self.female.is_empty() {
            return parse_sex(raw);
        }
        let key = fold_value(raw);
        if self.male.iter().any(|v| fold_value(v) == key) {
            return Some(Sex::Male);
        }
        if self.female.iter().any(|v| fold_value(v) == key) {
            return Some(Sex::Female);
        }
        parse_sex(raw)
    }
}

fn fold_value(raw: &str) -> String {
    super::text::fold(&super::text::nfc_clean(raw.trim()))
}

/// Parses a sex value with the usual Vietnamese and English spellings.
/// `1` is male and `0` female (the most common coding in Vietnamese
/// exports); a config mapping overrides this. Unknown values give `None`.
pub fn parse_sex(raw: &str) -> Option<Sex> {
    match fold_value(raw).as_str() {
        "NAM" | "M" | "MALE" | "1" | "TRAI" | "NAM GIOI" => Some(Sex::Male),
        "NU" | "F" | "FEMALE" | "0" | "GAI" | "NU GIOI" => Some(Sex::Female),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_spellings() {
        for s in ["Nam", "NAM", "nam", "M", "Male", "1"] {
            assert_eq!(parse_sex(s), Some(Sex::Male), "{s}");
        }
        for s in ["Nữ", "NỮ", "NU", "nữ", "F", "Female", "0"] {
            assert_eq!(parse_sex(s), Some(Sex::Female), "{s}");
        }
        assert_eq!(parse_sex(""), None);
        assert_eq!(parse_sex("khác"), None);
    }

    #[test]
    fn configured_values_win() {
        let map = GenderMap { male: vec!["1".into()], female: vec!["2".into(), "Gái".into()] };
        assert_eq!(map.parse("2"), Some(Sex::Female));
        assert_eq!(map.parse("GAI"), Some(Sex::Female));
        assert_eq!(map.parse("Nam"), Some(Sex::Male), "usual spellings still work");
        assert_eq!(GenderMap::default().parse("0"), Some(Sex::Female));
    }
}
