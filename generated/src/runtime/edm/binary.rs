//! `Edm.Binary`.

use std::fmt;
use std::str::FromStr;

use base64::alphabet;
use base64::display::Base64Display;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;

use super::text::serde_via_text;
use super::ParseError;

/// `Edm.Binary`: bytes, written in JSON as base64url (RFC 4648, section 5).
///
/// The OData ABNF rule `binaryValue` uses the URL-safe alphabet with optional
/// padding, and the OData JSON format examples write no padding, so writing
/// uses base64url without padding. Reading also accepts the standard
/// alphabet (`+` and `/`), with or without `=` padding, because some services
/// send it; one value must not mix the two alphabets.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Binary(pub Vec<u8>);

const CONFIG: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_encode_padding(false)
    .with_decode_padding_mode(DecodePaddingMode::Indifferent);

const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, CONFIG);

const STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, CONFIG);

impl Binary {
    /// Returns the bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Returns the bytes, consuming the value.
    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Binary(bytes)
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Binary(bytes.to_vec())
    }
}

impl From<Binary> for Vec<u8> {
    fn from(binary: Binary) -> Self {
        binary.0
    }
}

/// Writes base64url without padding.
impl fmt::Display for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Base64Display::new(&self.0, &URL_SAFE).fmt(f)
    }
}

impl FromStr for Binary {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, ParseError> {
        let engine = if text.contains(['+', '/']) {
            &STANDARD
        } else {
            &URL_SAFE
        };
        engine
            .decode(text)
            .map(Binary)
            .map_err(|_| ParseError::new("Edm.Binary", text, "expected base64url text"))
    }
}

serde_via_text!(Binary, "an Edm.Binary base64url string");
