// feedback.js: what the author wrote for the learner besides the answer. With a question's
// verdict (a hook of `afterVerdict`, see kinds.js): the feedback of each choice picked when it was
// checked, and once it is answered (right, or its answer shown) the "Show me where" links
// to its evidence. And the hint behind its button, whose use is kept with the lesson's
// progress as `hints: [question numbers]` (and shown open again on the next visit).
((core, storage, answers, hooks) => {
  const { $, $$ } = core;
  const ticked = (form) => $$('.choices input', form).filter((box) => box.checked);
  // The boxes ticked at the last Check: a capturing listener runs before quiz.js's own.
  const picked = new WeakMap();
  document.addEventListener('submit', (e) => picked.set(e.target, ticked(e.target)), true);
  const note = (form, box) => {
    const div = document.createElement('div');
    div.className = 'choice-feedback';
    div.innerHTML = answers.decode(form.dataset.salt, 'f' + box.value, box.dataset.feedback);
    if (form.dataset.kind === 'multi' && box.labels[0]) {
      const name = document.createElement('p');
      name.className = 'choice-name';
      name.textContent = box.labels[0].textContent;
      div.prepend(name);
    }
    return div;
  };
  // After the verdict in the question's live region: the picked choices' feedback, then the
  // evidence links when `answered`.
  const show = (form, answered) => {
    const verdict = $('.feedback .verdict', form);
    if (!verdict) return;
    const boxes = (picked.get(form) || ticked(form)).filter((box) => box.dataset.feedback);
    verdict.after(...boxes.sort((a, b) => a.value - b.value).map((box) => note(form, box)));
    const links = $('.evidence-source .evidence-links', form);
    if (answered && links) {
      const shown = links.cloneNode(true);
      shown.hidden = false;
      verdict.parentNode.append(shown);
    }
  };
  const setUpHints = (quiz) => {
    const slug = core.lessonOf(quiz);
    const used = storage.load(slug).hints || [];
    $$('form.question', quiz).forEach((form, i) => {
      const hint = $('.question-hint', form);
      if (!hint) return;
      const n = i + 1;
      if (used.includes(n)) hint.open = true;
      hint.addEventListener('toggle', () => {
        if (!hint.open) return;
        storage.update(slug, (data) => {
          const hints = data.hints || [];
          if (!hints.includes(n)) data.hints = [...hints, n].sort((a, b) => a - b);
        });
      });
    });
  };
  $$('.quiz').forEach(setUpHints);
  hooks.push(show);
})(core, storage, answers, afterVerdict);
