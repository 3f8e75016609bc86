//! Every Rust name the generator writes comes from here.
//!
//! Schema names become arbitrary identifiers, so one set of rules handles them all.
//! Case conversion uses heck. Rust keywords become raw identifiers where Rust allows
//! them, and `self`, `super`, `crate`, `Self` and `_` get a trailing underscore. Names
//! that are empty, start with a digit or hold characters that cannot appear in an
//! identifier are repaired. Names that collide after conversion (`fooBar` and `foo_Bar`
//! both give `foo_bar`) get a numeric suffix in declaration order, so the result depends
//! only on the input.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that become raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers, so they get a trailing underscore instead.
const SUFFIXED_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Converts a schema name to a Rust type name (`UpperCamelCase`).
pub fn type_name(wire: &str) -> String {
    let cleaned = clean(wire);
    let mut name = cleaned.to_upper_camel_case();
    if name.is_empty() {
        name = "Unnamed".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'N');
    }
    escape_keyword(name)
}

/// Converts a schema name to a Rust field or module name (`snake_case`).
pub fn field_name(wire: &str) -> String {
    let cleaned = clean(wire);
    let mut name = cleaned.to_snake_case();
    if name.is_empty() {
        name = "unnamed".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape_keyword(name)
}

/// Converts an enum member name to a Rust variant name.
pub fn variant_name(wire: &str) -> String {
    type_name(wire)
}

/// Converts a namespace segment to a module name.
pub fn module_name(segment: &str) -> String {
    field_name(segment)
}

/// Replaces characters that cannot appear in an identifier with word breaks, and keeps
/// non-ASCII letters as their Unicode escape so the name stays deterministic and unique.
fn clean(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len());
    for c in wire.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!("_u{:04x}_", c as u32));
        } else {
            out.push('_');
        }
    }
    out
}

fn escape_keyword(name: String) -> String {
    if SUFFIXED_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Hands out names in one Rust scope (a module, a struct's fields, an enum's variants),
/// adding `_2`, `_3`, ... to a name that is already taken.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
    /// The suffix to try first for each stem that collided before. Without it, n names that
    /// convert to one stem (`a`, `a_`, `a__`, ...) would cost n² tries.
    next_suffix: BTreeMap<String, u32>,
}

impl Scope {
    /// Creates a scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
            next_suffix: BTreeMap::new(),
        }
    }

    /// Returns `candidate`, or the first free suffixed form for N from 2 up, and takes it:
    /// `candidate_N` for snake_case names and `CandidateN` for UpperCamelCase ones.
    pub fn claim(&mut self, candidate: String) -> String {
        if self.taken.insert(candidate.clone()) {
            return candidate;
        }
        // `r#type_2` is not a keyword, so the suffixed name drops the raw prefix.
        let stem = candidate
            .strip_prefix("r#")
            .unwrap_or(&candidate)
            .to_owned();
        let separator = if stem.starts_with(|c: char| c.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        let mut n = self.next_suffix.get(&stem).copied().unwrap_or(2);
        loop {
            let next = format!("{stem}{separator}{n}");
            n += 1;
            if self.taken.insert(next.clone()) {
                self.next_suffix.insert(stem, n);
                return next;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_every_rule() {
        let cases: &[(&str, &str, &str)] = &[
            // (wire, type name, field name)
            ("alert", "Alert", "alert"),
            ("alertEvidence", "AlertEvidence", "alert_evidence"),
            ("osBuild", "OsBuild", "os_build"),
            ("type", "Type", "r#type"),
            ("self", "Self_", "self_"),
            ("Self", "Self_", "self_"),
            ("super", "Super", "super_"),
            ("crate", "Crate", "crate_"),
            ("final", "Final", "r#final"),
            ("match", "Match", "r#match"),
            ("2fa", "N2fa", "_2fa"),
            ("123", "N123", "_123"),
            ("", "Unnamed", "unnamed"),
            ("_", "Unnamed", "unnamed"),
            ("a-b c", "ABC", "a_b_c"),
            ("café", "CafU00e9", "caf_u00e9"),
            ("@odata.type", "OdataType", "odata_type"),
            ("IPAddress", "IpAddress", "ip_address"),
        ];
        for (wire, ty, field) in cases {
            assert_eq!(type_name(wire), *ty, "type name of {wire:?}");
            assert_eq!(field_name(wire), *field, "field name of {wire:?}");
        }
    }

    #[test]
    fn scope_suffixes_type_names_without_underscore() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim(type_name("other")), "Other");
        assert_eq!(scope.claim("Other".to_owned()), "Other2");
    }

    #[test]
    fn scope_suffixes_collisions_in_order() {
        let mut scope = Scope::with_reserved(&["additional_properties"]);
        assert_eq!(scope.claim(field_name("fooBar")), "foo_bar");
        assert_eq!(scope.claim(field_name("foo_Bar")), "foo_bar_2");
        assert_eq!(scope.claim(field_name("FooBar")), "foo_bar_3");
        assert_eq!(
            scope.claim(field_name("additionalProperties")),
            "additional_properties_2"
        );
        assert_eq!(scope.claim(field_name("type")), "r#type");
        assert_eq!(scope.claim(field_name("Type")), "type_2");
    }
}
