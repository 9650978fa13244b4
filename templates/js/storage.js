// storage.js: progress on the learner's device. Each lesson's progress is kept in
// localStorage under "lessonpack:<pack id>:<lesson slug>", as JSON (format 2):
//   {"v": 2, "read": [1, 2], "done": true,
//    "best": 4, "last": 3, "of": 5, "attempts": 2, "passed": true,
//    "quiz": {"picked": ["<key>", …],
//             "answers": {"<key>": {"values": ["2"], "tries": 1, "revealed": false}}}}
// "best" and "last" are the best and the latest attempt's score out of "of" (questions, or
// points with partial credit); "passed" once an attempt reached the pass mark. "quiz" is the
// attempt under way: each question's last checked values (as its kind's `read` gives them),
// wrong tries and whether its answer was shown, under the question's `data-key`, and the keys
// of the questions drawn (`pick`). Format 1 (no "v") is the same without the attempt and
// "last", "attempts", "passed"; it is read as it is and gains them. When storage fails
// (blocked, full, private mode), progress is kept in memory for this page only.
const storage = ((core) => {
  const prefix = 'lessonpack:' + document.body.dataset.pack + ':';
  const memory = {};
  const local = () => {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  };
  // The stored progress of lesson `slug` ({} when none).
  const load = (slug) => {
    if (memory[slug]) return memory[slug];
    try {
      return JSON.parse(local().getItem(prefix + slug)) || {};
    } catch (e) {
      return {};
    }
  };
  // Changes the progress of lesson `slug` with `change(data)` and stores it.
  const update = (slug, change) => {
    const data = load(slug);
    change(data);
    data.v = 2;
    memory[slug] = data;
    try {
      local().setItem(prefix + slug, JSON.stringify(data));
    } catch (e) {
      // Kept in memory for this page only.
    }
  };
  // Forgets the progress of every lesson of this pack.
  const clear = () => {
    for (const key in memory) delete memory[key];
    try {
      const s = local();
      for (let i = s.length; i--; ) {
        const key = s.key(i);
        if (key && key.startsWith(prefix)) s.removeItem(key);
      }
    } catch (e) {
      // Nothing stored.
    }
  };
  // The progress of every lesson of this pack that has some, by slug.
  const all = () => {
    const lessons = {};
    try {
      const s = local();
      for (let i = 0; i < s.length; i++) {
        const key = s.key(i);
        if (key && key.startsWith(prefix)) lessons[key.slice(prefix.length)] = load(key.slice(prefix.length));
      }
    } catch (e) {
      // Only what is in memory.
    }
    for (const slug in memory) lessons[slug] = memory[slug];
    return lessons;
  };
  // The quiz record in words ("Quiz best: 4 / 5 · last: 3 / 5 · 2 attempts · passed"), from
  // the strings in `words` (an element's dataset); "" before any quiz was checked.
  const record = (data, words, total) => {
    if (!(data.best >= 0)) return '';
    const of = data.of || total;
    const parts = [core.fill(words.quizBest, { score: data.best, total: of })];
    if (data.last >= 0) parts.push(core.fill(words.quizLast, { score: data.last, total: of }));
    if (data.attempts) parts.push(core.plural(words.quizAttempts, data.attempts));
    if (data.passed) parts.push(words.quizPassed);
    return parts.join(' \u00b7 ');
  };
  return { pack: document.body.dataset.pack, load, update, clear, all, record };
})(core);
