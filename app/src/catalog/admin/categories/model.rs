use serde::{Deserialize, Serialize};

/// One category with its place in the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryNode {
    pub id: i32,
    pub parent_id: Option<i32>,
    pub slug: String,
    pub name: String,
    /// How deep it sits: 0 at the top.
    pub depth: usize,
    /// Products directly in it.
    pub products: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrandRow {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub products: u64,
}

/// The tree in reading order: each category followed by its sub-categories.
pub fn children_of(nodes: &[CategoryNode], parent: Option<i32>) -> Vec<&CategoryNode> {
    nodes.iter().filter(|n| n.parent_id == parent).collect()
}
