//! The kind of export being reconciled: a plain identity check (`credit`:
//! bank customers, or any export), exam candidates (`exam`: their declared
//! priority area is checked against the base's residence history) or
//! residence periods (`residence`: each period against the base's). Given
//! with `--kind` or `[input] kind`, else detected from the headers.

use serde::Deserialize;

use super::mapping::header_form;

/// The kind asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KindChoice {
    /// Detected from the headers.
    #[default]
    Auto,
    /// An identity check only.
    Credit,
    /// Exam candidates.
    Exam,
    /// Residence periods.
    Residence,
}

/// The kind a run reconciles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// An identity check only.
    #[default]
    Credit,
    /// Exam candidates: identity, then the declared priority area.
    Exam,
    /// Residence periods: identity, then each period against the base's.
    Residence,
}

impl Kind {
    /// The kind's name, as `--kind` takes it.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Credit => "credit",
            Kind::Exam => "exam",
            Kind::Residence => "residence",
        }
    }
}

impl KindChoice {
    /// The kind: the one asked for, else the one the headers say ([`detect`]).
    pub fn resolve(self, headers: &[String]) -> Kind {
        match self {
            KindChoice::Credit => Kind::Credit,
            KindChoice::Exam => Kind::Exam,
            KindChoice::Residence => Kind::Residence,
            KindChoice::Auto => detect(headers).0,
        }
    }

    /// The line the run prints about the kind: how it was chosen, and the
    /// headers that say another when one given disagrees with them.
    pub fn note(self, headers: &[String]) -> String {
        let (seen, said) = detect(headers);
        let kind = self.resolve(headers);
        let what = match (self, said.is_empty()) {
            (KindChoice::Auto, true) => {
                "detected: no exam or residence headers; --kind says otherwise".to_string()
            }
            (KindChoice::Auto, false) => {
                format!("detected from the headers {}; --kind says otherwise", said.join(", "))
            }
            _ if seen == kind => "given".to_string(),
            (_, true) => format!("given; the headers say {}", seen.code()),
            (_, false) => format!("given; the headers say {}: {}", seen.code(), said.join(", ")),
        };
        format!("input kind       {} ({what})", kind.code())
    }
}

/// The kind the headers say, with the headers that say it (none for
/// credit): exam with a candidate number or a declared area
/// (`so_bao_danh`, `khu_vuc_uu_tien`), residence with a residence kind
/// (`loai_cu_tru`) or from, to and commune columns (`tu_ngay`, `den_ngay`,
/// `ma_xa`); else credit.
fn detect(headers: &[String]) -> (Kind, Vec<&str>) {
    let forms: Vec<String> = headers.iter().map(|h| header_form(h)).collect();
    let found = |form: &&str| forms.iter().position(|g| g == form).map(|i| headers[i].as_str());
    let exam: Vec<&str> = ["sobaodanh", "khuvucuutien"].iter().filter_map(found).collect();
    if !exam.is_empty() {
        return (Kind::Exam, exam);
    }
    if let Some(h) = found(&"loaicutru") {
        return (Kind::Residence, vec![h]);
    }
    let period: Vec<&str> = ["tungay", "denngay", "maxa"].iter().filter_map(found).collect();
    if period.len() == 3 {
        return (Kind::Residence, period);
    }
    (Kind::Credit, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn kinds_are_detected_from_the_headers_unless_given() {
        let exam = headers(&["so_bao_danh", "ho_ten", "so_cccd", "khu_vuc_uu_tien"]);
        let residence = headers(&["ma_ho_so", "so_dinh_danh", "ho_ten", "ma_xa", "tu_ngay", "den_ngay"]);
        let credit = headers(&["ma_khach_hang", "ho_ten", "so_cccd", "ngay_giai_ngan"]);
        assert_eq!(KindChoice::Auto.resolve(&exam), Kind::Exam);
        assert_eq!(KindChoice::Auto.resolve(&headers(&["Khu vực ưu tiên", "ho_ten"])), Kind::Exam);
        assert_eq!(KindChoice::Auto.resolve(&residence), Kind::Residence);
        assert_eq!(KindChoice::Auto.resolve(&headers(&["ho_ten", "Loại cư trú"])), Kind::Residence);
        assert_eq!(KindChoice::Auto.resolve(&headers(&["ho_ten", "tu_ngay", "den_ngay"])), Kind::Credit);
        assert_eq!(KindChoice::Auto.resolve(&credit), Kind::Credit);
        assert_eq!(KindChoice::Credit.resolve(&exam), Kind::Credit);
        assert_eq!(KindChoice::Exam.resolve(&credit), Kind::Exam);
    }

    #[test]
    fn the_kind_line_says_how_it_was_chosen_and_which_headers_disagree() {
        let exam = headers(&["so_bao_danh", "ho_ten", "so_cccd", "Khu vực ưu tiên"]);
        assert_eq!(
            KindChoice::Auto.note(&exam),
            "input kind       exam (detected from the headers so_bao_danh, Khu vực ưu tiên; --kind says otherwise)"
        );
        assert_eq!(
            KindChoice::Auto.note(&headers(&["ho_ten", "so_cccd"])),
            "input kind       credit (detected: no exam or residence headers; --kind says otherwise)"
        );
        assert_eq!(KindChoice::Exam.note(&exam), "input kind       exam (given)");
        assert_eq!(
            KindChoice::Credit.note(&exam),
            "input kind       credit (given; the headers say exam: so_bao_danh, Khu vực ưu tiên)"
        );
        assert_eq!(
            KindChoice::Residence.note(&headers(&["ho_ten"])),
            "input kind       residence (given; the headers say credit)"
        );
    }
}
