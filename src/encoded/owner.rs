//! The base's owner's side: the plaintext base an encoded base was made
//! from, read again with the key, each person found by the reference the
//! encoding gave it (`resolve` turns references back into IDs, `audit`
//! scores its attacks against the names).

use std::path::PathBuf;

use super::key::Key;
use super::record::{Encoder, Params};
use crate::error::Result;
use crate::normalize::{Identity, Rules};
use crate::pipeline::{load_config, setup, Notes, BATCH_ROWS};
use crate::read::mapping::Layout;
use crate::read::prefetch::each_batch;

/// The plaintext base, as the encoded base was made from it.
#[derive(Debug, Clone)]
pub struct OwnedBase {
    /// The population base.
    pub base: PathBuf,
    /// The sheet of an Excel base.
    pub base_sheet: Option<String>,
    /// The configuration it was encoded with.
    pub config: Option<PathBuf>,
    /// The key it was encoded with.
    pub key_file: PathBuf,
}

/// One base person as its owner reads it.
pub struct Person<'a> {
    /// The reference the encoding gave the person.
    pub reference: String,
    /// The row normalised.
    pub identity: Identity,
    /// The row's cells and how they map, for the other roles.
    pub cells: &'a [String],
    /// The base's mapping.
    pub layout: &'a Layout,
    /// How its values are read.
    pub rules: &'a Rules,
}

impl OwnedBase {
    /// Reads the key (to check against a file's key check value).
    pub fn key(&self) -> Result<Key> {
        Key::load(&self.key_file)
    }

    /// Calls `each` with every base person that has a usable ID (the
    /// persons an encoded base holds).
    pub fn each_person(&self, notes: &dyn Notes, mut each: impl FnMut(Person<'_>)) -> Result<()> {
        let encoder = Encoder::new(&self.key()?, Params::default(), Vec::new(), &[]);
        let config = load_config(self.config.as_deref())?;
        let rules = config.base_rules();
        let mut file = setup::open_base(&self.base, self.base_sheet.as_deref(), &config, notes)?;
        let layout = file.layout.clone();
        each_batch(file.src.as_mut(), BATCH_ROWS, |batch, _| {
            for row in batch.iter().filter(|r| r.malformed.is_none()) {
                let identity = layout.person(&row.cells, &rules);
                let Some(k) = identity.id.key() else { continue };
                let reference = encoder.reference(k);
                each(Person { reference, identity, cells: &row.cells, layout: &layout, rules: &rules });
            }
            Ok(())
        })
    }
}
