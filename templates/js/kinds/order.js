// kinds/order.js: ordering (a part per position: the token of the item there). An item
// moves with its "Move up"/"Move down" buttons or with Alt+ArrowUp/Down; focus stays on
// what the learner used, and a live note says where the item went. "Try again" puts the
// items back in the order the page started with.
((core, kinds) => {
  const { $, $$, fill } = core;
  const starts = new WeakMap();
  const items = (form) => $$('.order-items > li', form);
  const mark = (form, words) => items(form).forEach((item, i) => ($('.part-mark', item).textContent = words[i] || ''));
  // Moves `item` one place (`by` is -1 or 1) by moving its neighbour, so focus stays put.
  const move = (form, item, by, focused) => {
    const all = items(form);
    const neighbour = all[all.indexOf(item) + by];
    if (neighbour) {
      if (by < 0) item.after(neighbour);
      else item.before(neighbour);
      mark(form, []);
    }
    focused.focus();
    $('.order-status', form).textContent = fill($('.order-items', form).dataset.moved, {
      item: $('.order-text', item).textContent,
      position: items(form).indexOf(item) + 1,
      total: all.length,
    });
  };
  const listen = (form) => {
    const list = $('.order-items', form);
    list.addEventListener('click', (e) => {
      const button = e.target.closest('button');
      if (button) move(form, button.closest('li'), button.matches('.move-up') ? -1 : 1, button);
    });
    list.addEventListener('keydown', (e) => {
      const by = { ArrowUp: -1, ArrowDown: 1 }[e.key];
      if (!e.altKey || !by) return;
      e.preventDefault();
      move(form, e.target.closest('li'), by, e.target);
    });
    for (const moves of $$('.order-moves', form)) moves.hidden = false;
  };
  kinds.order = {
    read: (form) => items(form).map((item) => item.dataset.token),
    write: (form, tokens) => {
      for (const token of tokens) {
        const item = items(form).find((i) => i.dataset.token === token);
        if (item) item.parentNode.append(item);
      }
    },
    empty: 'chooseFirst',
    reset: (form) => {
      if (!starts.has(form)) {
        starts.set(form, items(form));
        listen(form);
      }
      $('.order-items', form).append(...starts.get(form));
      mark(form, []);
      $('.order-status', form).textContent = '';
    },
    mark: (form, rights) => {
      const { right, wrong } = $('.order-items', form).dataset;
      mark(form, rights.map((ok) => (ok ? right : wrong)));
    },
  };
})(core, questionKinds);
