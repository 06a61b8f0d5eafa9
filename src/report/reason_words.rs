//! Each reason in words, Vietnamese and English: what was found and what
//! to do, one sentence a clerk can act on. The README's reason table says
//! the same at more length.

use crate::classify::Reason;

/// A reason's words: (Vietnamese, English).
pub fn text(r: Reason) -> (&'static str, &'static str) {
    use Reason::*;
    match r {
        RowMalformed => (
            "Dòng có số trường khác tiêu đề: sửa dấu phân cách hoặc dấu nháy thừa trong tệp.",
            "The row has more or fewer fields than the header: repair the stray delimiter or quote.",
        ),
        RowBadText => (
            "Có ô không phải văn bản UTF-8: lưu lại tệp dưới dạng UTF-8.",
            "A cell is not UTF-8 text: save the file again as UTF-8.",
        ),
        RowUnbalancedQuote => (
            "Dấu nháy mở mà không đóng trên dòng này: sửa dấu nháy của dòng.",
            "A quote opens on this line and never closes: repair the line's quoting.",
        ),
        RowTooLong => (
            "Dòng dài quá giới hạn (max_row_bytes), không đọc được: kiểm tra tệp xuất có bị hỏng (thiếu xuống dòng).",
            "The line is longer than max_row_bytes and was not read: check the export is not damaged (line ends lost).",
        ),
        IdMissing => ("Thiếu số định danh: bổ sung số CCCD.", "The ID is missing: add the CCCD number."),
        IdDamaged => (
            "Số định danh bị bảng tính đổi sang dạng số mũ (7.91E+11), mất chữ số: lấy lại từ hệ thống gốc.",
            "A spreadsheet turned the ID into scientific notation and lost digits: take it from the source system.",
        ),
        IdMalformed => (
            "Ô số định danh không phải một số giấy tờ: sửa lại số.",
            "The ID cell does not hold an ID number: correct it.",
        ),
        IdOcr => (
            "Số giấy tờ có chữ cái giống chữ số (O, l, S…), đã đọc thành số: sửa lại số.",
            "The ID had letters that look like digits (O, l, S…), read as those digits: correct the number.",
        ),
        IdLeadingZeroRestored => (
            "Số định danh mất số 0 đầu (lưu dạng số) và đã được khôi phục: lưu số định danh dạng văn bản.",
            "The ID had lost its leading zero (stored as a number); it was restored: store IDs as text.",
        ),
        IdProvinceInvalid => (
            "Ba chữ số đầu của CCCD không phải mã tỉnh hay mã quốc gia: kiểm tra số, có thể gõ nhầm.",
            "The CCCD's first three digits are no province or country code: check the number.",
        ),
        IdSexMismatch => (
            "Chữ số thế kỷ/giới tính của CCCD không khớp giới tính của dòng: kiểm tra số và giới tính.",
            "The CCCD's century/sex digit disagrees with the row's sex: check the ID and the sex.",
        ),
        IdYearMismatch => (
            "Năm sinh mã hóa trong CCCD không khớp năm sinh của dòng: kiểm tra số và ngày sinh.",
            "The birth year coded in the CCCD disagrees with the row's: check the ID and the date of birth.",
        ),
        IdNotInBase => (
            "Không ai trong CSDL có số định danh này: đối chiếu với giấy tờ của khách hàng.",
            "No person in the base has this ID: check it against the customer's document.",
        ),
        IdDuplicateInBase => (
            "Nhiều bản ghi trong CSDL cùng mang số này: báo cho đơn vị quản lý CSDL.",
            "Several base records carry this ID: report it to the base's keeper.",
        ),
        OldCmnd => (
            "Dòng mang số CMND 9 số cũ của người này: cập nhật sang số CCCD đề xuất.",
            "The row carries the person's old 9-digit CMND: update it to the suggested CCCD.",
        ),
        IdTypo => (
            "Số định danh sai một chữ số so với số của người này: thay bằng số đề xuất.",
            "The ID is one digit off the person's: replace it with the suggested ID.",
        ),
        IdTransposed => (
            "Số định danh bị đảo hai chữ số liền nhau: thay bằng số đề xuất.",
            "Two adjacent digits of the ID are swapped: replace it with the suggested ID.",
        ),
        IdTwoDigits => (
            "Số định danh sai hai chữ số so với số của người này (hai chữ số khác, hoặc thừa hay thiếu một chữ số; người được tìm theo các trường khác): kiểm tra với giấy tờ rồi thay bằng số đề xuất.",
            "The ID is two keying errors off the person's (two digits different, or a digit added or dropped; the person was found by the other fields): check it against the papers, then replace it with the suggested ID.",
        ),
        IdBelongsToOther => (
            "Số định danh là của người khác; người của dòng này được tìm theo họ tên và ngày sinh: thay bằng số đề xuất và xem vì sao số kia có ở đây.",
            "The ID is another person's; this row's person was found by name and date of birth: use the suggested ID and check how the other ID got here.",
        ),
        BlockCapped => (
            "Họ tên quá phổ biến nên việc tìm bị giới hạn: bổ sung số định danh hoặc thêm thông tin.",
            "The name is so common that the search was cut: add an ID or more fields.",
        ),
        NameMissing => ("Thiếu họ tên: bổ sung họ tên.", "The name is missing: add it."),
        NameLegacyEncoding => (
            "Họ tên ở bảng mã cũ TCVN3/VNI (hoặc đọc sai bảng mã) và đã được chuyển đổi: xuất lại tệp bằng Unicode.",
            "The name was in legacy TCVN3/VNI encoding (or read with the wrong code page) and was converted: export as Unicode.",
        ),
        NameNoDiacritics => (
            "Họ tên chỉ khác ở chỗ không có dấu. Chỉ để biết.",
            "The name differs only by having no diacritics. Informational.",
        ),
        NameSpellingVariant => (
            "Họ tên chỉ khác cách viết y/i (Lý/Lí). Chỉ để biết.",
            "The name differs only by a y/i spelling (Lý/Lí). Informational.",
        ),
        NameDiacritics => (
            "Cùng chữ cái nhưng khác dấu (Dương/Đường): kiểm tra cách viết đúng.",
            "Same letters, different diacritics (Dương/Đường): check which is right.",
        ),
        NameOrder => (
            "Cùng các tiếng nhưng khác thứ tự: sửa thứ tự họ tên.",
            "The same name words in another order: correct the order.",
        ),
        NameMiddle => (
            "Cùng họ và tên, khác hoặc thiếu tên đệm: kiểm tra họ tên đầy đủ.",
            "Same surname and given name, the middle name differs or is missing: check the full name.",
        ),
        NamePartial => (
            "Họ tên chỉ có một phần: bổ sung họ tên đầy đủ.",
            "Only part of the name is given: complete it.",
        ),
        NameTypo => (
            "Họ tên viết sai chính tả nhẹ: sửa lại theo CSDL.",
            "The name is slightly misspelled: correct it from the base.",
        ),
        NameGivenDiff => (
            "Cùng họ và tên đệm, khác tên: kiểm tra tên (tên gọi khác, lỗi nhập) và danh tính.",
            "Same surname and middle name, another given name: check the given name (a nickname, a keying error) and the identity.",
        ),
        NameSurnameDiff => (
            "Cùng tên đệm và tên, khác họ: kiểm tra họ (bỏ trống, ghi thay) và danh tính.",
            "Same middle and given name, another surname: check the surname (left out, written as a placeholder) and the identity.",
        ),
        NamePlaceholder => (
            "Họ tên (hoặc một phần) ghi thay bằng chữ như \"Không rõ\", \"Unknown\": bổ sung họ tên thật.",
            "The name, or a part of it, is a placeholder such as \"Không rõ\" or \"Unknown\": add the real name.",
        ),
        IdPlaceholder => (
            "Số giấy tờ ghi thay (\"N/A\", 000000000): bổ sung số thật.",
            "The ID is a placeholder (\"N/A\", 000000000): add the real number.",
        ),
        NameDiff => ("Họ tên khác hẳn: kiểm tra danh tính.", "The names are different: check the identity."),
        DobMissing => ("Thiếu ngày sinh: bổ sung.", "The date of birth is missing: add it."),
        DobOcr => (
            "Ngày sinh có chữ cái giống chữ số (O, l, |…), đã đọc thành số: sửa lại ngày.",
            "The date of birth had letters that look like digits (O, l, |…), read as those digits: correct the date.",
        ),
        DobInvalid => (
            "Ngày sinh không đọc được: sửa lại ngày.",
            "The date of birth could not be read: correct it.",
        ),
        DobImpossible => (
            "Ngày sinh không có thật (30/02): đối chiếu giấy tờ.",
            "The date does not exist (30/02): check the documents.",
        ),
        DobYearOnly => (
            "Chỉ biết năm sinh (hoặc ngày giữ chỗ 01/01): bổ sung ngày sinh đầy đủ.",
            "Only the year of birth is known (or a 01/01 placeholder): complete the date.",
        ),
        DobSwapped => ("Ngày và tháng sinh bị đảo: sửa lại.", "Day and month are swapped: correct the date."),
        DobTypo => ("Ngày sinh sai một chữ số hoặc một năm: sửa lại.", "The date of birth is one digit or one year off: correct it."),
        DobDiff => ("Ngày sinh khác: kiểm tra lại.", "The dates of birth differ: check the date."),
        SexDiff => ("Giới tính khác: kiểm tra hồ sơ.", "The sex differs: check the record."),
        FieldDiff => ("Một trường so sánh thêm bị khác: kiểm tra trường đó.", "An extra compared field differs: check it."),
        Deceased => (
            "CSDL ghi nhận người này đã mất: xem xét hồ sơ, tài khoản.",
            "The base records the person as deceased: review the record or account.",
        ),
        DeceasedBeforeRecord => (
            "Ngày của bản ghi (ví dụ ngày giải ngân) sau ngày mất của người này: dấu hiệu gian lận, cần điều tra.",
            "The record's own date (e.g. a disbursement) is after the person's death: a fraud signal, investigate.",
        ),
        DuplicateInInput => (
            "Cùng một người xuất hiện ở nhiều dòng: kiểm tra là một khách hàng hay nhầm lẫn.",
            "The same person is linked from several rows: check whether they are one customer or a mix-up.",
        ),
        IdSharedInInput => (
            "Số định danh này xuất hiện ở dòng khác với họ tên hoặc ngày sinh khác: xác định số thuộc dòng nào.",
            "This ID appears on other rows with another name or date of birth: find which row it belongs to.",
        ),
        PriorityAreaSupported => (
            "Khu vực ưu tiên đã khai có căn cứ (lịch sử thường trú trong CSDL, hoặc trường học lâu nhất và các trường hợp thường trú).",
            "The declared priority area is supported (by the base's residence history, or the school attended longest and the residence exceptions).",
        ),
        PriorityAreaUnsupported => (
            "Khu vực ưu tiên đã khai không đủ căn cứ (cột supported_area: khu vực có căn cứ): kiểm tra hồ sơ ưu tiên.",
            "The declared priority area is better than the check supports (supported_area: the one it does): check the claim.",
        ),
        AreaDeclaredInvalid => (
            "Khu vực ưu tiên khai không phải KV1, KV2-NT, KV2 hay KV3: sửa lại.",
            "The declared priority area is not KV1, KV2-NT, KV2 or KV3: correct it.",
        ),
        ResidenceTooShort => (
            "Có thường trú ở xã thuộc khu vực đã khai (hoặc loại xã đã khai) nhưng chưa đủ thời gian (trên 18 tháng): kiểm tra hồ sơ ưu tiên.",
            "Lived in a commune of the declared area (or the claimed kind), but not long enough (more than 18 months): check the claim.",
        ),
        ResidenceGap => (
            "Có khoảng thời gian trong giai đoạn xét không có nơi thường trú: kiểm tra lịch sử cư trú.",
            "Part of the window has no permanent residence on record: check the residence history.",
        ),
        ResidenceHistoryMissing => (
            "CSDL không có thường trú nào của người này trong giai đoạn xét: xác minh nơi cư trú.",
            "The base holds no permanent residence of the person in the window: verify the residence.",
        ),
        SchoolAreaLower => (
            "Khu vực của trường học lâu nhất thấp hơn khu vực đã khai (cột supported_area: khu vực được hưởng): kiểm tra hồ sơ ưu tiên.",
            "The area of the school attended longest is lower than the declared one (supported_area: the area the candidate is entitled to): check the claim.",
        ),
        SchoolNotInList => (
            "Mã trường của một năm học không có trong danh mục trường (hoặc không đọc được): sửa mã tỉnh, mã trường.",
            "A grade's school is not in the school list for that year (or cannot be read): correct the province and school codes.",
        ),
        SchoolMissing => (
            "Hồ sơ không ghi trường THPT của năm nào: bổ sung trường lớp 10, 11, 12.",
            "No school is given for any grade: add the schools of grades 10, 11 and 12.",
        ),
        ResidenceClaimUnsupported => (
            "Khai thường trú trên 18 tháng tại KV1 hoặc xã đặc biệt khó khăn, nhưng lịch sử thường trú trong CSDL không chứng minh: kiểm tra hồ sơ.",
            "A ticked claim of more than 18 months' permanent residence in KV1 or an extremely disadvantaged commune is not borne out by the base's history: check the claim.",
        ),
        ClaimSpanDiffers => (
            "Khoảng thời gian thường trú đã khai có ngày không khớp nơi thường trú đủ điều kiện trong CSDL: kiểm tra ngày khai.",
            "The residence span written has days the base's history does not show in a qualifying commune: check the dates written.",
        ),
        ClaimSpanInvalid => (
            "Khoảng thời gian thường trú đã khai không đọc được (thiếu ngày, sai ngày, ngày cuối trước ngày đầu): sửa lại.",
            "The residence span written cannot be read (a date missing or invalid, or the last day before the first): correct it.",
        ),
        PolicyGroupUnsupported => (
            "Khai đối tượng 01 nhưng CSDL không có thường trú trên 18 tháng tại KV1 trong thời gian học THPT, hoặc CSDL ghi dân tộc không phải dân tộc thiểu số: kiểm tra hồ sơ.",
            "Policy group 01 is declared, but the base has no more than 18 months of permanent residence in KV1 during upper secondary, or records the person as no ethnic minority: check the claim.",
        ),
        ResidenceMatch => (
            "Giai đoạn cư trú khớp với CSDL (nơi ở và ngày).",
            "The residence period agrees with the base (place and dates).",
        ),
        ResidenceDatesDiffer => (
            "Cùng nơi cư trú nhưng ngày khác CSDL (cột overlap_days: số ngày trùng): sửa ngày.",
            "Same place, other dates than the base (overlap_days: the days shared): correct the dates.",
        ),
        ResidencePlaceDiffers => (
            "Trong thời gian này CSDL ghi nơi cư trú khác: kiểm tra mã xã, mã tỉnh.",
            "The base has the person elsewhere at that time: check the commune and province.",
        ),
        ResidenceNotInBase => (
            "CSDL không có giai đoạn cư trú nào như vậy: xác minh với cơ quan đăng ký cư trú.",
            "The base has no such residence period: verify with the residence registry.",
        ),
        ResidenceExtraInBase => (
            "CSDL có giai đoạn cư trú của người này mà tệp không có: bổ sung vào tệp.",
            "The base has a period of this person's residence the export lacks: add it.",
        ),
        ResidencePeriodInvalid => (
            "Không đọc được giai đoạn cư trú (ngày, loại cư trú, mã tỉnh, mã xã) hoặc giai đoạn kết thúc \
             không sau ngày bắt đầu: sửa dòng.",
            "The residence period cannot be read (a date, the kind, the province or commune), or it ends on \
             or before its first day: correct the row.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_has_words_in_both_languages_that_differ() {
        for &r in Reason::ALL {
            let (vi, en) = text(r);
            assert!(vi.len() > 10 && en.len() > 10 && vi != en, "{}", r.code());
        }
    }
}
