//! A ticked box as exports write it: `x`, `1`, `có`, `yes`, `y`, `true` (any
//! case, accents or not, a check mark ✓ ✔ ☑); anything else, an empty cell
//! included, is not ticked. The exam portal's ticks (residence claims,
//! boarding school) and the lists' marks (`dbkk`, `noi_tru`) read alike.

/// True when the cell is a tick.
pub fn ticked(cell: &str) -> bool {
    let folded = super::text::fold(cell.trim()).to_lowercase();
    matches!(folded.as_str(), "x" | "1" | "co" | "yes" | "y" | "true" | "✓" | "✔" | "☑")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_read_leniently_and_anything_else_is_not_one() {
        for t in ["x", "X", "1", "có", "Có", "CO", "yes", "Yes", "TRUE", " x ", "✓"] {
            assert!(ticked(t), "{t:?}");
        }
        for t in ["", "0", "không", "no", "false", "-", "2", "xx"] {
            assert!(!ticked(t), "{t:?}");
        }
    }
}
