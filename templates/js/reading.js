// reading.js: what the learner has read, kept with the lesson's progress: each focus
// sentence shown, and the end page reached.
((core, storage) => {
  core.onShow((view) => {
    const position = core.$('.progress[data-n]', view);
    if (position) {
      storage.update(core.lessonOf(position), (data) => {
        data.read = [...new Set([...(data.read || []), +position.dataset.n])].sort((a, b) => a - b);
      });
    }
    if (view.classList.contains('page-end')) storage.update(core.lessonOf(view), (data) => (data.done = true));
  });
})(core, storage);
