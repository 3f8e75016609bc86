//! A small typed builder for OData `$filter` expressions and `$orderby` items.
//!
//! Generated code gives each listable entity type a set of [`Field`] constants, so a
//! comparison only compiles with a value of the property's type, and every value is
//! rendered as a correct OData literal (strings quoted with `''` escaping, date-times
//! unquoted, enum members quoted by name):
//!
//! ```
//! use graph_security::runtime::filter::{Field, Filter};
//!
//! let status: Field<String> = Field::new("status");
//! let title: Field<String> = Field::new("title");
//! let filter = status.eq("new").and(title.ne("it's fine"));
//! assert_eq!(filter.as_str(), "status eq 'new' and title ne 'it''s fine'");
//! ```
//!
//! Anything the builder does not cover can be written as a raw string with
//! [`Filter::raw`].

use std::fmt;
use std::marker::PhantomData;

use crate::runtime::edm::{Date, DateTimeOffset, Guid, TimeOfDay};
use crate::runtime::enums::OpenEnum;

/// A rendered `$filter` expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Filter {
    expression: String,
    /// Whether the expression is an `or` at the top level, so `and` must bracket it.
    is_or: bool,
}

impl Filter {
    /// Uses `expression` as written, for conditions the builder does not cover.
    pub fn raw(expression: impl Into<String>) -> Self {
        Filter {
            expression: expression.into(),
            is_or: true,
        }
    }

    /// Returns the expression text, unencoded.
    pub fn as_str(&self) -> &str {
        &self.expression
    }

    /// Combines two conditions that must both hold.
    pub fn and(self, other: Filter) -> Filter {
        let left = self.bracketed_for_and();
        let right = other.bracketed_for_and();
        Filter {
            expression: format!("{left} and {right}"),
            is_or: false,
        }
    }

    /// Combines two conditions of which at least one must hold.
    pub fn or(self, other: Filter) -> Filter {
        Filter {
            expression: format!("{} or {}", self.expression, other.expression),
            is_or: true,
        }
    }

    /// Negates a condition.
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Filter {
        Filter {
            expression: format!("not ({})", self.expression),
            is_or: false,
        }
    }

    fn bracketed_for_and(self) -> String {
        if self.is_or {
            format!("({})", self.expression)
        } else {
            self.expression
        }
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.expression)
    }
}

impl From<Filter> for String {
    fn from(filter: Filter) -> String {
        filter.expression
    }
}

impl From<&str> for Filter {
    fn from(expression: &str) -> Filter {
        Filter::raw(expression)
    }
}

impl From<String> for Filter {
    fn from(expression: String) -> Filter {
        Filter::raw(expression)
    }
}

/// A value that can appear on the right of a comparison in `$filter`.
pub trait Literal {
    /// Appends the value as an OData URL literal.
    fn write_literal(&self, out: &mut String);
}

/// Marks literals whose type is ordered, so `lt`, `le`, `gt` and `ge` apply.
pub trait Ordered: Literal {}

fn write_quoted(text: &str, out: &mut String) {
    out.push('\'');
    out.push_str(&text.replace('\'', "''"));
    out.push('\'');
}

impl Literal for String {
    fn write_literal(&self, out: &mut String) {
        write_quoted(self, out);
    }
}

impl Literal for &str {
    fn write_literal(&self, out: &mut String) {
        write_quoted(self, out);
    }
}

impl Ordered for String {}

impl Literal for bool {
    fn write_literal(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

macro_rules! number_literal {
    ($($ty:ty),*) => {$(
        impl Literal for $ty {
            fn write_literal(&self, out: &mut String) {
                out.push_str(&self.to_string());
            }
        }
        impl Ordered for $ty {}
    )*};
}

number_literal!(u8, i8, i16, i32, i64, f32, f64);

impl Literal for DateTimeOffset {
    fn write_literal(&self, out: &mut String) {
        out.push_str(&self.to_string());
    }
}

impl Ordered for DateTimeOffset {}

impl Literal for Date {
    fn write_literal(&self, out: &mut String) {
        out.push_str(&self.to_string());
    }
}

impl Ordered for Date {}

impl Literal for TimeOfDay {
    fn write_literal(&self, out: &mut String) {
        out.push_str(&self.to_string());
    }
}

impl Ordered for TimeOfDay {}

impl Literal for Guid {
    fn write_literal(&self, out: &mut String) {
        out.push_str(&self.to_string());
    }
}

/// Wraps a generated enum so it renders as its quoted member name (`'high'`), which
/// Microsoft Graph accepts for enum-typed properties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member<E>(pub E);

impl<E: OpenEnum> Literal for Member<E> {
    fn write_literal(&self, out: &mut String) {
        write_quoted(self.0.name(), out);
    }
}

/// A property of an entity type, typed by its value, for building filters.
pub struct Field<T> {
    name: &'static str,
    value: PhantomData<fn(T)>,
}

impl<T> Field<T> {
    /// Creates a field for the property with wire name `name`.
    pub const fn new(name: &'static str) -> Self {
        Field {
            name,
            value: PhantomData,
        }
    }

    /// Returns the wire name of the property.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// Matches objects whose property is null.
    pub fn is_null(&self) -> Filter {
        self.compare_raw("eq", "null")
    }

    /// Matches objects whose property is not null.
    pub fn is_not_null(&self) -> Filter {
        self.compare_raw("ne", "null")
    }

    fn compare_raw(&self, operator: &str, literal: &str) -> Filter {
        Filter {
            expression: format!("{} {operator} {literal}", self.name),
            is_or: false,
        }
    }
}

impl<T> Clone for Field<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Field<T> {}

impl<T> fmt::Debug for Field<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Field({})", self.name)
    }
}

impl<T: Literal> Field<T> {
    fn compare(&self, operator: &str, value: &T) -> Filter {
        let mut literal = String::new();
        value.write_literal(&mut literal);
        self.compare_raw(operator, &literal)
    }

    /// `property eq value`.
    pub fn eq(&self, value: impl Into<T>) -> Filter {
        self.compare("eq", &value.into())
    }

    /// `property ne value`.
    pub fn ne(&self, value: impl Into<T>) -> Filter {
        self.compare("ne", &value.into())
    }

    /// `property in (a, b, ...)`: matches any of the values.
    pub fn any_of(&self, values: impl IntoIterator<Item = T>) -> Filter {
        let mut list = String::from("(");
        for (index, value) in values.into_iter().enumerate() {
            if index > 0 {
                list.push_str(", ");
            }
            value.write_literal(&mut list);
        }
        list.push(')');
        self.compare_raw("in", &list)
    }
}

impl<T: Ordered> Field<T> {
    /// `property lt value`.
    pub fn lt(&self, value: impl Into<T>) -> Filter {
        self.compare("lt", &value.into())
    }

    /// `property le value`.
    pub fn le(&self, value: impl Into<T>) -> Filter {
        self.compare("le", &value.into())
    }

    /// `property gt value`.
    pub fn gt(&self, value: impl Into<T>) -> Filter {
        self.compare("gt", &value.into())
    }

    /// `property ge value`.
    pub fn ge(&self, value: impl Into<T>) -> Filter {
        self.compare("ge", &value.into())
    }
}

impl<E: OpenEnum> Field<Member<E>> {
    /// `property eq 'member'`, for enum-typed properties.
    pub fn is(&self, member: E) -> Filter {
        self.eq(Member(member))
    }

    /// `property ne 'member'`, for enum-typed properties.
    pub fn is_not(&self, member: E) -> Filter {
        self.ne(Member(member))
    }
}

/// One `$orderby` item: a property and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrderBy {
    /// Wire name of the property to sort by.
    pub property: &'static str,
    /// Whether the largest values come first (`desc`).
    pub descending: bool,
}

impl OrderBy {
    /// Sorts by `property`, smallest first.
    pub const fn asc(property: &'static str) -> Self {
        OrderBy {
            property,
            descending: false,
        }
    }

    /// Sorts by `property`, largest first.
    pub const fn desc(property: &'static str) -> Self {
        OrderBy {
            property,
            descending: true,
        }
    }
}

impl fmt::Display for OrderBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.property)?;
        if self.descending {
            f.write_str(" desc")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_quoted_and_escaped() {
        let title: Field<String> = Field::new("title");
        assert_eq!(
            title.eq("O'Brien".to_owned()).as_str(),
            "title eq 'O''Brien'"
        );
    }

    #[test]
    fn and_brackets_or() {
        let a: Field<i32> = Field::new("a");
        let either = a.eq(1).or(a.eq(2));
        let both = either.and(a.ne(3));
        assert_eq!(both.as_str(), "(a eq 1 or a eq 2) and a ne 3");
    }

    #[test]
    fn date_times_are_unquoted() {
        let created: Field<DateTimeOffset> = Field::new("createdDateTime");
        let at: DateTimeOffset = "2024-05-01T10:00:00Z".parse().expect("valid date-time");
        assert_eq!(
            created.ge(at).as_str(),
            "createdDateTime ge 2024-05-01T10:00:00Z"
        );
    }

    #[test]
    fn null_checks_and_lists_render() {
        let name: Field<String> = Field::new("name");
        assert_eq!(name.is_null().as_str(), "name eq null");
        let list = name.any_of(["a".to_owned(), "b".to_owned()]);
        assert_eq!(list.as_str(), "name in ('a', 'b')");
        assert_eq!(name.eq("x".to_owned()).not().as_str(), "not (name eq 'x')");
    }

    #[test]
    fn order_by_renders_direction() {
        assert_eq!(
            OrderBy::desc("createdDateTime").to_string(),
            "createdDateTime desc"
        );
        assert_eq!(OrderBy::asc("title").to_string(), "title");
    }
}
