//! Built assets (WASM, JS, CSS) under a directory named by their content:
//! `/pkg/<hash>/…`, cached by browsers for a year without revalidating
//! (`immutable`). A new build has a new hash, so no one keeps an old file.
//! The unversioned `/pkg/…` stays for pages rendered before a deploy, and
//! is revalidated on each use.

use std::path::Path;

use sha2::{Digest, Sha256};

/// `pkg/<16 hex digits>`: the site's package directory as pages name it,
/// from the names and contents of every file under `site_root/pkg`.
pub fn versioned_pkg_dir(site_root: &Path) -> String {
    let mut hasher = Sha256::new();
    add_dir(&mut hasher, &site_root.join("pkg"), "");
    let digest = format!("{:x}", hasher.finalize());
    format!("pkg/{}", &digest[..16])
}

fn add_dir(hasher: &mut Sha256, dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        let path = entry.path();
        if path.is_dir() {
            add_dir(hasher, &path, &name);
        } else if let Ok(contents) = std::fs::read(&path) {
            hasher.update(name.as_bytes());
            hasher.update((contents.len() as u64).to_le_bytes());
            hasher.update(&contents);
        }
    }
}

/// Whether `path` is under a versioned package directory
/// (`/pkg/<16 hex digits>/…`).
pub fn is_versioned(path: &str) -> bool {
    path.strip_prefix("/pkg/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(hash, _)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_follows_the_content() {
        let dir = std::env::temp_dir().join(format!("qj-assets-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        std::fs::write(dir.join("pkg/app.js"), "one").unwrap();
        let first = versioned_pkg_dir(&dir);
        assert!(is_versioned(&format!("/{first}/app.js")), "{first}");
        assert_eq!(
            versioned_pkg_dir(&dir),
            first,
            "the same files, the same name"
        );
        std::fs::write(dir.join("pkg/app.js"), "two").unwrap();
        assert_ne!(versioned_pkg_dir(&dir), first, "new content, new name");
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(!is_versioned("/pkg/qingjia.css"));
        assert!(!is_versioned("/pkg/zzzzzzzzzzzzzzzz/a.js"));
    }
}
