//! Each hostile input is built here, in memory, and must be refused naming its entry; each
//! well-formed one must come back with upstream paths.

use std::io::Write;

use super::*;

fn all(_: &str) -> bool {
    true
}

fn yaml_only(p: &str) -> bool {
    p.ends_with(".yaml")
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        ::zip::write::SimpleFileOptions::default().compression_method(::zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A tar header whose name (and link target) are written as raw bytes, bypassing the checks
/// `tar::Builder` makes, as an attacker's tool would.
fn raw_header(name: &[u8], kind: ::tar::EntryType, size: u64, link: &[u8]) -> ::tar::Header {
    let mut h = ::tar::Header::new_ustar();
    h.as_old_mut().name[..name.len()].copy_from_slice(name);
    h.as_old_mut().linkname[..link.len()].copy_from_slice(link);
    h.set_entry_type(kind);
    h.set_size(size);
    h.set_mode(0o644);
    h.set_cksum();
    h
}

fn tar_of(entries: &[(::tar::Header, &[u8])]) -> Vec<u8> {
    let mut b = ::tar::Builder::new(Vec::new());
    for (h, data) in entries {
        b.append(h, *data).unwrap();
    }
    b.into_inner().unwrap()
}

fn file(name: &str, data: &[u8]) -> (::tar::Header, Vec<u8>) {
    (raw_header(name.as_bytes(), ::tar::EntryType::Regular, data.len() as u64, b""), data.to_vec())
}

fn tar_files(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let built: Vec<_> = entries.iter().map(|(n, d)| file(n, d)).collect();
    tar_of(&built.iter().map(|(h, d)| (h.clone(), d.as_slice())).collect::<Vec<_>>())
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fn refused_entry(result: Result<Vec<TextFile>, ArchiveError>) -> (String, String) {
    match result {
        Err(ArchiveError::Refused { entry, reason }) => (entry, reason),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn paths(files: &[TextFile]) -> Vec<&str> {
    files.iter().map(|f| f.path.as_str()).collect()
}

#[test]
fn a_github_tar_gz_gives_wanted_files_relative_to_the_repository() {
    // Given a GitHub-style archive: a pax global header, one top folder, wanted and unwanted files
    let pax = b"19 comment=abcdefg\n";
    let global = raw_header(b"pax_global_header", ::tar::EntryType::XGlobalHeader, pax.len() as u64, b"");
    let dir = raw_header(b"repo-master/", ::tar::EntryType::Directory, 0, b"");
    let (a, a_data) = file("repo-master/atomics/T1/T1.yaml", b"a: 1");
    let (b, b_data) = file("repo-master/README.md", b"# hi");
    let link = raw_header(b"repo-master/atomics/l.yaml", ::tar::EntryType::Symlink, 0, b"T1/T1.yaml");
    let tar = tar_of(&[(global, pax), (dir, b""), (a, &a_data), (b, &b_data), (link, b"")]);
    // When it is read gzipped and plain
    for input in [gzip(&tar), tar] {
        let files = read_text_files(&input, "master.tar.gz", &Limits::default(), &yaml_only).unwrap();
        // Then only the wanted regular file comes back, without the top folder
        assert_eq!(paths(&files), ["atomics/T1/T1.yaml"]);
        assert_eq!(files[0].text, "a: 1");
    }
}

#[test]
fn without_a_single_top_folder_paths_stay_whole_and_zips_read_alike() {
    let input = zip_of(&[("a/x.yaml", b"1"), ("b/y.yaml", b"2"), ("top.txt", b"3")]);
    let files = read_text_files(&input, "u.zip", &Limits::default(), &yaml_only).unwrap();
    assert_eq!(paths(&files), ["a/x.yaml", "b/y.yaml"]);
    let input = zip_of(&[("repo/a/x.yaml", b"1"), ("repo/b/y.txt", b"2")]);
    let files = read_text_files(&input, "u.zip", &Limits::default(), &yaml_only).unwrap();
    assert_eq!(paths(&files), ["a/x.yaml"]);
}

#[test]
fn a_file_is_kept_under_its_full_path_when_only_that_is_wanted() {
    // Given someone zipped the `atomics` folder itself
    let input = zip_of(&[("atomics/T1/T1.yaml", b"1")]);
    let wanted = |p: &str| p.starts_with("atomics/");
    let files = read_text_files(&input, "a.zip", &Limits::default(), &wanted).unwrap();
    assert_eq!(paths(&files), ["atomics/T1/T1.yaml"]);
}

#[test]
fn a_single_file_and_a_gzipped_one_take_the_name_hint() {
    let files = read_text_files(b"{\"a\":1}", "mapping.json", &Limits::default(), &|_| false).unwrap();
    assert_eq!((files[0].path.as_str(), files[0].text.as_str()), ("mapping.json", "{\"a\":1}"));
    let files = read_text_files(&gzip(b"x: 1\n"), "dir/rule.yml.gz", &Limits::default(), &|_| false).unwrap();
    assert_eq!((files[0].path.as_str(), files[0].text.as_str()), ("rule.yml", "x: 1\n"));
    let (entry, _) = refused_entry(read_text_files(&[0xff, 0xfe, 0], "blob.bin", &Limits::default(), &all));
    assert_eq!(entry, "blob.bin");
}

#[test]
fn a_zip_entry_climbing_out_is_refused_even_when_not_wanted() {
    let input = zip_of(&[("repo/ok.yaml", b"1"), ("../evil.yaml", b"2")]);
    let (entry, reason) = refused_entry(read_text_files(&input, "x.zip", &Limits::default(), &|_| false));
    assert_eq!(entry, "../evil.yaml");
    assert!(reason.contains(".."), "{reason}");
}

#[test]
fn a_tar_entry_with_an_absolute_path_is_refused() {
    let (h, d) = file("/etc/cron.d/evil.yaml", b"x");
    let (entry, reason) =
        refused_entry(read_text_files(&tar_of(&[(h, &d)]), "x.tar", &Limits::default(), &all));
    assert_eq!(entry, "/etc/cron.d/evil.yaml");
    assert!(reason.contains("absolute"), "{reason}");
}

#[test]
fn links_pointing_out_of_the_archive_are_refused() {
    // Given a tar symlink to /etc, a tar hard link up the tree and a zip symlink up the tree
    let sym = raw_header(b"repo/etc", ::tar::EntryType::Symlink, 0, b"/etc");
    let hard = raw_header(b"repo/passwd", ::tar::EntryType::Link, 0, b"../etc/passwd");
    for (h, name) in [(sym, "repo/etc"), (hard, "repo/passwd")] {
        let tar = tar_of(&[(h, b"")]);
        let (entry, reason) = refused_entry(read_text_files(&gzip(&tar), "x.tgz", &Limits::default(), &all));
        assert_eq!(entry, name);
        assert!(reason.contains("link"), "{reason}");
    }
    let mut zip = ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.add_symlink("repo/up", "../../root", ::zip::write::SimpleFileOptions::default()).unwrap();
    let input = zip.finish().unwrap().into_inner();
    let (entry, _) = refused_entry(read_text_files(&input, "x.zip", &Limits::default(), &all));
    assert_eq!(entry, "repo/up");
}

#[test]
fn a_zip_bomb_is_refused_by_its_ratio_before_inflating() {
    let zeros = vec![0u8; 8 << 20];
    let input = zip_of(&[("repo/a.yaml", b"ok"), ("repo/bomb.bin", &zeros)]);
    assert!(input.len() < 100_000);
    let (entry, reason) = refused_entry(read_text_files(&input, "x.zip", &Limits::default(), &yaml_only));
    assert_eq!(entry, "repo/bomb.bin");
    assert!(reason.contains("decompresses"), "{reason}");
}

#[test]
fn a_gzip_bomb_is_stopped_while_it_inflates() {
    // Given a tar.gz whose (unwanted) entry is 8 MiB of zeros: about 8 KB compressed
    let tar = tar_files(&[("repo/a.yaml", b"ok"), ("repo/bomb.bin", &vec![0u8; 8 << 20])]);
    let input = gzip(&tar);
    let (entry, reason) = refused_entry(read_text_files(&input, "x.tar.gz", &Limits::default(), &yaml_only));
    assert_eq!(entry, "repo/bomb.bin");
    assert!(reason.contains("decompresses"), "{reason}");
    // And the total limit counts real bytes too
    let small = Limits { max_total_bytes: 1 << 20, max_ratio: u64::MAX, ..Limits::default() };
    let (entry, reason) = refused_entry(read_text_files(&input, "x.tar.gz", &small, &yaml_only));
    assert_eq!(entry, "repo/bomb.bin");
    assert!(reason.contains("unpacks to more than"), "{reason}");
}

#[test]
fn too_many_entries_are_refused_at_the_first_one_over() {
    let limits = Limits { max_entries: 3, ..Limits::default() };
    let names = ["r/1", "r/2", "r/3", "r/4", "r/5"];
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (*n, &b"x"[..])).collect();
    let (entry, _) = refused_entry(read_text_files(&zip_of(&entries), "x.zip", &limits, &all));
    assert_eq!(entry, "r/4");
    let (entry, reason) = refused_entry(read_text_files(&tar_files(&entries), "x.tar", &limits, &all));
    assert_eq!(entry, "r/4");
    assert!(reason.contains("more than 3 entries"), "{reason}");
}

#[test]
fn a_wanted_file_must_be_utf8_and_small_enough() {
    let input = zip_of(&[("r/bad.yaml", &[0xc3, 0x28]), ("r/skip.bin", &[0xff])]);
    let (entry, reason) = refused_entry(read_text_files(&input, "x.zip", &Limits::default(), &yaml_only));
    assert_eq!((entry.as_str(), reason.as_str()), ("r/bad.yaml", NOT_UTF8));
    let limits = Limits { max_file_bytes: 10, ..Limits::default() };
    let input = gzip(&tar_files(&[("r/big.yaml", b"0123456789A"), ("r/ok.yaml", b"0123456789")]));
    let (entry, reason) = refused_entry(read_text_files(&input, "x.tgz", &limits, &yaml_only));
    assert_eq!(entry, "r/big.yaml");
    assert!(reason.contains("larger than 10 bytes"), "{reason}");
}

#[test]
fn broken_inputs_are_invalid_not_refused() {
    let mut zip = zip_of(&[("r/a.yaml", b"1")]);
    zip.truncate(zip.len() - 10);
    assert!(matches!(
        read_text_files(&zip, "x.zip", &Limits::default(), &all),
        Err(ArchiveError::Invalid(_))
    ));
    let mut gz = gzip(&tar_files(&[("r/a.yaml", b"1")]));
    gz.truncate(20);
    assert!(matches!(read_text_files(&gz, "x.tgz", &Limits::default(), &all), Err(ArchiveError::Invalid(_))));
}
