// bundle.js: the last file of a bundle's script. A bundle holds every page of a lesson or a
// pack in one file, as parts; one part shows at a time, chosen by the URL fragment
// (#focus-3, #<slug>/quiz), the first part by default. A fragment that names a part shows it
// from the top, with the header in view; one that names an element inside a part shows that
// part and leaves the browser's scroll to the element.
((core) => {
  const parts = core.$$('.bundle-part');
  if (!parts.length) {
    core.show(document.body);
    return;
  }
  // The parts are shown from the top, so a reload must not put back an old scroll position.
  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
  const route = () => {
    let id = location.hash.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch (e) {
      // Kept as written.
    }
    const target = id && document.getElementById(id);
    const current = core.view();
    const shown = (target && target.closest('.bundle-part')) || (parts.includes(current) ? current : parts[0]);
    for (const part of parts) part.hidden = part !== shown;
    if (shown !== current) core.show(shown);
    return !target || target === shown;
  };
  // To the top now, and again once the browser has scrolled to the fragment (see
  // core.afterArrival), unless the learner has moved to another part meanwhile. (Should the
  // browser scroll later still, a part's scroll margin in style.css keeps it at the top.)
  const toTop = () => {
    window.scrollTo(0, 0);
    const shown = core.view();
    core.afterArrival(() => {
      if (core.view() === shown) window.scrollTo(0, 0);
    });
  };
  window.addEventListener('hashchange', () => {
    if (route()) toTop();
  });
  if (route()) toTop();
})(core);
