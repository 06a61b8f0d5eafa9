//! Progress when stderr is not a terminal (a cron log): a timestamped line
//! at each stage's start and end, every stage up to the end lines, so no
//! stretch of the run goes unsaid; the terminal's line of stage times is
//! not written there (the stage lines hold the times).

use crate::util::{repo, Workdir};

/// `2026-12-06T09:03:07Z match: done in 0.2 s` → (`match`, `done in 0.2 s`).
fn stage_line(line: &str) -> Option<(&str, &str)> {
    let (time, rest) = line.split_once(' ')?;
    let shape: String = time.chars().map(|c| if c.is_ascii_digit() { '9' } else { c }).collect();
    (shape == "9999-99-99T99:99:99Z").then_some(())?;
    rest.split_once(": ")
}

#[test]
fn a_log_has_every_stage_s_start_and_end_up_to_the_end_lines() {
    let wd = Workdir::new();
    let (base, input) = (repo().join("sample-data/population.csv"), repo().join("sample-data/credit.csv"));
    let args = ["reconcile", "--base", base.to_str().unwrap(), "--input", input.to_str().unwrap()];
    let stderr = wd.ok(&[&args[..], &["-o", "o"]].concat());
    let lines: Vec<&str> = stderr.lines().collect();
    let stages: Vec<(&str, &str)> = lines.iter().filter_map(|l| stage_line(l)).collect();
    let order = ["base", "blocks", "model", "match", "cross_row", "write", "report", "manifest"];
    let mut want = Vec::new();
    for stage in order {
        want.push((stage, "started".to_string()));
        want.push((stage, "done".to_string()));
    }
    let got: Vec<(&str, String)> = stages
        .iter()
        .map(|(stage, text)| {
            let done = text.starts_with("done in ") && text.ends_with(" s");
            (*stage, if done { "done".to_string() } else { text.to_string() })
        })
        .collect();
    assert_eq!(got, want, "{stderr}");
    // Nothing runs unsaid after the last stage: the end lines follow it.
    let last = lines.iter().position(|l| l.contains(" manifest: done in ")).unwrap();
    assert!(lines[last + 1].starts_with("reconciled 500 rows"), "{stderr}");
    assert!(!stderr.contains("time by stage"), "the terminal's line is not written to a log: {stderr}");
    // --no-progress: no stage lines.
    let quiet = wd.ok(&[&args[..], &["-o", "q", "--no-progress"]].concat());
    assert!(!quiet.lines().any(|l| stage_line(l).is_some()), "{quiet}");
}
