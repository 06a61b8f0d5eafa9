//! The commands that are not stages of a run: they answer a question about
//! a file or about a completed run, reusing the stages' own code so that
//! their answers cannot drift from what `reconcile` does.
//!
//! - [`profile`]: one file's data quality, before any run.
//! - [`explain`]: one row of a completed run, recomputed and told step by step.
//! - [`evaluate`]: a run's results scored against a ground truth.
//! - [`verify`]: a run's outputs (and inputs) checked against its manifest.

pub mod evaluate;
pub mod explain;
pub mod profile;
mod rerun;
pub mod verify;
