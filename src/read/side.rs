//! The side files of the exam and residence checks — the base's residence
//! history and the commune → priority-area list — are read alike: CSV,
//! Parquet or a workbook, columns detected from the headers or named in the
//! config (`[base_residence]`, `[priority_areas]`: [`SideFile`]), rows in
//! parallel batches. A cell that cannot be read stops the run with the
//! file, the row, the column and what to do.

use std::path::Path;

use rayon::prelude::*;

use serde::Deserialize;

use super::encoding::Encoding;
use super::mapping::{map_roles, Layout, Mapped, Role, RoleSpec};
use super::{Row, Source};
use crate::error::{Error, Result};
use crate::normalize::DateOrder;

/// Rows read per parallel batch.
const BATCH_ROWS: usize = 1 << 16;

/// `[base_residence]`, `[priority_areas]` and `[schools]`: a side file's encoding, date order and columns.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SideFile {
    /// The text encoding of a CSV file (detected when absent).
    pub encoding: Option<Encoding>,
    /// Order of day and month in ambiguous dates.
    #[serde(default)]
    pub date_order: DateOrder,
    /// `[….columns]`.
    #[serde(default)]
    pub columns: SideColumns,
}

/// Which column plays which role in a side file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SideColumns {
    /// The person's ID (residence history).
    pub id: Option<String>,
    /// The province code.
    pub province: Option<String>,
    /// The commune code.
    pub commune: Option<String>,
    /// The first day.
    pub from: Option<String>,
    /// The end (excluded; empty: current).
    pub to: Option<String>,
    /// Permanent or temporary (residence history).
    pub kind: Option<String>,
    /// The area (priority areas, schools).
    pub area: Option<String>,
    /// Extremely disadvantaged in that stretch (priority areas, optional).
    pub dbkk: Option<String>,
    /// The school's code (schools).
    pub school: Option<String>,
    /// The school's name (schools, optional).
    pub school_name: Option<String>,
    /// Ethnic boarding school (schools, optional).
    pub boarding: Option<String>,
}

impl SideColumns {
    /// The residence history's roles.
    pub fn residence_roles(&self) -> Vec<RoleSpec> {
        vec![
            RoleSpec::one(Role::Id, &self.id, true),
            RoleSpec::one(Role::Province, &self.province, false),
            RoleSpec::one(Role::Commune, &self.commune, false),
            RoleSpec::one(Role::PeriodStart, &self.from, true),
            RoleSpec::one(Role::PeriodEnd, &self.to, true),
            RoleSpec::one(Role::ResidenceKind, &self.kind, true),
        ]
    }

    /// The priority-area list's roles.
    pub fn area_roles(&self) -> Vec<RoleSpec> {
        vec![
            RoleSpec::one(Role::Commune, &self.commune, true),
            RoleSpec::one(Role::Area, &self.area, true),
            RoleSpec::one(Role::PeriodStart, &self.from, true),
            RoleSpec::one(Role::PeriodEnd, &self.to, true),
            RoleSpec::one(Role::Dbkk, &self.dbkk, false),
        ]
    }

    /// The school list's roles.
    pub fn school_roles(&self) -> Vec<RoleSpec> {
        vec![
            RoleSpec::one(Role::ProvinceCode, &self.province, true),
            RoleSpec::one(Role::SchoolCode, &self.school, true),
            RoleSpec::one(Role::Area, &self.area, true),
            RoleSpec::one(Role::SchoolName, &self.school_name, false),
            RoleSpec::one(Role::Commune, &self.commune, false),
            RoleSpec::one(Role::PeriodStart, &self.from, false),
            RoleSpec::one(Role::PeriodEnd, &self.to, false),
            RoleSpec::one(Role::Boarding, &self.boarding, false),
        ]
    }
}

/// A side file opened and mapped.
pub struct Side<'a> {
    path: &'a Path,
    src: Box<dyn Source>,
    layout: Layout,
    headers: Vec<String>,
    mapped: Vec<Mapped>,
}

/// Why a cell cannot be used: the role whose cell it is, and what to say.
pub struct Bad {
    /// The role.
    pub role: Role,
    /// What is wrong and what to do.
    pub why: String,
}

impl<'a> Side<'a> {
    /// Opens `path` and maps `roles` onto its headers (config section `section`).
    pub fn open(path: &'a Path, section: &str, file: &SideFile, roles: &[RoleSpec]) -> Result<Side<'a>> {
        let mut src = super::open_sheet(path, file.encoding, None)?;
        let headers = src.headers().to_vec();
        let mapped = map_roles(path, section, &headers, roles)?;
        let layout = Layout::new(&mapped, &[]);
        src.project(layout.columns().to_vec());
        Ok(Side { path, src, layout, headers, mapped })
    }

    /// True when a column plays `role`.
    pub fn has(&self, role: Role) -> bool {
        self.mapped.iter().any(|m| m.role == role)
    }

    /// How its columns were mapped, a line a role (`commune    <- ma_xa (detected)`).
    pub fn mapping(&self) -> Vec<String> {
        self.mapped
            .iter()
            .map(|m| {
                let cols: Vec<&str> = m.columns.iter().map(|&i| self.headers[i].as_str()).collect();
                let how = if m.from_config { "config" } else { "detected" };
                format!("{:<10} <- {} ({how})", m.role.key(), cols.join(" + "))
            })
            .collect()
    }

    /// Reads every row through `parse` (in parallel, results in row order):
    /// `Ok(None)` leaves a row out; an unreadable row or a `Bad` cell stops
    /// the run with an error naming the file, row and column.
    pub fn read_all<T: Send>(
        mut self,
        parse: impl Fn(&Layout, &Row) -> std::result::Result<Option<T>, Bad> + Sync,
        mut take: impl FnMut(Vec<T>),
    ) -> Result<u64> {
        let mut rows = 0;
        while let Some(batch) = self.src.next_batch(BATCH_ROWS)? {
            rows += batch.len() as u64;
            if let Some(row) = batch.iter().find(|r| r.malformed.is_some()) {
                return Err(Error::Data {
                    path: self.path.into(),
                    row: Some(row.number),
                    column: None,
                    message: "the row cannot be read (wrong number of fields, bad text or a stray quote): \
                              repair it in the file"
                        .into(),
                });
            }
            let parsed: Vec<std::result::Result<Option<T>, Bad>> =
                batch.par_iter().map(|row| parse(&self.layout, row)).collect();
            let mut kept = Vec::with_capacity(parsed.len());
            for (row, p) in batch.iter().zip(parsed) {
                match p {
                    Ok(Some(t)) => kept.push(t),
                    Ok(None) => {}
                    Err(bad) => return Err(self.error(row.number, bad)),
                }
            }
            take(kept);
        }
        Ok(rows)
    }

    fn error(&self, row: u64, bad: Bad) -> Error {
        let column = self
            .mapped
            .iter()
            .find(|m| m.role == bad.role)
            .and_then(|m| m.columns.first())
            .map(|&c| self.headers[c].clone());
        Error::Data { path: self.path.into(), row: Some(row), column, message: bad.why }
    }
}

/// The trimmed text of a role's cell in a projected row ("" when the role is not mapped).
pub fn cell<'r>(layout: &Layout, role: Role, cells: &'r [String]) -> std::borrow::Cow<'r, str> {
    match layout.get(role, cells) {
        Some(std::borrow::Cow::Borrowed(s)) => std::borrow::Cow::Borrowed(s.trim()),
        Some(std::borrow::Cow::Owned(s)) => std::borrow::Cow::Owned(s.trim().to_string()),
        None => std::borrow::Cow::Borrowed(""),
    }
}
