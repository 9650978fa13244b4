// lessonpack: progressive enhancement of the generated pages. Plain JavaScript, no
// dependencies, no network. Every page works without it.
//
// Quiz answers are in the page only as salted hashes and obfuscated text (see
// src/site/answers.rs, the Rust half of the same scheme): this deters peeking, it is not
// security. Progress is kept in localStorage under "lessonpack:<pack id>:<lesson slug>",
// as {"read": [1, 2], "done": true, "best": 4, "of": 5}, in memory when storage fails.
(() => {
  'use strict';
  const d = document;
  const body = d.body;
  const $ = (css, root = d) => root.querySelector(css);
  const $$ = (css, root = d) => [...root.querySelectorAll(css)];
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));

  // ----- progress on the learner's device -----
  const prefix = 'lessonpack:' + body.dataset.pack + ':';
  const memory = {};
  const storage = () => {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  };
  const load = (slug) => {
    if (memory[slug]) return memory[slug];
    try {
      return JSON.parse(storage().getItem(prefix + slug)) || {};
    } catch (e) {
      return {};
    }
  };
  const update = (slug, change) => {
    const data = load(slug);
    change(data);
    memory[slug] = data;
    try {
      storage().setItem(prefix + slug, JSON.stringify(data));
    } catch (e) {
      // Kept in memory for this page only.
    }
  };
  const clear = () => {
    for (const key in memory) delete memory[key];
    try {
      const s = storage();
      for (let i = s.length; i--; ) {
        const key = s.key(i);
        if (key && key.startsWith(prefix)) s.removeItem(key);
      }
    } catch (e) {
      // Nothing stored.
    }
  };

  // ----- answers: hash, keystream, normalisation (as in src/site/answers.rs) -----
  const hash = (text) => {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return [h2 >>> 0, h1 >>> 0];
  };
  const hex = (text) => hash(text).map((h) => h.toString(16).padStart(8, '0')).join('');
  const decode = (salt, purpose, code) => {
    const bytes = Uint8Array.from(atob(code), (c) => c.charCodeAt(0));
    let key;
    for (let i = 0; i < bytes.length; i++) {
      if (i % 8 === 0) key = hash(salt + purpose + i / 8);
      bytes[i] ^= key[(i % 8) >> 2] >>> (24 - 8 * (i % 4));
    }
    return new TextDecoder().decode(bytes);
  };
  const normalize = (text) => text.normalize('NFC').toLowerCase().normalize('NFC').replace(/[\s\u0085]+/g, '');

  // The lesson an element belongs to: its part's in a bundle, the page's on the site.
  const lessonOf = (e) => (e.closest('[data-lesson]') || body).dataset.lesson;

  // ----- the quiz (a pack bundle holds one per lesson) -----
  const setUpQuiz = (quiz) => {
    const strings = quiz.dataset;
    const forms = $$('form.question', quiz);
    const summary = $('.quiz-summary', quiz.parentNode);
    const state = new Map();
    const el = (tag, className, text) => {
      const e = d.createElement(tag);
      e.className = className;
      if (text) e.textContent = text;
      return e;
    };
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
        answer.append(el('strong', '', f.answerLabel + ':'), ' ' + decode(f.salt, 'a', f.answer));
        parts.push(answer);
      }
      if ((ok || s.revealed) && f.explain) {
        const explanation = el('div', 'explanation');
        explanation.innerHTML = decode(f.salt, 'e', f.explain);
        parts.push(explanation);
      }
      $('.feedback', form).replaceChildren(...parts);
      $('.show', form).hidden = ok || s.revealed || !s.tries;
    };
    const check = (form) => {
      const s = state.get(form);
      const f = form.dataset;
      const key =
        f.kind === 'short'
          ? normalize($('input', form).value)
          : $$('input:checked', form)
              .map((i) => i.value)
              .sort((a, b) => a - b)
              .join(',');
      if (!key) {
        $('.feedback', form).replaceChildren(el('p', 'verdict', f.kind === 'short' ? strings.typeFirst : strings.chooseFirst));
        return;
      }
      s.correct = f.check.split(' ').includes(hex(f.salt + ':' + key));
      if (!s.correct && ++s.tries > 1) s.revealed = true;
      show(form, s.correct);
      showScore();
      update(lessonOf(quiz), (data) => {
        if (!(data.best >= score())) data.best = score();
        data.of = forms.length;
      });
    };
    const reset = (form) => {
      form.reset();
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
      $('input', quiz).focus();
    });
    shuffle();
    showScore();
    summary.hidden = false;
  };
  $$('.quiz').forEach(setUpQuiz);

  // ----- focus pages: arrow keys, swipes, the next link focused, sentences read -----
  // `page` is what the learner sees: the body on the site, one part of a bundle.
  let page = body;
  const visitFocus = () => {
    const position = $('.progress[data-n]', page);
    if (!position) return;
    update(lessonOf(position), (data) => {
      data.read = [...new Set([...(data.read || []), +position.dataset.n])].sort((a, b) => a - b);
    });
    const next = $('.focus-nav a[rel=next]', page);
    if (next) next.focus({ preventScroll: true });
  };
  const rtl = d.documentElement.dir === 'rtl';
  const go = (forward) => {
    if (!$('.progress[data-n]', page)) return false;
    const link = forward !== rtl ? $('.focus-nav a[rel=next]', page) : $('.focus-nav a', page);
    if (link) location.href = link.href;
    return true;
  };
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
  const visitEnd = () => {
    if (page.classList.contains('page-end')) update(lessonOf(page), (data) => (data.done = true));
  };

  // ----- the index: each lesson's state, the overall count, "Reset progress" -----
  const progress = $('.pack-progress');
  let renderIndex = () => {};
  if (progress) {
    const strings = progress.dataset;
    const cards = $$('.lesson-card[data-lesson]');
    const render = () => {
      let read = 0;
      for (const card of cards) {
        const c = card.dataset;
        const data = load(c.lesson);
        const count = (data.read || []).length;
        let text = data.done ? strings.read : count ? fill(strings.reading, { n: count, total: c.focusCount }) : strings.notStarted;
        if (data.done) read++;
        if (data.best >= 0) text += ' \u00b7 ' + fill(strings.quizBest, { score: data.best, total: data.of || c.questionCount });
        const line = $('.lesson-progress', card);
        line.textContent = text;
        line.hidden = false;
      }
      $('.overall', progress).textContent = fill(strings.lessonsRead, { count: read, total: cards.length });
    };
    renderIndex = render;
    render();
    progress.hidden = false;
    $('.reset-progress', progress).addEventListener('click', () => {
      clear();
      render();
      $('.overall', progress).append(' ' + strings.cleared);
    });
  }

  // ----- bundles: every page of a lesson or pack in one file, one part shown at a time,
  // chosen by the URL fragment (#focus-3, #<slug>/quiz); the first part by default -----
  const parts = $$('.bundle-part');
  const visit = () => {
    visitFocus();
    visitEnd();
    if ($('.pack-progress', page)) renderIndex();
  };
  const route = () => {
    let id = location.hash.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch (e) {
      // Kept as written.
    }
    const target = id && d.getElementById(id);
    const shown = (target && target.closest('.bundle-part')) || (parts.includes(page) ? page : parts[0]);
    for (const part of parts) part.hidden = part !== shown;
    const moved = shown !== page;
    page = shown;
    if (moved) visit();
    if (!target || target === shown) window.scrollTo(0, 0);
  };
  if (parts.length) {
    window.addEventListener('hashchange', route);
    route();
  } else {
    visit();
  }
})();
