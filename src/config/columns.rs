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
    /// Ethnicity (`dan_toc`: policy group 01 of the exam's school rule).
    pub ethnicity: Option<String>,
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
    /// Exam exports: the province code of the grade-10 school (`ma_tinh_lop10`).
    pub school_province_10: Option<String>,
    /// … of the grade-11 school.
    pub school_province_11: Option<String>,
    /// … of the grade-12 school.
    pub school_province_12: Option<String>,
    /// Exam exports: the grade-10 school's code (`ma_truong_lop10`; or `PP-SSS`).
    pub school_10: Option<String>,
    /// … the grade-11 school's.
    pub school_11: Option<String>,
    /// … the grade-12 school's.
    pub school_12: Option<String>,
    /// Exam exports: the tick "permanent residence over 18 months in KV1" (`tt_kv1_18_thang`).
    pub claim_kv1: Option<String>,
    /// Exam exports: the tick "… in an extremely disadvantaged commune" (`tt_xa_dbkk_18_thang`).
    pub claim_dbkk: Option<String>,
    /// Exam exports: the claimed span's first day (`tt_tu_ngay`).
    pub claim_from: Option<String>,
    /// Exam exports: the claimed span's last day (`tt_den_ngay`).
    pub claim_to: Option<String>,
    /// Exam exports: ethnic boarding school (`noi_tru`).
    pub boarding: Option<String>,
    /// Exam exports: the policy group (`doi_tuong_uu_tien`).
    pub policy_group: Option<String>,
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

impl BaseColumns {
    /// The base's roles in detection order (earlier roles take a column first).
    pub fn roles(&self) -> Vec<RoleSpec> {
        vec![
            RoleSpec::one(Role::Id, &self.id, true),
            RoleSpec::one(Role::OldId, &self.old_id, false),
            RoleSpec { role: Role::Name, configured: self.name.clone(), required: true },
            RoleSpec::one(Role::Dob, &self.dob, false),
            RoleSpec::one(Role::Gender, &self.gender, false),
            RoleSpec::one(Role::Province, &self.province, false),
            RoleSpec::one(Role::Status, &self.status, false),
            RoleSpec::one(Role::DeathDate, &self.death_date, false),
            RoleSpec::one(Role::Ethnicity, &self.ethnicity, false),
        ]
    }
}

impl InputColumns {
    /// The roles of an input of kind `kind` in detection order (earlier
    /// roles take a column first; the exam's and residence's come last).
    pub fn roles(&self, kind: Kind) -> Vec<RoleSpec> {
        let mut roles = vec![
            RoleSpec::one(Role::Id, &self.id, false),
            RoleSpec { role: Role::Name, configured: self.name.clone(), required: true },
            RoleSpec::one(Role::Dob, &self.dob, false),
            RoleSpec::one(Role::Gender, &self.gender, false),
            RoleSpec::one(Role::Province, &self.province, false),
            RoleSpec::one(Role::Key, &self.key, false),
            RoleSpec::one(Role::RecordDate, &self.record_date, false),
        ];
        match kind {
            Kind::Credit => {}
            Kind::Exam => {
                roles.extend([
                    RoleSpec::one(Role::Area, &self.area, true),
                    RoleSpec::one(Role::SchoolProvince, &self.school_province, false),
                    RoleSpec::one(Role::Commune, &self.commune, false),
                ]);
                let grades = [
                    (10, &self.school_province_10, &self.school_10),
                    (11, &self.school_province_11, &self.school_11),
                    (12, &self.school_province_12, &self.school_12),
                ];
                for (grade, province, school) in grades {
                    roles.push(RoleSpec::one(Role::GradeProvince(grade), province, false));
                    roles.push(RoleSpec::one(Role::GradeSchool(grade), school, false));
                }
                roles.extend([
                    RoleSpec::one(Role::ClaimKv1, &self.claim_kv1, false),
                    RoleSpec::one(Role::ClaimDbkk, &self.claim_dbkk, false),
                    RoleSpec::one(Role::ClaimFrom, &self.claim_from, false),
                    RoleSpec::one(Role::ClaimTo, &self.claim_to, false),
                    RoleSpec::one(Role::Boarding, &self.boarding, false),
                    RoleSpec::one(Role::PolicyGroup, &self.policy_group, false),
                ]);
            }
            Kind::Residence => roles.extend([
                RoleSpec::one(Role::Commune, &self.commune, false),
                RoleSpec::one(Role::PeriodStart, &self.from, true),
                RoleSpec::one(Role::PeriodEnd, &self.to, true),
                RoleSpec::one(Role::ResidenceKind, &self.residence_kind, true),
            ]),
        }
        roles
    }
}
