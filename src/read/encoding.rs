//! Whole-file text encodings: UTF-8 (with or without BOM), UTF-16 LE/BE
//! with BOM, and the 8-bit Vietnamese code pages Windows-1258, TCVN3 and
//! VNI (plus Windows-1252). Detected from the first bytes unless given;
//! decoded into UTF-8 NFC as the file streams, so the CSV reader only ever
//! sees UTF-8.

use std::io::{self, Read};

use unicode_normalization::UnicodeNormalization;

use crate::normalize::legacy::{cp1252_char, cp1258_char, from_vni_mojibake, tcvn3_char};
use crate::normalize::syllable::is_syllable;

/// A file encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub enum Encoding {
    /// UTF-8 (a BOM is skipped).
    Utf8,
    /// UTF-16 little-endian.
    Utf16Le,
    /// UTF-16 big-endian.
    Utf16Be,
    /// Windows-1258 (Vietnamese Windows code page).
    Cp1258,
    /// TCVN3 (ABC, TCVN 5712 VN3), one byte a letter.
    Tcvn3,
    /// VNI-Windows, base letter plus mark byte.
    Vni,
    /// Windows-1252 (Western).
    Cp1252,
}

impl Encoding {
    /// The name used on the command line and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Cp1258 => "cp1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
            Encoding::Cp1252 => "cp1252",
        }
    }

    /// Parses a name (`utf-8`, `utf8`, `utf-16le`, `windows-1258`, `cp1258`, `tcvn3`, `abc`, `vni` ...).
    pub fn parse(name: &str) -> Option<Encoding> {
        let n: String = name.to_ascii_lowercase().chars().filter(char::is_ascii_alphanumeric).collect();
        Some(match n.as_str() {
            "utf8" => Encoding::Utf8,
            "utf16le" | "utf16" => Encoding::Utf16Le,
            "utf16be" => Encoding::Utf16Be,
            "cp1258" | "windows1258" => Encoding::Cp1258,
            "tcvn3" | "abc" | "tcvn" | "vn3" => Encoding::Tcvn3,
            "vni" | "vniwindows" => Encoding::Vni,
            "cp1252" | "windows1252" | "latin1" => Encoding::Cp1252,
            _ => return None,
        })
    }

    /// All names accepted by [`Encoding::parse`], for messages.
    pub const NAMES: &'static str = "utf-8, utf-16le, utf-16be, cp1258, tcvn3, vni, cp1252";

    /// Length of the byte-order mark this encoding's file starts with, if any.
    pub(crate) fn bom_len(self, head: &[u8]) -> usize {
        match self {
            Encoding::Utf8 if head.starts_with(&[0xEF, 0xBB, 0xBF]) => 3,
            Encoding::Utf16Le if head.starts_with(&[0xFF, 0xFE]) => 2,
            Encoding::Utf16Be if head.starts_with(&[0xFE, 0xFF]) => 2,
            _ => 0,
        }
    }
}

impl TryFrom<String> for Encoding {
    type Error = String;
    fn try_from(name: String) -> Result<Encoding, String> {
        Encoding::parse(&name)
            .ok_or_else(|| format!("unknown encoding '{name}'; use one of {}", Encoding::NAMES))
    }
}

/// Guesses the encoding from the first bytes of a file.
pub fn detect(head: &[u8]) -> Encoding {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Encoding::Utf8;
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return Encoding::Utf16Le;
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Encoding::Utf16Be;
    }
    // UTF-8, perhaps with a few damaged bytes (those rows are reported).
    let (multibyte, invalid) = utf8_stats(head);
    if invalid == 0 || multibyte >= 2 * invalid {
        return Encoding::Utf8;
    }
    // An 8-bit code page: the one whose reading gives most Vietnamese syllables.
    // No code page gives Vietnamese: keep UTF-8 and report the bad rows.
    let score = |enc| {
        let text = decode_all(head, enc);
        let words = text.split(|c: char| !c.is_alphabetic() && !('\u{300}'..='\u{36F}').contains(&c));
        words.filter(|w| !w.is_ascii() && is_syllable(w)).count()
    };
    [Encoding::Cp1258, Encoding::Tcvn3, Encoding::Vni]
        .into_iter()
        .map(|enc| (score(enc), enc))
        // Ties go to the earlier (more common) code page.
        .fold(None, |best: Option<(usize, Encoding)>, (n, enc)| match best {
            Some((b, _)) if b >= n => best,
            _ if n > 0 => Some((n, enc)),
            _ => best,
        })
        .map_or(Encoding::Utf8, |(_, enc)| enc)
}

/// Counts valid multi-byte characters and invalid sequences in `bytes`
/// (a character cut at the end does not count as invalid).
fn utf8_stats(mut bytes: &[u8]) -> (usize, usize) {
    let non_ascii = |s: &str| s.chars().filter(|c| !c.is_ascii()).count();
    let (mut multibyte, mut invalid) = (0, 0);
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => return (multibyte + non_ascii(s), invalid),
            Err(e) => {
                let (good, bad) = bytes.split_at(e.valid_up_to());
                multibyte += non_ascii(std::str::from_utf8(good).unwrap_or(""));
                let Some(n) = e.error_len() else { return (multibyte, invalid) };
                invalid += 1;
                bytes = &bad[n..];
            }
        }
    }
}

/// Decodes a complete byte slice.
pub fn decode_all(bytes: &[u8], enc: Encoding) -> String {
    let mut out = String::new();
    Decoder::new(bytes, enc).read_to_string(&mut out).map(|_| out).unwrap_or_default()
}

/// A reader that turns bytes in `enc` into UTF-8 (NFC for the 8-bit pages).
pub struct Decoder<R> {
    inner: R,
    enc: Encoding,
    raw: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    started: bool,
    eof: bool,
}

impl<R: Read> Decoder<R> {
    /// Wraps `inner`.
    pub fn new(inner: R, enc: Encoding) -> Decoder<R> {
        Decoder { inner, enc, raw: Vec::new(), out: Vec::new(), pos: 0, started: false, eof: false }
    }

    /// Reads and decodes the next chunk into `out`.
    fn fill(&mut self) -> io::Result<()> {
        let mut chunk = vec![0u8; 64 * 1024];
        let n = self.inner.read(&mut chunk)?;
        self.eof = n == 0;
        self.raw.extend_from_slice(&chunk[..n]);
        if !self.started && (self.raw.len() >= 3 || self.eof) {
            let bom = self.enc.bom_len(&self.raw);
            self.raw.drain(..bom);
            self.started = true;
        }
        if !self.started {
            return Ok(());
        }
        let (text, used) = self.decode_prefix();
        self.raw.drain(..used);
        self.out = text.into_bytes();
        self.pos = 0;
        Ok(())
    }

    /// Decodes as much of `raw` as is complete; returns the text and bytes used.
    fn decode_prefix(&self) -> (String, usize) {
        let raw = &self.raw;
        match self.enc {
            // UTF-8 passes through untouched: the reader checks each row's
            // text and reports the rows that are not valid.
            Encoding::Utf8 => (String::new(), 0),
            Encoding::Utf16Le | Encoding::Utf16Be => {
                let mut units: Vec<u16> = raw
                    .chunks_exact(2)
                    .map(|p| {
                        if self.enc == Encoding::Utf16Le {
                            u16::from_le_bytes([p[0], p[1]])
                        } else {
                            u16::from_be_bytes([p[0], p[1]])
                        }
                    })
                    .collect();
                // Keep a trailing high surrogate for the next chunk.
                if !self.eof && units.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
                    units.pop();
                }
                let used = if self.eof { raw.len() } else { units.len() * 2 };
                (String::from_utf16_lossy(&units), used)
            }
            enc => {
                let text: String = raw
                    .iter()
                    .map(|&b| match enc {
                        Encoding::Cp1258 => cp1258_char(b),
                        Encoding::Tcvn3 => tcvn3_char(b),
                        _ => cp1252_char(b),
                    })
                    .collect();
                // Hold back the last letter and its marks: a VNI mark byte or
                // a cp1258 combining tone may follow in the next chunk.
                let keep = if self.eof { text.len() } else { last_starter(&text) };
                let used = text[..keep].chars().count();
                let done = &text[..keep];
                let done = if enc == Encoding::Vni { from_vni_mojibake(done) } else { done.nfc().collect() };
                (done, used)
            }
        }
    }
}

impl<R: Read> Decoder<R> {
    /// UTF-8: the bytes as they are, without the BOM.
    fn read_utf8(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.started {
            let mut head = [0u8; 3];
            let mut got = 0;
            while got < 3 {
                let n = self.inner.read(&mut head[got..])?;
                if n == 0 {
                    break;
                }
                got += n;
            }
            self.started = true;
            let bom = Encoding::Utf8.bom_len(&head[..got]);
            self.out = head[bom..got].to_vec();
        }
        if self.pos < self.out.len() {
            let n = buf.len().min(self.out.len() - self.pos);
            buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
            self.pos += n;
            return Ok(n);
        }
        self.inner.read(buf)
    }
}

/// Byte index where the last letter (with any following marks) starts.
fn last_starter(text: &str) -> usize {
    text.char_indices()
        .rev()
        .find(|&(_, c)| c.is_ascii_whitespace() || c == ',' || c == ';' || c == '\t' || c == '|')
        .map_or(0, |(i, c)| i + c.len_utf8())
}

impl<R: Read> Read for Decoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.enc == Encoding::Utf8 {
            return self.read_utf8(buf);
        }
        while self.pos >= self.out.len() {
            if self.eof && self.raw.is_empty() {
                return Ok(0);
            }
            self.fill()?;
            if self.eof && self.pos >= self.out.len() && self.raw.is_empty() {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode_utf16(s: &str, le: bool) -> Vec<u8> {
        let mut v = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for u in s.encode_utf16() {
            v.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        v
    }

    #[test]
    fn boms_and_utf8() {
        assert_eq!(detect(b"\xEF\xBB\xBFa,b"), Encoding::Utf8);
        assert_eq!(detect("họ_tên,cccd".as_bytes()), Encoding::Utf8);
        assert_eq!(detect(&encode_utf16("x", true)), Encoding::Utf16Le);
        assert_eq!(detect(&encode_utf16("x", false)), Encoding::Utf16Be);
        assert_eq!(decode_all(b"\xEF\xBB\xBFa,b", Encoding::Utf8), "a,b");
    }

    #[test]
    fn utf16_both_orders() {
        let text = "họ_tên,cccd\nNguyễn Văn Hải,001090000001\n";
        assert_eq!(decode_all(&encode_utf16(text, true), Encoding::Utf16Le), text);
        assert_eq!(decode_all(&encode_utf16(text, false), Encoding::Utf16Be), text);
    }

    #[test]
    fn eight_bit_vietnamese_pages_are_detected_and_decoded() {
        // "ho_ten\nNguyễn Văn Đức,Hà Nội\nTrần Thị Thủy,Hương\n" in each code page.
        let tcvn3: Vec<u8> =
            b"ho_ten\nNguy\xD4n V\xA8n \xA7\xF8c,H\xB5 N\xE9i\nTr\xC7n Th\xDE Th\xF1y,H\xAD\xACng\n".to_vec();
        let vni: Vec<u8> = b"ho_ten\nNguye\xE3n Va\xEAn \xD1\xF6\xF9c,Ha\xF8 No\xE4i\nTra\xE0n Th\xF2 Thu\xFBy,H\xF6\xF4ng\n".to_vec();
        let cp1258: Vec<u8> = b"ho_ten\nNguy\xEA\xDEn V\xE3n \xD0\xFD\xECc,Ha\xCC N\xF4\xF2i\nTr\xE2\xCCn Thi\xF2 Thu\xD2y,H\xFD\xF5ng\n".to_vec();
        let want = "ho_ten\nNguyễn Văn Đức,Hà Nội\n";
        for (bytes, enc) in [(tcvn3, Encoding::Tcvn3), (vni, Encoding::Vni), (cp1258, Encoding::Cp1258)] {
            assert_eq!(detect(&bytes), enc);
            let text = decode_all(&bytes, enc);
            assert!(text.starts_with(want), "{enc:?}: {text}");
        }
    }

    #[test]
    fn decoding_is_the_same_whatever_the_chunk_boundaries() {
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = buf.len().min(self.0.len()).min(3);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let vni = b"Nguye\xE3n Va\xEAn \xD1\xF6\xF9c\nHa\xF8 No\xE4i\n";
        let mut slow = String::new();
        Decoder::new(Trickle(vni), Encoding::Vni).read_to_string(&mut slow).unwrap();
        assert_eq!(slow, decode_all(vni, Encoding::Vni));
        assert_eq!(slow, "Nguyễn Văn Đức\nHà Nội\n");
        let utf16 = encode_utf16("Đặng 𝔸 Thủy\n", true);
        let mut slow = String::new();
        Decoder::new(Trickle(&utf16), Encoding::Utf16Le).read_to_string(&mut slow).unwrap();
        assert_eq!(slow, "Đặng 𝔸 Thủy\n");
    }

    #[test]
    fn names_parse() {
        assert_eq!(Encoding::parse("UTF-8"), Some(Encoding::Utf8));
        assert_eq!(Encoding::parse("windows-1258"), Some(Encoding::Cp1258));
        assert_eq!(Encoding::parse("TCVN3"), Some(Encoding::Tcvn3));
        assert_eq!(Encoding::parse("ebcdic"), None);
    }
}
