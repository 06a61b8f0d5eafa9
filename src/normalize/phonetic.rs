//! A Vietnamese phonetic key for folded name tokens (domain.md §4): the
//! letters that dialects pronounce alike get one symbol, so `TRANG`/`CHANG`,
//! `DUNG`/`RUNG`/`GIUNG`, `SON`/`XON`, `LAN`/`NAN`, `BINH`/`BIN` and
//! `VIET`/`VIEC` share a key. Used for blocking only: a shared key makes two
//! names candidates, never equal.

/// The phonetic key of one folded (upper-case ASCII) token.
pub fn token_key(token: &str) -> String {
    let t = token.to_ascii_uppercase().replace('Y', "I");
    let is_vowel = |c: char| "AEIOU".contains(c);
    let first_vowel = t.find(is_vowel).unwrap_or(t.len());
    // `gi` and `qu` before another vowel belong to the initial.
    let split = match &t[..first_vowel] {
        "G" | "Q" if t[first_vowel..].chars().nth(1).is_some_and(is_vowel) => first_vowel + 1,
        _ => first_vowel,
    };
    let (initial, rest) = t.split_at(split);
    let initial = match initial {
        "D" | "R" | "V" | "GI" => "Z",
        "TR" | "CH" => "C",
        "S" | "X" => "S",
        "L" | "N" => "N",
        "K" | "C" => "K",
        "QU" => "KW",
        "NGH" | "NG" => "NG",
        "GH" | "G" => "G",
        other => other,
    };
    // Finals: -nh/-ng → n, -ch/-c → t.
    let mut body = rest.to_string();
    for (from, to) in [("NH", "N"), ("NG", "N"), ("CH", "T"), ("C", "T")] {
        if body.ends_with(from) {
            body.truncate(body.len() - from.len());
            body.push_str(to);
            break;
        }
    }
    format!("{initial}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialect_confusions_share_a_key() {
        for (a, b) in [
            ("TRANG", "CHANG"),
            ("DUNG", "RUNG"),
            ("GIANG", "DANG"),
            ("VY", "DY"),
            ("SON", "XON"),
            ("LAN", "NAN"),
            ("BINH", "BIN"),
            ("VIET", "VIEC"),
            ("TOAN", "TOANG"),
            ("MY", "MI"),
        ] {
            assert_eq!(token_key(a), token_key(b), "{a} / {b}");
        }
        for (a, b) in [("HUNG", "DUNG"), ("LAN", "LINH"), ("NAM", "NAN")] {
            assert_ne!(token_key(a), token_key(b), "{a} / {b}");
        }
    }
}
