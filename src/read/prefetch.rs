//! Reading ahead: a source's next batch is read and decoded on a thread of
//! its own while the caller works on the batch before it, so the one
//! sequential part of a run (parsing the file) overlaps the parallel work.

use std::sync::mpsc::sync_channel;

use rayon::prelude::*;

use super::{Row, Source};
use crate::error::Result;

/// Batches read ahead at the most (memory: this many batches in flight).
const AHEAD: usize = 1;

/// Calls `work` on each batch of at most `max` rows of `source`, in order,
/// with the source's progress after that batch; the next batch is read
/// meanwhile. The first error, the reader's or `work`'s, ends the loop.
pub fn each_batch(
    source: &mut dyn Source,
    max: usize,
    mut work: impl FnMut(Vec<Row>, (u64, u64)) -> Result<()>,
) -> Result<()> {
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel(AHEAD);
        let reader = scope.spawn(move || -> Result<()> {
            while let Some(batch) = source.next_batch(max)? {
                if tx.send((batch, source.progress())).is_err() {
                    break; // the caller stopped
                }
            }
            Ok(())
        });
        let worked = rx.into_iter().try_for_each(|(batch, progress)| work(batch, progress));
        let read = reader.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        read.and(worked)
    })
}

/// Runs `work` (parallel work on a batch) while the rows of the batch
/// before, `spent`, are freed on the pool: freed on the caller's thread,
/// one cell at a time, they would hold up the next batch.
pub fn freeing<R: Send>(spent: Vec<Row>, work: impl FnOnce() -> R + Send) -> R {
    rayon::join(move || spent.into_par_iter().for_each(drop), work).1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    /// A source of `n` one-cell rows that fails after `fail_at` rows when set.
    struct Numbers {
        n: u64,
        next: u64,
        fail_at: Option<u64>,
    }

    impl Source for Numbers {
        fn headers(&self) -> &[String] {
            &[]
        }
        fn project(&mut self, _: Vec<usize>) {}
        fn next_batch(&mut self, max: usize) -> Result<Option<Vec<Row>>> {
            if self.fail_at.is_some_and(|f| self.next >= f) {
                return Err(Error::Usage("broken file".into()));
            }
            let end = (self.next + max as u64).min(self.n);
            let rows: Vec<Row> = (self.next..end)
                .map(|i| Row { number: i + 1, cells: vec![i.to_string()], malformed: None, raw: None })
                .collect();
            self.next = end;
            Ok((!rows.is_empty()).then_some(rows))
        }
        fn progress(&self) -> (u64, u64) {
            (self.next, self.n)
        }
    }

    #[test]
    fn batches_arrive_in_order_with_their_progress_and_errors_stop_the_loop() {
        let mut seen = Vec::new();
        let mut src = Numbers { n: 1000, next: 0, fail_at: None };
        each_batch(&mut src, 64, |batch, (done, total)| {
            assert_eq!(done, batch.last().unwrap().number);
            assert_eq!(total, 1000);
            seen.extend(batch.into_iter().map(|r| r.number));
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, (1..=1000).collect::<Vec<u64>>());

        let mut src = Numbers { n: 1000, next: 0, fail_at: Some(300) };
        let err = each_batch(&mut src, 64, |_, _| Ok(())).unwrap_err();
        assert!(err.to_string().contains("broken file"));

        let mut src = Numbers { n: 1_000_000, next: 0, fail_at: None };
        let mut batches = 0;
        let err = each_batch(&mut src, 64, |_, _| {
            batches += 1;
            if batches == 3 {
                return Err(Error::Usage("stop".into()));
            }
            Ok(())
        })
        .unwrap_err();
        assert!(err.to_string().contains("stop") && batches == 3);
    }
}
