//! Annotations and annotation expressions of CSDL JSON.
//!
//! An annotation is a member named `@Term` or `@Term#Qualifier`; `@Term@Other` annotates
//! that annotation. Constants are plain JSON values, and dynamic expressions are objects
//! with one `$` member that names them, such as `{"$Path": "Name"}`.

use super::parser::{Member, Node, Value};
use super::{describe, JsonReader, Members};
use crate::csdl::{Annotation, Expr, PropertyValue, Record};
use crate::read::{names, MAX_DEPTH};

/// Operators and how many operands each takes.
const OPERATORS: &[(&str, usize)] = &[
    ("$And", 2),
    ("$Or", 2),
    ("$Not", 1),
    ("$Eq", 2),
    ("$Ne", 2),
    ("$Gt", 2),
    ("$Ge", 2),
    ("$Lt", 2),
    ("$Le", 2),
    ("$Has", 2),
    ("$In", 2),
    ("$Add", 2),
    ("$Sub", 2),
    ("$Neg", 1),
    ("$Mul", 2),
    ("$Div", 2),
    ("$DivBy", 2),
    ("$Mod", 2),
];

/// Members that name a dynamic expression.
///
/// CSDL JSON writes annotation, model element, navigation property and property paths as
/// plain strings. The object forms such as `{"$PropertyPath": "Name"}` are accepted as
/// well and read as the explicit path kind.
const EXPRESSIONS: &[&str] = &[
    "$Path",
    "$AnnotationPath",
    "$ModelElementPath",
    "$NavigationPropertyPath",
    "$PropertyPath",
    "$Apply",
    "$Cast",
    "$IsOf",
    "$If",
    "$LabeledElement",
    "$LabeledElementReference",
    "$Null",
    "$UrlRef",
];

/// A term and qualifier in an annotation member name.
#[derive(Clone, PartialEq, Eq)]
struct TermRef {
    term: String,
    qualifier: Option<String>,
}

impl TermRef {
    fn segment(&self) -> String {
        match &self.qualifier {
            Some(qualifier) => format!("Annotation[{}#{qualifier}]", self.term),
            None => format!("Annotation[{}]", self.term),
        }
    }
}

type Entry<'v, 'a> = (Vec<TermRef>, &'v Member<'a>);

impl JsonReader<'_> {
    /// Reads annotation members named `@Term#Qualifier`, with their nested annotations.
    pub(super) fn annotations(&mut self, members: &[&Member<'_>]) -> Vec<Annotation> {
        self.annotations_with_prefix(members, "")
    }

    /// Reads annotation members named `prefix@Term#Qualifier`, such as `Red@Core.Description`
    /// for the enum member `Red`.
    pub(super) fn annotations_with_prefix(
        &mut self,
        members: &[&Member<'_>],
        prefix: &str,
    ) -> Vec<Annotation> {
        let mut entries = Vec::new();
        for member in members {
            let rest = member.name.strip_prefix(prefix).unwrap_or(&member.name);
            if let Some(chain) = self.term_chain(member, rest) {
                entries.push((chain, *member));
            }
        }
        self.build_annotations(&entries)
    }

    /// Splits `@A#q@B` into the terms it names, reporting malformed names.
    fn term_chain(&mut self, member: &Member<'_>, name: &str) -> Option<Vec<TermRef>> {
        let Some(rest) = name.strip_prefix('@') else {
            self.error(
                member.offset,
                format!("invalid annotation name `{}`", member.name),
                Some("annotation names start with `@`"),
            );
            return None;
        };
        let mut chain = Vec::new();
        for part in rest.split('@') {
            let (term, qualifier) = match part.split_once('#') {
                Some((term, qualifier)) => (term, Some(qualifier.to_owned())),
                None => (part, None),
            };
            let qualifier_ok = qualifier.as_deref().is_none_or(names::is_namespace);
            if !names::is_qualified_name(term) || !qualifier_ok {
                self.error(
                    member.offset,
                    format!("invalid annotation name `{}`", member.name),
                    Some("write `@Namespace.Term`, optionally followed by `#Qualifier`"),
                );
                return None;
            }
            chain.push(TermRef {
                term: term.to_owned(),
                qualifier,
            });
        }
        if chain.len() > MAX_DEPTH {
            self.error(
                member.offset,
                format!("annotations are nested more than {MAX_DEPTH} levels deep"),
                None,
            );
            return None;
        }
        Some(chain)
    }

    /// Builds annotations from their term chains: a chain of one term is an annotation, and
    /// a longer chain annotates the annotation named by its first term.
    fn build_annotations(&mut self, entries: &[Entry<'_, '_>]) -> Vec<Annotation> {
        let mut annotations = Vec::new();
        for (chain, member) in entries.iter().filter(|(chain, _)| chain.len() == 1) {
            let head = &chain[0];
            let nested: Vec<Entry<'_, '_>> = entries
                .iter()
                .filter(|(other, _)| other.len() > 1 && other[0] == *head)
                .map(|(other, m)| (other[1..].to_vec(), *m))
                .collect();
            let annotation = self.nested(head.segment(), |r| {
                let value = r.expression(&member.value, false);
                Annotation {
                    term: head.term.clone(),
                    qualifier: head.qualifier.clone(),
                    value,
                    annotations: r.build_annotations(&nested),
                    span: r.span(member.offset),
                }
            });
            annotations.push(annotation);
        }
        for (chain, member) in entries.iter().filter(|(chain, _)| chain.len() > 1) {
            if !entries
                .iter()
                .any(|(other, _)| other.len() == 1 && other[0] == chain[0])
            {
                let message = format!(
                    "annotation `{}` annotates `@{}`, which is not present",
                    member.name, chain[0].term
                );
                self.error(
                    member.offset,
                    message,
                    Some("add the annotated annotation, or remove this one"),
                );
            }
        }
        annotations
    }

    /// Reads an annotation expression. `in_collection` allows the two-operand form of `$If`.
    fn expression(&mut self, node: &Node<'_>, in_collection: bool) -> Option<Expr> {
        Some(match &node.value {
            Value::Null => Expr::Null,
            Value::Bool(value) => Expr::Bool(*value),
            Value::Number(text) if is_integer(text) => Expr::Int(text.to_string()),
            Value::Number(text) => Expr::Decimal(text.to_string()),
            Value::String(text) => Expr::String(text.to_string()),
            Value::Array(items) => {
                let items = items
                    .iter()
                    .filter_map(|item| self.expression(item, true))
                    .collect();
                Expr::Collection(items)
            }
            Value::Object(fields) => return self.object_expression(node, fields, in_collection),
        })
    }

    fn object_expression(
        &mut self,
        node: &Node<'_>,
        fields: &[Member<'_>],
        in_collection: bool,
    ) -> Option<Expr> {
        let members = Members::of(fields);
        let named: Vec<&Member<'_>> = members
            .keywords
            .iter()
            .copied()
            .filter(|m| {
                EXPRESSIONS.contains(&m.name.as_ref())
                    || OPERATORS.iter().any(|(op, _)| *op == m.name)
            })
            .collect();
        let Some(first) = named.first() else {
            return Some(self.record(&members));
        };
        if let Some(second) = named.get(1) {
            let message = format!("expression has both `{}` and `{}`", first.name, second.name);
            self.error(
                second.offset,
                message,
                Some("an expression object names exactly one expression"),
            );
            return None;
        }
        let keyword = first.name.as_ref();
        if let Some(&(_, arity)) = OPERATORS.iter().find(|(op, _)| *op == keyword) {
            self.check_keywords(&members, &[keyword], &format!("a `{keyword}` expression"));
            let operands = if arity == 1 {
                self.expression(&first.value, false).into_iter().collect()
            } else {
                self.operands(&first.value, keyword, Some(2))
            };
            let annotations = self.expression_annotations(&members, keyword);
            let name = keyword.trim_start_matches('$').to_owned();
            return Some(Expr::Operator {
                name,
                operands,
                annotations,
            });
        }
        self.dynamic_expression(node, &members, first, in_collection)
    }

    fn dynamic_expression(
        &mut self,
        node: &Node<'_>,
        members: &Members<'_, '_>,
        first: &Member<'_>,
        in_collection: bool,
    ) -> Option<Expr> {
        let keyword = first.name.as_ref();
        let what = format!("a `{keyword}` expression");
        let path = |r: &mut Self| r.string_of(&first.value, &format!("`{keyword}`"));
        Some(match keyword {
            "$Path"
            | "$AnnotationPath"
            | "$ModelElementPath"
            | "$NavigationPropertyPath"
            | "$PropertyPath" => {
                self.check_keywords(members, &[keyword], &what);
                self.no_annotations(members, &what);
                let text = path(self)?;
                match keyword {
                    "$Path" => Expr::Path(text),
                    "$AnnotationPath" => Expr::AnnotationPath(text),
                    "$ModelElementPath" => Expr::ModelElementPath(text),
                    "$NavigationPropertyPath" => Expr::NavigationPropertyPath(text),
                    _ => Expr::PropertyPath(text),
                }
            }
            "$LabeledElementReference" => {
                self.check_keywords(members, &[keyword], &what);
                self.no_annotations(members, &what);
                Expr::LabeledElementReference(path(self)?)
            }
            "$Apply" => {
                self.check_keywords(members, &["$Apply", "$Function"], &what);
                let function = match members.get("$Function") {
                    Some(_) => self
                        .qualified_name(members, "$Function")
                        .unwrap_or_default(),
                    None => {
                        self.error(
                            node.offset,
                            "missing member `$Function` in an `$Apply` expression".into(),
                            Some("name the client-side function, such as `odata.concat`"),
                        );
                        String::new()
                    }
                };
                let arguments = self.operands(&first.value, keyword, None);
                let annotations = self.expression_annotations(members, keyword);
                Expr::Apply {
                    function,
                    arguments,
                    annotations,
                }
            }
            "$Cast" | "$IsOf" => {
                let allowed = [
                    keyword,
                    "$Type",
                    "$Collection",
                    "$MaxLength",
                    "$Precision",
                    "$Scale",
                    "$SRID",
                    "$Unicode",
                ];
                self.check_keywords(members, &allowed, &what);
                if members.get("$Type").is_none() {
                    self.error(
                        node.offset,
                        format!("missing member `$Type` in {what}"),
                        None,
                    );
                }
                let type_ref = self.type_ref(members);
                let facets = self.written_facets(members);
                let value = Box::new(self.expression(&first.value, false).unwrap_or(Expr::Null));
                let annotations = self.expression_annotations(members, keyword);
                if keyword == "$Cast" {
                    Expr::Cast {
                        type_ref,
                        facets,
                        value,
                        annotations,
                    }
                } else {
                    Expr::IsOf {
                        type_ref,
                        facets,
                        value,
                        annotations,
                    }
                }
            }
            "$If" => {
                self.check_keywords(members, &["$If"], &what);
                let operands = self.operands(&first.value, keyword, None);
                let annotations = self.expression_annotations(members, keyword);
                return self.if_expression(first, operands, annotations, in_collection);
            }
            "$LabeledElement" => {
                self.check_keywords(members, &["$LabeledElement", "$Name"], &what);
                let name = self.required_string(members, "$Name", node.offset, &what);
                let value = Box::new(self.expression(&first.value, false).unwrap_or(Expr::Null));
                let annotations = self.expression_annotations(members, keyword);
                Expr::LabeledElement {
                    name,
                    value,
                    annotations,
                }
            }
            "$Null" => {
                self.check_keywords(members, &["$Null"], &what);
                if first.value.value != Value::Null {
                    self.error(
                        first.value.offset,
                        format!(
                            "`$Null` must be `null`, found {}",
                            describe(&first.value.value)
                        ),
                        None,
                    );
                }
                annotated(Expr::Null, self.expression_annotations(members, keyword))
            }
            _ => {
                self.check_keywords(members, &["$UrlRef"], &what);
                let url = self.expression(&first.value, false).unwrap_or(Expr::Null);
                annotated(
                    Expr::UrlRef(Box::new(url)),
                    self.expression_annotations(members, keyword),
                )
            }
        })
    }

    /// Reads the operand array of an expression, checking its length when fixed.
    fn operands(&mut self, node: &Node<'_>, keyword: &str, arity: Option<usize>) -> Vec<Expr> {
        let Some(items) = self.array(node, &format!("the operands of `{keyword}`")) else {
            return Vec::new();
        };
        if let Some(arity) = arity {
            if items.len() != arity {
                self.error(
                    node.offset,
                    format!("`{keyword}` takes {arity} operands, found {}", items.len()),
                    None,
                );
            }
        }
        items
            .iter()
            .filter_map(|item| self.expression(item, false))
            .collect()
    }

    /// Builds an `$If`, which has three operands, or two as an item of a collection.
    fn if_expression(
        &mut self,
        member: &Member<'_>,
        operands: Vec<Expr>,
        annotations: Vec<Annotation>,
        in_collection: bool,
    ) -> Option<Expr> {
        let count = operands.len();
        let mut operands = operands.into_iter();
        match (operands.next(), operands.next(), operands.next()) {
            (Some(condition), Some(then), otherwise) if count <= 3 => {
                if otherwise.is_none() && !in_collection {
                    self.error(
                        member.value.offset,
                        "`$If` takes 3 operands, found 2".into(),
                        Some("only an `$If` inside a collection may leave out the else branch"),
                    );
                }
                Some(Expr::If {
                    condition: Box::new(condition),
                    then: Box::new(then),
                    otherwise: otherwise.map(Box::new),
                    annotations,
                })
            }
            _ => {
                self.error(
                    member.value.offset,
                    format!("`$If` takes 3 operands, found {count}"),
                    None,
                );
                None
            }
        }
    }

    /// Reads the annotations of a dynamic expression object.
    fn expression_annotations(
        &mut self,
        members: &Members<'_, '_>,
        keyword: &str,
    ) -> Vec<Annotation> {
        self.no_prefixed_annotations(members, &format!("a `{keyword}` expression"));
        self.no_children(members, &format!("a `{keyword}` expression"));
        self.annotations(&members.annotations)
    }

    fn no_annotations(&mut self, members: &Members<'_, '_>, what: &str) {
        self.no_children(members, what);
        for member in members
            .annotations
            .iter()
            .chain(members.prefixed_annotations.iter().map(|(_, m)| m))
        {
            self.error(
                member.offset,
                format!("unexpected annotation `{}` in {what}", member.name),
                Some("this expression cannot be annotated"),
            );
        }
    }

    /// Reads a record: property values, `Property@Term` annotations of them, `@Term`
    /// annotations of the record, and its type from `@type` or `@odata.type`.
    fn record(&mut self, members: &Members<'_, '_>) -> Expr {
        self.check_keywords(members, &[], "a record");
        let mut record = Record::default();
        let mut annotations = Vec::new();
        for member in &members.annotations {
            if member.name == "@type" || member.name == "@odata.type" {
                if let Some(text) = self.string_of(&member.value, &format!("`{}`", member.name)) {
                    // `#org.example.Person` or `https://example.org/vocabulary#org.example.Person`.
                    let name = text
                        .rsplit_once('#')
                        .map_or(text.as_str(), |(_, name)| name);
                    record.type_name = Some(name.to_owned());
                }
            } else {
                annotations.push(*member);
            }
        }
        record.annotations = self.annotations(&annotations);
        for member in &members.children {
            let property = self.nested(format!("PropertyValue[{}]", member.name), |r| {
                let annotated: Vec<&Member<'_>> = members
                    .prefixed_annotations
                    .iter()
                    .filter(|(target, _)| *target == member.name)
                    .map(|(_, m)| *m)
                    .collect();
                PropertyValue {
                    property: member.name.to_string(),
                    value: r.expression(&member.value, false).unwrap_or(Expr::Null),
                    annotations: r.annotations_with_prefix(&annotated, &member.name),
                }
            });
            record.properties.push(property);
        }
        for (target, member) in &members.prefixed_annotations {
            if !members.children.iter().any(|c| c.name == *target) {
                let message = format!(
                    "annotation `{}` targets `{target}`, which is not a property of this record",
                    member.name
                );
                self.error(member.offset, message, None);
            }
        }
        Expr::Record(record)
    }
}

/// Wraps an expression that has no annotation field of its own when it is annotated.
fn annotated(expr: Expr, annotations: Vec<Annotation>) -> Expr {
    if annotations.is_empty() {
        expr
    } else {
        Expr::Annotated {
            value: Box::new(expr),
            annotations,
        }
    }
}

fn is_integer(number: &str) -> bool {
    !number.contains(['.', 'e', 'E'])
}
