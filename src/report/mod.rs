//! Stage 6: writing what the run found: per-row results, the summary, and
//! the manifest that marks a completed run.

pub mod about;
pub mod areas;
pub mod digest;
pub mod document;
pub mod ending;
pub mod explain_check;
pub mod fail_on;
pub mod group_value;
pub mod groups;
pub mod manifest;
pub mod mask;
pub mod not_run;
pub mod quality;
mod reason_names;
mod reason_words;
pub mod rejects;
pub mod render;
pub mod results;
pub mod section;
pub mod split;
pub mod summary;
pub mod svg;
pub mod words;

pub use manifest::{Manifest, ManifestFile};
pub use results::{ResultRecord, ResultsWriter};
pub use summary::{Summary, Tally};
