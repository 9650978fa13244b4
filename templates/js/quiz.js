// quiz.js: the quiz (a pack bundle holds one per lesson): a Check button per question, the
// verdict in the question's live region, the answer shown as the quiz's `show_answers` says
// ("Show the answer" after a wrong try, and the answer by itself after a second, by default),
// a question closed when its `tries` run out, the score (in points with partial credit),
// passed or not, "Try again", shuffled choices (pinned ones stay), `pick` questions drawn per
// attempt, and the learner's answers kept with the lesson's progress (see storage.js), so a
// reload shows them as they were until "Try again".
((core, storage, answers, kinds, hooks) => {
  const { $, $$, fill } = core;
  const el = (tag, className, text) => {
    const e = document.createElement(tag);
    e.className = className;
    if (text) e.textContent = text;
    return e;
  };
  // A quiz's strings: its words (main/quiz/words.html), then its own policies.
  const setUp = (quiz) => {
    const words = $('.quiz-words', quiz);
    const strings = Object.assign({}, words && words.dataset, quiz.dataset);
    const lesson = core.lessonOf(quiz);
    const all = $$('form.question', quiz);
    const summary = $('.quiz-summary', quiz.parentNode);
    const state = new Map();
    const mode = strings.showAnswers || 'after_wrong';
    const tries = +strings.tries || Infinity;
    const partial = strings.partialCredit === 'true';
    const passMark = strings.passMark ? +strings.passMark : null;
    let forms = all;
    const shuffle = () => {
      if (strings.shuffle !== 'true') return;
      for (const list of $$('.choices', quiz)) {
        const items = [...list.children];
        // Pinned choices keep their places; the others are shuffled among the rest.
        const free = items.map((item, i) => i).filter((i) => items[i].dataset.pin !== 'true');
        const order = free.slice();
        for (let i = order.length - 1; i > 0; i--) {
          const j = Math.floor(Math.random() * (i + 1));
          [order[i], order[j]] = [order[j], order[i]];
        }
        const shown = items.slice();
        free.forEach((at, i) => (shown[at] = items[order[i]]));
        list.append(...shown);
      }
    };
    // The questions of this attempt: `pick` drawn at random (kept while the attempt lasts), in
    // their order in the quiz, numbered from 1; the others hidden.
    const draw = (picked) => {
      const pick = Math.min(+strings.pick || all.length, all.length);
      const keys = all.map((f) => f.dataset.key);
      let chosen = picked && picked.length === pick && picked.every((k) => keys.includes(k)) ? picked : null;
      if (!chosen) {
        const pool = keys.slice();
        for (let i = pool.length - 1; i > 0; i--) {
          const j = Math.floor(Math.random() * (i + 1));
          [pool[i], pool[j]] = [pool[j], pool[i]];
        }
        chosen = pool.slice(0, pick);
      }
      forms = all.filter((f) => chosen.includes(f.dataset.key));
      for (const form of all) form.hidden = !forms.includes(form);
      if (pick < all.length) forms.forEach((form, i) => ($('.question-number', form).textContent = i + 1 + '.'));
      return chosen;
    };
    const worth = (form) => (partial ? form.dataset.parts.split('|').length : 1);
    const earned = (form) => {
      const s = state.get(form);
      if (!s.rights || s.revealed) return 0;
      return s.correct ? worth(form) : partial ? s.rights.filter(Boolean).length : 0;
    };
    const sum = (points) => forms.reduce((total, form) => total + points(form), 0);
    // Passed or not is said once every question of the attempt has been checked.
    const finished = () => forms.every((f) => state.get(f).rights || state.get(f).revealed);
    const closed = (s) => tries !== Infinity && (s.correct || s.tries >= tries);
    const showScore = () => {
      const score = sum(earned);
      const total = sum(worth);
      $('.score', summary).textContent = fill(partial ? strings.points : strings.score, { score, total });
      const result = $('.quiz-result', summary);
      result.hidden = passMark === null || !finished();
      if (!result.hidden) {
        const percent = total ? Math.round((100 * score) / total) : 0;
        result.textContent = fill(percent >= passMark ? strings.passed : strings.notPassed, { percent, mark: passMark });
      }
      const record = $('.quiz-record', summary);
      record.textContent = storage.record(storage.load(lesson), strings, total);
      record.hidden = !record.textContent;
    };
    const show = (form, ok) => {
      const s = state.get(form);
      const f = form.dataset;
      const shut = closed(s);
      const verdict = el('p', 'verdict ' + (ok ? 'ok' : 'bad'));
      const icon = el('span', 'icon', ok ? '\u2713 ' : '\u2717 ');
      icon.setAttribute('aria-hidden', 'true');
      let words = ok ? strings.correct : strings.notQuite;
      if (!ok && shut) words += ' ' + strings.noTriesLeft;
      else if (!ok && !s.revealed) {
        words += ' ' + (mode === 'after_wrong' ? strings.tryOrShow : strings.tryOnceMore);
        const left = tries - s.tries;
        if (left !== Infinity) words += ' ' + core.plural(strings.triesLeft, left);
      }
      verdict.append(icon, words);
      const parts = [verdict];
      if (s.revealed || (ok && mode === 'always')) {
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
      for (const hook of hooks) hook(form, ok || s.revealed);
      $('.show', form).hidden = mode !== 'after_wrong' || ok || s.revealed || !s.tries || shut;
      $('fieldset', form).disabled = shut;
    };
    // Part i is right when the hash of "<salt>:<i>:<value>" is among its accepted hashes.
    const judge = (form, values) => {
      const s = state.get(form);
      const f = form.dataset;
      const kind = kinds[f.kind];
      const parts = f.parts.split('|').map((hashes) => hashes.split(' '));
      s.values = values;
      s.rights = parts.map((accepted, i) => {
        const value = kind.typed ? answers.normalize(values[i] || '') : values[i];
        return accepted.includes(answers.hex(f.salt + ':' + i + ':' + value));
      });
      s.correct = s.rights.every(Boolean);
      if (kind.mark) kind.mark(form, s.rights);
    };
    // Keeps the question's state and the scores with the lesson's progress.
    const save = (form) => {
      const s = state.get(form);
      const score = sum(earned);
      const total = sum(worth);
      storage.update(lesson, (data) => {
        const attempt = (data.quiz = data.quiz || {});
        if (!attempt.answers) {
          attempt.answers = {};
          data.attempts = (data.attempts || 0) + 1;
        }
        attempt.answers[form.dataset.key] = { values: s.values || null, tries: s.tries, revealed: !!s.revealed };
        if (!(data.best >= score)) data.best = score;
        data.last = score;
        data.of = total;
        if (passMark !== null && finished() && total && (100 * score) / total >= passMark) data.passed = true;
      });
    };
    const check = (form) => {
      const s = state.get(form);
      const kind = kinds[form.dataset.kind];
      if (closed(s)) return;
      const values = kind.read(form);
      if (!values) {
        const empty = typeof kind.empty === 'function' ? kind.empty(form) : kind.empty;
        $('.feedback', form).replaceChildren(el('p', 'verdict', strings[empty]));
        return;
      }
      judge(form, values);
      if (!s.correct) {
        s.tries++;
        if (mode === 'always' || (mode === 'after_wrong' && s.tries > 1)) s.revealed = true;
        if (closed(s) && mode !== 'never') s.revealed = true;
      }
      save(form);
      show(form, s.correct);
      showScore();
    };
    const reset = (form) => {
      form.reset();
      const kind = kinds[form.dataset.kind];
      if (kind.reset) kind.reset(form);
      state.set(form, { tries: 0 });
      $('.feedback', form).replaceChildren();
      $('.show', form).hidden = true;
      $('fieldset', form).disabled = false;
    };
    // Puts back the attempt kept in storage: each question's values, tries and verdict.
    const restore = () => {
      const attempt = storage.load(lesson).quiz || {};
      const kept = attempt.answers || {};
      for (const form of forms) {
        const saved = kept[form.dataset.key];
        if (!saved) continue;
        const s = state.get(form);
        s.tries = saved.tries || 0;
        s.revealed = !!saved.revealed;
        if (saved.values) {
          kinds[form.dataset.kind].write(form, saved.values);
          judge(form, saved.values);
        }
        show(form, !!s.correct);
      }
    };
    for (const form of all) {
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
        save(form);
        show(form, false);
        showScore();
        $('.feedback', form).focus();
      });
    }
    $('.try-again', summary).addEventListener('click', () => {
      all.forEach(reset);
      const picked = draw(null);
      storage.update(lesson, (data) => (data.quiz = { picked }));
      shuffle();
      showScore();
      const first = $('input, select, button', forms[0]);
      if (first) first.focus();
    });
    const picked = draw((storage.load(lesson).quiz || {}).picked);
    if (strings.pick) storage.update(lesson, (data) => (data.quiz = Object.assign(data.quiz || {}, { picked })));
    shuffle();
    restore();
    showScore();
    summary.hidden = false;
  };
  $$('.quiz').forEach(setUp);
})(core, storage, answers, questionKinds, afterVerdict);
