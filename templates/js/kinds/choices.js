// kinds/choices.js: single choice (one part: the chosen position), multiple choice (a part
// per choice: "1" ticked, "0" not) and short answer (one part: the typed text).
((core, kinds) => {
  const { $, $$ } = core;
  // In source order, whatever order a shuffle shows them in: a box's value is its position.
  const boxes = (form) => $$('.choices input', form).sort((a, b) => a.value - b.value);
  kinds.single = {
    read: (form) => {
      const chosen = boxes(form).find((b) => b.checked);
      return chosen ? [chosen.value] : null;
    },
    write: (form, [value]) => {
      for (const box of boxes(form)) box.checked = box.value === value;
    },
    empty: 'chooseFirst',
  };
  kinds.multi = {
    read: (form) => {
      const all = boxes(form);
      return all.some((b) => b.checked) ? all.map((b) => (b.checked ? '1' : '0')) : null;
    },
    write: (form, values) => {
      boxes(form).forEach((box, i) => (box.checked = values[i] === '1'));
    },
    empty: 'chooseFirst',
  };
  kinds.short = {
    read: (form) => {
      const text = $('input', form).value;
      return text.trim() ? [text] : null;
    },
    write: (form, [text]) => {
      $('input', form).value = text;
    },
    typed: true,
    empty: 'typeFirst',
  };
})(core, questionKinds);
