//! Every link, asset and fragment of a built site resolves when followed as a browser follows
//! it (WHATWG URL joining, from the page's own URL), over http://127.0.0.1 and over file://,
//! and every page is reached from the index. Both layouts: one folder per lesson, whose links
//! name files, and `--pretty-urls`, whose links name folders that the host serves as their
//! `index.html`. The folder layout is for web hosts only (from disk a folder link opens a
//! listing, not the page), so it is crawled over http alone.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use scraper::Html;
use url::Url;

use crate::support::file_url;
use crate::support::html::sel;
use crate::support::pack::{BuiltSite, build_with, fixture_copy, sample_pack};
use crate::support::server::StaticServer;

/// Where the crawled site is read from.
enum Transport {
    Http(StaticServer),
    File,
}

impl Transport {
    /// The body at `url`, or why there is none. Over http only a 200 counts: a link that
    /// needs the host to redirect it is a broken link on disk and a slower one on the web.
    fn fetch(&self, url: &Url) -> Result<Vec<u8>, String> {
        match self {
            Transport::Http(_) => http_get(url),
            Transport::File => {
                let path = url
                    .to_file_path()
                    .map_err(|()| "not a file path".to_string())?;
                match path.is_file() {
                    true => std::fs::read(&path).map_err(|e| e.to_string()),
                    false => Err(format!("{} is not a file", path.display())),
                }
            }
        }
    }

    fn start(&self, site: &Path) -> Url {
        let url = match self {
            Transport::Http(server) => server.url("index.html"),
            Transport::File => file_url(&site.join("index.html")),
        };
        Url::parse(&url).unwrap()
    }
}

fn http_get(url: &Url) -> Result<Vec<u8>, String> {
    let port = url.port().expect("the test server's port");
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let target = &url[url::Position::BeforePath..url::Position::AfterQuery];
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .map_err(|e| e.to_string())?;
    let split = (response.windows(4).position(|w| w == b"\r\n\r\n")).ok_or("no end of headers")?;
    let head = String::from_utf8_lossy(&response[..split]);
    let status = head.split(' ').nth(1).unwrap_or_default();
    match status {
        "200" => Ok(response[split + 4..].to_vec()),
        other => Err(format!("status {other}")),
    }
}

/// What a crawl found.
#[derive(Default)]
struct Crawl {
    /// Pages reached, as paths below the site root.
    pages: BTreeSet<String>,
    /// Links and assets followed.
    followed: usize,
    /// Fragments checked on their target page.
    fragments: usize,
    broken: Vec<String>,
}

/// Whether a URL names a page: an `.html` file or a folder (its `index.html`).
fn is_page(url: &Url) -> bool {
    url.path().ends_with(".html") || url.path().ends_with('/')
}

/// Follows every `href`, `src` and form `action` from the index, breadth first.
fn crawl(transport: &Transport, site: &Path) -> Crawl {
    let start = transport.start(site);
    let root = start.join("./").unwrap();
    let mut crawl = Crawl::default();
    let mut seen: BTreeSet<Url> = BTreeSet::from([start.clone()]);
    let mut queue = VecDeque::from([start]);
    // Each page's ids, and the fragments other pages link on it.
    let mut ids: BTreeMap<Url, BTreeSet<String>> = BTreeMap::new();
    let mut wanted: Vec<(Url, String, Url)> = Vec::new();
    while let Some(url) = queue.pop_front() {
        let body = match transport.fetch(&url) {
            Ok(body) => body,
            Err(why) => {
                crawl.broken.push(format!("{url}: {why}"));
                continue;
            }
        };
        if !is_page(&url) {
            continue;
        }
        let path = root.make_relative(&url).unwrap();
        crawl.pages.insert(path);
        let page = Html::parse_document(&String::from_utf8_lossy(&body));
        let page_ids = (page.select(&sel("[id]")))
            .filter_map(|e| e.value().attr("id").map(str::to_string))
            .collect();
        ids.insert(url.clone(), page_ids);
        for element in page.select(&sel("[href], [src], form[action]")) {
            let value = element.value();
            let link = (value
                .attr("href")
                .or(value.attr("src"))
                .or(value.attr("action")))
            .unwrap();
            if link.starts_with("data:") || link.starts_with('#') {
                continue;
            }
            let mut target = url.join(link).unwrap();
            // Absolute links to the pack's `base_url` lead to the published site, not this one.
            if !target.as_str().starts_with(root.as_str()) {
                assert!(link.contains("://"), "{url}: {link} leaves the site");
                continue;
            }
            crawl.followed += 1;
            if let Some(fragment) = target.fragment() {
                wanted.push((url.clone(), fragment.to_string(), target.clone()));
            }
            target.set_fragment(None);
            target.set_query(None);
            if seen.insert(target.clone()) {
                queue.push_back(target);
            }
        }
    }
    for (from, fragment, mut target) in wanted {
        target.set_fragment(None);
        let found = ids.get(&target).is_some_and(|ids| ids.contains(&fragment));
        if !found {
            crawl
                .broken
                .push(format!("{from}: no #{fragment} on {target}"));
        }
        crawl.fragments += 1;
    }
    crawl
}

/// Crawls `site` over `transport` and checks that nothing is broken and every page but the
/// 404 page is reached.
fn check_site(name: &str, built: &BuiltSite, dir: &Path, transport: Transport, pretty: bool) {
    let crawl = crawl(&transport, dir);
    assert!(crawl.broken.is_empty(), "{name}: {:#?}", crawl.broken);
    let expected: BTreeSet<String> = (built.html_paths())
        .filter(|p| *p != "404.html")
        .map(|p| match pretty {
            true => p.trim_end_matches("index.html").to_string(),
            false => p.clone(),
        })
        .collect();
    // The index is reached as `index.html` (where the crawl starts) in either layout.
    let mut reached = crawl.pages.clone();
    if pretty {
        reached.remove("index.html");
        reached.insert(String::new());
    }
    assert_eq!(reached, expected, "{name}: pages reached");
    assert!(
        crawl.followed > 10 * expected.len(),
        "{name}: {} links",
        crawl.followed
    );
    // The sample's quiz links its evidence: `3.html#sentence-3`, `index.html#s3`.
    if name.starts_with("sample") {
        assert!(crawl.fragments > 0, "{name}: no fragment links checked");
    }
}

#[test]
fn every_link_resolves_in_both_layouts_over_http_and_from_disk() {
    let sample = sample_pack();
    let images = fixture_copy("basic");
    for (name, pack) in [("sample", &sample), ("basic", &images)] {
        for pretty in [false, true] {
            let built = build_with(pack.path(), |o| o.pretty_urls = pretty);
            let dir = pack.path().join("site");
            let layout = if pretty {
                "folder per page"
            } else {
                "folder per lesson"
            };
            let http = Transport::Http(StaticServer::start(&dir));
            check_site(
                &format!("{name}, {layout}, http"),
                &built,
                &dir,
                http,
                pretty,
            );
            if !pretty {
                let name = format!("{name}, {layout}, file");
                check_site(&name, &built, &dir, Transport::File, pretty);
            }
        }
    }
}
