//! The CSDL XML reader on small inline documents: every construct, every expression form
//! and each kind of error, with the rendered diagnostics.

use generator::csdl::{
    Annotation, Document, Expr, Facets, PropertyValue, Record, SchemaItem, Span, TypeRef,
};
use generator::read::{read_document, xml, MAX_DEPTH};

const EDMX_OPEN: &str =
    r#"<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.01">"#;

/// Wraps schema content in a document whose schema `ns` has the alias `self`. The content
/// starts on line 4, column 7.
fn in_schema(body: &str) -> String {
    format!(
        "{EDMX_OPEN}\n  <edmx:DataServices>\n    <Schema xmlns=\"http://docs.oasis-open.org/odata/ns/edm\" Namespace=\"ns\" Alias=\"self\">\n      {body}\n    </Schema>\n  </edmx:DataServices>\n</edmx:Edmx>\n"
    )
}

#[track_caller]
fn read_ok(text: &str) -> Document {
    match xml::read(0, text) {
        Ok(document) => document,
        Err(diagnostics) => panic!("{}", diagnostics.render(&["input.xml".into()])),
    }
}

#[track_caller]
fn check_err(text: &str, expected: &str) {
    match xml::read(0, text) {
        Ok(document) => panic!("accepted: {document:#?}"),
        Err(diagnostics) => assert_eq!(diagnostics.render(&["input.xml".into()]), expected),
    }
}

/// Returns the only item of the only schema.
#[track_caller]
fn only_item(text: &str) -> SchemaItem {
    let document = read_ok(text);
    assert_eq!(document.schemas.len(), 1);
    assert_eq!(
        document.schemas[0].items.len(),
        1,
        "{:#?}",
        document.schemas[0].items
    );
    document.schemas[0].items[0].clone()
}

/// Returns the value of the only annotation on the schema.
#[track_caller]
fn annotation_value(annotation_xml: &str) -> Expr {
    let document = read_ok(&in_schema(annotation_xml));
    let annotations = &document.schemas[0].annotations;
    assert_eq!(annotations.len(), 1);
    annotations[0]
        .value
        .clone()
        .expect("annotation has a value")
}

fn span(line: u32, column: u32) -> Span {
    Span {
        file: 0,
        line,
        column,
    }
}

fn string(text: &str) -> Expr {
    Expr::String(text.to_owned())
}

fn path(text: &str) -> Expr {
    Expr::Path(text.to_owned())
}

#[test]
fn document_references_and_includes() {
    let document = read_ok(&format!(
        r#"{EDMX_OPEN}
  <edmx:Reference Uri="https://example.org/Core.xml">
    <edmx:Include Namespace="Org.OData.Core.V1" Alias="Core">
      <Annotation xmlns="http://docs.oasis-open.org/odata/ns/edm" Term="Core.DefaultNamespace" />
    </edmx:Include>
    <edmx:IncludeAnnotations TermNamespace="org.example.hcm" Qualifier="Tablet" TargetNamespace="com.example.Person" />
    <Annotation xmlns="http://docs.oasis-open.org/odata/ns/edm" Term="Core.Description" String="core" />
  </edmx:Reference>
  <edmx:DataServices />
</edmx:Edmx>"#
    ));
    assert_eq!(document.version, "4.01");
    assert_eq!(document.span, span(1, 1));
    assert_eq!(document.references.len(), 1);
    let reference = &document.references[0];
    assert_eq!(reference.uri, "https://example.org/Core.xml");
    assert_eq!(reference.span, span(2, 3));
    assert_eq!(reference.includes[0].namespace, "Org.OData.Core.V1");
    assert_eq!(reference.includes[0].alias.as_deref(), Some("Core"));
    assert_eq!(
        reference.includes[0].annotations[0].term,
        "Core.DefaultNamespace"
    );
    assert_eq!(reference.includes[0].annotations[0].value, None);
    assert_eq!(reference.includes[0].span, span(3, 5));
    let include = &reference.include_annotations[0];
    assert_eq!(include.term_namespace, "org.example.hcm");
    assert_eq!(include.qualifier.as_deref(), Some("Tablet"));
    assert_eq!(
        include.target_namespace.as_deref(),
        Some("com.example.Person")
    );
    assert_eq!(reference.annotations[0].value, Some(string("core")));
    assert!(document.schemas.is_empty());
}

#[test]
fn schema_with_alias_and_annotations() {
    let document = read_ok(&in_schema(
        r#"<Annotation Term="Core.Description" String="schema" />"#,
    ));
    let schema = &document.schemas[0];
    assert_eq!(schema.namespace, "ns");
    assert_eq!(schema.alias.as_deref(), Some("self"));
    assert_eq!(schema.span, span(3, 5));
    assert_eq!(schema.annotations[0].span, span(4, 7));
}

#[test]
fn entity_type_with_key_and_properties() {
    let item = only_item(&in_schema(
        r#"<EntityType Name="Order" BaseType="self.Base" Abstract="true" OpenType="true" HasStream="true">
        <Key>
          <PropertyRef Name="ID" />
          <PropertyRef Name="Info/Code" Alias="Code" />
        </Key>
        <Property Name="ID" Type="Edm.Int32" Nullable="false" />
        <Property Name="Amount" Type="Edm.Decimal" Precision="18" Scale="variable" DefaultValue="0" />
        <Property Name="Tags" Type="Collection(Edm.String)" MaxLength="max" Unicode="false" />
        <Property Name="Where" Type="Edm.GeographyPoint" SRID="4326" />
        <Annotation Term="Core.Description" String="an order" />
      </EntityType>"#,
    ));
    let SchemaItem::EntityType(ty) = item else {
        panic!("not an entity type: {item:?}")
    };
    assert_eq!(ty.name, "Order");
    assert_eq!(ty.base_type.as_deref(), Some("self.Base"));
    assert!(ty.is_abstract);
    assert!(ty.open_type);
    assert!(ty.has_stream);
    assert_eq!(ty.span, span(4, 7));
    let key = ty.key.expect("key");
    assert_eq!(key.property_refs.len(), 2);
    assert_eq!(key.property_refs[1].name, "Info/Code");
    assert_eq!(key.property_refs[1].alias.as_deref(), Some("Code"));
    assert_eq!(key.property_refs[1].span, span(7, 11));
    assert_eq!(ty.properties.len(), 4);
    let id = &ty.properties[0];
    assert_eq!(
        id.type_ref,
        TypeRef {
            name: "Edm.Int32".into(),
            collection: false
        }
    );
    assert_eq!(
        id.facets,
        Facets {
            nullable: Some(false),
            ..Facets::default()
        }
    );
    assert_eq!(id.span, span(9, 9));
    let amount = &ty.properties[1];
    assert_eq!(amount.facets.precision, Some(18));
    assert_eq!(amount.facets.scale.as_deref(), Some("variable"));
    assert_eq!(amount.default_value.as_deref(), Some("0"));
    let tags = &ty.properties[2];
    assert_eq!(
        tags.type_ref,
        TypeRef {
            name: "Edm.String".into(),
            collection: true
        }
    );
    assert_eq!(tags.facets.max_length.as_deref(), Some("max"));
    assert_eq!(tags.facets.unicode, Some(false));
    assert_eq!(ty.properties[3].facets.srid.as_deref(), Some("4326"));
    assert_eq!(ty.annotations[0].value, Some(string("an order")));
}

#[test]
fn navigation_properties() {
    let item = only_item(&in_schema(
        r#"<ComplexType Name="Address" BaseType="self.Place" Abstract="true" OpenType="true">
        <Property Name="CountryName" Type="Edm.String" />
        <NavigationProperty Name="Country" Type="self.Country" Nullable="false" Partner="Addresses" ContainsTarget="true">
          <ReferentialConstraint Property="CountryName" ReferencedProperty="Name">
            <Annotation Term="Core.Description" String="by name" />
          </ReferentialConstraint>
          <OnDelete Action="Cascade">
            <Annotation Term="Core.Description" String="delete them" />
          </OnDelete>
          <Annotation Term="Core.Description" String="the country" />
        </NavigationProperty>
        <NavigationProperty Name="Any" Type="Collection(Edm.EntityType)" />
      </ComplexType>"#,
    ));
    let SchemaItem::ComplexType(ty) = item else {
        panic!("not a complex type: {item:?}")
    };
    assert_eq!(ty.base_type.as_deref(), Some("self.Place"));
    assert!(ty.is_abstract);
    assert!(ty.open_type);
    assert!(!ty.has_stream);
    assert!(ty.key.is_none());
    let nav = &ty.navigation_properties[0];
    assert_eq!(nav.name, "Country");
    assert_eq!(nav.type_ref.name, "self.Country");
    assert_eq!(nav.nullable, Some(false));
    assert_eq!(nav.partner.as_deref(), Some("Addresses"));
    assert!(nav.contains_target);
    assert_eq!(nav.referential_constraints[0].property, "CountryName");
    assert_eq!(nav.referential_constraints[0].referenced_property, "Name");
    assert_eq!(
        nav.referential_constraints[0].annotations[0].value,
        Some(string("by name"))
    );
    assert_eq!(nav.on_delete.as_deref(), Some("Cascade"));
    assert_eq!(
        nav.on_delete_annotations[0].value,
        Some(string("delete them"))
    );
    assert_eq!(nav.annotations[0].value, Some(string("the country")));
    assert_eq!(nav.span, span(6, 9));
    let any = &ty.navigation_properties[1];
    assert_eq!(
        any.type_ref,
        TypeRef {
            name: "Edm.EntityType".into(),
            collection: true
        }
    );
    assert_eq!(any.nullable, None);
}

#[test]
fn enum_type_and_members() {
    let item = only_item(&in_schema(
        r#"<EnumType Name="Pattern" UnderlyingType="Edm.Int64" IsFlags="true">
        <Member Name="Red" Value="1" />
        <Member Name="Blue" Value="2">
          <Annotation Term="Core.Description" String="blue" />
        </Member>
        <Annotation Term="Core.Description" String="colors" />
      </EnumType>"#,
    ));
    let SchemaItem::EnumType(ty) = item else {
        panic!("not an enum type: {item:?}")
    };
    assert_eq!(ty.underlying_type.as_deref(), Some("Edm.Int64"));
    assert!(ty.is_flags);
    assert_eq!(ty.members.len(), 2);
    assert_eq!(ty.members[0].value.as_deref(), Some("1"));
    assert_eq!(ty.members[1].annotations[0].value, Some(string("blue")));
    assert_eq!(ty.members[1].span, span(6, 9));
    assert_eq!(ty.annotations.len(), 1);

    let item = only_item(&in_schema(
        r#"<EnumType Name="Plain"><Member Name="A" /></EnumType>"#,
    ));
    let SchemaItem::EnumType(ty) = item else {
        panic!("not an enum type: {item:?}")
    };
    assert_eq!(ty.underlying_type, None);
    assert!(!ty.is_flags);
    assert_eq!(ty.members[0].value, None);
}

#[test]
fn type_definition() {
    let item = only_item(&in_schema(
        r#"<TypeDefinition Name="Money" UnderlyingType="Edm.Decimal" Precision="10" Scale="2">
        <Annotation Term="Core.Description" String="money" />
      </TypeDefinition>"#,
    ));
    let SchemaItem::TypeDefinition(def) = item else {
        panic!("not a type definition: {item:?}")
    };
    assert_eq!(def.underlying_type, "Edm.Decimal");
    assert_eq!(def.facets.precision, Some(10));
    assert_eq!(def.facets.scale.as_deref(), Some("2"));
    assert_eq!(def.annotations.len(), 1);
}

#[test]
fn actions_and_functions_with_overloads() {
    let document = read_ok(&in_schema(
        r#"<Action Name="Approve" IsBound="true" EntitySetPath="it/Items">
        <Parameter Name="it" Type="self.Order" Nullable="false" />
        <Parameter Name="Note" Type="Edm.String" MaxLength="100" Unicode="false">
          <Annotation Term="Core.Description" String="why" />
        </Parameter>
        <ReturnType Type="Collection(self.Item)" Nullable="false">
          <Annotation Term="Core.Description" String="items" />
        </ReturnType>
      </Action>
      <Action Name="Approve" />
      <Function Name="Top" IsComposable="true">
        <Parameter Name="Count" Type="Edm.Int32" />
        <ReturnType Type="Edm.Decimal" Precision="4" Scale="floating" />
        <Annotation Term="Core.Description" String="top" />
      </Function>"#,
    ));
    let items = &document.schemas[0].items;
    assert_eq!(items.len(), 3);
    let SchemaItem::Action(bound) = &items[0] else {
        panic!("not an action")
    };
    assert!(bound.is_bound);
    assert!(!bound.is_composable);
    assert_eq!(bound.entity_set_path.as_deref(), Some("it/Items"));
    assert_eq!(bound.parameters.len(), 2);
    assert_eq!(bound.parameters[0].facets.nullable, Some(false));
    assert_eq!(
        bound.parameters[1].facets.max_length.as_deref(),
        Some("100")
    );
    assert_eq!(bound.parameters[1].annotations.len(), 1);
    let returns = bound.return_type.as_ref().expect("return type");
    assert_eq!(
        returns.type_ref,
        TypeRef {
            name: "self.Item".into(),
            collection: true
        }
    );
    assert_eq!(returns.annotations.len(), 1);
    let SchemaItem::Action(unbound) = &items[1] else {
        panic!("not an action")
    };
    assert_eq!(unbound.name, "Approve");
    assert!(!unbound.is_bound);
    assert!(unbound.parameters.is_empty());
    assert!(unbound.return_type.is_none());
    let SchemaItem::Function(function) = &items[2] else {
        panic!("not a function")
    };
    assert!(function.is_composable);
    assert!(!function.is_bound);
    let returns = function.return_type.as_ref().expect("return type");
    assert_eq!(returns.facets.scale.as_deref(), Some("floating"));
    assert_eq!(function.annotations.len(), 1);
}

#[test]
fn entity_container_and_children() {
    let document = read_ok(&in_schema(
        r#"<EntityContainer Name="Service" Extends="other.Base">
        <EntitySet Name="Orders" EntityType="self.Order" IncludeInServiceDocument="false">
          <NavigationPropertyBinding Path="Items" Target="Items" />
          <Annotation Term="Core.Description" String="orders" />
        </EntitySet>
        <Singleton Name="Me" Type="self.User" Nullable="true">
          <NavigationPropertyBinding Path="Orders" Target="other.Service/Orders" />
        </Singleton>
        <ActionImport Name="Reset" Action="self.Reset" EntitySet="Orders" />
        <FunctionImport Name="Top" Function="self.Top" EntitySet="Orders" IncludeInServiceDocument="true">
          <Annotation Term="Core.Description" String="top" />
        </FunctionImport>
        <Annotation Term="Core.Description" String="service" />
      </EntityContainer>"#,
    ));
    assert_eq!(document.entity_container.as_deref(), Some("ns.Service"));
    let SchemaItem::EntityContainer(container) = &document.schemas[0].items[0] else {
        panic!("not a container")
    };
    assert_eq!(container.extends.as_deref(), Some("other.Base"));
    let set = &container.entity_sets[0];
    assert_eq!(set.entity_type, "self.Order");
    assert_eq!(set.include_in_service_document, Some(false));
    assert_eq!(set.navigation_property_bindings[0].path, "Items");
    assert_eq!(set.navigation_property_bindings[0].target, "Items");
    assert_eq!(set.navigation_property_bindings[0].span, span(6, 11));
    assert_eq!(set.annotations.len(), 1);
    let singleton = &container.singletons[0];
    assert_eq!(singleton.type_name, "self.User");
    assert_eq!(singleton.nullable, Some(true));
    assert_eq!(
        singleton.navigation_property_bindings[0].target,
        "other.Service/Orders"
    );
    let action = &container.action_imports[0];
    assert_eq!(action.operation, "self.Reset");
    assert_eq!(action.entity_set.as_deref(), Some("Orders"));
    assert_eq!(action.include_in_service_document, None);
    let function = &container.function_imports[0];
    assert_eq!(function.operation, "self.Top");
    assert_eq!(function.include_in_service_document, Some(true));
    assert_eq!(function.annotations.len(), 1);
    assert_eq!(container.annotations.len(), 1);
}

#[test]
fn term_definition() {
    let item = only_item(&in_schema(
        r#"<Term Name="IsURL" Type="Core.Tag" BaseTerm="Core.IsLink" DefaultValue="true" AppliesTo="Property Term" Nullable="false" MaxLength="10">
        <Annotation Term="Core.Description" String="a URL" />
      </Term>"#,
    ));
    let SchemaItem::Term(term) = item else {
        panic!("not a term: {item:?}")
    };
    assert_eq!(term.type_ref.name, "Core.Tag");
    assert_eq!(term.base_term.as_deref(), Some("Core.IsLink"));
    assert_eq!(term.default_value.as_deref(), Some("true"));
    assert_eq!(
        term.applies_to,
        vec!["Property".to_owned(), "Term".to_owned()]
    );
    assert_eq!(term.facets.nullable, Some(false));
    assert_eq!(term.facets.max_length.as_deref(), Some("10"));
    assert_eq!(term.annotations.len(), 1);
}

#[test]
fn annotations_block_with_qualifier() {
    let document = read_ok(&in_schema(
        r#"<Annotations Target="self.Fn(self.Order, Collection(Edm.String))/Param" Qualifier="Tablet">
        <Annotation Term="Core.Description" Qualifier="Short" String="a" />
        <Annotation Term="Core.LongDescription" String="b">
          <Annotation Term="Core.Description" String="about b" />
        </Annotation>
      </Annotations>"#,
    ));
    let block = &document.schemas[0].annotation_blocks[0];
    assert_eq!(
        block.target,
        "self.Fn(self.Order, Collection(Edm.String))/Param"
    );
    assert_eq!(block.qualifier.as_deref(), Some("Tablet"));
    assert_eq!(block.span, span(4, 7));
    assert_eq!(block.annotations[0].qualifier.as_deref(), Some("Short"));
    assert_eq!(
        block.annotations[1].annotations[0].value,
        Some(string("about b"))
    );
}

#[test]
fn constant_expressions_as_attributes() {
    let cases = [
        (r#"Binary="T0RhdGE""#, Expr::Binary("T0RhdGE".into())),
        (r#"Bool="false""#, Expr::Bool(false)),
        (r#"Date="2000-01-01""#, Expr::Date("2000-01-01".into())),
        (
            r#"DateTimeOffset="2000-01-01T16:00:00Z""#,
            Expr::DateTimeOffset("2000-01-01T16:00:00Z".into()),
        ),
        (r#"Decimal="3.14""#, Expr::Decimal("3.14".into())),
        (r#"Duration="P7D""#, Expr::Duration("P7D".into())),
        (
            r#"EnumMember="self.Pattern/Red self.Pattern/Blue""#,
            Expr::EnumMember("self.Pattern/Red self.Pattern/Blue".into()),
        ),
        (r#"Float="-INF""#, Expr::Float("-INF".into())),
        (
            r#"Guid="21EC2020-3AEA-1069-A2DD-08002B30309D""#,
            Expr::Guid("21EC2020-3AEA-1069-A2DD-08002B30309D".into()),
        ),
        (r#"Int="42""#, Expr::Int("42".into())),
        (r#"String="a &amp; b""#, string("a & b")),
        (
            r#"TimeOfDay="21:45:00""#,
            Expr::TimeOfDay("21:45:00".into()),
        ),
        (
            r#"AnnotationPath="Supplier/@UI.LineItem""#,
            Expr::AnnotationPath("Supplier/@UI.LineItem".into()),
        ),
        (
            r#"ModelElementPath="/self.someAction""#,
            Expr::ModelElementPath("/self.someAction".into()),
        ),
        (
            r#"NavigationPropertyPath="Supplier""#,
            Expr::NavigationPropertyPath("Supplier".into()),
        ),
        (
            r#"PropertyPath="ChangedAt""#,
            Expr::PropertyPath("ChangedAt".into()),
        ),
        (r#"Path="FirstName""#, path("FirstName")),
        (
            r#"UrlRef="http://host/wiki""#,
            Expr::UrlRef(Box::new(string("http://host/wiki"))),
        ),
    ];
    for (attribute, expected) in cases {
        let value = annotation_value(&format!(r#"<Annotation Term="self.T" {attribute} />"#));
        assert_eq!(value, expected, "{attribute}");
    }
}

#[test]
fn constant_expressions_as_elements() {
    let cases = [
        ("<Binary>T0RhdGE</Binary>", Expr::Binary("T0RhdGE".into())),
        ("<Bool>true</Bool>", Expr::Bool(true)),
        ("<Date>2000-01-01</Date>", Expr::Date("2000-01-01".into())),
        (
            "<DateTimeOffset>2000-01-01T16:00:00Z</DateTimeOffset>",
            Expr::DateTimeOffset("2000-01-01T16:00:00Z".into()),
        ),
        ("<Decimal> 3.14 </Decimal>", Expr::Decimal("3.14".into())),
        ("<Duration>P7D</Duration>", Expr::Duration("P7D".into())),
        (
            "<EnumMember>self.Pattern/Red</EnumMember>",
            Expr::EnumMember("self.Pattern/Red".into()),
        ),
        ("<Float>1.5e3</Float>", Expr::Float("1.5e3".into())),
        (
            "<Guid>21EC2020-3AEA-1069-A2DD-08002B30309D</Guid>",
            Expr::Guid("21EC2020-3AEA-1069-A2DD-08002B30309D".into()),
        ),
        ("<Int>-7</Int>", Expr::Int("-7".into())),
        (
            "<String> two words &lt;&#65;&gt;</String>",
            string(" two words <A>"),
        ),
        ("<String><![CDATA[<raw>]]></String>", string("<raw>")),
        (
            "<TimeOfDay>21:45:00</TimeOfDay>",
            Expr::TimeOfDay("21:45:00".into()),
        ),
        (
            "<AnnotationPath>@UI.LineItem</AnnotationPath>",
            Expr::AnnotationPath("@UI.LineItem".into()),
        ),
        (
            "<ModelElementPath>/self.C/Set</ModelElementPath>",
            Expr::ModelElementPath("/self.C/Set".into()),
        ),
        (
            "<NavigationPropertyPath>Supplier</NavigationPropertyPath>",
            Expr::NavigationPropertyPath("Supplier".into()),
        ),
        (
            "<PropertyPath>ChangedAt</PropertyPath>",
            Expr::PropertyPath("ChangedAt".into()),
        ),
        (
            "<Path>@vCard.Address#work/FullName</Path>",
            path("@vCard.Address#work/FullName"),
        ),
        (
            "<LabeledElementReference>self.Name</LabeledElementReference>",
            Expr::LabeledElementReference("self.Name".into()),
        ),
        ("<Null />", Expr::Null),
    ];
    for (element, expected) in cases {
        let value = annotation_value(&format!(
            r#"<Annotation Term="self.T">{element}</Annotation>"#
        ));
        assert_eq!(value, expected, "{element}");
    }
}

#[test]
fn operator_expressions() {
    for (name, arity) in [
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
    ] {
        let operands = "<Path>A</Path><Int>1</Int>";
        let operands = if arity == 1 {
            "<Path>A</Path>"
        } else {
            operands
        };
        let value = annotation_value(&format!(
            r#"<Annotation Term="self.T"><{name}>{operands}<Annotation Term="self.Note" String="n" /></{name}></Annotation>"#
        ));
        let Expr::Operator {
            name: found,
            operands,
            annotations,
        } = value
        else {
            panic!("{name} is not an operator")
        };
        assert_eq!(found, name);
        assert_eq!(operands.len(), arity, "{name}");
        assert_eq!(operands[0], path("A"));
        assert_eq!(annotations.len(), 1, "{name}");
    }
}

#[test]
fn apply_cast_is_of_and_if() {
    let value = annotation_value(
        r#"<Annotation Term="self.T">
        <Apply Function="odata.concat"><String>Product: </String><Path>Name</Path></Apply>
      </Annotation>"#,
    );
    assert_eq!(
        value,
        Expr::Apply {
            function: "odata.concat".into(),
            arguments: vec![string("Product: "), path("Name")],
            annotations: vec![],
        }
    );

    let value = annotation_value(
        r#"<Annotation Term="self.T"><Cast Type="Edm.Decimal" Precision="4" Scale="2"><Path>Average</Path></Cast></Annotation>"#,
    );
    let Expr::Cast {
        type_ref,
        facets,
        value,
        annotations,
    } = value
    else {
        panic!("not a cast")
    };
    assert_eq!(type_ref.name, "Edm.Decimal");
    assert_eq!(facets.precision, Some(4));
    assert_eq!(*value, path("Average"));
    assert!(annotations.is_empty());

    let value = annotation_value(
        r#"<Annotation Term="self.T"><IsOf Type="Collection(self.Customer)"><Path>Customer</Path></IsOf></Annotation>"#,
    );
    let Expr::IsOf { type_ref, .. } = value else {
        panic!("not is-of")
    };
    assert_eq!(
        type_ref,
        TypeRef {
            name: "self.Customer".into(),
            collection: true
        }
    );

    let value = annotation_value(
        r#"<Annotation Term="self.T"><If><Path>IsFemale</Path><String>Female</String><String>Male</String></If></Annotation>"#,
    );
    assert_eq!(
        value,
        Expr::If {
            condition: Box::new(path("IsFemale")),
            then: Box::new(string("Female")),
            otherwise: Some(Box::new(string("Male"))),
            annotations: vec![],
        }
    );

    // Inside a collection the else branch may be left out.
    let value = annotation_value(
        r#"<Annotation Term="self.T"><Collection><If><Path>A</Path><String>a</String></If></Collection></Annotation>"#,
    );
    let Expr::Collection(items) = value else {
        panic!("not a collection")
    };
    assert!(matches!(
        &items[0],
        Expr::If {
            otherwise: None,
            ..
        }
    ));
}

#[test]
fn record_collection_and_labeled_elements() {
    let value = annotation_value(
        r#"<Annotation Term="self.T">
        <Record Type="self.Employee">
          <PropertyValue Property="GivenName" Path="FirstName">
            <Annotation Term="Core.Description" String="on the member" />
          </PropertyValue>
          <PropertyValue Property="Tags">
            <Collection><String>a</String><String>b</String></Collection>
          </PropertyValue>
          <PropertyValue Property="Link">
            <UrlRef>
              <Apply Function="odata.fillUriTemplate">
                <String>http://host/{id}</String>
                <LabeledElement Name="id" Path="ID" />
              </Apply>
              <Annotation Term="Core.Description" String="on the url" />
            </UrlRef>
          </PropertyValue>
          <PropertyValue Property="Nothing">
            <Null><Annotation Term="self.Reason" String="private" /></Null>
          </PropertyValue>
          <Annotation Term="Core.Description" String="on the record" />
        </Record>
      </Annotation>"#,
    );
    let note = |text: &str| Annotation {
        term: "Core.Description".into(),
        value: Some(string(text)),
        ..Annotation::default()
    };
    let Expr::Record(record) = value else {
        panic!("not a record")
    };
    assert_eq!(record.type_name.as_deref(), Some("self.Employee"));
    assert_eq!(record.properties.len(), 4);
    assert_eq!(record.properties[0].value, path("FirstName"));
    assert_eq!(
        strip_spans(&record.properties[0].annotations),
        vec![note("on the member")]
    );
    assert_eq!(
        record.properties[1].value,
        Expr::Collection(vec![string("a"), string("b")])
    );
    let Expr::Annotated { value, annotations } = &record.properties[2].value else {
        panic!("url ref is not annotated")
    };
    let Expr::UrlRef(url) = value.as_ref() else {
        panic!("not a url ref")
    };
    let Expr::Apply { arguments, .. } = url.as_ref() else {
        panic!("not an apply")
    };
    assert_eq!(
        arguments[1],
        Expr::LabeledElement {
            name: "id".into(),
            value: Box::new(path("ID")),
            annotations: vec![]
        }
    );
    assert_eq!(strip_spans(annotations), vec![note("on the url")]);
    let Expr::Annotated { value, annotations } = &record.properties[3].value else {
        panic!("null is not annotated")
    };
    assert_eq!(**value, Expr::Null);
    assert_eq!(annotations[0].term, "self.Reason");
    assert_eq!(
        strip_spans(&record.annotations),
        vec![note("on the record")]
    );
    let _ = (
        Record::default(),
        PropertyValue {
            property: String::new(),
            value: Expr::Null,
            annotations: vec![],
        },
    );
}

fn strip_spans(annotations: &[Annotation]) -> Vec<Annotation> {
    annotations
        .iter()
        .map(|a| Annotation {
            span: Span::default(),
            annotations: strip_spans(&a.annotations),
            ..a.clone()
        })
        .collect()
}

#[test]
fn foreign_elements_and_attributes_are_skipped() {
    let document = read_ok(&in_schema(
        r#"<EntityType xmlns:x="urn:extension" Name="T" x:flag="1">
        <x:Documentation>anything <Property /></x:Documentation>
        <Property Name="p" Type="Edm.String" />
      </EntityType>"#,
    ));
    let SchemaItem::EntityType(ty) = &document.schemas[0].items[0] else {
        panic!("not an entity type")
    };
    assert_eq!(ty.properties.len(), 1);
}

#[test]
fn byte_order_mark_and_detection_by_content() {
    let text = format!("\u{feff}  \n{}", in_schema(""));
    let document = read_document(0, &text).expect("reads");
    assert_eq!(document.span, span(2, 1));
}

#[test]
fn rejects_dtd() {
    check_err(
        &format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE edmx [ <!ENTITY boom \"boom\"> ]>\n{EDMX_OPEN}<edmx:DataServices /></edmx:Edmx>"
        ),
        "input.xml:2:1: error: document type declarations (`<!DOCTYPE`) are not allowed
  hint: remove the DTD: CSDL does not use one, and entity declarations are never expanded
1 error
",
    );
}

#[test]
fn rejects_deep_nesting() {
    let text = format!("{EDMX_OPEN}{}", "<a>".repeat(10_000));
    let column = EDMX_OPEN.len() + 3 * MAX_DEPTH - 2;
    check_err(
        &text,
        &format!(
            "input.xml:1:{column}: error: elements are nested more than 256 levels deep
  hint: CSDL documents nest far less deeply; this input is malformed or hostile
1 error
"
        ),
    );
}

#[test]
fn rejects_malformed_xml() {
    check_err(
        &format!("{EDMX_OPEN}\n  <edmx:DataServices>\n  </edmx:Foo>\n</edmx:Edmx>"),
        "input.xml:3:3: error: malformed XML: expected `</edmx:DataServices>`, found `</edmx:Foo>`
  hint: close `edmx:DataServices` before `edmx:Foo`
1 error
",
    );
    check_err(
        &format!("{EDMX_OPEN}\n  <edmx:DataServices>\n"),
        "input.xml:2:3: error: element `edmx:DataServices` is not closed before the end of the input
  hint: add `</edmx:DataServices>`
1 error
",
    );
    check_err(
        &format!("{EDMX_OPEN}\n  <edmx:DataServices a=b />"),
        "input.xml:2:24: error: malformed XML: attribute value is not quoted
  hint: write attributes as `name=\"value\"`
1 error
",
    );
    check_err(
        "<edmx:Edmx",
        "input.xml:1:1: error: malformed XML: syntax error: tag not closed: `>` not found before end of input
1 error
",
    );
    check_err(
        "",
        "input.xml:1:1: error: the document has no root element
1 error
",
    );
}

#[test]
fn rejects_unknown_elements_and_attributes() {
    check_err(
        &in_schema(
            r#"<EntityType Name="T" Color="red">
        <Property Name="p" Type="Edm.String" Size="3" />
        <Field Name="f" />
      </EntityType>
      <edmx:Schema Namespace="x" />"#,
        ),
        "input.xml:4:28: error: unknown attribute `Color` on `EntityType`
  at ns/EntityType[T]
  hint: `EntityType` takes `Name`, `BaseType`, `Abstract`, `OpenType` or `HasStream`
input.xml:5:46: error: unknown attribute `Size` on `Property`
  at ns/EntityType[T]/Property[p]
  hint: `Property` takes `Name`, `Type`, `Nullable`, `DefaultValue`, `MaxLength`, `Precision`, `Scale`, `SRID` or `Unicode`
input.xml:6:9: error: unexpected element `Field` in `EntityType`
  at ns/EntityType[T]/Field[f]
  hint: `EntityType` contains `Key`, `Property`, `NavigationProperty` or `Annotation`
input.xml:8:7: error: element `edmx:Schema` is in the wrong CSDL namespace
  at ns/Schema[x]
  hint: `Schema` belongs to the namespace `http://docs.oasis-open.org/odata/ns/edm`
4 errors
",
    );
}

#[test]
fn rejects_missing_attributes() {
    check_err(
        &in_schema(
            r#"<EntityType Name="T">
        <Property Name="p" />
        <Property Type="Edm.String" />
      </EntityType>
      <Annotations><Annotation String="x" /></Annotations>"#,
        ),
        "input.xml:5:9: error: missing attribute `Type` on `Property`
  at ns/EntityType[T]/Property[p]
  hint: add `Type=\"...\"` to the `Property` element
input.xml:6:9: error: missing attribute `Name` on `Property`
  at ns/EntityType[T]/Property
  hint: add `Name=\"...\"` to the `Property` element
input.xml:8:7: error: missing attribute `Target` on `Annotations`
  at ns/Annotations
  hint: add `Target=\"...\"` to the `Annotations` element
input.xml:8:20: error: missing attribute `Term` on `Annotation`
  at ns/Annotations/Annotation[]
  hint: add `Term=\"...\"` to the `Annotation` element
4 errors
",
    );
}

#[test]
fn rejects_bad_values() {
    check_err(
        &in_schema(
            r#"<EntityType Name="T" Abstract="yes">
        <Property Name="p" Type="Edm.String" Nullable="False" MaxLength="big" Precision="-1" />
      </EntityType>
      <Annotation Term="self.T" Bool="1" />
      <Annotation Term="self.U"><Int>1.5</Int></Annotation>"#,
        ),
        "input.xml:4:28: error: invalid boolean `yes` for attribute `Abstract`
  at ns/EntityType[T]
  hint: use `true` or `false`
input.xml:5:46: error: invalid boolean `False` for attribute `Nullable`
  at ns/EntityType[T]/Property[p]
  hint: use `true` or `false`
input.xml:5:63: error: invalid value `big` for `MaxLength`
  at ns/EntityType[T]/Property[p]
  hint: use a non-negative integer or `max`
input.xml:5:79: error: invalid value `-1` for `Precision`
  at ns/EntityType[T]/Property[p]
  hint: use a non-negative integer
input.xml:7:33: error: invalid boolean `1` in `Bool`
  at ns/Annotation[self.T]
  hint: use `true` or `false`
input.xml:8:38: error: invalid integer `1.5` in `Int`
  at ns/Annotation[self.U]/Int
  hint: use an optional sign and digits
6 errors
",
    );
}

#[test]
fn rejects_duplicate_attributes_and_undefined_entities() {
    check_err(
        &in_schema(r#"<ComplexType Name="A" Name="B" /><Annotation Term="self.T" String="&nbsp;" />"#),
        "input.xml:4:29: error: duplicate attribute `Name` on `ComplexType`
  at ns/ComplexType[A]
  hint: remove one of the two attributes
input.xml:4:66: error: undefined entity or invalid character reference in `&nbsp;`
  at ns/Annotation[self.T]
  hint: only `&lt;`, `&gt;`, `&amp;`, `&apos;`, `&quot;` and character references such as `&#38;` are allowed, because no DTD can declare entities
2 errors
",
    );
}

#[test]
fn rejects_wrong_namespaces_and_versions() {
    check_err(
        r#"<edmx:Edmx xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" Version="1.0" />"#,
        "input.xml:1:1: error: root element `edmx:Edmx` is not `edmx:Edmx`
  hint: found namespace `http://schemas.microsoft.com/ado/2007/06/edmx`; CSDL 4.0 and 4.01 use `http://docs.oasis-open.org/odata/ns/edmx`
1 error
",
    );
    check_err(
        r#"<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="3.0">
  <edmx:DataServices><Schema Namespace="ns" /></edmx:DataServices>
</edmx:Edmx>"#,
        "input.xml:1:66: error: unsupported CSDL version `3.0`
  hint: this reader supports `4.0` and `4.01`
input.xml:2:22: error: element `Schema` is not in a CSDL namespace
  at Schema[ns]
  hint: `Schema` belongs to the namespace `http://docs.oasis-open.org/odata/ns/edm`
2 errors
",
    );
}

#[test]
fn rejects_stray_text() {
    check_err(
        &in_schema(r#"<EnumType Name="E">red<Member Name="A" /></EnumType>"#),
        "input.xml:4:26: error: unexpected text `red` in `EnumType`
  at ns/EnumType[E]
1 error
",
    );
}

#[test]
fn rejects_constructs_detectable_while_reading() {
    check_err(
        &in_schema(
            r#"<EntityType Name="T">
        <Key><PropertyRef Name="A" /></Key>
        <Key><PropertyRef Name="B" /></Key>
        <NavigationProperty Name="N" Type="Edm.String" />
      </EntityType>
      <Function Name="F" IsBound="true" />
      <Annotations Target="ns.F(ns.T,)"><Annotation Term="self.T" /></Annotations>
      <EntityContainer Name="A" />
      <EntityContainer Name="B" />"#,
        ),
        "input.xml:6:9: error: entity type `T` has more than one `Key`
  at ns/EntityType[T]/Key
  hint: merge the `PropertyRef` elements into one `Key`
input.xml:7:38: error: navigation property `N` has the non-entity type `Edm.String`
  at ns/EntityType[T]/NavigationProperty[N]
  hint: a navigation property's type is an entity type; use `Property` for primitive values
input.xml:9:7: error: bound operation `F` has no parameters
  at ns/Function[F]
  hint: the first parameter of a bound operation is its binding parameter
input.xml:9:7: error: function `F` has no `ReturnType`
  at ns/Function[F]
  hint: every function returns a value; declare it with `<ReturnType Type=\"...\" />`
input.xml:10:20: error: invalid annotation target `ns.F(ns.T,)`: empty parameter type in the overload's parameter type list
  at ns/Annotations[ns.F(ns.T,)]
  hint: a target is a qualified name, optionally followed by a parameter type list and `/`-separated segments
input.xml:12:7: error: second entity container `ns.B` in one document
  at ns/EntityContainer[B]
  hint: a metadata document defines at most one entity container
6 errors
",
    );
}

#[test]
fn rejects_bad_expressions() {
    check_err(
        &in_schema(
            r#"<Annotation Term="self.A" String="x" Path="y" />
      <Annotation Term="self.B"><And><Bool>true</Bool></And></Annotation>
      <Annotation Term="self.C"><If><Bool>true</Bool><Int>1</Int></If></Annotation>
      <Annotation Term="self.D"><Property Name="x" /></Annotation>"#,
        ),
        "input.xml:4:7: error: `Annotation` has more than one value expression attribute
  at ns/Annotation[self.A]
  hint: keep one of them
input.xml:5:33: error: `And` takes 2 operands, found 1
  at ns/Annotation[self.B]/And
input.xml:6:33: error: `If` takes 3 operands, found 2
  at ns/Annotation[self.C]/If
  hint: only an `If` inside a `Collection` may leave out the else branch
input.xml:7:33: error: unexpected element `Property` in `Annotation`
  at ns/Annotation[self.D]/Property[x]
  hint: expected an annotation expression such as `String`, `Path`, `Record` or `Collection`
4 errors
",
    );
}
