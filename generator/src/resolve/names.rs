//! Assigns module paths and Rust names through [`crate::naming`], in declaration order.

use crate::ir::{Model, TypeId, TypeKind};
use crate::naming::{self, Scope};

/// Field names that every generated struct uses for itself.
pub const RESERVED_FIELDS: &[&str] = &["additional_properties", "absent_properties"];

pub(super) fn assign(model: &mut Model, root_namespace: Option<&str>) {
    assign_modules(model, root_namespace);

    let namespaces: Vec<String> = model.namespaces.keys().cloned().collect();
    for namespace in namespaces {
        let ids: Vec<TypeId> = model.types_in(&namespace).collect();
        let mut scope = Scope::default();
        for &id in &ids {
            let name = scope.claim(naming::type_name(&model.get(id).name));
            model.types[id.0 as usize].rust_name = name;
        }
        // Polymorphic enums come after every struct has its name, so a struct never gets
        // a suffix because of an enum.
        for &id in &ids {
            let wanted = format!("Any{}", model.get(id).rust_name);
            if let TypeKind::Structured(s) = &mut model.types[id.0 as usize].kind {
                if s.polymorphic_name.is_some() {
                    s.polymorphic_name = Some(scope.claim(wanted));
                }
            }
        }
        for &id in &ids {
            assign_members(model, id);
        }
    }
}

/// Maps each namespace to a module below `models`: the root namespace is `models` itself
/// and a namespace below it gets one module per remaining segment, so with the root
/// `microsoft.graph`, `microsoft.graph.security` becomes `models::security`. Namespaces
/// outside the root get one module per segment of their full name.
fn assign_modules(model: &mut Model, root_namespace: Option<&str>) {
    let names: Vec<String> = model.namespaces.keys().cloned().collect();
    let root = root_namespace.map(str::to_owned).or_else(|| {
        names
            .iter()
            .find(|candidate| {
                names
                    .iter()
                    .all(|n| n == *candidate || n.starts_with(&format!("{candidate}.")))
            })
            .cloned()
    });
    for (name, namespace) in model.namespaces.iter_mut() {
        let rest = match &root {
            Some(root) if name == root => "",
            Some(root) => name.strip_prefix(&format!("{root}.")).unwrap_or(name),
            None => name,
        };
        namespace.module_path = rest
            .split('.')
            .filter(|s| !s.is_empty())
            .map(naming::module_name)
            .collect();
    }
}

fn assign_members(model: &mut Model, id: TypeId) {
    match &model.get(id).kind {
        TypeKind::Structured(_) => {
            // Inherited properties are claimed first and in the same order as in the base
            // type, so a property keeps its Rust name in every derived struct.
            let mut scope = Scope::with_reserved(RESERVED_FIELDS);
            let chain = model.base_chain(id);
            let mut own_names = Vec::new();
            let mut nav_names = Vec::new();
            for owner in chain {
                let s = model
                    .structured(owner)
                    .expect("base chain holds structured types");
                for p in &s.properties {
                    let name = scope.claim(naming::field_name(&p.name));
                    if owner == id {
                        own_names.push(name);
                    }
                }
                for n in &s.navigation {
                    let name = scope.claim(naming::field_name(&n.name));
                    if owner == id {
                        nav_names.push(name);
                    }
                }
            }
            if let TypeKind::Structured(s) = &mut model.types[id.0 as usize].kind {
                for (p, name) in s.properties.iter_mut().zip(own_names) {
                    p.rust_name = name;
                }
                for (n, name) in s.navigation.iter_mut().zip(nav_names) {
                    n.rust_name = name;
                }
            }
        }
        TypeKind::Enum(_) => {
            if let TypeKind::Enum(e) = &mut model.types[id.0 as usize].kind {
                let mut scope = Scope::default();
                for m in &mut e.members {
                    m.rust_name = scope.claim(naming::variant_name(&m.name));
                }
                e.other_variant = scope.claim("Other".to_owned());
            }
        }
        TypeKind::Alias(_) | TypeKind::External => {}
    }
}
