//! A data-quality profile of one file, without any base: what an analyst
//! looks at before a reconciliation. Counts per mapped column; merged
//! across parallel batches, so the result does not depend on thread count.

use std::collections::{BTreeMap, HashMap};

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::classify::flags;
use crate::error::Result;
use crate::normalize::{self, IdKey, IdKind, IdScheme, Rules};
use crate::pipeline::guards;
use crate::pipeline::mapping;
use crate::pipeline::{load_config, Notes, BATCH_ROWS};
use crate::progress::Progress;
use crate::read::encoding::Encoding;
use crate::read::mapping::{Layout, Role};
use crate::read::prefetch::each_batch;
use crate::read::{self, Row};

/// Counts for one column: check name → rows.
pub type Counts = BTreeMap<&'static str, u64>;

/// The profile of a file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Profile {
    /// Data rows read.
    pub rows: u64,
    /// Rows that could not be read, by reason.
    pub unreadable: Counts,
    /// Per role (`id`, `name`, `dob`, `gender`, `province`): check → rows.
    pub columns: BTreeMap<&'static str, Counts>,
    /// IDs that appear on more than one row.
    pub duplicate_ids: u64,
    /// Rows that carry such an ID.
    pub rows_with_duplicate_id: u64,
    #[serde(skip)]
    ids: HashMap<IdKey, u32>,
}

fn bump(counts: &mut Counts, key: &'static str) {
    *counts.entry(key).or_default() += 1;
}

impl Profile {
    /// Profiles one batch of rows.
    pub fn of_batch(rows: &[Row], layout: &Layout, rules: &Rules) -> Profile {
        let mut p = Profile::default();
        for row in rows {
            p.add(row, layout, rules);
        }
        p
    }

    fn add(&mut self, row: &Row, layout: &Layout, rules: &Rules) {
        self.rows += 1;
        if let Some(fault) = row.malformed {
            bump(&mut self.unreadable, crate::classify::fault_reason(fault).code());
            return;
        }
        let identity = layout.identity(&row.cells, rules);
        if layout.has(Role::Id) {
            let c = self.columns.entry("id").or_default();
            let id = &identity.id;
            bump(c, id.kind.as_str());
            let structure = (rules.id_scheme == IdScheme::Vn)
                .then(|| normalize::cccd_structure(id, identity.sex, identity.dob()));
            for code in flags::codes(flags::id_reasons(id, structure), vec![]) {
                bump(c, code);
            }
            if let Some(key) = id.key().filter(|_| id.kind != IdKind::Invalid) {
                *self.ids.entry(key).or_default() += 1;
            }
        }
        let n = &identity.name;
        let c = self.columns.entry("name").or_default();
        if !n.is_empty() && n.parts().is_none() {
            bump(c, "one_word");
        }
        for code in flags::codes(flags::name_reasons(n), flags::name_notes(n)) {
            bump(c, code);
        }
        if layout.has(Role::Dob) {
            let c = self.columns.entry("dob").or_default();
            if let Ok((d, _)) = &identity.dob {
                bump(c, d.precision().as_str());
            }
            for code in flags::codes(flags::dob_reasons(&identity.dob, true), flags::dob_notes(&identity.dob))
            {
                bump(c, code);
            }
        }
        if let Some(text) = layout.get(Role::Gender, &row.cells) {
            let c = self.columns.entry("gender").or_default();
            match identity.sex {
                Some(s) => bump(c, s.as_str()),
                None if text.trim().is_empty() => bump(c, "empty"),
                None => bump(c, "unknown"),
            }
        }
        if let Some(text) = layout.get(Role::Province, &row.cells) {
            let c = self.columns.entry("province").or_default();
            match normalize::province::parse_province(&text) {
                Some(_) => bump(c, "known"),
                None if text.trim().is_empty() => bump(c, "empty"),
                None => bump(c, "unknown"),
            }
        }
    }

    /// Adds another batch's profile.
    pub fn merge(&mut self, other: Profile) {
        self.rows += other.rows;
        for (k, v) in other.unreadable {
            *self.unreadable.entry(k).or_default() += v;
        }
        for (col, counts) in other.columns {
            let mine = self.columns.entry(col).or_default();
            for (k, v) in counts {
                *mine.entry(k).or_default() += v;
            }
        }
        for (k, v) in other.ids {
            *self.ids.entry(k).or_default() += v;
        }
    }

    /// Counts duplicate IDs; call once after the last merge.
    pub fn finish(&mut self) {
        self.duplicate_ids = self.ids.values().filter(|&&n| n > 1).count() as u64;
        self.rows_with_duplicate_id = self.ids.values().filter(|&&n| n > 1).map(|&n| u64::from(n)).sum();
        self.ids = HashMap::new();
    }

    /// A plain-text table for the terminal.
    pub fn table(&self) -> String {
        let pct = |n: u64| if self.rows == 0 { 0.0 } else { 100.0 * n as f64 / self.rows as f64 };
        let mut out = format!("{:<10} {:<26} {:>12} {:>8}\n", "column", "check", "rows", "share");
        let mut line = |col: &str, check: &str, n: u64| {
            out.push_str(&format!("{col:<10} {check:<26} {n:>12} {:>7.2}%\n", pct(n)));
        };
        line("(all)", "rows", self.rows);
        for (k, v) in &self.unreadable {
            line("(all)", k, *v);
        }
        for (col, counts) in &self.columns {
            for (k, v) in counts {
                line(col, k, *v);
            }
        }
        line("id", "duplicate IDs", self.duplicate_ids);
        line("id", "rows with a duplicate ID", self.rows_with_duplicate_id);
        out
    }
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
    /// The sheet to read of a workbook (else its first).
    pub sheet: Option<String>,
    /// Show a progress bar (only on a terminal).
    pub progress: bool,
}

/// Profiles one file's data quality (read → normalize → count), no base needed.
pub fn profile(opts: &ProfileOptions, notes: &dyn Notes) -> Result<Profile> {
    guards::refuse_missing([("--input", Some(opts.input.as_path())), ("--config", opts.config.as_deref())])?;
    let config = load_config(opts.config.as_deref())?;
    let encoding = config.input.encoding_given(opts.encoding);
    let mut src = read::open_sheet(&opts.input, encoding, opts.sheet.as_deref())?;
    mapping::note_encoding(notes, "input", src.as_ref(), encoding.is_some());
    let layout =
        mapping::input_mapping(&opts.input, opts.sheet.as_deref(), src.as_mut(), &config, notes)?.layout;
    let bar = Progress::new(opts.progress, "input", src.unit());
    let mut rows = 0;
    let rules = config.input_rules();
    let mut profile = Profile::default();
    each_batch(src.as_mut(), BATCH_ROWS, |batch, (done, total)| {
        let part = batch.par_chunks(4096).map(|rows| Profile::of_batch(rows, &layout, &rules)).reduce(
            Profile::default,
            |mut a, b| {
                a.merge(b);
                a
            },
        );
        profile.merge(part);
        rows += batch.len() as u64;
        bar.set_rows(rows);
        bar.set(done, total);
        Ok(())
    })?;
    bar.finish();
    profile.finish();
    Ok(profile)
}
