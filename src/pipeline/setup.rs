//! The set-up every command that matches rows shares (`reconcile`,
//! `explain`, `evaluate`): open both files and map their columns, then
//! normalise and index the base, build the blocks and estimate the model.
//! One routine, so that `explain` recomputes a row exactly as `reconcile` decided it.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::mapping::{
    added_rules, base_mapping, count, input_mapping, note_blocks, note_encoding, InputMapping,
};
use super::options::Sheets;
use super::Notes;
use crate::classify::{Policy, Reason};
use crate::compare::model::Model;
use crate::compare::search::{Matcher, Prune};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::index::blocking::Blocks;
use crate::index::homes::Homes;
use crate::index::name_order;
use crate::index::residence::Residence;
use crate::index::{snapshot, BaseIndex, LeftOut};
use crate::normalize::{IdScheme, Identity, NameOrder, Rules};
use crate::progress::Progress;
use crate::read::encoding::Encoding;
use crate::read::kind::Kind;
use crate::read::mapping::{Layout, Role};
use crate::read::{self, Source};
use crate::report::rejects::Rejects;
use crate::report::summary::{Stage, Stopwatch};

/// Reads the configuration (or the defaults), and sets what it says for
/// every file read from here on (the row-length cap).
pub fn load_config(path: Option<&Path>) -> Result<Config> {
    let config = Config::load_or_default(path)?;
    read::set_max_row_bytes(config.input.max_row_bytes.unwrap_or(read::DEFAULT_MAX_ROW_BYTES));
    Ok(config)
}

/// Input rows read to estimate the model's `m`.
const MODEL_SAMPLE_ROWS: usize = 50_000;

/// Both files opened and mapped, nothing read yet.
pub struct Opened {
    /// The base.
    pub base: BaseInput,
    /// The input, projected to the columns matching reads (not the kept ones).
    pub input_src: Box<dyn Source>,
    /// How the input's columns map to roles (for matching: roles only).
    pub input: InputMapping,
    /// The input's whole layout, its kept columns too: the write pass's.
    pub written: Layout,
    /// The input's sheet, when it is a workbook and one was named.
    pub input_sheet: Option<String>,
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
    /// Where the rows left out are listed, when they are.
    pub rejects: Option<Box<Rejects>>,
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
    /// How the input's values are read: the configuration's rules, with
    /// the name order found from the names when it gives none.
    pub input_rules: Rules,
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
    let input_sheet = sheets.input.clone();
    let open_input = || read::open_sheet(input, input_encoding, input_sheet.as_deref());
    let (base, mut input_src) = if snapshot::is_snapshot(base) && sheets.base.is_some() {
        return Err(Error::Usage(format!(
            "{}: a snapshot has no sheets (it was indexed from one); leave out --base-sheet",
            base.display()
        )));
    } else if snapshot::is_snapshot(base) {
        let meta = snapshot::read_meta(base)?;
        notes.note(&format!("base  snapshot   {} persons, made from {}", meta.persons, meta.base));
        (BaseInput::Snapshot(base.into()), open_input()?)
    } else if base.is_dir() {
        return Err(Error::data(
            base,
            "a directory, but not a doisoat snapshot (it has no snapshot.json): give the base file, \
             or a snapshot made by `doisoat index` (one cut short is not used; make it again)",
        ));
    } else {
        let src = read::open_sheet(base, config.base.encoding, sheets.base.as_deref())?;
        let input_src = open_input()?;
        // Before either is mapped: swapped files may well both map.
        let configured = config.base.columns.roles().iter().any(|r| r.configured.is_some());
        super::swapped::check(base, src.headers(), input, input_src.headers(), configured)?;
        (BaseInput::File(map_base(base, src, config, notes)?), input_src)
    };
    note_encoding(notes, "input", input_src.as_ref(), input_encoding.is_some());
    let mut input_mapping = input_mapping(input, input_sheet.as_deref(), input_src.as_mut(), config, notes)?;
    note_blocks(notes, config, &input_mapping.layout);
    let written = input_mapping.layout.clone();
    for_matching(input_src.as_mut(), &mut input_mapping.layout);
    Ok(Opened { base, input_src, input: input_mapping, written, input_sheet })
}

/// Narrows an input's layout and projection to the cells matching reads:
/// the kept columns are read again, by the results pass, only.
fn for_matching(src: &mut dyn Source, layout: &mut Layout) {
    *layout = layout.for_matching();
    src.project(layout.columns().to_vec());
}

/// Opens a base file (a workbook at the sheet named, or its first) and maps its columns.
pub fn open_base(path: &Path, sheet: Option<&str>, config: &Config, notes: &dyn Notes) -> Result<BaseFile> {
    let src = read::open_sheet(path, config.base.encoding, sheet)?;
    map_base(path, src, config, notes)
}

/// Maps the columns of an opened base file.
fn map_base(path: &Path, mut src: Box<dyn Source>, config: &Config, notes: &dyn Notes) -> Result<BaseFile> {
    note_encoding(notes, "base", src.as_ref(), config.base.encoding.is_some());
    let layout = base_mapping(path, src.as_mut(), config, notes)?;
    Ok(BaseFile { src, layout, rejects: None })
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
    let bar = Progress::new(progress, "base", file.src.unit());
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

/// Normalises and indexes the base, builds the blocks, reads where its
/// persons live when the input gives places (from `base_residence`, else
/// the snapshot's), and estimates the model from the input's first rows
/// (read again from `input`).
pub fn prepare(
    opened: &mut Opened,
    (input, input_encoding): (&Path, Option<Encoding>),
    base_residence: Option<&Path>,
    config: &Config,
    progress: bool,
    notes: &dyn Notes,
) -> Result<Prepared> {
    let (mut base, blocks, stages) = match &mut opened.base {
        BaseInput::File(file) => index_base(file, config, progress, notes)?,
        BaseInput::Snapshot(dir) => {
            let mut watch = Stopwatch::after(Vec::new());
            let step = Progress::step(progress, "snapshot");
            // A damaged table makes polars panic on some files: an error naming the snapshot,
            // and the damaged table when its checksum tells.
            let damaged = "a table of the snapshot is damaged (its reader stopped on it); make the snapshot \
                           again with `doisoat index`";
            let (base, blocks) = crate::read::parquet::guarded_with(dir, damaged, || {
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
    // An exam's home commune and school province are evidence of who the
    // candidate is; a residence export's commune is what its check judges,
    // and a credit export reads no history.
    if opened.input.kind == Kind::Exam && PLACE_ROLES.iter().any(|&r| opened.input.layout.has(r)) {
        let step = Progress::step(progress, "places");
        let homes = homes(&opened.base, &base, base_residence, config)?;
        base.set_homes(homes);
        step.finish();
        watch.lap("places");
    }
    let step = Progress::step(progress, "model");
    // The input read again from its start, through the mapping `open` made.
    let mut src = read::open_sheet(input, input_encoding, opened.input_sheet.as_deref())?;
    let layout = opened.input.layout.clone();
    src.project(layout.columns().to_vec());
    let mut rules = config.input_rules();
    let rows = src.next_batch(MODEL_SAMPLE_ROWS)?.unwrap_or_default();
    let identities = |rules: &Rules| -> Vec<Identity> {
        rows.par_iter()
            .filter(|row| row.malformed.is_none())
            .map(|row| layout.identity(&row.cells, rules))
            .collect()
    };
    let mut sample = identities(&rules);
    if config.input.name_order.is_none() && layout.has(Role::Name) {
        let found = name_order::evidence(&base, sample.iter().map(|i| &i.name));
        if found.given_first() {
            notes.note(&format!(
                "input names      read given name first (of the first {} names, {} have a first word the base \
                 holds last and a last word it holds first, {} the other way round; [input] name_order = \
                 \"surname_first\" says otherwise)",
                count(found.names),
                count(found.reversed),
                count(found.as_written)
            ));
            rules.name_order = NameOrder::GivenFirst;
            sample = identities(&rules);
        }
    }
    let m = &config.matching;
    let model = crate::compare::estimate::estimate(&base, &blocks, &sample, m.expected_match_share);
    step.finish();
    watch.lap("model");
    // Rules added for this input search for its rows; the model is learnt
    // from the default rules' pairs alone (a block on a field makes random
    // pairs agree on it, which EM over its pairs would take for matches).
    let added = added_rules(config, &opened.input.layout);
    let mut blocks = blocks;
    if !added.is_empty() {
        let step = Progress::step(progress, "added_blocks");
        blocks.extend(&base, added);
        step.finish();
        watch.lap("added_blocks");
    }
    let policy = Policy {
        dob: opened.input.layout.has(Role::Dob),
        id_structure: config.id_scheme == IdScheme::Vn,
        link_threshold: m.link_threshold,
        ambiguity_margin: m.ambiguity_margin,
        link_without_id: m.link_without_id,
        max_candidates: m.max_candidates,
    };
    let prune = Prune::new(&model, policy.ambiguity_margin);
    Ok(Prepared { base, blocks, model, policy, prune, stages: watch.stages(), input_rules: rules })
}

/// The input roles that place a row: weighed against where the base's persons live.
const PLACE_ROLES: [Role; 3] = [Role::Commune, Role::Province, Role::SchoolProvince];

/// Where the persons of `base` live and lived: from the history file
/// `base_residence` when given, else from the snapshot's history, else
/// the province of each one's birth registration alone.
fn homes(
    given: &BaseInput,
    base: &BaseIndex,
    base_residence: Option<&Path>,
    config: &Config,
) -> Result<Homes> {
    let by_id = config.id_scheme == IdScheme::Vn;
    match (base_residence, given) {
        (Some(path), _) => {
            let (history, _) =
                Residence::load(path, &config.base_residence, config.id_scheme, base, &|_| true)?;
            Ok(Homes::new(base, Some(&history), by_id))
        }
        (None, BaseInput::Snapshot(dir)) => {
            let print = super::history::history_settings(config).fingerprint;
            let damaged =
                "the snapshot's homes table is damaged (its reader stopped on it); make the snapshot \
                           again with `doisoat index`";
            crate::read::parquet::guarded_with(dir, damaged, || {
                snapshot::read_homes(dir, base, &print, by_id)
            })
            .map_err(|e| snapshot::verify(dir).err().unwrap_or(e))
        }
        (None, BaseInput::File(_)) => Ok(Homes::new(base, None, by_id)),
    }
}

/// Notes that go nowhere (a second reading of a file already reported).
pub struct Silent;

impl Notes for Silent {
    fn note(&self, _: &str) {}
}
