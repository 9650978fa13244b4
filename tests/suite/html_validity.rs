//! Every page of the sample site, as shipped (minified), passes the Nu HTML Checker.

use crate::support::pack::*;
use crate::support::vnu;

#[test]
fn every_sample_page_passes_the_nu_html_checker() {
    let pack = sample_pack();
    let site = build_site(pack.path());
    let fixture = fixture_copy("basic");
    let basic = build_site(fixture.path());
    let pages: Vec<_> = site
        .html_paths()
        .map(|p| site.dir.join(p))
        .chain(basic.html_paths().map(|p| basic.dir.join(p)))
        .collect();
    let planned = planned_pages(pack.path()) + planned_pages(fixture.path());
    assert_eq!(pages.len(), planned, "every planned page is checked");
    vnu::assert_valid_html(&pages);
}
