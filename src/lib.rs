//! doisoat ("đối soát", reconciliation): checks exports of citizen records
//! against the national population base.
//!
//! The pipeline, one module per stage, run in order by [`pipeline`]:
//!
//! ```text
//! read ──► normalize ──► index ──► compare ──► classify ──► report
//! CSV,      names, IDs,   base in    field      one status   results,
//! Parquet   dates, sex    columns,   levels,    + reasons    summary,
//! batches                 lookups    weights    per row      manifest
//! ```
//!
//! Writing files is [`output`]'s; the commands that are not stages
//! (`profile`, `explain`, `evaluate`, `verify`) are [`tools`]; the
//! synthetic data and its truth are [`generate`]'s, apart from the engine.
#![warn(missing_docs)]

pub mod classify;
pub mod cli;
pub mod cmd;
pub mod compare;
pub mod config;
pub mod encoded;
pub mod error;
pub mod generate;
pub mod index;
pub mod normalize;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod read;
pub mod report;
pub mod rng;
pub mod tools;

pub use error::{Error, Result};
