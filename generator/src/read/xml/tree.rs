//! First pass of the XML reader: quick-xml events into a small element tree.
//!
//! This pass owns everything about XML itself: well-formedness, namespaces, entity
//! references, the DTD ban and the nesting limit. The second pass then only deals with
//! CSDL elements and attributes. Names and most values borrow from the input text.

use std::borrow::Cow;

use quick_xml::errors::{Error as XmlError, IllFormedError};
use quick_xml::events::attributes::AttrError;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Decoder, Reader, XmlVersion};

use super::{EDMX_NS, EDM_NS};
use crate::read::position::offset_in;
use crate::read::MAX_DEPTH;

/// The namespace an element or attribute name belongs to, as far as CSDL cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ns {
    /// `http://docs.oasis-open.org/odata/ns/edmx`.
    Edmx,
    /// `http://docs.oasis-open.org/odata/ns/edm`.
    Edm,
    /// Any other namespace: skipped on elements and attributes alike.
    Foreign,
    /// No namespace: an unprefixed name outside any default namespace declaration, and
    /// every unprefixed attribute.
    None,
    /// A prefix that no `xmlns:` declaration in scope binds.
    UnknownPrefix,
}

pub(super) struct Attr<'a> {
    pub ns: Ns,
    pub local: &'a str,
    pub value: Cow<'a, str>,
    pub offset: usize,
}

pub(super) struct Node<'a> {
    pub ns: Ns,
    /// The namespace URI an element outside the CSDL namespaces was found in, for messages.
    pub ns_uri: Option<String>,
    pub local: &'a str,
    pub qname: &'a str,
    pub attrs: Vec<Attr<'a>>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Character data of the element with entity references resolved, if any of it is
    /// not whitespace, and the offset of its first character.
    pub text: Option<(String, usize)>,
    /// Offset of the `<` that opens the element.
    pub offset: usize,
}

impl<'a> Node<'a> {
    pub(super) fn attr(&self, name: &str) -> Option<&Attr<'a>> {
        self.attrs
            .iter()
            .find(|a| a.ns == Ns::None && a.local == name)
    }
}

/// A problem found while building the tree, positioned by byte offset.
pub(super) struct TreeError {
    pub offset: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The element the problem is in, for the schema path.
    pub node: Option<usize>,
    /// Whether reading stopped at this problem, so the tree is incomplete.
    pub fatal: bool,
}

pub(super) struct Tree<'a> {
    pub nodes: Vec<Node<'a>>,
    pub root: Option<usize>,
}

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Builds the element tree, collecting every error that does not stop the reader.
///
/// Malformed markup, a DTD and nesting deeper than [`MAX_DEPTH`] stop the build: after
/// those nothing that follows can be trusted. Undefined entity references, unknown prefixes
/// and stray text are recorded and reading goes on.
pub(super) fn build<'a>(text: &'a str) -> (Tree<'a>, Vec<TreeError>) {
    let reader = Reader::from_str(text);
    let mut builder = Builder {
        text,
        decoder: reader.decoder(),
        // Metadata documents average somewhere near 80 bytes per element.
        nodes: Vec::with_capacity(text.len() / 80),
        root: None,
        open: Vec::new(),
        bindings: Vec::new(),
        errors: Vec::new(),
    };
    builder.run(reader);
    (
        Tree {
            nodes: builder.nodes,
            root: builder.root,
        },
        builder.errors,
    )
}

struct Builder<'a> {
    text: &'a str,
    decoder: Decoder,
    nodes: Vec<Node<'a>>,
    root: Option<usize>,
    /// Open elements: node index and how many namespace bindings were in scope before it.
    open: Vec<(usize, usize)>,
    /// Namespace bindings in scope: prefix (empty for the default namespace) and URI.
    bindings: Vec<(&'a str, Cow<'a, str>)>,
    errors: Vec<TreeError>,
}

impl<'a> Builder<'a> {
    fn run(&mut self, mut reader: Reader<&'a [u8]>) {
        reader.config_mut().check_end_names = true;
        reader.config_mut().check_comments = false;
        loop {
            let before = to_usize(reader.buffer_position());
            match reader.read_event() {
                Ok(Event::Start(start)) => {
                    if !self.start_element(&start, before, false) {
                        return;
                    }
                }
                Ok(Event::Empty(start)) => {
                    if !self.start_element(&start, before, true) {
                        return;
                    }
                }
                Ok(Event::End(_)) => self.end_element(),
                // Layout whitespace between elements is most of the text in a document, so
                // skip it before decoding.
                Ok(Event::Text(t)) if t.iter().all(u8::is_ascii_whitespace) && !self.in_text() => {}
                Ok(Event::Text(t)) => match t.xml10_content() {
                    Ok(content) => self.text_data(&content, before),
                    Err(e) => self.error(
                        before,
                        format!("invalid character data: {e}"),
                        None::<String>,
                    ),
                },
                Ok(Event::CData(c)) => match c.decode() {
                    Ok(content) => self.cdata(&content, before),
                    Err(e) => self.error(
                        before,
                        format!("invalid CDATA section: {e}"),
                        None::<String>,
                    ),
                },
                Ok(Event::GeneralRef(r)) => self.reference(&r, before),
                Ok(Event::DocType(_)) => {
                    self.fatal(
                        before,
                        "document type declarations (`<!DOCTYPE`) are not allowed",
                        Some("remove the DTD: CSDL does not use one, and entity declarations are never expanded"),
                    );
                    return;
                }
                Ok(Event::Decl(_) | Event::PI(_) | Event::Comment(_)) => {}
                Ok(Event::Eof) => {
                    self.unclosed_at_end();
                    return;
                }
                Err(e) => {
                    let offset = to_usize(reader.error_position());
                    let (message, hint) = describe_xml_error(&e);
                    self.fatal(offset, message, hint);
                    return;
                }
            }
        }
    }

    /// Opens an element. Returns `false` when reading must stop.
    fn start_element(&mut self, start: &BytesStart<'_>, before: usize, empty: bool) -> bool {
        let raw_name = start.name().0;
        let offset = offset_in(self.text, raw_name).map_or(before, |o| o.saturating_sub(1));
        if self.open.len() >= MAX_DEPTH {
            // No schema path: it would list hundreds of elements.
            self.open.clear();
            self.fatal(
                offset,
                format!("elements are nested more than {MAX_DEPTH} levels deep"),
                Some("CSDL documents nest far less deeply; this input is malformed or hostile"),
            );
            return false;
        }
        if self.open.is_empty() && self.root.is_some() {
            self.fatal(offset, "unexpected second root element", None::<String>);
            return false;
        }

        let mut raw_attrs = Vec::new();
        let mut duplicates = Vec::new();
        for attr in start.attributes().with_checks(true) {
            match attr {
                Ok(attr) => raw_attrs.push(attr),
                Err(AttrError::Duplicated(at, _)) => {
                    duplicates.push((
                        attribute_name_at(start, at),
                        attr_offset(self.text, start, at, offset),
                    ));
                }
                Err(e) => {
                    let at = attr_offset(self.text, start, attr_error_position(&e), offset);
                    let (message, hint) = describe_attr_error(&e);
                    self.fatal(at, message, hint);
                    return false;
                }
            }
        }

        // Namespace declarations apply to the element that carries them, so bind them first.
        let bindings_before = self.bindings.len();
        let mut pending = Vec::new();
        for attr in &raw_attrs {
            let key = attr.key.0;
            let binding = if key == b"xmlns" {
                Some("")
            } else {
                key.strip_prefix(b"xmlns:").map(|p| self.str_of(p))
            };
            if let Some(prefix) = binding {
                let value = self.attr_value(attr, offset, &mut pending);
                self.bindings.push((prefix, value));
            }
        }

        let qname = self.str_of(raw_name);
        let (ns, ns_uri, local) = self.resolve(qname, true);
        if ns == Ns::UnknownPrefix {
            pending.push((
                offset,
                format!("undeclared namespace prefix in `{qname}`"),
                Some("declare the prefix with an `xmlns:` attribute".to_owned()),
            ));
        }
        for (name, at) in duplicates {
            pending.push((
                at,
                format!("duplicate attribute `{name}` on `{local}`"),
                Some("remove one of the two attributes".to_owned()),
            ));
        }

        let mut attrs = Vec::with_capacity(raw_attrs.len());
        for attr in &raw_attrs {
            let key = self.str_of(attr.key.0);
            if key == "xmlns" || key.starts_with("xmlns:") {
                continue;
            }
            let (attr_ns, _, attr_local) = self.resolve(key, false);
            let attr_at = offset_in(self.text, attr.key.0).unwrap_or(offset);
            if attr_ns == Ns::UnknownPrefix {
                pending.push((
                    attr_at,
                    format!("undeclared namespace prefix in attribute `{key}`"),
                    Some("declare the prefix with an `xmlns:` attribute".to_owned()),
                ));
            }
            let value = self.attr_value(attr, attr_at, &mut pending);
            attrs.push(Attr {
                ns: attr_ns,
                local: attr_local,
                value,
                offset: attr_at,
            });
        }

        let id = self.nodes.len();
        let parent = self.open.last().map(|&(parent, _)| parent);
        self.nodes.push(Node {
            ns,
            ns_uri,
            local,
            qname,
            attrs,
            parent,
            children: Vec::new(),
            text: None,
            offset,
        });
        match parent {
            Some(parent) => self.nodes[parent].children.push(id),
            None => self.root = Some(id),
        }
        for (at, message, hint) in pending {
            self.errors.push(TreeError {
                offset: at,
                message,
                hint,
                node: Some(id),
                fatal: false,
            });
        }
        if empty {
            self.bindings.truncate(bindings_before);
        } else {
            self.open.push((id, bindings_before));
        }
        true
    }

    fn end_element(&mut self) {
        if let Some((_, bindings_before)) = self.open.pop() {
            self.bindings.truncate(bindings_before);
        }
    }

    /// Returns whether the innermost open element has character data already, so that
    /// whitespace inside it counts.
    fn in_text(&self) -> bool {
        self.open
            .last()
            .is_some_and(|&(id, _)| self.nodes[id].text.is_some())
    }

    fn text_data(&mut self, content: &str, before: usize) {
        let Some(first) = content.find(|c: char| !is_xml_space(c)) else {
            // Whitespace between elements is layout, wherever it appears.
            if let Some(&(id, _)) = self.open.last() {
                if let Some((text, _)) = &mut self.nodes[id].text {
                    text.push_str(content);
                }
            }
            return;
        };
        self.append_text(content, before + first);
    }

    fn cdata(&mut self, content: &str, before: usize) {
        // A CDATA section opens with `<![CDATA[`, nine bytes before its content.
        self.append_text(content, before + 9);
    }

    fn append_text(&mut self, content: &str, offset: usize) {
        let Some(&(id, _)) = self.open.last() else {
            self.error(
                offset,
                "unexpected text outside the root element",
                None::<String>,
            );
            return;
        };
        match &mut self.nodes[id].text {
            Some((text, _)) => text.push_str(content),
            None => self.nodes[id].text = Some((content.to_owned(), offset)),
        }
    }

    fn reference(&mut self, reference: &BytesRef<'_>, before: usize) {
        let name = String::from_utf8_lossy(reference);
        // The event content is the name between `&` and `;`.
        let offset = offset_in(self.text, reference).map_or(before, |o| o.saturating_sub(1));
        let resolved = match reference.resolve_char_ref() {
            Ok(Some(c)) => Some(c.to_string()),
            Ok(None) => predefined_entity(&name).map(str::to_owned),
            Err(e) => {
                self.error(
                    offset,
                    format!("invalid character reference `&{name};`: {e}"),
                    None::<String>,
                );
                return;
            }
        };
        match resolved {
            Some(value) => self.append_text(&value, offset),
            None => self.error(
                offset,
                format!("undefined entity reference `&{name};`"),
                Some(PREDEFINED_ENTITIES_HINT),
            ),
        }
    }

    fn unclosed_at_end(&mut self) {
        if let Some(&(id, _)) = self.open.last() {
            let qname = self.nodes[id].qname;
            let offset = self.nodes[id].offset;
            self.fatal(
                offset,
                format!("element `{qname}` is not closed before the end of the input"),
                Some(format!("add `</{qname}>`")),
            );
        } else if self.root.is_none() {
            self.fatal(
                self.text.len(),
                "the document has no root element",
                None::<String>,
            );
        }
    }

    /// Resolves a qualified name to its namespace and local name.
    fn resolve(&self, qname: &'a str, is_element: bool) -> (Ns, Option<String>, &'a str) {
        let (prefix, local) = match qname.split_once(':') {
            Some((prefix, local)) => (prefix, local),
            None if is_element => ("", qname),
            // Unprefixed attributes are in no namespace, whatever the default namespace is.
            None => return (Ns::None, None, qname),
        };
        if prefix == "xml" {
            return (Ns::Foreign, Some(XML_NS.to_owned()), local);
        }
        let uri = self
            .bindings
            .iter()
            .rev()
            .find(|(p, _)| *p == prefix)
            .map(|(_, uri)| uri);
        match uri {
            Some(uri) if uri == EDMX_NS => (Ns::Edmx, None, local),
            Some(uri) if uri == EDM_NS => (Ns::Edm, None, local),
            // `xmlns=""` undeclares the default namespace.
            Some(uri) if uri.is_empty() => (Ns::None, None, local),
            Some(uri) => (Ns::Foreign, Some(uri.to_string()), local),
            None if prefix.is_empty() => (Ns::None, None, local),
            None => (Ns::UnknownPrefix, None, local),
        }
    }

    /// Returns an attribute value with entity references resolved and whitespace normalized.
    fn attr_value(
        &self,
        attr: &quick_xml::events::attributes::Attribute<'_>,
        offset: usize,
        pending: &mut Vec<(usize, String, Option<String>)>,
    ) -> Cow<'a, str> {
        let raw = &attr.value;
        let borrowed = offset_in(self.text, raw).and_then(|o| self.text.get(o..o + raw.len()));
        let needs_work = raw
            .iter()
            .any(|&b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'));
        if let (Some(value), false) = (borrowed, needs_work) {
            return Cow::Borrowed(value);
        }
        match attr.decoded_and_normalized_value(XmlVersion::Implicit1_0, self.decoder) {
            Ok(value) => Cow::Owned(value.into_owned()),
            Err(e) => {
                let raw_text = String::from_utf8_lossy(raw).into_owned();
                let message = match &e {
                    XmlError::Escape(_) => {
                        format!("undefined entity or invalid character reference in `{raw_text}`")
                    }
                    other => format!("invalid attribute value `{raw_text}`: {other}"),
                };
                pending.push((offset, message, Some(PREDEFINED_ENTITIES_HINT.to_owned())));
                Cow::Owned(raw_text)
            }
        }
    }

    /// Borrows a name from the input; names are always sub-slices of it for a string reader.
    fn str_of(&self, bytes: &[u8]) -> &'a str {
        offset_in(self.text, bytes)
            .and_then(|o| self.text.get(o..o + bytes.len()))
            .unwrap_or("?")
    }

    /// Records a problem inside the innermost open element; reading goes on.
    fn error(
        &mut self,
        offset: usize,
        message: impl Into<String>,
        hint: Option<impl Into<String>>,
    ) {
        self.push_error(offset, message.into(), hint.map(Into::into), false);
    }

    /// Records a problem after which reading stops.
    fn fatal(
        &mut self,
        offset: usize,
        message: impl Into<String>,
        hint: Option<impl Into<String>>,
    ) {
        self.push_error(offset, message.into(), hint.map(Into::into), true);
    }

    fn push_error(&mut self, offset: usize, message: String, hint: Option<String>, fatal: bool) {
        let node = self.open.last().map(|&(id, _)| id);
        self.errors.push(TreeError {
            offset,
            message,
            hint,
            node,
            fatal,
        });
    }
}

const PREDEFINED_ENTITIES_HINT: &str = "only `&lt;`, `&gt;`, `&amp;`, `&apos;`, `&quot;` and \
     character references such as `&#38;` are allowed, because no DTD can declare entities";

fn predefined_entity(name: &str) -> Option<&'static str> {
    match name {
        "lt" => Some("<"),
        "gt" => Some(">"),
        "amp" => Some("&"),
        "apos" => Some("'"),
        "quot" => Some("\""),
        _ => None,
    }
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn to_usize(position: u64) -> usize {
    usize::try_from(position).unwrap_or(usize::MAX)
}

fn attr_error_position(error: &AttrError) -> usize {
    match *error {
        AttrError::ExpectedEq(p)
        | AttrError::ExpectedValue(p)
        | AttrError::UnquotedValue(p)
        | AttrError::ExpectedQuote(p, _)
        | AttrError::Duplicated(p, _) => p,
    }
}

/// Converts a position reported by quick-xml's attribute parser to an input offset.
///
/// The position counts from the start of the tag content: the element name followed by
/// the raw attributes.
fn attr_offset(text: &str, start: &BytesStart<'_>, position: usize, element: usize) -> usize {
    offset_in(text, start).map_or(element, |content| content + position)
}

/// Returns the attribute name that starts at `position` in the tag content.
fn attribute_name_at(start: &BytesStart<'_>, position: usize) -> String {
    let rest = start.get(position..).unwrap_or_default();
    let end = rest
        .iter()
        .position(|&b| b == b'=' || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    String::from_utf8_lossy(&rest[..end]).into_owned()
}

fn describe_attr_error(error: &AttrError) -> (String, Option<&'static str>) {
    let message = match error {
        AttrError::ExpectedEq(_) => "malformed XML: expected `=` after the attribute name",
        AttrError::ExpectedValue(_) => "malformed XML: expected a value after `=`",
        AttrError::UnquotedValue(_) => "malformed XML: attribute value is not quoted",
        AttrError::ExpectedQuote(..) => "malformed XML: attribute value has no closing quote",
        AttrError::Duplicated(..) => "malformed XML: duplicate attribute",
    };
    (
        message.to_owned(),
        Some("write attributes as `name=\"value\"`"),
    )
}

fn describe_xml_error(error: &XmlError) -> (String, Option<String>) {
    match error {
        XmlError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => (
            format!("malformed XML: expected `</{expected}>`, found `</{found}>`"),
            Some(format!("close `{expected}` before `{found}`")),
        ),
        XmlError::IllFormed(IllFormedError::UnmatchedEndTag(tag)) => (
            format!("malformed XML: closing tag `</{tag}>` matches no open element"),
            None,
        ),
        other => (
            format!("malformed XML: {}", lowercase_first(&other.to_string())),
            None,
        ),
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        // Keep acronyms such as `XML` as they are.
        Some(c) if chars.clone().next().is_some_and(char::is_lowercase) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => text.to_owned(),
    }
}
