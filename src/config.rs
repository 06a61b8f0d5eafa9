//! The TOML configuration: column mapping now, thresholds and extra
//! comparisons as later stages need them. Every table rejects unknown keys,
//! so a typo is an error that names the key and the file, never a silently
//! ignored setting.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::index::blocking::Rule;
use crate::normalize::field::Method;
use crate::normalize::{DateOrder, GenderMap, IdScheme, NameOrder, Rules};
use crate::read::encoding::Encoding;
use crate::read::kind::KindChoice;

mod columns;
mod residence;
pub use crate::read::side::{SideColumns, SideFile};
pub use columns::{BaseColumns, InputColumns, Keep};
pub use residence::{AreaRule, ExamSection, Exception, SchoolRule};

/// The whole configuration file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// How ID values are read: `vn` (CCCD/CMND rules, default) or `generic`.
    #[serde(default)]
    pub id_scheme: IdScheme,
    /// Extra sex values for both files.
    #[serde(default)]
    pub gender: GenderMap,
    /// Extra placeholder values for both files (`[placeholders]`).
    #[serde(default)]
    pub placeholders: PlaceholderSection,
    /// Settings for the population base.
    #[serde(default)]
    pub base: BaseSection,
    /// Settings for the export being reconciled.
    #[serde(default)]
    pub input: InputSection,
    /// Extra fields to compare (`[[compare]]` tables).
    #[serde(default)]
    pub compare: Vec<CompareField>,
    /// How far matching may go (`[matching]`).
    #[serde(default)]
    pub matching: Matching,
    /// Candidate-search rules (`[[block]]` tables); none: the Vietnamese defaults.
    #[serde(default)]
    block: Vec<BlockSpec>,
    /// The `[[block]]` tables as rules, parsed once when the file is loaded.
    #[serde(skip)]
    rules: Vec<Rule>,
    /// The exam check (`[exam]`).
    #[serde(default)]
    pub exam: ExamSection,
    /// The base's residence history file (`[base_residence]`).
    #[serde(default)]
    pub base_residence: SideFile,
    /// The commune → priority-area list (`[priority_areas]`).
    #[serde(default)]
    pub priority_areas: SideFile,
    /// MOET's school list (`[schools]`).
    #[serde(default)]
    pub schools: SideFile,
    /// The register of communes (`[places]`).
    #[serde(default)]
    pub places: PlacesSection,
}

/// `[places]`: a register of communes in place of the one the binary
/// carries (`file`, in its format: see `normalize::register`; a relative
/// path is read from the configuration file's folder).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacesSection {
    /// The register file.
    pub file: Option<PathBuf>,
}

/// `[placeholders]`: values that stand for an unknown name or ID, beyond
/// the built-in lists (see `normalize::placeholder`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceholderSection {
    /// Name values (a whole name, or a whole name column).
    #[serde(default)]
    pub names: Vec<String>,
    /// ID values.
    #[serde(default)]
    pub ids: Vec<String>,
}

impl PlaceholderSection {
    /// The built-in lists with these added.
    pub fn lists(&self) -> crate::normalize::Placeholders {
        crate::normalize::Placeholders::new(&self.names, &self.ids)
    }
}

/// One `[[compare]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareField {
    /// The base column.
    pub base: String,
    /// The input column.
    pub input: String,
    /// How to compare.
    pub method: Method,
}

/// The most extra fields a configuration may name.
pub const MAX_FIELDS: usize = 32;

/// One `[[block]]` entry: candidates share the key made of these parts,
/// each `FIELD` or `FIELD:TRANSFORM` (see `index::blocking`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockSpec {
    /// The key's parts, e.g. `["name.surname:phonetic", "dob:year"]`.
    pub on: Vec<String>,
    /// A block larger than `block_cap` gives no candidates (and no `BLOCK_CAPPED`).
    #[serde(default)]
    pub skip_large: bool,
}

/// `[matching]`: how a row is linked, and the limits of matching.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Matching {
    /// A row links to its best candidate when the candidate's match
    /// probability is at least this.
    pub link_threshold: f64,
    /// ... and when its match weight beats the runner-up's by at least this
    /// many bits (log2 of the likelihood ratio); closer candidates are `AMBIGUOUS`.
    pub ambiguity_margin: f64,
    /// The share of input rows expected to have their person in the base
    /// (the model's prior); estimated from the input when not given.
    pub expected_match_share: Option<f64>,
    /// Link a row whose ID does not lead to its person by its other fields
    /// (`ID_CORRECTED`). When false, only an ID one digit away or the
    /// person's old CMND can correct an ID.
    pub link_without_id: bool,
    /// Candidates taken from one search block at the most (`BLOCK_CAPPED` beyond).
    pub block_cap: usize,
    /// Candidate IDs listed for an `AMBIGUOUS` row at the most.
    pub max_candidates: usize,
}

impl Default for Matching {
    fn default() -> Matching {
        Matching {
            link_threshold: 0.95,
            ambiguity_margin: 6.0,
            expected_match_share: None,
            link_without_id: true,
            block_cap: 200,
            max_candidates: 5,
        }
    }
}

/// `[base]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaseSection {
    /// The text encoding of a CSV base (detected when absent).
    pub encoding: Option<Encoding>,
    /// Order of day and month in ambiguous dates (`dmy`, `mdy`, `ymd`).
    #[serde(default)]
    pub date_order: DateOrder,
    /// Order of a name's words: `surname_first` (default) or `given_first`.
    #[serde(default)]
    pub name_order: NameOrder,
    /// `[base.columns]`.
    #[serde(default)]
    pub columns: BaseColumns,
}

/// `[input]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputSection {
    /// The text encoding of a CSV input (detected when absent; `--encoding` wins).
    pub encoding: Option<Encoding>,
    /// Order of day and month in ambiguous dates (`dmy`, `mdy`, `ymd`);
    /// when absent, day first unless the date column's values say month first.
    pub date_order: Option<DateOrder>,
    /// Order of a name's words: `surname_first` or `given_first`; when
    /// absent, surname first unless the names plainly are not (judged
    /// against the base's).
    pub name_order: Option<NameOrder>,
    /// The export's kind: `auto` (from the headers), `credit`, `exam`, `residence` (`--kind` wins).
    #[serde(default)]
    pub kind: KindChoice,
    /// Bytes a row of a text file (input or base) may take before it is
    /// `ROW_TOO_LONG` (default [`crate::read::DEFAULT_MAX_ROW_BYTES`]).
    pub max_row_bytes: Option<usize>,
    /// `[input.columns]`.
    #[serde(default)]
    pub columns: InputColumns,
}

impl InputSection {
    /// The input's text encoding: `given` on the command line (or recorded
    /// by the run) wins over the configuration's; `None`: detected.
    pub fn encoding_given(&self, given: Option<Encoding>) -> Option<Encoding> {
        given.or(self.encoding)
    }
}

impl Config {
    /// How the base's values are read.
    pub fn base_rules(&self) -> Rules {
        Rules {
            id_scheme: self.id_scheme,
            date_order: self.base.date_order,
            name_order: self.base.name_order,
            gender: self.gender.clone(),
            fields: self.field_methods(),
            placeholders: self.placeholders.lists(),
        }
    }

    /// How the input's values are read.
    pub fn input_rules(&self) -> Rules {
        Rules {
            id_scheme: self.id_scheme,
            date_order: self.input.date_order.unwrap_or_default(),
            name_order: self.input.name_order.unwrap_or_default(),
            gender: self.gender.clone(),
            fields: self.field_methods(),
            placeholders: self.placeholders.lists(),
        }
    }

    /// Reads `path`, or the defaults when there is none.
    pub fn load_or_default(path: Option<&Path>) -> Result<Config> {
        path.map_or_else(|| Ok(Config::default()), Config::load)
    }

    /// Reads and validates a configuration file; a `[places] file` is read
    /// and put in use for the process.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, "reading", e))?;
        let mut config = Config::parse(&text, path)?;
        if let Some(file) = &mut config.places.file {
            if file.is_relative() {
                *file = path.parent().unwrap_or(Path::new("")).join(&*file);
            }
            crate::normalize::register::install(file).map_err(|e| Error::Config {
                path: path.into(),
                message: format!("[places] file {}: {e}", file.display()),
            })?;
        }
        Ok(config)
    }

    /// Parses configuration text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let mut config: Config = toml::from_str(text).map_err(|e| Error::Config {
            path: PathBuf::from(path),
            message: e.to_string().trim_end().replace('\n', "\n  "),
        })?;
        if config.compare.len() > MAX_FIELDS {
            return Err(Error::Config {
                path: path.into(),
                message: format!(
                    "{} [[compare]] fields; at most {MAX_FIELDS} are supported",
                    config.compare.len()
                ),
            });
        }
        let m = &config.matching;
        let bad = |what: &str| Error::Config { path: path.into(), message: format!("[matching] {what}") };
        if !(0.5..1.0).contains(&m.link_threshold) {
            return Err(bad("link_threshold must be at least 0.5 and below 1"));
        }
        if !(m.ambiguity_margin > 0.0 && m.ambiguity_margin <= 64.0) {
            return Err(bad("ambiguity_margin is in bits, above 0 and at most 64"));
        }
        if m.expected_match_share.is_some_and(|s| !(0.001..=0.999).contains(&s)) {
            return Err(bad("expected_match_share must be from 0.001 to 0.999"));
        }
        if m.block_cap == 0 {
            return Err(bad("block_cap must be at least 1"));
        }
        config.exam.check(path)?;
        let extras = config.extra_columns();
        for (i, b) in config.block.iter().enumerate() {
            let rule = Rule::parse(&b.on, &extras).map_err(|e| Error::Config {
                path: path.into(),
                message: format!("[[block]] number {}: on = {e}", i + 1),
            })?;
            config.rules.push(if b.skip_large { rule.skipping_large() } else { rule });
        }
        Ok(config)
    }

    /// The base columns of the `[[compare]]` fields, in order.
    fn extra_columns(&self) -> Vec<String> {
        self.compare.iter().map(|c| c.base.clone()).collect()
    }

    /// The candidate-search rules: the `[[block]]` tables, or the Vietnamese defaults.
    pub fn block_rules(&self) -> Vec<Rule> {
        if self.rules.is_empty() {
            Rule::defaults()
        } else {
            self.rules.clone()
        }
    }

    /// The rules added for an export with names and no date of birth
    /// ([`Rule::name_parts`]): with the defaults only, as `[[block]]`
    /// tables say all there is to search by.
    pub fn name_part_rules(&self) -> Vec<Rule> {
        if self.rules.is_empty() {
            Rule::name_parts()
        } else {
            Vec::new()
        }
    }

    /// A fingerprint of every setting that shapes the indexed base (its
    /// columns, encoding, date order, the ID scheme, sex values, the base
    /// side of `[[compare]]`, the blocking rules): a base snapshot is used
    /// only with settings of the same fingerprint. Thresholds and the input's
    /// settings are left out; they do not change the index.
    pub fn base_fingerprint(&self) -> String {
        use std::hash::BuildHasher;
        let compare: Vec<(&str, Method)> = self.compare.iter().map(|c| (c.base.as_str(), c.method)).collect();
        let rules: Vec<String> = self.block_rules().into_iter().map(|r| r.text).collect();
        let text = format!("{:?}|{:?}|{:?}|{compare:?}|{rules:?}", self.id_scheme, self.gender, self.base);
        format!("{:016x}", foldhash::fast::FixedState::with_seed(0x736e_6170).hash_one(text))
    }

    /// How each extra field is compared.
    pub fn field_methods(&self) -> Vec<Method> {
        self.compare.iter().map(|c| c.method).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_example_parses() {
        let c = Config::parse(
            r#"
            [base.columns]
            id = "so_dinh_danh"
            old_id = "so_cmnd_cu"
            name = ["ho", "dem", "ten"]
            dob = "ngay_sinh"
            [input.columns]
            key = "ma_khach_hang"
            name = "ten_khach_hang"
            keep = ["ma_chi_nhanh", "du_no"]
            "#,
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(c.base.columns.name.unwrap().names(), ["ho", "dem", "ten"]);
        assert_eq!(c.input.columns.keep, Keep::Only(vec!["ma_chi_nhanh".into(), "du_no".into()]));
        assert_eq!(c.id_scheme, IdScheme::Vn);
    }

    #[test]
    fn unknown_keys_name_the_key_and_the_file() {
        let e = Config::parse("[input.columns]\nnmae = \"x\"\n", Path::new("my.toml")).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("my.toml"), "{msg}");
        assert!(msg.contains("nmae"), "{msg}");
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn encodings() {
        let c = Config::parse("[input]\nencoding = \"TCVN3\"\n", Path::new("c.toml")).unwrap();
        assert_eq!(c.input.encoding, Some(Encoding::Tcvn3));
        let e = Config::parse("[base]\nencoding = \"klingon\"\n", Path::new("c.toml")).unwrap_err();
        assert!(e.to_string().contains("klingon") && e.to_string().contains("tcvn3"), "{e}");
    }

    #[test]
    fn date_orders_and_gender_values() {
        let c = Config::parse(
            "[gender]\nmale = [\"1\"]\nfemale = [\"2\"]\n[input]\ndate_order = \"mdy\"\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(c.input_rules().date_order, DateOrder::Mdy);
        assert_eq!(c.base_rules().date_order, DateOrder::Dmy);
        assert_eq!(c.input_rules().gender.female, ["2"]);
        assert!(Config::parse("[input]\ndate_order = \"dym\"\n", Path::new("c.toml")).is_err());
    }

    #[test]
    fn extra_fields() {
        let c = Config::parse(
            "[[compare]]\nbase = \"postcode\"\ninput = \"pc\"\nmethod = \"exact\"\n[[compare]]\nbase = \"suburb\"\ninput = \"suburb\"\nmethod = \"jaro_winkler\"\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(c.compare.len(), 2);
        assert_eq!(c.compare[1].input, "suburb");
        let e = Config::parse(
            "[[compare]]\nbase = \"a\"\ninput = \"a\"\nmethod = \"soundex\"\n",
            Path::new("c.toml"),
        );
        assert!(e.unwrap_err().to_string().contains("soundex"));
    }

    #[test]
    fn matching_limits() {
        let c = Config::parse("[matching]\nlink_without_id = false\n", Path::new("c.toml")).unwrap();
        assert_eq!(c.matching, Matching { link_without_id: false, ..Matching::default() });
        assert!(Config::parse("[matching]\nblok_cap = 5\n", Path::new("c.toml")).is_err());
        let e = Config::parse("[matching]\nlink_threshold = 1.5\n", Path::new("c.toml")).unwrap_err();
        assert!(e.to_string().contains("link_threshold"), "{e}");
        let c =
            Config::parse("[[block]]\non = [\"name.surname:phonetic\", \"dob:year\"]\n", Path::new("c.toml"));
        assert_eq!(c.unwrap().block_rules()[0].text, "name.surname:phonetic + dob:year");
        let e = Config::parse("[[block]]\non = [\"postcode\"]\n", Path::new("c.toml")).unwrap_err();
        assert!(e.to_string().contains("no field \"postcode\""), "{e}");
        assert_eq!(Config::default().block_rules(), Rule::defaults());
    }

    #[test]
    fn generic_scheme() {
        let c = Config::parse("id_scheme = \"generic\"", Path::new("c.toml")).unwrap();
        assert_eq!(c.id_scheme, IdScheme::Generic);
    }
}
