//! `doisoat encode` and `doisoat index --encoded`: a file's rows read and
//! normalised exactly as `reconcile` reads them, then encoded under the
//! shared key and written as one Parquet file ([`super::file`]).

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

use super::file::{Header, Side, Writer};
use super::key::Key;
use super::rarity::{name_rule, name_rule_at, NameCounts, EXTRA_SHIFT};
use super::record::{Encoder, Params, Record, FIELDS, VERSION};
use crate::classify::{fault_reason, own_reasons};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::index::blocking::Rule;
use crate::normalize::{normalize_id, IdScheme, Rules};
use crate::pipeline::{load_config, mapping, setup, Notes, Silent, BATCH_ROWS};
use crate::progress::Progress;
use crate::read::encoding::Encoding;
use crate::read::mapping::{Layout, Role};
use crate::read::prefetch::each_batch;
use crate::read::{self, Row, Source};

/// What `doisoat encode` (or `index --encoded`) was asked to do.
#[derive(Debug, Clone)]
pub struct EncodeOptions {
    /// The export, or the base.
    pub input: PathBuf,
    /// Which it is.
    pub side: Side,
    /// The shared key's file.
    pub key_file: PathBuf,
    /// The encoded file to write (`.parquet`).
    pub out: PathBuf,
    /// The configuration (the same one `reconcile` would be given).
    pub config: Option<PathBuf>,
    /// The text encoding, when given on the command line (the export's side).
    pub encoding: Option<Encoding>,
    /// The sheet of a workbook.
    pub sheet: Option<String>,
    /// The bits flipped per filter, when not the default (0: not hardened; for measurement).
    pub flips: Option<u32>,
    /// Draw progress (on a terminal only).
    pub progress: bool,
}

/// What was encoded.
#[derive(Debug, Clone, Copy)]
pub struct Encoded {
    /// Rows read.
    pub rows: u64,
    /// Records written (the base's rows without a usable ID are left out).
    pub written: u64,
    /// Seconds.
    pub seconds: f64,
}

/// Encodes a file.
pub fn encode(opts: &EncodeOptions, notes: &dyn Notes) -> Result<Encoded> {
    let started = Instant::now();
    crate::pipeline::guards::refuse_missing([
        ("--input", Some(opts.input.as_path())),
        ("--key-file", Some(opts.key_file.as_path())),
        ("--config", opts.config.as_deref()),
    ])?;
    if !opts.out.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet")) {
        return Err(Error::Usage(format!(
            "--out {}: an encoded file is Parquet; name it with .parquet",
            opts.out.display()
        )));
    }
    if opts.out == opts.input {
        return Err(Error::Usage("--out names the file being encoded: name another file".into()));
    }
    let key = Key::load(&opts.key_file)?;
    let config = load_config(opts.config.as_deref())?;
    let mut params = Params::default();
    if let Some(flips) = opts.flips {
        params.flips = flips;
        params.check().map_err(|what| Error::Usage(format!("--flips {flips}: {what}; 8 at the most")))?;
    }
    let (mut src, layout, rules) = open(opts, &config, notes)?;
    let fields: Vec<String> = config.compare.iter().map(|c| c.base.clone()).collect();
    let block_rules = config.block_rules();
    // The base's names counted first: how rare each is ([`super::rarity`]),
    // for the linkage to weigh with the name rule's blocks (without the
    // rule, nothing would read it).
    let texts: Vec<&str> = block_rules.iter().map(|r| r.text.as_str()).collect();
    let names = match opts.side {
        Side::Base if name_rule_at(&texts).is_some() => Some(count_names(opts, &config)?),
        _ => None,
    };
    let rules_count = block_rules.len();
    let header = Header {
        version: VERSION,
        side: opts.side,
        key_check: key.check_value(),
        params,
        blocks: block_rules.iter().map(|r| r.text.clone()).collect(),
        fields: fields.clone(),
        doisoat: env!("CARGO_PKG_VERSION").into(),
    };
    let encoder = Encoder::new(&key, params, block_rules, &fields);
    let mut writer = Writer::create(&opts.out, header)?;
    let bar = Progress::new(opts.progress, "encode", src.unit());
    let key_is_personal = opts.side == Side::Input && key_is_personal(&layout);
    if key_is_personal {
        notes.note("input key: its column is also read as an ID, a name or a date; rows are keyed by their number instead");
    }
    let job = Job {
        encoder: &encoder,
        layout: &layout,
        rules: &rules,
        side: opts.side,
        config: &config,
        rules_count,
        key_is_personal,
        names: names.as_ref().map(|n| (n, name_rule())),
    };
    let (mut rows, mut written) = (0u64, 0u64);
    each_batch(src.as_mut(), BATCH_ROWS, |batch, (done, total)| {
        let records: Vec<Record> = batch
            .par_chunks(4096)
            .flat_map_iter(|chunk| {
                let mut coders = encoder.coders();
                chunk.iter().filter_map(|row| job.record(&mut coders, row)).collect::<Vec<_>>()
            })
            .collect();
        rows += batch.len() as u64;
        written += records.len() as u64;
        writer.write(&records)?;
        bar.set_rows(rows);
        bar.set(done, total);
        Ok(())
    })?;
    bar.finish();
    writer.finish()?;
    if written < rows {
        notes
            .note(&format!("base: {} of {rows} rows left out (unreadable, or no usable ID)", rows - written));
    }
    Ok(Encoded { rows, written, seconds: started.elapsed().as_secs_f64() })
}

/// The base's names counted, in a first pass over the file (its rows
/// without a usable ID left out, as the encoding leaves them out).
fn count_names(opts: &EncodeOptions, config: &Config) -> Result<NameCounts> {
    let (mut src, layout, rules) = open(opts, config, &Silent)?;
    let bar = Progress::new(opts.progress, "names", src.unit());
    let rule = name_rule();
    let mut counts = NameCounts::default();
    each_batch(src.as_mut(), BATCH_ROWS, |batch, (done, total)| {
        let batch_counts = batch
            .par_chunks(4096)
            .map(|chunk| {
                let mut c = NameCounts::default();
                for row in chunk.iter().filter(|r| r.malformed.is_none()) {
                    let person = layout.person(&row.cells, &rules);
                    if person.id.key().is_some() {
                        c.add(&person, &rule);
                    }
                }
                c
            })
            .reduce(NameCounts::default, NameCounts::merge);
        counts = std::mem::take(&mut counts).merge(batch_counts);
        bar.set(done, total);
        Ok(())
    })?;
    bar.finish();
    Ok(counts)
}

/// Opens the file and maps its columns as `reconcile` would, for its side.
fn open(
    opts: &EncodeOptions,
    config: &Config,
    notes: &dyn Notes,
) -> Result<(Box<dyn Source>, Layout, Rules)> {
    let sheet = opts.sheet.as_deref();
    match opts.side {
        Side::Base => {
            let file = setup::open_base(&opts.input, sheet, config, notes)?;
            Ok((file.src, file.layout, config.base_rules()))
        }
        Side::Input => {
            let encoding = config.input.encoding_given(opts.encoding);
            let mut src = read::open_sheet(&opts.input, encoding, sheet)?;
            mapping::note_encoding(notes, "input", src.as_ref(), encoding.is_some());
            let layout = mapping::input_mapping(&opts.input, sheet, src.as_mut(), config, notes)?.layout;
            Ok((src, layout, config.input_rules()))
        }
    }
}

/// One file's encoding settings, shared by the batches.
struct Job<'a> {
    encoder: &'a Encoder,
    layout: &'a Layout,
    rules: &'a Rules,
    side: Side,
    config: &'a Config,
    /// The blocking rules (an unreadable row has a key for none).
    rules_count: usize,
    /// The key column is also read as personal data ([`key_is_personal`]).
    key_is_personal: bool,
    /// The base's names, counted (the base's side), and the name rule.
    names: Option<(&'a NameCounts, Rule)>,
}

impl Job<'_> {
    /// Row `row` encoded; `None` for a base row without a usable ID (the
    /// base's index leaves those out too). An export's row is always
    /// written, an unreadable one with its reason only.
    fn record(&self, coders: &mut super::record::Coders, row: &Row) -> Option<Record> {
        let cells = &row.cells;
        if let Some(fault) = row.malformed {
            return match self.side {
                Side::Base => None,
                Side::Input => Some(Record {
                    key: self.key(row),
                    id: None,
                    old_id: None,
                    blocks: vec![None; self.rules_count],
                    filters: vec![None; FIELDS.len() + self.config.compare.len()],
                    flags: 0,
                    reasons: fault_reason(fault).code().into(),
                }),
            };
        }
        let identity = self.layout.person(cells, self.rules);
        match self.side {
            Side::Base => {
                let id = identity.id.key()?;
                let mut r = self.encoder.record(coders, self.encoder.reference(id), row.number, &identity);
                if let Some((names, rule)) = &self.names {
                    r.flags |= names.extra_bits(&identity, rule) << EXTRA_SHIFT;
                }
                r.old_id = self
                    .layout
                    .get(Role::OldId, cells)
                    .and_then(|s| normalize_id(&s, self.rules.id_scheme).key())
                    .filter(|&k| k != id)
                    .map(|k| self.encoder.id_hash(k));
                Some(r)
            }
            Side::Input => {
                let mut r = self.encoder.record(coders, self.key(row), row.number, &identity);
                let vn = self.rules.id_scheme == IdScheme::Vn;
                r.reasons = own_reasons(&identity, self.layout.has(Role::Dob), vn).joined();
                Some(r)
            }
        }
    }

    /// The export's key for the row: its key column, else (or when that
    /// column is also read as an ID, a name or a date) its row number.
    fn key(&self, row: &Row) -> String {
        match self.layout.get(Role::Key, &row.cells).filter(|_| !self.key_is_personal) {
            Some(k) => k.into_owned(),
            None => row.number.to_string(),
        }
    }
}

/// True when the export's key column is also read as an ID, a name or a
/// date: its values are personal data and stay out of the encoded file.
fn key_is_personal(layout: &Layout) -> bool {
    layout.slots(Role::Key).and_then(|s| s.first()).is_some_and(|&s| {
        layout.roles_at(s).any(|(r, _)| matches!(r, Role::Id | Role::OldId | Role::Name | Role::Dob))
    })
}
