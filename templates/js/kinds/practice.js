// kinds/practice.js: the questions of an entity practice page (src/layout/practice.rs): one
// part per blank, a text box (typed) or a drop-down (whose values are tokens, unchanged by
// normalising). After a check each blank says whether it is right: `aria-invalid`, and a
// mark beside it.
((core, kinds) => {
  const { $$ } = core;
  const blanks = (form) => $$('.blank', form);
  const unmark = (form) => {
    for (const blank of blanks(form)) blank.removeAttribute('aria-invalid');
    for (const mark of $$('.blank-mark', form)) mark.remove();
  };
  kinds.practice = {
    read: (form) => {
      const values = blanks(form).map((blank) => blank.value);
      return values.some((value) => value.trim()) ? values : null;
    },
    write: (form, values) => {
      blanks(form).forEach((blank, i) => (blank.value = values[i] || ''));
    },
    typed: true,
    empty: 'fillFirst',
    reset: unmark,
    mark: (form, rights) => {
      unmark(form);
      blanks(form).forEach((blank, i) => {
        blank.setAttribute('aria-invalid', String(!rights[i]));
        const mark = document.createElement('span');
        mark.className = 'blank-mark';
        mark.setAttribute('aria-hidden', 'true');
        mark.textContent = rights[i] ? ' \u2713' : ' \u2717';
        blank.after(mark);
      });
    },
  };
})(core, questionKinds);
