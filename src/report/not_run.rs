//! A check that did not run is said, never shown as a zero: an exam export
//! reconciled without `--base-residence`/`--priority-areas`, or a residence
//! export without `--base-residence`, is checked for identity only, and its
//! `check_priority_area` / `check_residence` rows were not looked for. The
//! reports show a notice at the top and "not run" in place of those counts;
//! the end lines say it too.

use super::words::Lang;
use super::Summary;
use crate::classify::Action;

/// The check of a run that did not run, and the flags that run it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NotRun<'a> {
    exam: bool,
    missing: &'a [&'static str],
}

/// The check `summary`'s run skipped, if any.
pub fn of(summary: &Summary) -> Option<NotRun<'_>> {
    let check = summary.check.as_ref().filter(|c| c.skipped.is_some())?;
    Some(NotRun { exam: check.kind == "exam", missing: &check.missing })
}

impl NotRun<'_> {
    /// The actions only the check gives: their rows were not looked for.
    pub fn actions(&self) -> &'static [Action] {
        if self.exam {
            &[Action::CheckPriorityArea, Action::CheckResidence]
        } else {
            &[Action::CheckResidence]
        }
    }

    /// True when `code` is an action the check gives.
    pub fn has(&self, code: &str) -> bool {
        self.actions().iter().any(|a| a.code() == code)
    }

    /// The check's name, for a headline figure's label.
    pub fn name(&self, lang: Lang) -> &'static str {
        match (self.exam, lang) {
            (true, Lang::Vi) => "Kiểm tra khu vực ưu tiên",
            (true, Lang::En) => "Priority-area check",
            (false, Lang::Vi) => "Kiểm tra lịch sử cư trú",
            (false, Lang::En) => "Residence check",
        }
    }

    /// What stands where a count would: "not run".
    pub fn words(lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => "không chạy",
            Lang::En => "not run",
        }
    }

    /// The flags, `` `--base-residence FILE` và `--priority-areas FILE` ``.
    fn flags(&self, lang: Lang) -> String {
        let each: Vec<String> = self.missing.iter().map(|f| format!("`{f} FILE`")).collect();
        each.join(if lang == Lang::Vi { " và " } else { " and " })
    }

    /// The actions, `` `check_priority_area`, `check_residence` ``.
    fn codes(&self) -> String {
        let each: Vec<String> = self.actions().iter().map(|a| format!("`{}`", a.code())).collect();
        each.join(", ")
    }

    /// The notice at the top of a report (with `code` and **bold** marks).
    pub fn notice(&self, lang: Lang) -> String {
        let (name, flags, codes) = (self.name(lang), self.flags(lang), self.codes());
        match lang {
            Lang::Vi => format!(
                "**{name}: không chạy.** Báo cáo này chỉ đối soát danh tính; chưa xét dòng nào cho {codes} \
                 (không phải là không có dòng nào). Chạy lại với {flags} để kiểm tra."
            ),
            Lang::En => format!(
                "**{name}: not run.** This report checks identity only; no row was looked at for {codes} \
                 (not the same as none found). Run again with {flags} to run it."
            ),
        }
    }

    /// The end line (the CLI speaks English).
    pub fn line(&self) -> String {
        let what = if self.exam { "the priority-area check" } else { "the residence check" };
        format!(
            "not run: {what} ({}): give {} to run it",
            self.codes().replace('`', ""),
            self.flags(Lang::En).replace('`', "")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::summary::KindCheck;
    use crate::report::Tally;

    fn summary(kind: &'static str, missing: Vec<&'static str>) -> Summary {
        let mut s = Summary::new(&Tally::default(), 1, 0, 0.0);
        let skipped = (!missing.is_empty()).then(|| "skipped".to_string());
        s.check = Some(KindCheck { kind, ran: skipped.is_none(), skipped, missing, ..KindCheck::default() });
        s
    }

    #[test]
    fn a_skipped_check_names_its_actions_and_the_flags_that_run_it() {
        let exam = summary("exam", vec!["--base-residence", "--priority-areas"]);
        let not_run = of(&exam).expect("skipped");
        assert!(not_run.has("check_priority_area") && not_run.has("check_residence") && !not_run.has("none"));
        assert_eq!(
            not_run.line(),
            "not run: the priority-area check (check_priority_area, check_residence): \
             give --base-residence FILE and --priority-areas FILE to run it"
        );
        let vi = not_run.notice(Lang::Vi);
        assert!(vi.starts_with("**Kiểm tra khu vực ưu tiên: không chạy.**"), "{vi}");
        assert!(vi.contains("`--base-residence FILE` và `--priority-areas FILE`"), "{vi}");
        assert!(not_run
            .notice(Lang::En)
            .contains("no row was looked at for `check_priority_area`, `check_residence`"));
        let residence = summary("residence", vec!["--base-residence"]);
        let not_run = of(&residence).expect("skipped");
        assert!(!not_run.has("check_priority_area") && not_run.has("check_residence"));
        assert!(not_run
            .line()
            .starts_with("not run: the residence check (check_residence): give --base-residence FILE"));
        assert_eq!(of(&summary("exam", vec![])), None, "a check that ran");
        assert_eq!(of(&Summary::new(&Tally::default(), 1, 0, 0.0)), None, "a credit export has none");
    }
}
