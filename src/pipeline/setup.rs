//! The set-up every command that matches rows shares (`reconcile`,
//! `explain`, `evaluate`): open both files and map their columns, then
//! normalise and index the base, build the blocks and estimate the model.
//! One routine, so that `explain` recomputes a row exactly as `reconcile` decided it.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Notes;
use crate::classify::{Policy, Reason};
use crate::compare::model::Model;
use crate::compare::search::{Matcher, Prune};
use crate::config::{Config, Keep};
use crate::error::{Error, Result};
use crate::index::blocking::Blocks;
use crate::index::{snapshot, BaseIndex, LeftOut};
use crate::normalize::{DateOrder, IdScheme, Identity};
use crate::progress::Progress;
use crate::read::encoding::Encoding;
use crate::read::kind::Kind;
use crate::read::mapping::{map_roles, Layout, Mapped, Role};
use crate::read::{self, Format, Source};
use crate::report::rejects::Rejects;
use crate::report::summary::{Stage, Stopwatch};

/// Input rows read to estimate the model's `m`.
const MODEL_SAMPLE_ROWS: usize = 50_000;

/// Both files opened and mapped, nothing read yet.
pub struct Opened {
    /// The base.
    pub base: BaseInput,
    /// The input, projected to the columns matching reads (not the kept ones).
    pub input_src: Box<dyn Source>,
    /// How the input's columns map to roles.
    pub input: InputMapping,
    /// The input's sheet, when it is a workbook and one was named.
    pub input_sheet: Option<String>,
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

/// The base as given: a file to read, or a snapshot of one already indexed.
pub enum BaseInput {
    /// A CSV or Parquet file.
    File(BaseFile),
    /// A snapshot directory made by `doisoat index`.
    Snapshot(PathBuf),
}

/// A base file opened and mapped.
pub struct BaseFile {
    /// The file, projected to its mapped columns.
    pub src: Box<dyn Source>,
    /// How its columns map to roles.
    pub layout: Layout,
    /// It is CSV (progress by bytes).
    pub csv: bool,
    /// Where the rows left out are listed, when they are.
    pub rejects: Option<Box<Rejects>>,
}

/// The input's mapping.
pub struct InputMapping {
    /// Roles and kept columns (in [`Opened`], roles only: [`Layout::for_matching`]).
    pub layout: Layout,
    /// The kept columns' names.
    pub keep: Vec<String>,
    /// A row key is mapped.
    pub has_key: bool,
    /// The export's kind, as asked or detected.
    pub kind: Kind,
}

/// The base indexed and the model estimated: what matching a row needs.
pub struct Prepared {
    /// The base.
    pub base: BaseIndex,
    /// Its blocking indexes.
    pub blocks: Blocks,
    /// The comparison model.
    pub model: Model,
    /// How rows are decided.
    pub policy: Policy,
    /// Leaving out the candidates that cannot change a decision.
    pub prune: Prune,
    /// Seconds each set-up stage took: base, blocks, model.
    pub stages: Vec<Stage>,
}

impl Prepared {
    /// What scoring a row needs: every candidate found is compared (to
    /// explain a row, or to measure the search).
    pub fn matcher(&self) -> Matcher<'_> {
        Matcher::new(&self.base, &self.blocks, &self.model)
    }

    /// What deciding a row needs: the candidates that cannot change the
    /// decision are left out.
    pub fn deciding_matcher(&self) -> Matcher<'_> {
        Matcher { prune: Some(&self.prune), ..self.matcher() }
    }

    /// `model.json`: the model, the thresholds and the blocking rules.
    pub fn model_json(&self) -> serde_json::Value {
        let rules: Vec<&str> = self.blocks.rules().collect();
        self.model.to_json(self.policy.link_threshold, self.policy.ambiguity_margin, &rules)
    }
}

/// Opens both files (a workbook at the sheet `sheets` names) and maps
/// their columns (notes say what was chosen).
pub fn open(
    base: &Path,
    input: &Path,
    input_encoding: Option<Encoding>,
    sheets: &Sheets,
    config: &Config,
    notes: &dyn Notes,
) -> Result<Opened> {
    let base = if snapshot::is_snapshot(base) && sheets.base.is_some() {
        return Err(Error::Usage(format!(
            "{}: a snapshot has no sheets (it was indexed from one); leave out --base-sheet",
            base.display()
        )));
    } else if snapshot::is_snapshot(base) {
        let meta = snapshot::read_meta(base)?;
        notes.note(&format!("base  snapshot   {} persons, made from {}", meta.persons, meta.base));
        BaseInput::Snapshot(base.into())
    } else if base.is_dir() {
        return Err(Error::data(
            base,
            "a directory, but not a doisoat snapshot (it has no snapshot.json): give the base file, \
             or a snapshot made by `doisoat index` (one cut short is not used; make it again)",
        ));
    } else {
        BaseInput::File(open_base(base, sheets.base.as_deref(), config, notes)?)
    };
    let input_sheet = sheets.input.clone();
    let mut input_src = read::open_sheet(input, input_encoding, input_sheet.as_deref())?;
    note_encoding(notes, "input", input_src.as_ref(), input_encoding.is_some());
    let mut input_mapping = input_mapping(input, input_sheet.as_deref(), input_src.as_mut(), config, notes)?;
    for_matching(input_src.as_mut(), &mut input_mapping.layout);
    Ok(Opened { base, input_src, input: input_mapping, input_sheet })
}

/// Narrows an input's layout and projection to the cells matching reads:
/// the kept columns are read again, by the results pass, only.
fn for_matching(src: &mut dyn Source, layout: &mut Layout) {
    *layout = layout.for_matching();
    src.project(layout.columns().to_vec());
}

/// Opens a base file (a workbook at the sheet named, or its first) and maps its columns.
pub fn open_base(path: &Path, sheet: Option<&str>, config: &Config, notes: &dyn Notes) -> Result<BaseFile> {
    let mut src = read::open_sheet(path, config.base.encoding, sheet)?;
    note_encoding(notes, "base", src.as_ref(), config.base.encoding.is_some());
    let layout = base_mapping(path, src.as_mut(), config, notes)?;
    let csv = matches!(read::format_of(path)?, Format::Csv);
    Ok(BaseFile { src, layout, csv, rejects: None })
}

/// Reads, normalises and indexes a base file and builds its blocks;
/// returns them with the stages' times.
pub fn index_base(
    file: &mut BaseFile,
    config: &Config,
    progress: bool,
    notes: &dyn Notes,
) -> Result<(BaseIndex, Blocks, Vec<Stage>)> {
    let mut watch = Stopwatch::after(Vec::new());
    let bar = Progress::new(progress, "base", file.csv);
    let rejects = &mut file.rejects;
    let base = BaseIndex::build(
        file.src.as_mut(),
        &file.layout,
        &config.base_rules(),
        &mut |d, t| bar.set(d, t),
        &mut |row, why| match rejects {
            Some(rejects) => rejects.add(row, left_out_reason(why).code()),
            None => Ok(()),
        },
    )?;
    bar.finish();
    if base.rejected > 0 {
        notes.note(&format!(
            "base: {} of {} rows left out (unreadable, or no usable ID)",
            base.rejected, base.rows_read
        ));
    }
    if base.is_empty() {
        notes.note("warning: the base holds nobody: every readable row will be NOT_FOUND");
    }
    watch.lap("base");
    let step = Progress::step(progress, "blocks");
    let blocks = Blocks::build(&base, config.block_rules(), config.matching.block_cap);
    step.finish();
    watch.lap("blocks");
    Ok((base, blocks, watch.stages()))
}

/// The reason a base row left out is listed with.
fn left_out_reason(why: LeftOut) -> Reason {
    match why {
        LeftOut::Unreadable(fault) => crate::classify::fault_reason(fault),
        LeftOut::IdMissing => Reason::IdMissing,
        LeftOut::IdInvalid => Reason::IdMalformed,
    }
}

/// Normalises and indexes the base, builds the blocks and estimates the
/// model from the input's first rows (read again from `input`).
pub fn prepare(
    opened: &mut Opened,
    input: &Path,
    input_encoding: Option<Encoding>,
    config: &Config,
    progress: bool,
    notes: &dyn Notes,
) -> Result<Prepared> {
    let (base, blocks, stages) = match &mut opened.base {
        BaseInput::File(file) => index_base(file, config, progress, notes)?,
        BaseInput::Snapshot(dir) => {
            let mut watch = Stopwatch::after(Vec::new());
            let step = Progress::step(progress, "snapshot");
            // A damaged table makes polars panic on some files: an error naming the snapshot,
            // and the damaged table when its checksum tells.
            let (base, blocks) = crate::read::parquet::guarded(dir, || {
                snapshot::read(
                    dir,
                    &config.base_fingerprint(),
                    config.field_methods(),
                    config.block_rules(),
                    config.matching.block_cap,
                )
            })
            .map_err(|e| snapshot::verify(dir).err().unwrap_or(e))?;
            step.finish();
            watch.lap("snapshot");
            (base, blocks, watch.stages())
        }
    };
    let mut watch = Stopwatch::after(stages);
    let step = Progress::step(progress, "model");
    let mut src = read::open_sheet(input, input_encoding, opened.input_sheet.as_deref())?;
    let mut layout =
        input_mapping(input, opened.input_sheet.as_deref(), src.as_mut(), config, &Silent)?.layout;
    for_matching(src.as_mut(), &mut layout);
    let rules = config.input_rules();
    let sample: Vec<Identity> = match src.next_batch(MODEL_SAMPLE_ROWS)? {
        Some(batch) => batch
            .par_iter()
            .filter(|row| row.malformed.is_none())
            .map(|row| layout.identity(&row.cells, &rules))
            .collect(),
        None => Vec::new(),
    };
    let m = &config.matching;
    let model = crate::compare::estimate::estimate(&base, &blocks, &sample, m.expected_match_share);
    step.finish();
    watch.lap("model");
    let policy = Policy {
        dob: opened.input.layout.has(Role::Dob),
        id_structure: config.id_scheme == IdScheme::Vn,
        link_threshold: m.link_threshold,
        ambiguity_margin: m.ambiguity_margin,
        link_without_id: m.link_without_id,
        max_candidates: m.max_candidates,
    };
    let prune = Prune::new(&model, policy.ambiguity_margin);
    Ok(Prepared { base, blocks, model, policy, prune, stages: watch.stages() })
}

/// Notes that go nowhere (a second reading of a file already reported).
pub struct Silent;

impl Notes for Silent {
    fn note(&self, _: &str) {}
}

/// Notes the text encoding a CSV file is read in.
pub fn note_encoding(notes: &dyn Notes, side: &str, src: &dyn Source, given: bool) {
    if let Some(enc) = src.encoding() {
        let how = if given { "given" } else { "detected" };
        notes.note(&format!("{side:<5} {:<10} {} ({how})", "encoding", enc.name()));
    }
}

fn note_mapping(notes: &dyn Notes, side: &str, headers: &[String], mapped: &[Mapped]) {
    // Two columns with one name: detection and the config take the first.
    for (j, h) in headers.iter().enumerate().filter(|(_, h)| !h.is_empty()) {
        if let Some(i) = headers[..j].iter().position(|g| g == h) {
            notes.note(&format!(
                "warning: {side} columns {} and {} have the same header; only column {} is used",
                i + 1,
                j + 1,
                i + 1
            ));
        }
    }
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
                    crate::read::mapping::headers_seen(headers)
                ),
            })?;
            notes.note(&format!("{side:<5} {:<10} <- {name} (config)", "compare"));
            Ok(i)
        })
        .collect()
}

/// Result column names that a kept column may not take.
const RESULT_COLUMNS: [&str; 11] = [
    "row",
    "key",
    "status",
    "action",
    "person_id",
    "score",
    "reasons",
    "suggested_id",
    "candidates",
    "supported_area",
    "overlap_days",
];

/// The input columns the results carry (file indices) and their names in
/// the results: every column but the key's for `keep = "all"` (one whose
/// name is a results column's is carried as `input_NAME`; a second column
/// of one name as `NAME_2`), or the listed ones.
fn kept_columns(
    path: &Path,
    headers: &[String],
    keep: &Keep,
    mapped: &[Mapped],
) -> Result<(Vec<usize>, Vec<String>)> {
    let key_columns: Vec<usize> =
        mapped.iter().filter(|m| m.role == Role::Key).flat_map(|m| m.columns.clone()).collect();
    match keep {
        Keep::All => {
            let mut names: Vec<String> = Vec::new();
            let mut idx = Vec::new();
            for (i, h) in headers.iter().enumerate() {
                if key_columns.contains(&i) || h.is_empty() {
                    continue;
                }
                let own = if RESULT_COLUMNS.contains(&h.as_str()) { format!("input_{h}") } else { h.clone() };
                let (mut name, mut n) = (own.clone(), 1);
                while names.contains(&name) {
                    n += 1;
                    name = format!("{own}_{n}");
                }
                idx.push(i);
                names.push(name);
            }
            Ok((idx, names))
        }
        Keep::Only(list) => {
            let mut idx = Vec::new();
            for k in list {
                let i = headers.iter().position(|h| h == k).ok_or_else(|| Error::Mapping {
                    path: path.into(),
                    message: format!(
                        "[input.columns] keep: no column \"{k}\". Headers seen: {}",
                        crate::read::mapping::headers_seen(headers)
                    ),
                })?;
                if RESULT_COLUMNS.contains(&k.as_str()) {
                    return Err(Error::Mapping {
                        path: path.into(),
                        message: format!(
                            "[input.columns] keep: \"{k}\" is also a results column; rename it in the input"
                        ),
                    });
                }
                idx.push(i);
            }
            Ok((idx, list.clone()))
        }
    }
}

/// The input's date order from its date-of-birth column's values, when the
/// configuration does not give one and they say month first (printed with
/// the counts and how to override).
fn date_order_by_content(
    path: &Path,
    sheet: Option<&str>,
    src: &dyn Source,
    config: &Config,
    headers: &[String],
    mapped: &[Mapped],
    notes: &dyn Notes,
) -> Result<Option<DateOrder>> {
    let dob = mapped.iter().find(|m| m.role == Role::Dob).and_then(|m| m.columns.first().copied());
    let (None, Some(column)) = (config.input.date_order, dob) else { return Ok(None) };
    let shapes = read::by_content::date_shapes(path, sheet, src.encoding(), column)?;
    if !shapes.month_first() {
        return Ok(None);
    }
    notes.note(&format!(
        "input dates      read month first (by the values of {}: of its first {}, {} can only be read month \
         first, {} only day first; [input] date_order = \"dmy\" says otherwise)",
        headers[column], shapes.values, shapes.month_first, shapes.day_first
    ));
    Ok(Some(DateOrder::Mdy))
}

/// Maps the input's columns: roles, `[[compare]]` fields and kept columns.
/// An ID column no header names is found by its values (`sheet`: the
/// workbook's sheet read, if named).
pub fn input_mapping(
    path: &Path,
    sheet: Option<&str>,
    src: &mut dyn Source,
    config: &Config,
    notes: &dyn Notes,
) -> Result<InputMapping> {
    let c = &config.input.columns;
    let headers = src.headers().to_vec();
    let kind = config.input.kind.resolve(&headers);
    let mut mapped = map_roles(path, "input", &headers, &c.roles(kind))?;
    note_mapping(notes, "input", &headers, &mapped);
    let wants_id = c.roles(kind).iter().any(|r| r.role == Role::Id);
    if wants_id && config.id_scheme == IdScheme::Vn && !mapped.iter().any(|m| m.role == Role::Id) {
        let taken: Vec<usize> = mapped.iter().flat_map(|m| m.columns.clone()).collect();
        let free: Vec<usize> = (0..headers.len()).filter(|i| !taken.contains(i)).collect();
        if let Some(found) = read::by_content::id_column(path, sheet, src.encoding(), &free)? {
            notes.note(&format!(
                "input id         <- {} (by its values: {} of the first {} are CCCD/CMND numbers; \
                 [input.columns] id = \"…\" says otherwise)",
                headers[found.column], found.hits, found.values
            ));
            mapped.push(Mapped { role: Role::Id, columns: vec![found.column], from_config: false });
        }
    }
    let (keep_idx, keep) = kept_columns(path, &headers, &c.keep, &mapped)?;
    let names: Vec<&str> = config.compare.iter().map(|c| c.input.as_str()).collect();
    let extras = extra_columns(path, "input", &headers, &names, notes)?;
    let mut layout = Layout::new(&mapped, &keep_idx).with_extras(&extras);
    if let Some(order) = date_order_by_content(path, sheet, src, config, &headers, &mapped, notes)? {
        layout = layout.with_date_order(order);
    }
    // Columns no role reads and the results do not carry.
    let used: Vec<usize> = layout.columns().to_vec();
    let unused: Vec<String> =
        (0..headers.len())
            .filter(|&i| !used.contains(&i) && !mapped.iter().any(|m| m.columns.contains(&i)))
            .map(|i| {
                if headers[i].is_empty() {
                    format!("(column {}, unnamed)", i + 1)
                } else {
                    headers[i].clone()
                }
            })
            .collect();
    if !unused.is_empty() {
        let hint = match c.keep {
            Keep::All => "unnamed: name them in the header to carry them",
            Keep::Only(_) => "keep = \"all\" keeps them",
        };
        notes.note(&format!("input unused     {} (not in the results: {hint})", unused.join(", ")));
    }
    src.project(layout.columns().to_vec());
    let has_key = layout.has(Role::Key);
    Ok(InputMapping { layout, keep, has_key, kind })
}
