//! `doisoat audit`: wiring from arguments to [`crate::encoded::attack`].

use super::{write_stdout, Stderr};
use crate::cli::AuditArgs;
use crate::encoded::attack::{audit, AuditOptions};
use crate::error::Result;

/// Runs `doisoat audit`.
pub fn run(args: AuditArgs) -> Result<()> {
    let notes = Stderr { quiet: args.json };
    let opts = AuditOptions { base: args.base.into(), encoded: args.encoded };
    let fields = audit(&opts, &notes)?;
    if args.json {
        return write_stdout(&(serde_json::to_string_pretty(&fields).expect("serialises") + "\n"));
    }
    let mut out = format!(
        "{:<26} {:>10} {:>8} {:>10} {:>12} {:>12}\n",
        "field", "records", "values", "filters", "frequency", "cluster"
    );
    for f in &fields {
        out.push_str(&format!(
            "{:<26} {:>10} {:>8} {:>10} {:>11.3}% {:>11.3}%\n",
            f.field,
            f.records,
            f.values,
            f.filters,
            100.0 * f.frequency,
            100.0 * f.cluster
        ));
    }
    out.push_str("frequency, cluster: share of records whose name the attack re-identifies (filters: distinct encodings)\n");
    write_stdout(&out)
}
