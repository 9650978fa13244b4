// progress.js: the index's view of progress: each lesson's state (Not started / Reading:
// n of N / Read, and the quiz's best and last score, attempts and pass), how many lessons are read, and "Reset progress".
// It renders each time the index is shown (a pack bundle shows it again after reading).
((core, storage) => {
  const { $, $$, fill } = core;
  const progress = $('.pack-progress');
  if (!progress) return;
  const strings = progress.dataset;
  const cards = $$('.lesson-card[data-lesson]');
  const render = () => {
    let read = 0;
    for (const card of cards) {
      const c = card.dataset;
      const data = storage.load(c.lesson);
      const count = (data.read || []).length;
      let text = data.done ? strings.read : count ? fill(strings.reading, { n: count, total: c.focusCount }) : strings.notStarted;
      if (data.done) read++;
      const quiz = storage.record(data, strings, c.questionCount);
      if (quiz) text += ' \u00b7 ' + quiz;
      const line = $('.lesson-progress', card);
      line.textContent = text;
      line.hidden = false;
    }
    $('.overall', progress).textContent = fill(strings.lessonsRead, { count: read, total: cards.length });
  };
  render();
  progress.hidden = false;
  $('.reset-progress', progress).addEventListener('click', () => {
    storage.clear();
    render();
    $('.overall', progress).append(' ' + strings.cleared);
  });
  // Progress loaded from a file (carry.js).
  document.addEventListener('lessonpack:progress', render);
  core.onShow((view) => {
    if ($('.pack-progress', view)) render();
  });
})(core, storage);
