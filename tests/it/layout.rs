//! The source layout: imports between the top-level modules of `src/` run
//! one way (normalize ← output ← read ← index ← compare ← classify ←
//! report ← pipeline ← encoded ← tools, with `cmd` on top), so no module depends on
//! itself; no file imports itself through other files either (`use` trees
//! expanded, `super::` resolved; a file may use what its ancestors
//! declare); and the generator, whose truth is a second opinion on the
//! engine's, neither imports the engine's decisions nor is imported by them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::util::repo;

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// Each top-level module and the other top-level modules its files name as `crate::X`.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = repo().join("src");
    let files = rust_files(&src);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        // Tests may use anything (the generator's data, above all).
        let text = text.split("#[cfg(test)]\nmod tests {").next().unwrap();
        let deps = graph.entry(module.clone()).or_default();
        for (i, _) in text.match_indices("crate::") {
            let name: String =
                text[i + 7..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
            if !name.is_empty() && name != module {
                deps.insert(name);
            }
        }
    }
    graph
}

/// A cycle in `graph` (each node and the nodes it imports), as the path
/// that closes it (`a`, `b`, `a`), if there is one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit<'g>(
        m: &'g str,
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'g str>,
        done: &mut BTreeSet<&'g str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| *p == m) {
            return Some(path[at..].iter().chain([&m]).map(|p| p.to_string()).collect());
        }
        if done.contains(m) {
            return None;
        }
        path.push(m);
        for d in graph.get(m).into_iter().flatten() {
            if let Some(cycle) = visit(d, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(m);
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|m| visit(m, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_module_imports_itself_through_others() {
    let graph = imports();
    assert!(graph.contains_key("pipeline") && graph.contains_key("normalize"), "{graph:?}");
    if let Some(cycle) = cycle(&graph) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
    // The stages in order, none importing a later one. `normalize` comes
    // first: its text rules (folding, code pages, syllables) serve reading too.
    let order = [
        "normalize",
        "output",
        "read",
        "index",
        "compare",
        "classify",
        "report",
        "pipeline",
        "encoded",
        "tools",
    ];
    for (i, m) in order.iter().enumerate() {
        let deps = graph.get(*m).cloned().unwrap_or_default();
        for later in &order[i + 1..] {
            assert!(!deps.contains(*later), "{m} imports the later stage {later}");
        }
    }
}

/// The generator writes the truth by rules of its own (`generate::truth`,
/// specified in `generate/truth/mod.rs`): it may use the engine's data types and
/// text tables (normalize), its readers' formats and its writers (read,
/// output), never what decides a row (index, compare, classify, report,
/// pipeline, tools); and only the command line reaches the generator.
#[test]
fn the_generators_truth_is_apart_from_the_engine() {
    let graph = imports();
    let generator = &graph["generate"];
    assert!(generator.contains("normalize"), "{generator:?}");
    for engine in ["index", "compare", "classify", "report", "pipeline", "encoded", "tools", "config"] {
        assert!(!generator.contains(engine), "generate imports {engine}");
    }
    for (module, deps) in &graph {
        if deps.contains("generate") {
            assert_eq!(module, "cmd", "{module} imports the generator");
        }
    }
}

/// Every library source file by its module path (`src/index/snapshot/mod.rs`
/// is `index::snapshot`; `src/lib.rs` the root).
fn module_files() -> BTreeMap<Vec<String>, String> {
    let src = repo().join("src");
    let files = rust_files(&src);
    let mut modules = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> =
            rel.components().map(|c| c.as_os_str().to_string_lossy().into()).collect();
        match parts.last().map(String::as_str) {
            Some("main") => continue,
            Some("lib") | Some("mod") => {
                parts.pop();
            }
            _ => {}
        }
        modules.insert(parts, std::fs::read_to_string(&file).unwrap());
    }
    modules
}

/// A `use` tree's paths, braces expanded (`a::{b, c::{d, e}}` is `a::b`,
/// `a::c::d`, `a::c::e`).
fn expand(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else { return vec![tree.to_string()] };
    let Some(close) = tree.rfind('}') else { return Vec::new() };
    let (prefix, body) = (&tree[..open], &tree[open + 1..close]);
    let (mut items, mut depth, mut current) = (Vec::new(), 0, String::new());
    for c in body.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    items.push(current);
    items.iter().filter(|i| !i.is_empty()).flat_map(|i| expand(i)).map(|i| format!("{prefix}{i}")).collect()
}

/// The module paths a file's code names (`use` trees and `crate::`,
/// `super::` paths), comments and its test module left out.
fn named(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]\nmod tests {").next().unwrap();
    let code: String = code.lines().map(|l| l.split("//").next().unwrap()).collect::<Vec<_>>().join("\n");
    let mut paths = Vec::new();
    for (i, _) in code.match_indices("use ") {
        // A `use` item, not a word that ends in "use".
        if code[..i].chars().last().is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let tree: String =
            code[i + 4..].split(';').next().unwrap().chars().filter(|c| !c.is_whitespace()).collect();
        paths.extend(expand(&tree));
    }
    for start in ["crate::", "super::"] {
        for (i, _) in code.match_indices(start) {
            let before = code[..i].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String =
                code[i..].chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
            paths.push(path);
        }
    }
    paths
}

/// Each library file's module (`index::snapshot`) and the modules of other
/// files its code names, but its ancestors' (a file may use what its parent
/// module declares).
fn file_imports() -> BTreeMap<String, BTreeSet<String>> {
    let modules = module_files();
    let mut graph = BTreeMap::new();
    for (module, text) in &modules {
        let mut deps = BTreeSet::new();
        for path in named(text) {
            let mut segments = path.split("::").filter(|s| !s.is_empty() && *s != "self" && *s != "*");
            let mut at: Vec<String> = match segments.next() {
                Some("crate") => Vec::new(),
                Some("super") => module[..module.len().saturating_sub(1)].to_vec(),
                _ => continue,
            };
            let mut rest: Vec<&str> = segments.collect();
            while rest.first() == Some(&"super") {
                at.pop();
                rest.remove(0);
            }
            at.extend(rest.iter().map(|s| s.to_string()));
            // The longest prefix that is a file.
            while !at.is_empty() && !modules.contains_key(&at) {
                at.pop();
            }
            if !at.is_empty() && at != *module && !module.starts_with(&at) {
                deps.insert(at.join("::"));
            }
        }
        graph.insert(module.join("::"), deps);
    }
    graph
}

#[test]
fn no_file_imports_itself_through_others() {
    let graph = file_imports();
    // The analysis sees what it must: a file's use trees, and paths in its code.
    assert!(graph["pipeline::checks"].contains("index::snapshot::history"), "{graph:?}");
    assert!(graph["report::document"].contains("report::groups"));
    assert!(graph.len() > 100, "{} files", graph.len());
    if let Some(cycle) = cycle(&graph) {
        panic!("file import cycle: {}", cycle.join(" -> "));
    }
}
