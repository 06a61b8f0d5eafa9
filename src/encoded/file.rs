//! The encoded file: Parquet, one row per record, the encoding's
//! parameters and version in the file's metadata (`doisoat.encoding`, a
//! JSON [`Header`]); and the same file read back as columns for linkage.

use std::fs::File;
use std::path::Path;

use polars::prelude::*;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::record::{Params, Record, FIELDS, VERSION};
use crate::error::{Error, Result};
use crate::output::Pending;

/// The metadata key the header is written under.
pub const METADATA_KEY: &str = "doisoat.encoding";

/// Which side's records a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// An export's rows (`doisoat encode`).
    Input,
    /// The population base's persons (`doisoat index --encoded`).
    Base,
}

/// What an encoded file says of itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The encoding's version ([`VERSION`]).
    pub version: u32,
    /// Whose records.
    pub side: Side,
    /// [`super::key::Key::check_value`] of the key used: both sides must show the same.
    pub key_check: String,
    /// The filters' shapes and the noise.
    pub params: Params,
    /// The blocking rules, as written, in column order (`block_0` ...).
    pub blocks: Vec<String>,
    /// The extra compared fields, by name, in column order (after [`FIELDS`]).
    pub fields: Vec<String>,
    /// The doisoat version that wrote the file.
    pub doisoat: String,
}

impl Header {
    /// The name of each filter column.
    pub fn filter_columns(&self) -> Vec<String> {
        FIELDS
            .iter()
            .map(|f| format!("f_{f}"))
            .chain(self.fields.iter().map(|f| format!("f_x_{f}")))
            .collect()
    }
}

fn polars_error(path: &Path, e: PolarsError) -> Error {
    Error::data(path, format!("cannot write the encoded file: {e}"))
}

/// An encoded file being written, a batch of records at a time.
pub struct Writer {
    batched: polars::io::parquet::write::BatchedWriter<File>,
    file: File,
    pending: Pending,
    header: Header,
    path: std::path::PathBuf,
}

impl Writer {
    /// Starts `path` (under a temporary name, mode 0600).
    pub fn create(path: &Path, header: Header) -> Result<Writer> {
        let (file, pending) = Pending::create(path)?;
        let handle = file.try_clone().map_err(|e| Error::io(path, "opening", e))?;
        let json = serde_json::to_string(&header).expect("a header serialises");
        let batched = ParquetWriter::new(file)
            .with_compression(ParquetCompression::Zstd(None))
            .with_key_value_metadata(Some(KeyValueMetadata::from_static(vec![(METADATA_KEY.into(), json)])))
            .batched(&schema(&header))
            .map_err(|e| polars_error(path, e))?;
        Ok(Writer { batched, file: handle, pending, header, path: path.into() })
    }

    /// Appends records.
    pub fn write(&mut self, records: &[Record]) -> Result<()> {
        let n = records.len();
        let mut columns: Vec<Column> = vec![
            Column::new("key".into(), records.iter().map(|r| r.key.as_str()).collect::<Vec<_>>()),
            Column::new("id".into(), records.iter().map(|r| r.id).collect::<Vec<_>>()),
            Column::new("old_id".into(), records.iter().map(|r| r.old_id).collect::<Vec<_>>()),
        ];
        for b in 0..self.header.blocks.len() {
            columns.push(Column::new(
                format!("block_{b}").into(),
                records.iter().map(|r| r.blocks[b]).collect::<Vec<_>>(),
            ));
        }
        for (f, name) in self.header.filter_columns().iter().enumerate() {
            let bytes: Vec<Option<Vec<u8>>> = records
                .iter()
                .map(|r| r.filters[f].as_ref().map(|w| w.iter().flat_map(|x| x.to_le_bytes()).collect()))
                .collect();
            let chunked: BinaryChunked = bytes.iter().map(|b| b.as_deref()).collect();
            columns.push(chunked.with_name(name.as_str().into()).into_series().into());
        }
        columns.push(Column::new(
            "flags".into(),
            records.iter().map(|r| u32::from(r.flags)).collect::<Vec<_>>(),
        ));
        columns.push(Column::new(
            "reasons".into(),
            records.iter().map(|r| r.reasons.as_str()).collect::<Vec<_>>(),
        ));
        let df = DataFrame::new(n, columns).map_err(|e| polars_error(&self.path, e))?;
        self.batched.write_batch(&df).map_err(|e| polars_error(&self.path, e))
    }

    /// Ends the file and moves it into place.
    pub fn finish(self) -> Result<()> {
        self.batched.finish().map_err(|e| polars_error(&self.path, e))?;
        self.pending.commit(self.file).map(drop)
    }
}

fn schema(header: &Header) -> Schema {
    let mut fields = vec![
        Field::new("key".into(), DataType::String),
        Field::new("id".into(), DataType::UInt64),
        Field::new("old_id".into(), DataType::UInt64),
    ];
    fields
        .extend((0..header.blocks.len()).map(|b| Field::new(format!("block_{b}").into(), DataType::UInt64)));
    fields.extend(header.filter_columns().into_iter().map(|f| Field::new(f.into(), DataType::Binary)));
    fields.push(Field::new("flags".into(), DataType::UInt32));
    fields.push(Field::new("reasons".into(), DataType::String));
    fields.into_iter().collect()
}

/// The header of `path`, when it is an encoded file (`None`: it is not
/// Parquet, or Parquet without doisoat's encoding metadata).
pub fn header(path: &Path) -> Result<Option<Header>> {
    let is_parquet = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
    if !is_parquet || !path.is_file() {
        return Ok(None);
    }
    let file = File::open(path).map_err(|e| Error::io(path, "opening", e))?;
    // A damaged file is not ours to judge here: its reader says so later.
    let metadata =
        crate::read::parquet::guarded(path, || Ok(ParquetReader::new(file).get_metadata().cloned().ok()));
    let Ok(Some(metadata)) = metadata else { return Ok(None) };
    let Some(json) = metadata
        .key_value_metadata()
        .as_ref()
        .and_then(|kv| kv.iter().find(|kv| kv.key == METADATA_KEY))
        .and_then(|kv| kv.value.clone())
    else {
        return Ok(None);
    };
    let header: Header = serde_json::from_str(&json).map_err(|e| {
        Error::data(path, format!("its encoding metadata cannot be read ({e}): encode the file again"))
    })?;
    if let Err(what) = header.params.check() {
        return Err(Error::data(
            path,
            format!("its encoding metadata names {what}: not a file doisoat wrote; encode it again"),
        ));
    }
    if header.version != VERSION {
        return Err(Error::data(
            path,
            format!(
                "encoded with version {} of the encoding; this doisoat reads version {VERSION}: encode it again",
                header.version
            ),
        ));
    }
    Ok(Some(header))
}

/// An encoded file read into columns.
#[derive(Debug, Default)]
pub struct Table {
    /// Keys (the export's) or references (the base's), one after another.
    keys: String,
    key_ends: Vec<usize>,
    /// ID hashes (0: none).
    pub ids: Vec<u64>,
    /// Old ID hashes (0: none).
    pub old_ids: Vec<u64>,
    /// Per rule, each row's key (0: none).
    pub blocks: Vec<Vec<u64>>,
    /// Per field, each row's filter, `words` words a row (all zero: none).
    pub filters: Vec<Filters>,
    /// Flags per row.
    pub flags: Vec<u8>,
    /// Reasons per row (the export's side).
    pub reasons: Vec<Box<str>>,
    /// Per field, the bits flipped in each record's filter.
    pub flips: Vec<u32>,
    /// Per field, the bits each token sets.
    pub hashes: Vec<u32>,
}

/// One field's filters, row after row.
#[derive(Debug, Default)]
pub struct Filters {
    words: usize,
    data: Vec<u64>,
}

impl Filters {
    /// Row `i`'s filter, `None` when the row has no value.
    pub fn get(&self, i: usize) -> Option<&[u64]> {
        let f = &self.data[i * self.words..(i + 1) * self.words];
        f.iter().any(|w| *w != 0).then_some(f)
    }
}

impl Table {
    /// Rows.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Row `i`'s key.
    pub fn key(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.key_ends[i - 1] };
        &self.keys[start..self.key_ends[i]]
    }

    /// Reads the whole file (`header` is what [`header`] read of it).
    pub fn read(path: &Path, header: &Header) -> Result<Table> {
        crate::read::parquet::guarded_with(path, "damaged encoded file: encode it again", || {
            Table::read_unguarded(path, header)
        })
    }

    fn read_unguarded(path: &Path, header: &Header) -> Result<Table> {
        let damaged =
            |what: String| Error::data(path, format!("{what}: damaged encoded file; encode it again"));
        // One column at a time, each freed once it is in the table's form:
        // the file whole would take as much memory again as the table.
        let read = |name: &str| -> Result<Series> {
            let file = File::open(path).map_err(|e| Error::io(path, "opening", e))?;
            let df = ParquetReader::new(file)
                .with_columns(Some(vec![name.to_string()]))
                .finish()
                .map_err(|e| damaged(format!("column {name} unreadable ({e})")))?;
            let column = df.column(name).map_err(|e| damaged(format!("no column {name} ({e})")))?;
            Ok(column.as_materialized_series().clone())
        };
        let u64s = |name: &str| -> Result<Vec<u64>> {
            let c = read(name)?;
            let c = c.u64().map_err(|e| damaged(format!("column {name} ({e})")))?;
            Ok(c.iter().map(|v| v.unwrap_or(0)).collect())
        };
        let mut t = Table::default();
        for k in read("key")?.str().map_err(|e| damaged(format!("column key ({e})")))?.iter() {
            t.keys.push_str(k.unwrap_or(""));
            t.key_ends.push(t.keys.len());
        }
        t.ids = u64s("id")?;
        t.old_ids = u64s("old_id")?;
        t.blocks = (0..header.blocks.len()).map(|b| u64s(&format!("block_{b}"))).collect::<Result<_>>()?;
        for (f, name) in header.filter_columns().iter().enumerate() {
            let words = header.params.shape(f).words();
            let c = read(name)?;
            let values: Vec<Option<&[u8]>> =
                c.binary().map_err(|e| damaged(format!("column {name} ({e})")))?.iter().collect();
            let mut data = vec![0u64; words * values.len()];
            let sized = data.par_chunks_mut(words).zip(values.par_iter()).all(|(out, v)| match v {
                Some(bytes) if bytes.len() == words * 8 => {
                    for (w, b) in out.iter_mut().zip(bytes.chunks_exact(8)) {
                        *w = u64::from_le_bytes(b.try_into().expect("8 bytes"));
                    }
                    true
                }
                None => true,
                Some(_) => false,
            });
            if !sized {
                return Err(damaged(format!("column {name} holds a filter of another size")));
            }
            t.filters.push(Filters { words, data });
            t.flips.push(header.params.flips);
            t.hashes.push(header.params.shape(f).hashes);
        }
        let flags = read("flags")?;
        t.flags = flags
            .u32()
            .map_err(|e| damaged(format!("column flags ({e})")))?
            .iter()
            .map(|v| v.unwrap_or(0) as u8)
            .collect();
        let reasons = read("reasons")?;
        t.reasons = reasons
            .str()
            .map_err(|e| damaged(format!("column reasons ({e})")))?
            .iter()
            .map(|v| v.unwrap_or("").into())
            .collect();
        let rows = t.ids.len();
        let lengths = [t.key_ends.len(), t.old_ids.len(), t.flags.len(), t.reasons.len()];
        if lengths.iter().any(|&n| n != rows)
            || t.blocks.iter().any(|b| b.len() != rows)
            || t.filters.iter().any(|f| f.data.len() != rows * f.words)
        {
            return Err(damaged("columns of different lengths".into()));
        }
        Ok(t)
    }
}
