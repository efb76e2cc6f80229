//! "Did you mean": words the catalog does not know, corrected to close words it does.

/// Edits between two words, a swap of neighbours counting as one (optimal string alignment).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0_usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// "Did you mean": each word the catalog does not know is replaced by the most common known
/// word within one edit (two for words of eight letters or more). None when nothing changes.
pub fn correction<'a>(
    words: &[String],
    known: impl Fn(&str) -> bool,
    vocabulary: impl Iterator<Item = (&'a String, &'a u32)> + Clone,
) -> Option<String> {
    let mut changed = false;
    let corrected: Vec<String> = words
        .iter()
        .map(|word| {
            if known(word) || word.chars().count() < 3 {
                return word.clone();
            }
            let allowed = if word.chars().count() >= 8 { 2 } else { 1 };
            let best = vocabulary
                .clone()
                .filter(|(candidate, _)| candidate.len().abs_diff(word.len()) <= allowed)
                .map(|(candidate, n)| {
                    (
                        edit_distance(word, candidate),
                        std::cmp::Reverse(*n),
                        candidate,
                    )
                })
                .filter(|(distance, _, _)| *distance <= allowed)
                .min();
            match best {
                Some((_, _, candidate)) => {
                    changed = true;
                    candidate.clone()
                }
                None => word.clone(),
            }
        })
        .collect();
    changed.then(|| corrected.join(" "))
}
