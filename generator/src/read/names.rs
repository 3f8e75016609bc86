//! Syntax checks on CSDL names, type references and annotation targets, shared by both readers.
//!
//! These check only the shape of a name. Whether it refers to anything is for the resolve
//! phase.

use crate::csdl::TypeRef;

/// Maximum length of a simple identifier in characters, set by CSDL.
const MAX_IDENTIFIER_CHARS: usize = 128;

/// Returns whether `name` is a CSDL simple identifier: a letter or `_`, then letters, digits,
/// `_` and combining marks, at most 128 characters.
///
/// Letters and digits follow Rust's `char::is_alphabetic` and `char::is_numeric`, which is
/// slightly wider than the Unicode categories CSDL lists.
pub(crate) fn is_simple_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first == '_' || first.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric() || is_combining(c))
        && name.chars().count() <= MAX_IDENTIFIER_CHARS
}

fn is_combining(c: char) -> bool {
    // Non-spacing and spacing combining marks, and the format characters ZWNJ and ZWJ.
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{200C}' | '\u{200D}')
}

/// Returns whether `name` is a namespace: simple identifiers joined by dots.
pub(crate) fn is_namespace(name: &str) -> bool {
    !name.is_empty() && name.split('.').all(is_simple_identifier)
}

/// Returns whether `name` is a qualified name: a namespace or alias, a dot and a simple
/// identifier.
pub(crate) fn is_qualified_name(name: &str) -> bool {
    match name.rsplit_once('.') {
        Some((namespace, last)) => is_namespace(namespace) && is_simple_identifier(last),
        None => false,
    }
}

/// Parses a type reference written as `Namespace.Name` or `Collection(Namespace.Name)`.
pub(crate) fn parse_type_ref(text: &str) -> Result<TypeRef, String> {
    let (name, collection) = match text.strip_prefix("Collection(") {
        Some(rest) => match rest.strip_suffix(')') {
            Some(inner) => (inner, true),
            None => {
                return Err(format!(
                    "invalid type `{text}`: missing `)` after `Collection(`"
                ))
            }
        },
        None => (text, false),
    };
    if !is_qualified_name(name) {
        return Err(format!(
            "invalid type `{text}`: expected a qualified name such as `Edm.String`"
        ));
    }
    Ok(TypeRef {
        name: name.to_owned(),
        collection,
    })
}

/// Checks the syntax of an annotation target path such as
/// `self.Person/Address`, `self.Fn(self.Type,Edm.String)/Param` or
/// `self.Container/Set/@Core.Description#q`.
pub(crate) fn check_target(target: &str) -> Result<(), String> {
    let (head, rest) = match target.find(['(', '/']) {
        Some(at) => target.split_at(at),
        None => (target, ""),
    };
    if !is_qualified_name(head) {
        return Err(format!("`{head}` is not a qualified name"));
    }
    let rest = match rest.strip_prefix('(') {
        Some(after) => {
            let close = matching_paren(after);
            let Some(close) = close else {
                return Err("missing `)` after the parameter type list".to_owned());
            };
            check_parameter_types(&after[..close])?;
            &after[close + 1..]
        }
        None => rest,
    };
    if rest.is_empty() {
        return Ok(());
    }
    let Some(segments) = rest.strip_prefix('/') else {
        return Err(format!("unexpected `{rest}` after the parameter type list"));
    };
    segments.split('/').try_for_each(check_target_segment)
}

/// Returns the index of the `)` that closes a list whose `(` came just before `text`.
fn matching_paren(text: &str) -> Option<usize> {
    let mut depth = 1usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn check_parameter_types(list: &str) -> Result<(), String> {
    if list.trim().is_empty() {
        return Ok(());
    }
    for item in list.split(',') {
        let item = item.trim();
        if item.is_empty() {
            return Err("empty parameter type in the overload's parameter type list".to_owned());
        }
        parse_type_ref(item).map_err(|e| format!("parameter type list: {e}"))?;
    }
    Ok(())
}

fn check_target_segment(segment: &str) -> Result<(), String> {
    if segment.is_empty() {
        return Err("empty path segment".to_owned());
    }
    if segment == "$ReturnType" || is_simple_identifier(segment) || is_qualified_name(segment) {
        return Ok(());
    }
    if let Some(term) = segment.strip_prefix('@') {
        let (term, qualifier) = term.split_once('#').unwrap_or((term, "x"));
        if is_qualified_name(term) && is_simple_identifier(qualifier) {
            return Ok(());
        }
    }
    Err(format!("invalid path segment `{segment}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert!(is_simple_identifier("_a1"));
        assert!(is_simple_identifier("größe"));
        assert!(!is_simple_identifier("1a"));
        assert!(!is_simple_identifier(""));
        assert!(!is_simple_identifier("a-b"));
        assert!(!is_simple_identifier(&"a".repeat(129)));
        assert!(is_qualified_name("microsoft.graph.security.alert"));
        assert!(!is_qualified_name("alert"));
        assert!(!is_qualified_name("a..b"));
    }

    #[test]
    fn type_refs() {
        assert_eq!(
            parse_type_ref("Collection(graph.alert)"),
            Ok(TypeRef {
                name: "graph.alert".into(),
                collection: true
            })
        );
        assert_eq!(
            parse_type_ref("Edm.String"),
            Ok(TypeRef {
                name: "Edm.String".into(),
                collection: false
            })
        );
        assert!(parse_type_ref("Collection(graph.alert").is_err());
        assert!(parse_type_ref("String").is_err());
    }

    #[test]
    fn targets() {
        for ok in [
            "self.Person",
            "self.Person/Address/City",
            "self.Container/Set/self.Derived/Nav",
            "One.Foo()",
            "One.OddWaldos(Collection(One.Waldo),One.Waldo)",
            "graph.fn(graph.entity, Edm.String)",
            "self.Fn(Collection(self.A),Collection(self.B))/p",
            "self.Fn/$ReturnType",
            "self.Fn(self.T)/param",
            "self.Container/Set/@Core.Description#tablet",
        ] {
            assert_eq!(check_target(ok), Ok(()), "{ok}");
        }
        for bad in [
            "org.example.Function1(org.example.Type1,)",
            "Person",
            "self.Fn(self.T",
            "self.Person//City",
            "self.Fn(self.T)x",
        ] {
            assert!(check_target(bad).is_err(), "{bad}");
        }
    }
}
