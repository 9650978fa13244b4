// progress.js: the index's view of progress: each lesson's state (Not started / Reading:
// n of N / Read, and the best quiz score), how many lessons are read, and "Reset progress".
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
      if (data.best >= 0) text += ' \u00b7 ' + fill(strings.quizBest, { score: data.best, total: data.of || c.questionCount });
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
  core.onShow((view) => {
    if ($('.pack-progress', view)) render();
  });
})(core, storage);
