//! Annotations and annotation expressions of CSDL XML.
//!
//! An expression is written either as an attribute (`<Annotation Term="T" String="x" />`)
//! or as a child element (`<Annotation Term="T"><String>x</String></Annotation>`). Both
//! forms give the same [`Expr`].

use super::XmlReader;
use crate::csdl::{Annotation, Annotations, Expr, PropertyValue, Record, TypeRef};
use crate::read::names;

/// Expressions that can be written as an attribute of `Annotation`, `PropertyValue` and
/// `LabeledElement`: every constant, every path and `UrlRef`.
const ATTRIBUTE_EXPRESSIONS: &[&str] = &[
    "Binary",
    "Bool",
    "Date",
    "DateTimeOffset",
    "Decimal",
    "Duration",
    "EnumMember",
    "Float",
    "Guid",
    "Int",
    "String",
    "TimeOfDay",
    "AnnotationPath",
    "ModelElementPath",
    "NavigationPropertyPath",
    "PropertyPath",
    "Path",
    "UrlRef",
];

/// Operators and how many operands each takes.
const OPERATORS: &[(&str, usize)] = &[
    ("And", 2),
    ("Or", 2),
    ("Not", 1),
    ("Eq", 2),
    ("Ne", 2),
    ("Gt", 2),
    ("Ge", 2),
    ("Lt", 2),
    ("Le", 2),
    ("Has", 2),
    ("In", 2),
    ("Add", 2),
    ("Sub", 2),
    ("Neg", 1),
    ("Mul", 2),
    ("Div", 2),
    ("DivBy", 2),
    ("Mod", 2),
];

/// Every element name of an annotation expression.
pub(super) const EXPRESSION_ELEMENTS: &[&str] = &[
    "Binary",
    "Bool",
    "Date",
    "DateTimeOffset",
    "Decimal",
    "Duration",
    "EnumMember",
    "Float",
    "Guid",
    "Int",
    "String",
    "TimeOfDay",
    "AnnotationPath",
    "ModelElementPath",
    "NavigationPropertyPath",
    "PropertyPath",
    "Path",
    "UrlRef",
    "And",
    "Or",
    "Not",
    "Eq",
    "Ne",
    "Gt",
    "Ge",
    "Lt",
    "Le",
    "Has",
    "In",
    "Add",
    "Sub",
    "Neg",
    "Mul",
    "Div",
    "DivBy",
    "Mod",
    "Apply",
    "Cast",
    "Collection",
    "If",
    "IsOf",
    "LabeledElement",
    "LabeledElementReference",
    "Null",
    "Record",
    "PropertyValue",
];

impl XmlReader<'_, '_> {
    /// Reads an `Annotation` element and appends it to `annotations`.
    pub(super) fn push_annotation(&mut self, id: usize, annotations: &mut Vec<Annotation>) {
        let mut allowed = vec!["Term", "Qualifier"];
        allowed.extend_from_slice(ATTRIBUTE_EXPRESSIONS);
        self.check_attributes(id, &allowed);
        let term = self.qualified_name(id, "Term", true).unwrap_or_default();
        let qualifier = self.optional(id, "Qualifier");
        // CSDL makes a qualifier a simple identifier, but the Microsoft Graph metadata uses
        // dotted ones such as `Org.OData.Capabilities.V1.ExpandRestrictions`, so the reader
        // accepts identifiers joined by dots.
        if let Some(qualifier) = &qualifier {
            if !names::is_namespace(qualifier) {
                let message = format!("invalid qualifier `{qualifier}`: not an identifier");
                self.attr_error(id, "Qualifier", message, None);
            }
        }
        let (value, nested) = self.value_and_annotations(id);
        annotations.push(Annotation {
            term,
            qualifier,
            value,
            annotations: nested,
            span: self.span(id),
        });
    }

    /// Reads the children of an element that may contain only `Annotation` elements.
    pub(super) fn annotations_only(&mut self, id: usize, annotations: &mut Vec<Annotation>) {
        for (child, name) in self.children(id) {
            match name {
                "Annotation" => self.push_annotation(child, annotations),
                _ => self.unexpected(child, id, &["Annotation"]),
            }
        }
    }

    pub(super) fn annotations_block(&mut self, id: usize) -> Option<Annotations> {
        self.check_attributes(id, &["Target", "Qualifier"]);
        let target = self.required(id, "Target");
        if !target.is_empty() {
            if let Err(reason) = names::check_target(&target) {
                self.attr_error(
                    id,
                    "Target",
                    format!("invalid annotation target `{target}`: {reason}"),
                    Some("a target is a qualified name, optionally followed by a parameter type list and `/`-separated segments".into()),
                );
            }
        }
        let mut block = Annotations {
            target,
            qualifier: self.optional(id, "Qualifier"),
            span: self.span(id),
            ..Default::default()
        };
        self.annotations_only(id, &mut block.annotations);
        if block.annotations.is_empty() {
            self.error_at(
                id,
                format!(
                    "`Annotations` for `{}` contains no `Annotation`",
                    block.target
                ),
            );
        }
        Some(block)
    }

    /// Reads the value of an element that takes one expression, as an attribute or as a child
    /// element, and its nested annotations. Used for `Annotation` and `PropertyValue`.
    fn value_and_annotations(&mut self, id: usize) -> (Option<Expr>, Vec<Annotation>) {
        let mut value = self.attribute_expression(id);
        let mut annotations = Vec::new();
        for (child, name) in self.children(id) {
            if name == "Annotation" {
                self.push_annotation(child, &mut annotations);
                continue;
            }
            let Some(expr) = self.expression(child, false) else {
                continue;
            };
            if value.is_some() {
                let element = self.node(id).local;
                self.error_hint(
                    child,
                    format!("`{element}` has more than one value expression"),
                    "give the value either as one attribute or as one child element".into(),
                );
            } else {
                value = Some(expr);
            }
        }
        (value, annotations)
    }

    /// Reads the expression written as an attribute, if any.
    fn attribute_expression(&mut self, id: usize) -> Option<Expr> {
        let node = self.node(id);
        let mut found: Option<Expr> = None;
        for attr in &node.attrs {
            if attr.ns != super::tree::Ns::None || !ATTRIBUTE_EXPRESSIONS.contains(&attr.local) {
                continue;
            }
            if found.is_some() {
                self.error_hint(
                    id,
                    format!(
                        "`{}` has more than one value expression attribute",
                        node.local
                    ),
                    "keep one of them".into(),
                );
                continue;
            }
            match constant(attr.local, &attr.value) {
                Ok(expr) => found = Some(expr),
                Err((message, hint)) => self.error(id, attr.offset, message, hint),
            }
        }
        found
    }

    /// Reads an expression element. Returns `None` after reporting an element that is not
    /// an expression. `in_collection` allows the two-operand form of `If`.
    fn expression(&mut self, id: usize, in_collection: bool) -> Option<Expr> {
        let node = self.node(id);
        let name = node.local;
        if ATTRIBUTE_EXPRESSIONS.contains(&name) && name != "UrlRef"
            || name == "LabeledElementReference"
        {
            return self.text_expression(id);
        }
        if let Some(&(_, arity)) = OPERATORS.iter().find(|(op, _)| *op == name) {
            self.check_attributes(id, &[]);
            let (operands, annotations) = self.operands(id, false);
            if operands.len() != arity {
                let expected = if arity == 1 {
                    "1 operand"
                } else {
                    "2 operands"
                };
                self.error_at(
                    id,
                    format!("`{name}` takes {expected}, found {}", operands.len()),
                );
            }
            return Some(Expr::Operator {
                name: name.to_owned(),
                operands,
                annotations,
            });
        }
        Some(match name {
            "Apply" => {
                self.check_attributes(id, &["Function"]);
                let function = self
                    .qualified_name(id, "Function", true)
                    .unwrap_or_default();
                let (arguments, annotations) = self.operands(id, false);
                Expr::Apply {
                    function,
                    arguments,
                    annotations,
                }
            }
            "Cast" | "IsOf" => self.cast_or_is_of(id, name == "Cast"),
            "Collection" => {
                self.check_attributes(id, &[]);
                let mut items = Vec::new();
                for (child, _) in self.children(id) {
                    if let Some(item) = self.expression(child, true) {
                        items.push(item);
                    }
                }
                Expr::Collection(items)
            }
            "If" => {
                self.check_attributes(id, &[]);
                let (operands, annotations) = self.operands(id, false);
                self.if_expression(id, operands, annotations, in_collection)?
            }
            "LabeledElement" => {
                let mut allowed = vec!["Name"];
                allowed.extend_from_slice(ATTRIBUTE_EXPRESSIONS);
                self.check_attributes(id, &allowed);
                let name = self.required_identifier(id, "Name");
                let (value, annotations) = self.value_and_annotations(id);
                let value = value.unwrap_or_else(|| {
                    self.error_at(id, format!("labeled element `{name}` has no value"));
                    Expr::Null
                });
                Expr::LabeledElement {
                    name,
                    value: Box::new(value),
                    annotations,
                }
            }
            "Null" => {
                self.check_attributes(id, &[]);
                let mut annotations = Vec::new();
                self.annotations_only(id, &mut annotations);
                annotated(Expr::Null, annotations)
            }
            "Record" => self.record(id),
            "UrlRef" => {
                self.check_attributes(id, &[]);
                let (mut operands, annotations) = self.operands(id, false);
                if operands.len() != 1 {
                    self.error_at(
                        id,
                        format!("`UrlRef` takes 1 operand, found {}", operands.len()),
                    );
                }
                let url = if operands.is_empty() {
                    Expr::Null
                } else {
                    operands.swap_remove(0)
                };
                annotated(Expr::UrlRef(Box::new(url)), annotations)
            }
            _ => {
                let parent = self.node(id).parent.unwrap_or(id);
                let message = format!(
                    "unexpected element `{}` in `{}`",
                    node.qname,
                    self.node(parent).local
                );
                let hint = "expected an annotation expression such as `String`, `Path`, `Record` or `Collection`";
                self.error_hint(id, message, hint.into());
                return None;
            }
        })
    }

    /// Reads a constant, path or labeled element reference written as element text.
    fn text_expression(&mut self, id: usize) -> Option<Expr> {
        self.check_attributes(id, &[]);
        let node = self.node(id);
        for &child in &node.children {
            if self.node(child).ns != super::tree::Ns::Foreign {
                self.unexpected(child, id, &[]);
            }
        }
        let text = node
            .text
            .as_ref()
            .map(|(text, _)| text.as_str())
            .unwrap_or_default();
        let offset = node
            .text
            .as_ref()
            .map_or(node.offset, |(_, offset)| *offset);
        if node.local == "LabeledElementReference" {
            return Some(Expr::LabeledElementReference(text.trim().to_owned()));
        }
        match constant(node.local, text) {
            Ok(expr) => Some(expr),
            Err((message, hint)) => {
                self.error(id, offset, message, hint);
                None
            }
        }
    }

    /// Reads the child expressions and annotations of a dynamic expression.
    fn operands(&mut self, id: usize, in_collection: bool) -> (Vec<Expr>, Vec<Annotation>) {
        let mut operands = Vec::new();
        let mut annotations = Vec::new();
        for (child, name) in self.children(id) {
            if name == "Annotation" {
                self.push_annotation(child, &mut annotations);
            } else if let Some(expr) = self.expression(child, in_collection) {
                operands.push(expr);
            }
        }
        (operands, annotations)
    }

    /// Builds an `If`, which has three operands, or two as an item of a `Collection`.
    ///
    /// ```xml
    /// <Collection><If><Path>IsFemale</Path><String>Female</String></If></Collection>
    /// ```
    fn if_expression(
        &mut self,
        id: usize,
        operands: Vec<Expr>,
        annotations: Vec<Annotation>,
        in_collection: bool,
    ) -> Option<Expr> {
        let count = operands.len();
        let mut operands = operands.into_iter();
        match (operands.next(), operands.next(), operands.next()) {
            (Some(condition), Some(then), otherwise) if count <= 3 => {
                if otherwise.is_none() && !in_collection {
                    self.error_hint(
                        id,
                        "`If` takes 3 operands, found 2".into(),
                        "only an `If` inside a `Collection` may leave out the else branch".into(),
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
                self.error_at(id, format!("`If` takes 3 operands, found {count}"));
                None
            }
        }
    }

    fn cast_or_is_of(&mut self, id: usize, cast: bool) -> Expr {
        self.check_attributes(
            id,
            &["Type", "MaxLength", "Precision", "Scale", "SRID", "Unicode"],
        );
        let name = if cast { "Cast" } else { "IsOf" };
        let type_text = self.required(id, "Type");
        let type_ref = match names::parse_type_ref(&type_text) {
            Ok(type_ref) => type_ref,
            Err(message) if !type_text.is_empty() => {
                self.attr_error(id, "Type", message, None);
                TypeRef {
                    name: type_text,
                    collection: false,
                }
            }
            Err(_) => TypeRef::default(),
        };
        let facets = self.facets(id);
        let (mut operands, annotations) = self.operands(id, false);
        if operands.len() != 1 {
            self.error_at(
                id,
                format!("`{name}` takes 1 operand, found {}", operands.len()),
            );
        }
        let value = Box::new(if operands.is_empty() {
            Expr::Null
        } else {
            operands.swap_remove(0)
        });
        if cast {
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

    fn record(&mut self, id: usize) -> Expr {
        self.check_attributes(id, &["Type"]);
        let mut record = Record {
            type_name: self.qualified_name(id, "Type", false),
            ..Default::default()
        };
        for (child, name) in self.children(id) {
            match name {
                "PropertyValue" => {
                    let mut allowed = vec!["Property"];
                    allowed.extend_from_slice(ATTRIBUTE_EXPRESSIONS);
                    self.check_attributes(child, &allowed);
                    let property = self.required(child, "Property");
                    let (value, annotations) = self.value_and_annotations(child);
                    let value = value.unwrap_or_else(|| {
                        self.error_hint(
                            child,
                            format!("property value `{property}` has no value"),
                            "add an expression attribute such as `String=\"...\"` or a child element".into(),
                        );
                        Expr::Null
                    });
                    record.properties.push(PropertyValue {
                        property,
                        value,
                        annotations,
                    });
                }
                "Annotation" => self.push_annotation(child, &mut record.annotations),
                _ => self.unexpected(child, id, &["PropertyValue", "Annotation"]),
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

type Problem = (String, Option<String>);

/// Builds a constant or path expression from its kind and text, checking the literal
/// forms that can be checked without knowing the term's type.
pub(crate) fn constant(kind: &str, text: &str) -> Result<Expr, Problem> {
    let trimmed = text.trim();
    let invalid = |what: &str, hint: &str| {
        Err((
            format!("invalid {what} `{trimmed}` in `{kind}`"),
            Some(hint.to_owned()),
        ))
    };
    Ok(match kind {
        "Bool" => match trimmed {
            "true" => Expr::Bool(true),
            "false" => Expr::Bool(false),
            _ => return invalid("boolean", "use `true` or `false`"),
        },
        "Int" if !is_integer(trimmed) => {
            return invalid("integer", "use an optional sign and digits")
        }
        "Int" => Expr::Int(trimmed.to_owned()),
        "Decimal" if !is_decimal(trimmed) && !is_special_float(trimmed) => {
            return invalid("decimal", "use digits with an optional sign and fraction")
        }
        "Decimal" => Expr::Decimal(trimmed.to_owned()),
        "Float" if !is_float(trimmed) => {
            return invalid(
                "floating-point number",
                "use a number such as `1.5e3`, or `INF`, `-INF` or `NaN`",
            )
        }
        "Float" => Expr::Float(trimmed.to_owned()),
        "Binary" => Expr::Binary(trimmed.to_owned()),
        "Date" => Expr::Date(trimmed.to_owned()),
        "DateTimeOffset" => Expr::DateTimeOffset(trimmed.to_owned()),
        "Duration" => Expr::Duration(trimmed.to_owned()),
        "EnumMember" => Expr::EnumMember(trimmed.to_owned()),
        "Guid" => Expr::Guid(trimmed.to_owned()),
        // String content is kept exactly, whitespace included.
        "String" => Expr::String(text.to_owned()),
        "TimeOfDay" => Expr::TimeOfDay(trimmed.to_owned()),
        "AnnotationPath" => Expr::AnnotationPath(trimmed.to_owned()),
        "ModelElementPath" => Expr::ModelElementPath(trimmed.to_owned()),
        "NavigationPropertyPath" => Expr::NavigationPropertyPath(trimmed.to_owned()),
        "PropertyPath" => Expr::PropertyPath(trimmed.to_owned()),
        "Path" => Expr::Path(trimmed.to_owned()),
        "UrlRef" => Expr::UrlRef(Box::new(Expr::String(trimmed.to_owned()))),
        _ => return Err((format!("unknown expression `{kind}`"), None)),
    })
}

fn is_integer(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn is_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !whole.is_empty() && digits(whole) && digits(fraction)
}

fn is_special_float(text: &str) -> bool {
    matches!(text, "INF" | "-INF" | "NaN")
}

fn is_float(text: &str) -> bool {
    if is_special_float(text) {
        return true;
    }
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (text, None),
    };
    is_decimal(mantissa) && exponent.is_none_or(is_integer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_check_their_literals() {
        assert_eq!(constant("Bool", "true"), Ok(Expr::Bool(true)));
        assert!(constant("Bool", "yes").is_err());
        assert_eq!(constant("Int", " -42 "), Ok(Expr::Int("-42".into())));
        assert!(constant("Int", "4.2").is_err());
        assert_eq!(
            constant("Float", "1.5e-3"),
            Ok(Expr::Float("1.5e-3".into()))
        );
        assert_eq!(constant("Float", "NaN"), Ok(Expr::Float("NaN".into())));
        assert!(constant("Decimal", "1e3").is_err());
        assert_eq!(constant("String", " a "), Ok(Expr::String(" a ".into())));
    }
}
