//! `doisoat verify`: an output directory checked against its manifest, so
//! that a run's files can be trusted after they were copied or sent.

use std::path::Path;

use crate::error::Result;
use crate::report::manifest::{hash_file, load, source};

/// What `doisoat verify` found.
#[derive(Debug, Default)]
pub struct Verified {
    /// One line per file checked and found as recorded.
    pub ok: Vec<String>,
    /// One line per difference.
    pub problems: Vec<String>,
}

/// Checks the output directory `dir` against its manifest: every file it
/// lists is there with the recorded size and SHA-256, and (unless
/// `outputs_only`) every file the run read is still as it was.
pub fn verify(dir: &Path, outputs_only: bool) -> Result<Verified> {
    let manifest = load(dir)?;
    let mut v = Verified::default();
    for f in &manifest.files {
        let path = dir.join(&f.name);
        match (hash_file(&path), &f.sha256) {
            (Err(_), _) => v.problems.push(format!("{}: missing or unreadable", f.name)),
            (Ok(_), None) => {
                v.problems.push(format!("{}: the manifest has no hash for it (an older doisoat)", f.name))
            }
            (Ok((bytes, sha)), Some(want)) if sha == *want && Some(bytes) == f.bytes => {
                let rows = if [".json", ".md", ".html"].iter().any(|e| f.name.ends_with(e)) {
                    String::new()
                } else {
                    format!("{} rows, ", f.rows)
                };
                v.ok.push(format!("{}: {rows}{bytes} bytes, sha256 {}", f.name, &sha[..16]))
            }
            (Ok(_), Some(_)) => v.problems.push(format!("{}: its content is not what the run wrote", f.name)),
        }
    }
    // A file added to the run's split/ directory would be sent out with the rest.
    if let Ok(entries) = std::fs::read_dir(dir.join("split")) {
        let mut extra: Vec<String> = entries
            .flatten()
            .map(|e| format!("split/{}", e.file_name().to_string_lossy()))
            .filter(|name| !manifest.files.iter().any(|f| f.name == *name))
            .collect();
        extra.sort();
        v.problems.extend(extra.into_iter().map(|name| format!("{name}: not written by the run")));
    }
    if !outputs_only {
        if manifest.sources.is_empty() {
            v.problems.push("the manifest records no inputs (an older doisoat): give --outputs-only".into());
        }
        for s in &manifest.sources {
            match source(&s.role, Path::new(&s.path)) {
                Ok(now) if now.sha256 == s.sha256 && now.bytes == s.bytes => {
                    v.ok.push(format!("{} {}: unchanged, sha256 {}", s.role, s.path, &s.sha256[..16]))
                }
                Ok(_) => v.problems.push(format!("{} {}: changed since the run", s.role, s.path)),
                Err(_) => v.problems.push(format!("{} {}: no longer readable", s.role, s.path)),
            }
        }
    }
    Ok(v)
}
