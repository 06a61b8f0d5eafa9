//! The command line (clap derive). Doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::read::encoding::Encoding;
use crate::report::fail_on::{FailOn, Limit};

/// doisoat reconciles exports of citizen records (bank KYC, exam candidates,
/// social insurance) against the national population base: exactly by ID
/// number first, then by name, date of birth and sex, and writes one status
/// with reasons for every input row.
#[derive(Debug, Parser)]
#[command(
    name = "doisoat",
    version,
    max_term_width = 100,
    after_help = "Run 'doisoat help reconcile' (or 'doisoat reconcile --help') for the main command.",
    after_long_help = "EXAMPLE:\n  doisoat reconcile --base population.csv --input credit.csv --out out\n\n\
                       EXIT STATUS:\n  0 the run completed\n  \
                       1 a file could not be read or written, an input changed, DIR is busy, verify found a difference\n  \
                       2 the command line or the configuration is wrong (nothing was done)\n  \
                       3 more unreadable rows than --max-rejects allows (nothing was written)\n  \
                       4 an internal error (the run's outputs were not put in place)\n  \
                       5 a --fail-on rule holds (the run is complete and in place)"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,

    /// Stderr as plain lines, or one JSON object a line for log collectors
    /// (time, level, message or stage/event/counts, and exit for the error that ends a command).
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text, env = "DOISOAT_LOG_FORMAT")]
    pub log_format: LogFormat,
}

/// How stderr is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Plain lines (timestamped stage lines when stderr is not a terminal).
    Text,
    /// One JSON object per line.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Reconcile an export against the population base.
    Reconcile(Box<ReconcileArgs>),
    /// Index the population base once into a snapshot that `reconcile --base` loads fast.
    Index(IndexArgs),
    /// Generate a synthetic population base, an export with faults, and the truth.
    Generate(GenerateArgs),
    /// Show how single values are normalised (names, IDs, dates, sex, provinces).
    Normalize(NormalizeArgs),
    /// Profile a file's data quality before a reconciliation (no base needed).
    Profile(ProfileArgs),
    /// Measure a reconciliation's accuracy against a ground truth (precision, recall, per fault).
    Evaluate(EvaluateArgs),
    /// Explain one row of a completed run: the chosen person and the runner-up, level by level.
    Explain(ExplainArgs),
    /// Check an output directory against its manifest: the outputs as the run wrote them, the inputs unchanged.
    Verify(VerifyArgs),
    /// Encode an export under a shared key, so it can be reconciled without its values leaving (keyed hashes, Bloom filters).
    Encode(EncodeArgs),
    /// Turn an encoded run's person references back into IDs (the base's owner, with the key).
    Resolve(ResolveArgs),
    /// Measure how much of an encoded base's names a frequency attack re-identifies.
    Audit(AuditArgs),
    /// Print a shell completion script: doisoat completions bash > /etc/bash_completion.d/doisoat
    Completions(CompletionsArgs),
    /// Print a manual page (roff), or write them all: doisoat man --out /usr/local/share/man/man1
    Man(ManArgs),
}

/// `doisoat man`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:\n  \
    doisoat man > doisoat.1\n  \
    doisoat man reconcile > doisoat-reconcile.1\n  \
    doisoat man --out /usr/local/share/man/man1\n\n\
    The main page names a page per subcommand (doisoat-reconcile(1) ...): --out writes them all.")]
pub struct ManArgs {
    /// The subcommand whose page to print (doisoat-SUBCOMMAND.1) [default: the main page, doisoat.1].
    #[arg(value_name = "SUBCOMMAND")]
    pub subcommand: Option<String>,

    /// Write every page into DIR instead: doisoat.1 and doisoat-SUBCOMMAND.1 for each subcommand.
    #[arg(long, short, value_name = "DIR", conflicts_with = "subcommand")]
    pub out: Option<PathBuf>,
}

/// `doisoat completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `doisoat verify`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:\n  \
    doisoat verify out\n  \
    doisoat verify out --outputs-only\n\n\
    Exit status 0 when every file the manifest lists has the size and SHA-256 the run recorded\n\
    (and, without --outputs-only, the base, input and config still hash as they did); 1 otherwise.")]
pub struct VerifyArgs {
    /// The output directory of a `doisoat reconcile` run.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Check only the files the run wrote, not the files it read.
    #[arg(long)]
    pub outputs_only: bool,
}

/// `doisoat index`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:\n  \
    doisoat index --base population.csv --out population.snapshot\n  \
    doisoat reconcile --base population.snapshot --input credit.csv --out out\n\n\
    Index once, reconcile many: the snapshot holds the base normalised, with every lookup key.\n\
    It is used only with the same configuration (base columns, date order, ID scheme, sex\n\
    values, [[compare]] fields, [[block]] rules) and the same doisoat version; otherwise\n\
    reconcile refuses it and says so. Its files are readable by their owner only (mode 0600).")]
pub struct IndexArgs {
    /// The population base (.csv, .tsv, .txt, .parquet, or an Excel workbook).
    #[arg(long, value_name = "BASE")]
    pub base: PathBuf,

    /// The sheet of an Excel base to read [default: its first].
    #[arg(long, value_name = "NAME")]
    pub base_sheet: Option<String>,

    /// The base's residence history, kept in the snapshot: a run from the snapshot reads it
    /// for the persons it links, in seconds (exam and residence checks; see reconcile).
    #[arg(long, value_name = "FILE")]
    pub base_residence: Option<PathBuf>,

    /// The snapshot directory to write (an older snapshot there is replaced).
    #[arg(long, short, value_name = "SNAPSHOT")]
    pub out: PathBuf,

    /// A TOML configuration file: the same one `reconcile` will be given.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Write an encoded base instead of a snapshot: one Parquet file (--out BASE.parquet) of keyed
    /// hashes and hardened Bloom filters, for `reconcile` on an export encoded with the same key.
    #[arg(long, requires = "key_file", conflicts_with = "base_residence")]
    pub encoded: bool,

    /// The secret key file shared with the export's owner (with --encoded).
    #[arg(long, value_name = "KEY", requires = "encoded")]
    pub key_file: Option<PathBuf>,

    /// With --encoded: the bits flipped in each Bloom filter of every record [default: 8].
    #[arg(long, value_name = "N", hide = true, requires = "encoded")]
    pub flips: Option<u32>,

    /// Threads, progress and quietness.
    #[command(flatten)]
    pub run: RunFlags,
}

/// `doisoat encode`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:\n  \
    head -c 32 /dev/urandom > shared.key && chmod 600 shared.key   # once; give it to the base's owner\n  \
    doisoat encode --input credit.csv --key-file shared.key --out credit.enc.parquet\n  \
    doisoat index --base population.csv --encoded --key-file shared.key --out population.enc.parquet\n  \
    doisoat reconcile --base population.enc.parquet --input credit.enc.parquet --out out\n\n\
    The export is read and normalised exactly as reconcile reads it (the same --config), then written\n\
    as keyed hashes (ID, blocking keys) and hardened Bloom filters (name parts, date of birth, extra\n\
    fields): no value can be read back without the key. Each row keeps its key column as it is.")]
pub struct EncodeArgs {
    /// The export to encode (.csv, .tsv, .txt, .parquet, or an Excel workbook).
    #[arg(long, value_name = "FILE")]
    pub input: PathBuf,

    /// The secret key file (32 bytes at least, mode 0600), the same the base's owner uses.
    #[arg(long, value_name = "KEY")]
    pub key_file: PathBuf,

    /// The encoded file to write (.parquet).
    #[arg(long, short, value_name = "ENC")]
    pub out: PathBuf,

    /// A TOML configuration file: the one reconcile would be given on the plain export.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The sheet of an Excel file to read [default: its first].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// The file's text encoding [default: detected].
    #[arg(long, value_name = "ENC", value_parser = parse_encoding)]
    pub encoding: Option<Encoding>,

    /// The bits flipped in each Bloom filter of every record [default: 8]; 0 leaves the
    /// filters unhardened (for measuring the hardening only). Both sides may differ.
    #[arg(long, value_name = "N", hide = true)]
    pub flips: Option<u32>,

    /// Threads, progress and quietness.
    #[command(flatten)]
    pub run: RunFlags,
}

/// `doisoat resolve`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:\n  \
    doisoat resolve --results out/results.csv --base population.csv --key-file shared.key --out resolved.csv\n\n\
    Run by the base's owner on the results of reconcile on encoded files: each person_ref becomes the\n\
    person's ID (person_id, suggested_id for ID_CORRECTED, candidates), in the columns of plain results.")]
pub struct ResolveArgs {
    /// The results.csv of reconcile on encoded files.
    #[arg(long, value_name = "FILE")]
    pub results: PathBuf,

    /// The plaintext base, its sheet and configuration, and the key it was encoded with.
    #[command(flatten)]
    pub base: OwnedBaseArgs,

    /// The resolved results to write (.csv).
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,

    /// Print nothing on stderr but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The base's owner's plaintext base and key (`resolve`, `audit`).
#[derive(Debug, Args)]
pub struct OwnedBaseArgs {
    /// The population base the encoded base was made from.
    #[arg(long, value_name = "BASE")]
    pub base: PathBuf,

    /// The sheet of an Excel base to read [default: its first].
    #[arg(long, value_name = "NAME")]
    pub base_sheet: Option<String>,

    /// The configuration the base was encoded with.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The key file the base was encoded with.
    #[arg(long, value_name = "KEY")]
    pub key_file: PathBuf,
}

impl From<OwnedBaseArgs> for crate::encoded::owner::OwnedBase {
    fn from(a: OwnedBaseArgs) -> Self {
        crate::encoded::owner::OwnedBase {
            base: a.base,
            base_sheet: a.base_sheet,
            config: a.config,
            key_file: a.key_file,
        }
    }
}

/// `doisoat audit`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:\n  \
    doisoat audit --base population.csv --encoded population.enc.parquet --key-file shared.key\n\n\
    Run by the base's owner before an encoded base leaves: the share of surnames and given names a\n\
    frequency attacker (who knows how often each name occurs, not the key) re-identifies.")]
pub struct AuditArgs {
    /// The plaintext base, its sheet and configuration, and the key it was encoded with.
    #[command(flatten)]
    pub base: OwnedBaseArgs,

    /// Its encoding (doisoat index --encoded).
    #[arg(long, value_name = "ENC")]
    pub encoded: PathBuf,

    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// How a long run uses the machine and the terminal (`reconcile`, `index`).
#[derive(Debug, Args)]
pub struct RunFlags {
    /// Worker threads [default: all cores].
    ///
    /// Results are byte-identical whatever the number of threads.
    #[arg(long, short = 'j', value_name = "N", env = "DOISOAT_THREADS")]
    pub threads: Option<usize>,

    /// Do not draw progress bars (they are only drawn on a terminal anyway).
    #[arg(long)]
    pub no_progress: bool,

    /// Print nothing but errors (no column mapping, no progress, no summary line).
    #[arg(long, short)]
    pub quiet: bool,
}

impl RunFlags {
    /// Progress is shown (bars on a terminal, timed lines otherwise).
    pub fn progress(&self) -> bool {
        !self.no_progress && !self.quiet
    }
}

/// `doisoat explain`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:\n  \
    doisoat explain --out out --row 17\n  \
    doisoat explain --out out --key KH00012345\n\n\
    The row is recomputed from the inputs the run's manifest.json names (they must still be there),\n\
    so results files stay small. Levels and weights are shown, not the row's name or date.")]
#[command(group(clap::ArgGroup::new("which").required(true).args(["row", "key"])))]
pub struct ExplainArgs {
    /// The output directory of a completed `doisoat reconcile` run.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,

    /// The 1-based data row of the input.
    #[arg(long, value_name = "N")]
    pub row: Option<u64>,

    /// The row key (the first row with it).
    #[arg(long, value_name = "K")]
    pub key: Option<String>,

    /// Show the candidates' ID numbers in full (by default masked: 079******496).
    #[arg(long)]
    pub debug_values: bool,
}

/// `doisoat evaluate`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:\n  \
    doisoat generate --persons 100000 --records 20000 --seed 7 --out gen\n  \
    doisoat reconcile --base gen/population.csv --input gen/credit.csv --out out\n  \
    doisoat evaluate --results out/results.csv --truth gen/truth.csv\n  \
    doisoat evaluate --results out/results.csv --truth links.csv --json\n\n\
    TRUTH:\n  \
    With a 'row' column (truth.csv of doisoat generate: row, key, person_id, faults,\n  \
    expected_status), results and truth are paired row by row. Without one, the truth is a link\n  \
    truth: a 'key' and a 'person_id' column (others ignored; faults and expected_status optional),\n  \
    the true person of each input key, paired with the results by their key. A results row whose\n  \
    key the truth lacks, or whose truth person_id is empty, is not linkable: a link there is wrong.\n\n\
    Precision: of the rows linked to a person, the share linked to the right one. Recall: of the\n\
    rows a perfect reconciler links (MATCH, MATCH_WITH_DIFFS, ID_CORRECTED; without expected_status,\n\
    the rows whose truth has a person_id), the share linked to the right person. F1: 2PR/(P+R).\n\
    Per fault (with expected_status only): the share of rows whose status is the expected one.")]
pub struct EvaluateArgs {
    /// The results of `doisoat reconcile` (results.csv).
    #[arg(long, value_name = "FILE")]
    pub results: PathBuf,

    /// The truth: truth.csv of `doisoat generate`, or a link truth with columns key and person_id.
    #[arg(long, value_name = "FILE")]
    pub truth: PathBuf,

    /// Also measure pairs completeness: how many true persons reached the
    /// candidate list at all. Reads the run's manifest (beside the results)
    /// and searches every row again, so it takes about as long as the run.
    #[arg(long)]
    pub completeness: bool,

    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `doisoat profile`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:\n  \
    doisoat profile --input sample-data/credit.csv\n  \
    doisoat profile --input tin_dung.csv --config nhno.toml --json > profile.json\n\n\
    For each mapped column it counts empty cells, malformed values by reason, legacy-encoded names,\n\
    ID kinds and CCCD structure flags, date precisions, and IDs that occur on several rows.")]
pub struct ProfileArgs {
    /// The file to profile (.csv, .tsv, .txt, .parquet, or an Excel workbook).
    #[arg(long, value_name = "FILE")]
    pub input: PathBuf,

    /// The sheet of an Excel file to read [default: its first].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// A TOML configuration file; its [input] section maps the columns.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,

    /// The file's text encoding [default: detected].
    #[arg(long, value_name = "ENC", value_parser = parse_encoding)]
    pub encoding: Option<Encoding>,

    /// Worker threads [default: all cores].
    #[arg(long, short = 'j', value_name = "N", env = "DOISOAT_THREADS")]
    pub threads: Option<usize>,

    /// Print nothing on stderr but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Which kind of value `normalize` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Field {
    /// A person's full name.
    Name,
    /// A CCCD/CMND (or other) ID number.
    Id,
    /// A date of birth.
    Dob,
    /// A sex/gender value.
    Gender,
    /// A province name, alias or CCCD code.
    Province,
}

/// Order of day and month in ambiguous dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateOrderArg {
    /// Day, month, year.
    Dmy,
    /// Month, day, year.
    Mdy,
    /// Year, month, day.
    Ymd,
}

/// `doisoat normalize`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:\n  \
    doisoat normalize --field name 'Nguyễn Văn Hoà' 'NGUYEN VAN HOA' 'NguyÔn V¨n H¶i'\n  \
    doisoat normalize --field id --json 79123456789 '7.91234E+11'\n  \
    doisoat normalize --field dob 1950 00/00/1950 30/02/1985 32874")]
pub struct NormalizeArgs {
    /// What the values are.
    #[arg(long, value_enum)]
    pub field: Field,

    /// One JSON object per line instead of text.
    #[arg(long)]
    pub json: bool,

    /// Read IDs without Vietnamese rules (id_scheme = "generic").
    #[arg(long)]
    pub generic_ids: bool,

    /// Order of day and month in ambiguous dates: dmy (default), mdy or ymd.
    #[arg(long, value_enum, default_value_t = DateOrderArg::Dmy)]
    pub date_order: DateOrderArg,

    /// The values to normalise.
    #[arg(value_name = "VALUE", required = true)]
    pub values: Vec<String>,
}

/// `doisoat generate`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLE:\n  \
    doisoat generate --persons 100000 --records 20000 --kind credit --seed 1 --out gen\n\n\
    OUTPUTS (in --out):\n  \
    population   so_dinh_danh, so_cmnd_cu, ho_va_ten, ngay_sinh, gioi_tinh,\n               \
    noi_dang_ky_khai_sinh, tinh_trang, ngay_mat\n  \
    credit       ma_khach_hang, ten_khach_hang, ngay_sinh, gioi_tinh, so_giay_to,\n               \
    ma_chi_nhanh, du_no, ngay_giai_ngan\n  \
    exam         so_bao_danh, ho_ten, ngay_sinh, gioi_tinh, so_cccd, tinh_truong,\n               \
    khu_vuc_uu_tien, ma_xa\n  \
    residence    ma_ho_so, so_dinh_danh, ho_ten, ma_tinh, ma_xa, tu_ngay, den_ngay,\n               \
    loai_cu_tru\n  \
    residence_base  so_dinh_danh, ma_tinh, ma_xa, tu_ngay, den_ngay, loai_cu_tru\n                  \
    (every base person's residence periods; the same for every kind)\n  \
    priority_areas.csv  ma_xa, khu_vuc, tu_ngay, den_ngay (each commune's priority area over time)\n  \
    truth.csv    row, key, person_id (empty if not in the base), faults, expected_status;\n               \
    for exam and residence also expected_reasons\n\n\
    The same options and seed give byte-identical files. All data is synthetic.")]
pub struct GenerateArgs {
    /// Persons in the population base.
    #[arg(long, value_name = "N")]
    pub persons: u64,

    /// Rows in the export.
    #[arg(long, value_name = "M")]
    pub records: u64,

    /// The kind of export.
    #[arg(long, value_enum, default_value_t = ExportKind::Credit)]
    pub kind: ExportKind,

    /// Random seed: the same seed gives the same files.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Fault rates: a profile (none, light, realistic, hostile) or a TOML file.
    ///
    /// A file holds `fault_code = rate` lines (rate per row, 0–1), optionally
    /// starting from a profile with `profile = "light"`; see the README for the codes.
    #[arg(long, value_name = "PROFILE|FILE", default_value = "realistic")]
    pub faults: String,

    /// Format of the base and export files (the truth is always CSV).
    #[arg(long, value_enum, default_value_t = OutFormat::Csv)]
    pub format: OutFormat,

    /// Columns the export leaves out (comma-separated): an export without
    /// dates of birth, or without ID numbers. The truth then has no
    /// expected statuses (they assume every column), only the true persons.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "COLUMN")]
    pub omit: Vec<OmitArg>,

    /// Exam exports: each candidate's schools of grades 10-12, residence
    /// claims and their span, boarding tick and policy group, with
    /// schools.csv (MOET's list) and the dbkk marks in priority_areas.csv;
    /// the truth follows the admission regulation's school rule.
    #[arg(long)]
    pub schools: bool,

    /// Output directory.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,

    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Columns `generate --omit` can leave out of the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OmitArg {
    /// The date of birth.
    Dob,
    /// The ID number.
    Id,
}

/// Kinds of export `generate` can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    /// A bank's credit records, one row per customer.
    Credit,
    /// Exam candidates aged 17–19, with school province and declared priority area.
    Exam,
    /// Residence histories, one row per period (--records counts persons).
    Residence,
}

/// Output file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    /// Comma-separated text, UTF-8.
    Csv,
    /// Apache Parquet (zstd-compressed).
    Parquet,
}

/// The results format of `reconcile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResultsFormat {
    /// results.csv: comma-separated text, UTF-8.
    Csv,
    /// results.parquet: Apache Parquet (zstd-compressed).
    Parquet,
    /// results.xlsx: an Excel workbook, IDs as text (leading zeros kept); past 1,048,575 rows, more sheets.
    Xlsx,
}

/// `doisoat reconcile`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:\n  \
    doisoat reconcile --base sample-data/population.csv --input sample-data/credit.csv --out out\n  \
    doisoat reconcile --base dan_cu.parquet --input tin_dung.csv --config nhno.toml \\\n      \
    --format parquet --out kq\n  \
    doisoat reconcile --base dan_cu.csv --input khach_hang.xlsx --sheet 'Danh sach' \\\n      \
    --format xlsx --out kq\n  \
    doisoat reconcile --base dan_cu.csv --input tin_dung.csv --group-by ma_chi_nhanh \\\n      \
    --split-by ma_chi_nhanh --mask --out kq\n  \
    doisoat reconcile --base population.csv --input exam.csv --base-residence residence_base.csv \\\n      \
    --priority-areas priority_areas.csv --out kq\n\n\
    OUTPUTS (in --out):\n  \
    results.csv      one row per input data row, in input order: row, key, status, action, person_id,\n                   \
    score, reasons, suggested_id, candidates, (exam) supported_area or\n                   \
    (residence) overlap_days, then the 'keep' columns\n                   \
    (results.parquet or results.xlsx with --format parquet or xlsx)\n  \
    report.html      the run for people (also report.md): statuses, actions, the quality scorecard,\n                   \
    reasons in words, groups with --group-by; Vietnamese, or English with --lang en\n  \
    split/           with --split-by: per value, the rows to act on, and index.csv\n  \
    rejects.csv      the rows that could not be read, masked\n  \
    summary.json     row counts per status, action and reason, stage times\n  \
    model.json       the model that decided: thresholds, prior, every level's m, u and weight\n  \
    manifest.json    written last: the files of a completed run and their row counts\n\n\
    Columns are detected from the headers (so_cccd, ho_ten, ngay_sinh, id, full_name, dob ...); the\n\
    chosen mapping is printed before work starts. A TOML file given with --config overrides it:\n\n  \
    [base.columns]\n  id = \"so_dinh_danh\"\n  name = \"ho_va_ten\"        # or [\"ho\", \"dem\", \"ten\"]\n  \
    [input.columns]\n  key = \"ma_khach_hang\"\n  id = \"so_giay_to\"\n  keep = [\"ma_chi_nhanh\", \"du_no\"]\n\n\
    A row links to its best candidate when the match probability reaches [matching] link_threshold\n\
    (0.95) and beats the runner-up by ambiguity_margin (6 bits); `doisoat explain` shows why.")]
pub struct ReconcileArgs {
    /// The population base (.csv, .tsv, .txt, .parquet, an Excel workbook), or its snapshot from `doisoat index`.
    ///
    /// Must have an ID column and a name column; date of birth, sex, old
    /// CMND number, alive/deceased status and death date are used when present.
    #[arg(long, value_name = "BASE")]
    pub base: PathBuf,

    /// The export to reconcile (.csv, .tsv, .txt, .parquet, an Excel workbook), or - for standard input.
    ///
    /// Must have a name column; ID, date of birth and sex are used when present.
    /// CSV delimiters (, ; tab |) are sniffed; UTF-8 with or without BOM.
    #[arg(long, value_name = "INPUT")]
    pub input: PathBuf,

    /// The sheet of an Excel input to read [default: its first].
    ///
    /// Names are matched as written, else in other capitals; a name the
    /// workbook lacks stops the run with the names it has. An error for a
    /// file that is not a workbook.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// The sheet of an Excel base to read [default: its first].
    #[arg(long, value_name = "NAME")]
    pub base_sheet: Option<String>,

    /// The output directory (created if needed; files in it are replaced).
    ///
    /// Output files are created readable by their owner only (mode 0600):
    /// they contain personal data.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,

    /// A TOML configuration file (column mapping and settings).
    ///
    /// Unknown keys are an error. See the README for every setting.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The export's kind: credit (identity only), exam (then the declared priority area), residence (then each period) [default: auto, from the headers].
    ///
    /// auto: exam with so_bao_danh or khu_vuc_uu_tien, residence with
    /// loai_cu_tru or tu_ngay + den_ngay + ma_xa, else credit. Also
    /// `[input] kind` in the config.
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<KindArg>,

    /// The base's residence history (.csv, .parquet, a workbook): one row per period of a base person.
    ///
    /// Columns detected (so_dinh_danh, ma_tinh, ma_xa, tu_ngay, den_ngay,
    /// loai_cu_tru) or named in [base_residence.columns]. Needed by the
    /// exam and residence checks, unless --base is a snapshot made with
    /// one (`index --base-residence`; this file then wins); without either
    /// they check identity only.
    #[arg(long, value_name = "FILE")]
    pub base_residence: Option<PathBuf>,

    /// The commune → priority-area list (ma_xa, khu_vuc, tu_ngay, den_ngay; optional dbkk): needed by the exam check.
    #[arg(long, value_name = "FILE")]
    pub priority_areas: Option<PathBuf>,

    /// MOET's school list (ma_tinh, ma_truong, khu_vuc; optional ten_truong, ma_xa, tu_ngay, den_ngay, noi_tru).
    ///
    /// Needed by the exam check when the export gives the candidates'
    /// schools (ma_tinh_lop10, ma_truong_lop10 ... ma_truong_lop12): the
    /// school attended longest decides the area ([exam] rule).
    #[arg(long, value_name = "FILE")]
    pub schools: Option<PathBuf>,

    /// The exam year [default: [exam] exam_year, else the most common birth year + 18 of the candidates].
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(u32).range(1950..=2200))]
    pub exam_year: Option<u32>,

    /// The results format: results.csv, results.parquet or results.xlsx.
    ///
    /// In results.xlsx every cell is text (IDs keep their leading zeros)
    /// but row and score, which are numbers; the header is bold, frozen and
    /// filtered. A sheet holds 1,048,575 rows under its header: more go on
    /// to sheets 'results 2', 'results 3' ...
    #[arg(long, value_enum, default_value_t = ResultsFormat::Csv)]
    pub format: ResultsFormat,

    /// The input's text encoding [default: detected].
    ///
    /// One of utf-8, utf-16le, utf-16be, cp1258, tcvn3, vni, cp1252. Without
    /// it, the encoding is detected from the first 64 KiB and printed.
    #[arg(long, value_name = "ENC", value_parser = parse_encoding)]
    pub encoding: Option<Encoding>,

    /// Stop (exit 3, nothing put in place) when more rows than this cannot be read: a count or a share.
    ///
    /// Checked for the input (rows that are not records: wrong field count,
    /// bad text, a stray quote) and for the base (those, and rows without a
    /// usable ID). Such rows are otherwise kept: INVALID in the results,
    /// listed in rejects.csv / base_rejects.csv.
    #[arg(long, value_name = "N|P%", default_value = "1%")]
    pub max_rejects: Limit,

    /// Stop (exit 3, nothing put in place) once the input has more data rows than this.
    ///
    /// For nightly jobs: an export far larger than expected (a wrong file,
    /// a runaway query) stops as it is read, before it fills memory or disk.
    #[arg(long, value_name = "N")]
    pub max_input_rows: Option<u64>,

    /// Stop (exit 3, nothing put in place) once the input's text passes this size: 500M, 20G, or bytes.
    ///
    /// Counted after decompression (a 56 MB .csv.gz may hold 10 GB of rows);
    /// a Parquet file or a workbook by its size.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_input_bytes: Option<u64>,

    /// Exit 5 when a rule holds for the finished run, e.g. 'NOT_FOUND>5%', 'investigate>0', 'MATCH<90%'.
    ///
    /// A status (NOT_FOUND), an action (investigate, check_identity) or a
    /// reason code (DECEASED_BEFORE_RECORD), in any case; one of > >= < <=;
    /// and a number of rows or a percentage of the input rows. Repeatable;
    /// every rule that holds is printed. The run is complete and in place:
    /// exit 5 says its data needs a look, not that it failed.
    #[arg(long, value_name = "RULE")]
    pub fail_on: Vec<FailOn>,

    /// Start results.csv with a UTF-8 byte-order mark, so Excel shows its Vietnamese text right.
    ///
    /// Excel still reads ID columns as numbers (dropping leading zeros):
    /// import them as text, or use --format xlsx.
    #[arg(long)]
    pub excel_csv: bool,

    /// Show unreadable rows' text as it is in rejects.csv and base_rejects.csv (by default masked: letters x, digits 9).
    #[arg(long)]
    pub debug_values: bool,

    /// Group report.md and report.html by this input column (a branch, school or province), the group with the most rows to act on first.
    #[arg(long, value_name = "COLUMN")]
    pub group_by: Option<String>,

    /// Write the rows to act on (action not none) to one file per value of this input column, under DIR/split/.
    ///
    /// Each row with what to do and why in words, the base's name and date
    /// of birth for the linked person and the suggested ID; split/index.csv
    /// lists the files. Ready to send back to a branch or a school.
    #[arg(long, value_name = "COLUMN")]
    pub split_by: Option<String>,

    /// The split files' format.
    #[arg(long, value_enum, default_value_t = SplitFormatArg::Csv, requires = "split_by")]
    pub split_format: SplitFormatArg,

    /// The reports' and split files' language (codes never change).
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    pub lang: LangArg,

    /// Mask IDs (079******123) and names (Nguyễn V. H.) in the split files, or with 'all' in the results too.
    ///
    /// Masked: person_id, suggested_id, candidates, the base's name, and the
    /// columns mapped as id, old_id or name (the key too when it is one of
    /// them); a row whose fields may have shifted is masked whole by shape.
    /// Columns no role reads stay as they are: narrow `keep` to drop them.
    #[arg(long, value_enum, value_name = "WHAT", num_args = 0..=1, default_missing_value = "shared")]
    pub mask: Option<MaskArg>,

    /// Threads, progress and quietness.
    #[command(flatten)]
    pub run: RunFlags,
}

/// The export's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// Detected from the headers.
    Auto,
    /// An identity check only (bank customers, or any export).
    Credit,
    /// Exam candidates: identity, then the declared priority area against the residence history.
    Exam,
    /// Residence periods: identity, then each period against the base's.
    Residence,
}

/// The split files' format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SplitFormatArg {
    /// CSV, UTF-8 with a byte-order mark.
    Csv,
    /// Excel workbooks, every cell text (IDs keep their leading zeros).
    Xlsx,
}

/// The reports' language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// Vietnamese.
    Vi,
    /// English.
    En,
}

/// What --mask covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MaskArg {
    /// The files written for sharing: split files (the default of a bare --mask).
    Shared,
    /// Those and results.* too.
    All,
}

/// A size in bytes: a number, optionally with K, M, G or T (powers of 1024).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => t.split_at(i),
        None => (t, ""),
    };
    let shift = match unit.trim().to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        _ => return Err(format!("'{s}' is not a size: give bytes, or a number with K, M, G or T")),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("'{s}' is not a size: give bytes, or a number with K, M, G or T"))?;
    n.checked_mul(1 << shift).ok_or_else(|| format!("'{s}' is too large"))
}

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    Encoding::parse(s).ok_or_else(|| format!("unknown encoding; use one of {}", Encoding::NAMES))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn reconcile_flags_parse() {
        let cli = Cli::try_parse_from([
            "doisoat",
            "reconcile",
            "--base",
            "b.csv",
            "--input",
            "i.csv",
            "--out",
            "o",
            "--format",
            "parquet",
            "--threads",
            "2",
            "--no-progress",
        ])
        .unwrap();
        let Command::Reconcile(a) = cli.command else { panic!("reconcile expected") };
        assert_eq!(a.format, ResultsFormat::Parquet);
        assert_eq!(a.run.threads, Some(2));
        assert!(a.run.no_progress && !a.run.quiet && !a.run.progress());
    }
}
