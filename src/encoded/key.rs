//! The shared secret: read from its file, never printed, and turned into
//! one sub-key per use (HMAC-SHA256 of the use's label), so that the ID's
//! keyed hash, each blocking key, each field's Bloom filter positions and
//! the per-record noise are independent even though one key is shared.

use std::path::Path;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::error::{Error, Result};

type HmacSha256 = Hmac<Sha256>;

/// Fewer key bytes than this are refused: 256 bits, HMAC-SHA256's strength.
pub const MIN_KEY_BYTES: usize = 32;

/// The labels sub-keys are derived under start with this (and the encoding's version).
const LABEL_PREFIX: &str = "doisoat/encoding/v2/";

/// The shared secret key.
#[derive(Clone)]
pub struct Key {
    bytes: Vec<u8>,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(..)")
    }
}

impl Key {
    /// Reads the key file: at least [`MIN_KEY_BYTES`] bytes, every byte of
    /// the file (both sides use the same file, so a line end at its end,
    /// or a random byte that looks like one, is part of the key on both),
    /// readable by its owner only.
    pub fn load(path: &Path) -> Result<Key> {
        let refuse = |message: String| Error::Data { path: path.into(), row: None, column: None, message };
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta = std::fs::metadata(path).map_err(|e| Error::io(path, "opening the key file", e))?;
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(refuse(format!(
                    "the key file can be read by others (mode {mode:04o}): it is the secret that protects every \
                     encoding; chmod 600 {} and keep it only where it is needed",
                    path.display()
                )));
            }
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, "reading the key file", e))?;
        if bytes.len() < MIN_KEY_BYTES {
            return Err(refuse(format!(
                "the key file holds {} bytes; a key needs {MIN_KEY_BYTES} at least (make one with: head -c 32 \
                 /dev/urandom > KEY && chmod 600 KEY, and give the same file to both sides)",
                bytes.len()
            )));
        }
        Ok(Key { bytes })
    }

    /// A key from bytes (tests, and the audit's own keys).
    pub fn from_bytes(bytes: &[u8]) -> Key {
        Key { bytes: bytes.to_vec() }
    }

    /// The sub-key for `label`.
    pub fn sub(&self, label: &str) -> SubKey {
        let mut mac = HmacSha256::new_from_slice(&self.bytes).expect("HMAC takes a key of any length");
        mac.update(LABEL_PREFIX.as_bytes());
        mac.update(label.as_bytes());
        let derived = mac.finalize().into_bytes();
        SubKey { mac: HmacSha256::new_from_slice(&derived).expect("HMAC takes a key of any length") }
    }

    /// A value both sides can compare to see they hold the same key, which
    /// says nothing of the key itself (a keyed hash of a fixed label).
    pub fn check_value(&self) -> String {
        let digest = self.sub("check").digest(b"doisoat");
        digest[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// A keyed pseudo-random function (HMAC-SHA256 under a derived key); the
/// keyed state is made once and copied for each message.
#[derive(Clone)]
pub struct SubKey {
    mac: HmacSha256,
}

impl SubKey {
    /// The 32-byte keyed hash of `message`.
    pub fn digest(&self, message: &[u8]) -> [u8; 32] {
        let mut mac = self.mac.clone();
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    /// The first 64 bits of [`SubKey::digest`].
    pub fn hash64(&self, message: &[u8]) -> u64 {
        let d = self.digest(message);
        u64::from_le_bytes(d[..8].try_into().expect("8 bytes"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_keys_differ_by_label_and_by_key() {
        let k = Key::from_bytes(&[7; 32]);
        assert_ne!(k.sub("id").hash64(b"x"), k.sub("ref").hash64(b"x"));
        assert_ne!(k.sub("id").hash64(b"x"), Key::from_bytes(&[8; 32]).sub("id").hash64(b"x"));
        assert_eq!(k.sub("id").hash64(b"x"), k.clone().sub("id").hash64(b"x"));
        assert_ne!(k.check_value(), Key::from_bytes(&[8; 32]).check_value());
    }

    #[cfg(unix)]
    #[test]
    fn a_short_key_or_one_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        std::fs::write(&path, [1u8; 40]).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = Key::load(&path).unwrap_err().to_string();
        assert!(e.contains("chmod 600"), "{e}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(Key::load(&path).is_ok());
        std::fs::write(&path, b"short\n").unwrap();
        let e = Key::load(&path).unwrap_err().to_string();
        assert!(e.contains("holds 6 bytes"), "{e}");
        // A random key may end in a line feed: it is a key byte like any other.
        let mut ends = [9u8; 32];
        ends[31] = b'\n';
        std::fs::write(&path, ends).unwrap();
        assert!(Key::load(&path).is_ok());
    }
}
