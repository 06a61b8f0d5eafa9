//! `doisoat reconcile`: wiring from arguments to [`crate::pipeline::reconcile`].

use super::Stderr;
use crate::cli::{KindArg, LangArg, MaskArg, ReconcileArgs, ResultsFormat, SplitFormatArg};
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
