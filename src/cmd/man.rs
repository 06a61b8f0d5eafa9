//! `doisoat man`: the manual pages, one per command as man(1) expects them
//! (doisoat.1, and doisoat-reconcile.1 … for the subcommands the main page
//! names), printed one at a time or written all at once with `--out DIR`.
//! Every page a page names is one `--out` writes.

use std::path::Path;

use clap::CommandFactory;

use crate::cli::{Cli, ManArgs};
use crate::error::{Error, Result};

/// Runs `doisoat man`.
pub fn run(args: ManArgs) -> Result<()> {
    let pages = pages()?;
    if let Some(dir) = &args.out {
        write_all(dir, &pages)?;
        crate::progress::note(&format!("{} manual pages written to {}", pages.len(), dir.display()));
        return Ok(());
    }
    let file = match &args.subcommand {
        None => "doisoat.1".to_string(),
        Some(sub) => format!("doisoat-{sub}.1"),
    };
    match pages.iter().find(|(name, _)| *name == file) {
        Some((_, page)) => super::write_stdout(page),
        None => {
            let subs: Vec<&str> = pages
                .iter()
                .filter_map(|(name, _)| name.strip_prefix("doisoat-")?.strip_suffix(".1"))
                .collect();
            let sub = args.subcommand.as_deref().unwrap_or_default();
            Err(Error::Usage(format!("no manual page for '{sub}': the subcommands are {}", subs.join(", "))))
        }
    }
}

/// Every page, (file name, roff), the main page first: the command as the
/// pages describe it has no `help` subcommand (`--help` is on every page).
pub fn pages() -> Result<Vec<(String, String)>> {
    let mut main = Cli::command().disable_help_subcommand(true);
    main.build();
    let subs: Vec<clap::Command> = main.get_subcommands().filter(|s| !s.is_hide_set()).cloned().collect();
    let names: Vec<String> = subs.iter().map(page_name).collect();
    let mut pages = vec![("doisoat.1".to_string(), render(main, &names, true)?)];
    for sub in subs {
        let name = page_name(&sub);
        pages.push((format!("{name}.1"), render(sub, &["doisoat".to_string()], false)?));
    }
    Ok(pages)
}

/// A command's page name: `doisoat-reconcile`.
fn page_name(cmd: &clap::Command) -> String {
    cmd.get_display_name().map_or_else(|| format!("doisoat-{}", cmd.get_name()), str::to_string)
}

/// A command's page with a SEE ALSO section naming `see_also` (section 1).
fn render(cmd: clap::Command, see_also: &[String], main: bool) -> Result<String> {
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd)
        .source(format!("doisoat {}", env!("CARGO_PKG_VERSION")))
        .render(&mut page)
        .map_err(|e| Error::io("stdout", "writing the manual page", e))?;
    let mut text = String::from_utf8_lossy(&page).into_owned();
    text.push_str(".SH \"SEE ALSO\"\n");
    let refs: Vec<String> =
        see_also.iter().map(|n| format!("\\fB{}\\fR(1)", n.replace('-', "\\-"))).collect();
    text.push_str(&refs.join(",\n"));
    text.push('\n');
    if main {
        text.push_str(
            ".PP\nEach subcommand's page: \\fBdoisoat man\\fR \\fISUBCOMMAND\\fR; every page at once: \
             \\fBdoisoat man \\-\\-out\\fR \\fIDIR\\fR.\n",
        );
    }
    Ok(text)
}

/// Writes the pages into `dir` (created if needed).
fn write_all(dir: &Path, pages: &[(String, String)]) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "creating", e))?;
    for (name, page) in pages {
        let path = dir.join(name);
        std::fs::write(&path, page).map_err(|e| Error::io(&path, "writing", e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pages a page names: `\fBdoisoat\-man\fR(1)` → `doisoat-man`.
    fn named_pages(page: &str) -> Vec<String> {
        let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '\\';
        page.match_indices("(1)")
            .map(|(at, _)| {
                let before = page[..at].trim_end_matches("\\fR");
                let start = before.rfind(|c| !allowed(c)).map_or(0, |i| i + 1);
                before[start..].trim_start_matches("\\fB").replace("\\-", "-")
            })
            .collect()
    }

    #[test]
    fn a_page_per_command_and_each_page_named_is_one_of_them() {
        let pages = pages().unwrap();
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names[0], "doisoat.1");
        assert!(names.contains(&"doisoat-reconcile.1") && names.contains(&"doisoat-man.1"), "{names:?}");
        assert!(!names.contains(&"doisoat-help.1"), "help has no page");
        let main = named_pages(&pages[0].1);
        assert!(main.contains(&"doisoat-verify".to_string()) && main.len() >= 2 * (names.len() - 1));
        for (name, page) in &pages {
            assert!(page.contains(".TH ") && page.contains(".SH \"SEE ALSO\""), "{name}");
            for named in named_pages(page) {
                assert!(names.contains(&format!("{named}.1").as_str()), "{name} names {named}(1)");
            }
        }
    }
}
