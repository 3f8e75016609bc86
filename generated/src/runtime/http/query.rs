//! OData system query options (`$filter`, `$select`, ...) and their URL encoding.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Characters left as they are in a query value: RFC 3986 unreserved
/// characters plus the ones OData expressions use that are safe in a query
/// (`$ , ' ( ) : @ / *`). Everything else, including space (`%20`), `+`,
/// `&`, `=`, `#` and `%`, is percent-encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'$')
    .remove(b',')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b':')
    .remove(b'@')
    .remove(b'/')
    .remove(b'*');

/// Characters left as they are in one path segment: unreserved characters
/// plus OData key syntax (`' ( ) , = : @ $`). `/`, `?`, `#`, space and `%`
/// are encoded.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b',')
    .remove(b'=')
    .remove(b':')
    .remove(b'@')
    .remove(b'$');

/// Percent-encodes one path segment, such as an alert id, so it cannot add
/// segments, a query or a fragment to the URL.
pub fn encode_path_segment(segment: &str) -> String {
    utf8_percent_encode(segment, PATH_SEGMENT).to_string()
}

/// A set of OData query options, kept in insertion order.
///
/// Setting an option twice replaces the first value. List options accept any
/// iterator of string-like items, such as a slice of `&'static str` property
/// names.
///
/// ```
/// use graph_security::runtime::http::Query;
///
/// let query = Query::new()
///     .filter("status eq 'new'")
///     .select(["id", "severity"])
///     .top(50);
/// assert_eq!(query.encode(), "$filter=status%20eq%20'new'&$select=id,severity&$top=50");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    params: Vec<(String, String)>,
}

impl Query {
    /// Creates an empty set of options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `$filter` to an OData boolean expression.
    pub fn filter(self, expression: impl Into<String>) -> Self {
        self.param("$filter", expression)
    }

    /// Sets `$select` to the given property names.
    pub fn select<I>(self, properties: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.param("$select", join(properties))
    }

    /// Sets `$expand` to the given navigation properties.
    pub fn expand<I>(self, properties: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.param("$expand", join(properties))
    }

    /// Sets `$orderby` to the given items, such as `createdDateTime desc`.
    pub fn orderby<I>(self, items: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.param("$orderby", join(items))
    }

    /// Sets `$top`, the page size the server should use.
    pub fn top(self, count: u32) -> Self {
        self.param("$top", count.to_string())
    }

    /// Sets `$skip`, the number of items to skip.
    pub fn skip(self, count: u32) -> Self {
        self.param("$skip", count.to_string())
    }

    /// Sets `$count`, asking for `@odata.count` in the response.
    pub fn count(self, include: bool) -> Self {
        self.param("$count", include.to_string())
    }

    /// Sets any other option, such as `$search` or a custom parameter.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        let value = value.into();
        match self
            .params
            .iter_mut()
            .find(|(existing, _)| *existing == name)
        {
            Some(slot) => slot.1 = value,
            None => self.params.push((name, value)),
        }
        self
    }

    /// Returns whether no option is set.
    pub fn is_empty(&self) -> bool {
        self.params.is_empty()
    }

    /// Returns the value of an option, not encoded.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(existing, _)| existing == name)
            .map(|(_, value)| value.as_str())
    }

    /// Encodes the options as a query string without the leading `?`.
    pub fn encode(&self) -> String {
        let mut encoded = String::new();
        for (name, value) in &self.params {
            if !encoded.is_empty() {
                encoded.push('&');
            }
            encoded.extend(utf8_percent_encode(name, QUERY_VALUE));
            encoded.push('=');
            encoded.extend(utf8_percent_encode(value, QUERY_VALUE));
        }
        encoded
    }
}

fn join<I>(items: I) -> String
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let mut joined = String::new();
    for item in items {
        if !joined.is_empty() {
            joined.push(',');
        }
        joined.push_str(item.as_ref());
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(query: Query, expected: &str) {
        assert_eq!(query.encode(), expected);
    }

    #[test]
    fn query_empty() {
        check(Query::new(), "");
    }

    #[test]
    fn query_all_options() {
        let query = Query::new()
            .filter("createdDateTime ge 2024-01-01T00:00:00Z")
            .select(vec![String::from("id"), String::from("status")])
            .expand(["evidence"])
            .orderby(["createdDateTime desc", "id"])
            .top(10)
            .skip(20)
            .count(true);
        check(
            query,
            "$filter=createdDateTime%20ge%202024-01-01T00:00:00Z\
             &$select=id,status&$expand=evidence\
             &$orderby=createdDateTime%20desc,id&$top=10&$skip=20&$count=true",
        );
    }

    #[test]
    fn query_encodes_reserved_characters() {
        check(
            Query::new().filter("title eq 'a+b&c=d#e%f?g'"),
            "$filter=title%20eq%20'a%2Bb%26c%3Dd%23e%25f%3Fg'",
        );
        check(
            Query::new().filter("title eq 'é'"),
            "$filter=title%20eq%20'%C3%A9'",
        );
    }

    #[test]
    fn query_replaces_repeated_option() {
        let query = Query::new().top(1).filter("a").top(2);
        check(query.clone(), "$top=2&$filter=a");
        assert_eq!(query.get("$top"), Some("2"));
    }

    #[test]
    fn path_segment_encoding() {
        assert_eq!(
            encode_path_segment("da637551227677560813_-961444813"),
            "da637551227677560813_-961444813"
        );
        assert_eq!(encode_path_segment("a/b?c#d e%"), "a%2Fb%3Fc%23d%20e%25");
    }
}
