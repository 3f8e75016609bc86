//! The CSDL JSON reader on small inline documents, and XML and JSON forms of one model
//! compared through the canonical dump.

use generator::csdl::{Document, Expr, SchemaItem, Span, TypeRef};
use generator::read::{dump, json, read_document, xml, MAX_DEPTH};

#[track_caller]
fn read_ok(text: &str) -> Document {
    match json::read(0, text) {
        Ok(document) => document,
        Err(diagnostics) => panic!("{}", diagnostics.render(&["input.json".into()])),
    }
}

#[track_caller]
fn check_err(text: &str, expected: &str) {
    match json::read(0, text) {
        Ok(document) => panic!("accepted: {document:#?}"),
        Err(diagnostics) => assert_eq!(diagnostics.render(&["input.json".into()]), expected),
    }
}

/// Wraps schema members in a document with the schema `ns`.
fn in_schema(members: &str) -> String {
    format!("{{\n  \"$Version\": \"4.01\",\n  \"ns\": {{\n    {members}\n  }}\n}}\n")
}

fn span(line: u32, column: u32) -> Span {
    Span {
        file: 0,
        line,
        column,
    }
}

#[test]
fn structured_types_and_defaults() {
    let document = read_ok(&in_schema(
        r#""T": {
      "$Kind": "EntityType", "$BaseType": "ns.Base", "$Abstract": true, "$OpenType": true, "$HasStream": true,
      "$Key": ["ID", {"Code": "Info/Code"}],
      "ID": {"$Type": "Edm.Int32"},
      "Name": {"$Nullable": true, "$MaxLength": 20, "$Unicode": false, "$DefaultValue": "none"},
      "Tags": {"$Collection": true},
      "Amount": {"$Type": "Edm.Decimal", "$Precision": 10},
      "Nav": {"$Kind": "NavigationProperty", "$Type": "ns.Other", "$Partner": "Back", "$ContainsTarget": true,
        "$ReferentialConstraint": {"Name": "OtherName", "Name@Core.Description": "by name"},
        "$OnDelete": "SetNull", "$OnDelete@Core.Description": "clear it",
        "@Core.Description": "the other"},
      "Many": {"$Kind": "NavigationProperty", "$Type": "ns.Other", "$Collection": true},
      "@Core.Description": "a type"
    }"#,
    ));
    assert_eq!(document.version, "4.01");
    let SchemaItem::EntityType(ty) = &document.schemas[0].items[0] else {
        panic!("not an entity type")
    };
    assert_eq!(ty.span, span(4, 5));
    assert_eq!(ty.base_type.as_deref(), Some("ns.Base"));
    assert!(ty.is_abstract);
    assert!(ty.open_type);
    assert!(ty.has_stream);
    let key = ty.key.as_ref().expect("key");
    assert_eq!(key.property_refs[0].name, "ID");
    assert_eq!(key.property_refs[1].name, "Info/Code");
    assert_eq!(key.property_refs[1].alias.as_deref(), Some("Code"));
    let id = &ty.properties[0];
    assert_eq!(id.type_ref.name, "Edm.Int32");
    assert_eq!(
        id.facets.nullable,
        Some(false),
        "absent `$Nullable` means false"
    );
    let name = &ty.properties[1];
    assert_eq!(
        name.type_ref,
        TypeRef {
            name: "Edm.String".into(),
            collection: false
        },
        "absent `$Type`"
    );
    assert_eq!(name.facets.nullable, Some(true));
    assert_eq!(name.facets.max_length.as_deref(), Some("20"));
    assert_eq!(name.facets.unicode, Some(false));
    assert_eq!(name.default_value.as_deref(), Some("none"));
    assert_eq!(
        ty.properties[2].type_ref,
        TypeRef {
            name: "Edm.String".into(),
            collection: true
        }
    );
    assert_eq!(ty.properties[2].facets.nullable, Some(false));
    let amount = &ty.properties[3];
    assert_eq!(amount.facets.precision, Some(10));
    assert_eq!(
        amount.facets.scale.as_deref(),
        Some("variable"),
        "absent `$Scale` on a decimal"
    );
    let nav = &ty.navigation_properties[0];
    assert_eq!(nav.nullable, Some(false));
    assert_eq!(nav.partner.as_deref(), Some("Back"));
    assert!(nav.contains_target);
    assert_eq!(nav.referential_constraints[0].property, "Name");
    assert_eq!(
        nav.referential_constraints[0].referenced_property,
        "OtherName"
    );
    assert_eq!(
        nav.referential_constraints[0].annotations[0].term,
        "Core.Description"
    );
    assert_eq!(nav.on_delete.as_deref(), Some("SetNull"));
    assert_eq!(
        nav.on_delete_annotations[0].value,
        Some(Expr::String("clear it".into()))
    );
    assert_eq!(nav.annotations.len(), 1);
    assert_eq!(
        ty.navigation_properties[1].nullable, None,
        "collection navigation"
    );
    assert_eq!(ty.annotations[0].value, Some(Expr::String("a type".into())));
}

#[test]
fn enums_definitions_operations_terms_and_containers() {
    let document = read_ok(
        r#"{
  "$Version": "4.0",
  "$EntityContainer": "ns.Service",
  "$Reference": {
    "https://example.org/Core.json": {
      "$Include": [{"$Namespace": "Org.OData.Core.V1", "$Alias": "Core", "@Core.DefaultNamespace": true}],
      "$IncludeAnnotations": [{"$TermNamespace": "org.example.hcm", "$Qualifier": "Tablet", "$TargetNamespace": "com.example"}],
      "@Core.Description": "core"
    }
  },
  "ns": {
    "$Alias": "self",
    "@Core.Description": "schema",
    "Color": {"$Kind": "EnumType", "$UnderlyingType": "Edm.Int16", "$IsFlags": true, "Red": 1, "Red@Core.Description": "red", "Blue": 2},
    "Money": {"$Kind": "TypeDefinition", "$UnderlyingType": "Edm.Decimal", "$Precision": 10, "$Scale": 2},
    "Approve": [
      {"$Kind": "Action", "$IsBound": true, "$EntitySetPath": "it",
        "$Parameter": [{"$Name": "it", "$Type": "self.Order"}, {"$Name": "Note", "$Nullable": true, "@Core.Description": "why"}],
        "$ReturnType": {"$Type": "self.Order", "$Collection": true}},
      {"$Kind": "Action"}
    ],
    "Top": [{"$Kind": "Function", "$IsComposable": true, "$ReturnType": {"$Type": "Edm.Decimal", "$Scale": "floating"}}],
    "IsURL": {"$Kind": "Term", "$Type": "Core.Tag", "$DefaultValue": true, "$AppliesTo": ["Property", "Term"], "$BaseTerm": "Core.IsLink"},
    "Service": {
      "$Kind": "EntityContainer", "$Extends": "other.Base",
      "Orders": {"$Collection": true, "$Type": "self.Order", "$IncludeInServiceDocument": false,
        "$NavigationPropertyBinding": {"Items": "Items"}, "@Core.Description": "orders"},
      "Me": {"$Type": "self.User", "$Nullable": true},
      "Reset": {"$Action": "self.Reset", "$EntitySet": "Orders"},
      "TopOrders": {"$Function": "self.Top", "$IncludeInServiceDocument": true}
    },
    "$Annotations": {
      "self.Order/Name": {"@Core.Description#Short": "n", "@Core.Description#Short@Core.Description": "about n"}
    }
  }
}"#,
    );
    assert_eq!(document.entity_container.as_deref(), Some("ns.Service"));
    let reference = &document.references[0];
    assert_eq!(reference.uri, "https://example.org/Core.json");
    assert_eq!(reference.includes[0].alias.as_deref(), Some("Core"));
    assert_eq!(
        reference.includes[0].annotations[0].value,
        Some(Expr::Bool(true))
    );
    assert_eq!(
        reference.include_annotations[0].qualifier.as_deref(),
        Some("Tablet")
    );
    assert_eq!(reference.annotations.len(), 1);
    let schema = &document.schemas[0];
    assert_eq!(schema.alias.as_deref(), Some("self"));
    assert_eq!(schema.annotations.len(), 1);
    let kinds: Vec<&str> = schema.items.iter().map(SchemaItem::kind).collect();
    assert_eq!(
        kinds,
        [
            "EnumType",
            "TypeDefinition",
            "Action",
            "Action",
            "Function",
            "Term",
            "EntityContainer"
        ]
    );

    let SchemaItem::EnumType(color) = &schema.items[0] else {
        panic!()
    };
    assert_eq!(color.underlying_type.as_deref(), Some("Edm.Int16"));
    assert!(color.is_flags);
    assert_eq!(color.members[0].value.as_deref(), Some("1"));
    assert_eq!(
        color.members[0].annotations[0].value,
        Some(Expr::String("red".into()))
    );
    let SchemaItem::TypeDefinition(money) = &schema.items[1] else {
        panic!()
    };
    assert_eq!(money.facets.scale.as_deref(), Some("2"));
    assert_eq!(money.facets.nullable, None);
    let SchemaItem::Action(approve) = &schema.items[2] else {
        panic!()
    };
    assert!(approve.is_bound);
    assert_eq!(approve.parameters[1].type_ref.name, "Edm.String");
    assert_eq!(approve.parameters[1].annotations.len(), 1);
    assert!(
        approve
            .return_type
            .as_ref()
            .expect("returns")
            .type_ref
            .collection
    );
    let SchemaItem::Function(top) = &schema.items[4] else {
        panic!()
    };
    assert!(top.is_composable);
    let SchemaItem::Term(term) = &schema.items[5] else {
        panic!()
    };
    assert_eq!(term.default_value.as_deref(), Some("true"));
    assert_eq!(term.applies_to, ["Property", "Term"]);
    let SchemaItem::EntityContainer(service) = &schema.items[6] else {
        panic!()
    };
    assert_eq!(service.extends.as_deref(), Some("other.Base"));
    assert_eq!(
        service.entity_sets[0].include_in_service_document,
        Some(false)
    );
    assert_eq!(
        service.entity_sets[0].navigation_property_bindings[0].target,
        "Items"
    );
    assert_eq!(service.singletons[0].nullable, Some(true));
    assert_eq!(service.action_imports[0].operation, "self.Reset");
    assert_eq!(
        service.function_imports[0].include_in_service_document,
        Some(true)
    );
    let block = &schema.annotation_blocks[0];
    assert_eq!(block.target, "self.Order/Name");
    assert_eq!(block.annotations[0].qualifier.as_deref(), Some("Short"));
    assert_eq!(
        block.annotations[0].annotations[0].value,
        Some(Expr::String("about n".into()))
    );
}

/// One model with every annotation expression, in XML and in JSON.
const EXPRESSIONS_XML: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.01">
  <edmx:Reference Uri="https://example.org/Core.xml">
    <edmx:Include Namespace="Org.OData.Core.V1" Alias="Core" />
  </edmx:Reference>
  <edmx:DataServices>
    <Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="org.example" Alias="self">
      <EnumType Name="Pattern" IsFlags="true">
        <Member Name="Red" Value="1" />
        <Member Name="Striped" Value="16" />
      </EnumType>
      <Annotations Target="org.example.Pattern" Qualifier="All">
        <Annotation Term="self.Binary" Binary="T0RhdGE" />
        <Annotation Term="self.Bool" Bool="true" />
        <Annotation Term="self.Date" Date="2000-01-01" />
        <Annotation Term="self.DateTimeOffset" DateTimeOffset="2000-01-01T16:00:00.000Z" />
        <Annotation Term="self.Decimal" Decimal="3.14" />
        <Annotation Term="self.Duration" Duration="P7D" />
        <Annotation Term="self.EnumMember" EnumMember="self.Pattern/Red self.Pattern/Striped" />
        <Annotation Term="self.Float"><Float>INF</Float></Annotation>
        <Annotation Term="self.Guid" Guid="21EC2020-3AEA-1069-A2DD-08002B30309D" />
        <Annotation Term="self.Int" Int="42" />
        <Annotation Term="self.String" String="Product Catalog" />
        <Annotation Term="self.TimeOfDay" TimeOfDay="21:45:00" />
        <Annotation Term="self.AnnotationPath" AnnotationPath="Product/Supplier/@UI.LineItem" />
        <Annotation Term="self.ModelElementPath" ModelElementPath="/org.example.someAction" />
        <Annotation Term="self.NavigationPropertyPath" NavigationPropertyPath="Supplier" />
        <Annotation Term="self.PropertyPath" PropertyPath="ChangedAt" />
        <Annotation Term="self.Path" Path="@vCard.Address#work/FullName" />
        <Annotation Term="self.Tag" />
        <Annotation Term="self.Logic">
          <And><Path>IsMale</Path><Not><Path>IsMarried</Path></Not></And>
        </Annotation>
        <Annotation Term="self.Compare">
          <Collection>
            <Eq><Null /><Path>IsMale</Path></Eq>
            <Ne><Null /><Path>IsMale</Path></Ne>
            <Gt><Path>Price</Path><Int>20</Int></Gt>
            <Ge><Path>Price</Path><Int>10</Int></Ge>
            <Lt><Path>Price</Path><Int>20</Int></Lt>
            <Le><Path>Price</Path><Int>100</Int></Le>
            <Has><Path>Fabric</Path><EnumMember>self.Pattern/Red</EnumMember></Has>
            <In><Path>Size</Path><Collection><String>XS</String><String>S</String></Collection></In>
            <Or><Bool>false</Bool><Bool>true</Bool></Or>
          </Collection>
        </Annotation>
        <Annotation Term="self.Arithmetic">
          <Collection>
            <Add><Path>StartDate</Path><Path>Duration</Path></Add>
            <Sub><Path>Revenue</Path><Path>Cost</Path></Sub>
            <Neg><Path>Height</Path></Neg>
            <Mul><Path>NetPrice</Path><Path>TaxRate</Path></Mul>
            <Div><Path>Quantity</Path><Path>QuantityPerParcel</Path></Div>
            <DivBy><Path>Quantity</Path><Path>QuantityPerParcel</Path></DivBy>
            <Mod><Path>Quantity</Path><Path>QuantityPerParcel</Path></Mod>
          </Collection>
        </Annotation>
        <Annotation Term="self.Apply">
          <Apply Function="odata.concat">
            <String>Product: </String>
            <Path>ProductName</Path>
            <Annotation Term="Core.Description" String="on apply" />
          </Apply>
        </Annotation>
        <Annotation Term="self.Cast">
          <Cast Type="Edm.Decimal" Precision="4"><Path>Average</Path></Cast>
        </Annotation>
        <Annotation Term="self.IsOf">
          <IsOf Type="Collection(self.PreferredCustomer)"><Path>Customer</Path></IsOf>
        </Annotation>
        <Annotation Term="self.If">
          <If><Path>IsFemale</Path><String>Female</String><String>Male</String></If>
        </Annotation>
        <Annotation Term="self.IfInCollection">
          <Collection><If><Path>IsFemale</Path><String>Female</String></If></Collection>
        </Annotation>
        <Annotation Term="self.Labeled">
          <LabeledElement Name="CustomerFirstName" Path="FirstName" />
        </Annotation>
        <Annotation Term="self.Reference">
          <LabeledElementReference>self.CustomerFirstName</LabeledElementReference>
        </Annotation>
        <Annotation Term="self.Null"><Null /></Annotation>
        <Annotation Term="self.AnnotatedNull">
          <Null><Annotation Term="self.Reason" String="Private" /></Null>
        </Annotation>
        <Annotation Term="self.Record">
          <Record Type="self.Manager">
            <PropertyValue Property="GivenName" Path="FirstName">
              <Annotation Term="Core.Description" String="on member" />
            </PropertyValue>
            <PropertyValue Property="CostCenter">
              <UrlRef>
                <Apply Function="odata.fillUriTemplate">
                  <String>http://host/anotherservice/CostCenters('{ccid}')</String>
                  <LabeledElement Name="ccid"><Path>CostCenterID</Path></LabeledElement>
                </Apply>
              </UrlRef>
            </PropertyValue>
            <Annotation Term="Core.Description" String="on record" />
          </Record>
        </Annotation>
        <Annotation Term="self.UrlRef" UrlRef="http://host/wiki/HowToUse" />
        <Annotation Term="self.Nested" String="outer">
          <Annotation Term="Core.Description" String="inner" />
        </Annotation>
      </Annotations>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"#;

const EXPRESSIONS_JSON: &str = r##"{
  "$Version": "4.01",
  "$Reference": {
    "https://example.org/Core.json": {"$Include": [{"$Namespace": "Org.OData.Core.V1", "$Alias": "Core"}]}
  },
  "org.example": {
    "$Alias": "self",
    "Pattern": {"$Kind": "EnumType", "$IsFlags": true, "Red": 1, "Striped": 16},
    "$Annotations": {
      "self.Pattern": {
        "@self.Binary#All": "T0RhdGE",
        "@self.Bool#All": true,
        "@self.Date#All": "2000-01-01",
        "@self.DateTimeOffset#All": "2000-01-01T16:00:00.000Z",
        "@self.Decimal#All": 3.14,
        "@self.Duration#All": "P7D",
        "@self.EnumMember#All": "Red,Striped",
        "@self.Float#All": "INF",
        "@self.Guid#All": "21EC2020-3AEA-1069-A2DD-08002B30309D",
        "@self.Int#All": 42,
        "@self.String#All": "Product Catalog",
        "@self.TimeOfDay#All": "21:45:00",
        "@self.AnnotationPath#All": "Product/Supplier/@UI.LineItem",
        "@self.ModelElementPath#All": "/self.someAction",
        "@self.NavigationPropertyPath#All": "Supplier",
        "@self.PropertyPath#All": {"$PropertyPath": "ChangedAt"},
        "@self.Path#All": {"$Path": "@vCard.Address#work/FullName"},
        "@self.Tag#All": true,
        "@self.Logic#All": {"$And": [{"$Path": "IsMale"}, {"$Not": {"$Path": "IsMarried"}}]},
        "@self.Compare#All": [
          {"$Eq": [null, {"$Path": "IsMale"}]},
          {"$Ne": [null, {"$Path": "IsMale"}]},
          {"$Gt": [{"$Path": "Price"}, 20]},
          {"$Ge": [{"$Path": "Price"}, 10]},
          {"$Lt": [{"$Path": "Price"}, 20]},
          {"$Le": [{"$Path": "Price"}, 100]},
          {"$Has": [{"$Path": "Fabric"}, "Red"]},
          {"$In": [{"$Path": "Size"}, ["XS", "S"]]},
          {"$Or": [false, true]}
        ],
        "@self.Arithmetic#All": [
          {"$Add": [{"$Path": "StartDate"}, {"$Path": "Duration"}]},
          {"$Sub": [{"$Path": "Revenue"}, {"$Path": "Cost"}]},
          {"$Neg": {"$Path": "Height"}},
          {"$Mul": [{"$Path": "NetPrice"}, {"$Path": "TaxRate"}]},
          {"$Div": [{"$Path": "Quantity"}, {"$Path": "QuantityPerParcel"}]},
          {"$DivBy": [{"$Path": "Quantity"}, {"$Path": "QuantityPerParcel"}]},
          {"$Mod": [{"$Path": "Quantity"}, {"$Path": "QuantityPerParcel"}]}
        ],
        "@self.Apply#All": {
          "$Apply": ["Product: ", {"$Path": "ProductName"}],
          "$Function": "odata.concat",
          "@Core.Description": "on apply"
        },
        "@self.Cast#All": {"$Cast": {"$Path": "Average"}, "$Type": "Edm.Decimal", "$Precision": 4},
        "@self.IsOf#All": {"$IsOf": {"$Path": "Customer"}, "$Type": "self.PreferredCustomer", "$Collection": true},
        "@self.If#All": {"$If": [{"$Path": "IsFemale"}, "Female", "Male"]},
        "@self.IfInCollection#All": [{"$If": [{"$Path": "IsFemale"}, "Female"]}],
        "@self.Labeled#All": {"$LabeledElement": {"$Path": "FirstName"}, "$Name": "CustomerFirstName"},
        "@self.Reference#All": {"$LabeledElementReference": "self.CustomerFirstName"},
        "@self.Null#All": null,
        "@self.AnnotatedNull#All": {"$Null": null, "@self.Reason": "Private"},
        "@self.Record#All": {
          "@type": "https://example.org/vocabs/person#self.Manager",
          "@Core.Description": "on record",
          "GivenName": {"$Path": "FirstName"},
          "GivenName@Core.Description": "on member",
          "CostCenter": {
            "$UrlRef": {
              "$Apply": [
                "http://host/anotherservice/CostCenters('{ccid}')",
                {"$LabeledElement": {"$Path": "CostCenterID"}, "$Name": "ccid"}
              ],
              "$Function": "odata.fillUriTemplate"
            }
          }
        },
        "@self.UrlRef#All": {"$UrlRef": "http://host/wiki/HowToUse"},
        "@self.Nested#All": "outer",
        "@self.Nested#All@Core.Description": "inner"
      }
    }
  }
}
"##;

#[test]
fn every_expression_dumps_equal_in_both_formats() {
    let from_xml = match xml::read(0, EXPRESSIONS_XML) {
        Ok(document) => dump(&document),
        Err(diagnostics) => panic!("{}", diagnostics.render(&["expressions.xml".into()])),
    };
    let from_json = dump(&read_ok(EXPRESSIONS_JSON));
    assert_eq!(from_xml, from_json);
    // Both readers found every annotation.
    assert_eq!(from_xml.matches("\n      @self.").count(), 33, "{from_xml}");
}

#[test]
fn detection_by_content_with_bom() {
    let text = format!("\u{feff}\n {}", in_schema(""));
    let document = read_document(0, &text).expect("reads");
    assert_eq!(document.span, span(2, 2));
}

#[test]
fn rejects_malformed_json() {
    check_err(
        "{\n  \"$Version\": \"4.01\",\n  \"ns\": {\"T\": {\"$Kind\": \"EntityType\",}}\n}",
        "input.json:3:38: error: invalid JSON: expected a member name in double quotes, found `}`
1 error
",
    );
    check_err(
        "{\"$Version\": \"4.0\" \"ns\": {}}",
        "input.json:1:20: error: invalid JSON: expected `,` or `}`, found `\"`
1 error
",
    );
}

#[test]
fn rejects_deep_nesting() {
    let text = format!(
        "{{\"$Version\": \"4.01\", \"ns\": {{\"@a.b\": {}}}}}",
        "[".repeat(10_000)
    );
    // The first `[` is at column 37 and two levels deep.
    let column = 37 + MAX_DEPTH - 2;
    check_err(
        &text,
        &format!(
            "input.json:1:{column}: error: invalid JSON: values are nested more than 256 levels deep
  hint: CSDL documents nest far less deeply; this input is malformed or hostile
1 error
"
        ),
    );
}

#[test]
fn rejects_unknown_missing_and_invalid_members() {
    check_err(
        &in_schema(
            r#""T": {"$Kind": "EntityType", "$Color": "red", "p": {"$Nullable": "yes"}, "n": {"$Kind": "NavigationProperty"}},
    "U": {"$Type": "Edm.String"},
    "E": {"$Kind": "Enum"},
    "F": [{"$Kind": "Function"}],
    "T": {"$Kind": "ComplexType"}"#,
        ),
        "input.json:4:34: error: unknown member `$Color` in an entity type
  at ns/EntityType[T]
  hint: an entity type takes `$Kind`, `$BaseType`, `$Abstract`, `$OpenType`, `$HasStream`, `$Key`
input.json:4:70: error: `$Nullable` must be `true` or `false`, found a string
  at ns/EntityType[T]/Property[p]
input.json:4:78: error: missing member `$Type` in a navigation property
  at ns/EntityType[T]/NavigationProperty[n]
  hint: add `\"$Type\": \"Namespace.EntityType\"`
input.json:5:5: error: missing member `$Kind` in schema member `U`
  at ns
  hint: add `\"$Kind\": \"EntityType\"` or the kind of this schema element
input.json:6:20: error: unknown `$Kind` `Enum`
  at ns/Enum[E]
  hint: schema members are `EntityType`, `ComplexType`, `EnumType`, `TypeDefinition`, `Term`, `EntityContainer`, or arrays of `Action` or `Function` overloads
input.json:7:11: error: function `F` has no `$ReturnType`
  at ns/Function[F]
  hint: every function returns a value; add `\"$ReturnType\": {...}`
input.json:8:5: error: duplicate member `T`
  hint: member names must be unique within a JSON object
7 errors
",
    );
}

#[test]
fn rejects_bad_annotations_and_expressions() {
    check_err(
        &in_schema(
            r#""$Annotations": {
      "ns.T(ns.A,)": {"@ns.A": 1},
      "ns.U": {"@ns.B@ns.C": 1, "@bad": 2, "@ns.D": {"$Path": "a", "$Apply": []}, "@ns.E": {"$If": [true, 1]}}
    }"#,
        ),
        "input.json:5:7: error: invalid annotation target `ns.T(ns.A,)`: empty parameter type in the overload's parameter type list
  at ns/Annotations[ns.T(ns.A,)]
  hint: a target is a qualified name, optionally followed by a parameter type list and `/`-separated segments
input.json:6:16: error: annotation `@ns.B@ns.C` annotates `@ns.B`, which is not present
  at ns/Annotations[ns.U]
  hint: add the annotated annotation, or remove this one
input.json:6:33: error: invalid annotation name `@bad`
  at ns/Annotations[ns.U]
  hint: write `@Namespace.Term`, optionally followed by `#Qualifier`
input.json:6:68: error: expression has both `$Path` and `$Apply`
  at ns/Annotations[ns.U]/Annotation[ns.D]
  hint: an expression object names exactly one expression
input.json:6:100: error: `$If` takes 3 operands, found 2
  at ns/Annotations[ns.U]/Annotation[ns.E]
  hint: only an `$If` inside a collection may leave out the else branch
5 errors
",
    );
}

#[test]
fn rejects_constructs_detectable_while_reading() {
    check_err(
        r#"{"$Version": "4.01", "$EntityContainer": "ns.Missing",
 "ns": {"T": {"$Kind": "EntityType", "$Key": [], "N": {"$Kind": "NavigationProperty", "$Type": "Edm.String"}},
        "A": {"$Kind": "EntityContainer"}, "B": {"$Kind": "EntityContainer"}}}"#,
        "input.json:1:42: error: `$EntityContainer` names `ns.Missing`, which this document does not define
  hint: use the namespace-qualified name of the entity container
input.json:2:46: error: empty `$Key`
  at ns/EntityType[T]
  hint: list the key properties
input.json:2:96: error: navigation property `N` has the non-entity type `Edm.String`
  at ns/EntityType[T]/NavigationProperty[N]
  hint: a navigation property's type is an entity type; leave out `$Kind` for primitive values
input.json:3:44: error: second entity container `ns.B` in one document
  at ns/EntityContainer
  hint: a metadata document defines at most one entity container
4 errors
",
    );
}

/// Every prefix of a valid document is read without a panic, whatever it reports.
#[test]
fn truncated_inputs_never_panic() {
    for text in [EXPRESSIONS_XML, EXPRESSIONS_JSON] {
        for (end, _) in text.char_indices() {
            let result = std::panic::catch_unwind(|| read_document(0, &text[..end]));
            assert!(
                result.is_ok(),
                "panicked on the first {end} bytes of:\n{}",
                &text[..end]
            );
        }
    }
}
