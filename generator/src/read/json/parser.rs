//! A small JSON parser that keeps the byte offset of every value and member name.
//!
//! serde_json drops positions, and diagnostics need a line and column for each CSDL
//! object. This parser follows RFC 8259, recurses at most [`MAX_DEPTH`] levels, keeps
//! numbers as written (so `1.0` and `1` stay apart, and large integers lose nothing) and
//! borrows strings from the input unless they contain escapes.

use std::borrow::Cow;

use crate::read::MAX_DEPTH;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value<'a> {
    Null,
    Bool(bool),
    /// A number exactly as written.
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Vec<Member<'a>>),
}

/// A value and the offset of its first character.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Node<'a> {
    pub value: Value<'a>,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Member<'a> {
    pub name: Cow<'a, str>,
    /// Offset of the opening quote of the member name.
    pub offset: usize,
    pub value: Node<'a>,
}

/// A syntax error: where it is and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SyntaxError {
    pub offset: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// A member name that appears twice in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DuplicateMember {
    pub name: String,
    pub offset: usize,
}

/// Parses a whole JSON text. Duplicate member names are returned beside the value: the
/// first occurrence is kept in the tree, and the caller reports the others.
pub(super) fn parse(text: &str) -> Result<(Node<'_>, Vec<DuplicateMember>), SyntaxError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        duplicates: Vec::new(),
    };
    parser.skip_whitespace();
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.at < parser.bytes.len() {
        return Err(parser.error("unexpected content after the end of the document", None));
    }
    Ok((value, parser.duplicates))
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    duplicates: Vec<DuplicateMember>,
}

impl<'a> Parser<'a> {
    fn value(&mut self, depth: usize) -> Result<Node<'a>, SyntaxError> {
        let offset = self.at;
        let value = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            Some(_) => return Err(self.unexpected("a value")),
            None => return Err(self.error("unexpected end of input: expected a value", None)),
        };
        Ok(Node { value, offset })
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, SyntaxError> {
        self.enter(depth)?;
        self.at += 1;
        let mut members: Vec<Member<'a>> = Vec::new();
        self.skip_whitespace();
        if self.eat(b'}') {
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a member name in double quotes"));
            }
            let offset = self.at;
            let name = self.string()?;
            self.skip_whitespace();
            if !self.eat(b':') {
                return Err(self.unexpected("`:` after the member name"));
            }
            self.skip_whitespace();
            let value = self.value(depth + 1)?;
            if members.iter().any(|m| m.name == name) {
                self.duplicates.push(DuplicateMember {
                    name: name.into_owned(),
                    offset,
                });
            } else {
                members.push(Member {
                    name,
                    offset,
                    value,
                });
            }
            self.skip_whitespace();
            if self.eat(b'}') {
                return Ok(Value::Object(members));
            }
            if !self.eat(b',') {
                return Err(self.unexpected("`,` or `}`"));
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, SyntaxError> {
        self.enter(depth)?;
        self.at += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.eat(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value(depth + 1)?);
            self.skip_whitespace();
            if self.eat(b']') {
                return Ok(Value::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.unexpected("`,` or `]`"));
            }
        }
    }

    fn enter(&self, depth: usize) -> Result<(), SyntaxError> {
        if depth >= MAX_DEPTH {
            return Err(self.error(
                &format!("values are nested more than {MAX_DEPTH} levels deep"),
                Some("CSDL documents nest far less deeply; this input is malformed or hostile"),
            ));
        }
        Ok(())
    }

    fn literal(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, SyntaxError> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.unexpected("a value"))
        }
    }

    fn number(&mut self) -> Result<&'a str, SyntaxError> {
        let start = self.at;
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.unexpected("a digit")),
        }
        if self.eat(b'.') {
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.unexpected("a digit after `.`"));
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.unexpected("a digit in the exponent"));
            }
            self.digits();
        }
        Ok(&self.text[start..self.at])
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
    }

    /// Reads a string starting at its opening quote.
    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        let open = self.at;
        self.at += 1;
        let start = self.at;
        // Fast path: no escapes, so the string borrows from the input.
        while let Some(b) = self.peek() {
            match b {
                b'"' => {
                    self.at += 1;
                    return Ok(Cow::Borrowed(&self.text[start..self.at - 1]));
                }
                b'\\' => break,
                0x00..=0x1f => return Err(self.control_character()),
                _ => self.at += 1,
            }
        }
        let mut owned = String::from(&self.text[start..self.at]);
        loop {
            match self.peek() {
                None => {
                    self.at = open;
                    return Err(self.error("string is not closed", Some("add the closing `\"`")));
                }
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(owned));
                }
                Some(b'\\') => {
                    self.at += 1;
                    owned.push(self.escape()?);
                }
                Some(0x00..=0x1f) => return Err(self.control_character()),
                Some(_) => {
                    // Copy one whole UTF-8 character.
                    let rest = &self.text[self.at..];
                    let c = rest.chars().next().unwrap_or('\u{fffd}');
                    owned.push(c);
                    self.at += c.len_utf8();
                }
            }
        }
    }

    fn escape(&mut self) -> Result<char, SyntaxError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.at += 1;
                return self.unicode_escape();
            }
            _ => return Err(self.unexpected("an escape such as `\\n`, `\\\"` or `\\u00e9`")),
        };
        self.at += 1;
        Ok(c)
    }

    /// Reads the hex digits of `\uXXXX`, combining a surrogate pair into one character.
    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) {
            if self.bytes[self.at..].starts_with(b"\\u") {
                self.at += 2;
                let second = self.hex4()?;
                if (0xDC00..0xE000).contains(&second) {
                    let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    return Ok(char::from_u32(code).unwrap_or('\u{fffd}'));
                }
            }
            return Err(self.error("unpaired surrogate in a `\\u` escape", None));
        }
        char::from_u32(first)
            .ok_or_else(|| self.error("unpaired surrogate in a `\\u` escape", None))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        let Some(digits) = digits else {
            return Err(self.unexpected("four hex digits after `\\u`"));
        };
        self.at += 4;
        u32::from_str_radix(digits, 16).map_err(|_| self.unexpected("four hex digits after `\\u`"))
    }

    fn control_character(&self) -> SyntaxError {
        self.error(
            "control character in a string",
            Some("escape it, for example as `\\n` or `\\u0009`"),
        )
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn unexpected(&self, expected: &str) -> SyntaxError {
        let found = match self.text[self.at..].chars().next() {
            Some(c) => format!("`{c}`"),
            None => "the end of the input".to_owned(),
        };
        self.error(
            &format!("invalid JSON: expected {expected}, found {found}"),
            None,
        )
    }

    fn error(&self, message: &str, hint: Option<&str>) -> SyntaxError {
        let message = if message.starts_with("invalid JSON") {
            message.to_owned()
        } else {
            format!("invalid JSON: {message}")
        };
        SyntaxError {
            offset: self.at,
            message,
            hint: hint.map(str::to_owned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Value<'_> {
        parse(text).expect("parses").0.value
    }

    #[test]
    fn values_and_offsets() {
        let (node, duplicates) =
            parse(r#" {"a": [1, -2.5e3, true, null], "b": "x\"\u00e9\ud83d\ude00"}"#)
                .expect("parses");
        assert!(duplicates.is_empty());
        assert_eq!(node.offset, 1);
        let Value::Object(members) = node.value else {
            panic!("not an object")
        };
        assert_eq!(members[0].name, "a");
        assert_eq!(members[0].offset, 2);
        let Value::Array(items) = &members[0].value.value else {
            panic!("not an array")
        };
        assert_eq!(items[1].value, Value::Number("-2.5e3"));
        assert_eq!(items[1].offset, 11);
        assert_eq!(members[1].value.value, Value::String("x\"é😀".into()));
    }

    #[test]
    fn duplicates_keep_the_first() {
        let (node, duplicates) = parse(r#"{"a": 1, "a": 2}"#).expect("parses");
        assert_eq!(
            duplicates,
            vec![DuplicateMember {
                name: "a".into(),
                offset: 9
            }]
        );
        let Value::Object(members) = node.value else {
            panic!("not an object")
        };
        assert_eq!(members.len(), 1);
        assert_eq!(members[0].value.value, Value::Number("1"));
    }

    #[test]
    fn syntax_errors() {
        let cases = [
            (
                "",
                0,
                "invalid JSON: unexpected end of input: expected a value",
            ),
            (
                "{\"a\" 1}",
                5,
                "invalid JSON: expected `:` after the member name, found `1`",
            ),
            ("[1,]", 3, "invalid JSON: expected a value, found `]`"),
            (
                "01",
                1,
                "invalid JSON: unexpected content after the end of the document",
            ),
            ("\"abc", 0, "invalid JSON: string is not closed"),
            ("\"a\nb\"", 2, "invalid JSON: control character in a string"),
            (
                "{} x",
                3,
                "invalid JSON: unexpected content after the end of the document",
            ),
            ("tru", 0, "invalid JSON: expected a value, found `t`"),
        ];
        for (text, offset, message) in cases {
            let error = parse(text).expect_err(text);
            assert_eq!(
                (error.offset, error.message.as_str()),
                (offset, message),
                "{text}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let text = "[".repeat(10_000);
        let error = parse(&text).expect_err("too deep");
        assert_eq!(error.offset, MAX_DEPTH);
        assert_eq!(
            parse_ok(&format!("{}{}", "[".repeat(10), "]".repeat(10))),
            parse_ok("[[[[[[[[[[]]]]]]]]]]")
        );
    }
}
