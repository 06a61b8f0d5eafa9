//! What a column can mean to doisoat (a role), the config key that names
//! its column, and the header names it is detected by.

/// What a column means to doisoat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Row key of the input (customer code, candidate number).
    Key,
    /// Personal ID number.
    Id,
    /// Old ID number kept by the base.
    OldId,
    /// Full name.
    Name,
    /// Date of birth.
    Dob,
    /// Sex.
    Gender,
    /// Province.
    Province,
    /// Alive/deceased.
    Status,
    /// Date of death.
    DeathDate,
    /// The date of the input record (loan disbursement, registration ...).
    RecordDate,
    /// A commune code (residence periods, priority areas, a candidate's home).
    Commune,
    /// The first day of a period.
    PeriodStart,
    /// The day a period ended (empty: still current).
    PeriodEnd,
    /// Permanent or temporary residence.
    ResidenceKind,
    /// A priority area (declared by a candidate, or a commune's).
    Area,
    /// The province of a candidate's school.
    SchoolProvince,
    /// The province code of a candidate's school in a grade (10, 11, 12).
    GradeProvince(u8),
    /// The school code of a candidate's school in a grade (10, 11, 12),
    /// or the province and school in one cell (`PP-SSS`, `PPSSS`).
    GradeSchool(u8),
    /// The candidate's tick: permanent residence for more than 18 months in KV1.
    ClaimKv1,
    /// The candidate's tick: … in an extremely disadvantaged commune.
    ClaimDbkk,
    /// The first day of the residence span a candidate claims.
    ClaimFrom,
    /// The last day of the residence span a candidate claims.
    ClaimTo,
    /// Ethnic boarding school (a candidate's tick, or a school's mark).
    Boarding,
    /// A candidate's policy group (`01`–`07`).
    PolicyGroup,
    /// A province's code, not its name (school list: MOET's code).
    ProvinceCode,
    /// A school's code (school list).
    SchoolCode,
    /// A school's name (school list).
    SchoolName,
    /// A commune's mark: extremely disadvantaged in that stretch (priority-area list).
    Dbkk,
    /// The person's ethnicity (base: policy group 01).
    Ethnicity,
}

/// The grades of upper secondary, in order.
pub const GRADES: [u8; 3] = [10, 11, 12];

impl Role {
    /// The config key of this role.
    pub fn key(self) -> &'static str {
        match self {
            Role::Key => "key",
            Role::Id => "id",
            Role::OldId => "old_id",
            Role::Name => "name",
            Role::Dob => "dob",
            Role::Gender => "gender",
            Role::Province => "province",
            Role::Status => "status",
            Role::DeathDate => "death_date",
            Role::RecordDate => "record_date",
            Role::Commune => "commune",
            Role::PeriodStart => "from",
            Role::PeriodEnd => "to",
            Role::ResidenceKind => "kind",
            Role::Area => "area",
            Role::SchoolProvince => "school_province",
            Role::GradeProvince(10) => "school_province_10",
            Role::GradeProvince(11) => "school_province_11",
            Role::GradeProvince(_) => "school_province_12",
            Role::GradeSchool(10) => "school_10",
            Role::GradeSchool(11) => "school_11",
            Role::GradeSchool(_) => "school_12",
            Role::ClaimKv1 => "claim_kv1",
            Role::ClaimDbkk => "claim_dbkk",
            Role::ClaimFrom => "claim_from",
            Role::ClaimTo => "claim_to",
            Role::Boarding => "boarding",
            Role::PolicyGroup => "policy_group",
            Role::ProvinceCode => "province",
            Role::SchoolCode => "school",
            Role::SchoolName => "school_name",
            Role::Dbkk => "dbkk",
            Role::Ethnicity => "ethnicity",
        }
    }

    /// Usual header names, best first, in the compared form (see [`super::mapping::header_form`]).
    pub(super) fn synonyms(self) -> &'static [&'static str] {
        match self {
            Role::Key => &[
                "makhachhang",
                "makh",
                "macif",
                "cif",
                "sobaodanh",
                "sbd",
                "key",
                "customerid",
                "customercode",
                "recid",
                "recordid",
                "maho",
                "mahoso",
                "ma",
            ],
            Role::Id => &[
                "sodinhdanh",
                "sodinhdanhcanhan",
                "socccd",
                "cccd",
                "socancuoc",
                "cancuoc",
                "socccdcmnd",
                "cccdcmnd",
                "socmndcccd",
                "cmndcccd",
                "sogiayto",
                "sogttt",
                "gttt",
                "socmt",
                "cmt",
                "socmtnd",
                "cmtnd",
                "sogiaytotuythan",
                "giaytotuythan",
                "nationalid",
                "idnumber",
                "idno",
                "citizenid",
                "personalid",
                "personid",
                "id",
                "ssn",
                "socsecid",
                "socmnd",
                "cmnd",
            ],
            Role::OldId => &["socmndcu", "cmndcu", "socmnd", "cmnd", "oldid", "oldidnumber"],
            Role::Name => &[
                "hovaten",
                "hoten",
                "hotenkhachhang",
                "tenkhachhang",
                "hotenkh",
                "tenkh",
                "hotenthisinh",
                "fullname",
                "name",
                "customername",
                "personname",
            ],
            Role::Dob => {
                &["ngaysinh", "ngaythangnamsinh", "namsinh", "dob", "dateofbirth", "birthdate", "birthday"]
            }
            Role::Gender => &["gioitinh", "gioi", "gt", "phai", "sex", "gender"],
            Role::Province => &[
                "noidangkykhaisinh",
                "tinh",
                "tinhthanh",
                "tinhtp",
                "matinh",
                "quequan",
                "noisinh",
                "province",
                "state",
            ],
            Role::Status => &["tinhtrang", "trangthai", "tinhtrangsong", "status", "vitalstatus"],
            Role::DeathDate => &["ngaymat", "ngaychet", "ngaytu", "deathdate", "dateofdeath", "dod"],
            Role::RecordDate => &[
                "ngaygiaingan",
                "ngaygn",
                "ngayvay",
                "ngaymohopdong",
                "ngaykyhopdong",
                "ngaydangky",
                "ngayghinhan",
                "recorddate",
                "transactiondate",
                "disbursementdate",
            ],
            Role::Commune => &["maxa", "maphuongxa", "xa", "phuongxa", "commune", "communecode"],
            Role::PeriodStart => {
                &["tungay", "ngaybatdau", "from", "start", "fromdate", "startdate", "validfrom"]
            }
            Role::PeriodEnd => &["denngay", "ngayketthuc", "to", "end", "todate", "enddate", "validto"],
            Role::ResidenceKind => &["loaicutru", "hinhthuccutru", "kind", "type", "residencekind"],
            Role::Area => &["khuvucuutien", "khuvuc", "kvut", "kv", "priorityarea", "area"],
            Role::SchoolProvince => &["tinhtruong", "matinhtruong", "tinhthpt", "schoolprovince"],
            Role::GradeProvince(10) => &["matinhlop10", "tinhlop10"],
            Role::GradeProvince(11) => &["matinhlop11", "tinhlop11"],
            Role::GradeProvince(_) => &["matinhlop12", "tinhlop12"],
            Role::GradeSchool(10) => &["matruonglop10", "truonglop10"],
            Role::GradeSchool(11) => &["matruonglop11", "truonglop11"],
            Role::GradeSchool(_) => &["matruonglop12", "truonglop12"],
            Role::ClaimKv1 => &["ttkv118thang", "thuongtrukv118thang", "thuongtrutren18thangtaikv1"],
            Role::ClaimDbkk => {
                &["ttxadbkk18thang", "ttdbkk18thang", "thuongtrutren18thangtaixadacbietkhokhan"]
            }
            Role::ClaimFrom => &["tttungay", "thuongtrutungay"],
            Role::ClaimTo => &["ttdenngay", "thuongtrudenngay"],
            Role::Boarding => &["noitru", "dtnt", "dantocnoitru", "boarding"],
            Role::PolicyGroup => &["doituonguutien", "dtut", "doituong", "policygroup"],
            Role::ProvinceCode => &["matinh", "matinhthanh", "provincecode", "tinh"],
            Role::SchoolCode => &["matruong", "schoolcode"],
            Role::SchoolName => &["tentruong", "schoolname"],
            Role::Dbkk => &["dbkk", "xadbkk", "dacbietkhokhan"],
            Role::Ethnicity => &["dantoc", "madantoc", "tendantoc", "ethnicity", "ethnicgroup"],
        }
    }

    /// A one-line description for messages.
    pub(super) fn describe(self) -> &'static str {
        match self {
            Role::Key => "a row key",
            Role::Id => "the personal ID number (CCCD/CMND)",
            Role::OldId => "the old 9-digit CMND",
            Role::Name => "the person's full name",
            Role::Dob => "the date of birth",
            Role::Gender => "the sex",
            Role::Province => "the province",
            Role::Status => "alive/deceased",
            Role::DeathDate => "the date of death",
            Role::RecordDate => "the record's own date",
            Role::Commune => "the commune code",
            Role::PeriodStart => "the period's first day",
            Role::PeriodEnd => "the day the period ended (empty: current)",
            Role::ResidenceKind => "permanent or temporary residence",
            Role::Area => "the priority area (KV1, KV2-NT, KV2, KV3)",
            Role::SchoolProvince => "the school's province",
            Role::GradeProvince(_) => "the province code of the grade's school",
            Role::GradeSchool(_) => "the code of the grade's school (or PP-SSS)",
            Role::ClaimKv1 => "the tick: permanent residence over 18 months in KV1",
            Role::ClaimDbkk => {
                "the tick: permanent residence over 18 months in an extremely disadvantaged commune"
            }
            Role::ClaimFrom => "the first day of the residence span claimed",
            Role::ClaimTo => "the last day of the residence span claimed",
            Role::Boarding => "ethnic boarding school (1 or ticked)",
            Role::PolicyGroup => "the policy group (01-07)",
            Role::ProvinceCode => "the province's code (digits)",
            Role::SchoolCode => "the school's code",
            Role::SchoolName => "the school's name",
            Role::Dbkk => "extremely disadvantaged commune (1 or ticked)",
            Role::Ethnicity => "the ethnicity (code 01-55 or name)",
        }
    }
}
