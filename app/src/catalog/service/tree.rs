//! The category tree, read whole and walked in memory.

use sea_orm::{DatabaseConnection, EntityTrait};

use crate::backend::entities::category;
use crate::error::AppError;

/// The whole category tree: a few dozen rows, read once per request and walked in memory.
pub struct CategoryTree {
    nodes: Vec<category::Model>,
}

impl CategoryTree {
    pub async fn load(db: &DatabaseConnection) -> Result<Self, AppError> {
        let mut nodes = category::Entity::find().all(db).await?;
        nodes.sort_by_key(|c| (c.position, c.id));
        Ok(CategoryTree { nodes })
    }

    pub fn all(&self) -> &[category::Model] {
        &self.nodes
    }

    pub(crate) fn by_slug(&self, slug: &str) -> Option<&category::Model> {
        self.nodes.iter().find(|c| c.slug == slug)
    }

    pub(crate) fn by_id(&self, id: i32) -> Option<&category::Model> {
        self.nodes.iter().find(|c| c.id == id)
    }

    pub(super) fn children_of(&self, parent: Option<i32>) -> Vec<&category::Model> {
        self.nodes
            .iter()
            .filter(|c| c.parent_id == parent)
            .collect()
    }

    /// The category and everything below it.
    pub(crate) fn subtree_ids(&self, root: i32) -> Vec<i32> {
        let mut ids = vec![root];
        let mut next = 0;
        while next < ids.len() {
            let parent = ids[next];
            ids.extend(
                self.nodes
                    .iter()
                    .filter(|c| c.parent_id == Some(parent))
                    .map(|c| c.id),
            );
            next += 1;
        }
        ids
    }

    /// From the top of the tree down to the parent; a broken tree (a cycle) stops the walk.
    pub(crate) fn ancestors(&self, node: &category::Model) -> Vec<&category::Model> {
        let mut chain = Vec::new();
        let mut parent = node.parent_id;
        while let Some(id) = parent {
            match self.by_id(id) {
                Some(p) if chain.len() < self.nodes.len() => {
                    chain.push(p);
                    parent = p.parent_id;
                }
                _ => break,
            }
        }
        chain.reverse();
        chain
    }
}
