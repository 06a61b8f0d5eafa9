//! `doisoat evaluate`: wiring to [`crate::tools::evaluate`].

use crate::cli::EvaluateArgs;
use crate::error::Result;
use crate::tools::evaluate::completeness::candidates_reached;
use crate::tools::evaluate::evaluate;

/// Runs `doisoat evaluate`.
pub fn run(args: EvaluateArgs) -> Result<()> {
    let mut accuracy = evaluate(&args.results, &args.truth, args.completeness)?;
    if args.completeness {
        let out = args.results.parent().unwrap_or(std::path::Path::new("."));
        let reached = candidates_reached(out, &accuracy.true_persons)?;
        accuracy.set_completeness(&reached);
    }
    let text = if args.json {
        serde_json::to_string_pretty(&accuracy).expect("plain data serialises") + "\n"
    } else {
        accuracy.table()
    };
    super::write_stdout(&text)
}
