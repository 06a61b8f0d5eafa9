//! What the reports and the files for data owners say, in Vietnamese (the
//! default) or English: labels for statuses, actions, the four quality
//! words and the report's own headings. Codes never change with the
//! language; only the words around them do.

use std::borrow::Cow;

pub use super::quality::Quality;
use crate::classify::{Action, Reason, Status};
use crate::read::kind::Kind;

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

    /// A share of `whole` as a percentage with one decimal (`97,3 %`,
    /// `97.3 %`); a share that is not none, or not all, is never written as
    /// if it were (`< 0,1 %`, `> 99,9 %`).
    pub fn percent(self, part: u64, whole: u64) -> String {
        let p = if whole == 0 { 0.0 } else { part as f64 * 100.0 / whole as f64 };
        let text = match format!("{p:.1}").as_str() {
            "0.0" if part > 0 => "< 0.1".to_string(),
            "100.0" if part < whole => "> 99.9".to_string(),
            shown => shown.to_string(),
        };
        format!("{} %", self.decimal_point(&text))
    }

    /// A number with a fraction as the language writes it (`0,95`, `0.95`).
    pub fn decimal(self, x: f64) -> String {
        self.decimal_point(&x.to_string())
    }

    fn decimal_point(self, text: &str) -> String {
        match self {
            Lang::Vi => text.replace('.', ","),
            Lang::En => text.to_string(),
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
            Label::AreaRule => self.pick("Cách xét khu vực ưu tiên", "Priority-area rule"),
            Label::RuleSchool => self.pick(
                "theo trường học lâu nhất, thường trú cho các trường hợp ngoại lệ (TT 08/2022, Điều 7.1 b, c)",
                "the school attended longest, residence for the exceptions (TT 08/2022 Art. 7(1)(b)-(c))",
            ),
            Label::RuleResidenceNoSchools => self.pick(
                "chỉ theo nơi thường trú (tệp không có cột trường học)",
                "permanent residence alone (the export has no school columns)",
            ),
            Label::RuleResidenceConfigured => {
                self.pick("chỉ theo nơi thường trú ([exam] rule)", "permanent residence alone ([exam] rule)")
            }
            Label::AreaCrossSchool => self.pick(
                "Khu vực ưu tiên: khai so với khu vực được hưởng",
                "Priority areas: declared vs entitled",
            ),
            Label::AreaNoteSchool => self.pick(
                "Hàng: khu vực thí sinh khai; cột: khu vực được hưởng theo trường học lâu nhất và các trường hợp thường trú (Thông tư 08/2022, Điều 7 khoản 1 điểm b, c).",
                "Rows: the area candidates declared; columns: the area they are entitled to by the school attended longest and the residence exceptions (TT 08/2022 Art. 7(1)(b)-(c)).",
            ),
            Label::Claims => self.pick("Khai thường trú trên 18 tháng và đối tượng 01", "Residence claims and policy group 01"),
            Label::Claim => self.pick("Nội dung khai", "Claim"),
            Label::ClaimBorne => self.pick("CSDL chứng minh", "Borne out"),
            Label::ClaimNotBorne => self.pick("Không chứng minh", "Not borne out"),
            Label::ClaimUnchecked => self.pick("Không có lịch sử", "No history"),
            Label::ClaimKv1 => self.pick("Thường trú trên 18 tháng tại KV1", "More than 18 months in KV1"),
            Label::ClaimDbkk => self.pick(
                "Thường trú trên 18 tháng tại xã đặc biệt khó khăn",
                "More than 18 months in an extremely disadvantaged commune",
            ),
            Label::ClaimPolicy01 => self.pick("Đối tượng 01", "Policy group 01"),
            Label::ClaimsByProvince => self.pick(
                "Khai theo tỉnh của trường học lâu nhất",
                "Claims by the province of the school attended longest",
            ),
            Label::ClaimsBySchool => self.pick(
                "Các trường có nhiều thí sinh khai không được chứng minh nhất",
                "The schools with the most candidates whose claim is not borne out",
            ),
            Label::ClaimProvince => self.pick("Mã tỉnh", "Province code"),
            Label::ClaimSchool => self.pick("Trường", "School"),
            Label::ClaimRows => self.pick("Thí sinh có khai", "Candidates with a claim"),
            Label::ClaimRowsNotBorne => self.pick("Có khai không chứng minh", "With a claim not borne out"),
            Label::ClaimShareNotBorne => self.pick("Tỷ lệ", "Share"),
            Label::NoSchool => self.pick("(không rõ trường)", "(no school)"),
            Label::ClaimsPlaceNote => self.pick(
                "Thí sinh đã liên kết có khai thường trú trên 18 tháng hoặc đối tượng 01; một thí sinh tính một lần, theo trường học lâu nhất (mã tỉnh và mã trường của Bộ GD&ĐT).",
                "Linked candidates with a residence claim or policy group 01, each counted once, by the school attended longest (MOET's province and school codes).",
            ),
            Label::ClaimsNote => self.pick(
                "Thí sinh đã liên kết có đánh dấu; đối chiếu thường trú trong giai đoạn xét với lịch sử cư trú trong CSDL.",
                "Linked candidates who ticked the box; checked against the base's permanent residence in the window.",
            ),
        }
    }

    /// A reason in words: what it means and what to do, of a credit export's customers.
    pub fn reason(self, r: Reason) -> &'static str {
        let (vi, en) = super::reason_words::text(r);
        self.pick(vi, en)
    }

    /// A reason in words for an export of `kind`: an exam's rows are
    /// candidates (thí sinh), a residence export's persons, not customers.
    pub fn reason_of(self, r: Reason, kind: Kind) -> Cow<'static, str> {
        let words = self.reason(r);
        let (customer, who) = match (self, kind) {
            (_, Kind::Credit) => return Cow::Borrowed(words),
            (Lang::Vi, Kind::Exam) => ("khách hàng", "thí sinh"),
            (Lang::Vi, Kind::Residence) => ("khách hàng", "người dân"),
            (Lang::En, Kind::Exam) => ("customer", "candidate"),
            (Lang::En, Kind::Residence) => ("customer", "person"),
        };
        if words.contains(customer) {
            Cow::Owned(words.replace(customer, who))
        } else {
            Cow::Borrowed(words)
        }
    }

    /// A reason's name in a few words, for a chart's label.
    pub fn reason_name(self, r: Reason) -> &'static str {
        let (vi, en) = super::reason_names::name(r);
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
    AreaRule,
    RuleSchool,
    RuleResidenceNoSchools,
    RuleResidenceConfigured,
    AreaCrossSchool,
    AreaNoteSchool,
    Claims,
    Claim,
    ClaimBorne,
    ClaimNotBorne,
    ClaimUnchecked,
    ClaimKv1,
    ClaimDbkk,
    ClaimPolicy01,
    ClaimsNote,
    ClaimsByProvince,
    ClaimsBySchool,
    ClaimProvince,
    ClaimSchool,
    ClaimRows,
    ClaimRowsNotBorne,
    ClaimShareNotBorne,
    NoSchool,
    ClaimsPlaceNote,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_shares_are_written_as_each_language_writes_them() {
        assert_eq!(Lang::Vi.count(51_000_000), "51.000.000");
        assert_eq!(Lang::En.count(51_000_000), "51,000,000");
        assert_eq!(Lang::En.count(999), "999");
        assert_eq!(Lang::Vi.count(1000), "1.000");
        assert_eq!(Lang::Vi.percent(973, 1000), "97,3 %");
        assert_eq!(Lang::En.percent(1, 3), "33.3 %");
        assert_eq!(Lang::En.percent(0, 0), "0.0 %");
        assert_eq!(Lang::Vi.percent(1, 2_000_000), "< 0,1 %", "a share that is not none");
        assert_eq!(Lang::En.percent(1_999_999, 2_000_000), "> 99.9 %", "nor all");
        assert_eq!(Lang::Vi.percent(0, 2_000_000), "0,0 %");
        assert_eq!(Lang::Vi.percent(7, 7), "100,0 %");
        assert_eq!(
            (Lang::Vi.decimal(0.95), Lang::En.decimal(0.95), Lang::Vi.decimal(0.0)),
            ("0,95".into(), "0.95".into(), "0".into())
        );
    }

    #[test]
    fn an_exam_s_rows_are_candidates_not_customers() {
        let credit = Lang::Vi.reason_of(Reason::IdNotInBase, Kind::Credit);
        assert!(credit.contains("khách hàng"), "{credit}");
        let exam = Lang::Vi.reason_of(Reason::IdNotInBase, Kind::Exam);
        assert!(exam.contains("giấy tờ của thí sinh") && !exam.contains("khách hàng"), "{exam}");
        let en = Lang::En.reason_of(Reason::DuplicateInInput, Kind::Exam);
        assert!(en.contains("one candidate or a mix-up"), "{en}");
        for &r in Reason::ALL {
            for lang in [Lang::Vi, Lang::En] {
                for kind in [Kind::Exam, Kind::Residence] {
                    let words = lang.reason_of(r, kind);
                    assert!(!words.contains("khách hàng") && !words.contains("customer"), "{}", r.code());
                }
            }
        }
    }
}
