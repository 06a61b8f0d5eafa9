//! `doisoat resolve`, run by the base's owner: an encoded run's results
//! with each person reference turned back into the person's ID (the base
//! read again, each ID's reference made with the key), in the plaintext
//! results' columns (`person_id`, `suggested_id`, `candidates` as IDs), so
//! the export's owner receives what `reconcile` on plaintext would give —
//! and only for the rows the run linked or listed. A linked person the
//! base marks dead gets `DECEASED` here (and its action), from the base
//! itself: the encoded base does not tell the linking party who died.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::owner::OwnedBase;
use crate::classify::{finish, Reason, Reasons, Status};
use crate::error::{Error, Result};
use crate::output::table::TableWriter;
use crate::output::Format;
use crate::pipeline::Notes;

/// What `doisoat resolve` was asked to do.
#[derive(Debug, Clone)]
pub struct ResolveOptions {
    /// The encoded run's `results.csv`.
    pub results: PathBuf,
    /// The plaintext base the encoded base was made from, and its key.
    pub base: OwnedBase,
    /// The resolved results to write (CSV).
    pub out: PathBuf,
}

/// Resolves the references of an encoded run's results; returns the references resolved.
pub fn resolve(opts: &ResolveOptions, notes: &dyn Notes) -> Result<usize> {
    crate::pipeline::guards::refuse_missing([
        ("--results", Some(opts.results.as_path())),
        ("--base", Some(opts.base.base.as_path())),
        ("--key-file", Some(opts.base.key_file.as_path())),
        ("--config", opts.base.config.as_deref()),
    ])?;
    let bad = |message: String| Error::Data { path: opts.results.clone(), row: None, column: None, message };
    let read = || -> Result<csv::Reader<std::fs::File>> {
        csv::Reader::from_path(&opts.results).map_err(|e| bad(format!("cannot read the results ({e})")))
    };
    let mut reader = read()?;
    let headers = reader.headers().map_err(|e| bad(e.to_string()))?.clone();
    let col = |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            bad(format!("no column {name}: resolve takes the results.csv of reconcile on encoded files"))
        })
    };
    let (person, candidates, status) = (col("person_ref")?, col("candidates")?, col("status")?);
    let mut wanted: HashSet<String> = HashSet::new();
    for record in reader.records() {
        let record = record.map_err(|e| bad(e.to_string()))?;
        wanted.extend([&record[person]].into_iter().filter(|r| !r.is_empty()).map(String::from));
        wanted.extend(record[candidates].split('|').filter(|r| !r.is_empty()).map(String::from));
    }
    // Each wanted reference's ID, and whether the base marks the person dead.
    let mut ids: HashMap<String, (String, bool)> = HashMap::new();
    opts.base.each_person(notes, |p| {
        if wanted.contains(&p.reference) {
            let dead = crate::index::death_of(p.layout, p.cells, p.rules).1;
            ids.insert(p.reference, (p.identity.id.value, dead));
        }
    })?;
    let missing = wanted.len() - ids.len();
    if missing > 0 {
        return Err(bad(format!(
            "{missing} person references are not in this base under this key: give the base and the key file \
             the encoded base was made from (and its --base-sheet, --config)"
        )));
    }
    let names =
        ["row", "key", "status", "action", "person_id", "score", "reasons", "suggested_id", "candidates"];
    let mut writer = TableWriter::create(&opts.out, Format::Csv, &names)?;
    let id_of = |r: &str| ids.get(r).map_or("", |(id, _)| id.as_str());
    for record in read()?.records() {
        let r = record.map_err(|e| bad(e.to_string()))?;
        let at = |name: &str| headers.iter().position(|h| h == name).map_or("", |i| &r[i]);
        let person_id = id_of(&r[person]);
        let suggested = if &r[status] == "ID_CORRECTED" { person_id } else { "" };
        let listed: Vec<&str> = r[candidates].split('|').filter(|c| !c.is_empty()).map(id_of).collect();
        let (mut reasons, mut action) = (at("reasons").to_string(), at("action").to_string());
        let code = Status::ALL.into_iter().find(|s| s.code() == &r[status]);
        if let (Some(status), Some((_, true))) = (code.filter(|s| s.links()), ids.get(&r[person])) {
            let mut found = Reasons::parse(&reasons);
            found.add(Reason::Deceased);
            let verdict = finish(status, [found]);
            (reasons, action) = (verdict.reasons.joined(), verdict.action.code().to_string());
        }
        writer.row(&[
            at("row"),
            at("key"),
            &r[status],
            &action,
            person_id,
            at("score"),
            &reasons,
            suggested,
            &listed.join("|"),
        ])?;
    }
    writer.finish()?;
    Ok(ids.len())
}
