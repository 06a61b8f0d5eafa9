//! Excel in and out: `reconcile --format xlsx` read back with calamine,
//! and `--sheet` / `--base-sheet` picking a workbook's sheet by name.

use std::collections::HashMap;
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::util::{read_csv, read_json, repo, Workdir};

/// A workbook's sheets, by name in order, each as rows of cells.
fn sheets(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let range = book.worksheet_range(&n).unwrap();
            (n, range.rows().map(<[Data]>::to_vec).collect())
        })
        .collect()
}

/// A cell as the CSV results write it: text as it is, numbers as doisoat
/// formats them (`row`, `score`) or as the export wrote them (an amount),
/// a date as `dd/mm/yyyy`.
fn as_csv(cell: &Data, column: &str) -> String {
    match (cell, column) {
        (Data::Empty, _) => String::new(),
        (Data::String(s), _) => s.clone(),
        (Data::Float(f), "row") => format!("{f}"),
        (Data::Float(f), "score") => format!("{f:.6}"),
        (Data::Float(f), _) => format!("{f}"),
        (Data::DateTime(d), _) => {
            // Excel's serial days count from 30 December 1899.
            let day = doisoat::normalize::day::from_ymd(1899, 12, 30) + d.as_f64() as u32;
            let (y, m, d) = doisoat::normalize::day::to_ymd(day);
            format!("{d:02}/{m:02}/{y}")
        }
        (other, _) => panic!("column {column}: {other:?} is neither text, a number nor a date"),
    }
}

/// True when a workbook's cell holds what the CSV's text says: the same
/// text, or the same number or date as the text written another way.
fn same(cell: &Data, csv: &str, column: &str) -> bool {
    let got = as_csv(cell, column);
    match cell {
        Data::DateTime(_) => {
            let read =
                |s: &str| doisoat::normalize::date::parse_date(s, Default::default()).ok().map(|d| d.0);
            read(&got).is_some() && read(&got) == read(csv)
        }
        Data::Float(f) if !matches!(column, "row" | "score") => csv.parse::<f64>().is_ok_and(|n| n == *f),
        _ => got == csv,
    }
}

#[cfg(unix)]
#[test]
fn xlsx_results_hold_every_row_as_the_csv_does_with_ids_as_text() {
    use std::os::unix::fs::PermissionsExt;
    let wd = Workdir::new();
    let sample = repo().join("sample-data");
    let (b, i) = (sample.join("population.csv"), sample.join("credit.csv"));
    let (b, i) = (b.to_str().unwrap(), i.to_str().unwrap());
    wd.ok(&["reconcile", "--base", b, "--input", i, "-o", "x", "-q", "--format", "xlsx"]);
    wd.ok(&["reconcile", "--base", b, "--input", i, "-o", "c", "-q"]);
    // The same run a second later writes the same bytes (no creation time in the workbook).
    std::thread::sleep(std::time::Duration::from_millis(1100));
    wd.ok(&["reconcile", "--base", b, "--input", i, "-o", "x2", "-q", "--format", "xlsx"]);
    let bytes = |p: &str| std::fs::read(wd.path(p)).unwrap();
    assert!(bytes("x/results.xlsx") == bytes("x2/results.xlsx"), "results.xlsx byte-identical");

    let book = sheets(&wd.path("x/results.xlsx"));
    assert_eq!(book.len(), 1);
    let (name, rows) = &book[0];
    assert_eq!(name, "results");
    let (headers, csv) = read_csv(&wd.path("c/results.csv"));
    let header: Vec<Data> = headers.iter().map(|h| Data::String(h.clone())).collect();
    assert_eq!(rows[0], header, "the columns of results.csv, in its order");
    let summary = read_json(&wd.path("x/summary.json"));
    assert_eq!(rows.len() as u64 - 1, summary["input_rows"].as_u64().unwrap());
    assert_eq!(rows.len() - 1, csv.len());
    let (mut zeros, mut dates) = (0, 0);
    for (n, (cells, want)) in rows[1..].iter().zip(&csv).enumerate() {
        for (h, cell) in headers.iter().zip(cells) {
            assert!(same(cell, &want[h], h), "row {}, column {h}: {cell:?} for {:?}", n + 1, want[h]);
        }
        // The export's amounts are numbers and its dates dates, for a pivot.
        let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
        if !want["du_no"].is_empty() {
            assert!(
                matches!(cells[at("du_no")], Data::Float(_)),
                "row {}: du_no {:?}",
                n + 1,
                cells[at("du_no")]
            );
        }
        dates += usize::from(matches!(cells[at("ngay_giai_ngan")], Data::DateTime(_)));
        assert!(matches!(cells[at("so_giay_to")], Data::String(_) | Data::Empty), "the ID column stays text");
        let id = headers.iter().position(|h| h == "person_id").unwrap();
        if !want["person_id"].is_empty() {
            assert_eq!(cells[id], Data::String(want["person_id"].clone()), "row {}: an ID is text", n + 1);
            zeros += usize::from(want["person_id"].starts_with('0'));
        }
    }
    assert!(zeros > 50, "IDs with a leading zero keep it: {zeros}");
    assert!(dates * 10 > csv.len() * 9, "disbursement dates as dates: {dates} of {}", csv.len());

    let mode = std::fs::metadata(wd.path("x/results.xlsx")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let manifest = read_json(&wd.path("x/manifest.json"));
    assert_eq!(manifest["files"][0]["name"], "results.xlsx");
    assert_eq!(manifest["files"][0]["rows"].as_u64().unwrap() as usize, csv.len());
    let out = wd.run(&["verify", "x"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));

    // The workbook is one of the run's own outputs: not an input, and gone once a run writes csv.
    let out = wd.run(&["reconcile", "--base", b, "--input", "x/results.xlsx", "-o", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let out = wd.run(&["reconcile", "--base", b, "--input", i, "-o", "x", "--format", "xlsx", "--excel-csv"]);
    assert_eq!(out.status.code(), Some(2), "--excel-csv is for csv results");
    wd.ok(&["reconcile", "--base", b, "--input", i, "-o", "x", "-q"]);
    assert!(std::fs::symlink_metadata(wd.path("x/results.xlsx")).is_err());
    assert!(wd.path("x/results.csv").exists());
}

/// Writes `rows` (the first the header) as a sheet of text cells.
fn sheet(book: &mut rust_xlsxwriter::Workbook, name: &str, rows: &[Vec<String>]) {
    let sheet = book.add_worksheet();
    sheet.set_name(name).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
}

/// A CSV file's header and rows as text.
fn table(path: &Path) -> Vec<Vec<String>> {
    let (headers, rows) = read_csv(path);
    let mut all = vec![headers.clone()];
    all.extend(rows.iter().map(|r| headers.iter().map(|h| r[h].clone()).collect()));
    all
}

/// (status, person_id) per row.
fn decided(path: &Path) -> Vec<(String, String)> {
    let (_, rows) = read_csv(path);
    rows.iter().map(|r: &HashMap<String, String>| (r["status"].clone(), r["person_id"].clone())).collect()
}

#[test]
fn a_named_sheet_is_read_and_a_name_the_workbook_lacks_lists_its_sheets() {
    let wd = Workdir::new();
    let (base, input) =
        (repo().join("sample-data/population.csv"), repo().join("tests/it/data/credit60.csv"));
    let note = vec![vec!["ghi_chu".to_string()], vec!["Số liệu ở trang sau".to_string()]];
    for (file, data, from) in [("export.xlsx", "Danh sách", &input), ("base.xlsx", "Dân cư", &base)] {
        let mut book = rust_xlsxwriter::Workbook::new();
        sheet(&mut book, "Ghi chú", &note);
        sheet(&mut book, data, &table(from));
        book.save(wd.path(file)).unwrap();
    }
    let (b, i) = (base.to_str().unwrap(), input.to_str().unwrap());
    wd.ok(&["reconcile", "--base", b, "--input", i, "-o", "csv", "-q"]);
    let run = ["reconcile", "--base", "base.xlsx", "--input", "export.xlsx", "-o", "x", "-q"];
    wd.ok(&[&run[..], &["--base-sheet", "Dân cư", "--sheet", "danh SÁCH"]].concat());
    assert_eq!(decided(&wd.path("x/results.csv")), decided(&wd.path("csv/results.csv")));
    let manifest = read_json(&wd.path("x/manifest.json"));
    assert_eq!(
        (manifest["base_sheet"].as_str(), manifest["input_sheet"].as_str()),
        (Some("Dân cư"), Some("danh SÁCH"))
    );
    // explain reads the sheets the run read, from its manifest.
    wd.ok(&["explain", "--out", "x", "--row", "3"]);
    wd.ok(&["profile", "--input", "export.xlsx", "--sheet", "Danh sách", "-q"]);

    // Without --sheet, the first sheet is read: it has no name column.
    let out = wd.run(&[&run[..], &["--base-sheet", "Dân cư"]].concat());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.contains("export.xlsx") && err.contains("ghi_chu"), "{err}");

    let out = wd.run(&[&run[..], &["--base-sheet", "Dân cư", "--sheet", "Sheet2"]].concat());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        err.contains(
            "export.xlsx: the workbook has no sheet named 'Sheet2'; its sheets are 'Ghi chú', 'Danh sách'"
        ),
        "{err}"
    );
    // A sheet named for a file that has none.
    let out = wd.run(&["reconcile", "--base", b, "--input", i, "-o", "y", "--sheet", "Danh sách"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.contains("credit60.csv") && err.contains("only an Excel workbook"), "{err}");
    let out = wd.run(&["profile", "--input", i, "--sheet", "x"]);
    assert_eq!(out.status.code(), Some(2));
    // A snapshot is indexed from the sheet; it has none of its own.
    wd.ok(&["index", "--base", "base.xlsx", "--base-sheet", "Dân cư", "-o", "snap", "-q"]);
    wd.ok(&["reconcile", "--base", "snap", "--input", i, "-o", "s", "-q"]);
    assert_eq!(decided(&wd.path("s/results.csv")), decided(&wd.path("csv/results.csv")));
    let out = wd.run(&["reconcile", "--base", "snap", "--base-sheet", "Dân cư", "--input", i, "-o", "s"]);
    assert_eq!(out.status.code(), Some(2));
}

/// `--split-format xlsx`: each branch's file is a workbook holding the same
/// rows as the CSV split, typed as results.xlsx is (IDs text with their
/// leading zeros, `row` a number, amounts numbers, dates dates).
#[test]
fn split_files_as_workbooks_hold_what_the_csv_ones_do() {
    let wd = Workdir::new();
    let sample = repo().join("sample-data");
    let (b, i) = (sample.join("population.csv"), sample.join("credit.csv"));
    let (b, i) = (b.to_str().unwrap(), i.to_str().unwrap());
    for (out, format) in [("c", "csv"), ("x", "xlsx")] {
        wd.ok(&[
            "reconcile",
            "--base",
            b,
            "--input",
            i,
            "-o",
            out,
            "-q",
            "--split-by",
            "ma_chi_nhanh",
            "--split-format",
            format,
        ]);
    }
    let (_, index) = read_csv(&wd.path("x/split/index.csv"));
    assert!(index.len() > 10 && index.iter().all(|e| e["file"].ends_with(".xlsx")));
    for entry in &index {
        let csv_name = entry["file"].replace(".xlsx", ".csv");
        let (headers, rows) = read_csv(&wd.path(&format!("c/split/{csv_name}")));
        let book = sheets(&wd.path(&format!("x/split/{}", entry["file"])));
        assert_eq!(book.len(), 1);
        let cells = &book[0].1;
        let header: Vec<String> = cells[0].iter().map(|c| as_csv(c, "")).collect();
        assert_eq!(header, headers);
        assert_eq!(cells.len() - 1, rows.len());
        for (got, want) in cells[1..].iter().zip(&rows) {
            for (h, cell) in headers.iter().zip(got) {
                assert!(same(cell, &want[h], h), "{}: column {h}: {cell:?} for {:?}", entry["file"], want[h]);
            }
            // As in results.xlsx: `row` a number, an ID text.
            assert!(matches!(got[0], Data::Float(_)), "{:?}", got[0]);
            let id = headers.iter().position(|h| h == "person_id").unwrap();
            assert!(matches!(got[id], Data::String(_) | Data::Empty), "{:?}", got[id]);
        }
    }
    let leftover_csv = std::fs::read_dir(wd.path("x/split"))
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name().to_string_lossy().into_owned();
            name.ends_with(".csv") && name != "index.csv"
        })
        .count();
    assert_eq!(leftover_csv, 0, "the CSV drafts are removed");
}

/// A workbook is sized from what it declares: a small file claiming a huge
/// sheet, or strings unpacking to gigabytes, is refused before it is read.
#[test]
fn a_workbook_declaring_a_huge_sheet_is_refused_before_it_is_read() {
    use std::io::{Read, Write};
    let wd = Workdir::new();
    let source = repo().join("tests/it/data/credit.xlsx");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&source).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(wd.path("huge.xlsx")).unwrap());
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            bytes = String::from_utf8(bytes).unwrap().replace("A1:H61", "A1:XFD1048576").into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
    let base = repo().join("sample-data/population.csv");
    let run = wd.run(&["reconcile", "--base", base.to_str().unwrap(), "--input", "huge.xlsx", "--out", "o"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("A1:XFD1048576") && stderr.contains("export the sheet as CSV"), "{stderr}");
}

/// A date the calendar lacks (`31/04/1990`, which the reader keeps flagged
/// `DOB_IMPOSSIBLE`) in a kept date column is text in the workbook: the
/// workbook is still written.
#[test]
fn an_impossible_date_is_text_in_the_workbook() {
    let wd = Workdir::new();
    let sample = repo().join("sample-data");
    wd.write(
        "in.csv",
        "ma_khach_hang,ten_khach_hang,ngay_sinh,gioi_tinh,so_giay_to\n\
         KH1,NGUYEN TUAN PHUC,31/04/1990,NAM,040212546007\n\
         KH2,HUYNH NGOC HOANG VY,20/05/1979,NAM,058179520832\n",
    );
    let base = sample.join("population.csv");
    wd.ok(&[
        "reconcile",
        "--base",
        base.to_str().unwrap(),
        "--input",
        "in.csv",
        "-o",
        "x",
        "-q",
        "--format",
        "xlsx",
    ]);
    let rows = &sheets(&wd.path("x/results.xlsx"))[0].1;
    let at = rows[0].iter().position(|h| *h == Data::String("ngay_sinh".into())).unwrap();
    assert_eq!(rows[1][at], Data::String("31/04/1990".into()));
    assert!(matches!(rows[2][at], Data::DateTime(_)), "{:?}", rows[2][at]);
}
