//! Every page of the sample site, as shipped (minified), passes the Nu HTML Checker; so do
//! the pages of the `basic` and `ways` fixtures (entity, tag and level pages of every shape).

use crate::support::pack::*;
use crate::support::vnu;

#[test]
fn every_sample_page_passes_the_nu_html_checker() {
    let pack = sample_pack();
    let site = build_site(pack.path());
    let fixture = fixture_copy("basic");
    let basic = build_site(fixture.path());
    let ways_pack = fixture_copy("ways");
    let ways = build_site(ways_pack.path());
    let pages: Vec<_> = site
        .html_paths()
        .map(|p| site.dir.join(p))
        .chain(basic.html_paths().map(|p| basic.dir.join(p)))
        .chain(ways.html_paths().map(|p| ways.dir.join(p)))
        .collect();
    let planned = planned_pages(pack.path())
        + planned_pages(fixture.path())
        + planned_pages(ways_pack.path());
    assert_eq!(pages.len(), planned, "every planned page is checked");
    vnu::assert_valid_html(&pages);
}
