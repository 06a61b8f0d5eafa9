//! Which rule judges an exam's declared areas — the admission regulation's
//! school rule, or permanent residence alone — and the year's rules.

use std::path::Path;

use super::Checks;
use crate::classify::exam::{ExamRules, Exceptions};
use crate::config::{AreaRule, Config, ExamSection, Exception};
use crate::error::{Error, Result};
use crate::read::mapping::{Layout, Role};
use crate::read::roles::GRADES;

impl Checks {
    /// Decides which rule judges the declared areas (`[exam] rule`; `auto`:
    /// the school rule when the export gives the candidates' schools), and
    /// says it in the summary. `school` without school columns stops the run.
    /// `ethnicity`: the base records some persons' ethnicity.
    pub(super) fn choose_rule(
        &mut self,
        config: &Config,
        input: &Layout,
        path: &Path,
        ethnicity: bool,
    ) -> Result<()> {
        let has_schools = GRADES.iter().any(|&g| input.has(Role::GradeSchool(g)));
        let (by_school, why) = match (config.exam.rule, has_schools) {
            (AreaRule::Residence, _) => (false, "[exam] rule = \"residence\": permanent residence alone"),
            (AreaRule::School, false) => {
                return Err(Error::Mapping {
                    path: path.into(),
                    message: "[exam] rule = \"school\" needs the candidates' schools: no column found \
                              (ma_truong_lop10, ma_truong_lop11, ma_truong_lop12); name them in [input.columns] \
                              school_10 = \"...\" (and school_province_10 ...)"
                        .into(),
                })
            }
            (AreaRule::School, true) | (AreaRule::Auto, true) => (
                true,
                "the export gives the candidates' schools: the school attended longest decides, residence only \
                 for the regulation's exceptions (TT 08/2022 Art. 7(1)(b)-(c))",
            ),
            (AreaRule::Auto, false) => (
                false,
                "the export gives no school columns (ma_truong_lop10, ma_truong_lop11, ma_truong_lop12): \
                 permanent residence alone",
            ),
        };
        self.by_school = by_school;
        self.summary.rule = Some(if by_school { "school" } else { "residence" });
        self.summary.rule_why = why;
        if by_school {
            let on = |e| config.exam.exceptions.contains(&e);
            if on(Exception::Dbkk) {
                self.summary.not_checked.push(
                    "that the school's district has an extremely disadvantaged commune (the condition of the dbkk exception)",
                );
            }
            if on(Exception::Policy01) && !ethnicity {
                self.summary.not_checked.push(
                    "the candidate's ethnicity (policy group 01): the base has no ethnicity column (dan_toc), or none of its values reads as one",
                );
            }
        }
        Ok(())
    }
}

/// The exam's rules for `year`: its window and the months to exceed.
pub(super) fn rules_of(exam: &ExamSection, year: u32) -> ExamRules {
    let (start, end) = exam.window(year);
    let has = |e: Exception| exam.exceptions.contains(&e);
    let exceptions = Exceptions {
        boarding: has(Exception::Boarding),
        kv1: has(Exception::Kv1),
        dbkk: has(Exception::Dbkk),
        policy_01: has(Exception::Policy01),
    };
    ExamRules { start, end, min_months: exam.min_months, grades: exam.grades(year), exceptions }
}
