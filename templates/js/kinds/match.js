// kinds/match.js: matching (a part per left side: the token of the right side chosen for
// it, "" when none is). After Check each left side says whether its match is right; a
// changed choice clears its mark.
((core, kinds) => {
  const { $, $$ } = core;
  const selects = (form) => $$('.match-items select', form);
  const listening = new WeakSet();
  const mark = (form, words) => $$('.match-items .part-mark', form).forEach((m, i) => (m.textContent = words[i] || ''));
  kinds.match = {
    read: (form) => {
      const values = selects(form).map((select) => select.value);
      return values.some(Boolean) ? values : null;
    },
    write: (form, values) => selects(form).forEach((select, i) => (select.value = values[i] || '')),
    empty: 'chooseFirst',
    reset: (form) => {
      mark(form, []);
      if (listening.has(form)) return;
      listening.add(form);
      $('.match-items', form).addEventListener('change', (e) => {
        $('.part-mark', e.target.closest('li')).textContent = '';
      });
    },
    mark: (form, rights) => {
      const { right, wrong } = $('.match-items', form).dataset;
      mark(form, rights.map((ok) => (ok ? right : wrong)));
    },
  };
})(core, questionKinds);
