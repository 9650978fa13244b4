// carry.js: progress the learner can carry to another browser or device. "Save my progress"
// downloads this pack's progress as a small JSON file:
//   {"format": "lessonpack-progress", "version": 1, "pack": "<pack id>",
//    "saved": "<ISO date and time>", "lessons": {"<slug>": <as storage.js keeps it>, …}}
// "Load progress" reads such a file (a file input and FileReader, so it works from file://
// and in bundles, where fetching is not allowed) and merges it into what is stored: the best
// of each lesson's scores, the union of the sentences read. A file that is not JSON, not
// such a file, of a format version this script does not know, or of another pack, changes
// nothing and says why. Afterwards the index's progress is shown again (progress.js listens
// for "lessonpack:progress").
((core, storage) => {
  const { $, fill } = core;
  const FORMAT = 'lessonpack-progress';
  const VERSION = 1;
  const panel = $('.pack-progress');
  if (!panel) return;
  const words = panel.dataset;
  const message = $('.carry-message', panel);
  const say = (text) => {
    message.textContent = text;
  };
  const numbers = (list) => (Array.isArray(list) ? list.filter((n) => Number.isInteger(n) && n > 0) : []);
  const score = (n) => (typeof n === 'number' && n >= 0 ? n : undefined);
  // Merges the saved progress `theirs` of one lesson into the stored `ours` (in place). A quiz
  // attempt under way here is kept; one only in the file is taken up.
  const merge = (ours, theirs) => {
    const read = new Set([...numbers(ours.read), ...numbers(theirs.read)]);
    ours.read = [...read].sort((a, b) => a - b);
    if (theirs.done === true) ours.done = true;
    const best = score(theirs.best);
    if (best !== undefined && !(ours.best >= best)) {
      ours.best = best;
      if (typeof theirs.of === 'number') ours.of = theirs.of;
    }
    if (score(ours.last) === undefined && score(theirs.last) !== undefined) ours.last = theirs.last;
    if (Number.isInteger(theirs.attempts) && !(ours.attempts >= theirs.attempts)) ours.attempts = theirs.attempts;
    if (theirs.passed === true) ours.passed = true;
    if (!ours.quiz && theirs.quiz && typeof theirs.quiz === 'object') ours.quiz = theirs.quiz;
  };
  // The lessons of a saved file's text, or the message saying why it is refused.
  const parse = (text) => {
    let file;
    try {
      file = JSON.parse(text);
    } catch (e) {
      return { refused: words.notJson };
    }
    if (!file || file.format !== FORMAT || typeof file.lessons !== 'object' || !file.lessons) return { refused: words.notJson };
    if (file.version !== VERSION) return { refused: fill(words.newer, { version: String(file.version) }) };
    if (file.pack !== storage.pack) return { refused: fill(words.otherPack, { pack: String(file.pack) }) };
    return { lessons: file.lessons };
  };
  $('.save-progress', panel).addEventListener('click', () => {
    const saved = new Date().toISOString();
    const file = { format: FORMAT, version: VERSION, pack: storage.pack, saved, lessons: storage.all() };
    const name = storage.pack + '-progress-' + saved.slice(0, 10) + '.json';
    const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 1)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    say(fill(words.saved, { file: name }));
  });
  const input = $('.load-progress-file', panel);
  $('.load-progress', panel).addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const chosen = input.files[0];
    if (!chosen) return;
    const reader = new FileReader();
    reader.onload = () => {
      const { lessons, refused } = parse(String(reader.result));
      input.value = '';
      if (refused) return say(refused);
      let count = 0;
      for (const slug in lessons) {
        const theirs = lessons[slug];
        if (!theirs || typeof theirs !== 'object') continue;
        storage.update(slug, (ours) => merge(ours, theirs));
        count++;
      }
      document.dispatchEvent(new CustomEvent('lessonpack:progress'));
      say(core.plural(words.loaded, count));
    };
    reader.onerror = () => say(words.notJson);
    reader.readAsText(chosen);
  });
})(core, storage);
