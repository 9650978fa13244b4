// quiz.js: the quiz (a pack bundle holds one per lesson): a Check button per question, the
// verdict in the question's live region, "Show the answer" after a wrong try (and the answer
// by itself after a second), the score, "Try again", shuffled choices when the lesson asks,
// and the best score kept with the lesson's progress.
((core, storage, answers, kinds, feedback) => {
  const { $, $$, fill } = core;
  const el = (tag, className, text) => {
    const e = document.createElement(tag);
    e.className = className;
    if (text) e.textContent = text;
    return e;
  };
  const setUp = (quiz) => {
    const strings = quiz.dataset;
    const forms = $$('form.question', quiz);
    const summary = $('.quiz-summary', quiz.parentNode);
    const state = new Map();
    const shuffle = () => {
      if (strings.shuffle !== 'true') return;
      for (const list of $$('.choices', quiz)) {
        const items = [...list.children];
        for (let i = items.length - 1; i > 0; i--) {
          const j = Math.floor(Math.random() * (i + 1));
          [items[i], items[j]] = [items[j], items[i]];
        }
        list.append(...items);
      }
    };
    const score = () => forms.filter((f) => state.get(f).correct && !state.get(f).revealed).length;
    const showScore = () => {
      $('.score', summary).textContent = fill(strings.score, { score: score(), total: forms.length });
    };
    const show = (form, ok) => {
      const s = state.get(form);
      const f = form.dataset;
      const verdict = el('p', 'verdict ' + (ok ? 'ok' : 'bad'));
      const icon = el('span', 'icon', ok ? '\u2713 ' : '\u2717 ');
      icon.setAttribute('aria-hidden', 'true');
      verdict.append(icon, ok ? strings.correct : s.revealed ? strings.notQuite : strings.notQuite + ' ' + strings.tryOrShow);
      const parts = [verdict];
      if (s.revealed) {
        const answer = el('p', 'answer');
        answer.append(el('strong', '', f.answerLabel + ':'), ' ' + answers.decode(f.salt, 'a', f.answer));
        parts.push(answer);
      }
      if ((ok || s.revealed) && f.explain) {
        const explanation = el('div', 'explanation');
        explanation.innerHTML = answers.decode(f.salt, 'e', f.explain);
        parts.push(explanation);
      }
      $('.feedback', form).replaceChildren(...parts);
      feedback.show(form, ok || s.revealed);
      $('.show', form).hidden = ok || s.revealed || !s.tries;
    };
    const check = (form) => {
      const s = state.get(form);
      const f = form.dataset;
      const kind = kinds[f.kind];
      const values = kind.read(form);
      if (!values) {
        $('.feedback', form).replaceChildren(el('p', 'verdict', strings[kind.empty]));
        return;
      }
      // Part i is right when the hash of "<salt>:<i>:<value>" is among its accepted hashes.
      const parts = f.parts.split('|').map((hashes) => hashes.split(' '));
      const rights = parts.map((accepted, i) => {
        const value = kind.typed ? answers.normalize(values[i] || '') : values[i];
        return accepted.includes(answers.hex(f.salt + ':' + i + ':' + value));
      });
      s.correct = rights.every(Boolean);
      if (kind.mark) kind.mark(form, rights);
      if (!s.correct && ++s.tries > 1) s.revealed = true;
      show(form, s.correct);
      showScore();
      storage.update(core.lessonOf(quiz), (data) => {
        if (!(data.best >= score())) data.best = score();
        data.of = forms.length;
      });
    };
    const reset = (form) => {
      form.reset();
      const kind = kinds[form.dataset.kind];
      if (kind.reset) kind.reset(form);
      state.set(form, { tries: 0 });
      $('.feedback', form).replaceChildren();
      $('.show', form).hidden = true;
    };
    for (const form of forms) {
      reset(form);
      $('.check-row', form).hidden = false;
      const reveal = $('.reveal', form);
      if (reveal) reveal.hidden = true;
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        check(form);
      });
      $('.show', form).addEventListener('click', () => {
        state.get(form).revealed = true;
        show(form, false);
        showScore();
        $('.feedback', form).focus();
      });
    }
    $('.try-again', summary).addEventListener('click', () => {
      forms.forEach(reset);
      shuffle();
      showScore();
      const first = $('input, select, .order-items > li', quiz);
      if (first) first.focus();
    });
    shuffle();
    showScore();
    summary.hidden = false;
  };
  $$('.quiz').forEach(setUp);
})(core, storage, answers, questionKinds, feedback);
