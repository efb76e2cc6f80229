//! Keeps the shape described in docs/architecture.md: one home per capability, and nothing
//! pointing outward. It reads every source file of this crate, sorts it into a capability and a
//! layer, and fails on an import the map does not allow:
//!
//! - a capability's rules (`domain`) use only the shared vocabulary and the rules of the
//!   capabilities below it;
//! - its services, wire types and server functions use only the shared plumbing and the
//!   capabilities below it, never a server function or a page (services also never call server
//!   functions: `domain ← service ← server functions ← pages`);
//! - plumbing (`backend`) knows capabilities only by their rules, except the state that wires
//!   them together (`backend/state.rs`);
//! - pages and components may compose any capability's components and server functions, and
//!   never touch the database.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The capabilities from the bottom up: each may use those before it, never those after it.
pub const CAPABILITIES: &[&str] = &[
    "audit",
    "payments",
    "inventory",
    "catalog",
    "search",
    "cart",
    "orders",
    "purchasing",
    "till",
    "account",
    "staff",
    "checkout",
    "seo",
    "back_office",
];

/// What every capability may use: the shared vocabulary, the one error, the plumbing, the
/// site's shared widgets, and its languages.
const SHARED: &[&str] = &[
    "domain",
    "error",
    "backend",
    "layout",
    "language",
    "test_inputs",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    /// Plain-Rust rules: a `domain` module or folder.
    Domain,
    /// Queries and writes (`ssr`), and wire types (`model.rs`).
    Service,
    /// Server functions.
    ServerFunctions,
    /// Pages and components.
    View,
}

struct SourceFile {
    /// Relative to `app/src`, with `/` separators.
    path: String,
    text: String,
}

impl SourceFile {
    /// The first folder (`orders/admin/actions.rs` → `orders`), or the file's own name.
    fn home(&self) -> &str {
        let first = self.path.split('/').next().unwrap_or_default();
        first.strip_suffix(".rs").unwrap_or(first)
    }

    fn layer(&self) -> Layer {
        let parts: Vec<&str> = self.path.split('/').collect();
        if parts.iter().any(|p| *p == "domain" || *p == "domain.rs") {
            Layer::Domain
        } else if self.text.contains("#[component]") {
            Layer::View
        } else if self.text.contains("#[server(") {
            Layer::ServerFunctions
        } else {
            Layer::Service
        }
    }

    /// Property tests and test inputs reach across capabilities on purpose.
    fn is_test_only(&self) -> bool {
        self.path.ends_with("properties.rs")
            || self.path == "test_inputs.rs"
            || self.path == "architecture.rs"
    }

    /// Every `crate::a::b::…` path named in the file, comments excluded.
    fn imports(&self) -> Vec<Vec<&str>> {
        let mut found = Vec::new();
        for line in self.text.lines() {
            let code = line.split("//").next().unwrap_or_default();
            let mut rest = code;
            while let Some(at) = rest.find("crate::") {
                let tail = &rest[at + "crate::".len()..];
                let path: Vec<&str> = tail
                    .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .next()
                    .unwrap_or_default()
                    .split("::")
                    .filter(|s| !s.is_empty())
                    .collect();
                if !path.is_empty() {
                    found.push(path);
                }
                rest = tail;
            }
        }
        found
    }
}

fn rank(capability: &str) -> Option<usize> {
    CAPABILITIES.iter().position(|c| *c == capability)
}

/// Why `file` may not import `path`, if it may not.
fn refusal(file: &SourceFile, path: &[&str]) -> Option<String> {
    let target = path[0];
    let home = file.home();
    if target == home || rank(target).is_none() && !SHARED.contains(&target) {
        // Its own modules, or a crate-level item (`crate::SHOP_NAME`).
        return None;
    }
    let into_rules = path.get(1) == Some(&"domain");
    let into_views_or_functions = path
        .iter()
        .any(|p| matches!(*p, "api" | "pages" | "components"));
    let below = match (rank(home), rank(target)) {
        (Some(from), Some(to)) => to < from,
        _ => false,
    };
    match (home, file.layer()) {
        // A page may read the request's CSRF token (`backend::auth`), nothing else of the server.
        (_, Layer::View) => (target == "backend" && path.get(1) != Some(&"auth"))
            .then(|| "a page touches the database".into()),
        ("error", _) => (!(target == "domain" || into_rules))
            .then(|| "the error knows only rules (to turn their errors into AppError)".into()),
        ("backend", _) if file.path == "backend/state.rs" => None,
        ("backend", _) => (rank(target).is_some() && !into_rules)
            .then(|| "plumbing knows a capability only by its rules".into()),
        ("domain", _) | (_, Layer::Domain) => {
            let allowed = target == "domain" || target == "test_inputs" || into_rules && below;
            (!allowed).then(|| "rules use only shared rules and those of capabilities below".into())
        }
        (_, layer) => {
            if rank(target).is_some() && !below {
                Some("a capability uses only capabilities below it".into())
            } else if into_views_or_functions && layer == Layer::Service {
                Some("a service never calls server functions or pages".into())
            } else if path.iter().any(|p| matches!(*p, "pages" | "components")) {
                Some("server functions never use pages".into())
            } else {
                None
            }
        }
    }
}

fn source_files(dir: &Path, root: &Path, into: &mut Vec<SourceFile>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the source folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            source_files(&path, root, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(root).expect("inside the source folder");
            into.push(SourceFile {
                path: relative.to_string_lossy().replace('\\', "/"),
                text: std::fs::read_to_string(&path).expect("a source file"),
            });
        }
    }
}

fn all_source_files() -> Vec<SourceFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&root, &root, &mut files);
    files
}

#[test]
fn no_module_imports_what_the_map_forbids() {
    let mut refusals = BTreeMap::new();
    for file in all_source_files().iter().filter(|f| !f.is_test_only()) {
        for path in file.imports() {
            if let Some(why) = refusal(file, &path) {
                refusals.insert(
                    format!("{} uses crate::{}", file.path, path.join("::")),
                    why,
                );
            }
        }
    }
    let report: Vec<String> = refusals
        .into_iter()
        .map(|(what, why)| format!("{what}: {why}"))
        .collect();
    assert!(report.is_empty(), "\n{}\n", report.join("\n"));
}

#[test]
fn every_top_level_module_is_a_capability_or_shared() {
    let files = all_source_files();
    let mut homes: Vec<&str> = files
        .iter()
        .map(|f| f.home())
        .filter(|h| !matches!(*h, "lib" | "architecture"))
        .collect();
    homes.sort();
    homes.dedup();
    for home in homes {
        assert!(
            rank(home).is_some() || SHARED.contains(&home),
            "{home} is neither in CAPABILITIES nor SHARED: add it to the map in \
             docs/architecture.md and here"
        );
    }
}

#[test]
fn the_check_refuses_what_it_should() {
    let file = |path: &str, text: &str| SourceFile {
        path: path.into(),
        text: text.into(),
    };
    let service = file("inventory/service.rs", "");
    assert!(
        refusal(&service, &["orders", "service"]).is_some(),
        "upward"
    );
    assert!(refusal(&service, &["audit"]).is_none(), "downward");
    assert!(
        refusal(&service, &["inventory", "api"]).is_none(),
        "its own"
    );
    let checkout = file("checkout/service.rs", "");
    assert!(
        refusal(&checkout, &["cart", "api", "x"]).is_some(),
        "a server function"
    );
    let rules = file("orders/domain/status.rs", "");
    assert!(refusal(&rules, &["backend", "entities"]).is_some());
    assert!(refusal(&rules, &["inventory", "domain"]).is_none());
    let page = file("cart/pages/cart.rs", "#[component]");
    assert!(refusal(&page, &["backend", "db"]).is_some());
    assert!(
        refusal(&page, &["checkout", "api"]).is_none(),
        "pages compose"
    );
    let plumbing = file("backend/seed/writer.rs", "");
    assert!(refusal(&plumbing, &["inventory", "domain", "X"]).is_none());
    assert!(refusal(&plumbing, &["inventory", "ledger"]).is_some());
}

/// Product code files over 400 lines (tests not counted) without a `//! Long:` line saying why,
/// and functions over 80 lines, that predate the rule: each is to be split. The test fails when
/// one is added, and when one of these is mended without being taken off the list.
const TOO_LONG_YET: &[&str] = &[];

const MAX_FILE_LINES: usize = 400;
const MAX_FUNCTION_LINES: usize = 80;

impl SourceFile {
    /// The file's lines before its unit tests.
    fn product_lines(&self) -> Vec<&str> {
        self.text
            .lines()
            .take_while(|line| !line.starts_with("#[cfg(test)]"))
            .collect()
    }

    /// `path::name` of every function longer than `MAX_FUNCTION_LINES`, from its `fn` line to
    /// the closing brace at the same indentation.
    fn long_functions(&self) -> Vec<String> {
        let lines = self.product_lines();
        let mut found = Vec::new();
        let mut at = 0;
        while at < lines.len() {
            if let Some((indent, name)) = function_start(lines[at]) {
                let closing = format!("{}}}", " ".repeat(indent));
                let end = (at + 1..lines.len())
                    .find(|&i| lines[i] == closing)
                    .unwrap_or(lines.len());
                if end + 1 - at > MAX_FUNCTION_LINES {
                    found.push(format!("{}::{name}", self.path));
                }
                at = end;
            }
            at += 1;
        }
        found
    }
}

/// The indentation and name of a line that starts a function (`pub async fn place(`).
fn function_start(line: &str) -> Option<(usize, &str)> {
    let code = line.trim_start();
    let indent = line.len() - code.len();
    let mut rest = code;
    for prefix in ["pub(crate) ", "pub(super) ", "pub ", "async ", "fn "] {
        if let Some(after) = rest.strip_prefix(prefix) {
            rest = after;
            if prefix == "fn " {
                let name = rest
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()?;
                return Some((indent, name));
            }
        }
    }
    None
}

#[test]
fn no_new_file_or_function_is_too_long_to_read() {
    let mut too_long = Vec::new();
    for file in all_source_files().iter().filter(|f| !f.is_test_only()) {
        let lines = file.product_lines();
        let reason = lines.iter().any(|line| line.starts_with("//! Long:"));
        if lines.len() > MAX_FILE_LINES && !reason {
            too_long.push(file.path.clone());
        }
        if !file.path.starts_with("backend/migration/") {
            too_long.extend(file.long_functions());
        }
    }
    let new: Vec<&String> = too_long
        .iter()
        .filter(|f| !TOO_LONG_YET.contains(&f.as_str()))
        .collect();
    assert!(
        new.is_empty(),
        "split these (at most {MAX_FILE_LINES} lines a file, {MAX_FUNCTION_LINES} a function), \
         or say at the file's top why it is long (`//! Long: …`): {new:?}"
    );
    let mended: Vec<&&str> = TOO_LONG_YET
        .iter()
        .filter(|f| !too_long.iter().any(|t| t == *f))
        .collect();
    assert!(
        mended.is_empty(),
        "no longer too long, take them off TOO_LONG_YET: {mended:?}"
    );
}
