//! Stage 6: the input read again beside each row's outcome — the results
//! file, the reports' row-by-row counts, and the split files for data owners.

use std::borrow::Cow;
use std::path::Path;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use rayon::prelude::*;

use super::checks::{Checked, Checks};
use super::mapping::InputMapping;
use super::options::Settings;
use super::spill::{Kept, Spill};
use super::{ReconcileOptions, ReportOptions, BATCH_ROWS};
use crate::classify::crossrow::CrossFlags;
use crate::classify::{self, Action, Status, Verdict};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::index::residence::Period;
use crate::index::BaseIndex;
use crate::output::xlsx::Cell;
use crate::progress::{Progress, Unit};
use crate::read::kind::Kind;
use crate::read::mapping::{header_form, headers_seen, Layout, Role};
use crate::read::prefetch::each_batch;
use crate::read::{self, Row, RowFault};
use crate::report::digest::Digest;
use crate::report::mask::{self, Hide, Mask};
use crate::report::split::{self, Splitter};
use crate::report::{ResultRecord, ResultsWriter, Tally};

/// What the write pass wrote and counted.
pub(super) struct Written {
    /// The results file's name and rows, and its size and SHA-256 when
    /// taken as it was written.
    pub results: crate::report::results::Finished,
    /// Rows per status, action and reason.
    pub tally: Tally,
    /// The reports' counts.
    pub digest: Digest,
    /// The split files (under `split/`) and their rows.
    pub split: Vec<(String, u64)>,
    /// The grouping column's header, when grouping.
    pub group_header: Option<String>,
}

/// Writes the results (and split files) for the rows whose outcomes are in `spill`.
pub(super) fn write_pass(
    settings: &Settings,
    staged: &Path,
    input_mapping: (&InputMapping, Layout),
    base: &BaseIndex,
    (flags, checks): (&[CrossFlags], &Checks),
    spill: &Spill,
) -> Result<Written> {
    let input = &settings.opts.input;
    let (mut input_src, mut pass) = Pass::open(settings, staged, input_mapping, base, checks)?;
    // The rows are known now: the write pass counts them.
    let bar = Progress::new(settings.opts.progress, "write", Unit::Rows);
    let mut outcomes = spill.reader()?;
    each_batch(input_src.as_mut(), BATCH_ROWS, |batch, _| {
        // More rows than the match pass read: the file changed in between.
        if pass.rows + batch.len() > flags.len() {
            return Err(read::changed(input));
        }
        let kept = (0..batch.len()).map(|_| outcomes.next()).collect::<Result<Vec<Kept>>>()?;
        pass.batch(batch, kept, flags)?;
        bar.set(pass.rows as u64, flags.len() as u64);
        Ok(())
    })?;
    bar.finish();
    if pass.rows != flags.len() {
        return Err(read::changed(input));
    }
    pass.finish()
}

/// The write pass under way: how rows are shown and masked, where they
/// go, and what has been counted.
struct Pass<'a> {
    report: &'a ReportOptions,
    base: &'a BaseIndex,
    checks: &'a Checks,
    layout: Layout,
    /// The grouping column's header, when grouping.
    group_header: Option<String>,
    has_key: bool,
    kind: Kind,
    /// How each kept column is masked, and the key.
    hides: Vec<Hide>,
    key_hide: Hide,
    /// An unreadable row's: its cells may have shifted, none is known to
    /// be what its column says.
    unknown: Vec<Hide>,
    group: Option<Column>,
    split: Option<Column>,
    writer: ResultsWriter,
    splitter: Option<Splitter>,
    tally: Tally,
    digest: Digest,
    /// Rows written so far.
    rows: usize,
}

impl<'a> Pass<'a> {
    /// The input opened again (its columns mapped as the match pass mapped
    /// them, `layout` the whole of it, with the grouping and splitting
    /// ones), and the files created.
    fn open(
        settings: &'a Settings,
        staged: &Path,
        (mapping, mut layout): (&InputMapping, Layout),
        base: &'a BaseIndex,
        checks: &'a Checks,
    ) -> Result<(Box<dyn read::Source>, Pass<'a>)> {
        let (opts, config) = (&settings.opts, &settings.config);
        let mut input_src = read::open_sheet(&opts.input, settings.encoding, opts.sheets.input.as_deref())?;
        let keep = &mapping.keep;
        let headers = input_src.headers().to_vec();
        let report = &opts.report;
        let find = |name: &Option<String>, flag, layout: &mut Layout| {
            Column::find(&opts.input, &headers, name.as_deref(), flag, layout, report.mask)
        };
        let group = find(&report.group_by, "--group-by", &mut layout)?;
        let split = find(&report.split_by, "--split-by", &mut layout)?;
        input_src.project(layout.columns().to_vec());
        let (has_key, kind) = (mapping.has_key, mapping.kind);
        let hides: Vec<Hide> = layout.kept_roles().into_iter().map(Hide::of).collect();
        // The key is masked too when its column is also read as an ID or a name.
        let key_hide = layout.slots(Role::Key).and_then(|s| s.first()).map_or(Hide::Nothing, |&s| {
            layout
                .roles_at(s)
                .map(|r| Hide::of(Some(r)))
                .find(|h| *h != Hide::Nothing)
                .unwrap_or(Hide::Nothing)
        });
        let unknown = vec![Hide::Shape; hides.len()];
        let keep_cells = keep_cells(&layout, config);
        let column = checks.column();
        let writer =
            ResultsWriter::create(staged, opts.format, has_key, column, keep, &keep_cells, opts.excel_csv)?;
        let splitter = match split {
            Some(_) => Some(Splitter::create(
                &staged.join("split"),
                split::headers(report.lang, has_key, column, kind == Kind::Residence, keep),
                &keep_cells,
                report.split_format,
            )?),
            None => None,
        };
        let digest = Digest::new(group.is_some());
        let pass = Pass {
            report,
            base,
            checks,
            layout,
            group_header: group.map(|c| headers[c.column].clone()),
            has_key,
            kind,
            hides,
            key_hide,
            unknown,
            group,
            split,
            writer,
            splitter,
            tally: Tally::default(),
            digest,
            rows: 0,
        };
        Ok((input_src, pass))
    }

    /// One batch of rows, each with its outcome (`kept`): checked, given
    /// its verdict, counted and written.
    fn batch(&mut self, batch: Vec<Row>, kept: Vec<Kept>, flags: &[CrossFlags]) -> Result<()> {
        let (i, checks, base, layout) = (self.rows, self.checks, self.base, &self.layout);
        // The kind's check of each linked row (none for a credit export, nor
        // when the check was skipped).
        let checked: Vec<Checked> = if checks.runs() {
            batch
                .par_iter()
                .zip(&kept)
                .enumerate()
                .map(|(j, (row, k))| checks.row(i + j, k.status, k.person, base, layout, &row.cells))
                .collect()
        } else {
            Vec::new()
        };
        // Each row's verdict, finished: the match's reasons, the other rows', the check's.
        let verdicts: Vec<Verdict> = (kept.iter().enumerate())
            .map(|(j, k)| {
                let check = checked.get(j).map(|c| c.reasons).unwrap_or_default();
                classify::finish(k.status, [k.reasons, flags[i + j].reasons(), check])
            })
            .collect();
        for (j, (row, (k, &v))) in batch.iter().zip(kept.iter().zip(&verdicts)).enumerate() {
            if let Some(c) = checked.get(j) {
                if let Some((declared, supported)) = c.areas {
                    self.digest.areas.add(declared, supported);
                }
                if let Some((claims, school)) = &c.claims {
                    self.digest.areas.add_claims(*claims, school.as_ref());
                }
            }
            self.tally.add(v);
            self.digest.add(v, k.score, self.group.map(|c| c.value(row)).as_deref());
        }
        type Split = Option<(String, Vec<String>)>;
        let (report, kind, has_key, split) = (self.report, self.kind, self.has_key, self.split);
        let (hides, key_hide, unknown) = (&self.hides, self.key_hide, &self.unknown);
        let rows: Vec<(ResultRecord, Split)> = batch
            .into_par_iter()
            .zip(kept.par_iter().zip(&verdicts))
            .enumerate()
            .map(|(j, (row, (k, &v)))| {
                let (key_hide, hides) =
                    if shifted(&row) { (Hide::Shape, unknown) } else { (key_hide, hides) };
                // Only a row someone has to act on goes to a split file.
                let value = split.filter(|_| v.action != Action::None).map(|c| c.value(&row).into_owned());
                let mut rec = record(row, k, v, layout, has_key, base);
                // The kind's column is there (empty) even when its check was skipped.
                rec.check =
                    checks.column().map(|_| checked.get(j).map(|c| c.value.clone()).unwrap_or_default());
                let period = checked.get(j).and_then(|c| c.base_period);
                let cells = value.map(|value| {
                    (value, split_row(&rec, (k, v), base, (report, kind, period), key_hide, hides))
                });
                if report.mask.results() {
                    mask::record(&mut rec, key_hide, hides);
                }
                (rec, cells)
            })
            .collect();
        self.rows += rows.len();
        if let Some(s) = self.splitter.as_mut() {
            for (value, cells) in rows.iter().filter_map(|r| r.1.as_ref()) {
                s.add(value, cells)?;
            }
        }
        self.writer.write(rows.into_iter().map(|r| r.0).collect())
    }

    /// The files completed, and what was counted.
    fn finish(self) -> Result<Written> {
        let results = self.writer.finish()?;
        let split = self.splitter.map(Splitter::finish).transpose()?.unwrap_or_default();
        let group_header = self.group_header;
        Ok(Written { results, tally: self.tally, digest: self.digest, split, group_header })
    }
}

/// How each kept column is written to a workbook: the export's dates as
/// dates (read in its date order), its other columns by their values
/// (amounts as numbers, ISO dates as dates); IDs, keys, names and codes as text.
fn keep_cells(layout: &Layout, config: &Config) -> Vec<Cell> {
    let order = layout.date_order(&config.input_rules());
    layout
        .kept_roles()
        .into_iter()
        .map(|role| match role {
            None => Cell::Auto,
            Some((
                Role::Dob | Role::DeathDate | Role::RecordDate | Role::PeriodStart | Role::PeriodEnd,
                _,
            )) => Cell::Date(order),
            Some(_) => Cell::Text,
        })
        .collect()
}

/// Finds the `--group-by` and `--split-by` columns in the input's
/// `headers` before any work, so a wrong name, or a column `--mask`
/// refuses, stops the run at once (the write pass finds them again).
pub(super) fn check_columns(opts: &ReconcileOptions, headers: &[String], layout: &Layout) -> Result<()> {
    let mut layout = layout.clone();
    for (name, flag) in [(&opts.report.group_by, "--group-by"), (&opts.report.split_by, "--split-by")] {
        Column::find(&opts.input, headers, name.as_deref(), flag, &mut layout, opts.report.mask)?;
    }
    Ok(())
}

/// A column whose values group or split the rows.
#[derive(Debug, Clone, Copy)]
struct Column {
    /// Its index in the file.
    column: usize,
    /// Its slot in a projected row.
    slot: usize,
}

/// Group and split values are kept to this many characters.
const VALUE_CHARS: usize = 100;

impl Column {
    /// The input column `name` (given with `flag`), added to the layout's
    /// projection: the header as written, else the one header that reads
    /// the same as headers are detected (case, accents and separators aside).
    /// With `--mask`, a column holding IDs or names is refused: its values
    /// would name the files and the report's rows.
    fn find(
        path: &Path,
        headers: &[String],
        name: Option<&str>,
        flag: &str,
        layout: &mut Layout,
        mask: Mask,
    ) -> Result<Option<Column>> {
        let Some(name) = name else { return Ok(None) };
        let error =
            |why: String| Error::Mapping { path: path.into(), message: format!("{flag} {name}: {why}") };
        let alike: Vec<usize> =
            (0..headers.len()).filter(|&i| header_form(&headers[i]) == header_form(name)).collect();
        let column = match (headers.iter().position(|h| h == name), alike.as_slice()) {
            (Some(i), _) | (None, &[i]) => i,
            (None, []) => {
                return Err(error(format!("no such column. Headers seen: {}", headers_seen(headers))))
            }
            (None, _) => {
                let names: Vec<&str> = alike.iter().map(|&i| headers[i].as_str()).collect();
                return Err(error(format!(
                    "several columns read alike ({}): give one as written",
                    names.join(", ")
                )));
            }
        };
        let slot = layout.slot(column);
        let personal = layout.roles_at(slot).any(|(r, _)| matches!(r, Role::Id | Role::OldId | Role::Name));
        if mask.shared() && personal {
            return Err(error(
                "it holds IDs or names, which --mask hides, and its values would name the split files and the \
                 report's rows: choose a column such as a branch, school or province"
                    .into(),
            ));
        }
        Ok(Some(Column { column, slot }))
    }

    /// A row's value: trimmed, in NFC (`Hà Nội` typed two ways is one
    /// value), at most [`VALUE_CHARS`] characters; empty for a row whose
    /// cells may have shifted.
    fn value(self, row: &Row) -> Cow<'_, str> {
        let cell = row.cells.get(self.slot).filter(|_| !shifted(row)).map_or("", |s| s.trim());
        // Normalised first, then cut: two spellings of one long value cut alike.
        let whole: Cow<'_, str> = if is_nfc_quick(cell.chars()) == IsNormalized::Yes {
            Cow::Borrowed(cell)
        } else {
            Cow::Owned(cell.nfc().collect())
        };
        match whole.char_indices().nth(VALUE_CHARS) {
            Some((at, _)) => Cow::Owned(whole[..at].to_string()),
            None => whole,
        }
    }
}

/// True when a row's cells may not be under their columns: it had the
/// wrong number of fields, or a stray quote cut it to one line.
fn shifted(row: &Row) -> bool {
    matches!(row.malformed, Some(RowFault::FieldCount | RowFault::UnbalancedQuote | RowFault::TooLong))
}

/// One results row.
fn record(
    mut row: Row,
    o: &Kept,
    v: Verdict,
    layout: &Layout,
    has_key: bool,
    base: &BaseIndex,
) -> ResultRecord {
    // An unreadable row still shows its key and kept cells as far as they could be read.
    let ids: Vec<String> = o.candidates.iter().map(|k| k.to_string()).collect();
    let key = has_key.then(|| layout.key(&row.cells).unwrap_or_default());
    ResultRecord {
        row: row.number,
        key,
        status: v.status.code(),
        action: v.action.code(),
        person_id: o.person.map(|p| base.id(p as usize).to_string()).unwrap_or_default(),
        score: o.score,
        reasons: v.reasons.joined(),
        suggested_id: o.suggested.map(|k| k.to_string()).unwrap_or_default(),
        candidates: ids.join("|"),
        check: None,
        keep: layout.take_kept(&mut row.cells),
    }
}

/// A split file's row for a row someone has to act on.
fn split_row(
    rec: &ResultRecord,
    (k, v): (&Kept, Verdict),
    base: &BaseIndex,
    (report, kind, period): (&ReportOptions, Kind, Option<Period>),
    key_hide: Hide,
    hides: &[Hide],
) -> Vec<String> {
    let lang = report.lang;
    let mut rec = rec.clone();
    let person = k.person.map(|p| p as usize).filter(|_| v.status != Status::IdConflict);
    let mut base_name = person.map(|p| title_case(&base.name(p))).unwrap_or_default();
    if report.mask.shared() {
        mask::record(&mut rec, key_hide, hides);
        base_name = mask::name(&base_name);
    }
    let words: Vec<String> = v.reasons.iter().map(|r| lang.reason_of(r, kind).into_owned()).collect();
    let mut cells = vec![rec.row.to_string()];
    cells.extend(rec.key);
    cells.extend([rec.status.to_string(), rec.action.to_string(), lang.action(v.action).to_string()]);
    cells.extend([rec.reasons, words.join(" ")]);
    cells.extend([rec.person_id, rec.suggested_id, rec.candidates, base_name]);
    cells.push(person.and_then(|p| base.dob(p)).map(|d| d.day_month_year()).unwrap_or_default());
    cells.extend(rec.check);
    if kind == Kind::Residence {
        cells.extend(split::period_cells(period.as_ref()));
    }
    cells.extend(rec.keep);
    cells
}

/// A canonical (upper-case) name as names are written: `PHAN MINH BẢO` → `Phan Minh Bảo`.
fn title_case(name: &str) -> String {
    let words: Vec<String> = name
        .split(' ')
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or(String::new(), |first| first.to_string() + &chars.as_str().to_lowercase())
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_names_are_written_as_names_are() {
        assert_eq!(title_case("PHAN MINH BẢO PHONG"), "Phan Minh Bảo Phong");
        assert_eq!(title_case("ĐẶNG ĐỨC"), "Đặng Đức");
        assert_eq!(title_case(""), "");
    }
}
