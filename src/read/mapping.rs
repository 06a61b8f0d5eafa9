//! Column roles and their mapping to a file's headers: from the config where
//! it says so, else detected by header name. Headers are compared case-,
//! accent- and separator-insensitively (`Số CCCD`, `so_cccd`, `SoCCCD` are
//! one name).

use std::borrow::Cow;
use std::path::Path;

use serde::Deserialize;

pub use super::roles::Role;
use crate::error::{Error, Result};
use crate::normalize::place::Place;
use crate::normalize::{
    field, normalize_id, normalize_name, parse_date, text, BlankEnds, DateOrder, Identity, NameOrder, NormId,
    NormName, Rules,
};

/// One column name, or several joined with a space in the given order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Columns {
    /// `name = "ho_va_ten"`.
    One(String),
    /// `name = ["ho", "dem", "ten"]`.
    Many(Vec<String>),
}

impl Columns {
    /// The column names in order.
    pub fn names(&self) -> Vec<String> {
        match self {
            Columns::One(s) => vec![s.clone()],
            Columns::Many(v) => v.clone(),
        }
    }
}

/// A role to map: what the config says about it, and whether it is required.
#[derive(Debug, Clone)]
pub struct RoleSpec {
    /// The role.
    pub role: Role,
    /// The configured column(s), if any.
    pub configured: Option<Columns>,
    /// The run cannot start without it.
    pub required: bool,
}

impl RoleSpec {
    /// A role read from one column, named in the configuration or detected.
    pub fn one(role: Role, configured: &Option<String>, required: bool) -> RoleSpec {
        RoleSpec { role, configured: configured.clone().map(Columns::One), required }
    }
}

/// Name parts in split-name files, surname first: (surname, middle, given).
const SPLIT_NAMES: &[(&[&str], &[&str], &[&str])] = &[
    (&["ho"], &["dem", "tendem", "chulot"], &["ten"]),
    (&["surname", "lastname", "familyname"], &["middlename"], &["givenname", "firstname"]),
];

/// A file's header line for a message, shown only when it looks like one:
/// the first line of a file without a header is a person's data, and no
/// name or ID may reach a terminal or a log. A line with an ID-like number
/// (5 digits in a row), a field of digits alone or a date in it is not
/// shown; control characters are escaped and long headers cut.
pub fn headers_seen(headers: &[String]) -> String {
    let data_like = |h: &str| {
        // A field of digits alone (a year, a short ID) is data too.
        let digits_only = !h.is_empty() && h.bytes().all(|b| b.is_ascii_digit() || b" /-.".contains(&b));
        let number = digits_only || h.split(|c: char| !c.is_ascii_digit()).any(|run| run.len() >= 5);
        let parts =
            h.split(['/', '-', '.']).filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        number || parts.count() >= 3
    };
    if headers.iter().any(|h| data_like(h)) {
        return format!(
            "{} columns; the first line looks like data, not a header, and is not shown (does the file have a header line?)",
            headers.len()
        );
    }
    let shown = |h: &String| -> String {
        h.chars()
            .take(40)
            .flat_map(|c| if c.is_control() { c.escape_default().collect() } else { vec![c] })
            .collect()
    };
    headers.iter().map(shown).collect::<Vec<_>>().join(", ")
}

/// The compared form of a header: folded, lower case, letters and digits only.
pub fn header_form(h: &str) -> String {
    text::fold(&text::nfc_clean(h))
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// One role's columns (indices into the file's headers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    /// The role.
    pub role: Role,
    /// Column indices, joined in order (several only for names).
    pub columns: Vec<usize>,
    /// True when it came from the config.
    pub from_config: bool,
}

/// The error of a required role no column was found for: the headers
/// seen and the configuration lines that say which.
pub fn missing_role(path: &Path, section: &str, headers: &[String], role: Role) -> Error {
    Error::Mapping {
        path: path.into(),
        message: format!(
            "no column found for the required role '{}' ({}).\n  Headers seen: {}\n  \
             Say which column it is in a config file passed with --config:\n    \
             [{section}.columns]\n    {} = \"<one of the headers above>\"",
            role.key(),
            role.describe(),
            headers_seen(headers),
            role.key()
        ),
    }
}

/// Maps roles onto `headers`. Configured columns are taken first; the
/// others are detected in the order given, and detection never gives one
/// column to two roles.
pub fn map_roles(path: &Path, section: &str, headers: &[String], wanted: &[RoleSpec]) -> Result<Vec<Mapped>> {
    let forms: Vec<String> = headers.iter().map(|h| header_form(h)).collect();
    let mut used = vec![false; headers.len()];
    let mut out = Vec::new();
    // Config entries first, so detection never takes a configured column.
    for RoleSpec { role, configured, .. } in wanted {
        let role = *role;
        if let Some(cfg) = configured {
            let mut columns = Vec::new();
            for name in cfg.names() {
                let i = headers.iter().position(|h| *h == name).ok_or_else(|| Error::Mapping {
                    path: path.into(),
                    message: format!(
                        "[{section}.columns] {} = \"{name}\": no such column. Headers seen: {}",
                        role.key(),
                        headers_seen(headers)
                    ),
                })?;
                used[i] = true;
                columns.push(i);
            }
            out.push(Mapped { role, columns, from_config: true });
        }
    }
    for &RoleSpec { role, ref configured, required } in wanted {
        if configured.is_some() {
            continue;
        }
        let found = detect(role, &forms, &used);
        match found {
            Some(columns) => {
                columns.iter().for_each(|&i| used[i] = true);
                out.push(Mapped { role, columns, from_config: false });
            }
            None if required => return Err(missing_role(path, section, headers, role)),
            None => {}
        }
    }
    out.sort_by_key(|m| wanted.iter().position(|w| w.role == m.role));
    Ok(out)
}

/// Where each role's cells sit in a projected row.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    columns: Vec<usize>,
    roles: Vec<(Role, Vec<usize>)>,
    keep: Vec<usize>,
    extras: Vec<usize>,
    /// The dates' order found from the file's values (else the rules').
    date_order: Option<DateOrder>,
}

impl Layout {
    /// Normalises the mapped identity cells of an input row, its place included.
    pub fn identity(&self, cells: &[String], rules: &Rules) -> Identity {
        Identity { place: self.place(cells), ..self.person(cells, rules) }
    }

    /// Normalises the mapped identity cells of a projected row, but for
    /// its place (a base person's place is the residence history's).
    pub fn person(&self, cells: &[String], rules: &Rules) -> Identity {
        let text = |role| self.get(role, cells);
        let id_text = text(Role::Id);
        let id_text = id_text.as_deref().unwrap_or("");
        let id = if rules.placeholders.is_id(id_text) {
            NormId { placeholder: true, ..NormId::missing() }
        } else {
            normalize_id(id_text, rules.id_scheme)
        };
        let (name_text, placeholder, blank) = self.name_text(cells, rules);
        let name = normalize_name(&name_text);
        // One column: the whole value is checked once normalised (a base's
        // names need no second folding); several: each column, above.
        let name = if !placeholder && rules.placeholders.is_normalised_name(&name_text, &name.folded) {
            NormName { placeholder: true, ..NormName::default() }
        } else {
            // Blank ends of no name at all are none.
            let blank = if name.is_empty() { BlankEnds::default() } else { blank };
            NormName { placeholder, blank, ..name }
        };
        Identity {
            id,
            name,
            dob: parse_date(text(Role::Dob).as_deref().unwrap_or(""), self.date_order(rules)),
            sex: text(Role::Gender).and_then(|s| rules.gender.parse(&s)),
            record_date: text(Role::RecordDate)
                .and_then(|s| parse_date(&s, self.date_order(rules)).ok())
                .map(|(d, _)| d),
            fields: self.extras(cells).zip(&rules.fields).map(|(v, m)| field::prepare(*m, v)).collect(),
            place: Place::default(),
        }
    }

    /// The row's place: its commune, and its province (a school's when no
    /// other is mapped); none when neither is given or one cannot be read.
    fn place(&self, cells: &[String]) -> Place {
        let text = |role| self.get(role, cells).unwrap_or_default();
        let province = match self.get(Role::Province, cells) {
            Some(p) if !p.trim().is_empty() => p,
            _ => text(Role::SchoolProvince),
        };
        let commune = text(Role::Commune);
        if province.trim().is_empty() && commune.trim().is_empty() {
            return Place::default();
        }
        // An unreadable province cell leaves the commune (which decides the province).
        Place::read(&province, &commune).or_else(|_| Place::read("", &commune)).unwrap_or_default()
    }

    /// The layout for `mapped` roles plus `keep` columns (file indices).
    pub fn new(mapped: &[Mapped], keep: &[usize]) -> Layout {
        let mut layout = Layout::default();
        for m in mapped {
            let slots = m.columns.iter().map(|&c| layout.slot(c)).collect();
            layout.roles.push((m.role, slots));
        }
        for &k in keep {
            let s = layout.slot(k);
            layout.keep.push(s);
        }
        layout
    }

    /// This layout without its kept columns: the cells matching reads (the
    /// results pass reads the file again for the kept ones).
    pub fn for_matching(&self) -> Layout {
        let mut layout = Layout { date_order: self.date_order, ..Layout::default() };
        for (role, slots) in &self.roles {
            let slots = slots.iter().map(|&s| layout.slot(self.columns[s])).collect();
            layout.roles.push((*role, slots));
        }
        for &e in &self.extras {
            let s = layout.slot(self.columns[e]);
            layout.extras.push(s);
        }
        layout
    }

    /// For each kept cell, the role that reads the same column, if any, and
    /// which of the role's columns it is (a name split in parts: 0 the surname).
    pub fn kept_roles(&self) -> Vec<Option<(Role, usize)>> {
        self.keep.iter().map(|&s| self.roles_at(s).next()).collect()
    }

    /// Every role that reads slot `slot`, with which of the role's columns it is.
    pub fn roles_at(&self, slot: usize) -> impl Iterator<Item = (Role, usize)> + '_ {
        self.roles.iter().filter_map(move |(r, slots)| slots.iter().position(|&s| s == slot).map(|i| (*r, i)))
    }

    /// The slots of a role's columns, when it is mapped.
    pub fn slots(&self, role: Role) -> Option<&[usize]> {
        self.roles.iter().find(|(r, _)| *r == role).map(|(_, slots)| slots.as_slice())
    }

    /// The slot of file column `col` in a projected row, the column added
    /// to the projection when new.
    pub fn slot(&mut self, col: usize) -> usize {
        match self.columns.iter().position(|&c| c == col) {
            Some(p) => p,
            None => {
                self.columns.push(col);
                self.columns.len() - 1
            }
        }
    }

    /// The layout reading dates in `order`, whatever the rules say (an
    /// order found from the file's own values).
    pub fn with_date_order(self, order: DateOrder) -> Layout {
        Layout { date_order: Some(order), ..self }
    }

    /// The order the dates are read in: the one found from the file, else the rules'.
    pub fn date_order(&self, rules: &Rules) -> DateOrder {
        self.date_order.unwrap_or(rules.date_order)
    }

    /// Adds the extra compared fields' columns (file indices), in `[[compare]]` order.
    pub fn with_extras(mut self, extras: &[usize]) -> Layout {
        for &e in extras {
            let s = self.slot(e);
            self.extras.push(s);
        }
        self
    }

    /// The extra fields' cells of a projected row, in `[[compare]]` order.
    pub fn extras<'a>(&'a self, cells: &'a [String]) -> impl Iterator<Item = &'a str> + 'a {
        self.extras.iter().map(move |&s| cells.get(s).map_or("", String::as_str))
    }

    /// The file columns to project, in slot order.
    pub fn columns(&self) -> &[usize] {
        &self.columns
    }

    /// True when the role is mapped.
    pub fn has(&self, role: Role) -> bool {
        self.roles.iter().any(|(r, _)| *r == role)
    }

    /// The name's text in a projected row, surname first: its columns
    /// joined by a space, each column that holds a placeholder left out (of
    /// several); whether one did; and which ends' columns were blank or a
    /// placeholder. A name written given name first has its words (of one
    /// column) or its columns (of several) turned round.
    fn name_text<'a>(&self, cells: &'a [String], rules: &Rules) -> (Cow<'a, str>, bool, BlankEnds) {
        let Some((_, slots)) = self.roles.iter().find(|(r, _)| *r == Role::Name) else {
            return (Cow::Borrowed(""), false, BlankEnds::default());
        };
        let order = rules.name_order;
        if let [one] = slots.as_slice() {
            let text = cells[*one].as_str();
            if order == NameOrder::SurnameFirst {
                return (Cow::Borrowed(text), false, BlankEnds::default());
            }
            let words: Vec<&str> = text.split_whitespace().collect();
            return (Cow::Owned(order.surname_first(&words).join(" ")), false, BlankEnds::default());
        }
        let columns: Vec<&str> = slots.iter().map(|&s| cells[s].trim()).collect();
        let columns = order.surname_first(&columns);
        // Each column looked up once; one without a letter or digit (`-`,
        // `?`) is as blank as an empty one. (Blank ends of a name left
        // empty are dropped by the caller.)
        let placeholders: Vec<bool> =
            columns.iter().map(|c| !c.is_empty() && rules.placeholders.is_name(c)).collect();
        let blank: Vec<bool> = columns
            .iter()
            .zip(&placeholders)
            .map(|(c, &p)| p || !c.chars().any(char::is_alphanumeric))
            .collect();
        let kept: Vec<&str> = columns.iter().zip(&blank).filter(|(_, &b)| !b).map(|(&c, _)| c).collect();
        let ends = BlankEnds { surname: blank.first() == Some(&true), given: blank.last() == Some(&true) };
        (Cow::Owned(kept.join(" ")), placeholders.contains(&true), ends)
    }

    /// The role's text in a projected row (parts joined by a space), if mapped.
    pub fn get<'a>(&self, role: Role, cells: &'a [String]) -> Option<std::borrow::Cow<'a, str>> {
        let (_, slots) = self.roles.iter().find(|(r, _)| *r == role)?;
        match slots.as_slice() {
            [one] => Some(std::borrow::Cow::Borrowed(cells[*one].as_str())),
            many => Some(std::borrow::Cow::Owned(
                many.iter().map(|&s| cells[s].trim()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" "),
            )),
        }
    }

    /// The row key of a projected row as the results show it and `explain
    /// --key` finds it: trimmed, without control or invisible characters (a
    /// NUL, a byte-order mark mid-file), if mapped.
    pub fn key(&self, cells: &[String]) -> Option<String> {
        self.get(Role::Key, cells)
            .map(|k| crate::normalize::text::without_invisibles(k.trim()).trim().to_string())
    }

    /// The kept cells of a projected row, in `keep` order, moved out of
    /// the row (a column kept twice is copied the second time).
    pub fn take_kept(&self, cells: &mut [String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(self.keep.len());
        for (i, &s) in self.keep.iter().enumerate() {
            let cell = match self.keep[..i].iter().position(|&t| t == s) {
                Some(j) => out[j].clone(),
                None => cells.get_mut(s).map(std::mem::take).unwrap_or_default(),
            };
            out.push(cell);
        }
        out
    }

    /// The kept cells of a projected row, in `keep` order.
    pub fn kept<'a>(&'a self, cells: &'a [String]) -> impl Iterator<Item = &'a str> + 'a {
        self.keep.iter().map(move |&s| cells.get(s).map_or("", String::as_str))
    }
}

fn detect(role: Role, forms: &[String], used: &[bool]) -> Option<Vec<usize>> {
    let free = |want: &str| (0..forms.len()).find(|&i| !used[i] && forms[i] == want);
    if let Some(i) = role.synonyms().iter().find_map(|s| free(s)) {
        return Some(vec![i]);
    }
    if role != Role::Name {
        return None;
    }
    SPLIT_NAMES.iter().find_map(|(sur, mid, given)| {
        let sur = sur.iter().find_map(|s| free(s))?;
        let given = given.iter().find_map(|s| free(s))?;
        let mut cols = vec![sur];
        cols.extend(mid.iter().find_map(|s| free(s)));
        cols.push(given);
        Some(cols)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn spec(role: Role, configured: Option<&str>, required: bool) -> RoleSpec {
        RoleSpec { role, configured: configured.map(|c| Columns::One(c.into())), required }
    }

    fn detect_all(h: &[&str]) -> Result<Vec<Mapped>> {
        let wanted = [
            spec(Role::Id, None, true),
            spec(Role::OldId, None, false),
            spec(Role::Name, None, true),
            spec(Role::Dob, None, false),
            spec(Role::Gender, None, false),
        ];
        map_roles(Path::new("f.csv"), "base", &headers(h), &wanted)
    }

    #[test]
    fn layout_projects_each_column_once_and_joins_name_parts() {
        let mapped = vec![
            Mapped { role: Role::Id, columns: vec![3], from_config: false },
            Mapped { role: Role::Name, columns: vec![0, 1, 2], from_config: true },
        ];
        let layout = Layout::new(&mapped, &[3, 5]);
        assert_eq!(layout.columns(), [3, 0, 1, 2, 5]);
        let cells: Vec<String> = ["001", "Lê", "", "Hoa", "x"].iter().map(|s| s.to_string()).collect();
        assert_eq!(layout.get(Role::Name, &cells).unwrap(), "Lê Hoa");
        assert_eq!(layout.get(Role::Id, &cells).unwrap(), "001");
        assert!(layout.get(Role::Dob, &cells).is_none());
        assert_eq!(layout.kept(&cells).collect::<Vec<_>>(), ["001", "x"]);
        assert_eq!(layout.kept_roles(), [Some((Role::Id, 0)), None]);
        let twice = Layout::new(&mapped, &[5, 3, 5]);
        let mut row: Vec<String> = ["001", "Lê", "", "Hoa", "x"].iter().map(|s| s.to_string()).collect();
        assert_eq!(twice.take_kept(&mut row), ["x", "001", "x"]);
        assert!(row[0].is_empty() && row[4].is_empty() && row[1] == "Lê");
        let parts = Layout::new(&mapped, &[2, 0]);
        assert_eq!(parts.kept_roles(), [Some((Role::Name, 2)), Some((Role::Name, 0))]);
        // Written given name first: columns (or one column's words) turned round.
        let given_first = Rules { name_order: NameOrder::GivenFirst, ..Rules::default() };
        let cells: Vec<String> = ["001", "John", "Q", "Smith", "x"].iter().map(|s| s.to_string()).collect();
        assert_eq!(layout.identity(&cells, &given_first).name.canonical, "SMITH Q JOHN");
        assert_eq!(layout.identity(&cells, &Rules::default()).name.canonical, "JOHN Q SMITH");
        let one = Layout::new(&[Mapped { role: Role::Name, columns: vec![0], from_config: true }], &[]);
        let cells = vec!["Mary Ann  Smith".to_string()];
        assert_eq!(one.identity(&cells, &given_first).name.canonical, "SMITH ANN MARY");
    }

    #[test]
    fn a_blank_or_placeholder_end_column_is_a_blank_end_not_a_shift() {
        let mapped = vec![Mapped { role: Role::Name, columns: vec![0, 1, 2], from_config: true }];
        let layout = Layout::new(&mapped, &[]);
        let given_first = Rules { name_order: NameOrder::GivenFirst, ..Rules::default() };
        let name = |cells: [&str; 3], rules: &Rules| {
            let cells: Vec<String> = cells.iter().map(|s| s.to_string()).collect();
            let n = layout.identity(&cells, rules).name;
            (n.canonical, n.blank.surname, n.blank.given, n.placeholder)
        };
        // Given name, middle initial, surname: no surname.
        assert_eq!(name(["Julie", "A", " "], &given_first), ("A JULIE".into(), true, false, false));
        assert_eq!(name(["Julie", "A", "Respondent"], &given_first), ("A JULIE".into(), true, false, true));
        assert_eq!(name(["", "A", "Hurley"], &given_first), ("HURLEY A".into(), false, true, false));
        assert_eq!(name(["Julie", "", "Hurley"], &given_first), ("HURLEY JULIE".into(), false, false, false));
        assert_eq!(name(["", "", ""], &given_first), ("".into(), false, false, false));
        assert_eq!(name(["Julie", "A", "-"], &given_first), ("A JULIE".into(), true, false, false));
        assert_eq!(name(["", "", "."], &given_first), ("".into(), false, false, false));
        // Surname first: the first column is the surname's.
        assert_eq!(name(["", "Văn", "Hùng"], &Rules::default()), ("VĂN HÙNG".into(), true, false, false));
        // One column has no ends of its own.
        let one = Layout::new(&[Mapped { role: Role::Name, columns: vec![0], from_config: true }], &[]);
        let n = one.identity(&["Văn Hùng".to_string()], &Rules::default()).name;
        assert!(!n.blank.any());
    }

    #[test]
    fn the_matching_layout_reads_roles_and_extras_but_no_kept_column() {
        let mapped = vec![
            Mapped { role: Role::Id, columns: vec![3], from_config: false },
            Mapped { role: Role::Name, columns: vec![0, 1], from_config: true },
        ];
        let full = Layout::new(&mapped, &[3, 5, 6]).with_extras(&[7, 1]);
        assert_eq!(full.columns(), [3, 0, 1, 5, 6, 7]);
        let matching = full.for_matching();
        assert_eq!(matching.columns(), [3, 0, 1, 7]);
        let cells: Vec<String> = ["079", "Lê", "Hoa", "quận 1"].iter().map(|s| s.to_string()).collect();
        assert_eq!(matching.get(Role::Id, &cells).unwrap(), "079");
        assert_eq!(matching.get(Role::Name, &cells).unwrap(), "Lê Hoa");
        assert_eq!(matching.extras(&cells).collect::<Vec<_>>(), ["quận 1", "Hoa"]);
        assert_eq!(matching.kept(&cells).count(), 0);
    }

    #[test]
    fn a_data_line_is_never_shown_as_headers() {
        let data = headers(&["KH001", "NGUYEN TUAN PHUC", "17/01/2012", "Nam", "040212546007"]);
        let shown = headers_seen(&data);
        assert!(
            !shown.contains("NGUYEN") && !shown.contains("0402") && shown.contains("5 columns"),
            "{shown}"
        );
        assert!(!headers_seen(&headers(&["ma_kh", "1990-01-02"])).contains("ma_kh"));
        assert!(!headers_seen(&headers(&["KH1", "Tran Thi Lan", "1990", ""])).contains("Tran"));
        assert_eq!(
            headers_seen(&headers(&["Số CCCD", "Họ và tên", "ngay_sinh"])),
            "Số CCCD, Họ và tên, ngay_sinh"
        );
        assert_eq!(headers_seen(&headers(&["a\u{1b}[2Jb"])), "a\\u{1b}[2Jb");
    }

    #[test]
    fn header_forms_ignore_case_accents_and_separators() {
        assert_eq!(header_form("Số CCCD"), "socccd");
        assert_eq!(header_form("so_dinh_danh"), "sodinhdanh");
        assert_eq!(header_form("Họ và tên"), "hovaten");
        assert_eq!(header_form("\u{feff}Ngày sinh"), "ngaysinh");
    }

    #[test]
    fn vietnamese_headers() {
        let m = detect_all(&["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Số CMND"]).unwrap();
        let cols: Vec<(Role, Vec<usize>)> = m.into_iter().map(|m| (m.role, m.columns)).collect();
        assert_eq!(
            cols,
            [
                (Role::Id, vec![4]),
                (Role::OldId, vec![5]),
                (Role::Name, vec![1]),
                (Role::Dob, vec![2]),
                (Role::Gender, vec![3])
            ]
        );
    }

    #[test]
    fn english_headers_and_split_names() {
        let m = detect_all(&["national_id", "given_name", "surname", "date_of_birth", "sex"]).unwrap();
        assert_eq!(m[1].role, Role::Name);
        assert_eq!(m[1].columns, [2, 1]);
    }

    #[test]
    fn a_cmnd_column_alone_serves_as_the_id() {
        let m = detect_all(&["so_cmnd", "ho_ten"]).unwrap();
        assert_eq!((m[0].role, m[0].columns.clone()), (Role::Id, vec![0]));
        assert!(m.iter().all(|m| m.role != Role::OldId));
    }

    #[test]
    fn missing_required_role_lists_headers_and_the_fix() {
        let msg = detect_all(&["cccd", "x", "y"]).unwrap_err().to_string();
        assert!(msg.contains("'name'"), "{msg}");
        assert!(msg.contains("Headers seen: cccd, x, y"), "{msg}");
        assert!(msg.contains("[base.columns]"), "{msg}");
    }

    #[test]
    fn config_wins_and_unknown_config_column_is_an_error() {
        let wanted = [spec(Role::Id, None, true), spec(Role::Name, Some("ten"), true)];
        let m = map_roles(Path::new("f"), "input", &headers(&["cccd", "ho_ten", "ten"]), &wanted).unwrap();
        assert_eq!(m[1].columns, [2]);
        assert!(m[1].from_config);
        let wanted = [spec(Role::Name, Some("nope"), true)];
        let e = map_roles(Path::new("f"), "input", &headers(&["a"]), &wanted).unwrap_err();
        assert!(e.to_string().contains("\"nope\": no such column"));
    }
}
