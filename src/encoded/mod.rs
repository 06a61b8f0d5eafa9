//! Reconciling without exchanging personal data: keyed encodings.
//!
//! The export's owner runs `doisoat encode`, the base's owner `doisoat
//! index --encoded`, each with the same secret key file; whoever runs the
//! linkage gets two Parquet files of keyed hashes and hardened Bloom
//! filters and runs `reconcile` on them, holding neither the values nor the
//! key. The results carry the export's own keys and the base's person
//! references, which only the base's owner (with the key) can tell back to
//! persons (`doisoat resolve`). The README's "Reconciling on encodings"
//! gives the protocol, what each party learns, and the attacks.
//!
//! - [`key`]: the key file and its sub-keys (HMAC-SHA256);
//! - [`bloom`]: field-level Bloom filters, keyed and noised;
//! - [`record`]: one normalised row encoded;
//! - [`file`]: the encoded Parquet file and its metadata;
//! - [`encode`]: the encoding job, either side;
//! - [`link`]: reconciliation on encodings;
//! - [`owner`]: the base's owner reads the plaintext base by reference;
//! - [`rarity`]: how much rarer a base person's name is than its count shows;
//! - [`resolve`]: the base's owner turns references back into IDs;
//! - [`attack`]: a frequency attack on an encoded base, to measure the hardening.

pub mod attack;
pub mod bloom;
pub mod encode;
pub mod file;
pub mod key;
pub mod link;
pub mod owner;
pub mod rarity;
pub mod record;
pub mod resolve;
