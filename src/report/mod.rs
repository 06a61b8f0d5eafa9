//! Stage 6: writing what the run found: per-row results, the summary, and
//! the manifest that marks a completed run.

pub mod evaluate;
pub mod explain;
pub mod fail_on;
pub mod manifest;
pub mod profile;
pub mod rejects;
pub mod results;
pub mod summary;
pub mod table;
pub mod xlsx;

pub use manifest::{Manifest, ManifestFile};
pub use results::{ResultRecord, ResultsWriter};
pub use summary::{Summary, Tally};
