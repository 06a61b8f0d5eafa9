//! Stage 1's column mapping of both files: roles by header (or by the
//! values, for an ID column no header names and a date column's order),
//! `[[compare]]` columns, the columns kept, and what the run says about
//! each on stderr.

use std::path::Path;

use super::Notes;
use crate::config::{Config, Keep};
use crate::error::{Error, Result};
use crate::index::rules::{Field, Rule};
use crate::normalize::{DateOrder, IdScheme};
use crate::read::kind::Kind;
use crate::read::mapping::{map_roles, missing_role, Layout, Mapped, Role, RoleSpec};
use crate::read::{self, Source};
use crate::report::words::Lang;

/// A count as the command line writes it (`2,000`).
pub(super) fn count(n: u64) -> String {
    Lang::En.count(n)
}

/// The input's mapping.
pub struct InputMapping {
    /// Roles and kept columns (in [`super::setup::Opened`], roles only: [`Layout::for_matching`]).
    pub layout: Layout,
    /// The kept columns' names.
    pub keep: Vec<String>,
    /// A row key is mapped.
    pub has_key: bool,
    /// The export's kind, as asked or detected.
    pub kind: Kind,
}

/// The rules added to the base's for this input: those by a name part and
/// the middle initial when it has names and no date of birth
/// ([`Config::name_part_rules`]). (An export with dates goes without them:
/// at 100M persons their two indexes, built every run, would cost some 20 s
/// and 1.6 GB of sorting, for a handful of rows a date does not find.)
pub(super) fn added_rules(config: &Config, layout: &Layout) -> Vec<Rule> {
    if layout.has(Role::Name) && !layout.has(Role::Dob) {
        config.name_part_rules()
    } else {
        Vec::new()
    }
}

/// Notes the candidate-search rules the input's columns can use, and those
/// left out for want of a column (an export without dates searches by its
/// names and ID alone, and by the rules added for it).
pub(super) fn note_blocks(notes: &dyn Notes, config: &Config, layout: &Layout) {
    let role = |field: Field| match field {
        Field::Name | Field::Surname | Field::Given | Field::Middle => Some(Role::Name),
        Field::Dob => Some(Role::Dob),
        Field::Sex => Some(Role::Gender),
        Field::Id => Some(Role::Id),
        Field::Extra(_) => None,
    };
    let lacks = |rule: &Rule| rule.parts.iter().filter_map(|p| role(p.field)).find(|&r| !layout.has(r));
    let (mut usable, mut unusable) = (Vec::new(), Vec::new());
    for rule in config.block_rules().into_iter().chain(added_rules(config, layout)) {
        match lacks(&rule) {
            None => usable.push(rule.text),
            Some(r) => unusable.push(format!("{} (no {} column)", rule.text, r.key())),
        }
    }
    let left_out =
        if unusable.is_empty() { String::new() } else { format!("; left out: {}", unusable.join(", ")) };
    let searched = if usable.is_empty() { "the ID alone".to_string() } else { usable.join(", ") };
    notes.note(&format!("input blocks     {searched}{left_out}"));
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

pub(super) fn base_mapping(
    path: &Path,
    src: &mut dyn Source,
    config: &Config,
    notes: &dyn Notes,
) -> Result<Layout> {
    let mapped = map_roles(path, "base", src.headers(), &config.base.columns.roles())?;
    note_mapping(notes, "base", src.headers(), &mapped);
    let names: Vec<&str> = config.compare.iter().map(|c| c.base.as_str()).collect();
    let extras = extra_columns(path, "base", src.headers(), &names, notes)?;
    let layout = Layout::new(&mapped, &[]).with_extras(&extras);
    src.project(layout.columns().to_vec());
    Ok(layout)
}

/// The column headed `name`, else a mapping error saying `missing` and
/// the headers seen.
fn column_named(path: &Path, headers: &[String], name: &str, missing: &str) -> Result<usize> {
    headers.iter().position(|h| h == name).ok_or_else(|| Error::Mapping {
        path: path.into(),
        message: format!("{missing}. Headers seen: {}", crate::read::mapping::headers_seen(headers)),
    })
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
            let i = column_named(
                path,
                headers,
                name,
                &format!("[[compare]] {side} = \"{name}\": no such column"),
            )?;
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
                let i = column_named(path, headers, k, &format!("[input.columns] keep: no column \"{k}\""))?;
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
        headers[column],
        count(shapes.values),
        count(shapes.month_first),
        count(shapes.day_first)
    ));
    Ok(Some(DateOrder::Mdy))
}

/// The columns (of `count`) no role took.
fn free_columns(count: usize, mapped: &[Mapped]) -> Vec<usize> {
    (0..count).filter(|i| !mapped.iter().any(|m| m.columns.contains(i))).collect()
}

/// A date of birth (and, where the kind reads one, a record date) no
/// header names, found by the values of the columns no role took: the
/// date column of the earliest mean year, when that year is one of birth
/// (14 years before this one at the latest), is the date of birth; the
/// column of the latest, when its dates are more recent than that, the
/// record date (a guarantor's birth dates are none). Each is printed with why.
fn dates_by_content(
    path: &Path,
    sheet: Option<&str>,
    src: &dyn Source,
    headers: &[String],
    roles: &[RoleSpec],
    mapped: &mut Vec<Mapped>,
    notes: &dyn Notes,
) -> Result<()> {
    let wanted = |role: Role, mapped: &[Mapped]| {
        roles.iter().any(|r| r.role == role) && !mapped.iter().any(|m| m.role == role)
    };
    if !wanted(Role::Dob, mapped) && !wanted(Role::RecordDate, mapped) {
        return Ok(());
    }
    let free = free_columns(headers.len(), mapped);
    let found = read::by_content::date_columns(path, sheet, src.encoding(), &free)?;
    let recent = f64::from(crate::normalize::day::this_year() - 14);
    // The earliest column when its dates are of birth; the latest when its dates are recent.
    let dob = found.first().filter(|d| d.mean_year <= recent).copied();
    let record = found.last().filter(|d| d.mean_year > recent).copied();
    for (role, dates) in [(Role::Dob, dob), (Role::RecordDate, record)] {
        let Some(dates) = dates else { continue };
        if !wanted(role, mapped) {
            continue;
        }
        notes.note(&format!(
            "input {:<10} <- {} (by its values: {} of the first {} are dates, mean year {:.0}; [input.columns] {} = \"…\" says otherwise)",
            role.key(),
            headers[dates.column],
            dates.hits,
            dates.values,
            dates.mean_year,
            role.key()
        ));
        mapped.push(Mapped { role, columns: vec![dates.column], from_config: false });
    }
    Ok(())
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
    notes.note(&config.input.kind.note(&headers));
    // The name is looked for by its values before it is missed.
    let roles: Vec<RoleSpec> = c
        .roles(kind)
        .into_iter()
        .map(|r| RoleSpec { required: r.required && r.role != Role::Name, ..r })
        .collect();
    let mut mapped = map_roles(path, "input", &headers, &roles)?;
    note_mapping(notes, "input", &headers, &mapped);
    if !mapped.iter().any(|m| m.role == Role::Name) {
        let free = free_columns(headers.len(), &mapped);
        let Some(found) = read::by_content::name_column(path, sheet, src.encoding(), &free)? else {
            return Err(missing_role(path, "input", &headers, Role::Name));
        };
        notes.note(&format!(
            "input name       <- {} (by its values: {} of the first {} are names of 2 to 6 words; \
             [input.columns] name = \"…\" says otherwise)",
            headers[found.column], found.hits, found.values
        ));
        mapped.push(Mapped { role: Role::Name, columns: vec![found.column], from_config: false });
    }
    if roles.iter().any(|r| r.role == Role::Gender) && !mapped.iter().any(|m| m.role == Role::Gender) {
        let free = free_columns(headers.len(), &mapped);
        if let Some(found) = read::by_content::sex_column(path, sheet, src.encoding(), &free)? {
            notes.note(&format!(
                "input gender     <- {} (by its values: {} of the first {} are sexes; \
                 [input.columns] gender = \"…\" says otherwise)",
                headers[found.column], found.hits, found.values
            ));
            mapped.push(Mapped { role: Role::Gender, columns: vec![found.column], from_config: false });
        }
    }
    let wants_id = c.roles(kind).iter().any(|r| r.role == Role::Id);
    if wants_id && config.id_scheme == IdScheme::Vn && !mapped.iter().any(|m| m.role == Role::Id) {
        let free = free_columns(headers.len(), &mapped);
        if let Some(found) = read::by_content::id_column(path, sheet, src.encoding(), &free)? {
            notes.note(&format!(
                "input id         <- {} (by its values: {} of the first {} are CCCD/CMND numbers; \
                 [input.columns] id = \"…\" says otherwise)",
                headers[found.column], found.hits, found.values
            ));
            mapped.push(Mapped { role: Role::Id, columns: vec![found.column], from_config: false });
        }
    }
    dates_by_content(path, sheet, src, &headers, &c.roles(kind), &mut mapped, notes)?;
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
