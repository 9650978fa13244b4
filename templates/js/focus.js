// focus.js: moving between focus sentences: ← and → (reversed in right-to-left packs) and
// swipes follow the shown focus view's previous and next links, and the next link has focus
// on arrival, so Enter continues.
((core) => {
  const { $ } = core;
  const d = document;
  const rtl = d.documentElement.dir === 'rtl';
  const isFocus = (view) => view && $('.progress[data-n]', view);
  const go = (forward) => {
    const view = core.view();
    if (!isFocus(view)) return false;
    const link = forward !== rtl ? $('.focus-nav a[rel=next]', view) : $('.focus-nav a', view);
    if (link) location.href = link.href;
    return true;
  };
  core.onShow((view) => {
    const next = isFocus(view) && $('.focus-nav a[rel=next]', view);
    if (!next) return;
    next.focus({ preventScroll: true });
    // Arriving at a fragment, the browser may clear focus after this (see core.afterArrival):
    // give it back then, unless the learner has moved on or put focus elsewhere.
    core.afterArrival(() => {
      const active = d.activeElement;
      if (core.view() === view && (!active || active === d.body)) next.focus({ preventScroll: true });
    });
  });
  d.addEventListener('keydown', (e) => {
    const target = e.target;
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.defaultPrevented) return;
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable) return;
    if ((e.key === 'ArrowRight' || e.key === 'ArrowLeft') && go(e.key === 'ArrowRight')) e.preventDefault();
  });
  let x = 0;
  let y = 0;
  d.addEventListener(
    'touchstart',
    (e) => {
      x = e.touches[0].clientX;
      y = e.touches[0].clientY;
    },
    { passive: true },
  );
  d.addEventListener(
    'touchend',
    (e) => {
      const dx = e.changedTouches[0].clientX - x;
      const dy = e.changedTouches[0].clientY - y;
      if (Math.abs(dx) > 60 && Math.abs(dy) * 2 < Math.abs(dx)) go(dx < 0);
    },
    { passive: true },
  );
})(core);
