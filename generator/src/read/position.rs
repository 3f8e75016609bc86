//! Byte offsets to 1-based line and column numbers, shared by both readers.

use crate::csdl::{FileId, Span};

/// The start offset of every line of one input text, for turning byte offsets into spans.
///
/// Built once per input in a single pass, then each lookup is a binary search, so giving
/// every element a span stays cheap even for multi-megabyte documents.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    file: FileId,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(file: FileId, text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            text,
            file,
            line_starts,
        }
    }

    /// Returns the span of a byte offset. The column counts characters, not bytes.
    ///
    /// An offset inside a multi-byte character, or past the end, is clamped to the nearest
    /// character boundary before it.
    pub(crate) fn span(&self, offset: usize) -> Span {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = match self.line_starts.binary_search(&offset) {
            Ok(exact) => exact,
            Err(next) => next - 1,
        };
        let start = self.line_starts[line];
        let column = self.text[start..offset].chars().count() + 1;
        Span {
            file: self.file,
            line: to_u32(line + 1),
            column: to_u32(column),
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// Returns the byte offset of `part` inside `text` when `part` is a sub-slice of it.
///
/// The readers borrow names and values straight from the input, so a pointer difference
/// recovers where each one sits without tracking offsets by hand.
pub(crate) fn offset_in(text: &str, part: &[u8]) -> Option<usize> {
    let start = text.as_ptr() as usize;
    let at = part.as_ptr() as usize;
    if at >= start && at + part.len() <= start + text.len() {
        Some(at - start)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_counts_lines_and_characters() {
        let index = LineIndex::new(3, "ab\nçd\n\nx");
        assert_eq!(
            index.span(0),
            Span {
                file: 3,
                line: 1,
                column: 1
            }
        );
        assert_eq!(
            index.span(2),
            Span {
                file: 3,
                line: 1,
                column: 3
            }
        );
        assert_eq!(
            index.span(3),
            Span {
                file: 3,
                line: 2,
                column: 1
            }
        );
        // `ç` is two bytes but one column.
        assert_eq!(
            index.span(5),
            Span {
                file: 3,
                line: 2,
                column: 2
            }
        );
        assert_eq!(
            index.span(7),
            Span {
                file: 3,
                line: 3,
                column: 1
            }
        );
        assert_eq!(
            index.span(8),
            Span {
                file: 3,
                line: 4,
                column: 1
            }
        );
        assert_eq!(
            index.span(100),
            Span {
                file: 3,
                line: 4,
                column: 2
            }
        );
    }

    #[test]
    fn offset_in_finds_sub_slices_only() {
        let text = "hello world";
        assert_eq!(offset_in(text, &text.as_bytes()[6..]), Some(6));
        assert_eq!(offset_in(text, b"world"), None);
    }
}
