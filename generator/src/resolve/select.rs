//! Chooses which types to generate, and which fields must be boxed.
//!
//! With roots, the selection is their closure: base types upward, the declared types of
//! properties, and every type derived from a type that is used as a property type (so
//! `evidence: Collection(self.alertEvidence)` brings in all 48 evidence types). Navigation
//! targets join only when asked for. Without roots, every type is selected.

use std::collections::BTreeSet;

use super::Resolver;
use crate::diagnostics::Diagnostic;
use crate::ir::{Model, Target, TypeId, TypeKind};

/// The part of a model to generate.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Qualified names (namespace or alias form) of the types to generate with their
    /// closure; empty means every type.
    pub roots: Vec<String>,
    /// Whether navigation targets join the closure.
    pub include_navigation: bool,
    /// The namespace that becomes the `models` module itself; by default the namespace
    /// that prefixes all others, if any.
    pub root_namespace: Option<String>,
}

pub(super) fn select(resolver: &mut Resolver, selection: &Selection) {
    if !selection.roots.is_empty() {
        let mut roots = Vec::new();
        for root in &selection.roots {
            match resolver.lookup(root) {
                Some(id) => roots.push(id),
                None => {
                    let suggestions = resolver.closest_names(root, 3);
                    let mut diagnostic = Diagnostic::new(
                        Default::default(),
                        "",
                        format!("root type `{root}` is not declared in the metadata"),
                    );
                    if !suggestions.is_empty() {
                        diagnostic = diagnostic
                            .with_hint(format!("did you mean {}", suggestions.join(", ")));
                    }
                    resolver.diagnostics.push(diagnostic);
                }
            }
        }
        let chosen = closure(&resolver.model, &roots, selection.include_navigation);
        for (index, t) in resolver.model.types.iter_mut().enumerate() {
            let external = matches!(t.kind, TypeKind::External);
            t.selected = chosen.contains(&TypeId(index as u32)) && !external;
        }
    }
    mark_polymorphic(&mut resolver.model);
    mark_boxes(&mut resolver.model);
}

fn closure(model: &Model, roots: &[TypeId], include_navigation: bool) -> BTreeSet<TypeId> {
    let mut chosen = BTreeSet::new();
    let mut stack: Vec<TypeId> = roots.to_vec();
    while let Some(id) = stack.pop() {
        if !chosen.insert(id) {
            continue;
        }
        let Some(s) = model.structured(id) else {
            continue;
        };
        stack.extend(s.base);
        let mut targets: Vec<TypeId> = s
            .properties
            .iter()
            .filter_map(|p| match p.ty.target {
                Target::Named(t) => Some(t),
                Target::Primitive(_) => None,
            })
            .collect();
        if include_navigation {
            targets.extend(s.navigation.iter().filter_map(|n| match n.ty.target {
                Target::Named(t) => Some(t),
                Target::Primitive(_) => None,
            }));
        }
        for target in targets {
            stack.push(target);
            stack.extend(all_derived_unfiltered(model, target));
        }
    }
    chosen
}

fn all_derived_unfiltered(model: &Model, id: TypeId) -> Vec<TypeId> {
    let mut out = Vec::new();
    let mut stack = vec![id];
    while let Some(current) = stack.pop() {
        for &d in model
            .structured(current)
            .map(|s| s.derived.as_slice())
            .unwrap_or_default()
        {
            if !out.contains(&d) {
                out.push(d);
                stack.push(d);
            }
        }
    }
    out
}

/// Marks the types that have selected derived types and are used as a property type, a
/// navigation target or the type of an entity set or singleton. A value of such a type
/// decodes into an enum chosen by `@odata.type`, whose Rust name is filled in when names
/// are assigned. An entity set may contain derived entities, as TripPin's `People` may:
///
/// ```xml
/// <EntityType Name="Employee" BaseType="self.Person"> ... </EntityType>
/// <EntitySet Name="People" EntityType="self.Person" />
/// ```
fn mark_polymorphic(model: &mut Model) {
    let mut used: BTreeSet<TypeId> = model
        .container
        .iter()
        .flat_map(|c| c.entity_sets.iter().map(|e| e.entity_type))
        .collect();
    for t in model.types.iter().filter(|t| t.selected) {
        if let TypeKind::Structured(s) = &t.kind {
            for p in &s.properties {
                if let Target::Named(target) = p.ty.target {
                    used.insert(target);
                }
            }
            for n in &s.navigation {
                if let Target::Named(target) = n.ty.target {
                    used.insert(target);
                }
            }
        }
    }
    for id in used {
        if model.get(id).selected && !model.all_derived(id).is_empty() {
            if let TypeKind::Structured(s) = &mut model.types[id.0 as usize].kind {
                s.polymorphic_name = Some(String::new());
            }
        }
    }
}

/// Boxes each single-valued property whose type contains its owner by value, directly or
/// through other types, because such a struct would otherwise have infinite size:
///
/// ```xml
/// <ComplexType Name="node"><Property Name="next" Type="self.node"/></ComplexType>
/// ```
fn mark_boxes(model: &mut Model) {
    let count = model.types.len();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (index, t) in model.types.iter().enumerate() {
        if !t.selected || !matches!(t.kind, TypeKind::Structured(_)) {
            continue;
        }
        for (_, p) in model.all_properties(TypeId(index as u32)) {
            if let (Target::Named(target), false) = (p.ty.target, p.ty.collection) {
                edges[index].extend(
                    by_value_targets(model, target)
                        .into_iter()
                        .map(|t| t.0 as usize),
                );
            }
        }
    }
    let component = strongly_connected(&edges);

    let mut boxed: Vec<(usize, usize)> = Vec::new();
    for (index, t) in model.types.iter().enumerate() {
        let TypeKind::Structured(s) = &t.kind else {
            continue;
        };
        if !t.selected {
            continue;
        }
        let mut holders = vec![TypeId(index as u32)];
        holders.extend(model.all_derived(TypeId(index as u32)));
        for (pi, p) in s.properties.iter().enumerate() {
            let (Target::Named(target), false) = (p.ty.target, p.ty.collection) else {
                continue;
            };
            let cyclic = by_value_targets(model, target).iter().any(|v| {
                holders
                    .iter()
                    .any(|h| component[h.0 as usize] == component[v.0 as usize])
            });
            if cyclic {
                boxed.push((index, pi));
            }
        }
    }
    for (index, pi) in boxed {
        if let TypeKind::Structured(s) = &mut model.types[index].kind {
            s.properties[pi].boxed = true;
        }
    }
}

/// The structs a single-valued property of type `target` holds by value: the type itself
/// and, when it decodes polymorphically, every selected derived type.
fn by_value_targets(model: &Model, target: TypeId) -> Vec<TypeId> {
    if model.structured(target).is_none() {
        return Vec::new();
    }
    let mut out = vec![target];
    if model.is_polymorphic(target) {
        out.extend(model.all_derived(target));
    }
    out
}

/// Returns the strongly connected component of every node (Kosaraju, iterative so deep
/// type graphs cannot overflow the stack).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut order = Vec::with_capacity(n);
    let mut visited = vec![false; n];
    for start in 0..n {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.pop() {
            if let Some(&to) = edges[node].get(next) {
                stack.push((node, next + 1));
                if !visited[to] {
                    visited[to] = true;
                    stack.push((to, 0));
                }
            } else {
                order.push(node);
            }
        }
    }

    let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            reverse[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; n];
    let mut current = 0;
    for &start in order.iter().rev() {
        if component[start] != usize::MAX {
            continue;
        }
        let mut stack = vec![start];
        component[start] = current;
        while let Some(node) = stack.pop() {
            for &from in &reverse[node] {
                if component[from] == usize::MAX {
                    component[from] = current;
                    stack.push(from);
                }
            }
        }
        current += 1;
    }
    component
}
