//! `Edm.Guid`.

use std::fmt;
use std::str::FromStr;

use super::text::{serde_via_text, TextBuffer};
use super::ParseError;

/// `Edm.Guid`: a 128-bit identifier written as 32 hex digits in groups of
/// 8-4-4-4-12, such as `01234567-89ab-cdef-0123-456789abcdef`.
///
/// Reading accepts hex digits in any case; writing uses lower case. Bytes are
/// kept in the order the text shows them (RFC 9562 order), so
/// `uuid::Uuid::from_bytes(guid.to_bytes())` gives the same identifier.
/// `Default` is the nil GUID, all zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Guid([u8; 16]);

/// Positions of the hyphens in the 36-character text form.
const HYPHENS: [usize; 4] = [8, 13, 18, 23];

impl Guid {
    /// The nil GUID, `00000000-0000-0000-0000-000000000000`.
    pub const NIL: Guid = Guid([0; 16]);

    /// Creates a GUID from its 16 bytes in text order.
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        Guid(bytes)
    }

    /// Returns the 16 bytes in text order.
    pub const fn to_bytes(self) -> [u8; 16] {
        self.0
    }

    /// Creates a GUID from a 128-bit number whose most significant byte comes
    /// first in the text.
    pub const fn from_u128(value: u128) -> Self {
        Guid(value.to_be_bytes())
    }

    /// Returns the GUID as a 128-bit number, first byte most significant.
    pub const fn to_u128(self) -> u128 {
        u128::from_be_bytes(self.0)
    }

    fn parse(text: &str) -> Result<Self, &'static str> {
        let bytes = text.as_bytes();
        if bytes.len() != 36 {
            return Err("expected 36 characters in the form 8-4-4-4-12");
        }
        let mut value = 0u128;
        for (index, &byte) in bytes.iter().enumerate() {
            if HYPHENS.contains(&index) {
                if byte != b'-' {
                    return Err("expected `-` after groups of 8, 4, 4 and 4 hex digits");
                }
                continue;
            }
            let digit = match byte {
                b'0'..=b'9' => byte - b'0',
                b'a'..=b'f' => byte - b'a' + 10,
                b'A'..=b'F' => byte - b'A' + 10,
                _ => return Err("expected hex digits"),
            };
            value = value << 4 | u128::from(digit);
        }
        Ok(Guid::from_u128(value))
    }
}

impl fmt::Display for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut buffer = TextBuffer::new();
        for (index, byte) in self.0.iter().enumerate() {
            if matches!(index, 4 | 6 | 8 | 10) {
                buffer.push(b'-');
            }
            buffer.push(HEX[usize::from(byte >> 4)]);
            buffer.push(HEX[usize::from(byte & 0x0f)]);
        }
        f.write_str(buffer.as_str())
    }
}

impl FromStr for Guid {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, ParseError> {
        Guid::parse(text).map_err(|reason| ParseError::new("Edm.Guid", text, reason))
    }
}

serde_via_text!(
    Guid,
    "an Edm.Guid string such as `01234567-89ab-cdef-0123-456789abcdef`"
);
