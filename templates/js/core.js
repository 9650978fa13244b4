// core.js: the small core every page script starts with, and the only state the concerns
// share. It finds elements, fills "{name}" placeholders, tells the lesson an element belongs
// to, and knows which view the learner sees: the page itself on the site, one part of a
// bundle. The other concerns register what they do each time a view is shown (`onShow`);
// the last file (start.js on the site, bundle.js in a bundle) shows the first view.
//
// The build joins these files per page kind into one script (see src/assets.rs), wrapped in
// one function, so each file's `const` is visible to the files after it and to nothing else.
const core = (() => {
  const d = document;
  const $ = (css, root = d) => root.querySelector(css);
  const $$ = (css, root = d) => [...root.querySelectorAll(css)];
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
  // A count in words: `forms` is a count's plural forms as the build writes them into a data
  // attribute: the language, then `category:text` for each form, split by `|` (`\` escapes a
  // `|` or `\` of a text): "ru|one:{count} попытка|few:…|other:…". The browser's CLDR rules
  // for that language choose the form, as the build's did for the counts in the page.
  const rules = {};
  const plural = (forms, count, values) => {
    const [lang, ...list] = forms.match(/(?:\\.|[^|\\])+/g).map((part) => part.replace(/\\(.)/g, '$1'));
    const form = {};
    for (const item of list) form[item.slice(0, item.indexOf(':'))] = item.slice(item.indexOf(':') + 1);
    const r = rules[lang] || (rules[lang] = new Intl.PluralRules(lang));
    return fill(form[r.select(count)] || form.other, Object.assign({ count }, values));
  };
  // The lesson an element belongs to: its part's in a bundle, the page's on the site.
  const lessonOf = (e) => (e.closest('[data-lesson]') || d.body).dataset.lesson;
  const hooks = [];
  let shown = null;
  return {
    $,
    $$,
    fill,
    plural,
    lessonOf,
    // The view the learner sees (null before the first is shown).
    view: () => shown,
    // Runs `hook(view)` each time a view is shown, in the order the hooks were added.
    onShow: (hook) => hooks.push(hook),
    // Shows `view`: the hooks run.
    show: (view) => {
      shown = view;
      for (const hook of hooks) hook(view);
    },
    // Runs `action` once the browser has done what it does on arrival at a URL's fragment,
    // which can undo a script's scrolling and focus: Firefox scrolls to the fragment when the
    // document has loaded (and that clears focus); Chromium, when the fragment's element was
    // hidden, at its next layout.
    afterArrival: (action) => {
      const later = () => requestAnimationFrame(() => setTimeout(action, 0));
      if (d.readyState === 'complete') later();
      else window.addEventListener('load', later, { once: true });
    },
  };
})();
