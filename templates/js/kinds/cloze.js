// kinds/cloze.js: fill in the blanks (a part per blank: the typed or picked text, so text
// boxes and drop-downs read alike). After Check each blank is marked right or wrong: by
// colour, by `aria-invalid`, and by an icon and a word after it that screen readers read.
((core, kinds) => {
  const { $, $$ } = core;
  const blanks = (form) => $$('.blank', form);
  const markOf = (blank) => blank.nextElementSibling;
  const clear = (form) => {
    for (const blank of blanks(form)) {
      blank.removeAttribute('aria-invalid');
      blank.removeAttribute('aria-describedby');
      blank.parentNode.classList.remove('right', 'wrong');
      markOf(blank).replaceChildren();
    }
  };
  kinds.cloze = {
    read: (form) => {
      const values = blanks(form).map((b) => b.value);
      return values.some((v) => v.trim()) ? values : null;
    },
    write: (form, values) => {
      blanks(form).forEach((blank, i) => (blank.value = values[i] || ''));
    },
    typed: true,
    // Drop-downs are chosen from, text boxes typed in.
    empty: (form) => (blanks(form)[0].tagName === 'SELECT' ? 'chooseFirst' : 'typeFirst'),
    reset: clear,
    mark: (form, rights) => {
      const words = $('.cloze', form).dataset;
      blanks(form).forEach((blank, i) => {
        const ok = rights[i];
        const icon = document.createElement('span');
        icon.setAttribute('aria-hidden', 'true');
        icon.textContent = ok ? '\u2713' : '\u2717';
        const word = document.createElement('span');
        word.className = 'visually-hidden';
        word.textContent = ' ' + (ok ? words.right : words.wrong);
        markOf(blank).replaceChildren(icon, word);
        blank.setAttribute('aria-invalid', ok ? 'false' : 'true');
        blank.setAttribute('aria-describedby', markOf(blank).id);
        blank.parentNode.classList.toggle('right', ok);
        blank.parentNode.classList.toggle('wrong', !ok);
      });
    },
  };
})(core, questionKinds);
