//! Provinces: the 63 birth-registration codes of the CCCD (TT 07/2016
//! Appendix 1) with their names, MOET exam codes, the province each merged
//! into on 1 July 2025 and its new 2-digit code (QĐ 19/2025), and the 2019
//! census population in thousands (used to weight synthetic data).
//! Source and caveats: domain.md §1.2. A CCCD prefix is always read in the
//! 63-code table, never in the post-2025 list.

use super::text;

/// One of the 63 pre-2025 provinces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Province {
    /// CCCD birth-registration code (1–96).
    pub code: u16,
    /// Name in the 63-province list.
    pub name: &'static str,
    /// MOET exam province code (2002–2025).
    pub moet: u8,
    /// The province it belongs to since 1 July 2025.
    pub merged_into: &'static str,
    /// That province's 2-digit code (QĐ 19/2025).
    pub new_code: u8,
    /// Population in thousands (2019 census, approximate).
    pub population_k: u32,
}

const fn p(
    code: u16,
    name: &'static str,
    moet: u8,
    merged_into: &'static str,
    new_code: u8,
    population_k: u32,
) -> Province {
    Province { code, name, moet, merged_into, new_code, population_k }
}

/// The 63 provinces in CCCD-code order.
pub const PROVINCES: [Province; 63] = [
    p(1, "Hà Nội", 1, "Hà Nội", 1, 8054),
    p(2, "Hà Giang", 5, "Tuyên Quang", 8, 854),
    p(4, "Cao Bằng", 6, "Cao Bằng", 4, 530),
    p(6, "Bắc Kạn", 11, "Thái Nguyên", 19, 314),
    p(8, "Tuyên Quang", 9, "Tuyên Quang", 8, 785),
    p(10, "Lào Cai", 8, "Lào Cai", 15, 731),
    p(11, "Điện Biên", 62, "Điện Biên", 11, 599),
    p(12, "Lai Châu", 7, "Lai Châu", 12, 460),
    p(14, "Sơn La", 14, "Sơn La", 14, 1249),
    p(15, "Yên Bái", 13, "Lào Cai", 15, 822),
    p(17, "Hòa Bình", 23, "Phú Thọ", 25, 855),
    p(19, "Thái Nguyên", 12, "Thái Nguyên", 19, 1287),
    p(20, "Lạng Sơn", 10, "Lạng Sơn", 20, 782),
    p(22, "Quảng Ninh", 17, "Quảng Ninh", 22, 1321),
    p(24, "Bắc Giang", 18, "Bắc Ninh", 24, 1804),
    p(25, "Phú Thọ", 15, "Phú Thọ", 25, 1464),
    p(26, "Vĩnh Phúc", 16, "Phú Thọ", 25, 1152),
    p(27, "Bắc Ninh", 19, "Bắc Ninh", 24, 1369),
    p(30, "Hải Dương", 21, "Hải Phòng", 31, 1893),
    p(31, "Hải Phòng", 3, "Hải Phòng", 31, 2029),
    p(33, "Hưng Yên", 22, "Hưng Yên", 33, 1253),
    p(34, "Thái Bình", 26, "Hưng Yên", 33, 1861),
    p(35, "Hà Nam", 24, "Ninh Bình", 37, 853),
    p(36, "Nam Định", 25, "Ninh Bình", 37, 1781),
    p(37, "Ninh Bình", 27, "Ninh Bình", 37, 983),
    p(38, "Thanh Hóa", 28, "Thanh Hóa", 38, 3641),
    p(40, "Nghệ An", 29, "Nghệ An", 40, 3328),
    p(42, "Hà Tĩnh", 30, "Hà Tĩnh", 42, 1289),
    p(44, "Quảng Bình", 31, "Quảng Trị", 44, 896),
    p(45, "Quảng Trị", 32, "Quảng Trị", 44, 633),
    p(46, "Thừa Thiên Huế", 33, "Huế", 46, 1129),
    p(48, "Đà Nẵng", 4, "Đà Nẵng", 48, 1135),
    p(49, "Quảng Nam", 34, "Đà Nẵng", 48, 1496),
    p(51, "Quảng Ngãi", 35, "Quảng Ngãi", 51, 1232),
    p(52, "Bình Định", 37, "Gia Lai", 52, 1487),
    p(54, "Phú Yên", 39, "Đắk Lắk", 66, 873),
    p(56, "Khánh Hòa", 41, "Khánh Hòa", 56, 1232),
    p(58, "Ninh Thuận", 45, "Khánh Hòa", 56, 591),
    p(60, "Bình Thuận", 47, "Lâm Đồng", 68, 1231),
    p(62, "Kon Tum", 36, "Quảng Ngãi", 51, 541),
    p(64, "Gia Lai", 38, "Gia Lai", 52, 1514),
    p(66, "Đắk Lắk", 40, "Đắk Lắk", 66, 1870),
    p(67, "Đắk Nông", 63, "Lâm Đồng", 68, 623),
    p(68, "Lâm Đồng", 42, "Lâm Đồng", 68, 1297),
    p(70, "Bình Phước", 43, "Đồng Nai", 75, 995),
    p(72, "Tây Ninh", 46, "Tây Ninh", 80, 1170),
    p(74, "Bình Dương", 44, "Hồ Chí Minh", 79, 2456),
    p(75, "Đồng Nai", 48, "Đồng Nai", 75, 3097),
    p(77, "Bà Rịa - Vũng Tàu", 52, "Hồ Chí Minh", 79, 1148),
    p(79, "Hồ Chí Minh", 2, "Hồ Chí Minh", 79, 8993),
    p(80, "Long An", 49, "Tây Ninh", 80, 1689),
    p(82, "Tiền Giang", 53, "Đồng Tháp", 82, 1765),
    p(83, "Bến Tre", 56, "Vĩnh Long", 86, 1289),
    p(84, "Trà Vinh", 58, "Vĩnh Long", 86, 1010),
    p(86, "Vĩnh Long", 57, "Vĩnh Long", 86, 1023),
    p(87, "Đồng Tháp", 50, "Đồng Tháp", 82, 1600),
    p(89, "An Giang", 51, "An Giang", 91, 1909),
    p(91, "Kiên Giang", 54, "An Giang", 91, 1724),
    p(92, "Cần Thơ", 55, "Cần Thơ", 92, 1236),
    p(93, "Hậu Giang", 64, "Cần Thơ", 92, 734),
    p(94, "Sóc Trăng", 59, "Cần Thơ", 92, 1200),
    p(95, "Bạc Liêu", 60, "Cà Mau", 96, 907),
    p(96, "Cà Mau", 61, "Cà Mau", 96, 1194),
];

/// The province with CCCD code `code`.
pub fn by_code(code: u16) -> Option<&'static Province> {
    // The table is ordered by code (a test checks).
    PROVINCES.binary_search_by_key(&code, |p| p.code).ok().map(|i| &PROVINCES[i])
}

/// True when `code` is a valid CCCD place code: one of the 63 provinces, or
/// a country code 101–295 for births registered abroad (domain.md §1.4).
pub fn is_valid_cccd_code(code: u16) -> bool {
    by_code(code).is_some() || (101..=295).contains(&code)
}

/// Reads a province written as a name, an alias or a CCCD code:
/// `Hà Nội`, `TP. Hồ Chí Minh`, `Tỉnh Thanh Hóa`, `HCM`, `Sài Gòn`, `079`.
pub fn parse_province(raw: &str) -> Option<&'static Province> {
    let folded = text::fold(&text::nfc_clean(raw.trim()));
    let words: Vec<&str> =
        folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if let [digits] = words.as_slice() {
        if digits.bytes().all(|b| b.is_ascii_digit()) {
            return digits.parse().ok().and_then(by_code);
        }
    }
    let mut words = words.as_slice();
    loop {
        words = match words {
            ["TINH" | "TP", rest @ ..] if !rest.is_empty() => rest,
            ["THANH", "PHO", rest @ ..] if !rest.is_empty() => rest,
            _ => break,
        };
    }
    let key: String = words.concat();
    let alias = match key.as_str() {
        "HCM" | "HOCHIMINH" | "SAIGON" | "TPHCM" | "HCMC" => Some(79),
        "HN" | "HANOI" => Some(1),
        "HUE" | "THUATHIENHUE" => Some(46),
        "BRVT" | "VUNGTAU" => Some(77),
        _ => None,
    };
    if let Some(code) = alias {
        return by_code(code);
    }
    let folded = FOLDED.get_or_init(|| {
        PROVINCES
            .iter()
            .map(|p| text::fold(p.name).chars().filter(char::is_ascii_alphanumeric).collect())
            .collect()
    });
    folded.iter().position(|name| *name == key).map(|i| &PROVINCES[i])
}

/// Each province's name folded to upper-case ASCII letters (`HANOI`), in
/// table order: what [`parse_province`] compares a written name with.
static FOLDED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_complete_and_ordered() {
        assert_eq!(PROVINCES.len(), 63);
        assert!(PROVINCES.windows(2).all(|w| w[0].code < w[1].code));
        let new: std::collections::BTreeSet<u8> = PROVINCES.iter().map(|p| p.new_code).collect();
        assert_eq!(new.len(), 34, "63 provinces merge into 34");
    }

    #[test]
    fn merger_facts_from_domain_md() {
        let yen_bai = by_code(15).unwrap();
        assert_eq!((yen_bai.name, yen_bai.merged_into, yen_bai.new_code), ("Yên Bái", "Lào Cai", 15));
        assert_eq!(by_code(10).unwrap().new_code, 15);
        assert_eq!(by_code(52).unwrap().name, "Bình Định");
    }

    #[test]
    fn names_aliases_and_codes() {
        for (s, code) in [
            ("Hà Nội", 1),
            ("TP HCM", 79),
            ("TP.HCM", 79),
            ("Thành phố Hồ Chí Minh", 79),
            ("Sài Gòn", 79),
            ("HN", 1),
            ("Tỉnh Thanh Hóa", 38),
            ("thanh hoa", 38),
            ("079", 79),
            ("Bà Rịa - Vũng Tàu", 77),
            ("Thừa Thiên Huế", 46),
        ] {
            assert_eq!(parse_province(s).map(|p| p.code), Some(code), "{s}");
        }
        assert!(parse_province("Atlantis").is_none());
    }

    #[test]
    fn valid_place_codes() {
        assert!(is_valid_cccd_code(1) && is_valid_cccd_code(96) && is_valid_cccd_code(175));
        assert!(!is_valid_cccd_code(3) && !is_valid_cccd_code(97) && !is_valid_cccd_code(300));
    }
}
