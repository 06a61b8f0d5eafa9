//! One integration-test binary: every test drives the real `doisoat` binary
//! in its own temporary directory.

mod about;
mod accuracy;
mod cli;
mod dirs;
mod encoded;
mod ending;
mod excel;
mod febrl;
mod gen_residence;
mod generate;
mod groups;
mod hostile;
mod kin;
mod layout;
mod names;
mod normalize;
mod not_run;
mod places;
mod polish;
mod progress;
mod reconcile;
mod reports;
mod residence;
mod school_rule;
mod snapshot;
mod util;
