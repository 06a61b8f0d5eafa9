//! What `doisoat reconcile` can be asked: every option, in one place.

use std::path::{Path, PathBuf};

use crate::config::Config;

use crate::read::encoding::Encoding;
use crate::read::kind::KindChoice;
use crate::read::Format;
use crate::report::fail_on::Limit;
use crate::report::mask::Mask;
use crate::report::split::SplitFormat;
use crate::report::words::Lang;

/// What `doisoat reconcile` was asked to do.
#[derive(Debug, Clone)]
pub struct ReconcileOptions {
    /// The population base.
    pub base: PathBuf,
    /// The export to reconcile.
    pub input: PathBuf,
    /// The output directory.
    pub out: PathBuf,
    /// The configuration file, if any.
    pub config: Option<PathBuf>,
    /// Results format ([`Format::Excel`]: `results.xlsx`).
    pub format: Format,
    /// The sheets to read of workbooks given as base or input.
    pub sheets: Sheets,
    /// Show progress bars (they still appear only on a terminal).
    pub progress: bool,
    /// The input's text encoding, when given on the command line.
    pub input_encoding: Option<Encoding>,
    /// The command line (program name excluded), for the run's record.
    pub arguments: Vec<String>,
    /// How many unreadable rows stop the run, in the input and in the base.
    pub max_rejects: Limit,
    /// The input's size that stops the run as it is read.
    pub max_input: crate::read::capped::InputLimits,
    /// Show unreadable rows' text unmasked in rejects.csv.
    pub debug_values: bool,
    /// Start results.csv with a UTF-8 byte-order mark, for Excel.
    pub excel_csv: bool,
    /// The reports, split files and masking.
    pub report: ReportOptions,
    /// The export's kind and the exam's and residence's side files.
    pub check: CheckOptions,
}

/// What `reconcile` checks after the identity, for exam and residence exports.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The export's kind (`--kind`; else the config's, else detected).
    pub kind: Option<KindChoice>,
    /// The base's residence history (`--base-residence`).
    pub base_residence: Option<PathBuf>,
    /// The commune → priority-area list (`--priority-areas`).
    pub priority_areas: Option<PathBuf>,
    /// MOET's school list (`--schools`).
    pub schools: Option<PathBuf>,
    /// The exam year (`--exam-year`; else `[exam] exam_year`, else inferred).
    pub exam_year: Option<u32>,
}

impl ReconcileOptions {
    /// The files named on the command line: each one's flag, its role in
    /// the run's record (`manifest.json`) and its path, when given.
    pub fn inputs(&self) -> [(&'static str, &'static str, Option<&Path>); 6] {
        let check = &self.check;
        [
            ("--base", "base", Some(self.base.as_path())),
            ("--input", "input", Some(self.input.as_path())),
            ("--config", "config", self.config.as_deref()),
            ("--base-residence", "base_residence", check.base_residence.as_deref()),
            ("--priority-areas", "priority_areas", check.priority_areas.as_deref()),
            ("--schools", "schools", check.schools.as_deref()),
        ]
    }
}

/// What the reports and the split files show, and what is masked.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// The reports' and split files' language.
    pub lang: Lang,
    /// An input column to group the reports by.
    pub group_by: Option<String>,
    /// An input column to split the rows to act on by, into `DIR/split/`.
    pub split_by: Option<String>,
    /// The split files' format.
    pub split_format: SplitFormat,
    /// What is masked.
    pub mask: Mask,
}

/// The sheets named for Excel workbooks (`--base-sheet`, `--sheet`); without
/// a name, a workbook's first sheet is read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheets {
    /// The base's sheet.
    pub base: Option<String>,
    /// The input's sheet.
    pub input: Option<String>,
}

/// What a run settled from its options and configuration, once, for the
/// stages that read them.
pub(super) struct Settings {
    /// What was asked, standard input replaced by its copy.
    pub opts: ReconcileOptions,
    /// The configuration, `--kind` applied.
    pub config: Config,
    /// The input's text encoding: the flag's, else the configuration's.
    pub encoding: Option<Encoding>,
}
