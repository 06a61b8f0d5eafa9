//! The reconcile pipeline, in order: read → normalize → index → compare →
//! classify → report. This is the only module that knows the order; each
//! stage only knows its own input and output.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::classify::crossrow::{self, RowFacts};
use crate::classify::{self, Fields, Outcome, Reasons, Status};
use crate::compare::model::Model;
use crate::compare::{compare, Comparison};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::index::BaseIndex;
use crate::normalize::{IdKey, Identity};
use crate::progress::Progress;
use crate::read::encoding::Encoding;
use crate::read::mapping::{map_roles, Layout, Mapped, Role};
use crate::read::{self, Format, Row, Source};
use crate::report::profile::Profile;
use crate::report::{summary, Manifest, ManifestFile, ResultRecord, ResultsWriter, Summary, Tally};

/// Rows handled per parallel batch: large enough to keep every core busy,
/// small enough that memory does not grow with the input.
const BATCH_ROWS: usize = 1 << 16;

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
    /// Results format.
    pub format: Format,
    /// Show progress bars (they still appear only on a terminal).
    pub progress: bool,
    /// The input's text encoding, when given on the command line.
    pub input_encoding: Option<Encoding>,
}

/// Where the pipeline sends its notes for a person (the column mapping, warnings).
pub trait Notes {
    /// One line of information.
    fn note(&self, line: &str);
}

/// Runs a whole reconciliation and returns its summary.
pub fn reconcile(opts: &ReconcileOptions, notes: &dyn Notes) -> Result<Summary> {
    let started = Instant::now();
    let config = Config::load_or_default(opts.config.as_deref())?;

    // Stage 1: open both tables and map their columns before any work.
    let mut base_src = read::open(&opts.base, config.base.encoding)?;
    let mut input_src = read::open(&opts.input, opts.input_encoding.or(config.input.encoding))?;
    note_encoding(notes, "base", base_src.as_ref(), config.base.encoding.is_some());
    note_encoding(
        notes,
        "input",
        input_src.as_ref(),
        opts.input_encoding.or(config.input.encoding).is_some(),
    );
    let base_layout = base_mapping(&opts.base, base_src.as_mut(), &config, notes)?;
    let (input_layout, keep, has_key) = input_mapping(&opts.input, input_src.as_mut(), &config, notes)?;
    crate::report::output::create_dir(&opts.out)?;

    // Stages 2–3: normalise the base and index it.
    let bar = Progress::new(opts.progress, "base", matches!(read::format_of(&opts.base)?, Format::Csv));
    let mut base =
        BaseIndex::build(base_src.as_mut(), &base_layout, &config.base_rules(), &mut |d, t| bar.set(d, t))?;
    bar.finish();
    let encoding = opts.input_encoding.or(config.input.encoding);
    base.set_model(estimate_model(&base, &opts.input, encoding, &config)?);
    if base.rejected > 0 {
        notes.note(&format!(
            "base: {} of {} rows left out (unreadable, or no usable ID or name)",
            base.rejected, base.rows_read
        ));
    }

    // Stages 2, 4, 5 on the input, batch by batch: one compact outcome a row.
    let blocks = crate::index::blocking::Blocks::build(&base, config.matching.block_cap);
    let fields = fields_of(&config, &input_layout);
    let input_rules = config.input_rules();
    let mut kept: Vec<Kept> = Vec::new();
    let mut facts: Vec<RowFacts> = Vec::new();
    let mut candidates: HashMap<usize, Vec<IdKey>> = HashMap::new();
    let bar = Progress::new(opts.progress, "input", matches!(read::format_of(&opts.input)?, Format::Csv));
    while let Some(batch) = input_src.next_batch(BATCH_ROWS)? {
        let outcomes: Vec<(Outcome, RowFacts)> = batch
            .par_iter()
            .map(|row| match row.malformed {
                Some(fault) => (classify::unreadable(fault), RowFacts::default()),
                None => {
                    let identity = Identity::from_cells(&input_layout, &row.cells, &input_rules);
                    (classify::classify(&identity, fields, &base, &blocks), facts_of(&identity))
                }
            })
            .collect();
        for (mut o, f) in outcomes {
            facts.push(RowFacts { person: o.person.map(|p| p as u32), ..f });
            if !o.candidates.is_empty() {
                candidates.insert(kept.len(), std::mem::take(&mut o.candidates));
            }
            kept.push(Kept::from(&o));
        }
        let (done, total) = input_src.progress();
        bar.set(done, total);
    }
    bar.finish();
    // Stage 5, across rows: the same person twice, one ID for several identities.
    let mut tally = Tally::default();
    for (k, flags) in kept.iter_mut().zip(crossrow::flags(&facts)) {
        k.reasons.extend(flags);
        tally.add(k.status, k.reasons);
    }
    drop(facts);

    // Stage 6: the input again, for keys and kept columns, with each row's outcome.
    let mut input_src = read::open(&opts.input, opts.input_encoding.or(config.input.encoding))?;
    let (input_layout, _, _) = input_mapping(&opts.input, input_src.as_mut(), &config, &Silent)?;
    let mut writer = ResultsWriter::create(&opts.out, opts.format, has_key, &keep)?;
    let mut i = 0;
    while let Some(batch) = input_src.next_batch(BATCH_ROWS)? {
        let records: Vec<ResultRecord> = batch
            .iter()
            .enumerate()
            .map(|(j, row)| {
                record(row, &kept[i + j], candidates.get(&(i + j)), &input_layout, has_key, &base)
            })
            .collect();
        i += records.len();
        writer.write(&records)?;
    }
    let (results_name, results_rows) = writer.finish()?;

    let summary = Summary::new(&tally, base.len() as u64, base.rejected, started.elapsed().as_secs_f64());
    summary::write_json(&opts.out.join("summary.json"), &summary)?;
    summary::write_json(&opts.out.join("model.json"), &base.model().to_json(base.len()))?;
    let absolute =
        |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()).display().to_string();
    let manifest = Manifest {
        doisoat_version: env!("CARGO_PKG_VERSION").to_string(),
        base: absolute(&opts.base),
        input: absolute(&opts.input),
        config: opts.config.as_deref().map(absolute),
        input_encoding: opts.input_encoding.map(|e| e.name().to_string()),
        files: vec![
            ManifestFile { name: results_name, rows: results_rows as u64 },
            ManifestFile { name: "summary.json".into(), rows: 1 },
            ManifestFile { name: "model.json".into(), rows: 1 },
        ],
    };
    summary::write_json(&opts.out.join("manifest.json"), &manifest)?;
    Ok(summary)
}

/// What `doisoat profile` was asked to do.
#[derive(Debug, Clone)]
pub struct ProfileOptions {
    /// The file to profile.
    pub input: PathBuf,
    /// The configuration file, if any (its `[input]` section applies).
    pub config: Option<PathBuf>,
    /// The text encoding, when given on the command line.
    pub encoding: Option<Encoding>,
    /// Show a progress bar (only on a terminal).
    pub progress: bool,
}

/// Profiles one file's data quality (read → normalize → count), no base needed.
pub fn profile(opts: &ProfileOptions, notes: &dyn Notes) -> Result<Profile> {
    let config = Config::load_or_default(opts.config.as_deref())?;
    let encoding = opts.encoding.or(config.input.encoding);
    let mut src = read::open(&opts.input, encoding)?;
    note_encoding(notes, "input", src.as_ref(), encoding.is_some());
    let (layout, _, _) = input_mapping(&opts.input, src.as_mut(), &config, notes)?;
    let bar = Progress::new(opts.progress, "input", matches!(read::format_of(&opts.input)?, Format::Csv));
    let rules = config.input_rules();
    let mut profile = Profile::default();
    while let Some(batch) = src.next_batch(BATCH_ROWS)? {
        let part = batch.par_chunks(4096).map(|rows| Profile::of_batch(rows, &layout, &rules)).reduce(
            Profile::default,
            |mut a, b| {
                a.merge(b);
                a
            },
        );
        profile.merge(part);
        let (done, total) = src.progress();
        bar.set(done, total);
    }
    bar.finish();
    profile.finish();
    Ok(profile)
}

/// What `doisoat explain` was asked to do.
#[derive(Debug, Clone)]
pub struct ExplainOptions {
    /// The output directory of a completed run (its manifest names the inputs).
    pub out: PathBuf,
    /// The 1-based data row to explain.
    pub row: Option<u64>,
    /// Or the row key to explain (the first row with it).
    pub key: Option<String>,
}

/// Recomputes one row of a completed run and explains it as a waterfall.
pub fn explain(opts: &ExplainOptions, notes: &dyn Notes) -> Result<String> {
    let manifest_path = opts.out.join("manifest.json");
    let text =
        std::fs::read_to_string(&manifest_path).map_err(|e| Error::io(&manifest_path, "reading", e))?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| {
        Error::data(
            &manifest_path,
            format!("not a doisoat manifest ({e}); give the --out directory of a completed run"),
        )
    })?;
    let config = Config::load_or_default(manifest.config.as_deref().map(Path::new))?;
    let (base_path, input_path) = (PathBuf::from(&manifest.base), PathBuf::from(&manifest.input));
    let encoding = manifest.input_encoding.as_deref().and_then(Encoding::parse).or(config.input.encoding);
    let mut base_src = read::open(&base_path, config.base.encoding)?;
    let mut input_src = read::open(&input_path, encoding)?;
    let base_layout = base_mapping(&base_path, base_src.as_mut(), &config, notes)?;
    let (layout, _, _) = input_mapping(&input_path, input_src.as_mut(), &config, notes)?;
    let mut base = BaseIndex::build(base_src.as_mut(), &base_layout, &config.base_rules(), &mut |_, _| {})?;
    base.set_model(estimate_model(&base, &input_path, encoding, &config)?);
    let blocks = crate::index::blocking::Blocks::build(&base, config.matching.block_cap);
    let fields = fields_of(&config, &layout);
    let rules = config.input_rules();
    let mut seen = 0;
    while let Some(batch) = input_src.next_batch(BATCH_ROWS)? {
        seen += batch.len() as u64;
        let wanted = batch.iter().find(|row| match (&opts.row, &opts.key) {
            (Some(n), _) => row.number == *n,
            (None, Some(k)) => layout.get(Role::Key, &row.cells).is_some_and(|v| v.trim() == k),
            (None, None) => false,
        });
        let Some(row) = wanted else { continue };
        let key = layout.get(Role::Key, &row.cells).map(|s| s.trim().to_string()).unwrap_or_default();
        if let Some(fault) = row.malformed {
            return Ok(crate::report::explain::text(row.number, &key, &classify::unreadable(fault), &[]));
        }
        let identity = Identity::from_cells(&layout, &row.cells, &rules);
        let outcome = classify::classify(&identity, fields, &base, &blocks);
        let cols = crate::report::explain::columns(&identity, &outcome, &base, &blocks);
        return Ok(crate::report::explain::text(row.number, &key, &outcome, &cols));
    }
    let what = match (&opts.row, &opts.key) {
        (Some(n), _) => format!("no row {n}"),
        (None, Some(_)) => "no row with that key".into(),
        (None, None) => "nothing asked".into(),
    };
    Err(Error::Usage(format!("{}: {what} among its {seen} data rows", input_path.display())))
}

fn record(
    row: &Row,
    o: &Kept,
    candidates: Option<&Vec<IdKey>>,
    layout: &Layout,
    has_key: bool,
    base: &BaseIndex,
) -> ResultRecord {
    // An unreadable row still shows its key and kept cells as far as they could be read.
    let text = |role| layout.get(role, &row.cells).map(|s| s.trim().to_string()).unwrap_or_default();
    let ids = |c: &Vec<IdKey>| c.iter().map(|k| k.to_string()).collect::<Vec<_>>().join("|");
    ResultRecord {
        row: row.number,
        key: has_key.then(|| text(Role::Key)),
        status: o.status.code(),
        person_id: if o.person == NO_PERSON { String::new() } else { base.id(o.person as usize).to_string() },
        score: (!o.score.is_nan()).then_some(o.score),
        reasons: o.reasons.joined(),
        suggested_id: if o.suggested == 0 { String::new() } else { IdKey(o.suggested).to_string() },
        candidates: candidates.map(ids).unwrap_or_default(),
        keep: layout.kept(&row.cells).map(str::to_string).collect(),
    }
}

/// A row's outcome kept between the two passes over the input (about 40
/// bytes a row: 51M rows fit in 2 GB).
struct Kept {
    reasons: Reasons,
    suggested: u64,
    score: f64,
    person: u32,
    status: Status,
}

const NO_PERSON: u32 = u32::MAX;

impl From<&Outcome> for Kept {
    fn from(o: &Outcome) -> Kept {
        Kept {
            reasons: o.reasons,
            suggested: o.suggested.map_or(0, |k| k.0),
            score: o.score.unwrap_or(f64::NAN),
            person: o.person.map_or(NO_PERSON, |p| p as u32),
            status: o.status,
        }
    }
}

/// The cross-row facts of a readable row (its person is added from the outcome).
fn facts_of(identity: &Identity) -> RowFacts {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    identity.name.folded.hash(&mut h);
    identity.dob().map(|d| d.0).hash(&mut h);
    RowFacts { person: None, id: identity.id.key().map(|k| k.0), identity: h.finish() }
}

/// What classification needs to know of the run.
fn fields_of(config: &Config, layout: &Layout) -> Fields {
    Fields {
        dob: layout.has(Role::Dob),
        id_structure: config.id_scheme == crate::normalize::IdScheme::Vn,
        link_without_id: config.matching.link_without_id,
        max_candidates: config.matching.max_candidates,
    }
}

/// Input rows read to estimate the model's `m`, and random base pairs for its `u`.
const MODEL_SAMPLE_ROWS: usize = 50_000;
const MODEL_RANDOM_PAIRS: usize = 20_000;

/// Estimates the comparison model: `u` from random base pairs, `m` by EM
/// over the exact-ID pairs of the input's first rows (a fixed sample, so the
/// model, like the results, is the same on every run).
fn estimate_model(
    base: &BaseIndex,
    input: &Path,
    encoding: Option<Encoding>,
    config: &Config,
) -> Result<Model> {
    let mut model = Model::default();
    model.estimate_u(base, MODEL_RANDOM_PAIRS);
    let mut src = read::open(input, encoding)?;
    let (layout, _, _) = input_mapping(input, src.as_mut(), config, &Silent)?;
    let rules = config.input_rules();
    let Some(batch) = src.next_batch(MODEL_SAMPLE_ROWS)? else { return Ok(model) };
    let pairs: Vec<Comparison> = batch
        .par_iter()
        .filter(|row| row.malformed.is_none())
        .filter_map(|row| {
            let identity = Identity::from_cells(&layout, &row.cells, &rules);
            let persons = base.find(identity.id.key()?);
            (persons.len() == 1).then(|| compare(&identity, base, persons.start))
        })
        .collect();
    model.estimate_m(&pairs);
    Ok(model)
}

/// Notes that go nowhere (a second reading of a file already reported).
pub struct Silent;

impl Notes for Silent {
    fn note(&self, _: &str) {}
}

fn note_encoding(notes: &dyn Notes, side: &str, src: &dyn Source, given: bool) {
    if let Some(enc) = src.encoding() {
        let how = if given { "given" } else { "detected" };
        notes.note(&format!("{side:<5} {:<10} {} ({how})", "encoding", enc.name()));
    }
}

fn note_mapping(notes: &dyn Notes, side: &str, headers: &[String], mapped: &[Mapped]) {
    for m in mapped {
        let cols: Vec<&str> = m.columns.iter().map(|&i| headers[i].as_str()).collect();
        let how = if m.from_config { "config" } else { "detected" };
        notes.note(&format!("{side:<5} {:<10} <- {} ({how})", m.role.key(), cols.join(" + ")));
    }
}

fn base_mapping(path: &Path, src: &mut dyn Source, config: &Config, notes: &dyn Notes) -> Result<Layout> {
    let mapped = map_roles(path, "base", src.headers(), &config.base.columns.roles())?;
    note_mapping(notes, "base", src.headers(), &mapped);
    let names: Vec<&str> = config.compare.iter().map(|c| c.base.as_str()).collect();
    let extras = extra_columns(path, "base", src.headers(), &names, notes)?;
    let layout = Layout::new(&mapped, &[]).with_extras(&extras);
    src.project(layout.columns().to_vec());
    Ok(layout)
}

/// The columns of the `[[compare]]` fields on one side.
fn extra_columns(
    path: &Path,
    side: &str,
    headers: &[String],
    names: &[&str],
    notes: &dyn Notes,
) -> Result<Vec<usize>> {
    names
        .iter()
        .map(|name| {
            let i = headers.iter().position(|h| h == name).ok_or_else(|| Error::Mapping {
                path: path.into(),
                message: format!(
                    "[[compare]] {side} = \"{name}\": no such column. Headers seen: {}",
                    headers.join(", ")
                ),
            })?;
            notes.note(&format!("{side:<5} {:<10} <- {name} (config)", "compare"));
            Ok(i)
        })
        .collect()
}

/// Result column names that a kept column may not take.
const RESULT_COLUMNS: [&str; 8] =
    ["row", "key", "status", "person_id", "score", "reasons", "suggested_id", "candidates"];

fn input_mapping(
    path: &Path,
    src: &mut dyn Source,
    config: &Config,
    notes: &dyn Notes,
) -> Result<(Layout, Vec<String>, bool)> {
    let c = &config.input.columns;
    let headers = src.headers().to_vec();
    let mapped = map_roles(path, "input", &headers, &c.roles())?;
    note_mapping(notes, "input", &headers, &mapped);
    let mut keep_idx = Vec::new();
    for k in &c.keep {
        let i = headers.iter().position(|h| h == k).ok_or_else(|| Error::Mapping {
            path: path.into(),
            message: format!("[input.columns] keep: no column \"{k}\". Headers seen: {}", headers.join(", ")),
        })?;
        if RESULT_COLUMNS.contains(&k.as_str()) {
            return Err(Error::Mapping {
                path: path.into(),
                message: format!(
                    "[input.columns] keep: \"{k}\" is also a results column; rename it in the input"
                ),
            });
        }
        keep_idx.push(i);
    }
    let names: Vec<&str> = config.compare.iter().map(|c| c.input.as_str()).collect();
    let extras = extra_columns(path, "input", &headers, &names, notes)?;
    let layout = Layout::new(&mapped, &keep_idx).with_extras(&extras);
    src.project(layout.columns().to_vec());
    let has_key = layout.has(Role::Key);
    Ok((layout, c.keep.clone(), has_key))
}
