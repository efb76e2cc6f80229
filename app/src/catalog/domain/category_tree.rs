//! Where a category may go in the tree: under any other category or at the top, but never under
//! itself or one of its own sub-categories (that would cut a branch off the tree).

use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    #[error("A category cannot go inside itself or one of its own sub-categories.")]
    Cycle,
    #[error("There is no such category.")]
    Unknown,
}

/// Checks moving `id` under `new_parent` (None: the top level), given each category's parent.
pub fn check_move(
    parents: &HashMap<i32, Option<i32>>,
    id: i32,
    new_parent: Option<i32>,
) -> Result<(), TreeError> {
    if !parents.contains_key(&id) {
        return Err(TreeError::Unknown);
    }
    let mut current = new_parent;
    // Walk up from the new parent; meeting `id` means it would become its own ancestor. The
    // step limit guards against a tree that is already broken.
    for _ in 0..=parents.len() {
        match current {
            None => return Ok(()),
            Some(at) if at == id => return Err(TreeError::Cycle),
            Some(at) => current = *parents.get(&at).ok_or(TreeError::Unknown)?,
        }
    }
    Err(TreeError::Cycle)
}

/// The ids of one parent's children after moving `id` to place `index` among them.
pub fn reordered(siblings: &[i32], id: i32, index: usize) -> Vec<i32> {
    let mut order: Vec<i32> = siblings.iter().copied().filter(|s| *s != id).collect();
    order.insert(index.min(order.len()), id);
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1 Clothing > 2 Shirts > 3 Linen shirts; 4 Books.
    fn tree() -> HashMap<i32, Option<i32>> {
        [(1, None), (2, Some(1)), (3, Some(2)), (4, None)].into()
    }

    #[test]
    fn a_branch_cannot_move_into_itself() {
        assert_eq!(check_move(&tree(), 1, Some(3)), Err(TreeError::Cycle));
        assert_eq!(check_move(&tree(), 2, Some(2)), Err(TreeError::Cycle));
        assert_eq!(check_move(&tree(), 3, Some(4)), Ok(()));
        assert_eq!(check_move(&tree(), 2, None), Ok(()));
        assert_eq!(check_move(&tree(), 9, None), Err(TreeError::Unknown));
        assert_eq!(check_move(&tree(), 4, Some(9)), Err(TreeError::Unknown));
    }

    #[test]
    fn moving_within_siblings_keeps_the_others_in_order() {
        assert_eq!(reordered(&[10, 11, 12, 13], 13, 1), vec![10, 13, 11, 12]);
        assert_eq!(reordered(&[10, 11, 12], 10, 2), vec![11, 12, 10]);
        assert_eq!(
            reordered(&[10, 11], 99, 9),
            vec![10, 11, 99],
            "a newcomer from elsewhere"
        );
    }
}
