//! What the reports and the files for data owners say, in Vietnamese (the
//! default) or English: labels for statuses, actions, the four quality
//! words and the report's own headings. Codes never change with the
//! language; only the words around them do.

use crate::classify::{Action, Reason, Status};

/// The language of the reports and split files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Vietnamese.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// The HTML `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    fn pick(self, vi: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// A count with thousands grouped as the language writes them (`51.000.000`, `51,000,000`).
    pub fn count(self, n: u64) -> String {
        crate::progress::thousands(n, self.pick(".", ","))
    }

    /// A share of `whole` as a percentage with one decimal (`97,3 %`, `97.3 %`).
    pub fn percent(self, part: u64, whole: u64) -> String {
        let p = if whole == 0 { 0.0 } else { part as f64 * 100.0 / whole as f64 };
        let text = format!("{p:.1}");
        match self {
            Lang::Vi => format!("{} %", text.replace('.', ",")),
            Lang::En => format!("{text} %"),
        }
    }

    /// A status in words.
    pub fn status(self, s: Status) -> &'static str {
        match s {
            Status::Match => self.pick("Khớp", "Match"),
            Status::MatchWithDiffs => self.pick("Khớp, có trường sai khác", "Match with differences"),
            Status::IdCorrected => self.pick("Tìm ra số định danh đúng", "ID corrected"),
            Status::IdConflict => self.pick("Số định danh của người khác", "ID conflict"),
            Status::Ambiguous => self.pick("Nhiều người cùng phù hợp", "Ambiguous"),
            Status::NotFound => self.pick("Không tìm thấy", "Not found"),
            Status::Invalid => self.pick("Dòng không dùng được", "Invalid row"),
        }
    }

    /// An action in words: what to do.
    pub fn action(self, a: Action) -> &'static str {
        match a {
            Action::None => self.pick("Không cần làm gì", "Nothing to do"),
            Action::UpdateId => self.pick("Cập nhật số định danh", "Update the ID"),
            Action::FixFields => self.pick("Sửa các trường sai khác", "Fix the differing fields"),
            Action::CheckIdentity => self.pick("Kiểm tra giấy tờ tùy thân", "Check the identity document"),
            Action::Investigate => {
                self.pick("Xem xét kỹ (dấu hiệu gian lận, nhầm lẫn)", "Investigate (fraud or mix-up signal)")
            }
            Action::RepairRow => self.pick("Sửa dòng dữ liệu", "Repair the row"),
            Action::CheckPriorityArea => {
                self.pick("Kiểm tra hồ sơ khu vực ưu tiên", "Check the priority-area claim")
            }
            Action::CheckResidence => self.pick("Kiểm tra lịch sử cư trú", "Check the residence history"),
        }
    }

    /// A quality word's name as the population database uses it, with its gloss.
    pub fn quality(self, q: Quality) -> (&'static str, &'static str) {
        match q {
            Quality::Dung => {
                ("Đúng", self.pick("các trường khớp với CSDL dân cư", "correct: fields agree with the base"))
            }
            Quality::Du => {
                ("Đủ", self.pick("có đủ các trường bắt buộc", "complete: required fields present"))
            }
            Quality::Sach => (
                "Sạch",
                self.pick(
                    "đúng định dạng, không trùng, không dùng lại số",
                    "clean: well-formed, no duplicates or ID reuse",
                ),
            ),
            Quality::Song => {
                ("Sống", self.pick("CCCD hiện hành, người còn sống", "live: current CCCD, the person alive"))
            }
        }
    }

    /// One of the report's own labels.
    pub fn label(self, l: Label) -> &'static str {
        match l {
            Label::Title => self.pick("Báo cáo đối soát", "Reconciliation report"),
            Label::Rows => self.pick("Dòng đối soát", "Rows reconciled"),
            Label::BasePersons => self.pick("Người trong CSDL", "Persons in the base"),
            Label::Time => self.pick("Thời gian chạy", "Run time"),
            Label::Actionable => self.pick("Dòng cần xử lý", "Rows to act on"),
            Label::Unreadable => self.pick("Dòng không đọc được", "Unreadable rows"),
            Label::Statuses => self.pick("Kết quả theo trạng thái", "Statuses"),
            Label::Actions => self.pick("Việc cần làm", "Actions"),
            Label::Reasons => self.pick("Lý do", "Reasons"),
            Label::Scorecard => {
                self.pick("Chất lượng dữ liệu: đúng, đủ, sạch, sống", "Data quality: đúng, đủ, sạch, sống")
            }
            Label::Scores => self.pick("Phân bố điểm khớp", "Match score distribution"),
            Label::Score => self.pick("Điểm", "Score"),
            Label::NoScore => self.pick("không có ứng viên", "no candidate"),
            Label::Groups => self.pick("Theo", "By"),
            Label::WorstFirst => {
                self.pick("nhóm nhiều dòng cần xử lý nhất trước", "most rows to act on first")
            }
            Label::TopReasons => self.pick("Lý do chính", "Top reasons"),
            Label::OtherValues => self.pick("(các giá trị khác)", "(other values)"),
            Label::PastTheCap => self.pick("Quá số giá trị phân biệt", "Past distinct values"),
            Label::Code => self.pick("Mã", "Code"),
            Label::Meaning => self.pick("Ý nghĩa", "Meaning"),
            Label::Count => self.pick("Số dòng", "Rows"),
            Label::Share => self.pick("Tỷ lệ", "Share"),
            Label::Drivers => self.pick("Nguyên nhân chính", "Main drivers"),
            Label::Group => self.pick("Nhóm", "Group"),
            Label::Seconds => self.pick("giây", "s"),
            Label::Generated => self.pick("Tạo bởi doisoat", "Made by doisoat"),
            Label::AreaCross => {
                self.pick("Khu vực ưu tiên: khai so với lịch sử cư trú", "Priority areas: declared vs supported")
            }
            Label::DeclaredArea => self.pick("Khai", "Declared"),
            Label::NoArea => self.pick("không", "none"),
            Label::InvalidArea => self.pick("(không hợp lệ)", "(invalid)"),
            Label::AreaNote => self.pick(
                "Hàng: khu vực thí sinh khai; cột: khu vực lịch sử thường trú chứng minh được (thí sinh đã liên kết).",
                "Rows: the area candidates declared; columns: the area their permanent residence supports (linked candidates).",
            ),
            Label::ExamYear => self.pick("Năm thi (giai đoạn xét cư trú)", "Exam year (residence window)"),
        }
    }

    /// A reason in words: what it means and what to do.
    pub fn reason(self, r: Reason) -> &'static str {
        let (vi, en) = super::reason_words::text(r);
        self.pick(vi, en)
    }
}

/// The report's own labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Label {
    Title,
    Rows,
    BasePersons,
    Time,
    Actionable,
    Unreadable,
    Statuses,
    Actions,
    Reasons,
    Scorecard,
    Scores,
    Score,
    NoScore,
    Groups,
    WorstFirst,
    TopReasons,
    OtherValues,
    PastTheCap,
    Code,
    Meaning,
    Count,
    Share,
    Drivers,
    Group,
    Seconds,
    Generated,
    ExamYear,
    AreaCross,
    DeclaredArea,
    NoArea,
    InvalidArea,
    AreaNote,
}

/// The population database's four quality words, as a scorecard of the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Quality {
    /// Đúng: the row's fields agree with the base (status `MATCH`).
    Dung,
    /// Đủ: required fields present.
    Du,
    /// Sạch: well-formed, no duplicates, no ID reuse.
    Sach,
    /// Sống: a current CCCD rather than an old CMND, the person alive.
    Song,
}

impl Quality {
    /// Every word, in the order the population database names them.
    pub const ALL: [Quality; 4] = [Quality::Dung, Quality::Du, Quality::Sach, Quality::Song];

    /// The code used in summary.json.
    pub fn code(self) -> &'static str {
        match self {
            Quality::Dung => "dung",
            Quality::Du => "du",
            Quality::Sach => "sach",
            Quality::Song => "song",
        }
    }

    /// The word a reason counts against, if any (informational reasons count against none).
    pub fn of(r: Reason) -> Option<Quality> {
        use Reason::*;
        Some(match r {
            NameDiacritics
            | NameOrder
            | NameMiddle
            | NamePartial
            | NameTypo
            | NameGivenDiff
            | NameSurnameDiff
            | NameDiff
            | DobSwapped
            | DobTypo
            | DobDiff
            | SexDiff
            | FieldDiff
            | IdTypo
            | IdTransposed
            | IdBelongsToOther
            | IdNotInBase
            | IdSexMismatch
            | IdYearMismatch
            | PriorityAreaUnsupported
            | ResidenceTooShort
            | ResidenceDatesDiffer
            | ResidencePlaceDiffers
            | ResidenceNotInBase => Quality::Dung,
            IdMissing | IdPlaceholder | NameMissing | NamePlaceholder | DobMissing | DobYearOnly
            | ResidenceExtraInBase => Quality::Du,
            RowMalformed
            | RowBadText
            | RowUnbalancedQuote
            | RowTooLong
            | IdDamaged
            | IdMalformed
            | IdLeadingZeroRestored
            | IdOcr
            | IdProvinceInvalid
            | NameLegacyEncoding
            | DobInvalid
            | DobOcr
            | DobImpossible
            | DuplicateInInput
            | IdSharedInInput
            | IdDuplicateInBase
            | AreaDeclaredInvalid
            | ResidencePeriodInvalid => Quality::Sach,
            OldCmnd | Deceased | DeceasedBeforeRecord => Quality::Song,
            NameNoDiacritics
            | NameSpellingVariant
            | BlockCapped
            | PriorityAreaSupported
            | ResidenceMatch
            | ResidenceGap
            | ResidenceHistoryMissing => return None,
        })
    }

    /// True when a row with this status and these reasons meets the word:
    /// no reason against it, and for đúng the status `MATCH` itself.
    pub fn met(self, status: Status, reasons: crate::classify::Reasons) -> bool {
        (self != Quality::Dung || status == Status::Match)
            && !reasons.iter().any(|r| Quality::of(r) == Some(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Reasons;

    #[test]
    fn counts_and_shares_are_written_as_each_language_writes_them() {
        assert_eq!(Lang::Vi.count(51_000_000), "51.000.000");
        assert_eq!(Lang::En.count(51_000_000), "51,000,000");
        assert_eq!(Lang::En.count(999), "999");
        assert_eq!(Lang::Vi.count(1000), "1.000");
        assert_eq!(Lang::Vi.percent(973, 1000), "97,3 %");
        assert_eq!(Lang::En.percent(1, 3), "33.3 %");
        assert_eq!(Lang::En.percent(0, 0), "0.0 %");
    }

    #[test]
    fn a_row_meets_a_quality_word_unless_a_reason_or_its_status_counts_against_it() {
        let with = |rs: &[Reason]| {
            let mut set = Reasons::default();
            rs.iter().for_each(|&r| set.add(r));
            set
        };
        let informational = with(&[Reason::NameNoDiacritics]);
        assert!(Quality::ALL.iter().all(|q| q.met(Status::Match, informational)));
        assert!(!Quality::Dung.met(Status::NotFound, Reasons::default()));
        assert!(Quality::Du.met(Status::NotFound, Reasons::default()));
        let old_deceased = with(&[Reason::OldCmnd, Reason::Deceased]);
        assert!(
            !Quality::Song.met(Status::Match, old_deceased) && Quality::Sach.met(Status::Match, old_deceased)
        );
        assert!(!Quality::Du.met(Status::Invalid, with(&[Reason::IdMissing])));
        assert!(!Quality::Sach.met(Status::Match, with(&[Reason::DuplicateInInput])));
    }

    /// Every reason counted against a word is in the README's scorecard table, under that word.
    #[test]
    fn the_readme_documents_the_scorecard() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        let table =
            readme.split("### Scorecard").nth(1).expect("a Scorecard section").split("\n#").next().unwrap();
        for q in Quality::ALL {
            let (word, _) = Lang::Vi.quality(q);
            let line = table
                .lines()
                .find(|l| l.starts_with(&format!("| **{word}**")))
                .unwrap_or_else(|| panic!("{word}"));
            for r in Reason::ALL.iter().filter(|&&r| Quality::of(r) == Some(q)) {
                assert!(line.contains(&format!("`{}`", r.code())), "{} under {word}", r.code());
            }
        }
    }
}
