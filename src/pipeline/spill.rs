//! Row outcomes between the two passes over the input, on disk: the match
//! pass appends each row's outcome here in row order, the write pass reads
//! them back in the same order beside the input's rows. Memory therefore
//! does not grow with the input; the file (about 30 bytes a row) lives in
//! the output directory under a hidden name, readable by its owner only,
//! and is removed when the run ends, whether it succeeded or not.

use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::classify::{Outcome, Reasons, Status};
use crate::error::{Error, Result};
use crate::normalize::IdKey;

/// A row's outcome as the write pass needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    /// The status.
    pub status: Status,
    /// The match's reasons (the verdict adds the other rows' and the check's: [`crate::classify::finish`]).
    pub reasons: Reasons,
    /// The linked person.
    pub person: Option<u32>,
    /// The match probability.
    pub score: Option<f64>,
    /// The ID the row should carry.
    pub suggested: Option<IdKey>,
    /// For `AMBIGUOUS`: the candidates' IDs, best first.
    pub candidates: Vec<IdKey>,
}

impl From<Outcome> for Kept {
    fn from(o: Outcome) -> Kept {
        Kept {
            status: o.status,
            reasons: o.reasons,
            person: o.person.map(|p| p as u32),
            score: o.score,
            suggested: o.suggested,
            candidates: o.candidates,
        }
    }
}

const NONE32: u32 = u32::MAX;
/// No ID key is all ones (numeric keys stay below 2^63, see `IdKey`).
const NONE64: u64 = u64::MAX;
/// Bytes of a row's fixed part: status, reasons, person, score, suggested ID, candidates' count.
const ROW: usize = 41;

/// The spill file, removed when dropped.
pub struct Spill {
    path: PathBuf,
}

impl Spill {
    /// Creates the spill file in `dir` (mode 0600) and a writer for it.
    pub fn create(dir: &Path) -> Result<(Spill, SpillWriter)> {
        let path = dir.join(".outcomes.spill");
        let file = crate::output::create_private(&path)?;
        let writer = SpillWriter { out: BufWriter::with_capacity(1 << 20, file), path: path.clone() };
        Ok((Spill { path }, writer))
    }

    /// Reads the outcomes back, in the order they were written.
    pub fn reader(&self) -> Result<SpillReader> {
        let file = File::open(&self.path).map_err(|e| Error::io(&self.path, "opening", e))?;
        Ok(SpillReader { input: BufReader::with_capacity(1 << 20, file), path: self.path.clone() })
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Appends outcomes.
pub struct SpillWriter {
    out: BufWriter<File>,
    path: PathBuf,
}

impl SpillWriter {
    /// Appends one row's outcome.
    pub fn push(&mut self, k: &Kept) -> Result<()> {
        let mut buf = [0u8; ROW];
        buf[0] = Status::ALL.iter().position(|&s| s == k.status).expect("a known status") as u8;
        buf[1..17].copy_from_slice(&k.reasons.bits().to_le_bytes());
        buf[17..21].copy_from_slice(&k.person.unwrap_or(NONE32).to_le_bytes());
        buf[21..29].copy_from_slice(&k.score.unwrap_or(f64::NAN).to_le_bytes());
        buf[29..37].copy_from_slice(&k.suggested.map_or(NONE64, |s| s.0).to_le_bytes());
        buf[37..41].copy_from_slice(&(k.candidates.len() as u32).to_le_bytes());
        let io = |e| Error::io(&self.path, "writing", e);
        self.out.write_all(&buf).map_err(io)?;
        for c in &k.candidates {
            self.out.write_all(&c.0.to_le_bytes()).map_err(io)?;
        }
        Ok(())
    }

    /// Flushes the file, ready to be read back.
    pub fn finish(mut self) -> Result<()> {
        self.out.flush().map_err(|e| Error::io(&self.path, "writing", e))
    }
}

/// Reads outcomes back.
pub struct SpillReader {
    input: BufReader<File>,
    path: PathBuf,
}

impl SpillReader {
    /// The next row's outcome.
    pub fn next(&mut self) -> Result<Kept> {
        let mut buf = [0u8; ROW];
        let io = |e| Error::io(&self.path, "reading back", e);
        self.input.read_exact(&mut buf).map_err(io)?;
        let u32_at = |i: usize| u32::from_le_bytes(buf[i..i + 4].try_into().expect("4 bytes"));
        let u64_at = |i: usize| u64::from_le_bytes(buf[i..i + 8].try_into().expect("8 bytes"));
        let score = f64::from_le_bytes(buf[21..29].try_into().expect("8 bytes"));
        let mut candidates = Vec::with_capacity(u32_at(37) as usize);
        for _ in 0..u32_at(37) {
            let mut c = [0u8; 8];
            self.input.read_exact(&mut c).map_err(io)?;
            candidates.push(IdKey(u64::from_le_bytes(c)));
        }
        Ok(Kept {
            status: Status::ALL[usize::from(buf[0])],
            reasons: Reasons::from_bits(u128::from_le_bytes(buf[1..17].try_into().expect("16 bytes"))),
            person: Some(u32_at(17)).filter(|&p| p != NONE32),
            score: (!score.is_nan()).then_some(score),
            suggested: Some(u64_at(29)).filter(|&s| s != NONE64).map(IdKey),
            candidates,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Reason;

    #[test]
    fn outcomes_come_back_in_order_and_the_file_goes_away() {
        let dir = tempfile::tempdir().unwrap();
        let mut reasons = Reasons::default();
        reasons.add(Reason::ALL[3]);
        reasons.add(*Reason::ALL.last().unwrap());
        let rows = vec![
            Kept {
                status: Status::ALL[2],
                reasons,
                person: Some(7),
                score: Some(0.987),
                suggested: Some(IdKey(12345)),
                candidates: vec![],
            },
            Kept {
                status: Status::ALL[4],
                reasons: Reasons::default(),
                person: None,
                score: None,
                suggested: None,
                candidates: vec![IdKey(1), IdKey(u64::MAX - 1)],
            },
            Kept {
                status: Status::ALL[0],
                reasons,
                person: Some(0),
                score: Some(1.0),
                suggested: None,
                candidates: vec![],
            },
        ];
        let (spill, mut w) = Spill::create(dir.path()).unwrap();
        for k in &rows {
            w.push(k).unwrap();
        }
        w.finish().unwrap();
        let mut r = spill.reader().unwrap();
        for k in &rows {
            assert_eq!(&r.next().unwrap(), k);
        }
        assert!(r.next().is_err(), "nothing after the last row");
        let path = dir.path().join(".outcomes.spill");
        assert!(path.exists());
        drop(spill);
        assert!(!path.exists());
    }
}
