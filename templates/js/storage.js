// storage.js: progress on the learner's device. Each lesson's progress is kept in
// localStorage under "lessonpack:<pack id>:<lesson slug>", as
// {"read": [1, 2], "done": true, "best": 4, "of": 5}; when storage fails (blocked, full,
// private mode), in memory for this page only.
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
  return { load, update, clear };
})(core);
