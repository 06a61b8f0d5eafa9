//! `doisoat reconcile`: wiring from arguments to [`crate::pipeline::reconcile`].

use super::Stderr;
use crate::cli::{KindArg, LangArg, MaskArg, ReconcileArgs, ResultsFormat, SplitFormatArg};
use crate::encoded::file::Header;
use crate::encoded::link::{reconcile, LinkOptions};
use crate::error::{Error, Result};
use crate::pipeline::{self, CheckOptions, Notes, ReconcileOptions, ReportOptions, Sheets};
use crate::read::kind::KindChoice;
use crate::read::Format;
use crate::report::ending;
use crate::report::mask::Mask;
use crate::report::split::SplitFormat;
use crate::report::words::Lang;

/// Runs `doisoat reconcile`.
pub fn run(args: ReconcileArgs) -> Result<()> {
    super::set_threads(args.run.threads)?;
    if let Some(headers) = crate::encoded::link::headers(&args.base, &args.input)? {
        return run_encoded(args, headers);
    }
    if args.excel_csv && args.format != ResultsFormat::Csv {
        return Err(Error::Usage(
            "--excel-csv starts results.csv with a byte-order mark; it has no use with --format parquet or xlsx"
                .into(),
        ));
    }
    let opts = ReconcileOptions {
        base: args.base,
        input: args.input,
        out: args.out,
        config: args.config,
        format: match args.format {
            ResultsFormat::Csv => Format::Csv,
            ResultsFormat::Parquet => Format::Parquet,
            ResultsFormat::Xlsx => Format::Excel,
        },
        sheets: Sheets { base: args.base_sheet, input: args.sheet },
        progress: args.run.progress(),
        input_encoding: args.encoding,
        arguments: std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned()).collect(),
        max_rejects: args.max_rejects,
        max_input: crate::read::capped::InputLimits {
            rows: args.max_input_rows,
            bytes: args.max_input_bytes,
        },
        debug_values: args.debug_values,
        excel_csv: args.excel_csv,
        check: CheckOptions {
            kind: args.kind.map(|k| match k {
                KindArg::Auto => KindChoice::Auto,
                KindArg::Credit => KindChoice::Credit,
                KindArg::Exam => KindChoice::Exam,
                KindArg::Residence => KindChoice::Residence,
            }),
            base_residence: args.base_residence,
            priority_areas: args.priority_areas,
            schools: args.schools,
            exam_year: args.exam_year,
        },
        report: ReportOptions {
            lang: match args.lang {
                LangArg::Vi => Lang::Vi,
                LangArg::En => Lang::En,
            },
            group_by: args.group_by,
            split_by: args.split_by,
            split_format: match args.split_format {
                SplitFormatArg::Csv => SplitFormat::Csv,
                SplitFormatArg::Xlsx => SplitFormat::Xlsx,
            },
            mask: match args.mask {
                None => Mask::Off,
                Some(MaskArg::Shared) => Mask::Shared,
                Some(MaskArg::All) => Mask::All,
            },
        },
    };
    let notes = Stderr { quiet: args.run.quiet };
    if opts.report.mask == Mask::Shared && opts.report.split_by.is_none() {
        notes.note("--mask: no split files to mask (give --split-by); the reports hold counts only, and --mask all masks the results");
    }
    let summary = pipeline::reconcile(&opts, &notes)?;
    // The bars left the screen as their stages ended: their times stay, in one line.
    crate::progress::stage_times_line().iter().for_each(|line| notes.note(line));
    let written = ending::Written {
        out: &opts.out,
        format: opts.format,
        excel_csv: opts.excel_csv,
        split_by: opts.report.split_by.as_deref(),
    };
    ending::lines(&summary, &written).iter().for_each(|line| notes.note(line));
    let hits = crate::report::fail_on::hits(&args.fail_on, &summary);
    if hits.is_empty() {
        Ok(())
    } else {
        Err(Error::FailOn(hits))
    }
}

/// `reconcile` on encoded files: the options that read values (sheets,
/// encodings, checks, groups, splits, masks) have nothing to read there.
fn run_encoded(args: ReconcileArgs, (base, input): (Header, Header)) -> Result<()> {
    let unused = [
        (args.sheet.is_some(), "--sheet"),
        (args.base_sheet.is_some(), "--base-sheet"),
        (args.kind.is_some(), "--kind"),
        (args.base_residence.is_some(), "--base-residence"),
        (args.priority_areas.is_some(), "--priority-areas"),
        (args.schools.is_some(), "--schools"),
        (args.exam_year.is_some(), "--exam-year"),
        (args.format != ResultsFormat::Csv, "--format"),
        (args.encoding.is_some(), "--encoding"),
        (!args.fail_on.is_empty(), "--fail-on"),
        (args.excel_csv, "--excel-csv"),
        (args.group_by.is_some(), "--group-by"),
        (args.split_by.is_some(), "--split-by"),
        (args.mask.is_some(), "--mask"),
    ];
    let given: Vec<&str> = unused.iter().filter(|(on, _)| *on).map(|(_, flag)| *flag).collect();
    if !given.is_empty() {
        return Err(Error::Usage(format!(
            "{}: not for encoded files (the run sees no values); leave {} out",
            given.join(", "),
            if given.len() == 1 { "it" } else { "them" }
        )));
    }
    let notes = Stderr { quiet: args.run.quiet };
    let config = crate::pipeline::load_config(args.config.as_deref())?;
    let opts = LinkOptions {
        base: args.base,
        input: args.input,
        out: args.out,
        matching: config.matching,
        progress: args.run.progress(),
    };
    let linked = reconcile(&opts, (&base, &input), &notes)?;
    let counts: Vec<String> = linked.counts.iter().map(|(s, n)| format!("{} {n}", s.code())).collect();
    notes.note(&format!(
        "reconciled {} encoded rows against {} encoded persons in {:.1} s: {}",
        linked.rows,
        linked.persons,
        linked.seconds,
        counts.join(", ")
    ));
    notes.note(&format!(
        "results: {} (person_ref: the base's owner resolves it with doisoat resolve)",
        opts.out.join("results.csv").display()
    ));
    Ok(())
}
