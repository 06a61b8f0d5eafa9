//! Each reason's name in a few words, Vietnamese and English, for the
//! reasons chart: short enough for a chart's label, as the statuses' and
//! actions' words are. The sentence a clerk acts on is in `reason_words`.

use crate::classify::Reason;

/// A reason's name: (Vietnamese, English).
pub fn name(r: Reason) -> (&'static str, &'static str) {
    use Reason::*;
    match r {
        RowMalformed => ("Số trường khác tiêu đề", "Wrong number of fields"),
        RowBadText => ("Ô không phải văn bản UTF-8", "A cell not UTF-8 text"),
        RowUnbalancedQuote => ("Dấu nháy không đóng", "A quote never closed"),
        RowTooLong => ("Dòng quá dài", "Line too long"),
        IdMissing => ("Thiếu số định danh", "ID missing"),
        IdDamaged => ("Số định danh bị đổi sang số mũ", "ID in scientific notation"),
        IdMalformed => ("Số định danh sai dạng", "ID malformed"),
        IdOcr => ("Số định danh có chữ giống số", "ID with look-alike letters"),
        IdLeadingZeroRestored => ("Số định danh mất số 0 đầu", "ID lost its leading zero"),
        IdProvinceInvalid => ("CCCD có mã tỉnh không tồn tại", "CCCD province code unknown"),
        IdSexMismatch => ("CCCD không khớp giới tính", "CCCD disagrees with the sex"),
        IdYearMismatch => ("CCCD không khớp năm sinh", "CCCD disagrees with the birth year"),
        IdNotInBase => ("Số định danh không có trong CSDL", "ID not in the base"),
        IdDuplicateInBase => ("Số định danh trùng trong CSDL", "ID twice in the base"),
        OldCmnd => ("Số CMND cũ", "Old CMND number"),
        IdTypo => ("Số định danh sai một chữ số", "ID one digit off"),
        IdTransposed => ("Số định danh đảo hai chữ số", "ID with two digits swapped"),
        IdTwoDigits => ("Số định danh sai hai chữ số", "ID two digits off"),
        IdBelongsToOther => ("Số định danh của người khác", "ID of another person"),
        BlockCapped => ("Tìm kiếm bị giới hạn", "Search cut (a common name)"),
        NameMissing => ("Thiếu họ tên", "Name missing"),
        NameLegacyEncoding => ("Họ tên ở bảng mã cũ", "Name in a legacy encoding"),
        NameNoDiacritics => ("Họ tên không dấu", "Name without diacritics"),
        NameSpellingVariant => ("Họ tên khác cách viết y/i", "Name spelt with y/i"),
        NameDiacritics => ("Họ tên khác dấu", "Name with other diacritics"),
        NameOrder => ("Họ tên khác thứ tự", "Name words in another order"),
        NameMiddle => ("Khác hoặc thiếu tên đệm", "Middle name differs or missing"),
        NamePartial => ("Họ tên chỉ có một phần", "Part of the name only"),
        NameTypo => ("Họ tên sai chính tả nhẹ", "Name slightly misspelt"),
        NameGivenDiff => ("Khác tên", "Another given name"),
        NameSurnameDiff => ("Khác họ", "Another surname"),
        NamePlaceholder => ("Họ tên ghi thay (Không rõ…)", "Name a placeholder"),
        IdPlaceholder => ("Số định danh ghi thay (N/A…)", "ID a placeholder"),
        NameDiff => ("Họ tên khác hẳn", "Names different"),
        DobMissing => ("Thiếu ngày sinh", "Date of birth missing"),
        DobOcr => ("Ngày sinh có chữ giống số", "Date with look-alike letters"),
        DobInvalid => ("Ngày sinh không đọc được", "Date of birth unreadable"),
        DobImpossible => ("Ngày sinh không có thật", "A date that does not exist"),
        DobYearOnly => ("Chỉ biết năm sinh", "Year of birth only"),
        DobSwapped => ("Ngày và tháng sinh bị đảo", "Day and month swapped"),
        DobTypo => ("Ngày sinh sai một chữ số", "Date of birth one digit off"),
        DobDiff => ("Ngày sinh khác", "Dates of birth differ"),
        SexDiff => ("Giới tính khác", "Sex differs"),
        FieldDiff => ("Trường so sánh thêm khác", "An extra field differs"),
        Deceased => ("Người đã mất", "Person deceased"),
        DeceasedBeforeRecord => ("Bản ghi sau ngày mất", "Record after the death"),
        DuplicateInInput => ("Một người ở nhiều dòng", "One person on several rows"),
        IdSharedInInput => ("Một số định danh, nhiều người", "One ID, several identities"),
        PriorityAreaSupported => ("Khu vực ưu tiên có căn cứ", "Priority area supported"),
        PriorityAreaUnsupported => ("Khu vực ưu tiên không đủ căn cứ", "Priority area unsupported"),
        AreaDeclaredInvalid => ("Khu vực khai không hợp lệ", "Declared area invalid"),
        ResidenceTooShort => ("Thường trú chưa đủ thời gian", "Residence too short"),
        ResidenceGap => ("Có khoảng trống thường trú", "Gap in residence"),
        ResidenceHistoryMissing => ("Không có lịch sử thường trú", "No residence history"),
        SchoolAreaLower => ("Khu vực trường thấp hơn khu vực khai", "School's area lower"),
        SchoolNotInList => ("Trường không có trong danh mục", "School not in the list"),
        SchoolMissing => ("Thiếu trường THPT", "No school given"),
        ResidenceClaimUnsupported => ("Thường trú khai chưa đủ căn cứ", "Residence claim unsupported"),
        ClaimSpanDiffers => ("Thời gian thường trú khai khác CSDL", "Claimed span differs"),
        ClaimSpanInvalid => ("Thời gian khai không đọc được", "Claimed span unreadable"),
        PolicyGroupUnsupported => ("Đối tượng 01 không đủ căn cứ", "Policy group 01 unsupported"),
        ResidenceMatch => ("Cư trú khớp CSDL", "Residence agrees"),
        ResidenceDatesDiffer => ("Cư trú khác ngày", "Residence dates differ"),
        ResidencePlaceDiffers => ("Cư trú khác nơi", "Residence place differs"),
        ResidenceNotInBase => ("Cư trú không có trong CSDL", "Residence not in the base"),
        ResidenceExtraInBase => ("CSDL có thêm giai đoạn cư trú", "Residence the export lacks"),
        ResidencePeriodInvalid => ("Giai đoạn cư trú không đọc được", "Residence period unreadable"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name fits the chart's label (36 characters) and names one reason.
    #[test]
    fn every_reason_has_a_short_name_of_its_own() {
        let mut seen = std::collections::HashSet::new();
        for &r in Reason::ALL {
            let (vi, en) = name(r);
            for n in [vi, en] {
                assert!(n.chars().count() <= 36 && !n.is_empty(), "{}: {n}", r.code());
                assert!(seen.insert(n), "{} shares the name {n}", r.code());
            }
        }
    }
}
