//! Entry names as archives give them, checked before anything else is looked at.
//!
//! A name becomes a list of plain components (`a/b/c.yml`): empty and `.` components are dropped,
//! everything that could point elsewhere on a disk is refused rather than repaired, because an
//! archive that carries such names was not made by the projects we sync from.

/// A checked, `/`-separated path relative to the archive's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EntryPath {
    pub components: Vec<String>,
}

impl EntryPath {
    pub fn joined(&self) -> String {
        self.components.join("/")
    }
}

/// Checks an entry name. The error is the reason in plain English.
pub(crate) fn check(raw: &[u8]) -> Result<EntryPath, String> {
    let name = std::str::from_utf8(raw).map_err(|_| "its name is not valid UTF-8".to_owned())?;
    if name.contains('\0') {
        return Err("its name contains a NUL byte".into());
    }
    if name.contains('\\') {
        return Err("its name contains a backslash (a Windows path)".into());
    }
    if name.starts_with('/') {
        return Err("it has an absolute path".into());
    }
    if has_drive_letter(name) {
        return Err("its name starts with a drive letter".into());
    }
    let mut components = Vec::new();
    for part in name.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err("its path goes up out of the archive (`..`)".into()),
            _ => components.push(part.to_owned()),
        }
    }
    if components.is_empty() {
        return Err("its name is empty".into());
    }
    Ok(EntryPath { components })
}

fn has_drive_letter(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

/// Whether a link stored at `link` pointing to `target` stays inside the archive. Symbolic link
/// targets are relative to the link's folder; hard link targets to the archive's root.
pub(crate) fn link_stays_inside(link: &EntryPath, target: &[u8], symbolic: bool) -> bool {
    let Ok(target) = std::str::from_utf8(target) else { return false };
    if target.is_empty() || target.starts_with('/') || target.contains('\\') || has_drive_letter(target) {
        return false;
    }
    let mut depth: Vec<&str> = if symbolic {
        link.components[..link.components.len() - 1].iter().map(String::as_str).collect()
    } else {
        Vec::new()
    };
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if depth.pop().is_none() {
                    return false;
                }
            }
            p => depth.push(p),
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_become_components_and_odd_ones_are_refused() {
        assert_eq!(check(b"./a//b/c.yml").unwrap().joined(), "a/b/c.yml");
        assert_eq!(check(b"dir/").unwrap().joined(), "dir");
        for bad in
            [&b"../x"[..], b"a/../../x", b"a/..", b"/etc/passwd", b"C:/x", b"c:x", b"a\\..\\b", b"", b"a\0b"]
        {
            assert!(check(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
        assert!(check(&[b'a', 0xff]).is_err());
    }

    #[test]
    fn links_may_point_around_inside_but_not_out() {
        let link = check(b"top/a/link").unwrap();
        assert!(link_stays_inside(&link, b"../b/file", true));
        assert!(link_stays_inside(&link, b"../../top/x", true));
        assert!(!link_stays_inside(&link, b"../../../etc", true));
        assert!(!link_stays_inside(&link, b"/etc", true));
        assert!(link_stays_inside(&link, b"top/a/file", false));
        assert!(!link_stays_inside(&link, b"../file", false));
    }
}
