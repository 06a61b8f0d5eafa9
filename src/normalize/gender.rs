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

/// Parses a sex value with the usual Vietnamese and English spellings.
/// `1` is male and `0` female (the most common coding in Vietnamese
/// exports); a config mapping overrides this. Unknown values give `None`.
pub fn parse_sex(raw: &str) -> Option<Sex> {
    let folded = super::text::fold(&super::text::nfc_clean(raw.trim()));
    match folded.as_str() {
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
}
