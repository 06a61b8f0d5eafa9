//! `[base.columns]` and `[input.columns]`: which column plays which role,
//! and which input columns the results carry.

use serde::Deserialize;

use crate::read::kind::Kind;
use crate::read::mapping::{Columns, Role, RoleSpec};

/// `[base.columns]`: which base column plays which role.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaseColumns {
    /// The personal ID number (required).
    pub id: Option<String>,
    /// An old ID number (9-digit CMND) kept as an alias.
    pub old_id: Option<String>,
    /// Full name: one column or a list joined in order (required).
    pub name: Option<Columns>,
    /// Date of birth.
    pub dob: Option<String>,
    /// Sex.
    pub gender: Option<String>,
    /// Province.
    pub province: Option<String>,
    /// Alive/deceased text.
    pub status: Option<String>,
    /// Date of death.
    pub death_date: Option<String>,
}

/// `[input.columns]`: which input column plays which role.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputColumns {
    /// A row key copied to the results (customer code, candidate number).
    pub key: Option<String>,
    /// The ID number as the export holds it.
    pub id: Option<String>,
    /// Full name: one column or a list joined in order (required).
    pub name: Option<Columns>,
    /// Date of birth.
    pub dob: Option<String>,
    /// Sex.
    pub gender: Option<String>,
    /// Province.
    pub province: Option<String>,
    /// The record's own date (a loan's disbursement): a date after the
    /// person's death is flagged `DECEASED_BEFORE_RECORD`.
    pub record_date: Option<String>,
    /// Exam and residence exports: the commune code.
    pub commune: Option<String>,
    /// Residence exports: the period's first day.
    pub from: Option<String>,
    /// Residence exports: the period's end (excluded; empty: current).
    pub to: Option<String>,
    /// Residence exports: permanent or temporary.
    pub residence_kind: Option<String>,
    /// Exam exports: the declared priority area.
    pub area: Option<String>,
    /// Exam exports: the school's province.
    pub school_province: Option<String>,
    /// Columns copied through to the results untouched: `"all"` (the
    /// default), or a list (`[]`: none).
    #[serde(default)]
    pub keep: Keep,
}

/// Which input columns the results carry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Keep {
    /// Every column but the row key (which is `key` already).
    #[default]
    All,
    /// These, in this order.
    Only(Vec<String>),
}

impl<'de> Deserialize<'de> for Keep {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Keep, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Word(String),
            List(Vec<String>),
        }
        match Raw::deserialize(d)? {
            Raw::Word(w) if w == "all" => Ok(Keep::All),
            Raw::Word(w) => Err(serde::de::Error::custom(format!(
                "keep = \"{w}\": give \"all\" or a list of column names (keep = [] keeps none)"
            ))),
            Raw::List(names) => Ok(Keep::Only(names)),
        }
    }
}

fn spec(role: Role, configured: &Option<String>, required: bool) -> RoleSpec {
    RoleSpec { role, configured: configured.clone().map(Columns::One), required }
}

impl BaseColumns {
    /// The base's roles in detection order (earlier roles take a column first).
    pub fn roles(&self) -> Vec<RoleSpec> {
        vec![
            spec(Role::Id, &self.id, true),
            spec(Role::OldId, &self.old_id, false),
            RoleSpec { role: Role::Name, configured: self.name.clone(), required: true },
            spec(Role::Dob, &self.dob, false),
            spec(Role::Gender, &self.gender, false),
            spec(Role::Province, &self.province, false),
            spec(Role::Status, &self.status, false),
            spec(Role::DeathDate, &self.death_date, false),
        ]
    }
}

impl InputColumns {
    /// The roles of an input of kind `kind` in detection order (earlier
    /// roles take a column first; the exam's and residence's come last).
    pub fn roles(&self, kind: Kind) -> Vec<RoleSpec> {
        let mut roles = vec![
            spec(Role::Id, &self.id, false),
            RoleSpec { role: Role::Name, configured: self.name.clone(), required: true },
            spec(Role::Dob, &self.dob, false),
            spec(Role::Gender, &self.gender, false),
            spec(Role::Province, &self.province, false),
            spec(Role::Key, &self.key, false),
            spec(Role::RecordDate, &self.record_date, false),
        ];
        match kind {
            Kind::Credit => {}
            Kind::Exam => roles.extend([
                spec(Role::Area, &self.area, true),
                spec(Role::SchoolProvince, &self.school_province, false),
                spec(Role::Commune, &self.commune, false),
            ]),
            Kind::Residence => roles.extend([
                spec(Role::Commune, &self.commune, false),
                spec(Role::PeriodStart, &self.from, true),
                spec(Role::PeriodEnd, &self.to, true),
                spec(Role::ResidenceKind, &self.residence_kind, true),
            ]),
        }
        roles
    }
}
