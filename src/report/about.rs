//! What a report is a report of: its title by the export's kind, and a
//! line under it naming the input and base files (their names only, not
//! where they lie), the kind and whether it was detected, the run's date
//! (UTC, to the minute) and doisoat's version.

use std::path::Path;

use super::words::{Label, Lang};
use crate::read::kind::Kind;

/// The run a report is of.
#[derive(Debug, Clone, PartialEq)]
pub struct About {
    /// The export's kind.
    pub kind: Kind,
    /// The kind was detected from the headers (not given with `--kind` or the config).
    pub detected: bool,
    /// The input's file name (`-`: standard input).
    pub input: String,
    /// The base's file name (or the snapshot directory's).
    pub base: String,
    /// When the run started, `2026-12-06T09:03Z`.
    pub started: String,
}

/// A path's last part, as the report names it; the whole path when it has none.
fn name(path: &Path) -> String {
    path.file_name().unwrap_or(path.as_os_str()).to_string_lossy().into_owned()
}

impl About {
    /// The run on `input` against `base`, started at `started` (UTC, to the minute).
    pub fn new(kind: Kind, detected: bool, input: &Path, base: &Path, started: String) -> About {
        About { kind, detected, input: name(input), base: name(base), started }
    }

    /// The kind in words.
    fn kind_words(&self, lang: Lang) -> &'static str {
        match (self.kind, lang) {
            (Kind::Credit, Lang::Vi) => "hồ sơ tín dụng",
            (Kind::Exam, Lang::Vi) => "thí sinh dự thi",
            (Kind::Residence, Lang::Vi) => "lịch sử cư trú",
            (Kind::Credit, Lang::En) => "credit records",
            (Kind::Exam, Lang::En) => "exam candidates",
            (Kind::Residence, Lang::En) => "residence periods",
        }
    }

    /// The report's title: `Báo cáo đối soát thí sinh dự thi`, `Reconciliation report: exam candidates`.
    pub fn title(&self, lang: Lang) -> String {
        let (title, kind) = (lang.label(Label::Title), self.kind_words(lang));
        match lang {
            Lang::Vi => format!("{title} {kind}"),
            Lang::En => format!("{title}: {kind}"),
        }
    }

    /// The line under the title; the file names escaped as values from outside are
    /// (`escape`: the report's own escaping of Markdown and HTML marks).
    pub fn line(&self, lang: Lang, escape: impl Fn(&str) -> String) -> String {
        let (input, base, kind, at) =
            (escape(&self.input), escape(&self.base), self.kind.code(), &self.started);
        let version = env!("CARGO_PKG_VERSION");
        match lang {
            Lang::Vi => {
                let how = if self.detected { "tự nhận biết" } else { "chỉ định" };
                format!(
                    "Tệp đối soát: **{input}** · CSDL: **{base}** · Loại: {} (`{kind}`, {how}) · \
                     Chạy lúc: {at} (UTC) · doisoat {version}",
                    self.kind_words(lang)
                )
            }
            Lang::En => {
                let how = if self.detected { "detected" } else { "given" };
                format!(
                    "Input: **{input}** · Base: **{base}** · Kind: `{kind}` ({how}) · Run: {at} (UTC) · \
                     doisoat {version}"
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_names_its_kind_files_date_and_version() {
        let at = "2026-12-06T09:03Z".to_string();
        let exam = About::new(Kind::Exam, true, Path::new("/srv/x/thi_2025.csv"), Path::new("snap"), at);
        assert_eq!((exam.input.as_str(), exam.base.as_str()), ("thi_2025.csv", "snap"), "names, not paths");
        assert_eq!(exam.title(Lang::Vi), "Báo cáo đối soát thí sinh dự thi");
        assert_eq!(exam.title(Lang::En), "Reconciliation report: exam candidates");
        let plain = |s: &str| s.to_string();
        let vi = exam.line(Lang::Vi, plain);
        assert!(vi.starts_with("Tệp đối soát: **thi_2025.csv** · CSDL: **snap** · Loại: thí sinh dự thi (`exam`, tự nhận biết)"), "{vi}");
        assert!(vi.contains("Chạy lúc: 2026-12-06T09:03Z (UTC) · doisoat "), "{vi}");
        let credit = About { kind: Kind::Credit, detected: false, ..exam.clone() };
        let en = credit.line(Lang::En, |s| s.replace('_', "\\_"));
        assert!(en.starts_with("Input: **thi\\_2025.csv** · Base: **snap** · Kind: `credit` (given) · Run: 2026-12-06T09:03Z (UTC) · doisoat "), "{en}");
        assert_eq!(credit.title(Lang::Vi), "Báo cáo đối soát hồ sơ tín dụng");
        let residence = About { kind: Kind::Residence, ..exam };
        assert_eq!(residence.title(Lang::En), "Reconciliation report: residence periods");
        assert_eq!(
            About::new(Kind::Credit, true, Path::new("-"), Path::new("b.csv"), String::new()).input,
            "-"
        );
    }
}
