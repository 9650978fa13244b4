// search-box.js: the header's search box, on every site page but the search page. Its first
// focus loads the search index script, so the search page it opens finds the index cached;
// pages whose box is never used load nothing. Submitting opens the search page with the
// query by navigating, not by the form's own submission, which Firefox refuses from file://
// under the policy's `form-action 'self'` (without a script the form still submits).
((box) => {
  if (!box) return;
  const input = core.$('input', box);
  input.addEventListener('focus', () => {
    if (!box.dataset.index || box.dataset.loaded) return;
    box.dataset.loaded = 'true';
    const script = document.createElement('script');
    script.src = box.dataset.index;
    document.head.append(script);
  });
  box.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = input.value.trim();
    window.location.href = box.action + (query ? '?q=' + encodeURIComponent(query) : '');
  });
})(core.$('.site-search'));
