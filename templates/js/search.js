// search.js: the search page. It loads the index script (src/layout/search/index.rs) by a
// <script src>, never by a request (file:// forbids those), folds and cuts the query as the
// build folds the texts (src/layout/search/fold.rs: the same rules, tested against one table,
// tests/fixtures/search-folding.json), finds and ranks the texts as the learner types, and
// marks the match in each result shown. Arrow keys move through the results; Enter opens one.
// The pack bundle's search part holds the index as JSON instead, and is set up once though
// the bundle shows it again each time the learner comes back.
const within = (cp, ranges) => ranges.some(([lo, hi]) => cp >= lo && cp <= hi);
// Characters with a fixed folding (empty: removed), as SPECIAL in fold.rs.
const SPECIAL = {
  'ß': 'ss', 'ẞ': 'ss', 'æ': 'ae', 'Æ': 'ae', 'œ': 'oe', 'Œ': 'oe', 'ø': 'o', 'Ø': 'o',
  'đ': 'd', 'Đ': 'd', 'ł': 'l', 'Ł': 'l', 'þ': 'th', 'Þ': 'th', 'ı': 'i', 'ς': 'σ',
  'ى': 'ي', 'ی': 'ي', 'ې': 'ي', 'ک': 'ك', 'ڪ': 'ك', 'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا',
  'ة': 'ه', 'ۀ': 'ه', 'ە': 'ه', '\u0640': '', '\u200C': '', '\u200D': '', '\u00AD': '',
};
const COMBINING = [[0x0300, 0x036f]];
const ARABIC_MARKS = [[0x0610, 0x061a], [0x064b, 0x065f], [0x0670, 0x0670], [0x06d6, 0x06ed]];
const FOLDABLE = [[0x0041, 0x052f], [0x1e00, 0x1fff]];
const CJK = [[0x3040, 0x30ff], [0x31f0, 0x31ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff],
  [0xf900, 0xfaff], [0xff66, 0xff9f], [0x20000, 0x2ffff]];
const WORD = /[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}\p{M}]/u;
const isCjk = (c) => within(c.codePointAt(0), CJK);

// The folded spelling of one character (fold_char).
const foldChar = (c) => {
  if (c in SPECIAL) return SPECIAL[c];
  const cp = c.codePointAt(0);
  if (within(cp, ARABIC_MARKS) || within(cp, COMBINING)) return '';
  if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCodePoint(cp - 0xfee0).toLowerCase();
  const parts = [...c.normalize('NFD')];
  if (within(parts[0].codePointAt(0), FOLDABLE)) {
    return parts.filter((p) => !within(p.codePointAt(0), COMBINING)).map((p) => p.toLowerCase()).join('');
  }
  return c.toLowerCase();
};
const fold = (text) => [...text].map(foldChar).join('');

// The tokens of a text (tokens): words, and bigrams of Chinese and Japanese runs.
const tokens = (text) => {
  const out = [];
  let word = '';
  let cjk = [];
  const flushCjk = () => {
    if (cjk.length === 1) out.push(cjk[0]);
    for (let i = 0; i + 1 < cjk.length; i += 1) out.push(cjk[i] + cjk[i + 1]);
    cjk = [];
  };
  for (const c of fold(text)) {
    if (isCjk(c)) {
      if (word) out.push(word);
      word = '';
      cjk.push(c);
    } else {
      flushCjk();
      if (WORD.test(c)) word += c;
      else if (word) {
        out.push(word);
        word = '';
      }
    }
  }
  flushCjk();
  if (word) out.push(word);
  return out;
};

// The first position in the sorted tokens not before `key`.
const lowerBound = (list, key) => {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

// The docs holding token number `at`, from its distances.
const docsOf = (index, at) => {
  let id = -1;
  return index.postings[at].map((delta) => (id += delta));
};

// The docs matching every token of the query, the last one as a prefix, best first.
const find = (index, query) => {
  const words = [...new Set(tokens(query))];
  if (!words.length) return null;
  const last = words.pop();
  let found = null;
  for (const word of words) {
    const at = lowerBound(index.tokens, word);
    const docs = index.tokens[at] === word ? docsOf(index, at) : [];
    found = found ? docs.filter((d) => found.has(d)) : docs;
    found = new Set(found);
    if (!found.size) return [];
  }
  const prefixed = new Set();
  for (let at = lowerBound(index.tokens, last); at < index.tokens.length && index.tokens[at].startsWith(last); at += 1) {
    for (const d of docsOf(index, at)) if (!found || found.has(d)) prefixed.add(d);
  }
  return [...prefixed].sort((a, b) => index.docs[a][2] - index.docs[b][2] || a - b);
};

// `text` as nodes, each stretch whose folding holds a query token in a <mark>; overlapping
// and touching matches (a query's CJK bigrams) make one mark.
const marked = (text, query) => {
  const folded = [];
  const from = [];
  let at = 0;
  for (const c of text) {
    for (const f of foldChar(c)) {
      folded.push(f);
      from.push([at, at + c.length]);
    }
    at += c.length;
  }
  const flat = folded.join('');
  // Offsets in `flat` are counted in its characters' UTF-16 units: map them per unit.
  const unitFrom = [];
  folded.forEach((f, i) => { for (let u = 0; u < f.length; u += 1) unitFrom.push(from[i]); });
  const ranges = [];
  for (const word of new Set(tokens(query))) {
    for (let i = flat.indexOf(word); i >= 0; i = flat.indexOf(word, i + 1)) {
      ranges.push([unitFrom[i][0], unitFrom[i + word.length - 1][1]]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const [start, end] of ranges) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  const nodes = [];
  let shown = 0;
  for (const [start, end] of merged) {
    if (start > shown) nodes.push(document.createTextNode(text.slice(shown, start)));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(start, end);
    nodes.push(mark);
    shown = end;
  }
  if (shown < text.length) nodes.push(document.createTextNode(text.slice(shown)));
  return nodes;
};

const SHOWN = 50;

// Shows the results of the box's query.
const show = (form, index, input, list, status) => {
  const query = input.value;
  const found = find(index, query);
  list.replaceChildren();
  if (found === null) {
    status.textContent = '';
    return;
  }
  const count = found.length;
  status.textContent = count === 0 ? form.dataset.noResults : core.plural(form.dataset.results, count);
  for (const id of found.slice(0, SHOWN)) {
    const [lesson, n, field, text] = index.docs[id];
    const [slug, title] = index.lessons[lesson];
    const link = document.createElement('a');
    link.href = core.fill(form.dataset.focusUrl, { lesson: encodeURIComponent(slug), n });
    const head = document.createElement('span');
    head.className = 'result-lesson';
    head.append(...(field === 0 ? marked(title, query) : [title]));
    link.append(head);
    if (field !== 0) {
      const body = document.createElement('span');
      body.className = 'result-text';
      body.append(...marked(text, query));
      link.append(body);
    }
    const item = document.createElement('li');
    item.append(link);
    list.append(item);
  }
};

// Arrow keys between the box and the results; Enter in the box opens the first.
const keys = (input, list) => {
  const links = () => core.$$('a', list);
  input.addEventListener('keydown', (event) => {
    const first = links()[0];
    if (!first) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      first.focus();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      first.click();
    }
  });
  list.addEventListener('keydown', (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === 'ArrowDown' && at + 1 < all.length) {
      event.preventDefault();
      all[at + 1].focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      (at === 0 ? input : all[at - 1]).focus();
    }
  });
};

core.onShow((view) => {
  const form = core.$('.search-form', view);
  if (!form || form.dataset.started) return;
  form.dataset.started = 'true';
  const input = core.$('#search-query', form);
  const list = core.$('#search-results', view);
  const status = core.$('.search-status', view);
  form.addEventListener('submit', (event) => event.preventDefault());
  const query = new URLSearchParams(window.location.search).get('q');
  if (query) input.value = query;
  const ready = (index) => {
    input.addEventListener('input', () => show(form, index, input, list, status));
    keys(input, list);
    show(form, index, input, list, status);
    form.dataset.ready = 'true';
  };
  const data = core.$('.search-data', view);
  if (data) {
    ready(JSON.parse(data.textContent));
    return;
  }
  status.textContent = form.dataset.loading;
  const script = document.createElement('script');
  script.src = form.dataset.index;
  script.addEventListener('load', () => ready(window.lessonpackSearch));
  document.head.append(script);
});

// The text rules, for the test that runs the shared table against this very script.
window.lessonpackSearchText = { fold, tokens };
