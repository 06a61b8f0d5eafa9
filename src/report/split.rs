//! `--split-by COLUMN`: one file per value of an input column under
//! `DIR/split/`, holding only the rows someone has to act on (action not
//! `none`), each with what to do and why in words, the base's name and
//! date of birth for the linked person, and the suggested ID — ready to
//! send back to a branch or a school. `split/index.csv` lists the files.
//!
//! Values are split as the reports group them: one file per
//! [`group_value::key`] (`NU`, `Nữ` and `nữ` are one file), named and listed
//! by the value's most frequent spelling. Files are written as rows arrive,
//! under names of their own, and renamed at the end; at most [`MAX_OPEN`]
//! stay open (the others are closed and reopened to append), so any number
//! of values works. With `--split-format xlsx` each file becomes a workbook
//! at the end.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use super::group_value::{self, Spellings};
use super::results::inert;
use super::words::Lang;
use crate::error::{Error, Result};
use crate::index::residence::Period;
use crate::normalize::day::{to_ymd, Day, OPEN};
use crate::normalize::DateOrder;
use crate::output::xlsx::{Cell, Workbook, SHEET_ROWS};

/// Split files kept open at once.
const MAX_OPEN: usize = 64;

/// The split files' format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SplitFormat {
    /// CSV (UTF-8 with a byte-order mark, so Excel shows Vietnamese right).
    #[default]
    Csv,
    /// An Excel workbook, every cell text.
    Xlsx,
}

/// The columns of a split file: doisoat's, the kind's check column
/// (`supported_area`, `overlap_days`: what the exam's and the residence's
/// reasons cite) when it has one, with `base_period` the base's side of a
/// residence row ([`period_cells`]), then the input's kept columns.
pub fn headers(
    lang: Lang,
    has_key: bool,
    check: Option<&str>,
    base_period: bool,
    keep: &[String],
) -> Vec<String> {
    let vi = lang == Lang::Vi;
    let mut h = vec!["row".to_string()];
    if has_key {
        h.push("key".into());
    }
    h.extend(["status", "action"].map(String::from));
    h.push(if vi { "viec_can_lam" } else { "what_to_do" }.into());
    h.push("reasons".into());
    h.push(if vi { "ly_do" } else { "reasons_in_words" }.into());
    h.extend(["person_id", "suggested_id", "candidates"].map(String::from));
    h.push(if vi { "ho_ten_csdl" } else { "base_name" }.into());
    h.push(if vi { "ngay_sinh_csdl" } else { "base_dob" }.into());
    h.extend(check.map(String::from));
    if base_period {
        let names = if vi {
            ["ma_tinh_csdl", "ma_xa_csdl", "tu_ngay_csdl", "den_ngay_csdl"]
        } else {
            ["base_province", "base_commune", "base_from", "base_to"]
        };
        h.extend(names.map(String::from));
    }
    h.extend(keep.iter().cloned());
    h
}

/// The base period a residence row's reason is about, as the export
/// writes one: province (`038`), commune (`38003`), first day and end
/// (`dd/mm/yyyy`; no end: still current). All empty without one.
pub fn period_cells(period: Option<&Period>) -> [String; 4] {
    let Some(p) = period else { return Default::default() };
    let place = p.place();
    let date = |d: Day| {
        let (y, m, day) = to_ymd(d);
        format!("{day:02}/{m:02}/{y}")
    };
    [
        if place.province == 0 { String::new() } else { format!("{:03}", place.province) },
        if place.commune == 0 { String::new() } else { format!("{:05}", place.commune) },
        date(p.from),
        if p.to == OPEN { String::new() } else { date(p.to) },
    ]
}

/// One value's file while it is written.
#[derive(Debug, Default)]
struct Part {
    /// Its place among the values, in the order they were met: the name it is written under.
    n: usize,
    /// Rows written.
    rows: u64,
    /// The value's spellings.
    spellings: Spellings,
}

/// The split files being written.
pub struct Splitter {
    dir: PathBuf,
    headers: Vec<String>,
    /// How a workbook writes each column.
    cells: Vec<Cell>,
    format: SplitFormat,
    /// Per value's key: its file.
    files: HashMap<String, Part>,
    /// The files open, by their place.
    open: HashMap<usize, ::csv::Writer<BufWriter<File>>>,
}

impl Splitter {
    /// Starts `dir` (created, mode 0700) with split files of these columns
    /// ([`headers`]); a workbook writes the kept ones as `keep_cells` says,
    /// `row` as a number (as results.xlsx does), the base's date of birth
    /// (written day first) as a date, the others as text.
    pub fn create(
        dir: &Path,
        headers: Vec<String>,
        keep_cells: &[Cell],
        format: SplitFormat,
    ) -> Result<Splitter> {
        crate::output::create_dir(dir)?;
        let fixed = headers.len().saturating_sub(keep_cells.len());
        let cells = headers[..fixed]
            .iter()
            .map(|h| match h.as_str() {
                "row" => Cell::Number,
                "ngay_sinh_csdl" | "base_dob" => Cell::Date(DateOrder::Dmy),
                _ => Cell::Text,
            })
            .chain(keep_cells.iter().copied())
            .collect();
        Ok(Splitter { dir: dir.into(), headers, cells, format, files: HashMap::new(), open: HashMap::new() })
    }

    /// The name a file is written under until [`Splitter::finish`] names it
    /// (hidden, and no value's name: those never start with a dot).
    fn part_path(&self, n: usize) -> PathBuf {
        self.dir.join(format!(".part{n}.csv"))
    }

    /// Adds one row (its cells in [`headers`] order) to the file of `value`.
    pub fn add(&mut self, value: &str, cells: &[String]) -> Result<()> {
        let value = value.trim();
        let met = self.files.len();
        let part =
            self.files.entry(group_value::key(value)).or_insert_with(|| Part { n: met, ..Part::default() });
        part.rows += 1;
        part.spellings.add(value);
        let (n, new) = (part.n, part.rows == 1);
        if !self.open.contains_key(&n) {
            if self.open.len() >= MAX_OPEN {
                // One file closed (flushed) to make room; it is reopened to append when needed.
                let closed = self.open.keys().next().copied().expect("files are open");
                let mut w = self.open.remove(&closed).expect("open");
                w.flush().map_err(|e| Error::io(self.part_path(closed), "writing", e))?;
            }
            let path = self.part_path(n);
            let file = if new {
                crate::output::create_private(&path)?
            } else {
                OpenOptions::new().append(true).open(&path).map_err(|e| Error::io(&path, "reopening", e))?
            };
            let mut out = BufWriter::new(file);
            if new {
                use std::io::Write;
                out.write_all(b"\xEF\xBB\xBF").map_err(|e| Error::io(&path, "writing", e))?;
            }
            let mut w = ::csv::Writer::from_writer(out);
            if new {
                w.write_record(&self.headers).map_err(|e| Error::io(&path, "writing", e.into()))?;
            }
            self.open.insert(n, w);
        }
        let path = self.part_path(n);
        let w = self.open.get_mut(&n).expect("opened");
        let cells: Vec<std::borrow::Cow<'_, str>> = cells.iter().map(|c| inert(c)).collect();
        w.write_record(cells.iter().map(|c| c.as_bytes())).map_err(|e| Error::io(path, "writing", e.into()))
    }

    fn close_all(&mut self) -> Result<()> {
        for (n, mut w) in std::mem::take(&mut self.open) {
            w.flush().map_err(|e| Error::io(self.part_path(n), "writing", e))?;
        }
        Ok(())
    }

    /// Closes every file and names it by its value's most frequent
    /// spelling (converting to workbooks for xlsx), writes `index.csv`, and
    /// returns each file's name under `split/` with its rows, the index first.
    pub fn finish(mut self) -> Result<Vec<(String, u64)>> {
        self.close_all()?;
        // Named in the order the values were met: a value spelt one way is named as it always was.
        let mut parts: Vec<Part> = self.files.drain().map(|(_, part)| part).collect();
        parts.sort_by_key(|p| p.n);
        let mut taken = HashSet::from(["index".to_string()]);
        let mut files: Vec<(String, String, u64)> = Vec::with_capacity(parts.len());
        for part in parts {
            let value = part.spellings.shown().to_string();
            let stem = unique_stem(&value, &mut taken);
            let (from, to) = (self.part_path(part.n), self.dir.join(format!("{stem}.csv")));
            std::fs::rename(&from, &to).map_err(|e| Error::io(&to, "naming", e))?;
            files.push((value, stem, part.rows));
        }
        files.sort();
        let ext = match self.format {
            SplitFormat::Csv => "csv",
            SplitFormat::Xlsx => "xlsx",
        };
        if self.format == SplitFormat::Xlsx {
            for (_, stem, _) in &files {
                to_workbook(&self.dir.join(format!("{stem}.csv")), &self.headers, &self.cells)?;
            }
        }
        let index = self.dir.join("index.csv");
        let mut w = ::csv::Writer::from_writer(BufWriter::new(crate::output::create_private(&index)?));
        let io = |e: ::csv::Error| Error::io(&index, "writing", e.into());
        w.write_record(["value", "file", "rows"]).map_err(io)?;
        let mut out = vec![("index.csv".to_string(), files.len() as u64)];
        for (value, stem, rows) in files {
            let name = format!("{stem}.{ext}");
            w.write_record([&*inert(&value), name.as_str(), rows.to_string().as_str()]).map_err(io)?;
            out.push((name, rows));
        }
        w.flush().map_err(|e| Error::io(&index, "writing", e))?;
        Ok(out)
    }
}

/// Rewrites a split CSV as a workbook beside it (its columns written as
/// `cells` says) and removes the CSV.
fn to_workbook(csv_path: &Path, headers: &[String], cells: &[Cell]) -> Result<()> {
    let mut r = ::csv::ReaderBuilder::new()
        .from_path(csv_path)
        .map_err(|e| Error::io(csv_path, "reading", e.into()))?;
    let mut book = Workbook::create(&csv_path.with_extension("xlsx"), "doisoat", headers, cells, SHEET_ROWS)?;
    for record in r.records() {
        let record = record.map_err(|e| Error::io(csv_path, "reading", e.into()))?;
        // A workbook's text cells are no formulas: the CSV's guarding quote goes.
        let cells: Vec<&str> = record
            .iter()
            .map(|c| c.strip_prefix('\'').filter(|rest| inert(rest) != *rest).unwrap_or(c))
            .collect();
        book.write_row(&cells)?;
    }
    book.finish()?;
    crate::output::remove_if_present(csv_path)
}

/// Names Windows keeps for devices: a file so named cannot be opened there.
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
    "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A file name for a value: letters folded to ASCII, anything else `_`,
/// at most 80 bytes; `_empty` for an empty value; `-2`, `-3` … when two
/// values fold to one name.
fn unique_stem(value: &str, taken: &mut HashSet<String>) -> String {
    let mut stem: String = value
        .chars()
        .map(crate::normalize::text::fold_char)
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .take(80)
        .collect();
    if stem.trim_matches('_').is_empty() {
        stem = if value.is_empty() { "_empty".into() } else { "_".into() };
    }
    if RESERVED.contains(&stem.to_ascii_lowercase().as_str()) {
        stem.push('_');
    }
    let mut candidate = stem.clone();
    let mut n = 1;
    while !taken.insert(candidate.to_ascii_lowercase()) {
        n += 1;
        candidate = format!("{stem}-{n}");
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_get_safe_distinct_file_names() {
        let mut taken = HashSet::from(["index".to_string()]);
        assert_eq!(unique_stem("CN030", &mut taken), "CN030");
        assert_eq!(unique_stem("Hà Nội", &mut taken), "Ha_Noi");
        assert_eq!(unique_stem("Ha Noi", &mut taken), "Ha_Noi-2");
        assert_eq!(unique_stem("../../etc/passwd", &mut taken), "______etc_passwd");
        assert_eq!(unique_stem("", &mut taken), "_empty");
        assert_eq!(unique_stem("index", &mut taken), "index-2");
        assert_eq!(
            unique_stem("cn030", &mut taken),
            "cn030-2",
            "names differing by case only clash on some systems"
        );
        assert_eq!(unique_stem(&"x".repeat(200), &mut taken).len(), 80);
        assert_eq!(unique_stem("CON", &mut taken), "CON_");
        assert_eq!(unique_stem("Lpt1", &mut taken), "Lpt1_");
    }

    #[test]
    fn cells_are_never_formulas() {
        assert_eq!(inert("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(inert("+84 90"), "'+84 90");
        assert_eq!(inert("@SUM"), "'@SUM");
        assert_eq!(inert("-x"), "'-x");
        assert_eq!(inert("-1234.5"), "-1234.5");
        assert_eq!(inert("CN030"), "CN030");
        assert_eq!(inert(""), "");
    }

    #[test]
    fn rows_go_to_their_value_s_file_whatever_the_number_of_values() {
        let dir = tempfile::tempdir().unwrap();
        let headers = vec!["row".to_string(), "v".to_string()];
        let mut s = Splitter::create(&dir.path().join("split"), headers, &[], SplitFormat::Csv).unwrap();
        for i in 0..(MAX_OPEN * 3) as u64 {
            let value = format!("B{}", i % (MAX_OPEN as u64 + 7));
            s.add(&value, &[i.to_string(), value.clone()]).unwrap();
        }
        let files = s.finish().unwrap();
        assert_eq!(files.len(), MAX_OPEN + 7 + 1);
        let b0 = std::fs::read_to_string(dir.path().join("split/B0.csv")).unwrap();
        let lines: Vec<&str> = b0.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[0], "row,v");
        assert_eq!(lines[1..].len() as u64, files.iter().find(|f| f.0 == "B0.csv").unwrap().1);
        assert!(lines[1..].iter().all(|l| l.ends_with(",B0")), "{lines:?}");
        let index = std::fs::read_to_string(dir.path().join("split/index.csv")).unwrap();
        assert!(index.starts_with("value,file,rows\nB0,B0.csv,"));
    }

    #[test]
    fn spellings_of_one_value_go_to_one_file_named_by_the_most_frequent() {
        let dir = tempfile::tempdir().unwrap();
        let headers = vec!["row".to_string(), "v".to_string()];
        let mut s = Splitter::create(&dir.path().join("split"), headers, &[], SplitFormat::Csv).unwrap();
        for (i, value) in ["NU", "CN01", "Nữ", " nữ", "Nữ", ""].iter().enumerate() {
            s.add(value, &[i.to_string(), value.to_string()]).unwrap();
        }
        let files = s.finish().unwrap();
        let names: Vec<(&str, u64)> = files.iter().map(|(f, n)| (f.as_str(), *n)).collect();
        assert_eq!(names, [("index.csv", 3), ("_empty.csv", 1), ("CN01.csv", 1), ("Nu.csv", 4)]);
        let nu = std::fs::read_to_string(dir.path().join("split/Nu.csv")).unwrap();
        assert_eq!(nu.trim_start_matches('\u{feff}').lines().count(), 5, "the header and four rows: {nu}");
        let index = std::fs::read_to_string(dir.path().join("split/index.csv")).unwrap();
        assert_eq!(index, "value,file,rows\n,_empty.csv,1\nCN01,CN01.csv,1\nNữ,Nu.csv,4\n");
        let left: Vec<String> = std::fs::read_dir(dir.path().join("split"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(left.is_empty(), "no file left under its working name: {left:?}");
    }
}
